//! The text of a PDF, including the PDFs Chinese offices make.
//!
//! iText, ReportLab and many OA systems write Chinese with a font that is
//! not embedded (STSong-Light, SimSun) and a *predefined* CMap named in
//! the font — `GBK-EUC-H`, `GB-EUC-H`, `GBpc-EUC-H`, `UniGB-UCS2-H`,
//! `UniGB-UTF16-H` — with no `ToUnicode` map: the reader is expected to
//! know what those names mean. pdf-extract, which lays out our text, knows
//! only `Identity-H` and panics on the rest (its issue #129).
//!
//! So before pdf-extract sees the document, each such font is given what
//! the names mean, written out as pdf-extract reads it for any font: an
//! embedded encoding CMap with the named encoding's code space (one byte
//! for ASCII, two for GBK or Big5 or UCS-2), every code its own CID, and a
//! `ToUnicode` map from each code to its character, worked out with
//! `encoding_rs` (GBK, Big5) or read as UTF-16 (the `Uni…` CMaps). A font
//! that has a `ToUnicode` map keeps it. The cost: the maps are built for
//! every code of the encoding (about 22,000 for GBK) once per document,
//! a few milliseconds; a four-byte GB18030 or UTF-16 surrogate code is not
//! decoded (no report needs one). A name outside these families is left
//! as it is, and named in the error if pdf-extract cannot read it.

//!
//! Why pdf-extract still, measured on 6 December 2026 against pdf_oxide
//! 0.3.78 (the other text extractor in Rust; hayro renders, it does not
//! extract): pdf_oxide survives the hostile files on its own (a 10,000-deep
//! nesting, a stream bomb in 0.8 s and 277 MB, the missing object), but it
//! decodes a GBK-EUC-H report into mojibake after its first one-byte
//! character, lays the 淮安 fixture's opening paragraphs out of order, and
//! brings a layout engine and font tooling into the build (7 minutes on 2
//! cores). pdf-extract with these maps imports our fixtures exactly, and
//! `isolate` stops what it cannot survive.

// Product and format names (ReportLab, SimSun, CMap) are prose here.
#![allow(clippy::doc_markdown)]

use std::collections::HashMap;
use std::fmt::Write as _;

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// A predefined CMap family nianbao decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Family {
    /// Two-byte Unicode (UCS-2, or UTF-16 without surrogates).
    Ucs2,
    /// One byte for ASCII, two for GBK (GB2312 and GB18030's two-byte part).
    Gbk,
    /// One byte for ASCII, two for Big5.
    Big5,
}

fn family(name: &[u8]) -> Option<Family> {
    let name = std::str::from_utf8(name).ok()?;
    if name.starts_with("Uni") && (name.contains("UCS2") || name.contains("UTF16")) {
        Some(Family::Ucs2)
    } else if ["GBK-EUC", "GB-EUC", "GBpc-EUC", "GBK2K", "GBKp-EUC", "GBT-EUC"]
        .iter()
        .any(|p| name.starts_with(p))
    {
        Some(Family::Gbk)
    } else if ["B5pc", "ETen-B5", "HKscs-B5", "B5-", "ETenms-B5"].iter().any(|p| name.starts_with(p)) {
        Some(Family::Big5)
    } else {
        None
    }
}

/// The encoding CMap of the one- and two-byte families: ASCII in one
/// byte, the rest in two, every code its own CID.
///
/// Two quirks of pdf-extract's CMap reader (adobe-cmap-parser 0.4) shape
/// it: a code space range's width is taken as half its bytes, so the
/// one-byte range is written in two bytes and the two-byte range in four
/// (the values are the same); and a `begincidrange` block reads its first
/// entry right and the second wrong, so each range has a block of its own.
/// The test of a GBK PDF in `tests/import/hostile.rs` fails if either
/// changes.
fn encoding_cmap() -> Vec<u8> {
    let mut s = String::from("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n");
    s.push_str("2 begincodespacerange\n<0000> <0080>\n<00008140> <0000FEFE>\nendcodespacerange\n");
    s.push_str("1 begincidrange\n<00> <80> 0\nendcidrange\n1 begincidrange\n<8140> <FEFE> 0\nendcidrange\n");
    s.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    s.into_bytes()
}

/// The `ToUnicode` map: each code of the family to its character.
fn to_unicode_cmap(f: Family) -> Vec<u8> {
    let mut pairs: Vec<(u32, char)> = Vec::new();
    match f {
        Family::Ucs2 => {}
        Family::Gbk | Family::Big5 => {
            let enc = if f == Family::Gbk { encoding_rs::GBK } else { encoding_rs::BIG5 };
            pairs.extend((0x20u8..0x7f).map(|b| (u32::from(b), char::from(b))));
            for lead in 0x81u8..=0xfe {
                for trail in (0x40u8..=0xfe).filter(|&t| t != 0x7f) {
                    let bytes = [lead, trail];
                    if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(&bytes) {
                        let mut chars = text.chars();
                        if let (Some(c), None) = (chars.next(), chars.next()) {
                            pairs.push((u32::from(lead) << 8 | u32::from(trail), c));
                        }
                    }
                }
            }
        }
    }
    let mut s = String::from("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n");
    if f == Family::Ucs2 {
        // Each block of 256 codes to the same code points (surrogates left
        // out: a lone one is no character).
        let blocks: Vec<u32> = (0u32..=0xff).filter(|h| !(0xd8..=0xdf).contains(h)).collect();
        let _ = writeln!(s, "{} beginbfrange", blocks.len());
        for h in blocks {
            let _ = writeln!(s, "<{h:02X}00> <{h:02X}FF> <{h:02X}00>");
        }
        s.push_str("endbfrange\n");
    } else {
        for chunk in pairs.chunks(100) {
            let _ = writeln!(s, "{} beginbfchar", chunk.len());
            for &(code, c) in chunk {
                let width = if code > 0xff { 4 } else { 2 };
                let mut units = [0u16; 2];
                let _ = write!(s, "<{code:0width$X}> <");
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(s, "{u:04X}");
                }
                s.push_str(">\n");
            }
            s.push_str("endbfchar\n");
        }
    }
    s.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    s.into_bytes()
}

/// Gives every Type0 font with a predefined CMap of a known family the
/// maps pdf-extract needs (see the module doc); returns how many fonts.
fn spell_out_predefined_cmaps(doc: &mut Document) -> usize {
    let fonts: Vec<(ObjectId, Family, bool)> = doc
        .objects
        .iter()
        .filter_map(|(&id, obj)| {
            let d = obj.as_dict().ok()?;
            if d.get(b"Subtype").and_then(Object::as_name).ok()? != b"Type0" {
                return None;
            }
            let f = family(d.get(b"Encoding").and_then(Object::as_name).ok()?)?;
            Some((id, f, d.has(b"ToUnicode")))
        })
        .collect();
    let mut made: HashMap<Family, (Object, ObjectId)> = HashMap::new();
    for &(id, f, has_map) in &fonts {
        let (enc, map) = made
            .entry(f)
            .or_insert_with(|| {
                // Two-byte Unicode is what Identity-H means to pdf-extract (every
                // two bytes a code, the code the CID); the others need their map.
                let enc = match f {
                    Family::Ucs2 => Object::Name(b"Identity-H".to_vec()),
                    Family::Gbk | Family::Big5 => {
                        Object::Reference(doc.add_object(Stream::new(Dictionary::new(), encoding_cmap())))
                    }
                };
                let map = doc.add_object(Stream::new(Dictionary::new(), to_unicode_cmap(f)));
                (enc, map)
            })
            .clone();
        if let Some(Ok(d)) = doc.objects.get_mut(&id).map(Object::as_dict_mut) {
            d.set("Encoding", enc);
            if !has_map {
                d.set("ToUnicode", Object::Reference(map));
            }
        }
    }
    fonts.len()
}

/// The fonts no program can read text from without OCR: composite fonts
/// whose codes are glyph numbers (`Identity-H`/`-V`) with no `ToUnicode`
/// map, by their `BaseFont` names.
fn unmapped_fonts(doc: &Document) -> Vec<String> {
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|obj| {
            let d = obj.as_dict().ok()?;
            if d.get(b"Subtype").and_then(Object::as_name).ok()? != b"Type0" || d.has(b"ToUnicode") {
                return None;
            }
            let enc = d.get(b"Encoding").and_then(Object::as_name).ok()?;
            if enc != b"Identity-H" && enc != b"Identity-V" {
                return None;
            }
            let name = d.get(b"BaseFont").and_then(Object::as_name).unwrap_or(b"?");
            Some(String::from_utf8_lossy(name).into_owned())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The text of a PDF, laid out by pdf-extract, and the fonts whose text
/// could not be read (see [`unmapped_fonts`]).
///
/// # Errors
/// pdf-extract's (or lopdf's) message when the document cannot be read.
pub fn text(bytes: &[u8]) -> Result<(String, Vec<String>), String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| e.to_string())?;
    if doc.is_encrypted() {
        // Published reports are at most "encrypted" with an empty password
        // (to forbid copying); anything else cannot be read.
        doc.decrypt("").map_err(|e| e.to_string())?;
    }
    spell_out_predefined_cmaps(&mut doc);
    let unmapped = unmapped_fonts(&doc);
    let mut s = String::new();
    {
        let mut out = pdf_extract::PlainTextOutput::new(&mut s);
        pdf_extract::output_doc(&doc, &mut out).map_err(|e| e.to_string())?;
    }
    Ok((s, unmapped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_families_are_known_by_name() {
        assert_eq!(family(b"GBK-EUC-H"), Some(Family::Gbk));
        assert_eq!(family(b"GBpc-EUC-V"), Some(Family::Gbk));
        assert_eq!(family(b"UniGB-UCS2-H"), Some(Family::Ucs2));
        assert_eq!(family(b"UniGB-UTF16-V"), Some(Family::Ucs2));
        assert_eq!(family(b"ETen-B5-H"), Some(Family::Big5));
        assert_eq!(family(b"Identity-H"), None);
        assert_eq!(family(b"90ms-RKSJ-H"), None);
    }

    #[test]
    fn the_gbk_map_holds_what_gbk_means() {
        let map = String::from_utf8(to_unicode_cmap(Family::Gbk)).unwrap_or_default();
        // 公 is B9AB in GBK, U+516C.
        assert!(map.contains("<B9AB> <516C>"), "{}", &map[..200]);
        assert!(map.contains("<41> <0041>"));
    }
}
