//! What each keystroke costs the terminal: the real binary in a pty of its
//! own, keys sent one at a time, and for each the bytes it wrote back
//! (split into text and control sequences) and the CPU time it used
//! (`/proc/PID/schedstat`). Byte counts are exact and repeatable; used by
//! the byte-budget test and by `cargo bench --bench keystroke`.
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use super::pty::Pty;

/// The cost of one key.
#[derive(Debug, Clone)]
pub struct Cost {
    pub name: String,
    pub bytes: usize,
    /// Bytes of escape sequences and control characters.
    pub control: usize,
    /// CPU time the wizard used for the key, in microseconds (0 if unknown).
    pub cpu_us: u64,
    pub raw: Vec<u8>,
}

impl Cost {
    pub fn text(&self) -> usize {
        self.bytes - self.control
    }
}

/// Bytes of control sequences in terminal output: `ESC [ … final`,
/// other `ESC x` pairs, and C0 control characters.
pub fn control_bytes(b: &[u8]) -> usize {
    let mut ctrl = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x1b => {
                let mut j = i + 1;
                if b.get(j) == Some(&b'[') {
                    j += 1;
                    while j < b.len() && !(0x40..=0x7e).contains(&b[j]) {
                        j += 1;
                    }
                }
                j = (j + 1).min(b.len());
                ctrl += j - i;
                i = j;
            }
            c if c < 0x20 || c == 0x7f => {
                ctrl += 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    ctrl
}

/// CPU time (user + system, ns) a process has used so far.
pub fn cpu_ns(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/schedstat"))
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// A wizard session in a pty, measured key by key.
pub struct Session {
    pub pty: Pty,
}

impl Session {
    /// Starts the release or test binary on `file` at `goto`, `cols`x`rows`,
    /// and waits for the first screen (its cost: [`Session::first`]).
    pub fn start(bin: &str, file: &Path, goto: &str, cols: u16, rows: u16) -> (Session, Cost) {
        let dir = file.parent().unwrap_or(Path::new("."));
        let file_s = file.to_string_lossy().into_owned();
        let pty = Pty::spawn(bin, &["edit", &file_s, "--goto", goto], dir, &[], rows, cols);
        let mut s = Session { pty };
        let first = s.settle("first frame", 0, Duration::from_millis(400));
        (s, first)
    }

    /// Everything written from byte `from` on, once output has been quiet
    /// for `quiet`.
    fn settle(&mut self, name: &str, from: usize, quiet: Duration) -> Cost {
        let start = Instant::now();
        let mut seen = self.pty.raw.len();
        let mut last = Instant::now();
        while last.elapsed() < quiet && start.elapsed() < Duration::from_secs(10) {
            self.pty.pump(Duration::from_millis(10));
            if self.pty.raw.len() != seen {
                seen = self.pty.raw.len();
                last = Instant::now();
            }
        }
        let raw = self.pty.raw[from..].to_vec();
        Cost { name: name.to_owned(), bytes: raw.len(), control: control_bytes(&raw), cpu_us: 0, raw }
    }

    /// Sends one key and measures what it cost.
    pub fn key(&mut self, name: &str, bytes: &[u8]) -> Cost {
        let pid = self.pty.child.id();
        let from = self.pty.raw.len();
        let before = cpu_ns(pid);
        self.pty.send_raw(bytes);
        // An Esc alone is resolved after the decoder's wait (100 ms).
        let quiet = if bytes == b"\x1b" { Duration::from_millis(250) } else { Duration::from_millis(120) };
        let mut cost = self.settle(name, from, quiet);
        cost.cpu_us = cpu_ns(pid).saturating_sub(before) / 1000;
        cost
    }

    /// Quits without saving.
    pub fn quit(&mut self) {
        self.pty.send_raw(b"\x11");
        self.pty.pump(Duration::from_millis(200));
        self.pty.send_raw(b"d");
        let _ = self.pty.exit_within(Duration::from_secs(5));
    }
}
