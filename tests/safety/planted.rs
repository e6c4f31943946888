//! A shared folder with a colleague of bad intent (or a stale script) in
//! it: the folder is world-writable and sticky like `/tmp`, and before or
//! during each command a name nianbao uses beside a draft is planted — a
//! symbolic link to a victim file elsewhere, a hard link, a named pipe, a
//! directory. Each test checks that the victim is byte for byte and mode
//! for mode unchanged, that nothing hangs (every run has a deadline), that
//! the refusal names what is in the way, and that no file nianbao makes is
//! wider than the draft. Run as root (as CI does), nothing in the kernel
//! stops any of this; the code has to.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use super::common::{self, pty::Pty, s};

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");

/// A world-writable sticky folder with a draft (mode 0600) in it, and a
/// victim file (mode 0640) in a folder of its own.
struct Shared {
    _root: tempfile::TempDir,
    dir: PathBuf,
    draft: PathBuf,
    victim: PathBuf,
}

const VICTIM: &[u8] = b"a colleague's notes: not nianbao's to write\n";

impl Shared {
    fn new() -> Shared {
        let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = root.path().join("shared");
        std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o1777))
            .unwrap_or_else(|e| panic!("{e}"));
        let draft = dir.join("d.ron");
        std::fs::copy(common::example("fuxin-2021.ron"), &draft).unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&draft, std::fs::Permissions::from_mode(0o600))
            .unwrap_or_else(|e| panic!("{e}"));
        let home = root.path().join("victim");
        std::fs::create_dir(&home).unwrap_or_else(|e| panic!("{e}"));
        let victim = home.join("notes.txt");
        std::fs::write(&victim, VICTIM).unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o640))
            .unwrap_or_else(|e| panic!("{e}"));
        Shared { _root: root, dir, draft, victim }
    }

    fn at(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn link_to_victim(&self, name: &str) -> PathBuf {
        let p = self.at(name);
        std::os::unix::fs::symlink(&self.victim, &p).unwrap_or_else(|e| panic!("{e}"));
        p
    }

    fn assert_victim_untouched(&self, what: &str) {
        assert_eq!(std::fs::read(&self.victim).ok().as_deref(), Some(VICTIM), "{what}: the victim's bytes");
        let mode = std::fs::metadata(&self.victim).map(|m| m.permissions().mode() & 0o777).ok();
        assert_eq!(mode, Some(0o640), "{what}: the victim's mode");
    }
}

fn fifo(path: &Path) {
    use rustix::fs::{CWD, FileType, Mode, mknodat};
    mknodat(CWD, path, FileType::Fifo, Mode::from_raw_mode(0o666), 0)
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
}

/// Runs the binary with a deadline: a run that blocks (on a named pipe)
/// fails the test instead of hanging it.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env("LANG", "C.UTF-8").env_remove("LC_ALL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    common::run_within(&mut cmd, Duration::from_secs(10), &format!("{args:?}"))
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn mode(p: &Path) -> u32 {
    let meta = std::fs::metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    meta.permissions().mode() & 0o777
}

/// Every command that takes a draft's lock, on a draft that exists or one
/// it creates.
fn locking_commands(sh: &Shared) -> Vec<(Vec<String>, PathBuf)> {
    let page =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/published-2021-fuxin-coal-bureau.txt");
    let d = sh.draft.display().to_string();
    let n = sh.at("n.ron");
    let nn = n.display().to_string();
    let v = |a: &[&str]| a.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    vec![
        (v(&["set", &d, "requests.new.natural_person", "5"]), sh.draft.clone()),
        (v(&[&d]), sh.draft.clone()),
        (v(&["new", &nn, "--organ", "测试局"]), n.clone()),
        (v(&["new", &nn, "--from", &d]), n.clone()),
        (v(&["import", &page.display().to_string(), "-o", &nn]), n.clone()),
        (v(&["sum", &d, "-o", &nn]), n),
    ]
}

#[test]
fn a_link_pipe_directory_or_hard_link_at_the_lock_file_is_refused_and_nothing_is_written() {
    for plant in ["symlink", "hardlink", "fifo", "dir"] {
        let sh = Shared::new();
        for (args, draft) in locking_commands(&sh) {
            let name =
                format!(".{}.lock", draft.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
            let lock = sh.at(&name);
            match plant {
                "symlink" => drop(sh.link_to_victim(&name)),
                "hardlink" => std::fs::hard_link(&sh.victim, &lock).unwrap_or_else(|e| panic!("{e}")),
                "fifo" => fifo(&lock),
                _ => std::fs::create_dir(&lock).unwrap_or_else(|e| panic!("{e}")),
            }
            let before = std::fs::read(&sh.draft).ok();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = run(&args, &[]);
            assert_eq!(o.status.code(), Some(2), "{plant} {args:?}: {}", err(&o));
            let want = match plant {
                "symlink" => "符号链接",
                "hardlink" => "硬链接",
                "fifo" => "命名管道",
                _ => "目录",
            };
            assert!(err(&o).contains(want) && err(&o).contains(&name), "{plant} {args:?}: {}", err(&o));
            assert!(err(&o).contains("rm "), "says what to do: {}", err(&o));
            sh.assert_victim_untouched(&format!("{plant} {args:?}"));
            assert!(
                std::fs::symlink_metadata(&lock).is_ok(),
                "{plant} {args:?}: the planted name stays, as evidence"
            );
            assert_eq!(std::fs::read(&sh.draft).ok(), before, "{plant} {args:?}: the draft unchanged");
            assert!(!sh.at("n.ron").exists(), "{plant} {args:?}: no new draft");
            if plant == "dir" {
                std::fs::remove_dir(&lock).unwrap_or_else(|e| panic!("{e}"));
            } else {
                std::fs::remove_file(&lock).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
}

#[test]
fn side_files_are_never_wider_than_the_draft_whatever_the_umask() {
    let sh = Shared::new();
    // The lock, while held (this process's umask is the usual 022).
    let held = nianbao::io::lock_draft(&sh.draft).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode(&nianbao::io::lock_path(&sh.draft)), 0o600, "the lock file");
    drop(held);
    // The copy a save writes when the draft changed on disk meanwhile.
    let mut app =
        nianbao::tui::open(&sh.draft, None, None, nianbao::i18n::Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["set", s(&sh.draft), "requests.new.research", "7"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    common::set_count(&mut app.report, "requests.new.commercial", 3);
    app.modified = true;
    let effect = app.update(nianbao::tui::app::Action::Save);
    app.perform(&effect);
    let mine = sh.at("d.mine.ron");
    assert!(mine.exists(), "{:?}", app.status);
    assert_eq!(mode(&mine), 0o600, "the copy of the user's version");
    // The recovery file and an export of the draft.
    nianbao::io::write_recovery(&sh.draft, &app.recovery()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode(&nianbao::io::recovery_path(&sh.draft)), 0o600, "the recovery file");
    let html = sh.at("d.html");
    let o = run(&["export", s(&sh.draft), "--to", "html", "--force", "-o", s(&html)], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(mode(&html), 0o600, "the export");
    assert_eq!(mode(&sh.draft), 0o600, "the draft itself after a set");
}

#[test]
fn a_hard_link_shares_the_lock_of_the_file() {
    let sh = Shared::new();
    let hard = sh.at("hard.ron");
    std::fs::hard_link(&sh.draft, &hard).unwrap_or_else(|e| panic!("{e}"));
    let held = nianbao::io::lock_draft(&sh.draft).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&hard).ok();
    let o = run(&["set", s(&hard), "requests.new.natural_person", "5"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("硬链接") && err(&o).contains("另一个 nianbao 窗口"), "{}", err(&o));
    assert_eq!(std::fs::read(&hard).ok(), before);
    assert!(!nianbao::io::lock_path(&hard).exists(), "the refused command leaves no lock file");
    drop(held);
    let o = run(&["set", s(&hard), "requests.new.natural_person", "5"], &[]);
    assert_eq!(o.status.code(), Some(0), "free again: {}", err(&o));
}

#[test]
fn an_export_onto_a_link_is_refused_even_with_force() {
    let sh = Shared::new();
    for to in ["html", "md", "txt"] {
        let out = sh.link_to_victim(&format!("out.{to}"));
        let o = run(&["export", s(&sh.draft), "--to", to, "--force", "-o", s(&out)], &[]);
        assert_eq!(o.status.code(), Some(2), "{to}: {}", err(&o));
        assert!(err(&o).contains("符号链接"), "{}", err(&o));
        sh.assert_victim_untouched(to);
    }
    // A dangling link is no way in either: `new` does not create its target.
    let target = sh.dir.join("..").join("victim").join("created-by-nianbao.ron");
    let dangling = sh.at("new.ron");
    std::os::unix::fs::symlink(&target, &dangling).unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["new", s(&dangling), "--organ", "测试局"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!target.exists(), "nothing created through the link");
}

#[test]
fn a_draft_that_is_a_pipe_or_a_directory_is_refused_without_waiting() {
    let sh = Shared::new();
    let pipe = sh.at("pipe.ron");
    fifo(&pipe);
    let dir = sh.at("folder.ron");
    std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    for (path, what) in [(&pipe, "命名管道"), (&dir, "目录")] {
        for args in [
            vec!["check", s(path)],
            vec!["get", s(path), "meta.organ"],
            vec!["set", s(path), "requests.new.research", "1"],
            vec!["import", s(path), "-o", s(&sh.at("x.ron"))],
            vec![s(path)],
        ] {
            let o = run(&args, &[]);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
            assert!(err(&o).contains(what), "{args:?}: {}", err(&o));
        }
    }
}

#[test]
fn what_stands_at_the_recovery_file_is_never_read_or_written_through() {
    let sh = Shared::new();
    let rec = nianbao::io::recovery_path(&sh.draft);
    // A link to another draft with unsaved-looking work is not offered.
    let other = sh.at("other.ron");
    let mut changed = nianbao::io::load(&sh.draft).unwrap_or_else(|e| panic!("{e}"));
    common::set_count(&mut changed, "requests.new.research", 99);
    nianbao::io::save(&other, &changed).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&other, &rec).unwrap_or_else(|e| panic!("{e}"));
    let app =
        nianbao::tui::open(&sh.draft, None, None, nianbao::i18n::Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.recovery_offer.is_none() && !app.modified, "a planted link is not a recovery");
    let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("符号链接") && status.contains("rm "), "{status}");
    std::fs::remove_file(&rec).unwrap_or_else(|e| panic!("{e}"));
    // A named pipe does not hang the start.
    fifo(&rec);
    let (tx, rx) = std::sync::mpsc::channel();
    let draft = sh.draft.clone();
    std::thread::spawn(move || {
        let app = nianbao::tui::open(&draft, None, None, nianbao::i18n::Lang::En);
        let _ = tx.send(app.map(|a| a.status.map(|s| s.text)));
    });
    let status =
        rx.recv_timeout(Duration::from_secs(10)).unwrap_or_else(|_| panic!("the start hung on a pipe"));
    let status = status.unwrap_or_else(|e| panic!("{e}")).unwrap_or_default();
    assert!(status.contains("named pipe"), "{status}");
    std::fs::remove_file(&rec).unwrap_or_else(|e| panic!("{e}"));
    // A file that is not a recovery file does not stop the draft from
    // opening: it is renamed aside, its content kept.
    std::fs::write(&rec, "not a draft at all").unwrap_or_else(|e| panic!("{e}"));
    let app =
        nianbao::tui::open(&sh.draft, None, None, nianbao::i18n::Lang::Zh).unwrap_or_else(|e| panic!("{e}"));
    let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    let aside = sh.at(".d.ron.recover.unreadable");
    assert!(status.contains(".d.ron.recover.unreadable"), "{status}");
    assert_eq!(std::fs::read(&aside).ok().as_deref(), Some(&b"not a draft at all"[..]));
}

/// The wizard loses its terminal with a digit typed and not confirmed;
/// meanwhile a link to the victim was planted at `.d.ron.recover`. The work
/// goes to the user's state directory, the victim is untouched, and the
/// next start restores it and says where it was.
#[test]
fn a_drop_with_the_recovery_name_taken_keeps_the_work_elsewhere_and_says_where() {
    let sh = Shared::new();
    let state = sh.dir.parent().unwrap_or_else(|| panic!("root")).join("state");
    let env = [("XDG_STATE_HOME", s(&state))];
    let dir = sh.dir.clone();
    let mut p =
        Pty::spawn(BIN, &["edit", s(&sh.draft), "--goto", "requests.new.natural_person"], &dir, &env, 24, 80);
    p.wait_for("[requests.new.natural_person]");
    let rec = nianbao::io::recovery_path(&sh.draft);
    std::os::unix::fs::symlink(&sh.victim, &rec).unwrap_or_else(|e| panic!("{e}"));
    p.send(b"4");
    p.send(b"7");
    p.wait_for(">47");
    p.close();
    assert!(p.exit_within(Duration::from_secs(5)).is_some(), "the wizard left after the drop");
    sh.assert_victim_untouched("a drop");
    assert!(
        std::fs::symlink_metadata(&rec).is_ok_and(|m| m.file_type().is_symlink()),
        "the link is left alone"
    );
    let kept: Vec<PathBuf> = std::fs::read_dir(state.join("nianbao"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(mode(&kept[0]), 0o600);
    assert_eq!(mode(&state.join("nianbao")) & 0o077, 0, "the state directory is the user's alone");
    // The next start finds it (the link still there, warned about).
    std::fs::remove_file(&rec).unwrap_or_else(|e| panic!("{e}"));
    let mut p = Pty::spawn(BIN, &[s(&sh.draft)], &dir, &env, 24, 80);
    p.wait_for("恢复的内容取自");
    p.wait_for(">47");
    p.send(b"\r");
    p.send(b"\x13");
    p.wait_for("已保存");
    p.send(b"\x11");
    assert_eq!(p.exit_within(Duration::from_secs(5)).and_then(|s| s.code()), Some(0));
    let back = nianbao::io::load(&sh.draft).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.get(common::id("requests.new.natural_person")).display(), "47");
    assert!(!kept[0].exists(), "the saved work's recovery is gone");
}

#[test]
fn no_control_byte_from_data_reaches_a_page_a_terminal_or_clap() {
    let sh = Shared::new();
    let mut r = nianbao::io::load(&sh.draft).unwrap_or_else(|e| panic!("{e}"));
    let evil =
        "收到\x1b]0;title\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\x1b[6n\x1bP+q\x1b\\\u{9b}31m\u{85}\u{202e}1件";
    r.set(common::id("overview.on_request"), nianbao::model::Value::Text(evil.to_owned()));
    nianbao::io::save(&sh.draft, &r).unwrap_or_else(|e| panic!("{e}"));
    let html = sh.at("d.html");
    let o = run(&["export", s(&sh.draft), "--to", "html", "-o", s(&html)], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let page = std::fs::read_to_string(&html).unwrap_or_else(|e| panic!("{e}"));
    assert!(page.contains("收到") && page.contains("1件"), "the text stays");
    let bad = |t: &str| {
        t.chars().find(|&c| {
            (c < ' ' && c != '\n' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c) || c == '\u{202e}'
        })
    };
    assert_eq!(bad(&page), None, "a control character in the published page");
    // HTML to standard output, in a terminal.
    let mut p = Pty::spawn(BIN, &["export", s(&sh.draft), "--to", "html"], &sh.dir, &[], 24, 80);
    assert!(p.exit_within(Duration::from_secs(10)).is_some());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !String::from_utf8_lossy(&p.raw).contains("</html>") && Instant::now() < deadline {
        p.pump(Duration::from_millis(50));
    }
    let out = String::from_utf8_lossy(&p.raw).into_owned();
    assert!(out.contains("</html>"), "{out}");
    let found = bad(&out.replace("\r\n", "\n"));
    assert_eq!(
        found,
        None,
        "a control character reached the terminal: {:?}",
        out.split("收到").nth(1).map(|t| t.chars().take(60).collect::<String>())
    );
    // clap's own message about a bad value.
    let o = run(&["--lang", "\x1b]0;x\x07\u{9b}2J", "check", s(&sh.draft)], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(bad(&err(&o)), None, "clap echoed a control character: {:?}", err(&o));
}
