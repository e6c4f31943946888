//! The tally relations (勾稽关系) among the tables' cells, and the rule
//! identifiers of every check, as the spec lists them.

use super::tables::{APPEALS, REQUESTS};
use super::types::{FieldId, Table};

// ---------------------------------------------------------------------------
// Tally relations

/// A rule identifier with its severity, as the spec lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

pub const RULE_BALANCE: &str = "requests.balance";
pub const RULE_ROW_TOTAL: &str = "requests.row_total";
pub const RULE_OUTCOME_TOTAL: &str = "requests.outcome_total";
pub const RULE_GROUP_TOTAL: &str = "appeals.group_total";
pub const RULE_MISSING: &str = "missing";
pub const RULE_CARRY_OVER: &str = "requests.carry_over";
pub const RULE_IN_FORCE: &str = "proactive.in_force";
/// Not in the national format: a count quoted in 一（二） that disagrees
/// with 表三 (a warning; see `prose.rs`).
pub const RULE_PROSE_NUMBERS: &str = "prose.numbers";
/// Not in the national format: 落款日期 that is not a date, or later than
/// 31 January of the following year, the deadline of the regulations
/// (《政府信息公开条例》第五十条). A warning.
pub const RULE_DATE: &str = "meta.date";

/// A declared tally: for every instance, `target = Σ plus − Σ minus`.
#[derive(Debug)]
pub enum Tally {
    /// In each row of `table`, column `total` equals the sum of the others.
    RowSum { rule: &'static str, table: &'static Table, total: &'static str },
    /// In each column of `table`, row `total` equals the sum of the rows
    /// from `first` to `last` inclusive.
    ColumnSum {
        rule: &'static str,
        table: &'static Table,
        total: &'static str,
        first: &'static str,
        last: &'static str,
    },
    /// In each column of `table`, `target = Σ plus − Σ minus`.
    ColumnBalance {
        rule: &'static str,
        table: &'static Table,
        target: &'static str,
        plus: &'static [&'static str],
        minus: &'static [&'static str],
    },
}

/// Every in-year tally of the format, as the spec's rule table lists them.
pub static TALLIES: &[Tally] = &[
    Tally::ColumnBalance {
        rule: RULE_BALANCE,
        table: &REQUESTS,
        target: "carried_out",
        plus: &["new", "carried_in"],
        minus: &["outcome_total"],
    },
    Tally::RowSum { rule: RULE_ROW_TOTAL, table: &REQUESTS, total: "total" },
    Tally::ColumnSum {
        rule: RULE_OUTCOME_TOTAL,
        table: &REQUESTS,
        total: "outcome_total",
        first: "granted",
        last: "other_misc",
    },
    Tally::RowSum { rule: RULE_GROUP_TOTAL, table: &APPEALS, total: "total" },
];

/// One instance of a tally: `target = Σ plus − Σ minus`, all field ids.
#[derive(Debug, Clone)]
pub struct TallyInstance {
    pub rule: &'static str,
    pub target: FieldId,
    pub plus: Vec<FieldId>,
    pub minus: Vec<FieldId>,
}

impl TallyInstance {
    /// Every cell that takes part in this instance, the target first.
    pub fn cells(&self) -> impl Iterator<Item = FieldId> + '_ {
        std::iter::once(self.target).chain(self.plus.iter().copied().chain(self.minus.iter().copied()))
    }
}
