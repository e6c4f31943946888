//! The review desk in a terminal: the overview list (the wizard crate's
//! [`Desk`]) drawn in the wizard's style, its keys, and the way into the
//! wizard and back. Enter on a draft opens it to edit; on another form
//! (Word, PDF, a web page) it opens what was read, view-only; `i` imports
//! such a report to a draft where the user says and opens that. Leaving
//! the wizard comes back to the list where it was, the report read and
//! judged again.

use crate::review::messages::{Column as C, head};
use crate::tui::messages as say;
use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui_core::layout::{Position, Rect};

use super::canvas::Canvas;
use super::theme::Theme;
use super::{WidthChoice, input, restore_terminal};
use crate::exit::EXIT_UNUSABLE;
use crate::i18n::Lang;
use crate::review::{self, Form, Review, Status};
use crate::text::{self, Align, Ambiguous};
use nianbao_wizard::desk::{DETAIL, Desk, DeskAction, DeskEffect, Row, Sort, Typing, list_height};

/// What the desk needs to read a report again after the wizard.
pub struct Context<'a> {
    pub reader: review::Reader<'a>,
    pub lang: Lang,
    pub width: WidthChoice,
}

/// The keys of the list, for the key bar and the help page: (keys, in
/// the key bar zh and en — empty: help only —, in help zh and en).
const KEYS: [(&str, &str, &str, &str, &str); 12] = [
    (
        "Enter",
        "打开",
        "open",
        "打开（草稿可编辑；其他形式只读查看）",
        "open (a draft to edit; other forms view-only)",
    ),
    ("/", "筛选", "filter", "筛选（机关、文件名或状态）", "filter (organ, file name or status)"),
    ("Esc", "", "", "取消筛选", "clear the filter"),
    ("s", "按状态", "by status", "按状态排序（最差的在前）", "sort by status (worst first)"),
    ("o", "按机关", "by organ", "按机关名称排序", "sort by organ"),
    ("e", "", "", "按错误数排序", "sort by errors"),
    ("r", "", "", "按新收申请数排序", "sort by requests received"),
    ("c", "", "", "按较上年增减排序", "sort by change from last year"),
    ("f", "", "", "按文件名排序（同一键再按一次则倒序）", "sort by file name (the same key again reverses)"),
    (
        "i",
        "导入",
        "import",
        "把 Word、PDF、网页报告导入为草稿（询问保存位置）",
        "import a Word, PDF or web report to a draft (asks where)",
    ),
    ("F1", "帮助", "help", "帮助（? 也可以）", "help (? too)"),
    ("q", "退出", "quit", "退出", "quit"),
];

fn desk_action(key: KeyEvent, typing: bool) -> Option<DeskAction> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if let KeyCode::Char(c) = key.code
        && typing
        && !ctrl
    {
        return Some(DeskAction::Type(c));
    }
    Some(match key.code {
        KeyCode::Up | KeyCode::Char('k') => DeskAction::Up,
        KeyCode::Down | KeyCode::Char('j') => DeskAction::Down,
        KeyCode::PageUp => DeskAction::PageUp,
        KeyCode::PageDown => DeskAction::PageDown,
        KeyCode::Home | KeyCode::Char('g') => DeskAction::Home,
        KeyCode::End | KeyCode::Char('G') => DeskAction::End,
        KeyCode::Enter => DeskAction::Open,
        KeyCode::Esc => DeskAction::FilterClear,
        KeyCode::Backspace => DeskAction::Backspace,
        KeyCode::F(1) | KeyCode::Char('?') => DeskAction::Help,
        KeyCode::Char(ch) if ch == 'q' || (ch == 'c' && ctrl) => DeskAction::Quit,
        KeyCode::Char('/') => DeskAction::StartFilter,
        KeyCode::Char('s') => DeskAction::Sort(Sort::Status),
        KeyCode::Char('o') => DeskAction::Sort(Sort::Organ),
        KeyCode::Char('e') => DeskAction::Sort(Sort::Errors),
        KeyCode::Char('r') => DeskAction::Sort(Sort::Requests),
        KeyCode::Char('c') => DeskAction::Sort(Sort::Change),
        KeyCode::Char('f') => DeskAction::Sort(Sort::File),
        KeyCode::Char('i') => DeskAction::Import,
        _ => return None,
    })
}

/// The wizard's marks for a report's status: `+` clean, `~` warnings,
/// `.` incomplete, `!` errors, `?` unreadable.
fn mark(s: Status) -> &'static str {
    match s {
        Status::Ok => "+",
        Status::Warnings => "~",
        Status::Incomplete => ".",
        Status::Errors => "!",
        Status::Unreadable => "?",
    }
}

fn status_style(t: &Theme, s: Status) -> ratatui_core::style::Style {
    match s {
        Status::Ok => t.status,
        Status::Warnings | Status::Incomplete => t.header,
        Status::Errors | Status::Unreadable => t.error,
    }
}

/// The overview's screen.
fn draw(d: &Desk, area: Rect, colour: bool, mode: Ambiguous) -> (Canvas, Option<Position>) {
    let t = Theme::new(colour);
    let mut c = Canvas::new(area);
    let w = usize::from(area.width);
    let lang = d.lang;
    let count = |s: &[Status]| d.rows.iter().filter(|r| s.contains(&r.status)).count();
    let title = say::desk_title(
        lang,
        d.rows.len(),
        count(&[Status::Ok, Status::Warnings]),
        count(&[Status::Errors]),
        count(&[Status::Incomplete, Status::Unreadable]),
    );
    let mut cursor = None;
    // One region, the whole screen: a fresh canvas each frame, and the
    // screen writes only the rows that differ from what it shows.
    c.region(area.y..area.bottom(), 0, |c| {
        c.put(0, 0, w, &title, Align::Left, t.title, mode);
        let (min_w, min_h) = (super::geometry::MIN_W, super::geometry::MIN_H);
        if area.width < min_w || area.height < min_h {
            // As the wizard says it: the list needs the wizard's screen.
            let msg = say::too_small(lang, (min_w, min_h), (area.width, area.height));
            for (i, l) in text::wrap(&msg, w, mode).iter().enumerate() {
                c.put(0, 1 + i as u16, w, l, Align::Left, t.status_error, mode);
            }
            return;
        }
        if d.help {
            draw_help(c, d, &t, area, mode);
            return;
        }
        draw_list(c, d, &t, area, mode);
        draw_detail(c, d, &t, area, mode);
        cursor = draw_bottom(c, d, &t, area, mode);
    });
    c.end();
    (c, cursor)
}

/// The table of reports: a header with the sort marked, then a row per
/// report shown, the selected one in reverse video.
fn draw_list(c: &mut Canvas, d: &Desk, t: &Theme, area: Rect, mode: Ambiguous) {
    let w = usize::from(area.width);
    let lang = d.lang;
    // Columns: mark, organ (what is left), form, status, errors,
    // warnings, requests, change.
    let fixed = [2usize, 5, 9, 5, 5, 7, 7];
    let organ_w = w.saturating_sub(fixed.iter().sum::<usize>() + 1).max(8);
    let widths = [fixed[0], organ_w, fixed[1], fixed[2], fixed[3], fixed[4], fixed[5], fixed[6]];
    let aligns = [
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
    ];
    let put_row = |c: &mut Canvas,
                   y: u16,
                   cells: &[String; 8],
                   style: ratatui_core::style::Style,
                   status: Option<ratatui_core::style::Style>| {
        let mut x = 0u16;
        for (i, cell) in cells.iter().enumerate() {
            let cw = widths[i].min(w.saturating_sub(usize::from(x)));
            let s = if i == 3 { status.unwrap_or(style) } else { style };
            let shown = if aligns[i] == Align::Right { format!("{cell} ") } else { cell.clone() };
            c.put(x, y, cw, &shown, aligns[i], s, mode);
            x += cw as u16;
        }
        if usize::from(x) < w {
            c.put(x, y, w - usize::from(x), "", Align::Left, style, mode);
        }
    };
    let sort_mark = |s: Sort, label: &str| {
        if d.sort == s {
            format!("{label}{}", if d.reversed { "↑" } else { "↓" })
        } else {
            label.to_owned()
        }
    };
    let [organ, form, status, errors, warnings, requests, change] =
        [C::Organ, C::Form, C::Status, C::Errors, C::Warnings, C::Requests, C::Change]
            .map(|c| head(c, lang, true));
    let head = [
        String::new(),
        sort_mark(Sort::Organ, organ),
        form.to_owned(),
        sort_mark(Sort::Status, status),
        sort_mark(Sort::Errors, errors),
        warnings.to_owned(),
        sort_mark(Sort::Requests, requests),
        sort_mark(Sort::Change, change),
    ];
    put_row(c, 1, &head, t.header, None);
    let h = list_height(area.height);
    for line in 0..h {
        let y = 2 + line as u16;
        let Some(&i) = d.shown.get(d.offset + line) else {
            c.put(0, y, w, "", Align::Left, ratatui_core::style::Style::new(), mode);
            continue;
        };
        let r = &d.rows[i];
        let organ = if r.organ.is_empty() { r.file_name() } else { r.organ.clone() };
        let cells = [
            mark(r.status).to_owned(),
            crate::sanitize::visible_inline(&organ).into_owned(),
            r.form.name().to_owned(),
            r.status.label(lang).to_owned(),
            r.errors.to_string(),
            r.warnings.to_string(),
            r.requests.map(|n| n.to_string()).unwrap_or_default(),
            r.change.map(|n| format!("{n:+}")).unwrap_or_default(),
        ];
        let selected = d.offset + line == d.selected;
        let style = if selected { t.focus } else { t.label };
        put_row(c, y, &cells, style, (!selected).then(|| status_style(t, r.status)));
    }
    let tot = &d.totals;
    let total = [
        String::new(),
        say::desk_total(lang, tot.summed),
        String::new(),
        String::new(),
        tot.errors.to_string(),
        tot.warnings.to_string(),
        tot.requests_new.map(|n| n.to_string()).unwrap_or_default(),
        tot.change.map(|n| format!("{n:+}")).unwrap_or_default(),
    ];
    put_row(c, 2 + h as u16, &total, t.header, None);
}

/// The status or typing line and the key bar; where the cursor goes while
/// something is typed.
fn draw_bottom(c: &mut Canvas, d: &Desk, t: &Theme, area: Rect, mode: Ambiguous) -> Option<Position> {
    let w = usize::from(area.width);
    let lang = d.lang;
    let bottom = area.height.saturating_sub(2);
    let mut cursor = None;
    let line = match &d.typing {
        Typing::Filter => {
            let prompt = format!("{}{}", say::filter(lang), d.filter);
            cursor = Some(Position::new(text::width(&prompt, mode).min(w.saturating_sub(1)) as u16, bottom));
            (prompt, t.label_focus)
        }
        Typing::ImportTo(_, path) => {
            let prompt = format!("{}{path}", say::import_to(lang));
            cursor = Some(Position::new(text::width(&prompt, mode).min(w.saturating_sub(1)) as u16, bottom));
            (prompt, t.label_focus)
        }
        Typing::No => match &d.status {
            Some((msg, true)) => (msg.clone(), t.status_error),
            Some((msg, false)) => (msg.clone(), t.status),
            None if !d.filter.is_empty() => (format!("{}{}", say::filter(lang), d.filter), t.dim),
            None => (String::new(), t.dim),
        },
    };
    c.put(0, bottom, w, &crate::sanitize::visible_inline(&line.0), Align::Left, line.1, mode);
    let bar: Vec<String> = KEYS
        .iter()
        .filter(|(_, zh, _, _, _)| !zh.is_empty())
        .map(|(k, zh, en, _, _)| format!("{k} {}", lang.pick(zh, en)))
        .collect();
    c.put(0, area.height.saturating_sub(1), w, &bar.join("  "), Align::Left, t.keys, mode);
    cursor
}

/// The selected report's file and problems, and what is missing or sent
/// twice, under the list.
fn draw_detail(c: &mut Canvas, d: &Desk, t: &Theme, area: Rect, mode: Ambiguous) {
    let w = usize::from(area.width);
    let top = 3 + list_height(area.height) as u16;
    let mut lines: Vec<(String, ratatui_core::style::Style)> = Vec::new();
    if let Some(r) = d.current().and_then(|i| d.rows.get(i)) {
        lines.push((format!("{}  {}", r.file.display(), r.status.label(d.lang)), t.header));
        if r.problems.is_empty() {
            lines.push((say::no_problems(d.lang).to_owned(), t.dim));
        }
        for (error, p) in &r.problems {
            for l in text::wrap(&crate::sanitize::visible_inline(p), w.saturating_sub(2), mode) {
                lines.push((format!("  {l}"), if *error { t.error } else { t.label }));
            }
        }
    } else {
        lines.push((say::nothing_matches(d.lang).to_owned(), t.dim));
    }
    let room = usize::from(DETAIL);
    let summary: Vec<String> =
        d.summary.iter().map(|s| crate::sanitize::visible_inline(s).into_owned()).collect();
    let keep = room.saturating_sub(summary.len().min(2));
    if lines.len() > keep {
        lines.truncate(keep);
        if let Some(last) = lines.last_mut() {
            last.0 = text::truncate(&format!("{} …", last.0), w, mode);
        }
    }
    lines.extend(summary.into_iter().take(room - lines.len()).map(|s| (s, t.dim)));
    for i in 0..room {
        let (l, s) = lines.get(i).cloned().unwrap_or_default();
        c.put(0, top + i as u16, w, &l, Align::Left, s, mode);
    }
}

fn draw_help(c: &mut Canvas, d: &Desk, t: &Theme, area: Rect, mode: Ambiguous) {
    let w = usize::from(area.width);
    let kw = 8;
    let mut y = 1u16;
    c.put(0, y, w, say::desk_help_title(d.lang), Align::Left, t.header, mode);
    y += 1;
    for (k, _, _, zh, en) in KEYS {
        if y + 1 >= area.height {
            break;
        }
        c.put(0, y, kw, &format!(" {k}"), Align::Left, t.key, mode);
        c.put(
            kw as u16,
            y,
            w.saturating_sub(kw),
            &format!(" {}", d.lang.pick(zh, en)),
            Align::Left,
            t.label,
            mode,
        );
        y += 1;
    }
    let marks = say::desk_marks(d.lang);
    for l in text::wrap(marks, w, mode) {
        if y >= area.height {
            break;
        }
        c.put(0, y, w, &l, Align::Left, t.dim, mode);
        y += 1;
    }
    while y < area.height {
        c.put(0, y, w, "", Align::Left, t.label, mode);
        y += 1;
    }
}

/// Reads a report again (after the wizard) and pairs it as the review did.
fn reread(review: &mut Review, i: usize, ctx: &Context<'_>) {
    let Some(file) = review.entries.get(i).map(|e| e.file.clone()) else { return };
    let mut fresh = [review::read_one(&file, ctx.reader, ctx.lang)];
    let mut unsure = Vec::new();
    review::pair(&mut fresh, &review.previous, &mut unsure);
    let [entry] = fresh;
    review.entries[i] = entry;
}

/// Opens a row's report in the wizard: a draft to edit, another form
/// view-only. The terminal is the wizard's until it is left.
fn open(review: &Review, i: usize, ctx: &Context<'_>) -> Option<String> {
    let e = review.entries.get(i)?;
    let previous = e
        .previous
        .and_then(|p| review.previous.get(p))
        .filter(|p| p.form == Form::Ron)
        .map(|p| p.file.clone());
    if e.form == Form::Ron {
        // Held by another wizard (or unwritable): said here, in the list,
        // rather than on the plain screen the wizard would say it on.
        match crate::io::lock_draft(&e.file) {
            Ok(lock) => drop(lock),
            Err(err) if !crate::io::is_unwritable_place(&err) => {
                return Some(crate::i18n::file_error(&err, ctx.lang));
            }
            Err(_) => {}
        }
        let status = super::run(&e.file, None, previous.as_deref(), ctx.lang, ctx.width);
        return (status == EXIT_UNUSABLE).then(|| say::draft_not_opened(ctx.lang).to_owned());
    }
    let report = e.report.clone()?;
    let mut app = nianbao_wizard::app::App::new(report, &e.file, ctx.lang);
    if let Some(prev) = e.previous.and_then(|p| review.previous.get(p)).and_then(|p| p.report.clone()) {
        app.previous = Some(prev);
        app.recheck();
    }
    app.view_only(say::view_only(ctx.lang, e.form.name()));
    super::run_app(app, ctx.lang, ctx.width);
    None
}

/// Imports a row's report to a new draft at `path` and opens it.
fn import(review: &Review, i: usize, path: &Path, ctx: &Context<'_>) -> (Option<String>, bool) {
    let Some(report) = review.entries.get(i).and_then(|e| e.report.clone()) else { return (None, false) };
    let lang = ctx.lang;
    if let Err(e) = io_create(path, &report) {
        return (Some(crate::i18n::file_error(&e, lang)), true);
    }
    let status = super::run(path, None, None, lang, ctx.width);
    let msg = say::imported_to(lang, &crate::sanitize::path(path));
    (Some(msg), status == EXIT_UNUSABLE)
}

fn io_create(path: &Path, report: &crate::model::Report) -> Result<(), crate::io::FileError> {
    let _lock = crate::io::lock_draft(path)?;
    crate::io::create(path, report)
}

/// Whether the overview screen can open: standard input and output are a
/// terminal (and not a dumb one).
#[must_use]
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// The overview until the user leaves it.
pub fn run(mut review: Review, ctx: &Context<'_>) -> u8 {
    let lang = ctx.lang;
    let mode = if ctx.width == WidthChoice::Wide { Ambiguous::Wide } else { Ambiguous::Narrow };
    let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut desk = Desk::new(&review, lang);
    let mut tty = match input::Terminal::new() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("nianbao: {}{e}", say::cannot_watch_terminal(lang));
            return EXIT_UNUSABLE;
        }
    };
    let Ok(mut screen) = super::init_terminal() else {
        restore_terminal();
        return EXIT_UNUSABLE;
    };
    super::restore_on_panic();
    let mut decoder = input::Decoder::with_erase(tty.erase());
    let outcome = loop {
        if screen.autoresize().is_err() {
            break Err(input::Gone::Terminal);
        }
        let size = screen.backend().size();
        desk.update(DeskAction::Resize(size.width, size.height));
        let area = screen.area();
        let (canvas, cursor) = draw(&desk, area, colour, mode);
        if screen.draw_canvas(&canvas, cursor).is_err() {
            break Err(input::Gone::Terminal);
        }
        let wait = decoder
            .deadline()
            .map_or(Duration::from_secs(3600), |d| d.saturating_duration_since(Instant::now()));
        let events = match tty.wait(wait) {
            Ok(input::Input::Bytes(bytes)) => decoder.feed(&bytes, Instant::now()),
            Ok(input::Input::Resized) => {
                screen.backend_mut().refresh_size();
                let _ = screen.autoresize();
                Vec::new()
            }
            Ok(input::Input::Timeout) => decoder.timeout(Instant::now()),
            Err(gone) => break Err(gone),
        };
        let mut quit = false;
        for ev in events {
            let Event::Key(key) = ev else { continue };
            let typing = desk.typing != Typing::No;
            // On the help page any key returns to the list.
            let action = if desk.help && key.kind != KeyEventKind::Release {
                Some(DeskAction::Help)
            } else {
                desk_action(key, typing)
            };
            let Some(action) = action else { continue };
            match desk.update(action) {
                DeskEffect::None => {}
                DeskEffect::Quit => quit = true,
                DeskEffect::Open(i) => {
                    restore_terminal();
                    let said = open(&review, i, ctx);
                    reread(&mut review, i, ctx);
                    desk.replace(i, Row::of(&review.entries[i], &review, lang));
                    desk.totals = review::totals(&review);
                    if let Some(msg) = said {
                        desk.say(msg, true);
                    }
                    match super::init_terminal() {
                        Ok(s) => screen = s,
                        Err(_) => return EXIT_UNUSABLE,
                    }
                }
                DeskEffect::Import(i, path) => {
                    restore_terminal();
                    let (said, error) = import(&review, i, &path, ctx);
                    if let Some(msg) = said {
                        desk.say(msg, error);
                    }
                    match super::init_terminal() {
                        Ok(s) => screen = s,
                        Err(_) => return EXIT_UNUSABLE,
                    }
                }
            }
        }
        if quit {
            break Ok(());
        }
    };
    restore_terminal();
    match outcome {
        Ok(()) => crate::exit::of_review(&review),
        Err(_) => EXIT_UNUSABLE,
    }
}
