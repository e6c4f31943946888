//! Typing: editing a cell, a line or a narrative, committing and
//! cancelling, and pasting a block of cells or text.
use super::messages as say;
use super::{
    App, Caret, Dir, EditKey, Editor, Effect, Kind, Lang, LineEdit, Mode, Place, Question, REVIEW, Report,
    STEPS, Value, format, i18n, model,
};

impl App {
    pub(super) fn on_start_edit(&mut self, first: Option<char>) -> Effect {
        if !matches!(self.mode, Mode::Normal) {
            return Effect::None;
        }
        let Some(id) = self.focused_field() else {
            return Effect::None;
        };
        let multiline = matches!(format::schema().fields[id].place, Place::Text(t) if t.multiline);
        if multiline {
            // The caret at the end of the text; the terminal's own cursor
            // marks it (an IME opens there).
            let (w, h) = self.editor_size();
            let editor = Editor::new(&self.report.get(id).display(), self.ambiguous, w, h);
            // One undo step for the whole edit, recorded up front.
            self.undo.push(vec![(id, self.report.get(id).clone())]);
            self.redo.clear();
            self.mode = Mode::EditText { field: id, editor: Box::new(editor) };
            if let Some(c) = first {
                self.on_edit(EditKey::Insert(c));
            }
            return Effect::None;
        }
        // A digit typed on a number or a date replaces it, as in a
        // spreadsheet; a character typed on a name (an IME's Chinese)
        // goes on at its end: a name is never wiped by one keystroke.
        let replace = first.is_some() && format::schema().fields[id].kind != format::Kind::Text;
        let line = if replace { LineEdit::default() } else { LineEdit::new(&self.report.get(id).display()) };
        self.mode = Mode::EditLine { field: id, line };
        if let Some(c) = first {
            self.on_type(c);
        }
        Effect::None
    }

    pub(super) fn on_type(&mut self, c: char) -> Effect {
        let lang = self.lang;
        match &mut self.mode {
            Mode::NewDraft { line } => line.insert(c),
            Mode::EditLine { field, line } => {
                let kind = format::schema().fields[*field].kind;
                if let Some(msg) = refuse_char(kind, c, lang) {
                    self.say(msg, true);
                } else {
                    line.insert(c);
                }
            }
            _ => {}
        }
        Effect::None
    }

    pub(super) fn on_caret(&mut self, motion: Caret) -> Effect {
        if let Mode::EditLine { line, .. } | Mode::NewDraft { line } = &mut self.mode {
            match motion {
                Caret::Left => line.left(),
                Caret::Right => line.right(),
                Caret::Home => line.home(),
                Caret::End => line.end(),
                Caret::Backspace => line.backspace(),
                Caret::Delete => line.delete(),
            }
        }
        Effect::None
    }

    pub(super) fn on_commit(&mut self, then: Option<bool>) -> Effect {
        if let Mode::NewDraft { line } = &self.mode {
            let organ = line.text().trim().to_owned();
            if organ.is_empty() {
                self.say(say::organ_still_empty(self.lang), true);
                return Effect::None;
            }
            let year = crate::calendar::current_report_year();
            self.report = Report::draft(&organ, year);
            self.mode = Mode::Normal;
            self.touched();
            // The quick path: ask at once what there is to report at all.
            self.pending_questions =
                vec![Question::Requests, Question::Appeals, Question::Rules, Question::Actions];
            for step in 0..STEPS {
                self.asked[step] |= !Question::of_step(step).is_empty();
            }
            self.next_question();
            return Effect::None;
        }
        let Mode::EditLine { field, line } = &self.mode else {
            return Effect::None;
        };
        let (id, text) = (*field, line.text().to_owned());
        let f = &format::schema().fields[id];
        match model::parse_value(f.kind, &text, false) {
            Ok(v) => {
                self.mode = Mode::Normal;
                self.change(vec![(id, v)]);
                match then {
                    Some(forward) => {
                        self.on_next(forward);
                    }
                    None if self.grid().is_some() => {
                        self.on_move(Dir::Down);
                    }
                    None => {}
                }
            }
            Err(e) => {
                let msg = format!("{} {:?}: {}", f.address, text, i18n::value_error(&e, self.lang));
                self.say(msg, true);
            }
        }
        Effect::None
    }

    pub(super) fn on_cancel(&mut self) -> Effect {
        if self.ask.take().is_some() {
            self.pending_questions.clear();
            self.say(say::cancelled(self.lang), false);
        } else if self.quitting {
            self.quitting = false;
        } else if self.help {
            self.help = false;
        } else if matches!(self.mode, Mode::EditLine { .. }) {
            self.mode = Mode::Normal;
            self.say(say::edit_cancelled(self.lang), false);
        }
        Effect::None
    }

    pub(super) fn sync_text(&mut self) {
        if let Mode::EditText { field, editor } = &self.mode {
            let id = *field;
            if !matches!(self.report.get(id), Value::Text(t) if t == editor.text()) {
                self.report.set(id, Value::Text(editor.text().to_owned()));
                self.touched();
            }
        }
    }

    pub(super) fn on_edit(&mut self, key: EditKey) -> Effect {
        let Mode::EditText { editor, .. } = &mut self.mode else {
            return Effect::None;
        };
        let now = std::time::Instant::now();
        let lang = self.lang;
        let copied = match key {
            EditKey::Copy => editor.selected_text().map(str::to_owned),
            EditKey::Cut => editor.cut(now),
            EditKey::Paste => {
                if self.clipboard.is_empty() {
                    self.say(say::clipboard_empty(lang), false);
                } else {
                    editor.insert_str(&self.clipboard, now);
                    self.sync_text();
                }
                return Effect::None;
            }
            _ => {
                if editor.apply(key, now) {
                    self.sync_text();
                }
                return Effect::None;
            }
        };
        let Some(text) = copied else {
            self.say(say::select_first(lang), false);
            return Effect::None;
        };
        self.sync_text();
        let n = text.chars().count();
        self.say(say::cut_or_copied(lang, n, key == EditKey::Cut), false);
        self.clipboard.clone_from(&text);
        Effect::Clipboard(text)
    }

    /// Columns and rows of the narrative editor, as the view lays it out.
    pub(super) fn editor_size(&self) -> (usize, usize) {
        crate::geometry::editor_size(self.size, self.guidance_lines(), self.last_year_text().is_some())
    }

    pub(super) fn on_finish_text(&mut self) -> Effect {
        self.leave_edit();
        Effect::None
    }

    /// Leaves any edit: a narrative keeps its text; a cell or line edit in
    /// progress is committed if valid, else dropped with a message.
    pub(super) fn leave_edit(&mut self) {
        match &self.mode {
            Mode::EditText { .. } => {
                self.sync_text();
                if let Some(last) = self.undo.last()
                    && let Some(&(id, ref old)) = last.first()
                    && last.len() == 1
                    && self.report.get(id) == old
                {
                    // Nothing was typed: drop the empty undo step.
                    self.undo.pop();
                }
                self.mode = Mode::Normal;
            }
            Mode::EditLine { .. } => {
                self.on_commit(None);
                if matches!(self.mode, Mode::EditLine { .. }) {
                    self.mode = Mode::Normal;
                }
            }
            Mode::Normal | Mode::NewDraft { .. } => {}
        }
    }

    pub(super) fn on_paste(&mut self, raw: &str) -> Effect {
        let text: String = raw
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        let table = self.grid().is_some();
        match &mut self.mode {
            Mode::EditText { editor, .. } => {
                editor.insert_str(&text, std::time::Instant::now());
                self.sync_text();
            }
            // Several numbers pasted while editing a cell fill the cells
            // from this one, as in the grid; never one joined number.
            Mode::EditLine { .. }
                if table && (text.trim().contains('\n') || paste_cells(&text).len() > 1) =>
            {
                self.mode = Mode::Normal;
                self.paste_block(&text);
            }
            Mode::EditLine { .. } | Mode::NewDraft { .. } => {
                let line = text.lines().next().unwrap_or("").trim().to_owned();
                for c in line.chars() {
                    self.on_type(c);
                }
            }
            Mode::Normal if table => self.paste_block(&text),
            Mode::Normal => {
                if self.step != REVIEW {
                    self.on_start_edit(None);
                    if matches!(self.mode, Mode::EditLine { .. } | Mode::EditText { .. }) {
                        self.on_paste(&text);
                    }
                }
            }
        }
        Effect::None
    }

    /// Pastes numbers into the grid from the focused cell, one line per
    /// row: tab-separated (copied from a spreadsheet), or separated by
    /// spaces or commas (copied from a PDF or a web page); all or nothing.
    pub(super) fn paste_block(&mut self, text: &str) {
        let (r0, c0) = self.cursor[self.step];
        let Some(g) = self.grid() else { return };
        let mut changes = Vec::new();
        for (dr, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            for (dc, cell) in paste_cells(line).into_iter().enumerate() {
                let Some(&id) = g.rows.get(r0 + dr).and_then(|row| row.get(c0 + dc)) else {
                    self.say(say::paste_does_not_fit(self.lang), true);
                    return;
                };
                let f = &format::schema().fields[id];
                match model::parse_value(f.kind, cell, false) {
                    Ok(v) => changes.push((id, v)),
                    Err(e) => {
                        let msg =
                            format!("{} {:?}: {}", f.address, cell.trim(), i18n::value_error(&e, self.lang));
                        self.say(msg, true);
                        return;
                    }
                }
            }
        }
        let n = changes.len();
        self.change(changes);
        self.say(say::pasted(self.lang, n), false);
    }
}

/// The cells of one pasted line: split at tabs if it has any, else at
/// spaces and at commas that are not thousands separators (`1,259` is one
/// number, `1259,36` two).
pub(super) fn paste_cells(line: &str) -> Vec<&str> {
    if line.contains('\t') {
        return line.split('\t').collect();
    }
    line.split(char::is_whitespace)
        .map(|p| p.trim_matches([',', '，']))
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            if model::parse_value(Kind::Amount, p, false).is_ok() {
                vec![p]
            } else {
                p.split([',', '，']).filter(|x| !x.is_empty()).collect()
            }
        })
        .collect()
}

/// Why a typed character cannot go into a field of `kind`, if it cannot.
pub(super) fn refuse_char(kind: Kind, c: char, lang: Lang) -> Option<String> {
    let digit = crate::text::fullwidth::is_digit(c) || matches!(c, ',' | '，');
    let ok = match kind {
        Kind::Text | Kind::Date => true,
        Kind::Count | Kind::Year => digit,
        Kind::Amount => digit || matches!(c, '.' | '．' | '。'),
    };
    if ok {
        return None;
    }
    let why = match c {
        '-' | '－' => model::ValueError::Negative,
        '.' | '．' | '。' => model::ValueError::NotWhole,
        _ => model::ValueError::NotANumber,
    };
    Some(format!("{c:?} {}", i18n::value_error(&why, lang)))
}
