//! What a keystroke costs over a slow link, in bytes, for a scripted
//! session of the real wizard in a pty at 80x24 (byte counts are exact and
//! repeatable, so these are budgets, not timings): a typed digit, the first
//! digit in a cell, a Chinese character at the end of a paragraph, moves,
//! Enter, a step change, the first frame, and a key that changes nothing.

use crate::common;

use common::measure::{Cost, Session};

fn draft() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("d.ron");
    std::fs::copy(common::example("broken-tallies.ron"), &file).unwrap_or_else(|e| panic!("{e}"));
    (dir, file)
}

fn show(c: &Cost) -> String {
    format!(
        "{}: {} B ({} text, {} control): {:?}",
        c.name,
        c.bytes,
        c.text(),
        c.control,
        String::from_utf8_lossy(&c.raw)
    )
}

#[test]
fn keystrokes_in_table_three_stay_within_their_byte_budgets() {
    let (_dir, file) = draft();
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let (mut s, first) = Session::start(bin, &file, "requests.new.natural_person", 80, 24);
    assert!(first.bytes <= 6000 && first.control * 4 <= first.bytes, "{}", show(&first));
    for (name, key) in [("down", "j"), ("down", "j"), ("up", "k")] {
        let c = s.key(name, key.as_bytes());
        assert!(c.bytes > 0 && c.control <= 64, "{}", show(&c));
    }
    for (name, key) in [("right", "l"), ("right", "l"), ("left", "h")] {
        let c = s.key(name, key.as_bytes());
        assert!(c.bytes > 0 && c.bytes <= 100 && c.control <= 64, "{}", show(&c));
    }
    let c = s.key("first digit", b"5");
    assert!(c.bytes > 0 && c.bytes <= 48, "{}", show(&c));
    let c = s.key("next digit", b"6");
    assert!(c.bytes > 0 && c.bytes <= 16, "{}", show(&c));
    // The first change of the session also marks the title [已修改]; the
    // budget holds for the Enters after it, which update flags and totals.
    s.key("Enter, the first change", b"\r");
    for digit in ["3", "4"] {
        s.key("digit", digit.as_bytes());
        let c = s.key("Enter", b"\r");
        assert!(c.control <= 96, "{}", show(&c));
    }
    let c = s.key("Enter on a cell, nothing typed", b"\r");
    assert!(c.control <= 96, "{}", show(&c));
    // Back to the first column, then a move that cannot go further.
    for _ in 0..8 {
        s.key("left", b"h");
    }
    let c2 = s.key("left at the first column", b"h");
    assert_eq!(c2.bytes, 0, "{}", show(&c2));
    for (name, key) in [("next step", "\x1b[6~"), ("previous step", "\x1b[5~")] {
        let c = s.key(name, key.as_bytes());
        assert!(c.bytes > 500 && c.control * 4 <= c.bytes, "{}", show(&c));
    }
    s.quit();
}

#[test]
fn a_chinese_character_typed_at_the_end_of_a_paragraph_costs_its_own_bytes() {
    let (_dir, file) = draft();
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let (mut s, _) = Session::start(bin, &file, "overview.proactive", 80, 24);
    s.key("edit", b"\r");
    s.key("first character (the title says modified)", "中".as_bytes());
    for ch in ["文", "，", "报"] {
        let c = s.key(ch, ch.as_bytes());
        assert!(c.bytes <= 8 && c.raw.ends_with(ch.as_bytes()), "{}", show(&c));
    }
    s.key("done", b"\x1b");
    s.quit();
}
