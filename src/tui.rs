//! The wizard: terminal set-up and the event loop. State and behaviour are
//! in [`app`], keys in [`keymap`], drawing in [`view`] and [`grid`].
//!
//! One synchronous loop: draw, wait for an event (at most half a second),
//! turn it into an action, update, perform the effect. No async runtime.
//! Unsaved work is written to a recovery file beside the draft a couple of
//! seconds after each change and when the connection drops (SIGHUP) or the
//! process is asked to stop, so a lost SSH session costs seconds of typing
//! at most; the next start picks the recovery file up.

pub mod app;
pub mod grid;
pub mod keymap;
pub mod line;
pub mod theme;
pub mod view;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;

use crate::cli::EXIT_UNUSABLE;
use crate::i18n::Lang;
use crate::io;
use app::{App, Effect};

/// The recovery file for a draft: `.NAME.recover` beside it.
#[must_use]
pub fn recovery_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.recover"))
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
/// not exist; picks up a recovery file left by a lost session.
///
/// # Errors
/// The file exists but cannot be read, or `goto` is not an address.
pub fn open(file: &Path, goto: Option<&str>, previous: Option<&Path>, lang: Lang) -> Result<App, String> {
    let previous = previous.map(io::load).transpose().map_err(|e| e.to_string())?;
    let mut app = if file.exists() {
        App::new(io::load(file).map_err(|e| e.to_string())?, file, lang)
    } else {
        App::new_draft(file, lang)
    };
    let recovery = recovery_path(file);
    if recovery.exists() {
        match io::load(&recovery) {
            Ok(r) if r != app.report => {
                app.report = r;
                app.mode = app::Mode::Normal;
                app.modified = true;
                app.recheck();
                app.status = Some(app::Status {
                    text: lang
                        .pick(
                            "已恢复上次未保存的修改（Ctrl-S 保存；Ctrl-Q 后选 d 放弃）",
                            "restored unsaved changes from the last session (Ctrl-S keeps them; Ctrl-Q then d drops them)",
                        )
                        .to_owned(),
                    error: false,
                });
            }
            _ => {}
        }
    }
    app.previous = previous;
    app.recheck();
    if let Some(address) = goto {
        app.goto(address).map_err(|a| {
            format!("--goto {a}: {}", lang.pick("没有这个地址或栏目", "no such address or section"))
        })?;
    }
    Ok(app)
}

/// Opens the wizard on `file`; returns the exit status.
#[must_use]
pub fn run(file: &Path, goto: Option<&str>, previous: Option<&Path>, lang: Lang) -> u8 {
    let mut app = match open(file, goto, previous, lang) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return EXIT_UNUSABLE;
        }
    };
    let _lock = match io::lock_draft(file) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return EXIT_UNUSABLE;
        }
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "nianbao: {}",
            lang.pick(
                "向导需要在终端中运行；脚本请使用 nianbao check / get / set",
                "the wizard needs a terminal; scripts can use nianbao check / get / set"
            )
        );
        return EXIT_UNUSABLE;
    }
    if !locale_is_utf8() {
        // ASCII only: a GBK terminal shows this correctly.
        eprintln!(
            "WARNING: the terminal locale is not UTF-8 (LANG={}).\n\
             nianbao shows Chinese text in UTF-8; a terminal set to GBK\n\
             (Xshell, SecureCRT, PuTTY) will show garbage. Set the session's\n\
             character encoding to UTF-8, run `export LANG=C.UTF-8`, and start\n\
             nianbao again. Press Enter to continue anyway, or Ctrl-C to stop.",
            std::env::var("LANG").unwrap_or_default()
        );
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_err() {
            return EXIT_UNUSABLE;
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM] {
        // If registration fails the default action stays; autosave still
        // bounds the loss.
        let _ = signal_hook::flag::register(sig, Arc::clone(&stop));
    }
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("nianbao: cannot set up the terminal: {e}");
            return EXIT_UNUSABLE;
        }
    };
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        previous_hook(info);
    }));
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    if let Ok(size) = terminal.size() {
        app.update(app::Action::Resize(size.width, size.height));
    }
    let status = event_loop(&mut terminal, &mut app, &stop);
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = std::io::stdout().flush();
    status
}

fn write_recovery(app: &App) {
    if app.modified {
        let _ = io::save(&recovery_path(&app.path), &app.report);
    }
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App, stop: &AtomicBool) -> u8 {
    let mut saved_revision = app.revision;
    let mut last_write = Instant::now();
    let mut last_event = Instant::now();
    let mut escapes = keymap::SplitEscape::default();
    loop {
        let drawn = terminal.draw(|f| {
            let area = f.area();
            f.render_widget(&*app, area);
            if let Some(p) = view::cursor(app, area) {
                f.set_cursor_position(p);
            }
        });
        if drawn.is_err() || stop.load(Ordering::Relaxed) {
            write_recovery(app);
            return EXIT_UNUSABLE;
        }
        let wait = if escapes.holding() { keymap::SplitEscape::WINDOW } else { Duration::from_millis(500) };
        let Ok(ready) = event::poll(wait) else {
            write_recovery(app);
            return EXIT_UNUSABLE;
        };
        let events = if ready {
            let Ok(ev) = event::read() else {
                // The terminal went away (a dropped SSH connection).
                write_recovery(app);
                return EXIT_UNUSABLE;
            };
            let immediate = last_event.elapsed() <= keymap::SplitEscape::WINDOW;
            last_event = Instant::now();
            escapes.feed(ev, immediate)
        } else {
            if app.revision != saved_revision {
                write_recovery(app);
                saved_revision = app.revision;
                last_write = Instant::now();
            }
            escapes.timeout()
        };
        for ev in events {
            let Some(action) = keymap::action_for(&ev, app.ctx()) else { continue };
            let effect = app.update(action);
            if app.perform(&effect) {
                if matches!(effect, Effect::Quit) {
                    // Quit without saving: the user chose to drop the changes.
                    let _ = std::fs::remove_file(recovery_path(&app.path));
                }
                return 0;
            }
        }
        if app.revision != saved_revision && last_write.elapsed() >= Duration::from_secs(2) {
            write_recovery(app);
            saved_revision = app.revision;
            last_write = Instant::now();
        }
    }
}
