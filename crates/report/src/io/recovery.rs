//! The recovery file: unsaved work of a wizard that lost its terminal.
//!
//! It goes beside the draft as `.NAME.recover`, with the draft's mode and
//! owner. When that name cannot be used — the disk is full, the folder
//! became read-only, or something that is not our recovery file stands
//! there (a link planted in a shared folder, a pipe, a stranger's file) —
//! it goes to a place only the user can write:
//! `$XDG_STATE_HOME/nianbao/NAME.HASH.recover` (by default under
//! `~/.local/state`), where HASH tells drafts of one name apart. The next
//! start looks in both places and says where the work was found.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use super::files::{self, Like};
use super::{
    FileError, Identity, MAX_DRAFT_BYTES, beside, checked_text, parse, read_error, replace, resolve,
};
use crate::model::Report;

/// A recovery file in the user's own state directory: the user's alone.
const PRIVATE: Like = Like { mode: Some(0o600), owner: None };

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

/// The first line of every recovery file: what tells ours from a file
/// that merely has the name.
const REC_HEADER: &str = "// nianbao: unsaved changes to ";
const REC_DRAFT: &str = "// draft: ";
const REC_PENDING: &str = "// pending: ";

/// The second place for the recovery file of `draft`, in the user's own
/// state directory; `None` without a home.
#[must_use]
pub fn fallback_recovery_path(draft: &Path) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    // The XDG spec: a relative value is invalid and must be ignored.
    let base =
        std::env::var_os("XDG_STATE_HOME").map(PathBuf::from).filter(|p| p.is_absolute()).or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|h| h.join(".local/state"))
        })?;
    let real = resolve(draft);
    let name = real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let hash = super::fnv1a(real.as_os_str().as_bytes());
    Some(base.join("nianbao").join(format!("{name}.{hash:016x}.recover")))
}

/// Whether the name beside the draft may take a recovery file: nothing
/// is there, or a plain file that is one of ours.
fn usable(path: &Path) -> bool {
    !files::taken(path) || files::head(path, REC_HEADER.len()).is_some_and(|h| h == REC_HEADER.as_bytes())
}

/// Makes the user's state directory (0700), refusing one that is a link
/// or not the user's.
fn state_dir(dir: &Path) -> Result<(), FileError> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    let err = |source| FileError::Write { path: dir.to_owned(), source };
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(err)?;
    let meta = fs::symlink_metadata(dir).map_err(err)?;
    if let Some(kind) = files::Kind::of(&meta, false).filter(|k| *k != files::Kind::Directory) {
        return Err(FileError::Planted { path: dir.to_owned(), kind });
    }
    // Our effective uid is the owner of /proc/self; without /proc the
    // directory cannot be told ours and is not used.
    let ours = fs::metadata("/proc/self").map(|m| m.uid()).ok();
    if ours != Some(meta.uid()) {
        return Err(err(std::io::ErrorKind::PermissionDenied.into()));
    }
    Ok(())
}

/// Writes the recovery file of `draft` atomically, with the draft's
/// permissions (never wider) and owner; where the name beside the draft
/// cannot be used, in the user's state directory (mode 0600). Returns
/// where it went.
///
/// # Errors
/// Neither place could be written: the first place's error.
pub fn write_recovery(draft: &Path, rec: &Recovery) -> Result<PathBuf, FileError> {
    let path = recovery_path(draft);
    let mut text = format!(
        "{REC_HEADER}{}, kept when the wizard lost its terminal.\n\
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
    // The draft's mode and owner; a draft not on disk yet: the user's alone.
    let like = Some(Like::file(draft)).filter(|l| l.mode.is_some()).unwrap_or(PRIVATE);
    let beside = if usable(&path) {
        replace(&path, text.as_bytes(), Some(like), false)
    } else {
        Err(FileError::Planted { path: path.clone(), kind: kind_at(&path) })
    };
    let first = match beside {
        Ok(()) => {
            // An older recovery in the second place is older than this one.
            if let Some(other) = fallback_recovery_path(draft) {
                let _ = fs::remove_file(other);
            }
            return Ok(path);
        }
        Err(e) => e,
    };
    let Some(other) = fallback_recovery_path(draft) else { return Err(first) };
    let written = other
        .parent()
        .map_or(Ok(()), state_dir)
        .and_then(|()| replace(&other, text.as_bytes(), Some(PRIVATE), false));
    written.map(|()| other).map_err(|_| first)
}

/// What stands at a name that is not usable for a recovery file: a plain
/// file that is not ours counts as a planted one.
fn kind_at(path: &Path) -> files::Kind {
    files::planted_at(path).unwrap_or(files::Kind::HardLink)
}

/// Something beside the draft, where its recovery file goes, that is not
/// a recovery file: a link, a pipe, a directory. It is never read or
/// written; this says so, for the user to remove it.
#[must_use]
pub fn recovery_blocked(draft: &Path) -> Option<FileError> {
    let path = recovery_path(draft);
    let kind = files::planted_at(&path)?;
    Some(FileError::Planted { path, kind })
}

/// Reads the recovery file of `draft`, if there is one: beside the draft
/// (never through a link, never a pipe), else in the second place.
///
/// # Errors
/// The file exists but cannot be read or parsed.
pub fn read_recovery(draft: &Path) -> Result<Option<(Recovery, PathBuf)>, FileError> {
    let here = recovery_path(draft);
    let places = [Some(here), fallback_recovery_path(draft)];
    for path in places.into_iter().flatten() {
        let bytes = match files::read_regular(&path, false, MAX_DRAFT_BYTES) {
            Ok((b, _)) => b,
            Err(files::OpenError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => continue,
            // Not a file (see `recovery_blocked`): not ours to read.
            Err(files::OpenError::Planted(_)) => continue,
            Err(e) => return Err(read_error(&path, e, MAX_DRAFT_BYTES)),
        };
        return parse_recovery(&path, &bytes).map(|r| Some((r, path)));
    }
    Ok(None)
}

fn parse_recovery(path: &Path, bytes: &[u8]) -> Result<Recovery, FileError> {
    let report = parse(path, bytes)?;
    let text = String::from_utf8_lossy(bytes);
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
    Ok(rec)
}

/// Removes the recovery file of `draft` (its work was saved or dropped),
/// in both places; a name beside the draft that is not ours stays.
pub fn remove_recovery(draft: &Path) {
    let here = recovery_path(draft);
    if files::taken(&here) && usable(&here) {
        let _ = fs::remove_file(here);
    }
    if let Some(other) = fallback_recovery_path(draft) {
        let _ = fs::remove_file(other);
    }
}
