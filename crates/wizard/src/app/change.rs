//! Changing the report: every change through one path (undo, recheck,
//! the kept diagnostics), and the commands that change many cells at once
//! (clear, fill the expected value, zero-fill, drafted prose).
use super::messages as say;
use super::{App, Ask, Effect, FieldId, Mode, REVIEW, Report, Severity, Value, format, rules};

impl App {
    /// Sets fields as one undoable change and re-checks the report.
    pub(super) fn change(&mut self, mut changes: Vec<(FieldId, Value)>) {
        // A new year redrafts the sentences still as drafted for the old
        // one (`2025年，本机关未收到…`), in the same undo step.
        if let Some(year) = Report::year_field()
            && changes.iter().any(|(id, v)| *id == year && self.report.get(*id) != v)
        {
            let mut after = self.report.clone();
            for (id, v) in &changes {
                after.set(*id, v.clone());
            }
            changes.extend(crate::prose::redrafts(&self.report, &after));
        }
        let mut before = Vec::new();
        for (id, v) in changes {
            if *self.report.get(id) != v {
                before.push((id, self.report.get(id).clone()));
                self.report.set(id, v);
            }
        }
        if let [(id, old)] = before.as_slice() {
            // One field changed: the check follows that change.
            self.kept.follow(&self.report, *id, old);
            self.bump();
            self.check_kept();
        } else if !before.is_empty() {
            self.touched();
        }
        if !before.is_empty() {
            self.undo.push(before);
            self.redo.clear();
        }
    }

    pub(super) fn touched(&mut self) {
        self.bump();
        self.recheck();
    }

    /// A new revision of the report, not saved.
    pub(super) fn bump(&mut self) {
        self.modified = true;
        self.revision += 1;
    }

    /// Re-checks the report (and against last year's, when given).
    pub fn recheck(&mut self) {
        self.kept = rules::Kept::new(&self.report);
        self.check_kept();
    }

    /// Checks the report with what [`App::kept`] holds of it.
    pub(super) fn check_kept(&mut self) {
        self.checks += 1;
        *self.states.get_mut() = None;
        self.diagnostics = rules::validate_filled_with(&self.report, &self.kept);
        if let Some(prev) = &self.previous {
            self.diagnostics.extend(rules::validate_against_previous(&self.report, prev));
        }
    }

    pub(super) fn on_undo(&mut self, undo: bool) -> Effect {
        if let Mode::EditText { editor, .. } = &mut self.mode {
            let changed = if undo { editor.undo() } else { editor.redo() };
            if changed {
                self.sync_text();
            } else if undo {
                self.say(say::nothing_to_undo(self.lang), false);
            } else {
                self.say(say::nothing_to_redo(self.lang), false);
            }
            return Effect::None;
        }
        let (from, to) =
            if undo { (&mut self.undo, &mut self.redo) } else { (&mut self.redo, &mut self.undo) };
        let Some(batch) = from.pop() else {
            self.say(say::nothing_to_undo(self.lang), false);
            return Effect::None;
        };
        let mut inverse = Vec::new();
        for (id, v) in batch.into_iter().rev() {
            inverse.push((id, self.report.get(id).clone()));
            self.report.set(id, v);
        }
        let first = inverse.first().map(|&(id, _)| id);
        to.push(inverse);
        if let Some(id) = first {
            self.focus_field(id);
        }
        self.touched();
        Effect::None
    }

    // --- moving ----------------------------------------------------------

    pub(super) fn on_clear(&mut self) -> Effect {
        if let Some(id) = self.focused_field() {
            let empty = Value::empty(format::schema().fields[id].kind);
            let had = !self.report.get(id).is_empty();
            self.change(vec![(id, empty)]);
            // Clearing a whole paragraph with one key must not go unnoticed.
            if had {
                self.say(say::cleared(self.lang), false);
            }
        }
        Effect::None
    }

    pub(super) fn on_fill_expected(&mut self) -> Effect {
        let Some(id) = self.focused_field() else {
            return Effect::None;
        };
        // The cell itself is the likely typo: its value that makes every
        // broken rule hold.
        if let Some(sus) = self.suspect_at(id) {
            self.change(vec![(id, Value::Count(Some(sus.value)))]);
            return Effect::None;
        }
        let flagged = self.errors_at(id).find_map(|d| d.expected.map(|e| (e, d.suspect)));
        if let Some((e, Some(suspect))) = flagged
            && suspect.cell != id
        {
            // A typo elsewhere explains this break better: the user picks.
            let what = format::schema().fields[suspect.cell].describe();
            let now = suspect
                .found
                .map_or_else(|| crate::i18n::empty_value(self.lang).to_owned(), |n| n.to_string());
            let own = u64::try_from(e).ok();
            let msg = say::pick_the_typo(self.lang, &what, &now, suspect.value, own);
            // When no count fits this cell, "n" has nothing else to offer:
            // it fixes the suspect too.
            self.ask = Some(match own {
                Some(expected) => Ask::Fill { suspect, own: id, expected },
                None => Ask::Fill { suspect, own: suspect.cell, expected: suspect.value },
            });
            self.say(msg, false);
            return Effect::None;
        }
        let expected = flagged.map(|f| f.0).or_else(|| rules::expected_for_empty(&self.report, id));
        match expected {
            Some(e) if e >= 0 => {
                let v = u64::try_from(e).unwrap_or(0);
                self.change(vec![(id, Value::Count(Some(v)))]);
            }
            Some(_) => self.say(say::negative_expected(self.lang), true),
            None => match rules::unfilled_operands(&self.report, id) {
                Some(n) if n > 0 => self.say(say::waiting(self.lang, n), false),
                _ => self.say(say::no_tally_error_here(self.lang), false),
            },
        }
        Effect::None
    }

    pub(super) fn on_zero_fill(&mut self) -> Effect {
        let Some(g) = self.grid() else {
            return Effect::None;
        };
        let empty = self.report.zero_fill_changes(g.rows.iter().flatten().copied());
        let n = empty.len();
        self.change(empty);
        self.say(say::zero_filled(self.lang, n), false);
        Effect::None
    }

    pub(super) fn on_next_error(&mut self) -> Effect {
        let current = self.focused_field();
        let mut errors: Vec<FieldId> =
            self.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.cell).collect();
        errors.sort_unstable();
        errors.dedup();
        let Some(&first) = errors.first() else {
            self.say(say::no_tally_errors(self.lang), false);
            return Effect::None;
        };
        let next = current.and_then(|c| errors.iter().find(|&&e| e > c)).copied().unwrap_or(first);
        self.focus_field(next);
        Effect::None
    }

    pub(super) fn on_jump(&mut self) -> Effect {
        let (i, _) = self.cursor[REVIEW];
        let target = self.review_list().get(i).map(|d| d.cell);
        if let Some(id) = target {
            self.focus_field(id);
        }
        Effect::None
    }

    pub(super) fn on_save(&mut self) -> Effect {
        self.sync_text();
        if let Mode::EditLine { .. } = self.mode {
            self.leave_edit();
        }
        Effect::Save
    }

    pub(super) fn on_quit(&mut self) -> Effect {
        self.leave_edit();
        if matches!(self.mode, Mode::NewDraft { .. }) || !self.modified || self.view_only.is_some() {
            return Effect::Quit;
        }
        self.quitting = true;
        Effect::None
    }
}
