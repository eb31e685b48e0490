#!/usr/bin/env bash
# Times `crmetl run` end to end (load, SQL, fit, report) on a generated year of seed-000-shaped
# data, and prints wall time, peak memory and the per-stage timings the run journaled.
#   bench/run.sh [--scale F] [--repeat N]
# Uses a Release build; the sample data is generated once per scale into bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=1; repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "usage: bench/run.sh [--scale F] [--repeat N]" >&2; exit 2 ;;
  esac
done
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }

dotnet build src/CrmEtl.Cli -c Release -v quiet -nologo >/dev/null
crmetl="dotnet src/CrmEtl.Cli/bin/Release/net10.0/crmetl.dll"
work="bench/results/scale-$scale"
mkdir -p "$work"
if [ ! -f "$work/data/purchases.csv" ]; then
  $crmetl generate --out "$work/data" --scale "$scale" >/dev/null
fi
echo "data: $(du -sh "$work/data" | cut -f1) in $work/data ($(($(wc -l < "$work/data/purchases.csv") - 1)) purchase lines, $(($(wc -l < "$work/data/leads.csv") - 1)) leads)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load average $(cut -d' ' -f1-3 /proc/loadavg)"

for i in $(seq 1 "$repeat"); do
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" $crmetl run --purchases "$work/data/purchases.csv" \
    --leads "$work/data/leads.csv" --ads "$work/data/ads.csv" --out "$work/out" >/dev/null
  read -r wall rss_kb < "$work/time.txt"
  stages=$($crmetl sql "SELECT timings FROM runs ORDER BY run_id DESC LIMIT 1" --db "$work/out/crm.duckdb" --format csv | tail -1)
  printf 'run %d: wall %.2f s, peak memory %d MB, stages (ms) %s\n' "$i" "$wall" $((rss_kb / 1024)) "$stages"
done
