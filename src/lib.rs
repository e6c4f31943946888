//! nianbao: draft, check and publish the annual 政府信息公开工作年度报告.
//!
//! The workspace, bottom up (each crate names only those below it):
//!
//! ```text
//! nianbao-text     width, wrap, sanitise, full-width digits  (unicode only)
//!   nianbao-report   the report core: no terminal, no command line
//!     format  <- model <- rules <- io / import / export / prose / combine <- i18n
//!   nianbao-term     the terminal engine: input, cells, canvas, screen, writer
//!   nianbao-wizard   the wizard as a state machine (uses report and text;
//!                    no terminal): app, editor, line, grid, geometry, prefs
//! nianbao (this)   the command line and the terminal shell of the wizard
//!     cli -> tui (event loop) -> tui::keymap, tui::view -> wizard, term
//! ```
//!
//! - [`format`]: the official 2021 format as data — sections, tables,
//!   header trees, labels, addresses, guidance, tally relations.
//! - [`model`]: the report as data and its RON form (`model::ron`: the serde
//!   tree, the fast reader, the patcher that keeps comments).
//! - [`rules`]: `validate(&Report) -> Vec<Diagnostic>`, pure; the likely
//!   culprits; numbers quoted in prose (`rules::prose`).
//! - [`io`]: drafts on disk — positioned errors, atomic saves, locks,
//!   recovery files, files opened safely in shared folders.
//! - [`import`] / [`export`]: published forms (text, HTML, PDF, Word) to a
//!   draft and back; [`prose`] and [`combine`]: reports made from reports.
//! - [`i18n`]: the user's language — every message of the core through
//!   one [`i18n::Localize`] trait. Every other sentence, in both
//!   languages, lives in a messages file (gitui's `strings.rs`): the
//!   review's `review::messages`, the wizard's `tui::app::messages`, the
//!   command line's [`cli::messages`], the screens' [`tui::messages`]
//!   (`crates/report/tests/layers.rs` keeps them there).
//! - [`text`]: display-width math (the only place text is measured) and
//!   [`sanitize`], the one gate between data and a terminal.
//! - [`cli`]: the subcommands and their exit statuses ([`exit`]);
//!   [`tui`]: the wizard's terminal shell — its state and `update(Action)
//!   -> Effect` are the `nianbao-wizard` crate (re-exported as
//!   [`tui::app`]); keys in [`tui::keymap`], drawing in [`tui::view`] on the
//!   terminal engine.
//!
//! Data flow, one way: format + model -> rules -> diagnostics; keys ->
//! actions -> app state -> effects (files) and rendered frames.

pub mod cli;
pub mod exit;
pub mod tui;

pub use nianbao_report::{
    calendar, combine, export, format, i18n, import, io, model, parallel, prose, review, rules,
};
pub use nianbao_text as text;
pub use nianbao_text::sanitize;
