//! Import: every 2021-format fixture becomes a draft with the published
//! numbers in the right cells; what cannot be placed is listed; the 2019
//! trial format is refused by name; our own HTML and Markdown read back.

mod common;

use common::id;
use nianbao::export::{self, Target};
use nianbao::import::{self, ImportError, Note};
use nianbao::model::Report;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn v(r: &Report, address: &str) -> String {
    r.get(id(address)).display()
}

fn errors(r: &Report) -> Vec<String> {
    nianbao::rules::validate(r)
        .into_iter()
        .filter(|d| d.severity == nianbao::format::Severity::Error)
        .map(|d| format!("{} {}", d.rule, d.address()))
        .collect()
}

#[test]
fn fuxin_imports_to_exactly_the_hand_transcribed_example() {
    let imported =
        import::import(&fixture("published-2021-fuxin-coal-bureau.txt")).unwrap_or_else(|e| panic!("{e}"));
    let example = nianbao::io::load(&common::example("fuxin-2021.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.report, example);
    // The year was not in a title: it is taken from the preamble, and said so.
    assert_eq!(
        imported.notes,
        vec![Note::Guessed { address: "meta.year", value: "2021".to_owned(), from: "preamble" }]
    );
    // Exported as text, the published numbers come back: 行政处罚 2, all else 0.
    let txt = export::render(&imported.report, Target::Txt);
    assert!(txt.contains("|行政处罚      |                                     2|"), "{txt}");
    assert_eq!(txt, export::render(&example, Target::Txt));
}

#[test]
fn shuyang_keeps_blank_cells_empty_and_lists_them() {
    let imported =
        import::import(&fixture("published-2023-shuyang-fgj.txt")).unwrap_or_else(|e| panic!("{e}"));
    let r = &imported.report;
    assert_eq!(r.organ(), "沭阳县发展和改革局");
    assert_eq!(r.year(), Some(2023));
    assert_eq!(v(r, "meta.date"), "2024年1月17日");
    // 规范性文件 is the statute's 行政规范性文件.
    assert_eq!(
        (v(r, "proactive.normative_docs.issued"), v(r, "proactive.normative_docs.in_force")),
        ("8".into(), "18".into())
    );
    for a in [
        "requests.new.natural_person",
        "requests.new.total",
        "requests.granted.natural_person",
        "requests.outcome_total.total",
    ] {
        assert_eq!(v(r, a), "26", "{a}");
    }
    assert_eq!(v(r, "requests.new.commercial"), "", "blank in the published table, not invented as 0");
    assert_eq!((v(r, "appeals.review.pending"), v(r, "appeals.review.total")), ("1".into(), "1".into()));
    let blank = imported.notes.iter().find_map(|n| match n {
        Note::Blank { addresses } => Some(addresses.len()),
        _ => None,
    });
    assert_eq!(blank, Some(25 * 5), "the five legal-person columns of all 25 rows");
    // Reworded headings still land in the right fields.
    assert!(
        v(r, "overview.lead").starts_with("2023年，县发展和改革局认真贯彻执行"),
        "the lead paragraph of 一 has its own field"
    );
    assert!(!v(r, "overview.proactive").contains("县发展和改革局认真贯彻执行"), "not merged into （一）");
    assert!(v(r, "overview.management").starts_with("我局所有发布信息均按照"));
    assert!(v(r, "overview.oversight").starts_with("不断完善公共诉求服务"));
    assert!(v(r, "problems").starts_with("（一）存在的主要问题。"));
    assert_eq!(
        v(r, "other_matters"),
        "2023年度，县发展和改革局政府信息公开未发生收费情况。",
        "the signature is not part of 六"
    );
    assert!(errors(r).is_empty(), "{:?}", errors(r));
}

#[test]
fn shanghai_reports_remarks_and_the_lost_cell() {
    let imported =
        import::import(&fixture("published-2025-shanghai-bgt.txt")).unwrap_or_else(|e| panic!("{e}"));
    let r = &imported.report;
    assert_eq!((r.organ(), r.year()), ("上海市人民政府办公厅", Some(2025)));
    assert_eq!(v(r, "requests.new.total"), "1295");
    assert_eq!(v(r, "requests.carried_in.total"), "189");
    assert_eq!(v(r, "requests.outcome_total.total"), "1191");
    assert_eq!(v(r, "requests.other_misc.natural_person"), "264");
    assert_eq!(v(r, "requests.carried_out.total"), "293");
    assert_eq!(v(r, "appeals.review.upheld"), "40");
    assert_eq!(v(r, "appeals.suit_after_review.total"), "22");
    assert_eq!(v(r, "proactive.rules.issued"), "22");
    assert_eq!(v(r, "proactive.rules.repealed"), "", "the lost cell stays empty");
    assert_eq!(v(r, "proactive.normative_docs.repealed"), "55");
    assert!(imported.notes.contains(&Note::Unreadable {
        line: 47,
        address: "proactive.rules.repealed".into(),
        text: "?".into()
    }));
    assert!(imported.notes.contains(&Note::Annotated {
        line: 47,
        address: "proactive.rules.issued".into(),
        text: "22（其中修订16件）".into()
    }));
    assert!(
        imported
            .notes
            .iter()
            .any(|n| matches!(n, Note::UnplacedText { text, .. } if text.starts_with("注：")))
    );
    // 五's heading was lost in extraction; its text is still found.
    assert!(v(r, "problems").starts_with("（一）2024年工作中存在问题的改进情况"));
    assert!(errors(r).is_empty(), "{:?}", errors(r));
}

#[test]
fn the_2019_trial_format_is_refused_by_name() {
    let e = import::import(&fixture("published-2019-shanghai-bgt.txt")).map(|_| ());
    assert!(matches!(e, Err(ImportError::TrialFormat { marker: "本年新制作数量", .. })), "{e:?}");
    let msg = e.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("2019 trial format"), "{msg}");
}

#[test]
fn text_that_is_not_a_report_is_refused() {
    assert_eq!(import::import("hello\nworld").map(|_| ()), Err(ImportError::NotAReport));
}

fn zero_filled(name: &str) -> Report {
    let mut r = nianbao::io::load(&common::example(name)).unwrap_or_else(|e| panic!("{e}"));
    r.zero_fill(Report::table_cells());
    r
}

#[test]
fn our_own_html_and_markdown_read_back_to_the_same_report() {
    for name in ["broken-tallies.ron", "fuxin-2021.ron"] {
        // Export prints empty cells as 0, so that is what comes back.
        let expected = zero_filled(name);
        for target in [Target::Html, Target::Md] {
            let text = export::render(&expected, target);
            let back = import::import(&text).unwrap_or_else(|e| panic!("{name} {target:?}: {e}"));
            assert!(back.notes.is_empty(), "{name} {target:?}: {:?}", back.notes);
            assert_eq!(back.report, expected, "{name} {target:?}");
        }
    }
}

#[test]
fn import_cli_writes_a_draft_lists_notes_and_never_overwrites() {
    use std::process::Command;
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("sh.ron");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/published-2025-shanghai-bgt.txt");
    let run = || {
        Command::new(bin)
            .args(["--lang", "en", "import", src.to_str().unwrap_or(""), "-o", out.to_str().unwrap_or("")])
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let o = run();
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 47: proactive.rules.repealed holds “?”, not a number; left empty"), "{err}");
    let check = Command::new(bin)
        .args(["check", out.to_str().unwrap_or("")])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check.status.code(), Some(0), "published tallies hold");
    let before = std::fs::read(&out).ok();
    assert_eq!(run().status.code(), Some(2), "an existing draft is not overwritten");
    assert_eq!(std::fs::read(&out).ok(), before);
    let src19 = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/published-2019-shanghai-bgt.txt");
    let o = Command::new(bin)
        .args(["import", src19.to_str().unwrap_or(""), "-o", dir.path().join("x.ron").to_str().unwrap_or("")])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("x.ron").exists());
}
