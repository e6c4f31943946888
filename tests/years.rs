//! Cross-year work and sums: this year's draft from last year's, the
//! cross-year warnings, several agencies summed, numbers in prose.

use crate::common;

use nianbao::i18n::Localize as _;
use std::path::Path;
use std::process::{Command, Output};

use common::{id, set_count};
use nianbao::format::Kind;
use nianbao::io;
use nianbao::model::{Report, Value, parse_value};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap_or_else(|| panic!("path"))
}

fn v(r: &Report, address: &str) -> String {
    r.get(id(address)).display()
}

#[test]
fn new_from_last_year_carries_organ_and_requests_and_shows_last_years_problems() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let last = common::example("broken-tallies.ron");
    let this = dir.path().join("2025.ron");
    let o = nianbao(&["new", p(&this), "--from", p(&last)]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let r = io::load(&this).unwrap_or_else(|e| panic!("{e}"));
    let prev = io::load(&last).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.organ(), "某县自然资源局");
    assert_eq!(r.year(), Some(2025));
    for col in
        ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"]
    {
        assert_eq!(
            v(&r, &format!("requests.carried_in.{col}")),
            v(&prev, &format!("requests.carried_out.{col}")),
            "{col}"
        );
    }
    assert_eq!(v(&r, "requests.carried_in.natural_person"), "2");
    assert_eq!(v(&r, "requests.new.natural_person"), "", "this year's counts start empty");
    // Last year's 五 is not copied in (the step would look done); the
    // wizard shows it beside the editor, and F6 inserts it a paragraph at
    // a time.
    assert_eq!(v(&r, "problems"), "");
    assert_eq!(v(&r, "overview.proactive"), "");
    // A fresh draft has no errors until something is typed: the carried-in
    // counts alone are not a broken balance.
    let o = nianbao(&["check", p(&this), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    let mut app = nianbao::tui::open(&this, Some("problems"), None, nianbao::i18n::Lang::Zh)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(app.diagnostics.iter().all(|d| d.severity != nianbao::format::Severity::Error));
    let last_year = app.last_year_text().unwrap_or_default().to_owned();
    assert!(last_year.starts_with("一是部分科室主动公开意识不强。"), "{last_year}");
    app.update(nianbao::tui::app::Action::CopyLastYear);
    assert_eq!(v(&app.report, "problems"), "一是部分科室主动公开意识不强。");
    // Typing one count starts the table, and its tallies are checked.
    let o = nianbao(&["set", p(&this), "requests.new.natural_person", "3"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(nianbao(&["check", p(&this)]).status.code(), Some(1));
}

#[test]
fn check_with_previous_warns_at_carried_in_and_in_force() {
    let mut prev = common::sample();
    prev.set(id("proactive.normative_docs.in_force"), Value::Count(Some(21)));
    let mut this = common::sample();
    // The sample's carried_in is not last year's carried_out in general;
    // make every column agree but one.
    for col in
        ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"]
    {
        let out = prev.get(id(&format!("requests.carried_out.{col}"))).clone();
        this.set(id(&format!("requests.carried_in.{col}")), out);
    }
    let carried_out_research = common::count(&prev, "requests.carried_out.research");
    set_count(&mut this, "requests.carried_in.research", carried_out_research + 4);
    set_count(&mut this, "proactive.normative_docs.issued", 3);
    set_count(&mut this, "proactive.normative_docs.repealed", 1);
    set_count(&mut this, "proactive.normative_docs.in_force", 20);
    set_count(&mut this, "proactive.rules.in_force", 0);
    set_count(&mut prev, "proactive.rules.in_force", 0);
    let diags = nianbao::rules::validate_against_previous(&this, &prev);
    let got: Vec<(&str, &str, Option<i64>, Option<i64>)> =
        diags.iter().map(|d| (d.rule, d.address(), d.expected, d.found)).collect();
    let cor = i64::try_from(carried_out_research).unwrap_or(0);
    assert_eq!(
        got,
        vec![
            ("requests.carry_over", "requests.carried_in.research", Some(cor), Some(cor + 4)),
            ("proactive.in_force", "proactive.normative_docs.in_force", Some(23), Some(20)),
        ]
    );
    // Through the CLI the warnings are in the JSON. (This year's carried-in
    // counts were set from last year's without changing this year's other
    // rows, so this year's balances break too: exit 1.)
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (dir.path().join("prev.ron"), dir.path().join("this.ron"));
    io::save(&a, &prev).unwrap_or_else(|e| panic!("{e}"));
    io::save(&b, &this).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["check", p(&b), "--previous", p(&a), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "this year's balances are broken too");
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    let rules: Vec<&str> =
        json["diagnostics"].as_array().into_iter().flatten().filter_map(|d| d["rule"].as_str()).collect();
    assert!(rules.contains(&"requests.carry_over") && rules.contains(&"proactive.in_force"), "{rules:?}");
    assert!(rules.contains(&"requests.balance"), "{rules:?}");
    let o = nianbao(&["check", p(&b)]);
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("carry_over"),
        "no cross-year warnings without --previous"
    );
}

fn small(year: u16, natural: u64, fee: &str) -> Report {
    let mut r = Report::draft("部门", year);
    r.zero_fill(Report::table_cells());
    for row in ["new", "outcome_total", "granted"] {
        set_count(&mut r, &format!("requests.{row}.natural_person"), natural);
        set_count(&mut r, &format!("requests.{row}.total"), natural);
    }
    r.set(id("proactive.fees.amount"), parse_value(Kind::Amount, fee, false).unwrap_or(Value::Amount(None)));
    r.set(id("appeals.review.upheld"), Value::Count(None));
    r
}

#[test]
fn sum_adds_cells_exactly_and_refuses_mixed_years() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (a, b, c) = (dir.path().join("a.ron"), dir.path().join("b.ron"), dir.path().join("c.ron"));
    io::save(&a, &small(2024, 2, "1.25")).unwrap_or_else(|e| panic!("{e}"));
    io::save(&b, &small(2024, 3, "2.5")).unwrap_or_else(|e| panic!("{e}"));
    let mut broken = small(2024, 1, "0.05");
    set_count(&mut broken, "requests.new.total", 9);
    io::save(&c, &broken).unwrap_or_else(|e| panic!("{e}"));
    let total = dir.path().join("total.ron");
    let o = nianbao(&["--lang", "en", "sum", p(&a), p(&b), p(&c), "-o", p(&total), "--organ", "某县"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("c.ron: 2 tally errors"), "{err}");
    assert!(!err.contains("a.ron:"), "{err}");
    let t = io::load(&total).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v(&t, "requests.new.natural_person"), "6");
    assert_eq!(v(&t, "requests.new.total"), "14");
    assert_eq!(v(&t, "proactive.fees.amount"), "3.80");
    assert_eq!(v(&t, "appeals.review.upheld"), "", "empty everywhere stays empty");
    assert_eq!(v(&t, "appeals.review.total"), "0");
    assert_eq!((t.organ(), t.year()), ("某县", Some(2024)));
    assert_eq!(v(&t, "overview.proactive"), "", "narrative is left for the user");
    // Mixed years: refused, nothing written.
    let d = dir.path().join("d.ron");
    io::save(&d, &small(2023, 1, "0")).unwrap_or_else(|e| panic!("{e}"));
    let total2 = dir.path().join("total2.ron");
    let o = nianbao(&["sum", p(&a), p(&d), "-o", p(&total2)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("各报告的年度不同"));
    assert!(!total2.exists());
    // The output is never overwritten.
    assert_eq!(nianbao(&["sum", p(&a), p(&b), "-o", p(&total)]).status.code(), Some(2));
}

#[test]
fn numbers_in_the_narrative_are_checked_against_table_3() {
    let mut r = small(2024, 25, "0");
    r.set(
        id("overview.on_request"),
        Value::Text("2024年，我局共收到政府信息公开申请26件，办结25件，上年结转0件。".to_owned()),
    );
    let d: Vec<_> = nianbao::rules::validate(&r).into_iter().filter(|d| d.rule == "prose.numbers").collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].address(), d[0].expected, d[0].found), ("overview.on_request", Some(25), Some(26)));
    assert!(d[0].message(nianbao::i18n::Lang::Zh).contains("26"));
    let drafted = nianbao::prose::draft_on_request(&r);
    assert!(
        drafted.starts_with(
            "2024年，本机关共收到政府信息公开申请25件，没有上年结转的申请。已办结25件，其中予以公开25件"
        ),
        "{drafted}"
    );
    assert!(drafted.contains("；没有结转下年度继续办理的申请。"), "a carried 0 in words: {drafted}");
    assert!(!drafted.contains("结转0件"), "{drafted}");
    // An empty total counts as the sum of its row.
    let mut open_total = r.clone();
    open_total.set(id("requests.new.total"), Value::Count(None));
    assert!(nianbao::prose::draft_on_request(&open_total).contains("共收到政府信息公开申请25件"));
    // The drafted paragraph agrees with the table, by construction.
    r.set(id("overview.on_request"), Value::Text(drafted));
    assert!(nianbao::rules::validate(&r).iter().all(|d| d.rule != "prose.numbers"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = dir.path().join("r.ron");
    io::save(&f, &r).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["prose", p(&f)]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("共收到政府信息公开申请25件"));
}
