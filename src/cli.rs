//! The command line: clap definitions and one function per subcommand,
//! each returning the process exit status (0 fine, 1 the report has
//! errors, 2 the input could not be used). Reading the command line — its
//! definition in the user's language, the parse, what is said when it is
//! wrong — is in [`args`].

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::format::{self, Severity};
use crate::i18n::{self, Lang};
use crate::io::{self, FileError};
use crate::model::{self, Report};
use crate::rules::{self, Diagnostic};

mod args;
pub use args::{command, parse};

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

/// `--ambiguous-width`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WidthChoice {
    Auto,
    Narrow,
    Wide,
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

/// Exit status: the report has tally errors.
pub const EXIT_ERRORS: u8 = 1;
/// Exit status: the input could not be used.
pub const EXIT_UNUSABLE: u8 = 2;

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
    let status = match cli.command {
        Some(Command::Edit { file, goto, previous }) => {
            crate::tui::run(&file, goto.as_deref(), previous.as_deref(), lang, width)
        }
        None => {
            if let Some(file) = cli.file {
                crate::tui::run(&file, None, cli.previous.as_deref(), lang, width)
            } else {
                eprintln!(
                    "{}",
                    lang.pick(
                        "用法：nianbao 文件.ron（打开向导），或 nianbao --help 查看全部命令",
                        "usage: nianbao FILE.ron (open the wizard), or nianbao --help for all commands"
                    )
                );
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
                crate::layout::Ambiguous::Wide
            } else {
                crate::layout::Ambiguous::Narrow
            };
            cmd_export(&file, to, output.as_deref(), force, lang, mode)
        }
        Some(Command::Import { published, output, format }) => cmd_import(&published, &output, format, lang),
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

/// The year of the report being drafted today (system clock, UTC): see
/// [`report_year`].
#[must_use]
pub fn current_report_year() -> u16 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (year, month, _) = io::civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    report_year(year, month)
}

/// The year of the report an office drafts in `month` of `year`: from
/// October on, this year's (drafting starts before the year ends, for
/// publication by 31 January); January to September, last year's (the
/// report due on 31 January, or one being corrected).
#[must_use]
pub fn report_year(year: i64, month: u32) -> u16 {
    let y = if month >= 10 { year } else { year - 1 };
    u16::try_from(y).unwrap_or(2026)
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
        .unwrap_or_else(current_report_year);
    let year = year.unwrap_or(default_year);
    if !(2000..=2100).contains(&year) {
        eprintln!(
            "nianbao: --year {year}: {}",
            lang.pick("不是 2000 至 2100 之间的年份", "is not a year between 2000 and 2100")
        );
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
            out(&format!(
                "{}{}\n",
                lang.pick("已创建新草稿：", "created a new draft: "),
                crate::sanitize::path(file)
            ));
            0
        }
        Err(e) => fail(&e, lang),
    }
}

fn cmd_export(
    file: &Path,
    to: crate::export::Format,
    output: Option<&Path>,
    force: bool,
    lang: Lang,
    mode: crate::layout::Ambiguous,
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
                match lang {
                    Lang::Zh => format!(
                        "{} 有 {} 个勾稽错误，未导出；改正后再导出，或加 --force 强制导出",
                        file.display(),
                        errors.len()
                    ),
                    Lang::En => format!(
                        "{} has {} tally errors; nothing exported. Fix them, or pass --force",
                        file.display(),
                        errors.len()
                    ),
                }
            );
            return EXIT_ERRORS;
        }
    }
    let empty = crate::export::empty_cells(&report);
    if !empty.is_empty() {
        eprintln!(
            "{} {}",
            lang.pick("警告：以下空单元格按 0 导出：", "warning: these empty cells are exported as 0:"),
            empty.join(", ")
        );
    }
    let blank = crate::export::empty_fields(&report);
    if !blank.is_empty() {
        eprintln!(
            "{} {}",
            lang.pick(
                "警告：以下栏目未填写，导出后是空白：",
                "warning: these fields are empty and exported blank:"
            ),
            blank.join(", ")
        );
    }
    // `-o -`: standard output, for any format; but a Word or PDF file is
    // not for a terminal's eyes.
    let to_stdout = output == Some(Path::new("-"));
    if to_stdout && to.text().is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "nianbao: {}",
            match lang {
                Lang::Zh => format!(
                    "{} 文件不能显示在终端上；请重定向到文件，例如 > 报告.{}",
                    to.extension(),
                    to.extension()
                ),
                Lang::En => format!(
                    "a .{} file is not for a terminal; redirect it, e.g. > report.{}",
                    to.extension(),
                    to.extension()
                ),
            }
        );
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
fn refuse_export_target(input: &Path, out: &Path, force: bool, lang: Lang) -> Option<u8> {
    if let Some(e) = io::planted(out) {
        return Some(fail(&e, lang));
    }
    if !out.exists() {
        return None;
    }
    let shown = crate::sanitize::path(out);
    let why = if io::resolve(out) == io::resolve(input) {
        match lang {
            Lang::Zh => format!("{shown} 就是要导出的草稿本身，不能覆盖；请用 -o 指定另一个文件"),
            Lang::En => format!("{shown} is the draft being exported; choose another file with -o"),
        }
    } else if io::load(out).is_ok() {
        match lang {
            Lang::Zh => format!("{shown} 是一份草稿，导出不会覆盖草稿；请用 -o 指定另一个文件"),
            Lang::En => {
                format!("{shown} is a draft; an export never overwrites a draft; choose another file with -o")
            }
        }
    } else if !force {
        match lang {
            Lang::Zh => format!("{shown} 已存在，未覆盖；加 --force 覆盖，或换一个文件名"),
            Lang::En => format!("{shown} already exists; not overwritten (--force replaces it)"),
        }
    } else {
        return None;
    };
    eprintln!("nianbao: {why}");
    Some(EXIT_UNUSABLE)
}

/// Writes a command's result atomically to `output`, or to standard output.
fn write_output(output: Option<&Path>, bytes: &[u8], draft: &Path, lang: Lang) -> u8 {
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
            eprintln!("{}{}", lang.pick("已写入：", "written: "), crate::sanitize::path(file));
            0
        }
        Err(e) => fail(&e, lang),
    }
}

/// A published report's bytes read into a draft: by a child process of
/// this binary under limits (see `import::isolate`), in process only when
/// the binary cannot be found. The refusal is printed.
fn read_published(published: &Path, bytes: &[u8], lang: Lang) -> Result<crate::import::Imported, u8> {
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

fn cmd_import(published: &Path, output: &Path, fmt: OutputFormat, lang: Lang) -> u8 {
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
        eprintln!(
            "nianbao: {}: {}",
            crate::sanitize::path(published),
            lang.pick(
                "没有找到任何表格或正文栏目，未写入草稿",
                "no table and no section of the report was found; no draft written"
            )
        );
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
            let counts = |zh: bool| {
                let (t, c, x, sep) = if zh {
                    ("表格", "单元格", "正文栏目", "，")
                } else {
                    ("tables", "cells", "sections", ", ")
                };
                format!(
                    "{t} {}/{}{sep}{c} {}/{}{sep}{x} {}/{}",
                    summary.tables_found,
                    summary.tables,
                    summary.cells_placed,
                    summary.cells,
                    summary.sections_found,
                    summary.sections
                )
            };
            let shown = crate::sanitize::path(output);
            let line = match (lang, status == 0) {
                (Lang::Zh, true) => {
                    format!("已导入：{shown}（{}）；用 nianbao check 核对勾稽关系", counts(true))
                }
                (Lang::Zh, false) => {
                    format!("已导入：{shown}（{}）；草稿不完整，请按上面的清单补填", counts(true))
                }
                (Lang::En, true) => {
                    format!(
                        "imported: {shown} ({}); nianbao check tells whether its tallies hold",
                        counts(false)
                    )
                }
                (Lang::En, false) => {
                    format!(
                        "imported: {shown} ({}); incomplete: fill in what the list above names",
                        counts(false)
                    )
                }
            };
            let _ = writeln!(err, "{line}");
        }
    }
    status
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
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "警告：{name} 与 {other} 是同一份报告（同一文件，或机关名称和年度相同），将被重复计入；如非有意，请去掉其中一个"
                ),
                Lang::En => format!(
                    "warning: {name} and {other} are the same report (the same file, or the same organ and year) and are counted twice; drop one unless that is intended"
                ),
            }
        );
    }
    for (name, r) in &reports {
        let errors = crate::export::blocking_errors(r).len();
        if errors > 0 {
            eprintln!(
                "{}",
                match lang {
                    Lang::Zh => format!("{name}：{errors} 个勾稽错误（汇总结果也会有错误）"),
                    Lang::En => format!("{name}: {errors} tally errors (the sum will have errors too)"),
                }
            );
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
            eprintln!(
                "{}{} ({})",
                lang.pick("已汇总：", "summed: "),
                crate::sanitize::path(output),
                reports.len()
            );
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
    eprintln!(
        "nianbao: {}: {}",
        crate::sanitize::visible_inline(address),
        lang.pick(
            "没有这个地址（地址形如 requests.new.natural_person、overview.platforms）",
            "no such address (addresses look like requests.new.natural_person, overview.platforms)"
        )
    );
    if !suggestions.is_empty() {
        eprintln!("{} {}", lang.pick("相近的地址：", "similar addresses:"), suggestions.join(", "));
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

/// Man pages for the program and each visible subcommand.
fn cmd_manpages(dir: &Path) -> u8 {
    let cmd = <Cli as clap::CommandFactory>::command();
    let mut pages = vec![("nianbao".to_owned(), cmd.clone())];
    pages.extend(
        cmd.get_subcommands().filter(|c| !c.is_hide_set()).map(|c| {
            (format!("nianbao-{}", c.get_name()), c.clone().name(format!("nianbao-{}", c.get_name())))
        }),
    );
    for (name, page) in pages {
        let mut buf = Vec::new();
        if let Err(e) = clap_mangen::Man::new(page).render(&mut buf) {
            eprintln!("nianbao: {name}.1: {e}");
            return EXIT_UNUSABLE;
        }
        let path = dir.join(format!("{name}.1"));
        if let Err(e) = io::write_atomic(&path, &buf) {
            return fail(&e, Lang::En);
        }
    }
    0
}

fn cmd_diff(a: &Path, b: &Path, lang: Lang) -> u8 {
    let (ra, rb) = match (io::load(a), io::load(b)) {
        (Ok(ra), Ok(rb)) => (ra, rb),
        (Err(e), _) | (_, Err(e)) => return fail(&e, lang),
    };
    let schema = format::schema();
    let shown = |v: &model::Value| {
        if v.is_empty() {
            lang.pick("（空）", "(empty)").to_owned()
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
                lang.pick("；文件未改动", "; the file is unchanged")
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

fn text_line(d: &Diagnostic, lang: Lang) -> String {
    let mut s = format!("{} {} [{}]", i18n::severity_word(d.severity, lang), d.address(), d.rule);
    if let Some(e) = d.expected.filter(|_| d.rule != format::RULE_DATE) {
        let f = d.found.map_or_else(|| lang.pick("未填", "empty").to_owned(), |n| n.to_string());
        if e >= 0 {
            let _ = write!(
                s,
                " {} {e}{}{} {f}",
                lang.pick("应为", "expected"),
                lang.pick("，", ", "),
                lang.pick("实为", "found")
            );
        } else {
            let _ = write!(s, " {} {f}", lang.pick("实为", "found"));
        }
    }
    s.push_str("\n    ");
    s.push_str(&d.message(lang));
    s
}

/// How many `missing` warnings the text output lists before summarising.
const MISSING_SHOWN: usize = 10;

fn cmd_check(files: &[PathBuf], fmt: OutputFormat, previous: Option<&Path>, lang: Lang) -> u8 {
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
    let results = parallel_map(&files, |file| check_one(file, fmt, previous.as_ref(), lang));
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
fn check_one(
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

/// `f` over `items` on every core, results in the items' order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads =
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().filter_map(|w| w.join().ok()).collect()
    });
    for (i, r) in done.into_iter().flatten() {
        slots[i] = Some(r);
    }
    // A worker that panicked leaves its items unchecked: do them here.
    slots.into_iter().zip(items).map(|(r, item)| r.unwrap_or_else(|| f(item))).collect()
}

/// The version of `check --format json`'s objects, in each of them: a
/// script can tell what it reads.
pub const JSON_VERSION: u32 = 1;

/// A draft from standard input (`check -`), at most as large as a draft
/// file may be.
fn load_stdin() -> Result<Report, FileError> {
    io::parse(Path::new("-"), &read_stdin(io::MAX_DRAFT_BYTES)?)
}

/// Standard input (a file argument `-`), at most `limit` bytes.
fn read_stdin(limit: u64) -> Result<Vec<u8>, FileError> {
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
fn drafts_in(files: &[PathBuf], lang: Lang) -> Result<Vec<PathBuf>, u8> {
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
            eprintln!(
                "nianbao: {}: {}",
                crate::sanitize::path(f),
                lang.pick("目录中没有草稿（.ron 文件）", "no drafts (.ron files) in this directory")
            );
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

fn text_report(file: &Path, diags: &[Diagnostic], lang: Lang) -> String {
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
        let _ = match lang {
            Lang::Zh => writeln!(s, "……另有 {missing_hidden} 项未填写（--format json 列出全部）"),
            Lang::En => writeln!(s, "... and {missing_hidden} more empty fields (--format json lists all)"),
        };
    }
    let _ = match lang {
        Lang::Zh => writeln!(s, "{}：{errors} 个错误，{warnings} 个警告", crate::sanitize::path(file)),
        Lang::En => writeln!(s, "{}: {errors} errors, {warnings} warnings", crate::sanitize::path(file)),
    };
    s
}
