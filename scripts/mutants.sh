#!/usr/bin/env bash
# Mutation testing of the code the tests must pin down completely: the
# tally rules (crates/report/src/rules/mod.rs), display-width wrapping
# (crates/text/src/wrap.rs and width.rs) and the
# import's label matching (norm, label_key, row_keys, distance,
# match_label in crates/report/src/import/normalise.rs), each against the
# tests that cover it.
#
#   scripts/mutants.sh            # all three (about an hour on 2 cores)
#   scripts/mutants.sh layout     # one of: rules, layout, labels
#
# Mutants known to be equivalent (no behaviour can tell them apart) are
# excluded in .cargo/mutants.toml, each with its reason. Anything else that
# survives is a missing test: the run ends non-zero and lists it in
# mutants.out/missed.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null 2>&1 || cargo install --locked cargo-mutants
labels='(replace|in) (norm|label_key|row_keys|distance|match_label)( |$)'
# Each file against the tests that exercise it without a terminal (the pty
# tests would add minutes per mutant and nothing here).
run() {
  local file=$1 re=$2 out=$3 args=()
  shift 3
  # Given to the build as well as to the test run: only these targets are
  # built for each mutant.
  for a in "$@"; do args+=(--cargo-arg="$a"); done
  cargo mutants --no-shuffle --jobs "${JOBS:-2}" --file "$file" --re "$re" --output "mutants.out/$out" "${args[@]}"
}
status=0
what=${1:-all}
case "$what" in rules|layout|labels|all) ;; *) echo "usage: scripts/mutants.sh [rules|layout|labels|all]" >&2; exit 2 ;; esac
mkdir -p mutants.out
if [[ $what == layout || $what == all ]]; then
  run crates/text/src/wrap.rs 'crates/text/src/wrap\.rs' layout --workspace --lib --test domain || status=1
  run crates/text/src/width.rs 'crates/text/src/width\.rs' width --workspace --lib --test domain || status=1
fi
if [[ $what == labels || $what == all ]]; then
  run crates/report/src/import/normalise.rs "$labels" labels --workspace --lib --test domain || status=1
fi
if [[ $what == rules || $what == all ]]; then
  run crates/report/src/rules/mod.rs 'crates/report/src/rules/mod\.rs' rules --workspace --lib --test domain || status=1
fi
for d in layout width labels rules; do
  [[ -f mutants.out/$d/mutants.out/outcomes.json ]] || continue
  printf '%s: caught %s, missed %s, timeout %s, unviable %s\n' "$d" \
    "$(wc -l < "mutants.out/$d/mutants.out/caught.txt")" "$(wc -l < "mutants.out/$d/mutants.out/missed.txt")" \
    "$(wc -l < "mutants.out/$d/mutants.out/timeout.txt")" "$(wc -l < "mutants.out/$d/mutants.out/unviable.txt")"
done
exit $status
