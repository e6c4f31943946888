//! The report as data, and its RON form.
//!
//! A [`Report`] holds one [`Value`] per field of [`format::schema`], in
//! schema order; there is no hand-written struct per section, so an address
//! exists exactly where `format.rs` declares it. The RON layout is derived
//! from the addresses: `requests.new.total` is the field `total` of the
//! struct `new` of the struct `requests`. Rows of a table are written on one
//! line each, narrative text as ordinary RON strings, amounts as quoted
//! decimals (`"4068.208"`) so no binary float ever touches them, and an
//! empty cell as `None` while a filled one is a bare number (ron's
//! `implicit_some` extension, enabled in the file's header).
//!
//! The cost of the generic shape is hand-written serde impls (below); the
//! gain is that format, model and file can never disagree on a name.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserializer, Serialize};

use crate::format::{self, FORMAT_VERSION, FieldId, Kind, Schema};

/// Largest count accepted in a cell. Larger numbers are certainly typing
/// mistakes in this report, and the cap keeps every sum far from overflow.
pub const MAX_COUNT: u64 = 999_999_999;

/// The value of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text; the empty string means "not written yet".
    Text(String),
    /// A count or a year; `None` means "not filled yet" (not zero).
    Count(Option<u64>),
    /// An exact decimal amount; `None` means "not filled yet".
    Amount(Option<Decimal>),
}

impl Value {
    /// The value of a field not filled yet.
    #[must_use]
    pub fn empty(kind: Kind) -> Value {
        match kind {
            Kind::Text | Kind::Date => Value::Text(String::new()),
            Kind::Count | Kind::Year => Value::Count(None),
            Kind::Amount => Value::Amount(None),
        }
    }

    /// Zero for a count or amount cell (`None` for text and years).
    #[must_use]
    pub fn zero(kind: Kind) -> Option<Value> {
        match kind {
            Kind::Count => Some(Value::Count(Some(0))),
            Kind::Amount => Some(Value::Amount(Some(Decimal::ZERO))),
            Kind::Text | Kind::Year | Kind::Date => None,
        }
    }

    /// Whether the field is still empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(s) => s.trim().is_empty(),
            Value::Count(v) => v.is_none(),
            Value::Amount(v) => v.is_none(),
        }
    }

    /// The value as the CLI prints it (empty for an empty field).
    #[must_use]
    pub fn display(&self) -> String {
        self.to_string()
    }
}

/// As the CLI prints it (nothing for an empty field).
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(s) => f.write_str(s),
            Value::Count(Some(n)) => write!(f, "{n}"),
            Value::Amount(Some(d)) => write!(f, "{d}"),
            Value::Count(None) | Value::Amount(None) => Ok(()),
        }
    }
}

/// Why a typed value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// A minus sign in a count or amount.
    #[error("negative")]
    Negative,
    /// Something that is not a number.
    #[error("not a number")]
    NotANumber,
    /// A fraction where a whole number is needed.
    #[error("not a whole number")]
    NotWhole,
    /// Larger than [`MAX_COUNT`] (or an implausible year).
    #[error("too large")]
    TooLarge,
    /// A year outside 2000–2100.
    #[error("not a plausible year")]
    BadYear,
    /// A line break in a one-line field.
    #[error("line break in a one-line field")]
    Multiline,
    /// Spaces or stray commas between digits: two numbers, not one.
    #[error("two numbers?")]
    Several,
    /// More decimal places than an amount holds exactly.
    #[error("too many decimal places")]
    TooPrecise,
    /// Not a date in a form we read.
    #[error("not a date")]
    NotADate,
}

/// Folds full-width digits and punctuation typed through a Chinese IME
/// (`１２３`, `．`, `，`) into ASCII and drops thousands separators.
///
/// # Errors
/// [`ValueError::Several`] when spaces or commas that are not thousands
/// separators split the digits (`12 34`, `1259,36`): two numbers pasted or
/// typed into one cell are never joined into one.
fn normalise_number(s: &str) -> Result<String, ValueError> {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '\u{3000}' => ' ',
            other => other,
        })
        .collect();
    let folded = folded.trim();
    if folded.chars().any(char::is_whitespace) {
        return Err(ValueError::Several);
    }
    if !folded.contains(',') {
        return Ok(folded.to_owned());
    }
    let (int, frac) = folded.split_once('.').map_or((folded, None), |(i, f)| (i, Some(f)));
    let groups: Vec<&str> = int.trim_start_matches(['+', '-']).split(',').collect();
    let grouped = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && !frac.is_some_and(|f| f.contains(','));
    if !grouped {
        return Err(ValueError::Several);
    }
    Ok(folded.replace(',', ""))
}

/// A date as people write it: `2026年1月15日`, `2026-01-15`, `2026.1.15`,
/// `2026/1/15` (full-width digits too); `None` for anything else or a day
/// the calendar does not have.
#[must_use]
pub fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let folded: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let parts: Vec<&str> = folded
        .trim_end_matches('日')
        .split(['年', '月', '-', '.', '/', '．', '－', '／'])
        .map(str::trim)
        .collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let num = |t: &str| {
        (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((2000..=2100).contains(&y) && (1..=days).contains(&d)).then_some((y, m, d))
}

/// Parses user input for a field of `kind`. An empty input clears the field.
///
/// # Errors
/// A [`ValueError`] saying why the input is not a valid value.
pub fn parse_value(kind: Kind, input: &str, multiline: bool) -> Result<Value, ValueError> {
    match kind {
        Kind::Text => {
            if !multiline && input.contains('\n') {
                return Err(ValueError::Multiline);
            }
            Ok(Value::Text(input.to_owned()))
        }
        Kind::Date => {
            let t = input.trim();
            if t.is_empty() {
                return Ok(Value::Text(String::new()));
            }
            parse_date(t).map(|(y, m, d)| Value::Text(format!("{y}年{m}月{d}日"))).ok_or(ValueError::NotADate)
        }
        Kind::Count | Kind::Year => {
            let s = normalise_number(input)?;
            if s.is_empty() {
                return Ok(Value::Count(None));
            }
            let n = parse_count(&s)?;
            if kind == Kind::Year && !(2000..=2100).contains(&n) {
                return Err(ValueError::BadYear);
            }
            Ok(Value::Count(Some(n)))
        }
        Kind::Amount => {
            let s = normalise_number(input)?;
            if s.is_empty() {
                return Ok(Value::Amount(None));
            }
            parse_amount(&s).map(|d| Value::Amount(Some(d)))
        }
    }
}

fn parse_count(s: &str) -> Result<u64, ValueError> {
    if s.starts_with('-') {
        return Err(ValueError::Negative);
    }
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(ValueError::NotANumber);
    }
    if let Some((int, frac)) = digits.split_once('.') {
        if frac.chars().any(|c| c != '0') || int.is_empty() || frac.contains('.') {
            return Err(ValueError::NotWhole);
        }
        return parse_count(int);
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_COUNT => Ok(n),
        _ => Err(ValueError::TooLarge),
    }
}

fn parse_amount(s: &str) -> Result<Decimal, ValueError> {
    if s.starts_with('-') {
        return Err(ValueError::Negative);
    }
    let valid = s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().filter(|&c| c == '.').count() <= 1
        && s.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err(ValueError::NotANumber);
    }
    let digits = s.strip_prefix('+').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    if int.len() > 9 {
        return Err(ValueError::TooLarge);
    }
    // The exact decimal type holds 28 significant digits; rather than round
    // what the user wrote, refuse it.
    if frac.len() > 28 || int.len() + frac.len() > 28 {
        return Err(ValueError::TooPrecise);
    }
    let d = Decimal::from_str(digits).map_err(|_| ValueError::TooPrecise)?;
    if d > Decimal::from(MAX_COUNT) {
        return Err(ValueError::TooLarge);
    }
    if d.normalize().scale() as usize != frac.len() {
        return Err(ValueError::TooPrecise);
    }
    Ok(d)
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    values: Vec<Value>,
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
        let text = fold_fullwidth_digits(text);
        if let Some(report) = crate::ron_text::parse_fast(&text) {
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
        general(&fold_fullwidth_digits(text))
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

/// Replaces full-width digits outside strings and comments with ASCII
/// digits, one character for one, so every line and column stays put.
fn fold_fullwidth_digits(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| ('０'..='９').contains(&c)) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        let before = std::mem::replace(&mut prev, c);
        match c {
            // A raw string, r"…" or r#"…"#: no escapes, it ends at a quote
            // followed by as many #.
            'r' if !(before.is_alphanumeric() || before == '_')
                && matches!(chars.peek(), Some('"' | '#')) =>
            {
                out.push(c);
                let mut hashes = 0;
                while chars.peek() == Some(&'#') {
                    out.push('#');
                    chars.next();
                    hashes += 1;
                }
                if chars.peek() != Some(&'"') {
                    continue;
                }
                out.push('"');
                chars.next();
                let mut run: Option<usize> = None;
                for c in chars.by_ref() {
                    out.push(c);
                    run = match (c, run) {
                        ('"', _) => Some(0),
                        ('#', Some(n)) => Some(n + 1),
                        _ => None,
                    };
                    if run == Some(hashes) {
                        break;
                    }
                }
                prev = ' ';
            }
            '"' => {
                out.push(c);
                while let Some(c) = chars.next() {
                    out.push(c);
                    if c == '\\' {
                        if let Some(n) = chars.next() {
                            out.push(n);
                        }
                    } else if c == '"' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                out.push(c);
                for c in chars.by_ref() {
                    out.push(c);
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                out.push(c);
                let mut prev = ' ';
                for c in chars.by_ref() {
                    out.push(c);
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            '０'..='９' => out.push(char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)),
            _ => out.push(c),
        }
    }
    out.into()
}

// ---------------------------------------------------------------------------
// The address tree behind the RON layout

/// A struct in the RON file: named children, each a field or a struct.
struct Node {
    /// The struct's key, shown in ron's error messages ("in `meta`").
    name: &'static str,
    /// The address of this struct (`requests.new`; empty at the top).
    path: String,
    children: Vec<(&'static str, Child)>,
    names: &'static [&'static str],
}

enum Child {
    Leaf(FieldId),
    Group(Node),
}

const VERSION_KEY: &str = "format";

fn tree() -> &'static Node {
    static TREE: OnceLock<Node> = OnceLock::new();
    TREE.get_or_init(|| build_tree(format::schema()))
}

fn build_tree(schema: &'static Schema) -> Node {
    let mut root = Node { name: "draft", path: String::new(), children: Vec::new(), names: &[] };
    for (id, field) in schema.fields.iter().enumerate() {
        let segments: Vec<&'static str> = match field.place {
            format::Place::Text(t) => t.address.split('.').collect(),
            format::Place::Cell { table, row, col } => {
                let r = &table.rows[row];
                vec![table.key, r.key, r.columns[col].key]
            }
        };
        insert(&mut root, &segments, id);
    }
    finish_names(&mut root, true);
    root
}

fn insert(node: &mut Node, segments: &[&'static str], id: FieldId) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    if rest.is_empty() {
        node.children.push((first, Child::Leaf(id)));
        return;
    }
    let pos = node.children.iter().position(|(k, c)| k == first && matches!(c, Child::Group(_)));
    let idx = pos.unwrap_or_else(|| {
        let path = if node.path.is_empty() { (*first).to_owned() } else { format!("{}.{first}", node.path) };
        node.children
            .push((first, Child::Group(Node { name: first, path, children: Vec::new(), names: &[] })));
        node.children.len() - 1
    });
    if let Child::Group(g) = &mut node.children[idx].1 {
        insert(g, rest, id);
    }
}

/// Serde wants `&'static [&'static str]` field lists; the tree is built
/// once per process, so leaking these few slices is bounded.
fn finish_names(node: &mut Node, top: bool) {
    let mut names: Vec<&'static str> = Vec::new();
    if top {
        names.push(VERSION_KEY);
    }
    names.extend(node.children.iter().map(|(k, _)| *k));
    node.names = Box::leak(names.into_boxed_slice());
    for (_, c) in &mut node.children {
        if let Child::Group(g) = c {
            finish_names(g, false);
        }
    }
}

struct NodeSer<'a> {
    node: &'a Node,
    report: &'a Report,
    top: bool,
}

impl Node {
    fn root_ser(report: &Report) -> NodeSer<'_> {
        NodeSer { node: tree(), report, top: true }
    }
}

struct LeafSer<'a>(&'a Value);

impl Serialize for LeafSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Text(t) => s.serialize_str(t),
            Value::Count(Some(n)) => s.serialize_some(n),
            Value::Amount(Some(d)) => s.serialize_some(&d.to_string()),
            Value::Count(None) | Value::Amount(None) => s.serialize_none(),
        }
    }
}

impl Serialize for NodeSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.node.children.len() + usize::from(self.top);
        let mut st = s.serialize_struct(self.node.name, n)?;
        if self.top {
            st.serialize_field(VERSION_KEY, FORMAT_VERSION)?;
        }
        for (key, child) in &self.node.children {
            match child {
                Child::Leaf(id) => st.serialize_field(key, &LeafSer(self.report.get(*id)))?,
                Child::Group(g) => {
                    st.serialize_field(key, &NodeSer { node: g, report: self.report, top: false })?;
                }
            }
        }
        st.end()
    }
}

struct NodeSeed<'a> {
    node: &'static Node,
    report: &'a mut Report,
    top: bool,
    trace: &'a Trace,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let names = self.node.names;
        d.deserialize_struct(self.node.name, names, self)
    }
}

struct Ident;

impl<'de> DeserializeSeed<'de> for Ident {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Ident {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a struct in parentheses, like (organ: \"...\", year: 2021)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = vec![false; self.node.children.len()];
        let mut version_seen = false;
        while let Some(key) = map.next_key_seed(Ident)? {
            if self.top && key == VERSION_KEY {
                let v: String = map.next_value()?;
                if v != FORMAT_VERSION {
                    let message = format!(
                        "unsupported format version \"{v}\": this nianbao reads format \"{FORMAT_VERSION}\" (the 2021 national format)"
                    );
                    return Err(self.trace.fail(Problem::Version(v), message));
                }
                version_seen = true;
                continue;
            }
            let Some(i) = self.node.children.iter().position(|(k, _)| *k == key) else {
                let message = format!("no field `{key}` here");
                let expected = self.node.names;
                let found = if self.node.path.is_empty() { key } else { format!("{}.{key}", self.node.path) };
                self.trace.field.set(None);
                return Err(self.trace.fail(Problem::Unknown { found, expected }, message));
            };
            if seen[i] {
                let message = format!("the field `{key}` is written twice");
                let twice = if self.node.path.is_empty() { key } else { format!("{}.{key}", self.node.path) };
                self.trace.field.set(None);
                return Err(self.trace.fail(Problem::Twice(twice), message));
            }
            seen[i] = true;
            match &self.node.children[i].1 {
                Child::Leaf(id) => {
                    let kind = format::schema().fields[*id].kind;
                    self.trace.field.set(Some(*id));
                    self.trace.in_value.set(true);
                    let v = map.next_value_seed(LeafSeed { kind, trace: self.trace })?;
                    self.trace.in_value.set(false);
                    self.report.values[*id] = v;
                }
                Child::Group(g) => {
                    let group =
                        NodeSeed { node: g, report: &mut *self.report, top: false, trace: self.trace };
                    map.next_value_seed(group)?;
                }
            }
        }
        if self.top && !version_seen {
            let message =
                format!("no `format` field: a nianbao draft starts with `format: \"{FORMAT_VERSION}\"`");
            return Err(self.trace.fail(Problem::NoVersion, message));
        }
        Ok(())
    }
}

struct LeafSeed<'a> {
    kind: Kind,
    trace: &'a Trace,
}

impl<'de> DeserializeSeed<'de> for LeafSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self.kind {
            // A date is text in the file: a hand-written one that is not a
            // date is a warning from `check`, not a file that cannot load.
            Kind::Text | Kind::Date => d.deserialize_string(TextVisitor),
            _ => d.deserialize_option(self),
        }
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text in double quotes")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Text(v))
    }
}

impl<'de> Visitor<'de> for LeafSeed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.kind {
            Kind::Amount => f.write_str("an amount like \"4068.208\", or None for an empty cell"),
            _ => f.write_str("a whole number like 5, or None for an empty cell"),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::empty(self.kind))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::empty(self.kind))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ScalarVisitor { kind: self.kind, trace: self.trace })
    }
}

struct ScalarVisitor<'a> {
    kind: Kind,
    trace: &'a Trace,
}

impl ScalarVisitor<'_> {
    fn parse_text<E: de::Error>(&self, text: &str) -> Result<Value, E> {
        parse_value(self.kind, text, false).map_err(|e| {
            *self.trace.problem.borrow_mut() = Some(Problem::Value(e));
            E::custom(match e {
                ValueError::Negative => {
                    format!("`{text}` is negative; counts and amounts are never below 0")
                }
                ValueError::NotWhole => {
                    format!("`{text}` is not a whole number; a count has no decimals")
                }
                ValueError::TooLarge => {
                    format!("`{text}` is too large (the largest accepted is {MAX_COUNT})")
                }
                ValueError::BadYear => format!("`{text}` is not a year between 2000 and 2100"),
                ValueError::Several => format!("`{text}` is two numbers, not one"),
                ValueError::NotADate => format!("`{text}` is not a date"),
                ValueError::TooPrecise => format!(
                    "`{text}` has more decimal places than an amount holds exactly (28 digits in all)"
                ),
                ValueError::NotANumber | ValueError::Multiline => {
                    format!("`{text}` is not a number")
                }
            })
        })
    }
}

impl Visitor<'_> for ScalarVisitor<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        LeafSeed { kind: self.kind, trace: self.trace }.expecting(f)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.parse_text(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.parse_text(&v.to_string())
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.parse_text(&v.to_string())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.parse_text(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // A literal that is not an integer ron can hold: `1.5`, `1e999`, or a
        // whole number beyond 64 bits. The f64 is not what was written (the
        // error message quotes the source text instead), so only plain
        // ordinary values are read through it.
        if !v.is_finite() {
            let e = if self.kind == Kind::Amount { ValueError::TooLarge } else { ValueError::NotWhole };
            return Err(self.trace.fail(Problem::Value(e), format!("{e}")));
        }
        if v.abs() >= 1e15 {
            return Err(self.trace.fail(Problem::Value(ValueError::TooLarge), "too large".to_owned()));
        }
        // Display gives the shortest text that reads back as the same f64,
        // which is the literal the person typed for any amount of up to 15
        // significant digits; beyond that the f64 may already have rounded.
        let text = v.to_string();
        let significant = text.trim_start_matches(['0', '.']).chars().filter(char::is_ascii_digit).count();
        if significant > 15 {
            return Err(self
                .trace
                .fail(Problem::Value(ValueError::TooPrecise), "too many digits".to_owned()));
        }
        self.parse_text(&text)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        if self.kind == Kind::Amount {
            self.parse_text(v)
        } else {
            Err(E::invalid_type(de::Unexpected::Str(v), &self))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_value_accepts_ime_digits_and_refuses_bad_counts() {
        assert_eq!(parse_value(Kind::Count, "１２", false), Ok(Value::Count(Some(12))));
        assert_eq!(parse_value(Kind::Count, "1,234", false), Ok(Value::Count(Some(1234))));
        assert_eq!(parse_value(Kind::Count, "", false), Ok(Value::Count(None)));
        assert_eq!(parse_value(Kind::Count, "-1", false), Err(ValueError::Negative));
        assert_eq!(parse_value(Kind::Count, "1.5", false), Err(ValueError::NotWhole));
        assert_eq!(parse_value(Kind::Count, "abc", false), Err(ValueError::NotANumber));
        assert_eq!(parse_value(Kind::Count, "99999999999999999999999", false), Err(ValueError::TooLarge));
        assert_eq!(parse_value(Kind::Count, "1000000000", false), Err(ValueError::TooLarge));
        assert_eq!(parse_value(Kind::Year, "1999", false), Err(ValueError::BadYear));
        assert_eq!(parse_value(Kind::Text, "a\nb", false), Err(ValueError::Multiline));
    }

    #[test]
    fn amounts_keep_their_digits() {
        let v = parse_value(Kind::Amount, "4068.208", false);
        assert_eq!(v.map(|v| v.display()), Ok("4068.208".to_owned()));
        assert_eq!(parse_value(Kind::Amount, "-3", false), Err(ValueError::Negative));
        assert_eq!(parse_value(Kind::Amount, "1.2.3", false), Err(ValueError::NotANumber));
    }
}
