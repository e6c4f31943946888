#!/usr/bin/env bash
# Exports both examples as Word documents and renders their pages to PNG
# (LibreOffice -> PDF -> pdftoppm) into docs/, for reviewing the official
# template's layout by eye. Not run by CI.
#
#   scripts/screenshot-docx.sh [OUT_DIR]
#
# Needs Debian's libreoffice-writer (or libreoffice-writer-nogui),
# fonts-noto-cjk for the Chinese glyphs, and poppler-utils (pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --release
for name in fuxin-2021 broken-tallies; do
  # broken-tallies has tally errors on purpose: --force exports it anyway.
  target/release/nianbao export "examples/$name.ron" --to docx --force -o "$work/$name.docx"
  soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" "$work/$name.docx" >/dev/null
  pdftoppm -r 60 -png "$work/$name.pdf" "$out/docx-$name"
  echo "pages: $(ls "$out"/docx-"$name"-*.png | tr '\n' ' ')"
done
