//! Property tests: consistent reports have no errors; any single change to
//! a tallied cell is caught at that cell or at a total depending on it;
//! RON round trips keep every value.

use crate::common;

use common::{consistent, id};
use nianbao::format::{self, Kind, Severity};
use nianbao::model::{Report, Value};
use nianbao::rules::{Kept, is_count_cell, validate, validate_with};
use proptest::prelude::*;

fn arb_report() -> impl Strategy<Value = Report> {
    // Small counts and counts in the tens of thousands; cells that hold 0
    // are left empty now and then (an empty cell counts as 0 in the sums).
    (
        proptest::array::uniform21(proptest::array::uniform6(0u64..40_000)),
        proptest::array::uniform6(0u64..20),
        proptest::array::uniform6(0u64..100_000),
        proptest::array::uniform3(proptest::array::uniform4(0u64..10)),
        any::<u64>(),
    )
        .prop_map(|(o, co, ci, a, empties)| {
            // Half the outcome cells small, half up to the tens of thousands.
            let o = o.map(|row| row.map(|v| if v % 2 == 0 { v % 50 } else { v }));
            let mut r = consistent(&o, co, ci, a);
            for (k, id) in Report::table_cells().enumerate() {
                if empties >> (k % 64) & 1 == 1 && k % 3 == 0 && matches!(r.get(id), Value::Count(Some(0))) {
                    r.set(id, Value::Count(None));
                }
            }
            r
        })
}

fn tallied_cells() -> Vec<usize> {
    let s = format::schema();
    let mut v: Vec<usize> = s.tallies.iter().flat_map(|t| t.cells().collect::<Vec<_>>()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

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
        // And not for what is not a table count: text, the year, the fee.
        for other in ["meta.organ", "meta.year", "problems", "proactive.fees.amount"] {
            prop_assert!(!is_count_cell(id(other)), "{}", other);
        }
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

    /// The check after each change, following it from what the last check
    /// kept, finds exactly what checking the whole report finds: numbers
    /// typed over numbers (the largest a draft holds too), cells emptied and filled, the
    /// year and the date changed.
    #[test]
    fn the_check_that_follows_a_change_is_the_whole_check(
        r in arb_report(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..8, 0u64..5_000), 1..25),
    ) {
        let blank = Report::new();
        let counts: Vec<usize> =
            (0..format::schema().fields.len()).filter(|&f| matches!(blank.get(f), Value::Count(_))).collect();
        let date = id("meta.date");
        let mut r = r;
        let mut kept = Kept::new(&r);
        for (pick, how, n) in edits {
            let (field, value) = match how {
                0 => (date, Value::Text(if n % 2 == 0 { "2026年3月1日".into() } else { "2026年1月20日".into() })),
                1 => (counts[pick.index(counts.len())], Value::Count(None)),
                2 => (counts[pick.index(counts.len())], Value::Count(Some(nianbao::model::MAX_COUNT - n))),
                3 => (id("meta.year"), Value::Count(Some(2024 + n % 3))),
                _ => (counts[pick.index(counts.len())], Value::Count(Some(n))),
            };
            let before = r.get(field).clone();
            r.set(field, value);
            kept.follow(&r, field, &before);
            prop_assert_eq!(validate_with(&r, &kept), validate(&r), "after {}", format::schema().fields[field].address);
        }
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
        prop_assert_eq!(back.to_ron().ok(), Some(ron.clone()));
        prop_assert_eq!(back.get(id("proactive.fees.amount")).display(), fee);
        // The quick reader and ron's general one agree on every draft we
        // write, and on the same draft hand-edited with comments.
        prop_assert_eq!(nianbao::model::ron::text::parse_fast(&ron), Some(r.clone()));
        prop_assert_eq!(Report::from_ron_general(&ron).ok(), Some(r.clone()));
        let edited = ron.replacen("(\n", "( // 手改\n", 1).replace("    meta: (", "    /* 前 */\n    meta: (");
        prop_assert_eq!(nianbao::model::ron::text::parse_fast(&edited), Some(r.clone()));
    }

    /// Whatever the quick reader accepts, ron's reader reads the same.
    #[test]
    fn the_quick_reader_never_disagrees_with_ron(text in "\\PC{0,12}", n in 0u64..2_000_000_000, pick in 0usize..6) {
        let base = nianbao::model::Report::draft("局", 2024).to_ron().unwrap_or_default();
        let variants = [
            base.replacen("organ: \"局\"", &format!("organ: {text:?}"), 1),
            base.replacen("natural_person: None", &format!("natural_person: {n}"), 1),
            base.replacen("natural_person: None", &format!("natural_person: {text}"), 1),
            base.replacen("amount: None", &format!("amount: \"{text}\""), 1),
            base.replacen("date: \"\"", &format!("date: \"{text}\""), 1),
            base.replacen("    meta: (", &format!("    meta: ({text}"), 1),
        ];
        let t = &variants[pick];
        if let Some(quick) = nianbao::model::ron::text::parse_fast(t) {
            prop_assert_eq!(Report::from_ron_general(t).ok(), Some(quick), "{}", t);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// No input makes the importer, the parser or the layout panic.
    #[test]
    fn arbitrary_input_never_panics(s in "(<[a-z/]{0,6}>?|&[#a-z0-9]{0,6};?|\\||[一二三四五六]、|（[一二]）|[0-9]{1,4}|中文|“|\n| |e\u{301}|[a-z]{1,3})*") {
        let _ = nianbao::import::import(&s);
        let _ = nianbao::import::html_to_text(&s);
        let _ = Report::from_ron(&s);
        for w in [0usize, 1, 2, 5, 13] {
            let _ = nianbao::text::wrap(&s, w, nianbao::text::Ambiguous::Narrow);
            let t = nianbao::text::truncate(&s, w, nianbao::text::Ambiguous::Wide);
            prop_assert!(nianbao::text::width(&t, nianbao::text::Ambiguous::Wide) <= w);
        }
    }
}

/// Pieces of Chinese report prose: characters, numbers with their units
/// and decimal points, ASCII words, and punctuation.
const ATOMS: [&str; 10] =
    ["12.3%", "1,259件", "4068.208万元", "2025年", "http://a.cn", "abc", "ICP", "0.5", "100%", "31条"];
const CJK: [&str; 6] = ["增长", "下降", "的", "政府信息", "公开", "申请"];
const CLOSING: [&str; 5] = ["，", "。", "）", "》", "”"];
const OPENING: [&str; 3] = ["（", "《", "“"];

#[derive(Debug, Clone)]
enum Piece {
    Cjk(&'static str),
    Atom(&'static str),
    /// An opening mark, Chinese text, a closing mark: （减少）, 《条例》.
    Bracketed(&'static str, &'static str, &'static str),
    Closing(&'static str),
}

fn arb_piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        proptest::sample::select(CJK.to_vec()).prop_map(Piece::Cjk),
        proptest::sample::select(ATOMS.to_vec()).prop_map(Piece::Atom),
        (
            proptest::sample::select(OPENING.to_vec()),
            proptest::sample::select(CJK.to_vec()),
            proptest::sample::select(CLOSING.to_vec())
        )
            .prop_map(|(o, t, c)| Piece::Bracketed(o, t, c)),
        proptest::sample::select(CLOSING.to_vec()).prop_map(Piece::Closing),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// At every width from 4 to 40: nothing is lost, no line is too wide,
    /// and where a line can hold them, numbers and words are never split,
    /// no line starts with closing punctuation and none ends with opening
    /// punctuation.
    #[test]
    fn wrap_keeps_units_whole_and_punctuation_in_place(pieces in proptest::collection::vec(arb_piece(), 1..30)) {
        use nianbao::text::{Ambiguous, width, wrap};
        // A closing mark after a closing mark (。） is allowed: the rule is
        // about the first character of a line only.
        let mut s = String::new();
        let mut atoms: Vec<(usize, usize)> = Vec::new();
        for p in &pieces {
            match p {
                Piece::Cjk(t) => s.push_str(t),
                Piece::Atom(a) => {
                    // Keep a Chinese character before an atom, so that a
                    // break before it is always possible.
                    s.push('的');
                    let start = s.chars().count();
                    s.push_str(a);
                    atoms.push((start, s.chars().count()));
                    s.push('的');
                }
                Piece::Bracketed(o, t, c) => {
                    s.push('的');
                    s.push_str(o);
                    s.push_str(t);
                    s.push_str(c);
                }
                Piece::Closing(c) => {
                    s.push('的');
                    s.push_str(c);
                }
            }
        }
        for w in 4..=40 {
            let lines = wrap(&s, w, Ambiguous::Narrow);
            prop_assert_eq!(lines.concat(), s.clone(), "width {}", w);
            let mut breaks = Vec::new();
            let mut at = 0;
            for l in &lines {
                prop_assert!(width(l, Ambiguous::Narrow) <= w, "width {}: {:?}", w, lines);
                at += l.chars().count();
                breaks.push(at);
            }
            breaks.pop();
            // Wide enough for the widest unit with its neighbours.
            if w >= 18 {
                for &b in &breaks {
                    prop_assert!(!atoms.iter().any(|&(x, y)| x < b && b < y), "width {}: split a number or word: {:?}", w, lines);
                }
                for pair in lines.windows(2) {
                    let first = pair[1].chars().next().map(String::from).unwrap_or_default();
                    let last = pair[0].chars().last().map(String::from).unwrap_or_default();
                    prop_assert!(!CLOSING.contains(&first.as_str()), "width {}: a line starts with {}: {:?}", w, first, lines);
                    prop_assert!(!OPENING.contains(&last.as_str()), "width {}: a line ends with {}: {:?}", w, last, lines);
                }
            }
        }
    }
}
