//! Every style of the wizard. Only the 16 ANSI colours plus bold, dim and
//! reverse: many SSH clients advertise little more. Nothing depends on
//! colour alone — focus is reverse video, errors carry a `!` — so with
//! `NO_COLOR` (or a client that drops colours) the screen still says
//! everything.

use ratatui_core::style::{Color, Modifier, Style};

/// The wizard's styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Theme {
    pub title: Style,
    pub step: Style,
    pub step_current: Style,
    pub step_error: Style,
    pub header: Style,
    pub label: Style,
    pub label_focus: Style,
    pub focus: Style,
    /// Selected text in the editor.
    pub selection: Style,
    pub error: Style,
    pub dim: Style,
    pub status: Style,
    pub status_error: Style,
    pub keys: Style,
    pub key: Style,
}

impl Theme {
    /// The theme; `color` false gives modifiers only.
    #[must_use]
    pub fn new(color: bool) -> Theme {
        let fg = |c: Color| {
            if color { Style::new().fg(c) } else { Style::new() }
        };
        Theme {
            title: Style::new().add_modifier(Modifier::REVERSED),
            step: Style::new(),
            step_current: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            step_error: fg(Color::Red).add_modifier(Modifier::BOLD),
            header: Style::new().add_modifier(Modifier::BOLD),
            label: Style::new(),
            label_focus: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            focus: Style::new().add_modifier(Modifier::REVERSED),
            error: fg(Color::Red).add_modifier(Modifier::BOLD),
            dim: Style::new().add_modifier(Modifier::DIM),
            status: fg(Color::Green),
            status_error: fg(Color::Red).add_modifier(Modifier::BOLD),
            keys: Style::new().add_modifier(Modifier::REVERSED),
            key: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// Colours unless `NO_COLOR` is set (<https://no-color.org>).
    #[must_use]
    pub fn from_env() -> Theme {
        Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }
}
