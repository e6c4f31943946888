//! Reading a published report back into a draft: the text as copied or
//! scraped from a portal (cells separated by `|`), the HTML page saved from
//! it, or our own Markdown export.
//!
//! Matching is by label, tolerantly: full- and half-width punctuation,
//! curly and straight quotes, stray spaces, 规范性文件 for 行政规范性文件,
//! multi-level labels joined by ` / ` or split over cells, headings worded
//! as in the statute. What cannot be placed is reported as a [`Note`] with
//! its line number, never guessed: a cell that cannot be read stays empty,
//! so `check` shows it as missing.

mod html;
mod importer;
pub mod isolate;
mod normalise;
mod pdf;
pub mod source;

pub use html::html_to_text;
pub use normalise::{distance, label_key, looks_like_html, norm};

/// The longest narrative field imported, in characters: a real report's
/// longest section is a few thousand.
pub const MAX_FIELD_CHARS: usize = 50_000;

/// The largest file `import` reads: a published report, scanned PDFs
/// included, is a few megabytes; past this it is not one.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

use importer::Importer;
use normalise::{
    TRIAL_MARKERS, is_comment, match_label, overview_heading, run_on, section_heading, segment, value_like,
};

use crate::format::{self, APPEALS, FieldId, PROACTIVE, REQUESTS, SECTIONS};
use crate::model::Report;

/// Something the import could not do exactly, with the input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A table line that matches no row of its table.
    UnplacedLine { line: usize, text: String },
    /// A cell whose content is not a number; the cell is left empty.
    Unreadable { line: usize, address: String, text: String },
    /// A cell with a number and a remark; the number was kept.
    Annotated { line: usize, address: String, text: String },
    /// A row with fewer cells than the table has columns.
    ShortRow { line: usize, address: String },
    /// Cells left blank in the published table (kept empty).
    Blank { addresses: Vec<String> },
    /// A table that was not found at all.
    MissingTable { title: &'static str },
    /// A text section that was not found.
    MissingSection { title: &'static str },
    /// A value taken from elsewhere in the text than its usual place.
    Guessed { address: &'static str, value: String, from: &'static str },
    /// Text that belongs to no field (kept out of the draft).
    UnplacedText { line: usize, text: String },
    /// A row label matched by closeness (a typo in the printed label).
    CloseLabel { line: usize, text: String, label: &'static str },
    /// A row label equally close to several rows: not placed.
    Ambiguous { line: usize, text: String, candidates: Vec<&'static str> },
    /// A narrative longer than any report's: not imported (a draft the
    /// wizard opens quickly, and a sign the file is not what it seems).
    TooLong { address: &'static str, chars: usize },
    /// A row printed as one where the format has several (（六）其他处理):
    /// its values went to the row named.
    Combined { line: usize, text: String, address: String },
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    /// A report in the 2019 trial format (reports for 2019 and 2020).
    #[error(
        "line {line}: this report uses the 2019 trial format (表二 with “{marker}”), used for the 2019 and 2020 reports; nianbao drafts use the 2021 format, so it cannot be imported as a draft"
    )]
    TrialFormat { line: usize, marker: &'static str },
    /// No section heading of the report was found.
    #[error(
        "no section heading (一、总体情况 … 六、其他需要报告的事项) and no table of the report was found: is this an annual report?"
    )]
    NotAReport,
    /// The file's bytes could not be read as text.
    #[error("{0}")]
    Source(#[from] source::SourceError),
}

/// The result of an import.
#[derive(Debug)]
pub struct Imported {
    pub report: Report,
    pub notes: Vec<Note>,
}

// ---------------------------------------------------------------------------
// Normalisation

// ---------------------------------------------------------------------------
// The import

/// What an import found, for its closing summary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Tables found, of 3.
    pub tables_found: usize,
    pub tables: usize,
    /// Table cells given a value, of all table cells.
    pub cells_placed: usize,
    pub cells: usize,
    /// Narrative fields filled, of those the format has (the optional lead
    /// not counted).
    pub sections_found: usize,
    pub sections: usize,
}

impl Imported {
    /// Tables, cells and sections found.
    #[must_use]
    pub fn summary(&self) -> Summary {
        let s = format::schema();
        let tables = [&PROACTIVE, &REQUESTS, &APPEALS];
        let tables_found = tables
            .iter()
            .filter(|t| {
                !self.notes.iter().any(|n| matches!(n, Note::MissingTable { title } if title == &t.title))
            })
            .count();
        let cells: Vec<FieldId> = (0..s.fields.len())
            .filter(|&i| matches!(s.fields[i].place, format::Place::Cell { .. }))
            .collect();
        let texts: Vec<FieldId> = (0..s.fields.len())
            .filter(|&i| matches!(s.fields[i].place, format::Place::Text(t) if t.multiline && !t.optional))
            .collect();
        Summary {
            tables_found,
            tables: tables.len(),
            cells_placed: cells.iter().filter(|&&i| !self.report.get(i).is_empty()).count(),
            cells: cells.len(),
            sections_found: texts.iter().filter(|&&i| !self.report.get(i).is_empty()).count(),
            sections: texts.len(),
        }
    }

    /// Whether every table was found and every cell placed.
    #[must_use]
    pub fn complete(&self) -> bool {
        let s = self.summary();
        s.tables_found == s.tables
            && s.cells_placed == s.cells
            && !self.notes.iter().any(|n| matches!(n, Note::TooLong { .. }))
    }
}

/// Drops what PDF text extraction adds: page numbers (`- 3 -`, `第 3 页`)
/// and the spaces it puts between a digit or Latin letter and a Chinese
/// character (`2024 年`).
fn tidy_pdf_line(l: &str) -> Option<String> {
    let t = l.trim();
    let core = t.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | ' ' | '第' | '页'));
    if !t.is_empty()
        && !core.is_empty()
        && core.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && t.chars().count() <= 12
    {
        return None;
    }
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            let cjk = |x: char| u32::from(x) >= 0x2E80;
            // `2024 年` always; `申请 3119件` only when the number runs on
            // into text (a table row's `总计 2932 53` keeps its spaces).
            let embedded = || {
                let run = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '%'))
                    .count();
                chars.get(i + 1 + run).is_some_and(|&c| cjk(c))
            };
            if (a.is_ascii_alphanumeric() && cjk(b)) || (cjk(a) && b.is_ascii_alphanumeric() && embedded()) {
                continue;
            }
        }
        out.push(c);
    }
    Some(out)
}

/// Joins the lines of a paragraph that a PDF hard-wrapped: a line that
/// does not end a sentence goes on with the next one (no space between
/// Chinese characters).
fn join_wrapped(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for l in lines {
        let t = l.trim();
        if open && let Some(last) = out.last_mut() {
            let space = last.ends_with(|c: char| c.is_ascii_alphanumeric())
                && t.starts_with(|c: char| c.is_ascii_alphanumeric());
            if space {
                last.push(' ');
            }
            last.push_str(t);
        } else {
            out.push(t.to_owned());
        }
        open = !t.ends_with(['。', '！', '？', '；', '：', '”', '」', '）', ')', '.', ':'])
            || t.chars().count() < 2;
        // A sub-heading like （一）主动公开 ends its own line (unless its
        // paragraph runs on after it), and so does the report's title.
        let heading = overview_heading(t).is_some() && run_on(t).is_none();
        let title = t.contains("年度报告") && t.chars().count() <= 40;
        if heading || title {
            open = false;
        }
    }
    out
}

/// Imports a published report (text, HTML or our Markdown).
///
/// # Errors
/// [`ImportError`] when the input is a 2019 trial-format report or has no
/// section headings at all.
pub fn import(input: &str) -> Result<Imported, ImportError> {
    let text = if looks_like_html(input) { html_to_text(input) } else { input.to_owned() };
    import_lines(&text, false)
}

/// Imports a file as an office has it: portal text or a browser copy, a
/// saved page (any Chinese encoding), a published PDF or a Word .docx.
///
/// # Errors
/// As [`import`], and [`ImportError::Source`] when the bytes cannot be
/// read as any of those.
pub fn import_bytes(bytes: &[u8]) -> Result<Imported, ImportError> {
    let (kind, text) = source::read(bytes)?;
    match kind {
        source::Kind::Pdf => import_pdf_text(&text),
        source::Kind::Html => import_lines(&html_to_text(&text), false),
        source::Kind::Text | source::Kind::Docx => import_lines(&text, false),
    }
}

/// As [`import_bytes`], with the file read by a child process of `exe`
/// (this program's binary) under limits of memory, time and output: a
/// file built to crash, hang or exhaust a reader ends in an error.
///
/// # Errors
/// As [`import_bytes`].
pub fn import_isolated(bytes: &[u8], exe: &std::path::Path) -> Result<Imported, ImportError> {
    let (kind, text) = isolate::read(bytes, exe)?;
    match kind {
        source::Kind::Pdf => import_pdf_text(&text),
        // HTML arrives as lines already.
        source::Kind::Html | source::Kind::Text | source::Kind::Docx => import_lines(&text, false),
    }
}

/// Imports text extracted from a PDF (page numbers dropped, hard-wrapped
/// paragraphs re-joined).
///
/// # Errors
/// As [`import`].
pub fn import_pdf_text(text: &str) -> Result<Imported, ImportError> {
    let tidy: Vec<String> = text.lines().filter_map(tidy_pdf_line).collect();
    // A running header or footer: the same short line on three pages or
    // more, with no number in it, that is neither a heading nor a row
    // label (a table's repeated header words may go too: they are headers).
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in &tidy {
        *seen.entry(l.trim()).or_default() += 1;
    }
    let running = |l: &str| {
        let t = l.trim();
        seen.get(t).is_some_and(|&n| n >= 3)
            && t.chars().count() <= 40
            && !t.chars().any(|c| c.is_ascii_digit())
            && section_heading(t).is_none()
            && !matches!(match_label(&label_key(t)), Ok(Some(_)))
    };
    let kept: Vec<&str> = tidy.iter().map(String::as_str).filter(|l| !running(l)).collect();
    import_lines(&kept.join("\n"), true)
}

/// A table copied one cell per line (from a PDF viewer or WPS, or
/// `pdftotext` without `-layout`): each run of lines that hold one value
/// each is joined to the row label on the line before it, as the row a
/// portal copy has (`label|v|v|`), numbered as the label's line. A run
/// with no label before it (表四's one row) becomes a row of values alone.
/// Lines with cells already (`|`, tabs) and prose are left as they are.
fn fold_cell_lines<'a>(lines: &[(usize, &'a str)]) -> Vec<(usize, std::borrow::Cow<'a, str>)> {
    use std::borrow::Cow;
    let lone_value = |l: &str| {
        let t = l.trim();
        value_like(t)
            && !t.contains(['|', '\t'])
            && !t.contains(char::is_whitespace)
            && t.chars().count() <= 16
    };
    let mut out: Vec<(usize, Cow<'a, str>)> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if !lone_value(lines[i].1) {
            out.push((lines[i].0, Cow::Borrowed(lines[i].1)));
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lone_value(lines[i].1) {
            i += 1;
        }
        let values: Vec<&str> = lines[start..i].iter().map(|(_, l)| l.trim()).collect();
        let label = out.last().filter(|(_, l)| {
            !l.contains(['|', '\t']) && !lone_value(l) && matches!(match_label(&label_key(l)), Ok(Some(_)))
        });
        if let Some((n, l)) = label {
            let row = format!("{}|{}|", l.trim(), values.join("|"));
            let n = *n;
            out.pop();
            out.push((n, Cow::Owned(row)));
        } else if values.len() >= 2 {
            out.push((lines[start].0, Cow::Owned(format!("|{}|", values.join("|")))));
        } else {
            out.push((lines[start].0, Cow::Borrowed(lines[start].1)));
        }
    }
    out
}

fn import_lines(text: &str, pdf: bool) -> Result<Imported, ImportError> {
    let raw: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !is_comment(l) && !l.trim().is_empty())
        .collect();
    let folded = if pdf { Vec::new() } else { fold_cell_lines(&raw) };
    let lines: Vec<(usize, &str)> =
        if pdf { raw } else { folded.iter().map(|(n, l)| (*n, l.as_ref())).collect() };
    if let Some(&(n, marker)) = lines
        .iter()
        .find_map(|(n, l)| TRIAL_MARKERS.iter().find(|m| l.contains(**m)).map(|m| (n, m)))
        .as_ref()
    {
        return Err(ImportError::TrialFormat { line: *n, marker });
    }
    let mut im =
        Importer { report: Report::new(), notes: Vec::new(), placed_rows: Vec::new(), blank: Vec::new() };
    // Tables first, found by what they contain wherever they are; their
    // lines (and header lines among them) are then not narrative.
    let region = im.tables(&lines);
    let mut parts: Vec<Vec<(usize, &str)>> = vec![Vec::new(); 7];
    let mut current = 0usize; // 0 = front matter, 1..=6 = 一..六
    let mut any_heading = false;
    for (i, &(n, l)) in lines.iter().enumerate() {
        if let Some(s) = section_heading(l)
            && s + 1 > current
        {
            current = s + 1;
            any_heading = true;
            continue;
        }
        if region.as_ref().is_some_and(|r| r.contains(&i)) {
            continue;
        }
        // Text after the tables and before 五's heading belongs to no
        // narrative of 一.
        if current <= 1 && region.as_ref().is_some_and(|r| i > *r.start()) {
            im.notes.push(Note::UnplacedText { line: n, text: l.trim().to_owned() });
            continue;
        }
        parts[current].push((n, l));
    }
    if !any_heading && region.is_none() {
        return Err(ImportError::NotAReport);
    }
    // What stands under the tables' headings but outside the tables (a
    // remark under a table): said, not dropped.
    for part in &mut parts[2..=4] {
        for (n, l) in part.drain(..) {
            let seg = segment(l);
            let note = if seg.values.iter().filter(|v| !v.is_empty()).count() >= 2 {
                Note::UnplacedLine { line: n, text: l.trim().to_owned() }
            } else {
                Note::UnplacedText { line: n, text: l.trim().to_owned() }
            };
            im.notes.push(note);
        }
    }
    // A PDF's hard-wrapped paragraphs, joined again.
    let joined: Vec<Vec<(usize, String)>> = if pdf {
        parts
            .iter()
            .map(|p| {
                let first = p.first().map_or(0, |&(n, _)| n);
                join_wrapped(&p.iter().map(|&(_, l)| l).collect::<Vec<_>>())
                    .into_iter()
                    .map(|l| (first, l))
                    .collect()
            })
            .collect()
    } else {
        Vec::new()
    };
    for (i, j) in joined.iter().enumerate() {
        parts[i] = j.iter().map(|(n, l)| (*n, l.as_str())).collect();
    }
    im.front_matter(&parts[0]);
    im.overview(&parts[1]);
    for t in [&PROACTIVE, &REQUESTS, &APPEALS] {
        if !t.rows.iter().any(|r| im.placed_rows.contains(&format!("{}.{}", t.key, r.key))) {
            im.notes.push(Note::MissingTable { title: t.title });
        }
    }
    im.text_section(&parts[5], "problems");
    let tail = im.text_section(&parts[6], "other_matters");
    im.signature(&tail);
    for (i, s) in SECTIONS.iter().enumerate().skip(1) {
        if matches!(s.content, format::Content::Fields(_)) && parts[i].is_empty() {
            im.notes.push(Note::MissingSection { title: s.title });
        }
    }
    if !im.blank.is_empty() {
        let addresses = std::mem::take(&mut im.blank);
        im.notes.push(Note::Blank { addresses });
    }
    Ok(Imported { report: im.report, notes: im.notes })
}

#[cfg(test)]
mod tests {
    use super::normalise::{How, is_date, title_parts};
    use super::*;

    #[test]
    fn labels_match_tolerantly() {
        let same = |a: &str, b: &str| label_key(a) == label_key(b);
        assert!(same("(一)予以公开", "（一）予以公开"));
        assert!(same("3.危及\"三安全一稳定\"", "3.危及“三安全一稳定”"));
        assert!(same("规范性文件", "行政规范性文件"));
        assert!(same(" 1.属于 国家秘密 ", "1.属于国家秘密"));
        assert!(same("1、属于国家秘密", "1.属于国家秘密") && same("1．属于国家秘密", "1.属于国家秘密"));
        assert!(!same("3.其他", "2.重复申请"));
        // Full-width digits, as Word and some portals print item numbers.
        assert_eq!(label_key("１．属于国家秘密"), "1.属于国家秘密");
        assert_eq!(label_key("０９"), "09");
    }

    #[test]
    fn item_numbers_are_unified_only_after_a_digit() {
        assert_eq!(label_key("主动公开、依申请公开"), "主动公开、依申请公开");
        assert_eq!(label_key("第1、2项"), "第1、2项", "between two digits it is a list, not an item number");
        assert_eq!(label_key("2．重复申请"), "2.重复申请");
    }

    #[test]
    fn edit_distances() {
        let d = |a: &str, b: &str| distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!(d("予以公开", "予以公开"), 0);
        assert_eq!(d("予以公开", "予以公升"), 1);
        assert_eq!(d("予以公开", "以公开"), 1);
        assert_eq!(d("以公开", "予以公开"), 1);
        assert_eq!(d("kitten", "sitting"), 3);
        // Deleting costs one, as inserting does.
        assert_eq!(d("abc", "b"), 2);
        assert_eq!(d("abcd", "ad"), 2);
        assert_eq!(d("ab", "ba"), 2);
        assert_eq!(d("", "规章"), 2);
        assert_eq!(d("规章", ""), 2);
    }

    #[test]
    fn labels_match_exactly_by_their_end_or_by_a_clear_typo() {
        let row = |key: &str| match match_label(&label_key(key)) {
            Ok(Some((t, r, how))) => Some((t.rows[r].label, how)),
            Ok(None) => None,
            Err(names) => panic!("ambiguous {key}: {names:?}"),
        };
        assert_eq!(row("（一）予以公开"), Some(("（一）予以公开", How::Exact)));
        assert_eq!(row("三、本年度办理结果（一）予以公开"), Some(("（一）予以公开", How::Suffix)));
        assert_eq!(row("（一）予以公升"), Some(("（一）予以公开", How::Close)));
        assert_eq!(row("与本表无关的一句话"), None);
        assert_eq!(row(""), None);
        // A short row's label at the end of a sentence is not a typo of it.
        assert_eq!(row("本机关今年没有制定新的文件，规章"), None);
        // One edit from 一's label and three from 二's (which differs from
        // it in four places): clearly 一.
        assert_eq!(
            row("二、本年新收政府信息公开申请数量"),
            Some(("一、本年新收政府信息公开申请数量", How::Close))
        );
        // Four characters more than a label is no misprint of it: a line
        // is compared with the label give or take three characters.
        assert_eq!(row("一、本年新收政府关于某的信息公开申请数量"), None);
    }

    #[test]
    fn a_label_between_two_rows_names_both() {
        // One edit from 复议后起诉, two from 未经复议直接起诉: no clear
        // winner, and the message names both.
        let names = |key: &str| match_label(&label_key(key)).err();
        assert_eq!(names("经复议直后起诉"), Some(vec!["复议后起诉", "未经复议直接起诉"]));
        // Equally close to two rows.
        assert_eq!(names("行政处可"), Some(vec!["行政许可", "行政处罚"]));
    }

    #[test]
    fn headings_and_titles() {
        assert_eq!(section_heading("一、总体情况"), Some(0));
        assert_eq!(section_heading("## 三、收到和处理政府信息公开申请情况"), Some(2));
        assert_eq!(section_heading("五、存在的主要问题及整改措施"), Some(4));
        assert_eq!(section_heading("[五、（章节标题在提取稿中缺失）]"), Some(4));
        assert_eq!(section_heading("一、本年新收政府信息公开申请数量|26||||||26"), None);
        assert_eq!(section_heading("三、本年度办理结果"), None);
        assert_eq!(
            title_parts("沭阳县发展和改革局2023年政府信息公开年度报告"),
            Some(("沭阳县发展和改革局", 2023))
        );
        assert_eq!(
            title_parts("2025年上海市人民政府办公厅政府信息公开工作年度报告"),
            Some(("上海市人民政府办公厅", 2025))
        );
        assert!(is_date("2024年1月17日"));
        assert!(
            value_like("22（其中修订16件）") && value_like("0") && value_like("?") && value_like("4068.208")
        );
        assert!(!value_like("1.属于国家秘密") && !value_like("3.其他") && !value_like("规章"));
        assert!(!is_date("2024年，我局共收到申请26件"));
        assert_eq!(overview_heading("（四）加强平台建设，扩展公开渠道"), Some(3));
        assert_eq!(overview_heading("(二)依申请公开政府信息情况"), Some(1));
    }

    #[test]
    fn html_becomes_lines_of_cells() {
        let html = "<html><head><style>td{}</style><script>var a='<td>';</script></head><body><h2>一、总体情况</h2><p>甲&amp;乙&nbsp;丙&#20013;</p><table><tr><td>规章</td><td>1</td></tr></table></body></html>";
        assert_eq!(html_to_text(html), "一、总体情况\n甲&乙 丙中\n规章|1|");
    }
}
