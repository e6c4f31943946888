//! One writer at a time per draft: the lock a wizard holds while a draft
//! is open, and a command takes while it writes one.
//!
//! Two advisory locks (`flock`) make one: on `.NAME.lock` beside the file
//! the path resolves to (so a symlink, `./` and `../` share it, and a
//! draft not created yet can be locked), and on the draft file itself (so
//! a hard link, another name of the same device and inode, shares it too).
//! The lock file is separate because saves replace the draft's inode; it
//! holds who has it, for the message another process shows. It is opened
//! only as a plain file with one name, never through a link, and gets the
//! draft's mode: a planted link or hard link is refused, not written.
//!
//! The cost: after a save the wizard's `flock` stays on the draft's old
//! inode, so a hard link made to the new one while the wizard is open is
//! not covered (a save through a second name has already parted the two).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::files::{self, Like, OpenError};
use super::{FileError, beside, write_error};

/// An advisory lock on a draft, held while a wizard has it open or a
/// command writes it; released (and its lock file removed) when dropped.
#[derive(Debug)]
pub struct DraftLock {
    file: fs::File,
    path: PathBuf,
    /// The draft itself, locked under every name it has.
    _draft: Option<fs::File>,
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        // Remove the name first, then unlock: a process waiting on the old
        // inode retries on the new one. Only our own file: a name replaced
        // since (by anyone) is left alone.
        let ours = fs::symlink_metadata(&self.path)
            .ok()
            .zip(self.file.metadata().ok())
            .is_some_and(|(a, b)| files::same_file(&a, &b));
        if ours {
            let _ = fs::remove_file(&self.path);
        }
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
    let host = files::read_regular(Path::new("/proc/sys/kernel/hostname"), true, 256)
        .ok()
        .map(|(h, _)| String::from_utf8_lossy(&h).trim().to_owned())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "?".to_owned());
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format!("pid {} on {host} since {}", std::process::id(), crate::calendar::utc_time(secs))
}

/// The lock file, created with the draft's mode or opened if there; `None`
/// when its name vanished between the two (its holder let go).
fn open_lock_file(lock: &Path, like: Like) -> Result<Option<fs::File>, FileError> {
    match files::create_new(lock, like, true) {
        Ok(f) => Ok(Some(f)),
        Err(OpenError::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            match files::open_in_place(lock) {
                Ok(f) => Ok(Some(f)),
                Err(OpenError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(write_error(lock, e)),
            }
        }
        Err(e) => Err(write_error(lock, e)),
    }
}

/// The draft file itself, locked: `None` when there is no draft yet (or
/// the file system has no `flock`).
fn lock_the_file(path: &Path) -> Result<Option<fs::File>, FileError> {
    let file = match files::open_regular(path, true) {
        Ok(f) => f,
        Err(OpenError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(OpenError::Planted(kind)) => return Err(FileError::NotAFile { path: path.to_owned(), kind }),
        Err(_) => return Ok(None),
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(fs::TryLockError::WouldBlock) => Err(FileError::LockedElsewhere { path: path.to_owned() }),
        Err(fs::TryLockError::Error(_)) => Ok(None),
    }
}

/// Takes the draft's lock, so one writer at a time changes a draft.
///
/// # Errors
/// [`FileError::Locked`] (naming the holder) when another process holds
/// it, [`FileError::LockedElsewhere`] when it holds the same file under
/// another name; [`FileError::Planted`] when a link or another non-file
/// stands at the lock's name; [`FileError::Write`] when the lock file
/// cannot be created.
pub fn lock_draft(path: &Path) -> Result<DraftLock, FileError> {
    let lock = lock_path(path);
    let like = Like::file(path);
    for _ in 0..3 {
        let Some(mut file) = open_lock_file(&lock, like)? else { continue };
        match file.try_lock() {
            Ok(()) => {
                // The holder that dropped its lock removed the name: if this
                // inode is no longer the lock file, take the new one.
                let same = fs::symlink_metadata(&lock)
                    .ok()
                    .zip(file.metadata().ok())
                    .is_some_and(|(a, b)| files::same_file(&a, &b));
                if !same {
                    continue;
                }
                let draft = match lock_the_file(path) {
                    Ok(d) => d,
                    Err(e) => {
                        drop(DraftLock { file, path: lock, _draft: None });
                        return Err(e);
                    }
                };
                let _ = file.set_len(0);
                let _ = file.write_all(holder_text().as_bytes());
                return Ok(DraftLock { file, path: lock, _draft: draft });
            }
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = (&file).take(1024).read_to_string(&mut holder);
                return Err(FileError::Locked { path: path.to_owned(), holder: holder.trim().to_owned() });
            }
            Err(fs::TryLockError::Error(source)) => return Err(FileError::Write { path: lock, source }),
        }
    }
    Err(FileError::Locked { path: path.to_owned(), holder: String::new() })
}
