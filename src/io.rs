//! Every file read and write of the tool: loading drafts with positioned
//! errors, and atomic saves.
//!
//! A save writes a temporary file beside the target, fsyncs it, gives it
//! the target's permissions, renames it over the target and fsyncs the
//! directory, so a crash or a full disk leaves either the old file or the
//! new one, never half of each. Nothing here ever writes over a file that
//! failed to load: callers only save a `Report` they loaded or created.

use std::fmt::Write as _;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::Report;

/// Why a draft could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read at all.
    #[error("{}: cannot read: {source}", crate::sanitize::path(path))]
    Read { path: PathBuf, source: std::io::Error },
    /// The bytes are not UTF-8 (typically a file saved as GBK).
    #[error(
        "{}:{line}:{col}: the file is not UTF-8 text\nhint: nianbao drafts are UTF-8; if it was saved as GBK, convert it first: iconv -f GBK -t UTF-8 {} > fixed.ron",
        crate::sanitize::path(path),
        crate::sanitize::path(path)
    )]
    NotUtf8 { path: PathBuf, line: usize, col: usize },
    /// RON syntax or schema error, with its position and field.
    #[error("{}", crate::i18n::parse_error(.0, crate::i18n::Lang::En))]
    Parse(Box<ParseDetail>),
    /// The new content could not be written; the old file is unchanged.
    #[error(
        "{}: cannot save: {source} (the previous file, if any, is unchanged)",
        crate::sanitize::path(path)
    )]
    Write { path: PathBuf, source: std::io::Error },
    /// Another nianbao has the draft open in its wizard (or is writing it).
    #[error(
        "{}: already open in another nianbao window ({}); close that one first (two editors would overwrite each other's work)",
        crate::sanitize::path(path),
        crate::sanitize::visible_inline(holder)
    )]
    Locked { path: PathBuf, holder: String },
    /// The draft is read-only; it is not rewritten without being asked.
    #[error(
        "{}: the file is read-only; nianbao does not rewrite it unless asked (make it writable with `chmod u+w {}`, or save elsewhere)",
        crate::sanitize::path(path),
        crate::sanitize::path(path)
    )]
    ReadOnly { path: PathBuf },
    /// The result would not load back: nothing was written.
    #[error(
        "{}: not written, because the result could not be read back: {}",
        crate::sanitize::path(path),
        crate::sanitize::visible(reason)
    )]
    Unreadable { path: PathBuf, reason: String },
    /// A new draft would replace an existing file.
    #[error(
        "{}: already exists; nianbao will not overwrite it (open it with `nianbao edit {}`, or choose another name)",
        crate::sanitize::path(path),
        crate::sanitize::path(path)
    )]
    Exists { path: PathBuf },
}

/// Where and why a draft could not be read.
#[derive(Debug)]
pub struct ParseDetail {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    /// The field being read (or, when `in_value` is false, the last one read).
    pub field: Option<crate::format::FieldId>,
    pub in_value: bool,
    /// The text of the value at the error, as written in the file.
    pub literal: Option<String>,
    pub problem: crate::model::Problem,
    /// ron's own error, for the problems our reader did not name.
    pub code: ron::Error,
}

/// The token starting at a 1-based line and character column: what the
/// user wrote there, quoted back instead of ron's rendering of it.
fn token_at(text: &str, line: usize, col: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let mut skip = col.checked_sub(1)?;
    // ron's span of a value may start after its opening quote or its sign.
    if skip > 0 && matches!(l.chars().nth(skip - 1), Some('"' | '-' | '+')) {
        skip -= 1;
    }
    let rest: String = l.chars().skip(skip).collect();
    let rest = rest.trim_start();
    let token: String = if let Some(body) = rest.strip_prefix('"') {
        let end = body.find('"').map_or(rest.len(), |i| i + 2);
        rest[..end].to_owned()
    } else {
        rest.chars().take_while(|c| !matches!(c, ',' | ')' | '(' | ']') && !c.is_whitespace()).collect()
    };
    (!token.is_empty()).then_some(token)
}

/// Line and column (1-based, in characters) of a byte offset. Only on the
/// error path, so a plain count beats pulling in a byte-counting crate.
#[allow(clippy::naive_bytecount)]
fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, col)
}

/// How a draft's text was written, kept on every save: a UTF-8 byte-order
/// mark (Windows Notepad writes one) and CRLF line endings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStyle {
    pub bom: bool,
    pub crlf: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl TextStyle {
    /// The style of a file's bytes: its BOM, and the ending of its first line.
    #[must_use]
    pub fn of(bytes: &[u8]) -> TextStyle {
        let bom = bytes.starts_with(BOM);
        let crlf = bytes.iter().position(|&b| b == b'\n').is_some_and(|i| i > 0 && bytes[i - 1] == b'\r');
        TextStyle { bom, crlf }
    }

    /// `text` (with `\n` line ends) in this style.
    #[must_use]
    pub fn apply(self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.bom {
            out.extend_from_slice(BOM);
        }
        if self.crlf {
            out.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        } else {
            out.extend_from_slice(text.as_bytes());
        }
        out
    }
}

/// Parses draft text in any [`TextStyle`]; `path` only labels errors.
///
/// # Errors
/// [`FileError::NotUtf8`] or [`FileError::Parse`] with line and column.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Report, FileError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = position(bytes, e.valid_up_to());
        FileError::NotUtf8 { path: path.to_owned(), line, col }
    })?;
    // CR before LF is a line ending, not text: removing it moves no line
    // and no column before the end of a line.
    let text: std::borrow::Cow<str> =
        if text.contains('\r') { text.replace("\r\n", "\n").into() } else { text.into() };
    Report::from_ron_detailed(&text).map_err(|f| {
        let f = *f;
        let start = f.error.span.start;
        let problem = f.problem.unwrap_or(crate::model::Problem::Syntax);
        let literal = token_at(&text, start.line, start.col);
        FileError::Parse(Box::new(ParseDetail {
            path: path.to_owned(),
            line: start.line,
            col: start.col,
            field: f.field,
            in_value: f.in_value,
            literal,
            problem,
            code: f.error.code,
        }))
    })
}

/// Loads a draft.
///
/// # Errors
/// A [`FileError`] naming the path (and line and column for bad content).
pub fn load(path: &Path) -> Result<Report, FileError> {
    load_with_identity(path).map(|(r, _)| r)
}

/// Loads a draft together with what the file was when it was read.
///
/// # Errors
/// As [`load`].
pub fn load_with_identity(path: &Path) -> Result<(Report, Identity), FileError> {
    let bytes = fs::read(path).map_err(|source| FileError::Read { path: path.to_owned(), source })?;
    let meta = fs::metadata(path).map_err(|source| FileError::Read { path: path.to_owned(), source })?;
    let report = parse(path, &bytes)?;
    Ok((report, Identity::of(&bytes, &meta)))
}

/// What a draft file was at one moment: enough to tell later whether
/// something else (`set`, another editor, `git pull`) changed it since.
/// Two identities are the same file content when size and hash agree; the
/// modification time is kept for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub size: u64,
    /// Modification time, in nanoseconds since the epoch.
    pub mtime_ns: i128,
    /// FNV-1a (64 bit) of the bytes: a change detector, not a signature.
    pub hash: u64,
}

impl Identity {
    /// The identity of a file's bytes as read.
    #[must_use]
    pub fn of(bytes: &[u8], meta: &fs::Metadata) -> Identity {
        use std::os::unix::fs::MetadataExt;
        let mtime_ns = i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec());
        let hash = bytes
            .iter()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        Identity { size: bytes.len() as u64, mtime_ns, hash }
    }

    /// The identity of the file at `path` now; `None` when there is none.
    ///
    /// # Errors
    /// The file exists but cannot be read.
    pub fn read(path: &Path) -> Result<Option<Identity>, FileError> {
        let err = |source| FileError::Read { path: path.to_owned(), source };
        match fs::read(path) {
            Ok(bytes) => Ok(Some(Identity::of(&bytes, &fs::metadata(path).map_err(err)?))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(err(e)),
        }
    }

    /// Whether two identities are the same content.
    #[must_use]
    pub fn same_content(a: Option<Identity>, b: Option<Identity>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => a.size == b.size && a.hash == b.hash,
            _ => false,
        }
    }

    fn to_header(self) -> String {
        format!("size={} mtime_ns={} hash={:016x}", self.size, self.mtime_ns, self.hash)
    }

    fn from_header(s: &str) -> Option<Identity> {
        let mut size = None;
        let mut mtime_ns = None;
        let mut hash = None;
        for part in s.split_whitespace() {
            let (k, v) = part.split_once('=')?;
            match k {
                "size" => size = v.parse().ok(),
                "mtime_ns" => mtime_ns = v.parse().ok(),
                "hash" => hash = u64::from_str_radix(v, 16).ok(),
                _ => {}
            }
        }
        Some(Identity { size: size?, mtime_ns: mtime_ns?, hash: hash? })
    }
}

/// The text of `report` as saved, checked by loading it back: a result
/// that `check` would refuse (a count over the limit, a year out of range)
/// is never written.
fn checked_text(path: &Path, report: &Report) -> Result<String, FileError> {
    let text = report
        .to_ron()
        .map_err(|e| FileError::Unreadable { path: path.to_owned(), reason: e.to_string() })?;
    match Report::from_ron(&text) {
        Ok(back) if back == *report => Ok(text),
        Ok(_) => Err(FileError::Unreadable {
            path: path.to_owned(),
            reason: "the saved text would load back differently".to_owned(),
        }),
        Err(e) => {
            let line = text.lines().nth(e.span.start.line.saturating_sub(1)).unwrap_or("").trim();
            Err(FileError::Unreadable { path: path.to_owned(), reason: format!("{} (at `{line}`)", e.code) })
        }
    }
}

/// Saves a draft atomically, keeping the existing file's permissions,
/// owner, line endings and byte-order mark. A read-only draft is refused.
///
/// # Errors
/// [`FileError::ReadOnly`], [`FileError::Unreadable`] or
/// [`FileError::Write`]; the previous file is then unchanged.
pub fn save(path: &Path, report: &Report) -> Result<Saved, FileError> {
    save_with(path, report, false)
}

/// What a save did beyond writing the draft.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The draft had comments that could not be kept in place: the file as
    /// it was before the save was copied here.
    pub comments_copy: Option<PathBuf>,
}

/// As [`save`]; `over_read_only` writes a read-only draft too (the user
/// asked for it).
///
/// A draft with comments (`//`, `/* */`) keeps them: only the values that
/// changed are rewritten in its text. Where that is not possible (a layout
/// the patcher does not follow) the file is written afresh and a copy of
/// the old one kept beside it, named in [`Saved::comments_copy`].
///
/// # Errors
/// As [`save`].
pub fn save_with(path: &Path, report: &Report, over_read_only: bool) -> Result<Saved, FileError> {
    let fresh = checked_text(path, report)?;
    let target = resolve(path);
    let existing = fs::metadata(&target).ok();
    if !over_read_only && existing.as_ref().is_some_and(is_read_only) {
        return Err(FileError::ReadOnly { path: path.to_owned() });
    }
    let before = existing.and_then(|_| fs::read(&target).ok()).unwrap_or_default();
    let style = TextStyle::of(&before);
    let original = std::str::from_utf8(before.strip_prefix(BOM).unwrap_or(&before))
        .ok()
        .filter(|t| crate::ron_text::has_comments(t))
        .map(|t| t.replace("\r\n", "\n"));
    let mut saved = Saved::default();
    let text = match original {
        None => fresh,
        Some(original) => {
            let patched = Report::from_ron(&original)
                .ok()
                .and_then(|old| crate::ron_text::patch(&original, &old, report, &fresh));
            if let Some(patched) = patched {
                patched
            } else {
                let copy = free_name(&target, "before-save");
                fs::write(&copy, &before)
                    .map_err(|source| FileError::Write { path: copy.clone(), source })?;
                saved.comments_copy = Some(copy);
                fresh
            }
        }
    };
    replace(path, &style.apply(&text), None)?;
    Ok(saved)
}

fn is_read_only(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o222 == 0
}

/// Writes a new draft, refusing to replace an existing file.
///
/// # Errors
/// [`FileError::Exists`], [`FileError::Unreadable`] or [`FileError::Write`].
pub fn create(path: &Path, report: &Report) -> Result<(), FileError> {
    if path.exists() {
        return Err(FileError::Exists { path: path.to_owned() });
    }
    let text = checked_text(path, report)?;
    replace(path, text.as_bytes(), None)
}

/// The file a path names, symlinks and `..` resolved; for a file that does
/// not exist yet, its resolved directory and its name.
#[must_use]
pub fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (fs::canonicalize(dir), path.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_owned(),
    }
}

/// A name beside `path` that no file has yet: `STEM.TAG.EXT`, then
/// `STEM.TAG-2.EXT`, … (for a copy the user should find next to the draft).
#[must_use]
pub fn free_name(path: &Path, tag: &str) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map_or_else(|| "ron".to_owned(), |e| e.to_string_lossy().into_owned());
    (1..=10_000)
        .map(|n| {
            let tag = if n == 1 { tag.to_owned() } else { format!("{tag}-{n}") };
            path.with_file_name(format!("{stem}.{tag}.{ext}"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.to_owned())
}

/// The comment that names last year's draft, written by `new --from`.
const PREVIOUS_NOTE: &str = "// nianbao previous: ";

/// Writes the comment naming last year's draft at the top of `draft`
/// (the path as given, relative to the draft's directory when possible).
///
/// # Errors
/// A [`FileError`] if the draft cannot be read or written.
pub fn note_previous(draft: &Path, previous: &Path) -> Result<(), FileError> {
    let text =
        fs::read_to_string(draft).map_err(|source| FileError::Read { path: draft.to_owned(), source })?;
    let dir = resolve(draft).parent().map(Path::to_path_buf);
    let prev = fs::canonicalize(previous).unwrap_or_else(|_| previous.to_owned());
    let shown = dir.and_then(|d| prev.strip_prefix(d).ok().map(Path::to_path_buf)).unwrap_or(prev);
    let line = format!("{PREVIOUS_NOTE}{}\n", shown.display());
    write_atomic(draft, format!("{line}{text}").as_bytes())
}

/// Last year's draft named in `draft`'s comment, if any, resolved against
/// the draft's directory.
#[must_use]
pub fn noted_previous(draft: &Path) -> Option<PathBuf> {
    let text = fs::read_to_string(draft).ok()?;
    let name = text.lines().take(5).find_map(|l| l.strip_prefix(PREVIOUS_NOTE))?.trim();
    let p = Path::new(name);
    Some(if p.is_absolute() { p.to_owned() } else { resolve(draft).parent()?.join(p) })
}

/// Whether a file can be created in `dir` (tried, not guessed from the
/// mode bits, which say nothing about root, ACLs or read-only mounts).
#[must_use]
pub fn dir_writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".nianbao-probe-{}", std::process::id()));
    match fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            true
        }
        Err(_) => false,
    }
}

/// Where a draft whose directory cannot be written can be saved: the same
/// name in the current directory, else in the home directory (a new name
/// if taken), or `None` when neither can be written.
#[must_use]
pub fn writable_copy_path(draft: &Path) -> Option<PathBuf> {
    let name = draft.file_name()?;
    let own = resolve(draft).parent().map(Path::to_path_buf);
    let candidates = [std::env::current_dir().ok(), std::env::var_os("HOME").map(PathBuf::from)];
    candidates
        .into_iter()
        .flatten()
        .filter(|d| fs::canonicalize(d).ok() != own)
        .find(|d| dir_writable(d))
        .map(|d| {
            let p = d.join(name);
            if p.exists() { free_name(&p, "copy") } else { p }
        })
}

/// Whether a lock failed because the draft's directory cannot be written.
#[must_use]
pub fn is_unwritable_place(e: &FileError) -> bool {
    matches!(e, FileError::Write { source, .. }
        if matches!(source.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem))
}

/// A file beside the draft: `.NAME.SUFFIX` in the draft's real directory.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let real = resolve(path);
    let name = real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    real.with_file_name(format!(".{name}.{suffix}"))
}

/// The recovery file of a draft: `.NAME.recover` beside it.
#[must_use]
pub fn recovery_path(path: &Path) -> PathBuf {
    beside(path, "recover")
}

/// Unsaved work of a wizard that lost its terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub report: Report,
    /// What the draft on disk was when the wizard opened it (or last saved
    /// it); `None` for a draft not on disk yet.
    pub draft: Option<Identity>,
    /// A cell or line being typed and not yet confirmed: its address and
    /// the text typed.
    pub pending: Option<(String, String)>,
}

const REC_DRAFT: &str = "// draft: ";
const REC_PENDING: &str = "// pending: ";

/// Writes the recovery file of `draft` atomically, with the draft's
/// permissions (never wider) and owner.
///
/// # Errors
/// [`FileError::Write`] (or [`FileError::Unreadable`]).
pub fn write_recovery(draft: &Path, rec: &Recovery) -> Result<(), FileError> {
    let path = recovery_path(draft);
    let mut text = format!(
        "// nianbao: unsaved changes to {}, kept when the wizard lost its terminal.\n\
         // The next `nianbao {}` offers to restore them.\n",
        draft.display(),
        draft.display()
    );
    text.push_str(REC_DRAFT);
    text.push_str(&rec.draft.map_or_else(|| "none".to_owned(), Identity::to_header));
    text.push('\n');
    if let Some((address, typed)) = &rec.pending {
        let quoted = ron::to_string(typed).unwrap_or_default();
        let _ = writeln!(text, "{REC_PENDING}{address} {quoted}");
    }
    text.push_str(&checked_text(&path, &rec.report)?);
    let like = fs::metadata(resolve(draft)).ok();
    replace(&path, text.as_bytes(), Some(like.as_ref().map_or(0o600, mode_of)))
}

/// Reads the recovery file of `draft`, if there is one.
///
/// # Errors
/// The file exists but cannot be read or parsed.
pub fn read_recovery(draft: &Path) -> Result<Option<Recovery>, FileError> {
    let path = recovery_path(draft);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(FileError::Read { path, source }),
    };
    let report = parse(&path, &bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut rec = Recovery { report, draft: None, pending: None };
    for line in text.lines().take_while(|l| l.starts_with("//")) {
        if let Some(h) = line.strip_prefix(REC_DRAFT) {
            rec.draft = Identity::from_header(h);
        } else if let Some(p) = line.strip_prefix(REC_PENDING)
            && let Some((address, quoted)) = p.split_once(' ')
            && let Ok(typed) = ron::from_str::<String>(quoted)
        {
            rec.pending = Some((address.to_owned(), typed));
        }
    }
    Ok(Some(rec))
}

/// An advisory lock on a draft, held while a wizard has it open or a
/// command writes it; released (and its lock file removed) when dropped.
#[derive(Debug)]
pub struct DraftLock {
    file: fs::File,
    path: PathBuf,
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        // Remove the name first, then unlock: a process waiting on the old
        // inode retries on the new one.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The lock file of a draft: `.NAME.lock` beside the file the path
/// resolves to, so a symlink and its target share one lock.
#[must_use]
pub fn lock_path(path: &Path) -> PathBuf {
    beside(path, "lock")
}

/// Who holds a lock, as written in the lock file.
fn holder_text() -> String {
    let host = fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "?".to_owned());
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format!("pid {} on {host} since {}", std::process::id(), utc_time(secs))
}

/// `YYYY-MM-DD HH:MM UTC` of a time in seconds since the epoch.
#[must_use]
pub fn utc_time(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    let rem = secs % 86_400;
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", rem / 3600, rem % 3600 / 60)
}

/// Year, month and day of a day count since 1970-01-01 (proleptic
/// Gregorian; H. Hinnant's civil-from-days).
#[must_use]
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Takes the draft's lock, so one writer at a time changes a draft. The
/// lock is a separate file because saves replace the draft's own inode;
/// it holds who has it, for the message another process shows.
///
/// # Errors
/// [`FileError::Locked`] (naming the holder) when another process holds
/// it; [`FileError::Write`] when the lock file cannot be created.
pub fn lock_draft(path: &Path) -> Result<DraftLock, FileError> {
    let lock = lock_path(path);
    for _ in 0..3 {
        let mut file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock)
            .map_err(|source| FileError::Write { path: lock.clone(), source })?;
        match file.try_lock() {
            Ok(()) => {
                // The holder that dropped its lock removed the name: if this
                // inode is no longer the lock file, take the new one.
                let same = fs::metadata(&lock).ok().zip(file.metadata().ok()).is_some_and(|(a, b)| {
                    use std::os::unix::fs::MetadataExt;
                    a.ino() == b.ino() && a.dev() == b.dev()
                });
                if !same {
                    continue;
                }
                let _ = file.set_len(0);
                let _ = file.write_all(holder_text().as_bytes());
                return Ok(DraftLock { file, path: lock });
            }
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&lock).unwrap_or_default().trim().to_owned();
                return Err(FileError::Locked { path: path.to_owned(), holder });
            }
            Err(fs::TryLockError::Error(source)) => return Err(FileError::Write { path: lock, source }),
        }
    }
    Err(FileError::Locked { path: path.to_owned(), holder: String::new() })
}

fn mode_of(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

/// Replaces `path` with `bytes` atomically.
///
/// # Errors
/// [`FileError::Write`]; the previous file is then unchanged and the
/// temporary file removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    replace(path, bytes, None)
}

/// Replaces the file `path` resolves to with `bytes`: a temporary file
/// beside it (created with the final mode, never wider), fsynced, given
/// the old file's owner and group where permitted, renamed over it, and
/// the directory fsynced. `mode` overrides the mode (default: the old
/// file's, or 0666 less the umask for a new one). Temporary files a killed
/// save left behind are removed first.
fn replace(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<(), FileError> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
    let err = |source| FileError::Write { path: path.to_owned(), source };
    let target = resolve(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    remove_stale_temps(&dir, &prefix);
    let old = fs::metadata(&target).ok();
    let mode = mode.or_else(|| old.as_ref().map(mode_of));
    let tmp = dir.join(format!("{prefix}{}.tmp", std::process::id()));
    let result = (|| {
        let open = || {
            let mut o = fs::OpenOptions::new();
            o.write(true).create_new(true).mode(mode.unwrap_or(0o666) & 0o777);
            o.open(&tmp)
        };
        let mut f = match open() {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                fs::remove_file(&tmp)?;
                open()?
            }
            other => other?,
        };
        f.write_all(bytes)?;
        if let Some(m) = mode {
            f.set_permissions(fs::Permissions::from_mode(m))?;
        }
        if let Some(meta) = &old {
            // Only root (or the owner, for its own groups) may; elsewhere
            // the file keeps the saver's ownership, as any editor's would.
            let _ = std::os::unix::fs::fchown(&f, Some(meta.uid()), Some(meta.gid()));
        }
        f.sync_all()?;
        fs::rename(&tmp, &target)?;
        if let Ok(d) = fs::File::open(&dir) {
            // Directory fsync makes the rename durable; not every platform
            // allows it, and the data is already safe in either name.
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// Removes `PREFIXPID.tmp` files whose process is gone (a save killed
/// between creating and renaming its temporary file).
fn remove_stale_temps(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) =
            name.to_str().and_then(|n| n.strip_prefix(prefix)).and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid == std::process::id() || !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters() {
        let b = "ab\n中文x".as_bytes();
        assert_eq!(position(b, 0), (1, 1));
        assert_eq!(position(b, 3), (2, 1));
        assert_eq!(position(b, 9), (2, 3));
    }
}
