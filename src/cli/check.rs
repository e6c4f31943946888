//! `check`: each draft judged against the format's rules, in text or
//! JSON, several drafts in parallel, standard input or a folder.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::format::{self, Severity};
use crate::i18n::{self, Lang};
use crate::io::{self, FileError};
use crate::model::Report;
use crate::rules::{self, Diagnostic};

use super::messages as say;
use super::*;

pub(super) fn text_line(d: &Diagnostic, lang: Lang) -> String {
    let mut s = format!("{} {} [{}]", i18n::severity_word(d.severity, lang), d.address(), d.rule);
    if let Some(e) = d.expected.filter(|_| d.rule != format::RULE_DATE) {
        let f = d.found.map_or_else(|| i18n::empty_value(lang).to_owned(), |n| n.to_string());
        s.push_str(&say::expected_found(lang, e, &f));
    }
    s.push_str("\n    ");
    s.push_str(&d.message(lang));
    s
}

/// How many `missing` warnings the text output lists before summarising.
pub(super) const MISSING_SHOWN: usize = 10;

pub(super) fn cmd_check(files: &[PathBuf], fmt: OutputFormat, previous: Option<&Path>, lang: Lang) -> u8 {
    let previous = match previous.map(io::load).transpose() {
        Ok(p) => p,
        Err(e) => return fail(&e, lang),
    };
    let files = match drafts_in(files, lang) {
        Ok(f) => f,
        Err(status) => return status,
    };
    // Files are checked in parallel and reported in the order given: the
    // output and the exit status are those of checking them one by one.
    let results = crate::parallel::map(&files, |file| check_one(file, fmt, previous.as_ref(), lang));
    let mut status = 0u8;
    let mut out = std::io::stdout().lock();
    for (text, error, s) in results {
        if let Some(e) = error {
            let _ = out.flush();
            eprintln!("nianbao: {e}");
        }
        let _ = out.write_all(text.as_bytes());
        status = status.max(s);
    }
    status
}

/// One file's `check`: its output, the message for a file that could not
/// be read, and its exit status.
pub(super) fn check_one(
    file: &Path,
    fmt: OutputFormat,
    previous: Option<&Report>,
    lang: Lang,
) -> (String, Option<String>, u8) {
    let loaded = if file == Path::new("-") { load_stdin() } else { io::load(file) };
    let report = match loaded {
        Ok(r) => r,
        Err(e) => {
            let message = i18n::file_error(&e, lang);
            // A script reading the JSON sees every file, the unreadable too.
            let record = match fmt {
                OutputFormat::Json => format!(
                    "{}\n",
                    serde_json::json!({
                        "json_version": JSON_VERSION,
                        "file": file.display().to_string(),
                        "error": message,
                        "diagnostics": [],
                    })
                ),
                OutputFormat::Text => String::new(),
            };
            return (record, Some(message), EXIT_UNUSABLE);
        }
    };
    // The draft's own note of last year's report (written by `new
    // --from`), as the wizard reads it: one verdict for one draft.
    let noted = match previous {
        Some(_) => None,
        None => io::noted_previous(file).and_then(|p| io::load(&p).ok()),
    };
    let mut diags = rules::validate(&report);
    if let Some(prev) = previous.or(noted.as_ref()) {
        diags.extend(rules::validate_against_previous(&report, prev));
    }
    diags.sort_by_key(|d| d.severity != Severity::Error);
    let status = if diags.iter().any(|d| d.severity == Severity::Error) { EXIT_ERRORS } else { 0 };
    let text = match fmt {
        OutputFormat::Json => format!("{}\n", json_report(file, &diags, lang)),
        OutputFormat::Text => text_report(file, &diags, lang),
    };
    (text, None, status)
}

/// The version of `check --format json`'s objects, in each of them: a
/// script can tell what it reads.
pub const JSON_VERSION: u32 = 1;

/// A draft from standard input (`check -`), at most as large as a draft
/// file may be.
pub(super) fn load_stdin() -> Result<Report, FileError> {
    io::parse(Path::new("-"), &read_stdin(io::MAX_DRAFT_BYTES)?)
}

/// Standard input (a file argument `-`), at most `limit` bytes.
pub(super) fn read_stdin(limit: u64) -> Result<Vec<u8>, FileError> {
    use std::io::Read as _;
    let path = Path::new("-");
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| FileError::Read { path: path.to_owned(), source })?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooLarge { path: path.to_owned(), size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// The files `check` was given, a directory standing for the drafts in it
/// (`*.ron`, not the hidden lock and recovery files), in name order.
pub(super) fn drafts_in(files: &[PathBuf], lang: Lang) -> Result<Vec<PathBuf>, u8> {
    let mut out = Vec::new();
    for f in files {
        if !f.is_dir() {
            out.push(f.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = std::fs::read_dir(f)
            .map_err(|source| fail(&FileError::Read { path: f.clone(), source }, lang))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "ron")
                    && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        if found.is_empty() {
            eprintln!("nianbao: {}: {}", crate::sanitize::path(f), say::no_drafts_in_directory(lang));
            return Err(EXIT_UNUSABLE);
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// One JSON object for a checked file, as SPEC.md describes.
#[must_use]
pub fn json_report(file: &Path, diags: &[Diagnostic], lang: Lang) -> serde_json::Value {
    let list: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity.as_str(),
                "rule": d.rule,
                "cell": d.address(),
                "expected": d.expected,
                "found": d.found,
                "suspect": d.suspect.map(|x| format::schema().fields[x.cell].address.clone()),
                "suspect_value": d.suspect.map(|x| x.value),
                "message": d.message(lang),
            })
        })
        .collect();
    serde_json::json!({ "json_version": JSON_VERSION, "file": file.display().to_string(), "diagnostics": list })
}

pub(super) fn text_report(file: &Path, diags: &[Diagnostic], lang: Lang) -> String {
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    let mut s = String::new();
    let mut missing_shown = 0;
    let mut missing_hidden = 0;
    for d in diags {
        if d.rule == format::RULE_MISSING {
            if missing_shown == MISSING_SHOWN {
                missing_hidden += 1;
                continue;
            }
            missing_shown += 1;
        }
        s.push_str(&text_line(d, lang));
        s.push('\n');
    }
    if missing_hidden > 0 {
        let _ = writeln!(s, "{}", say::more_empty_fields(lang, missing_hidden));
    }
    let _ = writeln!(s, "{}", say::file_summary(lang, &crate::sanitize::path(file), errors, warnings));
    s
}
