//! The binary: exit codes, messages and files on disk for good and bad input.

use crate::common;

use common::{nianbao, s, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::Command;

fn invalid(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid").join(name)
}

#[test]
fn fuxin_example_checks_clean() {
    let o = nianbao(&["check", s(&common::example("fuxin-2021.ron"))]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 个错误，0 个警告"), "{}", stdout(&o));
}

#[test]
fn broken_example_lists_each_broken_instance_in_json() {
    let o = nianbao(&["check", s(&common::example("broken-tallies.ron")), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    assert!(v["file"].as_str().unwrap_or("").ends_with("broken-tallies.ron"));
    let diags = v["diagnostics"].as_array().cloned().unwrap_or_default();
    let errors: Vec<(String, String, i64, i64)> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_owned(),
                d["cell"].as_str().unwrap_or("").to_owned(),
                d["expected"].as_i64().unwrap_or(-999),
                d["found"].as_i64().unwrap_or(-999),
            )
        })
        .collect();
    // Worked out by hand from the example's numbers (see its narrative:
    // 24 new + 2 carried in; the breaks are described in the README).
    let want = [
        ("requests.balance", "requests.carried_out.natural_person", 3, 2),
        ("requests.balance", "requests.carried_out.commercial", 1, 0),
        ("requests.row_total", "requests.granted.total", 13, 12),
        ("requests.row_total", "requests.outcome_total.total", 22, 23),
        ("requests.row_total", "requests.carried_out.total", 2, 3),
        ("requests.outcome_total", "requests.outcome_total.commercial", 3, 2),
        ("requests.outcome_total", "requests.outcome_total.total", 22, 23),
        ("appeals.group_total", "appeals.review.total", 3, 2),
        ("appeals.group_total", "appeals.suit_direct.total", 1, 0),
    ];
    let want: Vec<(String, String, i64, i64)> =
        want.iter().map(|(r, c, e, f)| ((*r).to_owned(), (*c).to_owned(), *e, *f)).collect();
    assert_eq!(errors, want);
    let warnings: Vec<&str> = diags
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d| d["cell"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(warnings, ["proactive.rules.issued", "proactive.rules.repealed", "proactive.rules.in_force"]);
    assert!(diags.iter().all(|d| d["message"].as_str().is_some_and(|m| !m.is_empty())));
}

#[test]
fn check_text_names_label_expected_and_found_in_english() {
    let o = nianbao(&["--lang", "en", "check", s(&common::example("broken-tallies.ron"))]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("error requests.granted.total [requests.row_total] expected 13, found 12"), "{out}");
    assert!(out.contains("row “（一）予以公开”"), "{out}");
    assert!(out.contains("9 errors, 3 warnings"), "{out}");
}

#[test]
fn every_malformed_file_exits_2_with_position_field_and_shape() {
    // (file, position, the problem in English, in Chinese, the hint in English)
    let cases = [
        ("truncated.ron", ":30:135:", "ends too early", "文件提前结束", "compare it with a draft"),
        (
            "wrong-type.ron",
            ":6:16:",
            "field meta.year: `\"2021年\"`",
            "字段 meta.year：`\"2021年\"`",
            "a year is a whole number like 2021",
        ),
        (
            "negative-count.ron",
            ":27:39:",
            "field requests.carried_in.natural_person: `-3`: must not be negative",
            "`-3`：不能为负数",
            "a count is a bare whole number like 5",
        ),
        (
            "decimal-count.ron",
            ":20:32:",
            "field proactive.licensing.decisions: `2.5`: a count must be a whole number",
            "件数须为整数",
            "an empty cell is None",
        ),
        (
            "unknown-field.ron",
            ":8:9:",
            "no such field: meta.contact",
            "没有这个字段：meta.contact",
            "organ, year, date",
        ),
        ("wrong-version.ron", ":3:", "format version “2019”", "格式版本“2019”", "`format:` line"),
        ("not-utf8.ron", ":5:17", "not UTF-8", "不是 UTF-8", "iconv -f GBK"),
    ];
    for (file, pos, en, zh, hint) in cases {
        let path = invalid(file);
        let o = nianbao(&["--lang", "en", "check", s(&path)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{file}: {err}");
        assert!(err.contains(&format!("{file}{pos}")), "{file}: {err}");
        assert!(err.contains(en), "{file}: {err}");
        assert!(err.contains("hint: ") && err.contains(hint), "{file}: {err}");
        assert!(!err.contains("r#") && !err.contains("raw identifier"), "{file}: {err}");
        let o = nianbao(&["--lang", "zh", "check", s(&path)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{file}: {err}");
        assert!(err.contains(zh) && err.contains("提示："), "{file}: {err}");
    }
}

#[test]
fn set_never_writes_over_a_file_it_could_not_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for file in ["truncated.ron", "not-utf8.ron", "unknown-field.ron"] {
        let path = dir.path().join(file);
        std::fs::copy(invalid(file), &path).unwrap_or_else(|e| panic!("{e}"));
        let before = std::fs::read(&path).ok();
        let o = nianbao(&["set", s(&path), "requests.new.total", "3"]);
        assert_eq!(o.status.code(), Some(2), "{file}");
        assert_eq!(std::fs::read(&path).ok(), before, "{file} was modified");
    }
}

#[test]
fn set_refuses_bad_values_naming_the_address_and_keeps_the_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    assert_eq!(nianbao(&["new", s(&path), "--organ", "测试局", "--zeros"]).status.code(), Some(0));
    let before = std::fs::read(&path).ok();
    let cases = [
        ("requests.new.total", "-1", "must not be negative"),
        ("requests.new.total", "abc", "is not a number"),
        ("requests.new.total", "12345678901234567890", "too large"),
        ("requests.new.total", "2.5", "whole number"),
        ("proactive.fees.amount", "-0.5", "must not be negative"),
        ("meta.year", "1888", "not a year"),
        ("requests.new.nobody", "1", "no such address"),
    ];
    for (address, value, text) in cases {
        let o = nianbao(&["--lang", "en", "set", s(&path), address, value]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{address}={value}: {err}");
        assert!(err.contains(address), "{err}");
        assert!(err.contains(text), "{address}={value}: {err}");
        assert_eq!(std::fs::read(&path).ok(), before, "{address}={value} changed the file");
    }
}

#[test]
fn set_then_get_and_set_reports_what_the_cell_broke() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    assert_eq!(
        nianbao(&["new", s(&path), "--organ", "测试局", "--year", "2024", "--zeros"]).status.code(),
        Some(0)
    );
    let o = nianbao(&["--lang", "en", "set", s(&path), "requests.new.natural_person", "７"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("requests.carried_out.natural_person [requests.balance] expected 7, found 0"),
        "{out}"
    );
    assert!(out.contains("requests.new.total [requests.row_total] expected 7, found 0"), "{out}");
    assert_eq!(stdout(&nianbao(&["get", s(&path), "requests.new.natural_person"])).trim(), "7");
    assert_eq!(stdout(&nianbao(&["get", s(&path), "meta.year"])).trim(), "2024");
    assert_eq!(stdout(&nianbao(&["get", s(&path), "proactive.fees.amount"])).trim(), "0");
}

#[test]
fn a_script_of_new_and_set_builds_a_report_that_check_judges() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    nianbao(&["new", s(&path), "--organ", "测试局", "--zeros"]);
    for (a, v) in [
        ("requests.new.natural_person", "4"),
        ("requests.new.total", "4"),
        ("requests.granted.natural_person", "3"),
        ("requests.granted.total", "3"),
        ("requests.outcome_total.natural_person", "3"),
        ("requests.outcome_total.total", "3"),
        ("requests.carried_out.natural_person", "1"),
    ] {
        assert_eq!(nianbao(&["set", s(&path), a, v]).status.code(), Some(0));
    }
    let o = nianbao(&["check", s(&path), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    let errors: Vec<_> = v["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["rule"].clone(), d["cell"].clone()))
        .collect();
    // carried_out.total still 0: one balance error in the total column and one row total.
    assert_eq!(
        errors,
        vec![
            ("requests.balance".into(), "requests.carried_out.total".into()),
            ("requests.row_total".into(), "requests.carried_out.total".into()),
        ]
    );
    nianbao(&["set", s(&path), "requests.carried_out.total", "1"]);
    assert_eq!(nianbao(&["check", s(&path)]).status.code(), Some(0));
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    std::fs::write(&path, "precious").unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["--lang", "en", "new", s(&path), "--organ", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
    let o = nianbao(&["new", s(&path), "--organ", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("文件已存在，nianbao 不会覆盖"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("precious"));
}

/// From October the report being drafted is this year's (drafting starts
/// before the year ends); January to September, last year's. Read against
/// the system's own `date`, not the code's clock.
#[test]
fn new_defaults_to_the_year_being_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    let today =
        std::process::Command::new("date").args(["-u", "+%Y %m"]).output().unwrap_or_else(|e| panic!("{e}"));
    let today = String::from_utf8_lossy(&today.stdout).into_owned();
    let (y, m) = today.trim().split_once(' ').unwrap_or_else(|| panic!("{today}"));
    let (y, m): (u16, u32) = (y.parse().unwrap_or(0), m.parse().unwrap_or(0));
    nianbao(&["new", s(&path), "--organ", "x"]);
    let year: u16 = stdout(&nianbao(&["get", s(&path), "meta.year"])).trim().parse().unwrap_or(0);
    assert_eq!(year, if m >= 10 { y } else { y - 1 }, "today is {today}");
    for ((year, month), want) in
        [((2026, 12), 2026), ((2026, 10), 2026), ((2026, 9), 2025), ((2027, 1), 2026)]
    {
        assert_eq!(nianbao::calendar::report_year(year, month), want, "{year}-{month}");
    }
}

#[test]
fn save_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    nianbao(&["new", s(&path), "--organ", "x"]);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["set", s(&path), "requests.new.total", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&nianbao(&["get", s(&path), "requests.new.total"])).trim(), "1");
    let mode = std::fs::metadata(&path).map_or(0, |m| m.permissions().mode() & 0o777);
    assert_eq!(mode, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).into_iter().flatten().flatten().collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind");
}

#[test]
fn unknown_file_and_address_exit_2() {
    let o = nianbao(&["get", "/nonexistent/x.ron", "requests.new.total"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/x.ron"));
    let o = nianbao(&["get", s(&common::example("fuxin-2021.ron")), "requests.neu.total"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_and_version() {
    for sub in ["new", "check", "get", "set", "edit"] {
        let o = nianbao(&[sub, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{sub}");
        assert!(stdout(&o).contains("用法："), "{sub}");
        let o = nianbao(&["--lang", "en", sub, "--help"]);
        assert!(stdout(&o).contains("Usage:"), "{sub}");
    }
    assert!(stdout(&nianbao(&["--version"])).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn the_wizard_refuses_a_malformed_file_without_touching_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("t.ron");
    std::fs::copy(invalid("truncated.ron"), &path).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).ok();
    let o = nianbao(&[s(&path)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("t.ron:30:"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&path).ok(), before);
    assert!(!nianbao::io::recovery_path(&path).exists());
}

#[test]
fn the_wizard_without_a_terminal_says_what_to_use_instead() {
    let o = nianbao(&["--lang", "en", s(&common::example("fuxin-2021.ron"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
}

#[test]
fn a_draft_open_in_one_wizard_is_not_opened_in_another() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    std::fs::copy(common::example("fuxin-2021.ron"), &path).unwrap_or_else(|e| panic!("{e}"));
    let held = nianbao::io::lock_draft(&path).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["--lang", "en", s(&path)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already open in another nianbao"), "{}", stderr(&o));
    drop(held);
    assert!(!nianbao::io::lock_path(&path).exists(), "the lock file goes with the lock");
    let o = nianbao(&["--lang", "en", s(&path)]);
    assert!(stderr(&o).contains("needs a terminal"), "free again: {}", stderr(&o));
}

/// The tests, benches and sources run from any clone: none of them reads
/// the team's shared folder beside the repository (fixtures are copied
/// into tests/fixtures).
#[test]
fn nothing_reads_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let needle = ["..", "/shared"].concat();
    let mut stack: Vec<PathBuf> =
        ["src", "tests", "benches", "examples", "scripts"].iter().map(|d| root.join(d)).collect();
    let mut offenders = Vec::new();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
        } else if p.extension().is_some_and(|e| e == "rs" || e == "sh")
            && std::fs::read_to_string(&p).is_ok_and(|t| t.contains(&needle))
        {
            offenders.push(p);
        }
    }
    assert!(offenders.is_empty(), "these read the shared folder, which a clone does not have: {offenders:?}");
}

/// Man pages and completions come from the same clap definitions as
/// `--help`: every subcommand has a page and is completed in every shell.
#[test]
fn man_pages_and_completions_cover_every_subcommand() {
    use clap::CommandFactory;
    let subs: Vec<String> = nianbao::cli::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_owned())
        .collect();
    assert!(subs.len() >= 10 && subs.contains(&"import".to_owned()), "{subs:?}");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["manpages", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for man in ["man1", "zh_CN/man1"] {
        let top = std::fs::read_to_string(dir.path().join(man).join("nianbao.1")).unwrap_or_default();
        for sub in &subs {
            let page = std::fs::read_to_string(dir.path().join(man).join(format!("nianbao-{sub}.1")))
                .unwrap_or_default();
            assert!(page.contains(&format!("nianbao-{sub}")), "{man}: no man page for {sub}");
            assert!(top.contains(sub.as_str()), "{man}/nianbao.1 does not list {sub}");
        }
    }
    for shell in ["bash", "zsh", "fish"] {
        let o = nianbao(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0));
        let script = stdout(&o);
        for sub in &subs {
            assert!(script.contains(sub.as_str()), "{shell} completion lacks {sub}");
        }
    }
}

/// The man pages say what clap's do not: the exit statuses (as `check`
/// gives them), the environment variables read, the files written beside
/// a draft; the Chinese set in Chinese, its options' help as `--help` says it.
#[test]
fn man_pages_say_exit_status_environment_and_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["manpages", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let (en, zh) = (read("man1/nianbao.1"), read("zh_CN/man1/nianbao.1"));
    for (page, headings) in [
        (&en, ["EXIT STATUS", "ENVIRONMENT", "FILES", "SYNOPSIS"]),
        (&zh, ["退出状态", "环境变量", "文件", "概述"]),
    ] {
        for h in headings {
            assert!(page.contains(&format!(".SH \"{h}\"")) || page.contains(&format!(".SH {h}\n")), "{h}");
        }
        for name in [
            "NIANBAO_AMBIGUOUS_WIDTH",
            "NIANBAO_LANG",
            "NO_COLOR",
            "XDG_CONFIG_HOME",
            ".FILE.lock",
            ".FILE.recover",
            "nianbao/prefs",
        ] {
            assert!(page.contains(name), "{name} not in the page");
        }
    }
    assert!(!zh.contains(".SH NAME") && zh.contains("按 2021 年国家格式起草、检查和发布"), "{zh}");
    // The statuses the page gives are what the commands return.
    let broken = common::example("broken-tallies.ron");
    assert_eq!(nianbao(&["check", s(&broken)]).status.code(), Some(1));
    assert_eq!(nianbao(&["check", s(&dir.path().join("none.ron"))]).status.code(), Some(2));
    let check = read("man1/nianbao-check.1");
    for status in ["\\fB0\\fR", "\\fB1\\fR", "\\fB2\\fR"] {
        assert!(check.contains(status), "{status} in nianbao-check.1");
    }
    assert!(check.contains("a tally rule is broken") && check.contains("nianbao(1)"));
}

#[test]
fn version_names_the_format() {
    let o = nianbao(&["--version"]);
    assert_eq!(stdout(&o).trim(), format!("nianbao {} (2021 format)", env!("CARGO_PKG_VERSION")));
}

/// `--help` speaks the user's language like the rest: Chinese by default
/// (and with `--lang zh`), English with `--lang en` or an English locale.
#[test]
fn help_of_every_subcommand_follows_the_language() {
    nianbao::cli::command(nianbao::i18n::Lang::Zh).debug_assert();
    nianbao::cli::command(nianbao::i18n::Lang::En).debug_assert();
    let cases = [
        ("", "按 2021 年国家格式起草、检查和发布", "Draft, check and publish"),
        ("new", "新建草稿", "Create a new draft"),
        ("check", "按格式的勾稽关系检查草稿", "Check drafts against"),
        ("export", "导出格式：html、md、txt、docx（Word）或 pdf", "Publish the report"),
        ("import", "把已发布的报告读成草稿", "Read a published report"),
        ("set", "写入一个单元格或文字栏目", "Write one cell"),
    ];
    for (sub, zh, en) in cases {
        let mut args: Vec<&str> = if sub.is_empty() { vec![] } else { vec![sub] };
        args.push("--help");
        let o = nianbao(&args);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        assert!(out.contains(zh) && out.contains("用法：") && out.contains("显示帮助"), "{sub}: {out}");
        let mut en_args = vec!["--lang", "en"];
        en_args.extend(&args);
        let out = stdout(&nianbao(&en_args));
        assert!(out.contains(en) && out.contains("Usage:"), "{sub}: {out}");
        let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(&args)
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output();
        let out = o.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
        assert!(out.contains(en), "{sub} with an English locale: {out}");
    }
}

/// `check` over many files (in parallel inside) prints what checking them
/// one at a time prints, in the order given, and exits with the worst
/// status.
#[test]
fn check_of_many_files_equals_checking_them_one_by_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sources = [
        common::example("fuxin-2021.ron"),
        common::example("broken-tallies.ron"),
        invalid("truncated.ron"),
        invalid("wrong-type.ron"),
    ];
    let mut files = Vec::new();
    for i in 0..40 {
        let f = dir.path().join(format!("f{i:02}.ron"));
        std::fs::copy(&sources[(i * 7) % sources.len()], &f).unwrap_or_else(|e| panic!("{e}"));
        files.push(f);
    }
    for format in ["text", "json"] {
        let names: Vec<&str> = files.iter().map(|f| s(f)).collect();
        let mut args = vec!["check", "--format", format];
        args.extend(&names);
        let all = nianbao(&args);
        let (mut out, mut err, mut worst) = (String::new(), String::new(), 0);
        for name in &names {
            let one = nianbao(&["check", "--format", format, name]);
            out.push_str(&stdout(&one));
            err.push_str(&stderr(&one));
            worst = worst.max(one.status.code().unwrap_or(99));
        }
        assert_eq!(stdout(&all), out, "{format}");
        assert_eq!(stderr(&all), err, "{format}");
        assert_eq!(all.status.code(), Some(worst));
        assert_eq!(worst, 2, "the malformed files make it 2");
    }
}

/// What the README and `--help` promise and nothing else tested.
#[test]
fn promises_of_the_readme_and_help() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    std::fs::copy(common::example("fuxin-2021.ron"), &path).unwrap_or_else(|e| panic!("{e}"));
    // `set FILE ADDR ""` empties a field.
    assert_eq!(stdout(&nianbao(&["get", s(&path), "requests.new.total"])).trim(), "0");
    let o = nianbao(&["set", s(&path), "requests.new.total", ""]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&nianbao(&["get", s(&path), "requests.new.total"])), "\n");
    // A mistyped address gets the similar ones.
    let o = nianbao(&["get", s(&path), "requests.new.totl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("相近的地址：") && stderr(&o).contains("requests.new.total"),
        "{}",
        stderr(&o)
    );
    // No arguments: how to start, exit 2.
    let o = nianbao(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nianbao 文件.ron") && stderr(&o).contains("--help"), "{}", stderr(&o));
    // `new --year` out of range writes nothing.
    let fresh = dir.path().join("n.ron");
    let o = nianbao(&["new", s(&fresh), "--organ", "甲", "--year", "1999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--year 1999: 不是 2000 至 2100 之间的年份"), "{}", stderr(&o));
    assert!(!fresh.exists());
    // Text output lists ten `missing` warnings and sums up the rest.
    nianbao(&["new", s(&fresh), "--organ", "甲", "--year", "2024"]);
    let out = stdout(&nianbao(&["check", s(&fresh)]));
    assert_eq!(out.matches("警告 ").count(), 10, "{out}");
    assert!(out.contains("……另有 ") && out.contains(" 项未填写（--format json 列出全部）"), "{out}");
    let json = stdout(&nianbao(&["check", s(&fresh), "--format", "json"]));
    assert!(json.matches("\"missing\"").count() > 10);
    // Export to standard output; a malformed draft exports nothing.
    let o = nianbao(&["export", s(&common::example("fuxin-2021.ron")), "--to", "md"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("| 一、本年新收政府信息公开申请数量 |"), "{}", stdout(&o));
    let o = nianbao(&["export", s(&invalid("truncated.ron")), "--to", "md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("truncated.ron:30:135"), "{}", stderr(&o));
}

/// `import` through the command line reads a saved page (.html) and a
/// page saved as GBK.
#[test]
fn import_reads_html_and_gbk_files_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let html = fixtures.join("published-2023-pingtan-gwh.html");
    let out = dir.path().join("a.ron");
    let o = nianbao(&["import", s(&html), "-o", s(&out)]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    // The 2023 report of 平潭综合实验区 (year from the preamble).
    assert_eq!(stdout(&nianbao(&["get", s(&out), "meta.year"])).trim(), "2023");
    let organ = stdout(&nianbao(&["get", s(&out), "overview.on_request"]));
    assert!(organ.chars().count() > 20, "{organ}");
    // The same page in GBK, as an old portal serves it.
    let text =
        std::fs::read_to_string(&html).unwrap_or_default().replace("utf-8", "gbk").replace("UTF-8", "GBK");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let page = dir.path().join("gbk.html");
    std::fs::write(&page, &gbk).unwrap_or_else(|e| panic!("{e}"));
    let out2 = dir.path().join("b.ron");
    let o = nianbao(&["import", s(&page), "-o", s(&out2)]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert_eq!(stdout(&nianbao(&["get", s(&out2), "overview.on_request"])), organ);
    assert_eq!(
        stdout(&nianbao(&["get", s(&out2), "requests.new.total"])),
        stdout(&nianbao(&["get", s(&out), "requests.new.total"]))
    );
}

/// A server installed in English (`LANG=en_US.UTF-8`) still gets Chinese
/// with `NIANBAO_LANG=zh`, and the other way round; `--lang` wins over it.
#[test]
fn nianbao_lang_chooses_the_language_over_the_locale() {
    let broken = common::example("broken-tallies.ron");
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"));
        c.args(args).arg("check").arg(&broken).env_remove("LC_ALL").env_remove("LC_MESSAGES");
        for (k, v) in env {
            c.env(k, v);
        }
        String::from_utf8_lossy(&c.output().unwrap_or_else(|e| panic!("{e}")).stdout).into_owned()
    };
    let zh = run(&[("LANG", "en_US.UTF-8"), ("NIANBAO_LANG", "zh")], &[]);
    assert!(zh.contains("错误") && zh.contains("应为") && zh.contains("，实为"), "{zh}");
    let en = run(&[("LANG", "zh_CN.UTF-8"), ("NIANBAO_LANG", "en")], &[]);
    assert!(en.contains("error") && en.contains("expected"), "{en}");
    let flag = run(&[("LANG", "C.UTF-8"), ("NIANBAO_LANG", "zh")], &["--lang", "en"]);
    assert!(flag.contains("expected"), "{flag}");
}

/// `check DIR` checks the drafts in it (not the hidden lock and recovery
/// files); `check -` reads standard input; `--format json` gives every
/// file a record — an unreadable one with its error — and a version key.
#[test]
fn check_takes_a_directory_standard_input_and_reports_every_file_in_json() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(common::example("fuxin-2021.ron"), dir.path().join("a.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(common::example("broken-tallies.ron"), dir.path().join("b.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("c.ron"), "(format: \"2021\", 这不是草稿")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join(".a.ron.recover"), "not a draft").unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["check", "--format", "json", s(dir.path())]);
    assert_eq!(o.status.code(), Some(2), "the unreadable one decides: {}", stderr(&o));
    let records: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let files: Vec<String> = records
        .iter()
        .map(|r| {
            assert_eq!(r["json_version"], 1, "{r}");
            r["file"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(files, ["a.ron", "b.ron", "c.ron"]);
    assert!(records[1]["diagnostics"].as_array().is_some_and(|d| !d.is_empty()));
    assert!(records[2]["error"].as_str().is_some_and(|e| e.contains("c.ron")), "{}", records[2]);
    // Standard input.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["--lang", "en", "check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let draft = std::fs::read(common::example("broken-tallies.ron")).unwrap_or_else(|e| panic!("{e}"));
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("stdin"));
        stdin.write_all(&draft).unwrap_or_else(|e| panic!("{e}"));
    }
    let o = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[requests.row_total] expected"), "{}", stdout(&o));
}

/// A draft made with `new --from` names last year's report; `check`
/// reads that note as the wizard does, without `--previous`.
#[test]
fn check_reads_the_drafts_own_note_of_last_year() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let last = dir.path().join("2021.ron");
    std::fs::copy(common::example("fuxin-2021.ron"), &last).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["set", s(&last), "requests.carried_out.natural_person", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let this = dir.path().join("2022.ron");
    let o = nianbao(&["new", s(&this), "--from", s(&last)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = nianbao(&["set", s(&this), "requests.carried_in.natural_person", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let plain = stdout(&nianbao(&["check", "--format", "json", s(&this)]));
    let given = stdout(&nianbao(&["check", "--format", "json", s(&this), "--previous", s(&last)]));
    assert!(plain.contains("requests.carried_in.natural_person"), "{plain}");
    let rules = |t: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(t.trim()).unwrap_or_else(|e| panic!("{e}"));
        v["diagnostics"]
            .as_array()
            .map(|d| d.iter().map(|x| x["rule"].to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(rules(&plain), rules(&given), "one verdict for one draft");
}

/// `export -o -` writes standard output (a file named `-` is not made),
/// and the export says which sections it leaves blank.
#[test]
fn export_to_standard_output_and_what_it_leaves_blank() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    let o = nianbao(&["new", s(&path), "--organ", "测试局", "--zeros"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["export", s(&path), "--to", "md", "-o", "-"])
        .current_dir(dir.path())
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("测试局"), "{}", stdout(&o));
    assert!(!dir.path().join("-").exists(), "no file named -");
    assert!(stderr(&o).contains("导出后是空白") && stderr(&o).contains("meta.date"), "{}", stderr(&o));
}

/// The command line's own errors in Chinese, with "did you mean";
/// `nianbao help [COMMAND]` shows help; a first word that is neither a
/// command nor a file nor a `.ron` name is not taken for a new draft.
#[test]
fn command_line_mistakes_are_explained_in_chinese_and_never_start_a_draft() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(args)
            .current_dir(dir.path())
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("NIANBAO_LANG")
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let example = common::example("fuxin-2021.ron");
    for (args, says) in [
        (vec!["check"], "缺少参数"),
        (
            vec!["export", s(&example), "--to", "pdff"],
            "的值“pdff”无效；可用的值：html、md、txt、docx、pdf；是不是 pdf？",
        ),
        (vec!["chek", "2026.ron"], "没有 chek 这个命令；是不是 check？"),
        (vec!["check", "--formatt", "json", s(&example)], "不认识的参数：--formatt；是不是 --format？"),
        (vec!["foo"], "foo 既不是 nianbao 的命令，也不是已有的文件"),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("error:") && !stderr(&o).contains("Usage"), "{args:?}: {}", stderr(&o));
    }
    let o = run(&["help", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("nianbao check"), "{}", stdout(&o));
    let o = run(&["help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("命令"), "{}", stdout(&o));
    let made: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(made.is_empty(), "no draft made: {made:?}");
    let o = run(&["--lang", "en", "chek", "x.ron"]);
    assert!(stderr(&o).contains("did you mean check?"), "{}", stderr(&o));
}

/// A township with nothing to report: `new --zeros` drafts 一（二） from
/// the zeros and 六's sentence on information processing fees.
#[test]
fn new_with_zeros_drafts_the_sentences_of_an_agency_with_nothing_to_report() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    let o = nianbao(&["new", s(&path), "--organ", "某某镇人民政府", "--year", "2025", "--zeros"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let get = |a: &str| stdout(&nianbao(&["get", s(&path), a])).trim().to_owned();
    assert_eq!(
        get("overview.on_request"),
        "2025年，本机关未收到政府信息公开申请，也没有上年结转的申请。未发生因政府信息公开引起的行政复议、行政诉讼。"
    );
    assert_eq!(get("other_matters"), "2025年，本机关未收取政府信息公开信息处理费。");
    assert_eq!(nianbao(&["check", s(&path)]).status.code(), Some(0));
}

/// The drafted sentences follow the year when it is changed (`set` and the
/// wizard share this); a sentence the user edited is left alone.
#[test]
fn changing_the_year_redrafts_the_sentences_still_as_drafted() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    let o = nianbao(&["new", s(&path), "--organ", "某某镇人民政府", "--year", "2025", "--zeros"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o =
        nianbao(&["set", s(&path), "other_matters", "2025年，本机关未收取信息处理费；另：本镇开展了培训。"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = nianbao(&["set", s(&path), "meta.year", "2026"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let get = |a: &str| stdout(&nianbao(&["get", s(&path), a])).trim().to_owned();
    assert!(
        get("overview.on_request").starts_with("2026年，本机关未收到政府信息公开申请"),
        "{}",
        get("overview.on_request")
    );
    assert!(
        get("other_matters").starts_with("2025年"),
        "the edited sentence is the user's: {}",
        get("other_matters")
    );
}

/// `--help` in Chinese reads as Chinese: headings with `：`, placeholders
/// and clap's own words in Chinese, no empty `[env: …=]`, every line within
/// the terminal's width (here `COLUMNS=80`), measured in display columns.
#[test]
fn chinese_help_is_chinese_throughout_and_fits_the_terminal() {
    let subcommands: Vec<String> = nianbao::cli::command(nianbao::i18n::Lang::Zh)
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_owned())
        .collect();
    assert!(subcommands.iter().any(|c| c == "review"), "{subcommands:?}");
    let mut all: Vec<Vec<&str>> = vec![vec!["--help"], vec!["set", "--help"], vec!["help", "import"]];
    all.extend(subcommands.iter().map(|c| vec![c.as_str(), "--help"]));
    for args in all {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(&args)
            .env("LANG", "C.UTF-8")
            .env("COLUMNS", "80")
            .env("NIANBAO_AMBIGUOUS_WIDTH", "")
            .env_remove("NIANBAO_LANG")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let help = stdout(&o);
        for line in help.lines() {
            let w = nianbao::text::width(line, nianbao::text::Ambiguous::Narrow);
            assert!(w <= 80, "{args:?}: {w} columns: {line}");
            assert!(!line.ends_with(':'), "{args:?}: an ASCII colon: {line}");
        }
        for english in ["[OPTIONS]", "[env:", "=]", "[default:", "<FILE>", "<ADDRESS>", "Usage"] {
            assert!(!help.contains(english), "{args:?}: {english} in\n{help}");
        }
        // No placeholder left in English capitals (`<DIRS>`, `<ROSTER>`).
        let english_placeholder = help
            .match_indices('<')
            .any(|(i, _)| help[i + 1..].chars().next().is_some_and(|c| c.is_ascii_uppercase()));
        assert!(!english_placeholder, "{args:?}: an English placeholder in\n{help}");
        assert!(help.contains("选项："), "{args:?}:\n{help}");
    }
}

/// Import errors reach a Chinese user in Chinese, an English one in
/// English (they once went out as Rust's English `Display` to everyone): a
/// damaged Word file, a 2019 trial-format report, a file that is no
/// report. Nothing is written for any of them.
#[test]
fn import_errors_are_told_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let docx = dir.path().join("broken.docx");
    // A zip signature and nothing else: a Word file cut off in transfer.
    std::fs::write(&docx, b"PK\x03\x04 cut off").unwrap_or_else(|e| panic!("{e}"));
    let trial = dir.path().join("2019.txt");
    std::fs::write(
        &trial,
        "一、总体情况\n二、主动公开政府信息情况\n第二十条第（一）项 | 信息内容 | 本年新制作数量\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let none = dir.path().join("notes.txt");
    std::fs::write(&none, "会议纪要\n今天讨论了三件事。\n").unwrap_or_else(|e| panic!("{e}"));
    let cases: [(&PathBuf, &str, &str); 3] = [
        (&docx, "无法读取 Word 文件", "Word"),
        (&trial, "2019 年试行格式", "2019"),
        (&none, "没有找到报告的栏目标题", "heading"),
    ];
    for (input, zh, en) in cases {
        let out = dir.path().join("out.ron");
        let run = |lang: &str| {
            Command::new(env!("CARGO_BIN_EXE_nianbao"))
                .args(["--lang", lang, "import"])
                .arg(input)
                .arg("-o")
                .arg(&out)
                .output()
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let o = run("zh");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{}: {err}", input.display());
        assert!(err.contains(zh), "{}: {err}", input.display());
        assert!(!err.contains("cannot") && !err.contains("could not"), "English in a Chinese message: {err}");
        let o = run("en");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(en) && !err.contains(zh), "{}: {err}", input.display());
        assert!(!out.exists(), "nothing is written for {}", input.display());
    }
}

/// In a GBK locale a terminal would show the UTF-8 output as garbage: the
/// command says so first, in ASCII and in GBK (what such a terminal can
/// read), with how to switch; piped, nothing is added to the output.
#[test]
fn a_gbk_locale_is_told_how_to_switch_in_its_own_encoding() {
    use crate::common::pty::Pty;
    let draft = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fuxin-2021.ron");
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut p = Pty::spawn(bin, &["check", s(&draft)], dir.path(), &[("LANG", "zh_CN.GBK")], 24, 80);
    let _ = p.exit_within(std::time::Duration::from_secs(10));
    let (gbk, _, _) = encoding_rs::GBK.encode("当前 locale 为 GBK");
    assert!(p.raw.windows(gbk.len()).any(|w| w == &gbk[..]), "{}", String::from_utf8_lossy(&p.raw));
    assert!(
        p.raw.windows(24).any(|w| w == b"export LANG=zh_CN.UTF-8,"),
        "{}",
        String::from_utf8_lossy(&p.raw)
    );
    let piped = Command::new(bin).arg("check").arg(&draft).env("LANG", "zh_CN.GBK").output();
    let piped = piped.unwrap_or_else(|e| panic!("{e}"));
    assert!(!String::from_utf8_lossy(&piped.stderr).contains("WARNING"), "only to a terminal");
    let mut utf8 = Pty::spawn(bin, &["check", s(&draft)], dir.path(), &[("LANG", "zh_CN.UTF-8")], 24, 80);
    let _ = utf8.exit_within(std::time::Duration::from_secs(10));
    assert!(!String::from_utf8_lossy(&utf8.raw).contains("WARNING"));
}
