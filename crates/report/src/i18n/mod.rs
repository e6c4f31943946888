//! Every user-facing string of the tool's own (messages, key hints, help),
//! in Chinese and English. Official labels are not here: they live in
//! `format.rs` and are shown in Chinese whatever the language.

mod files;

pub use files::{comments_copy, file_error, kind_name, os_error, parse_error};

use crate::format::{self, Place};
use crate::rules::Diagnostic;

/// Anything the tool tells a user, in the user's language: the one path
/// every message takes, whoever shows it (the command line, the wizard,
/// the review desk). English `Display` texts, where a type has them, are
/// the same sentences (`message(Lang::En)`).
pub trait Localize {
    /// The message in `lang`.
    fn message(&self, lang: Lang) -> String;
}

impl Localize for Diagnostic {
    fn message(&self, lang: Lang) -> String {
        diagnostic_message(self, lang)
    }
}

impl Localize for crate::io::FileError {
    fn message(&self, lang: Lang) -> String {
        file_error(self, lang)
    }
}

impl Localize for crate::import::ImportError {
    fn message(&self, lang: Lang) -> String {
        import_error(self, lang)
    }
}

impl Localize for crate::import::source::SourceError {
    fn message(&self, lang: Lang) -> String {
        source_error(self, lang)
    }
}

impl Localize for crate::export::ExportError {
    fn message(&self, lang: Lang) -> String {
        export_error(self, lang)
    }
}

impl Localize for crate::model::ValueError {
    fn message(&self, lang: Lang) -> String {
        value_error(self, lang).to_owned()
    }
}

impl Localize for crate::import::Note {
    fn message(&self, lang: Lang) -> String {
        import_note(self, lang)
    }
}

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
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
    let f = d.found.map_or_else(|| empty_value(lang).to_owned(), |n| n.to_string());
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
    let now = sus.found.map_or_else(|| empty_value(lang).to_owned(), |n| n.to_string());
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

/// An empty cell's value, where a value is quoted.
#[must_use]
pub fn empty_value(lang: Lang) -> &'static str {
    lang.pick("未填", "empty")
}

impl std::fmt::Display for crate::model::ValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(value_error(self, Lang::En))
    }
}

impl std::error::Error for crate::model::ValueError {}

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

/// Why an export could not be made, in the user's language.
#[must_use]
pub fn export_error(e: &crate::export::ExportError, lang: Lang) -> String {
    use crate::export::ExportError as X;
    use nianbao_text::sanitize::visible_inline as v;
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
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        I::TrialFormat { line, marker } => format!(
            "第 {line} 行：这份报告使用 2019 年试行格式（表二中有“{marker}”），用于 2019、2020 年度报告；nianbao 的草稿使用 2021 年格式，不能导入为草稿"
        ),
        I::NotAReport => "没有找到报告的栏目标题（一、总体情况 … 六、其他需要报告的事项），也没有找到报告的表格：这是政府信息公开工作年度报告吗？".to_owned(),
        I::Source(s) => source_error(s, lang),
    }
}

/// Why a file's text could not be read (a PDF, a Word file, an encoding),
/// in the user's language.
#[must_use]
pub fn source_error(e: &crate::import::source::SourceError, lang: Lang) -> String {
    use crate::import::source::SourceError as S;
    use nianbao_text::sanitize::visible_inline as v;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        S::Pdf(d) => format!("无法读取 PDF 中的文字（{}）；如果是扫描件（页面图片），其中没有可导入的文字", v(d)),
        S::Docx(d) => format!("无法读取 Word 文件（{}）；请用 Word 或 WPS 重新另存为 .docx", v(d)),
        S::Encoding => "不是 UTF-8、GBK 或 GB18030 编码的文字：请把网页另存为 UTF-8，或用 iconv -f GBK -t UTF-8 转换".to_owned(),
        S::PdfFont(d) => format!(
            "这份 PDF 的中文字体使用了 nianbao 暂时无法解码的编码（{}）；请改为导入网页或 Word 文件，或先用 pdftotext -layout in.pdf out.txt 转为文字再导入 out.txt",
            v(d)
        ),
        S::Unmapped(d) => format!(
            "这份 PDF 的字体（{}）没有从字形到文字的对照表，其中的文字只能看、不能被任何程序读出：请改为导入网页或 Word 文件，或先做文字识别（例如 ocrmypdf --force-ocr -l chi_sim in.pdf out.pdf）",
            v(d)
        ),
        S::Scan => "这份 PDF 没有文字，只有页面图片（扫描件）：请先做文字识别（OCR，例如 ocrmypdf -l chi_sim in.pdf out.pdf），或改为导入网页或 Word 文件".to_owned(),
        S::TooMuchText => "文字远多于任何一份年度报告；是不是选错了文件？（未写入任何内容）".to_owned(),
        S::Crashed(d) => format!("文件已损坏，或被构造成让读取程序出错（{}）；请向发送方要一份新的，或改为导入网页", v(d)),
        S::TimedOut => "读取文件用时过长，已停止；文件已损坏或被构造成让读取程序出错：请向发送方要一份新的".to_owned(),
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
