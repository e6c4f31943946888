//! Each tally rule, instance by instance: break it once, see exactly one
//! diagnostic of that rule at the spec's cell with the right numbers.

use crate::common;

use common::{count, id, sample, set_count};
use nianbao::format::{self, Severity};
use nianbao::i18n::Localize as _;
use nianbao::rules::{Diagnostic, validate};

fn errors_of(r: &nianbao::model::Report, rule: &str) -> Vec<Diagnostic> {
    validate(r).into_iter().filter(|d| d.rule == rule).collect()
}

fn request_cols() -> Vec<&'static str> {
    format::REQUESTS.uniform_columns().unwrap_or(&[]).iter().map(|c| c.key).collect()
}

#[test]
fn the_sample_is_consistent() {
    let errors: Vec<_> = validate(&sample()).into_iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn balance_is_flagged_at_carried_out_in_each_of_the_7_columns() {
    for col in request_cols() {
        let mut r = sample();
        let new = format!("requests.new.{col}");
        let before = count(&r, &new);
        set_count(&mut r, &new, before + 4);
        let flagged = format!("requests.carried_out.{col}");
        let carried_out = count(&r, &flagged) as i64;
        let d = errors_of(&r, format::RULE_BALANCE);
        assert_eq!(d.len(), 1, "{col}: {d:?}");
        assert_eq!(d[0].address(), flagged);
        assert_eq!(d[0].severity, Severity::Error);
        assert_eq!(d[0].expected, Some(carried_out + 4));
        assert_eq!(d[0].found, Some(carried_out));
    }
}

#[test]
fn row_total_is_flagged_at_the_total_of_each_of_the_25_rows() {
    assert_eq!(format::REQUESTS.rows.len(), 25);
    for row in format::REQUESTS.rows {
        let mut r = sample();
        let total = format!("requests.{}.total", row.key);
        let right = count(&r, &total) as i64;
        set_count(&mut r, &total, (right + 2) as u64);
        let d = errors_of(&r, format::RULE_ROW_TOTAL);
        assert_eq!(d.len(), 1, "{}: {d:?}", row.key);
        assert_eq!(d[0].address(), total);
        assert_eq!((d[0].expected, d[0].found), (Some(right), Some(right + 2)));
    }
}

#[test]
fn outcome_total_is_flagged_at_row_seven_in_each_of_the_7_columns() {
    for col in request_cols() {
        let mut r = sample();
        let cell = format!("requests.denied_inquiry.{col}");
        let v = count(&r, &cell) + 3;
        set_count(&mut r, &cell, v);
        let flagged = format!("requests.outcome_total.{col}");
        let found = count(&r, &flagged) as i64;
        let d = errors_of(&r, format::RULE_OUTCOME_TOTAL);
        assert_eq!(d.len(), 1, "{col}: {d:?}");
        assert_eq!(d[0].address(), flagged);
        assert_eq!((d[0].expected, d[0].found), (Some(found + 3), Some(found)));
    }
}

#[test]
fn every_outcome_row_feeds_the_outcome_total() {
    let first = format::REQUESTS.row("granted").unwrap_or(0);
    let last = format::REQUESTS.row("other_misc").unwrap_or(0);
    assert_eq!(last - first + 1, 21);
    for row in &format::REQUESTS.rows[first..=last] {
        let mut r = sample();
        let cell = format!("requests.{}.natural_person", row.key);
        let v = count(&r, &cell) + 1;
        set_count(&mut r, &cell, v);
        let d = errors_of(&r, format::RULE_OUTCOME_TOTAL);
        assert_eq!(d.len(), 1, "{}", row.key);
        assert_eq!(d[0].address(), "requests.outcome_total.natural_person");
    }
}

#[test]
fn group_total_is_flagged_at_each_of_the_3_groups() {
    for group in format::APPEALS.rows {
        let mut r = sample();
        let cell = format!("appeals.{}.pending", group.key);
        let v = count(&r, &cell) + 5;
        set_count(&mut r, &cell, v);
        let flagged = format!("appeals.{}.total", group.key);
        let found = count(&r, &flagged) as i64;
        let d = errors_of(&r, format::RULE_GROUP_TOTAL);
        assert_eq!(d.len(), 1, "{}", group.key);
        assert_eq!(d[0].address(), flagged);
        assert_eq!((d[0].expected, d[0].found), (Some(found + 5), Some(found)));
        assert!(d[0].involves(id(&cell)));
    }
}

#[test]
fn empty_cells_count_as_zero_and_warn_each() {
    let mut r = sample();
    let cell = "requests.granted.research";
    let was = count(&r, cell) as i64;
    r.set(id(cell), nianbao::model::Value::Count(None));
    let all = validate(&r);
    let missing: Vec<_> =
        all.iter().filter(|d| d.rule == format::RULE_MISSING && d.address() == cell).collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].severity, Severity::Warning);
    assert!(was > 0, "the sample must have a non-zero value here");
    let row = all.iter().find(|d| d.rule == format::RULE_ROW_TOTAL).map(|d| (d.address(), d.expected));
    let total = count(&r, "requests.granted.total") as i64;
    assert_eq!(row, Some(("requests.granted.total", Some(total - was))));
}

#[test]
fn negative_expected_when_outcomes_exceed_requests() {
    let mut r = sample();
    let co = count(&r, "requests.carried_out.commercial") as i64;
    let nw = count(&r, "requests.new.commercial") as i64;
    set_count(&mut r, "requests.new.commercial", 0);
    set_count(&mut r, "requests.carried_in.commercial", 0);
    let d = errors_of(&r, format::RULE_BALANCE);
    let cin = count(&sample(), "requests.carried_in.commercial") as i64;
    let d: Vec<_> = d.into_iter().filter(|d| d.address() == "requests.carried_out.commercial").collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].expected, Some(co - nw - cin));
    assert!(d[0].expected.unwrap_or(0) < 0);
    // The message never gives the negative value; it says what is too large.
    let en = d[0].message(nianbao::i18n::Lang::En);
    assert!(en.contains("the outcome total is larger than new + carried in (by"), "{en}");
    assert!(!en.contains(&format!("{}", co - nw - cin)), "{en}");
    let zh = d[0].message(nianbao::i18n::Lang::Zh);
    assert!(zh.contains("“（七）总计”已大于第一项与第二项之和"), "{zh}");
}

#[test]
fn a_diagnostic_involves_its_cells_and_no_other() {
    let mut r = sample();
    let cell = "appeals.review.pending";
    let v = count(&r, cell) + 5;
    set_count(&mut r, cell, v);
    let d = errors_of(&r, format::RULE_GROUP_TOTAL);
    assert!(d[0].involves(id(cell)));
    assert!(!d[0].involves(id("requests.new.natural_person")), "a cell of another table");
}

/// 落款日期: on or before 31 January of the next year is on time; later
/// is a warning naming that year; a text that is no date is a warning too.
#[test]
fn the_date_is_checked_against_the_deadline() {
    use nianbao::model::Value;
    let dates = |text: &str| {
        let mut r = sample();
        r.set(id("meta.year"), Value::Count(Some(2024)));
        r.set(id("meta.date"), Value::Text(text.to_owned()));
        let d = validate(&r).into_iter().filter(|d| d.rule == format::RULE_DATE).collect::<Vec<_>>();
        d.first().map(|d| (d.severity, d.expected))
    };
    assert_eq!(dates("2025年1月31日"), None);
    assert_eq!(dates("2025年1月15日"), None);
    assert_eq!(dates("2024年12月31日"), None);
    assert_eq!(dates("2025年2月1日"), Some((Severity::Warning, Some(2025))));
    assert_eq!(dates("2026年1月1日"), Some((Severity::Warning, Some(2025))));
    assert_eq!(dates("去年年底"), Some((Severity::Warning, None)));
    assert_eq!(dates(""), None);
}

#[test]
fn missing_names_every_empty_required_field_and_no_optional_one() {
    use nianbao::model::Value;
    let missing = |r: &nianbao::model::Report| -> Vec<String> {
        validate(r)
            .into_iter()
            .filter(|d| d.rule == format::RULE_MISSING)
            .map(|d| d.address().to_owned())
            .collect()
    };
    let mut r = sample();
    r.set(id("overview.lead"), Value::Text(String::new()));
    let before = missing(&r);
    assert!(!before.contains(&"overview.lead".to_owned()), "optional: {before:?}");
    r.set(id("requests.new.research"), Value::Count(None));
    let after = missing(&r);
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.contains(&"requests.new.research".to_owned()));
    assert!(!after.contains(&"requests.new.natural_person".to_owned()), "filled: not missing");
}

/// Last year's report: 上年结转 must be last year's 结转下年度, and 现行有效件数
/// last year's plus 本年新制发 minus 本年废止.
#[test]
fn last_years_report_gives_carried_in_and_documents_in_force() {
    use nianbao::rules::validate_against_previous;
    let previous = sample();
    let mut r = sample();
    let col = "natural_person";
    let last_out = count(&previous, &format!("requests.carried_out.{col}"));
    set_count(&mut r, &format!("requests.carried_in.{col}"), last_out);
    let (issued, repealed) = (7, 2);
    let in_force_last = count(&previous, "proactive.rules.in_force");
    set_count(&mut r, "proactive.rules.issued", issued);
    set_count(&mut r, "proactive.rules.repealed", repealed);
    set_count(&mut r, "proactive.rules.in_force", in_force_last + issued - repealed);
    let of = |r: &nianbao::model::Report, rule: &str| {
        validate_against_previous(r, &previous)
            .into_iter()
            .filter(|d| d.rule == rule)
            .map(|d| d.address().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(!of(&r, format::RULE_CARRY_OVER).contains(&format!("requests.carried_in.{col}")));
    assert!(!of(&r, format::RULE_IN_FORCE).contains(&"proactive.rules.in_force".to_owned()));
    // One off each way: a warning at the cell, with the expected value.
    set_count(&mut r, &format!("requests.carried_in.{col}"), last_out + 1);
    set_count(&mut r, "proactive.rules.in_force", in_force_last + issued - repealed + 3);
    let d = validate_against_previous(&r, &previous);
    let carried = d.iter().find(|d| d.address() == format!("requests.carried_in.{col}"));
    assert_eq!(
        carried.map(|d| (d.expected, d.found)),
        Some((Some(last_out as i64), Some(last_out as i64 + 1)))
    );
    let in_force = d.iter().find(|d| d.address() == "proactive.rules.in_force");
    assert_eq!(
        in_force.map(|d| d.expected),
        Some(Some((in_force_last + issued - repealed) as i64)),
        "last year's {in_force_last} + {issued} issued - {repealed} repealed"
    );
}

/// What `=` fills and what the grid shows dimmed in an empty total: the
/// sum of its parts, for an empty target only; the balance (结转下年度)
/// is filled by `=` but not shown as a computed total.
#[test]
fn an_empty_total_is_the_sum_of_its_parts() {
    use nianbao::model::Value;
    use nianbao::rules::{computed, expected_for_empty};
    let mut r = sample();
    let parts: u64 = request_cols()
        .iter()
        .filter(|c| **c != "total")
        .map(|c| count(&r, &format!("requests.new.{c}")))
        .sum();
    let total = id("requests.new.total");
    assert_eq!(computed(&r, total), None, "filled: nothing computed");
    assert_eq!(expected_for_empty(&r, total), None);
    r.set(total, Value::Count(None));
    assert_eq!(computed(&r, total), Some(parts as i64));
    assert_eq!(expected_for_empty(&r, total), Some(parts as i64));
    // 结转下年度 = 新收 + 上年结转 − 办理结果总计, in its column.
    let out = id("requests.carried_out.natural_person");
    let want = count(&r, "requests.new.natural_person") as i64
        + count(&r, "requests.carried_in.natural_person") as i64
        - count(&r, "requests.outcome_total.natural_person") as i64;
    r.set(out, Value::Count(None));
    assert_eq!(expected_for_empty(&r, out), Some(want));
    assert_eq!(computed(&r, out), None);
    // Not a target of any tally.
    r.set(id("requests.new.research"), Value::Count(None));
    assert_eq!(
        (computed(&r, id("requests.new.research")), expected_for_empty(&r, id("requests.new.research"))),
        (None, None)
    );
}

/// 表三 with only 上年结转 filled has not been started: its tallies wait,
/// the other tables' are checked as ever.
#[test]
fn requests_wait_until_more_than_carried_in_is_filled() {
    use nianbao::model::Value;
    let mut r = sample();
    let s = format::schema();
    for f in 0..s.fields.len() {
        if let format::Place::Cell { table, row, .. } = s.fields[f].place
            && table.key == format::REQUESTS.key
            && table.rows[row].key != "carried_in"
        {
            r.set(f, Value::Count(None));
        }
    }
    set_count(&mut r, "requests.carried_in.natural_person", 3);
    let v = count(&r, "appeals.review.pending") + 5;
    set_count(&mut r, "appeals.review.pending", v);
    let errors: Vec<String> = validate(&r)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.address().to_owned())
        .collect();
    assert_eq!(errors, ["appeals.review.total"]);
    // One more cell of 表三 and its tallies are checked.
    set_count(&mut r, "requests.new.natural_person", 1);
    assert!(
        validate(&r).iter().any(|d| d.severity == Severity::Error && d.address().starts_with("requests."))
    );
}

/// Each diagnostic names the suspect among its own cells, and only there.
#[test]
fn a_suspect_is_named_under_its_own_totals_only() {
    let mut r = sample();
    // A typo in 表三 (a suspect) and, in 表四, an emptied total: broken,
    // but with an empty cell it is no evidence of a typo.
    let v = count(&r, "requests.granted.natural_person") + 7;
    set_count(&mut r, "requests.granted.natural_person", v);
    r.set(id("appeals.review.total"), nianbao::model::Value::Count(None));
    let errors: Vec<Diagnostic> =
        validate(&r).into_iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(
        errors.iter().any(|d| d.suspect.is_some_and(|s| s.cell == id("requests.granted.natural_person")))
    );
    for d in &errors {
        if let Some(s) = d.suspect {
            assert!(d.involves(s.cell), "{} names {:?}", d.address(), s);
        }
    }
}

/// Two typos, neither of which explains the broken totals alone: the pair
/// is named, and only it — among three cells that could each fix some of
/// the broken rules (every pair of candidates is tried, once each).
#[test]
fn two_typos_are_named_together_when_only_that_pair_explains_the_totals() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fuxin-2021.ron");
    let mut r = nianbao::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(nianbao::rules::suspects(&r).is_empty());
    let (a, b) = ("requests.new.natural_person", "requests.outcome_total.total");
    let (va, vb) = (count(&r, a), count(&r, b));
    set_count(&mut r, a, va + 1);
    set_count(&mut r, b, vb + 1);
    let mut named: Vec<(String, Option<u64>, u64)> = nianbao::rules::suspects(&r)
        .into_iter()
        .map(|s| (format::schema().fields[s.cell].address.clone(), s.found, s.value))
        .collect();
    named.sort();
    assert_eq!(
        named,
        vec![
            ("requests.new.natural_person".to_owned(), Some(va + 1), va),
            ("requests.outcome_total.total".to_owned(), Some(vb + 1), vb),
        ]
    );
}

/// An empty cell is not a 0 typed by mistake: the tallies it leaves
/// unbalanced are flagged, but name no suspect — not even the empty cell,
/// whose old value would balance them.
#[test]
fn an_emptied_cell_is_flagged_but_not_named_a_typo() {
    let mut r = sample();
    assert!(nianbao::rules::suspects(&r).is_empty());
    let cell = "requests.new.natural_person";
    assert!(count(&r, cell) > 0);
    r.set(id(cell), nianbao::model::Value::Count(None));
    assert!(validate(&r).iter().any(|d| d.severity == Severity::Error && d.involves(id(cell))));
    assert_eq!(nianbao::rules::suspects(&r), vec![]);
}

/// Every count one more than it was: more broken tallies than three cells
/// could fix, and no suspect is named.
#[test]
fn more_broken_tallies_than_three_cells_could_fix_name_no_suspect() {
    let mut r = sample();
    let s = format::schema();
    for cell in 0..s.fields.len() {
        if let nianbao::model::Value::Count(Some(v)) = r.get(cell) {
            let v = *v;
            r.set(cell, nianbao::model::Value::Count(Some(v + 1)));
        }
    }
    let broken = validate(&r).iter().filter(|d| d.severity == Severity::Error).count();
    assert!(broken > 30, "{broken} broken");
    assert_eq!(nianbao::rules::suspects(&r), vec![]);
}

fn filled_errors(r: &nianbao::model::Report) -> Vec<String> {
    let kept = nianbao::rules::Kept::new(r);
    nianbao::rules::validate_filled_with(r, &kept)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.address().to_owned())
        .collect()
}

/// 表三 half filled, as a clerk types it row by row: `check` counts the
/// empty cells as 0 and finds broken totals; the wizard's judgement waits
/// for them, names no computed total until its parts are filled, says how
/// many parts are missing, and flags a total already below its parts.
#[test]
fn a_half_filled_table_is_judged_by_what_is_filled() {
    use nianbao::model::Value;
    use nianbao::rules::{computed, expected_for_empty, unfilled_operands};
    let mut r = sample();
    let s = format::schema();
    for f in 0..s.fields.len() {
        if matches!(s.fields[f].place, format::Place::Cell { table, .. } if table.key == format::REQUESTS.key)
        {
            r.set(f, Value::Count(None));
        }
    }
    set_count(&mut r, "requests.new.natural_person", 3);
    set_count(&mut r, "requests.carried_in.natural_person", 1);
    set_count(&mut r, "requests.denied_security_stability.natural_person", 4);
    assert!(
        validate(&r).iter().any(|d| d.severity == Severity::Error && d.address().starts_with("requests."))
    );
    assert_eq!(filled_errors(&r), Vec::<String>::new());
    let total = id("requests.new.total");
    assert_eq!((computed(&r, total), expected_for_empty(&r, total)), (None, None));
    assert_eq!(unfilled_operands(&r, total), Some(5));
    assert_eq!(unfilled_operands(&r, id("requests.new.natural_person")), None, "not a total");
    // A total below the parts typed so far cannot come right.
    set_count(&mut r, "requests.new.total", 2);
    assert_eq!(filled_errors(&r), ["requests.new.total"]);
    // The row filled: its total is judged as `check` judges it.
    for c in ["commercial", "research", "nonprofit", "legal_services", "other_org"] {
        set_count(&mut r, &format!("requests.new.{c}"), 0);
    }
    assert_eq!(filled_errors(&r), ["requests.new.total"]);
    r.set(total, Value::Count(None));
    assert_eq!((computed(&r, total), unfilled_operands(&r, total)), (Some(3), Some(0)));
    set_count(&mut r, "requests.new.total", 3);
    assert_eq!(filled_errors(&r), Vec::<String>::new());
}

proptest::proptest! {
    /// Cells emptied from a consistent report leave tallies that the
    /// emptied counts would make hold: none is judged broken while filling
    /// in. With every cell filled the judgement is `check`'s.
    #[test]
    fn what_can_still_come_right_is_never_flagged(picks in proptest::collection::vec(0usize..400, 0..60)) {
        use nianbao::model::Value;
        let r = sample();
        let s = format::schema();
        let cells: Vec<usize> = (0..s.fields.len()).filter(|&f| nianbao::rules::is_count_cell(f)).collect();
        let mut half = r.clone();
        for p in picks {
            half.set(cells[p % cells.len()], Value::Count(None));
        }
        proptest::prop_assert_eq!(filled_errors(&half), Vec::<String>::new());
        // One count changed in the full report: both judgements agree.
        let mut typo = r.clone();
        let cell = cells[cells.len() / 3];
        typo.set(cell, Value::Count(Some(u64::try_from(typo.count_or_zero(cell)).unwrap_or(0) + 7)));
        let check: Vec<String> = validate(&typo)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.address().to_owned())
            .collect();
        proptest::prop_assert!(!check.is_empty());
        proptest::prop_assert_eq!(filled_errors(&typo), check);
    }
}
