//! Every file read and write of the tool: loading drafts with positioned
//! errors, and atomic saves.
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

/// Why a draft could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read at all.
    #[error("{path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// The bytes are not UTF-8 (typically a file saved as GBK).
    #[error(
        "{path}:{line}:{col}: the file is not UTF-8 text\nhint: nianbao drafts are UTF-8; if it was saved as GBK, convert it first: iconv -f GBK -t UTF-8 {path} > fixed.ron"
    )]
    NotUtf8 { path: PathBuf, line: usize, col: usize },
    /// RON syntax or schema error, with its position.
    #[error("{path}:{line}:{col}: {message}\nhint: {hint}")]
    Parse { path: PathBuf, line: usize, col: usize, message: String, hint: &'static str },
    /// The new content could not be written; the old file is unchanged.
    #[error("{path}: cannot save: {source} (the previous file, if any, is unchanged)")]
    Write { path: PathBuf, source: std::io::Error },
    /// Another nianbao has the draft open in its wizard.
    #[error(
        "{path}: already open in another nianbao window; close that one first (two editors would overwrite each other's work)"
    )]
    Locked { path: PathBuf },
    /// A new draft would replace an existing file.
    #[error(
        "{path}: already exists; nianbao will not overwrite it (open it with `nianbao edit {path}`, or choose another name)"
    )]
    Exists { path: PathBuf },
}

fn hint_for(code: &ron::Error) -> &'static str {
    use ron::Error as E;
    match code {
        E::Eof => "the file ends too early: was it cut off? Compare it with a draft made by `nianbao new`",
        E::NoSuchStructField { .. } => {
            "remove or rename this field; `nianbao new` writes a draft with every field name"
        }
        E::InvalidValueForType { .. } => {
            "counts are bare whole numbers (5), amounts are quoted decimals (\"12.5\"), text is in double quotes, an empty cell is None"
        }
        E::ExpectedComma | E::ExpectedStructLikeEnd | E::ExpectedMapEnd | E::ExpectedArrayEnd => {
            "a comma or a closing parenthesis is missing around here"
        }
        E::ExpectedString | E::ExpectedStringEnd => {
            "text must be in double quotes; a quote inside text is written \\\""
        }
        E::Message(m) if m.contains("format version") || m.contains("`format`") => {
            "this draft was written for another format; check the `format:` line at the top"
        }
        E::Message(m) if m.contains("negative") || m.contains("whole number") || m.contains("too large") => {
            "correct the number at this position"
        }
        _ => "fix the file at this position, or check it against a draft made by `nianbao new`",
    }
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

/// Parses draft text; `path` only labels errors.
///
/// # Errors
/// [`FileError::NotUtf8`] or [`FileError::Parse`] with line and column.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Report, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = position(bytes, e.valid_up_to());
        FileError::NotUtf8 { path: path.to_owned(), line, col }
    })?;
    Report::from_ron(text).map_err(|e| FileError::Parse {
        path: path.to_owned(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
        hint: hint_for(&e.code),
    })
}

/// Loads a draft.
///
/// # Errors
/// A [`FileError`] naming the path (and line and column for bad content).
pub fn load(path: &Path) -> Result<Report, FileError> {
    let bytes = fs::read(path).map_err(|source| FileError::Read { path: path.to_owned(), source })?;
    parse(path, &bytes)
}

/// Saves a draft atomically, keeping the existing file's permissions.
///
/// # Errors
/// [`FileError::Write`]; the previous file is then unchanged.
pub fn save(path: &Path, report: &Report) -> Result<(), FileError> {
    let text = report.to_ron().map_err(|e| FileError::Write {
        path: path.to_owned(),
        source: std::io::Error::other(e.to_string()),
    })?;
    write_atomic(path, text.as_bytes())
}

/// Writes a new draft, refusing to replace an existing file.
///
/// # Errors
/// [`FileError::Exists`] or [`FileError::Write`].
pub fn create(path: &Path, report: &Report) -> Result<(), FileError> {
    if path.exists() {
        return Err(FileError::Exists { path: path.to_owned() });
    }
    save(path, report)
}

/// An advisory lock on a draft, held while the wizard has it open; released
/// (and its lock file removed) when dropped.
#[derive(Debug)]
pub struct DraftLock {
    file: fs::File,
    path: PathBuf,
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
        let _ = fs::remove_file(&self.path);
    }
}

/// The lock file of a draft: `.NAME.lock` beside it.
#[must_use]
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.lock"))
}

/// Takes the draft's lock, so two wizards never edit one file. The lock
/// is a separate file because saves replace the draft's own inode.
///
/// # Errors
/// [`FileError::Locked`] when another process holds it; [`FileError::Write`]
/// when the lock file cannot be created.
pub fn lock_draft(path: &Path) -> Result<DraftLock, FileError> {
    let lock = lock_path(path);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|source| FileError::Write { path: lock.clone(), source })?;
    match file.try_lock() {
        Ok(()) => Ok(DraftLock { file, path: lock }),
        Err(fs::TryLockError::WouldBlock) => Err(FileError::Locked { path: path.to_owned() }),
        Err(fs::TryLockError::Error(source)) => Err(FileError::Write { path: lock, source }),
    }
}

/// Replaces `path` with `bytes` atomically.
///
/// # Errors
/// [`FileError::Write`]; the previous file is then unchanged and the
/// temporary file removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let err = |source| FileError::Write { path: path.to_owned(), source };
    // Follow a symlink so the link stays a link and its target is updated.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = fs::metadata(&target) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
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
