//! The wizard as a state machine: a report being drafted, the focus, the
//! edit in progress, the questions asked, and one `update(Action) ->
//! Effect` that the terminal shell feeds with actions (from keys) and whose
//! effects (saves, exports, remembered preferences) it performs. No
//! terminal here — no ratatui, no crossterm — so the whole wizard is
//! driven and checked in tests with actions alone.
//!
//! - [`app`]: the state, its vocabulary and its update; what it says, in
//!   both languages, in [`app::messages`].
//! - [`editor`], [`line`]: the narrative editor and the one-line editor.
//! - [`desk`]: the review desk's overview of many reports.
//! - [`grid`]: a table's cells in screen order and its column geometry.
//! - [`geometry`]: the screen's regions in plain numbers.
//! - [`prefs`]: the preferences remembered between sessions.
//!
//! The report core is re-exported privately under its module names, so
//! the code reads `crate::format`, `crate::rules` as it does everywhere.

pub mod app;
pub mod desk;
pub mod editor;
pub mod geometry;
pub mod grid;
pub mod line;
pub mod prefs;

pub(crate) use nianbao_report::{calendar, export, format, i18n, io, model, prose, review, rules};
pub(crate) use nianbao_text as text;
