#!/usr/bin/env bash
# Remakes screenshots/07-html-report.png: `hcwlens report --format html` on the demo, rendered
# by headless Chromium (Debian `chromium`).
# Usage: screenshots/html-report.sh [BINARY]   (default target/release/hcwlens)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-$here/../target/release/hcwlens}")
cd "$here/.."
browser=${CHROMIUM:-chromium}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" report assets/demo --format html >"$work/report.html"
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=1200,1500 \
  --screenshot="$here/07-html-report.png" "file://$work/report.html" 2>/dev/null
echo "$here/07-html-report.png"
