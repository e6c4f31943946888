//! The Word export opened with a .docx reader (zip + an XML parser): the
//! three tables have the official template's rows, columns and merged
//! cells in the same places; every number sits under its row label; the
//! paragraphs follow their headings; text is escaped; and the importer
//! reads the file back to the same report.

use crate::common;

use std::io::Read;

use common::id;
use nianbao::export::{self, Format};
use nianbao::model::{Report, Value};
use proptest::prelude::*;

fn document_xml(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut xml)
        .unwrap_or_else(|e| panic!("{e}"));
    xml
}

/// Per table, per row, per cell: (gridSpan, vMerge: "" / "restart" /
/// "continue", text).
type Tables = Vec<Vec<Vec<(usize, String, String)>>>;

fn tables(xml: &str) -> Tables {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out: Tables = Vec::new();
    let mut cell: Option<(usize, String, String)> = None;
    loop {
        match r.read_event().unwrap_or_else(|e| panic!("not well-formed XML: {e}")) {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == name)
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                };
                match e.local_name().as_ref() {
                    b"tbl" => out.push(Vec::new()),
                    b"tr" => out.last_mut().into_iter().for_each(|t| t.push(Vec::new())),
                    b"tc" => cell = Some((1, String::new(), String::new())),
                    b"gridSpan" => {
                        if let Some(c) = cell.as_mut() {
                            c.0 = attr(b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    b"vMerge" => {
                        if let Some(c) = cell.as_mut() {
                            c.1 = attr(b"val").unwrap_or_else(|| "continue".to_owned());
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.2.push_str(&t.decode().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = cell.as_mut() {
                    let name = r.decode().unwrap_or_default();
                    c.2.push_str(quick_xml::escape::resolve_xml_entity(&name).unwrap_or_default());
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"tc" => {
                if let (Some(c), Some(row)) = (cell.take(), out.last_mut().and_then(|t| t.last_mut())) {
                    row.push((c.0, c.1, c.2.trim().to_owned()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The merge layout alone: (gridSpan, vMerge) of every cell.
fn shape(t: &[Vec<(usize, String, String)>]) -> Vec<Vec<(usize, String)>> {
    t.iter().map(|row| row.iter().map(|(s, v, _)| (*s, v.clone())).collect()).collect()
}

fn template_tables() -> Tables {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/official-template-2021.docx");
    tables(&document_xml(&std::fs::read(path).unwrap_or_else(|e| panic!("{e}"))))
}

#[test]
fn the_tables_are_merged_as_in_the_official_template() {
    let docx = export::render_file(&common::sample(), Format::Docx).unwrap_or_else(|e| panic!("{e}"));
    let ours = tables(&document_xml(&docx));
    let template = template_tables();
    assert_eq!(ours.len(), 3, "three tables");
    assert_eq!(template.len(), 3);
    for (i, (o, t)) in ours.iter().zip(&template).enumerate() {
        assert_eq!(shape(o), shape(t), "table {} has the template's rows, columns and merged cells", i + 2);
        // And the same header texts where the template has text.
        for (ro, rt) in o.iter().zip(t) {
            for (co, ct) in ro.iter().zip(rt) {
                if !ct.2.trim().is_empty() {
                    assert_eq!(co.2, ct.2.trim(), "table {}", i + 2);
                }
            }
        }
    }
}

fn arb_report() -> impl Strategy<Value = Report> {
    proptest::collection::vec(0u64..1_000_000, 200).prop_map(|counts| {
        let mut r = Report::draft("测试局", 2024);
        let mut it = counts.into_iter();
        for i in Report::table_cells() {
            match nianbao::format::schema().fields[i].kind {
                nianbao::format::Kind::Amount => {
                    r.set(i, Value::Amount(Some(rust_decimal::Decimal::new(123_456, 2))));
                }
                _ => r.set(i, Value::Count(it.next())),
            }
        }
        r
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every number of 表三 sits in the row of its label, in its column.
    #[test]
    fn every_number_sits_under_its_row_label_and_column(r in arb_report()) {
        let docx = export::render_file(&r, Format::Docx).unwrap_or_else(|e| panic!("{e}"));
        let t = &tables(&document_xml(&docx))[1];
        let s = nianbao::format::schema();
        let req = &nianbao::format::REQUESTS;
        // The header takes three rows; then one row per table row.
        for (ri, row) in req.rows.iter().enumerate() {
            let cells = &t[3 + ri];
            let label = cells.iter().rev().nth(7).map_or("", |c| c.2.as_str());
            prop_assert_eq!(label, row.label);
            let values: Vec<&str> = cells[cells.len() - 7..].iter().map(|c| c.2.as_str()).collect();
            let want: Vec<String> = (0..7).map(|ci| r.get(s.cell_id(req, ri, ci)).display()).collect();
            prop_assert_eq!(values, want.iter().map(String::as_str).collect::<Vec<_>>());
        }
        // And the importer reads the whole file back.
        let back = nianbao::import::import_bytes(&docx).unwrap_or_else(|e| panic!("{e}"));
        for i in Report::table_cells() {
            prop_assert_eq!(back.report.get(i), r.get(i));
        }
    }
}

#[test]
fn paragraphs_follow_their_headings_and_text_is_escaped() {
    let mut r = nianbao::io::load(&common::example("fuxin-2021.ron")).unwrap_or_else(|e| panic!("{e}"));
    r.set(id("problems"), Value::Text("问题<一>&“二”\"三\"\u{7}结束".into()));
    let docx = export::render_file(&r, Format::Docx).unwrap_or_else(|e| panic!("{e}"));
    let xml = document_xml(&docx);
    let text =
        nianbao::import::source::document_text(&xml).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let lines: Vec<&str> = text.lines().collect();
    let at =
        |s: &str| lines.iter().position(|l| l.starts_with(s)).unwrap_or_else(|| panic!("no {s} in\n{text}"));
    let headings = [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "二、主动公开",
        "三、收到和处理",
        "四、政府信息公开行政复议",
        "五、存在的主要问题",
        "六、其他需要报告",
    ];
    let positions: Vec<usize> = headings.iter().map(|h| at(h)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(lines[at("（一）主动公开") + 1].starts_with("2021年,按照《中华人民共和国政府信息公开条例》"));
    assert_eq!(
        lines[at("五、存在的主要问题") + 1],
        "问题<一>&“二”\"三\"结束",
        "escaped in XML, read back as written, the BEL dropped"
    );
    // The same file imported again is the same report.
    let back = nianbao::import::import_bytes(&docx).unwrap_or_else(|e| panic!("{e}"));
    for i in Report::table_cells() {
        assert_eq!(back.report.get(i), r.get(i));
    }
}

#[test]
fn pdf_without_libreoffice_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("r.pdf");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["--lang", "en", "export"])
        .arg(common::example("fuxin-2021.ron"))
        .args(["--to", "pdf", "-o"])
        .arg(&out)
        .env("PATH", dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("LibreOffice") && err.contains("libreoffice-writer"), "{err}");
    assert!(!out.exists());
    // And in Chinese for a Chinese user (it was English for everyone).
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("export")
        .arg(common::example("fuxin-2021.ron"))
        .args(["--to", "pdf", "-o"])
        .arg(&out)
        .env("PATH", dir.path())
        .env("LANG", "C.UTF-8")
        .env_remove("NIANBAO_LANG")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("导出 PDF 需要 LibreOffice") && err.contains("libreoffice-writer"), "{err}");
}

#[test]
fn a_word_export_never_replaces_a_draft_or_an_existing_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let draft = dir.path().join("d.ron");
    std::fs::copy(common::example("fuxin-2021.ron"), &draft).unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("export")
            .arg(&draft)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // Beside the draft by default.
    assert_eq!(run(&["--to", "docx"]).status.code(), Some(0));
    let docx = dir.path().join("d.docx");
    assert!(std::fs::read(&docx).is_ok_and(|b| b.starts_with(b"PK")));
    assert_eq!(run(&["--to", "docx"]).status.code(), Some(2), "exists: refused without --force");
    assert_eq!(run(&["--to", "docx", "--force"]).status.code(), Some(0));
    let before = std::fs::read(&draft).ok();
    assert_eq!(run(&["--to", "docx", "-o", draft.to_str().unwrap_or(""), "--force"]).status.code(), Some(2));
    assert_eq!(std::fs::read(&draft).ok(), before);
}

/// With LibreOffice on the machine (`scripts/screenshot-docx.sh` needs it
/// too), `--to pdf` converts the Word file; without it the test above
/// covers the message.
#[test]
fn pdf_through_libreoffice_when_it_is_installed() {
    if export::office().is_none() {
        eprintln!("skipped: no soffice on this machine");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("r.pdf");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("export")
        .arg(common::example("fuxin-2021.ron"))
        .args(["--to", "pdf", "-o"])
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&out).is_ok_and(|b| b.starts_with(b"%PDF")));
    // And its text is the report's: the importer reads the tables back.
    let back = nianbao::import::import_bytes(&std::fs::read(&out).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    let example = nianbao::io::load(&common::example("fuxin-2021.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        back.report.get(id("proactive.penalty.decisions")),
        example.get(id("proactive.penalty.decisions"))
    );
    assert_eq!(back.summary().tables_found, 3, "{:?}", back.notes);
}

/// On paper, as the issue of 表三's header cut across pages 2–3 asked: no
/// row is split across pages, the header rows of 表三 and 表四 repeat on
/// the next page, headings keep with what follows, the long title breaks
/// between the organ and the report's name; the file names the organ as
/// its author and today as its date (not `unknown`, 1970-01-01).
#[test]
fn on_paper_rows_hold_together_headers_repeat_and_the_file_has_an_author() {
    let r = nianbao::io::load(&common::example("fuxin-2021.ron")).unwrap_or_else(|e| panic!("{e}"));
    let docx = export::render_file(&r, Format::Docx).unwrap_or_else(|e| panic!("{e}"));
    let xml = document_xml(&docx);
    let tables: Vec<&str> =
        xml.split("<w:tbl>").skip(1).map(|t| t.split("</w:tbl>").next().unwrap_or("")).collect();
    assert_eq!(tables.len(), 3);
    for (i, t) in tables.iter().enumerate() {
        let rows: Vec<&str> = t.split("<w:tr>").skip(1).collect();
        assert!(rows.iter().all(|row| row.contains("<w:cantSplit />")), "table {i}: every row cantSplit");
        let marked: Vec<bool> = rows.iter().map(|row| row.contains("<w:tblHeader />")).collect();
        let heads = marked.iter().take_while(|&&m| m).count();
        assert!(marked[heads..].iter().all(|&m| !m), "table {i}: only the leading rows repeat");
        if i > 0 {
            // 表三 and 表四: the merged header rows, none holding a number.
            assert!(heads >= 2, "table {i}: {heads} header rows");
            assert!(rows[..heads].iter().all(|row| !row.contains(">0</w:t>")), "table {i}");
            assert!(rows[heads].contains("</w:t>"), "table {i}");
        }
    }
    let keep = xml.matches("<w:keepNext />").count();
    assert!(keep >= 1 + 6 + 5, "title, six headings, five sub-headings keep with the next: {keep}");
    let title_end = xml.find("2021年政府信息公开工作年度报告").unwrap_or_else(|| panic!("no title"));
    let organ_end = xml.find("阜新市煤炭工业转型发展局</w:t>").unwrap_or_else(|| panic!("no organ"));
    assert!(
        organ_end < title_end && xml[organ_end..title_end].contains("<w:br "),
        "the title breaks after the organ"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap_or_else(|e| panic!("{e}"));
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut core)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(core.contains("<dc:creator>阜新市煤炭工业转型发展局</dc:creator>"), "{core}");
    assert!(!core.contains("1970-01-01") && !core.contains("unknown"), "{core}");
    // And the importer still reads the title's organ and year.
    let back = nianbao::import::import_bytes(&docx).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.report.organ(), r.organ());
    assert_eq!(back.report.year(), r.year());
}
