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
pub mod isolate;
mod pdf;
pub mod source;

pub use html::html_to_text;

use crate::format::{self, APPEALS, FieldId, Kind, PROACTIVE, REQUESTS, SECTIONS, Table, TextField};
use crate::model::{self, Report, Value};

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

/// A label reduced for comparison: no spaces, full-width punctuation, one
/// kind of quote, no Markdown emphasis.
#[must_use]
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{3000}')
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ',' => '，',
            ';' => '；',
            '“' | '”' | '"' | '＂' => '"',
            '‘' | '’' | '\'' => '\'',
            '[' | '［' | '【' => '[',
            ']' | '］' | '】' => ']',
            c => c,
        })
        .collect()
}

/// The longest narrative field imported, in characters: a real report's
/// longest section is a few thousand.
pub const MAX_FIELD_CHARS: usize = 50_000;

/// The largest file `import` reads: a published report, scanned PDFs
/// included, is a few megabytes; past this it is not one.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// Keywords identifying each section's heading when worded differently.
const SECTION_KEYWORDS: [&[&str]; 6] =
    [&["总体情况"], &["主动公开"], &["收到和处理", "依申请"], &["复议", "诉讼"], &["问题"], &["其他"]];

/// Keywords identifying 一's five sub-sections.
const OVERVIEW_KEYWORDS: [&[&str]; 5] = [&["主动公开"], &["依申请"], &["管理"], &["平台"], &["监督", "保障"]];

/// Markers of the 2019 trial format's 表二.
const TRIAL_MARKERS: [&str; 5] =
    ["本年新制作数量", "对外公开总数量", "其他对外管理服务事项", "政府集中采购", "上一年项目数量"];

/// Lines of a portal page's footer.
const FOOTER_MARKERS: [&str; 8] =
    ["主办单位", "版权所有", "ICP备", "公网安备", "网站标识码", "建议使用", "举报热线", "技术支持"];

/// Strips Markdown heading marks and brackets around a heading.
fn heading_text(line: &str) -> String {
    line.trim().trim_start_matches('#').trim().trim_start_matches('[').trim_end_matches(']').trim().to_owned()
}

/// The section (0 for 一 … 5 for 六) a line is the heading of, if any.
fn section_heading(line: &str) -> Option<usize> {
    if line.contains('|') {
        return None;
    }
    let t = heading_text(line);
    let mut chars = t.chars();
    let first = chars.next()?;
    let n = NUMERALS.iter().position(|&c| c == first)?;
    if chars.next() != Some('、') {
        return None;
    }
    let rest = chars.as_str();
    // The heading carries its keyword; 五 and 六 are often reworded (or
    // lost in extraction), so a short line is taken for them.
    let known = SECTION_KEYWORDS[n].iter().any(|k| rest.contains(k));
    (known || (n >= 4 && rest.chars().count() <= 40)).then_some(n)
}

/// Whether a line is a provenance comment of the fixtures (`# 格式: …`).
fn is_comment(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("# ") else {
        return false;
    };
    rest.starts_with(' ') || rest.chars().take(8).any(|c| c == ':' || c == '：')
}

/// Splits a table line into trimmed cells (outer pipes dropped).
fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().replace("\\|", "|")).collect()
}

/// Whether a cell holds (or held) a value: a number (perhaps with a
/// remark), or a lost-cell mark; not an item label like `1.属于国家秘密`.
fn value_like(cell: &str) -> bool {
    let c = cell.trim();
    if c == "?" || c == "？" {
        return true;
    }
    let digit = |ch: char| ch.is_ascii_digit() || ('０'..='９').contains(&ch);
    let digits: String = c.chars().take_while(|&ch| digit(ch)).collect();
    if digits.is_empty() {
        return false;
    }
    let mut rest = c[digits.len()..].chars();
    match rest.next() {
        Some('.' | '．' | '、') => rest.next().is_some_and(digit),
        _ => true,
    }
}

/// The number at the start of a cell, and whether text follows it.
fn leading_number(cell: &str) -> (String, bool) {
    let num: String = cell
        .trim()
        .chars()
        .take_while(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(c) || matches!(c, '.' | '．' | ',' | '，')
        })
        .collect();
    let rest = cell.trim()[num.len()..].trim();
    (num, !rest.is_empty())
}

// ---------------------------------------------------------------------------
// HTML to lines

/// Whether the input looks like an HTML page rather than text.
#[must_use]
pub fn looks_like_html(s: &str) -> bool {
    let head: String = s.chars().take(4000).collect::<String>().to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<table")
        || head.contains("<!doctype html")
        || head.contains("<body")
}

// ---------------------------------------------------------------------------
// Table rows in any layout

/// A line read as a table row: the text before its values (labels, group
/// labels, fragments) and the value cells.
#[derive(Debug, PartialEq, Eq)]
struct Seg {
    label: String,
    values: Vec<String>,
}

/// A value token in space-separated text (PDF text, pasted rows): a number
/// (perhaps with a bracketed remark), or a lost-cell mark. `1件` and
/// `100%` are prose, not cells.
fn is_value_token(t: &str) -> bool {
    if t == "?" || t == "？" {
        return true;
    }
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let num_len: usize = t
        .char_indices()
        .take_while(|&(_, c)| digit(c) || matches!(c, '.' | '．' | ','))
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    if num_len == 0 || !t.starts_with(digit) {
        return false;
    }
    let rest = &t[num_len..];
    rest.is_empty()
        || ((rest.starts_with('（') || rest.starts_with('('))
            && (rest.ends_with('）') || rest.ends_with(')')))
}

/// Splits a line into label and values: cells separated by `|` or tabs
/// (empty cells kept: blank in the published table), else runs of
/// spaces, the values being the trailing run of number tokens.
fn segment(line: &str) -> Seg {
    let t = line.trim();
    if t.contains('|') || t.contains('\t') {
        let cs: Vec<String> =
            if t.contains('|') { cells(t) } else { t.split('\t').map(|c| c.trim().to_owned()).collect() };
        let mut i = 0;
        while i < cs.len() && !value_like(&cs[i]) {
            i += 1;
        }
        let label: Vec<&str> = cs[..i].iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
        let mut values: Vec<String> = cs[i..].to_vec();
        while values.last().is_some_and(String::is_empty) {
            values.pop();
        }
        // A row whose label cells are all empty but holds no value is a
        // spacer, not a row of blanks.
        return Seg { label: label.join(" "), values };
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let first_value = tokens.iter().rposition(|tok| !is_value_token(tok)).map_or(0, |p| p + 1);
    Seg {
        label: tokens[..first_value].join(" "),
        values: tokens[first_value..].iter().map(|&v| v.to_owned()).collect(),
    }
}

/// A label reduced for matching: [`norm`], full-width digits folded, item
/// numbers unified (`1、`, `1．` → `1.`), 规范性文件 read as 行政规范性文件.
#[must_use]
pub fn label_key(s: &str) -> String {
    let n: Vec<char> = norm(s)
        .chars()
        .map(|c| {
            if ('０'..='９').contains(&c) { char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c) } else { c }
        })
        .collect();
    let mut out = String::with_capacity(n.len() * 3);
    for (i, &c) in n.iter().enumerate() {
        let after_digit = i > 0 && n[i - 1].is_ascii_digit();
        let mapped = match c {
            '、' | '．' if after_digit && n.get(i + 1).is_some_and(|d| !d.is_ascii_digit()) => '.',
            c => c,
        };
        out.push(mapped);
    }
    if out.ends_with("规范性文件") && !out.ends_with("行政规范性文件") {
        out.insert_str(out.len() - "规范性文件".len(), "行政");
    }
    out
}

/// Every row of the three tables with its matching key.
fn row_keys() -> &'static [(&'static Table, usize, String)] {
    static KEYS: std::sync::OnceLock<Vec<(&'static Table, usize, String)>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        [&PROACTIVE, &REQUESTS, &APPEALS]
            .into_iter()
            .flat_map(|t| t.rows.iter().enumerate().map(move |(i, r)| (t, i, label_key(r.label))))
            .collect()
    })
}

/// A row found for a line: its table, row, how it matched, and how many
/// label lines before it belong to it.
type Found = (&'static Table, usize, How, usize);

/// Rows printed as one in some reports: their values go to the row named.
const COMBINED_ROWS: [(&str, &str); 1] = [("（六）其他处理", "other_misc")];

/// Edit distance between two char slices (insert, delete, replace).
pub(crate) fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// How a label matched a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Exact,
    /// The label ends with the row's label (a group label or a fragment of
    /// one before it).
    Suffix,
    /// Close to the row's label (a typo in the printed label).
    Close,
}

/// The row a label names: exactly, as the end of a longer label, or —
/// only when one row is clearly the closest — by edit distance.
/// `Err(candidates)` when two rows are equally close.
fn match_label(key: &str) -> Result<Option<(&'static Table, usize, How)>, Vec<&'static str>> {
    if key.is_empty() {
        return Ok(None);
    }
    let keys = row_keys();
    if let Some(&(t, r, _)) = keys.iter().find(|(_, _, k)| k == key) {
        return Ok(Some((t, r, How::Exact)));
    }
    let suffix = keys
        .iter()
        .filter(|(_, _, k)| {
            key.ends_with(k.as_str()) && {
                let prefix = &key[..key.len() - k.len()];
                prefix.chars().count() <= 30 && !prefix.contains(['。', '；', '，', '：'])
            }
        })
        .max_by_key(|(_, _, k)| k.len());
    if let Some(&(t, r, _)) = suffix {
        return Ok(Some((t, r, How::Suffix)));
    }
    // A printed typo: compare with the end of the label, as long as the
    // row's label give or take a few characters.
    let chars: Vec<char> = key.chars().collect();
    let mut scored: Vec<(usize, &'static Table, usize)> = keys
        .iter()
        .filter_map(|(t, r, k)| {
            let kc: Vec<char> = k.chars().collect();
            if kc.len() < 4 || chars.len() + 3 < kc.len() {
                return None;
            }
            let best = (kc.len().saturating_sub(3)..=kc.len() + 3)
                .filter(|&l| l <= chars.len() && l > 0)
                .map(|l| distance(&chars[chars.len() - l..], &kc))
                .min()?;
            (best * 4 <= kc.len()).then_some((best, *t, *r))
        })
        .collect();
    scored.sort_by_key(|&(d, _, _)| d);
    match scored.as_slice() {
        [] => Ok(None),
        [(_, t, r)] => Ok(Some((t, *r, How::Close))),
        [(d1, t, r), (d2, ..), ..] if d2 >= &(d1 + 2) => Ok(Some((t, *r, How::Close))),
        [(d1, ..), ..] => {
            // Every row as close as the nearest give or take one edit: the
            // ones the line could be.
            let near = d1 + 1;
            Err(scored.iter().take_while(|(d, ..)| *d <= near).map(|&(_, t, r)| t.rows[r].label).collect())
        }
    }
}

// ---------------------------------------------------------------------------
// The import

struct Importer {
    report: Report,
    notes: Vec<Note>,
    /// Rows placed, as `table.row`.
    placed_rows: Vec<String>,
    blank: Vec<String>,
}

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

fn id(address: &str) -> FieldId {
    format::schema().lookup(address).unwrap_or(0)
}

impl Importer {
    fn set_text(&mut self, address: &str, text: &str) {
        let chars = text.chars().count();
        if chars > MAX_FIELD_CHARS {
            let address = format::schema().fields[id(address)].address.as_str();
            self.notes.push(Note::TooLong { address, chars });
            return;
        }
        self.report.set(id(address), Value::Text(text.to_owned()));
    }

    fn text_of(&self, address: &str) -> String {
        self.report.get(id(address)).display()
    }

    fn front_matter(&mut self, lines: &[(usize, &str)]) {
        let mut preamble = Vec::new();
        let mut previous: Option<&str> = None;
        for &(_, l) in lines {
            let t = heading_text(l);
            if t.is_empty() {
                continue;
            }
            if let Some((organ, year)) = title_parts(&t) {
                // A title broken over two lines: the organ is the line before.
                let organ = match (organ.is_empty(), previous) {
                    (true, Some(p)) if p.chars().count() <= 30 => {
                        preamble.pop();
                        p
                    }
                    _ => organ,
                };
                self.set_text("meta.organ", organ);
                self.report.set(id("meta.year"), Value::Count(Some(year)));
                previous = None;
                continue;
            }
            if t.contains("浏览") || (t.starts_with("日期") && t.contains("来源")) {
                // A portal's article header: 日期: 2022-01-20 浏览量:665 来源:…
                if let Some(d) = field_after(&t, "日期") {
                    self.set_text("meta.date", &d);
                }
                if let Some(o) = field_after(&t, "来源") {
                    self.set_text("meta.organ", &o);
                }
                continue;
            }
            preamble.push(l.trim());
            previous = Some(l.trim());
        }
        self.set_text("preamble", &preamble.join("\n"));
        if self.report.year().is_none()
            && let Some(y) = first_year(&preamble.join(""))
        {
            self.report.set(id("meta.year"), Value::Count(Some(y)));
            self.notes.push(Note::Guessed { address: "meta.year", value: y.to_string(), from: "preamble" });
        }
    }

    fn overview(&mut self, lines: &[(usize, &str)]) {
        let fields: &[TextField] = match SECTIONS[1].content {
            format::Content::Fields(f) => f,
            format::Content::Table(_) => &[],
        };
        let mut current: Option<usize> = None;
        let mut intro: Vec<&str> = Vec::new();
        let mut texts: Vec<Vec<&str>> = vec![Vec::new(); fields.len()];
        for &(_, l) in lines {
            let t = heading_text(l);
            if t.is_empty() {
                continue;
            }
            if let Some(k) = overview_heading(&t) {
                // Sub-headings count from the first non-optional field.
                current = Some(k + fields.iter().take_while(|f| f.optional).count());
                // A sub-heading that runs on into its paragraph
                // (（一）主动公开情况。2024年，…): the rest is text.
                if let Some(rest) = run_on(l.trim()) {
                    texts[k + fields.iter().take_while(|f| f.optional).count()].push(rest);
                }
                continue;
            }
            match current {
                Some(k) => texts[k].push(l.trim()),
                None => intro.push(l.trim()),
            }
        }
        // The lead paragraph before （一） has its own optional field.
        if let Some(lead) = fields.iter().position(|f| f.optional) {
            texts[lead] = intro;
        }
        for (f, t) in fields.iter().zip(texts) {
            self.set_text(f.address, &t.join("\n"));
        }
    }

    /// Finds the three tables' rows anywhere in `lines`; returns the range
    /// of line indexes the tables take (their header lines included).
    fn tables(&mut self, lines: &[(usize, &str)]) -> Option<std::ops::RangeInclusive<usize>> {
        let mut pending: Vec<(usize, String)> = Vec::new();
        let mut used: Vec<usize> = Vec::new();
        for (i, &(n, l)) in lines.iter().enumerate() {
            if section_heading(l).is_some() {
                pending.clear();
                continue;
            }
            let seg = segment(l);
            if seg.values.is_empty() {
                let short =
                    !seg.label.is_empty() && seg.label.chars().count() <= 40 && !seg.label.ends_with('。');
                if short {
                    pending.push((i, seg.label));
                    if pending.len() > 4 {
                        pending.remove(0);
                    }
                } else {
                    pending.clear();
                }
                continue;
            }
            let filled = seg.values.iter().filter(|v| !v.is_empty()).count();
            let (found, ambiguous) = self.find_row(&seg, &pending, n, l);
            if let Some((t, r, how, k)) = found {
                let columns = t.rows[r].columns.len();
                if seg.values.len() * 2 >= columns || columns == 1 {
                    if how == How::Close {
                        self.notes.push(Note::CloseLabel {
                            line: n,
                            text: seg.label.clone(),
                            label: t.rows[r].label,
                        });
                    }
                    if self.place(t, r, n, &seg.values) {
                        used.push(i);
                        used.extend(pending[pending.len() - k..].iter().map(|(j, _)| *j));
                    }
                    pending.clear();
                    continue;
                }
            }
            // 表四 as one line of its 15 numbers (under its header lines).
            let all: usize = APPEALS.rows.iter().map(|r| r.columns.len()).sum();
            if filled == all
                && seg.values.len() == all
                && !self.placed_rows.iter().any(|p| p.starts_with("appeals."))
            {
                let mut values = seg.values.iter();
                for (r, row) in APPEALS.rows.iter().enumerate() {
                    let vs: Vec<String> = values.by_ref().take(row.columns.len()).cloned().collect();
                    self.place(&APPEALS, r, n, &vs);
                }
                used.push(i);
                pending.clear();
                continue;
            }
            if let Some(names) = ambiguous {
                self.notes.push(Note::Ambiguous { line: n, text: l.trim().to_owned(), candidates: names });
                used.push(i);
            } else if filled >= 2 && seg.label.chars().count() <= 60 {
                self.notes.push(Note::UnplacedLine { line: n, text: l.trim().to_owned() });
                used.push(i);
            }
            pending.clear();
        }
        let (&first, &last) = (used.iter().min()?, used.iter().max()?);
        // Header lines just above the first row belong to the table.
        let mut start = first;
        while start > 0
            && {
                let l = lines[start - 1].1;
                section_heading(l).is_none()
                    && segment(l).label.chars().count() <= 60
                    && !l.trim().ends_with('。')
            }
            && first - start < 12
        {
            start -= 1;
        }
        Some(start..=last)
    }

    /// The row a line's values belong to, trying its own label, then that
    /// label after the label lines before it (a label a PDF broke over
    /// lines, or a row of numbers under its label): exact and suffix
    /// matches first, then close ones. Also the rows a label was equally
    /// close to, when that stopped it.
    fn find_row(
        &mut self,
        seg: &Seg,
        pending: &[(usize, String)],
        n: usize,
        l: &str,
    ) -> (Option<Found>, Option<Vec<&'static str>>) {
        // Candidate labels: the line's own, then with the label lines
        // before it (a label a PDF broke over lines, or a row of
        // numbers under its label).
        let mut candidates: Vec<(String, usize)> = Vec::new();
        if !seg.label.is_empty() {
            candidates.push((label_key(&seg.label), 0));
        }
        for k in 1..=pending.len() {
            let joined: String = pending[pending.len() - k..]
                .iter()
                .map(|(_, p)| p.as_str())
                .chain([seg.label.as_str()])
                .collect();
            candidates.push((label_key(&joined), k));
        }
        let mut found = None;
        let mut ambiguous = None;
        for pass in [false, true] {
            for (key, k) in &candidates {
                match match_label(key) {
                    Ok(Some((t, r, how))) if (how == How::Close) == pass => {
                        found = Some((t, r, how, *k));
                        break;
                    }
                    Err(names) if pass && ambiguous.is_none() => ambiguous = Some(names),
                    _ => {}
                }
            }
            if found.is_some() {
                break;
            }
        }
        // A combined row (（六）其他处理 printed as one row).
        if found.is_none()
            && let Some((key, k)) = candidates
                .iter()
                .find(|(key, _)| COMBINED_ROWS.iter().any(|(c, _)| key.ends_with(&label_key(c))))
            && let Some((_, row)) = COMBINED_ROWS.iter().find(|(c, _)| key.ends_with(&label_key(c)))
            && let Some(r) = REQUESTS.row(row)
        {
            self.notes.push(Note::Combined {
                line: n,
                text: l.trim().to_owned(),
                address: format!("requests.{row}"),
            });
            found = Some((&REQUESTS, r, How::Exact, *k));
        }
        (found, ambiguous)
    }

    /// Places a row's values; false when the row was placed already.
    fn place(&mut self, table: &'static Table, ri: usize, n: usize, values: &[String]) -> bool {
        let row = &table.rows[ri];
        let key = format!("{}.{}", table.key, row.key);
        if self.placed_rows.contains(&key) {
            self.notes
                .push(Note::UnplacedLine { line: n, text: format!("{} {}", row.label, values.join(" ")) });
            return false;
        }
        let s = format::schema();
        if values.len() < row.columns.len() {
            self.notes.push(Note::ShortRow { line: n, address: key.clone() });
        }
        for (ci, col) in row.columns.iter().enumerate() {
            let address = format!("{key}.{}", col.key);
            let cell = values.get(ci).map_or("", String::as_str);
            let fid = s.cell_id(table, ri, ci);
            self.place_value(fid, col.kind, n, &address, cell);
        }
        self.placed_rows.push(key);
        true
    }

    fn place_value(&mut self, fid: FieldId, kind: Kind, n: usize, address: &str, cell: &str) {
        if cell.trim().is_empty() {
            self.blank.push(address.to_owned());
            return;
        }
        let (num, remark) = leading_number(cell);
        match model::parse_value(kind, &num, false) {
            Ok(v) if !num.is_empty() => {
                self.report.set(fid, v);
                if remark {
                    self.notes.push(Note::Annotated {
                        line: n,
                        address: address.to_owned(),
                        text: cell.to_owned(),
                    });
                }
            }
            _ => self.notes.push(Note::Unreadable {
                line: n,
                address: address.to_owned(),
                text: cell.to_owned(),
            }),
        }
    }

    /// Fills a text section; returns its last lines when they may be the
    /// signature (organ and date), which are then not part of the text.
    fn text_section(&mut self, lines: &[(usize, &str)], address: &str) -> Vec<String> {
        let mut kept: Vec<&str> = Vec::new();
        for &(_, l) in lines {
            let t = heading_text(l);
            if FOOTER_MARKERS.iter().any(|m| t.contains(m)) {
                // The portal's footer: the report has ended.
                break;
            }
            if !t.is_empty() {
                kept.push(l.trim());
            }
        }
        let mut tail = Vec::new();
        if kept.len() >= 2 && is_date(kept[kept.len() - 1]) && kept[kept.len() - 2].chars().count() <= 30 {
            tail = kept.split_off(kept.len() - 2).into_iter().map(str::to_owned).collect();
        }
        self.set_text(address, &kept.join("\n"));
        tail
    }

    fn signature(&mut self, tail: &[String]) {
        if let [organ, date] = tail {
            if self.text_of("meta.organ").is_empty() {
                self.set_text("meta.organ", organ);
            }
            if self.text_of("meta.date").is_empty() {
                self.set_text("meta.date", date);
            }
        }
    }
}

/// The text after a sub-heading that runs on into its paragraph:
/// `（一）主动公开情况。2024年，…` gives `2024年，…`.
fn run_on(t: &str) -> Option<&str> {
    let (_, rest) = t.split_once('。')?;
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// Organ and year from a title like 沭阳县发展和改革局2023年政府信息公开年度报告.
fn title_parts(t: &str) -> Option<(&str, u64)> {
    if !(t.contains("年度报告") && t.contains("政府信息公开")) || t.chars().count() > 60 {
        return None;
    }
    let bytes = t.as_bytes();
    let pos = (0..bytes.len().saturating_sub(4))
        .find(|&i| bytes[i..i + 4].iter().all(u8::is_ascii_digit) && t[i + 4..].starts_with('年'))?;
    let year: u64 = t[pos..pos + 4].parse().ok()?;
    let before = t[..pos].trim();
    if !before.is_empty() {
        return Some((before, year));
    }
    // 2025年上海市人民政府办公厅政府信息公开工作年度报告
    let after = &t[pos + 4 + '年'.len_utf8()..];
    let end = after.find("政府信息公开").unwrap_or(after.len());
    Some((after[..end].trim(), year))
}

/// The value after `key` and a colon in a portal header line.
fn field_after(t: &str, key: &str) -> Option<String> {
    let i = t.find(key)?;
    let rest = t[i + key.len()..].trim_start_matches([':', '：', ' ']);
    let v: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    (!v.is_empty()).then_some(v)
}

/// The first four-digit year followed by 年 in a text.
fn first_year(t: &str) -> Option<u64> {
    let b = t.as_bytes();
    (0..b.len().saturating_sub(4))
        .find(|&i| {
            b[i..i + 4].iter().all(u8::is_ascii_digit)
                && t.is_char_boundary(i + 4)
                && t[i + 4..].starts_with('年')
        })
        .and_then(|i| t[i..i + 4].parse().ok())
}

/// Whether a line is just a date (2024年1月17日, 2024-01-17).
fn is_date(l: &str) -> bool {
    let t = l.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    (6..=8).contains(&digits)
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '年' | '月' | '日' | '-' | '.' | '/'))
        && t.chars().count() <= 12
}

/// Which of 一's five sub-sections a line heads, if it is a sub-heading.
fn overview_heading(t: &str) -> Option<usize> {
    // A heading may run on into its paragraph: only its first sentence counts.
    let n = norm(t.split('。').next().unwrap_or(t));
    let numbered = ["（一）", "（二）", "（三）", "（四）", "（五）"].iter().any(|p| n.starts_with(p));
    if !numbered || n.chars().count() > 30 {
        return None;
    }
    OVERVIEW_KEYWORDS.iter().position(|ks| ks.iter().any(|k| n.contains(k)))
}

#[cfg(test)]
mod tests {
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
