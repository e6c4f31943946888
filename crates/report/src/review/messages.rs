//! The review's own sentences, in Chinese and English: the statuses, what
//! is said of a file that is no report, what was found beyond the reports.
//! (The review page's headings and legends are its template, in `html`.)

use crate::i18n::Lang;

use super::Status;

/// The columns a review shows each report in: the command line's table,
/// the overview screen, the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Organ,
    File,
    Form,
    Status,
    Errors,
    Warnings,
    Requests,
    Change,
}

/// A column's head: in full (the page), or `short` as a terminal's column
/// needs it.
pub fn head(column: Column, lang: Lang, short: bool) -> &'static str {
    match (column, short) {
        (Column::Organ, _) => lang.pick("机关", "organ"),
        (Column::File, _) => lang.pick("文件", "file"),
        (Column::Form, _) => lang.pick("形式", "form"),
        (Column::Status, _) => lang.pick("状态", "status"),
        (Column::Errors, false) => lang.pick("错误", "errors"),
        (Column::Errors, true) => lang.pick("错误", "err."),
        (Column::Warnings, false) => lang.pick("提醒", "warnings"),
        (Column::Warnings, true) => lang.pick("提醒", "warn."),
        (Column::Requests, false) => lang.pick("新收申请", "requests"),
        (Column::Requests, true) => lang.pick("新收", "req."),
        (Column::Change, _) => lang.pick("较上年", "change"),
    }
}

pub fn status(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Ok => lang.pick("通过", "ok"),
        Status::Warnings => lang.pick("有提醒", "warnings"),
        Status::Errors => lang.pick("有错误", "errors"),
        Status::Incomplete => lang.pick("不完整", "incomplete"),
        Status::Unreadable => lang.pick("无法读取", "unreadable"),
    }
}

/// A file and what is wrong with it, as the file errors put it.
pub fn about_file(lang: Lang, file: &str, what: &str) -> String {
    format!("{file}{}{what}", lang.pick("：", ": "))
}

pub fn not_a_report(lang: Lang) -> &'static str {
    lang.pick(
        "没有找到任何表格或正文栏目：这是年度报告吗？",
        "no table and no section of the report was found: is it an annual report?",
    )
}

pub fn list_separator(lang: Lang) -> &'static str {
    lang.pick("、", ", ")
}

pub fn missing(lang: Lang, organs: &str) -> String {
    format!("{}{organs}", lang.pick("未报送：", "missing: "))
}

pub fn sent_twice(lang: Lang, files: &str) -> String {
    format!("{}{files}", lang.pick("重复报送：", "sent twice: "))
}

pub fn names_alike(lang: Lang, name: &str, alike: &str) -> String {
    format!("{}{name} ≈ {alike}", lang.pick("名称相近，未自动对应：", "names alike, not paired: "))
}
