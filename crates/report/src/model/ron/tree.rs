//! The address tree behind the RON layout: serde's view of the generic
//! report, one struct per address segment, one leaf per field.

use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserializer, Serialize};

use super::{Problem, Trace};
use crate::format::{self, FORMAT_VERSION, FieldId, Kind, Schema};
use crate::model::{MAX_COUNT, Report, Value, ValueError, parse_value};

// ---------------------------------------------------------------------------
// The address tree behind the RON layout

/// A struct in the RON file: named children, each a field or a struct.
pub(super) struct Node {
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

pub(super) fn tree() -> &'static Node {
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

pub(super) struct NodeSer<'a> {
    node: &'a Node,
    report: &'a Report,
    pub(super) top: bool,
}

impl Node {
    pub(super) fn root_ser(report: &Report) -> NodeSer<'_> {
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

pub(super) struct NodeSeed<'a> {
    pub(super) node: &'static Node,
    pub(super) report: &'a mut Report,
    pub(super) top: bool,
    pub(super) trace: &'a Trace,
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
    pub(super) trace: &'a Trace,
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
    pub(super) trace: &'a Trace,
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
            return Err(self
                .trace
                .fail(Problem::Value(ValueError::TooLarge), ValueError::TooLarge.to_string()));
        }
        // Display gives the shortest text that reads back as the same f64,
        // which is the literal the person typed for any amount of up to 15
        // significant digits; beyond that the f64 may already have rounded.
        let text = v.to_string();
        let significant = text.trim_start_matches(['0', '.']).chars().filter(char::is_ascii_digit).count();
        if significant > 15 {
            return Err(self
                .trace
                .fail(Problem::Value(ValueError::TooPrecise), ValueError::TooPrecise.to_string()));
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
