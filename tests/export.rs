//! Export: the HTML page parsed back (its three tables have the official
//! shape, spans and values), Markdown parsed as GFM, plain text aligned.

use crate::common;

use nianbao::export::{self, Target};
use nianbao::format;
use nianbao::model::{Report, Value};
use nianbao::text::{self, Ambiguous};
use scraper::{ElementRef, Html, Selector};

fn broken() -> Report {
    nianbao::io::load(&common::example("broken-tallies.ron")).unwrap_or_else(|e| panic!("{e}"))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A placed cell: its text, spans, and whether this grid slot is its origin.
#[derive(Clone, Debug)]
struct Slot {
    text: String,
    rowspan: usize,
    colspan: usize,
    origin: bool,
}

/// The HTML table model: each cell occupies rowspan x colspan slots.
fn grid(table: ElementRef) -> Vec<Vec<Option<Slot>>> {
    let mut g: Vec<Vec<Option<Slot>>> = Vec::new();
    for (r, tr) in table.select(&sel("tr")).enumerate() {
        while g.len() <= r {
            g.push(Vec::new());
        }
        let mut c = 0;
        for cell in tr.select(&sel("td, th")) {
            while g[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            let attr = |a: &str| cell.value().attr(a).and_then(|v| v.parse().ok()).unwrap_or(1usize);
            let (rs, cs) = (attr("rowspan"), attr("colspan"));
            let text: String = cell.text().collect::<String>().trim().to_owned();
            for dr in 0..rs {
                while g.len() <= r + dr {
                    g.push(Vec::new());
                }
                for dc in 0..cs {
                    let row = &mut g[r + dr];
                    while row.len() <= c + dc {
                        row.push(None);
                    }
                    row[c + dc] = Some(Slot {
                        text: text.clone(),
                        rowspan: rs,
                        colspan: cs,
                        origin: dr == 0 && dc == 0,
                    });
                }
            }
            c += cs;
        }
    }
    g
}

fn find<'a>(g: &'a [Vec<Option<Slot>>], text: &str) -> &'a Slot {
    g.iter()
        .flatten()
        .flatten()
        .find(|s| s.origin && s.text == text)
        .unwrap_or_else(|| panic!("no cell {text:?}"))
}

fn text_at(g: &[Vec<Option<Slot>>], r: usize, c: usize) -> String {
    g.get(r).and_then(|row| row.get(c)).cloned().flatten().map(|s| s.text).unwrap_or_default()
}

#[test]
fn html_tables_have_the_official_shape_spans_and_values() {
    let report = broken();
    let doc = Html::parse_document(&export::render(&report, Target::Html));
    let tables: Vec<ElementRef> = doc.select(&sel("table")).collect();
    assert_eq!(tables.len(), 3);
    let s = format::schema();
    // What the draft holds (every cell of these tables is filled in the
    // example), not the exporter's own formatting of it.
    let value =
        |address: &str| report.get(s.lookup(address).unwrap_or_else(|| panic!("{address}"))).display();

    // 表三: 3 header rows + 25 rows, 3 label columns + 7 value columns.
    let g = grid(tables[1]);
    assert_eq!(g.len(), 28);
    assert!(g.iter().all(|row| row.len() == 10), "every row is 10 slots wide");
    let corner = find(&g, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    assert_eq!((corner.rowspan, corner.colspan), (3, 3));
    for (text, rs, cs) in [
        ("申请人情况", 1, 7),
        ("自然人", 2, 1),
        ("法人或其他组织", 1, 5),
        ("总计", 2, 1),
        ("三、本年度办理结果", 22, 1),
        ("（三）不予公开", 8, 1),
        ("（四）无法提供", 3, 1),
        ("（五）不予处理", 5, 1),
        ("（六）其他处理", 3, 1),
        ("一、本年新收政府信息公开申请数量", 1, 3),
        ("（一）予以公开", 1, 2),
        ("（七）总计", 1, 2),
        ("1.属于国家秘密", 1, 1),
    ] {
        let cell = find(&g, text);
        assert_eq!((cell.rowspan, cell.colspan), (rs, cs), "{text}");
    }
    let cols = format::REQUESTS.uniform_columns().unwrap_or(&[]);
    for (r, row) in format::REQUESTS.rows.iter().enumerate() {
        assert_eq!(text_at(&g, 3 + r, 2), row.label, "label of row {r}");
        for (c, col) in cols.iter().enumerate() {
            let address = format!("requests.{}.{}", row.key, col.key);
            assert_eq!(text_at(&g, 3 + r, 3 + c), value(&address), "{address}");
        }
    }
    assert_eq!(text_at(&g, 5, 10 - 1), "12", "予以公开 / 总计 as written, errors and all");

    // 表四: 3 header rows + 1 data row, 15 columns in 3 groups.
    let g = grid(tables[2]);
    assert_eq!(g.len(), 4);
    assert!(g.iter().all(|row| row.len() == 15));
    for (text, rs, cs) in
        [("行政复议", 1, 5), ("行政诉讼", 1, 10), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
    {
        let cell = find(&g, text);
        assert_eq!((cell.rowspan, cell.colspan), (rs, cs), "{text}");
    }
    assert_eq!(g[1][0].as_ref().map(|s| (s.text.as_str(), s.rowspan)), Some(("结果维持", 2)));
    for (gi, group) in format::APPEALS.rows.iter().enumerate() {
        for (c, col) in group.columns.iter().enumerate() {
            assert_eq!(text_at(&g, 3, gi * 5 + c), value(&format!("appeals.{}.{}", group.key, col.key)));
        }
    }

    // 表二: item lines span the table; one-value rows span three columns.
    let g = grid(tables[0]);
    assert_eq!(g.len(), 4 * 2 + 6);
    assert!(g.iter().all(|row| row.len() == 4));
    assert_eq!(find(&g, "第二十条第（一）项").colspan, 4);
    assert_eq!(find(&g, "本年处理决定数量").colspan, 3);
    let r = g.iter().position(|row| text_at(std::slice::from_ref(row), 0, 0) == "行政许可").unwrap_or(0);
    assert_eq!(
        g[r][1].as_ref().map(|s| (s.text.clone(), s.colspan)),
        Some((value("proactive.licensing.decisions"), 3))
    );
    let r =
        g.iter().position(|row| text_at(std::slice::from_ref(row), 0, 0) == "行政规范性文件").unwrap_or(0);
    assert_eq!(text_at(&g, r, 3), value("proactive.normative_docs.in_force"));
}

#[test]
fn html_is_escaped_and_complete() {
    let mut report = broken();
    report.set(common::id("meta.organ"), Value::Text("<script>alert(1)</script>&局".to_owned()));
    report.set(common::id("problems"), Value::Text("a < b & “c”\n第二段".to_owned()));
    let html = export::render(&report, Target::Html);
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;局"));
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("h2")).count(), 6);
    let paragraphs: Vec<String> = doc.select(&sel("p")).map(|p| p.text().collect()).collect();
    assert!(paragraphs.contains(&"a < b & “c”".to_owned()));
    assert!(paragraphs.contains(&"第二段".to_owned()));
    assert!(html.contains("@page{size:A4"), "print CSS");
}

#[test]
fn markdown_tables_are_valid_gfm_with_flattened_labels() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let report = broken();
    let md = export::render(&report, Target::Md);
    let mut tables = Vec::new();
    let mut cells_in_row = 0;
    let mut rows: Vec<usize> = Vec::new();
    let mut current = String::new();
    let mut texts: Vec<String> = Vec::new();
    for ev in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Table(_)) => rows.clear(),
            Event::End(TagEnd::Table) => tables.push(rows.clone()),
            Event::Start(Tag::TableRow | Tag::TableHead) => cells_in_row = 0,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => rows.push(cells_in_row),
            Event::Start(Tag::TableCell) => current.clear(),
            Event::End(TagEnd::TableCell) => {
                cells_in_row += 1;
                texts.push(current.clone());
            }
            Event::Text(t) => current.push_str(&t),
            _ => {}
        }
    }
    // 表二 as four small tables (one per item), then 表三 and 表四.
    assert_eq!(tables.len(), 6, "{tables:?}");
    assert_eq!(tables[4], vec![8; 26], "表三: header + 25 rows of 8 cells");
    assert_eq!(tables[5], vec![15, 15], "表四: header + one row of 15 cells");
    assert!(texts.contains(&"三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密".to_owned()));
    assert!(texts.contains(&"行政诉讼 / 未经复议直接起诉 / 结果维持".to_owned()));
}

#[test]
fn plain_text_tables_align_by_display_width() {
    for name in ["fuxin-2021.ron", "broken-tallies.ron"] {
        let report = nianbao::io::load(&common::example(name)).unwrap_or_else(|e| panic!("{e}"));
        let txt = export::render(&report, Target::Txt);
        let mut tables: Vec<Vec<&str>> = Vec::new();
        let mut previous_was_table = false;
        for line in txt.lines() {
            let table_line = line.starts_with('+') || line.starts_with('|');
            if table_line && !previous_was_table {
                tables.push(Vec::new());
            }
            if table_line && let Some(t) = tables.last_mut() {
                t.push(line);
            }
            previous_was_table = table_line;
        }
        assert_eq!(tables.len(), 3, "{name}");
        for t in &tables {
            let w = text::width(t[0], Ambiguous::Narrow);
            for line in t {
                assert_eq!(text::width(line, Ambiguous::Narrow), w, "{name}: {line}");
            }
        }
        // Paragraph lines fit the text width.
        for line in txt.lines().filter(|l| !l.starts_with(['+', '|'])) {
            assert!(text::width(line, Ambiguous::Narrow) <= export::txt::TEXT_WIDTH, "{line}");
        }
    }
}

#[test]
fn export_refuses_tally_errors_unless_forced_and_lists_empty_cells() {
    use std::process::Command;
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let example = common::example("broken-tallies.ron");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("r.html");
    let args = |extra: &[&str]| {
        let mut v = vec![
            "--lang",
            "en",
            "export",
            example.to_str().unwrap_or(""),
            "--to",
            "html",
            "-o",
            out.to_str().unwrap_or(""),
        ];
        v.extend_from_slice(extra);
        Command::new(bin).args(v).output().unwrap_or_else(|e| panic!("{e}"))
    };
    let o = args(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("requests.granted.total") && err.contains("9 tally errors"), "{err}");
    assert!(!out.exists());
    let o = args(&["--force"]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "exported as 0: proactive.rules.issued, proactive.rules.repealed, proactive.rules.in_force"
        ),
        "{err}"
    );
    let html = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // A clean report exports without --force, to standard output.
    let o = Command::new(bin)
        .args(["export", common::example("fuxin-2021.ron").to_str().unwrap_or(""), "--to", "md"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("# 阜新市煤炭工业转型发展局2021年政府信息公开工作年度报告")
    );
}

/// An empty count and an empty fee are published as a literal 0 in every
/// format (the official tables have no blank cells).
#[test]
fn empty_cells_are_written_as_0_in_every_format() {
    let mut report = nianbao::model::Report::draft("某局", 2024);
    let s = format::schema();
    for (address, v) in [("proactive.licensing.decisions", "7"), ("proactive.penalty.decisions", "")] {
        let id = s.lookup(address).unwrap_or_else(|| panic!("{address}"));
        report.set(
            id,
            nianbao::model::parse_value(format::Kind::Count, v, false).unwrap_or_else(|e| panic!("{e}")),
        );
    }
    assert!(report.get(s.lookup("proactive.fees.amount").unwrap_or(0)).is_empty());
    let txt = export::render(&report, Target::Txt);
    let line = |text: &str, label: &str| text.lines().find(|l| l.contains(label)).unwrap_or("").to_owned();
    assert!(line(&txt, "|行政许可").trim_end_matches('|').trim_end().ends_with('7'), "{txt}");
    assert!(
        line(&txt, "|行政处罚").trim_end_matches('|').trim_end().ends_with('0'),
        "{}",
        line(&txt, "|行政处罚")
    );
    assert!(line(&txt, "|行政事业性收费").trim_end_matches('|').trim_end().ends_with('0'), "{txt}");
    let md = export::render(&report, Target::Md);
    assert_eq!(line(&md, "| 行政处罚 |"), "| 行政处罚 | 0 |");
    assert_eq!(line(&md, "| 行政事业性收费 |"), "| 行政事业性收费 | 0 |");
    let html = export::render(&report, Target::Html);
    let doc = Html::parse_document(&html);
    let row_of = |label: &str| {
        doc.select(&sel("tr"))
            .find(|tr| tr.text().any(|t| t == label))
            .map(|tr| tr.select(&sel("td")).map(|td| td.text().collect::<String>()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert_eq!(row_of("行政处罚").last().map(String::as_str), Some("0"), "{:?}", row_of("行政处罚"));
    assert_eq!(row_of("行政事业性收费").last().map(String::as_str), Some("0"));
}

/// Print and phone: headings stay with what follows them and the 落款 with
/// the text before it on paper; on a narrow screen a table scrolls in its
/// own box instead of the page running off the screen.
#[test]
fn html_keeps_headings_with_their_text_and_tables_in_scroll_boxes() {
    let html = export::render(&broken(), Target::Html);
    let doc = Html::parse_document(&html);
    let tables: Vec<ElementRef> = doc.select(&sel("table")).collect();
    assert_eq!(tables.len(), 3);
    for t in &tables {
        let parent =
            t.parent().and_then(ElementRef::wrap).map(|p| p.value().attr("class").unwrap_or("").to_owned());
        assert_eq!(parent.as_deref(), Some("scroll"), "each table in a scroll box");
    }
    let css: String = doc.select(&sel("style")).flat_map(|s| s.text()).collect();
    assert!(css.contains(".scroll{overflow-x:auto"), "{css}");
    assert!(css.contains("h1,h2,h3{break-after:avoid"), "{css}");
    assert!(css.contains(".signature{break-before:avoid"), "{css}");
}
