//! Every user-facing string of the tool's own (messages, key hints, help),
//! in Chinese and English. Official labels are not here: they live in
//! `format.rs` and are shown in Chinese whatever the language.

use crate::format::{self, Place};
use crate::rules::Diagnostic;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the Chinese or the English text.
    #[must_use]
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The language from the environment's locale (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`): English unless it names Chinese; Chinese when unset.
    #[must_use]
    pub fn from_env() -> Lang {
        let var = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        match var {
            Some(v) if !v.starts_with("zh") && v != "C" && v != "POSIX" && !v.starts_with("C.") => Lang::En,
            _ => Lang::Zh,
        }
    }
}

fn labels(d: &Diagnostic) -> (String, String) {
    let f = &format::schema().fields[d.cell];
    match f.place {
        Place::Cell { table, row, col } => {
            let r = &table.rows[row];
            (r.label.to_owned(), r.columns[col].label.to_owned())
        }
        Place::Text(t) => (t.label.to_owned(), String::new()),
    }
}

/// The sentence for a diagnostic.
#[must_use]
pub fn diagnostic_message(d: &Diagnostic, lang: Lang) -> String {
    let (row, col) = labels(d);
    let e = d.expected.unwrap_or(0);
    let f = d.found.unwrap_or(0);
    let negative = if e < 0 {
        lang.pick(
            "（任何非负数都无法使其成立，请核对相关各项）",
            " (no count can make it hold: check the other cells)",
        )
    } else {
        ""
    };
    let body = match (d.rule, lang) {
        (format::RULE_BALANCE, Lang::Zh) => {
            format!("“{col}”列：第一项加第二项之和应等于第三项加第四项之和，“{row}”应为 {e}，实为 {f}")
        }
        (format::RULE_BALANCE, Lang::En) => format!(
            "column “{col}”: new + carried in must equal outcome total + carried out, so “{row}” should be {e}, found {f}"
        ),
        (format::RULE_ROW_TOTAL, Lang::Zh) => {
            format!("“{row}”行：“{col}”应为前六列之和 {e}，实为 {f}")
        }
        (format::RULE_ROW_TOTAL, Lang::En) => {
            format!("row “{row}”: “{col}” should be the sum of the six applicant columns, {e}; found {f}")
        }
        (format::RULE_OUTCOME_TOTAL, Lang::Zh) => {
            format!("“{col}”列：“{row}”应为（一）至（六）各项之和 {e}，实为 {f}")
        }
        (format::RULE_OUTCOME_TOTAL, Lang::En) => {
            format!("column “{col}”: “{row}” should be the sum of outcomes (1)–(6), {e}; found {f}")
        }
        (format::RULE_GROUP_TOTAL, Lang::Zh) => {
            format!("“{row}”：“{col}”应为前四项之和 {e}，实为 {f}")
        }
        (format::RULE_GROUP_TOTAL, Lang::En) => {
            format!("“{row}”: “{col}” should be the sum of the four results, {e}; found {f}")
        }
        (format::RULE_CARRY_OVER, Lang::Zh) => {
            format!("“{col}”列：上年结转应等于上年报告的结转下年度数 {e}，实为 {f}")
        }
        (format::RULE_CARRY_OVER, Lang::En) => {
            format!("column “{col}”: carried in should equal last year's carried out, {e}; found {f}")
        }
        (format::RULE_IN_FORCE, Lang::Zh) => format!(
            "“{row}”：现行有效件数按上年现行有效加本年制发减本年废止约为 {e}，实为 {f}（修订、失效的计法各地不同，请核对）"
        ),
        (format::RULE_IN_FORCE, Lang::En) => format!(
            "“{row}”: in force is usually last year's in force + issued − repealed = {e}; found {f} (local practice varies: please check)"
        ),
        (format::RULE_PROSE_NUMBERS, Lang::Zh) => {
            format!("“{row}”中写的是 {f} 件，表三对应的总计是 {e} 件，请核对")
        }
        (format::RULE_PROSE_NUMBERS, Lang::En) => {
            format!("“{row}” quotes {f}, but the matching total in table 3 is {e}: please check")
        }
        (_, Lang::Zh) => format!("未填写：{}", format::schema().fields[d.cell].describe()),
        (_, Lang::En) => format!("not filled in: {}", format::schema().fields[d.cell].describe()),
    };
    format!("{body}{negative}")
}

/// Severity word for the text output of `check`.
#[must_use]
pub fn severity_word(s: format::Severity, lang: Lang) -> &'static str {
    match s {
        format::Severity::Error => lang.pick("错误", "error"),
        format::Severity::Warning => lang.pick("警告", "warning"),
    }
}

/// Why a typed value was refused, as a sentence for the user.
#[must_use]
pub fn value_error(e: &crate::model::ValueError, lang: Lang) -> &'static str {
    use crate::model::ValueError as E;
    match e {
        E::Negative => lang.pick("不能为负数", "must not be negative"),
        E::NotANumber => lang.pick("不是数字", "is not a number"),
        E::NotWhole => lang.pick("件数须为整数", "a count must be a whole number"),
        E::TooLarge => lang.pick("数值过大（最大 999999999）", "is too large (at most 999999999)"),
        E::BadYear => lang.pick("不是 2000 至 2100 之间的年份", "is not a year between 2000 and 2100"),
        E::Multiline => lang.pick("此项只能填一行", "this field takes one line only"),
    }
}

/// An import note as a line for the user.
#[must_use]
pub fn import_note(note: &crate::import::Note, lang: Lang) -> String {
    use crate::import::Note as N;
    match (note, lang) {
        (N::UnplacedLine { line, text }, Lang::Zh) => {
            format!("第 {line} 行：无法对应到表格的行，未导入：{text}")
        }
        (N::UnplacedLine { line, text }, Lang::En) => {
            format!("line {line}: matches no row of the table, not imported: {text}")
        }
        (N::Unreadable { line, address, text }, Lang::Zh) => {
            format!("第 {line} 行：{address} 的内容“{text}”不是数字，留空")
        }
        (N::Unreadable { line, address, text }, Lang::En) => {
            format!("line {line}: {address} holds “{text}”, not a number; left empty")
        }
        (N::Annotated { line, address, text }, Lang::Zh) => {
            format!("第 {line} 行：{address} 的“{text}”带有说明，只取了数字")
        }
        (N::Annotated { line, address, text }, Lang::En) => {
            format!("line {line}: {address} “{text}” has a remark; only the number was kept")
        }
        (N::ShortRow { line, address }, Lang::Zh) => {
            format!("第 {line} 行：{address} 的单元格不足，缺的留空")
        }
        (N::ShortRow { line, address }, Lang::En) => {
            format!("line {line}: {address} has too few cells; the missing ones are left empty")
        }
        (N::Blank { addresses }, Lang::Zh) => {
            format!("原表中空白、已留空的单元格（{} 个）：{}", addresses.len(), addresses.join(", "))
        }
        (N::Blank { addresses }, Lang::En) => format!(
            "cells blank in the published table, left empty ({}): {}",
            addresses.len(),
            addresses.join(", ")
        ),
        (N::MissingTable { title }, Lang::Zh) => format!("没有找到表格：{title}"),
        (N::MissingTable { title }, Lang::En) => format!("table not found: {title}"),
        (N::MissingSection { title }, Lang::Zh) => format!("没有找到：{title}"),
        (N::MissingSection { title }, Lang::En) => format!("section not found: {title}"),
        (N::Guessed { address, value, from }, Lang::Zh) => {
            format!("{address} 取自{}：{value}，请核对", if *from == "preamble" { "导语" } else { from })
        }
        (N::Guessed { address, value, from }, Lang::En) => {
            format!("{address} taken from the {from}: {value}; please check")
        }
        (N::UnplacedText { line, text }, Lang::Zh) => {
            format!("第 {line} 行：不属于任何栏目的文字，未导入：{text}")
        }
        (N::UnplacedText { line, text }, Lang::En) => {
            format!("line {line}: text that belongs to no field, not imported: {text}")
        }
        (N::CloseLabel { line, text, label }, Lang::Zh) => {
            format!("第 {line} 行：“{text}”与格式中的“{label}”最接近，已按该行导入，请核对")
        }
        (N::CloseLabel { line, text, label }, Lang::En) => {
            format!(
                "line {line}: “{text}” is closest to the format's “{label}”; imported there, please check"
            )
        }
        (N::Ambiguous { line, text, candidates }, Lang::Zh) => {
            format!("第 {line} 行：“{text}”与{}同样接近，无法确定，未导入", candidates.join("、"))
        }
        (N::Ambiguous { line, text, candidates }, Lang::En) => {
            format!("line {line}: “{text}” is equally close to {}; not imported", candidates.join(", "))
        }
        (N::Combined { line, text, address }, Lang::Zh) => {
            format!("第 {line} 行：“{text}”在原表中是一行（格式分为三行），数值计入 {address}，请核对")
        }
        (N::Combined { line, text, address }, Lang::En) => {
            format!(
                "line {line}: “{text}” is one row in the published table (three in the format); its values went to {address}, please check"
            )
        }
    }
}
