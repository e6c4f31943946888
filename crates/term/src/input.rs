//! Terminal input, read and decoded by us rather than by crossterm's event
//! reader.
//!
//! Why: crossterm 0.29's reader spins forever once the terminal is gone
//! (`read` returning 0 or EIO is retried, crossterm-rs/crossterm#793), so a
//! dropped SSH link left an orphan wizard holding the draft's lock. It also
//! decides a lone ESC at the end of a read is the Esc key, with no way to
//! wait for the rest of a sequence a slow link split (#993). Here the loop
//! `poll(2)`s the terminal and a signal pipe itself, so end of input, EIO,
//! SIGHUP, SIGTERM and SIGINT all end in the same save-and-exit path, and
//! [`Decoder`] turns bytes into crossterm's own `Event` type (the keymap
//! stays as it is) with two rules for split sequences:
//! - by shape: `ESC [ 6` is an unfinished CSI sequence, so it waits (up to
//!   [`Decoder::PARTIAL_WAIT`]) for its final byte, however slowly it
//!   comes; nothing of it is ever typed;
//! - by time: a lone ESC is the Esc key only when nothing follows within
//!   [`Decoder::ESC_WAIT`]; and if the rest of a sequence (`[6~`) comes
//!   after that, it is recognised by its shape and dropped, not typed.
//!
//! Two keys in one read are two keys: `ESC ESC [ B` is Esc then Down.
//! The cost: the key table of the common xterm/VT sequences lives here; a
//! sequence we do not know is dropped whole rather than half-typed.

use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Bytes to key events, keeping an unfinished sequence for the next read.
#[derive(Debug, Default)]
pub struct Decoder {
    /// Bytes not decoded yet (an unfinished sequence or UTF-8 character).
    buf: Vec<u8>,
    /// Since when `buf` has been waiting.
    since: Option<Instant>,
    /// Inside a bracketed paste: the text so far.
    paste: Option<Vec<u8>>,
    /// A lone ESC was given out as the Esc key at this moment: a sequence
    /// tail arriving soon after is the rest of a split sequence.
    esc_flushed: Option<Instant>,
    /// The terminal's Backspace sends ^H (0x08): then 0x08 is Backspace,
    /// otherwise it is Ctrl-Backspace (what xterm, PuTTY, Windows Terminal
    /// and the rest send for it when Backspace sends DEL).
    ctrl_h_is_backspace: bool,
}

/// What a decoder waits for, which sets how long the caller may block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    Nothing,
    /// A lone ESC: Esc, or the start of a sequence.
    Esc,
    /// An unfinished sequence, UTF-8 character or paste.
    Partial,
}

/// How a byte run at the start of a buffer decodes.
enum Step {
    /// `n` bytes make this event (or nothing, for a sequence we ignore).
    Done(usize, Option<Event>),
    /// More bytes are needed.
    Incomplete,
}

fn key(code: KeyCode, mods: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, mods))
}

impl Decoder {
    /// How long a lone ESC waits for the rest of a sequence.
    pub const ESC_WAIT: Duration = Duration::from_millis(100);
    /// How long an unfinished sequence waits for its end before it is
    /// dropped.
    pub const PARTIAL_WAIT: Duration = Duration::from_millis(1500);
    /// How long after a timed-out ESC the tail of its sequence is still
    /// recognised (and dropped).
    pub const TAIL_WAIT: Duration = Duration::from_millis(1500);

    /// A decoder for a terminal whose erase character (`stty erase`, from
    /// the SSH client's pty request) is `erase`.
    #[must_use]
    pub fn with_erase(erase: u8) -> Decoder {
        Decoder { ctrl_h_is_backspace: erase == 0x08, ..Decoder::default() }
    }

    /// What the decoder is waiting for.
    #[must_use]
    pub fn waiting(&self) -> Waiting {
        match (self.paste.is_some(), self.buf.as_slice()) {
            (false, []) => Waiting::Nothing,
            (false, [ESC]) => Waiting::Esc,
            _ => Waiting::Partial,
        }
    }

    /// When the pending bytes must be resolved without more input.
    #[must_use]
    pub fn deadline(&self) -> Option<Instant> {
        let since = self.since?;
        match self.waiting() {
            Waiting::Nothing => None,
            Waiting::Esc => Some(since + Self::ESC_WAIT),
            // A paste has no deadline: it ends with its end marker or the
            // terminal going away.
            Waiting::Partial if self.paste.is_some() => None,
            Waiting::Partial => Some(since + Self::PARTIAL_WAIT),
        }
    }

    /// Decodes a read's bytes, received at `now`.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) -> Vec<Event> {
        let mut out = Vec::new();
        let mut input = bytes;
        // The tail of a sequence whose ESC already timed out: same shape
        // as a sequence after ESC, arriving soon after.
        if self.buf.is_empty()
            && self.paste.is_none()
            && self.esc_flushed.is_some_and(|t| now.duration_since(t) <= Self::TAIL_WAIT)
            && matches!(input.first(), Some(b'[' | b'O'))
        {
            let mut with_esc = vec![ESC];
            with_esc.extend_from_slice(input);
            if let Step::Done(n, _) = sequence(&with_esc) {
                input = &input[n - 1..];
            }
        }
        self.esc_flushed = None;
        if self.buf.is_empty() {
            self.since = Some(now);
        }
        self.buf.extend_from_slice(input);
        let mut start = 0;
        while start < self.buf.len() {
            if let Some(paste) = &mut self.paste {
                let rest = &self.buf[start..];
                if let Some(end) = find(rest, PASTE_END) {
                    paste.extend_from_slice(&rest[..end]);
                    let text = String::from_utf8_lossy(paste).into_owned();
                    self.paste = None;
                    out.push(Event::Paste(text));
                    start += end + PASTE_END.len();
                    continue;
                }
                // Keep a possible start of the end marker for the next read.
                let keep = (1..PASTE_END.len()).rev().find(|&k| rest.ends_with(&PASTE_END[..k])).unwrap_or(0);
                paste.extend_from_slice(&rest[..rest.len() - keep]);
                start = self.buf.len() - keep;
                break;
            }
            match decode(&self.buf[start..], self.ctrl_h_is_backspace) {
                Step::Done(n, ev) => {
                    if self.buf[start..].starts_with(PASTE_START) {
                        self.paste = Some(Vec::new());
                    } else if let Some(ev) = ev {
                        out.push(ev);
                    }
                    start += n;
                }
                Step::Incomplete => break,
            }
        }
        self.buf.drain(..start);
        if !self.buf.is_empty() && start > 0 {
            self.since = Some(now);
        }
        out
    }

    /// The deadline passed with no more input: a lone ESC is the Esc key;
    /// an unfinished sequence or character is dropped (never typed).
    pub fn timeout(&mut self, now: Instant) -> Vec<Event> {
        if self.paste.is_some() {
            return Vec::new();
        }
        let was_esc = self.buf == [ESC];
        self.buf.clear();
        self.since = None;
        if was_esc {
            self.esc_flushed = Some(now);
            vec![key(KeyCode::Esc, KeyModifiers::NONE)]
        } else {
            Vec::new()
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes the first key, sequence or character of `b` (not empty).
fn decode(b: &[u8], ctrl_h_is_backspace: bool) -> Step {
    let first = b[0];
    match first {
        ESC => match b.get(1) {
            None => Step::Incomplete,
            Some(b'[' | b'O') => sequence(b),
            // Esc pressed twice, or Esc then a sequence, in one read.
            Some(&ESC) => Step::Done(1, Some(key(KeyCode::Esc, KeyModifiers::NONE))),
            // Esc then a control key (Ctrl-Q, Enter, …) is two keys.
            Some(&c) if c < 0x20 || c == 0x7f => Step::Done(1, Some(key(KeyCode::Esc, KeyModifiers::NONE))),
            // Alt+key is ESC then the key.
            Some(_) => match decode(&b[1..], ctrl_h_is_backspace) {
                Step::Done(n, Some(Event::Key(mut k))) => {
                    k.modifiers |= KeyModifiers::ALT;
                    Step::Done(n + 1, Some(Event::Key(k)))
                }
                Step::Done(n, ev) => Step::Done(n + 1, ev),
                Step::Incomplete => Step::Incomplete,
            },
        },
        b'\r' => Step::Done(1, Some(key(KeyCode::Enter, KeyModifiers::NONE))),
        b'\t' => Step::Done(1, Some(key(KeyCode::Tab, KeyModifiers::NONE))),
        0x7f => Step::Done(1, Some(key(KeyCode::Backspace, KeyModifiers::NONE))),
        0x08 if ctrl_h_is_backspace => Step::Done(1, Some(key(KeyCode::Backspace, KeyModifiers::NONE))),
        0x08 => Step::Done(1, Some(key(KeyCode::Backspace, KeyModifiers::CONTROL))),
        0x00 => Step::Done(1, Some(key(KeyCode::Char(' '), KeyModifiers::CONTROL))),
        0x01..=0x1a => {
            let c = char::from(first - 1 + b'a');
            Step::Done(1, Some(key(KeyCode::Char(c), KeyModifiers::CONTROL)))
        }
        0x1c..=0x1f => {
            let c = char::from(first - 0x1c + b'4');
            Step::Done(1, Some(key(KeyCode::Char(c), KeyModifiers::CONTROL)))
        }
        _ => utf8(b),
    }
}

fn utf8(b: &[u8]) -> Step {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        // Not the start of a character: skip the byte.
        _ => return Step::Done(1, None),
    };
    if b.len() < len {
        // Only wait if what is there can still become a character.
        return if b[1..].iter().all(|&c| (0x80..0xc0).contains(&c)) {
            Step::Incomplete
        } else {
            Step::Done(1, None)
        };
    }
    match std::str::from_utf8(&b[..len]).ok().and_then(|s| s.chars().next()) {
        Some(c) => {
            let mods = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            Step::Done(len, Some(key(KeyCode::Char(c), mods)))
        }
        None => Step::Done(1, None),
    }
}

/// The modifiers of an xterm parameter (`1;5` → Ctrl).
fn modifiers(param: Option<u16>) -> KeyModifiers {
    let bits = param.unwrap_or(1).saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

/// A CSI (`ESC [`) or SS3 (`ESC O`) sequence at the start of `b`.
fn sequence(b: &[u8]) -> Step {
    let ss3 = b[1] == b'O';
    let body = &b[2..];
    // Parameters and intermediates, then one final byte.
    let Some(end) = body.iter().position(|&c| !(0x20..=0x3f).contains(&c)) else {
        return Step::Incomplete;
    };
    let fin = body[end];
    let n = 2 + end + 1;
    if !(0x40..=0x7e).contains(&fin) {
        // Not a sequence after all (a control byte inside): drop what came
        // before that byte, and decode it on its own.
        return Step::Done(2 + end, None);
    }
    let params: Vec<Option<u16>> =
        std::str::from_utf8(&body[..end]).unwrap_or("").split(';').map(|p| p.parse().ok()).collect();
    let p = |i: usize| params.get(i).copied().flatten();
    let m = modifiers(p(1));
    let code = match fin {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' if !ss3 => return Step::Done(n, Some(key(KeyCode::BackTab, KeyModifiers::SHIFT))),
        b'P'..=b'S' if ss3 || p(0) == Some(1) => KeyCode::F(fin - b'P' + 1),
        b'~' if !ss3 => match p(0) {
            Some(1 | 7) => KeyCode::Home,
            Some(2) => KeyCode::Insert,
            Some(3) => KeyCode::Delete,
            Some(4 | 8) => KeyCode::End,
            Some(5) => KeyCode::PageUp,
            Some(6) => KeyCode::PageDown,
            Some(v @ 11..=15) => KeyCode::F((v - 10) as u8),
            Some(v @ 17..=21) => KeyCode::F((v - 11) as u8),
            Some(v @ 23..=24) => KeyCode::F((v - 12) as u8),
            // 200~ starts a paste: the caller handles it by its bytes.
            _ => return Step::Done(n, None),
        },
        // Focus reports, cursor position reports, mouse and anything
        // else: not keys.
        _ => return Step::Done(n, None),
    };
    Step::Done(n, Some(key(code, m)))
}

/// Why the terminal read loop stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gone {
    /// End of input, EIO or a hang-up: the terminal is gone.
    Terminal,
    /// SIGHUP, SIGTERM or SIGINT.
    Signal,
}

/// What one wait on the terminal brought.
#[derive(Debug)]
pub enum Input {
    /// Bytes typed (or pasted).
    Bytes(Vec<u8>),
    /// The window size changed.
    Resized,
    /// Nothing before the timeout.
    Timeout,
}

/// The terminal's input and the signals that matter to the wizard, waited
/// on together with `poll(2)`.
pub struct Terminal {
    stdin: std::io::Stdin,
    wake: std::os::unix::net::UnixStream,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    winch: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Terminal {
    /// Registers the signal handlers (SIGHUP, SIGTERM, SIGINT stop;
    /// SIGWINCH resizes), each also waking the poll through a pipe.
    ///
    /// # Errors
    /// The pipe or a handler could not be set up.
    pub fn new() -> std::io::Result<Terminal> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
        let (wake, wake_write) = std::os::unix::net::UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        wake_write.set_nonblocking(true)?;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let winch = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        for sig in [SIGHUP, SIGTERM, SIGINT] {
            signal_hook::flag::register(sig, std::sync::Arc::clone(&stop))?;
            signal_hook::low_level::pipe::register(sig, wake_write.try_clone()?)?;
        }
        signal_hook::flag::register(SIGWINCH, std::sync::Arc::clone(&winch))?;
        signal_hook::low_level::pipe::register(SIGWINCH, wake_write)?;
        Ok(Terminal { stdin: std::io::stdin(), wake, stop, winch })
    }

    /// The terminal's erase character (what its Backspace sends), DEL
    /// when it cannot be read.
    #[must_use]
    pub fn erase(&self) -> u8 {
        rustix::termios::tcgetattr(&self.stdin)
            .map_or(0x7f, |t| t.special_codes[rustix::termios::SpecialCodeIndex::VERASE])
    }

    /// Whether a stop signal has arrived.
    #[must_use]
    pub fn stopped(&self) -> bool {
        self.stop.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Waits up to `timeout` for input or a signal.
    ///
    /// # Errors
    /// [`Gone`] when the terminal went away or a stop signal came.
    pub fn wait(&mut self, timeout: Duration) -> Result<Input, Gone> {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        use std::sync::atomic::Ordering;
        if self.stopped() {
            return Err(Gone::Signal);
        }
        let ts = Timespec {
            tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(timeout.subsec_nanos()),
        };
        let (tty, wake) = {
            let mut fds = [
                PollFd::new(&self.stdin, PollFlags::IN),
                PollFd::from_borrowed_fd(self.wake.as_fd(), PollFlags::IN),
            ];
            match poll(&mut fds, Some(&ts)) {
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(_) => return Err(Gone::Terminal),
            }
            (fds[0].revents(), fds[1].revents())
        };
        if !wake.is_empty() {
            let mut sink = [0u8; 64];
            while matches!(std::io::Read::read(&mut self.wake, &mut sink), Ok(n) if n > 0) {}
        }
        if self.stopped() {
            return Err(Gone::Signal);
        }
        if tty.intersects(PollFlags::IN) {
            let mut buf = vec![0u8; 4096];
            return match rustix::io::read(&self.stdin, &mut buf) {
                Ok(0) => Err(Gone::Terminal),
                Ok(n) => {
                    buf.truncate(n);
                    Ok(Input::Bytes(buf))
                }
                Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => Ok(Input::Timeout),
                Err(_) => Err(Gone::Terminal),
            };
        }
        if tty.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            return Err(Gone::Terminal);
        }
        if self.winch.swap(false, Ordering::SeqCst) {
            return Ok(Input::Resized);
        }
        Ok(Input::Timeout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> Event {
        key(code, KeyModifiers::NONE)
    }

    fn feed_all(d: &mut Decoder, chunks: &[(&[u8], u64)]) -> Vec<Event> {
        let t0 = Instant::now();
        let mut out = Vec::new();
        for &(bytes, at_ms) in chunks {
            let now = t0 + Duration::from_millis(at_ms);
            if let Some(deadline) = d.deadline()
                && deadline <= now
            {
                out.extend(d.timeout(deadline));
            }
            out.extend(d.feed(bytes, now));
        }
        out
    }

    #[test]
    fn ctrl_h_is_ctrl_backspace_unless_it_is_the_erase_character() {
        let now = Instant::now();
        let ctrl_bs = key(KeyCode::Backspace, KeyModifiers::CONTROL);
        assert_eq!(Decoder::with_erase(0x7f).feed(b"\x08\x7f", now), vec![ctrl_bs, k(KeyCode::Backspace)]);
        assert_eq!(
            Decoder::with_erase(0x08).feed(b"\x08\x7f", now),
            vec![k(KeyCode::Backspace), k(KeyCode::Backspace)],
            "a terminal set to send ^H for Backspace keeps its Backspace"
        );
    }

    #[test]
    fn keys_and_characters() {
        let mut d = Decoder::default();
        let out = d.feed("7中\r\t\x7f\x13".as_bytes(), Instant::now());
        assert_eq!(
            out,
            vec![
                k(KeyCode::Char('7')),
                k(KeyCode::Char('中')),
                k(KeyCode::Enter),
                k(KeyCode::Tab),
                k(KeyCode::Backspace),
                key(KeyCode::Char('s'), KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn esc_then_down_in_one_read_is_two_keys() {
        let mut d = Decoder::default();
        assert_eq!(d.feed(b"\x1b\x1b[B", Instant::now()), vec![k(KeyCode::Esc), k(KeyCode::Down)]);
        assert_eq!(d.waiting(), Waiting::Nothing);
    }

    #[test]
    fn a_sequence_split_with_a_long_gap_is_not_typed() {
        let mut d = Decoder::default();
        // ESC [ 6, then ~ 50 ms later: Page Down, no 6.
        let out = feed_all(&mut d, &[(b"\x1b[6", 0), (b"~", 50)]);
        assert_eq!(out, vec![k(KeyCode::PageDown)]);
        // ESC alone, then [6~ after the Esc wait: Esc, and the tail dropped.
        let out = feed_all(&mut d, &[(b"\x1b", 1000), (b"[6~", 1200)]);
        assert_eq!(out, vec![k(KeyCode::Esc)]);
        // A 6 typed long after a real Esc is a 6.
        let out = feed_all(&mut d, &[(b"\x1b", 5000), (b"6", 9000)]);
        assert_eq!(out, vec![k(KeyCode::Esc), k(KeyCode::Char('6'))]);
    }

    #[test]
    fn a_lone_esc_waits_then_is_esc() {
        let mut d = Decoder::default();
        let now = Instant::now();
        assert!(d.feed(b"\x1b", now).is_empty());
        assert_eq!(d.waiting(), Waiting::Esc);
        assert_eq!(d.deadline(), Some(now + Decoder::ESC_WAIT));
        assert_eq!(d.timeout(now + Decoder::ESC_WAIT), vec![k(KeyCode::Esc)]);
    }

    #[test]
    fn an_unfinished_sequence_times_out_as_nothing() {
        let mut d = Decoder::default();
        let now = Instant::now();
        assert!(d.feed(b"\x1b[1;", now).is_empty());
        assert_eq!(d.deadline(), Some(now + Decoder::PARTIAL_WAIT));
        assert!(d.timeout(now + Decoder::PARTIAL_WAIT).is_empty());
        assert_eq!(d.feed(b"5", now + Duration::from_secs(9)), vec![k(KeyCode::Char('5'))]);
    }

    #[test]
    fn a_utf8_character_split_across_reads() {
        let mut d = Decoder::default();
        let bytes = "中".as_bytes();
        let now = Instant::now();
        assert!(d.feed(&bytes[..1], now).is_empty());
        assert_eq!(d.feed(&bytes[1..], now), vec![k(KeyCode::Char('中'))]);
    }

    #[test]
    fn modified_keys_and_function_keys() {
        let mut d = Decoder::default();
        let out = d.feed(b"\x1b[1;5C\x1bOP\x1b[15~\x1b[Z\x1b[3~\x1b[H\x1bOF", Instant::now());
        assert_eq!(
            out,
            vec![
                key(KeyCode::Right, KeyModifiers::CONTROL),
                k(KeyCode::F(1)),
                k(KeyCode::F(5)),
                key(KeyCode::BackTab, KeyModifiers::SHIFT),
                k(KeyCode::Delete),
                k(KeyCode::Home),
                k(KeyCode::End),
            ]
        );
    }

    #[test]
    fn bracketed_paste_across_reads_keeps_escapes_as_text() {
        let mut d = Decoder::default();
        let now = Instant::now();
        assert!(d.feed(b"\x1b[200~1\t2\n\x1b[", now).is_empty());
        assert_eq!(d.waiting(), Waiting::Partial);
        assert_eq!(d.deadline(), None, "a paste waits for its end");
        let out = d.feed(b"20", now);
        assert!(out.is_empty());
        let out = d.feed(b"1~x", now);
        assert_eq!(out, vec![Event::Paste("1\t2\n".to_owned()), k(KeyCode::Char('x'))]);
    }

    #[test]
    fn alt_and_unknown_sequences() {
        let mut d = Decoder::default();
        let out = d.feed(b"\x1bx\x1b[?1;2c\x1b[I5\x1b\x11", Instant::now());
        assert_eq!(
            out,
            vec![
                key(KeyCode::Char('x'), KeyModifiers::ALT),
                k(KeyCode::Char('5')),
                k(KeyCode::Esc),
                key(KeyCode::Char('q'), KeyModifiers::CONTROL),
            ]
        );
    }
}
