//! Import across the layouts offices have, on synthetic reports where the
//! right answer is known: each table rendered with `|`, tabs, runs of
//! spaces or as HTML with cells in `<p>`, headings numbered differently,
//! labels printed with the variants seen in real reports. Also the label
//! matching rules one by one, a Word file filled from the official blank
//! template, and the command's exit codes and JSON summary.

// The renderer below builds documents with `+= &format!` for readability;
// its speed does not matter.
#![allow(clippy::format_push_string, clippy::single_match_else)]

use crate::common;

use common::id;
use nianbao::format::{self, APPEALS, PROACTIVE, REQUESTS, Table};
use nianbao::import::{self, Note};
use nianbao::model::{Report, Value};
use proptest::prelude::*;

/// A row label as reports print it: item numbers with `、` or `．`,
/// half-width brackets, a space after the number, 规范性文件 for short.
fn variant(label: &str, style: u8) -> String {
    let mut l = label.to_owned();
    if style & 1 != 0 {
        l = l.replacen('.', "、", 1);
    }
    if style & 2 != 0 {
        l = l.replace('（', "(").replace('）', ")");
    }
    if style & 4 != 0 {
        l = l.replacen('.', "． ", 1);
    }
    if style & 8 != 0 && l == "行政规范性文件" {
        "规范性文件".clone_into(&mut l);
    }
    l
}

#[derive(Debug, Clone, Copy)]
enum Layout {
    Pipe,
    Tab,
    Space,
    Html,
    /// Every cell on its own line: a PDF viewer's or WPS's copy,
    /// `pdftotext` without `-layout`.
    Lines,
}

/// The rows of a table as (printed label, values).
fn rows(r: &Report, t: &'static Table, style: u8) -> Vec<(String, Vec<String>)> {
    let s = format::schema();
    t.rows
        .iter()
        .enumerate()
        .map(|(ri, row)| {
            // Group labels printed before the row's own, as in merged cells.
            let group =
                row.path.last().filter(|g| g.starts_with('（')).map(|g| format!("{g} ")).unwrap_or_default();
            let label = format!("{group}{}", variant(row.label, style));
            let values = (0..row.columns.len()).map(|ci| r.get(s.cell_id(t, ri, ci)).display()).collect();
            (label, values)
        })
        .collect()
}

fn render(r: &Report, layout: Layout, style: u8, headings: [&str; 6]) -> String {
    let mut out = String::from("测试局2024年政府信息公开工作年度报告\n本报告根据条例编制。\n");
    let text = |a: &str| r.get(id(a)).display();
    out += &format!(
        "{}\n（一）主动公开\n{}\n（二）依申请公开\n{}\n",
        headings[0],
        text("overview.proactive"),
        text("overview.on_request")
    );
    for (i, t) in [&PROACTIVE, &REQUESTS, &APPEALS].into_iter().enumerate() {
        out += headings[i + 1];
        out.push('\n');
        let rows = rows(r, t, style);
        match layout {
            Layout::Html => {
                out += "<table><tbody>\n";
                for (label, values) in rows {
                    out += &format!("<tr><td><p>{label}</p></td>");
                    for v in values {
                        out += &format!("<td><p>{v}</p></td>");
                    }
                    out += "</tr>\n";
                }
                out += "</tbody></table>\n";
            }
            Layout::Lines => {
                for (label, values) in rows {
                    out += &format!("{label}\n");
                    for v in values {
                        out += &format!("{v}\n");
                    }
                }
            }
            _ => {
                let sep = match layout {
                    Layout::Pipe => " | ",
                    Layout::Tab => "\t",
                    _ => " ",
                };
                for (label, values) in rows {
                    out += &format!("{label}{sep}{}\n", values.join(sep));
                }
            }
        }
    }
    out += &format!("{}\n{}\n{}\n{}\n", headings[4], text("problems"), headings[5], text("other_matters"));
    if matches!(layout, Layout::Html) {
        let body: String = out
            .lines()
            .map(|l| if l.starts_with('<') { format!("{l}\n") } else { format!("<p>{l}</p>\n") })
            .collect();
        return format!("<html><body>{body}</body></html>");
    }
    out
}

fn arb_report() -> impl Strategy<Value = Report> {
    (proptest::collection::vec(0u64..100_000, 200), 0u64..1_000_000, 0u64..100).prop_map(
        |(counts, yuan, frac)| {
            let mut r = Report::draft("测试局", 2024);
            let s = format::schema();
            let mut it = counts.into_iter();
            for i in Report::table_cells() {
                let v = match s.fields[i].kind {
                    format::Kind::Amount => {
                        nianbao::model::parse_value(format::Kind::Amount, &format!("{yuan}.{frac:02}"), false)
                            .unwrap_or(Value::Amount(None))
                    }
                    _ => Value::Count(it.next()),
                };
                r.set(i, v);
            }
            r.set(id("overview.proactive"), Value::Text("全年主动公开信息100条。".into()));
            r.set(id("overview.on_request"), Value::Text("全年共收到申请若干件。".into()));
            r.set(id("problems"), Value::Text("存在的问题是培训不足。".into()));
            r.set(id("other_matters"), Value::Text("本年未收取信息处理费。".into()));
            r
        },
    )
}

const HEADINGS: [[&str; 6]; 2] = [
    [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ],
    // An agency's own outline: the tables' headings numbered otherwise.
    [
        "一、总体情况",
        "（一）主动公开政府信息情况",
        "2.收到和处理政府信息公开申请情况",
        "第三部分 行政复议、行政诉讼",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ],
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_layout_imports_back_to_the_same_tables(
        r in arb_report(),
        layout in prop_oneof![Just(Layout::Pipe), Just(Layout::Tab), Just(Layout::Space), Just(Layout::Html), Just(Layout::Lines)],
        style in 0u8..16,
        outline in 0usize..2,
    ) {
        let text = render(&r, layout, style, HEADINGS[outline]);
        let back = import::import(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        for i in Report::table_cells() {
            prop_assert_eq!(back.report.get(i), r.get(i), "{} in {:?} style {}:\n{}", format::schema().fields[i].address, layout, style, text);
        }
        prop_assert!(back.complete(), "{:?}", back.notes);
        prop_assert_eq!(back.report.get(id("problems")), r.get(id("problems")));
        prop_assert_eq!(back.report.get(id("other_matters")), r.get(id("other_matters")));
    }
}

/// Label variants seen in real reports, each to its address; a label
/// equally close to two rows goes to neither and is reported.
#[test]
fn label_variants_map_to_the_right_row() {
    let cases: &[(&str, Option<&str>)] = &[
        ("1、属于国家秘密 1 0 0 0 0 0 1", Some("requests.denied_state_secret")),
        ("1．属于国家秘密 1 0 0 0 0 0 1", Some("requests.denied_state_secret")),
        ("（三）不予公开 1.属于国家秘密 1 0 0 0 0 0 1", Some("requests.denied_state_secret")),
        ("2.其他法律行政止公开 1 0 0 0 0 0 1", Some("requests.denied_prohibited_by_law")),
        ("3.危及\"三安全一稳定\" 1 0 0 0 0 0 1", Some("requests.denied_security_stability")),
        ("(一)予以公开 1 0 0 0 0 0 1", Some("requests.granted")),
        ("规范性文件 1 0 1", Some("proactive.normative_docs")),
        ("（六）其他处理 1 0 0 0 0 0 1", Some("requests.other_misc")),
        (
            "1.申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1",
            Some("requests.other_no_correction"),
        ),
    ];
    for &(line, want) in cases {
        let text = format!("一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n{line}\n");
        let imported = import::import(&text).unwrap_or_else(|e| panic!("{line}: {e}"));
        let r = &imported.report;
        let placed: Vec<&str> = format::schema()
            .fields
            .iter()
            .enumerate()
            .filter(|(i, f)| {
                !r.get(*i).is_empty() && f.address.starts_with(['r', 'p']) && f.address != "preamble"
            })
            .map(|(_, f)| f.address.as_str())
            .collect();
        match want {
            Some(row) => assert!(
                !placed.is_empty() && placed.iter().all(|a| a.starts_with(&format!("{row}."))),
                "{line}: placed {placed:?}, notes {:?}",
                imported.notes
            ),
            None => assert!(placed.is_empty(), "{line}: {placed:?}"),
        }
    }
    // A label far from every row is listed, not guessed.
    let imported = import::import(
        "一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n9.完全不同的一行 1 0 0 0 0 0 1\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.notes.iter().any(|n| matches!(n, Note::UnplacedLine { .. })), "{:?}", imported.notes);
}

#[test]
fn a_label_equally_close_to_two_rows_is_reported_not_guessed() {
    // One character away from both 行政许可 and 行政处罚.
    let imported =
        import::import("一、总体情况\n正文。\n二、主动公开\n行政许罚 5\n").unwrap_or_else(|e| panic!("{e}"));
    let penalty = imported.report.get(id("proactive.penalty.decisions")).display();
    let licensing = imported.report.get(id("proactive.licensing.decisions")).display();
    assert!(penalty.is_empty() && licensing.is_empty(), "guessed: {penalty} {licensing}");
    assert!(
        imported.notes.iter().any(|n| matches!(n, Note::Ambiguous { candidates, .. } if candidates.contains(&"行政处罚") && candidates.contains(&"行政许可"))),
        "{:?}",
        imported.notes
    );
}

/// The official blank template, filled in the way an office fills it in
/// Word (numbers typed into the empty cells, text over the placeholders),
/// imports back to exactly the numbers typed.
#[test]
fn a_word_file_filled_from_the_official_template_imports_exactly() {
    use std::io::{Read, Write};
    let template =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/official-template-2021.docx");
    let bytes = std::fs::read(&template).unwrap_or_else(|e| panic!("{e}"));
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let expected = common::sample();
    let s = format::schema();
    let mut values = Report::table_cells().map(|i| expected.get(i).display());
    let mut xml = String::new();
    zin.by_name("word/document.xml")
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut xml)
        .unwrap_or_else(|e| panic!("{e}"));
    // Every empty cell that is not the continuation of a vertical merge is
    // a value cell, in the format's order.
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find("<w:tc>") {
        let end = rest[start..].find("</w:tc>").map_or(rest.len(), |e| start + e + "</w:tc>".len());
        out.push_str(&rest[..start]);
        let cell = &rest[start..end];
        let texts: String = cell
            .split("<w:t")
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(_, r)| r.split('<').next().unwrap_or("")))
            .collect();
        let continuation = cell.contains("<w:vMerge") && !cell.contains("w:val=\"restart\"");
        if texts.trim().is_empty()
            && !continuation
            && let Some(v) = values.next()
        {
            let cleared: String = cell.replace("　", "");
            let at = cleared.rfind("</w:p>").unwrap_or(cleared.len());
            out.push_str(&cleared[..at]);
            out.push_str(&format!("<w:r><w:t>{v}</w:t></w:r>"));
            out.push_str(&cleared[at..]);
        } else {
            out.push_str(cell);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    assert!(values.next().is_none(), "the template has a cell for every value");
    let filled = out.replacen("（文字描述）", "全年主动公开信息100条。", 1).replacen(
        "（文字描述）",
        "存在的问题是培训不足。",
        1,
    );
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let name = f.name().to_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap_or_else(|e| panic!("{e}"));
        zout.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let data = if name == "word/document.xml" { filled.as_bytes().to_vec() } else { data };
        zout.write_all(&data).unwrap_or_else(|e| panic!("{e}"));
    }
    let docx = zout.finish().unwrap_or_else(|e| panic!("{e}")).into_inner();
    let imported = import::import_bytes(&docx).unwrap_or_else(|e| panic!("{e}"));
    for i in Report::table_cells() {
        assert_eq!(imported.report.get(i), expected.get(i), "{}", s.fields[i].address);
    }
    assert!(imported.complete(), "{:?}", imported.notes);
    assert_eq!(imported.report.get(id("problems")).display(), "存在的问题是培训不足。");
}

#[test]
fn exit_codes_and_the_json_summary() {
    use std::process::Command;
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixture = |n: &str| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(n);
    let run = |src: &std::path::Path, out: &str| {
        Command::new(bin)
            .args([
                "import",
                src.to_str().unwrap_or(""),
                "-o",
                dir.path().join(out).to_str().unwrap_or(""),
                "--format",
                "json",
            ])
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // Complete: 0, and the summary says so.
    let o = run(&fixture("published-2024-huaian-szf.pdf"), "a.ron");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["complete"], true);
    assert_eq!(json["summary"]["tables_found"], 3);
    assert_eq!(json["summary"]["cells_placed"], 200);
    // Written but incomplete: 1, and the notes name what is missing.
    let o = run(&fixture("published-2023-shuyang-fgj.txt"), "b.ron");
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["summary"]["cells_placed"], 75);
    assert!(json["notes"].as_array().is_some_and(|n| {
        n.iter().any(|n| n.as_str().is_some_and(|s| s.contains("requests.new.commercial")))
    }));
    assert!(dir.path().join("b.ron").exists());
    // Nothing usable: 2, nothing written.
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "会议纪要\n今天开会。\n").unwrap_or_else(|e| panic!("{e}"));
    let o = run(&junk, "c.ron");
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("c.ron").exists());
}

/// PDF text: page numbers and a running header on every page are dropped,
/// and a paragraph the page layout wrapped is one paragraph again.
#[test]
fn pdf_page_furniture_is_dropped_and_wrapped_lines_joined() {
    let text = "某市人民政府办公室文件\n某市人民政府\n2024 年政府信息公开工作年度报告\n一、总体情况\n2024年，我市认真落实条例，主动公开\n政府信息 5500余条。\n- 1-\n某市人民政府办公室文件\n二、主动公开政府信息情况\n规章 1 0 11\n行政规范性文件 8 26 66\n- 2 -\n某市人民政府办公室文件\n五、存在的主要问题及改进情况\n培训还需加\n强。\n六、其他需要报告的事项\n未收取信息处理费。\n第 3 页\n";
    let imported = import::import_pdf_text(text).unwrap_or_else(|e| panic!("{e}"));
    let r = &imported.report;
    assert_eq!((r.organ(), r.year()), ("某市人民政府", Some(2024)));
    assert_eq!(r.get(id("overview.lead")).display(), "2024年，我市认真落实条例，主动公开政府信息5500余条。");
    assert_eq!(r.get(id("problems")).display(), "培训还需加强。");
    assert_eq!(r.get(id("other_matters")).display(), "未收取信息处理费。");
    assert_eq!(r.get(id("proactive.normative_docs.repealed")).display(), "26");
    assert!(!r.get(id("preamble")).display().contains("文件"), "{}", r.get(id("preamble")).display());
}
