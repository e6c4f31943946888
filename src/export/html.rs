//! A complete, self-contained HTML page in the official layout, ready to
//! paste into a portal's CMS: the tables carry the official merged cells as
//! `rowspan`/`colspan`, derived from the header tree in `format.rs`.

use std::fmt::Write as _;

use super::{Block, blocks, cell_text, column_leaves, value_rows};
use crate::format::{self, Layout, Table};
use crate::model::Report;

const STYLE: &str = "\
body{font-family:\"SimSun\",\"宋体\",\"Songti SC\",serif;font-size:16px;line-height:1.8;max-width:960px;margin:2em auto;padding:0 1em;color:#000}
h1{font-size:22px;text-align:center;font-weight:bold}
h2{font-size:18px;font-family:\"SimHei\",\"黑体\",sans-serif;font-weight:normal;margin:1.2em 0 .4em}
h3{font-size:16px;font-family:\"KaiTi\",\"楷体\",serif;font-weight:normal;margin:.8em 0 .2em}
p{text-indent:2em;margin:.2em 0}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:14px;line-height:1.4}
th,td{border:1px solid #000;padding:4px 6px;text-align:center;vertical-align:middle}
td.label{text-align:left}
td.item{text-align:left;font-weight:bold}
table.requests td:not(.label),table.requests th,table.appeals td,table.appeals th{min-width:3.5em}
.signature{text-align:right;margin-top:2em;text-indent:0}
@page{size:A4;margin:2cm}
@media print{body{margin:0;max-width:none}table{page-break-inside:auto}tr{page-break-inside:avoid}}
";

/// Escapes text for HTML element content and attribute values.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn span_attrs(rowspan: usize, colspan: usize) -> String {
    let mut s = String::new();
    if rowspan > 1 {
        let _ = write!(s, " rowspan=\"{rowspan}\"");
    }
    if colspan > 1 {
        let _ = write!(s, " colspan=\"{colspan}\"");
    }
    s
}

/// The page.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let title = escape(&super::title(report));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
    );
    for block in blocks(report) {
        match block {
            Block::Title(t) => {
                let _ = writeln!(out, "<h1>{}</h1>", escape(&t));
            }
            Block::Heading(h) => {
                let _ = writeln!(out, "<h2>{}</h2>", escape(h));
            }
            Block::SubHeading(h) => {
                let _ = writeln!(out, "<h3>{}</h3>", escape(h));
            }
            Block::Text(t) => {
                for para in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    let _ = writeln!(out, "<p>{}</p>", escape(para));
                }
            }
            Block::Table(t) => table(&mut out, report, t),
            Block::Signature { organ, date } => {
                let _ = writeln!(out, "<p class=\"signature\">{}<br>{}</p>", escape(organ), escape(date));
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn table(out: &mut String, report: &Report, t: &Table) {
    let _ = writeln!(out, "<table class=\"{}\">", t.key);
    match t.layout {
        Layout::Blocks { item_header } => blocks_table(out, report, t, item_header),
        Layout::Grid { corner } => grid_table(out, report, t, Some(corner)),
        Layout::Groups => grid_table(out, report, t, None),
    }
    out.push_str("</table>\n");
}

/// 表二: a full-width item line, a 信息内容 header and the rows of each
/// 第二十条 item; single-value rows span the three value columns.
fn blocks_table(out: &mut String, report: &Report, t: &Table, item_header: &str) {
    let width = t.rows.iter().map(|r| r.columns.len()).max().unwrap_or(1);
    let rows = value_rows(t);
    let mut last_item: Option<&str> = None;
    for (i, row) in t.rows.iter().enumerate() {
        let item = row.path.first().copied().unwrap_or("");
        if last_item != Some(item) {
            last_item = Some(item);
            let _ = writeln!(
                out,
                "<tr><td class=\"item\"{}>{}</td></tr>",
                span_attrs(1, width + 1),
                escape(item)
            );
            out.push_str("<tr>");
            let _ = write!(out, "<th>{}</th>", escape(item_header));
            let span = if row.columns.len() == 1 { width } else { 1 };
            for c in row.columns {
                let _ = write!(out, "<th{}>{}</th>", span_attrs(1, span), escape(c.label));
            }
            out.push_str("</tr>\n");
        }
        let _ = write!(out, "<tr><td class=\"label\">{}</td>", escape(row.label));
        let span = if row.columns.len() == 1 { width } else { 1 };
        for &id in &rows[i] {
            let _ = write!(out, "<td{}>{}</td>", span_attrs(1, span), escape(&cell_text(report, id)));
        }
        out.push_str("</tr>\n");
    }
}

/// 表三 and 表四: merged column headers over value columns; 表三 also has a
/// corner cell and merged row labels.
fn grid_table(out: &mut String, report: &Report, t: &Table, corner: Option<&str>) {
    let leaves = column_leaves(t);
    let leaf_refs: Vec<(&[&'static str], &'static str)> =
        leaves.iter().map(|(p, l)| (p.as_slice(), *l)).collect();
    let (col_bands, col_levels) = format::header_bands(&leaf_refs);
    let row_leaves: Vec<(&[&'static str], &'static str)> = t.rows.iter().map(|r| (r.path, r.label)).collect();
    let (row_bands, row_levels) =
        if corner.is_some() { format::header_bands(&row_leaves) } else { (Vec::new(), 0) };
    for level in 0..col_levels {
        out.push_str("<tr>");
        if level == 0
            && let Some(c) = corner
        {
            let _ = write!(out, "<th{}>{}</th>", span_attrs(col_levels, row_levels), escape(c));
        }
        for b in col_bands.iter().filter(|b| b.level == level) {
            let _ = write!(out, "<th{}>{}</th>", span_attrs(b.depth, b.span), escape(b.text));
        }
        out.push_str("</tr>\n");
    }
    for (i, cells) in value_rows(t).iter().enumerate() {
        out.push_str("<tr>");
        if corner.is_some() {
            for b in row_bands.iter().filter(|b| b.start == i) {
                let _ =
                    write!(out, "<td class=\"label\"{}>{}</td>", span_attrs(b.span, b.depth), escape(b.text));
            }
        }
        for &id in cells {
            let _ = write!(out, "<td>{}</td>", escape(&cell_text(report, id)));
        }
        out.push_str("</tr>\n");
    }
}
