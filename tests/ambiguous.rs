//! Terminals that draw East Asian ambiguous-width characters (“ ” … ①)
//! two columns wide: the start-up probe, the screen drawn for them, and
//! the text export aligned for them. The checks replay the wizard's bytes
//! through a small emulator that draws ambiguous characters wide (the
//! vt100 crate draws them narrow) and read every border back.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::Pty;
use nianbao::i18n::Lang;
use nianbao::text::{self, Ambiguous};
use nianbao::tui::app::{Action, App};
use ratatui_core::backend::TestBackend;
use ratatui_core::buffer::CellDiffOption;
use ratatui_core::terminal::Terminal;
use unicode_segmentation::UnicodeSegmentation;

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");

fn draft() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("d.ron");
    std::fs::copy(common::example("broken-tallies.ron"), &file).unwrap_or_else(|e| panic!("{e}"));
    (dir, file)
}

/// Starts the wizard with `--ambiguous-width` left to `auto`, plays the
/// terminal's part in the probe (`answer`: the column the cursor reports,
/// or silence) and returns it with the time its first screen took.
fn start_probed(file: &Path, answer: Option<u16>) -> (Pty, Duration) {
    let started = Instant::now();
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut p = Pty::spawn(
        BIN,
        &["edit", &file.to_string_lossy(), "--goto", "requests.new.natural_person"],
        dir,
        &[],
        24,
        80,
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while !p.raw.windows(4).any(|w| w == b"\x1b[6n") {
        assert!(Instant::now() < deadline, "no width question: {:?}", String::from_utf8_lossy(&p.raw));
        p.pump(Duration::from_millis(10));
    }
    if let Some(col) = answer {
        // A UTF-8 terminal's two answers: `é` left the cursor at column 2,
        // the ambiguous quote at `col`.
        p.send_raw(format!("\x1b[1;2R\x1b[1;{col}R").as_bytes());
    }
    p.wait_for("申请人情况");
    (p, started.elapsed())
}

#[test]
fn the_probe_reads_a_wide_a_narrow_and_a_silent_terminal() {
    let (_d, file) = draft();
    for (answer, said) in [
        (Some(3), "按两列显示（启动时检测终端得出）"),
        (Some(2), "按一列显示（启动时检测终端得出）"),
        (None, "按一列显示（启动时检测终端得出）"),
    ] {
        let (mut p, took) = start_probed(&file, answer);
        // Silence costs the probe's wait (200 ms), not crossterm's 2 s.
        assert!(took < Duration::from_millis(1500), "{answer:?}: first screen after {took:?}");
        p.send_raw(b"\x1bOP");
        p.pump(Duration::from_millis(100));
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut flat = String::new();
        while !flat.contains(said) && Instant::now() < deadline {
            // The help scrolls: page through it until the line appears.
            flat = p.screen().lines().map(str::trim_end).collect();
            if !flat.contains(said) {
                p.send_raw(b"j");
                p.pump(Duration::from_millis(30));
            }
        }
        assert!(flat.contains(said), "{answer:?}: {}", p.screen());
        p.send_raw(b"\x1b");
        p.pump(Duration::from_millis(200));
        p.send_raw(b"\x11");
        let _ = p.exit_within(Duration::from_secs(5));
    }
}

/// The screen as the terminal shows it, each line with its width in
/// `mode`: glyphs once, cells covered by a wide glyph (or marked skip)
/// left out.
fn screen_lines(app: &App, w: u16, h: u16, mode: Ambiguous) -> Vec<(String, usize)> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    t.draw(|f| f.render_widget(nianbao::tui::view::Shown(app), f.area())).unwrap_or_else(|e| panic!("{e}"));
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| {
            let (mut line, mut width, mut x) = (String::new(), 0, 0);
            while x < w {
                let cell = &buf[(x, y)];
                if cell.diff_option == CellDiffOption::Skip {
                    x += 1;
                    continue;
                }
                let gw = text::width(cell.symbol(), mode).max(1);
                line.push_str(cell.symbol());
                width += gw;
                x += gw as u16;
            }
            (line, width)
        })
        .collect()
}

/// Columns (in `mode`) where `|` stands on each line that has one.
fn separator_columns(lines: &[(String, usize)], mode: Ambiguous) -> std::collections::BTreeSet<usize> {
    let mut cols = std::collections::BTreeSet::new();
    for (line, _) in lines.iter().skip(1) {
        let mut col = 0;
        for g in line.graphemes(true) {
            if g == "|" {
                cols.insert(col);
            }
            col += text::width(g, mode);
        }
    }
    cols
}

#[test]
fn table_three_and_a_quoted_narrative_are_drawn_for_a_wide_terminal() {
    let report = nianbao::io::load(&common::example("broken-tallies.ron")).unwrap_or_else(|e| panic!("{e}"));
    for (step, name) in [(3usize, "wide-80x24-table3"), (1, "wide-80x24-overview")] {
        let mut app = App::new(report.clone(), Path::new("d.ron"), Lang::Zh);
        app.ambiguous = Ambiguous::Wide;
        app.update(Action::Resize(80, 24));
        app.update(Action::Step(step));
        let lines = screen_lines(&app, 80, 24, Ambiguous::Wide);
        for (i, (line, width)) in lines.iter().enumerate() {
            assert_eq!(*width, 80, "{name}: line {i} is {width} wide in wide mode: {line:?}");
        }
        let text: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
        if step == 3 {
            assert_eq!(separator_columns(&lines, Ambiguous::Wide).len(), 1, "{}", text.join("\n"));
            assert!(text.iter().any(|l| l.contains("3.危及“三安全")), "{}", text.join("\n"));
        }
        insta::assert_snapshot!(name, text.join("\n"));
    }
}

/// A terminal emulator just big enough for what the wizard sends, which
/// draws ambiguous characters two columns wide (as PuTTY or Xshell set to
/// "ambiguous as wide" do).
struct WideTerm {
    cells: Vec<Vec<String>>,
    x: usize,
    y: usize,
}

impl WideTerm {
    fn new(w: usize, h: usize) -> WideTerm {
        WideTerm { cells: vec![vec![" ".to_owned(); w]; h], x: 0, y: 0 }
    }

    fn feed(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let mut it = text.graphemes(true).peekable();
        let (w, h) = (self.cells[0].len(), self.cells.len());
        while let Some(g) = it.next() {
            match g {
                "\x1b" => {
                    if it.peek() != Some(&"[") {
                        it.next();
                        continue;
                    }
                    it.next();
                    let mut params = String::new();
                    let mut fin = "";
                    for g in it.by_ref() {
                        if g.len() == 1 && g.as_bytes()[0] >= 0x40 && g.as_bytes()[0] <= 0x7e {
                            fin = g;
                            break;
                        }
                        params.push_str(g);
                    }
                    let nums: Vec<usize> =
                        params.split(';').map(|p| p.trim_start_matches('?').parse().unwrap_or(0)).collect();
                    let n = nums.first().copied().unwrap_or(0).max(1);
                    match fin {
                        "H" => {
                            self.y = nums.first().copied().unwrap_or(1).max(1) - 1;
                            self.x = nums.get(1).copied().unwrap_or(1).max(1) - 1;
                        }
                        "A" => self.y = self.y.saturating_sub(n),
                        "B" => self.y = (self.y + n).min(h - 1),
                        "C" => self.x = (self.x + n).min(w - 1),
                        "D" => self.x = self.x.saturating_sub(n),
                        "J" if nums.first() == Some(&2) => self.cells = vec![vec![" ".to_owned(); w]; h],
                        _ => {}
                    }
                }
                "\r" => self.x = 0,
                "\n" => self.y = (self.y + 1).min(h - 1),
                g if g.chars().all(char::is_control) => {}
                g => {
                    let gw = text::width(g, Ambiguous::Wide);
                    if self.x + gw <= w {
                        g.clone_into(&mut self.cells[self.y][self.x]);
                        for k in 1..gw {
                            self.cells[self.y][self.x + k] = String::new();
                        }
                    }
                    self.x = (self.x + gw).min(w - 1);
                }
            }
        }
    }

    /// Columns where `|` stands, per row that has one.
    fn bars(&self) -> std::collections::BTreeSet<usize> {
        self.cells
            .iter()
            .skip(1)
            .flat_map(|row| row.iter().enumerate().filter(|(_, c)| *c == "|").map(|(x, _)| x))
            .collect()
    }

    fn text(&self) -> String {
        self.cells.iter().map(|r| r.concat()).collect::<Vec<_>>().join("\n")
    }
}

#[test]
fn the_wizards_bytes_on_a_wide_terminal_keep_every_border_in_place() {
    let (_d, file) = draft();
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut p = Pty::spawn(
        BIN,
        &[
            "--ambiguous-width",
            "wide",
            "edit",
            &file.to_string_lossy(),
            "--goto",
            "requests.new.natural_person",
        ],
        dir,
        &[],
        24,
        80,
    );
    p.wait_for("申请人情况");
    // Move down past the quoted label and back, type into a cell: every
    // frame's bytes replayed on a wide terminal.
    for key in ["j"; 12].iter().chain(["k"; 3].iter()).chain(["l", "5", "\r"].iter()) {
        p.send(key.as_bytes());
    }
    p.pump(Duration::from_millis(200));
    let mut term = WideTerm::new(80, 24);
    term.feed(&p.raw);
    let screen = term.text();
    assert!(screen.contains("3.危及“三安全"), "{screen}");
    assert_eq!(term.bars().len(), 1, "borders in several columns on a wide terminal:\n{screen}");
    p.send_raw(b"\x11");
    p.pump(Duration::from_millis(200));
    p.send_raw(b"d");
    let _ = p.exit_within(Duration::from_secs(5));
}

#[test]
fn the_text_export_aligns_its_tables_for_the_terminal_it_is_read_on() {
    let file = common::example("fuxin-2021.ron");
    for (flag, mode) in [("narrow", Ambiguous::Narrow), ("wide", Ambiguous::Wide)] {
        let o = std::process::Command::new(BIN)
            .args(["--ambiguous-width", flag, "export", &file.to_string_lossy(), "--to", "txt"])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.status.code(), Some(0));
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        // Every line of the request table (from its top rule to the next
        // blank line) is as wide as its rule, measured in that mode.
        let lines: Vec<&str> = text.lines().collect();
        let title = lines.iter().position(|l| l.starts_with("三、收到和处理")).unwrap_or(0);
        let block: Vec<&str> = lines[title + 1..].iter().copied().take_while(|l| !l.is_empty()).collect();
        assert!(block.iter().any(|l| l.contains("三安全一稳定")), "{}", block.join("\n"));
        let widths: std::collections::BTreeSet<usize> = block.iter().map(|l| text::width(l, mode)).collect();
        assert_eq!(widths.len(), 1, "{flag}: {widths:?}\n{}", block.join("\n"));
    }
}
