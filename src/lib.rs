//! nianbao: draft, check and publish the annual 政府信息公开工作年度报告.
//!
//! Module map and data flow (one way):
//! - [`format`]: the official 2021 format as data — sections, tables, header
//!   trees, labels, addresses, guidance, tally relations. The one place
//!   labels live.
//! - [`model`]: the report as data and its RON form, derived from `format`.
//! - [`rules`]: `validate(&Report) -> Vec<Diagnostic>`, pure.
//! - [`io`]: every file read and write (atomic saves, positioned errors).
//! - [`i18n`]: every user-facing string of the tool (zh/en).
//! - [`layout`]: display-width math (the only place text is measured).
//! - [`sanitize`]: the one gate between data and a terminal.
//! - [`export`]: HTML, Markdown and plain text from a report.
//! - [`cli`]: the subcommands; [`tui`]: the wizard.
//!
//! format + model -> rules -> diagnostics; keys -> actions -> app state ->
//! rendered frame.

pub mod cli;
pub mod combine;
pub mod export;
pub mod format;
pub mod i18n;
pub mod import;
pub mod io;
pub mod layout;
pub mod model;
pub mod prose;
pub mod ron_text;
pub mod rules;
pub mod sanitize;
pub mod tui;
