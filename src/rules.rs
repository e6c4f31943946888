//! Tally rules (勾稽关系): `validate(&Report) -> Vec<Diagnostic>`, pure.
//!
//! The relations themselves are declared in `format.rs` and expanded into
//! instances by the schema; this module only evaluates them. Each broken
//! instance gives one diagnostic at the instance's target cell, with
//! `expected` = the value that would make the instance hold there given the
//! other cells (it can be negative when no count could fix it), and the list
//! of every cell involved so the wizard and `set` can tell which diagnostics
//! touch a cell.

use crate::format::{self, FieldId, Kind, Place, Severity};
use crate::i18n::Lang;
use crate::model::{Report, Value};

/// One broken rule instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub rule: &'static str,
    /// The cell the spec flags.
    pub cell: FieldId,
    pub expected: Option<i64>,
    pub found: Option<i64>,
    /// Every cell taking part in the broken relation (the flagged one first).
    pub involved: Vec<FieldId>,
}

impl Diagnostic {
    /// The cell's address.
    #[must_use]
    pub fn address(&self) -> &'static str {
        &format::schema().fields[self.cell].address
    }

    /// A sentence explaining the diagnostic.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        crate::i18n::diagnostic_message(self, lang)
    }

    /// Whether `id` takes part in this diagnostic.
    #[must_use]
    pub fn involves(&self, id: FieldId) -> bool {
        self.involved.contains(&id)
    }
}

/// Checks a report against every in-year rule: errors first (in the order
/// of the format's tallies), then a `missing` warning for each empty field.
#[must_use]
pub fn validate(report: &Report) -> Vec<Diagnostic> {
    let schema = format::schema();
    let mut out: Vec<Diagnostic> = schema
        .tallies
        .iter()
        .filter_map(|t| {
            let sum = |ids: &[FieldId]| ids.iter().map(|&id| report.count_or_zero(id)).sum::<i64>();
            let expected = sum(&t.plus) - sum(&t.minus);
            let found = report.count_or_zero(t.target);
            (expected != found).then(|| Diagnostic {
                severity: Severity::Error,
                rule: t.rule,
                cell: t.target,
                expected: Some(expected),
                found: Some(found),
                involved: t.cells().collect(),
            })
        })
        .collect();
    out.extend(crate::prose::check(report));
    out.extend(missing(report));
    out
}

fn missing(report: &Report) -> impl Iterator<Item = Diagnostic> + '_ {
    let s = format::schema();
    (0..s.fields.len()).filter(|&id| !s.fields[id].optional() && report.get(id).is_empty()).map(|id| {
        Diagnostic {
            severity: Severity::Warning,
            rule: format::RULE_MISSING,
            cell: id,
            expected: None,
            found: None,
            involved: vec![id],
        }
    })
}

/// Cross-year warnings against last year's report: carried-in requests must
/// equal last year's carried-out, and documents in force should follow
/// last year's count plus issued minus repealed.
#[must_use]
pub fn validate_against_previous(report: &Report, previous: &Report) -> Vec<Diagnostic> {
    let schema = format::schema();
    let mut out = Vec::new();
    let req = &format::REQUESTS;
    for col in req.uniform_columns().unwrap_or(&[]) {
        let (Some(cin), Some(cout)) =
            (schema.cell(req, "carried_in", col.key), schema.cell(req, "carried_out", col.key))
        else {
            continue;
        };
        let expected = previous.count_or_zero(cout);
        let found = report.count_or_zero(cin);
        if expected != found {
            out.push(Diagnostic {
                severity: Severity::Warning,
                rule: format::RULE_CARRY_OVER,
                cell: cin,
                expected: Some(expected),
                found: Some(found),
                involved: vec![cin],
            });
        }
    }
    for row in format::PROACTIVE.rows {
        let cell = |c: &str| schema.cell(&format::PROACTIVE, row.key, c);
        let (Some(issued), Some(repealed), Some(in_force)) =
            (cell("issued"), cell("repealed"), cell("in_force"))
        else {
            continue;
        };
        let expected =
            previous.count_or_zero(in_force) + report.count_or_zero(issued) - report.count_or_zero(repealed);
        let found = report.count_or_zero(in_force);
        if expected != found {
            out.push(Diagnostic {
                severity: Severity::Warning,
                rule: format::RULE_IN_FORCE,
                cell: in_force,
                expected: Some(expected),
                found: Some(found),
                involved: vec![in_force, issued, repealed],
            });
        }
    }
    out
}

/// Whether a field is a count cell of a table (the cells tallies speak of).
#[must_use]
pub fn is_count_cell(id: FieldId) -> bool {
    let f = &format::schema().fields[id];
    matches!(f.place, Place::Cell { .. }) && f.kind == Kind::Count
}

/// The computed value for an empty target cell, if `id` is the target of
/// a tally instance: what the wizard shows dimmed in an empty total.
#[must_use]
pub fn computed(report: &Report, id: FieldId) -> Option<i64> {
    if !matches!(report.get(id), Value::Count(None)) {
        return None;
    }
    let t = format::schema().tallies.iter().find(|t| t.target == id && t.rule != format::RULE_BALANCE)?;
    let sum = |ids: &[FieldId]| ids.iter().map(|&id| report.count_or_zero(id)).sum::<i64>();
    Some(sum(&t.plus) - sum(&t.minus))
}
