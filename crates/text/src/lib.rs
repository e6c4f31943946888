//! Text for a monospace terminal and for paper: the one place where text
//! is measured, cut, wrapped and padded, CJK-aware, plus the gate that
//! keeps data from reaching a terminal as control sequences.
//!
//! - [`mod@width`]: display width per grapheme cluster, truncation, padding.
//! - [`mod@wrap`]: line breaking by Chinese rules, fitting, scrolling.
//! - [`sanitize`]: control characters made visible before printing.
//! - [`fullwidth`]: full-width digits recognised and folded.
//!
//! Widths are in terminal columns, through `unicode-width`. East Asian
//! *ambiguous* characters (“ ” … — ① and box drawing) are 1 column in some
//! terminals and 2 in others, so every function takes an [`Ambiguous`]
//! mode instead of reading a global; the wizard passes the mode it runs
//! in, tests pass both.
//!
//! Design choice: wrapping is our own greedy line breaker rather than a
//! crate, because it must measure with the same ambiguous-width mode as
//! everything else (textwrap measures with `width()` only). It keeps ASCII
//! words and numbers whole where they fit, and never starts a line with
//! closing punctuation (，。、）》” and the like).
//!
//! This crate knows no report and no terminal; it depends on the Unicode
//! tables only.

pub mod fullwidth;
pub mod sanitize;
pub mod width;
pub mod wrap;

pub use width::*;
pub use wrap::*;
