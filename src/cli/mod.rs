//! The command line: clap definitions and one function per subcommand,
//! each returning the process exit status (0 fine, 1 the report has
//! errors, 2 the input could not be used). Reading the command line — its
//! definition in the user's language, the parse, what is said when it is
//! wrong — is in [`args`].

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::format::{self};
use crate::i18n::Localize as _;
use crate::i18n::{self, Lang};
use crate::io::{self, FileError};
use crate::model::{self, Report};
use crate::rules::{self, Diagnostic};

mod args;
mod check;
mod manpages;
pub mod messages;

use messages as say;
mod publish;
mod review;

pub use args::{command, parse};
pub use check::{JSON_VERSION, json_report};
use check::{cmd_check, read_stdin, text_line};
use publish::{cmd_export, cmd_import};

/// Draft, check and publish the annual government information disclosure
/// report (政府信息公开工作年度报告) in the 2021 national format.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version = version())]
pub struct Cli {
    #[arg(
        long,
        global = true,
        value_enum,
        help = "Interface language (default: $NIANBAO_LANG, else from the locale, Chinese if unset)"
    )]
    pub lang: Option<Lang>,
    /// How the terminal draws East Asian ambiguous-width characters (“ ” …
    /// ① ×): `auto` asks the terminal at start-up, `narrow` is one column,
    /// `wide` two (PuTTY, Xshell, SecureCRT set to "ambiguous as wide").
    #[arg(
        long,
        global = true,
        value_enum,
        env = "NIANBAO_AMBIGUOUS_WIDTH",
        hide_env_values = true,
        default_value_t = WidthChoice::Auto
    )]
    pub ambiguous_width: WidthChoice,
    /// Open FILE in the wizard (a new draft if it does not exist).
    pub file: Option<PathBuf>,
    /// With FILE: last year's report, shown beside each cell and checked
    /// against (carried-over requests, documents in force).
    #[arg(long, requires = "file")]
    pub previous: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open FILE in the wizard, optionally at a cell or section.
    Edit {
        file: PathBuf,
        /// A cell address (requests.new.total) or section key (requests).
        #[arg(long)]
        goto: Option<String>,
        /// Last year's report, shown beside each cell and checked against.
        #[arg(long)]
        previous: Option<PathBuf>,
    },
    /// Create a new draft.
    New {
        file: PathBuf,
        /// The agency's full name (机关名称); taken from --from if omitted.
        #[arg(long, required_unless_present = "from")]
        organ: Option<String>,
        /// Start from last year's report: organ, carried-over requests,
        /// last year's problems in 五.
        #[arg(long)]
        from: Option<PathBuf>,
        /// The year reported on (default: last year).
        #[arg(long)]
        year: Option<u16>,
        /// Fill every table cell with 0 (an agency that received no requests).
        #[arg(long)]
        zeros: bool,
    },
    /// Check drafts against the format's tally rules.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Last year's report, for the cross-year warnings.
        #[arg(long)]
        previous: Option<PathBuf>,
    },
    /// Publish the report: an HTML page, Markdown, plain text, a Word
    /// document in the official template's layout, or PDF (through
    /// LibreOffice, when installed).
    Export {
        file: PathBuf,
        #[arg(long, value_enum)]
        to: crate::export::Format,
        /// Write here (text formats: instead of standard output; Word and
        /// PDF: default FILE with the format's extension).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Export even when tallies are broken, and replace an existing
        /// output file.
        #[arg(long)]
        force: bool,
    },
    /// Add several agencies' reports of one year into one set of tables.
    Sum {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The combined draft to write (never overwritten).
        #[arg(short, long)]
        output: PathBuf,
        /// 机关名称 of the combined report.
        #[arg(long, default_value = "")]
        organ: String,
    },
    /// Print the standard sentences of 一（二）依申请公开, drafted from 表三.
    Prose { file: PathBuf },
    /// Read a published report into a draft: portal text, a browser copy,
    /// a saved page (HTML), the official PDF or a Word .docx. Exit 0: every
    /// table and cell found; 1: a draft was written but is incomplete (the
    /// list says what to fill); 2: nothing usable, nothing written.
    Import {
        published: PathBuf,
        /// The draft to write (never overwritten).
        #[arg(short, long)]
        output: PathBuf,
        /// The closing summary as text or as JSON (for scripts).
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// The review desk: check every report in one or more folders at once
    /// (drafts, Word, PDF, web pages, text), pair them with last year's,
    /// list who is missing and who sent twice, and sum them. Exit 0: all
    /// clean (warnings allowed); 1: errors, incomplete, unreadable,
    /// missing or duplicated; 2: nothing readable.
    Review {
        /// The folders of the reports received (one or more).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Last year's reports (a folder, any forms), matched by organ name.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// The organs that must report, one name a line.
        #[arg(long)]
        roster: Option<PathBuf>,
        /// Write the overview as one HTML page (counts, table, problems,
        /// charts).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// text or json; without it, in a terminal, the overview screen.
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Write the sum of the readable reports as a new draft.
        #[arg(long)]
        sum: Option<PathBuf>,
    },
    /// Print one cell or text field.
    Get { file: PathBuf, address: String },
    /// List the fields that differ between two drafts (address: A → B),
    /// e.g. a draft and the copy the wizard saved beside it.
    Diff { a: PathBuf, b: PathBuf },
    /// Print the shell completion script for bash, zsh or fish (e.g.
    /// `nianbao completions bash > /etc/bash_completion.d/nianbao`).
    Completions { shell: clap_complete::Shell },
    /// Write the man pages (nianbao.1 and one per subcommand) into DIR.
    #[command(hide = true)]
    Manpages { dir: PathBuf },
    /// Write one cell or text field ("" empties it).
    Set {
        file: PathBuf,
        address: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
}

/// The version line: the program's version and the format it implements
/// (`nianbao 0.2.0 (2021 format)`).
#[must_use]
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| format!("{} ({} format)", env!("CARGO_PKG_VERSION"), format::FORMAT_VERSION))
}

pub use crate::exit::{EXIT_ERRORS, EXIT_UNUSABLE};
pub use crate::tui::WidthChoice;

/// Runs a parsed command line.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    // Under a file-size limit (`ulimit -f`) a write beyond it raises
    // SIGXFSZ, whose default action kills the process mid-save. With a
    // handler installed the write fails with EFBIG instead, and the save
    // reports it and leaves the old file as it was.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let width = cli.ambiguous_width;
    // The wizard says it on its own screen, with a question.
    if !matches!(cli.command, Some(Command::Edit { .. }) | None) {
        warn_gbk_locale();
    }
    let status = match cli.command {
        Some(Command::Edit { file, goto, previous }) => {
            crate::tui::run(&file, goto.as_deref(), previous.as_deref(), lang, width)
        }
        None => {
            if let Some(file) = cli.file {
                crate::tui::run(&file, None, cli.previous.as_deref(), lang, width)
            } else {
                eprintln!("{}", say::usage(lang));
                EXIT_UNUSABLE
            }
        }
        Some(Command::New { file, organ, from, year, zeros }) => {
            cmd_new(&file, organ.as_deref(), from.as_deref(), year, zeros, lang)
        }
        Some(Command::Sum { files, output, organ }) => cmd_sum(&files, &output, &organ, lang),
        Some(Command::Prose { file }) => match io::load(&file) {
            Ok(r) => {
                out(&format!("{}\n", crate::sanitize::visible(&crate::prose::draft_on_request(&r))));
                0
            }
            Err(e) => fail(&e, lang),
        },
        Some(Command::Diff { a, b }) => cmd_diff(&a, &b, lang),
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "nianbao",
                &mut buf,
            );
            out(&String::from_utf8_lossy(&buf));
            0
        }
        Some(Command::Manpages { dir }) => cmd_manpages(&dir),
        Some(Command::Check { files, format, previous }) => {
            cmd_check(&files, format, previous.as_deref(), lang)
        }
        Some(Command::Export { file, to, output, force }) => {
            let mode = if width == WidthChoice::Wide {
                crate::text::Ambiguous::Wide
            } else {
                crate::text::Ambiguous::Narrow
            };
            cmd_export(&file, to, output.as_deref(), force, lang, mode)
        }
        Some(Command::Import { published, output, format }) => cmd_import(&published, &output, format, lang),
        Some(Command::Review { dirs, previous, roster, output, format, sum }) => review::cmd_review(
            &review::Request {
                dirs: &dirs,
                previous: previous.as_deref(),
                roster: roster.as_deref(),
                output: output.as_deref(),
                format,
                sum: sum.as_deref(),
                width,
            },
            lang,
        ),
        Some(Command::Get { file, address }) => cmd_get(&file, &address, lang),
        Some(Command::Set { file, address, value }) => cmd_set(&file, &address, &value, lang),
    };
    ExitCode::from(status)
}

fn fail(e: &FileError, lang: Lang) -> u8 {
    eprintln!("nianbao: {}", i18n::file_error(e, lang));
    EXIT_UNUSABLE
}

/// Writes to standard output; a closed pipe (`nianbao get … | head -0`)
/// ends the output quietly instead of panicking.
fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Takes the lock of a draft a command is about to write, so it never
/// writes under an open wizard (which would overwrite it later).
fn lock_for_writing(file: &Path, lang: Lang) -> Result<io::DraftLock, u8> {
    io::lock_draft(file).map_err(|e| fail(&e, lang))
}

fn cmd_new(
    file: &Path,
    organ: Option<&str>,
    from: Option<&Path>,
    year: Option<u16>,
    zeros: bool,
    lang: Lang,
) -> u8 {
    let previous = match from.map(io::load).transpose() {
        Ok(p) => p,
        Err(e) => return fail(&e, lang),
    };
    let default_year = previous
        .as_ref()
        .and_then(Report::year)
        .and_then(|y| u16::try_from(y + 1).ok())
        .unwrap_or_else(crate::calendar::current_report_year);
    let year = year.unwrap_or(default_year);
    if !(2000..=2100).contains(&year) {
        eprintln!("nianbao: --year {year}: {}", i18n::value_error(&model::ValueError::BadYear, lang));
        return EXIT_UNUSABLE;
    }
    let mut report = match &previous {
        Some(p) => crate::combine::next_year(p, organ, Some(year)),
        None => Report::draft(organ.unwrap_or_default(), year),
    };
    if zeros {
        // Nothing to report: the tables in zeros, and the sentences that go
        // with them (一（二）, 六 on fees) drafted where they are empty.
        report.zero_fill(Report::table_cells());
        for (id, v) in crate::prose::drafts_for_nothing(&report) {
            report.set(id, v);
        }
    }
    let _lock = match lock_for_writing(file, lang) {
        Ok(l) => l,
        Err(status) => return status,
    };
    match io::create(file, &report) {
        Ok(()) => {
            // The wizard finds last year's report through this comment (it
            // shows last year's text beside this year's and checks carried-in
            // counts against it); comments survive saves.
            if let Some(from) = from {
                let _ = io::note_previous(file, from);
            }
            out(&format!("{}{}\n", say::created(lang), crate::sanitize::path(file)));
            0
        }
        Err(e) => fail(&e, lang),
    }
}

fn cmd_sum(files: &[PathBuf], output: &Path, organ: &str, lang: Lang) -> u8 {
    let mut reports = Vec::new();
    for f in files {
        match io::load(f) {
            Ok(r) => reports.push((crate::sanitize::path(f), r)),
            Err(e) => return fail(&e, lang),
        }
    }
    for (name, other) in duplicate_inputs(files, &reports) {
        eprintln!("{}", say::same_report_twice(lang, &name, &other));
    }
    for (name, r) in &reports {
        let errors = crate::export::blocking_errors(r).len();
        if errors > 0 {
            eprintln!("{}", say::sum_input_has_errors(lang, name, errors));
        }
    }
    let total = match crate::combine::sum(&reports, organ) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("nianbao: {}", e.message(lang));
            return EXIT_UNUSABLE;
        }
    };
    let _lock = match lock_for_writing(output, lang) {
        Ok(l) => l,
        Err(status) => return status,
    };
    match io::create(output, &total) {
        Ok(()) => {
            eprintln!("{}{} ({})", say::summed(lang), crate::sanitize::path(output), reports.len());
            0
        }
        Err(e) => fail(&e, lang),
    }
}

/// Pairs of `sum` inputs that are the same report: the same file (by its
/// resolved path) or the same organ and year.
fn duplicate_inputs(files: &[PathBuf], reports: &[(String, crate::model::Report)]) -> Vec<(String, String)> {
    let keys: Vec<(PathBuf, String, Option<u64>)> = files
        .iter()
        .zip(reports)
        .map(|(f, (_, r))| {
            (std::fs::canonicalize(f).unwrap_or_else(|_| f.clone()), r.organ().trim().to_owned(), r.year())
        })
        .collect();
    let mut pairs = Vec::new();
    for (i, a) in keys.iter().enumerate() {
        if let Some(j) =
            keys[..i].iter().position(|b| b.0 == a.0 || (!a.1.is_empty() && a.1 == b.1 && a.2 == b.2))
        {
            pairs.push((reports[i].0.clone(), reports[j].0.clone()));
        }
    }
    pairs
}

fn unknown_address(address: &str, lang: Lang) -> u8 {
    let suggestions = format::schema().suggest(address);
    eprintln!("nianbao: {}: {}", crate::sanitize::visible_inline(address), say::no_such_address(lang));
    if !suggestions.is_empty() {
        eprintln!("{} {}", say::similar_addresses(lang), suggestions.join(", "));
    }
    EXIT_UNUSABLE
}

fn cmd_get(file: &Path, address: &str, lang: Lang) -> u8 {
    let report = match io::load(file) {
        Ok(r) => r,
        Err(e) => return fail(&e, lang),
    };
    let Some(id) = format::schema().lookup(address) else {
        return unknown_address(address, lang);
    };
    out(&format!("{}\n", crate::sanitize::visible(&report.get(id).display())));
    0
}

/// Man pages for the program and each visible subcommand, in English
/// and Chinese (see [`manpages`]).
fn cmd_manpages(dir: &Path) -> u8 {
    match manpages::write_all(dir) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("nianbao: {e}");
            EXIT_UNUSABLE
        }
    }
}

fn cmd_diff(a: &Path, b: &Path, lang: Lang) -> u8 {
    let (ra, rb) = match (io::load(a), io::load(b)) {
        (Ok(ra), Ok(rb)) => (ra, rb),
        (Err(e), _) | (_, Err(e)) => return fail(&e, lang),
    };
    let schema = format::schema();
    let shown = |v: &model::Value| {
        if v.is_empty() {
            say::empty_shown(lang).to_owned()
        } else {
            crate::sanitize::visible_inline(&v.display()).into_owned()
        }
    };
    let mut text = String::new();
    let diffs = ra.differences(&rb);
    for &id in &diffs {
        let _ =
            writeln!(text, "{}: {} → {}", schema.fields[id].address, shown(ra.get(id)), shown(rb.get(id)));
    }
    out(&text);
    u8::from(!diffs.is_empty())
}

fn cmd_set(file: &Path, address: &str, value: &str, lang: Lang) -> u8 {
    let _lock = match lock_for_writing(file, lang) {
        Ok(l) => l,
        Err(status) => return status,
    };
    let mut report = match io::load(file) {
        Ok(r) => r,
        Err(e) => return fail(&e, lang),
    };
    let schema = format::schema();
    let Some(id) = schema.lookup(address) else {
        return unknown_address(address, lang);
    };
    let field = &schema.fields[id];
    let multiline = matches!(field.place, format::Place::Text(t) if t.multiline);
    let parsed = match model::parse_value(field.kind, value, multiline) {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "nianbao: {} = {:?}: {}{}",
                crate::sanitize::visible_inline(address),
                crate::sanitize::visible_inline(value).as_ref(),
                i18n::value_error(&e, lang),
                say::file_unchanged(lang)
            );
            return EXIT_UNUSABLE;
        }
    };
    let before = report.clone();
    report.set(id, parsed);
    // A new year redrafts the sentences still as drafted for the old one.
    for (id, v) in crate::prose::redrafts(&before, &report) {
        report.set(id, v);
    }
    match io::save(file, &report) {
        Ok(saved) => {
            if let Some(copy) = &saved.comments_copy {
                eprintln!(
                    "nianbao: {}",
                    i18n::comments_copy(copy, lang).trim_start_matches(['；', ';', ' '])
                );
            }
        }
        Err(e) => return fail(&e, lang),
    }
    let touching: Vec<Diagnostic> = rules::validate(&report).into_iter().filter(|d| d.involves(id)).collect();
    let mut text = String::new();
    for d in &touching {
        let _ = writeln!(text, "{}", text_line(d, lang));
    }
    out(&text);
    0
}

/// In a GBK locale (`LANG=zh_CN.GBK`, `zh_CN.GB18030`, `zh_CN` alone) a
/// terminal shows nianbao's UTF-8 output as garbage. Said once, before
/// the output, to a terminal only: in ASCII and in the locale's own
/// encoding, with how to switch. The output itself stays UTF-8 (drafts,
/// JSON and pages are UTF-8 whatever the terminal).
fn warn_gbk_locale() {
    use std::io::IsTerminal;
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let gbk = ["gbk", "gb2312", "gb18030", "euccn"].iter().any(|c| locale.contains(c))
        || (locale.starts_with("zh_cn") && !locale.contains("utf"));
    if !gbk || !(std::io::stdout().is_terminal() || std::io::stderr().is_terminal()) {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(
        b"WARNING: the locale is GBK; nianbao writes UTF-8, so Chinese shows as garbage.
          Switch the session to UTF-8 (export LANG=zh_CN.UTF-8, and the terminal's encoding to UTF-8).
",
    );
    let (zh, _, _) = encoding_rs::GBK.encode(
        "警告：当前 locale 为 GBK，nianbao 输出 UTF-8，中文会显示为乱码。\n\
         请执行 export LANG=zh_CN.UTF-8，并把终端的编码设为 UTF-8（Xshell：文件 → 属性 → 终端 → 编码）。\n",
    );
    let _ = err.write_all(&zh);
}
