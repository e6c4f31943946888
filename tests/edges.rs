//! At the edges: numbers are never changed without a word, messages are in
//! the user's language and about their file, comments in a hand-edited
//! draft survive a save, and unwritable places cost no data. Each test runs
//! the real binary on the exact input that once went wrong and reads what
//! it printed and what is on disk.

use crate::common;

use common::{nianbao, s, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh draft of `organ` for 2024 in a new temporary directory.
fn draft(organ: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("d.ron");
    let o = nianbao(&["new", s(&path), "--organ", organ, "--year", "2024"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (dir, path)
}

fn get(path: &Path, address: &str) -> String {
    let o = nianbao(&["get", s(path), address]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o).trim_end().to_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The draft with the first `None` of `address`'s row replaced by `literal`.
fn with_literal(path: &Path, row: &str, literal: &str) {
    let text = read(path);
    let needle = format!("{row}: (natural_person: None");
    assert!(text.contains(&needle), "{needle} not in the draft");
    let text = text.replacen(&needle, &format!("{row}: (natural_person: {literal}"), 1);
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_fee_with_more_digits_than_an_exact_amount_holds_is_refused_not_rounded() {
    let (_dir, path) = draft("甲局");
    let before = read(&path);
    let o = nianbao(&["set", s(&path), "proactive.fees.amount", "0.12345678901234567890123456789"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("小数位过多"), "{}", stderr(&o));
    assert_eq!(read(&path), before, "nothing written");
    // 28 significant digits are kept exactly.
    let o = nianbao(&["set", s(&path), "proactive.fees.amount", "0.1234567890123456789012345678"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(get(&path, "proactive.fees.amount"), "0.1234567890123456789012345678");
}

#[test]
fn sum_of_fees_is_exact_or_refused() {
    let (dir, a) = draft("甲局");
    let b = dir.path().join("b.ron");
    let o = nianbao(&["new", s(&b), "--organ", "乙局", "--year", "2024"]);
    assert_eq!(o.status.code(), Some(0));
    nianbao(&["set", s(&a), "proactive.fees.amount", "999999.1"]);
    nianbao(&["set", s(&b), "proactive.fees.amount", "0.1234567890123456789012345678"]);
    let out = dir.path().join("sum.ron");
    let o = nianbao(&["--lang", "en", "sum", s(&a), s(&b), "-o", s(&out), "--organ", "县"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("proactive.fees.amount: the exact sum needs more than"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing written");
    // An exact sum goes through, digit for digit.
    nianbao(&["set", s(&b), "proactive.fees.amount", "0.0001"]);
    let o = nianbao(&["sum", s(&a), s(&b), "-o", s(&out), "--organ", "县"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(get(&out, "proactive.fees.amount"), "999999.1001");
}

#[test]
fn two_numbers_in_one_cell_are_refused_and_thousands_separators_accepted() {
    let (_dir, path) = draft("甲局");
    for typed in ["12 34", "12\u{3000}34", "1259,36", "12，34"] {
        let o = nianbao(&["set", s(&path), "requests.new.natural_person", typed]);
        assert_eq!(o.status.code(), Some(2), "{typed}: {}", stderr(&o));
        assert!(stderr(&o).contains("像是两个数"), "{typed}: {}", stderr(&o));
        assert_eq!(get(&path, "requests.new.natural_person"), "", "{typed} stored");
    }
    let o = nianbao(&["--lang", "en", "set", s(&path), "requests.new.natural_person", "12 34"]);
    assert!(stderr(&o).contains("looks like two numbers"), "{}", stderr(&o));
    for (typed, stored) in
        [("1,259", "1259"), (" 1,259 ", "1259"), ("１，２５９", "1259"), ("12,345,678", "12345678")]
    {
        let o = nianbao(&["set", s(&path), "requests.new.natural_person", typed]);
        assert_eq!(o.status.code(), Some(0), "{typed}: {}", stderr(&o));
        assert_eq!(get(&path, "requests.new.natural_person"), stored, "{typed}");
    }
}

#[test]
fn a_huge_count_in_a_file_is_quoted_as_written() {
    let (_dir, path) = draft("甲局");
    with_literal(&path, "new", "18446744073709551616");
    let o = nianbao(&["--lang", "en", "check", s(&path)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("field requests.new.natural_person: `18446744073709551616`: is too large"), "{err}");
    assert!(!err.contains("18446744073709552000"), "{err}");
}

#[test]
fn an_exponent_in_a_count_is_not_a_whole_number_rather_than_inf() {
    let (_dir, path) = draft("甲局");
    with_literal(&path, "new", "1e999");
    let o = nianbao(&["--lang", "en", "check", s(&path)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("`1e999`: a count must be a whole number"), "{err}");
    assert!(!err.contains("inf"), "{err}");
    let o = nianbao(&["check", s(&path)]);
    assert!(stderr(&o).contains("`1e999`：件数须为整数"), "{}", stderr(&o));
}

#[test]
fn full_width_digits_in_a_file_read_as_set_reads_them() {
    let (_dir, path) = draft("甲局");
    with_literal(&path, "new", "１２３");
    assert_eq!(get(&path, "requests.new.natural_person"), "123");
    // Inside text they are text, and stay as they were.
    nianbao(&["set", s(&path), "preamble", "本机关共有１２３件"]);
    assert_eq!(get(&path, "preamble"), "本机关共有１２３件");
    // Also in text saved as a raw string (it has a backslash and a quote).
    let o = nianbao(&["set", s(&path), "problems", "路径 C:\\文件\"第３条\""]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(get(&path, "problems"), "路径 C:\\文件\"第３条\"");
    // A full-width comma where RON needs "," is named as such.
    let text = read(&path).replacen("commercial: None,", "commercial: None，", 1);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["check", s(&path)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("全角符号“，”：此处应为半角（英文）符号"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Unexpected"), "{}", stderr(&o));
}

#[test]
fn sum_warns_when_one_report_is_given_twice() {
    let (dir, a) = draft("甲局");
    let out = dir.path().join("sum.ron");
    let o = nianbao(&["sum", s(&a), s(&a), "-o", s(&out), "--organ", "县"]);
    assert!(stderr(&o).contains("是同一份报告"), "{}", stderr(&o));
    // A copy under another name: the same organ and year.
    let copy = dir.path().join("copy.ron");
    std::fs::copy(&a, &copy).unwrap_or_else(|e| panic!("{e}"));
    let out2 = dir.path().join("sum2.ron");
    let o = nianbao(&["--lang", "en", "sum", s(&a), s(&copy), "-o", s(&out2), "--organ", "县"]);
    assert!(stderr(&o).contains("are the same report"), "{}", stderr(&o));
    // Two different agencies: no warning.
    let b = dir.path().join("b.ron");
    nianbao(&["new", s(&b), "--organ", "乙局", "--year", "2024"]);
    let out3 = dir.path().join("sum3.ron");
    let o = nianbao(&["--lang", "en", "sum", s(&a), s(&b), "-o", s(&out3), "--organ", "县"]);
    assert!(!stderr(&o).contains("same report"), "{}", stderr(&o));
}

#[test]
fn file_errors_follow_the_language_and_never_suggest_rust_syntax() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let missing = dir.path().join("missing.ron");
    let o = nianbao(&["check", s(&missing)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("无法读取：文件或目录不存在"), "{}", stderr(&o));
    let o = nianbao(&["--lang", "en", "check", s(&missing)]);
    assert!(stderr(&o).contains("cannot read: No such file"), "{}", stderr(&o));
    // A field name in Chinese: ron would suggest a raw identifier.
    let (_d, path) = draft("甲局");
    let text = read(&path).replacen("organ:", "机关:", 1);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    for lang in ["zh", "en"] {
        let o = nianbao(&["--lang", lang, "check", s(&path)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(!err.contains("r#") && !err.contains("raw identifier"), "{err}");
        assert!(err.contains("d.ron:5:9"), "{err}");
    }
    let o = nianbao(&["check", s(&path)]);
    assert!(
        stderr(&o).contains("没有这个字段：meta.机关\n提示：此处可用的字段：organ, year, date"),
        "{}",
        stderr(&o)
    );
    // The lock error too.
    let _held = nianbao::io::lock_draft(&path).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["set", s(&path), "meta.date", "2025-01-10"]);
    assert!(stderr(&o).contains("已在另一个 nianbao 窗口中打开"), "{}", stderr(&o));
    // Who holds it, in Chinese too (not `pid … on … since … UTC`).
    let msg = stderr(&o);
    assert!(
        msg.contains(&format!("进程 {}，主机 ", std::process::id())) && msg.contains("（UTC）起"),
        "{msg}"
    );
    assert!(!msg.contains(" since ") && !msg.contains("pid "), "{msg}");
}

#[test]
fn comments_in_a_hand_edited_draft_survive_set() {
    let (_dir, path) = draft("甲局");
    let text = read(&path)
        .replacen("    meta: (", "    // 机关信息：办公室填写\n    meta: (", 1)
        .replacen("organ: \"甲局\",", "organ: \"甲局\", /* 全称，见公章 */", 1)
        .replacen("commercial: None,", "commercial: None, /* 企业 */", 1);
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["set", s(&path), "requests.new.natural_person", "1259"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = read(&path);
    assert_eq!(after, text.replacen("new: (natural_person: None", "new: (natural_person: 1259", 1));
    let o = nianbao(&["set", s(&path), "meta.organ", "甲市甲局"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(read(&path).contains("organ: \"甲市甲局\", /* 全称，见公章 */"), "{}", read(&path));
    assert_eq!(get(&path, "requests.new.natural_person"), "1259");
}

#[test]
fn comments_that_cannot_be_kept_in_place_are_kept_in_a_copy() {
    let (dir, path) = draft("甲局");
    // A field the file leaves out (the reader fills it as empty) cannot be
    // patched in place.
    let text = format!("// 手工草稿\n{}", read(&path).replacen("        date: \"\",\n", "", 1));
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let o = nianbao(&["set", s(&path), "meta.date", "2025-01-10"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("注释无法原样保留"), "{}", stderr(&o));
    let copy = dir.path().join("d.before-save.ron");
    assert_eq!(read(&copy), text, "the old file is kept as it was");
    assert_eq!(get(&path, "meta.date"), "2025年1月10日");
}

#[test]
fn a_save_under_a_file_size_limit_fails_with_a_message_and_keeps_the_file() {
    let (_dir, path) = draft("甲局");
    let before = read(&path);
    // The draft is about 4 KB: a 2 KB limit stops the write, not the start.
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f 2 && exec \"$0\" set {} preamble \"$1\"", s(&path)))
        .arg(env!("CARGO_BIN_EXE_nianbao"))
        .arg("很长的导语。".repeat(400))
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2), "killed by SIGXFSZ? {:?} {}", o.status, stderr(&o));
    assert!(stderr(&o).contains("保存失败：超出允许的文件大小"), "{}", stderr(&o));
    assert_eq!(read(&path), before, "the old file is intact");
}

/// A string whose closing quote is missing (line 7 of this file,
/// `date: "2022-01-20,`) is reported where it starts, as a missing quote —
/// not two lines later as a missing comma.
#[test]
fn a_missing_closing_quote_is_reported_where_the_string_starts() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid/unterminated-string.ron");
    let o = nianbao(&["check", s(&path)]);
    assert_eq!(o.status.code(), Some(2));
    let msg = stderr(&o);
    assert!(msg.contains("unterminated-string.ron:7:15: 这里开始的字符串一直到第 9 行才结束"), "{msg}");
    assert!(msg.contains("缺少结束的引号"), "{msg}");
    assert!(!msg.contains("缺少逗号"), "{msg}");
}

/// A group of fields left open (`new: (…, total: 0,` without its `)`):
/// the next group's name is said to belong a level up, with the `)` to
/// add — not "no such field: `requests.new.carried_in`".
#[test]
fn a_missing_closing_paren_is_named_as_such() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid/missing-paren.ron");
    let o = nianbao(&["check", s(&path)]);
    assert_eq!(o.status.code(), Some(2));
    let msg = stderr(&o);
    assert!(
        msg.contains("missing-paren.ron:28:9: carried_in 是上一层的字段，却出现在 requests.new 之中"),
        "{msg}"
    );
    assert!(msg.contains("缺少“)”") && msg.contains("补上 )"), "{msg}");
    assert!(!msg.contains("没有这个字段"), "{msg}");
}
