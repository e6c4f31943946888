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
        "no section heading (一、总体情况 … 六、其他需要报告的事项) was found: is this an annual report's text?"
    )]
    NotAReport,
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

/// Row labels compared after normalisation, with the known aliases.
fn same_label(found: &str, official: &str) -> bool {
    let (f, o) = (norm(found), norm(official));
    f == o || (o == "行政规范性文件" && f == "规范性文件")
}

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

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" | "ensp" | "emsp" => Some(' '),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            ch.map(|c| (c, e))
        });
        if let Some((c, e)) = decoded {
            out.push(c);
            rest = &after[e + 1..];
        } else {
            out.push('&');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    out
}

/// An HTML page as text lines: one line per table row with cells joined by
/// `|`, one per paragraph or heading; scripts, styles and tags dropped.
#[must_use]
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < html.len() {
        if bytes[i] == b'<' {
            let Some(close) = html[i..].find('>') else {
                // A lone `<` with no tag after it: plain text.
                out.push_str(&decode_entities(&html[i..]));
                break;
            };
            let end = i + close + 1;
            let tag = lower[i + 1..end - 1].trim_start_matches('/').to_owned();
            let name: String = tag.chars().take_while(char::is_ascii_alphanumeric).collect();
            let closing = lower[i + 1..].starts_with('/');
            match name.as_str() {
                "script" | "style" if !closing => {
                    let close = format!("</{name}");
                    i = lower[end..].find(&close).map_or(html.len(), |p| end + p);
                    continue;
                }
                "td" | "th" if closing => out.push('|'),
                "tr" | "p" | "br" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" => {
                    out.push('\n');
                }
                _ => {}
            }
            i = end;
        } else {
            let next = html[i..].find('<').map_or(html.len(), |p| i + p);
            let text = decode_entities(&html[i..next]).replace(['\n', '\r', '\t'], " ");
            out.push_str(&text);
            i = next;
        }
    }
    out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

// ---------------------------------------------------------------------------
// The import

struct Importer {
    report: Report,
    notes: Vec<Note>,
    placed_rows: Vec<&'static str>,
    blank: Vec<String>,
}

/// Imports a published report (text, HTML or our Markdown).
///
/// # Errors
/// [`ImportError`] when the input is a 2019 trial-format report or has no
/// section headings at all.
pub fn import(input: &str) -> Result<Imported, ImportError> {
    let text = if looks_like_html(input) { html_to_text(input) } else { input.to_owned() };
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !is_comment(l))
        .collect();
    // Split into front matter and the six sections.
    let mut parts: Vec<Vec<(usize, &str)>> = vec![Vec::new(); 7];
    let mut current = 0usize; // 0 = front matter, 1..=6 = 一..六
    for &(n, l) in &lines {
        if let Some(s) = section_heading(l)
            && s + 1 > current
        {
            current = s + 1;
            continue;
        }
        parts[current].push((n, l));
    }
    if parts[1..].iter().all(Vec::is_empty) && current == 0 {
        return Err(ImportError::NotAReport);
    }
    for &(n, l) in &parts[2] {
        if let Some(m) = TRIAL_MARKERS.iter().find(|m| l.contains(**m)) {
            return Err(ImportError::TrialFormat { line: n, marker: m });
        }
    }
    let mut im =
        Importer { report: Report::new(), notes: Vec::new(), placed_rows: Vec::new(), blank: Vec::new() };
    im.front_matter(&parts[0]);
    im.overview(&parts[1]);
    im.proactive(&parts[2]);
    im.requests(&parts[3]);
    im.appeals(&parts[4]);
    im.text_section(&parts[5], "problems");
    let tail = im.text_section(&parts[6], "other_matters");
    im.signature(&tail);
    for t in [&PROACTIVE, &REQUESTS, &APPEALS] {
        if !t.rows.iter().any(|r| im.placed_rows.contains(&r.key)) {
            im.notes.push(Note::MissingTable { title: t.title });
        }
    }
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
        self.report.set(id(address), Value::Text(text.to_owned()));
    }

    fn text_of(&self, address: &str) -> String {
        self.report.get(id(address)).display()
    }

    fn front_matter(&mut self, lines: &[(usize, &str)]) {
        let mut preamble = Vec::new();
        for &(_, l) in lines {
            let t = heading_text(l);
            if t.is_empty() {
                continue;
            }
            if let Some((organ, year)) = title_parts(&t) {
                self.set_text("meta.organ", organ);
                self.report.set(id("meta.year"), Value::Count(Some(year)));
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

    /// Places one table line; returns false when it matches no row.
    fn place_row(&mut self, table: &'static Table, n: usize, cells: &[String]) -> bool {
        let mut i = 0;
        while i < cells.len() && cells[i].is_empty() {
            i += 1;
        }
        let start = i;
        while i < cells.len() && !cells[i].is_empty() && !value_like(&cells[i]) {
            i += 1;
        }
        let labels: Vec<&str> = cells[start..i]
            .iter()
            .flat_map(|c| c.split(" / "))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let Some(leaf) = labels.last() else {
            return false;
        };
        let Some(ri) = table.rows.iter().position(|r| same_label(leaf, r.label)) else {
            return false;
        };
        let row = &table.rows[ri];
        if !cells[i..].iter().any(|c| value_like(c)) {
            // A header line whose last word happens to be a row label.
            return false;
        }
        let mut values: Vec<&String> = cells[i..].iter().collect();
        while values.len() > row.columns.len() && values.last().is_some_and(|v| v.is_empty()) {
            values.pop();
        }
        let s = format::schema();
        if values.len() < row.columns.len() {
            self.notes.push(Note::ShortRow { line: n, address: format!("{}.{}", table.key, row.key) });
        }
        for (ci, col) in row.columns.iter().enumerate() {
            let address = format!("{}.{}.{}", table.key, row.key, col.key);
            let cell = values.get(ci).map_or("", |v| v.as_str());
            let fid = s.cell_id(table, ri, ci);
            self.place_value(fid, col.kind, n, &address, cell);
        }
        self.placed_rows.push(row.key);
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

    fn table_lines(&mut self, table: &'static Table, lines: &[(usize, &str)], header_words: &[&str]) {
        for &(n, l) in lines {
            let t = l.trim();
            if t.is_empty() || t.trim_matches(['|', '-', ':', ' ']).is_empty() {
                continue;
            }
            let cs = cells(t);
            if self.place_row(table, n, &cs) {
                continue;
            }
            let joined = cs.join("");
            if t.contains('|') {
                let header =
                    header_words.iter().any(|w| joined.contains(w)) || !cs.iter().any(|c| value_like(c));
                if !header {
                    self.notes.push(Note::UnplacedLine { line: n, text: t.to_owned() });
                }
            } else if !(joined.contains("第二十条") || joined.chars().count() <= 12) {
                // Not a table line nor an item title: a note under the table.
                self.notes.push(Note::UnplacedText { line: n, text: t.to_owned() });
            }
        }
    }

    fn proactive(&mut self, lines: &[(usize, &str)]) {
        self.table_lines(&PROACTIVE, lines, &["第二十条", "信息内容"]);
    }

    fn requests(&mut self, lines: &[(usize, &str)]) {
        self.table_lines(&REQUESTS, lines, &["自然人", "申请人情况", "法人或其他组织", "商业", "勾稽关系"]);
    }

    fn appeals(&mut self, lines: &[(usize, &str)]) {
        let s = format::schema();
        let all_cells: Vec<FieldId> = (0..APPEALS.rows.len())
            .flat_map(|r| (0..APPEALS.rows[r].columns.len()).map(move |c| (r, c)))
            .map(|(r, c)| s.cell_id(&APPEALS, r, c))
            .collect();
        let mut rest = Vec::new();
        for &(n, l) in lines {
            let cs: Vec<String> = cells(l).into_iter().filter(|c| !c.is_empty()).collect();
            if cs.len() == all_cells.len() && cs.iter().all(|c| value_like(c)) && l.contains('|') {
                for (&fid, c) in all_cells.iter().zip(&cs) {
                    let address = s.fields[fid].address.clone();
                    self.place_value(fid, Kind::Count, n, &address, c);
                }
                self.placed_rows.extend(APPEALS.rows.iter().map(|r| r.key));
            } else {
                rest.push((n, l));
            }
        }
        // Groups written as rows (行政复议 | 1 | 0 | …) are placed by label;
        // header lines of the official layout are skipped.
        self.table_lines(&APPEALS, &rest, &["结果维持", "行政复议", "行政诉讼", "复议后起诉"]);
    }

    /// Fills a text section; returns its last lines when they may be the
    /// signature (organ and date), which are then not part of the text.
    fn text_section(&mut self, lines: &[(usize, &str)], address: &str) -> Vec<String> {
        let mut kept: Vec<&str> = Vec::new();
        for &(n, l) in lines {
            let t = heading_text(l);
            if FOOTER_MARKERS.iter().any(|m| t.contains(m)) {
                // The portal's footer: the report has ended.
                let _ = n;
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
    let n = norm(t);
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
        assert!(same_label("(一)予以公开", "（一）予以公开"));
        assert!(same_label("3.危及\"三安全一稳定\"", "3.危及“三安全一稳定”"));
        assert!(same_label("规范性文件", "行政规范性文件"));
        assert!(same_label(" 1.属于 国家秘密 ", "1.属于国家秘密"));
        assert!(!same_label("3.其他", "2.重复申请"));
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
