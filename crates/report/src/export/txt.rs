//! Plain text for e-mail or a terminal: paragraphs wrapped and tables drawn
//! by display width (CJK = 2 columns) with ASCII borders, through the same
//! `layout` module as the wizard, so every line of a table has the same
//! width in a monospace font. Borders are ASCII because box-drawing
//! characters are ambiguous-width and break alignment in some terminals.

use super::{Block, blocks, cell_text, column_leaves, value_rows};
use crate::format::{self, Layout, Table};
use crate::model::Report;
use nianbao_text::{self as text, Align, Ambiguous};

/// Width paragraphs are wrapped to.
pub const TEXT_WIDTH: usize = 78;
thread_local! {
    /// How ambiguous-width characters are measured for this rendering.
    static MODE: std::cell::Cell<Ambiguous> = const { std::cell::Cell::new(Ambiguous::Narrow) };
}

fn mode() -> Ambiguous {
    MODE.with(std::cell::Cell::get)
}

/// The report as text, aligned for a terminal that draws East Asian
/// ambiguous-width characters in `mode`.
#[must_use]
pub fn render_with(report: &Report, mode: Ambiguous) -> String {
    MODE.with(|m| m.set(mode));
    let out = render(report);
    MODE.with(|m| m.set(Ambiguous::Narrow));
    out
}

/// The document.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out: Vec<String> = Vec::new();
    for block in blocks(report) {
        match block {
            Block::Title(t) => {
                out.push(text::pad(&t, TEXT_WIDTH, Align::Center, mode()).trim_end().to_owned());
                out.push(String::new());
            }
            Block::Heading(h) => {
                out.push(String::new());
                out.push(h.to_owned());
            }
            Block::SubHeading(h) => out.push(h.to_owned()),
            Block::Text(t) => {
                for p in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    out.extend(text::wrap(&format!("\u{3000}\u{3000}{p}"), TEXT_WIDTH, mode()));
                }
            }
            Block::Table(t) => out.extend(table(report, t)),
            Block::Signature { organ, date } => {
                out.push(String::new());
                for s in [organ, date] {
                    out.push(text::pad(s, TEXT_WIDTH, Align::Right, mode()));
                }
            }
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// A text grid: an optional label column and `n` value columns of equal
/// width, `|` between them.
struct TextGrid {
    label_w: usize,
    col_w: usize,
    n: usize,
}

/// One cell of a line: first column, columns spanned, text.
type Cell<'a> = (usize, usize, &'a str);

impl TextGrid {
    fn inner_width(&self) -> usize {
        let label = if self.label_w > 0 { self.label_w + 1 } else { 0 };
        label + self.n * (self.col_w + 1) - 1
    }

    fn rule(&self) -> String {
        let mut s = String::from("+");
        if self.label_w > 0 {
            s.push_str(&"-".repeat(self.label_w));
            s.push('+');
        }
        for _ in 0..self.n {
            s.push_str(&"-".repeat(self.col_w));
            s.push('+');
        }
        s
    }

    fn full(&self, text: &str) -> Vec<String> {
        let w = self.inner_width();
        text::wrap(text, w, mode())
            .into_iter()
            .map(|l| format!("|{}|", text::pad(&l, w, Align::Left, mode())))
            .collect()
    }

    fn span_w(&self, span: usize) -> usize {
        span * (self.col_w + 1) - 1
    }

    /// A row: the label and value cells, each wrapped in its width; the row
    /// is as many lines as its tallest cell.
    fn row(&self, label: &str, cells: &[Cell], align: Align, balanced: bool) -> Vec<String> {
        let wrap = |s: &str, w: usize| {
            if balanced { text::wrap_balanced(s, w, mode()) } else { text::wrap(s, w, mode()) }
        };
        let label_lines = if self.label_w > 0 { wrap(label, self.label_w) } else { Vec::new() };
        let cell_lines: Vec<Vec<String>> =
            cells.iter().map(|&(_, span, text)| wrap(text, self.span_w(span))).collect();
        let height = cell_lines.iter().map(Vec::len).chain([label_lines.len(), 1]).max().unwrap_or(1);
        (0..height)
            .map(|k| {
                let mut s = String::from("|");
                if self.label_w > 0 {
                    let l = label_lines.get(k).map_or("", String::as_str);
                    s.push_str(&text::pad(l, self.label_w, Align::Left, mode()));
                    s.push('|');
                }
                for (i, &(_, span, _)) in cells.iter().enumerate() {
                    let t = cell_lines[i].get(k).map_or("", String::as_str);
                    s.push_str(&text::pad(t, self.span_w(span), align, mode()));
                    s.push('|');
                }
                s
            })
            .collect()
    }
}

fn table(report: &Report, t: &Table) -> Vec<String> {
    match t.layout {
        Layout::Blocks { item_header } => blocks_table(report, t, item_header),
        Layout::Grid { corner } => grid_table(report, t, Some(corner)),
        Layout::Groups => grid_table(report, t, None),
    }
}

fn blocks_table(report: &Report, t: &Table, item_header: &str) -> Vec<String> {
    let n = t.rows.iter().map(|r| r.columns.len()).max().unwrap_or(1);
    let col_w = t
        .rows
        .iter()
        .filter(|r| r.columns.len() == n)
        .flat_map(|r| r.columns.iter().map(|c| text::width(c.label, mode())))
        .max()
        .unwrap_or(8);
    let label_w = t
        .rows
        .iter()
        .map(|r| text::width(r.label, mode()))
        .chain([text::width(item_header, mode())])
        .max()
        .unwrap_or(8);
    let g = TextGrid { label_w, col_w, n };
    let values = value_rows(t);
    let mut out = vec![g.rule()];
    let mut last: Option<&str> = None;
    for (i, r) in t.rows.iter().enumerate() {
        let item = r.path.first().copied().unwrap_or("");
        let single = r.columns.len() == 1;
        if last != Some(item) {
            if last.is_some() {
                out.push(g.rule());
            }
            last = Some(item);
            out.extend(g.full(item));
            let heads: Vec<Cell> = if single {
                vec![(0, n, r.columns[0].label)]
            } else {
                r.columns.iter().enumerate().map(|(c, col)| (c, 1, col.label)).collect()
            };
            out.extend(g.row(item_header, &heads, Align::Center, true));
        }
        let texts: Vec<String> = values[i].iter().map(|&id| cell_text(report, id)).collect();
        let cells: Vec<Cell> = if single {
            vec![(0, n, texts[0].as_str())]
        } else {
            texts.iter().enumerate().map(|(c, s)| (c, 1, s.as_str())).collect()
        };
        out.extend(g.row(r.label, &cells, Align::Right, false));
    }
    out.push(g.rule());
    out
}

fn grid_table(report: &Report, t: &Table, corner: Option<&str>) -> Vec<String> {
    let leaves = column_leaves(t);
    let refs: Vec<(&[&'static str], &'static str)> = leaves.iter().map(|(p, l)| (p.as_slice(), *l)).collect();
    let (bands, levels) = format::header_bands(&refs);
    let n = leaves.len();
    let col_w = 8;
    // Row labels: group headings as full-width lines, leaves indented.
    let indent = |depth: usize| "\u{3000}".repeat(depth);
    let label_w = if corner.is_some() {
        t.rows
            .iter()
            .map(|r| text::width(&format!("{}{}", indent(r.path.len()), r.label), mode()))
            .max()
            .unwrap_or(20)
            .min(44)
    } else {
        0
    };
    let g = TextGrid { label_w, col_w, n };
    let mut out = vec![g.rule()];
    // Header: one band of lines per level; a band spanning several levels
    // prints in its first. The corner runs down the label column.
    let mut header: Vec<String> = Vec::new();
    for level in 0..levels {
        let mut cells: Vec<Cell> = bands
            .iter()
            .filter(|b| b.level <= level && level < b.level + b.depth)
            .map(|b| (b.start, b.span, if b.level == level { b.text } else { "" }))
            .collect();
        cells.sort_by_key(|c| c.0);
        header.extend(g.row("", &cells, Align::Center, true));
    }
    if let Some(c) = corner {
        let lines = text::wrap_balanced(c, label_w, mode());
        while header.len() < lines.len() {
            let blank: Vec<Cell> = (0..n).map(|i| (i, 1, "")).collect();
            header.extend(g.row("", &blank, Align::Center, false));
        }
        for (k, line) in lines.iter().enumerate() {
            let padded = text::pad(line, label_w, Align::Center, mode());
            let rest: String = header[k]
                .chars()
                .skip(1 + text::pad("", label_w, Align::Left, mode()).chars().count())
                .collect();
            header[k] = format!("|{padded}{rest}");
        }
    }
    out.extend(header);
    out.push(g.rule());
    let values = value_rows(t);
    let mut open_groups: Vec<&str> = Vec::new();
    for (i, cells) in values.iter().enumerate() {
        let texts: Vec<String> = cells.iter().map(|&id| cell_text(report, id)).collect();
        let cells: Vec<Cell> = texts.iter().enumerate().map(|(c, s)| (c, 1, s.as_str())).collect();
        let label = match (corner, t.rows.get(i)) {
            (Some(_), Some(r)) => {
                for (depth, group) in r.path.iter().enumerate() {
                    if open_groups.get(depth) != Some(group) {
                        open_groups.truncate(depth);
                        open_groups.push(group);
                        out.extend(g.full(&format!("{}{group}", indent(depth))));
                    }
                }
                open_groups.truncate(r.path.len());
                format!("{}{}", indent(r.path.len()), r.label)
            }
            _ => String::new(),
        };
        out.extend(g.row(&label, &cells, Align::Right, false));
    }
    out.push(g.rule());
    out
}
