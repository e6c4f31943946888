//! `export` and `import`: a draft to a published form (HTML, Markdown,
//! text, Word, PDF) and a published report (portal text, HTML, PDF, Word)
//! back to a draft.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::i18n::{self, Lang};
use crate::io::{self};

use super::messages as say;
use super::*;

pub(super) fn cmd_export(
    file: &Path,
    to: crate::export::Format,
    output: Option<&Path>,
    force: bool,
    lang: Lang,
    mode: crate::text::Ambiguous,
) -> u8 {
    let report = match io::load(file) {
        Ok(r) => r,
        Err(e) => return fail(&e, lang),
    };
    let errors = crate::export::blocking_errors(&report);
    if !errors.is_empty() {
        let mut err = std::io::stderr().lock();
        for d in &errors {
            let _ = writeln!(err, "{}", text_line(d, lang));
        }
        if !force {
            let _ = writeln!(
                err,
                "nianbao: {}",
                say::not_exported(lang, &file.display().to_string(), errors.len())
            );
            return EXIT_ERRORS;
        }
    }
    let empty = crate::export::empty_cells(&report);
    if !empty.is_empty() {
        eprintln!("{} {}", say::empty_cells_exported_as_zero(lang), empty.join(", "));
    }
    let blank = crate::export::empty_fields(&report);
    if !blank.is_empty() {
        eprintln!("{} {}", say::empty_fields_exported_blank(lang), blank.join(", "));
    }
    // `-o -`: standard output, for any format; but a Word or PDF file is
    // not for a terminal's eyes.
    let to_stdout = output == Some(Path::new("-"));
    if to_stdout && to.text().is_none() && std::io::stdout().is_terminal() {
        eprintln!("nianbao: {}", say::binary_not_for_terminal(lang, to.extension()));
        return EXIT_UNUSABLE;
    }
    // Word and PDF are files, never a terminal's text: beside the draft by default.
    let default_out = (to.text().is_none() && !to_stdout).then(|| file.with_extension(to.extension()));
    let output = if to_stdout { None } else { output.or(default_out.as_deref()) };
    if let Some(out) = output
        && let Some(status) = refuse_export_target(file, out, force, lang)
    {
        return status;
    }
    let bytes = match crate::export::render_file_for(&report, to, mode) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("nianbao: {}", i18n::export_error(&e, lang));
            return EXIT_UNUSABLE;
        }
    };
    write_output(output, &bytes, file, lang)
}

/// Why an export must not write `out`: it is the input, a draft, or an
/// existing file (without `--force`). The refusal is printed.
pub(super) fn refuse_export_target(input: &Path, out: &Path, force: bool, lang: Lang) -> Option<u8> {
    if let Some(e) = io::planted(out) {
        return Some(fail(&e, lang));
    }
    if !out.exists() {
        return None;
    }
    let shown = crate::sanitize::path(out);
    let why = if io::resolve(out) == io::resolve(input) {
        say::export_onto_itself(lang, &shown)
    } else if io::load(out).is_ok() {
        say::export_onto_a_draft(lang, &shown)
    } else if !force {
        say::export_target_exists(lang, &shown)
    } else {
        return None;
    };
    eprintln!("nianbao: {why}");
    Some(EXIT_UNUSABLE)
}

/// Writes a command's result atomically to `output`, or to standard output.
pub(super) fn write_output(output: Option<&Path>, bytes: &[u8], draft: &Path, lang: Lang) -> u8 {
    let Some(file) = output else {
        let mut stdout = std::io::stdout().lock();
        // To a terminal, data goes through the same gate as every other
        // command's output; to a pipe or a file, the export as it is.
        if stdout.is_terminal() {
            let _ = stdout.write_all(crate::sanitize::visible(&String::from_utf8_lossy(bytes)).as_bytes());
        } else {
            let _ = stdout.write_all(bytes);
        }
        return 0;
    };
    match io::write_output(file, bytes, Some(draft)) {
        Ok(()) => {
            eprintln!("{}{}", say::written(lang), crate::sanitize::path(file));
            0
        }
        Err(e) => fail(&e, lang),
    }
}

/// A published report's bytes read into a draft: by a child process of
/// this binary under limits (see `import::isolate`), in process only when
/// the binary cannot be found. The refusal is printed.
pub(super) fn read_published(
    published: &Path,
    bytes: &[u8],
    lang: Lang,
) -> Result<crate::import::Imported, u8> {
    let read = match std::env::current_exe() {
        Ok(exe) => crate::import::import_isolated(bytes, &exe),
        Err(_) => crate::import::import_bytes(bytes),
    };
    read.map_err(|e| {
        eprintln!(
            "nianbao: {}: {}",
            crate::sanitize::path(published),
            crate::sanitize::visible(&i18n::import_error(&e, lang))
        );
        EXIT_UNUSABLE
    })
}

pub(super) fn cmd_import(published: &Path, output: &Path, fmt: OutputFormat, lang: Lang) -> u8 {
    let read = if published == Path::new("-") {
        read_stdin(crate::import::MAX_INPUT_BYTES)
    } else {
        io::read_input(published, crate::import::MAX_INPUT_BYTES)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => return fail(&e, lang),
    };
    let imported = match read_published(published, &bytes, lang) {
        Ok(i) => i,
        Err(status) => return status,
    };
    let summary = imported.summary();
    if summary.tables_found == 0 && summary.sections_found == 0 {
        eprintln!("nianbao: {}: {}", crate::sanitize::path(published), say::nothing_imported(lang));
        return EXIT_UNUSABLE;
    }
    let _lock = match lock_for_writing(output, lang) {
        Ok(l) => l,
        Err(status) => return status,
    };
    if let Err(e) = io::create(output, &imported.report) {
        return fail(&e, lang);
    }
    let status = if imported.complete() { 0 } else { EXIT_ERRORS };
    let notes: Vec<String> = imported
        .notes
        .iter()
        .map(|n| crate::sanitize::visible(&i18n::import_note(n, lang)).into_owned())
        .collect();
    match fmt {
        OutputFormat::Json => {
            let json = serde_json::json!({
                "file": crate::sanitize::path(published),
                "draft": crate::sanitize::path(output),
                "complete": status == 0,
                "summary": summary,
                "notes": notes,
            });
            out(&format!("{json}\n"));
        }
        OutputFormat::Text => {
            let mut err = std::io::stderr().lock();
            for note in &notes {
                let _ = writeln!(err, "{note}");
            }
            let line = say::imported(lang, &crate::sanitize::path(output), &summary, status == 0);
            let _ = writeln!(err, "{line}");
        }
    }
    status
}
