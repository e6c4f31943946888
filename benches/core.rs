//! CPU cost of the work done on every keystroke: re-checking the report,
//! laying a screen out and drawing it, wrapping a long paragraph.
//! Run with `cargo bench --bench core`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::i18n::Lang;
use nianbao::text::{self, Ambiguous};
use nianbao::tui::app::{Action, App};
use nianbao::tui::screen::Screen;
use nianbao::tui::writer::TermBackend;
use ratatui_core::layout::Size;

fn example() -> (std::path::PathBuf, nianbao::model::Report) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-tallies.ron");
    let report = nianbao::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    (path, report)
}

fn benches(c: &mut Criterion) {
    let (path, report) = example();
    c.bench_function("validate", |b| {
        b.iter(|| nianbao::rules::validate(black_box(&report)));
    });
    c.bench_function("ron round trip", |b| {
        b.iter(|| {
            let text = report.to_ron().unwrap_or_default();
            nianbao::model::Report::from_ron(black_box(&text)).ok()
        });
    });
    // The wizard's own path: the update, the frame drawn over the last
    // one, the diff and the writer's bytes (to a sink).
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = App::new(report.clone(), &path, Lang::Zh);
        app.update(Action::Resize(w, h));
        app.update(Action::Step(3));
        let backend = TermBackend::with_size(std::io::sink(), Size { width: w, height: h });
        let mut screen = Screen::new(backend);
        let mut painter = nianbao::tui::view::Painter::default();
        let mut right = true;
        c.bench_function(&format!("keystroke: move + draw table 3 at {w}x{h}"), |b| {
            b.iter(|| {
                let d = if right { nianbao::tui::app::Dir::Right } else { nianbao::tui::app::Dir::Left };
                right = !right;
                app.update(Action::Move(d));
                let area = screen.area();
                let frame = painter.paint(&app, area, nianbao::tui::view::view_key(&app));
                screen.draw_canvas(frame, nianbao::tui::view::cursor(&app, area)).ok();
            });
        });
        // Enter putting a value in: the report checked again, the typo
        // search, the rows it changed drawn (the edit started before, and
        // the move back up after, are not timed).
        let mut digit = '7';
        c.bench_function(&format!("keystroke: Enter puts a value in (table 3) at {w}x{h}"), |b| {
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                let area = screen.area();
                for _ in 0..iters {
                    digit = if digit == '7' { '8' } else { '7' };
                    app.update(Action::StartTyping(digit));
                    let frame = painter.paint(&app, area, nianbao::tui::view::view_key(&app));
                    screen.draw_canvas(frame, nianbao::tui::view::cursor(&app, area)).ok();
                    let started = std::time::Instant::now();
                    app.update(Action::Commit);
                    let frame = painter.paint(&app, area, nianbao::tui::view::view_key(&app));
                    screen.draw_canvas(frame, nianbao::tui::view::cursor(&app, area)).ok();
                    spent += started.elapsed();
                    app.update(Action::Move(nianbao::tui::app::Dir::Up));
                    let frame = painter.paint(&app, area, nianbao::tui::view::view_key(&app));
                    screen.draw_canvas(frame, nianbao::tui::view::cursor(&app, area)).ok();
                }
                spent
            });
        });
        // A step change draws nearly the whole screen again.
        let mut forward = true;
        c.bench_function(&format!("keystroke: step change (table 3 <-> 4) at {w}x{h}"), |b| {
            b.iter(|| {
                app.update(if forward { Action::NextStep } else { Action::PrevStep });
                forward = !forward;
                let area = screen.area();
                let frame = painter.paint(&app, area, nianbao::tui::view::view_key(&app));
                screen.draw_canvas(frame, nianbao::tui::view::cursor(&app, area)).ok();
            });
        });
    }
    let text = "根据《中华人民共和国政府信息公开条例》要求，编制本报告。".repeat(40);
    c.bench_function("wrap 1000 CJK chars at 76 columns", |b| {
        b.iter(|| text::wrap(black_box(&text), 76, Ambiguous::Narrow));
    });
}

criterion_group!(core, benches);
criterion_main!(core);
