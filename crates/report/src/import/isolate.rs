//! Reading a file from another office without trusting it: the parsers of
//! PDF, Word and HTML run in a child process of our own binary, under
//! limits the child sets on itself before it reads a byte (address space
//! 512 MiB, CPU 8 s), with a wall-clock deadline and a bound on the text it
//! may send back.
//!
//! Why a process and not `catch_unwind`: the PDF parsers we depend on
//! panic on damaged files (that `catch_unwind` would stop), but a file of
//! arrays nested ten thousand deep overflows the stack (an abort), and a
//! compressed stream that inflates to gigabytes exhausts memory or time;
//! neither can be caught inside the process that suffers it. The child's
//! death is the parent's message. The cost: a process start (about a
//! millisecond) per file read this way, and the text crosses a pipe.
//!
//! The protocol on the child's standard output: `ok KIND\n` and the text,
//! or `err WHAT\n` and a detail (see [`SourceError`]).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::source::{self, Kind, SourceError};

/// The first argument that makes the binary an extracting child.
pub const CHILD_ARG: &str = "__nianbao-extract";

/// The child's address space: far more than any report needs (the PDF of
/// a real report parses in under 50 MB), far less than the machine has.
const CHILD_MEMORY: u64 = 512 << 20;
/// The child's CPU time, in seconds.
const CHILD_CPU_SECS: u64 = 8;
/// How long the parent waits for the child, whatever it does.
const DEADLINE: Duration = Duration::from_secs(9);

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Html => "html",
        Kind::Pdf => "pdf",
        Kind::Docx => "docx",
    }
}

fn kind_of(name: &str) -> Option<Kind> {
    Some(match name {
        "text" => Kind::Text,
        "html" => Kind::Html,
        "pdf" => Kind::Pdf,
        "docx" => Kind::Docx,
        _ => return None,
    })
}

/// The limits a reading child puts on itself before it reads a byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Address space, in bytes.
    pub memory: u64,
    /// CPU time, in seconds.
    pub cpu_secs: u64,
}

/// What the child does: limits on itself (set by `limit`, which the
/// binary gives: the core makes no such system calls), the file's bytes
/// from standard input, its text (HTML already turned into lines) to
/// standard output. `limit` sets the address space and CPU time it is
/// given, and no core file; one it cannot set leaves the parent's deadline
/// and text bound.
#[must_use]
pub fn child_main(limit: impl FnOnce(Limits)) -> std::process::ExitCode {
    limit(Limits { memory: CHILD_MEMORY, cpu_secs: CHILD_CPU_SECS });
    let mut bytes = Vec::new();
    if std::io::stdin().lock().take(super::MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).is_err() {
        return std::process::ExitCode::from(2);
    }
    let answer = match source::read(&bytes) {
        Ok((Kind::Html, html)) => format!("ok html\n{}", super::html_to_text(&html)),
        Ok((kind, text)) => format!("ok {}\n{text}", kind_name(kind)),
        Err(e) => format!("err {}", e.to_wire()),
    };
    let mut out = std::io::stdout().lock();
    if out.write_all(answer.as_bytes()).and_then(|()| out.flush()).is_err() {
        return std::process::ExitCode::from(2);
    }
    std::process::ExitCode::SUCCESS
}

/// The text of a file as [`source::read`] gives it (HTML as lines, as
/// [`super::html_to_text`] makes them), read by a child process of `exe`
/// (this program's binary) under limits.
///
/// # Errors
/// [`SourceError`] as [`source::read`] says it, or
/// [`SourceError::Crashed`], [`SourceError::TimedOut`] or
/// [`SourceError::TooMuchText`] when the child could not finish.
pub fn read(bytes: &[u8], exe: &Path) -> Result<(Kind, String), SourceError> {
    let mut child = Command::new(exe)
        .arg(CHILD_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env_remove("RUST_BACKTRACE")
        .spawn()
        .map_err(|e| SourceError::Crashed(format!("cannot start a reader: {e}")))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        return Err(SourceError::Crashed("no pipe to the reader".to_owned()));
    };
    // Feeding and reading in threads: either side may block on a full pipe.
    let input = bytes.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.take(source::MAX_TEXT_BYTES as u64 + 64).read_to_end(&mut out);
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < DEADLINE => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let _ = feeder.join();
    let out = reader.join().unwrap_or_default();
    let Some(status) = status else { return Err(SourceError::TimedOut) };
    if out.len() > source::MAX_TEXT_BYTES + 32 {
        return Err(SourceError::TooMuchText);
    }
    if !status.success() {
        use std::os::unix::process::ExitStatusExt;
        let why = status
            .signal()
            .map_or_else(|| format!("exit {}", status.code().unwrap_or(-1)), |s| format!("signal {s}"));
        return Err(SourceError::Crashed(why));
    }
    let text = String::from_utf8_lossy(&out);
    let (head, body) = text.split_once('\n').unwrap_or((&text, ""));
    if let Some(kind) = head.strip_prefix("ok ").and_then(kind_of) {
        return Ok((kind, body.to_owned()));
    }
    match head.strip_prefix("err ") {
        Some(wire) => Err(SourceError::from_wire(wire, body)),
        None => Err(SourceError::Crashed("no answer".to_owned())),
    }
}
