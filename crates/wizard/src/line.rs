//! A one-line editor for cells and short fields: text and a caret that
//! moves by grapheme cluster, so a CJK character or a combining mark is
//! never split. The caret's screen column is measured by `layout`.

use unicode_segmentation::UnicodeSegmentation;

/// Text being typed, with the caret as a byte offset on a grapheme boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    caret: usize,
}

impl LineEdit {
    /// Editing `text` with the caret at its end.
    #[must_use]
    pub fn new(text: &str) -> LineEdit {
        LineEdit { text: text.to_owned(), caret: text.len() }
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text left of the caret (its width is the caret's column).
    #[must_use]
    pub fn before_caret(&self) -> &str {
        &self.text[..self.caret]
    }

    pub fn insert(&mut self, c: char) {
        self.text.insert(self.caret, c);
        self.caret += c.len_utf8();
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.caret].grapheme_indices(true).next_back().map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.caret..].graphemes(true).next().map_or(self.caret, |g| self.caret + g.len())
    }

    /// Deletes the character before the caret.
    pub fn backspace(&mut self) {
        let start = self.prev_boundary();
        self.text.replace_range(start..self.caret, "");
        self.caret = start;
    }

    /// Deletes the character after the caret.
    pub fn delete(&mut self) {
        let end = self.next_boundary();
        self.text.replace_range(self.caret..end, "");
    }

    pub fn left(&mut self) {
        self.caret = self.prev_boundary();
    }

    pub fn right(&mut self) {
        self.caret = self.next_boundary();
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.text.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_moves_by_grapheme() {
        let mut l = LineEdit::new("阜新e\u{301}局");
        l.left();
        assert_eq!(l.before_caret(), "阜新e\u{301}");
        l.left();
        assert_eq!(l.before_caret(), "阜新", "the combining mark goes with its letter");
        l.backspace();
        assert_eq!(l.text(), "阜e\u{301}局");
        l.home();
        l.insert('辽');
        l.delete();
        assert_eq!(l.text(), "辽e\u{301}局");
        l.end();
        l.right();
        l.backspace();
        assert_eq!(l.text(), "辽e\u{301}");
        l.home();
        l.backspace();
        l.left();
        assert_eq!((l.text(), l.before_caret()), ("辽e\u{301}", ""));
    }
}
