//! Frames to the terminal: the frame on screen kept, and of the next one
//! (a [`Canvas`]) only the rows whose drawing changed written into a
//! second buffer and compared with it; the cells that differ go to our
//! writer ([`super::term::TermBackend`]).
//!
//! Why not ratatui's `Terminal`: its diff asks `unicode-width` the width of
//! every cell of both buffers on every frame, equal or not — at 120x40 that
//! and the iterator around it were about a quarter of the CPU a keystroke
//! costs. Here equal cells are passed over after one comparison, and a
//! width is asked only of a cell that is written or is not ASCII (a wide
//! glyph's right half is never written on its own).

use std::io::{self, Write};

use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::{Position, Rect};

use super::canvas::Canvas;
use super::term::TermBackend;
use crate::layout;

/// The terminal as frames: what is on screen, and the next frame.
#[derive(Debug)]
pub struct Screen<W: Write> {
    backend: TermBackend<W>,
    shown: Buffer,
    next: Buffer,
    /// Per row, the fingerprint of the canvas row on screen (`None`:
    /// unknown, drawn next time).
    rows: Vec<Option<u64>>,
    /// The canvas and frame drawn last ([`Canvas::generation`]).
    drawn: Option<(u64, u64)>,
}

impl<W: Write> Screen<W> {
    /// Frames for a terminal whose screen is blank (a fresh alternate
    /// screen), of the backend's size.
    pub fn new(backend: TermBackend<W>) -> Screen<W> {
        let size = backend.size().unwrap_or_default();
        let area = Rect::new(0, 0, size.width, size.height);
        Screen {
            backend,
            shown: Buffer::empty(area),
            next: Buffer::empty(area),
            rows: vec![None; usize::from(size.height)],
            drawn: None,
        }
    }

    pub fn backend_mut(&mut self) -> &mut TermBackend<W> {
        &mut self.backend
    }

    pub fn backend(&self) -> &TermBackend<W> {
        &self.backend
    }

    /// The screen's area.
    #[must_use]
    pub fn area(&self) -> Rect {
        self.shown.area
    }

    /// The frame last drawn.
    #[must_use]
    pub fn shown(&self) -> &Buffer {
        &self.shown
    }

    /// Follows a change of the terminal's size: the screen is cleared and
    /// the next frame drawn whole.
    ///
    /// # Errors
    /// Writing to the terminal failed.
    pub fn autoresize(&mut self) -> io::Result<()> {
        let size = self.backend.size()?;
        if (size.width, size.height) != (self.shown.area.width, self.shown.area.height) {
            let area = Rect::new(0, 0, size.width, size.height);
            self.shown = Buffer::empty(area);
            self.next = Buffer::empty(area);
            self.rows = vec![None; usize::from(size.height)];
            self.drawn = None;
            self.backend.clear()?;
        }
        Ok(())
    }

    /// Draws a frame given as a canvas of this screen's area (call
    /// [`Screen::autoresize`] first, then lay the canvas out for
    /// [`Screen::area`]): only the rows whose operations changed since the
    /// last frame are written into a buffer and compared with the screen;
    /// the rest is not touched at all. When the canvas is the next frame
    /// of the one drawn last, its rows kept from that frame are passed over
    /// without even a look at their operations. The cursor goes to
    /// `cursor`, or is hidden.
    ///
    /// # Errors
    /// Writing to the terminal failed.
    pub fn draw_canvas(&mut self, canvas: &Canvas, cursor: Option<Position>) -> io::Result<()> {
        let width = usize::from(self.shown.area.width);
        let (id, frame) = canvas.generation();
        let follows = frame > 0 && self.drawn == Some((id, frame - 1));
        self.drawn = Some((id, frame));
        let mut changed = Vec::new();
        for (row, slot) in self.rows.iter_mut().enumerate() {
            if follows && slot.is_some() && !canvas.is_fresh(row) {
                continue;
            }
            let key = canvas.row_key(row);
            if *slot == Some(key) {
                continue;
            }
            *slot = Some(key);
            let cells = &mut self.next.content[row * width..(row + 1) * width];
            cells.iter_mut().for_each(Cell::reset);
            canvas.apply_row(row, &mut self.next);
            changed.push(row);
        }
        let mut updates = Vec::new();
        for &row in &changed {
            updates.extend(diff_rows(&self.shown, &self.next, row..row + 1));
        }
        self.backend.draw(updates.into_iter())?;
        // The rows drawn are now on screen: swapped in rather than copied
        // (a row of `next` is cleared before it is drawn into again).
        for &row in &changed {
            let span = row * width..(row + 1) * width;
            self.shown.content[span.clone()].swap_with_slice(&mut self.next.content[span]);
        }
        match cursor {
            Some(p) => {
                self.backend.set_cursor_position(p)?;
                self.backend.show_cursor()?;
            }
            None => self.backend.hide_cursor()?,
        }
        Backend::flush(&mut self.backend)
    }
}

/// Width of a cell's symbol: one for ASCII without asking the tables.
fn cell_width(c: &Cell) -> usize {
    let s = c.symbol();
    if s.len() == 1 { 1 } else { layout::width(s, layout::Ambiguous::Narrow).max(1) }
}

/// The cells of `next` in `rows` to write over `shown`, in screen order
/// (rows are compared on their own: a wide glyph never spans two): those
/// that differ, never the right half of a wide glyph being written, never a
/// cell marked skip; and after a wide glyph replaced by a narrow one on a
/// coloured or underlined background, the cells it covered, so no stale
/// half stays on screen.
#[must_use]
pub fn diff_rows<'a>(
    shown: &Buffer,
    next: &'a Buffer,
    rows: std::ops::Range<usize>,
) -> Vec<(u16, u16, &'a Cell)> {
    let width = usize::from(next.area.width.max(1));
    let len = (rows.end * width).min(next.content.len()).min(shown.content.len());
    let mut out = Vec::new();
    let mut i = rows.start * width;
    // Cells up to this index are written whatever they hold.
    let mut forced_until = 0;
    while i < len {
        let (n, s) = (&next.content[i], &shown.content[i]);
        let at = |i: usize| ((i % width) as u16 + next.area.x, (i / width) as u16 + next.area.y);
        if n.diff_option == CellDiffOption::Skip {
            i += 1;
            continue;
        }
        if n == s && i >= forced_until {
            // An unchanged wide glyph: its right half is unchanged too.
            i += if n.symbol().len() == 1 { 1 } else { cell_width(n) };
            continue;
        }
        let (x, y) = at(i);
        out.push((x, y, n));
        let nw = cell_width(n);
        let sw = cell_width(s);
        if sw > nw && (s.bg != ratatui::style::Color::Reset || !s.modifier.is_empty()) {
            forced_until = forced_until.max(i + sw);
        }
        i += nw;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    fn buf(rows: &[&str]) -> Buffer {
        Buffer::with_lines(rows.iter().copied())
    }

    fn written(shown: &Buffer, next: &Buffer) -> Vec<(u16, u16, String)> {
        diff_rows(shown, next, 0..usize::from(next.area.height))
            .into_iter()
            .map(|(x, y, c)| (x, y, c.symbol().to_owned()))
            .collect()
    }

    #[test]
    fn only_changed_cells_and_never_a_wide_glyphs_right_half() {
        let a = buf(&["ab中d", "xyzw"]);
        let b = buf(&["aB中d", "x文w"]);
        // 文 covers y and z; w, in the same column as before, stays.
        assert_eq!(written(&a, &b), [(1, 0, "B".to_owned()), (1, 1, "文".to_owned())]);
        assert!(written(&b, &b).is_empty());
    }

    #[test]
    fn a_narrow_glyph_over_a_reversed_wide_one_rewrites_what_it_covered() {
        let mut a = buf(&["中  "]);
        a.set_style(Rect::new(0, 0, 2, 1), Style::new().reversed());
        let b = buf(&["a   "]);
        assert_eq!(written(&a, &b), [(0, 0, "a".to_owned()), (1, 0, " ".to_owned())]);
    }
}
