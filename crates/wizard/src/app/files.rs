//! The wizard's file work, done when the runner performs an [`Effect`]:
//! saving (in place, a copy, elsewhere), exporting, the recovery file.
use super::{App, Effect, Lang, LineEdit, Mode, PathBuf, RecoveryChoice, Severity, Value, format, i18n, io};

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
        let written = crate::export::render_file(&self.report, format)
            .map_err(|e| i18n::export_error(&e, self.lang))
            .and_then(|bytes| {
                io::write_output(&path, &bytes, Some(&self.path)).map_err(|e| i18n::file_error(&e, self.lang))
            });
        match written {
            Ok(()) => {
                self.exported.push(path.clone());
                let msg = format!("{}{}", self.lang.pick("已导出：", "exported: "), path.display());
                self.say(msg, false);
            }
            Err(e) => self.say(e, true),
        }
    }

    pub(super) fn on_export(&mut self, format: crate::export::Format) -> Effect {
        let errors = self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        if errors > 0 {
            let msg = match self.lang {
                Lang::Zh => format!("有 {errors} 个勾稽错误，未导出；请先改正（n 转到下一个错误）"),
                Lang::En => {
                    format!("{errors} tally errors: not exported; fix them first (n jumps to the next)")
                }
            };
            self.say(msg, true);
            return Effect::None;
        }
        let path = self.export_path(format);
        // A file of that name this wizard did not write (the office's own
        // Word file, say) is replaced only when the key is pressed again.
        if path.exists() && !self.exported.contains(&path) && self.confirm_export.as_ref() != Some(&path) {
            let msg = match self.lang {
                Lang::Zh => format!("{} 已存在，再按一次同一个键覆盖它", path.display()),
                Lang::En => format!("{} exists; press the same key again to replace it", path.display()),
            };
            self.confirm_export = Some(path);
            self.say(msg, true);
            return Effect::None;
        }
        self.confirm_export = None;
        Effect::Export(format)
    }

    pub(super) fn on_draft_prose(&mut self) -> Effect {
        let target = format::schema().lookup(crate::rules::prose::ON_REQUEST);
        if self.focused_field() != target || target.is_none() {
            self.say(
                self.lang
                    .pick("请先选中“（二）依申请公开”再按 F5", "select 一（二）依申请公开 first, then F5"),
                true,
            );
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
            self.say(
                self.lang.pick("已按表三起草，请修改润色", "drafted from table 3; edit as needed"),
                false,
            );
            return Effect::None;
        }
        let text = match self.report.get(id) {
            Value::Text(t) if !t.trim().is_empty() => format!("{}\n{drafted}", t.trim_end()),
            _ => drafted,
        };
        self.change(vec![(id, Value::Text(text))]);
        self.say(
            self.lang.pick(
                "已按表三起草，请修改润色（u 撤销）",
                "drafted from table 3; edit as needed (u undoes)",
            ),
            false,
        );
        Effect::None
    }

    /// The draft's directory cannot be written: the wizard opens read-only
    /// and says where Ctrl-S will save a copy instead.
    pub fn open_read_only_place(&mut self) {
        self.save_as = io::writable_copy_path(&self.path);
        let msg = match (&self.save_as, self.lang) {
            (Some(t), Lang::Zh) => {
                format!("只读打开：草稿所在目录不可写。Ctrl-S 另存为 {}，之后编辑该副本", t.display())
            }
            (Some(t), Lang::En) => format!(
                "opened read-only: the draft's directory cannot be written. Ctrl-S saves a copy as {} and goes on with it",
                t.display()
            ),
            (None, Lang::Zh) => {
                "只读打开：草稿所在目录、当前目录和主目录都不可写，无法保存；请把草稿复制到可写的目录再打开".to_owned()
            }
            (None, Lang::En) => "opened read-only: neither the draft's directory nor the current or home directory can be written; copy the draft somewhere writable and open it there".to_owned(),
        };
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
                let msg = match self.lang {
                    Lang::Zh => format!("已另存为 {}；之后的保存都写入这个文件", self.path.display()),
                    Lang::En => format!("saved as {}; later saves go to this file", self.path.display()),
                };
                self.say(msg, false);
            }
            Err(e) => self.say_save_failed(&e),
        }
    }

    pub(super) fn say_save_failed(&mut self, e: &io::FileError) {
        let msg =
            format!("{}{}", self.lang.pick("保存失败：", "save failed: "), i18n::file_error(e, self.lang));
        self.say(msg, true);
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
                let mut msg = match self.lang {
                    Lang::Zh => format!("已保存 {}（{errors} 个错误）", self.path.display()),
                    Lang::En => format!("saved {} ({errors} errors)", self.path.display()),
                };
                if let Some(copy) = &saved.comments_copy {
                    msg.push_str(&i18n::comments_copy(copy, self.lang));
                }
                self.say(msg, saved.comments_copy.is_some());
            }
            Err(io::FileError::ReadOnly { .. }) => {
                self.read_only_asked = true;
                self.say(
                    self.lang.pick(
                        "草稿是只读文件，未保存；再按一次 Ctrl-S 仍然保存",
                        "the draft is read-only: not saved; press Ctrl-S again to save anyway",
                    ),
                    true,
                );
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
        let msg = match (result, self.lang) {
            (Ok(()), Lang::Zh) => format!(
                "{} 在打开后被其他程序改动{}，未覆盖；你的版本已另存为 {}（nianbao diff 两个文件可查看差异）",
                self.path.display(),
                differ.map(|n| format!("（与你的版本有 {n} 处不同）")).unwrap_or_default(),
                target.display()
            ),
            (Ok(()), Lang::En) => format!(
                "{} was changed by something else since it was opened{}: not overwritten; your version is saved as {} (nianbao diff shows the differences)",
                self.path.display(),
                differ.map(|n| format!(" ({n} fields differ from yours)")).unwrap_or_default(),
                target.display()
            ),
            (Err(e), Lang::Zh) => {
                format!("草稿在打开后被改动，未覆盖；另存也失败了：{}", i18n::file_error(&e, Lang::Zh))
            }
            (Err(e), Lang::En) => {
                format!("the draft changed on disk: not overwritten; saving elsewhere failed too: {e}")
            }
        };
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
        self.say(
            self.lang.pick(
                "已恢复上次未保存的修改（Ctrl-S 保存；Ctrl-Q 后选 d 放弃）",
                "restored unsaved changes from the last session (Ctrl-S keeps them; Ctrl-Q then d drops them)",
            ),
            false,
        );
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
