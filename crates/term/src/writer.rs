//! The terminal writer: sends the cells of a frame that changed
//! ([`crate::screen::Screen`] finds them) with as few bytes as they need,
//! in one `write()`.
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
//!   advancing it by each glyph's width (measured when it was drawn, in the
//!   ambiguous-width mode in use), and moves it only when it is elsewhere, by the shortest sequence (CR,
//!   relative moves, or an absolute position);
//! - tracks the terminal's current colours and attributes and emits only
//!   the difference between consecutive cells, with no reset at the end of
//!   a frame;
//! - shows or hides the cursor only when that changes;
//! - collects the frame and writes it with one `write()` on flush.
//!
//! What it does not know (after a resize or a clear) it forgets: the next
//! move is absolute.
//!
//! It is not a ratatui `Backend`: that trait hands over cells as ratatui's
//! own, with their symbols as strings; this writer takes the compact
//! [`Glyph`]s the screen keeps, and its picture of the terminal is made of
//! them too.

use std::io::{self, Write};

use ratatui_core::layout::{Position, Size};
use ratatui_core::style::Modifier;

use crate::cells::{Glyph, Look, unpack};

/// The terminal's current colours and attributes: the look of the cells
/// it writes next.
type Pen = Look;

/// Whether a blank drawn with either pen looks the same: only the
/// background, underline, strike-through and reverse video (which shows the
/// foreground colour) can be seen on a space.
fn same_blank(a: Pen, b: Pen) -> bool {
    const SEEN: Modifier =
        Modifier::UNDERLINED.union(Modifier::REVERSED).union(Modifier::CROSSED_OUT).union(Modifier::HIDDEN);
    if a == b {
        return true;
    }
    let (ma, mb) = (a.modifier(), b.modifier());
    let reversed = (ma | mb).contains(Modifier::REVERSED);
    a.bg() == b.bg() && (ma & SEEN) == (mb & SEEN) && (!reversed || a.fg() == b.fg())
}

/// The terminal writer: minimal escape sequences to `out`, one `write()`
/// per frame.
#[derive(Debug)]
pub struct TermBackend<W: Write> {
    out: W,
    frame: Vec<u8>,
    /// Where the terminal's cursor is, if known.
    cursor: Option<(u16, u16)>,
    pen: Pen,
    /// Whether the cursor is shown, if known.
    visible: Option<bool>,
    /// The terminal's size, asked once and again after each resize (asking
    /// crossterm opens `/dev/tty` every time: a path lookup per frame).
    size: Size,
    /// Width of the screen, for the pending-wrap state at the right margin.
    width: u16,
    /// What the terminal shows, as far as this writer knows: each cell's
    /// symbol and look ([`Glyph::UNKNOWN`]: unknown, or covered by a wide
    /// glyph). Lets a short gap between changed cells be written as its
    /// own text instead of a cursor move.
    shadow: Vec<Glyph>,
    /// A cell the terminal blanked that the frame must still blank (see
    /// [`TermBackend::settle`]).
    orphan: Option<(u16, u16)>,
}

/// Longest gap (in bytes of text) written out rather than jumped over: a
/// few spaces cost no more than `ESC [ n C` and are not control bytes.
const GAP_TEXT: usize = 8;

impl<W: Write> TermBackend<W> {
    /// A writer to `out`, which must be a terminal showing the alternate
    /// screen with default attributes (as after entering it).
    pub fn new(out: W) -> TermBackend<W> {
        let (width, height) = terminal_size().unwrap_or((80, 24));
        TermBackend::blank(out, width, height)
    }

    /// Asks the terminal its size again (after SIGWINCH).
    pub fn refresh_size(&mut self) {
        if let Some((width, height)) = terminal_size() {
            self.size = Size { width, height };
        }
    }

    fn blank(out: W, width: u16, height: u16) -> TermBackend<W> {
        TermBackend {
            out,
            frame: Vec::with_capacity(8192),
            cursor: None,
            pen: Pen::DEFAULT,
            visible: None,
            size: Size { width, height },
            width,
            // A fresh alternate screen is blank.
            shadow: vec![Glyph::BLANK; usize::from(width) * usize::from(height)],
            orphan: None,
        }
    }

    /// A writer for a terminal of a known size (tests, benchmarks).
    pub fn with_size(out: W, size: Size) -> TermBackend<W> {
        TermBackend::blank(out, size.width, size.height)
    }

    /// Where the cursor is is no longer known (the terminal turned out to
    /// draw ambiguous characters wider or narrower than the glyphs drawn so
    /// far were measured).
    pub fn forget_cursor(&mut self) {
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

    /// The terminal's size.
    #[must_use]
    pub fn size(&self) -> Size {
        self.size
    }

    fn index(&self, x: u16, y: u16) -> usize {
        usize::from(y) * usize::from(self.width) + usize::from(x)
    }

    fn shadow_at(&self, x: u16, y: u16) -> Option<Glyph> {
        self.shadow.get(self.index(x, y)).copied().filter(|g| !g.is_unknown())
    }

    /// Whether writing cells `from..to` of row `y` again as the terminal
    /// shows them moves the cursor there at least as cheaply as a cursor
    /// move and changes nothing on screen: every cell known, in the pen in
    /// use, a wide glyph only whole, at most [`GAP_TEXT`] bytes. If so, the
    /// text is written.
    fn write_gap(&mut self, from: u16, to: u16, y: u16) -> bool {
        let mut bytes = [0u8; GAP_TEXT];
        let mut len = 0;
        let mut x = from;
        while x < to {
            let Some(g) = self.shadow_at(x, y) else { return false };
            let pen = g.look();
            let same = pen == self.pen || (g.is_space() && same_blank(pen, self.pen));
            let w = g.width() as u16;
            if !same || w == 0 || x + w > to {
                return false;
            }
            if let Some(b) = g.ascii() {
                let Some(slot) = bytes.get_mut(len) else { return false };
                *slot = b;
                len += 1;
            } else {
                let mut tmp = [0u8; 4];
                let sym = g.symbol(&mut tmp).as_bytes();
                let Some(slots) = bytes.get_mut(len..len + sym.len()) else { return false };
                slots.copy_from_slice(sym);
                len += sym.len();
            }
            x += w;
        }
        self.frame.extend_from_slice(&bytes[..len]);
        true
    }

    fn move_to(&mut self, x: u16, y: u16) {
        if self.cursor == Some((x, y)) {
            return;
        }
        if let Some((cx, cy)) = self.cursor
            && cy == y
            && cx < x
            && self.write_gap(cx, x, y)
        {
            self.cursor = Some((x, y));
            return;
        }
        // The shortest of an absolute position and a relative move: their
        // lengths worked out first, the shorter one built.
        let digits = |n: u16| {
            if n >= 10_000 {
                5
            } else if n >= 1000 {
                4
            } else if n >= 100 {
                3
            } else if n >= 10 {
                2
            } else {
                1
            }
        };
        // `ESC [ n op`, the 1 left out.
        let step = |n: u16| if n == 1 { 3 } else { 2 + digits(n) + 1 };
        let absolute = 2 + digits(y + 1) + if x > 0 { 1 + digits(x + 1) } else { 0 } + 1;
        let relative = self.cursor.map(|(cx, cy)| {
            let cr = usize::from(x == 0 && x < cx);
            let vertical = if y == cy { 0 } else { step(y.abs_diff(cy)) };
            let horizontal = if x == cx || (x == 0 && x < cx) { 0 } else { step(x.abs_diff(cx)) };
            cr + vertical + horizontal
        });
        let mut seq = Seq::default();
        match (self.cursor, relative) {
            (Some((cx, cy)), Some(len)) if len < absolute => {
                if x == 0 && x < cx {
                    seq.push(b'\r');
                }
                match y.cmp(&cy) {
                    std::cmp::Ordering::Less => seq.csi_n(cy - y, b'A'),
                    std::cmp::Ordering::Greater => seq.csi_n(y - cy, b'B'),
                    std::cmp::Ordering::Equal => {}
                }
                match x.cmp(&cx) {
                    std::cmp::Ordering::Less if x == 0 => {}
                    std::cmp::Ordering::Less => seq.csi_n(cx - x, b'D'),
                    std::cmp::Ordering::Greater => seq.csi_n(x - cx, b'C'),
                    std::cmp::Ordering::Equal => {}
                }
            }
            _ => {
                seq.csi();
                seq.num(y + 1);
                if x > 0 {
                    seq.push(b';');
                    seq.num(x + 1);
                }
                seq.push(b'H');
            }
        }
        self.frame.extend_from_slice(seq.bytes());
        self.cursor = Some((x, y));
    }

    fn set_pen(&mut self, to: Pen) {
        if to == self.pen {
            return;
        }
        let mut incremental = Seq::default();
        sgr_diff(self.pen, to, &mut incremental);
        // An empty parameter is 0 (ECMA-48): `ESC [ m` resets, `ESC [ ; 1 m`
        // resets and sets bold.
        let mut fresh = Seq::default();
        if to != Pen::DEFAULT {
            fresh.push(b';');
            sgr_diff(Pen::DEFAULT, to, &mut fresh);
        }
        let codes = if incremental.len <= fresh.len { incremental } else { fresh };
        debug_assert!(to == Pen::DEFAULT || codes.len > 0);
        self.frame.extend_from_slice(b"\x1b[");
        self.frame.extend_from_slice(codes.bytes());
        self.frame.push(b'm');
        self.pen = to;
    }

    /// A plain blank at (x, y), unless the terminal shows one there.
    fn blank_at(&mut self, x: u16, y: u16) {
        if self.shadow_at(x, y).is_some_and(|g| g.is_space() && same_blank(g.look(), Pen::DEFAULT)) {
            return;
        }
        self.move_to(x, y);
        if !same_blank(self.pen, Pen::DEFAULT) {
            self.set_pen(Pen::DEFAULT);
        }
        self.frame.push(b' ');
        let i = self.index(x, y);
        let pen = self.pen;
        if let Some(slot) = self.shadow.get_mut(i) {
            *slot = Glyph::BLANK.with_look(pen);
        }
        self.cursor = (x + 1 < self.width).then_some((x + 1, y));
    }

    fn set_visible(&mut self, visible: bool) {
        if self.visible != Some(visible) {
            self.frame.extend_from_slice(if visible { b"\x1b[?25h" } else { b"\x1b[?25l" });
            self.visible = Some(visible);
        }
    }

    /// Writes the cells of row `y` of `next` that differ from `shown` (the
    /// frame's last row there; see [`diff_row`]).
    pub fn draw_row(&mut self, y: u16, shown: &[Glyph], next: &[Glyph]) {
        diff_row(shown, next, |x, glyph| self.put(x as u16, y, glyph));
        self.settle();
    }

    /// Writes one glyph at (x, y).
    #[inline]
    fn put(&mut self, x: u16, y: u16, glyph: Glyph) {
        if let Some((ox, oy)) = self.orphan.take()
            && (ox, oy) != (x, y)
        {
            self.blank_at(ox, oy);
        }
        if self.cursor != Some((x, y)) {
            self.move_to(x, y);
        }
        let mut pen = glyph.look();
        if pen != self.pen {
            // A blank needs no attribute change that would not show on it.
            if glyph.is_space() && same_blank(pen, self.pen) {
                pen = self.pen;
            } else {
                self.set_pen(pen);
            }
        }
        match glyph.ascii() {
            Some(b) => self.frame.push(b),
            // Byte by byte: a call to copy three bytes costs more.
            None => self.frame.extend(glyph.symbol(&mut [0u8; 4]).bytes()),
        }
        let w = glyph.width() as u16;
        let i = self.index(x, y);
        // The cell after this glyph, if it was the right half of a wide
        // glyph this one wrote over, is blanked by the terminal (and is a
        // blank in the frame too).
        let after = i + usize::from(w);
        let orphaned = w > 0 && x + w < self.width && self.shadow.get(after).is_some_and(|g| g.is_unknown());
        if let Some(slot) = self.shadow.get_mut(i) {
            *slot = glyph.with_look(pen);
        }
        // Covered by a wide glyph: not a cell to write text into.
        for k in 1..usize::from(w) {
            if let Some(slot) = self.shadow.get_mut(i + k) {
                *slot = Glyph::UNKNOWN;
            }
        }
        if orphaned {
            self.shadow[after] = Glyph::BLANK.with_look(pen);
            self.orphan = Some((x + w, y));
        }
        // Past the last column the terminal waits to wrap: the position is
        // not one a relative move can start from.
        self.cursor = (w > 0 && x + w < self.width).then_some((x + w, y));
    }

    /// Ends a run of cells: the right half of a wide glyph whose left half
    /// was just written over is blanked by the terminal with the pen in
    /// use, and the frame holds a plain blank there; unless the next cell
    /// written was that one, the plain blank is written so the two agree.
    fn settle(&mut self) {
        if let Some((ox, oy)) = self.orphan.take() {
            self.blank_at(ox, oy);
        }
    }

    pub fn hide_cursor(&mut self) {
        self.set_visible(false);
    }

    pub fn show_cursor(&mut self) {
        self.set_visible(true);
    }

    pub fn set_cursor_position(&mut self, p: Position) {
        self.move_to(p.x, p.y);
    }

    /// Clears the screen (after a resize, which may also have moved the
    /// cursor).
    pub fn clear(&mut self) {
        // Erasing paints with the current background: start from defaults.
        self.set_pen(Pen::DEFAULT);
        self.cursor = None;
        self.width = self.size.width;
        self.shadow = vec![Glyph::BLANK; usize::from(self.size.width) * usize::from(self.size.height)];
        self.frame.extend_from_slice(b"\x1b[2J");
    }

    /// Sends the frame, in one `write()`.
    ///
    /// # Errors
    /// Writing to the terminal failed.
    pub fn flush(&mut self) -> io::Result<()> {
        if self.size.width != self.width {
            self.cursor = None;
            self.shadow.clear();
            self.width = self.size.width;
        }
        if !self.frame.is_empty() {
            let r = self.out.write_all(&self.frame);
            self.frame.clear();
            r?;
        }
        self.out.flush()
    }
}

/// Hands `write` (column and glyph) the cells of a row of `next` to write
/// over `shown`, left to right: those that differ, never the right half of a wide glyph
/// being written, never a cell marked skip; and after a wide glyph replaced
/// by a narrow one on a coloured or underlined background, the cells it
/// covered, so no stale half stays on screen.
#[inline]
pub fn diff_row(shown: &[Glyph], next: &[Glyph], mut write: impl FnMut(usize, Glyph)) {
    let len = shown.len().min(next.len());
    if shown[..len] == next[..len] {
        return;
    }
    let mut i = 0;
    // Cells up to this index are written whatever they hold.
    let mut forced_until = 0;
    while i < len {
        let (n, s) = (next[i], shown[i]);
        if n.skip() {
            i += 1;
            continue;
        }
        if n == s && i >= forced_until {
            // An unchanged wide glyph: its right half is unchanged too.
            i += n.width().max(1);
            continue;
        }
        write(i, n);
        let nw = n.width().max(1);
        let sw = s.width().max(1);
        if sw > nw && (s.look().bg() != 0 || !s.look().modifier().is_empty()) {
            forced_until = forced_until.max(i + sw);
        }
        i += nw;
    }
}

/// A control sequence built on the stack (the longest the writer needs
/// is a true-colour pair of SGR codes, well under its size).
struct Seq {
    bytes: [u8; 64],
    len: usize,
}

impl Default for Seq {
    fn default() -> Seq {
        Seq { bytes: [0; 64], len: 0 }
    }
}

impl Seq {
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    fn push_str(&mut self, s: &str) {
        s.bytes().for_each(|b| self.push(b));
    }

    fn csi(&mut self) {
        self.push(0x1b);
        self.push(b'[');
    }

    /// A number in decimal.
    fn num(&mut self, n: impl Into<u32>) {
        let n: u32 = n.into();
        let mut digits = [0u8; 10];
        let mut k = digits.len();
        let mut m = n;
        loop {
            k -= 1;
            digits[k] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        digits[k..].iter().for_each(|&b| self.push(b));
    }

    /// `ESC [ n X`, with the count left out when it is 1.
    fn csi_n(&mut self, n: u16, op: u8) {
        self.csi();
        if n != 1 {
            self.num(n);
        }
        self.push(op);
    }

    /// One SGR parameter, after a `;` unless it is the first.
    fn param(&mut self, code: &str) {
        if self.len > 0 && self.bytes[self.len - 1] != b';' {
            self.push(b';');
        }
        self.push_str(code);
    }

    fn bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// SGR parameters turning pen `a` into pen `b` (nothing when equal).
fn sgr_diff(a: Pen, b: Pen, out: &mut Seq) {
    let (am, bm) = (a.modifier(), b.modifier());
    let removed = am - bm;
    let mut added = bm - am;
    // 22 turns off both bold and dim: whichever should stay comes back.
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        out.param("22");
        added |= bm & (Modifier::BOLD | Modifier::DIM);
    }
    for (m, off) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::HIDDEN, "28"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if removed.contains(m) {
            out.param(off);
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        out.param("25");
        added |= bm & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
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
            out.param(on);
        }
    }
    if a.fg() != b.fg() {
        color_code(b.fg(), false, out);
    }
    if a.bg() != b.bg() {
        color_code(b.bg(), true, out);
    }
}

/// The SGR parameter of a (packed) colour, as foreground or background.
fn color_code(c: u32, bg: bool, out: &mut Seq) {
    use ratatui_core::style::Color;
    // The 16 colours as foreground codes, and 10 more as background.
    const FG: [&str; 17] = [
        "39", "30", "31", "32", "33", "34", "35", "36", "37", "90", "91", "92", "93", "94", "95", "96", "97",
    ];
    const BG: [&str; 17] = [
        "49", "40", "41", "42", "43", "44", "45", "46", "47", "100", "101", "102", "103", "104", "105",
        "106", "107",
    ];
    let extended = if bg { "48" } else { "38" };
    match unpack(c) {
        Color::Indexed(i) => {
            out.param(extended);
            out.param("5");
            out.push(b';');
            out.num(i);
        }
        Color::Rgb(r, g, b) => {
            out.param(extended);
            out.param("2");
            for v in [r, g, b] {
                out.push(b';');
                out.num(v);
            }
        }
        _ => {
            let named = c as usize;
            out.param(if bg { BG.get(named).unwrap_or(&"49") } else { FG.get(named).unwrap_or(&"39") });
        }
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
    use super::*;

    /// The cursor move sent is the shorter of an absolute position and a
    /// relative move (spelled out here with `format!`, not with the
    /// writer's own sizes), from every cursor to every target of a grid
    /// that spans one-, two- and three-digit distances.
    #[test]
    fn a_cursor_move_is_the_shorter_of_absolute_and_relative() {
        let spots = [0u16, 1, 2, 9, 10, 11, 99, 100, 101, 119];
        let rows = [0u16, 1, 2, 9, 10, 11, 39];
        let csi = |n: u16, op: char| if n == 1 { format!("\x1b[{op}") } else { format!("\x1b[{n}{op}") };
        for (&cx, &cy) in spots.iter().flat_map(|x| rows.iter().map(move |y| (x, y))) {
            for (&x, &y) in spots.iter().flat_map(|x| rows.iter().map(move |y| (x, y))) {
                if (cx, cy) == (x, y) {
                    continue;
                }
                let absolute =
                    if x > 0 { format!("\x1b[{};{}H", y + 1, x + 1) } else { format!("\x1b[{}H", y + 1) };
                let mut relative = String::new();
                if x == 0 && cx > 0 {
                    relative.push('\r');
                }
                if y < cy {
                    relative += &csi(cy - y, 'A');
                } else if y > cy {
                    relative += &csi(y - cy, 'B');
                }
                if x > cx {
                    relative += &csi(x - cx, 'C');
                } else if x < cx && x > 0 {
                    relative += &csi(cx - x, 'D');
                }
                let shortest = if relative.len() < absolute.len() { relative } else { absolute };
                // A writer on an unknown screen (so no gap is written as
                // text), its cursor at (cx, cy).
                let mut w = TermBackend::with_size(Vec::new(), Size { width: 120, height: 40 });
                w.shadow.fill(Glyph::UNKNOWN);
                w.cursor = Some((cx, cy));
                w.move_to(x, y);
                assert_eq!(String::from_utf8_lossy(&w.frame), shortest, "({cx},{cy}) -> ({x},{y})");
            }
        }
    }

    #[test]
    fn osc52_carries_the_text_in_base64() {
        // Expected values from Python's base64 module.
        assert_eq!(super::osc52("中文 ok"), b"\x1b]52;c;5Lit5paHIG9r\x1b\\");
        assert_eq!(super::osc52("a"), b"\x1b]52;c;YQ==\x1b\\");
        assert_eq!(super::osc52("ab"), b"\x1b]52;c;YWI=\x1b\\");
    }
}
