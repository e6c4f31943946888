//! The terminal writer (`tui::writer::TermBackend`, fed by the frame diff of
//! `tui::screen::Screen`, as in the wizard) against a recording
//! writer: no cursor move to where the cursor already is (after wide
//! characters too), minimal attribute changes, one `write()` per frame,
//! nothing for a frame that changes nothing — and the bytes, replayed
//! through a terminal emulator (vt100), give exactly the screen of
//! ratatui's buffer, for random frames of CJK text, styles and cursors.

use crate::common;

use std::io::Write;

use nianbao::text::Ambiguous;
use nianbao::tui::canvas::Canvas;
use nianbao::tui::screen::Screen;
use nianbao::tui::writer::TermBackend;
use proptest::prelude::*;
use ratatui_core::layout::{Position, Size};
use ratatui_core::style::{Color, Modifier, Style};

/// Every byte written, and how many `write()` calls it took.
#[derive(Default)]
struct Recording {
    bytes: Vec<u8>,
    writes: usize,
}

impl Write for Recording {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writes += 1;
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Term = Screen<Recording>;

fn terminal(w: u16, h: u16) -> Term {
    Screen::new(TermBackend::with_size(Recording::default(), Size { width: w, height: h }))
}

/// A frame of `cells` (x, y, text, style) as the view records one: each
/// text at its own width, cut at the right edge.
fn canvas(t: &Term, cells: &[(u16, u16, &str, Style)]) -> Canvas {
    let area = t.area();
    let mut c = Canvas::new(area);
    for &(x, y, s, style) in cells {
        let w = nianbao::text::width(s, Ambiguous::Narrow).min(usize::from(area.width.saturating_sub(x)));
        c.put(x, y, w, s, nianbao::text::Align::Left, style, Ambiguous::Narrow);
    }
    c
}

/// Draws `cells` (x, y, text, style) and the cursor through the wizard's
/// own path; returns what the frame wrote and in how many calls, clearing
/// the recording.
fn frame(t: &mut Term, cells: &[(u16, u16, &str, Style)], cursor: Option<(u16, u16)>) -> (Vec<u8>, usize) {
    let c = canvas(t, cells);
    t.draw_canvas(&c, cursor.map(|(x, y)| Position { x, y })).unwrap_or_else(|e| panic!("{e}"));
    let rec = t.backend_mut().writer_mut();
    let out = (std::mem::take(&mut rec.bytes), rec.writes);
    rec.writes = 0;
    out
}

#[allow(clippy::naive_bytecount)] // a handful of bytes in a test
fn escapes(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == 0x1b).count()
}

#[test]
fn text_after_a_wide_character_needs_no_cursor_move() {
    let mut t = terminal(20, 3);
    let (out, _) = frame(&mut t, &[(0, 0, "中文ab", Style::new())], None);
    let text = String::from_utf8_lossy(&out);
    // One move at the start (the cursor's position is unknown), then the
    // text runs on: the crossterm backend moved after each wide glyph.
    assert!(text.contains("中文ab"), "{text:?}");
    assert_eq!(escapes(&out), 2, "the first move and hiding the cursor: {text:?}");
    // Changing the cell after it steps back one column, relatively.
    let (out, _) = frame(&mut t, &[(0, 0, "中文ax", Style::new())], None);
    assert_eq!(String::from_utf8_lossy(&out), "\x1b[Dx");
}

/// A glyph drawn over the right half of a wide one erases the wide one on
/// a terminal; the screen kept says so too, so a later frame that leaves
/// the new glyph alone still finds it on the terminal (it was shown as a
/// blank before).
#[test]
fn a_glyph_over_a_wide_ones_right_half_leaves_a_blank_in_its_left() {
    let mut t = terminal(20, 3);
    let (out, _) = frame(&mut t, &[(0, 0, "表三", Style::new()), (3, 0, "①", Style::new())], None);
    let mut vt = vt100::Parser::new(
        std::num::NonZeroU16::MIN.saturating_add(2),
        std::num::NonZeroU16::MIN.saturating_add(19),
        0,
    );
    vt.process(&out);
    let row = |t: &Term| (0..5).map(|x| t.shown()[(x, 0)].symbol().to_owned()).collect::<Vec<_>>();
    assert_eq!(row(&t), ["表", " ", " ", "①", " "]);
    assert_eq!(vt.screen().contents_between(0, 0, 0, 5), "表 ①");
    // 中 over the blank and 表's right half; ① unchanged, not rewritten.
    let (out, _) = frame(&mut t, &[(1, 0, "中", Style::new()), (3, 0, "①", Style::new())], None);
    vt.process(&out);
    assert_eq!(row(&t), [" ", "中", " ", "①", " "]);
    assert_eq!(vt.screen().contents_between(0, 0, 0, 5), " 中①");
}

#[test]
fn a_move_to_where_the_cursor_is_is_never_written() {
    let mut t = terminal(20, 3);
    frame(&mut t, &[(0, 0, "abc", Style::new())], None);
    // Two changed cells in a row after an unchanged one: the gap is the
    // unchanged text itself (cheaper than a move), no escape at all.
    let (out, _) = frame(&mut t, &[(0, 0, "aXY", Style::new())], None);
    assert_eq!(escapes(&out), 1, "{:?}", String::from_utf8_lossy(&out));
    // The cursor stays where the frame left it: placing it there costs 0.
    let (out, _) = frame(&mut t, &[(0, 0, "aXY", Style::new())], Some((3, 0)));
    assert_eq!(String::from_utf8_lossy(&out), "\x1b[?25h");
    let (out, _) = frame(&mut t, &[(0, 0, "aXY", Style::new())], Some((3, 0)));
    assert!(out.is_empty(), "{out:?}");
}

#[test]
fn attribute_changes_are_minimal_and_no_reset_ends_a_frame() {
    let mut t = terminal(20, 3);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let bold_ul = bold.add_modifier(Modifier::UNDERLINED);
    let (out, _) = frame(&mut t, &[(0, 0, "a", bold), (1, 0, "b", bold_ul)], None);
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("\x1b[1ma\x1b[4mb"), "{text:?}");
    assert!(!text.ends_with("\x1b[0m") && !text.contains("\x1b[39m"), "{text:?}");
    // Back to plain: one reset (ESC [ m), shorter than switching both off.
    let (out, _) = frame(&mut t, &[(0, 0, "ab", Style::new())], None);
    assert_eq!(String::from_utf8_lossy(&out), "\r\x1b[mab");
}

#[test]
fn each_frame_is_one_write_and_an_unchanged_frame_writes_nothing() {
    let mut t = terminal(40, 10);
    let lines: Vec<(u16, u16, &str, Style)> =
        (0..10).map(|y| (0, y, "政府信息公开工作年度报告 2025", Style::new().fg(Color::Red))).collect();
    let (out, writes) = frame(&mut t, &lines, None);
    assert!(out.len() > 300);
    assert_eq!(writes, 1);
    let (out, writes) = frame(&mut t, &lines, None);
    assert_eq!((out.len(), writes), (0, 0));
}

fn vt_color(c: Color) -> vt100::Color {
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Black => vt100::Color::Idx(0),
        Color::Red => vt100::Color::Idx(1),
        Color::Green => vt100::Color::Idx(2),
        Color::Yellow => vt100::Color::Idx(3),
        Color::Blue => vt100::Color::Idx(4),
        Color::Magenta => vt100::Color::Idx(5),
        Color::Cyan => vt100::Color::Idx(6),
        Color::Gray => vt100::Color::Idx(7),
        Color::DarkGray => vt100::Color::Idx(8),
        Color::LightRed => vt100::Color::Idx(9),
        Color::LightGreen => vt100::Color::Idx(10),
        Color::LightYellow => vt100::Color::Idx(11),
        Color::LightBlue => vt100::Color::Idx(12),
        Color::LightMagenta => vt100::Color::Idx(13),
        Color::LightCyan => vt100::Color::Idx(14),
        Color::White => vt100::Color::Idx(15),
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
    }
}

/// The emulator's screen equals ratatui's buffer: every cell's text, and
/// its attributes where they can be seen (a blank shows only background,
/// underline and reverse video; bold or a foreground colour on a blank is
/// not a difference).
fn assert_same_screen(t: &Term, parser: &vt100::Parser, w: u16, h: u16) -> Result<(), TestCaseError> {
    let buf = t.shown();
    let screen = parser.screen();
    for y in 0..h {
        for x in 0..w {
            let cell = &buf[(x, y)];
            let Some(vt) = screen.cell(y, x) else { continue };
            if vt.is_wide_continuation() {
                continue;
            }
            let want = if cell.symbol().is_empty() { " " } else { cell.symbol() };
            let got = if vt.contents().is_empty() { " " } else { vt.contents() };
            prop_assert_eq!(got, want, "text at {},{}", x, y);
            let m = cell.modifier;
            prop_assert_eq!(vt.inverse(), m.contains(Modifier::REVERSED), "reverse at {},{}", x, y);
            prop_assert_eq!(vt.underline(), m.contains(Modifier::UNDERLINED), "underline at {},{}", x, y);
            prop_assert_eq!(vt.bgcolor(), vt_color(cell.bg), "background at {},{}", x, y);
            if want != " " || m.contains(Modifier::REVERSED) {
                prop_assert_eq!(vt.fgcolor(), vt_color(cell.fg), "colour at {},{}", x, y);
            }
            // Styles patched over each other can ask for bold and faint at
            // once, which an ECMA-48 terminal shows as one of them.
            if want != " " && !m.contains(Modifier::BOLD | Modifier::DIM) {
                prop_assert_eq!(vt.bold(), m.contains(Modifier::BOLD), "bold at {},{}", x, y);
                prop_assert_eq!(vt.dim(), m.contains(Modifier::DIM), "dim at {},{}", x, y);
                prop_assert_eq!(vt.italic(), m.contains(Modifier::ITALIC), "italic at {},{}", x, y);
            }
        }
    }
    Ok(())
}

fn arb_style() -> impl Strategy<Value = Style> {
    (0u8..8, any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), 0u8..4).prop_map(
        |(fg, bold, ul, rev, dim, bg)| {
            let mut s = Style::new();
            let colors = [
                Color::Reset,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::White,
                Color::DarkGray,
                Color::Indexed(200),
            ];
            s = s.fg(colors[usize::from(fg)]);
            s = s.bg([Color::Reset, Color::Blue, Color::Reset, Color::Gray][usize::from(bg)]);
            if bold {
                s = s.add_modifier(Modifier::BOLD);
            }
            if ul {
                s = s.add_modifier(Modifier::UNDERLINED);
            }
            if rev {
                s = s.add_modifier(Modifier::REVERSED);
            }
            // Bold and faint are one intensity in ECMA-48 terminals (and in
            // vt100): the wizard never asks for both.
            if dim && !bold {
                s = s.add_modifier(Modifier::DIM);
            }
            s
        },
    )
}

fn arb_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("中"),
            Just("文"),
            Just("，"),
            Just(" "),
            Just("a"),
            Just("7"),
            Just("①"),
            Just("“"),
            Just("表三"),
            Just("   "),
            Just("|"),
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

type Frame = (Vec<(u16, u16, String, Style)>, Option<(u16, u16)>);

fn arb_frame(w: u16, h: u16) -> impl Strategy<Value = Frame> {
    (
        proptest::collection::vec((0..w, 0..h, arb_text(), arb_style()), 0..30),
        proptest::option::of((0..w, 0..h)),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn replayed_bytes_give_exactly_the_buffers_screen(frames in proptest::collection::vec(arb_frame(24, 6), 1..6)) {
        let (w, h) = (24u16, 6u16);
        let mut t = terminal(w, h);
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
        let mut parser = vt100::Parser::new(size(h), size(w), 0);
        for (cells, cursor) in frames {
            let cells: Vec<(u16, u16, &str, Style)> =
                cells.iter().map(|(x, y, s, style)| (*x, *y, s.as_str(), *style)).collect();
            let c = canvas(&t, &cells);
            t.draw_canvas(&c, cursor.map(|(x, y)| Position { x, y })).unwrap_or_else(|e| panic!("{e}"));
            let rec = t.backend_mut().writer_mut();
            prop_assert!(rec.writes <= 1, "{} writes in one frame", rec.writes);
            rec.writes = 0;
            parser.process(&std::mem::take(&mut rec.bytes));
            assert_same_screen(&t, &parser, w, h)?;
            prop_assert_eq!(!parser.screen().hide_cursor(), cursor.is_some());
            if let Some((x, y)) = cursor {
                prop_assert_eq!(parser.screen().cursor_position(), (y, x));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The wizard writes only the rows whose drawing changed; the screen
    /// that leaves (and the terminal replaying its bytes) is exactly the
    /// whole frame drawn from scratch, after any sequence of keys.
    #[test]
    fn drawing_only_changed_rows_gives_the_whole_frame(actions in proptest::collection::vec(common::arb_action(), 1..25)) {
        use nianbao::tui::app::{Action, App};
        use nianbao::tui::view;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-tallies.ron");
        let report = nianbao::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut app = App::new(report, &dir.path().join("d.ron"), nianbao::i18n::Lang::Zh);
        let (mut w, mut h) = (80u16, 24u16);
        app.update(Action::Resize(w, h));
        let mut screen = terminal(w, h);
        let mut painter = view::Painter::default();
        // The size the other steps were laid out for, as in the wizard.
        let mut prepared = None;
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
        let mut parser = vt100::Parser::new(size(h), size(w), 0);
        for action in actions {
            if let Action::Resize(nw, nh) = action {
                // A new terminal size: a new screen, as after SIGWINCH.
                (w, h) = (nw, nh);
                screen = terminal(w, h);
                parser = vt100::Parser::new(size(h), size(w), 0);
            }
            app.update(action);
            let area = screen.area();
            // As the wizard does: the frame drawn over the last one, only
            // the regions that changed drawn again; the other steps laid
            // out after the first frame of each size.
            let frame = painter.paint(&app, area, nianbao::tui::view::view_key(&app));
            screen.draw_canvas(frame, view::cursor(&app, area)).unwrap_or_else(|e| panic!("{e}"));
            if prepared != Some(area) && painter.prepare(&mut app, area) {
                prepared = Some(area);
            }
            // And the whole frame drawn from scratch.
            let mut whole = ratatui_core::buffer::Buffer::empty(area);
            view::canvas(&app, area).apply(&mut whole);
            prop_assert!(screen.shown() == whole, "the screen differs from the whole frame");
            parser.process(&std::mem::take(&mut screen.backend_mut().writer_mut().bytes));
            assert_same_screen(&screen, &parser, w, h)?;
        }
    }
}

/// A value put into a table changes the sums and flags of other rows: the
/// screen drawn row by row (each row under what its cells show) stays the
/// whole frame, cell after cell of 表三.
#[test]
fn a_value_put_in_redraws_every_row_whose_sums_or_flags_it_changed() {
    use nianbao::tui::app::{Action, App, Dir};
    use nianbao::tui::view;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-tallies.ron");
    let report = nianbao::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(report, &dir.path().join("d.ron"), nianbao::i18n::Lang::Zh);
    // Tall enough to show the whole table.
    app.update(Action::Resize(120, 60));
    app.update(Action::Step(3));
    let mut screen = terminal(120, 60);
    let mut painter = view::Painter::default();
    let mut draw = |app: &App, screen: &mut Term| {
        let area = screen.area();
        let frame = painter.paint(app, area, nianbao::tui::view::view_key(app));
        screen.draw_canvas(frame, view::cursor(app, area)).unwrap_or_else(|e| panic!("{e}"));
        let mut whole = ratatui_core::buffer::Buffer::empty(area);
        view::canvas(app, area).apply(&mut whole);
        screen.shown() == whole
    };
    assert!(draw(&app, &mut screen));
    // An empty total shows the sum it will hold, worked out from other
    // rows.
    app.goto("requests.outcome_total.natural_person").unwrap_or_else(|e| panic!("{e}"));
    app.update(Action::Clear);
    assert!(draw(&app, &mut screen));
    app.goto("requests.new.natural_person").unwrap_or_else(|e| panic!("{e}"));
    // Down the first column and along the first row, values that make and
    // break the column and row tallies.
    for (k, d) in [Dir::Down, Dir::Down, Dir::Down, Dir::Right, Dir::Right, Dir::Down].into_iter().enumerate()
    {
        for digit in ['9', '0', '3'] {
            app.update(Action::StartTyping(digit));
            assert!(draw(&app, &mut screen));
            app.update(Action::Commit);
            assert!(draw(&app, &mut screen), "stale rows after putting {digit} in (move {k})");
            app.update(Action::Move(Dir::Up));
            assert!(draw(&app, &mut screen));
        }
        app.update(Action::Move(d));
    }
}
