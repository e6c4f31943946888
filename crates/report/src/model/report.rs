//! The report itself: one [`Value`] per field of the schema.

use std::sync::OnceLock;

use super::value::Value;
use crate::format::{self, FieldId};

/// A whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub(super) values: Vec<Value>,
}

impl Default for Report {
    fn default() -> Self {
        Report::new()
    }
}

/// A front-matter field's id, looked up once: the title asks for the year
/// and the organ on every frame.
fn meta_id(slot: &'static OnceLock<Option<FieldId>>, address: &str) -> Option<FieldId> {
    *slot.get_or_init(|| format::schema().lookup(address))
}

impl Report {
    /// An empty draft: every field not filled yet.
    #[must_use]
    pub fn new() -> Report {
        Report { values: format::schema().fields.iter().map(|f| Value::empty(f.kind)).collect() }
    }

    /// A new draft for `organ` and `year`.
    #[must_use]
    pub fn draft(organ: &str, year: u16) -> Report {
        let mut r = Report::new();
        r.set_text("meta.organ", organ);
        if let Some(id) = format::schema().lookup("meta.year") {
            r.values[id] = Value::Count(Some(u64::from(year)));
        }
        r
    }

    fn set_text(&mut self, address: &str, text: &str) {
        if let Some(id) = format::schema().lookup(address) {
            self.values[id] = Value::Text(text.to_owned());
        }
    }

    #[must_use]
    pub fn get(&self, id: FieldId) -> &Value {
        &self.values[id]
    }

    /// Sets a field. The value's variant must match the field's kind; a
    /// mismatched variant is ignored (it cannot come from `parse_value`).
    pub fn set(&mut self, id: FieldId, value: Value) {
        if std::mem::discriminant(&self.values[id]) == std::mem::discriminant(&value) {
            self.values[id] = value;
        }
    }

    /// A count cell as a number for sums: empty counts as 0.
    #[must_use]
    pub fn count_or_zero(&self, id: FieldId) -> i64 {
        match self.values[id] {
            Value::Count(Some(n)) => i64::try_from(n).unwrap_or(i64::MAX),
            _ => 0,
        }
    }

    /// The organ name (empty when not written).
    #[must_use]
    pub fn organ(&self) -> &str {
        static ORGAN: OnceLock<Option<FieldId>> = OnceLock::new();
        match meta_id(&ORGAN, "meta.organ").map(|id| &self.values[id]) {
            Some(Value::Text(s)) => s,
            _ => "",
        }
    }

    /// The fields whose values differ between two reports, in address
    /// order.
    #[must_use]
    pub fn differences(&self, other: &Report) -> Vec<FieldId> {
        (0..self.values.len().min(other.values.len()))
            .filter(|&i| self.values[i] != other.values[i])
            .collect()
    }

    /// The field of the report year (looked up once: a change to any cell
    /// asks whether it was the year).
    #[must_use]
    pub fn year_field() -> Option<FieldId> {
        static YEAR: OnceLock<Option<FieldId>> = OnceLock::new();
        meta_id(&YEAR, "meta.year")
    }

    /// The report year, when filled.
    #[must_use]
    pub fn year(&self) -> Option<u64> {
        match Report::year_field().map(|id| &self.values[id]) {
            Some(Value::Count(y)) => *y,
            _ => None,
        }
    }

    /// Fills every empty table cell with zero; returns how many were filled.
    pub fn zero_fill(&mut self, ids: impl IntoIterator<Item = FieldId>) -> usize {
        let changes = self.zero_fill_changes(ids);
        let n = changes.len();
        for (id, v) in changes {
            self.values[id] = v;
        }
        n
    }

    /// The zeros `zero_fill` would write, as (field, value) pairs, for
    /// callers that record them (the wizard's undo).
    #[must_use]
    pub fn zero_fill_changes(&self, ids: impl IntoIterator<Item = FieldId>) -> Vec<(FieldId, Value)> {
        ids.into_iter()
            .filter(|&id| self.values[id].is_empty())
            .filter_map(|id| Value::zero(format::schema().fields[id].kind).map(|z| (id, z)))
            .collect()
    }

    /// All table cells.
    pub fn table_cells() -> impl Iterator<Item = FieldId> {
        format::schema()
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f.place, format::Place::Cell { .. }))
            .map(|(i, _)| i)
    }
}
