//! Nothing overwrites newer data with older, nothing writes what cannot be
//! read back, saves keep what the file had, and no byte of data reaches a
//! terminal as a control sequence. Each test runs the real binary and
//! reads the file on disk or the raw bytes of its output.

use crate::common;
#[path = "safety/planted.rs"]
mod planted;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{id, nianbao, s, stderr};

fn copy_of(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("draft.ron");
    std::fs::copy(common::example(name), &path).unwrap_or_else(|e| panic!("{e}"));
    (dir, path)
}

fn get(path: &Path, address: &str) -> String {
    let o = nianbao(&["get", s(path), address]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).trim_end().to_owned()
}

#[test]
fn set_refuses_while_a_wizard_holds_the_draft_even_through_a_symlink() {
    let (dir, path) = copy_of("fuxin-2021.ron");
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&path, &link).unwrap_or_else(|e| panic!("{e}"));
    let held = nianbao::io::lock_draft(&path).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).ok();
    for target in [&path, &link] {
        let o = nianbao(&["--lang", "en", "set", s(target), "requests.new.research", "5"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let msg = stderr(&o);
        assert!(msg.contains("already open in another nianbao window"), "{msg}");
        assert!(msg.contains(&format!("pid {}", std::process::id())), "names the holder: {msg}");
        assert!(msg.contains(" since "), "{msg}");
    }
    // Through `..` too.
    let dotted = dir.path().join("sub").join("..").join("draft.ron");
    std::fs::create_dir(dir.path().join("sub")).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["set", s(&dotted), "requests.new.research", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&path).ok(), before, "nothing written while locked");
    drop(held);
    let o = nianbao(&["set", s(&link), "requests.new.research", "5"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(get(&path, "requests.new.research"), "5");
    assert!(
        std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()),
        "the link stays a link"
    );
}

#[test]
fn new_import_and_sum_refuse_a_draft_a_wizard_holds() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("new.ron");
    let held = nianbao::io::lock_draft(&path).unwrap_or_else(|e| panic!("{e}"));
    let example = common::example("fuxin-2021.ron");
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/published-2021-fuxin-coal-bureau.txt");
    for args in [
        vec!["new", s(&path), "--organ", "测试局"],
        vec!["sum", s(&example), "-o", s(&path)],
        vec!["import", s(&page), "-o", s(&path)],
    ] {
        let o = nianbao(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("已在另一个 nianbao 窗口中打开"), "{args:?}: {}", stderr(&o));
        assert!(!path.exists());
    }
    drop(held);
}

#[test]
fn a_crlf_file_with_a_bom_loads_and_keeps_both_on_save() {
    let (_dir, path) = copy_of("fuxin-2021.ron");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    std::fs::write(&path, windows.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["check", s(&path)]);
    assert_eq!(o.status.code(), Some(0), "a Notepad file loads: {}", String::from_utf8_lossy(&o.stdout));
    let o = nianbao(&["set", s(&path), "requests.new.research", "0"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(after.starts_with("\u{feff}".as_bytes()), "the BOM stays");
    let lf = after.split(|&b| b == b'\n').count() - 1;
    let crlf = after.windows(2).filter(|w| w == b"\r\n").count();
    assert!(lf > 10 && lf == crlf, "every line ends in CRLF ({crlf} of {lf})");
    assert_eq!(get(&path, "requests.new.research"), "0");
}

#[test]
fn a_read_only_draft_is_not_rewritten() {
    let (_dir, path) = copy_of("fuxin-2021.ron");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).ok();
    let o = nianbao(&["--lang", "en", "set", s(&path), "requests.new.research", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&path).ok(), before);
}

#[test]
fn a_save_keeps_mode_and_owner_and_the_recovery_file_is_never_wider() {
    let (_dir, path) = copy_of("fuxin-2021.ron");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap_or_else(|e| panic!("{e}"));
    let is_root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if is_root {
        std::os::unix::fs::chown(&path, Some(12345), Some(23456)).unwrap_or_else(|e| panic!("{e}"));
    }
    let o = nianbao(&["set", s(&path), "requests.new.research", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let meta = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    if is_root {
        assert_eq!((meta.uid(), meta.gid()), (12345, 23456), "owner and group kept");
    }
    let report = nianbao::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let rec = nianbao::io::Recovery { report, draft: None, pending: None };
    nianbao::io::write_recovery(&path, &rec).unwrap_or_else(|e| panic!("{e}"));
    let rmeta = std::fs::metadata(nianbao::io::recovery_path(&path)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rmeta.permissions().mode() & 0o777, 0o640, "the draft's mode, never wider");
}

#[test]
fn a_temp_file_left_by_a_killed_save_is_cleaned_up_and_never_blocks() {
    let (dir, path) = copy_of("fuxin-2021.ron");
    // A save killed between creating and renaming its temporary file, by a
    // process that is gone (pid 4194304 is above Linux's pid_max).
    let stale = dir.path().join(".draft.ron.4194304.tmp");
    std::fs::write(&stale, "half a draft").unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["set", s(&path), "requests.new.research", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stale.exists(), "the leftover is removed");
    assert_eq!(get(&path, "requests.new.research"), "2");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn export_never_overwrites_a_draft_the_input_or_an_existing_file() {
    let (dir, path) = copy_of("fuxin-2021.ron");
    let other = dir.path().join("other.ron");
    std::fs::copy(&path, &other).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).ok();
    let other_before = std::fs::read(&other).ok();
    for (out, force) in [(&path, false), (&path, true), (&other, true)] {
        let mut args = vec!["export", s(&path), "--to", "html", "-o", s(out)];
        if force {
            args.push("--force");
        }
        let o = nianbao(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    assert_eq!(std::fs::read(&path).ok(), before);
    assert_eq!(std::fs::read(&other).ok(), other_before);
    let page = dir.path().join("page.html");
    std::fs::write(&page, "old page").unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["--lang", "en", "export", s(&path), "--to", "html", "-o", s(&page)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&page).ok().as_deref(), Some("old page"));
    let o = nianbao(&["export", s(&path), "--to", "html", "-o", s(&page), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&page).is_ok_and(|t| t.contains("<table")));
}

#[test]
fn sum_that_overflows_a_count_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut big = nianbao::model::Report::draft("甲", 2024);
    big.set(id("requests.new.natural_person"), nianbao::model::Value::Count(Some(nianbao::model::MAX_COUNT)));
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    nianbao::io::save(&a, &big).unwrap_or_else(|e| panic!("{e}"));
    nianbao::io::save(&b, &big).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("total.ron");
    let o = nianbao(&["sum", s(&a), s(&b), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let msg = stderr(&o);
    assert!(msg.contains("requests.new.natural_person") && msg.contains("1999999998"), "{msg}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_draft_that_would_not_load_back_is_never_written() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("x.ron");
    let mut r = nianbao::model::Report::draft("甲", 2024);
    r.set(id("meta.year"), nianbao::model::Value::Count(Some(1900)));
    let e = nianbao::io::create(&path, &r).err().unwrap_or_else(|| panic!("written"));
    assert!(e.to_string().contains("could not be read back"), "{e}");
    assert!(!path.exists());
}

#[test]
fn get_into_a_closed_pipe_exits_quietly() {
    let example = common::example("fuxin-2021.ron");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["get", s(&example), "overview.on_request"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
}

const OSC_TITLE: &str = "\x1b]0;pwned\x07";

#[test]
fn control_sequences_in_data_and_file_names_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(format!("evil{OSC_TITLE}.ron"));
    let mut r = nianbao::model::Report::draft(&format!("某局{OSC_TITLE}\u{202e}"), 2024);
    r.set(id("overview.on_request"), nianbao::model::Value::Text(format!("收到1件{OSC_TITLE}")));
    nianbao::io::save(&path, &r).unwrap_or_else(|e| panic!("{e}"));
    let bad_address = format!("meta.{OSC_TITLE}");
    let runs: Vec<Vec<&str>> = vec![
        vec!["get", s(&path), "meta.organ"],
        vec!["get", s(&path), "overview.on_request"],
        vec!["check", s(&path)],
        vec!["export", s(&path), "--to", "md", "--force"],
        vec!["prose", s(&path)],
        vec!["set", s(&path), "requests.new.research", "x\x1b[2J"],
        vec!["get", s(&path), &bad_address],
    ];
    for args in runs {
        let o = nianbao(&args);
        for stream in [&o.stdout, &o.stderr] {
            assert!(
                !stream.contains(&0x1b),
                "{args:?} printed an escape: {:?}",
                String::from_utf8_lossy(stream)
            );
            assert!(
                !String::from_utf8_lossy(stream).contains('\u{202e}'),
                "{args:?} printed a bidi override"
            );
        }
    }
    // The stored data keeps the original.
    let back = nianbao::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(back.organ().contains(OSC_TITLE));
}

#[test]
fn an_imported_page_with_escapes_prints_none() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = dir.path().join("page.txt");
    std::fs::write(
        &page,
        format!(
            "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文{OSC_TITLE}\n|未知的行{OSC_TITLE}|1|2|\n"
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("d.ron");
    let o = nianbao(&["import", s(&page), "-o", s(&out)]);
    assert!(!o.stderr.contains(&0x1b) && !o.stdout.contains(&0x1b), "{}", stderr(&o));
}

#[test]
fn markdown_export_escapes_raw_html_in_user_text() {
    let (_dir, path) = copy_of("fuxin-2021.ron");
    let o = nianbao(&["set", s(&path), "overview.proactive", "公开<script>alert(1)</script>目录"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = nianbao(&["export", s(&path), "--to", "md", "--force"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
}

/// The numbers-in-prose scan and the rest of `check` (and the wizard's
/// first screen, which runs it) grow linearly: doubling the narrative at
/// most doubles the time, measured as a ratio in one run, the best of
/// several, so the machine's speed does not matter. A quadratic scan gives
/// a ratio near 4.
#[test]
fn check_is_linear_in_the_narrative() {
    let path = std::path::Path::new("draft.ron");
    let time = |n: usize| {
        let mut r = nianbao::model::Report::draft("甲", 2024);
        r.set(id("overview.on_request"), nianbao::model::Value::Text("收到1件".repeat(n)));
        (0..9)
            .map(|_| {
                let t = std::time::Instant::now();
                std::hint::black_box(nianbao::rules::validate(&r));
                std::hint::black_box(nianbao::tui::app::App::new(r.clone(), path, nianbao::i18n::Lang::Zh));
                t.elapsed()
            })
            .min()
            .unwrap_or_default()
    };
    // Two doublings; a quadratic scan gives about 4 for both, so the
    // smaller of the two ratios is what noise on a busy machine cannot fake.
    let (a, b, c) = (time(5_000), time(10_000), time(20_000));
    let ratio = |x: std::time::Duration, y: std::time::Duration| y.as_secs_f64() / x.as_secs_f64().max(1e-9);
    let best = ratio(a, b).min(ratio(b, c));
    assert!(best < 3.0, "doubling the text multiplied the time by {best:.1} ({a:?} → {b:?} → {c:?})");
}

#[test]
fn import_of_a_year_out_of_range_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = dir.path().join("old.txt");
    std::fs::write(&page, "某局1999年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n规章 | 1 | 0 | 1\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("d.ron");
    let o = nianbao(&["--lang", "en", "import", s(&page), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a year between 2000 and 2100"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing written");
}
