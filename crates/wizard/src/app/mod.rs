//! The wizard's state and its one update function.
//!
//! `App::update(Action) -> Effect` is a single `match` with one small method
//! per arm; it never touches the terminal and never reads or writes a file.
//! File work — saves, exports (and whether an export's target exists, to
//! ask before replacing it), the remembered preferences — comes back to
//! the runner as an [`Effect`], so tests drive the whole wizard with
//! actions and check the state (and, after [`App::perform`], the file).
//!
//! - [`action`](self::Action): the vocabulary (focus, actions, effects,
//!   questions, modes);
//! - this file: the state, what it derives (step states, fingerprints),
//!   and the dispatch;
//! - `moves`: moving and the questions asked on arrival; `edit`: typing and
//!   pasting; `change`: every change to the report, undo, bulk commands;
//! - `files`: the effects performed (save, export, recovery);
//! - `messages`: every sentence the wizard says, in both languages.

use std::path::{Path, PathBuf};

use crate::editor::{EditKey, Editor};
use crate::format::{self, Content, FieldId, Kind, Place, SECTIONS, Severity};
use crate::grid::{self, Grid};
use crate::i18n::{self, Lang};
use crate::io;
use crate::line::LineEdit;
use crate::model::{self, Report, Value};
use crate::rules::{self, Diagnostic};
use crate::text::Ambiguous;

mod action;
mod change;
mod edit;
mod files;
pub mod messages;
mod moves;

pub use action::*;

/// The wizard.
#[derive(Debug)]
#[allow(clippy::struct_excessive_bools)] // independent flags of the screen's state
pub struct App {
    pub report: Report,
    pub path: PathBuf,
    pub lang: Lang,
    pub ambiguous: Ambiguous,
    /// Whether the screen uses colours (not with `NO_COLOR`): the view
    /// picks its styles from it.
    pub colour: bool,
    pub step: usize,
    /// Per step: focused (row, col) for tables, (field, 0) for text steps,
    /// (diagnostic, 0) for the review.
    pub cursor: [(usize, usize); STEPS],
    /// Per step: (first row, first column) shown.
    pub offset: [(usize, usize); STEPS],
    pub mode: Mode,
    pub help: bool,
    /// First line of the help page shown (it scrolls on small screens).
    pub help_scroll: usize,
    pub quitting: bool,
    pub modified: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// What the last check worked out that the next one can reuse.
    kept: rules::Kept,
    /// Last year's report, when given: shown beside cells, checked against.
    pub previous: Option<Report>,
    pub status: Option<Status>,
    pub size: (u16, u16),
    /// Bumped on every change to the report (drives autosave).
    pub revision: u64,
    /// Bumped each time the report is checked (the diagnostics may differ
    /// with no change to the report: last year's given): what the view
    /// shows of the cells follows it.
    pub checks: u64,
    /// The draft on disk as this wizard last read or wrote it (`None`: not
    /// on disk yet). A save over anything else is refused.
    pub disk: Option<io::Identity>,
    /// Unsaved work from a lost session, found when the draft on disk had
    /// changed since: the user decides (see [`App::resolve_recovery`]).
    pub recovery_offer: Option<io::Recovery>,
    /// The last save was refused because the draft is read-only: the next
    /// Ctrl-S writes anyway.
    read_only_asked: bool,
    /// Not a draft (a published form opened from the review desk): never
    /// saved, no recovery file; why, as said when a save is asked for.
    pub view_only: Option<String>,
    /// The draft's directory cannot be written (no lock, no save there):
    /// Ctrl-S saves a copy here and the wizard goes on with that copy.
    pub save_as: Option<PathBuf>,
    /// The lock of a copy saved through `save_as`.
    held: Option<io::DraftLock>,
    /// A question waiting for y or n.
    pub ask: Option<Ask>,
    /// Questions still to ask (the quick path of a new draft).
    pending_questions: Vec<Question>,
    /// Steps whose start question was asked already.
    asked: [bool; STEPS],
    /// The guidance text above the body folded to one line.
    pub guidance_folded: bool,
    /// Whether the ambiguous-width mode came from asking the terminal.
    pub ambiguous_probed: bool,
    /// Whether preferences are remembered between sessions (the real
    /// wizard; not tests).
    pub remember: bool,
    /// Next paragraph of last year's text to copy with F6.
    last_year_paragraph: usize,
    /// Files this wizard exported (written again without asking).
    exported: Vec<PathBuf>,
    /// An export that would replace this existing file, asked about once.
    confirm_export: Option<PathBuf>,
    undo: Vec<Vec<(FieldId, Value)>>,
    redo: Vec<Vec<(FieldId, Value)>>,
    /// What the editor last cut or copied.
    pub clipboard: String,
    grids: Vec<Option<Grid>>,
    /// [`App::step_states`], until the report is checked again.
    states: std::cell::RefCell<Option<[StepState; STEPS]>>,
}

/// How many required fields each step of the report's sections has
/// (schema constants, counted once).
fn required_per_step() -> &'static [usize; REVIEW] {
    static COUNTS: std::sync::OnceLock<[usize; REVIEW]> = std::sync::OnceLock::new();
    COUNTS.get_or_init(|| {
        let mut counts = [0; REVIEW];
        let fields = &format::schema().fields;
        for &id in rules::required() {
            if let Some(n) = counts.get_mut(fields[usize::from(id)].section) {
                *n += 1;
            }
        }
        counts
    })
}

impl App {
    /// Lends the app, as it would be on step `step` (its focus and scroll
    /// there), to `f`, then puts it back on its own step: how the painter
    /// lays out the other steps ahead of time. Nothing else changes.
    pub fn as_on_step<R>(&mut self, step: usize, f: impl FnOnce(&App) -> R) -> R {
        let own = std::mem::replace(&mut self.step, step.min(STEPS - 1));
        let out = f(self);
        self.step = own;
        out
    }

    /// A wizard on `report`, saved to `path`.
    #[must_use]
    pub fn new(report: Report, path: &Path, lang: Lang) -> App {
        let kept = rules::Kept::new(&report);
        let diagnostics = rules::validate_filled_with(&report, &kept);
        let grids = SECTIONS
            .iter()
            .map(|s| match s.content {
                Content::Table(t) => Some(Grid::new(t)),
                Content::Fields(_) => None,
            })
            .collect();
        App {
            report,
            path: path.to_owned(),
            lang,
            ambiguous: Ambiguous::Narrow,
            colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            step: 0,
            cursor: [(0, 0); STEPS],
            offset: [(0, 0); STEPS],
            mode: Mode::Normal,
            help: false,
            help_scroll: 0,
            quitting: false,
            modified: false,
            diagnostics,
            kept,
            previous: None,
            status: None,
            size: (80, 24),
            revision: 0,
            checks: 0,
            disk: None,
            recovery_offer: None,
            read_only_asked: false,
            view_only: None,
            save_as: None,
            held: None,
            ask: None,
            pending_questions: Vec::new(),
            asked: [false; STEPS],
            guidance_folded: false,
            ambiguous_probed: false,
            remember: false,
            last_year_paragraph: 0,
            exported: Vec::new(),
            confirm_export: None,
            undo: Vec::new(),
            redo: Vec::new(),
            clipboard: String::new(),
            grids,
            states: std::cell::RefCell::new(None),
        }
    }

    /// A wizard for a file that does not exist yet: it first asks the
    /// organ name.
    #[must_use]
    pub fn new_draft(path: &Path, lang: Lang) -> App {
        let mut app = App::new(Report::new(), path, lang);
        app.mode = Mode::NewDraft { line: LineEdit::default() };
        app
    }

    /// The keyboard context, for the keymap.
    #[must_use]
    pub fn ctx(&self) -> Ctx {
        if self.quitting {
            return Ctx::Quit;
        }
        if self.help {
            return Ctx::Help;
        }
        if self.ask.is_some() {
            return Ctx::Ask;
        }
        match self.mode {
            Mode::NewDraft { .. } => Ctx::NewDraft,
            Mode::EditLine { .. } => Ctx::EditLine,
            Mode::EditText { .. } => Ctx::EditText,
            Mode::Normal if self.step == REVIEW => Ctx::Review,
            Mode::Normal if self.grid().is_some() => Ctx::Grid,
            Mode::Normal => Ctx::Fields,
        }
    }

    /// The grid of the current step, if it is a table step.
    #[must_use]
    pub fn grid(&self) -> Option<&Grid> {
        self.grids.get(self.step).and_then(Option::as_ref)
    }

    /// The text fields of a text step.
    #[must_use]
    pub fn fields_of(step: usize) -> &'static [format::TextField] {
        match SECTIONS.get(step).map(|s| &s.content) {
            Some(Content::Fields(f)) => f,
            _ => &[],
        }
    }

    /// The focused field, if the focus is on one.
    #[must_use]
    pub fn focused_field(&self) -> Option<FieldId> {
        match &self.mode {
            Mode::EditLine { field, .. } | Mode::EditText { field, .. } => return Some(*field),
            Mode::NewDraft { .. } => return None,
            Mode::Normal => {}
        }
        let (r, c) = self.cursor[self.step];
        if let Some(g) = self.grid() {
            return g.rows.get(r).and_then(|row| row.get(c)).copied();
        }
        if self.step == REVIEW {
            return None;
        }
        let f = Self::fields_of(self.step).get(r)?;
        format::schema().lookup(f.address)
    }

    /// Errors (not warnings) flagged at a cell.
    pub fn errors_at(&self, id: FieldId) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.cell == id && d.severity == Severity::Error)
    }

    /// The likely typo at `id`, if a broken rule names this cell.
    #[must_use]
    pub fn suspect_at(&self, id: FieldId) -> Option<rules::Suspect> {
        self.diagnostics.iter().filter_map(|d| d.suspect).find(|s| s.cell == id)
    }

    /// Diagnostics in review order: errors first, then warnings.
    #[must_use]
    pub fn review_list(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> =
            self.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        v.extend(self.diagnostics.iter().filter(|d| d.severity != Severity::Error));
        v
    }

    /// The state of a step, for the step list.
    #[must_use]
    pub fn step_state(&self, step: usize) -> StepState {
        self.step_states().get(step).copied().unwrap_or(StepState::Empty)
    }

    /// Every step's state (the step bar, the title's progress): worked out
    /// once per check of the report, when first asked.
    pub fn step_states(&self) -> std::cell::Ref<'_, [StepState]> {
        if self.states.borrow().is_none() {
            *self.states.borrow_mut() = Some(self.work_out_states());
        }
        std::cell::Ref::map(self.states.borrow(), |c| c.as_ref().map_or(&[][..], |v| &v[..]))
    }

    fn work_out_states(&self) -> [StepState; STEPS] {
        let s = format::schema();
        // Per step: errors flagged in it (all of them for the check), and
        // its required fields (filled, all).
        let mut errors = [0usize; STEPS];
        let mut fields = [(0usize, 0usize); STEPS];
        let mut missing = 0;
        for d in &self.diagnostics {
            let section = s.fields[d.cell].section;
            if d.severity == Severity::Error {
                errors[REVIEW] += 1;
                if let Some(e) = errors[..REVIEW].get_mut(section) {
                    *e += 1;
                }
            }
            // Every required field left empty has its warning: a step's
            // filled fields are its required ones less those.
            if d.rule == format::RULE_MISSING {
                missing += 1;
                if let Some(n) = fields[..REVIEW].get_mut(section) {
                    n.0 += 1;
                }
            }
        }
        for (n, &total) in fields[..REVIEW].iter_mut().zip(required_per_step()) {
            *n = (total - n.0.min(total), total);
        }
        std::array::from_fn(|step| match (errors[step], fields[step]) {
            (0, _) if step == REVIEW && missing == 0 => StepState::Complete,
            (0, _) if step == REVIEW => StepState::Partial,
            (0, (0, _)) => StepState::Empty,
            (0, (filled, total)) if filled == total => StepState::Complete,
            (0, _) => StepState::Partial,
            (n, _) => StepState::Errors(n),
        })
    }

    /// Number of empty fields in the whole report.
    #[must_use]
    pub fn missing_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.rule == format::RULE_MISSING).count()
    }

    /// Number of the report's sections that are complete and error-free.
    #[must_use]
    pub fn progress(&self) -> (usize, usize) {
        let done = (0..SECTIONS.len()).filter(|&s| self.step_state(s) == StepState::Complete).count();
        (done, SECTIONS.len())
    }

    /// Opens the wizard at a cell address or a section key.
    ///
    /// # Errors
    /// The address is not known.
    pub fn goto(&mut self, address: &str) -> Result<(), String> {
        if address == "review" {
            self.step = REVIEW;
            return Ok(());
        }
        if let Some(step) = SECTIONS.iter().position(|s| s.key == address) {
            self.step = step;
            return Ok(());
        }
        let id = format::schema().lookup(address).ok_or_else(|| address.to_owned())?;
        self.focus_field(id);
        Ok(())
    }

    fn focus_field(&mut self, id: FieldId) {
        let f = &format::schema().fields[id];
        self.step = f.section;
        if let Some(pos) = self.grid().and_then(|g| g.find(id)) {
            self.cursor[self.step] = pos;
        } else if let Place::Text(t) = f.place {
            let i = Self::fields_of(self.step).iter().position(|x| x.address == t.address).unwrap_or(0);
            self.cursor[self.step] = (i, 0);
        }
        self.keep_in_view();
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status { text: text.into(), error });
    }

    /// Whether the screen is too small to show the wizard (it then shows
    /// only a message, and keys that would change data are ignored).
    #[must_use]
    pub fn too_small(&self) -> bool {
        self.size.0 < crate::geometry::MIN_W || self.size.1 < crate::geometry::MIN_H
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) -> Effect {
        if self.too_small()
            && !self.quitting
            && !matches!(action, Action::Resize(..) | Action::Save | Action::Quit)
        {
            return Effect::None;
        }
        // Moving on while a question stands puts it (and those queued
        // after it) off, as Esc does; the move still happens.
        if self.ask.is_some() && action.moves_on() {
            self.ask = None;
            self.pending_questions.clear();
        }
        // The status line holds an open question until it is answered.
        if !matches!(action, Action::Resize(..))
            && (self.ask.is_none() || matches!(action, Action::Answer(_) | Action::Cancel))
        {
            self.status = None;
        }
        let effect = match action {
            Action::Move(d) if self.help => {
                self.help_scroll = match d {
                    Dir::Up => self.help_scroll.saturating_sub(1),
                    _ => self.help_scroll + 1,
                };
                Effect::None
            }
            Action::Move(d) => self.on_move(d),
            Action::Next => self.on_next(true),
            Action::Prev => self.on_next(false),
            Action::RowStart => self.on_row_end(false),
            Action::RowEnd => self.on_row_end(true),
            Action::NextStep => self.on_step(self.step + 1),
            Action::PrevStep => self.on_step(self.step.wrapping_sub(1)),
            Action::Step(n) => self.on_step(n),
            Action::StartEdit => self.on_start_edit(None),
            Action::StartTyping(c) => self.on_start_edit(Some(c)),
            Action::Type(c) => self.on_type(c),
            Action::Caret(motion) => self.on_caret(motion),
            Action::Commit => self.on_commit(None),
            Action::CommitNext => self.on_commit(Some(true)),
            Action::CommitPrev => self.on_commit(Some(false)),
            Action::Cancel => self.on_cancel(),
            Action::Edit(key) => self.on_edit(key),
            Action::FinishText => self.on_finish_text(),
            Action::Paste(s) => self.on_paste(&s),
            Action::Clear => self.on_clear(),
            Action::FillExpected => self.on_fill_expected(),
            Action::ZeroFill => self.on_zero_fill(),
            Action::Undo => self.on_undo(true),
            Action::Redo => self.on_undo(false),
            Action::NextError => self.on_next_error(),
            Action::Jump => self.on_jump(),
            Action::Export(format) => self.on_export(format),
            Action::DraftProse => self.on_draft_prose(),
            Action::Save => self.on_save(),
            Action::Quit => self.on_quit(),
            Action::QuitSave => Effect::SaveAndQuit,
            Action::QuitDiscard => Effect::Quit,
            Action::Help => {
                self.help = !self.help;
                self.help_scroll = 0;
                Effect::None
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                Effect::None
            }
            Action::Answer(yes) => self.on_answer(yes),
            Action::FoldGuidance => {
                self.guidance_folded = !self.guidance_folded;
                if self.remember { Effect::RememberGuidance(self.guidance_folded) } else { Effect::None }
            }
            Action::CopyLastYear => self.on_copy_last_year(),
        };
        self.keep_in_view();
        effect
    }
}
