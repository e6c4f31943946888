//! The report core through the library: the tally rules, culprits, property
//! tests, round trips, cross-year work, the import of real and synthetic
//! reports, and the exports.
//!
//! One test binary per group (linking is most of a test build); each
//! module is its own file beside this one, and says what it specifies.
//! `tests/README.md` maps them.

mod common;

#[path = "culprits.rs"]
mod culprits;
#[path = "export.rs"]
mod export;
#[path = "export_docx.rs"]
mod export_docx;
#[path = "import.rs"]
mod import;
#[path = "import_layouts.rs"]
mod import_layouts;
#[path = "properties.rs"]
mod properties;
#[path = "roundtrip.rs"]
mod roundtrip;
#[path = "rules.rs"]
mod rules;
#[path = "years.rs"]
mod years;
