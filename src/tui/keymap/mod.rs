//! Keys to actions, in one table that also feeds the key bar and the help
//! overlay, so the hints can never drift from the handling.
//!
//! Events are converted to [`Action`]s here, at the edge; the app never
//! sees a key code. Over SSH a lone ESC can be the first byte of a split
//! arrow sequence, so bare Esc only ever cancels an edit in progress (or
//! finishes a narrative edit, keeping the text): never quit, discard or
//! leave a step.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::Action;
use super::editor::EditKey;
use crate::i18n::Lang;

pub use super::app::Ctx;

mod table;

pub use table::{BINDINGS, Binding};

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

use Ctx::{Ask, EditLine, EditText, Fields, Grid, NewDraft};

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
        (Grid, KeyCode::Char(c)) if plain_char && (crate::text::fullwidth::is_digit(c) || c == '.') => {
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
    let mut v: Vec<(&str, String)> = vec![("0-9", crate::tui::messages::type_digits(lang).to_owned())];
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
    let typing = matches!(ctx, Grid).then(|| ("0-9", crate::tui::messages::type_digits(lang)));
    let mut v: Vec<(&str, &str)> = typing
        .into_iter()
        .chain(BINDINGS.iter().filter(|b| b.ctx.contains(&ctx)).map(|b| (b.label, lang.pick(b.zh, b.en))))
        .collect();
    v.dedup_by(|a, b| a.1 == b.1);
    v
}
