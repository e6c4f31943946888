//! The one gate between data and a terminal: text from a draft, an
//! imported page or a file name is passed through [`visible`] before it is
//! printed, so no byte of data reaches a terminal as a control sequence
//! (an OSC title, a cursor move, a bidi override that reorders a line).
//!
//! Control characters become visible placeholders: C0 as their Unicode
//! control pictures (ESC as `␛`), DEL as `␡`, C1 and the bidi controls as
//! `<U+XXXX>`. The stored data keeps the original; only what is shown
//! changes. All placeholders are of unambiguous width.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

fn is_unsafe(c: char, keep_lines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_lines,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// Whether `c` is left out of a published file (an HTML page, a Word
/// document): C0 and C1 controls but tab and line break, DEL, and the
/// bidi controls (embeddings, overrides, isolates and marks) that
/// reorder what a reader sees. A page has no use for them, and a browser
/// or a terminal `cat`ting the file would obey them.
#[must_use]
pub fn unpublishable(c: char) -> bool {
    is_unsafe(c, true) || matches!(c, '\r' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

fn replace(s: &str, keep_lines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c, keep_lines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_unsafe(c, keep_lines) {
            out.push(c);
        } else if c < ' ' {
            out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('?'));
        } else if c == '\u{7f}' {
            out.push('\u{2421}');
        } else {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
    }
    Cow::Owned(out)
}

/// `s` with every control character made visible, except line breaks and
/// tabs (for multi-line text: a paragraph, an exported table).
#[must_use]
pub fn visible(s: &str) -> Cow<'_, str> {
    replace(s, true)
}

/// `s` on one line: line breaks and tabs made visible too (a file name, a
/// value quoted in a message).
#[must_use]
pub fn visible_inline(s: &str) -> Cow<'_, str> {
    replace(s, false)
}

/// A path as it may be shown.
#[must_use]
pub fn path(p: &Path) -> String {
    visible_inline(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_placeholders_and_text_stays() {
        assert_eq!(visible("收到1件\n第二行\t"), "收到1件\n第二行\t");
        assert_eq!(visible("a\x1b]0;pwned\x07b"), "a␛]0;pwned␇b");
        assert_eq!(visible_inline("a\nb\tc"), "a␊b␉c");
        assert_eq!(visible("\u{9b}2J\u{202e}abc\u{7f}"), "<U+009B>2J<U+202E>abc␡");
        assert!(matches!(visible("普通文字"), Cow::Borrowed(_)));
    }
}
