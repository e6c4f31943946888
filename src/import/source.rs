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
}

/// The text of a file, and what it was.
///
/// # Errors
/// [`SourceError`] when the bytes are a PDF or .docx that cannot be read,
/// or text in no known encoding.
pub fn read(bytes: &[u8]) -> Result<(Kind, String), SourceError> {
    if bytes.starts_with(b"%PDF") {
        let text = pdf_extract::extract_text_from_mem(bytes).map_err(|e| SourceError::Pdf(e.to_string()))?;
        return Ok((Kind::Pdf, text));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx_text(bytes).map(|t| (Kind::Docx, t));
    }
    let text = decode(bytes)?;
    let kind = if super::looks_like_html(&text) { Kind::Html } else { Kind::Text };
    Ok((kind, text))
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
        .read_to_string(&mut xml)
        .map_err(|e| err(&e))?;
    document_text(&xml).map_err(|e| err(&e))
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
            Event::Text(t) => para.push_str(&t.unescape()?),
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
