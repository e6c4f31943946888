//! The flat schema: every field with its address, built once from the
//! declarations; and the merged header bands derived from label paths.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::tables::{APPLICANTS, SECTIONS};
use super::tally::{TALLIES, Tally, TallyInstance};
use super::types::{Content, FieldId, Kind, Table, TextField};

// ---------------------------------------------------------------------------
// The flat schema: every field with its address, built once from the above.

/// Where a field sits in the format.
#[derive(Debug, Clone, Copy)]
pub enum Place {
    Text(&'static TextField),
    Cell { table: &'static Table, row: usize, col: usize },
}

/// One addressable field of the report.
#[derive(Debug)]
pub struct Field {
    pub address: String,
    pub kind: Kind,
    pub place: Place,
    /// Index of the section the field belongs to.
    pub section: usize,
}

impl Field {
    /// Whether the report is complete without this field (一's lead
    /// paragraph).
    #[must_use]
    pub fn optional(&self) -> bool {
        matches!(self.place, Place::Text(t) if t.optional)
    }

    /// The field's label as a user reads it: the text field's label, or the
    /// cell's full row path, row label and column label.
    #[must_use]
    pub fn describe(&self) -> String {
        match self.place {
            Place::Text(t) => t.label.to_owned(),
            Place::Cell { table, row, col } => {
                let r = &table.rows[row];
                let c = &r.columns[col];
                let mut parts: Vec<&str> = r.path.to_vec();
                parts.push(r.label);
                parts.extend(c.path.iter().filter(|p| **p != APPLICANTS));
                parts.push(c.label);
                parts.join(" / ")
            }
        }
    }
}

/// All fields of the format, with lookups.
#[derive(Debug)]
pub struct Schema {
    pub fields: Vec<Field>,
    pub(super) by_address: HashMap<String, FieldId>,
    /// First field id of each table's cells, by table key.
    table_base: HashMap<&'static str, FieldId>,
    pub tallies: Vec<TallyInstance>,
}

impl Schema {
    fn build() -> Schema {
        let mut fields = Vec::new();
        let mut table_base = HashMap::new();
        for (si, section) in SECTIONS.iter().enumerate() {
            match section.content {
                Content::Fields(list) => {
                    for t in list {
                        fields.push(Field {
                            address: t.address.to_owned(),
                            kind: t.kind,
                            place: Place::Text(t),
                            section: si,
                        });
                    }
                }
                Content::Table(table) => {
                    table_base.insert(table.key, fields.len());
                    for (ri, row) in table.rows.iter().enumerate() {
                        for (ci, col) in row.columns.iter().enumerate() {
                            fields.push(Field {
                                address: format!("{}.{}.{}", table.key, row.key, col.key),
                                kind: col.kind,
                                place: Place::Cell { table, row: ri, col: ci },
                                section: si,
                            });
                        }
                    }
                }
            }
        }
        let by_address = fields.iter().enumerate().map(|(i, f)| (f.address.clone(), i)).collect();
        let mut s = Schema { fields, by_address, table_base, tallies: Vec::new() };
        s.tallies = TALLIES.iter().flat_map(|t| expand_tally(t, &s)).collect();
        s
    }

    /// The field at an address, if there is one.
    #[must_use]
    pub fn lookup(&self, address: &str) -> Option<FieldId> {
        self.by_address.get(address).copied()
    }

    /// The field id of a table cell. Panics only on a row/column that the
    /// static format does not have, which is a programming error.
    #[must_use]
    pub fn cell_id(&self, table: &Table, row: usize, col: usize) -> FieldId {
        let base = self.table_base.get(table.key).copied().unwrap_or(0);
        base + table.rows[..row].iter().map(|r| r.columns.len()).sum::<usize>() + col
    }

    /// The field id of a cell by row and column key.
    #[must_use]
    pub fn cell(&self, table: &Table, row: &str, col: &str) -> Option<FieldId> {
        let r = table.row(row)?;
        let c = table.rows[r].columns.iter().position(|c| c.key == col)?;
        Some(self.cell_id(table, r, c))
    }

    /// Field ids of one section, in order.
    pub fn section_fields(&self, section: usize) -> impl Iterator<Item = FieldId> + '_ {
        self.fields.iter().enumerate().filter(move |(_, f)| f.section == section).map(|(i, _)| i)
    }

    /// Addresses close to `address`, for "did you mean" hints: those under
    /// the same parent, else those ending in the same last segment.
    #[must_use]
    pub fn suggest(&self, address: &str) -> Vec<&str> {
        let all = || self.fields.iter().map(|f| f.address.as_str());
        let mut parent = address;
        while let Some((p, _)) = parent.rsplit_once('.') {
            parent = p;
            let prefix = format!("{p}.");
            let under: Vec<&str> = all().filter(|a| a.starts_with(&prefix)).take(8).collect();
            if !under.is_empty() {
                return under;
            }
        }
        let last = address.rsplit('.').next().unwrap_or(address);
        let suffix = format!(".{last}");
        all().filter(|a| a.ends_with(&suffix) || a.starts_with(address)).take(8).collect()
    }
}

/// The schema, built on first use.
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(Schema::build)
}

// ---------------------------------------------------------------------------
// Merged headers

/// One cell of a derived header band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub text: &'static str,
    /// First leaf index covered.
    pub start: usize,
    /// Number of leaves covered.
    pub span: usize,
    /// First level (header row, or label column) occupied.
    pub level: usize,
    /// Number of levels occupied.
    pub depth: usize,
}

/// Derives merged header cells from leaves given as (path, label): every
/// run of equal group labels at one level becomes one band over its
/// leaves; a leaf's own label fills the remaining levels down to the last.
/// Used for column headers (levels are header rows) and for row labels
/// (levels are label columns) alike.
#[must_use]
pub fn header_bands(leaves: &[(&[&'static str], &'static str)]) -> (Vec<Band>, usize) {
    let levels = leaves.iter().map(|(p, _)| p.len() + 1).max().unwrap_or(1);
    let mut bands = Vec::new();
    for level in 0..levels {
        let mut i = 0;
        while i < leaves.len() {
            let (path, label) = leaves[i];
            if level < path.len() {
                let text = path[level];
                let mut j = i + 1;
                while j < leaves.len() && leaves[j].0.len() > level && leaves[j].0[..=level] == path[..=level]
                {
                    j += 1;
                }
                bands.push(Band { text, start: i, span: j - i, level, depth: 1 });
                i = j;
            } else {
                if level == path.len() {
                    bands.push(Band { text: label, start: i, span: 1, level, depth: levels - level });
                }
                i += 1;
            }
        }
    }
    (bands, levels)
}

fn expand_tally(t: &Tally, s: &Schema) -> Vec<TallyInstance> {
    let cell = |table: &Table, row: usize, col: usize| s.cell_id(table, row, col);
    match *t {
        Tally::RowSum { rule, table, total } => (0..table.rows.len())
            .filter_map(|r| {
                let cols = table.rows[r].columns;
                let t = cols.iter().position(|c| c.key == total)?;
                Some(TallyInstance {
                    rule,
                    target: cell(table, r, t),
                    plus: (0..cols.len()).filter(|&c| c != t).map(|c| cell(table, r, c)).collect(),
                    minus: Vec::new(),
                })
            })
            .collect(),
        Tally::ColumnSum { rule, table, total, first, last } => {
            let (Some(t), Some(f), Some(l), Some(cols)) =
                (table.row(total), table.row(first), table.row(last), table.uniform_columns())
            else {
                return Vec::new();
            };
            (0..cols.len())
                .map(|c| TallyInstance {
                    rule,
                    target: cell(table, t, c),
                    plus: (f..=l).map(|r| cell(table, r, c)).collect(),
                    minus: Vec::new(),
                })
                .collect()
        }
        Tally::ColumnBalance { rule, table, target, plus, minus } => {
            let (Some(t), Some(cols)) = (table.row(target), table.uniform_columns()) else {
                return Vec::new();
            };
            let rows = |keys: &[&str]| -> Vec<usize> { keys.iter().filter_map(|k| table.row(k)).collect() };
            let (plus, minus) = (rows(plus), rows(minus));
            (0..cols.len())
                .map(|c| TallyInstance {
                    rule,
                    target: cell(table, t, c),
                    plus: plus.iter().map(|&r| cell(table, r, c)).collect(),
                    minus: minus.iter().map(|&r| cell(table, r, c)).collect(),
                })
                .collect()
        }
    }
}
