//! `review`: the office that collects the reports checks a folder of them
//! at once — every report judged as `check` judges it, paired with last
//! year's, the roster's missing organs and the duplicates listed, the
//! total summed — as text, JSON, or one HTML page.

use crate::review::messages::{Column as C, head};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::messages as say;
use crate::i18n::Lang;
use crate::import::{ImportError, Imported};
use crate::review::{self, Entry, Review};
use crate::text::{self, Align, Ambiguous};

use super::check::JSON_VERSION;
use super::{EXIT_UNUSABLE, OutputFormat, fail, lock_for_writing, out};

/// What `review` was asked.
pub struct Request<'a> {
    pub dirs: &'a [PathBuf],
    pub previous: Option<&'a Path>,
    pub roster: Option<&'a Path>,
    pub output: Option<&'a Path>,
    /// `None`: not asked for (the overview screen in a terminal).
    pub format: Option<OutputFormat>,
    pub sum: Option<&'a Path>,
    pub width: crate::tui::WidthChoice,
}

/// A published form read in a child process under limits (in process when
/// this program's binary cannot be found).
fn reader() -> impl Fn(&[u8]) -> Result<Imported, ImportError> + Sync {
    let exe = std::env::current_exe().ok();
    move |bytes: &[u8]| match &exe {
        Some(exe) => crate::import::import_isolated(bytes, exe),
        None => crate::import::import_bytes(bytes),
    }
}

fn roster_of(path: &Path, lang: Lang) -> Result<Vec<String>, u8> {
    let bytes = crate::io::read_input(path, 1 << 20).map_err(|e| fail(&e, lang))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => encoding_rs::GB18030.decode(e.as_bytes()).0.into_owned(),
    };
    Ok(review::roster(&text))
}

pub(super) fn cmd_review(req: &Request<'_>, lang: Lang) -> u8 {
    let files = match review::files_in(req.dirs) {
        Ok(f) => f,
        Err((dir, e)) => {
            eprintln!("nianbao: {}: {}", crate::sanitize::path(&dir), crate::i18n::os_error(&e, lang));
            return EXIT_UNUSABLE;
        }
    };
    if files.is_empty() {
        let dirs: Vec<String> = req.dirs.iter().map(|d| crate::sanitize::path(d)).collect();
        eprintln!("nianbao: {}: {}", dirs.join(", "), say::no_report_files(lang));
        return EXIT_UNUSABLE;
    }
    let previous = match req.previous.map(|p| review::files_in(&[p.to_owned()])).transpose() {
        Ok(p) => p.unwrap_or_default(),
        Err((dir, e)) => {
            eprintln!("nianbao: {}: {}", crate::sanitize::path(&dir), crate::i18n::os_error(&e, lang));
            return EXIT_UNUSABLE;
        }
    };
    let roster = match req.roster.map(|r| roster_of(r, lang)).transpose() {
        Ok(r) => r.unwrap_or_default(),
        Err(status) => return status,
    };
    let read = reader();
    let r = review::review(&files, &previous, &roster, &read, lang);
    let mut status = crate::exit::of_review(&r);
    // The sum worked out once, for the draft, the page, the table and the
    // JSON alike.
    let totals = review::totals(&r);
    if let Some(path) = req.sum
        && let Some(s) = write_sum(totals.sum.as_ref(), path, lang)
    {
        status = status.max(s);
    }
    if let Some(path) = req.output {
        let page = crate::review::html::page(&r, &totals, lang);
        match crate::io::write_output(path, page.as_bytes(), None) {
            Ok(()) => eprintln!("{}{}", say::written(lang), crate::sanitize::path(path)),
            Err(e) => return fail(&e, lang),
        }
    }
    match req.format {
        Some(OutputFormat::Json) => out(&format!("{}\n", json(&r, &totals, lang))),
        None if req.output.is_none() && req.sum.is_none() && crate::tui::desk::interactive() => {
            let ctx = crate::tui::desk::Context { reader: &read, lang, width: req.width };
            return crate::tui::desk::run(r, &ctx);
        }
        Some(OutputFormat::Text) | None => out(&text_table(&r, &totals, lang)),
    }
    status
}

/// The total written as a new draft; `Some(status)` when it could not be.
fn write_sum(total: Option<&crate::model::Report>, path: &Path, lang: Lang) -> Option<u8> {
    let Some(total) = total else {
        eprintln!("nianbao: {}", say::nothing_to_sum(lang));
        return Some(EXIT_UNUSABLE);
    };
    let _lock = match lock_for_writing(path, lang) {
        Ok(l) => l,
        Err(s) => return Some(s),
    };
    crate::io::create(path, total).err().map(|e| fail(&e, lang))
}

fn file_name(e: &Entry) -> String {
    e.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The review as a table in the terminal's columns, then what is missing,
/// sent twice or unsure.
fn text_table(r: &Review, t: &review::Totals, lang: Lang) -> String {
    let mode = Ambiguous::Narrow;
    let mut s = String::new();
    let heads = [C::Organ, C::Form, C::Status, C::Errors, C::Warnings, C::Requests, C::Change, C::File]
        .map(|c| head(c, lang, true));
    let rows: Vec<[String; 8]> = r
        .entries
        .iter()
        .map(|e| {
            [
                crate::sanitize::visible_inline(e.organ()).into_owned(),
                e.form.name().to_owned(),
                e.status().label(lang).to_owned(),
                e.errors().to_string(),
                e.warnings().to_string(),
                e.requests_new().map(|n| n.to_string()).unwrap_or_default(),
                review::change(r, e).map(|d| format!("{d:+}")).unwrap_or_default(),
                crate::sanitize::visible_inline(&file_name(e)).into_owned(),
            ]
        })
        .collect();
    let total_row = [
        say::total(lang).to_owned(),
        String::new(),
        say::summed_count(lang, t.summed),
        t.errors.to_string(),
        t.warnings.to_string(),
        t.requests_new.map(|n| n.to_string()).unwrap_or_default(),
        t.change.map(|d| format!("{d:+}")).unwrap_or_default(),
        String::new(),
    ];
    let mut widths: Vec<usize> = heads.iter().map(|h| text::width(h, mode)).collect();
    for row in rows.iter().chain(std::iter::once(&total_row)) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(text::width(cell, mode)).min(30);
        }
    }
    let line = |cells: &[&str]| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let align = if (3..=6).contains(&i) { Align::Right } else { Align::Left };
            let cut = text::truncate(cell, *w, mode);
            l.push_str(&text::pad(&cut, *w, align, mode));
            l.push_str("  ");
        }
        l.trim_end().to_owned()
    };
    let _ = writeln!(s, "{}", line(&heads));
    for row in rows.iter().chain(std::iter::once(&total_row)) {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        let _ = writeln!(s, "{}", line(&cells));
    }
    for e in r.entries.iter().filter(|e| e.unreadable.is_some()) {
        let _ = writeln!(s, "{}", crate::sanitize::visible(e.unreadable.as_deref().unwrap_or("")));
    }
    let read = r.entries.iter().filter(|e| e.report.is_some()).count();
    let _ = writeln!(s, "{}", say::reports_read(lang, r.entries.len(), read));
    for line in review::findings(r, lang) {
        let _ = writeln!(s, "{}", crate::sanitize::visible_inline(&line));
    }
    s
}

/// The review as the JSON object `SPEC.md` gives.
fn json(r: &Review, totals: &review::Totals, lang: Lang) -> serde_json::Value {
    use crate::i18n::Localize as _;
    let reports: Vec<serde_json::Value> = r
        .entries
        .iter()
        .map(|e| {
            let cross: Vec<serde_json::Value> = e
                .cross_year()
                .map(|d| {
                    serde_json::json!({
                        "rule": d.rule,
                        "cell": d.address(),
                        "this": d.found,
                        "last": d.expected,
                    })
                })
                .collect();
            let mut problems: Vec<serde_json::Value> = e
                .diagnostics
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "severity": crate::i18n::severity_word(d.severity, Lang::En),
                        "rule": d.rule,
                        "cell": d.address(),
                        "expected": d.expected,
                        "found": d.found,
                        "message": d.message(lang),
                    })
                })
                .collect();
            problems.extend(e.notes.iter().map(|n| serde_json::json!({ "note": n })));
            serde_json::json!({
                "file": e.file.display().to_string(),
                "organ": e.report.as_ref().map(|rep| rep.organ().to_owned()),
                "year": e.report.as_ref().and_then(crate::model::Report::year),
                "form": e.form.name(),
                "status": e.status().name(),
                "errors": e.errors(),
                "warnings": e.warnings(),
                "requests_new": e.requests_new(),
                "change": review::change(r, e),
                "previous": e.previous.and_then(|i| r.previous.get(i)).map(|p| p.file.display().to_string()),
                "cross_year": cross,
                "problems": problems,
                "error": e.unreadable,
            })
        })
        .collect();
    let duplicates: Vec<Vec<String>> = r
        .duplicates
        .iter()
        .map(|g| g.iter().filter_map(|&i| r.entries.get(i)).map(|e| e.file.display().to_string()).collect())
        .collect();
    let unsure: Vec<serde_json::Value> =
        r.unsure.iter().map(|(name, alike)| serde_json::json!({ "name": name, "alike": alike })).collect();
    let total = totals.sum.as_ref().map(|t| {
        let s = crate::format::schema();
        let value = |row: &str| {
            s.cell(&crate::format::REQUESTS, row, "total").and_then(|id| match t.get(id) {
                crate::model::Value::Count(n) => *n,
                _ => None,
            })
        };
        serde_json::json!({
            "year": t.year(),
            "requests_new": value("new"),
            "carried_in": value("carried_in"),
            "outcome_total": value("outcome_total"),
            "carried_out": value("carried_out"),
        })
    });
    serde_json::json!({
        "json_version": JSON_VERSION,
        "totals": {
            "summed": totals.summed,
            "errors": totals.errors,
            "warnings": totals.warnings,
            "requests_new": totals.requests_new,
            "change": totals.change,
        },
        "reports": reports,
        "missing": r.missing,
        "duplicates": duplicates,
        "unsure": unsure,
        "total": total,
    })
}
