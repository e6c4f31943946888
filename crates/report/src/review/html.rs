//! The review as one self-contained page for the office and its leaders:
//! counts at the top, the table of reports with status colours, each
//! report's problems in plain words, and charts drawn as inline SVG
//! (requests received per organ, outcomes by category, change from last
//! year). No script, no network, A4 print styles.

use super::messages::{Column as C, head};
use std::fmt::Write as _;

use super::{Entry, Review, Status};
use crate::export::html::escape;
use crate::format;
use crate::i18n::Lang;
use crate::model::{Report, Value};

const STYLE: &str = "\
body{font-family:\"Microsoft YaHei\",\"PingFang SC\",\"Noto Sans CJK SC\",\"WenQuanYi Zen Hei\",sans-serif;font-size:14px;line-height:1.6;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#111}
h1{font-size:22px;margin:.2em 0}
h2{font-size:17px;margin:1.4em 0 .4em;border-bottom:1px solid #999}
.counts{display:flex;flex-wrap:wrap;gap:.6em;margin:.8em 0}
.count{border:1px solid #999;border-radius:4px;padding:.3em .9em;min-width:6em;text-align:center}
.count b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.ok td.s{background:#dff0d8}
tr.warnings td.s{background:#fcf8e3}
tr.errors td.s,tr.unreadable td.s{background:#f2dede}
tr.incomplete td.s{background:#fbe5c8}
tr.total td{border-top:2px solid #333}
.problems li{margin:.1em 0}
.problems .error{color:#a00}
.chart{margin:.5em 0}
.muted{color:#666}
.scroll{overflow-x:auto}
@page{size:A4;margin:1.5cm}
@media print{body{margin:0;max-width:none;font-size:11px}.scroll{overflow:visible}tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}h2{break-after:avoid}}
";

/// The page, in `lang`, with the total row `totals` ([`super::totals`]).
#[must_use]
pub fn page(review: &Review, totals: &super::Totals, lang: Lang) -> String {
    let mut h = String::new();
    let title = lang.pick("政府信息公开工作年度报告审核汇总", "Annual report review");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        lang.pick("zh-CN", "en")
    );
    counts(&mut h, review, lang);
    table(&mut h, review, totals, lang);
    lists(&mut h, review, lang);
    charts(&mut h, review, lang);
    problems(&mut h, review, lang);
    h.push_str("</body>\n</html>\n");
    h
}

fn counts(h: &mut String, review: &Review, lang: Lang) {
    let n = |s: &[Status]| review.entries.iter().filter(|e| s.contains(&e.status())).count();
    let items = [
        (lang.pick("收到", "received"), review.entries.len()),
        (lang.pick("通过", "clean"), n(&[Status::Ok, Status::Warnings])),
        (lang.pick("有错误", "with errors"), n(&[Status::Errors])),
        (
            lang.pick("不完整或无法读取", "incomplete or unreadable"),
            n(&[Status::Incomplete, Status::Unreadable]),
        ),
        (lang.pick("未报送", "missing"), review.missing.len()),
        (lang.pick("重复报送", "sent twice"), review.duplicates.len()),
    ];
    h.push_str("<div class=\"counts\">\n");
    for (label, value) in items {
        let _ = writeln!(h, "<div class=\"count\"><b>{value}</b>{label}</div>");
    }
    h.push_str("</div>\n");
}

fn table(h: &mut String, review: &Review, t: &super::Totals, lang: Lang) {
    let heads = [C::Organ, C::File, C::Form, C::Status, C::Errors, C::Warnings, C::Requests, C::Change]
        .map(|c| head(c, lang, false));
    let _ = write!(
        h,
        "<h2>{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr>",
        lang.pick("报告一览", "Reports")
    );
    for t in heads {
        let _ = write!(h, "<th>{t}</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for e in &review.entries {
        let s = e.status();
        let organ = if e.organ().is_empty() { lang.pick("（未知）", "(unknown)") } else { e.organ() };
        let file = e.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let requests = e.requests_new().map(|n| n.to_string()).unwrap_or_default();
        let delta = super::change(review, e).map(|d| format!("{d:+}")).unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"s\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            s.name(),
            escape(organ),
            escape(&file),
            e.form.name(),
            s.label(lang),
            e.errors(),
            e.warnings(),
            requests,
            delta
        );
    }
    let _ = writeln!(
        h,
        "<tr class=\"total\"><td><b>{}</b></td><td colspan=\"3\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        lang.pick("合计", "Total"),
        match lang {
            Lang::Zh => format!("{} 份可读报告（同一机关只计一次）", t.summed),
            Lang::En => format!("{} readable reports (each organ once)", t.summed),
        },
        t.errors,
        t.warnings,
        t.requests_new.map(|n| n.to_string()).unwrap_or_default(),
        t.change.map(|d| format!("{d:+}")).unwrap_or_default()
    );
    h.push_str("</tbody>\n</table></div>\n");
}

fn lists(h: &mut String, review: &Review, lang: Lang) {
    if !review.missing.is_empty() {
        let _ = write!(h, "<h2>{}</h2>\n<ul>\n", lang.pick("未报送", "Missing"));
        for m in &review.missing {
            let _ = writeln!(h, "<li>{}</li>", escape(m));
        }
        h.push_str("</ul>\n");
    }
    if !review.duplicates.is_empty() {
        let _ = write!(h, "<h2>{}</h2>\n<ul>\n", lang.pick("同一机关同一年度重复报送", "Sent twice"));
        for g in &review.duplicates {
            let files: Vec<String> = g
                .iter()
                .filter_map(|&i| review.entries.get(i))
                .map(|e| {
                    escape(&e.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
                })
                .collect();
            let organ = g.first().and_then(|&i| review.entries.get(i)).map_or("", Entry::organ);
            let _ = writeln!(h, "<li>{}：{}</li>", escape(organ), files.join("、"));
        }
        h.push_str("</ul>\n");
    }
    if !review.unsure.is_empty() {
        let _ = write!(
            h,
            "<h2>{}</h2>\n<ul>\n",
            lang.pick("名称相近、未自动对应（请人工确认）", "Names alike, not paired (please decide)")
        );
        for (name, alike) in &review.unsure {
            let alike: Vec<String> = alike.iter().map(|a| escape(a)).collect();
            let _ = writeln!(h, "<li>{} ≈ {}</li>", escape(name), alike.join("、"));
        }
        h.push_str("</ul>\n");
    }
}

/// A horizontal bar chart: one bar per (label, value), negative values to
/// the left of a zero line.
fn bars(h: &mut String, title: &str, rows: &[(String, i64)]) {
    if rows.is_empty() {
        return;
    }
    let label_w: i64 = 240;
    let bar_w: i64 = 520;
    let row_h: i64 = 20;
    let height = rows.len() as i64 * row_h + 30;
    let max_pos = rows.iter().map(|r| r.1).max().unwrap_or(0).max(0);
    let max_neg = rows.iter().map(|r| -r.1).max().unwrap_or(0).max(0);
    // Counts are at most 999,999,999 a cell: the products stay far
    // inside i64, and whole pixels are fine for a bar.
    let span = (max_pos + max_neg).max(1);
    let zero = label_w + bar_w * max_neg / span;
    let _ = write!(
        h,
        "<h3>{}</h3>\n<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\" font-size=\"12\">\n<title>{}</title>\n",
        escape(title),
        label_w + bar_w + 60,
        label_w + bar_w + 60,
        escape(title)
    );
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = 20 + i as i64 * row_h;
        let w = bar_w * v.abs() / span;
        let x = if *v < 0 { zero - w } else { zero };
        let colour = if *v < 0 { "#c0504d" } else { "#4f81bd" };
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\">{v}</text>",
            label_w - 6,
            y + 13,
            escape(label),
            y + 3,
            row_h - 6,
            if *v < 0 { zero + 4 } else { zero + w + 4 },
            y + 13
        );
    }
    let _ = writeln!(
        h,
        "<line x1=\"{zero}\" y1=\"16\" x2=\"{zero}\" y2=\"{}\" stroke=\"#333\"/>\n</svg></div>",
        height - 6
    );
}

/// 表三's outcomes, summed over the readable reports, by category.
fn outcomes(reports: &[&Report], lang: Lang) -> Vec<(String, i64)> {
    let s = format::schema();
    let groups: [(&str, &str, &str); 6] = [
        ("granted", "予以公开", "granted"),
        ("partly_granted", "部分公开", "partly granted"),
        ("denied_", "不予公开", "denied"),
        ("unavailable_", "无法提供", "unavailable"),
        ("dismissed_", "不予处理", "not processed"),
        ("other_", "其他处理", "other"),
    ];
    groups
        .iter()
        .map(|(prefix, zh, en)| {
            let total: i64 = format::REQUESTS
                .rows
                .iter()
                .filter(|r| r.key == *prefix || (prefix.ends_with('_') && r.key.starts_with(prefix)))
                .filter_map(|r| s.cell(&format::REQUESTS, r.key, "total"))
                .map(|id| {
                    reports
                        .iter()
                        .map(|rep| match rep.get(id) {
                            Value::Count(Some(n)) => *n as i64,
                            _ => 0,
                        })
                        .sum::<i64>()
                })
                .sum();
            (lang.pick(zh, en).to_owned(), total)
        })
        .collect()
}

fn charts(h: &mut String, review: &Review, lang: Lang) {
    let readable: Vec<&Entry> = review.entries.iter().filter(|e| e.report.is_some()).collect();
    if readable.is_empty() {
        return;
    }
    let _ = writeln!(h, "<h2>{}</h2>", lang.pick("图表", "Charts"));
    let per_organ: Vec<(String, i64)> =
        readable.iter().filter_map(|e| Some((e.organ().to_owned(), e.requests_new()? as i64))).collect();
    bars(h, lang.pick("各机关本年新收申请", "Requests received per organ"), &per_organ);
    let reports: Vec<&Report> = readable.iter().filter_map(|e| e.report.as_ref()).collect();
    bars(h, lang.pick("办理结果（合计）", "Outcomes (all reports)"), &outcomes(&reports, lang));
    let changes: Vec<(String, i64)> =
        readable.iter().filter_map(|e| Some((e.organ().to_owned(), super::change(review, e)?))).collect();
    bars(h, lang.pick("新收申请较上年增减", "Change in requests from last year"), &changes);
}

fn problems(h: &mut String, review: &Review, lang: Lang) {
    let _ = writeln!(h, "<h2>{}</h2>", lang.pick("各报告的问题", "Each report's problems"));
    for e in &review.entries {
        let organ = if e.organ().is_empty() { lang.pick("（未知）", "(unknown)") } else { e.organ() };
        let file = e.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let _ = writeln!(h, "<h3>{} <span class=\"muted\">{}</span></h3>", escape(organ), escape(&file));
        let items = e.problems(lang);
        if items.is_empty() {
            let _ =
                writeln!(h, "<p class=\"muted\">{}</p>", lang.pick("没有发现问题。", "No problems found."));
            continue;
        }
        h.push_str("<ul class=\"problems\">\n");
        for (error, text) in items {
            let _ = writeln!(
                h,
                "<li class=\"{}\">{}</li>",
                if error { "error" } else { "warning" },
                escape(&text)
            );
        }
        h.push_str("</ul>\n");
    }
}
