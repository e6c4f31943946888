//! The prose editor of the narrative fields (总体情况, 五, 六).
//!
//! Our own, on top of `unicode-segmentation` and the layout module, rather
//! than `ratatui-textarea`: that widget measures with `unicode-width` only
//! (wrong on terminals that draw ambiguous characters wide), wraps without
//! the Chinese line-breaking rules, moves Home/End by logical line, and
//! undoes one character at a time. Here:
//!
//! - the text is laid out by [`text::wrap_ranges`], the rules `wrap` and
//!   the exports use, in the ambiguous-width mode in use; the caret is a
//!   byte offset that is always on a grapheme boundary;
//! - Home/End, Up/Down and Ctrl-K work on the visual (wrapped) line, and a
//!   caret at the end of a wrapped line stays drawn there (`at_end`);
//! - words for Ctrl-Left/Right and Ctrl-W are runs of one script up to
//!   punctuation or a space;
//! - undo works by edit group: a burst of typing (up to a pause, a move, a
//!   space or a punctuation mark), one paste, one run of deletions;
//! - the view keeps the caret visible and the area filled with text.
//!
//! The editor knows nothing of keys or the screen: the app feeds it
//! [`EditKey`]s, the view draws [`Editor::rows`].

use std::ops::Range;
use std::time::{Duration, Instant};

use unicode_segmentation::UnicodeSegmentation;

use crate::text::{self, Ambiguous};

/// A caret movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    Up,
    Down,
    /// Start of the visual line.
    LineStart,
    /// End of the visual line.
    LineEnd,
    /// Start of the field.
    Start,
    /// End of the field.
    End,
    WordLeft,
    WordRight,
    PageUp,
    PageDown,
}

/// What the user asks of the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKey {
    Insert(char),
    Newline,
    Backspace,
    Delete,
    /// Ctrl-W, Ctrl-Backspace.
    DeleteWordBefore,
    /// Ctrl-K: to the end of the visual line (at its end: joins the next
    /// paragraph).
    DeleteToLineEnd,
    Move(Motion),
    /// Shift + a movement: extends the selection.
    Select(Motion),
    Cut,
    Copy,
    /// The wizard's clipboard, inserted at the caret.
    Paste,
}

/// Kinds of edit that group into one undo step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Typing,
    Deleting,
    /// A paste, a cut, a line break, an inserted paragraph: a step alone.
    Single,
}

/// Typing after this long a pause starts a new undo step.
pub const PAUSE: Duration = Duration::from_secs(1);
/// Undo steps kept per field.
const UNDO_DEPTH: usize = 500;

/// One line on screen: bytes `start..end` of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct VisualLine {
    start: usize,
    end: usize,
    /// Whether the next line continues the same paragraph (a soft wrap).
    wrapped: bool,
}

/// One row to draw: its text, and the selected part of it (byte range
/// within `text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    pub text: &'a str,
    pub selected: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    text: String,
    caret: usize,
}

/// Text being edited, its caret, selection, undo history and view.
#[derive(Debug, Clone)]
pub struct Editor {
    text: String,
    /// Byte offset, on a grapheme boundary.
    caret: usize,
    /// The other end of the selection, when there is one.
    anchor: Option<usize>,
    /// A caret at the end of a wrapped line is drawn there, not at the
    /// start of the next line (the same offset).
    at_end: bool,
    /// The display column Up/Down keep.
    goal: Option<usize>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The open undo group and when it was last added to.
    group: Option<(Group, Instant)>,
    mode: Ambiguous,
    /// Columns and rows of the view.
    width: usize,
    height: usize,
    /// First visual line shown.
    top: usize,
    lines: Vec<VisualLine>,
    /// Counts changes of the text.
    edits: u64,
}

/// Where a grapheme belongs for word movement: words are runs of one class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Newline,
    Punct,
    /// Han, kana and other CJK.
    Cjk,
    /// Latin letters, digits and everything else.
    Word,
}

fn class(g: &str) -> Class {
    let Some(c) = g.chars().next() else { return Class::Space };
    if g == "\n" {
        Class::Newline
    } else if c.is_whitespace() {
        Class::Space
    } else if c.is_ascii_punctuation()
        || matches!(c as u32, 0x2010..=0x206f | 0x3000..=0x303f | 0xff01..=0xff0f | 0xff1a..=0xff20 | 0xff3b..=0xff40 | 0xff5b..=0xff65)
    {
        Class::Punct
    } else if matches!(c as u32, 0x2e80..=0x2fff | 0x3040..=0x30ff | 0x3100..=0x31ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x3ffff)
    {
        Class::Cjk
    } else {
        Class::Word
    }
}

impl Editor {
    /// Editing `text` with the caret at its end, in a view of `width` x
    /// `height`.
    #[must_use]
    pub fn new(text: &str, mode: Ambiguous, width: usize, height: usize) -> Editor {
        let mut e = Editor {
            text: text.to_owned(),
            caret: text.len(),
            anchor: None,
            at_end: false,
            goal: None,
            undo: Vec::new(),
            redo: Vec::new(),
            group: None,
            mode,
            width: 0,
            height: 0,
            top: 0,
            lines: Vec::new(),
            edits: 0,
        };
        e.set_view(width, height);
        e
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The caret, as a byte offset into [`Editor::text`].
    #[must_use]
    pub fn caret(&self) -> usize {
        self.caret
    }

    /// The selected bytes, if any.
    #[must_use]
    pub fn selection(&self) -> Option<Range<usize>> {
        let a = self.anchor?;
        (a != self.caret).then(|| a.min(self.caret)..a.max(self.caret))
    }

    #[must_use]
    pub fn selected_text(&self) -> Option<&str> {
        self.selection().map(|r| &self.text[r])
    }

    /// The view's size; the text is laid out again when the width changes.
    pub fn set_view(&mut self, width: usize, height: usize) {
        // One column is kept for the caret after a full line.
        let width = width.saturating_sub(1).max(2);
        if width != self.width || self.lines.is_empty() {
            self.width = width;
            self.relayout();
        }
        self.height = height.max(1);
        self.reveal();
    }

    /// The first visual line shown.
    #[must_use]
    pub fn top(&self) -> usize {
        self.top
    }

    fn relayout(&mut self) {
        self.lines.clear();
        let mut base = 0;
        for para in self.text.split('\n') {
            let ranges = text::wrap_ranges(para, self.width, self.mode);
            let n = ranges.len();
            for (i, (start, _, next)) in ranges.into_iter().enumerate() {
                self.lines.push(VisualLine { start: base + start, end: base + next, wrapped: i + 1 < n });
            }
            base += para.len() + 1;
        }
    }

    /// The visual line the caret is on.
    fn caret_line(&self) -> usize {
        let i = self.lines.partition_point(|l| l.start <= self.caret).saturating_sub(1);
        if self.at_end && i > 0 && self.lines[i - 1].wrapped && self.lines[i].start == self.caret {
            i - 1
        } else {
            i
        }
    }

    /// The caret on screen: (column, row) within the view.
    #[must_use]
    pub fn caret_screen(&self) -> (usize, usize) {
        let i = self.caret_line();
        let l = self.lines[i];
        let col = text::width(&self.text[l.start..self.caret.max(l.start)], self.mode);
        (col.min(self.width), i.saturating_sub(self.top))
    }

    /// The rows of the view, top to bottom (fewer when the text is short).
    #[must_use]
    pub fn rows(&self) -> Vec<Row<'_>> {
        let sel = self.selection();
        self.lines
            .iter()
            .skip(self.top)
            .take(self.height)
            .map(|l| {
                let text = self.text[l.start..l.end].trim_end_matches('\n');
                let selected = sel.as_ref().and_then(|s| {
                    let a = s.start.max(l.start);
                    let b = s.end.min(l.start + text.len());
                    (a < b).then(|| a - l.start..b - l.start)
                });
                Row { text, selected }
            })
            .collect()
    }

    /// Scrolls as little as possible to show the caret, and no further
    /// than needed to fill the view (after an undo or a resize the text
    /// above comes back into view).
    fn reveal(&mut self) {
        let line = self.caret_line();
        if line < self.top {
            self.top = line;
        }
        if line >= self.top + self.height {
            self.top = line + 1 - self.height;
        }
        self.top = self.top.min(self.lines.len().saturating_sub(self.height));
    }

    fn prev_boundary(&self, at: usize) -> usize {
        self.text[..at].grapheme_indices(true).next_back().map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self, at: usize) -> usize {
        self.text[at..].graphemes(true).next().map_or(at, |g| at + g.len())
    }

    fn class_before(&self, at: usize) -> Option<Class> {
        self.text[..at].graphemes(true).next_back().map(class)
    }

    fn class_after(&self, at: usize) -> Option<Class> {
        self.text[at..].graphemes(true).next().map(class)
    }

    /// Start of the word before `at`: back over spaces and punctuation,
    /// then over one run of a script. A line break is a stop of its own.
    fn word_left(&self, mut at: usize) -> usize {
        if self.class_before(at) == Some(Class::Newline) {
            return self.prev_boundary(at);
        }
        while matches!(self.class_before(at), Some(Class::Space | Class::Punct)) {
            at = self.prev_boundary(at);
        }
        if let Some(c) = self.class_before(at).filter(|c| matches!(c, Class::Cjk | Class::Word)) {
            while self.class_before(at) == Some(c) {
                at = self.prev_boundary(at);
            }
        }
        at
    }

    /// End of the word after `at`: forward over spaces and punctuation,
    /// then over one run of a script.
    fn word_right(&self, mut at: usize) -> usize {
        if self.class_after(at) == Some(Class::Newline) {
            return self.next_boundary(at);
        }
        while matches!(self.class_after(at), Some(Class::Space | Class::Punct)) {
            at = self.next_boundary(at);
        }
        if let Some(c) = self.class_after(at).filter(|c| matches!(c, Class::Cjk | Class::Word)) {
            while self.class_after(at) == Some(c) {
                at = self.next_boundary(at);
            }
        }
        at
    }

    /// The offset on visual line `i` nearest to display column `col`, not
    /// past the line's text (a wrapped line's end is kept on it).
    fn offset_at_column(&mut self, i: usize, col: usize) -> usize {
        let l = self.lines[i];
        let text = self.text[l.start..l.end].trim_end_matches('\n');
        let mut used = 0;
        for (b, g) in text.grapheme_indices(true) {
            let w = text::grapheme_width(g, self.mode);
            if used + w > col {
                return l.start + b;
            }
            used += w;
        }
        self.at_end = l.wrapped;
        l.start + text.len()
    }

    /// Where the text of visual line `i` ends (before its line break).
    fn text_end(&self, i: usize) -> usize {
        let l = self.lines[i];
        l.start + self.text[l.start..l.end].trim_end_matches('\n').len()
    }

    fn target(&mut self, m: Motion) -> usize {
        let line = self.caret_line();
        let col = self.goal.unwrap_or_else(|| self.caret_screen().0);
        self.at_end = false;
        let l = self.lines[line];
        match m {
            Motion::Left => self.prev_boundary(self.caret),
            Motion::Right => self.next_boundary(self.caret),
            Motion::LineStart => l.start,
            Motion::LineEnd => {
                self.at_end = l.wrapped;
                self.text_end(line)
            }
            Motion::Start => 0,
            Motion::End => self.text.len(),
            Motion::WordLeft => self.word_left(self.caret),
            Motion::WordRight => self.word_right(self.caret),
            Motion::Up | Motion::Down | Motion::PageUp | Motion::PageDown => {
                let page = self.height.saturating_sub(1).max(1);
                let to = match m {
                    Motion::Up if line == 0 => return 0,
                    Motion::Down if line + 1 == self.lines.len() => return self.text.len(),
                    Motion::Up => line - 1,
                    Motion::Down => line + 1,
                    Motion::PageUp => line.saturating_sub(page),
                    _ => (line + page).min(self.lines.len() - 1),
                };
                let at = self.offset_at_column(to, col);
                self.goal = Some(col);
                at
            }
        }
    }

    fn motion(&mut self, m: Motion, select: bool) {
        self.group = None;
        let vertical = matches!(m, Motion::Up | Motion::Down | Motion::PageUp | Motion::PageDown);
        if !vertical {
            self.goal = None;
        }
        // Left/Right on a selection go to its ends.
        if !select && let Some(sel) = self.selection() {
            match m {
                Motion::Left => {
                    self.set_caret(sel.start, false);
                    return;
                }
                Motion::Right => {
                    self.set_caret(sel.end, false);
                    return;
                }
                _ => {}
            }
        }
        let to = self.target(m);
        if select {
            self.anchor.get_or_insert(self.caret);
        } else {
            self.anchor = None;
        }
        self.caret = to;
        self.reveal();
    }

    fn set_caret(&mut self, at: usize, keep_end: bool) {
        self.caret = at;
        self.anchor = None;
        self.at_end = keep_end;
        self.reveal();
    }

    /// Starts or continues an undo group before a change.
    fn checkpoint(&mut self, kind: Group, now: Instant) {
        let continues = matches!(self.group, Some((k, t)) if k == kind && kind != Group::Single && now.duration_since(t) < PAUSE);
        if !continues {
            self.undo.push(Snapshot { text: self.text.clone(), caret: self.caret });
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
        self.group = Some((kind, now));
    }

    fn replace(&mut self, range: Range<usize>, with: &str, kind: Group, now: Instant) {
        self.checkpoint(kind, now);
        self.edits += 1;
        self.text.replace_range(range.clone(), with);
        self.caret = range.start + with.len();
        self.anchor = None;
        self.at_end = false;
        self.goal = None;
        self.relayout();
        self.reveal();
    }

    /// Inserts `s` at the caret (over the selection) as one undo step.
    pub fn insert_str(&mut self, s: &str, now: Instant) {
        let s: String = s
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|&c| c == '\n' || !c.is_control())
            .collect();
        let range = self.selection().unwrap_or(self.caret..self.caret);
        if s.is_empty() && range.is_empty() {
            return;
        }
        self.replace(range, &s, Group::Single, now);
        self.group = None;
    }

    /// Applies a key at time `now` (for undo grouping). Returns whether the
    /// text changed. [`EditKey::Cut`], [`EditKey::Copy`] and
    /// [`EditKey::Paste`] involve the app's clipboard: see
    /// [`Editor::cut`] and [`Editor::insert_str`].
    pub fn apply(&mut self, key: EditKey, now: Instant) -> bool {
        let before = self.edits;
        let sel = self.selection();
        match key {
            EditKey::Insert(c) if c.is_control() => return false,
            EditKey::Insert(c) => {
                let range = sel.unwrap_or(self.caret..self.caret);
                let kind = if range.is_empty() { Group::Typing } else { Group::Single };
                self.replace(range, c.encode_utf8(&mut [0; 4]), kind, now);
                // A word ends at a space or a punctuation mark: the next
                // character starts a new undo step.
                if matches!(class(&c.to_string()), Class::Space | Class::Punct) {
                    self.group = None;
                }
            }
            EditKey::Newline => {
                let range = sel.unwrap_or(self.caret..self.caret);
                self.replace(range, "\n", Group::Single, now);
                self.group = None;
            }
            EditKey::Backspace | EditKey::Delete | EditKey::DeleteWordBefore | EditKey::DeleteToLineEnd => {
                let range = match (sel, key) {
                    (Some(r), EditKey::Backspace | EditKey::Delete) => r,
                    (_, EditKey::Backspace) => self.prev_boundary(self.caret)..self.caret,
                    (_, EditKey::Delete) => self.caret..self.next_boundary(self.caret),
                    (_, EditKey::DeleteWordBefore) => self.word_left(self.caret)..self.caret,
                    _ => {
                        let i = self.caret_line();
                        let end = self.text_end(i);
                        match self.lines.get(i + 1) {
                            Some(_) if self.caret < end => self.caret..end,
                            // At the end of a wrapped line: the next line's text.
                            Some(_) if self.lines[i].wrapped => self.caret..self.text_end(i + 1),
                            // At the end of a paragraph: joins the next.
                            _ if self.caret < end => self.caret..end,
                            _ => self.caret..self.next_boundary(self.caret),
                        }
                    }
                };
                if range.is_empty() {
                    return false;
                }
                self.replace(range, "", Group::Deleting, now);
            }
            EditKey::Move(m) => self.motion(m, false),
            EditKey::Select(m) => self.motion(m, true),
            EditKey::Cut => return self.cut(now).is_some(),
            EditKey::Copy | EditKey::Paste => {}
        }
        self.edits != before
    }

    /// Removes the selection as one undo step and returns it.
    pub fn cut(&mut self, now: Instant) -> Option<String> {
        let r = self.selection()?;
        let cut = self.text[r.clone()].to_owned();
        self.replace(r, "", Group::Single, now);
        self.group = None;
        Some(cut)
    }

    /// Undoes the last edit group; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(s) = self.undo.pop() else { return false };
        self.redo.push(Snapshot { text: std::mem::take(&mut self.text), caret: self.caret });
        self.restore(s);
        true
    }

    /// Redoes the last undone group; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(s) = self.redo.pop() else { return false };
        self.undo.push(Snapshot { text: std::mem::take(&mut self.text), caret: self.caret });
        self.restore(s);
        true
    }

    fn restore(&mut self, s: Snapshot) {
        self.edits += 1;
        self.text = s.text;
        self.caret = s.caret.min(self.text.len());
        self.anchor = None;
        self.at_end = false;
        self.goal = None;
        self.group = None;
        self.relayout();
        self.reveal();
    }
}

#[cfg(test)]
mod tests;
