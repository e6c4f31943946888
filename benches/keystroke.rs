//! What a keystroke costs over a slow link, measured from outside like the
//! peers in the README's table: the real wizard in a pseudo-terminal,
//! keys sent one at a time, and per key kind the bytes written back (text
//! and control sequences apart) and the CPU time the wizard used
//! (`/proc/PID/schedstat`, median of the repeats); the first frame at 80x24
//! and 120x40. Then `check` of 10,000 generated drafts against `cat` of
//! the same files; `review` of 300 drafts against `check` of them, and of
//! a folder of 100 mixed files (Word, HTML, PDF). Last, the same keys in
//! process, each after the caches were emptied. Run with `cargo bench --bench keystroke` (it builds and
//! uses the release binary).

#[path = "../tests/common/measure.rs"]
mod measure;
#[path = "../tests/common/pty.rs"]
#[allow(dead_code)] // the tests use more of it than the benchmark
mod pty;

use std::path::{Path, PathBuf};
use std::time::Instant;

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

fn keys(bin: &str, file: &Path, cols: u16, rows: u16) {
    let (mut s, first) = measure::Session::start(bin, file, "requests.new.natural_person", cols, rows);
    println!(
        "\n{cols}x{rows}, table 3 (broken-tallies.ron)\n{:<28} {:>7} {:>7} {:>8} {:>9}",
        "key", "bytes", "text", "control", "cpu µs"
    );
    println!("{:<28} {:>7} {:>7} {:>8} {:>9}", "first frame", first.bytes, first.text(), first.control, "-");
    let kinds: [(&str, &[&[u8]]); 9] = [
        ("move down/up (j k)", &[b"j", b"k"]),
        ("move right/left (l h)", &[b"l", b"h"]),
        ("first digit in a cell", &[b"5"]),
        ("next digit", &[b"6"]),
        ("Esc (cancel the edit)", &[b"\x1b"]),
        ("Enter (a new value in)", &[b"\r"]),
        ("Tab (move right)", &[b"\t"]),
        ("next step, back (PgDn PgUp)", &[b"\x1b[6~", b"\x1b[5~"]),
        ("a key that changes nothing", &[b"\x1b[H"]),
    ];
    for (name, seq) in kinds {
        let (mut bytes, mut text, mut ctrl, mut cpu) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for round in 0..20 {
            for k in seq {
                // A digit needs a cell edit first, the next digit too.
                if *k == b"6" {
                    s.key("prefix", b"5");
                }
                // Enter puts a typed value in, one that differs each time.
                if *k == b"\r" {
                    s.key("prefix", if round % 2 == 0 { b"7" } else { b"8" });
                }
                let c = s.key(name, k);
                bytes.push(c.bytes as u64);
                text.push(c.text() as u64);
                ctrl.push(c.control as u64);
                cpu.push(c.cpu_us);
                if *k == b"\r" {
                    // Enter moved down a row: back up.
                    s.key("back", b"k");
                }
                if *k == b"5" || *k == b"6" {
                    // Cancel, and clear the status line that says so.
                    s.key("cancel", b"\x1b");
                    s.key("clear", b"j");
                    s.key("clear", b"k");
                }
            }
        }
        println!(
            "{name:<28} {:>7} {:>7} {:>8} {:>9}",
            median(bytes),
            median(text),
            median(ctrl),
            median(cpu)
        );
    }
    s.quit();
    // A step never shown before: its table laid out for the first time
    // (the pairs above go back and forth between two steps already drawn).
    let mut cpu = Vec::new();
    for _ in 0..3 {
        let (mut s, _) = measure::Session::start(bin, file, "meta.organ", cols, rows);
        for _ in 0..7 {
            cpu.push(s.key("PgDn", b"\x1b[6~").cpu_us);
        }
        s.quit();
    }
    println!("{:<28} {:>7} {:>7} {:>8} {:>9}", "next step, first visit", "-", "-", "-", median(cpu));
}

fn check_speed(bin: &str, dir: &Path) {
    let n = 10_000;
    let base = nianbao::io::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-tallies.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut files: Vec<PathBuf> = Vec::with_capacity(n);
    let mut seed: u64 = 42;
    for i in 0..n {
        let mut r = base.clone();
        for id in nianbao::model::Report::table_cells() {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            if seed >> 60 == 0 && nianbao::rules::is_count_cell(id) {
                r.set(id, nianbao::model::Value::Count(Some((seed >> 40) % 50)));
            }
        }
        let f = dir.join(format!("d{i:05}.ron"));
        let _ = std::fs::write(&f, r.to_ron().unwrap_or_default());
        files.push(f);
    }
    let time = |program: &str, args: &[&str]| {
        let start = Instant::now();
        let _ = std::process::Command::new(program)
            .args(args)
            .args(&files)
            .stdout(std::process::Stdio::null())
            .status();
        start.elapsed()
    };
    // Warm the page cache, then the best of three.
    time("cat", &[]);
    let best = |program: &str, args: &[&str]| (0..3).map(|_| time(program, args)).min().unwrap_or_default();
    let cat = best("cat", &[]);
    let check = best(bin, &["check"]);
    println!(
        "\ncheck of {n} drafts: {:.0} ms; cat of the same files: {:.0} ms; ratio {:.1}",
        check.as_secs_f64() * 1000.0,
        cat.as_secs_f64() * 1000.0,
        check.as_secs_f64() / cat.as_secs_f64().max(1e-9)
    );
}

/// The review desk: `review` of 300 drafts against `check` of the same
/// files (the target: within 3x), then a folder of 100 mixed files as an
/// office receives them — Word and HTML exports of drafts and copies of a
/// real published PDF — each read in a child process under limits.
fn review_speed(bin: &str, dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = nianbao::io::load(&root.join("examples/fuxin-2021.ron")).unwrap_or_else(|e| panic!("{e}"));
    let drafts = dir.join("drafts");
    let mixed = dir.join("mixed");
    let _ = std::fs::create_dir_all(&drafts);
    let _ = std::fs::create_dir_all(&mixed);
    let organ = nianbao::format::schema().lookup("meta.organ").unwrap_or(0);
    let mut files = Vec::new();
    for i in 0..300 {
        let mut r = base.clone();
        r.set(organ, nianbao::model::Value::Text(format!("某县第{i}局")));
        let f = drafts.join(format!("d{i:03}.ron"));
        let _ = std::fs::write(&f, r.to_ron().unwrap_or_default());
        files.push(f);
    }
    let run = |args: &[&str], extra: &[PathBuf]| {
        let start = Instant::now();
        let _ = std::process::Command::new(bin)
            .args(args)
            .args(extra)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        start.elapsed()
    };
    let d = drafts.to_string_lossy().into_owned();
    let best = |f: &dyn Fn() -> std::time::Duration| (0..3).map(|_| f()).min().unwrap_or_default();
    let check = best(&|| run(&["check"], &files));
    let review = best(&|| run(&["review", &d, "--format", "json"], &[]));
    println!(
        "\nreview of 300 drafts: {:.0} ms; check of the same files: {:.0} ms; ratio {:.1}",
        review.as_secs_f64() * 1000.0,
        check.as_secs_f64() * 1000.0,
        review.as_secs_f64() / check.as_secs_f64().max(1e-9)
    );
    let pdf = root.join("tests/fixtures/published-2024-huaian-szf.pdf");
    for i in 0..100 {
        let draft = &files[i % files.len()];
        let out = match i % 3 {
            0 => mixed.join(format!("m{i:03}.docx")),
            1 => mixed.join(format!("m{i:03}.html")),
            _ => {
                let _ = std::fs::copy(&pdf, mixed.join(format!("m{i:03}.pdf")));
                continue;
            }
        };
        let to = if i % 3 == 0 { "docx" } else { "html" };
        let _ = std::process::Command::new(bin)
            .args(["export", &draft.to_string_lossy(), "--to", to, "--force", "-o", &out.to_string_lossy()])
            .stderr(std::process::Stdio::null())
            .status();
    }
    let m = mixed.to_string_lossy().into_owned();
    let review = best(&|| run(&["review", &m, "--format", "json"], &[]));
    println!("review of 100 mixed files (Word, HTML, PDF): {:.0} ms", review.as_secs_f64() * 1000.0);
}

/// The same keys in process, each timed after the caches were emptied (a
/// walk over more memory than the processor caches hold), as they are
/// after the pause between two keys: what is left of a key's cost once
/// the pty and the kernel are taken away, and the part of it that is the
/// first touch of code and data.
fn cold_in_process() {
    use nianbao::tui::app::{Action, App, Dir};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-tallies.ron");
    let report = nianbao::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut junk = vec![0u8; 512 << 20];
    let mut sink = 0u8;
    println!("\nin process, caches emptied before each key (µs, median of 30)");
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = App::new(report.clone(), &path, nianbao::i18n::Lang::Zh);
        app.update(Action::Resize(w, h));
        if app.goto("requests.new.natural_person").is_err() {
            return;
        }
        let size = ratatui_core::layout::Size { width: w, height: h };
        let mut screen = nianbao::tui::screen::Screen::new(nianbao::tui::writer::TermBackend::with_size(
            std::io::sink(),
            size,
        ));
        let mut painter = nianbao::tui::view::Painter::default();
        let area = screen.area();
        let frame = painter.paint(&app, area, nianbao::tui::view::view_key(&app));
        screen.draw_canvas(frame, nianbao::tui::view::cursor(&app, area)).ok();
        painter.prepare(&mut app, area);
        let mut go = |app: &mut App, a: Action| {
            app.update(a);
            let frame = painter.paint(app, area, nianbao::tui::view::view_key(app));
            screen.draw_canvas(frame, nianbao::tui::view::cursor(app, area)).ok();
        };
        // (key kind, the keys of one round, which of them is timed: all when none is named)
        let kinds: [(&str, Vec<Action>, Option<usize>); 3] = [
            ("move right/left", vec![Action::Move(Dir::Right), Action::Move(Dir::Left)], None),
            (
                "Enter (a new value in)",
                vec![Action::StartTyping('7'), Action::Commit, Action::Move(Dir::Up)],
                Some(1),
            ),
            ("next step, back", vec![Action::NextStep, Action::PrevStep], None),
        ];
        for (name, seq, timed) in kinds {
            let mut us = Vec::new();
            for round in 0..30 {
                for (i, a) in seq.iter().enumerate() {
                    let a = match a {
                        Action::StartTyping(_) => Action::StartTyping(if round % 2 == 0 { '7' } else { '8' }),
                        other => other.clone(),
                    };
                    if timed.is_some_and(|t| t != i) {
                        go(&mut app, a);
                        continue;
                    }
                    for (k, b) in junk.iter_mut().enumerate().step_by(64) {
                        *b = b.wrapping_add(k as u8);
                    }
                    let start = Instant::now();
                    go(&mut app, a);
                    us.push(start.elapsed().as_micros() as u64);
                }
            }
            sink ^= junk[us.len()];
            println!("{w}x{h} {name:<24} {:>6}", median(us));
        }
    }
    std::hint::black_box(sink);
}

fn main() {
    let status = std::process::Command::new(env!("CARGO")).args(["build", "--release", "--quiet"]).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("cargo build --release failed");
        return;
    }
    // NIANBAO_BENCH_BIN measures another build (a release profile tried
    // in its own target directory) against the same keys.
    let bin = std::env::var("NIANBAO_BENCH_BIN").unwrap_or_else(|_| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/nianbao").to_string_lossy().into_owned()
    });
    let dir = std::env::temp_dir().join(format!("nianbao-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("bench.ron");
    let _ = std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-tallies.ron"), &file);
    keys(&bin, &file, 80, 24);
    keys(&bin, &file, 120, 40);
    let many = dir.join("many");
    let _ = std::fs::create_dir_all(&many);
    check_speed(&bin, &many);
    review_speed(&bin, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    cold_in_process();
}
