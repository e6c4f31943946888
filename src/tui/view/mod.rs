//! Rendering: the state read and drawn as drawing operations on a
//! [`Canvas`] ([`Painter`] keeps them between frames; [`Shown`] is the same
//! as a ratatui widget); nothing here changes the state but
//! [`Painter::prepare`], which shows each step in turn and puts the step
//! back. Every string is measured, cut and padded through `nianbao-text`, and
//! every row is written to exactly the width of its area, so a line never
//! overflows and never ends mid-glyph.
//!
//! Screen, top to bottom: title bar, step bar, guidance, body (grid, text
//! fields or review list), detail lines (the focused cell's full label and
//! meaning, the rule it breaks, the status), key bar.

use crate::tui::messages as say;
use ratatui_core::buffer::Buffer;
use ratatui_core::layout::{Position, Rect};
use ratatui_core::style::Style;
use ratatui_core::widgets::Widget;

use super::app::{App, Mode, REVIEW, STEPS, StepState};
use super::canvas::{self, Canvas};
use super::keymap::{self};
use crate::format::SECTIONS;
use crate::i18n::Lang;
use crate::text::{self, Align};

use super::geometry::{MIN_H, MIN_W, areas, editor_rect, fields_area};

mod grid_view;
mod keys;
mod paint;
mod panels;

use grid_view::{draw_grid, field_rect};
pub use keys::{cell_stamps, view_key};
use paint::{draw_wrapped, put, rows, separator, theme};
use panels::{draw_detail, draw_fields, draw_help, draw_keys, draw_new_draft, draw_review};

/// The wizard's screen as a ratatui widget (for tests and tools that draw
/// with ratatui's `Terminal`; the wizard itself writes through
/// [`Painter`] and the terminal engine).
pub struct Shown<'a>(pub &'a App);

impl Widget for Shown<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        canvas(self.0, area).apply(buf);
    }
}

/// The whole screen as drawing operations, row by row: applied to a
/// buffer whole (the widget, tests), or only the rows that differ from the
/// last frame (the wizard's [`super::screen::Screen`]).
#[must_use]
pub fn canvas(app: &App, area: Rect) -> Canvas {
    let mut canvas = Canvas::new(area);
    draw(app, area, view_key(app), &cell_stamps(app), &mut canvas);
    canvas.end();
    canvas
}

/// The wizard's frames, each drawn over the last: a region of the screen
/// (title, step bar, guidance, a table's header or one of its rows, the
/// detail lines, the key bar) is drawn again only when something it shows
/// changed. A move in a table draws the two rows it touches and the
/// detail lines, not the whole screen.
///
/// Each step keeps a canvas of its own: back on a step seen before, only
/// the regions that changed since are drawn again (the screen still
/// compares every row, the step's frame not being the last one drawn).
#[derive(Debug, Default)]
pub struct Painter {
    canvases: Vec<Canvas>,
    /// [`cell_stamps`] with the (revision, check, step) they were worked
    /// out for.
    stamps: Option<((u64, u64, usize), Vec<u64>)>,
}

impl Painter {
    /// The next frame of `app` on `area`; `view` is [`view_key`].
    pub fn paint(&mut self, app: &App, area: Rect, view: u64) -> &Canvas {
        if self.canvases.len() <= app.step {
            self.canvases.resize_with(app.step + 1, || Canvas::new(area));
        }
        let now = (app.revision, app.checks, app.step);
        if self.stamps.as_ref().is_none_or(|(then, _)| *then != now) {
            self.stamps = Some((now, cell_stamps(app)));
        }
        let stamps = self.stamps.as_ref().map_or(&[][..], |(_, s)| s.as_slice());
        let canvas = &mut self.canvases[app.step];
        canvas.begin(area);
        draw(app, area, view, stamps, canvas);
        canvas.end();
        canvas
    }

    /// Lays out every other step on `area`, off screen (call it once the
    /// frame on screen is written: when a draft opens, after a resize). A
    /// step's first visit then draws only what changed since, as a return
    /// to it does, instead of laying its table out while a key waits.
    /// The app is shown as it is, on each step in turn
    /// ([`App::as_on_step`]: the view never moves the app itself). Not
    /// while help, an edit or a question is on screen (false: ask again
    /// later).
    pub fn prepare(&mut self, app: &mut App, area: Rect) -> bool {
        if app.help || !matches!(app.mode, Mode::Normal) || app.ask.is_some() {
            return false;
        }
        let current = app.step;
        for step in (0..STEPS).filter(|&s| s != current) {
            app.as_on_step(step, |app| {
                let view = view_key(app);
                self.paint(app, area, view);
            });
        }
        true
    }
}

/// What every region's look depends on: the screen's size, the language,
/// the ambiguous-width mode and the styles.
fn base_key(app: &App, area: Rect) -> u64 {
    canvas::key((area, app.lang, app.ambiguous, app.colour))
}

/// Draws the frame; `all` is [`App::view_key`], the key of the regions
/// that show a bit of everything.
fn draw(app: &App, area: Rect, all: u64, stamps: &[u64], buf: &mut Canvas) {
    let mode = app.ambiguous;
    let base = base_key(app, area);
    if area.width < MIN_W || area.height < MIN_H {
        buf.region(rows(area), canvas::key((base, 0u8)), |buf| {
            let msg = say::too_small(app.lang, (MIN_W, MIN_H), (area.width, area.height));
            for (i, line) in text::wrap(&msg, usize::from(area.width), mode)
                .iter()
                .enumerate()
                .take(usize::from(area.height))
            {
                put(
                    buf,
                    area.x,
                    area.y + i as u16,
                    usize::from(area.width),
                    line,
                    Align::Left,
                    Style::new(),
                    mode,
                );
            }
        });
        return;
    }
    let a = areas(app.guidance_lines(), area);
    // The title and the step bar under the steps' states (a value put in
    // redraws them only when it changes one), and the title under the
    // report's year and organ too.
    let step_states = app.step_states();
    let (year, organ) = (app.report.year(), app.report.organ());
    buf.region(
        rows(a.title),
        canvas::key((base, 1u8, a.title, &*step_states, app.modified, app.path.as_os_str(), year, organ)),
        |buf| {
            draw_title(app, &step_states, a.title, buf);
        },
    );
    buf.region(rows(a.steps), canvas::key((base, 2u8, a.steps, &*step_states, app.step)), |buf| {
        draw_steps(app, &step_states, a.steps, buf);
    });
    drop(step_states);
    // Everything below the step bar and above the key bar.
    let middle = Rect::new(
        a.guidance.x,
        a.guidance.y,
        a.guidance.width,
        a.guidance.height + a.body.height + a.detail.height,
    );
    if app.help {
        buf.region(rows(middle), canvas::key((base, 3u8, middle, all)), |buf| {
            draw_help(app, middle, buf);
        });
    } else if let Mode::NewDraft { line } = &app.mode {
        buf.region(rows(middle), canvas::key((base, 4u8, middle, all)), |buf| {
            draw_new_draft(app, line.text(), middle, buf);
        });
    } else {
        let guidance = canvas::key((base, 5u8, a.guidance, app.step, app.guidance_folded));
        buf.region(rows(a.guidance), guidance, |buf| draw_guidance(app, a.guidance, buf));
        draw_body(app, (base, all), stamps, a.body, buf);
        // The focused field's label, meaning and flags (the report's
        // revision stands for those), and the status line.
        let review = (app.step == REVIEW).then(|| app.cursor[REVIEW]);
        let said = (app.quitting, app.status.as_ref().map(|s| (&s.text, s.error)));
        let detail = (base, 6u8, a.detail, app.step, app.focused_field(), review, app.revision, said);
        buf.region(rows(a.detail), canvas::key(detail), |buf| {
            draw_detail(app, a.detail, buf);
        });
    }
    let in_grid = app.grid().is_some();
    let keys = canvas::key((base, 7u8, a.keys, keymap::bar_context(app.ctx(), in_grid), in_grid));
    buf.region(rows(a.keys), keys, |buf| draw_keys(app, a.keys, buf));
}

/// Where the terminal's cursor goes (the caret of an edit, so an IME's
/// candidate window opens there), if anywhere.
#[must_use]
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    if area.width < MIN_W || area.height < MIN_H || app.help {
        return None;
    }
    let a = areas(app.guidance_lines(), area);
    let mode = app.ambiguous;
    match &app.mode {
        Mode::Normal => None,
        Mode::NewDraft { line } => {
            let r =
                Rect::new(a.guidance.x, a.guidance.y, a.guidance.width, a.guidance.height + a.body.height);
            let x = r.x as usize + 2 + text::width(line.before_caret(), mode);
            Some(Position::new(x.min(usize::from(r.right() - 1)) as u16, r.y + 3))
        }
        Mode::EditLine { field, line } => {
            let rect = field_rect(app, a.body, *field)?;
            let x = rect.x as usize
                + text::width(line.before_caret(), mode).min(usize::from(rect.width.saturating_sub(1)));
            Some(Position::new(x as u16, rect.y))
        }
        Mode::EditText { editor, .. } => {
            let r = editor_rect(fields_area(app.last_year_text().is_some(), a.body).0);
            let (x, y) = editor.caret_screen();
            Some(Position::new(
                r.x + (x as u16).min(r.width.saturating_sub(1)),
                r.y + (y as u16).min(r.height.saturating_sub(1)),
            ))
        }
    }
}

fn draw_title(app: &App, states: &[StepState], r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let name = app.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let marker = if app.modified { say::modified_marker(app.lang) } else { "" };
    let year = app.report.year().map(|y| format!(" {y}{}", say::year_suffix(app.lang))).unwrap_or_default();
    let done = states[..SECTIONS.len()].iter().filter(|s| **s == StepState::Complete).count();
    let total = SECTIONS.len();
    let progress = say::progress(app.lang, done, total);
    let left = format!(" nianbao | {name}{marker} | {}{year}", app.report.organ());
    let w = usize::from(r.width);
    let pw = text::width(&progress, mode);
    put(buf, r.x, r.y, w.saturating_sub(pw), &left, Align::Left, theme(app).title, mode);
    put(
        buf,
        r.x + w.saturating_sub(pw) as u16,
        r.y,
        pw.min(w),
        &progress,
        Align::Right,
        theme(app).title,
        mode,
    );
}

/// The step's name in the step bar: full, or compact (its number only).
fn step_name(step: usize, compact: bool, lang: Lang) -> &'static str {
    if step == REVIEW {
        return say::check_step(lang, compact);
    }
    let short = SECTIONS[step].short;
    if compact {
        match short.split_once('、') {
            Some((n, _)) => n,
            None => short.char_indices().nth(2).map_or(short, |(i, _)| &short[..i]),
        }
    } else {
        short
    }
}

/// Appends a step's state mark: `.` empty, `~` partial, `+` complete,
/// `!n` with n errors.
fn push_state_mark(out: &mut String, s: StepState) {
    use std::fmt::Write as _;
    match s {
        StepState::Empty => out.push('.'),
        StepState::Partial => out.push('~'),
        StepState::Complete => out.push('+'),
        StepState::Errors(n) => {
            let _ = write!(out, "!{n}");
        }
    }
}

fn draw_steps(app: &App, states: &[StepState], r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = theme(app);
    let w = usize::from(r.width);
    // Every step's text in one line, each with its span and look.
    let mut line = String::new();
    let mut items: Vec<(std::ops::Range<usize>, Style)> = Vec::with_capacity(STEPS);
    let mut lay_out = |compact: bool, line: &mut String| {
        line.clear();
        items.clear();
        for (s, &st) in states.iter().enumerate().take(STEPS) {
            let current = s == app.step;
            let start = line.len();
            if current {
                line.push('[');
            }
            push_state_mark(line, st);
            line.push_str(step_name(s, compact && !current, app.lang));
            if current {
                line.push(']');
            }
            let style = if current {
                t.step_current
            } else if matches!(st, StepState::Errors(_)) {
                t.step_error
            } else {
                t.step
            };
            items.push((start..line.len(), style));
        }
        items.iter().map(|(span, _)| text::width(&line[span.clone()], mode) + 1).sum::<usize>()
    };
    if lay_out(false, &mut line) > w {
        lay_out(true, &mut line);
    }
    let mut x = 0usize;
    for (span, style) in &items {
        let text = &line[span.clone()];
        let tw = text::width(text, mode);
        if x + tw > w {
            break;
        }
        put(buf, r.x + x as u16, r.y, tw, text, Align::Left, *style, mode);
        x += tw;
        if x < w {
            put(buf, r.x + x as u16, r.y, 1, " ", Align::Left, Style::new(), mode);
            x += 1;
        }
    }
    put(buf, r.x + x as u16, r.y, w - x.min(w), "", Align::Left, Style::new(), mode);
}

fn draw_guidance(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let text = if app.step == REVIEW {
        say::review_guidance(app.lang).to_owned()
    } else {
        let s = &SECTIONS[app.step];
        let title = if s.title.is_empty() { s.short } else { s.title };
        format!("{title}：{}", s.guidance)
    };
    draw_wrapped(buf, r, &text, theme(app).dim, mode);
}

fn draw_body(app: &App, (base, all): (u64, u64), stamps: &[u64], r: Rect, buf: &mut Canvas) {
    if let Some(g) = app.grid() {
        draw_grid(app, g, (base, all), stamps, r, buf);
        return;
    }
    buf.region(rows(r), canvas::key((base, 8u8, r, all)), |buf| {
        if app.step == REVIEW {
            draw_review(app, r, buf);
        } else {
            let (left, reference) = fields_area(app.last_year_text().is_some(), r);
            draw_fields(app, left, buf);
            if let (Some(rr), Some(text)) = (reference, app.last_year_text()) {
                draw_reference(app, rr, text, buf);
            }
        }
    });
}

/// Last year's text, wrapped, under its heading, with the key that copies it.
fn draw_reference(app: &App, r: Rect, text: &str, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let w = usize::from(r.width);
    for y in 0..r.height {
        separator(buf, r.x - 1, r.y + y);
    }
    let title = say::last_year_title(app.lang);
    put(buf, r.x, r.y, w, title, Align::Left, theme(app).header, mode);
    let lines: Vec<String> = text.lines().flat_map(|l| text::wrap(l, w, mode)).collect();
    for y in 1..r.height {
        let line = lines.get(usize::from(y) - 1).map_or("", String::as_str);
        put(buf, r.x, r.y + y, w, line, Align::Left, theme(app).dim, mode);
    }
}

// --- grid ------------------------------------------------------------------

// --- text fields -------------------------------------------------------------
