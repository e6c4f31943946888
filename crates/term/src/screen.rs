//! Frames to the terminal: the frame on screen kept, and of the next one
//! (a [`Canvas`]) only the rows whose drawing changed written, one at a
//! time, into a row buffer and compared with it; the cells that differ go to our
//! writer ([`crate::writer::TermBackend`]).
//!
//! Why not ratatui's `Terminal`: its diff asks `unicode-width` the width of
//! every cell of both buffers on every frame, equal or not — at 120x40 that
//! and the iterator around it were about a quarter of the CPU a keystroke
//! costs. Here the frames are compact cells ([`crate::cells`]) whose widths
//! were measured when they were drawn: equal cells are passed over after
//! one comparison, and a wide glyph's right half is never written on its
//! own.

use std::io::{self, Write};

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::{Position, Rect};

use crate::canvas::Canvas;
use crate::cells::{Cells, Glyph};
use crate::writer::TermBackend;

/// The terminal as frames: what is on screen, and the next frame.
#[derive(Debug)]
pub struct Screen<W: Write> {
    backend: TermBackend<W>,
    shown: Cells,
    /// One row of the next frame, drawn and compared with the row on
    /// screen, then copied into it: one row's worth of memory, still in
    /// the cache when it is compared, instead of a second whole screen.
    line: Cells,
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
        let size = backend.size();
        let area = Rect::new(0, 0, size.width, size.height);
        Screen {
            backend,
            shown: Cells::new(area),
            line: Cells::new(Rect::new(area.x, area.y, area.width, 1.min(area.height))),
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

    /// The frame last drawn, as a ratatui buffer.
    #[must_use]
    pub fn shown(&self) -> Buffer {
        self.shown.to_buffer()
    }

    /// Follows a change of the terminal's size: the screen is cleared and
    /// the next frame drawn whole.
    ///
    /// # Errors
    /// Writing to the terminal failed.
    pub fn autoresize(&mut self) -> io::Result<()> {
        let size = self.backend.size();
        if (size.width, size.height) != (self.shown.area.width, self.shown.area.height) {
            let area = Rect::new(0, 0, size.width, size.height);
            self.shown = Cells::new(area);
            self.line = Cells::new(Rect::new(area.x, area.y, area.width, 1.min(area.height)));
            self.rows = vec![None; usize::from(size.height)];
            self.drawn = None;
            self.backend.clear();
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
        let (id, frame) = canvas.generation();
        let follows = frame > 0 && self.drawn == Some((id, frame - 1));
        self.drawn = Some((id, frame));
        for row in 0..self.rows.len() {
            let slot = &mut self.rows[row];
            if follows && slot.is_some() && !canvas.is_fresh(row) {
                continue;
            }
            let key = canvas.row_key(row);
            if *slot == Some(key) {
                continue;
            }
            *slot = Some(key);
            let line = &mut self.line;
            line.content.fill(Glyph::BLANK);
            line.area.y = self.shown.area.y + row as u16;
            canvas.apply_row(row, line);
            let shown = self.shown.row_mut(row);
            self.backend.draw_row(row as u16, shown, &line.content);
            let n = shown.len().min(line.content.len());
            shown[..n].copy_from_slice(&line.content[..n]);
        }
        match cursor {
            Some(p) => {
                self.backend.set_cursor_position(p);
                self.backend.show_cursor();
            }
            None => self.backend.hide_cursor(),
        }
        self.backend.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::Brush;
    use crate::writer::diff_row;
    use ratatui_core::style::{Color, Style};

    fn row(text: &str) -> Vec<Glyph> {
        let mut out = Vec::new();
        for c in text.chars() {
            let w = nianbao_text::width(c.encode_utf8(&mut [0u8; 4]), nianbao_text::Ambiguous::Narrow);
            out.push(Glyph::new(c.encode_utf8(&mut [0u8; 4]), w));
            for _ in 1..w {
                out.push(Glyph::BLANK);
            }
        }
        out
    }

    fn written(shown: &[Glyph], next: &[Glyph]) -> Vec<(u16, String)> {
        let mut out = Vec::new();
        diff_row(shown, next, |x, g| out.push((x as u16, g.symbol(&mut [0u8; 4]).to_owned())));
        out
    }

    #[test]
    fn only_changed_cells_and_never_a_wide_glyphs_right_half() {
        assert_eq!(written(&row("ab中d"), &row("aB中d")), [(1, "B".to_owned())]);
        // 文 covers y and z; w, in the same column as before, stays.
        assert_eq!(written(&row("xyzw"), &row("x文w")), [(1, "文".to_owned())]);
        assert!(written(&row("x文w"), &row("x文w")).is_empty());
    }

    #[test]
    fn a_narrow_glyph_over_a_reversed_wide_one_rewrites_what_it_covered() {
        let mut a = row("中  ");
        let reversed = Style::new().reversed();
        a[..2].iter_mut().for_each(|g| g.set_brush(Brush::new(reversed)));
        let b = row("a   ");
        assert_eq!(written(&a, &b), [(0, "a".to_owned()), (1, " ".to_owned())]);
        // On a plain background the blank left over needs no rewriting.
        let mut c = row("中  ");
        c[0].set_brush(Brush::new(Style::new().fg(Color::Red)));
        assert_eq!(written(&c, &b), [(0, "a".to_owned())]);
    }
}
