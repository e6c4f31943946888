//! Keys to actions, in one table that also feeds the key bar and the help
//! overlay, so the hints can never drift from the handling.
//!
//! Events are converted to [`Action`]s here, at the edge; the app never
//! sees a key code. Over SSH a lone ESC can be the first byte of a split
//! arrow sequence, so bare Esc only ever cancels an edit in progress (or
//! finishes a narrative edit, keeping the text): never quit, discard or
//! leave a step.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Action, Caret, Dir};
use super::editor::{EditKey, Motion};
use crate::export::Format;
use crate::i18n::Lang;

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

/// One row of the key table.
pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the key is written in hints.
    pub label: &'static str,
    pub action: fn() -> Action,
    pub ctx: &'static [Ctx],
    pub zh: &'static str,
    pub en: &'static str,
    /// Shown in the key bar (the rest only in help).
    pub bar: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

use Ctx::{Ask, EditLine, EditText, Fields, Grid, Help, NewDraft, Quit, Review};

const MOVING: &[Ctx] = &[Grid, Fields, Review];
const ANYWHERE: &[Ctx] = &[Grid, Fields, Review, EditLine, EditText];

/// The key table. Order matters: the first matching row wins, and hints
/// are listed in this order.
pub static BINDINGS: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Char('s'), CTRL)],
        label: "Ctrl-S",
        action: || Action::Save,
        ctx: ANYWHERE,
        zh: "保存",
        en: "save",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('q'), CTRL)],
        label: "Ctrl-Q",
        action: || Action::Quit,
        ctx: &[Grid, Fields, Review, EditLine, EditText, Help, NewDraft, Ask],
        zh: "退出",
        en: "quit",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::F(1), NONE)],
        label: "F1",
        action: || Action::Help,
        ctx: &[Grid, Fields, Review, EditLine, EditText, Help],
        zh: "帮助",
        en: "help",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)],
        label: "?",
        action: || Action::Help,
        ctx: &[Grid, Fields, Review, Help],
        zh: "帮助",
        en: "help",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE), (KeyCode::Enter, NONE), (KeyCode::Char('q'), NONE)],
        label: "Esc",
        action: || Action::Cancel,
        ctx: &[Help],
        zh: "关闭帮助",
        en: "close help",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE), (KeyCode::Char('n'), CTRL)],
        label: "PgDn",
        action: || Action::NextStep,
        // In the editor PgUp/PgDn page through the text (Esc, then PgDn).
        ctx: &[Grid, Fields, Review, EditLine],
        zh: "下一步",
        en: "next step",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE), (KeyCode::Char('p'), CTRL)],
        label: "PgUp",
        action: || Action::PrevStep,
        // In the editor PgUp/PgDn page through the text (Esc, then PgDn).
        ctx: &[Grid, Fields, Review, EditLine],
        zh: "上一步",
        en: "previous step",
        bar: false,
    },
    // Editing a cell or a one-line field.
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        action: || Action::Commit,
        ctx: &[EditLine],
        zh: "确认",
        en: "confirm",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        label: "Tab",
        action: || Action::CommitNext,
        ctx: &[EditLine],
        zh: "确认并到下一格",
        en: "confirm, next cell",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
        label: "Shift-Tab",
        action: || Action::CommitPrev,
        ctx: &[EditLine],
        zh: "确认并到上一格",
        en: "confirm, previous cell",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        label: "Esc",
        action: || Action::Cancel,
        ctx: &[EditLine],
        zh: "取消修改",
        en: "cancel",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Backspace, NONE), (KeyCode::Backspace, CTRL)],
        label: "Backspace",
        action: || Action::Caret(Caret::Backspace),
        ctx: &[EditLine, NewDraft],
        zh: "删除前一字",
        en: "delete back",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Delete, NONE)],
        label: "Del",
        action: || Action::Caret(Caret::Delete),
        ctx: &[EditLine, NewDraft],
        zh: "删除后一字",
        en: "delete forward",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Left, NONE)],
        label: "Left/Right",
        action: || Action::Caret(Caret::Left),
        ctx: &[EditLine, NewDraft],
        zh: "移动光标",
        en: "move the caret",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Right, NONE)],
        label: "Right",
        action: || Action::Caret(Caret::Right),
        ctx: &[EditLine, NewDraft],
        zh: "移动光标",
        en: "move the caret",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Home, NONE), (KeyCode::Char('a'), CTRL)],
        label: "Home/End",
        action: || Action::Caret(Caret::Home),
        ctx: &[EditLine, NewDraft],
        zh: "到行首/行尾",
        en: "to start/end",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::End, NONE), (KeyCode::Char('e'), CTRL)],
        label: "End",
        action: || Action::Caret(Caret::End),
        ctx: &[EditLine, NewDraft],
        zh: "到行首/行尾",
        en: "to start/end",
        bar: false,
    },
    // Narrative editor.
    Binding {
        keys: &[(KeyCode::Esc, NONE), (KeyCode::Tab, NONE)],
        label: "Esc/Tab",
        action: || Action::FinishText,
        ctx: &[EditText],
        zh: "完成（保留文字）",
        en: "done (text kept)",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('z'), CTRL)],
        label: "Ctrl-Z",
        action: || Action::Undo,
        ctx: &[EditText, Grid, Fields],
        zh: "撤销",
        en: "undo",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('y'), CTRL)],
        label: "Ctrl-Y",
        action: || Action::Redo,
        ctx: &[EditText, Grid, Fields],
        zh: "重做",
        en: "redo",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Left, SHIFT)],
        label: "Shift+Arrows",
        action: || Action::Edit(EditKey::Select(Motion::Left)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Right, SHIFT)],
        label: "Shift+Right",
        action: || Action::Edit(EditKey::Select(Motion::Right)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Up, SHIFT)],
        label: "Shift+Up",
        action: || Action::Edit(EditKey::Select(Motion::Up)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Down, SHIFT)],
        label: "Shift+Down",
        action: || Action::Edit(EditKey::Select(Motion::Down)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Home, SHIFT)],
        label: "Shift+Home",
        action: || Action::Edit(EditKey::Select(Motion::LineStart)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::End, SHIFT)],
        label: "Shift+End",
        action: || Action::Edit(EditKey::Select(Motion::LineEnd)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::PageUp, SHIFT)],
        label: "Shift+PageUp",
        action: || Action::Edit(EditKey::Select(Motion::PageUp)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::PageDown, SHIFT)],
        label: "Shift+PageDown",
        action: || Action::Edit(EditKey::Select(Motion::PageDown)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Left, KeyModifiers::SHIFT.union(KeyModifiers::CONTROL))],
        label: "Ctrl-Shift+Left",
        action: || Action::Edit(EditKey::Select(Motion::WordLeft)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Right, KeyModifiers::SHIFT.union(KeyModifiers::CONTROL))],
        label: "Ctrl-Shift+Right",
        action: || Action::Edit(EditKey::Select(Motion::WordRight)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Home, KeyModifiers::SHIFT.union(KeyModifiers::CONTROL))],
        label: "Ctrl-Shift+Home",
        action: || Action::Edit(EditKey::Select(Motion::Start)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::End, KeyModifiers::SHIFT.union(KeyModifiers::CONTROL))],
        label: "Ctrl-Shift+End",
        action: || Action::Edit(EditKey::Select(Motion::End)),
        ctx: &[EditText],
        zh: "选择",
        en: "select",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Char('x'), CTRL)],
        label: "Ctrl-X/C/V",
        action: || Action::Edit(EditKey::Cut),
        ctx: &[EditText],
        zh: "剪切/复制/粘贴",
        en: "cut/copy/paste",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('c'), CTRL)],
        label: "Ctrl-C",
        action: || Action::Edit(EditKey::Copy),
        ctx: &[EditText],
        zh: "剪切/复制/粘贴",
        en: "cut/copy/paste",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Char('v'), CTRL)],
        label: "Ctrl-V",
        action: || Action::Edit(EditKey::Paste),
        ctx: &[EditText],
        zh: "剪切/复制/粘贴",
        en: "cut/copy/paste",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Left, CTRL)],
        label: "Ctrl-Left/Right",
        action: || Action::Edit(EditKey::Move(Motion::WordLeft)),
        ctx: &[EditText],
        zh: "按词移动",
        en: "by word",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Right, CTRL)],
        label: "Ctrl-→",
        action: || Action::Edit(EditKey::Move(Motion::WordRight)),
        ctx: &[EditText],
        zh: "按词移动",
        en: "by word",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Char('w'), CTRL), (KeyCode::Backspace, CTRL)],
        label: "Ctrl-W",
        action: || Action::Edit(EditKey::DeleteWordBefore),
        ctx: &[EditText],
        zh: "删除前一个词",
        en: "delete the word before",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Char('k'), CTRL)],
        label: "Ctrl-K",
        action: || Action::Edit(EditKey::DeleteToLineEnd),
        ctx: &[EditText],
        zh: "删到本行末",
        en: "delete to the end of the line",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Home, NONE)],
        label: "Home/End",
        action: || Action::Edit(EditKey::Move(Motion::LineStart)),
        ctx: &[EditText],
        zh: "到本行首/尾",
        en: "start/end of the line",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::End, NONE)],
        label: "End",
        action: || Action::Edit(EditKey::Move(Motion::LineEnd)),
        ctx: &[EditText],
        zh: "到本行首/尾",
        en: "start/end of the line",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Home, CTRL)],
        label: "Ctrl-Home/End",
        action: || Action::Edit(EditKey::Move(Motion::Start)),
        ctx: &[EditText],
        zh: "到全文首/尾",
        en: "start/end of the text",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::End, CTRL)],
        label: "Ctrl-End",
        action: || Action::Edit(EditKey::Move(Motion::End)),
        ctx: &[EditText],
        zh: "到全文首/尾",
        en: "start/end of the text",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Left, NONE)],
        label: "Arrows",
        action: || Action::Edit(EditKey::Move(Motion::Left)),
        ctx: &[EditText],
        zh: "移动",
        en: "move",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Right, NONE)],
        label: "Right",
        action: || Action::Edit(EditKey::Move(Motion::Right)),
        ctx: &[EditText],
        zh: "移动",
        en: "move",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Up, NONE)],
        label: "Up",
        action: || Action::Edit(EditKey::Move(Motion::Up)),
        ctx: &[EditText],
        zh: "移动",
        en: "move",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Down, NONE)],
        label: "Down",
        action: || Action::Edit(EditKey::Move(Motion::Down)),
        ctx: &[EditText],
        zh: "移动",
        en: "move",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE)],
        label: "PgUp/PgDn",
        action: || Action::Edit(EditKey::Move(Motion::PageUp)),
        ctx: &[EditText],
        zh: "翻页",
        en: "page up/down",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE)],
        label: "PgDn",
        action: || Action::Edit(EditKey::Move(Motion::PageDown)),
        ctx: &[EditText],
        zh: "翻页",
        en: "page up/down",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        action: || Action::Edit(EditKey::Newline),
        ctx: &[EditText],
        zh: "另起一段",
        en: "new paragraph",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Backspace, NONE)],
        label: "Backspace",
        action: || Action::Edit(EditKey::Backspace),
        ctx: &[EditText],
        zh: "删除前一个字",
        en: "delete before",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Delete, NONE)],
        label: "Delete",
        action: || Action::Edit(EditKey::Delete),
        ctx: &[EditText],
        zh: "删除后一个字",
        en: "delete after",
        bar: false,
    },
    // Moving.
    Binding {
        keys: &[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)],
        label: "Up/k",
        action: || Action::Move(Dir::Up),
        ctx: &[Grid, Fields, Review, Help],
        zh: "上移",
        en: "up",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)],
        label: "Down/j",
        action: || Action::Move(Dir::Down),
        ctx: &[Grid, Fields, Review, Help],
        zh: "下移",
        en: "down",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Left, NONE), (KeyCode::Char('h'), NONE)],
        label: "Left/h",
        action: || Action::Move(Dir::Left),
        ctx: &[Grid],
        zh: "左移",
        en: "left",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Right, NONE), (KeyCode::Char('l'), NONE)],
        label: "Right/l",
        action: || Action::Move(Dir::Right),
        ctx: &[Grid],
        zh: "右移",
        en: "right",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        label: "Tab",
        action: || Action::Next,
        ctx: MOVING,
        zh: "下一格",
        en: "next",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
        label: "Shift-Tab",
        action: || Action::Prev,
        ctx: MOVING,
        zh: "上一格",
        en: "previous",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Home, NONE), (KeyCode::Char('0'), CTRL)],
        label: "Home",
        action: || Action::RowStart,
        ctx: &[Grid],
        zh: "行首",
        en: "row start",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::End, NONE)],
        label: "End",
        action: || Action::RowEnd,
        ctx: &[Grid],
        zh: "行尾",
        en: "row end",
        bar: false,
    },
    // Acting on the focused cell or field.
    Binding {
        keys: &[(KeyCode::Enter, NONE), (KeyCode::Char('e'), NONE), (KeyCode::F(2), NONE)],
        label: "Enter",
        action: || Action::StartEdit,
        ctx: &[Grid, Fields],
        zh: "编辑",
        en: "edit",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        action: || Action::Jump,
        ctx: &[Review],
        zh: "转到该格",
        en: "go to cell",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('e'), NONE), (KeyCode::Char('h'), NONE), (KeyCode::Char('x'), NONE)],
        label: "e",
        action: || Action::Export(Format::Html),
        ctx: &[Review],
        zh: "导出网页",
        en: "export HTML",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('w'), NONE)],
        label: "w",
        action: || Action::Export(Format::Docx),
        ctx: &[Review],
        zh: "导出 Word",
        en: "export Word",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('p'), NONE)],
        label: "p",
        action: || Action::Export(Format::Pdf),
        ctx: &[Review],
        zh: "导出 PDF（需 LibreOffice）",
        en: "export PDF (needs LibreOffice)",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Char('m'), NONE)],
        label: "m",
        action: || Action::Export(Format::Md),
        ctx: &[Review],
        zh: "导出 Markdown",
        en: "export Markdown",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Char('t'), NONE)],
        label: "t",
        action: || Action::Export(Format::Txt),
        ctx: &[Review],
        zh: "导出纯文本",
        en: "export plain text",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::F(5), NONE)],
        label: "F5",
        action: || Action::DraftProse,
        ctx: &[Fields, EditText],
        zh: "按表三起草（二）依申请公开",
        en: "draft 一（二） from table 3",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Char('='), NONE)],
        label: "=",
        action: || Action::FillExpected,
        ctx: &[Grid],
        zh: "填入应有值",
        en: "fill expected",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('z'), NONE)],
        label: "z",
        action: || Action::ZeroFill,
        ctx: &[Grid],
        zh: "空单元格补0",
        en: "zero-fill empty",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Delete, NONE), (KeyCode::Backspace, NONE), (KeyCode::Backspace, CTRL)],
        label: "Del",
        action: || Action::Clear,
        ctx: &[Grid, Fields],
        zh: "清空",
        en: "clear",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Char('n'), NONE), (KeyCode::F(8), NONE)],
        label: "n",
        action: || Action::NextError,
        ctx: MOVING,
        zh: "下一个错误",
        en: "next error",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('u'), NONE)],
        label: "u",
        action: || Action::Undo,
        ctx: &[Grid, Fields],
        zh: "撤销",
        en: "undo",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::Char('g'), NONE)],
        label: "g",
        action: || Action::FoldGuidance,
        ctx: MOVING,
        zh: "收起/展开说明文字",
        en: "fold/unfold the guidance",
        bar: false,
    },
    Binding {
        keys: &[(KeyCode::F(6), NONE)],
        label: "F6",
        action: || Action::CopyLastYear,
        ctx: &[Fields, EditText],
        zh: "插入上年报告的下一段",
        en: "insert last year's next paragraph",
        bar: false,
    },
    // A yes/no question (nothing to report; which cell to fix).
    Binding {
        keys: &[(KeyCode::Char('y'), NONE), (KeyCode::Char('Y'), NONE), (KeyCode::Char('1'), NONE)],
        label: "y",
        action: || Action::Answer(true),
        ctx: &[Ask],
        zh: "是",
        en: "yes",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('n'), NONE), (KeyCode::Char('N'), NONE), (KeyCode::Char('2'), NONE)],
        label: "n",
        action: || Action::Answer(false),
        ctx: &[Ask],
        zh: "否",
        en: "no",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        label: "Esc",
        action: || Action::Cancel,
        ctx: &[Ask],
        zh: "以后再说",
        en: "not now",
        bar: true,
    },
    // The quit question.
    Binding {
        keys: &[(KeyCode::Char('s'), NONE), (KeyCode::Char('y'), NONE)],
        label: "s",
        action: || Action::QuitSave,
        ctx: &[Quit],
        zh: "保存并退出",
        en: "save and quit",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('d'), NONE)],
        label: "d",
        action: || Action::QuitDiscard,
        ctx: &[Quit],
        zh: "放弃修改并退出",
        en: "discard and quit",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Char('c'), NONE), (KeyCode::Esc, NONE), (KeyCode::Char('n'), NONE)],
        label: "c/Esc",
        action: || Action::Cancel,
        ctx: &[Quit],
        zh: "取消",
        en: "cancel",
        bar: true,
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        action: || Action::Commit,
        ctx: &[NewDraft],
        zh: "创建草稿",
        en: "create the draft",
        bar: true,
    },
];

/// The action for an event in a context, if any.
#[must_use]
pub fn action_for(event: &Event, ctx: Ctx) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(*key, ctx),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

fn key_action(key: KeyEvent, ctx: Ctx) -> Option<Action> {
    let mods = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    // Shifted characters arrive with SHIFT on some terminals, without on others.
    let plain_char = matches!(key.code, KeyCode::Char(_)) && (mods == NONE || mods == SHIFT);
    let found = BINDINGS.iter().find(|b| {
        b.ctx.contains(&ctx)
            && b.keys.iter().any(|&(code, m)| {
                code == key.code && (m == mods || (plain_char && m == NONE && mods == SHIFT))
            })
    });
    if let Some(b) = found {
        return Some((b.action)());
    }
    if ctx == Ask {
        // Moving on puts the question off and the key still acts (it was
        // swallowed before: a PgDn pressed while a question stood did
        // nothing).
        return key_action(key, Grid).filter(Action::moves_on);
    }
    match (ctx, key.code) {
        (EditLine | NewDraft, KeyCode::Char(c)) if plain_char => Some(Action::Type(c)),
        (Grid, KeyCode::Char(c))
            if plain_char && (c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '.') =>
        {
            Some(Action::StartTyping(c))
        }
        // Typing starts an edit with Chinese text (from an IME) or a digit;
        // ASCII letters and punctuation do not, so the pieces of a split
        // escape sequence are never typed into a narrative.
        (Fields, KeyCode::Char(c)) if plain_char && (!c.is_ascii() || c.is_ascii_digit()) => {
            Some(Action::StartTyping(c))
        }
        (EditText, KeyCode::Char(c)) if plain_char => Some(Action::Edit(EditKey::Insert(c))),
        _ => None,
    }
}

/// The context whose hints the key bar shows in `ctx`: a table's bar is
/// the same while a cell is edited. The bar is drawn again only when this
/// changes.
#[must_use]
pub fn bar_context(ctx: Ctx, in_grid: bool) -> Ctx {
    if in_grid && ctx == EditLine { Grid } else { ctx }
}

/// Hints for the key bar in a context: (key label, meaning). `in_grid`:
/// the step is a table.
///
/// In a table the bar is the same whether a cell is being edited or not
/// (the keys of both, Enter's two meanings joined), so starting to type a
/// number changes nothing on the bar: over a slow link the first digit
/// costs a few bytes, not a rewritten bottom line.
#[must_use]
pub fn bar_hints(ctx: Ctx, in_grid: bool, lang: Lang) -> Vec<(&'static str, String)> {
    let ctx = bar_context(ctx, in_grid);
    let bar = |c: Ctx| BINDINGS.iter().filter(move |b| b.bar && b.ctx.contains(&c));
    let meaning = |b: &Binding| lang.pick(b.zh, b.en).to_owned();
    if ctx == EditText {
        // What a clerk rewriting a paragraph needs first; F1 lists the rest.
        let rank = |label: &str| {
            ["Esc/Tab", "F1", "Shift+Arrows", "Ctrl-X/C/V", "Ctrl-Z", "Ctrl-S", "Ctrl-Q"]
                .iter()
                .position(|l| *l == label)
                .unwrap_or(99)
        };
        let mut v: Vec<(&str, String)> = bar(ctx).map(|b| (b.label, meaning(b))).collect();
        v.sort_by_key(|(label, _)| rank(label));
        return v;
    }
    if ctx != Grid || !in_grid {
        return bar(ctx).map(|b| (b.label, meaning(b))).collect();
    }
    let mut v: Vec<(&str, String)> = vec![("0-9", lang.pick("输入数字", "number").to_owned())];
    let edit_enter = bar(EditLine).find(|b| b.label == "Enter").map(meaning).unwrap_or_default();
    for b in bar(Grid) {
        if b.label == "Enter" {
            v.push((b.label, format!("{}/{edit_enter}", meaning(b))));
        } else {
            v.push((b.label, meaning(b)));
        }
    }
    // Esc cancels a cell's edit; the grid itself has no use for it.
    if let Some(esc) = bar(EditLine).find(|b| b.label == "Esc") {
        v.push((esc.label, meaning(esc)));
    }
    // What a table needs most comes first (80 columns hold about six).
    let rank = |label: &str| {
        ["0-9", "Enter", "Esc", "=", "Ctrl-S", "F1", "Ctrl-Q", "PgDn"]
            .iter()
            .position(|l| *l == label)
            .unwrap_or(99)
    };
    v.sort_by_key(|(label, _)| rank(label));
    v
}

/// Every binding of a context, for the help overlay.
#[must_use]
pub fn help_rows(ctx: Ctx, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let typing = matches!(ctx, Grid).then(|| ("0-9", lang.pick("输入数字", "number")));
    let mut v: Vec<(&str, &str)> = typing
        .into_iter()
        .chain(BINDINGS.iter().filter(|b| b.ctx.contains(&ctx)).map(|b| (b.label, lang.pick(b.zh, b.en))))
        .collect();
    v.dedup_by(|a, b| a.1 == b.1);
    v
}
