//! What one keystroke costs over a slow SSH link: the real binary in a
//! pseudo-terminal, keys sent one at a time, and for each the bytes the
//! wizard writes back and the time until its output settles.
//! Run with `cargo bench --bench keystroke` (after `cargo build --release`).
//!
//! Targets (printed, and what a regression is judged against): moving the
//! focus in 表三 at 80x24 should write well under 1 KiB and settle within a
//! few milliseconds on a local pty; typing a digit likewise.

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn main() {
    let bin = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/nianbao");
    if !bin.exists() {
        eprintln!("build the release binary first: cargo build --release");
        return;
    }
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-tallies.ron");
    let dir = std::env::temp_dir().join(format!("nianbao-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("bench.ron");
    if std::fs::copy(&example, &file).is_err() {
        eprintln!("cannot copy the example");
        return;
    }
    let Ok(pty) =
        native_pty_system().openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
    else {
        eprintln!("no pty");
        return;
    };
    let mut cmd = CommandBuilder::new(&bin);
    cmd.args(["edit", &file.to_string_lossy(), "--goto", "requests.new.natural_person"]);
    cmd.env("LANG", "C.UTF-8");
    cmd.env("TERM", "xterm-256color");
    let Ok(mut child) = pty.slave.spawn_command(cmd) else {
        return;
    };
    let (Ok(mut reader), Ok(mut writer)) = (pty.master.try_clone_reader(), pty.master.take_writer()) else {
        return;
    };
    let (tx, rx) = mpsc::channel::<usize>();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(n).is_err() {
                break;
            }
        }
    });
    // Let the first screen arrive.
    settle(&rx, Duration::from_millis(500));
    let cases: [(&str, &[u8]); 4] = [
        ("move down (j)", b"j"),
        ("move right (l)", b"l"),
        ("type a digit then Esc", b"5\x1b"),
        ("next step and back (PgDn, PgUp)", b"\x1b[6~\x1b[5~"),
    ];
    println!("{:<34} {:>12} {:>14}", "keystroke (80x24, table 3)", "bytes/key", "settle ms/key");
    for (name, keys) in cases {
        let rounds = 40;
        let mut bytes = 0;
        let mut time = Duration::ZERO;
        for _ in 0..rounds {
            let _ = writer.write_all(keys);
            let _ = writer.flush();
            let (n, t) = settle(&rx, Duration::from_millis(30));
            bytes += n;
            time += t;
        }
        println!(
            "{name:<34} {:>12} {:>14.2}",
            bytes / rounds,
            time.as_secs_f64() * 1000.0 / f64::from(rounds as u32)
        );
    }
    let _ = writer.write_all(b"\x11d");
    let _ = writer.flush();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Reads until no output has come for `quiet`; returns bytes read and the
/// time from the call to the last byte.
fn settle(rx: &mpsc::Receiver<usize>, quiet: Duration) -> (usize, Duration) {
    let start = Instant::now();
    let mut bytes = 0;
    let mut last = Duration::ZERO;
    while let Ok(n) = rx.recv_timeout(quiet) {
        bytes += n;
        last = start.elapsed();
    }
    (bytes, last)
}
