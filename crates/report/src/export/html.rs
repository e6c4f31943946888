//! A complete, self-contained HTML page in the official layout, ready to
//! paste into a portal's CMS: the tables carry the official merged cells as
//! `rowspan`/`colspan`, derived from the header tree in `format.rs`.

use std::fmt::Write as _;

use super::{Block, CellKind, blocks};
use crate::format::Table;
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
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
@media (max-width:600px){table.requests,table.appeals{min-width:640px}}
h1,h2,h3{break-after:avoid;page-break-after:avoid}
.signature{break-before:avoid;page-break-before:avoid;break-inside:avoid}
@page{size:A4;margin:2cm}
@media print{body{margin:0;max-width:none}.scroll{overflow:visible}table{page-break-inside:auto}tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}}
";

/// Escapes text for HTML element content and attribute values; control
/// and bidi characters are left out ([`nianbao_text::sanitize::unpublishable`]).
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if nianbao_text::sanitize::unpublishable(c) => {}
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
    // On a phone the table scrolls sideways in its box, not the page.
    let _ = writeln!(out, "<div class=\"scroll\">\n<table class=\"{}\">", t.key);
    for row in super::paper_rows(report, t) {
        out.push_str("<tr>");
        for c in row {
            let (tag, class) = match c.kind {
                CellKind::Item => ("td", " class=\"item\""),
                CellKind::Header => ("th", ""),
                CellKind::Label => ("td", " class=\"label\""),
                CellKind::Value => ("td", ""),
            };
            let _ =
                write!(out, "<{tag}{class}{}>{}</{tag}>", span_attrs(c.rowspan, c.colspan), escape(&c.text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</div>\n");
}
