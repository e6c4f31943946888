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
//!
//! - [`value`]: one cell's value and how typed text becomes one.
//! - [`report`]: the whole report, a value per field.
//! - [`ron`]: the file form (the serde tree, the fast reader, the patcher
//!   that keeps a hand-edited file's comments).
//!
//! Layers, one way: `value` <- `report` <- `ron`.

mod report;
pub mod ron;
mod value;

pub use report::Report;
pub use ron::{ParseFailure, Problem};
pub use value::{MAX_COUNT, Value, ValueError, parse_date, parse_value};
