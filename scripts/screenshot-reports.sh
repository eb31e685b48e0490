#!/usr/bin/env bash
# Screenshots of every report in an output folder, as a reader sees them: headless chromium at
# 680 px (a desktop mail client) and 390 px (a phone), full length, to PNG.
#   scripts/screenshot-reports.sh OUT_DIR [SHOTS_DIR]     (SHOTS_DIR defaults to OUT_DIR/screenshots)
# Needs Debian's chromium (scripts/install-test-deps.sh installs it).
set -euo pipefail
out="${1:?usage: scripts/screenshot-reports.sh OUT_DIR [SHOTS_DIR]}"
shots="${2:-$out/screenshots}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
  echo "chromium not found: run scripts/install-test-deps.sh (as root)" >&2
  exit 1
fi
mkdir -p "$shots"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
found=0
for html in "$out"/*.html; do
  [ -e "$html" ] || continue
  found=1
  name="$(basename "$html" .html)"
  for width in 680 390; do
    png="$shots/$name-$width.png"
    # Headless chromium will not lay a page out narrower than 500 px, so the report is shown in a
    # frame of the phone's width. The window is tall so the whole report is in one picture.
    frame="$profile/frame-$name-$width.html"
    printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="%s" width="%s" height="%s" style="border:0;display:block"></iframe></body></html>' \
      "file://$(realpath "$html")" "$width" "${HEIGHT:-4000}" > "$frame"
    "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --hide-scrollbars --allow-file-access-from-files --user-data-dir="$profile/chromium" \
      --window-size="$width,${HEIGHT:-4000}" --screenshot="$png" "file://$frame" >/dev/null 2>&1
    echo "$png"
  done
done
[ "$found" = 1 ] || { echo "no *.html in $out" >&2; exit 1; }
