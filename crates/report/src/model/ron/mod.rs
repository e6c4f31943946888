//! The report's RON form: writing it, and reading it with errors that say
//! where and what (a field, a line and a column), not ron's own words.
//!
//! - [`tree`]: the serde address tree that reads and writes the generic shape.
//! - [`text`]: the draft's text as written: a fast reader for plain files
//!   and the patcher that keeps comments and layout on save.

pub mod text;
pub(super) mod tree;

use serde::de;

use super::report::Report;
use crate::format::FieldId;
use crate::model::ValueError;
use tree::{Node, NodeSeed, tree};

impl Report {
    /// The report as RON text, exactly as it is saved.
    ///
    /// # Errors
    /// Only if ron's serializer fails, which it does not for this shape.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(2)
            .indentor("    ")
            .new_line("\n")
            .struct_names(false)
            .escape_strings(false)
            .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
        let mut s = ron::Options::default().to_string_pretty(&Node::root_ser(self), config)?;
        s.push('\n');
        Ok(s)
    }

    /// Parses RON text.
    ///
    /// # Errors
    /// A ron error with its position: syntax, a wrong type, a negative
    /// count, an unknown field, or a format version this build cannot read.
    pub fn from_ron(text: &str) -> Result<Report, ron::error::SpannedError> {
        Report::from_ron_detailed(text).map_err(|f| f.error)
    }

    /// Parses RON text, saying on failure which field was being read and,
    /// for a refused value, why. Full-width digits typed through a Chinese
    /// IME (`１２３`) are read as the digits they are, as `set` reads them.
    ///
    /// # Errors
    /// A [`ParseFailure`].
    pub fn from_ron_detailed(text: &str) -> Result<Report, Box<ParseFailure>> {
        let text = text::fold_fullwidth_digits(text);
        if let Some(report) = crate::model::ron::text::parse_fast(&text) {
            return Ok(report);
        }
        general(&text)
    }

    /// Parses RON text with ron's general deserializer only (what
    /// [`Report::from_ron_detailed`] falls back to; tests compare the two).
    ///
    /// # Errors
    /// A [`ParseFailure`].
    pub fn from_ron_general(text: &str) -> Result<Report, Box<ParseFailure>> {
        general(&text::fold_fullwidth_digits(text))
    }
}

/// ron's reader over text whose full-width digits are already folded.
fn general(text: &str) -> Result<Report, Box<ParseFailure>> {
    let mut report = Report::new();
    let trace = Trace::default();
    let result = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str_seed(text, NodeSeed { node: tree(), report: &mut report, top: true, trace: &trace });
    match result {
        Ok(()) => Ok(report),
        Err(error) => Err(Box::new(ParseFailure {
            error,
            field: trace.field.get(),
            in_value: trace.in_value.get(),
            problem: trace.problem.take(),
        })),
    }
}

/// Why a draft could not be read, in more detail than ron's error.
#[derive(Debug)]
pub struct ParseFailure {
    /// ron's error, with its span.
    pub error: ron::error::SpannedError,
    /// The last field the reader reached.
    pub field: Option<FieldId>,
    /// Whether the failure is inside that field's value (else after it).
    pub in_value: bool,
    /// The problem in our own terms, when our reader found it.
    pub problem: Option<Problem>,
}

/// A problem with a draft's content that the reader itself diagnosed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A value refused by the same checks as typed input.
    Value(ValueError),
    /// `format: "…"` names another format version.
    Version(String),
    /// No `format` field at the top.
    NoVersion,
    /// A field written twice in one struct.
    Twice(String),
    /// A field name the format does not have, with the names it has here.
    Unknown { found: String, expected: &'static [&'static str] },
    /// A string that runs over lines up to the error: its closing quote is
    /// most likely missing where it starts (the error is reported there).
    OpenString { ends_line: usize },
    /// Anything else: ron's syntax error is the whole story.
    Syntax,
}

/// What the reader saw, kept for the error message.
#[derive(Default)]
struct Trace {
    field: std::cell::Cell<Option<FieldId>>,
    in_value: std::cell::Cell<bool>,
    problem: std::cell::RefCell<Option<Problem>>,
}

impl Trace {
    fn fail<E: de::Error>(&self, problem: Problem, message: String) -> E {
        *self.problem.borrow_mut() = Some(problem);
        E::custom(message)
    }
}
