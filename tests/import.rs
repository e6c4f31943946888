//! Import: every real published report in `tests/fixtures/` (portal text,
//! a browser's tab-separated copy, a portal page, an official PDF, a Word
//! file filled from the official template) becomes a draft with the
//! published numbers in the right cells — checked against values read off
//! the sources by hand and written here — and `check` gives the verdict a
//! careful person would; what cannot be placed is listed; the 2019 trial
//! format is refused by name; our own HTML and Markdown read back.

use crate::common;
#[path = "import/hostile.rs"]
mod hostile;

use common::id;
use nianbao::export::{self, Target};
use nianbao::import::{self, ImportError, Note};
use nianbao::model::Report;

fn fixture_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn fixture(name: &str) -> String {
    let path = fixture_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import_file(name: &str) -> import::Imported {
    let bytes = std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("{e}"));
    import::import_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The 表三 rows in the format's order, 7 values each (six applicant
/// columns and the total), read off a published table.
type Requests = [[u64; 7]; 25];

/// Every table cell of `r` equals the published values, and nothing is
/// left empty.
fn assert_tables(r: &Report, proactive: [&str; 10], requests: &Requests, appeals: [u64; 15]) {
    let s = nianbao::format::schema();
    let cell =
        |t: &'static nianbao::format::Table, row: usize, col: usize| r.get(s.cell_id(t, row, col)).display();
    let mut k = 0;
    for (ri, row) in nianbao::format::PROACTIVE.rows.iter().enumerate() {
        for ci in 0..row.columns.len() {
            assert_eq!(
                cell(&nianbao::format::PROACTIVE, ri, ci),
                proactive[k],
                "proactive.{}.{}",
                row.key,
                row.columns[ci].key
            );
            k += 1;
        }
    }
    for ((ri, row), published) in nianbao::format::REQUESTS.rows.iter().enumerate().zip(requests) {
        for (ci, n) in published.iter().enumerate() {
            assert_eq!(
                cell(&nianbao::format::REQUESTS, ri, ci),
                n.to_string(),
                "requests.{}.{}",
                row.key,
                row.columns[ci].key
            );
        }
    }
    let mut k = 0;
    for (ri, row) in nianbao::format::APPEALS.rows.iter().enumerate() {
        for ci in 0..row.columns.len() {
            assert_eq!(
                cell(&nianbao::format::APPEALS, ri, ci),
                appeals[k].to_string(),
                "appeals.{}.{}",
                row.key,
                row.columns[ci].key
            );
            k += 1;
        }
    }
}

/// The closing summary says every table and every cell was found.
fn assert_complete(imported: &import::Imported) {
    let sum = imported.summary();
    assert_eq!((sum.tables_found, sum.cells_placed), (3, 200), "{sum:?}\n{:?}", imported.notes);
    assert!(imported.complete());
}

/// A row of zeros.
const Z: [u64; 7] = [0; 7];

#[test]
fn pingtan_2022_browser_copy_with_tabs() {
    let imported = import_file("published-2022-pingtan-gwh-tabs.txt");
    let r = &imported.report;
    assert_complete(&imported);
    // Read off the tab-separated copy (lines 27-72 of the fixture).
    let requests: Requests = [
        [71, 3, 0, 0, 0, 0, 74],
        [1, 0, 0, 0, 0, 0, 1],
        [21, 0, 0, 0, 0, 0, 21],
        [8, 1, 0, 0, 0, 0, 9],
        Z,
        Z,
        Z,
        Z,
        [1, 0, 0, 0, 0, 0, 1],
        [2, 0, 0, 0, 0, 0, 2],
        [1, 0, 0, 0, 0, 0, 1],
        Z,
        [37, 0, 0, 0, 0, 0, 37],
        Z,
        Z,
        Z,
        Z,
        Z,
        Z,
        Z,
        [2, 0, 0, 0, 0, 0, 2],
        Z,
        [0, 2, 0, 0, 0, 0, 2],
        [72, 3, 0, 0, 0, 0, 75],
        Z,
    ];
    assert_tables(
        r,
        ["0", "0", "0", "88", "55", "698", "10690", "2113", "0", "9116.36"],
        &requests,
        [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
    );
    // Heading 四 is misprinted (行政法复议): the table is found by content.
    assert!(errors(r).is_empty(), "all its tallies hold: {:?}", errors(r));
    assert!(v(r, "overview.lead").starts_with("2022年，平潭综合实验区坚持以习近平"));
    assert!(v(r, "overview.proactive").starts_with("平潭综合实验区切实落实国务院办公厅"));
    // 收到75件 counts the request carried over (74 new + 1): no warning.
    let prose: Vec<_> =
        nianbao::rules::validate(r).into_iter().filter(|d| d.rule == "prose.numbers").collect();
    assert!(prose.is_empty(), "{prose:?}");
}

#[test]
fn pingtan_2023_portal_page_with_cells_in_paragraphs() {
    let imported = import_file("published-2023-pingtan-gwh.html");
    let r = &imported.report;
    assert_complete(&imported);
    // Read off the page's <table>s.
    let requests: Requests = [
        [80, 1, 0, 0, 0, 0, 81],
        Z,
        [22, 0, 0, 0, 0, 0, 22],
        [19, 1, 0, 0, 0, 0, 20],
        Z,
        Z,
        Z,
        [1, 0, 0, 0, 0, 0, 1],
        Z,
        [1, 0, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 0, 0, 1],
        [2, 0, 0, 0, 0, 0, 2],
        [31, 0, 0, 0, 0, 0, 31],
        Z,
        Z,
        Z,
        [1, 0, 0, 0, 0, 0, 1],
        Z,
        Z,
        Z,
        [1, 0, 0, 0, 0, 0, 1],
        Z,
        [1, 0, 0, 0, 0, 0, 1],
        [80, 1, 0, 0, 0, 0, 81],
        Z,
    ];
    assert_tables(
        r,
        ["0", "0", "0", "77", "132", "470", "2629", "1330", "54", "5949.088667"],
        &requests,
        [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2],
    );
    assert!(errors(r).is_empty(), "{:?}", errors(r));
    assert!(v(r, "problems").starts_with("存在的问题主要有以下几个方面"));
    assert_eq!(v(r, "other_matters"), "2023年，无收取信息处理费情况。");
}

#[test]
fn huaian_2024_official_pdf() {
    let imported = import_file("published-2024-huaian-szf.pdf");
    let r = &imported.report;
    assert_complete(&imported);
    assert_eq!((r.organ(), r.year()), ("淮安市人民政府", Some(2024)));
    // Read off the PDF rendered with pdftoppm (pages 3-5).
    let requests: Requests = [
        [3001, 53, 0, 0, 61, 4, 3119],
        [34, 0, 0, 0, 0, 0, 34],
        [1288, 21, 0, 0, 50, 3, 1362],
        [447, 7, 0, 0, 0, 0, 454],
        [2, 0, 0, 0, 0, 0, 2],
        [30, 1, 0, 0, 0, 0, 31],
        [5, 0, 0, 0, 0, 0, 5],
        [6, 0, 0, 0, 0, 0, 6],
        [7, 1, 0, 0, 0, 0, 8],
        [12, 0, 0, 0, 0, 0, 12],
        [9, 0, 0, 0, 0, 0, 9],
        [105, 0, 0, 0, 0, 0, 105],
        [746, 12, 0, 0, 10, 1, 769],
        [11, 0, 0, 0, 0, 0, 11],
        [1, 0, 0, 0, 0, 0, 1],
        [56, 6, 0, 0, 0, 0, 62],
        [25, 0, 0, 0, 0, 0, 25],
        Z,
        Z,
        [1, 0, 0, 0, 0, 0, 1],
        [67, 3, 0, 0, 1, 0, 71],
        [6, 0, 0, 0, 0, 0, 6],
        [108, 2, 0, 0, 0, 0, 110],
        [2932, 53, 0, 0, 61, 4, 3050],
        [103, 0, 0, 0, 0, 0, 103],
    ];
    assert_tables(
        r,
        ["1", "0", "11", "8", "26", "66", "447228", "3985758", "88283", "96171.6"],
        &requests,
        [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20],
    );
    assert!(errors(r).is_empty(), "{:?}", errors(r));
    // Page numbers dropped, hard-wrapped lines joined with no space inserted.
    let preamble = v(r, "preamble");
    assert!(
        preamble
            .starts_with("本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第711号）"),
        "{preamble}"
    );
    assert!(!preamble.contains("- 1-"));
    assert!(v(r, "overview.lead").ends_with("圆满完成了各项任务。"));
    assert!(v(r, "overview.proactive").starts_with("2024年，市政府网站主动公开各类政府信息5500余条"));
    assert!(v(r, "overview.on_request").contains("全市共受理政府信息公开申请3119件"));
    assert!(v(r, "other_matters").contains("全年收取政府信息公开信息处理费3940元"));
    // 共受理3119件 is new requests; 答复3050件（含上年度结转申请34件） holds too.
    let prose: Vec<_> =
        nianbao::rules::validate(r).into_iter().filter(|d| d.rule == "prose.numbers").collect();
    assert!(prose.is_empty(), "{prose:?}");
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
    let src = fixture_path("published-2025-shanghai-bgt.txt");
    let run = || {
        Command::new(bin)
            .args(["--lang", "en", "import", src.to_str().unwrap_or(""), "-o", out.to_str().unwrap_or("")])
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let o = run();
    assert_eq!(o.status.code(), Some(1), "a draft was written, but one cell (the lost `?`) is missing");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("tables 3/3, cells 199/200"), "{err}");
    assert!(err.contains("line 47: proactive.rules.repealed holds “?”, not a number; left empty"), "{err}");
    let check = Command::new(bin)
        .args(["check", out.to_str().unwrap_or("")])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check.status.code(), Some(0), "published tallies hold");
    let before = std::fs::read(&out).ok();
    assert_eq!(run().status.code(), Some(2), "an existing draft is not overwritten");
    assert_eq!(std::fs::read(&out).ok(), before);
    let src19 = fixture_path("published-2019-shanghai-bgt.txt");
    let o = Command::new(bin)
        .args(["import", src19.to_str().unwrap_or(""), "-o", dir.path().join("x.ron").to_str().unwrap_or("")])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("x.ron").exists());
}

/// A portal copy as a PDF viewer, WPS or `pdftotext` without `-layout`
/// gives it: every cell on its own line (the fixtures' provenance lines
/// kept as they are).
fn one_cell_per_line(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("# ") || !line.contains(['|', '\t']) {
            out.push(line.to_owned());
        } else {
            out.extend(line.split(['|', '\t']).map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned));
        }
    }
    out.join("\n")
}

#[test]
fn one_cell_per_line_copies_of_real_reports_import_exactly() {
    for name in [
        "published-2021-fuxin-coal-bureau.txt",
        "published-2022-pingtan-gwh-tabs.txt",
        "published-2025-shanghai-bgt.txt",
    ] {
        let text = fixture(name);
        let whole = import::import(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let lines = one_cell_per_line(&text);
        assert!(lines.lines().count() > text.lines().count() + 150, "{name}: really one cell a line");
        let back = import::import(&lines).unwrap_or_else(|e| panic!("{name}: {e}"));
        let differ: Vec<String> = whole
            .report
            .differences(&back.report)
            .iter()
            .map(|&id| nianbao::format::schema().fields[id].address.clone())
            .collect();
        assert!(differ.is_empty(), "{name}: {differ:?}");
        assert_eq!(back.complete(), whole.complete(), "{name}: {:?}", back.notes);
    }
}

/// Blank cells leave no line of their own in such a copy, so where a row
/// had them the values cannot be placed: the row is left empty and said,
/// never shifted into the wrong columns.
#[test]
fn one_cell_per_line_with_blank_cells_never_places_a_wrong_number() {
    let text = fixture("published-2023-shuyang-fgj.txt");
    let whole = import::import(&text).unwrap_or_else(|e| panic!("{e}"));
    let back = import::import(&one_cell_per_line(&text)).unwrap_or_else(|e| panic!("{e}"));
    assert!(!back.complete(), "the rows with blanks are said to be incomplete");
    for id in nianbao::model::Report::table_cells() {
        let got = back.report.get(id);
        assert!(
            got.is_empty() || got == whole.report.get(id),
            "{}: {} where the report has {}",
            nianbao::format::schema().fields[id].address,
            got.display(),
            whole.report.get(id).display()
        );
    }
}
