//! Property tests: consistent reports have no errors; any single change to
//! a tallied cell is caught at that cell or at a total depending on it;
//! RON round trips keep every value.

mod common;

use common::{consistent, id};
use nianbao::format::{self, Kind, Severity};
use nianbao::model::{Report, Value};
use nianbao::rules::{is_count_cell, validate};
use proptest::prelude::*;

fn arb_report() -> impl Strategy<Value = Report> {
    (
        proptest::array::uniform21(proptest::array::uniform6(0u64..50)),
        proptest::array::uniform6(0u64..20),
        proptest::array::uniform6(0u64..1000),
        proptest::array::uniform3(proptest::array::uniform4(0u64..10)),
    )
        .prop_map(|(o, co, ci, a)| consistent(&o, co, ci, a))
}

fn tallied_cells() -> Vec<usize> {
    let s = format::schema();
    let mut v: Vec<usize> = s.tallies.iter().flat_map(|t| t.cells().collect::<Vec<_>>()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn consistent_reports_have_no_errors(r in arb_report()) {
        let errors: Vec<_> = validate(&r).into_iter().filter(|d| d.severity == Severity::Error).collect();
        prop_assert!(errors.is_empty(), "{:?}", errors);
    }

    #[test]
    fn any_single_change_is_caught(r in arb_report(), pick in any::<prop::sample::Index>(), delta in 1i64..30, down in any::<bool>()) {
        let cells = tallied_cells();
        let cell = cells[pick.index(cells.len())];
        prop_assert!(is_count_cell(cell));
        let old = r.count_or_zero(cell);
        let new = if down && old > 0 { old - delta.min(old) } else { old + delta };
        prop_assume!(new != old);
        let mut changed = r.clone();
        changed.set(cell, Value::Count(Some(new as u64)));
        let errors: Vec<_> = validate(&changed).into_iter().filter(|d| d.severity == Severity::Error).collect();
        prop_assert!(!errors.is_empty());
        prop_assert!(
            errors.iter().any(|d| d.cell == cell || d.involves(cell)),
            "{} changed, errors: {:?}", format::schema().fields[cell].address, errors
        );
    }

    #[test]
    fn ron_round_trip_keeps_every_value(r in arb_report(), text in "\\PC{0,40}", multi in "[a-z“”中文\"\\\\#\n]{0,30}", fee in "(0|[1-9][0-9]{0,5})(\\.[0-9]{1,4})?") {
        let mut r = r;
        r.set(id("meta.organ"), Value::Text(text));
        r.set(id("problems"), Value::Text(multi));
        r.set(id("proactive.fees.amount"), nianbao::model::parse_value(Kind::Amount, &fee, false).map_err(|e| TestCaseError::fail(e.to_string()))?);
        let ron = r.to_ron().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = Report::from_ron(&ron).map_err(|e| TestCaseError::fail(format!("{e}\n{ron}")))?;
        prop_assert_eq!(&back, &r);
        prop_assert_eq!(back.to_ron().ok(), Some(ron));
        prop_assert_eq!(back.get(id("proactive.fees.amount")).display(), fee);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// No input makes the importer, the parser or the layout panic.
    #[test]
    fn arbitrary_input_never_panics(s in "(<[a-z/]{0,6}>?|&[#a-z0-9]{0,6};?|\\||[一二三四五六]、|（[一二]）|[0-9]{1,4}|中文|“|\n| |e\u{301}|[a-z]{1,3})*") {
        let _ = nianbao::import::import(&s);
        let _ = nianbao::import::html_to_text(&s);
        let _ = Report::from_ron(&s);
        for w in [0usize, 1, 2, 5, 13] {
            let _ = nianbao::layout::wrap(&s, w, nianbao::layout::Ambiguous::Narrow);
            let t = nianbao::layout::truncate(&s, w, nianbao::layout::Ambiguous::Wide);
            prop_assert!(nianbao::layout::width(&t, nianbao::layout::Ambiguous::Wide) <= w);
        }
    }
}
