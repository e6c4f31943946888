//! The wizard's file work, done when the runner performs an [`Effect`]:
//! saving (in place, a copy, elsewhere), exporting, the recovery file.
use super::messages as say;
use super::{App, Effect, LineEdit, Mode, PathBuf, RecoveryChoice, Severity, Value, format, i18n, io};

impl App {
    /// Carries out an effect's file work (the runner calls this; so do
    /// tests). Returns whether the app should stop.
    pub fn perform(&mut self, effect: &Effect) -> bool {
        match effect {
            Effect::None | Effect::Clipboard(_) => false,
            Effect::RememberGuidance(folded) => {
                crate::prefs::set_guidance_folded(*folded);
                false
            }
            Effect::Save | Effect::Export(_) if self.view_only.is_some() => {
                let why = self.view_only.clone().unwrap_or_default();
                self.say(why, true);
                false
            }
            Effect::SaveAndQuit if self.view_only.is_some() => true,
            Effect::Save => {
                self.save();
                false
            }
            Effect::Quit => true,
            Effect::Export(format) => {
                self.export(*format);
                false
            }
            Effect::SaveAndQuit => {
                self.save();
                if self.modified {
                    // The save failed: stay, with the error in the status line.
                    self.quitting = false;
                    false
                } else {
                    true
                }
            }
        }
    }

    /// Where the review step's export writes: the draft's name with the
    /// format's extension.
    #[must_use]
    pub fn export_path(&self, format: crate::export::Format) -> PathBuf {
        self.path.with_extension(format.extension())
    }

    pub(super) fn export(&mut self, format: crate::export::Format) {
        let path = self.export_path(format);
        // A file of that name this wizard did not write (the office's own
        // Word file, say) is replaced only when the key is pressed again.
        if path.exists() && !self.exported.contains(&path) && self.confirm_export.as_ref() != Some(&path) {
            let msg = say::export_exists(self.lang, &path);
            self.confirm_export = Some(path);
            self.say(msg, true);
            return;
        }
        self.confirm_export = None;
        let written = crate::export::render_file(&self.report, format)
            .map_err(|e| i18n::export_error(&e, self.lang))
            .and_then(|bytes| {
                io::write_output(&path, &bytes, Some(&self.path)).map_err(|e| i18n::file_error(&e, self.lang))
            });
        match written {
            Ok(()) => {
                self.exported.push(path.clone());
                self.say(say::exported(self.lang, &path), false);
            }
            Err(e) => self.say(e, true),
        }
    }

    pub(super) fn on_export(&mut self, format: crate::export::Format) -> Effect {
        let errors = self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        if errors > 0 {
            self.say(say::not_exported(self.lang, errors), true);
            return Effect::None;
        }
        Effect::Export(format)
    }

    pub(super) fn on_draft_prose(&mut self) -> Effect {
        let target = format::schema().lookup(crate::rules::prose::ON_REQUEST);
        if self.focused_field() != target || target.is_none() {
            self.say(say::select_on_request_first(self.lang), true);
            return Effect::None;
        }
        let Some(id) = target else {
            return Effect::None;
        };
        let drafted = crate::prose::draft_on_request(&self.report);
        if let Mode::EditText { editor, .. } = &mut self.mode {
            // In the editor: the sentences at the caret, one undo step
            // with the rest of the edit.
            editor.insert_str(&drafted, std::time::Instant::now());
            self.sync_text();
            self.say(say::drafted_from_requests(self.lang, false), false);
            return Effect::None;
        }
        let text = match self.report.get(id) {
            Value::Text(t) if !t.trim().is_empty() => format!("{}\n{drafted}", t.trim_end()),
            _ => drafted,
        };
        self.change(vec![(id, Value::Text(text))]);
        self.say(say::drafted_from_requests(self.lang, true), false);
        Effect::None
    }

    /// The draft's directory cannot be written: the wizard opens read-only
    /// and says where Ctrl-S will save a copy instead.
    pub fn open_read_only_place(&mut self) {
        self.save_as = io::writable_copy_path(&self.path);
        let msg = say::opened_read_only(self.lang, self.save_as.as_deref());
        self.say(msg, true);
    }

    /// Ctrl-S on a draft whose directory cannot be written: a copy where
    /// the user can write, and the wizard continues with it.
    pub(super) fn save_copy(&mut self, target: PathBuf) {
        match io::create_copy(&target, &self.report, &self.path) {
            Ok(()) => {
                self.held = io::lock_draft(&target).ok();
                self.path = target;
                self.save_as = None;
                self.modified = false;
                self.disk = io::Identity::read(&self.path).ok().flatten();
                self.say(say::saved_as(self.lang, &self.path), false);
            }
            Err(e) => self.say_save_failed(&e),
        }
    }

    pub(super) fn say_save_failed(&mut self, e: &io::FileError) {
        self.say(say::save_failed(self.lang, &i18n::file_error(e, self.lang)), true);
    }

    pub(super) fn save(&mut self) {
        if let Some(target) = self.save_as.clone() {
            self.save_copy(target);
            return;
        }
        let on_disk = match io::Identity::read(&self.path) {
            Ok(i) => i,
            Err(e) => {
                self.say_save_failed(&e);
                return;
            }
        };
        if !io::Identity::same_content(on_disk, self.disk) {
            self.save_elsewhere();
            return;
        }
        match io::save_with(&self.path, &self.report, self.read_only_asked) {
            Ok(saved) => {
                self.read_only_asked = false;
                self.modified = false;
                self.disk = io::Identity::read(&self.path).ok().flatten();
                io::remove_recovery(&self.path);
                let errors = self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
                let mut msg = say::saved(self.lang, &self.path, errors);
                if let Some(copy) = &saved.comments_copy {
                    msg.push_str(&i18n::comments_copy(copy, self.lang));
                }
                self.say(msg, saved.comments_copy.is_some());
            }
            Err(io::FileError::ReadOnly { .. }) => {
                self.read_only_asked = true;
                self.say(say::read_only_draft(self.lang), true);
            }
            Err(e) => self.say_save_failed(&e),
        }
    }

    /// The draft changed on disk since this wizard read it (a `set`,
    /// another editor, a `git pull`): it is not overwritten. This version
    /// goes to a new file beside it, and the message says how to compare.
    pub(super) fn save_elsewhere(&mut self) {
        let target = io::free_name(&self.path, "mine");
        let result = io::create_copy(&target, &self.report, &self.path);
        let differ = io::load(&self.path).map(|d| d.differences(&self.report).len()).ok();
        let saved = result.is_ok();
        let why = result.as_ref().err().map(|e| i18n::file_error(e, self.lang));
        let outcome = match &why {
            None => Ok(target.as_path()),
            Some(why) => Err(why.as_str()),
        };
        let msg = say::saved_elsewhere(self.lang, &self.path, outcome, differ);
        if saved {
            self.modified = false;
            io::remove_recovery(&self.path);
        }
        self.say(msg, true);
    }

    /// Everything typed so far, for the recovery file: the report, and a
    /// cell or line being typed but not yet confirmed.
    #[must_use]
    pub fn recovery(&self) -> io::Recovery {
        let mut report = self.report.clone();
        if let Mode::EditText { field, editor } = &self.mode {
            report.set(*field, Value::Text(editor.text().to_owned()));
        }
        let pending = match &self.mode {
            Mode::EditLine { field, line } if !line.text().is_empty() => {
                Some((format::schema().fields[*field].address.clone(), line.text().to_owned()))
            }
            _ => None,
        };
        io::Recovery { report, draft: self.disk, pending }
    }

    /// Whether there is anything a recovery file must keep.
    #[must_use]
    pub fn has_unsaved_work(&self) -> bool {
        self.view_only.is_none()
            && (self.modified || matches!(&self.mode, Mode::EditLine { line, .. } if !line.text().is_empty()))
    }

    /// Opens the wizard on a report that is not a draft (a Word file, a
    /// PDF, a web page read for the review desk): it can be looked at and
    /// tried out, but nothing is saved and no recovery file is written;
    /// `why` is said when a save is asked for.
    pub fn view_only(&mut self, why: String) {
        self.say(why.clone(), false);
        self.view_only = Some(why);
    }

    /// Takes up a recovery file's content: the report, and the cell that
    /// was being typed, reopened with its text (not yet confirmed).
    pub fn restore(&mut self, rec: io::Recovery) {
        if rec.report != self.report || rec.pending.is_some() {
            self.report = rec.report;
            self.mode = Mode::Normal;
            self.modified = true;
            self.revision += 1;
            self.recheck();
        }
        if let Some((address, typed)) = rec.pending
            && let Some(id) = format::schema().lookup(&address)
        {
            self.focus_field(id);
            self.mode = Mode::EditLine { field: id, line: LineEdit::new(&typed) };
        }
        self.say(say::restored(self.lang), false);
    }

    /// Settles [`App::recovery_offer`].
    ///
    /// # Errors
    /// Keeping both versions needs a new file, and writing it failed.
    pub fn resolve_recovery(&mut self, choice: RecoveryChoice) -> Result<Option<PathBuf>, io::FileError> {
        let Some(rec) = self.recovery_offer.take() else { return Ok(None) };
        let written = match choice {
            RecoveryChoice::Restore => {
                self.restore(rec);
                return Ok(None);
            }
            RecoveryChoice::Discard => None,
            RecoveryChoice::KeepBoth => {
                // What was being typed goes into the copy too; typing that
                // is not a value (a half-typed amount) keeps the recovery
                // file, so nothing typed is lost.
                let mut report = rec.report.clone();
                let typed_kept = rec.pending.as_ref().is_none_or(|(address, typed)| {
                    let schema = format::schema();
                    schema.lookup(address).is_some_and(|id| {
                        let field = &schema.fields[id];
                        let multiline = matches!(field.place, format::Place::Text(t) if t.multiline);
                        crate::model::parse_value(field.kind, typed, multiline)
                            .map(|v| report.set(id, v))
                            .is_ok()
                    })
                });
                let target = io::free_name(&self.path, "recovered");
                io::create_copy(&target, &report, &self.path)?;
                if !typed_kept {
                    // The recovery file stays: it still holds the typing.
                    return Ok(Some(target));
                }
                Some(target)
            }
        };
        io::remove_recovery(&self.path);
        Ok(written)
    }

    // --- changing the report -------------------------------------------
}
