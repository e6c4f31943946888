//! Files nobody here wrote: damaged, hostile or huge, built by small
//! generators at test time (no megabytes of binary in the repository).
//! Each is imported by the real binary and must end in a clear message and
//! exit 2 with nothing written — never a panic, an abort, a hang or a
//! machine out of memory (the reader runs in a child process under
//! limits; see `src/import/isolate.rs`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use super::fixture_path;

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");

/// A PDF of the numbered objects given (object n is `objects[n - 1]`),
/// with a correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// A one-page PDF whose page shows `content` with font `font` (object 4).
fn page_pdf(font: &str, content: Vec<u8>, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        font.as_bytes().to_vec(),
        content,
    ];
    objects.extend_from_slice(extra);
    pdf(&objects)
}

const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// Runs `import FILE -o OUT` in at most 1 GiB of memory and with a
/// deadline well past the product's own (9 s), so a slow CI machine does
/// not fail it but a hang does.
fn import(bytes: &[u8], name: &str) -> (Output, bool) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out.ron");
    // Under 1 GiB of address space (the reader child lowers its own
    // further): a memory peak over the limit ends the run in an abort,
    // which fails every assertion on the exit status.
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "ulimit -v 1048576 && exec \"$0\" \"$@\"", BIN, "import"])
        .args([input.display().to_string(), "-o".to_owned(), out.display().to_string()])
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL");
    let o = super::common::run_within(&mut cmd, Duration::from_secs(30), &format!("import of {name}"));
    (o, out.exists())
}

fn assert_refused(bytes: &[u8], name: &str, says: &str) {
    let (o, written) = import(bytes, name);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{name}: {err}");
    assert!(!err.contains("panicked") && !err.contains("overflow"), "{name}: {err}");
    assert!(err.contains(name), "{name}: the message names the file: {err}");
    assert!(err.contains(says), "{name}: expected {says:?} in: {err}");
    assert!(!written, "{name}: nothing written");
}

/// A PDF as `iText`, `ReportLab` and OA systems write Chinese: `STSong-Light`,
/// not embedded, through the predefined `CMap` `cmap`, no `ToUnicode`. Its
/// pages show `lines` (cells of a `|` row side by side), 50 lines a page.
fn predefined_cmap_pdf(cmap: &str, lines: &[&str]) -> Vec<u8> {
    let encode = |t: &str| -> Vec<u8> {
        if cmap.contains("UCS2") {
            t.encode_utf16().flat_map(u16::to_be_bytes).collect()
        } else {
            let (b, _, bad) = encoding_rs::GBK.encode(t);
            assert!(!bad, "{t}");
            b.into_owned()
        }
    };
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(),
        format!("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{cmap} /DescendantFonts [4 0 R] >>")
            .into_bytes(),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>".to_vec(),
    ];
    let mut kids = Vec::new();
    for page in lines.chunks(50) {
        let mut content = b"BT /F1 5 Tf\n".to_vec();
        for (i, line) in page.iter().enumerate() {
            let y = 800 - 14 * i;
            let mut x = 20;
            for cell in line.split('|').map(str::trim).filter(|c| !c.is_empty()) {
                let hex = encode(cell).iter().fold(String::new(), |mut h, b| {
                    let _ = write!(h, "{b:02X}");
                    h
                });
                content.extend_from_slice(format!("1 0 0 1 {x} {y} Tm <{hex}> Tj\n").as_bytes());
                x += cell.chars().count() * 5 + 15;
            }
        }
        content.extend_from_slice(b"ET");
        objects.push(stream("", &content));
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 2000 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                objects.len()
            )
            .into_bytes(),
        );
        kids.push(format!("{} 0 R", objects.len()));
    }
    objects[1] = format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), kids.len()).into_bytes();
    pdf(&objects)
}

/// The way Chinese offices make PDFs: a real report (阜新 2021) written
/// through GBK-EUC-H, GB-EUC-H and UniGB-UCS2-H imports with every one of
/// its 200 cells and its sections as from the portal text; only the front
/// matter, laid out by this generator on lines of their own, may differ.
#[test]
fn pdfs_with_predefined_chinese_cmaps_import_every_cell() {
    let text = std::fs::read_to_string(fixture_path("published-2021-fuxin-coal-bureau.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = text.lines().collect();
    let from_text = nianbao::import::import(&text).unwrap_or_else(|e| panic!("{e}"));
    for cmap in ["GBK-EUC-H", "GB-EUC-H", "UniGB-UCS2-H"] {
        let file = predefined_cmap_pdf(cmap, &lines);
        let (o, written) = import(&file, "oa.pdf");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{cmap}: {err}");
        assert!(written && err.contains("单元格 200/200"), "{cmap}: {err}");
        let from_pdf =
            nianbao::import::import_isolated(&file, Path::new(BIN)).unwrap_or_else(|e| panic!("{e}"));
        let schema = nianbao::format::schema();
        let differ: Vec<&str> = from_text
            .report
            .differences(&from_pdf.report)
            .iter()
            .map(|&id| schema.fields[id].address.as_str())
            .collect();
        assert!(
            differ.iter().all(|a| ["meta.year", "meta.date", "preamble"].contains(a)),
            "{cmap}: {differ:?}"
        );
    }
}

/// A predefined `CMap` of a family nianbao does not decode (Japanese
/// Shift-JIS) is named, not a panic.
#[test]
fn an_unknown_predefined_cmap_is_named() {
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /MS-Mincho /Encoding /90ms-RKSJ-H /DescendantFonts [6 0 R] >>";
    let cid = b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /MS-Mincho /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R >>".to_vec();
    let desc = b"<< /Type /FontDescriptor /FontName /MS-Mincho /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>".to_vec();
    let file = page_pdf(font, stream("", b"BT /F1 12 Tf 72 700 Td <8CF6> Tj ET"), &[cid, desc]);
    assert_refused(&file, "jp.pdf", "90ms-RKSJ-H");
}

#[test]
fn deep_nesting_is_refused_without_an_abort() {
    let depth = 10_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes();
    let dicts = format!("{}{}", "<< /A ".repeat(depth), ">>".repeat(depth)).into_bytes();
    for (what, obj) in [("arrays", arrays), ("dicts", dicts)] {
        let content = stream("", b"BT /F1 12 Tf 72 700 Td (x) Tj ET");
        let file = page_pdf(HELVETICA, content, &[obj]);
        let (o, written) = import(&file, &format!("deep-{what}.pdf"));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{what}: {err}");
        assert!(!err.contains("panicked") && !err.contains("overflow"), "{what}: {err}");
        assert!(!written);
    }
}

#[test]
fn a_stream_that_inflates_to_hundreds_of_megabytes_is_stopped() {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = b"(A) Tj ".repeat(1 << 17);
    let _ = z.write_all(b"BT /F1 12 Tf 72 700 Td ");
    for _ in 0..300 {
        z.write_all(&chunk).unwrap_or_else(|e| panic!("{e}"));
    }
    let _ = z.write_all(b" ET");
    let data = z.finish().unwrap_or_else(|e| panic!("{e}"));
    let file = page_pdf(HELVETICA, stream("/Filter /FlateDecode", &data), &[]);
    assert!(file.len() < 4 << 20, "a small file: {}", file.len());
    let (o, written) = import(&file, "bomb.pdf");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!written);
}

#[test]
fn a_word_file_that_inflates_past_any_report_is_refused() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", deflated).unwrap_or_else(|e| panic!("{e}"));
    let _ = zip.write_all(b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>");
    let block = vec![b'0'; 1 << 20];
    for _ in 0..100 {
        zip.write_all(&block).unwrap_or_else(|e| panic!("{e}"));
    }
    let _ = zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>");
    let file = zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner();
    assert!(file.len() < 1 << 20, "a small file: {}", file.len());
    assert_refused(&file, "bomb.docx", "远多于任何一份年度报告");
}

#[test]
fn a_text_file_of_one_huge_line_is_refused() {
    let line = "|规章|1".repeat(3 << 20);
    assert_refused(line.as_bytes(), "huge.txt", "远多于任何一份年度报告");
}

#[test]
fn an_image_only_pdf_is_named_a_scan() {
    let file = page_pdf(HELVETICA, stream("", b"q 595 0 0 842 0 0 cm Q"), &[]);
    assert_refused(&file, "scan.pdf", "扫描件");
}

#[test]
fn a_pdf_with_a_missing_object_is_a_message() {
    let bytes =
        std::fs::read(fixture_path("published-2024-huaian-szf.pdf")).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("40 0 obj"));
    let mut damaged = bytes.clone();
    let at = bytes.windows(8).position(|w| w == b"40 0 obj").unwrap_or_else(|| panic!("no object 40"));
    damaged[at..at + 2].copy_from_slice(b"98");
    assert_refused(&damaged, "damaged.pdf", "文件已损坏");
}

/// A bounded mutation loop over the PDF and Word fixtures: bytes flipped,
/// spans cut out or repeated, files truncated. Every mutant must end in
/// exit 0, 1 or 2 with no panic and no death by a signal.
#[test]
fn mutated_fixtures_never_crash_the_import() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % (n.max(1) as u64)).unwrap_or(0)
    };
    for name in ["published-2024-huaian-szf.pdf", "official-template-2021.docx"] {
        let original = std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("{e}"));
        for round in 0..24 {
            let mut m = original.clone();
            for _ in 0..=next(4) {
                let at = next(m.len());
                match next(4) {
                    0 => m[at] ^= 1 << next(8),
                    1 => drop(m.drain(at..(at + next(256)).min(m.len()))),
                    2 => {
                        let span = m[at..(at + next(512)).min(m.len())].to_vec();
                        m.splice(at..at, span);
                    }
                    _ => m.truncate(at.max(16)),
                }
            }
            let (o, _) = import(&m, &format!("mutant-{round}-{name}"));
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(matches!(o.status.code(), Some(0..=2)), "{name} round {round}: {:?} {err}", o.status);
            assert!(!err.contains("panicked"), "{name} round {round}: {err}");
        }
    }
}

#[test]
fn the_fixtures_still_import_through_the_child() {
    for name in ["published-2024-huaian-szf.pdf", "published-2023-pingtan-gwh.html"] {
        let bytes = std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("{e}"));
        let via_child =
            nianbao::import::import_isolated(&bytes, Path::new(BIN)).unwrap_or_else(|e| panic!("{e}"));
        let in_process = nianbao::import::import_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(via_child.report, in_process.report, "{name}");
        assert_eq!(via_child.notes, in_process.notes, "{name}");
    }
}

/// A real portal page with what editors leave in pages: a commented-out
/// older table, a note in a comment, a hidden row and a script that writes
/// a table. The draft is the same as from the page without them.
#[test]
fn comments_scripts_and_hidden_rows_in_a_real_page_change_nothing() {
    let page = std::fs::read_to_string(fixture_path("published-2023-pingtan-gwh.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    let junk = "<!-- <table><tr><td>规章</td><td>99</td><td>99</td><td>99</td></tr></table> --><!-- <p>一、总体情况 旧稿</p> -->\
        <script>document.write('<table><tr><td>规章</td><td>98</td></tr></table>');</script>\
        <table style=\"display:none\"><tr><td>规章</td><td>97</td><td>97</td><td>97</td></tr></table>";
    let at = page.find("<table").unwrap_or_else(|| panic!("no table"));
    let edited = format!("{}{junk}{}", &page[..at], &page[at..]);
    let plain =
        nianbao::import::import_isolated(page.as_bytes(), Path::new(BIN)).unwrap_or_else(|e| panic!("{e}"));
    let with_junk =
        nianbao::import::import_isolated(edited.as_bytes(), Path::new(BIN)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(with_junk.report, plain.report);
    assert_eq!(with_junk.notes.len(), plain.notes.len(), "{:?}", with_junk.notes);
}

/// Identity-H with no `ToUnicode` map: glyph numbers, no characters. The
/// message names the font and says the text cannot be read, not "a scan".
#[test]
fn a_font_without_a_map_to_characters_is_named() {
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>";
    let cid = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>".to_vec();
    let desc = b"<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>".to_vec();
    let file = page_pdf(font, stream("", b"BT /F1 12 Tf 72 700 Td <0C2A1F03> Tj ET"), &[cid, desc]);
    assert_refused(&file, "glyphs.pdf", "ABCDEF+SimSun");
    let (o, _) = import(&file, "glyphs.pdf");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("扫描件"), "not called a scan");
}

/// A section of 60,000 characters (a page's text pasted into itself, a
/// generated file) is not imported: the rest is, the note names the
/// field, and the import says the draft is incomplete.
#[test]
fn a_narrative_longer_than_any_report_is_left_out_and_said() {
    let text = std::fs::read_to_string(fixture_path("published-2021-fuxin-coal-bureau.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    let para = text.lines().find(|l| l.starts_with("2021年,按照")).unwrap_or_else(|| panic!("no paragraph"));
    let long = text.replace(para, &"公开".repeat(30_000));
    let (o, written) = import(long.as_bytes(), "long.txt");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(written);
    assert!(err.contains("overview.proactive") && err.contains("60000 字"), "{err}");
    let back = nianbao::import::import(&long).unwrap_or_else(|e| panic!("{e}"));
    assert!(back.report.get(super::common::id("overview.proactive")).is_empty());
    assert_eq!(back.report.get(super::common::id("requests.new.natural_person")).display(), "0");
}
