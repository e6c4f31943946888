//! Publishing: the report as an HTML page, Markdown, plain text or a Word
//! document, in the official order and layout (and PDF through LibreOffice
//! when the machine has it). Pure functions from a `Report` to a string or
//! bytes, except the PDF conversion, which runs `soffice`; the CLI and the
//! wizard decide whether to write (they refuse on tally errors unless
//! forced).
//!
//! The four renderers (HTML, Markdown, text, Word) walk the same
//! [`Block`] sequence, so section order, headings
//! and values are decided once; each format only decides how a heading, a
//! paragraph and a table look. Tables come from `format.rs` (labels, paths,
//! spans), values from the report, empty cells as 0.

pub mod docx;
pub mod html;
pub mod md;
pub mod txt;

use crate::format::{self, Content, FieldId, SECTIONS, Table};
use crate::model::{Report, Value};
use crate::rules;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
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

/// Every output format, text or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    Html,
    Md,
    Txt,
    /// A Word document in the official template's layout.
    Docx,
    /// The Word document converted by LibreOffice (`soffice`).
    Pdf,
}

impl Format {
    /// The usual file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Txt => "txt",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// The text format, for those that are text.
    #[must_use]
    pub fn text(self) -> Option<Target> {
        match self {
            Format::Html => Some(Target::Html),
            Format::Md => Some(Target::Md),
            Format::Txt => Some(Target::Txt),
            Format::Docx | Format::Pdf => None,
        }
    }
}

/// Why a file could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// PDF needs LibreOffice, and it is not installed.
    #[error(
        "PDF export needs LibreOffice (the soffice command), which is not installed here; install the Debian package libreoffice-writer, or export --to docx and convert it in Word or WPS"
    )]
    NoOffice,
    /// LibreOffice ran but made no PDF.
    #[error("LibreOffice could not convert the Word file to PDF: {0}")]
    Office(String),
    /// The Word document could not be packed.
    #[error("the Word file could not be written: {0}")]
    Docx(String),
}

/// The file's bytes in `format`. Markdown and text show control
/// characters from the draft as visible placeholders (people `cat` them);
/// HTML and Word escape their own.
///
/// # Errors
/// [`ExportError`] for Word and PDF.
pub fn render_file(report: &Report, format: Format) -> Result<Vec<u8>, ExportError> {
    render_file_for(report, format, nianbao_text::Ambiguous::Narrow)
}

/// As [`render_file`], with text tables aligned for a terminal that draws
/// ambiguous-width characters in `mode` (only `txt` depends on it).
///
/// # Errors
/// As [`render_file`].
pub fn render_file_for(
    report: &Report,
    format: Format,
    mode: nianbao_text::Ambiguous,
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Txt => {
            Ok(nianbao_text::sanitize::visible(&txt::render_with(report, mode)).into_owned().into_bytes())
        }
        Format::Html => Ok(render(report, Target::Html).into_bytes()),
        Format::Md => {
            Ok(nianbao_text::sanitize::visible(&render(report, Target::Md)).into_owned().into_bytes())
        }
        Format::Docx => docx::render(report).map_err(ExportError::Docx),
        Format::Pdf => pdf(&docx::render(report).map_err(ExportError::Docx)?),
    }
}

/// The `soffice` command, if the machine has LibreOffice.
#[must_use]
pub fn office() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["soffice", "libreoffice"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// A Word document converted to PDF by LibreOffice, headless, in a
/// directory of its own (its profile too, so a running office is not
/// disturbed).
fn pdf(docx: &[u8]) -> Result<Vec<u8>, ExportError> {
    let soffice = office().ok_or(ExportError::NoOffice)?;
    let err = |e: &dyn std::fmt::Display| ExportError::Office(e.to_string());
    let dir = std::env::temp_dir().join(format!("nianbao-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| err(&e))?;
    let result = (|| {
        let input = dir.join("report.docx");
        std::fs::write(&input, docx).map_err(|e| err(&e))?;
        let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
        let out = std::process::Command::new(soffice)
            .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir)
            .arg(&input)
            .output()
            .map_err(|e| err(&e))?;
        std::fs::read(dir.join("report.pdf"))
            .map_err(|_| ExportError::Office(String::from_utf8_lossy(&out.stderr).trim().to_owned()))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
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

/// Required fields outside the tables that are empty (a section's text,
/// the date under the signature): they are exported blank.
#[must_use]
pub fn empty_fields(report: &Report) -> Vec<&'static str> {
    let schema = format::schema();
    rules::required()
        .iter()
        .map(|&id| usize::from(id))
        .filter(|&id| {
            !matches!(schema.fields[id].place, format::Place::Cell { .. }) && report.get(id).is_empty()
        })
        .map(|id| schema.fields[id].address.as_str())
        .collect()
}

/// Tally errors that stop an export (unless forced).
#[must_use]
pub fn blocking_errors(report: &Report) -> Vec<rules::Diagnostic> {
    rules::validate(report).into_iter().filter(|d| d.severity == format::Severity::Error).collect()
}

/// What a cell of a printed table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// 表二's 第二十条 item line, across the table.
    Item,
    /// A column header.
    Header,
    /// A row label (or group label).
    Label,
    /// A number.
    Value,
}

/// A cell of a table as printed, with its spans (as in HTML: a cell
/// covering rows below it is written once, in its first row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperCell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    pub kind: CellKind,
}

fn cell(text: &str, rowspan: usize, colspan: usize, kind: CellKind) -> PaperCell {
    PaperCell { text: text.to_owned(), rowspan, colspan, kind }
}

/// A table laid out as the official format prints it: rows of cells with
/// the merged headers and row labels, the values as exported (empty as 0).
/// The HTML and Word exports both draw this.
#[must_use]
pub fn paper_rows(report: &Report, t: &Table) -> Vec<Vec<PaperCell>> {
    let values = value_rows(t);
    let mut out = Vec::new();
    match t.layout {
        format::Layout::Blocks { item_header } => {
            let width = t.rows.iter().map(|r| r.columns.len()).max().unwrap_or(1);
            let mut last_item: Option<&str> = None;
            for (i, row) in t.rows.iter().enumerate() {
                let item = row.path.first().copied().unwrap_or("");
                let span = if row.columns.len() == 1 { width } else { 1 };
                if last_item != Some(item) {
                    last_item = Some(item);
                    out.push(vec![cell(item, 1, width + 1, CellKind::Item)]);
                    let mut header = vec![cell(item_header, 1, 1, CellKind::Header)];
                    header.extend(row.columns.iter().map(|c| cell(c.label, 1, span, CellKind::Header)));
                    out.push(header);
                }
                let mut r = vec![cell(row.label, 1, 1, CellKind::Label)];
                r.extend(values[i].iter().map(|&id| cell(&cell_text(report, id), 1, span, CellKind::Value)));
                out.push(r);
            }
        }
        format::Layout::Grid { .. } | format::Layout::Groups => {
            let corner = match t.layout {
                format::Layout::Grid { corner } => Some(corner),
                _ => None,
            };
            let leaves = column_leaves(t);
            let leaf_refs: Vec<(&[&'static str], &'static str)> =
                leaves.iter().map(|(p, l)| (p.as_slice(), *l)).collect();
            let (col_bands, col_levels) = format::header_bands(&leaf_refs);
            let row_leaves: Vec<(&[&'static str], &'static str)> =
                t.rows.iter().map(|r| (r.path, r.label)).collect();
            let (row_bands, row_levels) =
                if corner.is_some() { format::header_bands(&row_leaves) } else { (Vec::new(), 0) };
            for level in 0..col_levels {
                let mut r = Vec::new();
                if level == 0
                    && let Some(c) = corner
                {
                    r.push(cell(c, col_levels, row_levels, CellKind::Header));
                }
                r.extend(
                    col_bands
                        .iter()
                        .filter(|b| b.level == level)
                        .map(|b| cell(b.text, b.depth, b.span, CellKind::Header)),
                );
                out.push(r);
            }
            for (i, ids) in values.iter().enumerate() {
                let mut r: Vec<PaperCell> = row_bands
                    .iter()
                    .filter(|b| corner.is_some() && b.start == i)
                    .map(|b| cell(b.text, b.span, b.depth, CellKind::Label))
                    .collect();
                r.extend(ids.iter().map(|&id| cell(&cell_text(report, id), 1, 1, CellKind::Value)));
                out.push(r);
            }
        }
    }
    out
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
