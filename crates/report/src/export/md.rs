//! Readable Markdown: headings, paragraphs and GitHub-flavoured tables.
//! GFM has no merged cells, so merged labels are flattened into full paths
//! (`三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密`).

use std::fmt::Write as _;

use super::{Block, blocks, cell_text, column_leaves, full_label, value_rows};
use crate::format::{Layout, Table};
use crate::model::Report;

/// Raw HTML in user text is shown as text, never passed through: a
/// Markdown renderer would otherwise run it (`<script>` in a paragraph).
fn no_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Escapes a table cell: pipes and line breaks would end it.
fn cell(s: &str) -> String {
    no_html(s).replace('\\', "\\\\").replace('|', "\\|").replace('\n', " ")
}

/// Escapes paragraph text that would otherwise start Markdown syntax.
fn para(s: &str) -> String {
    let t = no_html(s.trim());
    let t = t.as_str();
    let starts_syntax = t.starts_with(['#', '>', '-', '*', '+', '|'])
        || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains(". ");
    if starts_syntax { format!("\\{t}") } else { t.to_owned() }
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        let _ = write!(out, " {} |", cell(c));
    }
    out.push('\n');
}

fn rule(out: &mut String, n: usize, first_left: bool) {
    out.push('|');
    for i in 0..n {
        out.push_str(if i == 0 && first_left { " --- |" } else { " :---: |" });
    }
    out.push('\n');
}

/// The document.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for block in blocks(report) {
        match block {
            Block::Title(t) => {
                let _ = writeln!(out, "# {}\n", no_html(&t));
            }
            Block::Heading(h) => {
                let _ = writeln!(out, "## {h}\n");
            }
            Block::SubHeading(h) => {
                let _ = writeln!(out, "### {h}\n");
            }
            Block::Text(t) => {
                for p in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    let _ = writeln!(out, "{}\n", para(p));
                }
            }
            Block::Table(t) => table(&mut out, report, t),
            Block::Signature { organ, date } => {
                let _ = writeln!(out, "{organ}  \n{date}");
            }
        }
    }
    out
}

fn table(out: &mut String, report: &Report, t: &Table) {
    let rows = value_rows(t);
    match t.layout {
        Layout::Blocks { item_header } => {
            let mut last: Option<&str> = None;
            for (i, r) in t.rows.iter().enumerate() {
                let item = r.path.first().copied().unwrap_or("");
                if last != Some(item) {
                    if last.is_some() {
                        out.push('\n');
                    }
                    last = Some(item);
                    let _ = writeln!(out, "**{item}**\n");
                    let mut header = vec![item_header.to_owned()];
                    header.extend(r.columns.iter().map(|c| c.label.to_owned()));
                    row(out, &header);
                    rule(out, header.len(), true);
                }
                let mut cells = vec![r.label.to_owned()];
                cells.extend(rows[i].iter().map(|&id| cell_text(report, id)));
                row(out, &cells);
            }
        }
        Layout::Grid { corner } => {
            let mut header = vec![corner.to_owned()];
            header.extend(column_leaves(t).iter().map(|(p, l)| full_label(p, l)));
            row(out, &header);
            rule(out, header.len(), true);
            for (i, r) in t.rows.iter().enumerate() {
                let mut cells = vec![full_label(r.path, r.label)];
                cells.extend(rows[i].iter().map(|&id| cell_text(report, id)));
                row(out, &cells);
            }
        }
        Layout::Groups => {
            let header: Vec<String> = column_leaves(t).iter().map(|(p, l)| full_label(p, l)).collect();
            row(out, &header);
            rule(out, header.len(), false);
            for cells in &rows {
                let cells: Vec<String> = cells.iter().map(|&id| cell_text(report, id)).collect();
                row(out, &cells);
            }
        }
    }
    out.push('\n');
}
