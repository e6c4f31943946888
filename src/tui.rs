//! The wizard: terminal set-up and the event loop. State and behaviour are
//! in [`app`], keys in [`keymap`], the screen's regions in [`geometry`],
//! drawing in [`view`] (a table's geometry in [`grid`]). The terminal
//! engine — input decoding, cells, canvas, screen diff, writer — is the
//! `nianbao-term` crate, re-exported here as [`input`], [`cells`],
//! [`canvas`], [`screen`] and [`writer`].
//!
//! One synchronous loop: draw, wait (`poll(2)`) for input or a signal,
//! decode, update, perform the effect. No async runtime.
//!
//! A lost terminal is the normal case over SSH, so every way the terminal
//! can go — end of input, EIO, a failed write, SIGHUP, SIGTERM, SIGINT, a
//! panic — ends in one path: write the recovery file with everything typed
//! (a cell not yet confirmed included), release the lock, exit. Unsaved
//! work is also written there when the user pauses. The next start offers
//! it back, and if the draft on disk changed in between, shows the
//! differences first instead of putting old values over newer ones.

pub use nianbao_term::{canvas, cells, input, screen, writer};
pub use nianbao_wizard::{app, editor, grid, line, prefs};
pub mod desk;
pub mod geometry;
pub mod keymap;
pub mod messages;
pub mod theme;
pub mod view;

use messages as say;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};

use crate::exit::EXIT_UNUSABLE;
use crate::i18n::Lang;
use crate::io;
use app::{App, Effect, RecoveryChoice};

/// How wide East Asian ambiguous characters are drawn (`--ambiguous-width`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WidthChoice {
    Auto,
    Narrow,
    Wide,
}

/// Whether the locale promises UTF-8 (the first of `LC_ALL`, `LC_CTYPE`,
/// `LANG` that is set decides).
#[must_use]
pub fn locale_is_utf8() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

/// Builds the app for `file`: loads it, or starts a new draft if it does
/// not exist; picks up a recovery file left by a lost session. When the
/// draft on disk changed since that session read it, the recovery is not
/// applied but left in [`App::recovery_offer`] for the user to decide.
///
/// # Errors
/// The file exists but cannot be read, the recovery file cannot be read,
/// or `goto` is not an address.
pub fn open(file: &Path, goto: Option<&str>, previous: Option<&Path>, lang: Lang) -> Result<App, String> {
    let fe = |e: io::FileError| crate::i18n::file_error(&e, lang);
    let previous = previous.map(io::load).transpose().map_err(fe)?;
    // A draft made by `new --from` names last year's; unreadable is no loss.
    let previous = previous.or_else(|| io::noted_previous(file).and_then(|p| io::load(&p).ok()));
    let mut app = if file.exists() {
        let (report, identity) = io::load_with_identity(file).map_err(fe)?;
        let mut app = App::new(report, file, lang);
        app.disk = Some(identity);
        app
    } else {
        App::new_draft(file, lang)
    };
    let mut notes = Vec::new();
    match io::read_recovery(file) {
        Ok(Some((rec, place))) => {
            if io::Identity::same_content(rec.draft, app.disk) {
                app.restore(rec);
            } else {
                app.recovery_offer = Some(rec);
            }
            if place != io::recovery_path(file) {
                notes.push(say::recovered_from_elsewhere(lang, &crate::sanitize::path(&place)));
            }
        }
        Ok(None) => {}
        Err(e) => {
            // Not a reason to refuse the draft: the unreadable file is
            // moved aside, so nothing overwrites it and nothing is lost.
            let moved = io::set_aside(e.path());
            notes.push(format!(
                "{}{}",
                crate::i18n::file_error(&e, lang),
                say::unreadable_recovery(lang, moved.map(|m| crate::sanitize::path(&m)).as_deref())
            ));
        }
    }
    if let Some(e) = io::recovery_blocked(file) {
        let place = io::fallback_recovery_path(file).map(|p| crate::sanitize::path(&p)).unwrap_or_default();
        notes.push(format!(
            "{}{}",
            crate::i18n::file_error(&e, lang),
            say::recovery_kept_elsewhere(lang, &place)
        ));
    }
    app.previous = previous;
    app.recheck();
    if !notes.is_empty() {
        if let Some(s) = &app.status {
            notes.push(s.text.clone());
        }
        app.status = Some(app::Status { text: notes.join(say::notes_separator(lang)), error: true });
    }
    if let Some(address) = goto {
        app.goto(address).map_err(|a| {
            format!("--goto {}: {}", crate::sanitize::visible_inline(&a), say::no_such_place(lang))
        })?;
    }
    Ok(app)
}

/// Asks on the plain terminal (before the wizard's screen opens) what to do
/// with unsaved work whose draft changed on disk since: the differences
/// first, then restore / discard / keep both. `None`: the user quit.
fn ask_recovery(app: &App, lang: Lang) -> Option<RecoveryChoice> {
    let rec = app.recovery_offer.as_ref()?;
    // What the wizard opened is the draft on disk (an empty report if none).
    let on_disk = &app.report;
    let schema = crate::format::schema();
    let shown = |v: &crate::model::Value| {
        if v.is_empty() {
            crate::cli::messages::empty_shown(lang).to_owned()
        } else {
            crate::sanitize::visible_inline(&crate::text::truncate(
                &v.display(),
                40,
                crate::text::Ambiguous::Narrow,
            ))
            .into_owned()
        }
    };
    let mut err = std::io::stderr().lock();
    let file = crate::sanitize::path(&app.path);
    let _ = writeln!(err, "{}", say::recovery_conflict(lang, &file));
    let diffs = on_disk.differences(&rec.report);
    let _ = writeln!(err, "{}", say::recovery_differences(lang));
    for &id in &diffs {
        let _ = writeln!(
            err,
            "  {}: {} → {}",
            schema.fields[id].address,
            shown(on_disk.get(id)),
            shown(rec.report.get(id))
        );
    }
    if let Some((address, typed)) = &rec.pending {
        let _ = writeln!(
            err,
            "  {address}: {} {}",
            say::being_typed(lang),
            crate::sanitize::visible_inline(typed)
        );
    }
    let kept = io::free_name(&app.path, "recovered");
    let _ = writeln!(err, "{}", say::recovery_choices(lang, &crate::sanitize::path(&kept)));
    loop {
        // One key, as every other question in the tool: no Enter.
        let _ = write!(err, "[r/d/k/q{}] ", say::one_key(lang));
        let _ = err.flush();
        let key = read_one_key();
        let _ = writeln!(err, "{}", key.filter(u8::is_ascii_graphic).map_or(' ', char::from));
        match key {
            Some(b'r' | b'R') => return Some(RecoveryChoice::Restore),
            Some(b'd' | b'D') => return Some(RecoveryChoice::Discard),
            Some(b'k' | b'K') => return Some(RecoveryChoice::KeepBoth),
            // q, Ctrl-C, Ctrl-D, or the terminal gone.
            Some(b'q' | b'Q' | 0x03 | 0x04) | None => return None,
            _ => {}
        }
    }
}

/// One key from the terminal, read in raw mode (restored before this
/// returns); what else was typed with it (an Enter out of habit) is
/// dropped, so it does not act in the wizard. `None`: no terminal input.
fn read_one_key() -> Option<u8> {
    use std::io::Read as _;
    use std::os::fd::AsFd as _;
    let raw = crossterm::terminal::enable_raw_mode().is_ok();
    let mut b = [0u8; 1];
    let got = std::io::stdin().lock().read(&mut b);
    if raw {
        std::thread::sleep(Duration::from_millis(30));
        let _ = rustix::termios::tcflush(std::io::stdin().as_fd(), rustix::termios::QueueSelector::IFlush);
        let _ = crossterm::terminal::disable_raw_mode();
    }
    match got {
        Ok(1) => Some(b[0]),
        _ => None,
    }
}

/// Opens the wizard on `file`; returns the exit status.
#[must_use]
pub fn run(file: &Path, goto: Option<&str>, previous: Option<&Path>, lang: Lang, width: WidthChoice) -> u8 {
    // A draft in a directory the user cannot write opens read-only (no
    // lock can be taken there, and no save could be either).
    let lock = match io::lock_draft(file) {
        Ok(l) => Some(l),
        Err(e) if io::is_unwritable_place(&e) && file.exists() => None,
        Err(e) => {
            eprintln!("nianbao: {}", crate::i18n::file_error(&e, lang));
            return EXIT_UNUSABLE;
        }
    };
    let mut app = match open(file, goto, previous, lang) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return EXIT_UNUSABLE;
        }
    };
    if lock.is_none() {
        app.open_read_only_place();
    }
    app.remember = true;
    app.guidance_folded = prefs::guidance_folded();
    if let Err(status) = before_screen(&mut app, lang) {
        return status;
    }
    let status = run_app(app, lang, width);
    drop(lock);
    status
}

/// The wizard on `app` in this terminal until it is left: the terminal
/// set up (the ambiguous width probed with `auto`), the event loop, and the
/// terminal restored on every way out.
pub fn run_app(mut app: App, lang: Lang, width: WidthChoice) -> u8 {
    let mut tty = match input::Terminal::new() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("nianbao: {}{e}", say::cannot_watch_terminal(lang));
            return EXIT_UNUSABLE;
        }
    };
    app.ambiguous = match width {
        WidthChoice::Wide => crate::text::Ambiguous::Wide,
        // `auto` starts narrow until the terminal answers.
        WidthChoice::Narrow | WidthChoice::Auto => crate::text::Ambiguous::Narrow,
    };
    let probe = width == WidthChoice::Auto;
    let mut terminal = match init_terminal() {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            eprintln!("nianbao: {}{e}", say::cannot_set_up_terminal(lang));
            return EXIT_UNUSABLE;
        }
    };
    restore_on_panic();
    // Ask the terminal where the cursor went after `é` and after `“`: the
    // first tells whether it decodes UTF-8 at all (asked whatever the
    // width setting), the second how wide it draws an ambiguous
    // character (taken only with `auto`).
    let early = {
        let (mode, utf8, typed) = probe_ambiguous(&mut tty);
        if probe {
            app.ambiguous = mode;
            app.ambiguous_probed = true;
        }
        terminal.backend_mut().forget_cursor();
        if utf8 == Some(false) {
            // The terminal decodes GBK or Latin-1: every Chinese character
            // would be garbage. Said on the plain screen, in terms both can
            // show, before the wizard opens.
            restore_terminal();
            if !warn_not_utf8() {
                return EXIT_UNUSABLE;
            }
            terminal = match init_terminal() {
                Ok(t) => t,
                Err(e) => {
                    restore_terminal();
                    eprintln!("nianbao: {}{e}", say::cannot_set_up_terminal(lang));
                    return EXIT_UNUSABLE;
                }
            };
        }
        typed
    };
    let size = terminal.backend().size();
    app.update(app::Action::Resize(size.width, size.height));
    // A panic anywhere in the loop takes the same way out as a lost
    // terminal: the hook above restores the screen, this keeps the work.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &mut tty, &early)
    }));
    let status = match outcome {
        Ok(Ok(status)) => status,
        Ok(Err(_gone)) => {
            rescue(&app);
            EXIT_UNUSABLE
        }
        Err(_panic) => {
            rescue(&app);
            101
        }
    };
    restore_terminal();
    status
}

/// What happens on the plain terminal before the screen opens: the wizard
/// needs a terminal, a non-UTF-8 locale is warned about, and unsaved work
/// of a lost session is offered back.
fn before_screen(app: &mut App, lang: Lang) -> Result<(), u8> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!("nianbao: {}", say::needs_a_terminal(lang));
        return Err(EXIT_UNUSABLE);
    }
    let term = std::env::var("TERM").unwrap_or_default();
    if term.is_empty() || term == "dumb" {
        eprintln!("nianbao: {}", say::dumb_terminal(lang, &crate::sanitize::visible_inline(&term)));
        return Err(EXIT_UNUSABLE);
    }
    if term == "linux" {
        eprintln!("{}", say::LINUX_CONSOLE);
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_err() {
            return Err(EXIT_UNUSABLE);
        }
    }
    if !locale_is_utf8() {
        let var = std::env::var("LANG").unwrap_or_default();
        eprintln!("{}", say::locale_not_utf8(&crate::sanitize::visible_inline(&var)));
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_err() {
            return Err(EXIT_UNUSABLE);
        }
    }
    if app.recovery_offer.is_some() {
        let Some(choice) = ask_recovery(app, lang) else { return Err(EXIT_UNUSABLE) };
        match app.resolve_recovery(choice) {
            Ok(Some(kept)) => {
                let msg = say::recovered_version_in(lang, &kept);
                app.status = Some(app::Status { text: msg, error: false });
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("nianbao: {e}");
                return Err(EXIT_UNUSABLE);
            }
        }
    }
    Ok(())
}

/// How long the terminal has to answer the width question: a terminal
/// that does not answer (tmux without passthrough, a dumb one) costs this
/// much start-up, no more.
const PROBE_WAIT: Duration = Duration::from_millis(200);

/// Draws `é` and then an ambiguous-width character at the top left,
/// asking the terminal after each where its cursor went (CSI 6n). `é` is
/// two bytes of UTF-8: one column in a terminal that decodes UTF-8, two in
/// one that decodes GBK (one double-width character) or Latin-1 (`Ã©`) —
/// Xshell and SecureCRT on Chinese Windows default to the system code
/// page, older PuTTY to Latin-1. The quote drawn two columns wide means
/// ambiguous characters are wide. No answer within [`PROBE_WAIT`]: narrow,
/// and nothing known about UTF-8. Returns the mode, whether the terminal
/// decodes UTF-8, and any other bytes that arrived meanwhile (keys typed
/// early, handed to the decoder).
fn probe_ambiguous(tty: &mut input::Terminal) -> (crate::text::Ambiguous, Option<bool>, Vec<u8>) {
    use crate::text::Ambiguous;
    let mut out = std::io::stdout();
    let query = "\x1b[1;1H\u{e9}\x1b[6n\x1b[1;1H\u{201c}\x1b[6n";
    if out.write_all(query.as_bytes()).and_then(|()| out.flush()).is_err() {
        return (Ambiguous::Narrow, None, Vec::new());
    }
    let deadline = Instant::now() + PROBE_WAIT;
    let mut got: Vec<u8> = Vec::new();
    let mut utf8 = None;
    loop {
        if let Some((start, end, col)) = cursor_report(&got) {
            got.drain(start..end);
            // The answers come in the order asked: `é` first.
            if utf8.is_none() {
                utf8 = Some(col == 2);
                continue;
            }
            // Put the cells back as they were: blanks.
            let _ = out.write_all(b"\x1b[1;1H  \x1b[1;1H").and_then(|()| out.flush());
            return (if col >= 3 { Ambiguous::Wide } else { Ambiguous::Narrow }, utf8, got);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match tty.wait(left) {
            Ok(input::Input::Bytes(b)) => got.extend_from_slice(&b),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let _ = out.write_all(b"\x1b[1;1H  \x1b[1;1H").and_then(|()| out.flush());
    (Ambiguous::Narrow, utf8, got)
}

/// The warning for a terminal that does not decode UTF-8, in ASCII and in
/// Chinese encoded as GBK (what such a terminal shows right), with where
/// to switch; `true` when the user goes on (Enter), `false` to stop.
fn warn_not_utf8() -> bool {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(
        b"WARNING: this terminal does not decode UTF-8 (it drew a 2-byte UTF-8\n\
          character as two columns), so every Chinese character would show as\n\
          garbage. Set the session's character encoding to UTF-8, then start\n\
          nianbao again:\n\
          \x20 Xshell:    File > Properties > Terminal > Encoding: UTF-8\n\
          \x20 PuTTY:     Window > Translation > Remote character set: UTF-8\n\
          \x20 SecureCRT: Options > Session Options > Appearance > Character encoding: UTF-8\n",
    );
    let (zh, _, _) = encoding_rs::GBK.encode(
        "警告：本终端未使用 UTF-8 编码，中文会显示为乱码。\n\
         Xshell：文件 → 属性 → 终端 → 编码，选 UTF-8；PuTTY：Window → Translation → UTF-8。\n\
         改好后重新打开 nianbao。\n",
    );
    let _ = err.write_all(&zh);
    let _ = err.write_all(b"Press Enter to continue anyway, or Ctrl-C to stop. ");
    let _ = err.flush();
    let mut line = String::new();
    matches!(std::io::stdin().read_line(&mut line), Ok(n) if n > 0)
}

/// A cursor position report `ESC [ row ; col R` in `bytes`: its range and
/// column.
fn cursor_report(bytes: &[u8]) -> Option<(usize, usize, u16)> {
    let start = bytes.windows(2).position(|w| w == b"\x1b[")?;
    let rest = &bytes[start + 2..];
    let end = rest.iter().position(|&b| b == b'R')?;
    let body = std::str::from_utf8(&rest[..end]).ok()?;
    let (_, col) = body.split_once(';')?;
    let col: u16 = col.parse().ok()?;
    Some((start, start + 2 + end + 1, col))
}

/// Raw mode, the alternate screen and bracketed paste, as ratatui's `init`
/// does, but without its panic hook: that one reports a failed restore with
/// `eprintln!`, which itself panics when the terminal is gone, and a
/// panic in a panic hook aborts before the lock and the exit path run.
pub(crate) fn init_terminal() -> std::io::Result<Screen> {
    crossterm::terminal::enable_raw_mode()?;
    execute!(std::io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Ok(screen::Screen::new(writer::TermBackend::new(writer::Stdout)))
}

/// The wizard's terminal: ratatui over our minimal-bytes writer.
type Screen = screen::Screen<writer::Stdout>;

/// A panic restores the terminal before its message is printed. Set once
/// per process: the review desk runs the wizard again and again, and each
/// run would otherwise wrap the hook once more.
pub(crate) fn restore_on_panic() {
    static SET: std::sync::Once = std::sync::Once::new();
    SET.call_once(|| {
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            default_hook(info);
        }));
    });
}

/// Puts the terminal back; every step may fail (the terminal is gone) and
/// none of it may panic.
pub(crate) fn restore_terminal() {
    let _ = execute!(
        std::io::stdout(),
        crossterm::style::ResetColor,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = std::io::stdout().flush();
}

/// On the way out without a save: unsaved work to the recovery file, or,
/// when the draft's directory cannot be written (no recovery file can go
/// there), to the copy that Ctrl-S would have written.
fn rescue(app: &App) {
    match &app.save_as {
        Some(copy) if app.has_unsaved_work() => {
            let _ = io::create_copy(copy, &app.report, &app.path);
        }
        _ => write_recovery(app),
    }
}

fn write_recovery(app: &App) {
    if app.has_unsaved_work() {
        let _ = io::write_recovery(&app.path, &app.recovery());
    }
}

/// After this long without a key, unsaved work goes to the recovery file.
const IDLE_AUTOSAVE: Duration = Duration::from_millis(500);
/// How long the wizard sleeps when there is nothing to do.
const IDLE_FOREVER: Duration = Duration::from_secs(3600);
/// While typing goes on without a pause, at least this often.
const BUSY_AUTOSAVE: Duration = Duration::from_secs(2);

fn event_loop(
    terminal: &mut Screen,
    app: &mut App,
    tty: &mut input::Terminal,
    early: &[u8],
) -> Result<u8, input::Gone> {
    let mut written = unsaved_key(app);
    let mut last_write = Instant::now();
    let mut decoder = input::Decoder::with_erase(tty.erase());
    // Keys typed while the terminal was being asked about widths.
    let mut pending = decoder.feed(early, Instant::now());
    let mut dirty = true;
    let mut drawn: Option<u64> = None;
    let mut painter = view::Painter::default();
    // The screen size the other steps were laid out for.
    let mut prepared = None;
    loop {
        // A key that changed nothing on screen costs no drawing at all.
        let now_shown = if dirty { Some(view::view_key(app)) } else { None };
        if let Some(view) = now_shown
            && now_shown != drawn
        {
            drawn = now_shown;
            terminal.autoresize().map_err(|_| input::Gone::Terminal)?;
            let area = terminal.area();
            let frame = painter.paint(app, area, view);
            terminal.draw_canvas(frame, view::cursor(app, area)).map_err(|_| input::Gone::Terminal)?;
            // Once the screen shows the draft (and after each resize), the
            // other steps are laid out, so no key waits for that.
            if prepared != Some(area) && painter.prepare(app, area) {
                prepared = Some(area);
            }
        }
        dirty = false;
        // While typing goes on, unsaved work reaches the recovery file at
        // least every few seconds — after the redraw, never before it.
        if last_write.elapsed() >= BUSY_AUTOSAVE && unsaved_key(app) != written {
            write_recovery(app);
            written = unsaved_key(app);
            last_write = Instant::now();
        }
        let now = Instant::now();
        // With nothing pending and nothing unsaved there is nothing to wake
        // up for: the wizard sleeps until a key (no timer wakeups).
        let idle = if unsaved_key(app) == written { IDLE_FOREVER } else { IDLE_AUTOSAVE };
        let wait = decoder.deadline().map_or(idle, |d| d.saturating_duration_since(now).min(idle));
        let events = if pending.is_empty() { tty.wait(wait)? } else { input::Input::Timeout };
        let events = match events {
            input::Input::Bytes(bytes) => decoder.feed(&bytes, Instant::now()),
            input::Input::Resized => {
                terminal.backend_mut().refresh_size();
                let s = terminal.backend().size();
                vec![Event::Resize(s.width, s.height)]
            }
            input::Input::Timeout if !pending.is_empty() => std::mem::take(&mut pending),
            input::Input::Timeout => {
                let now = Instant::now();
                let mut events = Vec::new();
                if decoder.deadline().is_some_and(|d| d <= now) {
                    events = decoder.timeout(now);
                }
                if events.is_empty() && unsaved_key(app) != written {
                    write_recovery(app);
                    written = unsaved_key(app);
                    last_write = Instant::now();
                }
                events
            }
        };
        for ev in events {
            if let Event::Resize(..) = ev {
                let _ = terminal.autoresize();
                drawn = None;
            }
            let Some(action) = keymap::action_for(&ev, app.ctx()) else { continue };
            dirty = true;
            let effect = app.update(action);
            if let Effect::Clipboard(text) = &effect {
                // To the user's own clipboard too, where the terminal
                // allows it (OSC 52; it works over SSH and, with
                // `set-clipboard on`, in tmux). Terminals that do not
                // know the sequence ignore it.
                terminal.backend_mut().queue_raw(&writer::osc52(text));
            }
            if app.perform(&effect) {
                if matches!(effect, Effect::Quit) {
                    // Quit without saving: the user chose to drop the changes.
                    io::remove_recovery(&app.path);
                }
                return Ok(0);
            }
        }
    }
}

/// What the recovery file must hold, as a key to tell whether it is
/// up to date: the report's revision and the text of a cell being typed.
fn unsaved_key(app: &App) -> (u64, Option<String>) {
    let typing = match &app.mode {
        app::Mode::EditLine { line, .. } => Some(line.text().to_owned()),
        _ => None,
    };
    (app.revision, typing)
}
