//! The drawing primitives every region uses: text put at a place, padded
//! or cut to its width, wrapped into a rect, the column separator.

use ratatui_core::layout::Rect;
use ratatui_core::style::Style;

use crate::text::{self, Align, Ambiguous};
use crate::tui::canvas::Canvas;

/// Writes `text` padded or cut to exactly `w` columns at (x, y) (recorded
/// on the canvas; see [`Canvas`]).
#[allow(clippy::too_many_arguments)] // a drawing primitive: position, width, text, look
pub(super) fn put(
    buf: &mut Canvas,
    x: u16,
    y: u16,
    w: usize,
    text: &str,
    align: Align,
    style: Style,
    mode: Ambiguous,
) {
    buf.put(x, y, w, text, align, style, mode);
}

/// The `|` between the label column and the values (ASCII: never
/// ambiguous-width).
pub(super) fn separator(buf: &mut Canvas, x: u16, y: u16) {
    buf.put(x, y, 1, "|", Align::Left, Style::new(), Ambiguous::Narrow);
}

pub(super) fn rows(r: Rect) -> std::ops::Range<u16> {
    r.y..r.bottom()
}

/// Wraps text into a rect; the last visible line ends in an ellipsis when
/// the text does not fit.
pub(super) fn draw_wrapped(buf: &mut Canvas, r: Rect, text: &str, style: Style, mode: Ambiguous) {
    let w = usize::from(r.width);
    let h = usize::from(r.height);
    let lines = text::fit(text, w, h, false, mode);
    for y in 0..h {
        let line = lines.get(y).map_or("", String::as_str);
        put(buf, r.x, r.y + y as u16, w, line, Align::Left, style, mode);
    }
}

/// The wizard's styles for `app` (colours unless `NO_COLOR`), made once:
/// a frame asks for them for every cell it draws.
pub(super) fn theme(app: &crate::tui::app::App) -> &'static crate::tui::theme::Theme {
    use crate::tui::theme::Theme;
    static THEMES: std::sync::OnceLock<[Theme; 2]> = std::sync::OnceLock::new();
    &THEMES.get_or_init(|| [Theme::new(false), Theme::new(true)])[usize::from(app.colour)]
}
