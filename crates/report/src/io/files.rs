//! Opening files in places other people can write: a department's shared
//! folder, an account several clerks use, `/tmp`.
//!
//! Anyone who can write the draft's directory can plant a name there
//! before nianbao uses it: a symbolic link to a victim file, a named pipe
//! that blocks a reader forever, a directory, a hard link to someone's
//! file. The kernel's `protected_symlinks` does not help root, and is off
//! on some systems. So every file nianbao creates or reads beside a draft
//! is opened here, with three habits:
//!
//! - never through a symbolic link at the last component (`O_NOFOLLOW`;
//!   new files `O_EXCL`, so not even a dangling link is followed);
//! - never blocking on what is not a regular file (`O_NONBLOCK`, then
//!   `fstat` on the descriptor: the check and the use see the same inode);
//! - never wider than the draft: a new file gets the draft's mode, set
//!   with `fchmod` whatever the umask, and its owner where permitted.
//!
//! The cost: a draft's side files refuse to work through links a user made
//! on purpose (a `.d.ron.lock` link is never legitimate), and every open is
//! followed by an `fstat`.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// What stands at a name where nianbao expected a plain file (or nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Symlink,
    Fifo,
    Directory,
    Device,
    Socket,
    /// A regular file with more than one name: writing into it in place
    /// would change the file under its other names too.
    HardLink,
}

impl Kind {
    /// What a file's metadata says it is, when it is not a plain file with
    /// one name. `in_place`: whether the caller writes into the file (a
    /// hard link matters then, not when the name is replaced by a rename).
    #[must_use]
    pub fn of(meta: &fs::Metadata, in_place: bool) -> Option<Kind> {
        let t = meta.file_type();
        if t.is_symlink() {
            Some(Kind::Symlink)
        } else if t.is_fifo() {
            Some(Kind::Fifo)
        } else if t.is_dir() {
            Some(Kind::Directory)
        } else if t.is_block_device() || t.is_char_device() {
            Some(Kind::Device)
        } else if t.is_socket() {
            Some(Kind::Socket)
        } else if in_place && meta.nlink() > 1 {
            Some(Kind::HardLink)
        } else {
            None
        }
    }
}

/// Why a file could not be opened the safe way.
#[derive(Debug)]
pub enum OpenError {
    /// Something other than a plain file stands at the name.
    Planted(Kind),
    /// Larger than the caller reads.
    TooLarge(u64),
    Io(std::io::Error),
}

impl From<std::io::Error> for OpenError {
    fn from(e: std::io::Error) -> OpenError {
        // ELOOP from O_NOFOLLOW: the last component is a symbolic link.
        if e.raw_os_error() == Some(libc::ELOOP) {
            OpenError::Planted(Kind::Symlink)
        } else if e.kind() == std::io::ErrorKind::IsADirectory {
            OpenError::Planted(Kind::Directory)
        } else {
            OpenError::Io(e)
        }
    }
}

/// The open flags beyond std's (which always sets `O_CLOEXEC`): never
/// block on a pipe, and refuse a link at the last component unless told.
fn flags(follow: bool) -> i32 {
    let f = libc::O_NONBLOCK;
    if follow { f } else { f | libc::O_NOFOLLOW }
}

/// The bytes of the regular file at `path`, at most `limit` of them, and
/// its metadata. `follow`: a symbolic link at the last component is
/// followed (a draft the user named through a link) or refused (a file
/// nianbao keeps beside a draft). A named pipe, a device or a directory is
/// refused without blocking.
///
/// # Errors
/// [`OpenError::Planted`] for anything but a regular file,
/// [`OpenError::TooLarge`] past `limit`, or the system's error.
pub fn read_regular(path: &Path, follow: bool, limit: u64) -> Result<(Vec<u8>, fs::Metadata), OpenError> {
    let file = open_regular(path, follow)?;
    let meta = file.metadata()?;
    if meta.len() > limit {
        return Err(OpenError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The size can change while reading (a file still being written): the
    // limit holds for what is read, not only for what fstat said.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(OpenError::TooLarge(bytes.len() as u64));
    }
    Ok((bytes, meta))
}

/// The regular file at `path`, open for reading; as [`read_regular`].
///
/// # Errors
/// [`OpenError::Planted`] for anything but a regular file, or the
/// system's error.
pub fn open_regular(path: &Path, follow: bool) -> Result<fs::File, OpenError> {
    let file = fs::OpenOptions::new().read(true).custom_flags(flags(follow)).open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = Kind::of(&meta, false) {
        return Err(OpenError::Planted(kind));
    }
    Ok(file)
}

/// The first bytes of the regular file at `path`, not following a link;
/// `None` when there is no such file or it is not a plain one.
#[must_use]
pub fn head(path: &Path, n: usize) -> Option<Vec<u8>> {
    let file = fs::OpenOptions::new().read(true).custom_flags(flags(false)).open(path).ok()?;
    let meta = file.metadata().ok()?;
    if Kind::of(&meta, true).is_some() {
        return None;
    }
    let mut bytes = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// What stands at `path` itself (a link is not followed), if anything
/// other than a plain file; for a name about to be replaced by a rename.
#[must_use]
pub fn planted_at(path: &Path) -> Option<Kind> {
    fs::symlink_metadata(path).ok().and_then(|m| Kind::of(&m, false))
}

/// Whether any directory entry, a dangling link included, has this name.
#[must_use]
pub fn taken(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Mode and owner a new file takes from the draft it belongs to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Like {
    /// Permission bits (no execute, no set-id); `None`: 0666 less the umask.
    pub mode: Option<u32>,
    pub owner: Option<(u32, u32)>,
}

impl Like {
    /// The mode and owner of the file `path` names now (following a link:
    /// the draft as the user named it), if it exists.
    #[must_use]
    pub fn file(path: &Path) -> Like {
        fs::metadata(path).map(|m| Like::meta(&m)).unwrap_or_default()
    }

    /// The mode and owner in `meta`.
    #[must_use]
    pub fn meta(meta: &fs::Metadata) -> Like {
        Like { mode: Some(meta.permissions().mode() & 0o666), owner: Some((meta.uid(), meta.gid())) }
    }
}

/// Creates a new file at `path`: never through a link, never over an
/// existing name (`O_EXCL`), with `like`'s mode exactly (the umask cannot
/// widen it, and cannot narrow a group-shared draft's side files so that
/// its group could not use them) and its owner where permitted.
///
/// # Errors
/// [`OpenError::Planted`] when a link or another non-file has the name;
/// the system's error otherwise (`AlreadyExists` for a plain file).
pub fn create_new(path: &Path, like: Like, read: bool) -> Result<fs::File, OpenError> {
    let file = fs::OpenOptions::new()
        .read(read)
        .write(true)
        .create_new(true)
        .mode(like.mode.unwrap_or(0o666))
        .custom_flags(flags(false))
        .open(path)
        .map_err(|e| match planted_at(path) {
            Some(kind) if e.kind() == std::io::ErrorKind::AlreadyExists => OpenError::Planted(kind),
            _ => OpenError::from(e),
        })?;
    if let Some(mode) = like.mode {
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    if let Some((uid, gid)) = like.owner {
        // Only root (or the owner, for its own groups) may; elsewhere the
        // file keeps the creator's ownership, as any editor's would.
        let _ = std::os::unix::fs::fchown(&file, Some(uid), Some(gid));
    }
    Ok(file)
}

/// Opens the plain file at `path` for reading and writing in place, never
/// through a link and never a file with other names.
///
/// # Errors
/// As [`create_new`]; `NotFound` when there is nothing at the name.
pub fn open_in_place(path: &Path) -> Result<fs::File, OpenError> {
    let file = fs::OpenOptions::new().read(true).write(true).custom_flags(flags(false)).open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = Kind::of(&meta, true) {
        return Err(OpenError::Planted(kind));
    }
    Ok(file)
}

/// Whether two metadata are of the same file (device and inode).
#[must_use]
pub fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory, removed when dropped (std only: the core's tests
    /// need no crate that makes system calls).
    struct Scratch(std::path::PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("nianbao-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            Scratch(dir)
        }

        fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn a_link_a_pipe_and_a_directory_are_named_not_opened() {
        let dir = Scratch::new("files");
        let victim = dir.path().join("victim");
        fs::write(&victim, "keep").unwrap_or_else(|e| panic!("{e}"));
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&victim, &link).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(read_regular(&link, false, 100), Err(OpenError::Planted(Kind::Symlink))));
        assert!(read_regular(&link, true, 100).is_ok(), "a draft named through a link is read");
        assert!(matches!(create_new(&link, Like::default(), false), Err(OpenError::Planted(Kind::Symlink))));
        assert!(matches!(open_in_place(&link), Err(OpenError::Planted(Kind::Symlink))));
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", fifo.display());
        assert!(matches!(read_regular(&fifo, true, 100), Err(OpenError::Planted(Kind::Fifo))));
        assert!(matches!(open_in_place(&fifo), Err(OpenError::Planted(Kind::Fifo))));
        assert!(matches!(read_regular(dir.path(), true, 100), Err(OpenError::Planted(Kind::Directory))));
        let hard = dir.path().join("hard");
        fs::hard_link(&victim, &hard).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(open_in_place(&hard), Err(OpenError::Planted(Kind::HardLink))));
        assert!(matches!(read_regular(&victim, true, 3), Err(OpenError::TooLarge(4))));
        assert_eq!(fs::read(&victim).ok().as_deref(), Some(&b"keep"[..]));
    }
}
