//! The review desk: a county's folder as it arrives in January — drafts,
//! Word and HTML exports of drafts, one organ's report sent twice, a
//! damaged PDF — with last year's folder and a roster. Every row's verdict
//! against `check` of the same report, the missing and the duplicates, the
//! cross-year break planted, the exit status, the overview page, the
//! total, and nothing written beside the submitted files.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{id, nianbao, s, stderr, stdout};
use nianbao::model::{Report, Value};
use std::process::Command;

const COAL: &str = "阜新市煤炭工业转型发展局";
const EDU: &str = "阜新市教育局";
const WATER: &str = "阜新市水利局";
const HEALTH: &str = "阜新市卫生健康委员会";
const MISSING: &str = "阜新市民政局";

fn example() -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fuxin-2021.ron");
    nianbao::io::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// The example under another organ's name, with `n` requests from
/// natural persons received and granted (the tallies kept).
fn with_organ(organ: &str, year: u64, n: u64) -> Report {
    let mut r = example();
    r.set(id("meta.organ"), Value::Text(organ.to_owned()));
    r.set(id("meta.year"), Value::Count(Some(year)));
    for row in ["new", "granted", "outcome_total"] {
        for col in ["natural_person", "total"] {
            r.set(id(&format!("requests.{row}.{col}")), Value::Count(Some(n)));
        }
    }
    r
}

/// Last year's report for `this`, agreeing with it across the years:
/// carried out what this one carries in, documents in force that this
/// year's issued and repealed lead to.
fn last_year_of(this: &Report) -> Report {
    let mut last = this.clone();
    let year = this.year().unwrap_or(2021) - 1;
    last.set(id("meta.year"), Value::Count(Some(year)));
    for col in
        ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"]
    {
        let v = this.get(id(&format!("requests.carried_in.{col}"))).clone();
        last.set(id(&format!("requests.carried_out.{col}")), v);
    }
    for row in nianbao::format::PROACTIVE.rows {
        let cell = |c: &str| format!("proactive.{}.{c}", row.key);
        let Some(in_force) = nianbao::format::schema().lookup(&cell("in_force")) else { continue };
        let before = (count(this, &cell("in_force")) + count(this, &cell("repealed")))
            .saturating_sub(count(this, &cell("issued")));
        last.set(in_force, Value::Count(Some(before)));
    }
    last
}

fn count(r: &Report, address: &str) -> u64 {
    match r.get(id(address)) {
        Value::Count(n) => n.unwrap_or(0),
        other => panic!("{address}: {other:?}"),
    }
}

fn save(r: &Report, path: &Path) {
    nianbao::io::create(path, r).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn export(draft: &Path, to: &str, out: &Path) {
    let o = nianbao(&["export", s(draft), "--to", to, "-o", s(out), "--force"]);
    assert!(o.status.success(), "export {to}: {}", stderr(&o));
}

/// Names and sizes of the files in a folder, hidden ones included.
fn listing(dir: &Path) -> BTreeMap<String, u64> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.metadata().map_or(0, |m| m.len())))
        .collect()
}

struct County {
    _dir: tempfile::TempDir,
    this: PathBuf,
    last: PathBuf,
    roster: PathBuf,
    /// A submitted file's name -> the draft it was made from, and last
    /// year's draft it pairs with.
    sources: BTreeMap<&'static str, (PathBuf, Option<PathBuf>)>,
}

fn county() -> County {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let this = dir.path().join("2021");
    let last = dir.path().join("2020");
    let work = dir.path().join("work");
    for d in [&this, &last, &work] {
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut sources = BTreeMap::new();

    // Last year: reports that agree with this year's (carried over, in
    // force), but the coal bureau carried 5 more requests out than this
    // year's report carries in (the planted cross-year break).
    let coal = with_organ(COAL, 2021, 3);
    let mut coal_last = last_year_of(&coal);
    let carried_in = count(&coal, "requests.carried_in.natural_person");
    coal_last.set(id("requests.carried_out.natural_person"), Value::Count(Some(carried_in + 5)));
    let coal_last_path = last.join("coal-2020.ron");
    save(&coal_last, &coal_last_path);
    let edu = with_organ(EDU, 2021, 5);
    let edu_last = last_year_of(&edu);
    let edu_last_path = last.join("edu-2020.ron");
    save(&edu_last, &edu_last_path);

    // This year: a draft, a Word file, a portal page with a broken tally,
    // one report twice, a damaged PDF.
    let coal_path = this.join("coal.ron");
    save(&coal, &coal_path);
    sources.insert("coal.ron", (coal_path, Some(coal_last_path)));
    let edu_draft = work.join("edu.ron");
    save(&edu, &edu_draft);
    export(&edu_draft, "docx", &this.join("edu.docx"));
    sources.insert("edu.docx", (edu_draft, Some(edu_last_path)));
    let mut water = with_organ(WATER, 2021, 7);
    let n = count(&water, "requests.new.natural_person");
    water.set(id("requests.new.natural_person"), Value::Count(Some(n + 1)));
    let water_draft = work.join("water.ron");
    save(&water, &water_draft);
    export(&water_draft, "html", &this.join("water.html"));
    sources.insert("water.html", (water_draft, None));
    let health = with_organ(HEALTH, 2021, 11);
    for name in ["health.ron", "health-copy.ron"] {
        save(&health, &this.join(name));
        sources.insert(name, (this.join(name), None));
    }
    std::fs::write(this.join("scan.pdf"), b"%PDF-1.4\n1 0 obj broken").unwrap_or_else(|e| panic!("{e}"));

    let roster = dir.path().join("roster.txt");
    std::fs::write(&roster, format!("{COAL}\n{EDU}\n{WATER}\n{HEALTH}\n\n{MISSING}\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    County { _dir: dir, this, last, roster, sources }
}

fn review_json(c: &County) -> (serde_json::Value, i32) {
    let o = nianbao(&[
        "review",
        s(&c.this),
        "--previous",
        s(&c.last),
        "--roster",
        s(&c.roster),
        "--format",
        "json",
    ]);
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(&o), stderr(&o)));
    (v, o.status.code().unwrap_or(-1))
}

/// A review's JSON record of the file whose name ends in `name`.
fn row_of(v: &serde_json::Value, name: &str) -> serde_json::Value {
    v["reports"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["file"].as_str().is_some_and(|f| f.ends_with(name))))
        .cloned()
        .unwrap_or_else(|| panic!("no row for {name}: {v:#}"))
}

/// (errors, warnings) that `check` reports for a draft.
fn check_counts(draft: &Path, previous: Option<&Path>) -> (u64, u64) {
    let mut args = vec!["check", s(draft), "--format", "json"];
    if let Some(p) = previous {
        args.extend(["--previous", s(p)]);
    }
    let o = nianbao(&args);
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    let diags = v["diagnostics"].as_array().cloned().unwrap_or_default();
    let n = |sev: &str| diags.iter().filter(|d| d["severity"] == sev).count() as u64;
    (n("error"), n("warning"))
}

#[test]
fn every_report_is_judged_as_check_judges_it() {
    let c = county();
    let (v, status) = review_json(&c);
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(6), "{v:#}");
    for (name, (draft, last)) in &c.sources {
        let row = row_of(&v, name);
        let (errors, warnings) = check_counts(draft, last.as_deref());
        assert_eq!(row["errors"].as_u64(), Some(errors), "{name}: {row:#}");
        assert_eq!(row["warnings"].as_u64(), Some(warnings), "{name}: {row:#}");
        let expected_status = if errors > 0 {
            "errors"
        } else if warnings > 0 {
            "warnings"
        } else {
            "ok"
        };
        assert_eq!(row["status"], expected_status, "{name}: {row:#}");
    }
    assert_eq!(row_of(&v, "edu.docx")["form"], "docx");
    assert_eq!(row_of(&v, "water.html")["form"], "html");
    assert_eq!(row_of(&v, "water.html")["status"], "errors", "the broken tally is found in the portal page");
    let scan = row_of(&v, "scan.pdf");
    assert_eq!(scan["status"], "unreadable");
    assert!(scan["error"].as_str().is_some_and(|e| e.contains("scan.pdf")), "{scan:#}");
    assert_eq!(status, 1, "errors, an unreadable file, one missing, one sent twice");
}

#[test]
fn the_cross_year_break_is_found_for_the_pair_and_only_there() {
    let c = county();
    let (v, _) = review_json(&c);
    let coal = row_of(&v, "coal.ron");
    assert!(coal["previous"].as_str().is_some_and(|p| p.ends_with("coal-2020.ron")), "{coal:#}");
    let cross = coal["cross_year"].as_array().cloned().unwrap_or_default();
    assert_eq!(cross.len(), 1, "{coal:#}");
    assert_eq!(cross[0]["rule"], nianbao::format::RULE_CARRY_OVER);
    assert_eq!(cross[0]["cell"], "requests.carried_in.natural_person");
    assert_eq!(cross[0]["last"].as_i64(), cross[0]["this"].as_i64().map(|n| n + 5), "{cross:#?}");
    let edu = row_of(&v, "edu.docx");
    assert!(edu["previous"].as_str().is_some_and(|p| p.ends_with("edu-2020.ron")), "{edu:#}");
    assert_eq!(edu["cross_year"].as_array().map(Vec::len), Some(0), "{edu:#}");
    assert!(row_of(&v, "water.html")["previous"].is_null(), "no report of last year for the water bureau");
}

#[test]
fn the_missing_and_the_duplicates_are_listed() {
    let c = county();
    let (v, _) = review_json(&c);
    assert_eq!(v["missing"], serde_json::json!([MISSING]), "{v:#}");
    let dups = v["duplicates"].as_array().cloned().unwrap_or_default();
    assert_eq!(dups.len(), 1, "{v:#}");
    let files: Vec<&str> = dups[0].as_array().into_iter().flatten().filter_map(|f| f.as_str()).collect();
    assert!(files.len() == 2 && files.iter().all(|f| f.contains("health")), "{files:?}");
    // The text table says the same, in Chinese.
    let o = nianbao(&["review", s(&c.this), "--previous", s(&c.last), "--roster", s(&c.roster)]);
    let text = stdout(&o);
    assert!(text.contains(&format!("未报送：{MISSING}")), "{text}");
    assert!(text.contains("重复报送：health-copy.ron、health.ron"), "{text}");
    for organ in [COAL, EDU, WATER, HEALTH] {
        assert!(text.contains(organ), "{organ} in\n{text}");
    }
    // The last row of the table is the total: four organs summed (the
    // health bureau once), their new requests 3 + 5 + 7 + 11.
    let total =
        text.lines().find(|l| l.starts_with("合计")).unwrap_or_else(|| panic!("no total row:\n{text}"));
    assert!(total.contains("4 份") && total.split_whitespace().any(|w| w == "26"), "{total}");
    let totals = &v["totals"];
    assert_eq!(totals["summed"], 4, "{totals}");
    assert_eq!(totals["requests_new"], 26, "{totals}");
}

#[test]
fn nothing_is_written_beside_the_submitted_files() {
    let c = county();
    let before = listing(&c.this);
    let before_last = listing(&c.last);
    let (_, _) = review_json(&c);
    assert_eq!(listing(&c.this), before);
    assert_eq!(listing(&c.last), before_last);
}

#[test]
fn the_overview_page_names_every_organ_and_draws_its_charts() {
    let c = county();
    let page = c.this.parent().unwrap_or(Path::new("/")).join("overview.html");
    let o =
        nianbao(&["review", s(&c.this), "--previous", s(&c.last), "--roster", s(&c.roster), "-o", s(&page)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{e}"));
    for organ in [COAL, EDU, WATER, HEALTH, MISSING] {
        assert!(html.contains(organ), "{organ}");
    }
    assert_eq!(html.matches("<svg").count(), 3, "requests per organ, outcomes, change from last year");
    assert!(!html.contains("<script"), "no script");
    let external = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !external.contains("http://") && !external.contains("https://"),
        "nothing fetched from a network"
    );
    assert!(html.contains("@page{size:A4"), "A4 print styles");
    assert!(html.contains("<tr class=\"total\">"), "the total as the last row");
    // In a real browser, where one is installed (as for the screenshot in
    // docs/): the page loads offline and every organ is in its DOM.
    if let Some(browser) = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
    {
        let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut cmd = Command::new(browser);
        cmd.args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--dump-dom"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("file://{}", page.display()));
        let o = common::run_within(&mut cmd, std::time::Duration::from_secs(60), "chromium");
        let dom = stdout(&o);
        for organ in [COAL, EDU, WATER, HEALTH, MISSING] {
            assert!(dom.contains(organ), "{organ} in the browser's DOM");
        }
        assert_eq!(dom.matches("<svg").count(), 3, "the charts in the browser's DOM");
    } else {
        eprintln!("skipped the browser check: no chromium on this machine");
    }
    // Each report's problems in plain Chinese, under its organ: the broken
    // tally of the portal page, why the PDF could not be read, and the
    // coal bureau's carry-over from last year.
    let problems =
        html.split("<h2>各报告的问题</h2>").nth(1).unwrap_or_else(|| panic!("no problems section"));
    let of = |name: &str| {
        let start = problems.find(name).unwrap_or_else(|| panic!("{name} in the problems section"));
        let rest = &problems[start..];
        rest[..rest[1..].find("<h3>").map_or(rest.len(), |e| e + 1)].to_owned()
    };
    assert!(
        of("water.html").contains("<li class=\"error\">") && of("water.html").contains("应为前六列之和"),
        "{}",
        of("water.html")
    );
    assert!(of("scan.pdf").contains("scan.pdf") && of("scan.pdf").contains("PDF"), "{}", of("scan.pdf"));
    assert!(of("coal.ron").contains("上年结转应等于上年报告的结转下年度数"), "{}", of("coal.ron"));
    assert!(of("edu.docx").contains("没有发现问题"), "{}", of("edu.docx"));
    // The requests chart has a bar per readable report with its count.
    for n in [">3<", ">5<", ">7<", ">11<"] {
        assert!(html.contains(n), "a bar labelled {n}");
    }
}

#[test]
fn the_total_is_written_as_a_draft_counting_each_organ_once() {
    let c = county();
    let total = c.this.parent().unwrap_or(Path::new("/")).join("total.ron");
    let o = nianbao(&["review", s(&c.this), "--sum", s(&total)]);
    assert!(total.exists(), "{}", stderr(&o));
    let t = nianbao::io::load(&total).unwrap_or_else(|e| panic!("{e}"));
    // coal 3, edu 5, water 7 (one more natural person typed, its total
    // left as it was), health 11 once although sent twice.
    assert_eq!(count(&t, "requests.new.natural_person"), 3 + 5 + 8 + 11);
    assert_eq!(count(&t, "requests.new.total"), 3 + 5 + 7 + 11);
    assert_eq!(count(&t, "requests.granted.total"), 3 + 5 + 7 + 11);
    // Written only where asked: a second run does not overwrite it.
    let o = nianbao(&["review", s(&c.this), "--sum", s(&total)]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("已存在"), "{}", stderr(&o));
}

#[test]
fn a_folder_with_nothing_readable_exits_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("a.pdf"), b"not a pdf").unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["review", s(dir.path()), "--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let empty = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["review", s(empty.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有找到报告文件"), "{}", stderr(&o));
}

/// In a terminal, `review` is an overview screen: one row per report,
/// Enter opens a draft in the wizard, leaving the wizard comes back to
/// the list on the same report; a Word file opens view-only and a save
/// there writes nothing; `/` filters; `q` leaves with the review's exit
/// status. The real binary in a pty, its screen read by a terminal
/// emulator.
#[test]
fn the_overview_screen_opens_a_report_in_the_wizard_and_comes_back() {
    use common::pty::Pty;
    use std::time::Duration;
    let c = county();
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let args = ["review", s(&c.this), "--previous", s(&c.last), "--roster", s(&c.roster)];
    let before = listing(&c.this);
    let mut p = Pty::spawn(bin, &args, c.this.parent().unwrap_or(Path::new("/")), &[], 24, 80);
    p.wait_for("审核汇总");
    for organ in [COAL, EDU, WATER, HEALTH] {
        assert!(p.screen().contains(organ), "{organ}:\n{}", p.screen());
    }
    assert!(p.screen().contains(&format!("未报送：{MISSING}")), "{}", p.screen());
    assert!(p.screen().contains("合计（4 份"), "the total row:\n{}", p.screen());
    // Rows are in file name order: coal.ron is first, and selected.
    let rows: Vec<String> = p.screen().lines().map(str::to_owned).collect();
    assert!(rows[2].contains(COAL), "{}", p.screen());
    // The third row (one of the health bureau's two), into the wizard
    // and back: the list on the same report.
    p.send(b"jj");
    p.wait_for("health-copy.ron");
    p.send(b"\r");
    p.wait_for("nianbao | health-copy.ron");
    p.send(b"\x11");
    p.wait_for("审核汇总");
    let inverse = |p: &Pty, row: u16| p.parser.screen().cell(row, 0).is_some_and(vt100::Cell::inverse);
    assert!(inverse(&p, 4) && !inverse(&p, 2), "the report opened is still selected:\n{}", p.screen());
    // The coal bureau's draft opens with last year's report beside it.
    p.send(b"g");
    p.send(b"\r");
    p.wait_for("nianbao | coal.ron");
    p.wait_for("上年报告");
    p.send(b"\x11");
    p.wait_for("审核汇总");
    // The Word file, view-only: Ctrl-S says why and writes nothing.
    p.send(b"j");
    p.wait_for("edu.docx");
    p.send(b"\r");
    p.wait_for("只读查看");
    p.send(b"\x13");
    p.pump(Duration::from_millis(300));
    assert!(p.screen().contains("不会保存") && !p.screen().contains("已保存"), "{}", p.screen());
    p.send(b"\x11");
    p.wait_for("审核汇总");
    // A filter narrows the list.
    p.send("/水利".as_bytes());
    p.wait_for("筛选：水利");
    assert!(!p.screen().contains(COAL), "{}", p.screen());
    p.send(b"\r");
    p.send(b"q");
    let status = p.exit_within(Duration::from_secs(10)).and_then(|st| st.code());
    assert_eq!(status, Some(1), "{}", p.screen());
    assert_eq!(listing(&c.this), before, "nothing written beside the submitted files");
}

/// On a terminal smaller than the wizard's smallest, the overview says so
/// (as the wizard does) instead of a list with no room for a row.
#[test]
fn the_overview_on_a_too_small_terminal_says_so() {
    use common::pty::Pty;
    let c = county();
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let mut p =
        Pty::spawn(bin, &["review", s(&c.this)], c.this.parent().unwrap_or(Path::new("/")), &[], 12, 50);
    p.wait_for("终端太小：至少需要 60x18，当前 50x12");
    p.send(b"q");
    assert_eq!(p.exit_within(std::time::Duration::from_secs(10)).and_then(|st| st.code()), Some(1));
}

/// What stands in a submitted folder is not always a report: a named pipe
/// (which would block a reader), a link to a device, a link to itself, a
/// file past the size limit, a damaged Word file. Each is a row saying
/// why, in Chinese; the review finishes at once and goes on to the real
/// draft beside them.
#[test]
fn files_that_are_not_reports_are_rows_saying_why_and_the_review_goes_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    save(&with_organ(COAL, 2021, 3), &d.join("coal.ron"));
    for fifo in ["pipe.ron", "pipe.pdf"] {
        let made = Command::new("mkfifo").arg(d.join(fifo)).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    }
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.docx")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("loop.html", d.join("loop.html")).unwrap_or_else(|e| panic!("{e}"));
    let huge = std::fs::File::create(d.join("huge.txt")).unwrap_or_else(|e| panic!("{e}"));
    huge.set_len(nianbao::import::MAX_INPUT_BYTES + 1).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(d.join("cut.docx"), b"PK\x03\x04").unwrap_or_else(|e| panic!("{e}"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    cmd.args(["review", s(d), "--format", "json"]).env("LANG", "C.UTF-8");
    let o = common::run_within(&mut cmd, std::time::Duration::from_secs(30), "review of a hostile folder");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    for (name, why) in [
        ("pipe.ron", "命名管道"),
        ("pipe.pdf", "命名管道"),
        ("zero.docx", "设备"),
        ("loop.html", "符号链接"),
        ("huge.txt", "超过"),
        ("cut.docx", "Word"),
    ] {
        let r = row_of(&v, name);
        assert_eq!(r["status"], "unreadable", "{name}: {r:#}");
        assert!(r["error"].as_str().is_some_and(|e| e.contains(why) && e.contains(name)), "{name}: {r:#}");
    }
    assert_eq!(row_of(&v, "coal.ron")["status"], "ok");
}

/// The real published reports in `fixtures/` (portal text, a tab copy, a
/// portal page, the official PDF), reviewed as a folder: each is read
/// with the organ it names, the 2019 trial-format report is a row saying
/// why it cannot be a draft, and nothing is written among them.
#[test]
fn a_folder_of_real_published_reports_is_reviewed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for e in std::fs::read_dir(&fixtures).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("published-") {
            std::fs::copy(e.path(), dir.path().join(&name)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let before = listing(dir.path());
    let o = nianbao(&["review", s(dir.path()), "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(before.len()), "{v:#}");
    let trial = row_of(&v, "published-2019-shanghai-bgt.txt");
    assert_eq!(trial["status"], "unreadable");
    assert!(trial["error"].as_str().is_some_and(|e| e.contains("2019 年试行格式")), "{trial:#}");
    for (name, organ) in [
        ("published-2021-fuxin-coal-bureau.txt", COAL),
        ("published-2024-huaian-szf.pdf", "淮安市人民政府"),
        ("published-2025-shanghai-bgt.txt", "上海市人民政府办公厅"),
    ] {
        let r = row_of(&v, name);
        assert_eq!(r["organ"], organ, "{r:#}");
        assert_ne!(r["status"], "unreadable", "{r:#}");
    }
    assert_eq!(row_of(&v, "published-2023-pingtan-gwh.html")["form"], "html");
    assert_eq!(row_of(&v, "published-2024-huaian-szf.pdf")["form"], "pdf");
    assert_eq!(listing(dir.path()), before);
}

/// A draft made with `new --from` notes last year's report in a comment;
/// with no `--previous` folder, the review reads that note as `check`
/// does: the same cross-year warnings, one verdict for one draft.
#[test]
fn a_drafts_note_of_last_year_is_read_as_check_reads_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join("in");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    let mut last = with_organ(COAL, 2020, 3);
    last.set(id("requests.carried_out.natural_person"), Value::Count(Some(4)));
    let last_path = dir.path().join("coal-2020.ron");
    save(&last, &last_path);
    let draft = folder.join("coal.ron");
    let o = nianbao(&["new", s(&draft), "--from", s(&last_path), "--year", "2021"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // This year's carried-in changed after the draft was made: a break.
    let o = nianbao(&["set", s(&draft), "requests.carried_in.natural_person", "1"]);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    let (errors, warnings) = check_counts(&draft, None);
    assert!(warnings > 0, "check reads the note");
    let o = nianbao(&["review", s(&folder), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    let r = &v["reports"][0];
    assert_eq!((r["errors"].as_u64(), r["warnings"].as_u64()), (Some(errors), Some(warnings)), "{r:#}");
    let cross = r["cross_year"].as_array().cloned().unwrap_or_default();
    assert!(cross.iter().any(|c| c["cell"] == "requests.carried_in.natural_person"), "{r:#}");
}
