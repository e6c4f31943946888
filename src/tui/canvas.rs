//! A frame as drawing operations, row by row, before any of it touches a
//! buffer.
//!
//! The view records what it would write (text, width, alignment, style);
//! applying a row replays exactly that into a buffer. Because a row's
//! operations are plain data, a frame can be compared with the last one
//! row by row: [`super::screen::Screen`] applies and diffs only the rows
//! whose operations changed. A move in a table touches a few rows of the
//! buffers instead of all of them — at 120x40 the two buffers are most of
//! a megabyte, and walking them was most of what a keystroke cost.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::layout::{self, Align, Ambiguous};

/// One write: `text` padded or cut to `w` columns at `x`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Op {
    x: u16,
    w: usize,
    text: Range<usize>,
    align: Align,
    style: Style,
    mode: Ambiguous,
}

/// A frame's drawing operations.
#[derive(Debug, Clone)]
pub struct Canvas {
    area: Rect,
    /// The text of every operation, one after the other.
    text: String,
    rows: Vec<Vec<Op>>,
}

impl Canvas {
    /// An empty frame of `area`.
    #[must_use]
    pub fn new(area: Rect) -> Canvas {
        Canvas { area, text: String::new(), rows: vec![Vec::new(); usize::from(area.height)] }
    }

    /// Records `text` padded or cut to exactly `w` columns at (x, y).
    /// Writes outside the frame are dropped.
    #[allow(clippy::too_many_arguments)] // a drawing primitive: position, width, text, look
    pub fn put(&mut self, x: u16, y: u16, w: usize, text: &str, align: Align, style: Style, mode: Ambiguous) {
        let Some(row) = y.checked_sub(self.area.y).and_then(|r| self.rows.get_mut(usize::from(r))) else {
            return;
        };
        if w == 0 || x >= self.area.right() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        row.push(Op { x, w, text: start..self.text.len(), align, style, mode });
    }

    /// A fingerprint of row `y`'s operations (relative to the frame).
    #[must_use]
    pub fn row_key(&self, row: usize) -> u64 {
        let mut h = Fx(0);
        for op in self.rows.get(row).map_or(&[][..], Vec::as_slice) {
            (op.x, op.w, op.align, op.style, op.mode).hash(&mut h);
            self.text[op.text.clone()].hash(&mut h);
        }
        h.finish()
    }

    /// Writes every row into `buf` (which must be blank there).
    pub fn apply(&self, buf: &mut Buffer) {
        for row in 0..self.rows.len() {
            self.apply_row(row, buf);
        }
    }

    /// Writes row `row` (counted from the frame's top) into `buf`, which
    /// must be blank there.
    pub fn apply_row(&self, row: usize, buf: &mut Buffer) {
        let y = self.area.y + row as u16;
        for op in self.rows.get(row).map_or(&[][..], Vec::as_slice) {
            write(buf, op.x, y, op.w, &self.text[op.text.clone()], op.align, op.style, op.mode);
        }
    }
}

/// A fast hash for the row fingerprints (the one rustc uses for its own
/// tables): a frame hashes all of its text, and the standard hasher's resistance to
/// chosen keys buys nothing here.
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Writes `text` padded or cut to exactly `w` columns at (x, y).
#[allow(clippy::too_many_arguments)] // a drawing primitive: position, width, text, look
fn write(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    w: usize,
    text: &str,
    align: Align,
    style: Style,
    mode: Ambiguous,
) {
    // The common case, text that fits and needs no segmentation (and so
    // holds no control character to make visible), is written straight
    // into the cells: no padded copy, no graphemes, one pass to measure.
    let measured = layout::simple_width(text, mode);
    let text = if measured.is_some() {
        std::borrow::Cow::Borrowed(text)
    } else {
        crate::sanitize::visible_inline(text)
    };
    if let Some(tw) = measured.or_else(|| layout::simple_width(&text, mode))
        && tw <= w
    {
        let gap = w - tw;
        let (left, right) = match align {
            Align::Left => (0, gap),
            Align::Right => (gap, 0),
            Align::Center => (gap / 2, gap - gap / 2),
        };
        let blank = |buf: &mut Buffer, from: u16, n: usize| {
            for cell in row_cells(buf, from, y, n) {
                // A fresh frame is blank already: only the style.
                if cell.symbol() != " " {
                    cell.set_symbol(" ");
                }
                cell.set_style(style);
            }
        };
        blank(buf, x, left);
        set_simple(buf, x + left as u16, y, &text, tw, style, mode);
        blank(buf, x + (left + tw) as u16, right);
        return;
    }
    let s = layout::pad(&text, w, align, mode);
    set_graphemes(buf, x, y, &s, w, style, mode);
}

/// The cells `x..x + n` of row `y`, cut to the buffer (one index
/// computation for the run, not one per cell).
fn row_cells(buf: &mut Buffer, x: u16, y: u16, n: usize) -> &mut [Cell] {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x < area.left() || x >= area.right() {
        return &mut [];
    }
    let start = usize::from(y - area.y) * usize::from(area.width) + usize::from(x - area.x);
    let n = n.min(usize::from(area.right() - x));
    &mut buf.content[start..start + n]
}

/// Writes one glyph into its cell and marks the cells it covers. Cells a
/// glyph covers by ratatui's own measure are reset, as ratatui does; the
/// ones it covers only because the terminal draws ambiguous characters
/// wide are marked skip, so the diff never writes a blank over the
/// glyph's right half (and the writer advances its cursor by our width).
fn set_glyph(buf: &mut Buffer, x: u16, y: u16, sym: &str, ours: u16, style: Style) {
    let theirs = unicode_width::UnicodeWidthStr::width(sym).max(1);
    let cells = row_cells(buf, x, y, usize::from(ours));
    let Some((cell, rest)) = cells.split_first_mut() else { return };
    if cell.symbol() != sym {
        cell.set_symbol(sym);
    }
    cell.set_style(style);
    for (k, c) in rest.iter_mut().enumerate() {
        c.reset();
        if k + 1 >= theirs {
            c.set_diff_option(CellDiffOption::Skip);
        }
    }
}

/// `Buffer::set_stringn` measured by the layout module (in the ambiguous
/// mode in use) rather than by ratatui.
fn set_graphemes(buf: &mut Buffer, x: u16, y: u16, s: &str, w: usize, style: Style, mode: Ambiguous) {
    use unicode_segmentation::UnicodeSegmentation;
    let right = buf.area.right().min(x.saturating_add(w as u16));
    let mut x = x;
    for g in s.graphemes(true) {
        if g.chars().any(char::is_control) {
            continue;
        }
        let gw = layout::grapheme_width(g, mode) as u16;
        if gw == 0 {
            continue;
        }
        if x + gw > right {
            break;
        }
        set_glyph(buf, x, y, g, gw, style);
        x += gw;
    }
}

/// `Buffer::set_stringn` for a [`layout::simple`] string: one cell per
/// char, no grapheme segmentation.
fn set_simple(buf: &mut Buffer, x: u16, y: u16, s: &str, w: usize, style: Style, mode: Ambiguous) {
    let right = buf.area.right().min(x.saturating_add(w as u16));
    let mut x = x;
    let mut tmp = [0u8; 4];
    for c in s.chars() {
        let cw = layout::char_width(c, mode) as u16;
        if cw == 0 {
            continue;
        }
        if x + cw > right {
            break;
        }
        let sym: &str = c.encode_utf8(&mut tmp);
        if cw == 1 {
            if let Some(cell) = row_cells(buf, x, y, 1).first_mut() {
                if cell.symbol() != sym {
                    cell.set_symbol(sym);
                }
                cell.set_style(style);
            }
        } else {
            set_glyph(buf, x, y, sym, cw, style);
        }
        x += cw;
    }
}
