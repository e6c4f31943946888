//! The report core: the 2021 national format of the 政府信息公开工作年度报告
//! as data, the report and its RON file, the rules that check it, the files
//! on disk, the import of published reports and the export to published
//! forms, and every message about them in Chinese and English.
//!
//! No terminal, no command line and no system calls beyond std's: the
//! wizard, the command line and the review desk all stand on this crate
//! (clap's value enums only behind the `clap` feature; libc only for the
//! values of the flags `io::files` opens with; the limits a reading child
//! sets on itself come from the binary, see `import::isolate`).
//!
//! Layers, one way (a lower one never names a higher one; `tests/layers.rs`
//! keeps it so):
//!
//! ```text
//! format          the format as data: tables, labels, addresses, tallies
//!   model         values, the report, its RON form (model::ron)
//!     rules       diagnostics, culprits, numbers quoted in prose
//!       calendar  dates, the report year
//!       io        drafts on disk: load, save, locks, recovery, safe opens
//!       prose     the standard sentences drafted from the tables
//!       combine   next year's draft, sums of several reports
//!       import    published text, HTML, PDF, Word -> a draft
//!       export    a draft -> HTML, Markdown, text, Word, PDF
//!         i18n    every message in the user's language (Localize)
//!           review  the review desk: a folder of reports judged, paired
//!                   with last year's, checked against a roster, summed
//! ```

pub mod calendar;
pub mod combine;
pub mod export;
pub mod format;
pub mod i18n;
pub mod import;
pub mod io;
pub mod model;
pub mod parallel;
pub mod prose;
pub mod review;
pub mod rules;
