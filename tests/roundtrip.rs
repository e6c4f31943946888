//! Files: loading and saving unchanged gives the same bytes; every address
//! can be set and read back.

use crate::common;

use nianbao::format::{self, Kind};
use nianbao::io;
use nianbao::model::{Report, parse_value};

#[test]
fn examples_round_trip_byte_for_byte() {
    for name in ["fuxin-2021.ron", "broken-tallies.ron"] {
        let path = common::example(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join(name);
        io::save(&out, &report).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&out).ok(), Some(bytes), "{name}");
    }
}

#[test]
fn the_fee_keeps_its_exact_digits() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("fee.ron");
    let mut r = Report::draft("局", 2021);
    let id = common::id("proactive.fees.amount");
    r.set(id, parse_value(Kind::Amount, "4068.208", false).unwrap_or_else(|e| panic!("{e}")));
    io::save(&path, &r).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(text.contains("amount: \"4068.208\""), "{text}");
    assert_eq!(io::load(&path).map(|r| r.get(id).display()).ok().as_deref(), Some("4068.208"));
}

#[test]
fn a_hand_written_float_amount_is_read_exactly() {
    let r = Report::new();
    let text = r.to_ron().unwrap_or_default().replace("amount: None", "amount: 4068.208");
    let back = Report::from_ron(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.get(common::id("proactive.fees.amount")).display(), "4068.208");
}

#[test]
fn every_address_set_then_get() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("all.ron");
    let mut r = Report::new();
    let schema = format::schema();
    let value_for = |i: usize, kind: Kind| match kind {
        Kind::Text => format!("文字“{i}”\n第二行"),
        Kind::Year => "2023".to_owned(),
        Kind::Count => (i * 7 + 1).to_string(),
        Kind::Date => "2024年1月15日".to_owned(),
        Kind::Amount => format!("{i}.25"),
    };
    for (i, f) in schema.fields.iter().enumerate() {
        let v =
            parse_value(f.kind, &value_for(i, f.kind), true).unwrap_or_else(|e| panic!("{}: {e}", f.address));
        r.set(i, v);
    }
    io::save(&path, &r).unwrap_or_else(|e| panic!("{e}"));
    let back = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    for (i, f) in schema.fields.iter().enumerate() {
        assert_eq!(back.get(i).display(), value_for(i, f.kind), "{}", f.address);
    }
}
