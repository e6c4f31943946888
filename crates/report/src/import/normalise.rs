//! The text of a report line by line as the import sees it: normalised
//! (widths, quotes, spaces), cut into cells and value tokens, headings
//! recognised, labels keyed and matched to the format's rows tolerantly.

use crate::format::{self, APPEALS, FieldId, PROACTIVE, REQUESTS, Table};
use nianbao_text::fullwidth;

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

pub(super) const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// Keywords identifying each section's heading when worded differently.
pub(super) const SECTION_KEYWORDS: [&[&str]; 6] =
    [&["总体情况"], &["主动公开"], &["收到和处理", "依申请"], &["复议", "诉讼"], &["问题"], &["其他"]];

/// Keywords identifying 一's five sub-sections.
pub(super) const OVERVIEW_KEYWORDS: [&[&str]; 5] =
    [&["主动公开"], &["依申请"], &["管理"], &["平台"], &["监督", "保障"]];

/// Markers of the 2019 trial format's 表二.
pub(super) const TRIAL_MARKERS: [&str; 5] =
    ["本年新制作数量", "对外公开总数量", "其他对外管理服务事项", "政府集中采购", "上一年项目数量"];

/// Lines of a portal page's footer.
pub(super) const FOOTER_MARKERS: [&str; 8] =
    ["主办单位", "版权所有", "ICP备", "公网安备", "网站标识码", "建议使用", "举报热线", "技术支持"];

/// Strips Markdown heading marks and brackets around a heading.
pub(super) fn heading_text(line: &str) -> String {
    line.trim().trim_start_matches('#').trim().trim_start_matches('[').trim_end_matches(']').trim().to_owned()
}

/// The section (0 for 一 … 5 for 六) a line is the heading of, if any.
pub(super) fn section_heading(line: &str) -> Option<usize> {
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
pub(super) fn is_comment(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("# ") else {
        return false;
    };
    rest.starts_with(' ') || rest.chars().take(8).any(|c| c == ':' || c == '：')
}

/// Splits a table line into trimmed cells (outer pipes dropped).
pub(super) fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().replace("\\|", "|")).collect()
}

/// Whether a cell holds (or held) a value: a number (perhaps with a
/// remark), or a lost-cell mark; not an item label like `1.属于国家秘密`.
pub(super) fn value_like(cell: &str) -> bool {
    let c = cell.trim();
    if c == "?" || c == "？" {
        return true;
    }
    let digit = fullwidth::is_digit;
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
pub(super) fn leading_number(cell: &str) -> (String, bool) {
    let num: String = cell
        .trim()
        .chars()
        .take_while(|c| fullwidth::is_digit(*c) || matches!(c, '.' | '．' | ',' | '，'))
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
pub(super) struct Seg {
    pub(super) label: String,
    pub(super) values: Vec<String>,
}

/// A value token in space-separated text (PDF text, pasted rows): a number
/// (perhaps with a bracketed remark), or a lost-cell mark. `1件` and
/// `100%` are prose, not cells.
pub(super) fn is_value_token(t: &str) -> bool {
    if t == "?" || t == "？" {
        return true;
    }
    let digit = fullwidth::is_digit;
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
pub(super) fn segment(line: &str) -> Seg {
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
    let n: Vec<char> = norm(s).chars().map(fullwidth::fold).collect();
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
pub(super) fn row_keys() -> &'static [(&'static Table, usize, String)] {
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
pub(super) type Found = (&'static Table, usize, How, usize);

/// Rows printed as one in some reports: their values go to the row named.
pub(super) const COMBINED_ROWS: [(&str, &str); 1] = [("（六）其他处理", "other_misc")];

/// Edit distance between two char slices (insert, delete, replace).
pub fn distance(a: &[char], b: &[char]) -> usize {
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
pub(super) enum How {
    Exact,
    /// The label ends with the row's label (a group label or a fragment of
    /// one before it).
    Suffix,
    /// Close to the row's label (a typo in the printed label).
    Close,
}

/// Whether a label of `k` characters is out of reach of a line key of
/// `n`: no window of the key comes within 3 edits. Equivalent under `*`
/// (skipped by cargo-mutants): the labels it would keep are more edits
/// away than `match_label`'s `best * 4 <= len` allows.
#[inline]
#[cfg_attr(mutants, mutants::skip)]
fn out_of_reach(n: usize, k: usize) -> bool {
    n + 3 < k
}

/// Whether a window of `l` characters is not empty. Equivalent under
/// `>=` (skipped by cargo-mutants): an empty window is a whole label's
/// length of edits away, more than `best * 4 <= len` allows.
#[inline]
#[cfg_attr(mutants, mutants::skip)]
fn not_empty(l: usize) -> bool {
    l > 0
}

/// The row a label names: exactly, as the end of a longer label, or —
/// only when one row is clearly the closest — by edit distance.
/// `Err(candidates)` when two rows are equally close.
pub(super) fn match_label(key: &str) -> Result<Option<(&'static Table, usize, How)>, Vec<&'static str>> {
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
            if kc.len() < 4 || out_of_reach(chars.len(), kc.len()) {
                return None;
            }
            let best = (kc.len().saturating_sub(3)..=kc.len() + 3)
                .filter(|&l| l <= chars.len() && not_empty(l))
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

pub(super) fn id(address: &str) -> FieldId {
    format::schema().lookup(address).unwrap_or(0)
}

/// The text after a sub-heading that runs on into its paragraph:
/// `（一）主动公开情况。2024年，…` gives `2024年，…`.
pub(super) fn run_on(t: &str) -> Option<&str> {
    let (_, rest) = t.split_once('。')?;
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// Organ and year from a title like 沭阳县发展和改革局2023年政府信息公开年度报告.
pub(super) fn title_parts(t: &str) -> Option<(&str, u64)> {
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
pub(super) fn field_after(t: &str, key: &str) -> Option<String> {
    let i = t.find(key)?;
    let rest = t[i + key.len()..].trim_start_matches([':', '：', ' ']);
    let v: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    (!v.is_empty()).then_some(v)
}

/// The first four-digit year followed by 年 in a text.
pub(super) fn first_year(t: &str) -> Option<u64> {
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
pub(super) fn is_date(l: &str) -> bool {
    let t = l.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    (6..=8).contains(&digits)
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '年' | '月' | '日' | '-' | '.' | '/'))
        && t.chars().count() <= 12
}

/// Which of 一's five sub-sections a line heads, if it is a sub-heading.
pub(super) fn overview_heading(t: &str) -> Option<usize> {
    // A heading may run on into its paragraph: only its first sentence counts.
    let n = norm(t.split('。').next().unwrap_or(t));
    let numbered = ["（一）", "（二）", "（三）", "（四）", "（五）"].iter().any(|p| n.starts_with(p));
    if !numbered || n.chars().count() > 30 {
        return None;
    }
    OVERVIEW_KEYWORDS.iter().position(|ks| ks.iter().any(|k| n.contains(k)))
}
