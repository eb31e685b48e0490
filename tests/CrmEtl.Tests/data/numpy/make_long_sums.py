"""Writes long_sums.csv: numpy's sum of long runs of values, the reference for numpy_sum beyond
128 values (PandasCompatibleMacrosTests). Run with numpy 1.24 (Debian 12's python3-numpy):
    python3 make_long_sums.py > long_sums.csv
Value i (0-based) of a run of n is ((i * 7919 + n * 31) % 50021 - 20000) / 100, a mix of signs
and cents that the test computes the same way in SQL (an integer divided by 100.0 rounds the
same in both). repr prints each sum with the digits that read back as the same double."""
import numpy as np

SIZES = [129, 130, 135, 136, 137, 200, 255, 256, 257, 263, 264, 1000, 4097, 7689, 8191, 8192,
         8193, 8200, 12345, 16384, 16385, 20000, 40000, 100003]

print("n,numpy_sum")
for n in SIZES:
    values = np.array([((i * 7919 + n * 31) % 50021 - 20000) / 100 for i in range(n)])
    print(f"{n},{values.sum()!r}")
