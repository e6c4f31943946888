//! The review desk: a folder of reports as an office receives them (our
//! drafts, Word files, PDFs, portal pages, text copies), each read in
//! memory and judged as `check` judges it, paired with last year's by organ
//! name, checked against a roster, and summed.
//!
//! Nothing is written beside the submitted files: no lock, no draft, no
//! recovery file. A file that cannot be read is an entry saying why; the
//! review goes on. The reading of a published form is given by the caller
//! (the command line reads them in a child process under limits).
//!
//! Organ names are matched tolerantly but never guessed: the same name
//! once spaces and punctuation are dropped is a pair; a short form (简称)
//! whose characters appear in order in exactly one full name (全称), and
//! make up most of it, is a pair; anything else that might be the same
//! organ is listed as unsure, not paired.

pub mod html;
pub mod messages;

use std::path::{Path, PathBuf};

use crate::format::{self, Severity};
use crate::i18n::{Lang, Localize};
use crate::import::{ImportError, Imported};
use crate::model::{Report, Value};
use crate::rules::{self, Diagnostic};
use crate::{combine, io};

/// The form a report arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    Ron,
    Docx,
    Pdf,
    Html,
    Txt,
    Md,
}

impl Form {
    /// The form of a file by its name; `None`: not a report's file.
    #[must_use]
    pub fn of(path: &Path) -> Option<Form> {
        let name = path.file_name()?.to_str()?.to_lowercase();
        let ext = name.rsplit_once('.')?.1;
        Some(match ext {
            "ron" => Form::Ron,
            "docx" => Form::Docx,
            "pdf" => Form::Pdf,
            "html" | "htm" => Form::Html,
            "txt" | "tsv" | "csv" => Form::Txt,
            "md" => Form::Md,
            _ => return None,
        })
    }

    /// How the form is named in JSON and on screen.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Form::Ron => "ron",
            Form::Docx => "docx",
            Form::Pdf => "pdf",
            Form::Html => "html",
            Form::Txt => "txt",
            Form::Md => "md",
        }
    }
}

/// A report's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Unreadable,
    Errors,
    Incomplete,
    Warnings,
    Ok,
}

impl Status {
    /// How the status is named in JSON.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warnings => "warnings",
            Status::Errors => "errors",
            Status::Incomplete => "incomplete",
            Status::Unreadable => "unreadable",
        }
    }

    /// The status in the user's language.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        messages::status(self, lang)
    }
}

/// One submitted file, read and judged.
#[derive(Debug, Clone)]
pub struct Entry {
    pub file: PathBuf,
    pub form: Form,
    /// The report, when the file could be read.
    pub report: Option<Report>,
    /// Why the file could not be read, in the user's language.
    pub unreadable: Option<String>,
    /// For an imported form: every table found and every cell placed.
    pub complete: bool,
    /// What the import could not place exactly, in the user's language.
    pub notes: Vec<String>,
    /// What `check` reports for the report, cross-year included.
    pub diagnostics: Vec<Diagnostic>,
    /// Last year's report it was paired with (index into the previous
    /// entries).
    pub previous: Option<usize>,
    /// Last year's draft a draft names in its `// nianbao previous:`
    /// comment (read with the draft, not again).
    pub noted: Option<PathBuf>,
}

impl Entry {
    /// The organ's name as the report gives it ("" when unreadable).
    #[must_use]
    pub fn organ(&self) -> &str {
        self.report.as_ref().map_or("", Report::organ)
    }

    /// Errors, as `check` counts them.
    #[must_use]
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Warnings, as `check` counts them.
    #[must_use]
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// The verdict.
    #[must_use]
    pub fn status(&self) -> Status {
        if self.report.is_none() {
            Status::Unreadable
        } else if self.errors() > 0 {
            Status::Errors
        } else if !self.complete {
            Status::Incomplete
        } else if self.warnings() > 0 {
            Status::Warnings
        } else {
            Status::Ok
        }
    }

    /// The cross-year diagnostics among [`Entry::diagnostics`].
    pub fn cross_year(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| is_cross_year(d))
    }

    /// The report's problems in `lang`, as a person reads them: why it
    /// could not be read, then its errors, its warnings and what its
    /// import could not place; `true` for an error.
    #[must_use]
    pub fn problems(&self, lang: Lang) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = self.unreadable.iter().map(|why| (true, why.clone())).collect();
        let mut diags: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        diags.sort_by_key(|d| d.severity != Severity::Error);
        out.extend(diags.iter().map(|d| (d.severity == Severity::Error, d.message(lang))));
        out.extend(self.notes.iter().map(|n| (false, n.clone())));
        out
    }

    /// New requests received this year (表三's 本年新收 total).
    #[must_use]
    pub fn requests_new(&self) -> Option<u64> {
        self.report.as_ref().and_then(requests_new)
    }
}

/// Whether a diagnostic compares two years.
#[must_use]
pub fn is_cross_year(d: &Diagnostic) -> bool {
    d.rule == format::RULE_CARRY_OVER || d.rule == format::RULE_IN_FORCE
}

/// 表三's 本年新收 total of a report.
#[must_use]
pub fn requests_new(report: &Report) -> Option<u64> {
    let id = format::schema().cell(&format::REQUESTS, "new", "total")?;
    match report.get(id) {
        Value::Count(n) => *n,
        _ => None,
    }
}

/// How one organ name matched among others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// One name, certainly the same organ.
    Sure(usize),
    /// Names that may be the same organ: listed for a person to decide.
    Unsure(Vec<usize>),
    None,
}

/// An organ's name reduced to what identifies it: no spaces, no
/// punctuation, full-width letters and digits folded.
#[must_use]
pub fn organ_key(name: &str) -> String {
    name.chars().map(nianbao_text::fullwidth::fold).filter(|c| c.is_alphanumeric()).collect()
}

/// Whether the characters of `short` appear in `long` in order.
fn subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// `name` among `names` (all as given; compared by [`organ_key`]).
#[must_use]
pub fn match_organ(name: &str, names: &[&str]) -> Match {
    let key = organ_key(name);
    if key.is_empty() {
        return Match::None;
    }
    let keys: Vec<String> = names.iter().map(|n| organ_key(n)).collect();
    let exact: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == key).collect();
    match exact.as_slice() {
        [one] => return Match::Sure(*one),
        [] => {}
        many => return Match::Unsure(many.to_vec()),
    }
    let n = key.chars().count();
    let close: Vec<(usize, bool)> = (0..keys.len())
        .filter_map(|i| {
            let m = keys[i].chars().count();
            let (short, long, s, l) = if n <= m { (&key, &keys[i], n, m) } else { (&keys[i], &key, m, n) };
            (s >= 2 && subsequence(short, long)).then_some((i, s * 10 >= l * 6))
        })
        .collect();
    match close.as_slice() {
        [] => Match::None,
        [(i, true)] => Match::Sure(*i),
        many => Match::Unsure(many.iter().map(|(i, _)| *i).collect()),
    }
}

/// Reads a published form's bytes into a report (the caller's importer:
/// in a child process under limits, or in process).
pub type Reader<'a> = &'a (dyn Fn(&[u8]) -> ReadResult + Sync);

/// What a [`Reader`] gives: the import, or why the file could not be read.
pub type ReadResult = Result<Imported, ImportError>;

/// The report files of the folders `dirs`, in name order: files whose
/// name says a report's form, not hidden, not nianbao's own side files.
///
/// # Errors
/// The folder that could not be listed, with the system's reason.
pub fn files_in(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut out = Vec::new();
    for dir in dirs {
        if !dir.is_dir() {
            out.push(dir.clone());
            continue;
        }
        let mut here = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| (dir.clone(), e))? {
            let entry = entry.map_err(|e| (dir.clone(), e))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with(".before-save.ron") || Form::of(&path).is_none() {
                continue;
            }
            // Only what stands at the name: a folder inside is not read.
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            here.push(path);
        }
        here.sort();
        out.extend(here);
    }
    Ok(out)
}

/// Reads and judges one file, without last year's (see [`pair`]).
pub fn read_one(file: &Path, reader: Reader<'_>, lang: Lang) -> Entry {
    let form = Form::of(file).unwrap_or(Form::Txt);
    let mut entry = Entry {
        file: file.to_owned(),
        form,
        report: None,
        unreadable: None,
        complete: true,
        notes: Vec::new(),
        diagnostics: Vec::new(),
        previous: None,
        noted: None,
    };
    // As the file errors put it: the file, then what is wrong with it.
    let about = |what: String| messages::about_file(lang, &nianbao_text::sanitize::path(file), &what);
    let read = if form == Form::Ron {
        io::read_draft(file)
            .and_then(|(bytes, _)| {
                entry.noted = io::noted_previous_in(file, &bytes);
                io::parse(file, &bytes)
            })
            .map(|r| (r, true, Vec::new()))
            .map_err(|e| e.message(lang))
    } else {
        match io::read_input(file, crate::import::MAX_INPUT_BYTES) {
            Err(e) => Err(e.message(lang)),
            Ok(bytes) => reader(&bytes).map_err(|e| about(e.message(lang))).and_then(|imported| {
                let s = imported.summary();
                if s.tables_found == 0 && s.sections_found == 0 {
                    return Err(about(messages::not_a_report(lang).to_owned()));
                }
                let notes = imported.notes.iter().map(|n| n.message(lang)).collect();
                Ok((imported.report.clone(), imported.complete(), notes))
            }),
        }
    };
    match read {
        Ok((report, complete, notes)) => {
            entry.diagnostics = rules::validate(&report);
            entry.complete = complete;
            entry.notes = notes;
            entry.report = Some(report);
        }
        Err(message) => entry.unreadable = Some(message),
    }
    entry
}

/// The whole review: this year's entries, last year's, and what was found
/// across them.
#[derive(Debug, Clone, Default)]
pub struct Review {
    pub entries: Vec<Entry>,
    pub previous: Vec<Entry>,
    /// Roster names with no report.
    pub missing: Vec<String>,
    /// Files that are the same organ's report for the same year.
    pub duplicates: Vec<Vec<usize>>,
    /// Names that may be the same organ, not paired: (a report's organ or
    /// a roster line, the names it might be).
    pub unsure: Vec<(String, Vec<String>)>,
}

/// Pairs each readable entry with last year's by organ name and adds the
/// cross-year diagnostics; a draft with no pair keeps the last year's
/// report it notes (`// nianbao previous:`), as `check` does.
pub fn pair(entries: &mut [Entry], previous: &[Entry], unsure: &mut Vec<(String, Vec<String>)>) {
    let names: Vec<&str> = previous.iter().map(Entry::organ).collect();
    for e in entries.iter_mut() {
        let Some(report) = &e.report else { continue };
        let last = if previous.is_empty() {
            None
        } else {
            match match_organ(report.organ(), &names) {
                Match::Sure(i) if previous[i].report.is_some() => Some(i),
                Match::Unsure(list) => {
                    unsure.push((
                        report.organ().to_owned(),
                        list.iter().map(|&i| names[i].to_owned()).collect(),
                    ));
                    None
                }
                _ => None,
            }
        };
        let noted = if last.is_none() { e.noted.as_deref().and_then(|p| io::load(p).ok()) } else { None };
        let prev = last.and_then(|i| previous[i].report.as_ref()).or(noted.as_ref());
        if let Some(prev) = prev {
            let cross = rules::validate_against_previous(report, prev);
            e.diagnostics.extend(cross);
        }
        e.previous = last;
    }
}

/// Roster names with no report (a sure match), and those only unsure.
pub fn missing(roster: &[String], entries: &[Entry], unsure: &mut Vec<(String, Vec<String>)>) -> Vec<String> {
    // Each organ once: an organ that sent twice is present (and listed
    // among the duplicates), not a doubtful match.
    let mut names: Vec<&str> = Vec::new();
    for e in entries.iter().filter(|e| e.report.is_some()) {
        if !names.iter().any(|n| organ_key(n) == organ_key(e.organ())) {
            names.push(e.organ());
        }
    }
    let mut out = Vec::new();
    for name in roster {
        match match_organ(name, &names) {
            Match::Sure(_) => {}
            Match::Unsure(list) => {
                unsure.push((name.clone(), list.iter().map(|&i| names[i].to_owned()).collect()));
            }
            Match::None => out.push(name.clone()),
        }
    }
    out
}

/// Groups of entries that are one organ's report for one year.
#[must_use]
pub fn duplicates(entries: &[Entry]) -> Vec<Vec<usize>> {
    // (organ, year) and the entries of it.
    type Group = ((String, Option<u64>), Vec<usize>);
    let mut groups: Vec<Group> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let Some(r) = &e.report else { continue };
        let key = (organ_key(r.organ()), r.year());
        if key.0.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups.into_iter().filter(|(_, l)| l.len() > 1).map(|(_, l)| l).collect()
}

/// The roster file's organ names: one a line, blank lines and `#`
/// comments skipped.
#[must_use]
pub fn roster(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches('\u{feff}').trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// The entries the total counts: readable, of the year most of them are
/// for, one per organ (the first of a duplicate).
fn summed(review: &Review) -> Vec<usize> {
    let mut years: Vec<(u64, usize)> = Vec::new();
    for y in review.entries.iter().filter_map(|e| e.report.as_ref()?.year()) {
        match years.iter_mut().find(|(v, _)| *v == y) {
            Some((_, n)) => *n += 1,
            None => years.push((y, 1)),
        }
    }
    let Some(&(year, _)) = years.iter().max_by_key(|(y, n)| (*n, *y)) else { return Vec::new() };
    let later: Vec<usize> = review.duplicates.iter().flat_map(|g| g.iter().skip(1).copied()).collect();
    (0..review.entries.len())
        .filter(|i| !later.contains(i))
        .filter(|&i| review.entries[i].report.as_ref().is_some_and(|r| r.year() == Some(year)))
        .collect()
}

/// The sum of the readable reports of the year most of them are for, one
/// per organ (a duplicate counted once); `None` when none can be summed.
#[must_use]
pub fn total(review: &Review, organ: &str) -> Option<Report> {
    let parts: Vec<(String, Report)> = summed(review)
        .into_iter()
        .filter_map(|i| {
            let e = &review.entries[i];
            Some((e.file.display().to_string(), e.report.clone()?))
        })
        .collect();
    combine::sum(&parts, organ).ok()
}

/// Change in new requests from the report of last year `entry` is paired
/// with (`None` without a pair or without the counts).
#[must_use]
pub fn change(review: &Review, entry: &Entry) -> Option<i64> {
    let this = entry.requests_new()?;
    let last = review.previous.get(entry.previous?)?.requests_new()?;
    Some(i64::try_from(this).ok()? - i64::try_from(last).ok()?)
}

/// The total row: the sum of the reports [`total`] counts (as a draft,
/// for `--sum`), errors and warnings of all reports, and the new requests
/// and their change over the reports summed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    /// The summed report (its organ left empty).
    pub sum: Option<Report>,
    /// Reports summed (one per organ, of the year most are for).
    pub summed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub requests_new: Option<u64>,
    /// The sum of the changes of the reports that have a pair.
    pub change: Option<i64>,
}

/// The review's total row (the sum worked out once, here).
#[must_use]
pub fn totals(review: &Review) -> Totals {
    let sum = total(review, "");
    let summed: Vec<usize> = if sum.is_some() { summed(review) } else { Vec::new() };
    let changes: Vec<i64> = summed.iter().filter_map(|&i| change(review, &review.entries[i])).collect();
    Totals {
        summed: summed.len(),
        errors: review.entries.iter().map(Entry::errors).sum(),
        warnings: review.entries.iter().map(Entry::warnings).sum(),
        requests_new: sum.as_ref().and_then(requests_new),
        change: (!changes.is_empty()).then(|| changes.iter().sum()),
        sum,
    }
}

/// What the review found beyond the reports, a sentence each in `lang`:
/// the organs missing, each report sent twice (its files), each name that
/// might be an organ's but was not paired. Not sanitised: the caller
/// shows them through its own gate.
#[must_use]
pub fn findings(review: &Review, lang: Lang) -> Vec<String> {
    let sep = messages::list_separator(lang);
    let mut out = Vec::new();
    if !review.missing.is_empty() {
        out.push(messages::missing(lang, &review.missing.join(sep)));
    }
    for g in &review.duplicates {
        let files: Vec<String> = g
            .iter()
            .filter_map(|&i| review.entries.get(i))
            .map(|e| e.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
            .collect();
        out.push(messages::sent_twice(lang, &files.join(sep)));
    }
    for (name, alike) in &review.unsure {
        out.push(messages::names_alike(lang, name, &alike.join(sep)));
    }
    out
}

/// Reads, judges, pairs and lists: the review of `files` against
/// `previous` files and a roster.
pub fn review(
    files: &[PathBuf],
    previous: &[PathBuf],
    roster: &[String],
    reader: Reader<'_>,
    lang: Lang,
) -> Review {
    let entries = crate::parallel::map(files, |f| read_one(f, reader, lang));
    let last = crate::parallel::map(previous, |f| read_one(f, reader, lang));
    let mut r = Review { entries, previous: last, ..Review::default() };
    pair(&mut r.entries, &r.previous, &mut r.unsure);
    r.missing = missing(roster, &r.entries, &mut r.unsure);
    r.duplicates = duplicates(&r.entries);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organ_names_pair_when_sure_and_are_listed_when_not() {
        let last = ["阜新市煤炭工业局", "阜新市发展和改革委员会", "阜新市人民政府办公室"];
        assert_eq!(match_organ("阜新市 煤炭工业局", &last), Match::Sure(0), "spaces do not count");
        assert_eq!(match_organ("阜新市煤炭局", &last), Match::Sure(0), "a short form inside one full name");
        assert_eq!(match_organ("阜新市发改委", &last), Match::Unsure(vec![1]), "too short a form to be sure");
        assert_eq!(match_organ("沭阳县发展和改革局", &last), Match::None);
        assert_eq!(match_organ("", &last), Match::None);
        let two = ["阜新市教育局", "阜新市教育局"];
        assert_eq!(
            match_organ("阜新市教育局", &two),
            Match::Unsure(vec![0, 1]),
            "two of one name: not guessed"
        );
    }

    #[test]
    fn a_roster_reads_one_name_a_line() {
        assert_eq!(
            roster("\u{feff}阜新市煤炭工业局\n\n# 乡镇\n  彰武县人民政府  \n"),
            vec!["阜新市煤炭工业局", "彰武县人民政府"]
        );
    }

    #[test]
    fn forms_by_name() {
        assert_eq!(Form::of(Path::new("a/报告.DOCX")), Some(Form::Docx));
        assert_eq!(Form::of(Path::new("x.htm")), Some(Form::Html));
        assert_eq!(Form::of(Path::new("notes.odt")), None);
        assert_eq!(Form::of(Path::new("README")), None);
    }
}
