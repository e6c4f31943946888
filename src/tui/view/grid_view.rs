//! The table on screen: its geometry for the focused step, each cell's
//! text (a value, `=sum`, a broken tally's `5!=7`, a likely typo's `5?`),
//! the column headers with their merged bands, the row labels.

use crate::tui::messages as say;
use compact_str::{CompactString, ToCompactString, format_compact};
use ratatui_core::layout::Rect;
use ratatui_core::style::Style;

use crate::format::{self, FieldId, Layout};
use crate::model::Value;
use crate::rules;
use crate::text::{self, Align};
use crate::tui::app::{App, Mode};
use crate::tui::canvas::{self, Canvas};
use crate::tui::grid::{self, Geometry, Grid};

use super::paint::{put, rows, separator, theme};
use crate::tui::geometry::fields_area;

pub(super) fn geometry_of(app: &App, g: &Grid, r: Rect) -> Geometry {
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
pub(super) fn cell_text(app: &App, id: FieldId, w: usize, focused: bool) -> (CompactString, Style, Align) {
    let t = theme(app);
    let mut style = Style::new();
    if let Mode::EditLine { field, line } = &app.mode
        && *field == id
    {
        return (line.text().into(), t.focus, Align::Left);
    }
    let value = app.report.get(id);
    let fits = |s: &str| text::width(s, app.ambiguous) <= w;
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
pub(super) fn block_cells(app: &App, g: &Grid, r: Rect) -> Vec<(FieldId, Rect)> {
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
pub(super) fn cell_rect(geo: &Geometry, r: Rect, i: usize, c: usize) -> Option<Rect> {
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
pub(super) fn field_rect(app: &App, body: Rect, id: FieldId) -> Option<Rect> {
    if let Some(g) = app.grid() {
        if matches!(g.table.layout, Layout::Blocks { .. }) {
            return block_cells(app, g, body).into_iter().find(|(c, _)| *c == id).map(|(_, r)| r);
        }
        // A grid's cell placed alone, not with all the others.
        let (i, c) =
            g.rows.iter().enumerate().find_map(|(i, row)| Some((i, row.iter().position(|&f| f == id)?)))?;
        return cell_rect(&geometry_of(app, g, body), body, i, c);
    }
    let body = fields_area(app.last_year_text().is_some(), body).0;
    let lines = field_lines(app, body);
    let (y, _) = lines.iter().enumerate().find(|(_, l)| l.field == Some(id) && l.value_line)?;
    Some(Rect::new(body.x + 4, body.y + y as u16, body.width.saturating_sub(4), 1))
}

pub(super) enum BlockLine {
    Title(&'static str),
    Header(usize),
    Row(usize),
}

/// The lines of a 表二-style grid, scrolled so the focused row shows.
pub(super) fn block_lines(app: &App, g: &Grid, r: Rect) -> Vec<BlockLine> {
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

pub(super) fn draw_grid(
    app: &App,
    g: &Grid,
    (base, all): (u64, u64),
    stamps: &[u64],
    r: Rect,
    buf: &mut Canvas,
) {
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

pub(super) fn draw_blocks(app: &App, g: &Grid, geo: &Geometry, item_header: &str, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = theme(app);
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

pub(super) fn draw_col_header(
    app: &App,
    g: &Grid,
    geo: &Geometry,
    r: Rect,
    corner: Option<&str>,
    buf: &mut Canvas,
) {
    let mode = app.ambiguous;
    let t = theme(app);
    let hh = geo.header_height();
    if geo.label_w > 0 {
        let lines = text::fit(corner.unwrap_or(""), geo.label_w, hh, true, mode);
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
        let lines = text::fit(b.text, width, y1 - y0, true, mode);
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
pub(super) fn draw_row_label(
    app: &App,
    g: &Grid,
    geo: &Geometry,
    (r, y): (Rect, u16),
    i: usize,
    buf: &mut Canvas,
) {
    let mode = app.ambiguous;
    let t = theme(app);
    let (bands, _) = g.row_bands();
    let focus = app.cursor[app.step].0;
    let level_x = |level: usize| geo.levels[..level].iter().sum::<usize>() + level;
    for b in bands.iter().filter(|b| b.start <= i && i < b.start + b.span) {
        let x = level_x(b.level);
        let width = geo.levels[b.level..b.level + b.depth].iter().sum::<usize>() + b.depth - 1;
        let first_visible = b.start.max(geo.row_offset);
        let shown = b.start + b.span - first_visible;
        let lines = text::fit(b.text, width, shown, true, mode);
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

pub(super) struct FieldLine {
    pub(super) field: Option<FieldId>,
    pub(super) text: String,
    pub(super) style: Style,
    pub(super) value_line: bool,
}

pub(super) fn field_lines(app: &App, r: Rect) -> Vec<FieldLine> {
    let mode = app.ambiguous;
    let t = theme(app);
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
        let state = if value.is_empty() { say::not_filled(app.lang) } else { "" };
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
            if f.multiline { text::wrap(&text, w, mode) } else { vec![text::truncate(&text, w, mode)] };
        let limit = if focused { usize::from(r.height).saturating_sub(fields.len() + 1).max(2) } else { 2 };
        if lines.len() > limit {
            let rest = lines[limit - 1..].concat();
            lines.truncate(limit - 1);
            lines.push(text::truncate(&rest, w, mode));
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
