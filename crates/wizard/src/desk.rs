//! The review desk's overview as a state machine: one row per report,
//! sorted and filtered from the keyboard, the selected report's problems
//! beside, and `update(DeskAction) -> DeskEffect` like the wizard's — the
//! terminal shell opens a report in the wizard when asked and comes back
//! to the list where it was.

use std::path::PathBuf;

use crate::i18n::Lang;
use crate::review::{Entry, Review, Status};

/// One report as the list shows it.
#[derive(Debug, Clone)]
pub struct Row {
    pub organ: String,
    pub form: crate::review::Form,
    pub status: Status,
    pub errors: usize,
    pub warnings: usize,
    pub requests: Option<u64>,
    pub change: Option<i64>,
    pub file: PathBuf,
    /// The report's problems, in the user's language, errors first (true).
    pub problems: Vec<(bool, String)>,
}

impl Row {
    /// A row for an entry of `review`.
    #[must_use]
    pub fn of(e: &Entry, review: &Review, lang: Lang) -> Row {
        let change = crate::review::change(review, e);
        let problems = e.problems(lang);
        Row {
            organ: e.organ().to_owned(),
            form: e.form,
            status: e.status(),
            errors: e.errors(),
            warnings: e.warnings(),
            requests: e.requests_new(),
            change,
            file: e.file.clone(),
            problems,
        }
    }

    /// The file's name as shown.
    #[must_use]
    pub fn file_name(&self) -> String {
        self.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

/// What the list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sort {
    /// As read: by file name.
    File,
    Organ,
    /// Worst first: unreadable, errors, incomplete, warnings, ok.
    Status,
    /// Most errors first.
    Errors,
    /// Most requests first.
    Requests,
    /// Largest change from last year first (by size).
    Change,
}

/// What a key asks of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Sort by this key; the same key again reverses the order.
    Sort(Sort),
    /// Start typing a filter (`/`).
    StartFilter,
    Type(char),
    Backspace,
    /// Keep the filter typed and go back to the list.
    FilterDone,
    /// Drop the filter.
    FilterClear,
    /// Open the selected report in the wizard.
    Open,
    /// Import the selected report (not a draft) to a draft: asks where.
    Import,
    Help,
    Quit,
    Resize(u16, u16),
}

/// What the terminal shell does after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskEffect {
    None,
    /// Open this row's report in the wizard.
    Open(usize),
    /// Import this row's report to a draft at this path, then open it.
    Import(usize, PathBuf),
    Quit,
}

/// What is being typed at the bottom line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typing {
    No,
    Filter,
    /// Where to write the imported draft of a row.
    ImportTo(usize, String),
}

/// The overview.
#[derive(Debug, Clone)]
pub struct Desk {
    pub rows: Vec<Row>,
    /// The rows shown, in order: filtered, then sorted.
    pub shown: Vec<usize>,
    /// Index into `shown`.
    pub selected: usize,
    /// First shown row on screen.
    pub offset: usize,
    pub sort: Sort,
    pub reversed: bool,
    pub filter: String,
    pub typing: Typing,
    pub help: bool,
    pub lang: Lang,
    pub size: (u16, u16),
    /// Lines under the list: missing, sent twice, names alike.
    pub summary: Vec<String>,
    /// The total row under the list.
    pub totals: crate::review::Totals,
    pub status: Option<(String, bool)>,
}

/// Rows of the list on a screen of height `h` (title, header, the total
/// row, detail lines, typing line and key bar taken).
#[must_use]
pub fn list_height(h: u16) -> usize {
    usize::from(h.saturating_sub(3 + DETAIL + 2))
}

/// Lines of the selected report's problems under the list.
pub const DETAIL: u16 = 6;

impl Desk {
    /// The overview of `review`.
    #[must_use]
    pub fn new(review: &Review, lang: Lang) -> Desk {
        let rows = review.entries.iter().map(|e| Row::of(e, review, lang)).collect();
        let summary = crate::review::findings(review, lang);
        let mut d = Desk {
            rows,
            shown: Vec::new(),
            selected: 0,
            offset: 0,
            sort: Sort::File,
            reversed: false,
            filter: String::new(),
            typing: Typing::No,
            help: false,
            lang,
            size: (80, 24),
            summary,
            totals: crate::review::totals(review),
            status: None,
        };
        d.refresh(None);
        d
    }

    /// The row index of the selection.
    #[must_use]
    pub fn current(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }

    /// Replaces a row (after its report was edited in the wizard).
    pub fn replace(&mut self, index: usize, row: Row) {
        if let Some(r) = self.rows.get_mut(index) {
            *r = row;
        }
        let keep = self.current();
        self.refresh(keep);
    }

    fn matches(&self, r: &Row) -> bool {
        if self.filter.is_empty() {
            return true;
        }
        let f = self.filter.to_lowercase();
        r.organ.to_lowercase().contains(&f)
            || r.file_name().to_lowercase().contains(&f)
            || r.status.label(self.lang).contains(&self.filter)
            || r.status.name().contains(&f)
    }

    /// Filters and sorts again, keeping `keep` selected when it is shown.
    fn refresh(&mut self, keep: Option<usize>) {
        let mut shown: Vec<usize> = (0..self.rows.len()).filter(|&i| self.matches(&self.rows[i])).collect();
        let rows = &self.rows;
        match self.sort {
            Sort::File => shown.sort_by(|&a, &b| rows[a].file.cmp(&rows[b].file)),
            Sort::Organ => shown.sort_by(|&a, &b| rows[a].organ.cmp(&rows[b].organ)),
            Sort::Status => shown.sort_by_key(|&i| (rows[i].status, std::cmp::Reverse(rows[i].errors))),
            Sort::Errors => shown.sort_by_key(|&i| std::cmp::Reverse((rows[i].errors, rows[i].warnings))),
            Sort::Requests => shown.sort_by_key(|&i| std::cmp::Reverse(rows[i].requests)),
            Sort::Change => shown.sort_by_key(|&i| std::cmp::Reverse(rows[i].change.map(i64::abs))),
        }
        if self.reversed {
            shown.reverse();
        }
        self.selected = keep.and_then(|k| shown.iter().position(|&i| i == k)).unwrap_or(0);
        self.shown = shown;
        self.keep_in_view();
    }

    fn keep_in_view(&mut self) {
        let h = list_height(self.size.1).max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(h));
    }

    /// One key's worth of change.
    pub fn update(&mut self, action: DeskAction) -> DeskEffect {
        if !matches!(action, DeskAction::Resize(..)) {
            self.status = None;
        }
        if self.typing != Typing::No {
            return self.on_typing(&action);
        }
        if self.help {
            if let DeskAction::Resize(..) = action {
                return self.navigate(&action);
            }
            // Any other key returns to the list.
            self.help = false;
            return DeskEffect::None;
        }
        match action {
            DeskAction::Sort(s) => {
                self.reversed = self.sort == s && !self.reversed;
                self.sort = s;
                let keep = self.current();
                self.refresh(keep);
                DeskEffect::None
            }
            DeskAction::StartFilter => {
                self.typing = Typing::Filter;
                DeskEffect::None
            }
            DeskAction::FilterClear if !self.filter.is_empty() => {
                self.filter.clear();
                let keep = self.current();
                self.refresh(keep);
                DeskEffect::None
            }
            DeskAction::Open => match self.current() {
                Some(i) if self.rows[i].status == Status::Unreadable => {
                    self.status =
                        Some((crate::app::messages::unreadable_not_opened(self.lang).to_owned(), true));
                    DeskEffect::None
                }
                Some(i) => DeskEffect::Open(i),
                None => DeskEffect::None,
            },
            DeskAction::Import => match self.current() {
                Some(i) if self.rows[i].form == crate::review::Form::Ron => {
                    self.status = Some((crate::app::messages::already_a_draft(self.lang).to_owned(), false));
                    DeskEffect::None
                }
                Some(i) if self.rows[i].status == Status::Unreadable => DeskEffect::None,
                Some(i) => {
                    let stem = self.rows[i]
                        .file
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    self.typing = Typing::ImportTo(i, format!("{stem}.ron"));
                    DeskEffect::None
                }
                None => DeskEffect::None,
            },
            DeskAction::Help => {
                self.help = true;
                DeskEffect::None
            }
            DeskAction::Quit => DeskEffect::Quit,
            other => self.navigate(&other),
        }
    }

    /// A key while a filter or an import's path is typed.
    fn on_typing(&mut self, action: &DeskAction) -> DeskEffect {
        if let Typing::ImportTo(row, text) = &mut self.typing {
            let row = *row;
            match action {
                DeskAction::Type(c) => text.push(*c),
                DeskAction::Backspace => {
                    text.pop();
                }
                DeskAction::FilterDone | DeskAction::Open => {
                    let path = PathBuf::from(text.trim());
                    self.typing = Typing::No;
                    if path.as_os_str().is_empty() {
                        return DeskEffect::None;
                    }
                    return DeskEffect::Import(row, path);
                }
                DeskAction::FilterClear | DeskAction::Quit => self.typing = Typing::No,
                _ => {}
            }
            return DeskEffect::None;
        }
        let keep = self.current();
        match action {
            DeskAction::Type(c) => self.filter.push(*c),
            DeskAction::Backspace => {
                self.filter.pop();
            }
            DeskAction::FilterDone | DeskAction::Open => self.typing = Typing::No,
            DeskAction::FilterClear | DeskAction::Quit => {
                self.filter.clear();
                self.typing = Typing::No;
            }
            DeskAction::Up | DeskAction::Down | DeskAction::Resize(..) => return self.navigate(action),
            _ => {}
        }
        self.refresh(keep);
        DeskEffect::None
    }

    fn navigate(&mut self, action: &DeskAction) -> DeskEffect {
        let last = self.shown.len().saturating_sub(1);
        let page = list_height(self.size.1).max(1);
        match action {
            DeskAction::Up => self.selected = self.selected.saturating_sub(1),
            DeskAction::Down => self.selected = (self.selected + 1).min(last),
            DeskAction::PageUp => self.selected = self.selected.saturating_sub(page),
            DeskAction::PageDown => self.selected = (self.selected + page).min(last),
            DeskAction::Home => self.selected = 0,
            DeskAction::End => self.selected = last,
            DeskAction::Resize(w, h) => self.size = (*w, *h),
            _ => {}
        }
        self.keep_in_view();
        DeskEffect::None
    }

    /// Says something in the status line.
    pub fn say(&mut self, text: String, error: bool) {
        self.status = Some((text, error));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(organ: &str, file: &str, status: Status, errors: usize, requests: Option<u64>) -> Row {
        Row {
            organ: organ.to_owned(),
            form: crate::review::Form::Ron,
            status,
            errors,
            warnings: 0,
            requests,
            change: None,
            file: PathBuf::from(file),
            problems: Vec::new(),
        }
    }

    fn desk() -> Desk {
        let mut d = Desk::new(&Review::default(), Lang::Zh);
        d.rows = vec![
            row("阜新市教育局", "b.ron", Status::Ok, 0, Some(5)),
            row("阜新市水利局", "a.ron", Status::Errors, 3, Some(7)),
            row("阜新市卫生健康委员会", "c.ron", Status::Warnings, 0, Some(11)),
        ];
        d.refresh(None);
        d
    }

    #[test]
    fn sorting_keeps_the_selected_report_and_the_same_key_reverses() {
        let mut d = desk();
        assert_eq!(d.shown, vec![1, 0, 2], "by file name");
        d.update(DeskAction::Down);
        assert_eq!(d.current(), Some(0));
        d.update(DeskAction::Sort(Sort::Requests));
        assert_eq!(d.shown, vec![2, 1, 0]);
        assert_eq!(d.current(), Some(0), "the same report stays selected");
        d.update(DeskAction::Sort(Sort::Requests));
        assert_eq!(d.shown, vec![0, 1, 2], "reversed");
        d.update(DeskAction::Sort(Sort::Status));
        assert_eq!(d.shown, vec![1, 2, 0], "worst first");
    }

    #[test]
    fn a_filter_narrows_the_list_as_it_is_typed_and_esc_drops_it() {
        let mut d = desk();
        d.update(DeskAction::StartFilter);
        for c in "水利".chars() {
            d.update(DeskAction::Type(c));
        }
        assert_eq!(d.shown, vec![1]);
        d.update(DeskAction::FilterDone);
        assert_eq!(d.update(DeskAction::Open), DeskEffect::Open(1));
        d.update(DeskAction::FilterClear);
        assert_eq!(d.shown.len(), 3);
        assert_eq!(d.current(), Some(1), "still on the report found");
    }

    #[test]
    fn import_asks_where_and_an_unreadable_file_does_not_open() {
        let mut d = desk();
        d.rows[2].form = crate::review::Form::Docx;
        d.rows[0].status = Status::Unreadable;
        d.update(DeskAction::End);
        assert_eq!(d.current(), Some(2));
        d.update(DeskAction::Import);
        assert_eq!(d.typing, Typing::ImportTo(2, "c.ron".to_owned()));
        d.update(DeskAction::Backspace);
        d.update(DeskAction::Backspace);
        d.update(DeskAction::Backspace);
        for c in "ron".chars() {
            d.update(DeskAction::Type(c));
        }
        assert_eq!(d.update(DeskAction::FilterDone), DeskEffect::Import(2, PathBuf::from("c.ron")));
        d.update(DeskAction::Up);
        assert_eq!(d.current(), Some(0));
        assert_eq!(d.update(DeskAction::Open), DeskEffect::None);
        assert!(d.status.as_ref().is_some_and(|(_, e)| *e));
    }
}
