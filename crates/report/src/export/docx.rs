//! The report as a Word document laid out like the official template
//! agencies are sent (`official-template-2021.docx`): title, preamble, the
//! six headings with their paragraphs, and the three tables with the same
//! rows, columns and merged cells — a column span as `gridSpan`, a row
//! span as a `vMerge` cell in its first row and continuation cells below,
//! as Word writes them. Fonts are set the way Chinese Word documents set
//! them: an East Asian font (黑体 for headings, 楷体 for sub-headings,
//! `仿宋_GB2312` for text, 宋体 in tables) with a Latin one beside it.
//!
//! Built with `docx-rs` rather than hand-written XML; it escapes text.
//! Control characters (invalid in XML) are dropped first.
//!
//! On paper: no table row is cut across pages (`cantSplit`), a table's
//! header rows repeat on each page it runs onto (`tblHeader`), headings
//! stay with what follows them (`keepNext`), and a long title breaks
//! between the organ and `YYYY年政府信息公开工作年度报告`, not inside a
//! word. docx-rs writes neither `tblHeader` nor the author, so those two
//! are added to its XML after it is built ([`finish`]): the header rows'
//! `cantSplit` gains a `tblHeader` beside it, and the core properties name
//! the organ. The cost: a second pass over the zip (a few milliseconds).

use std::io::{Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table,
    TableCell, TableRow, VAlignType, VMergeType, WidthType,
};

use super::{Block, CellKind, PaperCell, blocks, paper_rows};
use crate::model::Report;

/// Text without the characters XML cannot hold.
fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\t' || !(c.is_control() || nianbao_text::sanitize::unpublishable(c)))
        .collect()
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii("Times New Roman").hi_ansi("Times New Roman")
}

/// Half-points: 小二 (18pt) for the title, 三号 (16pt) for text, 五号
/// (10.5pt) in tables.
const TITLE_SIZE: usize = 36;
const TEXT_SIZE: usize = 32;
const TABLE_SIZE: usize = 21;

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(xml_safe(text)).fonts(fonts(font)).size(size)
}

/// The title: on two lines, the organ and then the report's name, when it
/// is too long for one line of 小二 (24 characters on A4).
fn title(text: &str, organ: &str) -> Paragraph {
    let p = Paragraph::new().align(AlignmentType::Center).keep_next(true);
    match text.strip_prefix(organ) {
        Some(rest) if !organ.is_empty() && !rest.is_empty() && text.chars().count() > 24 => p
            .add_run(run(organ, "方正小标宋简体", TITLE_SIZE).bold().add_break(BreakType::TextWrapping))
            .add_run(run(rest, "方正小标宋简体", TITLE_SIZE).bold()),
        _ => p.add_run(run(text, "方正小标宋简体", TITLE_SIZE).bold()),
    }
}

/// A line of text in `font`, its first line indented two characters, as
/// Chinese official text is (headings too).
fn paragraph(text: &str, font: &str) -> Paragraph {
    Paragraph::new().add_run(run(text, font, TEXT_SIZE)).indent(
        None,
        Some(SpecialIndentType::FirstLine(640)),
        None,
        None,
    )
}

/// A4 portrait text width in twentieths of a point, with the margins below.
const TEXT_WIDTH: usize = 11906 - 1588 - 1474;

/// Column widths: 表三's three label columns as wide as the template has
/// them (754 : 921 : 3271 of its 9740), the value columns sharing the
/// rest; other tables evenly.
fn grid(t: &crate::format::Table, width: usize) -> Vec<usize> {
    let labels = match t.layout {
        crate::format::Layout::Grid { .. } => t.rows.iter().map(|r| r.path.len() + 1).max().unwrap_or(0),
        _ => 0,
    };
    if labels == 3 && width > labels {
        let values = (TEXT_WIDTH * (9740 - 754 - 921 - 3271) / 9740) / (width - labels);
        let rest = TEXT_WIDTH - values * (width - labels);
        let mut g: Vec<usize> = [754, 921, 3271].iter().map(|w| rest * w / (754 + 921 + 3271)).collect();
        g.extend(std::iter::repeat_n(values, width - labels));
        return g;
    }
    vec![TEXT_WIDTH / width.max(1); width]
}

/// One table: the printed grid, row spans turned into `vMerge` cells.
fn table(t: &crate::format::Table, cells: &[Vec<PaperCell>]) -> Table {
    let width: usize = cells.first().map_or(1, |r| r.iter().map(|c| c.colspan).sum());
    // Per grid column: a row span still covering it (rows left, its span).
    let mut covering: Vec<Option<(usize, usize)>> = vec![None; width];
    let mut rows = Vec::new();
    for row in cells {
        let mut out = Vec::new();
        let mut given = row.iter();
        let mut col = 0;
        while col < width {
            if let Some((left, span)) = covering[col] {
                out.push(
                    TableCell::new()
                        .vertical_merge(VMergeType::Continue)
                        .grid_span(span)
                        .add_paragraph(Paragraph::new()),
                );
                covering[col] = (left > 1).then_some((left - 1, span));
                col += span;
                continue;
            }
            let Some(c) = given.next() else { break };
            let align = match c.kind {
                CellKind::Item | CellKind::Label => AlignmentType::Left,
                CellKind::Header | CellKind::Value => AlignmentType::Center,
            };
            let mut tc = TableCell::new()
                .vertical_align(VAlignType::Center)
                .add_paragraph(Paragraph::new().add_run(run(&c.text, "宋体", TABLE_SIZE)).align(align));
            if c.colspan > 1 {
                tc = tc.grid_span(c.colspan);
            }
            if c.rowspan > 1 {
                tc = tc.vertical_merge(VMergeType::Restart);
                covering[col] = Some((c.rowspan - 1, c.colspan));
            }
            out.push(tc);
            col += c.colspan.max(1);
        }
        rows.push(TableRow::new(out).cant_split());
    }
    Table::new(rows).set_grid(grid(t, width)).width(TEXT_WIDTH, WidthType::Dxa)
}

/// The document's bytes.
///
/// # Errors
/// Only if packing the zip fails (it does not, writing to memory).
pub fn render(report: &Report) -> Result<Vec<u8>, String> {
    let now = now_w3c();
    let mut heads = Vec::new();
    let mut doc = Docx::new()
        .created_at(&now)
        .updated_at(&now)
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(2098).bottom(1984).left(1588).right(1474))
        .default_fonts(fonts("仿宋_GB2312"))
        .default_size(TEXT_SIZE);
    for block in blocks(report) {
        doc = match block {
            Block::Title(t) => doc.add_paragraph(title(&t, report.organ())),
            Block::Heading(h) => doc.add_paragraph(paragraph(h, "黑体").keep_next(true)),
            Block::SubHeading(h) => doc.add_paragraph(paragraph(h, "楷体_GB2312").keep_next(true)),
            Block::Text(t) => {
                let mut d = doc;
                for para in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    d = d.add_paragraph(paragraph(para, "仿宋_GB2312"));
                }
                d
            }
            Block::Table(t) => {
                let rows = paper_rows(report, t);
                heads.push(rows.iter().take_while(|r| r.iter().all(|c| c.kind == CellKind::Header)).count());
                doc.add_table(table(t, &rows))
            }
            Block::Signature { organ, date } => doc
                .add_paragraph(Paragraph::new())
                .add_paragraph(
                    Paragraph::new()
                        .add_run(run(organ, "仿宋_GB2312", TEXT_SIZE))
                        .align(AlignmentType::Right),
                )
                .add_paragraph(
                    Paragraph::new().add_run(run(date, "仿宋_GB2312", TEXT_SIZE)).align(AlignmentType::Right),
                ),
        };
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).map_err(|e| e.to_string())?;
    finish(&buf.into_inner(), &heads, report.organ()).map_err(|e| e.to_string())
}

/// The time now as the core properties write it (`2026-12-06T05:20:00Z`).
fn now_w3c() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d) = crate::calendar::civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    let t = secs % 86_400;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", t / 3600, t % 3600 / 60, t % 60)
}

/// What docx-rs does not write, added to the document it built: each
/// table's first `heads[i]` rows marked as header rows, and the organ as
/// the author.
fn finish(docx: &[u8], heads: &[usize], organ: &str) -> zip::result::ZipResult<Vec<u8>> {
    const CANT_SPLIT: &str = "<w:cantSplit />";
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name().to_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        let text = match name.as_str() {
            "word/document.xml" => {
                let xml = String::from_utf8_lossy(&bytes);
                let mut patched = String::with_capacity(xml.len() + 64);
                let mut tables = xml.split("<w:tbl>");
                patched.push_str(tables.next().unwrap_or_default());
                for (t, rest) in tables.enumerate() {
                    patched.push_str("<w:tbl>");
                    let n = heads.get(t).copied().unwrap_or(0);
                    patched.push_str(&rest.replacen(CANT_SPLIT, "<w:cantSplit /><w:tblHeader />", n));
                }
                Some(patched)
            }
            "docProps/core.xml" => {
                let who = super::html::escape(organ);
                let who = if who.is_empty() { "nianbao".to_owned() } else { who };
                let xml = String::from_utf8_lossy(&bytes);
                Some(
                    xml.replace(
                        "<dc:creator>unknown</dc:creator>",
                        &format!("<dc:creator>{who}</dc:creator>"),
                    )
                    .replace(
                        "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
                        &format!("<cp:lastModifiedBy>{who}</cp:lastModifiedBy>"),
                    ),
                )
            }
            _ => None,
        };
        out.start_file(name, options)?;
        out.write_all(text.as_ref().map_or(&bytes[..], |t| t.as_bytes()))?;
    }
    Ok(out.finish()?.into_inner())
}
