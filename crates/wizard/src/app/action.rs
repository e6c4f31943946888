//! The wizard's vocabulary: what the keyboard is focused on, the actions
//! a key becomes, the effects an update asks the runner for, the questions
//! it asks, and the modes and step states it is in.

use super::{Content, EditKey, Editor, FieldId, Lang, LineEdit, Place, SECTIONS, format, rules};

/// Where the keyboard focus is, which decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    /// Moving over table cells.
    Grid,
    /// Moving over the text fields of a step.
    Fields,
    /// The check-and-export step.
    Review,
    /// Typing into a cell or one-line field.
    EditLine,
    /// Typing into a multi-line narrative.
    EditText,
    /// The quit question.
    Quit,
    /// The help overlay.
    Help,
    /// Asking the organ name for a new draft.
    NewDraft,
    /// A yes/no question in the status line.
    Ask,
}

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
    pub(super) fn of_step(step: usize) -> &'static [Question] {
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
    pub(super) fn cells(self) -> Vec<FieldId> {
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
            Question::Requests => super::messages::question_requests(lang),
            Question::Appeals => super::messages::question_appeals(lang),
            Question::Rules => super::messages::question_rules(lang),
            Question::Actions => super::messages::question_actions(lang),
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
    /// The guidance was folded (true) or unfolded: remembered in the
    /// preferences file for the next session.
    RememberGuidance(bool),
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
