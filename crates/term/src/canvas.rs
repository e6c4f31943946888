//! A frame as drawing operations, row by row, before any of it touches a
//! buffer.
//!
//! The view records what it would write (text, width, alignment, style);
//! applying a row replays exactly that into a buffer. Because a row's
//! operations are plain data, a frame can be compared with the last one
//! row by row: [`crate::screen::Screen`] applies and diffs only the rows
//! whose operations changed. A move in a table touches a few rows of the
//! buffers instead of all of them — at 120x40 the two buffers are most of
//! a megabyte, and walking them was most of what a keystroke cost.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::style::Style;

use crate::cells::{Brush, Cells, Glyph};
use nianbao_text::{self as text, Align, Ambiguous};

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

/// One row's operations, with the text they write.
#[derive(Debug, Clone, Default)]
struct Row {
    ops: Vec<Op>,
    text: String,
}

/// What a frame knows of each row, kept apart from the rows' operations:
/// every frame walks these for all rows, and packed they are a few cache
/// lines (the rows themselves are read only where drawn).
#[derive(Debug, Clone, Default)]
struct Marks {
    /// The key of the region that drew the row (`None`: never kept).
    region: Vec<Option<u64>>,
    /// Drawn by a region in the frame being built.
    claimed: Vec<bool>,
    /// Drawn anew in this frame (otherwise it is the last frame's row).
    fresh: Vec<bool>,
    /// The row's fingerprint ([`Canvas::row_key`]), worked out when a
    /// region has drawn it, while its operations are still in the cache
    /// (`None`: written to since).
    key: Vec<Option<u64>>,
}

/// Canvases told apart by the screen: which one it drew last.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A frame's drawing operations.
///
/// A canvas can be kept from frame to frame ([`Canvas::begin`],
/// [`Canvas::end`]): the view draws it in regions of whole rows, each
/// under a key made of everything that region shows, and a region whose
/// key is unchanged is not drawn again — its rows stay as they were, and
/// the screen passes over them without a look.
#[derive(Debug, Clone)]
pub struct Canvas {
    area: Rect,
    rows: Vec<Row>,
    marks: Marks,
    /// Rows (counted from the frame's top) of the region being drawn:
    /// writes elsewhere are dropped.
    active: Option<Range<usize>>,
    id: u64,
    frame: u64,
}

impl Canvas {
    /// An empty frame of `area`.
    #[must_use]
    pub fn new(area: Rect) -> Canvas {
        Canvas {
            area,
            rows: vec![Row::default(); usize::from(area.height)],
            marks: Marks {
                region: vec![None; usize::from(area.height)],
                claimed: vec![false; usize::from(area.height)],
                fresh: vec![true; usize::from(area.height)],
                key: vec![None; usize::from(area.height)],
            },
            active: None,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            frame: 0,
        }
    }

    /// Starts the next frame over this one: of another size, a blank one.
    pub fn begin(&mut self, area: Rect) {
        if area != self.area {
            *self = Canvas::new(area);
            return;
        }
        self.frame += 1;
        self.marks.claimed.fill(false);
        self.marks.fresh.fill(false);
    }

    /// Ends a frame: rows no region drew are blank.
    pub fn end(&mut self) {
        let m = &mut self.marks;
        for (i, row) in self.rows.iter_mut().enumerate() {
            if !m.claimed[i] && (m.region[i].is_some() || !row.ops.is_empty()) {
                // Cleared, not replaced: the row keeps its allocations.
                row.ops.clear();
                row.text.clear();
                m.region[i] = None;
                m.fresh[i] = true;
                m.key[i] = None;
            }
        }
    }

    /// Draws the rows `ys` (screen rows) with `draw`, unless the last
    /// frame drew them under the same `key` — which must then stand for
    /// everything `draw` shows. `draw` writes only into these rows.
    pub fn region(&mut self, ys: Range<u16>, key: u64, draw: impl FnOnce(&mut Canvas)) {
        let top = self.area.y;
        let rows = usize::from(ys.start.max(top) - top).min(self.rows.len())
            ..usize::from(ys.end.max(top) - top).min(self.rows.len());
        let key = self::key((key, rows.start, rows.end));
        let m = &mut self.marks;
        let kept = rows.clone().all(|i| m.region[i] == Some(key) && !m.claimed[i]);
        for i in rows.clone() {
            m.claimed[i] = true;
            if !kept {
                self.rows[i].ops.clear();
                self.rows[i].text.clear();
                m.region[i] = Some(key);
                m.fresh[i] = true;
                m.key[i] = None;
            }
        }
        if !kept {
            let outer = self.active.replace(rows.clone());
            draw(self);
            self.active = outer;
            for i in rows {
                if self.marks.key[i].is_none() {
                    self.marks.key[i] = Some(fingerprint(&self.rows[i]));
                }
            }
        }
    }

    /// Whether row `row` was drawn anew in this frame.
    #[must_use]
    pub fn is_fresh(&self, row: usize) -> bool {
        self.marks.fresh.get(row).is_none_or(|&f| f)
    }

    /// Which canvas this is and which of its frames: a row not fresh is
    /// the row of frame `frame - 1`.
    #[must_use]
    pub fn generation(&self) -> (u64, u64) {
        (self.id, self.frame)
    }

    /// Records `text` padded or cut to exactly `w` columns at (x, y).
    /// Writes outside the frame, or outside the region being drawn, are
    /// dropped.
    #[allow(clippy::too_many_arguments)] // a drawing primitive: position, width, text, look
    pub fn put(&mut self, x: u16, y: u16, w: usize, text: &str, align: Align, style: Style, mode: Ambiguous) {
        let Some(r) = y.checked_sub(self.area.y).map(usize::from) else {
            return;
        };
        if self.active.as_ref().is_some_and(|a| !a.contains(&r)) {
            return;
        }
        let Some(row) = self.rows.get_mut(r) else {
            return;
        };
        if w == 0 || x >= self.area.right() {
            return;
        }
        if let Some(key) = self.marks.key.get_mut(r) {
            *key = None;
        }
        let start = row.text.len();
        row.text.push_str(text);
        row.ops.push(Op { x, w, text: start..row.text.len(), align, style, mode });
    }

    /// A fingerprint of row `row`'s operations (relative to the frame).
    #[must_use]
    pub fn row_key(&self, row: usize) -> u64 {
        match (self.marks.key.get(row), self.rows.get(row)) {
            (Some(&Some(key)), _) => key,
            (_, r) => fingerprint(r.unwrap_or(&Row::default())),
        }
    }

    /// Writes every row into `buf` (which must be blank there).
    pub fn apply(&self, buf: &mut Buffer) {
        let mut cells = Cells::new(self.area);
        for row in 0..self.rows.len() {
            self.apply_row(row, &mut cells);
        }
        cells.copy_into(buf);
    }

    /// Writes row `row` (counted from the frame's top) into `cells`, which
    /// must be blank there and of the frame's area.
    pub fn apply_row(&self, row: usize, cells: &mut Cells) {
        let y = self.area.y + row as u16;
        if let Some(r) = self.rows.get(row) {
            for op in &r.ops {
                write(cells, op.x, y, op.w, &r.text[op.text.clone()], op.align, op.style, op.mode);
            }
        }
    }
}

/// A hash of a row's operations and their text.
fn fingerprint(r: &Row) -> u64 {
    let mut h = Fx(0);
    for op in &r.ops {
        (op.x, op.w, op.align, op.style, op.mode).hash(&mut h);
        r.text[op.text.clone()].hash(&mut h);
    }
    h.finish()
}

/// A key for [`Canvas::region`]: a fast hash of `parts`.
#[must_use]
#[inline]
pub fn key(parts: impl Hash) -> u64 {
    let mut h = Fx(0);
    parts.hash(&mut h);
    h.finish()
}

/// A fast hash for the row fingerprints (the one rustc uses for its own
/// tables): a frame hashes all of its text, and the standard hasher's resistance to
/// chosen keys buys nothing here.
#[derive(Default)]
pub struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    // Numbers (lengths, discriminants, ids) are one word each, not a
    // byte slice walked in chunks.
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    #[inline]
    fn write_isize(&mut self, n: isize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Writes `text` padded or cut to exactly `w` columns at (x, y).
#[allow(clippy::too_many_arguments)] // a drawing primitive: position, width, text, look
fn write(buf: &mut Cells, x: u16, y: u16, w: usize, text: &str, align: Align, style: Style, mode: Ambiguous) {
    // Writing into the right half of a wide glyph erases it on a
    // terminal: its left half becomes a blank here too, so the buffer
    // stays what the terminal shows.
    if x > buf.area.left()
        && let Some(before) = row_cells(buf, x - 1, y, 1).first_mut()
        && before.width() > 1
    {
        before.set_symbol_of(Glyph::BLANK);
    }
    // The common case, text that fits and needs no segmentation (and so
    // holds no control character to make visible), is written straight
    // into the cells: no padded copy, no graphemes, one pass to measure.
    let measured = text::simple_width(text, mode);
    let text = if measured.is_some() {
        std::borrow::Cow::Borrowed(text)
    } else {
        nianbao_text::sanitize::visible_inline(text)
    };
    if let Some(tw) = measured.or_else(|| text::simple_width(&text, mode))
        && tw <= w
    {
        let gap = w - tw;
        let (left, right) = match align {
            Align::Left => (0, gap),
            Align::Right => (gap, 0),
            Align::Center => (gap / 2, gap - gap / 2),
        };
        let brush = Brush::new(style);
        let blank = |buf: &mut Cells, from: u16, n: usize| {
            for cell in row_cells(buf, from, y, n) {
                cell.set_symbol_of(Glyph::BLANK);
                cell.set_brush(brush);
            }
        };
        blank(buf, x, left);
        set_simple(buf, x + left as u16, y, &text, tw, brush, mode);
        blank(buf, x + (left + tw) as u16, right);
        return;
    }
    let s = text::pad(&text, w, align, mode);
    set_graphemes(buf, x, y, &s, w, style, mode);
}

/// The cells `x..x + n` of row `y`, cut to the buffer (one index
/// computation for the run, not one per cell).
fn row_cells(buf: &mut Cells, x: u16, y: u16, n: usize) -> &mut [Glyph] {
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
fn set_glyph(buf: &mut Cells, x: u16, y: u16, sym: &str, ours: u16, style: Style) {
    let cells = row_cells(buf, x, y, usize::from(ours));
    put_glyph(cells, sym, Brush::new(style));
}

/// [`set_glyph`] on the cells the glyph covers (cut at the frame's edge).
fn put_glyph(cells: &mut [Glyph], sym: &str, brush: Brush) {
    let theirs = unicode_width::UnicodeWidthStr::width(sym).max(1);
    let ours = cells.len();
    let Some((cell, rest)) = cells.split_first_mut() else { return };
    cell.set_symbol_of(Glyph::new(sym, ours));
    cell.set_brush(brush);
    for (k, c) in rest.iter_mut().enumerate() {
        *c = Glyph::BLANK;
        if k + 1 >= theirs {
            c.set_skip();
        }
    }
}

/// `Buffer::set_stringn` measured by the layout module (in the ambiguous
/// mode in use) rather than by ratatui.
fn set_graphemes(buf: &mut Cells, x: u16, y: u16, s: &str, w: usize, style: Style, mode: Ambiguous) {
    use unicode_segmentation::UnicodeSegmentation;
    let right = buf.area.right().min(x.saturating_add(w as u16));
    let mut x = x;
    for g in s.graphemes(true) {
        if g.chars().any(char::is_control) {
            continue;
        }
        let gw = text::grapheme_width(g, mode) as u16;
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

/// `Buffer::set_stringn` for a [`text::simple`] string: one cell per
/// char, no grapheme segmentation.
fn set_simple(buf: &mut Cells, x: u16, y: u16, s: &str, w: usize, brush: Brush, mode: Ambiguous) {
    let row = row_cells(buf, x, y, w);
    let mut i = 0;
    let mut tmp = [0u8; 4];
    for c in s.chars() {
        let cw = text::char_width(c, mode);
        if cw == 0 {
            continue;
        }
        let Some(cells) = row.get_mut(i..i + cw) else { break };
        match cells {
            [cell] => {
                cell.set_symbol_of(Glyph::narrow(c));
                cell.set_brush(brush);
            }
            // Two columns by ratatui's measure too: no skip mark.
            [cell, right] if text::ideograph(c) => {
                cell.set_symbol_of(Glyph::wide(c));
                cell.set_brush(brush);
                *right = Glyph::BLANK;
            }
            _ => put_glyph(cells, c.encode_utf8(&mut tmp), brush),
        }
        i += cw;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(c: &Canvas, row: usize) -> String {
        let mut cells = Cells::new(Rect::new(0, 0, c.area.width, c.area.height));
        c.apply_row(row, &mut cells);
        let mut tmp = [0u8; 4];
        cells.row_mut(row).iter().map(|g| g.symbol(&mut tmp).to_owned()).collect::<String>()
    }

    fn frame(c: &mut Canvas, top: (&str, u64), bottom: Option<(&str, u64)>) {
        c.begin(Rect::new(0, 0, 4, 3));
        c.region(0..1, top.1, |c| c.put(0, 0, 4, top.0, Align::Left, Style::new(), Ambiguous::Narrow));
        if let Some((text, key)) = bottom {
            c.region(1..3, key, |c| {
                c.put(0, 1, 4, text, Align::Left, Style::new(), Ambiguous::Narrow);
                // Outside the region: dropped.
                c.put(0, 0, 4, "xxxx", Align::Left, Style::new(), Ambiguous::Narrow);
            });
        }
        c.end();
    }

    /// In wide mode ① covers two columns where ratatui counts one: the
    /// second is marked skip. Text written there later is written, and
    /// the ① it cut in half is a blank, as on the terminal.
    #[test]
    fn a_glyph_written_over_a_skipped_half_is_not_skipped() {
        let mut c = Canvas::new(Rect::new(0, 0, 4, 1));
        c.put(0, 0, 2, "①", Align::Left, Style::new(), Ambiguous::Wide);
        c.put(1, 0, 1, "a", Align::Left, Style::new(), Ambiguous::Wide);
        let mut cells = Cells::new(Rect::new(0, 0, 4, 1));
        c.apply_row(0, &mut cells);
        let mut tmp = [0u8; 4];
        let row = cells.row_mut(0);
        assert_eq!((row[0].symbol(&mut tmp).to_owned(), row[0].width()), (" ".to_owned(), 1));
        assert_eq!(row[1].symbol(&mut tmp), "a");
        assert!(!row[1].skip());
        // Without the second write, the right half is skipped.
        let mut c = Canvas::new(Rect::new(0, 0, 4, 1));
        c.put(0, 0, 2, "①", Align::Left, Style::new(), Ambiguous::Wide);
        let mut cells = Cells::new(Rect::new(0, 0, 4, 1));
        c.apply_row(0, &mut cells);
        assert!(cells.row_mut(0)[1].skip());
    }

    #[test]
    fn a_region_under_the_same_key_is_kept_and_another_key_draws_it_again() {
        let mut c = Canvas::new(Rect::new(0, 0, 4, 3));
        frame(&mut c, ("ab", 1), Some(("cd", 2)));
        assert_eq!((text_of(&c, 0), text_of(&c, 1)), ("ab  ".to_owned(), "cd  ".to_owned()));
        assert!(c.is_fresh(0) && c.is_fresh(1) && c.is_fresh(2));
        // Same keys: nothing is drawn, whatever the closure would draw now.
        frame(&mut c, ("zz", 1), Some(("zz", 2)));
        assert_eq!((text_of(&c, 0), text_of(&c, 1)), ("ab  ".to_owned(), "cd  ".to_owned()));
        assert!(!c.is_fresh(0) && !c.is_fresh(1) && !c.is_fresh(2));
        // A new key for the top only.
        frame(&mut c, ("ef", 3), Some(("zz", 2)));
        assert_eq!((text_of(&c, 0), text_of(&c, 1)), ("ef  ".to_owned(), "cd  ".to_owned()));
        assert!(c.is_fresh(0) && !c.is_fresh(1));
        // A region not drawn at all leaves its rows blank.
        frame(&mut c, ("ef", 3), None);
        assert_eq!(text_of(&c, 1), "    ");
        assert!(!c.is_fresh(0) && c.is_fresh(1) && c.is_fresh(2));
        // Another size: everything anew.
        c.begin(Rect::new(0, 0, 5, 3));
        assert!(c.is_fresh(0) && c.generation().1 == 0);
    }
}
