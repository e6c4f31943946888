//! Helpers shared by the integration tests.
#![allow(dead_code)]

use nianbao::format::{self, FieldId};
use nianbao::model::{Report, Value};

pub const APPLICANT_COLS: usize = 6;

/// Runs the binary as a user would, in a Chinese-by-default locale.
pub fn nianbao(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap_or_else(|e| panic!("cannot run nianbao: {e}"))
}

/// Runs `cmd` (its output piped) with a deadline: a run that blocks — on a
/// named pipe, on a file built to hang a reader — fails the test instead
/// of hanging it.
pub fn run_within(
    cmd: &mut std::process::Command,
    limit: std::time::Duration,
    what: &str,
) -> std::process::Output {
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let deadline = std::time::Instant::now() + limit;
    while child.try_wait().ok().flatten().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// A temporary path as a command-line argument.
pub fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap_or_else(|| panic!("non-UTF-8 temp path"))
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn id(address: &str) -> FieldId {
    format::schema().lookup(address).unwrap_or_else(|| panic!("no address {address}"))
}

pub fn set_count(r: &mut Report, address: &str, n: u64) {
    r.set(id(address), Value::Count(Some(n)));
}

pub fn count(r: &Report, address: &str) -> u64 {
    match r.get(id(address)) {
        Value::Count(Some(n)) => *n,
        other => panic!("{address} is {other:?}"),
    }
}

/// A report whose tallies all hold, from free choices: `outcomes[row][col]`
/// for the 21 outcome rows, `carried_out` and `carried_in_seed` (each
/// column's `carried_in` is that share, modulo, of what the column allows).
pub fn consistent(
    outcomes: &[[u64; 6]; 21],
    carried_out: [u64; 6],
    carried_in_seed: [u64; 6],
    appeals: [[u64; 4]; 3],
) -> Report {
    let mut r = Report::draft("测试局", 2024);
    r.zero_fill(Report::table_cells());
    let req = &format::REQUESTS;
    let cols: Vec<&str> = req.uniform_columns().unwrap_or(&[]).iter().map(|c| c.key).collect();
    let first = req.row("granted").unwrap_or(0);
    let mut outcome_total = [0u64; 6];
    for (i, row) in outcomes.iter().enumerate() {
        let key = req.rows[first + i].key;
        for c in 0..APPLICANT_COLS {
            set_count(&mut r, &format!("requests.{key}.{}", cols[c]), row[c]);
            outcome_total[c] += row[c];
        }
        set_count(&mut r, &format!("requests.{key}.total"), row.iter().sum());
    }
    let mut carried_in = [0u64; 6];
    let mut new = [0u64; 6];
    for c in 0..APPLICANT_COLS {
        carried_in[c] = carried_in_seed[c] % (outcome_total[c] + carried_out[c] + 1);
        new[c] = outcome_total[c] + carried_out[c] - carried_in[c];
    }
    for (key, vals) in [
        ("new", new),
        ("carried_in", carried_in),
        ("outcome_total", outcome_total),
        ("carried_out", carried_out),
    ] {
        for c in 0..APPLICANT_COLS {
            set_count(&mut r, &format!("requests.{key}.{}", cols[c]), vals[c]);
        }
        set_count(&mut r, &format!("requests.{key}.total"), vals.iter().sum());
    }
    for (g, vals) in format::APPEALS.rows.iter().zip(appeals) {
        for (c, v) in format::APPEALS.rows[0].columns.iter().zip(vals) {
            set_count(&mut r, &format!("appeals.{}.{}", g.key, c.key), v);
        }
        set_count(&mut r, &format!("appeals.{}.total", g.key), vals.iter().sum());
    }
    r
}

/// A fixed, non-trivial consistent report.
pub fn sample() -> Report {
    let mut outcomes = [[0u64; 6]; 21];
    for (i, row) in outcomes.iter_mut().enumerate() {
        for (c, v) in row.iter_mut().enumerate() {
            *v = ((i * 7 + c * 3) % 5) as u64;
        }
    }
    consistent(&outcomes, [3, 0, 1, 0, 2, 0], [5, 1, 0, 2, 9, 4], [[1, 2, 0, 1], [0, 0, 1, 0], [2, 1, 1, 3]])
}

pub fn example(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}
pub mod measure;
pub mod pty;

/// Anything a user can do in the wizard, for property tests of whole
/// sessions: moves, steps, cell and narrative edits, paste, undo, help,
/// quitting and answering, and terminal sizes from tiny to wide.
pub fn arb_action() -> impl proptest::strategy::Strategy<Value = nianbao::tui::app::Action> {
    use nianbao::tui::app::{Action, Caret, Dir};
    use nianbao::tui::editor::{EditKey, Motion};
    use proptest::prelude::*;
    prop_oneof![
        prop_oneof![Just(Dir::Up), Just(Dir::Down), Just(Dir::Left), Just(Dir::Right)].prop_map(Action::Move),
        Just(Action::Next),
        Just(Action::Prev),
        Just(Action::RowEnd),
        Just(Action::NextStep),
        Just(Action::PrevStep),
        (0usize..9).prop_map(Action::Step),
        Just(Action::StartEdit),
        prop_oneof![Just('7'), Just('中'), Just('.')].prop_map(Action::StartTyping),
        prop_oneof![Just('1'), Just('a'), Just('-'), Just('局'), Just('.')].prop_map(Action::Type),
        prop_oneof![Just(Caret::Left), Just(Caret::Home), Just(Caret::Backspace), Just(Caret::Delete)]
            .prop_map(Action::Caret),
        Just(Action::Commit),
        Just(Action::CommitNext),
        Just(Action::Cancel),
        Just(Action::Edit(EditKey::Insert('文'))),
        Just(Action::Edit(EditKey::Newline)),
        Just(Action::Edit(EditKey::Select(Motion::WordLeft))),
        Just(Action::Edit(EditKey::Cut)),
        Just(Action::Edit(EditKey::Paste)),
        Just(Action::FinishText),
        "[0-9\t\n中a-]{0,12}".prop_map(Action::Paste),
        Just(Action::Clear),
        Just(Action::FillExpected),
        Just(Action::ZeroFill),
        Just(Action::Undo),
        Just(Action::Redo),
        Just(Action::NextError),
        Just(Action::Jump),
        Just(Action::Help),
        Just(Action::FoldGuidance),
        Just(Action::DraftProse),
        Just(Action::CopyLastYear),
        Just(Action::Quit),
        Just(Action::Answer(false)),
        (1u16..200, 1u16..60).prop_map(|(w, h)| Action::Resize(w, h)),
    ]
}
