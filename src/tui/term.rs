//! The terminal writer: a ratatui [`Backend`] that sends as few bytes as a
//! frame needs, in one `write()`.
//!
//! Why our own rather than `CrosstermBackend`: over a slow SSH link every
//! byte and every packet shows. The crossterm backend moves the cursor
//! before any cell that does not follow the previous one — after every
//! wide character too, where the terminal's cursor already is — ends every
//! frame with a 19-byte attribute reset, shows or hides the cursor on every
//! frame, and writes through `stdout`'s line buffer in 1 KiB pieces (one
//! packet each). This writer
//!
//! - tracks where the terminal's cursor is, across cells and frames,
//!   advancing it by each symbol's width in the ambiguous-width mode in use,
//!   and moves it only when it is elsewhere, by the shortest sequence (CR,
//!   relative moves, or an absolute position);
//! - tracks the terminal's current colours and attributes and emits only
//!   the difference between consecutive cells, with no reset at the end of
//!   a frame;
//! - shows or hides the cursor only when that changes;
//! - collects the frame and writes it with one `write()` on flush.
//!
//! What it does not know (after a resize or a clear) it forgets: the next
//! move is absolute.

use std::io::{self, Write};

use compact_str::CompactString;
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use crate::layout::{self, Ambiguous};

/// The terminal's current colours and attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    const DEFAULT: Pen = Pen { fg: Color::Reset, bg: Color::Reset, modifier: Modifier::empty() };

    /// Whether a blank drawn with either pen looks the same: only the
    /// background, underline, strike-through and reverse video (which
    /// shows the foreground colour) can be seen on a space.
    fn same_blank(self, other: Pen) -> bool {
        const SEEN: Modifier = Modifier::UNDERLINED
            .union(Modifier::REVERSED)
            .union(Modifier::CROSSED_OUT)
            .union(Modifier::HIDDEN);
        let reversed = (self.modifier | other.modifier).contains(Modifier::REVERSED);
        self.bg == other.bg
            && (self.modifier & SEEN) == (other.modifier & SEEN)
            && (!reversed || self.fg == other.fg)
    }
}

/// Whether a symbol is a blank, on which most attributes do not show.
fn is_blank(symbol: &str) -> bool {
    symbol == " "
}

/// A ratatui backend writing minimal escape sequences to `out`.
#[derive(Debug)]
pub struct TermBackend<W: Write> {
    out: W,
    frame: Vec<u8>,
    /// Where the terminal's cursor is, if known.
    cursor: Option<(u16, u16)>,
    pen: Pen,
    /// Whether the cursor is shown, if known.
    visible: Option<bool>,
    mode: Ambiguous,
    /// The terminal's size, asked once and again after each resize (asking
    /// crossterm opens `/dev/tty` every time: a path lookup per frame).
    size: Size,
    /// Width of the screen, for the pending-wrap state at the right margin.
    width: u16,
    /// What the terminal shows, as far as this writer knows: each cell's
    /// symbol and pen (`None`: unknown). Lets a short gap between changed
    /// cells be written as its own text instead of a cursor move.
    shadow: Vec<Option<(CompactString, Pen)>>,
}

/// Longest gap (in bytes of text) written out rather than jumped over: a
/// few spaces cost no more than `ESC [ n C` and are not control bytes.
const GAP_TEXT: usize = 8;

impl<W: Write> TermBackend<W> {
    /// A writer to `out`, which must be a terminal showing the alternate
    /// screen with default attributes (as after entering it).
    pub fn new(out: W, mode: Ambiguous) -> TermBackend<W> {
        let (width, height) = terminal_size().unwrap_or((80, 24));
        TermBackend::blank(out, mode, width, height)
    }

    /// Asks the terminal its size again (after SIGWINCH).
    pub fn refresh_size(&mut self) {
        if let Some((width, height)) = terminal_size() {
            self.size = Size { width, height };
        }
    }

    fn blank(out: W, mode: Ambiguous, width: u16, height: u16) -> TermBackend<W> {
        TermBackend {
            out,
            frame: Vec::with_capacity(8192),
            cursor: None,
            pen: Pen::DEFAULT,
            visible: None,
            mode,
            size: Size { width, height },
            width,
            // A fresh alternate screen is blank.
            shadow: vec![
                Some((CompactString::const_new(" "), Pen::DEFAULT));
                usize::from(width) * usize::from(height)
            ],
        }
    }

    /// A writer for a terminal of a known size (tests, benchmarks).
    pub fn with_size(out: W, mode: Ambiguous, size: Size) -> TermBackend<W> {
        TermBackend::blank(out, mode, size.width, size.height)
    }

    /// The ambiguous-width mode symbols are measured in.
    pub fn set_mode(&mut self, mode: Ambiguous) {
        self.mode = mode;
        self.cursor = None;
    }

    /// Bytes that do not change the screen or move the cursor (an OSC
    /// sequence), sent with the next frame.
    pub fn queue_raw(&mut self, bytes: &[u8]) {
        self.frame.extend_from_slice(bytes);
    }

    /// The underlying writer, mutably (tests clear their recording).
    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn shadow_at(&self, x: u16, y: u16) -> Option<&(CompactString, Pen)> {
        let i = usize::from(y) * usize::from(self.width) + usize::from(x);
        self.shadow.get(i).and_then(Option::as_ref)
    }

    fn remember(&mut self, x: u16, y: u16, symbol: &str, pen: Pen) {
        let i = usize::from(y) * usize::from(self.width) + usize::from(x);
        match self.shadow.get_mut(i) {
            Some(Some((s, p))) if s == symbol => *p = pen,
            Some(slot) => *slot = Some((CompactString::new(symbol), pen)),
            None => {}
        }
    }

    /// The text of cells `from..to` of row `y` when writing it moves the
    /// cursor there at least as cheaply as a cursor move and changes
    /// nothing on screen: every cell known, one column wide, in the pen in
    /// use.
    fn gap_text(&self, from: u16, to: u16, y: u16) -> Option<String> {
        let mut text = String::new();
        let mut x = from;
        while x < to {
            let (sym, pen) = self.shadow_at(x, y)?;
            let same = *pen == self.pen || (is_blank(sym) && pen.same_blank(self.pen));
            let w = layout::width(sym, self.mode) as u16;
            // A wide glyph is rewritten whole, and only if it ends inside
            // the gap.
            if !same || w == 0 || x + w > to || text.len() + sym.len() > GAP_TEXT {
                return None;
            }
            text.push_str(sym);
            x += w;
        }
        Some(text)
    }

    fn move_to(&mut self, x: u16, y: u16) {
        if self.cursor == Some((x, y)) {
            return;
        }
        if let Some((cx, cy)) = self.cursor
            && cy == y
            && cx < x
            && let Some(text) = self.gap_text(cx, x, y)
        {
            self.frame.extend_from_slice(text.as_bytes());
            self.cursor = Some((x, y));
            return;
        }
        let absolute = if x == 0 { format!("\x1b[{}H", y + 1) } else { format!("\x1b[{};{}H", y + 1, x + 1) };
        let relative = self.cursor.map(|(cx, cy)| {
            let mut s = String::with_capacity(16);
            match y.cmp(&cy) {
                std::cmp::Ordering::Less => csi_n(&mut s, cy - y, 'A'),
                std::cmp::Ordering::Greater => csi_n(&mut s, y - cy, 'B'),
                std::cmp::Ordering::Equal => {}
            }
            match x.cmp(&cx) {
                std::cmp::Ordering::Less if x == 0 => s.insert(0, '\r'),
                std::cmp::Ordering::Less => csi_n(&mut s, cx - x, 'D'),
                std::cmp::Ordering::Greater => csi_n(&mut s, x - cx, 'C'),
                std::cmp::Ordering::Equal => {}
            }
            s
        });
        let seq = match relative {
            Some(r) if r.len() < absolute.len() => r,
            _ => absolute,
        };
        self.frame.extend_from_slice(seq.as_bytes());
        self.cursor = Some((x, y));
    }

    fn set_pen(&mut self, to: Pen) {
        if to == self.pen {
            return;
        }
        let incremental = sgr_diff(self.pen, to);
        // An empty parameter is 0 (ECMA-48): `ESC [ m` resets, `ESC [ ; 1 m`
        // resets and sets bold.
        let fresh =
            if to == Pen::DEFAULT { String::new() } else { format!(";{}", sgr_diff(Pen::DEFAULT, to)) };
        let codes = if incremental.len() <= fresh.len() { incremental } else { fresh };
        debug_assert!(to == Pen::DEFAULT || !codes.is_empty());
        self.frame.extend_from_slice(format!("\x1b[{codes}m").as_bytes());
        self.pen = to;
    }

    /// A plain blank at (x, y), unless the terminal shows one there.
    fn blank_at(&mut self, x: u16, y: u16) {
        if self.shadow_at(x, y).is_some_and(|(s, p)| is_blank(s) && p.same_blank(Pen::DEFAULT)) {
            return;
        }
        self.move_to(x, y);
        if !self.pen.same_blank(Pen::DEFAULT) {
            self.set_pen(Pen::DEFAULT);
        }
        self.frame.push(b' ');
        let pen = self.pen;
        self.remember(x, y, " ", pen);
        self.cursor = (x + 1 < self.width).then_some((x + 1, y));
    }

    fn set_visible(&mut self, visible: bool) {
        if self.visible != Some(visible) {
            self.frame.extend_from_slice(if visible { b"\x1b[?25h" } else { b"\x1b[?25l" });
            self.visible = Some(visible);
        }
    }
}

/// Appends `ESC [ n X`, with the count left out when it is 1.
fn csi_n(out: &mut String, n: u16, op: char) {
    use std::fmt::Write as _;
    let _ = if n == 1 { write!(out, "\x1b[{op}") } else { write!(out, "\x1b[{n}{op}") };
}

/// SGR parameters turning pen `a` into pen `b` (empty when equal).
fn sgr_diff(a: Pen, b: Pen) -> String {
    let mut codes = String::with_capacity(16);
    let mut push = |code: &str| {
        if !codes.is_empty() {
            codes.push(';');
        }
        codes.push_str(code);
    };
    let removed = a.modifier - b.modifier;
    let mut added = b.modifier - a.modifier;
    // 22 turns off both bold and dim: whichever should stay comes back.
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        push("22");
        added |= b.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    for (m, off) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::HIDDEN, "28"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if removed.contains(m) {
            push(off);
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        push("25");
        added |= b.modifier & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
    }
    for (m, on) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if added.contains(m) {
            push(on);
        }
    }
    if a.fg != b.fg {
        push(&color_code(b.fg, false));
    }
    if a.bg != b.bg {
        push(&color_code(b.bg, true));
    }
    codes
}

/// The SGR parameter of a colour, as foreground or background.
fn color_code(c: Color, bg: bool) -> std::borrow::Cow<'static, str> {
    // The 16 colours as foreground codes, and 10 more as background.
    const FG: [&str; 17] = [
        "39", "30", "31", "32", "33", "34", "35", "36", "37", "90", "91", "92", "93", "94", "95", "96", "97",
    ];
    const BG: [&str; 17] = [
        "49", "40", "41", "42", "43", "44", "45", "46", "47", "100", "101", "102", "103", "104", "105",
        "106", "107",
    ];
    let named = match c {
        Color::Reset => 0,
        Color::Black => 1,
        Color::Red => 2,
        Color::Green => 3,
        Color::Yellow => 4,
        Color::Blue => 5,
        Color::Magenta => 6,
        Color::Cyan => 7,
        Color::Gray => 8,
        Color::DarkGray => 9,
        Color::LightRed => 10,
        Color::LightGreen => 11,
        Color::LightYellow => 12,
        Color::LightBlue => 13,
        Color::LightMagenta => 14,
        Color::LightCyan => 15,
        Color::White => 16,
        Color::Indexed(i) => return format!("{};5;{i}", if bg { 48 } else { 38 }).into(),
        Color::Rgb(r, g, b) => return format!("{};2;{r};{g};{b}", if bg { 48 } else { 38 }).into(),
    };
    (if bg { BG[named] } else { FG[named] }).into()
}

impl<W: Write> Backend for TermBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // The right half of a wide glyph whose left half was just written
        // over: the terminal blanks it with the pen in use, ratatui's
        // buffer holds a plain blank there. Unless the next cell written is
        // that one, the plain blank is written so the two agree.
        let mut orphan: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if let Some((ox, oy)) = orphan.take()
                && (ox, oy) != (x, y)
            {
                self.blank_at(ox, oy);
            }
            self.move_to(x, y);
            let symbol = cell.symbol();
            let mut pen = Pen { fg: cell.fg, bg: cell.bg, modifier: cell.modifier };
            // A blank needs no attribute change that would not show on it.
            if is_blank(symbol) && pen.same_blank(self.pen) {
                pen = self.pen;
            }
            self.set_pen(pen);
            self.frame.extend_from_slice(symbol.as_bytes());
            let w = layout::width(symbol, self.mode) as u16;
            // Writing over the left half of a wide glyph blanks its right
            // half, which is a blank in ratatui's buffer too.
            // The cell after this glyph, if it was the right half of a wide
            // glyph this one wrote over, is blanked by the terminal.
            let after = usize::from(y) * usize::from(self.width) + usize::from(x + w);
            let orphaned = w > 0 && x + w < self.width && self.shadow.get(after).is_some_and(Option::is_none);
            self.remember(x, y, symbol, pen);
            for k in 1..w {
                // Covered by a wide glyph: not a cell to write text into.
                let i = usize::from(y) * usize::from(self.width) + usize::from(x + k);
                if let Some(slot) = self.shadow.get_mut(i) {
                    *slot = None;
                }
            }
            if orphaned {
                self.shadow[after] = Some((CompactString::const_new(" "), pen));
                orphan = Some((x + w, y));
            }
            // Past the last column the terminal waits to wrap: the position
            // is not one a relative move can start from.
            self.cursor = (w > 0 && x + w < self.width).then_some((x + w, y));
        }
        if let Some((ox, oy)) = orphan {
            self.blank_at(ox, oy);
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.set_visible(false);
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.set_visible(true);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor.map_or(Position::ORIGIN, |(x, y)| Position { x, y }))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.move_to(p.x, p.y);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Erasing paints with the current background: start from defaults.
        self.set_pen(Pen::DEFAULT);
        if clear_type == ClearType::All {
            // Ratatui clears after a resize, which may have moved the cursor;
            // the screen is blank now.
            self.cursor = None;
            if let Ok(s) = self.size() {
                self.width = s.width;
                let n = usize::from(s.width) * usize::from(s.height);
                self.shadow = vec![Some((CompactString::const_new(" "), Pen::DEFAULT)); n];
            }
        } else {
            self.shadow.iter_mut().for_each(|c| *c = None);
        }
        let seq: &[u8] = match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.frame.extend_from_slice(seq);
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        for _ in 0..n {
            self.frame.extend_from_slice(b"\n");
        }
        self.cursor = None;
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let columns_rows = self.size()?;
        Ok(WindowSize { columns_rows, pixels: Size { width: 0, height: 0 } })
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Ok(s) = self.size() {
            if s.width != self.width {
                self.cursor = None;
                self.shadow.clear();
            }
            self.width = s.width;
        }
        if !self.frame.is_empty() {
            let r = self.out.write_all(&self.frame);
            self.frame.clear();
            r?;
        }
        self.out.flush()
    }
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard.
#[must_use]
pub fn osc52(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = b"\x1b]52;c;".to_vec();
    for chunk in text.as_bytes().chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]);
            } else {
                out.push(b'=');
            }
        }
    }
    out.extend_from_slice(b"\x1b\\");
    out
}

/// The size of the terminal on standard output (or input), by ioctl.
fn terminal_size() -> Option<(u16, u16)> {
    let ws = rustix::termios::tcgetwinsize(std::io::stdout())
        .or_else(|_| rustix::termios::tcgetwinsize(std::io::stdin()))
        .ok()?;
    (ws.ws_col > 0 && ws.ws_row > 0).then_some((ws.ws_col, ws.ws_row))
}

/// Standard output written with plain `write(2)` calls: the whole frame in
/// one call where the terminal takes it (a pty may take less; the rest
/// follows), not through the standard library's line buffer.
#[derive(Debug, Default)]
pub struct Stdout;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        loop {
            match rustix::io::write(std::io::stdout(), buf) {
                Ok(n) => return Ok(n),
                Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn osc52_carries_the_text_in_base64() {
        // Expected values from Python's base64 module.
        assert_eq!(super::osc52("中文 ok"), b"\x1b]52;c;5Lit5paHIG9r\x1b\\");
        assert_eq!(super::osc52("a"), b"\x1b]52;c;YQ==\x1b\\");
        assert_eq!(super::osc52("ab"), b"\x1b]52;c;YWI=\x1b\\");
    }
}
