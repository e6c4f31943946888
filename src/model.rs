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
            Kind::Text => Value::Text(String::new()),
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
            Kind::Text | Kind::Year => None,
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
        match self {
            Value::Text(s) => s.clone(),
            Value::Count(v) => v.map(|n| n.to_string()).unwrap_or_default(),
            Value::Amount(v) => v.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// Why a typed value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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
}

/// Folds full-width digits and punctuation typed through a Chinese IME
/// (`１２３`, `．`) into ASCII and drops thousands separators.
fn normalise_number(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '−' => '-',
            other => other,
        })
        .collect()
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
        Kind::Count | Kind::Year => {
            let s = normalise_number(input);
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
            let s = normalise_number(input);
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
    let d = Decimal::from_str(s).map_err(|_| ValueError::TooLarge)?;
    if d > Decimal::from(MAX_COUNT) {
        return Err(ValueError::TooLarge);
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
        match format::schema().lookup("meta.organ").map(|id| &self.values[id]) {
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

    /// The report year, when filled.
    #[must_use]
    pub fn year(&self) -> Option<u64> {
        match format::schema().lookup("meta.year").map(|id| &self.values[id]) {
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
        let mut report = Report::new();
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str_seed(text, NodeSeed { node: tree(), report: &mut report, top: true })?;
        Ok(report)
    }
}

// ---------------------------------------------------------------------------
// The address tree behind the RON layout

/// A struct in the RON file: named children, each a field or a struct.
struct Node {
    /// The struct's key, shown in ron's error messages ("in `meta`").
    name: &'static str,
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
    let mut root = Node { name: "draft", children: Vec::new(), names: &[] };
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
        node.children.push((first, Child::Group(Node { name: first, children: Vec::new(), names: &[] })));
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
                    return Err(de::Error::custom(format!(
                        "unsupported format version \"{v}\": this nianbao reads format \"{FORMAT_VERSION}\" (the 2021 national format)"
                    )));
                }
                version_seen = true;
                continue;
            }
            let Some(i) = self.node.children.iter().position(|(k, _)| *k == key) else {
                return Err(de::Error::unknown_field(&key, self.node.names));
            };
            if seen[i] {
                return Err(de::Error::custom(format!("the field `{key}` is written twice")));
            }
            seen[i] = true;
            match &self.node.children[i].1 {
                Child::Leaf(id) => {
                    let kind = format::schema().fields[*id].kind;
                    let v = map.next_value_seed(LeafSeed { kind })?;
                    self.report.values[*id] = v;
                }
                Child::Group(g) => {
                    map.next_value_seed(NodeSeed { node: g, report: &mut *self.report, top: false })?;
                }
            }
        }
        if self.top && !version_seen {
            return Err(de::Error::custom(format!(
                "no `format` field: a nianbao draft starts with `format: \"{FORMAT_VERSION}\"`"
            )));
        }
        Ok(())
    }
}

struct LeafSeed {
    kind: Kind,
}

impl<'de> DeserializeSeed<'de> for LeafSeed {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self.kind {
            Kind::Text => d.deserialize_string(TextVisitor),
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

impl<'de> Visitor<'de> for LeafSeed {
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
        d.deserialize_any(ScalarVisitor { kind: self.kind })
    }
}

struct ScalarVisitor {
    kind: Kind,
}

impl ScalarVisitor {
    fn parse_text<E: de::Error>(&self, text: &str) -> Result<Value, E> {
        parse_value(self.kind, text, false).map_err(|e| {
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
                ValueError::NotANumber | ValueError::Multiline => {
                    format!("`{text}` is not a number")
                }
            })
        })
    }
}

impl Visitor<'_> for ScalarVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        LeafSeed { kind: self.kind }.expecting(f)
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
        // Display gives the shortest text that reads back as the same f64,
        // which is the literal the person typed for any ordinary amount.
        self.parse_text(&v.to_string())
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
