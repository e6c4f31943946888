//! Publishing: the report as an HTML page, Markdown or plain text, in the
//! official order and layout. Pure functions from a `Report` to a string;
//! the CLI decides whether to write (it refuses on tally errors unless
//! forced).
//!
//! All three walk the same [`Block`] sequence, so section order, headings
//! and values are decided once; each format only decides how a heading, a
//! paragraph and a table look. Tables come from `format.rs` (labels, paths,
//! spans), values from the report, empty cells as 0.

pub mod html;
pub mod md;
pub mod txt;

use crate::format::{self, Content, FieldId, SECTIONS, Table};
use crate::model::{Report, Value};
use crate::rules;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    Html,
    Md,
    Txt,
}

impl Target {
    /// The usual file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Target::Html => "html",
            Target::Md => "md",
            Target::Txt => "txt",
        }
    }
}

/// One piece of the document, in print order.
#[derive(Debug)]
pub enum Block<'a> {
    /// The document title.
    Title(String),
    /// A section heading (一、…).
    Heading(&'static str),
    /// A sub-heading inside 一、总体情况.
    SubHeading(&'static str),
    /// A paragraph of narrative (may hold line breaks).
    Text(&'a str),
    Table(&'static Table),
    /// Organ and date at the end.
    Signature {
        organ: &'a str,
        date: &'a str,
    },
}

/// The report's title: organ, year and the report's name.
#[must_use]
pub fn title(report: &Report) -> String {
    let year = report.year().map(|y| format!("{y}年")).unwrap_or_default();
    format!("{}{year}{}", report.organ(), format::REPORT_NAME)
}

fn text_of<'a>(report: &'a Report, address: &str) -> &'a str {
    match format::schema().lookup(address).map(|id| report.get(id)) {
        Some(Value::Text(t)) => t.as_str(),
        _ => "",
    }
}

/// The document, in print order.
#[must_use]
pub fn blocks(report: &Report) -> Vec<Block<'_>> {
    let mut out = vec![Block::Title(title(report))];
    for section in SECTIONS {
        match section.content {
            Content::Fields(fields) if section.title.is_empty() => {
                // Front matter: only the preamble is printed as text.
                for f in fields.iter().filter(|f| f.multiline) {
                    out.push(Block::Text(text_of(report, f.address)));
                }
            }
            Content::Fields(fields) => {
                out.push(Block::Heading(section.title));
                for f in fields {
                    let text = text_of(report, f.address);
                    if f.optional {
                        // The lead paragraph: printed only when written, with no sub-heading.
                        if !text.trim().is_empty() {
                            out.push(Block::Text(text));
                        }
                        continue;
                    }
                    if f.label != section.title {
                        out.push(Block::SubHeading(f.label));
                    }
                    out.push(Block::Text(text));
                }
            }
            Content::Table(t) => {
                out.push(Block::Heading(section.title));
                out.push(Block::Table(t));
            }
        }
    }
    out.push(Block::Signature { organ: report.organ(), date: text_of(report, "meta.date") });
    out
}

/// A cell's printed value: empty cells print as 0.
#[must_use]
pub fn cell_text(report: &Report, id: FieldId) -> String {
    match report.get(id) {
        Value::Count(None) | Value::Amount(None) => "0".to_owned(),
        v => v.display(),
    }
}

/// Addresses of the empty table cells (printed as 0).
#[must_use]
pub fn empty_cells(report: &Report) -> Vec<&'static str> {
    Report::table_cells()
        .filter(|&id| report.get(id).is_empty())
        .map(|id| format::schema().fields[id].address.as_str())
        .collect()
}

/// Tally errors that stop an export (unless forced).
#[must_use]
pub fn blocking_errors(report: &Report) -> Vec<rules::Diagnostic> {
    rules::validate(report).into_iter().filter(|d| d.severity == format::Severity::Error).collect()
}

/// The value cells of a table as laid out on paper: one row per table row
/// for 表二 and 表三; for 表四 one row holding every group side by side.
#[must_use]
pub fn value_rows(table: &Table) -> Vec<Vec<FieldId>> {
    let s = format::schema();
    let rows: Vec<Vec<FieldId>> = (0..table.rows.len())
        .map(|r| (0..table.rows[r].columns.len()).map(|c| s.cell_id(table, r, c)).collect())
        .collect();
    match table.layout {
        format::Layout::Groups => vec![rows.concat()],
        _ => rows,
    }
}

/// Column leaves (path, label) of a uniform table as printed: for 表四 the
/// group labels become the path above each group's columns.
#[must_use]
pub fn column_leaves(table: &Table) -> Vec<(Vec<&'static str>, &'static str)> {
    match table.layout {
        format::Layout::Groups => table
            .rows
            .iter()
            .flat_map(|r| {
                let mut path = r.path.to_vec();
                path.push(r.label);
                r.columns.iter().map(move |c| (path.clone(), c.label))
            })
            .collect(),
        _ => table.uniform_columns().unwrap_or(&[]).iter().map(|c| (c.path.to_vec(), c.label)).collect(),
    }
}

/// A row's full label, its groups first: `三、本年度办理结果 / （三）不予公开 /
/// 1.属于国家秘密`.
#[must_use]
pub fn full_label(path: &[&str], label: &str) -> String {
    let mut parts = path.to_vec();
    parts.push(label);
    parts.join(" / ")
}

/// Renders the report.
#[must_use]
pub fn render(report: &Report, target: Target) -> String {
    match target {
        Target::Html => html::render(report),
        Target::Md => md::render(report),
        Target::Txt => txt::render(report),
    }
}
