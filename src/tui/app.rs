//! The wizard's state and its one update function.
//!
//! `App::update(Action) -> Effect` is a single `match` with one small method
//! per arm; it never touches the terminal or the disk. File writes come
//! back to the runner as an [`Effect`], so tests drive the whole wizard
//! with actions and check the state (and, after [`App::perform`], the file).

use std::path::{Path, PathBuf};

use super::editor::{EditKey, Editor};
use super::grid::{self, Grid};
use super::keymap::Ctx;
use super::line::LineEdit;
use crate::format::{self, Content, FieldId, Kind, Place, SECTIONS, Severity};
use crate::i18n::{self, Lang};
use crate::io;
use crate::layout::Ambiguous;
use crate::model::{self, Report, Value};
use crate::rules::{self, Diagnostic};

/// Index of the check-and-export step (after the report's sections).
pub const REVIEW: usize = SECTIONS.len();
/// Number of steps.
pub const STEPS: usize = SECTIONS.len() + 1;

/// A direction of movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Up,
    Down,
    Left,
    Right,
}

/// Caret motions and deletions in a one-line edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caret {
    Left,
    Right,
    Home,
    End,
    Backspace,
    Delete,
}

/// Everything the user can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Move(Dir),
    Next,
    Prev,
    RowStart,
    RowEnd,
    NextStep,
    PrevStep,
    /// Go to a step directly.
    Step(usize),
    StartEdit,
    /// Start editing with this first character (replacing the value).
    StartTyping(char),
    Type(char),
    /// Move the caret or delete in a one-line edit.
    Caret(Caret),
    Commit,
    CommitNext,
    CommitPrev,
    Cancel,
    /// Input for the narrative editor.
    Edit(EditKey),
    FinishText,
    Paste(String),
    Clear,
    FillExpected,
    ZeroFill,
    Undo,
    Redo,
    NextError,
    Jump,
    /// Write the report beside the draft in a format.
    Export(crate::export::Format),
    /// Draft 一（二）'s standard sentences from 表三.
    DraftProse,
    Save,
    Quit,
    QuitSave,
    QuitDiscard,
    Help,
    Resize(u16, u16),
    /// Yes (true) or no (false) to the question asked.
    Answer(bool),
    /// Fold or unfold the step's guidance text.
    FoldGuidance,
    /// Copy the next paragraph of last year's text into the editor.
    CopyLastYear,
}

impl Action {
    /// Whether the action moves the focus or the step: while a yes/no
    /// question stands, such a key puts the question off and still acts.
    #[must_use]
    pub fn moves_on(&self) -> bool {
        matches!(
            self,
            Action::Move(_)
                | Action::NextStep
                | Action::PrevStep
                | Action::Step(_)
                | Action::Next
                | Action::Prev
        )
    }
}

/// A question waiting for y or n.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// `=` on a flagged cell whose break a typo elsewhere explains better:
    /// yes fixes the suspect, no fills this cell after all.
    Fill { suspect: rules::Suspect, own: FieldId, expected: u64 },
    /// "Anything to report in this table?": no fills it with 0.
    Nothing(Question),
}

/// The quick path for agencies with nothing to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// 表三: any requests this year?
    Requests,
    /// 表四: any administrative reconsideration or litigation?
    Appeals,
    /// 表二: any rules or normative documents issued or repealed?
    Rules,
    /// 表二: any licensing, penalties, enforcement or fees?
    Actions,
}

impl Question {
    /// The questions asked at the start of a step, in order.
    fn of_step(step: usize) -> &'static [Question] {
        match SECTIONS.get(step).map(|s| &s.content) {
            Some(Content::Table(t)) if t.key == format::REQUESTS.key => &[Question::Requests],
            Some(Content::Table(t)) if t.key == format::APPEALS.key => &[Question::Appeals],
            Some(Content::Table(t)) if t.key == format::PROACTIVE.key => {
                &[Question::Rules, Question::Actions]
            }
            _ => &[],
        }
    }

    /// The cells a "no" fills with 0.
    fn cells(self) -> Vec<FieldId> {
        let s = format::schema();
        let table = match self {
            Question::Requests => &format::REQUESTS,
            Question::Appeals => &format::APPEALS,
            Question::Rules | Question::Actions => &format::PROACTIVE,
        };
        (0..s.fields.len())
            .filter(|&id| match s.fields[id].place {
                Place::Cell { table: t, row, col } if t.key == table.key => {
                    let r = &t.rows[row];
                    match self {
                        // Documents in force are not "nothing" for an agency
                        // that issued none this year.
                        Question::Rules => {
                            r.columns.len() == 3 && matches!(r.columns[col].key, "issued" | "repealed")
                        }
                        Question::Actions => r.columns.len() != 3,
                        Question::Requests | Question::Appeals => true,
                    }
                }
                _ => false,
            })
            .collect()
    }

    /// The question in plain words, with its keys.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Question::Requests => lang.pick(
                "本年度是否收到政府信息公开申请？ y 是（逐格填写）  n 否（本表全部填 0 并起草相应段落）",
                "Any requests for government information this year? y yes (fill the table)  n no (fill it with 0 and draft the paragraph)",
            ),
            Question::Appeals => lang.pick(
                "本年度是否有政府信息公开行政复议、行政诉讼？ y 是  n 否（本表全部填 0）",
                "Any administrative reconsideration or litigation about disclosure this year? y yes  n no (fill the table with 0)",
            ),
            Question::Rules => lang.pick(
                "本年是否制发、废止规章或行政规范性文件？ y 是  n 否（制发、废止件数填 0）",
                "Were any rules or normative documents issued or repealed this year? y yes  n no (issued and repealed set to 0)",
            ),
            Question::Actions => lang.pick(
                "本年是否有行政许可、行政处罚、行政强制或行政事业性收费？ y 是  n 否（相应各格填 0）",
                "Any licensing, penalties, enforcement or administrative fees this year? y yes  n no (those cells set to 0)",
            ),
        }
    }
}

/// What the runner must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Save,
    Export(crate::export::Format),
    Quit,
    SaveAndQuit,
    /// Text copied or cut: also to the user's own clipboard (OSC 52).
    Clipboard(String),
}

/// A transient message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// What the keyboard is doing.
#[derive(Debug)]
pub enum Mode {
    /// Moving around.
    Normal,
    /// Typing into a cell or a one-line field.
    EditLine { field: FieldId, line: LineEdit },
    /// Typing into a narrative field.
    EditText { field: FieldId, editor: Box<Editor> },
    /// Asking the organ name for a new draft.
    NewDraft { line: LineEdit },
}

/// What to do with unsaved work from a lost session when the draft on
/// disk changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// Take the recovered version (the draft on disk is replaced at the
    /// next save).
    Restore,
    /// Drop it.
    Discard,
    /// Write it beside the draft as a new file; open the draft as it is.
    KeepBoth,
}

/// The state of a step: shown in the step list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepState {
    Empty,
    Partial,
    Complete,
    Errors(usize),
}

/// Cell fingerprints ([`App::cell_stamps`]) and the (revision, step) they
/// are for.
type Stamps = ((u64, usize), Vec<u64>);

/// The wizard.
#[derive(Debug)]
#[allow(clippy::struct_excessive_bools)] // independent flags of the screen's state
pub struct App {
    pub report: Report,
    pub path: PathBuf,
    pub lang: Lang,
    pub ambiguous: Ambiguous,
    pub theme: super::theme::Theme,
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
    /// The draft on disk as this wizard last read or wrote it (`None`: not
    /// on disk yet). A save over anything else is refused.
    pub disk: Option<io::Identity>,
    /// Unsaved work from a lost session, found when the draft on disk had
    /// changed since: the user decides (see [`App::resolve_recovery`]).
    pub recovery_offer: Option<io::Recovery>,
    /// The last save was refused because the draft is read-only: the next
    /// Ctrl-S writes anyway.
    read_only_asked: bool,
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
    /// [`App::cell_stamps`], with the revision and step they were worked
    /// out for.
    stamps: std::cell::RefCell<Option<Stamps>>,
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
    /// A wizard on `report`, saved to `path`.
    #[must_use]
    pub fn new(report: Report, path: &Path, lang: Lang) -> App {
        let kept = rules::Kept::new(&report);
        let diagnostics = rules::validate_with(&report, &kept);
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
            theme: super::theme::Theme::from_env(),
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
            disk: None,
            recovery_offer: None,
            read_only_asked: false,
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
            stamps: std::cell::RefCell::new(None),
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

    /// Per field, a fingerprint of what its table cell shows, apart from
    /// the focus and the text being typed: its value, the sum an empty
    /// total will hold, the first tally error flagged there with the value
    /// expected, and whether it is the likely typo. A table row is drawn
    /// again only when a fingerprint of one of its cells changes. Worked
    /// out for the step's table, once per revision, when first asked.
    pub fn cell_stamps(&self) -> std::cell::Ref<'_, [u64]> {
        {
            let mut cache = self.stamps.borrow_mut();
            let now = (self.revision, self.step);
            if cache.as_ref().is_none_or(|(then, _)| *then != now) {
                *cache = Some((now, self.stamp_cells()));
            }
        }
        std::cell::Ref::map(self.stamps.borrow(), |c| c.as_ref().map_or(&[][..], |(_, v)| v.as_slice()))
    }

    /// [`App::cell_stamps`] for the cells of the step's table (0 elsewhere).
    fn stamp_cells(&self) -> Vec<u64> {
        use compact_str::ToCompactString;
        let n = format::schema().fields.len();
        let mut stamps = vec![0; n];
        let Some(grid) = self.grid() else { return stamps };
        // As the view reads them: the first error with an expected value
        // at a cell, and whether any diagnostic names the cell as a typo
        // (a few cells at most: looked up in short lists).
        let mut firsts: Vec<(FieldId, (Option<i64>, i64))> = Vec::new();
        let mut typos: Vec<FieldId> = Vec::new();
        let mut flagged = vec![false; n];
        for d in &self.diagnostics {
            if d.severity == Severity::Error
                && let Some(expected) = d.expected
                && !firsts.iter().any(|(id, _)| *id == d.cell)
            {
                firsts.push((d.cell, (d.found, expected)));
                flagged[d.cell] = true;
            }
            if let Some(sp) = d.suspect {
                typos.push(sp.cell);
                flagged[sp.cell] = true;
            }
        }
        for &id in grid.rows.iter().flatten() {
            let value = match self.report.get(id) {
                Value::Count(v) => super::canvas::key(v),
                other => super::canvas::key(other.to_compact_string()),
            };
            let flags = flagged[id]
                .then(|| (firsts.iter().find(|(c, _)| *c == id).map(|(_, f)| *f), typos.contains(&id)));
            stamps[id] = super::canvas::key((value, rules::computed(&self.report, id), flags));
        }
        stamps
    }

    /// Errors (not warnings) flagged at a cell.
    pub fn errors_at(&self, id: FieldId) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.cell == id && d.severity == Severity::Error)
    }

    /// A fingerprint of everything the screen shows: when a key leaves it
    /// unchanged, nothing needs laying out or drawing.
    #[must_use]
    pub fn view_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = super::canvas::Fx::default();
        (self.step, self.cursor, self.offset, self.help, self.help_scroll, self.quitting).hash(&mut h);
        (self.modified, self.revision, self.size, self.guidance_folded, self.ambiguous == Ambiguous::Wide)
            .hash(&mut h);
        self.status.as_ref().map(|s| (&s.text, s.error)).hash(&mut h);
        self.ask.is_some().hash(&mut h);
        self.path.as_os_str().hash(&mut h);
        match &self.mode {
            Mode::Normal => 0u8.hash(&mut h),
            Mode::EditLine { field, line } => {
                (1u8, field, line.text(), line.before_caret().len()).hash(&mut h);
            }
            Mode::EditText { field, editor } => {
                (2u8, field, editor.text(), editor.caret(), editor.selection(), editor.top()).hash(&mut h);
                editor.caret_screen().hash(&mut h);
            }
            Mode::NewDraft { line } => (3u8, line.text(), line.before_caret().len()).hash(&mut h),
        }
        h.finish()
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
        self.size.0 < super::view::MIN_W || self.size.1 < super::view::MIN_H
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
                if self.remember {
                    super::prefs::set_guidance_folded(self.guidance_folded);
                }
                Effect::None
            }
            Action::CopyLastYear => self.on_copy_last_year(),
        };
        self.keep_in_view();
        effect
    }

    /// Carries out an effect's file work (the runner calls this; so do
    /// tests). Returns whether the app should stop.
    pub fn perform(&mut self, effect: &Effect) -> bool {
        match effect {
            Effect::None | Effect::Clipboard(_) => false,
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

    fn export(&mut self, format: crate::export::Format) {
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

    fn on_export(&mut self, format: crate::export::Format) -> Effect {
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

    fn on_draft_prose(&mut self) -> Effect {
        let target = format::schema().lookup(crate::prose::ON_REQUEST);
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
    fn save_copy(&mut self, target: PathBuf) {
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

    fn say_save_failed(&mut self, e: &io::FileError) {
        let msg =
            format!("{}{}", self.lang.pick("保存失败：", "save failed: "), i18n::file_error(e, self.lang));
        self.say(msg, true);
    }

    fn save(&mut self) {
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
    fn save_elsewhere(&mut self) {
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
        self.modified || matches!(&self.mode, Mode::EditLine { line, .. } if !line.text().is_empty())
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

    /// Sets fields as one undoable change and re-checks the report.
    fn change(&mut self, mut changes: Vec<(FieldId, Value)>) {
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

    fn touched(&mut self) {
        self.bump();
        self.recheck();
    }

    /// A new revision of the report, not saved.
    fn bump(&mut self) {
        self.modified = true;
        self.revision += 1;
    }

    /// Re-checks the report (and against last year's, when given).
    pub fn recheck(&mut self) {
        self.kept = rules::Kept::new(&self.report);
        self.check_kept();
    }

    /// Checks the report with what [`App::kept`] holds of it.
    fn check_kept(&mut self) {
        *self.stamps.get_mut() = None;
        *self.states.get_mut() = None;
        self.diagnostics = rules::validate_with(&self.report, &self.kept);
        if let Some(prev) = &self.previous {
            self.diagnostics.extend(rules::validate_against_previous(&self.report, prev));
        }
    }

    fn on_undo(&mut self, undo: bool) -> Effect {
        if let Mode::EditText { editor, .. } = &mut self.mode {
            let changed = if undo { editor.undo() } else { editor.redo() };
            if changed {
                self.sync_text();
            } else if undo {
                self.say(self.lang.pick("没有可撤销的修改", "nothing to undo"), false);
            } else {
                self.say(self.lang.pick("没有可重做的修改", "nothing to redo"), false);
            }
            return Effect::None;
        }
        let (from, to) =
            if undo { (&mut self.undo, &mut self.redo) } else { (&mut self.redo, &mut self.undo) };
        let Some(batch) = from.pop() else {
            self.say(self.lang.pick("没有可撤销的修改", "nothing to undo"), false);
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

    fn on_move(&mut self, d: Dir) -> Effect {
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

    fn list_len(&self) -> usize {
        if self.step == REVIEW { self.review_list().len() } else { Self::fields_of(self.step).len() }
    }

    fn on_next(&mut self, forward: bool) -> Effect {
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

    fn on_row_end(&mut self, end: bool) -> Effect {
        let step = self.step;
        if let Some(g) = self.grid() {
            let (r, _) = self.cursor[step];
            let c = if end { g.rows[r].len() - 1 } else { 0 };
            self.cursor[step] = (r, c);
        }
        Effect::None
    }

    fn on_step(&mut self, step: usize) -> Effect {
        self.leave_edit();
        if step < STEPS {
            self.step = step;
            self.ask_at_step_start();
        }
        Effect::None
    }

    /// At the start of a table nobody has begun, asks in plain words
    /// whether there is anything to report in it (once per session).
    fn ask_at_step_start(&mut self) {
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
    fn next_question(&mut self) {
        if self.pending_questions.is_empty() {
            return;
        }
        let q = self.pending_questions.remove(0);
        self.ask = Some(Ask::Nothing(q));
        self.say(q.text(self.lang), false);
    }

    fn on_answer(&mut self, yes: bool) -> Effect {
        let Some(ask) = self.ask.take() else {
            return Effect::None;
        };
        match ask {
            Ask::Fill { suspect, own, expected } => {
                let (id, v) = if yes { (suspect.cell, suspect.value) } else { (own, expected) };
                self.change(vec![(id, Value::Count(Some(v)))]);
                let what = format::schema().fields[id].describe();
                let msg = match self.lang {
                    Lang::Zh => format!("已将 {what} 改为 {v}（u 撤销）"),
                    Lang::En => format!("set {what} to {v} (u undoes)"),
                };
                self.say(msg, false);
            }
            Ask::Nothing(_) if yes => {
                self.say(
                    self.lang.pick("好的，请逐格填写本表", "fine: fill in the table cell by cell"),
                    false,
                );
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
    fn answer_nothing(&mut self, q: Question) {
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
        let msg = match (self.lang, drafted) {
            (Lang::Zh, true) => {
                format!("已将 {n} 格填为 0，并起草了“（二）依申请公开”和“六”中信息处理费的段落（u 撤销）")
            }
            (Lang::Zh, false) => format!("已将 {n} 格填为 0（u 撤销）"),
            (Lang::En, true) => {
                format!("filled {n} cells with 0 and drafted 一（二） and 六's sentence on fees (u undoes)")
            }
            (Lang::En, false) => format!("filled {n} cells with 0 (u undoes)"),
        };
        self.say(msg, false);
    }

    /// F6 in the editor of 五 with last year's report: its next paragraph
    /// inserted at the caret, for the user to say how it was dealt with.
    fn on_copy_last_year(&mut self) -> Effect {
        let paragraphs = self.last_year_text().map(|t| {
            t.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect::<Vec<_>>()
        });
        let Some(paragraphs) = paragraphs.filter(|p| !p.is_empty()) else {
            self.say(
                self.lang.pick(
                    "没有上年报告的这一部分（用 --previous 指定上年的草稿）",
                    "no last year's text for this part (give last year's draft with --previous)",
                ),
                true,
            );
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
        let last = k + 1 == paragraphs.len();
        let msg = match (self.lang, last) {
            (Lang::Zh, false) => {
                format!("已插入上年第 {} 段（共 {} 段；再按 F6 插入下一段）", k + 1, paragraphs.len())
            }
            (Lang::Zh, true) => {
                format!("已插入上年最后一段（第 {} 段；再按 F6 从第一段重新开始）", k + 1)
            }
            (Lang::En, false) => format!(
                "inserted last year's paragraph {} of {} (F6 again for the next)",
                k + 1,
                paragraphs.len()
            ),
            (Lang::En, true) => {
                format!("inserted last year's last paragraph ({}; F6 again starts from the first)", k + 1)
            }
        };
        self.say(msg, false);
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
    fn keep_in_view(&mut self) {
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
        let (w, h) = super::view::body_area(self.size.0, self.size.1, self.guidance_lines());
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

    fn on_start_edit(&mut self, first: Option<char>) -> Effect {
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

    fn on_type(&mut self, c: char) -> Effect {
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

    fn on_caret(&mut self, motion: Caret) -> Effect {
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

    fn on_commit(&mut self, then: Option<bool>) -> Effect {
        if let Mode::NewDraft { line } = &self.mode {
            let organ = line.text().trim().to_owned();
            if organ.is_empty() {
                self.say(
                    self.lang.pick(
                        "机关名称还是空的：请输入发布报告的行政机关全称（如 某某市某某局），再按 Enter",
                        "the organ's name is still empty: type the full name of the agency publishing the report, then Enter",
                    ),
                    true,
                );
                return Effect::None;
            }
            let year = crate::cli::current_report_year();
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

    fn on_cancel(&mut self) -> Effect {
        if self.ask.take().is_some() {
            self.pending_questions.clear();
            self.say(self.lang.pick("已取消", "cancelled"), false);
        } else if self.quitting {
            self.quitting = false;
        } else if self.help {
            self.help = false;
        } else if matches!(self.mode, Mode::EditLine { .. }) {
            self.mode = Mode::Normal;
            self.say(self.lang.pick("已取消修改", "edit cancelled"), false);
        }
        Effect::None
    }

    fn sync_text(&mut self) {
        if let Mode::EditText { field, editor } = &self.mode {
            let id = *field;
            if !matches!(self.report.get(id), Value::Text(t) if t == editor.text()) {
                self.report.set(id, Value::Text(editor.text().to_owned()));
                self.touched();
            }
        }
    }

    fn on_edit(&mut self, key: EditKey) -> Effect {
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
                    self.say(
                        lang.pick(
                            "还没有剪切或复制的文字（先用 Shift+方向键选择）；终端自己的粘贴也可以用",
                            "nothing cut or copied yet (select with Shift+arrows first); the terminal's own paste works too",
                        ),
                        false,
                    );
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
            self.say(lang.pick("先用 Shift+方向键选择文字", "select text first with Shift+arrows"), false);
            return Effect::None;
        };
        self.sync_text();
        let n = text.chars().count();
        let msg = match (lang, key) {
            (Lang::Zh, EditKey::Cut) => format!("已剪切 {n} 个字（Ctrl-V 粘贴）"),
            (Lang::Zh, _) => format!("已复制 {n} 个字（Ctrl-V 粘贴）"),
            (Lang::En, EditKey::Cut) => format!("cut {n} characters (Ctrl-V pastes)"),
            (Lang::En, _) => format!("copied {n} characters (Ctrl-V pastes)"),
        };
        self.say(msg, false);
        self.clipboard.clone_from(&text);
        Effect::Clipboard(text)
    }

    /// Columns and rows of the narrative editor, as the view lays it out.
    fn editor_size(&self) -> (usize, usize) {
        super::view::editor_size(self)
    }

    fn on_finish_text(&mut self) -> Effect {
        self.leave_edit();
        Effect::None
    }

    /// Leaves any edit: a narrative keeps its text; a cell or line edit in
    /// progress is committed if valid, else dropped with a message.
    fn leave_edit(&mut self) {
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

    fn on_paste(&mut self, raw: &str) -> Effect {
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
    fn paste_block(&mut self, text: &str) {
        let (r0, c0) = self.cursor[self.step];
        let Some(g) = self.grid() else { return };
        let mut changes = Vec::new();
        for (dr, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            for (dc, cell) in paste_cells(line).into_iter().enumerate() {
                let Some(&id) = g.rows.get(r0 + dr).and_then(|row| row.get(c0 + dc)) else {
                    self.say(
                        self.lang.pick(
                            "粘贴的表格超出了本表的范围，未粘贴",
                            "the pasted block does not fit the table; nothing pasted",
                        ),
                        true,
                    );
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
        let msg = match self.lang {
            Lang::Zh => format!("已粘贴 {n} 格"),
            Lang::En => format!("pasted {n} cells"),
        };
        self.say(msg, false);
    }

    fn on_clear(&mut self) -> Effect {
        if let Some(id) = self.focused_field() {
            let empty = Value::empty(format::schema().fields[id].kind);
            let had = !self.report.get(id).is_empty();
            self.change(vec![(id, empty)]);
            // Clearing a whole paragraph with one key must not go unnoticed.
            if had {
                self.say(self.lang.pick("已清空（u 撤销）", "cleared (u undoes)"), false);
            }
        }
        Effect::None
    }

    fn on_fill_expected(&mut self) -> Effect {
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
            let now =
                suspect.found.map_or_else(|| self.lang.pick("未填", "empty").to_owned(), |n| n.to_string());
            let own = u64::try_from(e).ok();
            let msg = match (self.lang, own) {
                (Lang::Zh, Some(own)) => format!(
                    "更可能是“{what}”输错（现为 {now}）。y 把它改为 {}  n 仍把本格改为 {own}  Esc 取消",
                    suspect.value
                ),
                (Lang::Zh, None) => {
                    format!("更可能是“{what}”输错（现为 {now}）。y 把它改为 {}  Esc 取消", suspect.value)
                }
                (Lang::En, Some(own)) => format!(
                    "more likely “{what}” is mistyped (holds {now}). y sets it to {}  n sets this cell to {own}  Esc cancels",
                    suspect.value
                ),
                (Lang::En, None) => {
                    format!(
                        "more likely “{what}” is mistyped (holds {now}). y sets it to {}  Esc cancels",
                        suspect.value
                    )
                }
            };
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
            Some(_) => self.say(
                self.lang.pick(
                    "应有值为负数，请先核对相关各项",
                    "the expected value is negative: check the other cells first",
                ),
                true,
            ),
            None => self.say(self.lang.pick("此格没有勾稽错误", "this cell has no tally error"), false),
        }
        Effect::None
    }

    fn on_zero_fill(&mut self) -> Effect {
        let Some(g) = self.grid() else {
            return Effect::None;
        };
        let empty = self.report.zero_fill_changes(g.rows.iter().flatten().copied());
        let n = empty.len();
        self.change(empty);
        let msg = match self.lang {
            Lang::Zh => format!("已将 {n} 个空单元格填为 0（u 撤销）"),
            Lang::En => format!("filled {n} empty cells with 0 (u undoes)"),
        };
        self.say(msg, false);
        Effect::None
    }

    fn on_next_error(&mut self) -> Effect {
        let current = self.focused_field();
        let mut errors: Vec<FieldId> =
            self.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.cell).collect();
        errors.sort_unstable();
        errors.dedup();
        let Some(&first) = errors.first() else {
            self.say(self.lang.pick("没有勾稽错误", "no tally errors"), false);
            return Effect::None;
        };
        let next = current.and_then(|c| errors.iter().find(|&&e| e > c)).copied().unwrap_or(first);
        self.focus_field(next);
        Effect::None
    }

    fn on_jump(&mut self) -> Effect {
        let (i, _) = self.cursor[REVIEW];
        let target = self.review_list().get(i).map(|d| d.cell);
        if let Some(id) = target {
            self.focus_field(id);
        }
        Effect::None
    }

    fn on_save(&mut self) -> Effect {
        self.sync_text();
        if let Mode::EditLine { .. } = self.mode {
            self.leave_edit();
        }
        Effect::Save
    }

    fn on_quit(&mut self) -> Effect {
        self.leave_edit();
        if matches!(self.mode, Mode::NewDraft { .. }) || !self.modified {
            return Effect::Quit;
        }
        self.quitting = true;
        Effect::None
    }
}

/// Whether a cell is in 表三's carried-in row (filled by `new --from`).
fn is_carried_in(id: FieldId) -> bool {
    matches!(format::schema().fields[id].place,
        Place::Cell { table, row, .. } if table.key == format::REQUESTS.key && table.rows[row].key == "carried_in")
}

/// The cells of one pasted line: split at tabs if it has any, else at
/// spaces and at commas that are not thousands separators (`1,259` is one
/// number, `1259,36` two).
fn paste_cells(line: &str) -> Vec<&str> {
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
fn refuse_char(kind: Kind, c: char, lang: Lang) -> Option<String> {
    let digit = c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, ',' | '，');
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
