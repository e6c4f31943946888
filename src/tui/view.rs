//! Rendering: `impl Widget for &App` reads the state and draws; it changes
//! nothing. Every string is measured, cut and padded through `layout`, and
//! every row is written to exactly the width of its area, so a line never
//! overflows and never ends mid-glyph.
//!
//! Screen, top to bottom: title bar, step bar, guidance, body (grid, text
//! fields or review list), detail lines (the focused cell's full label and
//! meaning, the rule it breaks, the status), key bar.

use compact_str::{CompactString, ToCompactString, format_compact};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::app::{App, Mode, REVIEW, STEPS, StepState};
use super::canvas::{self, Canvas};
use super::grid::{self, Geometry, Grid};
use super::keymap::{self, Ctx};
use crate::format::{self, FieldId, Layout, Place, SECTIONS, Severity};
use crate::i18n::Lang;
use crate::layout::{self, Align, Ambiguous};
use crate::model::Value;
use crate::rules;

/// Smallest usable terminal.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 18;
/// Width of the address slot in the detail lines (the longest address,
/// `[requests.other_overdue_fee.legal_services]`, fits).
const ADDRESS_SLOT: usize = 46;
/// Lines below the body: label (2), meaning or rule (1), status (1).
const DETAIL: u16 = 4;

/// Size of the body area for a terminal of `w` x `h`.
#[must_use]
pub fn body_area(w: u16, h: u16, guidance: u16) -> (u16, u16) {
    (w, h.saturating_sub(2 + guidance + DETAIL + 1))
}

struct Areas {
    title: Rect,
    steps: Rect,
    guidance: Rect,
    body: Rect,
    detail: Rect,
    keys: Rect,
}

fn areas(app: &App, area: Rect) -> Areas {
    let g = app.guidance_lines();
    let (_, body_h) = body_area(area.width, area.height, g);
    let row = |y: u16, h: u16| Rect::new(area.x, area.y + y, area.width, h);
    Areas {
        title: row(0, 1),
        steps: row(1, 1),
        guidance: row(2, g),
        body: row(2 + g, body_h),
        detail: row(2 + g + body_h, DETAIL),
        keys: row(area.height - 1, 1),
    }
}

/// Writes `text` padded or cut to exactly `w` columns at (x, y) (recorded
/// on the canvas; see [`Canvas`]).
#[allow(clippy::too_many_arguments)] // a drawing primitive: position, width, text, look
fn put(buf: &mut Canvas, x: u16, y: u16, w: usize, text: &str, align: Align, style: Style, mode: Ambiguous) {
    buf.put(x, y, w, text, align, style, mode);
}

/// The `|` between the label column and the values (ASCII: never
/// ambiguous-width).
fn separator(buf: &mut Canvas, x: u16, y: u16) {
    buf.put(x, y, 1, "|", Align::Left, Style::new(), Ambiguous::Narrow);
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        canvas(self, area).apply(buf);
    }
}

/// The whole screen as drawing operations, row by row: applied to a
/// buffer whole (the widget, tests), or only the rows that differ from the
/// last frame (the wizard's [`super::screen::Screen`]).
#[must_use]
pub fn canvas(app: &App, area: Rect) -> Canvas {
    let mut canvas = Canvas::new(area);
    draw(app, area, app.view_key(), &mut canvas);
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
}

impl Painter {
    /// The next frame of `app` on `area`; `view` is [`App::view_key`].
    pub fn paint(&mut self, app: &App, area: Rect, view: u64) -> &Canvas {
        if self.canvases.len() <= app.step {
            self.canvases.resize_with(app.step + 1, || Canvas::new(area));
        }
        let canvas = &mut self.canvases[app.step];
        canvas.begin(area);
        draw(app, area, view, canvas);
        canvas.end();
        canvas
    }

    /// Lays out every other step on `area`, off screen (call it once the
    /// frame on screen is written: when a draft opens, after a resize). A
    /// step's first visit then draws only what changed since, as a return
    /// to it does, instead of laying its table out while a key waits.
    /// The app is shown as it is, on each step in turn, and left on its
    /// own step. Not while help, an edit or a question is on screen (false:
    /// ask again later).
    pub fn prepare(&mut self, app: &mut App, area: Rect) -> bool {
        if app.help || !matches!(app.mode, Mode::Normal) || app.ask.is_some() {
            return false;
        }
        let current = app.step;
        for step in (0..STEPS).filter(|&s| s != current) {
            app.step = step;
            let view = app.view_key();
            self.paint(app, area, view);
        }
        app.step = current;
        true
    }
}

/// What every region's look depends on: the screen's size, the language,
/// the ambiguous-width mode and the styles.
fn base_key(app: &App, area: Rect) -> u64 {
    canvas::key((area, app.lang, app.ambiguous, app.theme))
}

fn rows(r: Rect) -> std::ops::Range<u16> {
    r.y..r.bottom()
}

/// Draws the frame; `all` is [`App::view_key`], the key of the regions
/// that show a bit of everything.
fn draw(app: &App, area: Rect, all: u64, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let base = base_key(app, area);
    if area.width < MIN_W || area.height < MIN_H {
        buf.region(rows(area), canvas::key((base, 0u8)), |buf| {
            let msg = match app.lang {
                Lang::Zh => {
                    format!("终端太小：至少需要 {MIN_W}x{MIN_H}，当前 {}x{}", area.width, area.height)
                }
                Lang::En => {
                    format!("Terminal too small: needs {MIN_W}x{MIN_H}, now {}x{}", area.width, area.height)
                }
            };
            for (i, line) in layout::wrap(&msg, usize::from(area.width), mode)
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
    let a = areas(app, area);
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
        draw_body(app, (base, all), a.body, buf);
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
    let a = areas(app, area);
    let mode = app.ambiguous;
    match &app.mode {
        Mode::Normal => None,
        Mode::NewDraft { line } => {
            let r =
                Rect::new(a.guidance.x, a.guidance.y, a.guidance.width, a.guidance.height + a.body.height);
            let x = r.x as usize + 2 + layout::width(line.before_caret(), mode);
            Some(Position::new(x.min(usize::from(r.right() - 1)) as u16, r.y + 3))
        }
        Mode::EditLine { field, line } => {
            let rect = field_rect(app, a.body, *field)?;
            let x = rect.x as usize
                + layout::width(line.before_caret(), mode).min(usize::from(rect.width.saturating_sub(1)));
            Some(Position::new(x as u16, rect.y))
        }
        Mode::EditText { editor, .. } => {
            let r = editor_rect(fields_area(app, a.body).0);
            let (x, y) = editor.caret_screen();
            Some(Position::new(
                r.x + (x as u16).min(r.width.saturating_sub(1)),
                r.y + (y as u16).min(r.height.saturating_sub(1)),
            ))
        }
    }
}

/// Columns and rows of the narrative editor on the app's screen.
#[must_use]
pub fn editor_size(app: &App) -> (usize, usize) {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    if area.width < MIN_W || area.height < MIN_H {
        return (usize::from(MIN_W), 1);
    }
    let r = editor_rect(fields_area(app, areas(app, area).body).0);
    (usize::from(r.width), usize::from(r.height))
}

fn draw_title(app: &App, states: &[StepState], r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let name = app.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let marker = if app.modified { app.lang.pick(" [已修改]", " [modified]") } else { "" };
    let year = app.report.year().map(|y| format!(" {y}{}", app.lang.pick("年度", ""))).unwrap_or_default();
    let done = states[..SECTIONS.len()].iter().filter(|s| **s == StepState::Complete).count();
    let total = SECTIONS.len();
    let progress = match app.lang {
        Lang::Zh => format!("完成 {done}/{total} "),
        Lang::En => format!("done {done}/{total} "),
    };
    let left = format!(" nianbao | {name}{marker} | {}{year}", app.report.organ());
    let w = usize::from(r.width);
    let pw = layout::width(&progress, mode);
    put(buf, r.x, r.y, w.saturating_sub(pw), &left, Align::Left, app.theme.title, mode);
    put(
        buf,
        r.x + w.saturating_sub(pw) as u16,
        r.y,
        pw.min(w),
        &progress,
        Align::Right,
        app.theme.title,
        mode,
    );
}

/// The step's name in the step bar: full, or compact (its number only).
fn step_name(step: usize, compact: bool, lang: Lang) -> &'static str {
    if step == REVIEW {
        return if compact {
            lang.pick("检查", "Check")
        } else {
            lang.pick("检查与导出", "Check & export")
        };
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
    let t = app.theme;
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
        items.iter().map(|(span, _)| layout::width(&line[span.clone()], mode) + 1).sum::<usize>()
    };
    if lay_out(false, &mut line) > w {
        lay_out(true, &mut line);
    }
    let mut x = 0usize;
    for (span, style) in &items {
        let text = &line[span.clone()];
        let tw = layout::width(text, mode);
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

fn review_guidance(lang: Lang) -> &'static str {
    lang.pick(
        "检查与导出：下面列出全部勾稽错误和未填写的项目，选中后按 Enter 转到该格。没有错误后按 Ctrl-S 保存，再用 nianbao check 核对。",
        "Check & export: every tally error and empty field is listed below; Enter jumps to it. When there are no errors, Ctrl-S saves; nianbao check confirms.",
    )
}

fn draw_guidance(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let text = if app.step == REVIEW {
        review_guidance(app.lang).to_owned()
    } else {
        let s = &SECTIONS[app.step];
        let title = if s.title.is_empty() { s.short } else { s.title };
        format!("{title}：{}", s.guidance)
    };
    draw_wrapped(buf, r, &text, app.theme.dim, mode);
}

/// Wraps text into a rect; the last visible line ends in an ellipsis when
/// the text does not fit.
fn draw_wrapped(buf: &mut Canvas, r: Rect, text: &str, style: Style, mode: Ambiguous) {
    let w = usize::from(r.width);
    let h = usize::from(r.height);
    let lines = layout::fit(text, w, h, false, mode);
    for y in 0..h {
        let line = lines.get(y).map_or("", String::as_str);
        put(buf, r.x, r.y + y as u16, w, line, Align::Left, style, mode);
    }
}

fn draw_body(app: &App, (base, all): (u64, u64), r: Rect, buf: &mut Canvas) {
    if let Some(g) = app.grid() {
        draw_grid(app, g, (base, all), r, buf);
        return;
    }
    buf.region(rows(r), canvas::key((base, 8u8, r, all)), |buf| {
        if app.step == REVIEW {
            draw_review(app, r, buf);
        } else {
            let (left, reference) = fields_area(app, r);
            draw_fields(app, left, buf);
            if let (Some(rr), Some(text)) = (reference, app.last_year_text()) {
                draw_reference(app, rr, text, buf);
            }
        }
    });
}

/// The text fields' area, and beside it the reference panel with last
/// year's text of the focused narrative (when last year's report is known).
fn fields_area(app: &App, body: Rect) -> (Rect, Option<Rect>) {
    if app.last_year_text().is_none() || body.width < 60 {
        return (body, None);
    }
    let right = body.width * 2 / 5;
    let left = body.width - right - 1;
    (
        Rect::new(body.x, body.y, left, body.height),
        Some(Rect::new(body.x + left + 1, body.y, right, body.height)),
    )
}

/// Last year's text, wrapped, under its heading, with the key that copies it.
fn draw_reference(app: &App, r: Rect, text: &str, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let w = usize::from(r.width);
    for y in 0..r.height {
        separator(buf, r.x - 1, r.y + y);
    }
    let title = app.lang.pick("上年报告（F6 逐段插入）：", "last year (F6 inserts a paragraph):");
    put(buf, r.x, r.y, w, title, Align::Left, app.theme.header, mode);
    let lines: Vec<String> = text.lines().flat_map(|l| layout::wrap(l, w, mode)).collect();
    for y in 1..r.height {
        let line = lines.get(usize::from(y) - 1).map_or("", String::as_str);
        put(buf, r.x, r.y + y, w, line, Align::Left, app.theme.dim, mode);
    }
}

// --- grid ------------------------------------------------------------------

fn geometry_of(app: &App, g: &Grid, r: Rect) -> Geometry {
    let (ro, co) = app.offset[app.step];
    grid::geometry(
        g,
        usize::from(r.width),
        usize::from(r.height),
        app.cursor[app.step],
        (ro, co),
        app.ambiguous,
    )
}

/// What a cell shows and how.
/// A cell's text (inline: no allocation for the numbers a table holds),
/// look and alignment.
fn cell_text(app: &App, id: FieldId, w: usize, focused: bool) -> (CompactString, Style, Align) {
    let t = app.theme;
    let mut style = Style::new();
    if let Mode::EditLine { field, line } = &app.mode
        && *field == id
    {
        return (line.text().into(), t.focus, Align::Left);
    }
    let value = app.report.get(id);
    let fits = |s: &str| layout::width(s, app.ambiguous) <= w;
    // A total not filled yet shows the sum it will hold, dimmed: it is
    // missing rather than wrong (the detail line still names the rule).
    let computed = if matches!(value, Value::Count(None)) { rules::computed(&app.report, id) } else { None };
    let error = app.errors_at(id).find_map(|d| d.expected.map(|e| (d.found, e)));
    let text = match (computed, error) {
        (Some(sum), _) => {
            style = t.dim;
            format_compact!("={sum}")
        }
        (None, Some((found, expected))) => {
            // What was entered stays visible ("." when nothing was): the
            // expected value goes when the column is too narrow for both
            // (the detail lines below give it in full), and a negative one
            // is never shown.
            style = t.error;
            let found = found.map_or_else(|| CompactString::const_new("."), |n| n.to_compact_string());
            let long = format_compact!("{found}!={expected}");
            if expected >= 0 && fits(&long) { long } else { format_compact!("{found}!") }
        }
        (None, None) if app.suspect_at(id).is_some() => {
            // The likely typo, marked where it is.
            style = t.error;
            if value.is_empty() { CompactString::const_new(".?") } else { format_compact!("{value}?") }
        }
        (None, None) if value.is_empty() => {
            style = t.dim;
            CompactString::const_new(".")
        }
        // Integers have a fast path of their own (no formatter).
        (None, None) => match value {
            Value::Count(Some(n)) => n.to_compact_string(),
            _ => value.to_compact_string(),
        },
    };
    if focused {
        style = style.patch(t.focus);
    }
    (text, style, Align::Right)
}

/// Screen rectangles of 表二's visible cells, as drawn (its blocks scroll
/// as one; a grid's cell is placed alone by [`cell_rect`]).
fn block_cells(app: &App, g: &Grid, r: Rect) -> Vec<(FieldId, Rect)> {
    let geo = geometry_of(app, g, r);
    let mut out = Vec::with_capacity(g.rows.iter().map(Vec::len).sum());
    for (line, item) in block_lines(app, g, r).into_iter().enumerate() {
        if let BlockLine::Row(i) = item {
            let cells = &g.rows[i];
            let full = geo.cols_visible * (geo.value_w + 1) - 1;
            for (c, &id) in cells.iter().enumerate() {
                let (x, w) = if cells.len() == 1 {
                    (geo.values_x(), full)
                } else {
                    (geo.values_x() + c * (geo.value_w + 1), geo.value_w)
                };
                out.push((id, Rect::new(r.x + x as u16, r.y + line as u16, w as u16, 1)));
            }
        }
    }
    out
}

/// Where cell `c` of row `i` of a grid (not 表二's blocks) is drawn in
/// `r`, if it is in view.
fn cell_rect(geo: &Geometry, r: Rect, i: usize, c: usize) -> Option<Rect> {
    if i < geo.row_offset || i >= geo.row_offset + geo.rows_visible {
        return None;
    }
    let y = geo.header_height() + i - geo.row_offset;
    if y >= usize::from(r.height) {
        return None;
    }
    let x = geo.col_x(c)?;
    Some(Rect::new(r.x + x as u16, r.y + y as u16, geo.value_w as u16, 1))
}

/// Where an edited field is drawn (a grid cell, or a one-line field's line).
fn field_rect(app: &App, body: Rect, id: FieldId) -> Option<Rect> {
    if let Some(g) = app.grid() {
        if matches!(g.table.layout, Layout::Blocks { .. }) {
            return block_cells(app, g, body).into_iter().find(|(c, _)| *c == id).map(|(_, r)| r);
        }
        // A grid's cell placed alone, not with all the others.
        let (i, c) =
            g.rows.iter().enumerate().find_map(|(i, row)| Some((i, row.iter().position(|&f| f == id)?)))?;
        return cell_rect(&geometry_of(app, g, body), body, i, c);
    }
    let body = fields_area(app, body).0;
    let lines = field_lines(app, body);
    let (y, _) = lines.iter().enumerate().find(|(_, l)| l.field == Some(id) && l.value_line)?;
    Some(Rect::new(body.x + 4, body.y + y as u16, body.width.saturating_sub(4), 1))
}

enum BlockLine {
    Title(&'static str),
    Header(usize),
    Row(usize),
}

/// The lines of a 表二-style grid, scrolled so the focused row shows.
fn block_lines(app: &App, g: &Grid, r: Rect) -> Vec<BlockLine> {
    let mut all = Vec::new();
    let mut last: Option<&str> = None;
    for (i, (path, _)) in g.row_leaves.iter().enumerate() {
        let title = path.first().copied().unwrap_or("");
        if last != Some(title) {
            all.push(BlockLine::Title(title));
            all.push(BlockLine::Header(i));
            last = Some(title);
        }
        all.push(BlockLine::Row(i));
    }
    let focus = app.cursor[app.step].0;
    let h = usize::from(r.height);
    let pos = all.iter().position(|l| matches!(l, BlockLine::Row(i) if *i == focus)).unwrap_or(0);
    let start = if pos < h { 0 } else { pos + 1 - h };
    all.into_iter().skip(start).take(h).collect()
}

fn draw_grid(app: &App, g: &Grid, (base, all): (u64, u64), r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let geo = geometry_of(app, g, r);
    let focus = app.cursor[app.step];
    let focused_id = g.rows.get(focus.0).and_then(|row| row.get(focus.1)).copied();
    let draw_cell = |buf: &mut Canvas, id: FieldId, rect: Rect| {
        let (text, style, align) = cell_text(app, id, usize::from(rect.width), Some(id) == focused_id);
        put(buf, rect.x, rect.y, usize::from(rect.width), &text, align, style, mode);
    };
    let corner = match g.table.layout {
        Layout::Blocks { item_header } => {
            // 表二: blocks that scroll with the focus, drawn as one.
            buf.region(rows(r), canvas::key((base, 9u8, r, all)), |buf| {
                draw_blocks(app, g, &geo, item_header, r, buf);
                for (id, rect) in block_cells(app, g, r) {
                    draw_cell(buf, id, rect);
                }
            });
            return;
        }
        Layout::Grid { corner } => Some(corner),
        Layout::Groups => None,
    };
    let top = geo.header_height();
    let header = r.y..r.y + (top as u16).min(r.height);
    buf.region(header, canvas::key((base, 10u8, r, app.step, &geo)), |buf| {
        draw_col_header(app, g, &geo, r, corner, buf);
    });
    // Row by row, each under what it shows: what its cells show (their
    // fingerprints: a value put in redraws only the rows whose values,
    // sums or flags it changed), whether and where it holds the focus, and
    // the text typed into one of its cells. A row drawn places its own
    // cells, the others are not looked at.
    let stamps = app.cell_stamps();
    let last = (geo.row_offset + geo.rows_visible).min(g.rows.len());
    for i in geo.row_offset..last {
        let y = top + i - geo.row_offset;
        if y >= usize::from(r.height) {
            break;
        }
        let y = r.y + y as u16;
        let focus_col = (focus.0 == i).then_some(focus.1);
        let typed = match &app.mode {
            Mode::EditLine { field, line } if g.rows[i].contains(field) => Some(line.text()),
            _ => None,
        };
        let shows =
            g.rows[i].iter().fold(0u64, |h, &id| canvas::key((h, stamps.get(id).copied().unwrap_or(0))));
        let key = canvas::key((base, 11u8, r, app.step, &geo, i, shows, focus_col, typed));
        buf.region(y..y + 1, key, |buf| {
            if corner.is_some() {
                draw_row_label(app, g, &geo, (r, y), i, buf);
            }
            for (c, &id) in g.rows[i].iter().enumerate() {
                if let Some(rect) = cell_rect(&geo, r, i, c) {
                    draw_cell(buf, id, rect);
                }
            }
        });
    }
}

fn draw_blocks(app: &App, g: &Grid, geo: &Geometry, item_header: &str, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = app.theme;
    let w = usize::from(r.width);
    let focus = app.cursor[app.step];
    for (line, item) in block_lines(app, g, r).into_iter().enumerate() {
        let y = r.y + line as u16;
        match item {
            BlockLine::Title(title) => put(buf, r.x, y, w, title, Align::Left, t.header, mode),
            BlockLine::Header(i) => {
                put(buf, r.x, y, geo.label_w, item_header, Align::Center, t.header, mode);
                separator(buf, r.x + geo.label_w as u16, y);
                let cols = g.table.rows[i].columns;
                let full = geo.cols_visible * (geo.value_w + 1) - 1;
                if cols.len() == 1 {
                    put(
                        buf,
                        r.x + geo.values_x() as u16,
                        y,
                        full,
                        cols[0].label,
                        Align::Center,
                        t.header,
                        mode,
                    );
                } else {
                    for (c, col) in cols.iter().enumerate() {
                        let x = geo.values_x() + c * (geo.value_w + 1);
                        put(buf, r.x + x as u16, y, geo.value_w, col.label, Align::Center, t.header, mode);
                    }
                }
            }
            BlockLine::Row(i) => {
                let style = if i == focus.0 { t.label_focus } else { t.label };
                put(buf, r.x, y, geo.label_w, g.row_leaves[i].1, Align::Left, style, mode);
                separator(buf, r.x + geo.label_w as u16, y);
            }
        }
    }
}

fn draw_col_header(app: &App, g: &Grid, geo: &Geometry, r: Rect, corner: Option<&str>, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = app.theme;
    let hh = geo.header_height();
    if geo.label_w > 0 {
        let lines = layout::fit(corner.unwrap_or(""), geo.label_w, hh, true, mode);
        for y in 0..hh {
            let line = lines.get(y).map_or("", String::as_str);
            put(buf, r.x, r.y + y as u16, geo.label_w, line, Align::Center, t.dim, mode);
            separator(buf, r.x + geo.label_w as u16, r.y + y as u16);
        }
    }
    let (bands, _) = g.col_bands();
    let line_of = |level: usize| geo.header_lines[..level.min(geo.header_lines.len())].iter().sum::<usize>();
    // Horizontal scroll marks, in ASCII, on the top header line; the bands
    // beside them give up that column so no glyph is overwritten.
    let last_visible = geo.col_offset + geo.cols_visible;
    let left_mark = geo.col_offset > 0;
    let right_mark = last_visible < g.max_cols();
    for b in bands {
        let first = b.start.max(geo.col_offset);
        let end = (b.start + b.span).min(last_visible);
        if first >= end {
            continue;
        }
        let Some(mut x) = geo.col_x(first) else {
            continue;
        };
        let mut width = (end - first) * (geo.value_w + 1) - 1;
        let (y0, y1) = (line_of(b.level), line_of(b.level + b.depth));
        if y0 == 0 && left_mark && first == geo.col_offset {
            x += 1;
            width -= 1;
        }
        if y0 == 0 && right_mark && end == last_visible {
            width -= 1;
        }
        let lines = layout::fit(b.text, width, y1 - y0, true, mode);
        for (k, y) in (y0..y1).enumerate() {
            let line = lines.get(k).map_or("", String::as_str);
            put(buf, r.x + x as u16, r.y + y as u16, width, line, Align::Center, t.header, mode);
        }
    }
    if left_mark {
        put(buf, r.x + geo.values_x() as u16, r.y, 1, "<", Align::Left, t.header, mode);
    }
    if right_mark && let Some(x) = geo.col_x(last_visible - 1) {
        put(buf, r.x + (x + geo.value_w - 1) as u16, r.y, 1, ">", Align::Left, t.header, mode);
    }
}

/// Row `i`'s labels, on screen row `y` (a group label runs down the rows
/// it spans, from the first one on screen), and the mark of the focused
/// row.
fn draw_row_label(app: &App, g: &Grid, geo: &Geometry, (r, y): (Rect, u16), i: usize, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = app.theme;
    let (bands, _) = g.row_bands();
    let focus = app.cursor[app.step].0;
    let level_x = |level: usize| geo.levels[..level].iter().sum::<usize>() + level;
    for b in bands.iter().filter(|b| b.start <= i && i < b.start + b.span) {
        let x = level_x(b.level);
        let width = geo.levels[b.level..b.level + b.depth].iter().sum::<usize>() + b.depth - 1;
        let first_visible = b.start.max(geo.row_offset);
        let shown = b.start + b.span - first_visible;
        let lines = layout::fit(b.text, width, shown, true, mode);
        let text = lines.get(i - first_visible).map_or("", String::as_str);
        put(buf, r.x + x as u16, y, width, text, Align::Left, t.label, mode);
    }
    // The focused row is marked by one cell, not by restyling its label:
    // a vertical move rewrites two cells, not two labels.
    if i == focus {
        put(buf, r.x + geo.label_w as u16, y, 1, ">", Align::Left, t.label, mode);
    } else {
        separator(buf, r.x + geo.label_w as u16, y);
    }
}

// --- text fields -------------------------------------------------------------

struct FieldLine {
    field: Option<FieldId>,
    text: String,
    style: Style,
    value_line: bool,
}

fn field_lines(app: &App, r: Rect) -> Vec<FieldLine> {
    let mode = app.ambiguous;
    let t = app.theme;
    let w = usize::from(r.width).saturating_sub(4);
    let fields = App::fields_of(app.step);
    let focus = app.cursor[app.step].0;
    let mut out = Vec::new();
    let mut focus_line = 0;
    for (i, f) in fields.iter().enumerate() {
        let Some(id) = format::schema().lookup(f.address) else {
            continue;
        };
        let value = app.report.get(id);
        let focused = i == focus;
        if focused {
            focus_line = out.len();
        }
        let marker = if focused { "> " } else { "  " };
        let state = if value.is_empty() { app.lang.pick("（未填写）", " (empty)") } else { "" };
        let has_error = app.errors_at(id).next().is_some();
        out.push(FieldLine {
            field: Some(id),
            text: format!("{marker}{}{state}", f.label),
            style: if focused {
                t.label_focus
            } else if has_error {
                t.error
            } else {
                t.header
            },
            value_line: false,
        });
        let editing_line = matches!(&app.mode, Mode::EditLine { field, .. } if *field == id);
        let text = match &app.mode {
            Mode::EditLine { field, line } if *field == id => line.text().to_owned(),
            _ => value.display(),
        };
        let mut lines =
            if f.multiline { layout::wrap(&text, w, mode) } else { vec![layout::truncate(&text, w, mode)] };
        let limit = if focused { usize::from(r.height).saturating_sub(fields.len() + 1).max(2) } else { 2 };
        if lines.len() > limit {
            let rest = lines[limit - 1..].concat();
            lines.truncate(limit - 1);
            lines.push(layout::truncate(&rest, w, mode));
        }
        for line in lines {
            out.push(FieldLine {
                field: Some(id),
                text: line,
                style: if editing_line { t.focus } else { Style::new() },
                value_line: true,
            });
        }
    }
    let h = usize::from(r.height);
    let start = if focus_line < h.saturating_sub(2) { 0 } else { focus_line + 3 - h };
    out.into_iter().skip(start).take(h).collect()
}

fn editor_rect(body: Rect) -> Rect {
    Rect::new(body.x + 2, body.y + 1, body.width.saturating_sub(2), body.height.saturating_sub(1))
}

fn draw_fields(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let w = usize::from(r.width);
    if let Mode::EditText { field, editor } = &app.mode {
        let f = &format::schema().fields[*field];
        let label = match f.place {
            Place::Text(t) => t.label,
            Place::Cell { .. } => "",
        };
        let title =
            format!("> {label}{}", app.lang.pick("（正在编辑，Esc 完成）", " (editing; Esc when done)"));
        put(buf, r.x, r.y, w, &title, Align::Left, app.theme.label_focus, mode);
        let er = editor_rect(r);
        let rows = editor.rows();
        let ew = usize::from(er.width);
        for y in 0..er.height {
            put(buf, r.x, er.y + y, 2, "", Align::Left, Style::new(), mode);
            let row = rows.get(usize::from(y));
            let (text, sel) = row.map_or(("", None), |row| (row.text, row.selected.clone()));
            let ey = er.y + y;
            match sel {
                // The selection in reverse video, the rest plain.
                Some(sel) => {
                    let mut x = usize::from(er.x);
                    let end = usize::from(er.x) + ew;
                    for (part, style) in [
                        (&text[..sel.start], Style::new()),
                        (&text[sel.clone()], app.theme.selection),
                        (&text[sel.end..], Style::new()),
                    ] {
                        let pw = layout::width(part, mode).min(end - x);
                        put(buf, x as u16, ey, pw, part, Align::Left, style, mode);
                        x += pw;
                    }
                    put(buf, x as u16, ey, end - x, "", Align::Left, Style::new(), mode);
                }
                None => put(buf, er.x, ey, ew, text, Align::Left, Style::new(), mode),
            }
        }
        return;
    }
    let lines = field_lines(app, r);
    for y in 0..usize::from(r.height) {
        let (text, style, indent) = match lines.get(y) {
            Some(l) => (l.text.as_str(), l.style, if l.value_line { 4 } else { 0 }),
            None => ("", Style::new(), 0),
        };
        put(buf, r.x, r.y + y as u16, indent, "", Align::Left, Style::new(), mode);
        put(buf, r.x + indent as u16, r.y + y as u16, w - indent, text, Align::Left, style, mode);
    }
}

// --- review --------------------------------------------------------------------

fn draw_review(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = app.theme;
    let w = usize::from(r.width);
    let list = app.review_list();
    let errors = list.iter().filter(|d| d.severity == Severity::Error).count();
    let (done, total) = app.progress();
    let summary = match app.lang {
        Lang::Zh => {
            format!("勾稽错误 {errors} 个，未填写 {} 项；已完成 {done}/{total} 节", list.len() - errors)
        }
        Lang::En => format!(
            "{errors} tally errors, {} empty fields; {done}/{total} sections complete",
            list.len() - errors
        ),
    };
    put(buf, r.x, r.y, w, &summary, Align::Left, if errors > 0 { t.error } else { t.header }, mode);
    let h = usize::from(r.height).saturating_sub(1);
    let focus = app.cursor[REVIEW].0.min(list.len().saturating_sub(1));
    let start = layout::scroll_to(focus, 0, h, list.len());
    for y in 0..h {
        let Some(d) = list.get(start + y) else {
            put(buf, r.x, r.y + 1 + y as u16, w, "", Align::Left, Style::new(), mode);
            continue;
        };
        let word = crate::i18n::severity_word(d.severity, app.lang);
        let nums = match (d.expected, d.found) {
            (Some(e), Some(f)) => {
                format!(" {}{e} {}{f}", app.lang.pick("应为", "expected "), app.lang.pick("实为", "found "))
            }
            _ => String::new(),
        };
        let line = format!("{word} {}{nums}  {}", d.address(), format::schema().fields[d.cell].describe());
        let mut style = if d.severity == Severity::Error { t.error } else { Style::new() };
        if start + y == focus {
            style = style.patch(t.focus);
        }
        put(buf, r.x, r.y + 1 + y as u16, w, &line, Align::Left, style, mode);
    }
}

// --- detail, keys, help ------------------------------------------------------------

/// The focused item's full label, and its meaning or the rule it breaks.
fn detail_text(app: &App) -> (String, String, Style) {
    let t = app.theme;
    let s = format::schema();
    if app.step == REVIEW {
        let list = app.review_list();
        match list.get(app.cursor[REVIEW].0) {
            Some(d) => (
                s.fields[d.cell].describe(),
                d.message(app.lang),
                if d.severity == Severity::Error { t.error } else { t.dim },
            ),
            None => {
                (app.lang.pick("没有需要处理的问题", "nothing left to fix").to_owned(), String::new(), t.dim)
            }
        }
    } else if let Some(id) = app.focused_field() {
        let f = &s.fields[id];
        // The row's labels and the column's own (its group is in the
        // header right above): a move along a row rewrites little.
        let label = match f.place {
            Place::Cell { table, row, col } => {
                let r = &table.rows[row];
                let mut parts: Vec<&str> = r.path.to_vec();
                parts.push(r.label);
                parts.push(r.columns[col].label);
                parts.join(" / ")
            }
            Place::Text(_) => f.describe(),
        };
        let help = match f.place {
            Place::Text(tf) => tf.help,
            Place::Cell { table, row, .. } => table.rows[row].help,
        };
        let help = match (&app.previous, matches!(f.place, Place::Cell { .. })) {
            (Some(prev), true) => {
                // Beside 上年结转, what it must equal: last year's 结转下年度.
                let last = prev.get(carried_from(id).unwrap_or(id)).display();
                let last = if last.is_empty() { "-".to_owned() } else { last };
                format!("{help} {}{last}", app.lang.pick("上年：", "last year: "))
            }
            _ => help.to_owned(),
        };
        let help = help.as_str();
        match app.errors_at(id).next() {
            Some(d) => {
                // The explanation takes all three lines; the suspect is
                // named briefly (it is marked ? in the grid).
                let plain = rules::Diagnostic { suspect: None, ..d.clone() };
                let key = match d.suspect {
                    Some(sus) if sus.cell != id => {
                        let what = s.fields[sus.cell].describe();
                        match app.lang {
                            Lang::Zh => format!("。更可能是“{what}”输错（表中标 ?），按 = 选择改哪一格"),
                            Lang::En => {
                                format!(". More likely “{what}” is mistyped (marked ?): = lets you pick")
                            }
                        }
                    }
                    _ => app.lang.pick("（按 = 填入应有值）", " (= fills it)").to_owned(),
                };
                (String::new(), format!("{}{key}", plain.message(app.lang)), t.error)
            }
            None if app.suspect_at(id).is_some() => {
                let sus = app.suspect_at(id).map_or(0, |x| x.value);
                let text = match app.lang {
                    Lang::Zh => format!("此格很可能输错：改为 {sus} 后相关勾稽关系全部成立（按 = 改正）"),
                    Lang::En => format!(
                        "this cell is likely mistyped: {sus} makes every broken rule hold (= fixes it)"
                    ),
                };
                (label, text, t.error)
            }
            None => match rules::computed(&app.report, id) {
                Some(sum) => {
                    (label, format!("{help} {}{sum}", app.lang.pick("计算值：", "computed: ")), t.dim)
                }
                None => (label, help.to_owned(), Style::new()),
            },
        }
    } else {
        (String::new(), String::new(), t.dim)
    }
}

fn draw_detail(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = app.theme;
    let w = usize::from(r.width);
    let s = format::schema();
    let (label, meaning, meaning_style) = detail_text(app);
    // The label takes one or two lines (none for a broken rule, whose
    // explanation needs the room); the meaning gets the rest, with the
    // address at its right end for `nianbao set`.
    let label_h = if label.is_empty() { 0 } else { layout::wrap(&label, w, mode).len().clamp(1, 2) as u16 };
    // Plain, like the meaning below it: one pen for both, so a move that
    // rewrites them costs no attribute changes.
    draw_wrapped(buf, Rect::new(r.x, r.y, r.width, label_h), &label, Style::new(), mode);
    let address = match app.focused_field() {
        Some(id) if app.step != REVIEW => format!(" [{}]", s.fields[id].address),
        _ => String::new(),
    };
    // The address sits in a slot of fixed width, left-aligned: the next
    // cell's address shares its prefix on screen (`requests.new.`).
    let aw = if address.is_empty() { 0 } else { ADDRESS_SLOT.min(w * 3 / 5) };
    let meaning_h = 3 - label_h;
    let meaning_y = r.y + label_h;
    if meaning_h >= 2 && layout::width(&meaning, mode) + aw > w {
        // Several lines: the meaning wraps over them, the address ends the last.
        let n = usize::from(meaning_h);
        let lines = layout::fit(&meaning, w, n, false, mode);
        for (i, line) in lines.iter().take(n - 1).enumerate() {
            put(buf, r.x, meaning_y + i as u16, w, line, Align::Left, meaning_style, mode);
        }
        for i in lines.len().min(n - 1)..n - 1 {
            put(buf, r.x, meaning_y + i as u16, w, "", Align::Left, Style::new(), mode);
        }
        let rest = lines.get(n - 1).map_or("", String::as_str);
        let last = Rect::new(r.x, meaning_y + meaning_h - 1, (w - aw) as u16, 1);
        draw_wrapped(buf, last, rest, meaning_style, mode);
    } else {
        let first_w = if meaning_h == 1 { w - aw } else { w };
        draw_wrapped(buf, Rect::new(r.x, meaning_y, first_w as u16, 1), &meaning, meaning_style, mode);
        for i in 1..meaning_h {
            put(buf, r.x, meaning_y + i, w, "", Align::Left, Style::new(), mode);
        }
    }
    put(buf, r.x + (w - aw) as u16, r.y + 2, aw, &address, Align::Left, t.dim, mode);
    let (status, style) = if app.quitting {
        (
            app.lang.pick("有未保存的修改，要保存吗？", "There are unsaved changes. Save them?").to_owned(),
            t.status_error,
        )
    } else {
        match &app.status {
            Some(st) => (st.text.clone(), if st.error { t.status_error } else { t.status }),
            None => (String::new(), Style::new()),
        }
    };
    // A status too long for one line takes the line above as well: it is
    // never cut (a question's keys are at its end).
    let status_lines = layout::wrap(&status, w, mode);
    if status_lines.len() > 1 {
        let lines = layout::fit(&status, w, 2, false, mode);
        put(buf, r.x, r.y + 2, w, &lines[0], Align::Left, style, mode);
        put(buf, r.x, r.y + 3, w, lines.get(1).map_or("", String::as_str), Align::Left, style, mode);
    } else {
        put(buf, r.x, r.y + 3, w, &status, Align::Left, style, mode);
    }
}

/// For a 上年结转 cell, the 结转下年度继续办理 cell of the same column: what
/// it must equal in last year's report.
fn carried_from(id: format::FieldId) -> Option<format::FieldId> {
    let s = format::schema();
    match s.fields[id].place {
        Place::Cell { table, row, col }
            if table.key == format::REQUESTS.key && table.rows[row].key == "carried_in" =>
        {
            s.cell(&format::REQUESTS, "carried_out", table.rows[row].columns[col].key)
        }
        _ => None,
    }
}

fn draw_keys(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = app.theme;
    let w = usize::from(r.width);
    let mut x = 0usize;
    for (key, meaning) in keymap::bar_hints(app.ctx(), app.grid().is_some(), app.lang) {
        let kw = layout::width(key, mode);
        let mw = layout::width(&meaning, mode);
        if x + kw + mw + 2 > w {
            break;
        }
        put(buf, r.x + x as u16, r.y, kw, key, Align::Left, t.key, mode);
        let meaning = format!(" {meaning} ");
        put(buf, r.x + (x + kw) as u16, r.y, mw + 2, &meaning, Align::Left, t.keys, mode);
        x += kw + mw + 2;
    }
    put(buf, r.x + x as u16, r.y, w - x, "", Align::Left, t.keys, mode);
}

fn draw_help(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = app.theme;
    let w = usize::from(r.width);
    let mut lines: Vec<(String, Style)> = Vec::new();
    let title = app.lang.pick("帮助（Esc 关闭，上下键滚动）", "Help (Esc closes, Up/Down scroll)");
    lines.push((title.to_owned(), t.header));
    let section = if app.step == REVIEW {
        review_guidance(app.lang).to_owned()
    } else {
        format!("{}：{}", SECTIONS[app.step].short, SECTIONS[app.step].guidance)
    };
    for l in layout::wrap(&section, w, mode) {
        lines.push((l, t.dim));
    }
    // The keys of this step and of editing in it: what the user needs now.
    let grid = (Ctx::Grid, app.lang.pick("表格", "Tables"));
    let edit_line = (Ctx::EditLine, app.lang.pick("编辑单元格或单行文字", "Editing a cell or line"));
    let fields = (Ctx::Fields, app.lang.pick("文字栏目", "Text sections"));
    let edit_text = (Ctx::EditText, app.lang.pick("编辑多行文字", "Editing text"));
    let review = (Ctx::Review, app.lang.pick("检查", "Check"));
    let groups: Vec<(Ctx, &str)> = if app.step == REVIEW {
        vec![review]
    } else if app.grid().is_some() {
        vec![grid, edit_line]
    } else {
        vec![fields, edit_line, edit_text]
    };
    let col_w = if w >= 60 { w / 2 } else { w };
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for (ctx, name) in groups {
        lines.push((format!("[{name}]"), t.header));
        let rows: Vec<(&str, &str)> = keymap::help_rows(ctx, app.lang)
            .into_iter()
            .filter(|row| {
                let new = !shown.contains(row);
                shown.push(*row);
                new
            })
            .collect();
        // Keys as wide as the group's longest (Ctrl-Left/Right), within reason.
        let kw = rows.iter().map(|(k, _)| layout::width(k, mode)).max().unwrap_or(0).clamp(10, 15);
        let rows: Vec<String> = rows
            .into_iter()
            .map(|(k, m)| format!("  {} {m}", layout::pad(k, kw, Align::Left, mode)))
            .collect();
        if col_w < w {
            for pair in rows.chunks(2) {
                let left = layout::pad(&pair[0], col_w, Align::Left, mode);
                lines.push((format!("{left}{}", pair.get(1).map_or("", String::as_str)), Style::new()));
            }
        } else {
            lines.extend(rows.into_iter().map(|l| (l, Style::new())));
        }
    }
    // What the marks on screen mean.
    lines.push((app.lang.pick("[标记]", "[Marks]").to_owned(), t.header));
    let marks = app.lang.pick(
        "步骤栏：. 未开始  ~ 部分填写  + 已完成  !N 有 N 个勾稽错误  [ ] 当前步骤。\n表格：. 未填  =N 合计未填、按其余各格应为 N  5!=7 填的是 5、应为 7  5! 填的是 5、有错（列太窄放不下应有值，见下方说明）  5? 很可能输错的一格（改正后各项成立，按 = 改正）。",
        "Step bar: . not started  ~ partly filled  + complete  !N N tally errors  [ ] this step.\nTables: . empty  =N an empty total that should be N  5!=7 holds 5, should be 7  5! holds 5 and is wrong (too narrow for the expected value: see the lines below)  5? the likely typo (= fixes it and every rule holds).",
    );
    for para in marks.lines() {
        for l in layout::wrap(para, w, mode) {
            lines.push((l, Style::new()));
        }
    }
    let how = if app.ambiguous_probed {
        app.lang.pick("（启动时检测终端得出）", " (asked the terminal at start-up)")
    } else {
        app.lang.pick(
            "（按 --ambiguous-width 或 NIANBAO_AMBIGUOUS_WIDTH 设定）",
            " (set by --ambiguous-width or NIANBAO_AMBIGUOUS_WIDTH)",
        )
    };
    let note = match (mode, app.lang) {
        (Ambiguous::Narrow, Lang::Zh) => format!(
            "宽度不明确的字符（“ ” … ① ×）按一列显示{how}。若表格边框错位，说明终端把它们显示为两列：用 nianbao --ambiguous-width wide 启动，或设置环境变量 NIANBAO_AMBIGUOUS_WIDTH=wide。"
        ),
        (Ambiguous::Wide, Lang::Zh) => format!(
            "宽度不明确的字符（“ ” … ① ×）按两列显示{how}。若表格边框错位，用 nianbao --ambiguous-width narrow 启动，或设置环境变量 NIANBAO_AMBIGUOUS_WIDTH=narrow。"
        ),
        (Ambiguous::Narrow, Lang::En) => format!(
            "Ambiguous-width characters (“ ” … ① ×) are drawn one column wide{how}. If table borders look shifted, the terminal draws them two wide: start with nianbao --ambiguous-width wide, or set NIANBAO_AMBIGUOUS_WIDTH=wide."
        ),
        (Ambiguous::Wide, Lang::En) => format!(
            "Ambiguous-width characters (“ ” … ① ×) are drawn two columns wide{how}. If table borders look shifted, start with nianbao --ambiguous-width narrow, or set NIANBAO_AMBIGUOUS_WIDTH=narrow."
        ),
    };
    let note = note.as_str();
    for l in layout::wrap(note, w, mode) {
        lines.push((l, t.dim));
    }
    // Scrolled with Up/Down when it does not fit; the title stays.
    let h = usize::from(r.height);
    let offset = app.help_scroll.min(lines.len().saturating_sub(h));
    if offset > 0 {
        lines.drain(1..=offset);
    }
    for y in 0..h {
        let (text, style) = lines.get(y).map_or(("", Style::new()), |(s, st)| (s.as_str(), *st));
        put(buf, r.x, r.y + y as u16, w, text, Align::Left, style, mode);
    }
}

fn draw_new_draft(app: &App, buffer: &str, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = app.theme;
    let w = usize::from(r.width);
    let lines = [
        (format!("{}{}", app.lang.pick("新建草稿：", "New draft: "), app.path.display()), t.header),
        (
            app.lang
                .pick(
                    "请输入机关名称（例如：某某市某某局），按 Enter 确认：",
                    "Type the organ's full name, then Enter:",
                )
                .to_owned(),
            Style::new(),
        ),
        (String::new(), Style::new()),
        (format!("> {buffer}"), t.focus),
        (String::new(), Style::new()),
        (app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default(), t.status_error),
    ];
    for y in 0..usize::from(r.height) {
        let (text, style) = lines.get(y).map_or(("", Style::new()), |(s, st)| (s.as_str(), *st));
        put(buf, r.x, r.y + y as u16, w, text, Align::Left, style, mode);
    }
}
