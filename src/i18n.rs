//! Every user-facing string of the tool's own (messages, key hints, help),
//! in Chinese and English. Official labels are not here: they live in
//! `format.rs` and are shown in Chinese whatever the language.

use crate::format::{self, Place};
use crate::rules::Diagnostic;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
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
        // Servers installed in English have LANG=en_US.UTF-8: NIANBAO_LANG
        // asks for the tool's language without changing the locale.
        match std::env::var("NIANBAO_LANG").ok().as_deref().map(str::trim) {
            Some(v) if v.starts_with("zh") => return Lang::Zh,
            Some(v) if v.starts_with("en") => return Lang::En,
            _ => {}
        }
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
    // Empty is not 0: a cell not filled yet reads as such.
    let f = d.found.map_or_else(|| lang.pick("未填", "empty").to_owned(), |n| n.to_string());
    let body = if e < 0 {
        // No count can make it hold: say which numbers are too large,
        // never a negative "expected".
        match (d.rule, lang) {
            (format::RULE_BALANCE, Lang::Zh) => format!(
                "“{col}”列：“（七）总计”已大于第一项与第二项之和（多 {}），“{row}”填多少都无法平衡：请核对“一”“二”和“（七）总计”",
                -e
            ),
            (format::RULE_BALANCE, Lang::En) => format!(
                "column “{col}”: the outcome total is larger than new + carried in (by {}), so no “{row}” can balance it: check rows 1, 2 and the outcome total",
                -e
            ),
            (_, Lang::Zh) => format!("“{row}”“{col}”：减项之和大于加项之和（多 {}），请核对相关各项", -e),
            (_, Lang::En) => {
                format!("“{row}” “{col}”: the subtracted cells exceed the added ones (by {}): check them", -e)
            }
        }
    } else {
        ordinary(d, &row, &col, e, &f, lang)
    };
    match d.suspect {
        Some(sus) => format!("{body}{}", suspect_sentence(d.cell, sus, lang)),
        None => body,
    }
}

/// The sentence of a diagnostic whose expected value is a count.
fn ordinary(d: &Diagnostic, row: &str, col: &str, e: i64, f: &str, lang: Lang) -> String {
    match (d.rule, lang) {
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
        (format::RULE_DATE, _) => date_message(d, lang),
        (_, Lang::Zh) => format!("未填写：{}", format::schema().fields[d.cell].describe()),
        (_, Lang::En) => format!("not filled in: {}", format::schema().fields[d.cell].describe()),
    }
}

/// "The mistake is more likely in …": the culprit of a broken tally.
#[must_use]
pub fn suspect_sentence(flagged: format::FieldId, sus: crate::rules::Suspect, lang: Lang) -> String {
    let f = &format::schema().fields[sus.cell];
    let now = sus.found.map_or_else(|| lang.pick("未填", "empty").to_owned(), |n| n.to_string());
    match (flagged == sus.cell, lang) {
        (true, Lang::Zh) => format!("。此格很可能输错：改为 {} 后相关勾稽关系全部成立", sus.value),
        (true, Lang::En) => {
            format!(". This cell is likely mistyped: {} makes every rule it is in hold", sus.value)
        }
        (false, Lang::Zh) => format!(
            "。更可能是 {}（{}）输错：现为 {now}，改为 {} 后相关勾稽关系全部成立",
            f.address,
            f.describe(),
            sus.value
        ),
        (false, Lang::En) => format!(
            ". More likely {} ({}) is mistyped: it holds {now}; {} makes every broken rule hold",
            f.address,
            f.describe(),
            sus.value
        ),
    }
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
        E::Several => lang.pick(
            "像是两个数（中间有空格或逗号）：一格只填一个数；粘贴多个数会依次填入右侧各格",
            "looks like two numbers (a space or comma between digits): one number per cell; a pasted run of numbers fills the cells to the right",
        ),
        E::NotADate => lang.pick(
            "不是日期：请写成 2026年1月15日、2026-01-15 或 2026.1.15 的形式",
            "is not a date: write it like 2026年1月15日, 2026-01-15 or 2026.1.15",
        ),
        E::TooPrecise => lang.pick(
            "小数位过多（最多 28 位有效数字），为免四舍五入而拒收",
            "has too many decimal places (28 significant digits at most); refused rather than rounded",
        ),
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
        (N::TooLong { address, chars }, Lang::Zh) => format!(
            "{address} 的文字有 {chars} 字，超过一段正文的上限（{} 字），未导入：请核对来源是否正确，需要时手工填写",
            crate::import::MAX_FIELD_CHARS
        ),
        (N::TooLong { address, chars }, Lang::En) => format!(
            "{address}: {chars} characters, more than any section of a report ({} at most); not imported: check the source, fill it in by hand if needed",
            crate::import::MAX_FIELD_CHARS
        ),
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

/// ron's syntax errors in the user's words.
fn syntax_problem(code: &ron::Error, quoted: &str, lang: Lang) -> String {
    use ron::Error as E;
    match code {
        E::Eof => {
            lang.pick("文件提前结束：是否被截断了？", "the file ends too early: was it cut off?").to_owned()
        }
        E::ExpectedComma => lang.pick("此处缺少逗号", "a comma is missing here").to_owned(),
        E::ExpectedStructLikeEnd | E::ExpectedMapEnd | E::ExpectedArrayEnd => {
            lang.pick("此处缺少右括号 )，或缺少逗号", "a closing ) or a comma is missing here").to_owned()
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => lang
            .pick(
                "此处应为括号括起的一组字段，如 (total: 5, …)",
                "a group of fields in parentheses is expected here, like (total: 5, ...)",
            )
            .to_owned(),
        E::ExpectedString | E::ExpectedStringEnd => {
            lang.pick("文字没有用英文双引号括好", "text is not enclosed in double quotes").to_owned()
        }
        E::ExpectedIdentifier | E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) => lang
            .pick(
                "此处应为字段名（英文字母，如 total）",
                "a field name (letters, like total) is expected here",
            )
            .to_owned(),
        E::ExpectedMapColon => {
            lang.pick("字段名后缺少冒号 :", "a colon : is missing after the field name").to_owned()
        }
        E::UnexpectedChar(c) => match lang {
            Lang::Zh => format!("此处不应出现“{}”", crate::sanitize::visible_inline(&c.to_string())),
            Lang::En => format!("unexpected “{}” here", crate::sanitize::visible_inline(&c.to_string())),
        },
        E::UnclosedBlockComment => {
            lang.pick("注释 /* 没有结束的 */", "a /* comment has no closing */").to_owned()
        }
        E::TrailingCharacters => lang
            .pick("报告最后的右括号之后还有内容", "there is text after the report's closing parenthesis")
            .to_owned(),
        E::InvalidEscape(_) => lang.pick("文字中有无效的转义 \\", "an invalid \\ escape in text").to_owned(),
        E::InvalidValueForType { .. }
        | E::ExpectedInteger
        | E::ExpectedFloat
        | E::ExpectedOption
        | E::ExpectedOptionEnd
        | E::InvalidIntegerDigit { .. }
        | E::IntegerOutOfBounds => {
            format!("{quoted}{}", lang.pick("不是此处应有的值", "not the kind of value this field holds"))
        }
        _ => lang.pick("无法读取此处的内容", "cannot read the text here").to_owned(),
    }
}

/// Full-width punctuation an IME gives where RON needs the ASCII symbol.
fn is_full_width_symbol(c: char) -> bool {
    matches!(c, '，' | '：' | '（' | '）' | '“' | '”' | '；' | '＂' | '＃' | '［' | '］')
}

/// What a value of `kind` looks like in a draft.
fn value_shape(kind: format::Kind, lang: Lang) -> &'static str {
    match kind {
        format::Kind::Count => lang.pick(
            "件数写不带引号的整数，如 5；空单元格写 None",
            "a count is a bare whole number like 5; an empty cell is None",
        ),
        format::Kind::Amount => lang.pick(
            "金额写在英文双引号中的小数，如 \"4068.208\"；空单元格写 None",
            "an amount is a decimal in double quotes like \"4068.208\"; an empty cell is None",
        ),
        format::Kind::Year => lang.pick("年份写整数，如 2021", "a year is a whole number like 2021"),
        format::Kind::Date => lang.pick(
            "日期写在英文双引号中，如 \"2026年1月15日\"",
            "a date is written in double quotes like \"2026年1月15日\"",
        ),
        format::Kind::Text => lang.pick(
            "文字写在英文双引号中，如 \"……\"；文字中的双引号写作 \\\"",
            "text is written in double quotes like \"...\"; a quote inside it is written \\\"",
        ),
    }
}

/// The message for a draft that could not be read: file, line, column,
/// the field, what is wrong, and what a value there should look like.
/// Never ron's own suggestions (raw identifiers are Rust's business).
#[must_use]
pub fn parse_error(d: &crate::io::ParseDetail, lang: Lang) -> String {
    use crate::model::Problem as P;
    if let Some((what, shape)) = structure_problem(&d.problem, lang) {
        let hint = lang.pick("提示：", "hint: ");
        return format!("{}:{}:{}: {what}\n{hint}{shape}", crate::sanitize::path(&d.path), d.line, d.col);
    }
    let field = d.field.map(|id| &format::schema().fields[id]);
    let place = match (field, d.in_value, lang) {
        (Some(f), true, Lang::Zh) => format!("字段 {}：", f.address),
        (Some(f), true, Lang::En) => format!("field {}: ", f.address),
        (Some(f), false, Lang::Zh) => format!("字段 {} 之后：", f.address),
        (Some(f), false, Lang::En) => format!("after field {}: ", f.address),
        (None, ..) => String::new(),
    };
    let quoted = d
        .literal
        .as_deref()
        .map(|l| format!("`{}`{}", crate::sanitize::visible_inline(l), lang.pick("：", ": ")))
        .unwrap_or_default();
    let full_width = d.literal.as_deref().and_then(|l| l.chars().next()).filter(|c| is_full_width_symbol(*c));
    let mut shape = field.filter(|_| d.in_value).map(|f| value_shape(f.kind, lang).to_owned());
    let what = match (&d.problem, lang) {
        (P::Value(e), _) => format!("{quoted}{}", value_error(e, lang)),
        (P::Version(v), Lang::Zh) => {
            shape = Some("请检查文件开头的 format 一行".to_owned());
            format!(
                "格式版本“{}”不是本程序读取的“{}”（2021 年国家格式）",
                crate::sanitize::visible_inline(v),
                format::FORMAT_VERSION
            )
        }
        (P::Version(v), Lang::En) => {
            shape = Some("check the `format:` line at the top".to_owned());
            format!(
                "format version “{}” is not the “{}” this nianbao reads (the 2021 national format)",
                crate::sanitize::visible_inline(v),
                format::FORMAT_VERSION
            )
        }
        (P::NoVersion, Lang::Zh) => {
            format!("缺少 format 字段：草稿以 format: \"{}\" 开头", format::FORMAT_VERSION)
        }
        (P::NoVersion, Lang::En) => {
            format!("no `format` field: a draft starts with format: \"{}\"", format::FORMAT_VERSION)
        }
        (P::Twice(k), Lang::Zh) => {
            format!("字段 {} 写了两次，请删去一处", crate::sanitize::visible_inline(k))
        }
        (P::Twice(k), Lang::En) => {
            format!("the field {} is written twice; delete one", crate::sanitize::visible_inline(k))
        }
        (P::Unknown { found, expected }, _) => {
            shape = Some(format!(
                "{}{}",
                lang.pick("此处可用的字段：", "the fields here are: "),
                expected.join(", ")
            ));
            format!(
                "{}{}",
                lang.pick("没有这个字段：", "no such field: "),
                crate::sanitize::visible_inline(found)
            )
        }
        (P::Syntax, _) if full_width.is_some() => {
            let c = full_width.unwrap_or_default();
            match lang {
                Lang::Zh => format!("全角符号“{c}”：此处应为半角（英文）符号"),
                Lang::En => format!("full-width “{c}”: the ASCII (half-width) symbol is needed here"),
            }
        }
        // Told by `structure_problem` above.
        (P::Syntax | P::OpenString { .. }, _) => syntax_problem(&d.code, &quoted, lang),
    };
    let shape = shape.unwrap_or_else(|| {
        lang.pick(
            "改正此处，或对照 `nianbao new` 生成的草稿检查",
            "fix the file here, or compare it with a draft made by `nianbao new`",
        )
        .to_owned()
    });
    format!(
        "{}:{}:{}: {place}{what}\n{}{shape}",
        crate::sanitize::path(&d.path),
        d.line,
        d.col,
        lang.pick("提示：", "hint: ")
    )
}

/// An operating-system error in the user's language.
#[must_use]
pub fn os_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return e.to_string();
    }
    let zh = match e.kind() {
        K::NotFound => "文件或目录不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘已满",
        K::FileTooLarge => "超出允许的文件大小（ulimit -f）",
        K::ReadOnlyFilesystem => "文件系统是只读的",
        K::IsADirectory => "这是一个目录，不是文件",
        K::InvalidData => "内容无法读取",
        K::Interrupted | K::TimedOut => "操作被中断",
        _ => return e.to_string(),
    };
    zh.to_owned()
}

/// What stands at a name where a plain file was expected.
#[must_use]
pub fn kind_name(kind: crate::io::Kind, lang: Lang) -> &'static str {
    use crate::io::Kind as K;
    match kind {
        K::Symlink => lang.pick("符号链接", "a symbolic link"),
        K::Fifo => lang.pick("命名管道（FIFO）", "a named pipe (FIFO)"),
        K::Directory => lang.pick("目录", "a directory"),
        K::Device => lang.pick("设备文件", "a device file"),
        K::Socket => lang.pick("套接字", "a socket"),
        K::HardLink => lang.pick("另一个文件的硬链接", "a second name (hard link) of another file"),
    }
}

/// A draft's structure broken (a string or a group left open): what to
/// say and the hint, where the parse error is better told that way.
fn structure_problem(problem: &crate::model::Problem, lang: Lang) -> Option<(String, String)> {
    use crate::model::Problem as P;
    match problem {
        P::OpenString { ends_line } => Some(match lang {
            Lang::Zh => (
                format!("这里开始的字符串一直到第 {ends_line} 行才结束：这一行很可能缺少结束的引号（\"）"),
                "在字符串结尾补上引号 \"（文字中的引号请写成 \\\" 或中文引号“”）".to_owned(),
            ),
            Lang::En => (
                format!(
                    "the string starting here only ends on line {ends_line}: its closing quote (\") is probably missing on this line"
                ),
                "close the string with a quote \" (a quote inside text is written \\\" or as “”)".to_owned(),
            ),
        }),
        P::Unknown { found, .. } if belongs_a_level_up(found) => {
            let name = found.rsplit('.').next().unwrap_or(found);
            let inside =
                crate::sanitize::visible_inline(found.rsplit_once('.').map_or("", |(p, _)| p)).into_owned();
            Some(match lang {
                Lang::Zh => (
                    format!(
                        "{name} 是上一层的字段，却出现在 {inside} 之中：上一组字段的括号很可能没有闭合（缺少“)”）"
                    ),
                    "在上一组字段的末尾补上 )，例如 total: 0),".to_owned(),
                ),
                Lang::En => (
                    format!(
                        "{name} is a field one level up, found inside {inside}: the group of fields before it is probably not closed (a missing “)”)"
                    ),
                    "close the group of fields before it with ), e.g. total: 0),".to_owned(),
                ),
            })
        }
        _ => None,
    }
}

/// Whether an unknown field `a.b.c` is a field of the level above (`a.c`
/// exists): the sign of a group left open, its `)` missing.
fn belongs_a_level_up(found: &str) -> bool {
    let mut parts: Vec<&str> = found.split('.').collect();
    if parts.len() < 3 {
        return false;
    }
    let name = parts.pop().unwrap_or_default();
    parts.pop();
    parts.push(name);
    let up = parts.join(".");
    format::schema()
        .fields
        .iter()
        .any(|f| f.address == up || f.address.strip_prefix(up.as_str()).is_some_and(|r| r.starts_with('.')))
}

/// Why an export could not be made, in the user's language.
#[must_use]
pub fn export_error(e: &crate::export::ExportError, lang: Lang) -> String {
    use crate::export::ExportError as X;
    use crate::sanitize::visible_inline as v;
    match (e, lang) {
        (_, Lang::En) => e.to_string(),
        (X::NoOffice, Lang::Zh) => "导出 PDF 需要 LibreOffice（soffice 命令），本机没有安装；请安装 Debian 软件包 libreoffice-writer，或用 --to docx 导出 Word 文件后在 Word 或 WPS 中另存为 PDF".to_owned(),
        (X::Office(d), Lang::Zh) => format!("LibreOffice 未能把 Word 文件转换为 PDF：{}", v(d)),
        (X::Docx(d), Lang::Zh) => format!("Word 文件未能写出：{}", v(d)),
    }
}

/// Why a file could not be imported, in the user's language.
#[must_use]
pub fn import_error(e: &crate::import::ImportError, lang: Lang) -> String {
    use crate::import::ImportError as I;
    use crate::import::source::SourceError as S;
    use crate::sanitize::visible_inline as v;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        I::TrialFormat { line, marker } => format!(
            "第 {line} 行：这份报告使用 2019 年试行格式（表二中有“{marker}”），用于 2019、2020 年度报告；nianbao 的草稿使用 2021 年格式，不能导入为草稿"
        ),
        I::NotAReport => "没有找到报告的栏目标题（一、总体情况 … 六、其他需要报告的事项），也没有找到报告的表格：这是政府信息公开工作年度报告吗？".to_owned(),
        I::Source(S::Pdf(d)) => format!("无法读取 PDF 中的文字（{}）；如果是扫描件（页面图片），其中没有可导入的文字", v(d)),
        I::Source(S::Docx(d)) => format!("无法读取 Word 文件（{}）；请用 Word 或 WPS 重新另存为 .docx", v(d)),
        I::Source(S::Encoding) => "不是 UTF-8、GBK 或 GB18030 编码的文字：请把网页另存为 UTF-8，或用 iconv -f GBK -t UTF-8 转换".to_owned(),
        I::Source(S::PdfFont(d)) => format!(
            "这份 PDF 的中文字体使用了 nianbao 暂时无法解码的编码（{}）；请改为导入网页或 Word 文件，或先用 pdftotext -layout in.pdf out.txt 转为文字再导入 out.txt",
            v(d)
        ),
        I::Source(S::Unmapped(d)) => format!(
            "这份 PDF 的字体（{}）没有从字形到文字的对照表，其中的文字只能看、不能被任何程序读出：请改为导入网页或 Word 文件，或先做文字识别（例如 ocrmypdf --force-ocr -l chi_sim in.pdf out.pdf）",
            v(d)
        ),
        I::Source(S::Scan) => "这份 PDF 没有文字，只有页面图片（扫描件）：请先做文字识别（OCR，例如 ocrmypdf -l chi_sim in.pdf out.pdf），或改为导入网页或 Word 文件".to_owned(),
        I::Source(S::TooMuchText) => "文字远多于任何一份年度报告；是不是选错了文件？（未写入任何内容）".to_owned(),
        I::Source(S::Crashed(d)) => format!("文件已损坏，或被构造成让读取程序出错（{}）；请向发送方要一份新的，或改为导入网页", v(d)),
        I::Source(S::TimedOut) => "读取文件用时过长，已停止；文件已损坏或被构造成让读取程序出错：请向发送方要一份新的".to_owned(),
    }
}

/// Who holds a lock, as the lock file says it (`pid 4242 on vm since
/// 2026-12-06 04:18 UTC`), in Chinese; anything else as it is.
fn holder_zh(holder: &str) -> String {
    let parsed = holder.strip_prefix("pid ").and_then(|rest| {
        let (pid, rest) = rest.split_once(" on ")?;
        let (host, since) = rest.split_once(" since ")?;
        let since = since.strip_suffix(" UTC")?;
        Some(format!("进程 {pid}，主机 {host}，自 {since}（UTC）起"))
    });
    parsed.unwrap_or_else(|| holder.to_owned())
}

/// A file error in the user's language.
#[must_use]
pub fn file_error(e: &crate::io::FileError, lang: Lang) -> String {
    use crate::io::FileError as F;
    use crate::sanitize::{path as p, visible, visible_inline};
    match (e, lang) {
        (F::Parse(d), _) => parse_error(d, lang),
        (_, Lang::En) => e.to_string(),
        (F::Read { path, source }, Lang::Zh) => format!("{}：无法读取：{}", p(path), os_error(source, lang)),
        (F::NotUtf8 { path, line, col }, Lang::Zh) => format!(
            "{}:{line}:{col}：文件不是 UTF-8 编码\n提示：nianbao 草稿使用 UTF-8；如是 GBK 编码，请先转换：iconv -f GBK -t UTF-8 {} > fixed.ron",
            p(path),
            p(path)
        ),
        (F::Write { path, source }, Lang::Zh) => {
            format!("{}：保存失败：{}（原文件如有，未改动）", p(path), os_error(source, lang))
        }
        (F::Locked { path, holder }, Lang::Zh) => format!(
            "{}：已在另一个 nianbao 窗口中打开（{}）；请先关闭那个窗口（两处同时编辑会互相覆盖）",
            p(path),
            visible_inline(&holder_zh(holder))
        ),
        (F::ReadOnly { path }, Lang::Zh) => format!(
            "{}：文件是只读的，nianbao 不会擅自改写（可用 chmod u+w {} 改为可写，或另存）",
            p(path),
            p(path)
        ),
        (F::Unreadable { path, reason }, Lang::Zh) => {
            format!("{}：结果无法读回，未写入：{}", p(path), visible(reason))
        }
        (F::Planted { path, kind }, Lang::Zh) => format!(
            "{}：这里是一个{}，而 nianbao 要在这里写自己的文件；没有写入，它指向的文件也未被改动。如果不是您放的，请删除它（rm {}）后再试",
            p(path),
            kind_name(*kind, lang),
            p(path)
        ),
        (F::NotAFile { path, kind }, Lang::Zh) => format!(
            "{}：这是一个{}，不是文件；nianbao 只从普通文件读取草稿（请先复制为文件）",
            p(path),
            kind_name(*kind, lang)
        ),
        (F::TooLarge { path, size, limit }, Lang::Zh) => {
            format!(
                "{}：文件有 {size} 字节，超过 nianbao 可读取的上限（{limit} 字节），未读取；请确认文件是否正确",
                p(path)
            )
        }
        (F::LockedElsewhere { path }, Lang::Zh) => format!(
            "{}：这个文件已用另一个名字（硬链接）在另一个 nianbao 窗口中打开；请先关闭那个窗口（两处同时编辑会互相覆盖）",
            p(path)
        ),
        (F::Exists { path }, Lang::Zh) => format!(
            "{}：文件已存在，nianbao 不会覆盖（用 nianbao edit {} 打开，或换一个文件名）",
            p(path),
            p(path)
        ),
    }
}

/// Said after a save that could not keep a draft's comments in place.
#[must_use]
pub fn comments_copy(copy: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("；草稿中的注释无法原样保留，原文件已另存为 {}", crate::sanitize::path(copy)),
        Lang::En => format!(
            "; the draft's comments could not be kept in place: the file as it was is kept as {}",
            crate::sanitize::path(copy)
        ),
    }
}

/// Why 落款日期 is flagged: not a date, or after the deadline.
fn date_message(d: &Diagnostic, lang: Lang) -> String {
    match (d.expected, lang) {
        (Some(y), Lang::Zh) => {
            format!("落款日期晚于 {y}年1月31日，即《政府信息公开条例》规定的年度报告发布期限，请核对")
        }
        (Some(y), Lang::En) => format!(
            "the date is after 31 January {y}, the deadline the regulations set for the annual report: please check"
        ),
        (None, _) => lang
            .pick(
                "落款日期不是日期：请写成 2026年1月15日、2026-01-15 或 2026.1.15 的形式",
                "the date is not a date: write it like 2026年1月15日, 2026-01-15 or 2026.1.15",
            )
            .to_owned(),
    }
}
