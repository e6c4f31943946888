//! Moving: over cells and fields, between steps, to the next error, and
//! the questions asked on arriving at a step; what stays in view.
use super::messages as say;
use super::{
    App, Ask, Dir, Effect, FieldId, Mode, Place, Question, REVIEW, STEPS, StepState, Value, format, grid,
};

impl App {
    pub(super) fn on_move(&mut self, d: Dir) -> Effect {
        let step = self.step;
        let (r, c) = self.cursor[step];
        if let Some(g) = self.grid() {
            let rows = g.rows.len();
            let (r, c) = match d {
                Dir::Up => (r.saturating_sub(1), c),
                Dir::Down => ((r + 1).min(rows - 1), c),
                Dir::Left => (r, c.saturating_sub(1)),
                Dir::Right => (r, (c + 1).min(g.rows[r].len() - 1)),
            };
            let c = c.min(g.rows[r].len() - 1);
            self.cursor[step] = (r, c);
        } else {
            let n = self.list_len();
            let r = match d {
                Dir::Up => r.saturating_sub(1),
                Dir::Down => (r + 1).min(n.saturating_sub(1)),
                Dir::Left | Dir::Right => r,
            };
            self.cursor[step] = (r, 0);
        }
        Effect::None
    }

    pub(super) fn list_len(&self) -> usize {
        if self.step == REVIEW { self.review_list().len() } else { Self::fields_of(self.step).len() }
    }

    pub(super) fn on_next(&mut self, forward: bool) -> Effect {
        let step = self.step;
        let (r, c) = self.cursor[step];
        if let Some(g) = self.grid() {
            let pos = if forward {
                if c + 1 < g.rows[r].len() {
                    (r, c + 1)
                } else if r + 1 < g.rows.len() {
                    (r + 1, 0)
                } else {
                    (r, c)
                }
            } else if c > 0 {
                (r, c - 1)
            } else if r > 0 {
                (r - 1, g.rows[r - 1].len() - 1)
            } else {
                (r, c)
            };
            self.cursor[step] = pos;
            Effect::None
        } else {
            self.on_move(if forward { Dir::Down } else { Dir::Up })
        }
    }

    pub(super) fn on_row_end(&mut self, end: bool) -> Effect {
        let step = self.step;
        if let Some(g) = self.grid() {
            let (r, _) = self.cursor[step];
            let c = if end { g.rows[r].len() - 1 } else { 0 };
            self.cursor[step] = (r, c);
        }
        Effect::None
    }

    pub(super) fn on_step(&mut self, step: usize) -> Effect {
        self.leave_edit();
        if step < STEPS {
            self.step = step;
            self.ask_at_step_start();
        }
        Effect::None
    }

    /// At the start of a table nobody has begun, asks in plain words
    /// whether there is anything to report in it (once per session).
    pub(super) fn ask_at_step_start(&mut self) {
        if self.asked[self.step] || self.ask.is_some() {
            return;
        }
        self.asked[self.step] = true;
        let untouched: Vec<Question> = Question::of_step(self.step)
            .iter()
            .copied()
            .filter(|q| q.cells().iter().all(|&id| self.report.get(id).is_empty() || is_carried_in(id)))
            .collect();
        self.pending_questions = untouched;
        self.next_question();
    }

    /// Asks the next pending question, if any.
    pub(super) fn next_question(&mut self) {
        if self.pending_questions.is_empty() {
            return;
        }
        let q = self.pending_questions.remove(0);
        self.ask = Some(Ask::Nothing(q));
        self.say(q.text(self.lang), false);
    }

    pub(super) fn on_answer(&mut self, yes: bool) -> Effect {
        let Some(ask) = self.ask.take() else {
            return Effect::None;
        };
        match ask {
            Ask::Fill { suspect, own, expected } => {
                let (id, v) = if yes { (suspect.cell, suspect.value) } else { (own, expected) };
                self.change(vec![(id, Value::Count(Some(v)))]);
                let what = format::schema().fields[id].describe();
                self.say(say::set_to(self.lang, &what, v), false);
            }
            Ask::Nothing(_) if yes => {
                self.say(say::fill_cell_by_cell(self.lang), false);
                self.next_question();
            }
            Ask::Nothing(q) => {
                self.answer_nothing(q);
                if self.pending_questions.is_empty() && self.ask.is_none() {
                    let step = self.step;
                    if Question::of_step(step).contains(&q) && self.step_state(step) == StepState::Complete {
                        self.on_step(step + 1);
                    }
                } else {
                    self.next_question();
                }
            }
        }
        Effect::None
    }

    /// "Nothing to report": the question's cells filled with 0 (one undo
    /// step) and, for requests, 一（二） drafted if it is empty.
    pub(super) fn answer_nothing(&mut self, q: Question) {
        let mut changes = self.report.zero_fill_changes(q.cells());
        let mut drafted = 0;
        if q == Question::Requests {
            // No requests: 一（二） drafted from the zeros, and 六's sentence
            // on information processing fees (none charged), where empty.
            let mut zeroed = self.report.clone();
            for (c, v) in &changes {
                zeroed.set(*c, v.clone());
            }
            let drafts = crate::prose::drafts_for_nothing(&zeroed);
            drafted = drafts.len();
            changes.extend(drafts);
        }
        let n = changes.len() - drafted;
        let drafted = drafted > 0;
        self.change(changes);
        self.say(say::answered_nothing(self.lang, n, drafted), false);
    }

    /// F6 in the editor of 五 with last year's report: its next paragraph
    /// inserted at the caret, for the user to say how it was dealt with.
    pub(super) fn on_copy_last_year(&mut self) -> Effect {
        let paragraphs = self.last_year_text().map(|t| {
            t.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect::<Vec<_>>()
        });
        let Some(paragraphs) = paragraphs.filter(|p| !p.is_empty()) else {
            self.say(say::no_last_year_text(self.lang), true);
            return Effect::None;
        };
        let k = self.last_year_paragraph % paragraphs.len();
        self.last_year_paragraph = k + 1;
        if let Mode::EditText { editor, .. } = &mut self.mode {
            editor.insert_str(&format!("{}\n", paragraphs[k]), std::time::Instant::now());
            self.sync_text();
        } else if let Some(id) = self.focused_field() {
            let text = match self.report.get(id) {
                Value::Text(t) if !t.trim().is_empty() => format!("{}\n{}", t.trim_end(), paragraphs[k]),
                _ => paragraphs[k].clone(),
            };
            self.change(vec![(id, Value::Text(text))]);
        }
        self.say(say::inserted_last_year(self.lang, k + 1, paragraphs.len()), false);
        Effect::None
    }

    /// Last year's text of the focused narrative, when last year's report
    /// is known.
    #[must_use]
    pub fn last_year_text(&self) -> Option<&str> {
        let id = self.focused_field()?;
        match (self.previous.as_ref()?.get(id), &format::schema().fields[id].place) {
            (Value::Text(t), Place::Text(_)) if !t.trim().is_empty() => Some(t.as_str()),
            _ => None,
        }
    }

    /// Keeps the focused row and column of the current step on screen.
    pub(super) fn keep_in_view(&mut self) {
        let step = self.step;
        let (w, h) = self.body_size();
        let mode = self.ambiguous;
        let focus = self.cursor[step];
        let offset = self.offset[step];
        if let Some(g) = self.grid() {
            let geo = grid::geometry(g, w, h, focus, offset, mode);
            self.offset[step] = (geo.row_offset, geo.col_offset);
        }
        if matches!(self.mode, Mode::EditText { .. }) {
            let (w, h) = self.editor_size();
            if let Mode::EditText { editor, .. } = &mut self.mode {
                editor.set_view(w, h);
            }
        }
    }

    /// Width and height of the area the step's grid or list is drawn in,
    /// as the view lays the screen out.
    #[must_use]
    pub fn body_size(&self) -> (usize, usize) {
        let (w, h) = crate::geometry::body_area(self.size.0, self.size.1, self.guidance_lines());
        (usize::from(w), usize::from(h))
    }

    /// Lines given to the step's guidance text.
    #[must_use]
    pub fn guidance_lines(&self) -> u16 {
        match (self.guidance_folded, self.size.1 >= 40) {
            (true, _) => 1,
            (false, true) => 4,
            (false, false) => 2,
        }
    }

    // --- editing -----------------------------------------------------------
}

/// Whether a cell is in 表三's carried-in row (filled by `new --from`).
pub(super) fn is_carried_in(id: FieldId) -> bool {
    matches!(format::schema().fields[id].place,
        Place::Cell { table, row, .. } if table.key == format::REQUESTS.key && table.rows[row].key == "carried_in")
}
