//! The real binary in a pseudo-terminal, its screen parsed by a terminal
//! emulator (vt100): a new draft, a number typed at
//! `requests.new.natural_person`, the flag seen, saved, quit; then
//! `nianbao get` reads the number back.

use crate::common;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Session {
    parser: vt100::Parser,
    rx: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(args: &[&str], dir: &Path) -> Session {
        Session::start_with_lang(args, dir, "C.UTF-8")
    }

    fn start_with_lang(args: &[&str], dir: &Path, lang: &str) -> Session {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_nianbao"));
        cmd.args(args);
        cmd.env("LANG", lang);
        Session::spawn(cmd, dir)
    }

    /// The wizard as an unprivileged user: as root (CI), through
    /// `setpriv` as nobody, since root may write anywhere.
    fn start_unprivileged(args: &[&str], dir: &Path, home: &Path) -> Session {
        let bin = env!("CARGO_BIN_EXE_nianbao");
        let mut cmd = if rustix::process::getuid().is_root() {
            let mut c = CommandBuilder::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
            c
        } else {
            CommandBuilder::new(bin)
        };
        cmd.args(args);
        cmd.env("LANG", "C.UTF-8");
        cmd.env("HOME", home);
        Session::spawn(cmd, dir)
    }

    fn spawn(mut cmd: CommandBuilder, dir: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
            .unwrap_or_else(|e| panic!("no pty: {e}"));
        cmd.cwd(dir);
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_CTYPE");
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).unwrap_or_else(|e| panic!("spawn: {e}"));
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap_or_else(|e| panic!("{e}"));
        let writer = pty.master.take_writer().unwrap_or_else(|e| panic!("{e}"));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _keep_master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
        Session { parser: vt100::Parser::new(size(24), size(80), 0), rx, writer, child }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            self.parser.process(&bytes);
            while let Ok(more) = self.rx.try_recv() {
                self.parser.process(&more);
            }
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.screen().contains(text) {
            assert!(Instant::now() < deadline, "waited for {text:?}; the screen is:\n{}", self.screen());
            self.pump(Duration::from_millis(100));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        self.writer.flush().unwrap_or_else(|e| panic!("{e}"));
        self.pump(Duration::from_millis(50));
    }

    fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.pump(Duration::from_millis(50));
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.exit_code();
            }
            assert!(Instant::now() < deadline, "the wizard did not exit; screen:\n{}", self.screen());
        }
    }
}

/// A scratch copy of the Fuxin example, in a directory of its own.
fn copy_of_fuxin() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("fuxin.ron");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fuxin-2021.ron"), &file)
        .unwrap_or_else(|e| panic!("{e}"));
    (dir, file)
}

const PAGE_DOWN: &str = "\x1b[6~";
const CTRL_S: &str = "\x13";
const CTRL_Q: &str = "\x11";

#[test]
fn new_draft_type_a_number_see_the_flag_save_quit_and_read_it_back() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("draft.ron");
    let file_s = file.to_str().unwrap_or_else(|| panic!("path"));
    let mut s = Session::start(&[file_s], dir.path());
    s.wait_for("请输入机关名称");
    s.send("测试局\r");
    s.wait_for("测试局");
    s.wait_for("基本信息");
    // The quick path asks what there is to report; y keeps table 3 open.
    s.wait_for("本年度是否收到政府信息公开申请");
    s.send("y");
    s.wait_for("是否有政府信息公开行政复议");
    s.send("\x1b");
    s.wait_for("已取消");
    for _ in 0..3 {
        s.send(PAGE_DOWN);
    }
    s.wait_for("三、收到和处理政府信息公开申请情况");
    // The focus starts at requests.new.natural_person.
    s.wait_for("[requests.new.natural_person]");
    s.send("7");
    // While typing, the terminal cursor sits at the caret, right after the
    // 7 in the first value cell of the row (so an IME opens there).
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let screen = s.parser.screen();
        let (row, col) = screen.cursor_position();
        let line = screen.contents_between(row, 0, row, 80);
        let before_cursor = screen.contents_between(row, 0, row, col);
        if line.contains("一、本年新收") && before_cursor.trim_end().ends_with(">7") {
            break;
        }
        assert!(Instant::now() < deadline, "cursor at {row},{col}; screen:\n{}", s.screen());
        s.pump(Duration::from_millis(100));
    }
    s.send("\r");
    // The empty total of that row waits for the five parts still empty;
    // a total typed there below the parts is flagged with their sum.
    s.wait_for("[已修改]");
    s.send("\x1b[A\x1b[F");
    s.wait_for("[requests.new.total]");
    s.wait_for("合计待定：相关各格还有 5 格");
    s.send("5\r");
    s.wait_for("5!=7");
    s.send(CTRL_S);
    s.wait_for("已保存");
    s.send(CTRL_Q);
    assert_eq!(s.wait_exit(), 0);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["get", file_s, "requests.new.natural_person"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "7");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", file_s, "--format", "json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check.status.code(), Some(1), "the saved draft has the tally errors the screen showed");
    let json = String::from_utf8_lossy(&check.stdout);
    assert!(json.contains(r#""cell":"requests.new.total""#), "{json}");
}

#[test]
fn quit_after_an_edit_asks_first_and_a_bare_esc_does_not_quit() {
    let (dir, file) = copy_of_fuxin();
    let before = std::fs::read(&file).ok();
    let file_s = file.to_str().unwrap_or_else(|| panic!("path"));
    let mut s = Session::start(&["edit", file_s, "--goto", "appeals.review.upheld"], dir.path());
    s.wait_for("[appeals.review.upheld]");
    s.send("3\r");
    s.wait_for("[已修改]");
    s.send("\x1b");
    s.send(CTRL_Q);
    s.wait_for("有未保存的修改");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    s.pump(Duration::from_millis(100));
    assert!(s.child.try_wait().ok().flatten().is_none(), "Esc must not quit");
    s.send(CTRL_Q);
    s.wait_for("放弃修改并退出");
    s.send("d");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(std::fs::read(&file).ok(), before, "discard leaves the file as it was");
}

#[test]
fn a_dropped_connection_keeps_the_typing_for_the_next_start() {
    let (dir, file) = copy_of_fuxin();
    let before = std::fs::read(&file).ok();
    let file_s = file.to_str().unwrap_or_else(|| panic!("path"));
    let mut s = Session::start(&["edit", file_s, "--goto", "requests.new.research"], dir.path());
    s.wait_for("[requests.new.research]");
    s.send("4\r");
    s.wait_for("[已修改]");
    // The SSH session drops: the process gets SIGHUP before any save.
    let pid = s.child.process_id().unwrap_or_else(|| panic!("no pid"));
    let killed = std::process::Command::new("kill").args(["-HUP", &pid.to_string()]).status();
    assert!(killed.is_ok_and(|st| st.success()));
    s.wait_exit();
    assert_eq!(std::fs::read(&file).ok(), before, "the draft itself is only written by a save");
    let recovery = nianbao::io::recovery_path(&file);
    let kept = nianbao::io::load(&recovery).unwrap_or_else(|e| panic!("no recovery file: {e}"));
    let id = nianbao::format::schema().lookup("requests.new.research").unwrap_or(0);
    assert_eq!(kept.get(id).display(), "4");

    // The next start brings the typing back; discarding drops it for good.
    let mut s = Session::start(&["edit", file_s, "--goto", "requests.new.research"], dir.path());
    s.wait_for("已恢复上次未保存的修改");
    s.wait_for("[已修改]");
    s.send(CTRL_Q);
    s.wait_for("放弃修改并退出");
    s.send("d");
    assert_eq!(s.wait_exit(), 0);
    assert!(!recovery.exists());
    assert_eq!(std::fs::read(&file).ok(), before);
}

#[test]
fn a_non_utf8_locale_is_warned_about_in_ascii_before_the_screen_opens() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fuxin-2021.ron");
    let mut s = Session::start_with_lang(&[example.to_str().unwrap_or("")], dir.path(), "zh_CN.GBK");
    s.wait_for("WARNING: the terminal locale is not UTF-8 (LANG=zh_CN.GBK)");
    assert!(s.screen().is_ascii(), "a GBK terminal must be able to read the warning");
    s.send("\r");
    s.wait_for("基本信息");
    s.send(CTRL_Q);
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_draft_in_a_directory_the_user_cannot_write_opens_read_only_and_saves_a_copy_at_home() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap_or_else(|e| panic!("{e}"));
    };
    let (dir, file) = copy_of_fuxin();
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    mode(dir.path(), 0o555);
    mode(&file, 0o644);
    mode(home.path(), 0o777);
    let before = std::fs::read(&file).ok();
    let file_s = file.to_str().unwrap_or_else(|| panic!("path"));
    let mut s = Session::start_unprivileged(
        &["edit", file_s, "--goto", "requests.new.research"],
        home.path(),
        home.path(),
    );
    s.wait_for("只读打开：草稿所在目录不可写。Ctrl-S 另存为");
    let copy = home.path().join("fuxin.ron");
    s.send("4\r");
    s.wait_for("[已修改]");
    s.send(CTRL_S);
    s.wait_for("已另存为");
    s.send(CTRL_Q);
    assert_eq!(s.wait_exit(), 0);
    mode(dir.path(), 0o755);
    assert_eq!(std::fs::read(&file).ok(), before, "the draft is untouched");
    let saved = nianbao::io::load(&copy).unwrap_or_else(|e| panic!("no copy at home: {e}"));
    let id = nianbao::format::schema().lookup("requests.new.research").unwrap_or(0);
    assert_eq!(saved.get(id).display(), "4");
    assert!(!nianbao::io::lock_path(&file).exists(), "no lock left beside the draft");
}

#[test]
fn a_drop_in_a_read_only_directory_keeps_the_typing_in_the_copy() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap_or_else(|e| panic!("{e}"));
    };
    let (dir, file) = copy_of_fuxin();
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    mode(dir.path(), 0o555);
    mode(home.path(), 0o777);
    let file_s = file.to_str().unwrap_or_else(|| panic!("path"));
    let mut s = Session::start_unprivileged(
        &["edit", file_s, "--goto", "requests.new.research"],
        home.path(),
        home.path(),
    );
    s.wait_for("只读打开");
    s.send("7\r");
    s.wait_for("[已修改]");
    let pid = s.child.process_id().unwrap_or_else(|| panic!("no pid"));
    // setpriv execs the wizard, so the pid is the wizard's.
    let killed = std::process::Command::new("kill").args(["-HUP", &pid.to_string()]).status();
    assert!(killed.is_ok_and(|st| st.success()));
    s.wait_exit();
    mode(dir.path(), 0o755);
    let saved = nianbao::io::load(&home.path().join("fuxin.ron")).unwrap_or_else(|e| panic!("no copy: {e}"));
    let id = nianbao::format::schema().lookup("requests.new.research").unwrap_or(0);
    assert_eq!(saved.get(id).display(), "7");
}

#[test]
fn unsaved_work_reaches_the_recovery_file_after_a_pause_without_a_save() {
    let (dir, file) = copy_of_fuxin();
    let file_s = file.to_str().unwrap_or_else(|| panic!("path"));
    let mut s = Session::start(&["edit", file_s, "--goto", "requests.new.research"], dir.path());
    s.wait_for("[requests.new.research]");
    let recovery = nianbao::io::recovery_path(&file);
    s.send("4\r");
    s.wait_for("[已修改]");
    // A pause of half a second writes it; nothing was saved.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !recovery.exists() {
        assert!(Instant::now() < deadline, "no recovery file after a pause");
        s.pump(Duration::from_millis(100));
    }
    let kept = nianbao::io::read_recovery(&file)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("unreadable recovery file"))
        .0;
    let id = nianbao::format::schema().lookup("requests.new.research").unwrap_or(0);
    assert_eq!(kept.report.get(id).display(), "4");
    let on_disk = nianbao::io::load(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(on_disk.get(id).display(), "0", "the draft itself waits for Ctrl-S");
    // Saving removes it.
    s.send(CTRL_S);
    s.wait_for("已保存");
    assert!(!recovery.exists());
    s.send(CTRL_Q);
    assert_eq!(s.wait_exit(), 0);
}

/// `TERM=dumb` (an editor's shell buffer, a script's pty) cannot show the
/// wizard: it says so and what to use instead, rather than drawing
/// escape sequences. The Linux console cannot draw Chinese: a warning in
/// ASCII first, then the wizard if the user goes on.
#[test]
fn a_dumb_terminal_is_refused_and_the_linux_console_warned_about() {
    use common::pty::Pty;
    // A copy of its own: tests run in parallel, and a wizard locks its draft.
    let (dir, example) = copy_of_fuxin();
    let file = example.to_str().unwrap_or("");
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let mut p = Pty::spawn(bin, &[file], dir.path(), &[("TERM", "dumb")], 24, 80);
    p.wait_for("TERM=dumb");
    assert_eq!(p.exit_within(Duration::from_secs(5)).and_then(|s| s.code()), Some(2));
    assert!(p.screen().contains("nianbao check / get / set"), "{}", p.screen());
    assert!(!p.raw.windows(2).any(|w| w == b"\x1b["), "no escape sequence drawn");
    let mut p = Pty::spawn(bin, &[file], dir.path(), &[("TERM", "linux")], 24, 80);
    p.wait_for("WARNING: this is the Linux console");
    assert!(p.screen().is_ascii(), "the console can read the warning");
    p.send(b"\r");
    p.wait_for("[meta.organ]");
    p.send(CTRL_Q.as_bytes());
    assert_eq!(p.exit_within(Duration::from_secs(5)).and_then(|s| s.code()), Some(0));
}

/// A terminal that decodes GBK (Xshell's default on Chinese Windows) draws
/// the probe's `é` (two bytes of UTF-8) two columns wide: before the
/// wizard opens, a warning on the plain screen says how to switch to
/// UTF-8; Enter goes on. A terminal that answers one column gets no
/// warning. Asked with `--ambiguous-width narrow` too.
#[test]
fn a_terminal_that_does_not_decode_utf8_is_told_before_the_screen_opens() {
    use common::pty::Pty;
    // A copy of its own: tests run in parallel, and a wizard locks its draft.
    let (dir, example) = copy_of_fuxin();
    let file = example.to_str().unwrap_or("");
    let bin = env!("CARGO_BIN_EXE_nianbao");
    // Asked whatever the width setting: a width given on the command line
    // says nothing of the encoding.
    for (col, warned, width) in [(3, true, "auto"), (2, false, "auto"), (3, true, "narrow")] {
        let mut p = Pty::spawn(bin, &["--ambiguous-width", width, file], dir.path(), &[], 24, 80);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !p.raw.windows(4).any(|w| w == b"\x1b[6n") {
            assert!(Instant::now() < deadline, "no cursor query");
            p.pump(Duration::from_millis(20));
        }
        // As the terminal would answer: where `é`, then `“`, left the cursor.
        p.send_raw(format!("\x1b[1;{col}R\x1b[1;2R").as_bytes());
        if warned {
            p.wait_for("WARNING: this terminal does not decode UTF-8");
            p.wait_for("Xshell:    File > Properties > Terminal > Encoding: UTF-8");
            p.send(b"\r");
        }
        p.wait_for("[meta.organ]");
        assert!(!p.screen().contains("WARNING"), "the wizard's screen");
        let told = String::from_utf8_lossy(&p.raw).contains("does not decode UTF-8");
        assert_eq!(told, warned, "column {col}, {width}");
        p.send(CTRL_Q.as_bytes());
        assert_eq!(p.exit_within(Duration::from_secs(5)).and_then(|s| s.code()), Some(0));
    }
}
