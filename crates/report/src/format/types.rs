//! The shapes the format is declared in: kinds of value, columns, rows,
//! layouts, tables, text fields, sections.

/// The value written in the `format` field of every draft.
pub const FORMAT_VERSION: &str = "2021";

/// The report's name, after the organ and year in its title.
pub const REPORT_NAME: &str = "政府信息公开工作年度报告";

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text (one line or a multi-line narrative).
    Text,
    /// A non-negative whole number of items.
    Count,
    /// A non-negative exact decimal amount (万元).
    Amount,
    /// A calendar year.
    Year,
    /// A calendar date, kept as text in one form: `2026年1月15日`.
    Date,
}

/// A value column of a table.
#[derive(Debug)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
    /// Group headers above this column, outermost first.
    pub path: &'static [&'static str],
    pub kind: Kind,
}

/// A row of a table.
#[derive(Debug)]
pub struct Row {
    pub key: &'static str,
    pub label: &'static str,
    /// Group labels this row sits under, outermost first.
    pub path: &'static [&'static str],
    pub columns: &'static [Column],
    /// What to count in this row, for first-time users.
    pub help: &'static str,
}

/// How the official format lays a table out on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// 表二: blocks headed by a 第二十条 item line, each with a 信息内容
    /// header row; a row's path holds its block title.
    Blocks { item_header: &'static str },
    /// 表三: a corner cell, multi-level column headers derived from the
    /// column paths, multi-level row labels derived from the row paths.
    Grid { corner: &'static str },
    /// 表四: the rows are column groups side by side, over one data row.
    Groups,
}

/// One of the three tables.
#[derive(Debug)]
pub struct Table {
    pub key: &'static str,
    pub title: &'static str,
    pub guidance: &'static str,
    pub rows: &'static [Row],
    pub layout: Layout,
}

impl Table {
    /// The columns shared by every row, for tables whose rows all have the
    /// same columns (表三, 表四); `None` for 表二.
    #[must_use]
    pub fn uniform_columns(&self) -> Option<&'static [Column]> {
        let first = self.rows.first()?.columns;
        self.rows.iter().all(|r| std::ptr::eq(r.columns, first)).then_some(first)
    }

    /// Row index by key.
    #[must_use]
    pub fn row(&self, key: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.key == key)
    }
}

/// A text field outside the tables.
#[derive(Debug)]
pub struct TextField {
    pub address: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub multiline: bool,
    pub help: &'static str,
    /// An optional paragraph with no sub-heading of its own (一's lead
    /// paragraph): never reported missing, printed without its label.
    pub optional: bool,
}

/// What a section of the report holds.
#[derive(Debug)]
pub enum Content {
    Fields(&'static [TextField]),
    Table(&'static Table),
}

/// A section of the report, in the order the report prints them.
#[derive(Debug)]
pub struct Section {
    /// Short stable id (used by `--goto` and the wizard's step list).
    pub key: &'static str,
    /// Heading as printed in the report (empty for the front matter).
    pub title: &'static str,
    /// Short name for the step list.
    pub short: &'static str,
    pub guidance: &'static str,
    pub content: Content,
}

/// Index of a field in [`schema().fields`](Schema::fields).
pub type FieldId = usize;
