//! Culprit finding: a typo in one cell of 表三 breaks its row's total and
//! its column's sum, and the suspect named is that cell with the value it
//! had — always. Two typos in different rows and columns: both. A
//! consistent report: none. Values range up to the thousands, as in real
//! reports (1,259 requests), not only small numbers.

use crate::common;

use common::{consistent, id};
use nianbao::format::{self, Place};
use nianbao::i18n::Localize as _;
use nianbao::model::{Report, Value};
use nianbao::rules::{Suspect, suspects, validate};
use proptest::prelude::*;

fn arb_report() -> impl Strategy<Value = Report> {
    // Flat vectors (nested array strategies overflow the test thread's
    // stack in debug builds); a third of the outcome cells small, the rest
    // up to the thousands.
    (
        proptest::collection::vec(0u64..3000, 126),
        proptest::collection::vec(0u64..400, 6),
        proptest::collection::vec(0u64..5000, 6),
        proptest::collection::vec(0u64..30, 12),
    )
        .prop_map(|(o, co, ci, a)| {
            let mut outcomes = [[0u64; 6]; 21];
            for (i, v) in o.iter().enumerate() {
                outcomes[i / 6][i % 6] = if v % 3 == 0 { v % 5 } else { *v };
            }
            let six = |v: &[u64]| std::array::from_fn(|i| v[i]);
            let appeals = std::array::from_fn(|g| std::array::from_fn(|c| a[g * 4 + c]));
            consistent(&outcomes, six(&co), six(&ci), appeals)
        })
}

/// Every cell of 表三 with its (row, column).
fn request_cells() -> Vec<(usize, usize, usize)> {
    let s = format::schema();
    (0..s.fields.len())
        .filter_map(|id| match s.fields[id].place {
            Place::Cell { table, row, col } if table.key == "requests" => Some((id, row, col)),
            _ => None,
        })
        .collect()
}

fn value(r: &Report, id: usize) -> u64 {
    match r.get(id) {
        Value::Count(Some(n)) => *n,
        other => panic!("{other:?}"),
    }
}

/// `r` with `delta` added to a cell (kept at 0 or above and never equal).
fn with_typo(r: &Report, id: usize, delta: i64) -> (Report, u64) {
    let old = value(r, id);
    let new = u64::try_from(old as i64 + delta).unwrap_or(old + delta.unsigned_abs());
    let new = if new == old { old + 1 } else { new };
    let mut r = r.clone();
    r.set(id, Value::Count(Some(new)));
    (r, new)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_consistent_report_has_no_suspect(r in arb_report()) {
        prop_assert!(suspects(&r).is_empty());
    }

    #[test]
    fn one_typo_in_table_three_is_always_named_with_its_true_value(
        r in arb_report(),
        pick in any::<prop::sample::Index>(),
        delta in prop_oneof![-3000i64..-1, 1i64..3000],
    ) {
        let cells = request_cells();
        let (cell, _, _) = cells[pick.index(cells.len())];
        let (typo, typed) = with_typo(&r, cell, delta);
        let expected = vec![Suspect { cell, found: Some(typed), value: value(&r, cell) }];
        prop_assert_eq!(suspects(&typo), expected);
        // Every broken rule carries the suspect, in `check` as on screen.
        for d in validate(&typo).iter().filter(|d| d.severity == format::Severity::Error) {
            prop_assert_eq!(d.suspect.map(|s| s.cell), Some(cell), "{:?}", d);
        }
    }

    #[test]
    fn two_typos_in_different_rows_and_columns_are_both_named(
        r in arb_report(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        d1 in 1i64..3000,
        d2 in 1i64..3000,
    ) {
        let cells = request_cells();
        let (c1, r1, k1) = cells[a.index(cells.len())];
        let (c2, r2, k2) = cells[b.index(cells.len())];
        prop_assume!(r1 != r2 && k1 != k2);
        // Equal changes at the corners of a rectangle are indistinguishable
        // from the other two corners: nobody could tell, so neither do we.
        prop_assume!(d1 != d2);
        let (t1, v1) = with_typo(&r, c1, d1);
        let (t2, v2) = with_typo(&t1, c2, -d2);
        prop_assume!(value(&t1, c1) != value(&r, c1) && v2 != value(&r, c2));
        let mut found = suspects(&t2);
        found.sort_by_key(|s| s.cell);
        let mut expected = vec![
            Suspect { cell: c1, found: Some(v1), value: value(&r, c1) },
            Suspect { cell: c2, found: Some(v2), value: value(&r, c2) },
        ];
        expected.sort_by_key(|s| s.cell);
        prop_assert_eq!(found, expected);
    }
}

/// The report that made new users give up: 1,259 requests re-entered from
/// the published text, with 5 typed for 1259.
#[test]
fn five_typed_for_1259_names_that_cell_not_the_totals() {
    let mut outcomes = [[0u64; 6]; 21];
    outcomes[0] = [1200, 20, 5, 3, 1, 4];
    outcomes[1] = [59, 2, 0, 0, 0, 1];
    let r = consistent(&outcomes, [10, 0, 0, 0, 0, 0], [10, 0, 0, 0, 0, 0], [[0; 4]; 3]);
    let cell = id("requests.new.natural_person");
    assert_eq!(value(&r, cell), 1259);
    let mut typo = r.clone();
    typo.set(cell, Value::Count(Some(5)));
    let diags: Vec<_> =
        validate(&typo).into_iter().filter(|d| d.severity == format::Severity::Error).collect();
    let flagged: Vec<&str> = diags.iter().map(nianbao::rules::Diagnostic::address).collect();
    assert_eq!(flagged, ["requests.carried_out.natural_person", "requests.new.total"]);
    for d in &diags {
        assert_eq!(d.suspect, Some(Suspect { cell, found: Some(5), value: 1259 }));
    }
    // The carried-over row is not told to be negative.
    let carried = diags.iter().find(|d| d.address() == "requests.carried_out.natural_person");
    let text = carried.map(|d| d.message(nianbao::i18n::Lang::Zh)).unwrap_or_default();
    assert!(!text.contains("-1244") && !text.contains("应为 -"), "{text}");
    assert!(text.contains("更可能是 requests.new.natural_person"), "{text}");
}

/// 表四 has only group totals: each cell is in one rule, so a typo cannot
/// be told apart from the other cells of its group, and none is named.
#[test]
fn a_typo_in_table_four_names_no_single_cell() {
    let r = common::sample();
    let mut typo = r.clone();
    typo.set(id("appeals.review.upheld"), Value::Count(Some(99)));
    assert!(suspects(&typo).is_empty());
}
