#!/usr/bin/env bash
# Exports a draft as HTML and takes a headless-browser screenshot of the
# page, for reviewing the official table layout by eye. Not run by CI.
#
#   scripts/screenshot-export.sh [DRAFT.ron] [OUT.png]
#
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
draft=${1:-examples/fuxin-2021.ron}
png=${2:-target/export-screenshot.png}
html=$(mktemp --suffix=.html)
trap 'rm -f "$html"' EXIT
cargo run --quiet --release -- export "$draft" --to html --force -o "$html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --hide-scrollbars --window-size=1000,${HEIGHT:-4200} \
  --screenshot="$PWD/$png" "file://$html" 2>/dev/null
echo "screenshot: $png"
