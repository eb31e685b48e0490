#!/usr/bin/python3
"""Fixtures and pandas references for the RFM and simple-CLTV SQL (sql/3*_*.sql).

Writes three inputs, each made from a fixed numpy seed:
  random_purchases.csv  plain random line items (text customer ids, some customers with 8-128 lines)
  ties_purchases.csv    heavy ties: 3 last-purchase dates, 3 prices, frequency mostly 1, numeric ids
  flo_synthetic_customers.csv  a per-customer summary shaped like FLO's flo_data_20k.csv (seed 001)
and runs on them the notebooks' own pandas code (seed 001/002/003 RFM, seed 002 simple CLTV):
  *_expected_rfm.csv, *_expected_cltv.csv, and reference_notes.txt (versions, as-of dates, and
  which score columns pandas.qcut produced and which the collapsed-edge rule produced).

Where pandas.qcut raises "Bin edges must be unique" (the heavy-ties input), the expected scores are
the project's documented rule, computed separately here with numpy (edge_rule_bins):
    bin = 1 + number of inner quantile edges the value is strictly greater than
(recency reversed: label = labels[bin - 1]). Wherever pandas.qcut succeeds the script asserts the
rule gives the same bins, so the rule is checked against pandas on every non-collapsed column.

Run with Debian's python3 (python3-pandas 1.5.3, python3-numpy 1.24.2, python3-sklearn 1.2.1):
    /usr/bin/python3 tests/CrmEtl.Tests/data/rfm/make_reference.py
"""
import datetime as dt
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.preprocessing import MinMaxScaler

HERE = os.path.dirname(os.path.abspath(__file__))
NOTES = []

PURCHASES_AS_OF = {"random": "2024-06-30", "ties": "2024-06-15"}
FLO_AS_OF = "2021-06-01"  # the FLO notebook's analysis_date: last order date in the file + 2 days
PROFIT_MARGIN_RATE = 0.05

SEG_MAP = {
    r'[1-2][1-2]': 'hibernating',
    r'[1-2][3-4]': 'at_Risk',
    r'[1-2]5': 'cant_loose',
    r'3[1-2]': 'about_to_sleep',
    r'33': 'need_attention',
    r'[3-4][4-5]': 'loyal_customers',
    r'41': 'promising',
    r'51': 'new_customers',
    r'[4-5][2-3]': 'potential_loyalists',
    r'5[4-5]': 'champions',
}


# ---------------------------------------------------------------- inputs

def write_random_purchases(path):
    rng = np.random.default_rng(20240630)
    ids = rng.choice(np.arange(1, 100000), size=600, replace=False)
    rows = []
    for i, number in enumerate(ids):
        customer = f"C{number}"
        heavy = i < 12
        n_tx = int(rng.integers(10, 40)) if heavy else int(min(rng.geometric(0.5), 8))
        first = dt.date(2022, 7, 1) + dt.timedelta(days=int(rng.integers(0, 760)))
        for _ in range(n_tx):
            day = first + dt.timedelta(days=int(rng.integers(0, 120 if heavy else 400)))
            for _ in range(1 if heavy else int(rng.integers(1, 3))):
                sku = f"SKU{int(rng.integers(1, 13)):03d}"
                price = round(float(rng.uniform(5, 500)), 2)
                qty = int(rng.integers(1, 5))
                rows.append((day, customer, sku, price, qty))
    # Heavy customers: 10-39 one-line transactions, so 8 to 128 lines (numpy_sum is exact to 128).
    frame = pd.DataFrame(rows, columns=["purchase_date", "customer_id", "sku", "price", "qty"])
    frame = frame.sort_values(["purchase_date", "customer_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "transaction_id", [f"T{n:07d}" for n in
                                       frame.groupby(["purchase_date", "customer_id"], sort=False).ngroup() + 1])
    frame.to_csv(path, index=False)


def write_ties_purchases(path):
    rng = np.random.default_rng(15)
    ids = rng.choice(np.arange(1, 50000), size=400, replace=False)  # numeric, 1 to 5 digits
    last_days = [dt.date(2024, 6, 1), dt.date(2024, 5, 1), dt.date(2024, 1, 15)]
    rows = []
    tx = 0
    for number in ids:
        n_tx = 1 if rng.random() < 0.9 else 2
        last = last_days[rng.choice(3, p=[0.55, 0.25, 0.20])]
        days = [dt.date(2023, 12, 1)] * (n_tx - 1) + [last]
        for day in days:
            tx += 1
            price = float(rng.choice([100.0, 50.0, 250.0], p=[0.7, 0.2, 0.1]))
            rows.append((f"T{tx:06d}", day, str(number), "SKU001", price, 1))
    rows.append(("T999998", dt.date(2024, 7, 1), str(ids[0]), "SKU001", 9999.0, 1))  # after as_of
    rows.append(("T999999", dt.date(2024, 7, 2), "77777", "SKU001", 9999.0, 1))  # only after as_of
    frame = pd.DataFrame(rows, columns=["transaction_id", "purchase_date", "customer_id", "sku", "price", "qty"])
    frame.sample(frac=1, random_state=3).to_csv(path, index=False)  # file order unrelated to ids


def write_flo_customers(path):
    rng = np.random.default_rng(2021)
    channels = ["Android App", "Mobile", "Ios App", "Desktop", "Offline"]
    categories = ["[KADIN]", "[ERKEK, KADIN]", "[AKTIFSPOR]", "[]", "[COCUK, KADIN]"]
    rows = []
    for _ in range(400):
        first = dt.date(2018, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1200)))
        last_online = first + dt.timedelta(days=int(rng.integers(0, (dt.date(2021, 5, 30) - first).days + 1)))
        last_offline = first + dt.timedelta(days=int(rng.integers(0, (dt.date(2021, 5, 30) - first).days + 1)))
        online = float(min(rng.geometric(0.45), 30))
        offline = float(min(rng.geometric(0.7), 15))
        rows.append({
            "master_id": "%08x-%04x-%04x" % (rng.integers(0, 2**32), rng.integers(0, 2**16), rng.integers(0, 2**16)),
            "order_channel": channels[rng.integers(0, 5)],
            "last_order_channel": channels[rng.integers(0, 5)],
            "first_order_date": first,
            "last_order_date": max(last_online, last_offline),
            "last_order_date_online": last_online,
            "last_order_date_offline": last_offline,
            "order_num_total_ever_online": online,
            "order_num_total_ever_offline": offline,
            "customer_value_total_ever_offline": round(offline * float(rng.uniform(20, 300)), 2),
            "customer_value_total_ever_online": round(online * float(rng.uniform(20, 300)), 2),
            "interested_in_categories_12": categories[rng.integers(0, 5)],
        })
    rows[0]["last_order_date"] = dt.date(2021, 5, 30)  # the file's last order: as-of is 2 days later
    pd.DataFrame(rows).to_csv(path, index=False)


# ---------------------------------------------------------------- the collapsed-edge rule, separately

def edge_rule_bins(values, bins):
    """1 + number of inner numpy.quantile edges strictly below each value (the documented rule)."""
    x = np.asarray(values, dtype=float)
    edges = np.quantile(x[~np.isnan(x)], np.linspace(0, 1, bins + 1))[1:-1]
    return 1 + (x[:, None] > edges[None, :]).sum(axis=1)


def qcut_or_rule(name, column, values, bins, labels, notebook_line):
    """Runs the notebook's qcut line; if pandas raises on collapsed edges, the documented rule."""
    rule = [labels[b - 1] for b in edge_rule_bins(values, bins)]
    try:
        result = notebook_line()
    except ValueError as error:
        if "Bin edges must be unique" not in str(error):
            raise
        NOTES.append(f"{name}: {column} by the collapsed-edge rule (numpy, edge_rule_bins); pandas.qcut raised")
        return pd.Series(rule, index=values.index)
    assert list(result.astype(type(labels[0]))) == rule, f"{name}.{column}: rule differs from pandas.qcut"
    NOTES.append(f"{name}: {column} by pandas.qcut (rule checked equal)")
    return result


# ---------------------------------------------------------------- the notebooks' code

def rfm_scores(name, rfm):
    """Seed 001-003 notebook lines, from the scores to the segment."""
    rfm["recency_score"] = qcut_or_rule(name, "recency_score", rfm["recency"], 5, [5, 4, 3, 2, 1],
        lambda: pd.qcut(rfm["recency"], 5, labels=[5, 4, 3, 2, 1]))
    rfm["frequency_score"] = qcut_or_rule(name, "frequency_score", rfm["frequency"].rank(method="first"), 5, [1, 2, 3, 4, 5],
        lambda: pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]))
    rfm["monetary_score"] = qcut_or_rule(name, "monetary_score", rfm["monetary"], 5, [1, 2, 3, 4, 5],
        lambda: pd.qcut(rfm["monetary"], 5, labels=[1, 2, 3, 4, 5]))
    rfm["RF_SCORE"] = rfm["recency_score"].astype(str) + rfm["frequency_score"].astype(str)
    rfm["RFM_SCORE"] = rfm["RF_SCORE"] + rfm["monetary_score"].astype(str)
    rfm["segment"] = rfm["RF_SCORE"].replace(SEG_MAP, regex=True)
    return rfm


def rfm_from_purchases(name, df, as_of):
    df = df[df["purchase_date"] <= as_of].copy()
    df["TotalPrice"] = df["qty"] * df["price"]
    today_date = as_of
    rfm = df.groupby("customer_id").agg({"purchase_date": lambda date: (today_date - date.max()).days,
                                         "transaction_id": lambda num: num.nunique(),
                                         "TotalPrice": lambda TotalPrice: TotalPrice.sum()})
    rfm.columns = ["recency", "frequency", "monetary"]
    return rfm_scores(name, rfm)


def rfm_from_flo(name, df, analysis_date):
    """FLO_RFM.py: RFM from the per-customer summary, in file order."""
    df["order_num_total"] = df["order_num_total_ever_online"] + df["order_num_total_ever_offline"]
    df["customer_value_total"] = df["customer_value_total_ever_offline"] + df["customer_value_total_ever_online"]
    date_columns = df.columns[df.columns.str.contains("date")]
    df[date_columns] = df[date_columns].apply(pd.to_datetime)
    rfm = pd.DataFrame()
    rfm["customer_id"] = df["master_id"]
    rfm["recency"] = (analysis_date - df["last_order_date"]).dt.days
    rfm["frequency"] = df["order_num_total"]
    rfm["monetary"] = df["customer_value_total"]
    return rfm_scores(name, rfm).set_index("customer_id")


def cltv_simple(name, df, as_of):
    """Seed 002, simple CLTV."""
    df = df[df["purchase_date"] <= as_of].copy()
    df["TotalPrice"] = df["qty"] * df["price"]
    cltv_c = df.groupby("customer_id").agg({"transaction_id": lambda x: x.nunique(),
                                            "qty": lambda x: x.sum(),
                                            "TotalPrice": lambda x: x.sum()})
    cltv_c.columns = ["total_transaction", "total_unit", "total_price"]
    cltv_c["avg_order_value"] = cltv_c["total_price"] / cltv_c["total_transaction"]
    cltv_c["purchase_frequency"] = cltv_c["total_transaction"] / cltv_c.shape[0]
    repeat_rate = cltv_c[cltv_c["total_transaction"] > 1].shape[0] / cltv_c.shape[0]
    churn_rate = 1 - repeat_rate
    cltv_c["repeat_rate"] = repeat_rate
    cltv_c["churn_rate"] = churn_rate
    cltv_c["profit_margin"] = cltv_c["total_price"] * PROFIT_MARGIN_RATE
    cltv_c["customer_value"] = cltv_c["avg_order_value"] * cltv_c["purchase_frequency"]
    cltv_c["cltv"] = (cltv_c["customer_value"] / churn_rate) * cltv_c["profit_margin"]
    scaler = MinMaxScaler(feature_range=(1, 100))
    scaler.fit(cltv_c[["cltv"]])
    cltv_c["cltv_scaled"] = scaler.transform(cltv_c[["cltv"]])
    cltv_c["cltv_segment"] = qcut_or_rule(name, "cltv_segment", cltv_c["cltv_scaled"], 4, ["D", "C", "B", "A"],
        lambda: pd.qcut(cltv_c["cltv_scaled"], 4, labels=["D", "C", "B", "A"]))
    return cltv_c


# ---------------------------------------------------------------- output

RFM_COLUMNS = ["recency", "frequency", "monetary", "recency_score", "frequency_score", "monetary_score",
               "rf_score", "rfm_score", "segment"]


def write_rfm(rfm, path):
    out = rfm.rename(columns={"RF_SCORE": "rf_score", "RFM_SCORE": "rfm_score"})[RFM_COLUMNS]
    out.index.name = "customer_id"
    out.to_csv(path)
    check_round_trip(out, path)


def write_cltv(cltv, path):
    cltv.index.name = "customer_id"
    cltv.to_csv(path)
    check_round_trip(cltv, path)


def check_round_trip(frame, path):
    """Floats are written with repr, so a correctly rounding reader (DuckDB's) gets the same bits."""
    back = pd.read_csv(path, float_precision="round_trip", index_col=0)
    for column in frame.columns:
        if frame[column].dtype == float:
            assert np.array_equal(back[column].to_numpy(), frame[column].to_numpy(), equal_nan=True), column


def main():
    inputs = {name: os.path.join(HERE, f"{name}_purchases.csv") for name in PURCHASES_AS_OF}
    write_random_purchases(inputs["random"])
    write_ties_purchases(inputs["ties"])
    flo_path = os.path.join(HERE, "flo_synthetic_customers.csv")
    write_flo_customers(flo_path)

    for name, path in inputs.items():
        as_of = pd.Timestamp(PURCHASES_AS_OF[name])
        # Read as a notebook would: pandas' defaults (numeric ids become integers, sorted as numbers).
        df = pd.read_csv(path, parse_dates=["purchase_date"])
        write_rfm(rfm_from_purchases(name, df, as_of), os.path.join(HERE, f"{name}_expected_rfm.csv"))
        write_cltv(cltv_simple(name, df, as_of), os.path.join(HERE, f"{name}_expected_cltv.csv"))

    flo = pd.read_csv(flo_path)
    write_rfm(rfm_from_flo("flo", flo, dt.datetime.fromisoformat(FLO_AS_OF)),
              os.path.join(HERE, "flo_expected_rfm.csv"))

    with open(os.path.join(HERE, "reference_notes.txt"), "w") as notes:
        notes.write(f"made by make_reference.py with python {sys.version.split()[0]}, pandas {pd.__version__}, "
                    f"numpy {np.__version__}, scikit-learn {sklearn.__version__}\n")
        notes.write(f"as_of: random {PURCHASES_AS_OF['random']}, ties {PURCHASES_AS_OF['ties']}, flo {FLO_AS_OF}; "
                    f"profit_margin_rate {PROFIT_MARGIN_RATE}\n")
        notes.writelines(line + "\n" for line in NOTES)


if __name__ == "__main__":
    main()
