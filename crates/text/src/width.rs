//! How wide text is in a monospace terminal, per grapheme cluster.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How East Asian ambiguous-width characters are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Ambiguous {
    /// One column (xterm, Windows Terminal, most defaults).
    #[default]
    Narrow,
    /// Two columns (terminals set to "treat ambiguous as wide").
    Wide,
}

/// Width of one grapheme cluster.
#[must_use]
pub fn grapheme_width(g: &str, mode: Ambiguous) -> usize {
    match mode {
        Ambiguous::Narrow => g.width(),
        Ambiguous::Wide => g.width_cjk(),
    }
}

/// Display width of a string, in columns.
#[must_use]
pub fn width(s: &str, mode: Ambiguous) -> usize {
    if let Some(w) = simple_width(s, mode) {
        return w;
    }
    s.graphemes(true).map(|g| grapheme_width(g, mode)).sum()
}

/// Whether each char of `s` is a grapheme cluster on its own: ASCII,
/// Latin-1, CJK ideographs, kana, CJK and full-width punctuation, general
/// punctuation, enclosed numbers, arrows, box drawing — what a report is
/// written in. No combining marks, joiners or variation selectors: then
/// widths are per char and text needs no segmentation, which is most of
/// the work of drawing a screen.
#[must_use]
pub fn simple(s: &str) -> bool {
    s.chars().all(simple_char)
}

fn simple_char(c: char) -> bool {
    // U+302A..U+302F are combining tone marks: not simple.
    !matches!(c as u32, 0x302a..=0x302f)
        && matches!(c as u32,
            0x20..=0x7e
            | 0xa0..=0xff
            | 0x2010..=0x2027
            | 0x2030..=0x205e
            | 0x2190..=0x22ff
            | 0x2460..=0x24ff
            | 0x2500..=0x257f
            | 0x3000..=0x303f
            | 0x3040..=0x30ff
            | 0x3400..=0x4dbf
            | 0x4e00..=0x9fff
            | 0xff01..=0xff60
            | 0xffe0..=0xffe6)
}

/// The width of `s` if it is [`simple`], in one pass; `None` if not.
#[must_use]
#[inline]
pub fn simple_width(s: &str, mode: Ambiguous) -> Option<usize> {
    let mut total = 0;
    for c in s.chars() {
        total += match c as u32 {
            0x20..=0x7e => 1,
            _ if ideograph(c) => 2,
            _ if simple_char(c) => char_width(c, mode),
            _ => return None,
        };
    }
    Some(total)
}

/// A CJK ideograph of the two most common blocks: two columns in either
/// mode, by every measure (looked up without the width tables).
#[must_use]
#[inline]
pub fn ideograph(c: char) -> bool {
    matches!(c as u32, 0x4e00..=0x9fff | 0x3400..=0x4dbf)
}

/// Width of one char of a [`simple`] string.
#[must_use]
#[inline]
pub fn char_width(c: char, mode: Ambiguous) -> usize {
    use unicode_width::UnicodeWidthChar;
    if c.is_ascii_graphic() || c == ' ' {
        return 1;
    }
    if ideograph(c) {
        return 2;
    }
    match mode {
        Ambiguous::Narrow => c.width().unwrap_or(0),
        Ambiguous::Wide => c.width_cjk().unwrap_or(0),
    }
}

/// The ellipsis used when text is cut: one column in narrow mode; in wide
/// mode `…` itself would be ambiguous, so plain dots.
#[must_use]
pub fn ellipsis(mode: Ambiguous) -> &'static str {
    match mode {
        Ambiguous::Narrow => "…",
        Ambiguous::Wide => "..",
    }
}

/// Cuts `s` to at most `max` columns, ending in an ellipsis when cut. A
/// wide glyph that would straddle the limit is dropped, never split.
#[must_use]
pub fn truncate(s: &str, max: usize, mode: Ambiguous) -> String {
    if width(s, mode) <= max {
        return s.to_owned();
    }
    let dots = ellipsis(mode);
    let dots_w = width(dots, mode);
    if max < dots_w {
        return take_width(s, max, mode).0;
    }
    let (mut out, _) = take_width(s, max - dots_w, mode);
    out.push_str(dots);
    out
}

/// The longest prefix of `s` no wider than `max`, with its width.
#[must_use]
pub fn take_width(s: &str, max: usize, mode: Ambiguous) -> (String, usize) {
    let mut out = String::new();
    let mut w = 0;
    if simple(s) {
        for c in s.chars() {
            let cw = char_width(c, mode);
            if w + cw > max {
                break;
            }
            out.push(c);
            w += cw;
        }
        return (out, w);
    }
    for g in s.graphemes(true) {
        let gw = grapheme_width(g, mode);
        if w + gw > max {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    (out, w)
}

/// Horizontal alignment for [`pad`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// `s` cut (with an ellipsis) or padded with spaces to exactly `w` columns.
#[must_use]
pub fn pad(s: &str, w: usize, align: Align, mode: Ambiguous) -> String {
    let full = width(s, mode);
    let s: std::borrow::Cow<str> = if full <= w { s.into() } else { truncate(s, w, mode).into() };
    let sw = if full <= w { full } else { width(&s, mode) };
    let gap = w.saturating_sub(sw);
    let (left, right) = match align {
        Align::Left => (0, gap),
        Align::Right => (gap, 0),
        Align::Center => (gap / 2, gap - gap / 2),
    };
    format!("{}{s}{}", " ".repeat(left), " ".repeat(right))
}
