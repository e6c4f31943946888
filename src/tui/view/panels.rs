//! The regions around and instead of the table: the text fields and the
//! narrative editor, the review list, the detail lines under the body, the
//! key bar, the help page and the new-draft question.

use crate::tui::messages as say;
use ratatui_core::layout::Rect;
use ratatui_core::style::Style;

use crate::format::{self, Place, SECTIONS, Severity};
use crate::i18n::Localize as _;
use crate::rules;
use crate::text::{self, Align};
use crate::tui::app::{App, Mode, REVIEW};
use crate::tui::canvas::Canvas;
use crate::tui::keymap::{self, Ctx};

use super::grid_view::field_lines;
use super::paint::{draw_wrapped, put, theme};
use crate::tui::geometry::editor_rect;

/// Width of the address slot in the detail lines (the longest address,
/// `[requests.other_overdue_fee.legal_services]`, fits).
pub(super) const ADDRESS_SLOT: usize = 46;

pub(super) fn draw_fields(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let w = usize::from(r.width);
    if let Mode::EditText { field, editor } = &app.mode {
        let f = &format::schema().fields[*field];
        let label = match f.place {
            Place::Text(t) => t.label,
            Place::Cell { .. } => "",
        };
        let title = format!("> {label}{}", say::editing(app.lang));
        put(buf, r.x, r.y, w, &title, Align::Left, theme(app).label_focus, mode);
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
                        (&text[sel.clone()], theme(app).selection),
                        (&text[sel.end..], Style::new()),
                    ] {
                        let pw = text::width(part, mode).min(end - x);
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

pub(super) fn draw_review(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = theme(app);
    let w = usize::from(r.width);
    let list = app.review_list();
    let errors = list.iter().filter(|d| d.severity == Severity::Error).count();
    let (done, total) = app.progress();
    let summary = say::review_summary(app.lang, errors, list.len() - errors, done, total);
    put(buf, r.x, r.y, w, &summary, Align::Left, if errors > 0 { t.error } else { t.header }, mode);
    let h = usize::from(r.height).saturating_sub(1);
    let focus = app.cursor[REVIEW].0.min(list.len().saturating_sub(1));
    let start = text::scroll_to(focus, 0, h, list.len());
    for y in 0..h {
        let Some(d) = list.get(start + y) else {
            put(buf, r.x, r.y + 1 + y as u16, w, "", Align::Left, Style::new(), mode);
            continue;
        };
        let word = crate::i18n::severity_word(d.severity, app.lang);
        let nums = match (d.expected, d.found) {
            (Some(e), Some(f)) => say::expected_found(app.lang, e, f),
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
pub(super) fn detail_text(app: &App) -> (String, String, Style) {
    let t = theme(app);
    let s = format::schema();
    if app.step == REVIEW {
        let list = app.review_list();
        match list.get(app.cursor[REVIEW].0) {
            Some(d) => (
                s.fields[d.cell].describe(),
                d.message(app.lang),
                if d.severity == Severity::Error { t.error } else { t.dim },
            ),
            None => (say::nothing_left(app.lang).to_owned(), String::new(), t.dim),
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
                format!("{help} {}{last}", say::last_year_value(app.lang))
            }
            _ => help.to_owned(),
        };
        let help = help.as_str();
        match app.errors_at(id).next() {
            Some(d) => {
                // The explanation takes all three lines; the suspect is
                // named briefly (it is marked ? in the grid).
                let plain = rules::Diagnostic { suspect: None, ..d.clone() };
                let elsewhere =
                    d.suspect.filter(|sus| sus.cell != id).map(|sus| s.fields[sus.cell].describe());
                let key = say::fix_hint(app.lang, elsewhere.as_deref());
                (String::new(), format!("{}{key}", plain.message(app.lang)), t.error)
            }
            None if app.suspect_at(id).is_some() => {
                let sus = app.suspect_at(id).map_or(0, |x| x.value);
                let text = say::likely_typo_here(app.lang, sus);
                (label, text, t.error)
            }
            None => match (rules::computed(&app.report, id), rules::unfilled_operands(&app.report, id)) {
                (Some(sum), _) => (label, format!("{help} {}{sum}", say::computed(app.lang)), t.dim),
                (None, Some(n)) if n > 0 => {
                    (label, format!("{help} {}", crate::tui::app::messages::waiting(app.lang, n)), t.dim)
                }
                (None, _) => (label, help.to_owned(), Style::new()),
            },
        }
    } else {
        (String::new(), String::new(), t.dim)
    }
}

pub(super) fn draw_detail(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = theme(app);
    let w = usize::from(r.width);
    let s = format::schema();
    let (label, meaning, meaning_style) = detail_text(app);
    // The label takes one or two lines (none for a broken rule, whose
    // explanation needs the room); the meaning gets the rest, with the
    // address at its right end for `nianbao set`.
    let label_h = if label.is_empty() { 0 } else { text::wrap(&label, w, mode).len().clamp(1, 2) as u16 };
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
    if meaning_h >= 2 && text::width(&meaning, mode) + aw > w {
        // Several lines: the meaning wraps over them, the address ends the last.
        let n = usize::from(meaning_h);
        let lines = text::fit(&meaning, w, n, false, mode);
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
        (say::save_before_quit(app.lang).to_owned(), t.status_error)
    } else {
        match &app.status {
            Some(st) => (st.text.clone(), if st.error { t.status_error } else { t.status }),
            None => (String::new(), Style::new()),
        }
    };
    // A status too long for one line takes the line above as well: it is
    // never cut (a question's keys are at its end).
    let status_lines = text::wrap(&status, w, mode);
    if status_lines.len() > 1 {
        let lines = text::fit(&status, w, 2, false, mode);
        put(buf, r.x, r.y + 2, w, &lines[0], Align::Left, style, mode);
        put(buf, r.x, r.y + 3, w, lines.get(1).map_or("", String::as_str), Align::Left, style, mode);
    } else {
        put(buf, r.x, r.y + 3, w, &status, Align::Left, style, mode);
    }
}

/// For a 上年结转 cell, the 结转下年度继续办理 cell of the same column: what
/// it must equal in last year's report.
pub(super) fn carried_from(id: format::FieldId) -> Option<format::FieldId> {
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

pub(super) fn draw_keys(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = theme(app);
    let w = usize::from(r.width);
    let mut x = 0usize;
    for (key, meaning) in keymap::bar_hints(app.ctx(), app.grid().is_some(), app.lang) {
        let kw = text::width(key, mode);
        let mw = text::width(&meaning, mode);
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

pub(super) fn draw_help(app: &App, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = theme(app);
    let w = usize::from(r.width);
    let mut lines: Vec<(String, Style)> = Vec::new();
    let title = say::help_title(app.lang);
    lines.push((title.to_owned(), t.header));
    let section = if app.step == REVIEW {
        say::review_guidance(app.lang).to_owned()
    } else {
        format!("{}：{}", SECTIONS[app.step].short, SECTIONS[app.step].guidance)
    };
    for l in text::wrap(&section, w, mode) {
        lines.push((l, t.dim));
    }
    // The keys of this step and of editing in it: what the user needs now.
    let [tables, line, texts, text_edit, check] = say::help_groups(app.lang);
    let grid = (Ctx::Grid, tables);
    let edit_line = (Ctx::EditLine, line);
    let fields = (Ctx::Fields, texts);
    let edit_text = (Ctx::EditText, text_edit);
    let review = (Ctx::Review, check);
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
        let kw = rows.iter().map(|(k, _)| text::width(k, mode)).max().unwrap_or(0).clamp(10, 15);
        let rows: Vec<String> =
            rows.into_iter().map(|(k, m)| format!("  {} {m}", text::pad(k, kw, Align::Left, mode))).collect();
        if col_w < w {
            for pair in rows.chunks(2) {
                let left = text::pad(&pair[0], col_w, Align::Left, mode);
                lines.push((format!("{left}{}", pair.get(1).map_or("", String::as_str)), Style::new()));
            }
        } else {
            lines.extend(rows.into_iter().map(|l| (l, Style::new())));
        }
    }
    // What the marks on screen mean.
    lines.push((say::marks_title(app.lang).to_owned(), t.header));
    let marks = say::marks(app.lang);
    for para in marks.lines() {
        for l in text::wrap(para, w, mode) {
            lines.push((l, Style::new()));
        }
    }
    let how = say::width_source(app.lang, app.ambiguous_probed);
    let note = say::width_note(app.lang, mode, how);
    let note = note.as_str();
    for l in text::wrap(note, w, mode) {
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

pub(super) fn draw_new_draft(app: &App, buffer: &str, r: Rect, buf: &mut Canvas) {
    let mode = app.ambiguous;
    let t = theme(app);
    let w = usize::from(r.width);
    let lines = [
        (format!("{}{}", say::new_draft(app.lang), app.path.display()), t.header),
        (say::type_organ(app.lang).to_owned(), Style::new()),
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
