//! What an office has on disk, as text the importer reads: a portal page
//! (HTML in UTF-8 or a Chinese legacy encoding), a browser copy or portal
//! text, a published PDF, or a Word .docx. Each is recognised by its
//! bytes, not its name.
//!
//! PDF text comes from `pdf-extract` (pure Rust, no external programs);
//! its page numbers and hard-wrapped lines are handled by the importer. A
//! .docx is a zip of XML: its paragraphs become lines and its table rows
//! lines of `|`-separated cells, merged cells (`gridSpan`, `vMerge`)
//! written once, as a portal page writes them.

use std::io::Read;

/// The most text a report can have: a real one is 20–60 KB of text; 2 MB
/// of it would already be a draft nobody could read.
pub const MAX_TEXT_BYTES: usize = 2 << 20;

/// The kinds of input recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Html,
    Pdf,
    Docx,
}

/// Why a file's bytes could not be turned into text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SourceError {
    /// A PDF whose text could not be extracted.
    #[error(
        "the PDF's text could not be read ({0}); if it is a scan (images of pages), it has no text to import"
    )]
    Pdf(String),
    /// A .docx that is not a readable Word document.
    #[error("the Word file could not be read ({0}); save it again as .docx from Word or WPS")]
    Docx(String),
    /// Bytes that are neither UTF-8 nor a Chinese legacy encoding.
    #[error(
        "not text in UTF-8, GBK or GB18030: save the page again as UTF-8, or convert it with iconv -f GBK -t UTF-8"
    )]
    Encoding,
    /// A PDF whose Chinese font uses a predefined `CMap` (`GBK-EUC-H`,
    /// `UniGB-UCS2-H`, …) the PDF reader does not decode yet.
    #[error(
        "the PDF writes its Chinese text in a font encoding nianbao cannot decode yet ({0}); import the portal page or the Word file instead, or convert it with `pdftotext -layout in.pdf out.txt` and import out.txt"
    )]
    PdfFont(String),
    /// A PDF whose fonts give glyph numbers and no map to characters
    /// (`Identity-H` without `ToUnicode`): its text cannot be read.
    #[error(
        "the PDF's fonts ({0}) carry no table from their glyphs to characters, so its text cannot be read by any program (only seen): import the portal page or the Word file instead, or OCR the PDF (for example `ocrmypdf --force-ocr -l chi_sim in.pdf out.pdf`)"
    )]
    Unmapped(String),
    /// A PDF with pages but no text: images of pages.
    #[error(
        "the PDF has no text, only images of its pages (a scan): run OCR on it first (for example `ocrmypdf -l chi_sim in.pdf out.pdf`), or import the portal page or the Word file instead"
    )]
    Scan,
    /// More text than any report has (or a Word part that inflates past
    /// what any report needs): not read further.
    #[error("far more text than any annual report has; is it the right file? (nothing was written)")]
    TooMuchText,
    /// The reader of the file died on it (a damaged or hostile file).
    #[error(
        "the file is damaged or built to break readers ({0}); ask the sender for a new copy, or import the portal page instead"
    )]
    Crashed(String),
    /// The reader of the file did not finish in time.
    #[error(
        "reading the file took too long and was stopped; it is damaged or built to break readers: ask the sender for a new copy"
    )]
    TimedOut,
}

impl SourceError {
    /// The error as the extracting child sends it: a word, a line break,
    /// the detail.
    #[must_use]
    pub fn to_wire(&self) -> String {
        match self {
            SourceError::Pdf(d) => format!("pdf\n{d}"),
            SourceError::Docx(d) => format!("docx\n{d}"),
            SourceError::Encoding => "encoding\n".to_owned(),
            SourceError::PdfFont(d) => format!("pdf-font\n{d}"),
            SourceError::Scan => "scan\n".to_owned(),
            SourceError::Unmapped(d) => format!("unmapped\n{d}"),
            SourceError::TooMuchText => "too-much-text\n".to_owned(),
            SourceError::Crashed(d) => format!("crashed\n{d}"),
            SourceError::TimedOut => "timed-out\n".to_owned(),
        }
    }

    /// The error the child sent.
    #[must_use]
    pub fn from_wire(what: &str, detail: &str) -> SourceError {
        let detail = detail.chars().take(500).collect::<String>();
        match what {
            "pdf" => SourceError::Pdf(detail),
            "docx" => SourceError::Docx(detail),
            "encoding" => SourceError::Encoding,
            "pdf-font" => SourceError::PdfFont(detail),
            "scan" => SourceError::Scan,
            "unmapped" => SourceError::Unmapped(detail),
            "too-much-text" => SourceError::TooMuchText,
            "timed-out" => SourceError::TimedOut,
            _ => SourceError::Crashed(detail),
        }
    }
}

/// The most a Word file's `document.xml` may inflate to: a real report's
/// is under 1 MB.
const MAX_DOCX_XML: u64 = 32 << 20;
/// The most text (or HTML) read as a page: real portal pages are under
/// 1 MB.
const MAX_PAGE_BYTES: usize = 16 << 20;

/// The text of a file, and what it was.
///
/// # Errors
/// [`SourceError`] when the bytes are a PDF or .docx that cannot be read,
/// or text in no known encoding.
pub fn read(bytes: &[u8]) -> Result<(Kind, String), SourceError> {
    if bytes.starts_with(b"%PDF") {
        // The PDF readers panic on some damaged files: a message, not a
        // crash (the rest — overflows, bombs — is `isolate`'s to stop).
        let text = std::panic::catch_unwind(|| super::pdf::text(bytes))
            .map_err(|p| {
                let why = panic_text(p.as_ref());
                match why.strip_prefix("unsupported encoding ") {
                    Some(cmap) => SourceError::PdfFont(cmap.to_owned()),
                    None => SourceError::Crashed(why),
                }
            })?
            .map_err(SourceError::Pdf)?;
        let (text, unmapped) = text;
        if text.trim().is_empty() {
            return Err(if unmapped.is_empty() {
                SourceError::Scan
            } else {
                SourceError::Unmapped(unmapped.join(", "))
            });
        }
        if text.len() > MAX_TEXT_BYTES {
            return Err(SourceError::TooMuchText);
        }
        return Ok((Kind::Pdf, text));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx_text(bytes).map(|t| (Kind::Docx, t));
    }
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(SourceError::TooMuchText);
    }
    let text = decode(bytes)?;
    let kind = if super::looks_like_html(&text) { Kind::Html } else { Kind::Text };
    if kind == Kind::Text && text.len() > MAX_TEXT_BYTES {
        return Err(SourceError::TooMuchText);
    }
    Ok((kind, text))
}

/// What a panic said, for the message.
fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the reader stopped".to_owned())
}

/// UTF-8 (with or without a byte-order mark), else the encoding a page's
/// `<meta charset>` names, else GB18030 (a superset of GB2312 and GBK),
/// when the bytes decode without errors.
fn decode(bytes: &[u8]) -> Result<String, SourceError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let named = head
        .find("charset=")
        .map(|i| head[i + 8..].trim_start_matches(['"', '\'']))
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let encoding = named.unwrap_or(encoding_rs::GB18030);
    let (text, _, errors) = encoding.decode(bytes);
    if errors { Err(SourceError::Encoding) } else { Ok(text.into_owned()) }
}

/// The text of a .docx: paragraphs as lines, table rows as `|` cells.
fn docx_text(bytes: &[u8]) -> Result<String, SourceError> {
    let err = |e: &dyn std::fmt::Display| SourceError::Docx(e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| err(&e))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| err(&e))?
        .take(MAX_DOCX_XML + 1)
        .read_to_string(&mut xml)
        .map_err(|e| err(&e))?;
    if xml.len() as u64 > MAX_DOCX_XML {
        return Err(SourceError::TooMuchText);
    }
    let text = document_text(&xml).map_err(|e| err(&e))?;
    if text.len() > MAX_TEXT_BYTES {
        return Err(SourceError::TooMuchText);
    }
    Ok(text)
}

/// `word/document.xml` as lines.
///
/// # Errors
/// The XML is malformed.
pub fn document_text(xml: &str) -> Result<String, quick_xml::Error> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut table_depth = 0usize;
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    let mut para = String::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"tbl" => table_depth += 1,
                b"tr" if table_depth > 0 => row = Some(Vec::new()),
                b"tc" if row.is_some() => cell = Some(String::new()),
                b"p" => para.clear(),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"br" | b"cr" if cell.is_none() => para.push('\n'),
                b"tab" => para.push(' '),
                _ => {}
            },
            Event::Text(t) => para.push_str(&t.decode()?),
            // `&amp;`, `&#x4E00;`: entities come as events of their own.
            Event::GeneralRef(r) => match r.resolve_char_ref()? {
                Some(c) => para.push(c),
                None => para.push_str(quick_xml::escape::resolve_xml_entity(&r.decode()?).unwrap_or("")),
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => {
                    let text = std::mem::take(&mut para);
                    // Paragraphs inside a cell are one cell's text.
                    if let Some(c) = cell.as_mut() {
                        c.push_str(text.trim());
                    } else {
                        out.push_str(text.trim());
                        out.push('\n');
                    }
                }
                b"tc" => {
                    if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                        r.push(c.replace('|', " "));
                    }
                }
                b"tr" => {
                    if let Some(r) = row.take() {
                        out.push_str(&r.join("|"));
                        out.push_str("|\n");
                    }
                }
                b"tbl" => table_depth = table_depth.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_pages_are_decoded_by_their_meta_charset_or_as_gb18030() {
        let (page, _, _) = encoding_rs::GBK.encode("<html><meta charset=\"gbk\"><p>规章</p></html>");
        assert_eq!(read(&page).map(|(k, t)| (k, t.contains("规章"))), Ok((Kind::Html, true)));
        let (plain, _, _) = encoding_rs::GB18030.encode("一、总体情况");
        assert_eq!(read(&plain).map(|(_, t)| t), Ok("一、总体情况".to_owned()));
        assert_eq!(read(b"\xEF\xBB\xBFabc").map(|(_, t)| t), Ok("abc".to_owned()));
    }

    #[test]
    fn docx_tables_become_rows_of_cells() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p><w:r><w:t>企业</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        assert_eq!(document_text(xml).ok().as_deref(), Some("一、总体情况\n商业企业|5|\n"));
    }
}
