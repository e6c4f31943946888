#!/usr/bin/env bash
# Builds a small county's folder from the shipped example (drafts with
# different organs and numbers, a Word export, one report sent twice, a
# damaged PDF, last year's folder and a roster), runs `review -o` and
# takes a headless-browser screenshot of the overview page. Not run by CI.
#
#   scripts/screenshot-review.sh [OUT.png]
#
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
png=${1:-docs/review-overview.png}
cargo build --quiet --release
bin=$PWD/target/release/nianbao
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/2021" "$dir/2020" "$dir/work"
# draft ORGAN N FILE [BROKEN]: the example as ORGAN with N requests from
# natural persons received and granted (BROKEN: one typed into the total
# only, a broken tally).
draft() {
  cp examples/fuxin-2021.ron "$3"
  "$bin" set "$3" meta.organ "$1" >/dev/null
  for row in new granted outcome_total; do
    "$bin" set "$3" "requests.$row.natural_person" "$2" >/dev/null
    "$bin" set "$3" "requests.$row.total" "${4:-$2}" >/dev/null
  done
}
draft 阜新市煤炭工业转型发展局 12 "$dir/2021/煤炭局.ron"
draft 阜新市教育局 31 "$dir/work/教育局.ron"
"$bin" export "$dir/work/教育局.ron" --to docx -o "$dir/2021/教育局.docx" --force 2>/dev/null
draft 阜新市水利局 7 "$dir/work/水利局.ron" 8
"$bin" export "$dir/work/水利局.ron" --to html -o "$dir/2021/水利局.html" --force 2>/dev/null
draft 阜新市卫生健康委员会 45 "$dir/2021/卫健委.ron"
cp "$dir/2021/卫健委.ron" "$dir/2021/卫健委（重发）.ron"
printf '%%PDF-1.4\n1 0 obj' > "$dir/2021/自然资源局.pdf"
draft 阜新市煤炭工业转型发展局 9 "$dir/2020/煤炭局-2020.ron"
"$bin" set "$dir/2020/煤炭局-2020.ron" meta.year 2020 >/dev/null
"$bin" set "$dir/2020/煤炭局-2020.ron" requests.carried_out.natural_person 2 >/dev/null
draft 阜新市卫生健康委员会 52 "$dir/2020/卫健委-2020.ron"
"$bin" set "$dir/2020/卫健委-2020.ron" meta.year 2020 >/dev/null
printf '阜新市煤炭工业转型发展局\n阜新市教育局\n阜新市水利局\n阜新市卫生健康委员会\n阜新市自然资源局\n阜新市民政局\n' > "$dir/roster.txt"
"$bin" review "$dir/2021" --previous "$dir/2020" --roster "$dir/roster.txt" -o "$dir/overview.html" >/dev/null || true
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$dir/chromium" --hide-scrollbars --window-size=1100,${HEIGHT:-2000} \
  --screenshot="$PWD/$png" "file://$dir/overview.html" 2>/dev/null
echo "screenshot: $png"
