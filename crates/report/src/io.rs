//! Drafts and the files beside them on disk: loading with positioned
//! errors, atomic saves, locks (`io/lock.rs`), recovery files
//! (`io/recovery.rs`), and files opened safely in shared folders
//! (`io/files.rs`). The export's
//! PDF conversion and the import's child process keep their temporary
//! files and pipes to themselves.
//!
//! A save writes a temporary file beside the target, fsyncs it, gives it
//! the target's permissions, renames it over the target and fsyncs the
//! directory, so a crash or a full disk leaves either the old file or the
//! new one, never half of each. Nothing here ever writes over a file that
//! failed to load: callers only save a `Report` they loaded or created.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::Report;

mod files;
mod lock;
mod recovery;
pub use files::Kind;
use files::{Like, OpenError};
pub use lock::{DraftLock, lock_draft, lock_path};
pub use recovery::{
    Recovery, fallback_recovery_path, read_recovery, recovery_blocked, recovery_path, remove_recovery,
    write_recovery,
};

/// The largest draft (or recovery file) read: a real report is 20–60 KB;
/// past this a file is not a draft, and reading it would cost the machine.
pub const MAX_DRAFT_BYTES: u64 = 16 << 20;

/// Why a draft could not be loaded or saved.
/// Its text, in either language, is [`crate::i18n::file_error`] (and
/// `Display`, in English, from there).
#[derive(Debug)]
pub enum FileError {
    /// The file could not be read at all.
    Read { path: PathBuf, source: std::io::Error },
    /// The bytes are not UTF-8 (typically a file saved as GBK).
    NotUtf8 { path: PathBuf, line: usize, col: usize },
    /// RON syntax or schema error, with its position and field.
    Parse(Box<ParseDetail>),
    /// The new content could not be written; the old file is unchanged.
    Write { path: PathBuf, source: std::io::Error },
    /// Another nianbao has the draft open in its wizard (or is writing it).
    Locked { path: PathBuf, holder: String },
    /// The draft is read-only; it is not rewritten without being asked.
    ReadOnly { path: PathBuf },
    /// The result would not load back: nothing was written.
    Unreadable { path: PathBuf, reason: String },
    /// Something other than a plain file (a symbolic link, a named pipe, a
    /// directory, a hard link) stands where nianbao would write one of its
    /// own files: planted there, or left by a script. Nothing was written.
    Planted { path: PathBuf, kind: Kind },
    /// A draft (or input) that is not a regular file: nianbao does not wait
    /// on a named pipe or read a device.
    NotAFile { path: PathBuf, kind: Kind },
    /// Larger than any draft (or report) nianbao reads: not read.
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    /// The same file is open in a wizard under another of its names (a
    /// hard link).
    LockedElsewhere { path: PathBuf },
    /// A new draft would replace an existing file.
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

/// The byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let line_start: usize = text.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum();
    let l = text.get(line_start..)?;
    Some(line_start + l.char_indices().nth(col.checked_sub(1)?).map_or(l.len(), |(i, _)| i))
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
        // A syntax error right after a string that ran over lines: the
        // quote missing where that string starts is the mistake to point at.
        let open = matches!(problem, crate::model::Problem::Syntax)
            .then(|| offset_of(&text, start.line, start.col))
            .flatten()
            .and_then(|at| crate::model::ron::text::open_string_before(&text, at));
        if let Some((from, to)) = open {
            let (line, col) = position(text.as_bytes(), from);
            let (ends_line, _) = position(text.as_bytes(), to);
            return FileError::Parse(Box::new(ParseDetail {
                path: path.to_owned(),
                line,
                col,
                field: None,
                in_value: false,
                literal: None,
                problem: crate::model::Problem::OpenString { ends_line },
                code: f.error.code,
            }));
        }
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
    let (bytes, meta) = read_draft(path)?;
    let report = parse(path, &bytes)?;
    Ok((report, Identity::of(&bytes, &meta)))
}

/// The bytes and metadata of the draft `path` names (through a link the
/// user made, if it is one): a regular file of at most
/// [`MAX_DRAFT_BYTES`]; a named pipe or a device is refused, not waited on.
///
/// # Errors
/// [`FileError::Read`], [`FileError::NotAFile`] or [`FileError::TooLarge`].
pub fn read_draft(path: &Path) -> Result<(Vec<u8>, fs::Metadata), FileError> {
    files::read_regular(path, true, MAX_DRAFT_BYTES).map_err(|e| read_error(path, e, MAX_DRAFT_BYTES))
}

/// A failed read as the error the user sees; `limit`: what was allowed.
fn read_error(path: &Path, e: OpenError, limit: u64) -> FileError {
    let path = path.to_owned();
    match e {
        OpenError::Planted(kind) => FileError::NotAFile { path, kind },
        OpenError::TooLarge(size) => FileError::TooLarge { path, size, limit },
        OpenError::Io(source) => FileError::Read { path, source },
    }
}

fn write_error(path: &Path, e: OpenError) -> FileError {
    let path = path.to_owned();
    match e {
        OpenError::Planted(kind) => FileError::Planted { path, kind },
        OpenError::TooLarge(_) => FileError::Write { path, source: std::io::ErrorKind::FileTooLarge.into() },
        OpenError::Io(source) => FileError::Write { path, source },
    }
}

/// FNV-1a (64 bit): a change detector and a name, not a signature.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
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
        Identity { size: bytes.len() as u64, mtime_ns, hash: fnv1a(bytes) }
    }

    /// The identity of the file at `path` now; `None` when there is none.
    ///
    /// # Errors
    /// The file exists but cannot be read.
    pub fn read(path: &Path) -> Result<Option<Identity>, FileError> {
        match read_draft(path) {
            Ok((bytes, meta)) => Ok(Some(Identity::of(&bytes, &meta))),
            Err(FileError::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
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
    let before = existing.and_then(|_| read_draft(&target).ok()).map(|(b, _)| b).unwrap_or_default();
    let style = TextStyle::of(&before);
    let original = std::str::from_utf8(before.strip_prefix(BOM).unwrap_or(&before))
        .ok()
        .filter(|t| crate::model::ron::text::has_comments(t))
        .map(|t| t.replace("\r\n", "\n"));
    let mut saved = Saved::default();
    let text = match original {
        None => fresh,
        Some(original) => {
            let patched = Report::from_ron(&original)
                .ok()
                .and_then(|old| crate::model::ron::text::patch(&original, &old, report, &fresh));
            if let Some(patched) = patched {
                patched
            } else {
                let copy = free_name(&target, "before-save");
                refuse_taken(&copy)?;
                replace(&copy, &before, Some(Like::file(&target)), false)?;
                saved.comments_copy = Some(copy);
                fresh
            }
        }
    };
    replace(path, &style.apply(&text), None, true)?;
    Ok(saved)
}

fn is_read_only(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o222 == 0
}

/// Writes a new draft, refusing to replace an existing file (or to follow
/// a link, even one that points nowhere yet).
///
/// # Errors
/// [`FileError::Exists`], [`FileError::Planted`], [`FileError::Unreadable`]
/// or [`FileError::Write`].
pub fn create(path: &Path, report: &Report) -> Result<(), FileError> {
    create_like(path, report, Like::default())
}

/// As [`create`], for a copy of the draft `like` (the copy a save could
/// not write over a changed draft, a recovered version): the draft's mode
/// and owner, never wider.
///
/// # Errors
/// As [`create`].
pub fn create_copy(path: &Path, report: &Report, like: &Path) -> Result<(), FileError> {
    let mut like_draft = Like::file(like);
    if resolve_dir(path).parent() != resolve(like).parent() {
        // A copy in another folder (the user's own) is the user's.
        like_draft.owner = None;
    }
    create_like(path, report, like_draft)
}

/// Renames a file of ours that cannot be read (a damaged recovery file)
/// to a free name beside it, so that nothing overwrites it; returns the
/// new name.
#[must_use]
pub fn set_aside(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let target = (1..100)
        .map(|n| {
            path.with_file_name(if n == 1 {
                format!("{name}.unreadable")
            } else {
                format!("{name}.unreadable-{n}")
            })
        })
        .find(|p| !files::taken(p))?;
    files::planted_at(path).is_none().then_some(())?;
    fs::rename(path, &target).ok().map(|()| target)
}

impl FileError {
    /// The file the error is about.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            FileError::Parse(d) => &d.path,
            FileError::Read { path, .. }
            | FileError::NotUtf8 { path, .. }
            | FileError::Write { path, .. }
            | FileError::Locked { path, .. }
            | FileError::ReadOnly { path }
            | FileError::Unreadable { path, .. }
            | FileError::Planted { path, .. }
            | FileError::NotAFile { path, .. }
            | FileError::TooLarge { path, .. }
            | FileError::LockedElsewhere { path }
            | FileError::Exists { path } => path,
        }
    }
}

fn create_like(path: &Path, report: &Report, like: Like) -> Result<(), FileError> {
    refuse_taken(path)?;
    let text = checked_text(path, report)?;
    replace(path, text.as_bytes(), Some(like), false)
}

/// A new file's name must be free: a plain file there is
/// [`FileError::Exists`], anything else (a link, even a dangling one)
/// [`FileError::Planted`].
fn refuse_taken(path: &Path) -> Result<(), FileError> {
    match files::planted_at(path) {
        Some(kind) => Err(FileError::Planted { path: path.to_owned(), kind }),
        None if files::taken(path) => Err(FileError::Exists { path: path.to_owned() }),
        None => Ok(()),
    }
}

/// The file a path names, symlinks and `..` resolved; for a file that does
/// not exist yet, its resolved directory and its name.
#[must_use]
pub fn resolve(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| resolve_dir(path))
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
        .find(|p| !files::taken(p))
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
    let (bytes, _) = read_draft(draft)?;
    let text = String::from_utf8_lossy(&bytes);
    let dir = resolve(draft).parent().map(Path::to_path_buf);
    let prev = fs::canonicalize(previous).unwrap_or_else(|_| previous.to_owned());
    let shown = dir.and_then(|d| prev.strip_prefix(d).ok().map(Path::to_path_buf)).unwrap_or(prev);
    let line = format!("{PREVIOUS_NOTE}{}\n", shown.display());
    replace(draft, format!("{line}{text}").as_bytes(), None, true)
}

/// Last year's draft named in `draft`'s comment, if any, resolved against
/// the draft's directory.
#[must_use]
pub fn noted_previous(draft: &Path) -> Option<PathBuf> {
    let (bytes, _) = read_draft(draft).ok()?;
    noted_previous_in(draft, &bytes)
}

/// [`noted_previous`] from the draft's bytes already read.
#[must_use]
pub fn noted_previous_in(draft: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let text = String::from_utf8_lossy(bytes.get(..bytes.len().min(4096)).unwrap_or(bytes));
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
            if files::taken(&p) { free_name(&p, "copy") } else { p }
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

/// Replaces `path` with `bytes` atomically (a file of the tool's own: the
/// preferences, a man page); as [`write_output`] with no draft to follow.
///
/// # Errors
/// As [`write_output`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_output(path, bytes, None)
}

/// Writes an output (an export) at `path` atomically. A plain file there
/// is replaced; a link, a pipe or a directory at the name is refused,
/// never written through. `like`: the draft it comes from, whose mode it
/// never exceeds and whose owner it takes where permitted.
///
/// # Errors
/// [`FileError::Planted`], or [`FileError::Write`]; the previous file is
/// then unchanged and the temporary file removed.
pub fn write_output(path: &Path, bytes: &[u8], like: Option<&Path>) -> Result<(), FileError> {
    replace(path, bytes, like.map(Like::file), false)
}

/// The text of a small file of the tool's own (the preferences): `None`
/// when it is missing, not a plain file (never waited on) or larger than
/// `limit`.
#[must_use]
pub fn read_small(path: &Path, limit: u64) -> Option<String> {
    let (bytes, _) = files::read_regular(path, true, limit).ok()?;
    String::from_utf8(bytes).ok()
}

/// The bytes of an input file (a published report to import), at most
/// `limit`: a regular file, read through a link the user named, never
/// waited on when it is a pipe or a device.
///
/// # Errors
/// [`FileError::Read`], [`FileError::NotAFile`] or [`FileError::TooLarge`].
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    files::read_regular(path, true, limit).map(|(b, _)| b).map_err(|e| read_error(path, e, limit))
}

/// Something other than a plain file at `path` itself (a link is not
/// followed): an output will not be written there.
#[must_use]
pub fn planted(path: &Path) -> Option<FileError> {
    files::planted_at(path).map(|kind| FileError::Planted { path: path.to_owned(), kind })
}

/// `path` with its directory resolved but not its last component.
fn resolve_dir(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (fs::canonicalize(dir), path.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_owned(),
    }
}

/// Replaces the file at `path` with `bytes`: a temporary file beside it
/// (created `O_EXCL` with the final mode, never wider), fsynced, given the
/// owner where permitted, renamed over it, and the directory fsynced.
/// `follow`: a link at `path` is followed (the draft, named through a link
/// by its user); otherwise the name itself is replaced, and anything but a
/// plain file there is refused. `like` sets mode and owner (default: the
/// old file's, or 0666 less the umask for a new one). Temporary files a
/// killed save left behind are removed first.
fn replace(path: &Path, bytes: &[u8], like: Option<Like>, follow: bool) -> Result<(), FileError> {
    let err = |source| FileError::Write { path: path.to_owned(), source };
    let target = if follow { resolve(path) } else { resolve_dir(path) };
    if let Some(kind) = files::planted_at(&target) {
        return Err(FileError::Planted { path: target, kind });
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    remove_stale_temps(&dir, &prefix);
    let like =
        like.unwrap_or_else(|| fs::symlink_metadata(&target).map(|m| Like::meta(&m)).unwrap_or_default());
    let tmp = dir.join(format!("{prefix}{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = match files::create_new(&tmp, like, false) {
            Ok(f) => f,
            // A name of ours, left by a save of this pid or planted: the
            // name goes (a link's target is not touched), then a new file.
            Err(_) if files::taken(&tmp) => {
                fs::remove_file(&tmp)?;
                files::create_new(&tmp, like, false).map_err(|e| open_io(&tmp, e))?
            }
            Err(e) => return Err(open_io(&tmp, e)),
        };
        f.write_all(bytes)?;
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

/// An open error as the system error a write reports.
fn open_io(path: &Path, e: OpenError) -> std::io::Error {
    match e {
        OpenError::Io(e) => e,
        other => std::io::Error::other(write_error(path, other).to_string()),
    }
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
