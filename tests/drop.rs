//! The terminal goes away for real: its pty master is closed (what sshd
//! does when the link drops, or `tmux kill-session`), the process is sent
//! SIGTERM, or — with `NIANBAO_SSH_TESTS=1` and OpenSSH installed, as
//! `.ci/run` arranges — the wizard runs behind a real `sshd` on loopback
//! and the `ssh` client or the server's session process is killed. Each
//! time the wizard must be gone within two seconds, its lock free, and the
//! recovery file must hold every character typed, including digits not yet
//! confirmed with Enter; the next start brings them back.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::Pty;

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");
const CTRL_S: &[u8] = b"\x13";
const CTRL_Q: &[u8] = b"\x11";
const PAGE_DOWN: &[u8] = b"\x1b[6~";

fn copy_of_fuxin() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("fuxin.ron");
    std::fs::copy(common::example("fuxin-2021.ron"), &file).unwrap_or_else(|e| panic!("{e}"));
    (dir, file)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_else(|| panic!("path"))
}

fn wizard(file: &Path, goto: &str) -> Pty {
    let dir = file.parent().unwrap_or_else(|| panic!("no dir"));
    let mut p = Pty::spawn(BIN, &["edit", s(file), "--goto", goto], dir, &[], 24, 80);
    p.wait_for(&format!("[{goto}]"));
    p
}

/// Types a sentence into the paragraph `overview.proactive`, leaves the
/// editor open; returns the text typed.
fn type_paragraph(p: &mut Pty) -> &'static str {
    let typed = "新增：断线前输入的一句话";
    p.send(b"\r");
    for c in typed.chars() {
        p.send(c.to_string().as_bytes());
    }
    p.wait_for("断线前输入的一句话");
    typed
}

/// After the wizard lost its terminal: gone in time, lock free, draft
/// untouched, and the recovery file as expected.
fn assert_recovered(
    exited: bool,
    file: &Path,
    before: Option<&[u8]>,
    paragraph: Option<&str>,
    pending: Option<(&str, &str)>,
) -> nianbao::io::Recovery {
    assert!(exited, "the wizard was still running 2 s after its terminal went away");
    assert!(
        !nianbao::io::lock_path(file).exists(),
        "the lock file is removed: the wizard ended cleanly, not by abort"
    );
    let lock = nianbao::io::lock_draft(file);
    assert!(lock.is_ok(), "the lock is free: {:?}", lock.err().map(|e| e.to_string()));
    drop(lock);
    assert_eq!(std::fs::read(file).ok().as_deref(), before, "only a save writes the draft itself");
    let rec = nianbao::io::read_recovery(file)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no recovery file"))
        .0;
    if let Some(text) = paragraph {
        let id = common::id("overview.proactive");
        assert!(
            rec.report.get(id).display().ends_with(text),
            "paragraph: {:?}",
            rec.report.get(id).display()
        );
    }
    let want = pending.map(|(a, t)| (a.to_owned(), t.to_owned()));
    assert_eq!(rec.pending, want, "digits typed and not confirmed");
    rec
}

/// Types a paragraph into 一（一）, then two digits into 表三's first cell
/// without confirming them; returns the paragraph's text.
fn type_paragraph_and_digits(p: &mut Pty) -> &'static str {
    let typed = type_paragraph(p);
    // Leave the paragraph and go to 表三: Esc and PgDn in one burst.
    p.send(b"\x1b\x1b[6~");
    p.send(PAGE_DOWN);
    p.wait_for("[requests.new.natural_person]");
    p.send(b"4");
    p.send(b"2");
    p.wait_for(">42");
    typed
}

/// The wizard reopened after a drop shows the digits still being typed;
/// Enter and Ctrl-S keep everything.
fn reopen_confirm_and_save(mut p: Pty, file: &Path, typed: &str) {
    p.wait_for("已恢复上次未保存的修改");
    p.wait_for(">42");
    p.send(b"\r");
    p.send(CTRL_S);
    p.wait_for("已保存");
    p.send(CTRL_Q);
    assert_eq!(p.exit_within(Duration::from_secs(5)).and_then(|s| s.code()), Some(0));
    let back = nianbao::io::load(file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.get(common::id("requests.new.natural_person")).display(), "42");
    assert!(back.get(common::id("overview.proactive")).display().ends_with(typed));
    assert!(!nianbao::io::recovery_path(file).exists());
}

#[test]
fn closing_the_terminal_mid_typing_keeps_every_character() {
    let (_dir, file) = copy_of_fuxin();
    let before = std::fs::read(&file).ok();
    let mut p = wizard(&file, "overview.proactive");
    let typed = type_paragraph_and_digits(&mut p);
    p.close();
    let exited = p.exit_within(Duration::from_secs(2)).is_some();
    assert_recovered(
        exited,
        &file,
        before.as_deref(),
        Some(typed),
        Some(("requests.new.natural_person", "42")),
    );

    // The next start brings all of it back, the cell still being typed.
    let p = Pty::spawn(BIN, &[s(&file)], file.parent().unwrap_or(Path::new(".")), &[], 24, 80);
    reopen_confirm_and_save(p, &file, typed);
}

#[test]
fn sigterm_takes_the_same_way_out() {
    let (_dir, file) = copy_of_fuxin();
    let before = std::fs::read(&file).ok();
    let mut p = wizard(&file, "overview.proactive");
    let typed = type_paragraph(&mut p);
    let pid = p.child.id().to_string();
    let killed = std::process::Command::new("kill").args(["-TERM", &pid]).status();
    assert!(killed.is_ok_and(|s| s.success()));
    let exited = p.exit_within(Duration::from_secs(2)).is_some();
    assert_recovered(exited, &file, before.as_deref(), Some(typed), None);
}

#[test]
fn esc_and_down_in_one_read_are_two_keys() {
    let (_dir, file) = copy_of_fuxin();
    let before = std::fs::read(&file).ok();
    let mut p = wizard(&file, "requests.new.natural_person");
    p.send(b"5");
    p.send(b"\x1b\x1b[B");
    p.wait_for("[requests.carried_in.natural_person]");
    p.send(CTRL_Q);
    assert_eq!(p.exit_within(Duration::from_secs(5)).and_then(|s| s.code()), Some(0), "nothing changed");
    assert_eq!(std::fs::read(&file).ok(), before);
}

#[test]
fn a_page_down_split_by_a_slow_link_is_never_typed() {
    let (_dir, file) = copy_of_fuxin();
    let before = std::fs::read(&file).ok();
    let mut p = wizard(&file, "requests.new.natural_person");
    // A 50 ms gap inside the sequence.
    p.send(b"\x1b[6");
    std::thread::sleep(Duration::from_millis(50));
    p.send(b"~");
    p.wait_for("四、政府信息公开行政复议");
    // The ESC alone long enough to count as Esc, then the rest.
    p.send(PAGE_DOWN[..1].as_ref());
    std::thread::sleep(Duration::from_millis(250));
    p.send(&PAGE_DOWN[1..]);
    std::thread::sleep(Duration::from_millis(100));
    p.pump(Duration::from_millis(100));
    assert!(p.screen().contains("四、政府信息公开行政复议"), "the tail did not act:\n{}", p.screen());
    // Nothing was typed anywhere: quitting does not ask.
    p.send(CTRL_Q);
    assert_eq!(p.exit_within(Duration::from_secs(5)).and_then(|s| s.code()), Some(0));
    assert_eq!(std::fs::read(&file).ok(), before);
}

#[test]
fn no_control_sequence_from_the_draft_or_its_name_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a\x1b]0;pwned-name\x07.ron");
    let mut r = nianbao::model::Report::draft("某局\x1b]0;pwned-organ\x07", 2024);
    r.set(
        common::id("overview.on_request"),
        nianbao::model::Value::Text("收到\u{202e}1件\x1b]0;pwned-text\x07".into()),
    );
    nianbao::io::save(&file, &r).unwrap_or_else(|e| panic!("{e}"));
    let mut p =
        Pty::spawn(BIN, &["edit", s(&file), "--goto", "overview.on_request"], dir.path(), &[], 24, 80);
    p.wait_for("某局");
    p.wait_for("[overview.on_request]");
    p.send(CTRL_S);
    p.wait_for("已保存");
    p.send(CTRL_Q);
    assert!(p.exit_within(Duration::from_secs(5)).is_some());
    let raw = String::from_utf8_lossy(&p.raw);
    assert!(raw.contains("pwned-name") && raw.contains("pwned-organ"), "the data is shown, made visible");
    assert!(!raw.contains("\x1b]0;pwned"), "an OSC sequence from the data reached the terminal");
    assert!(!raw.contains("pwned-name\x07"), "a BEL from the data reached the terminal");
    assert!(!raw.contains('\u{202e}'), "a bidi override reached the terminal");
}

#[test]
fn recovery_over_a_changed_draft_shows_the_differences_and_can_keep_both() {
    let (dir, file) = copy_of_fuxin();
    // A lost session had typed 9 here...
    let (report, identity) = nianbao::io::load_with_identity(&file).unwrap_or_else(|e| panic!("{e}"));
    let mut lost = report.clone();
    lost.set(common::id("requests.new.other_org"), nianbao::model::Value::Count(Some(9)));
    let rec = nianbao::io::Recovery { report: lost, draft: Some(identity), pending: None };
    nianbao::io::write_recovery(&file, &rec).unwrap_or_else(|e| panic!("{e}"));
    // ...and then someone changed the draft with `set`.
    let o = std::process::Command::new(BIN)
        .args(["set", s(&file), "requests.new.commercial", "77"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(0));
    let newer = std::fs::read(&file).ok();

    let mut p = Pty::spawn(BIN, &[s(&file)], dir.path(), &[], 24, 120);
    p.wait_for("不同之处（地址：磁盘上的 → 恢复的）");
    p.wait_for("requests.new.commercial: 77 → 0");
    p.wait_for("requests.new.other_org: 0 → 9");
    p.wait_for("[r/d/k/q，按一个键]");
    // One key, no Enter (an Enter typed out of habit does nothing).
    p.send(b"k");
    p.wait_for("恢复的内容已另存为");
    p.wait_for("fuxin.recovered.ron");
    p.send(CTRL_Q);
    assert_eq!(p.exit_within(Duration::from_secs(5)).and_then(|s| s.code()), Some(0));
    assert_eq!(std::fs::read(&file).ok(), newer, "the newer draft is kept as it is");
    let kept = nianbao::io::load(&dir.path().join("fuxin.recovered.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kept.get(common::id("requests.new.other_org")).display(), "9");
    assert!(!nianbao::io::recovery_path(&file).exists());
    let o = std::process::Command::new(BIN)
        .args(["diff", s(&file), s(&dir.path().join("fuxin.recovered.ron"))])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(1), "differences found");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "requests.new.commercial: 77 → 0\nrequests.new.other_org: 0 → 9\n"
    );
}

// --- a real sshd on loopback -------------------------------------------

/// `sshd` on 127.0.0.1 with a host key and a client key made for the
/// test; stopped on drop.
struct Sshd {
    dir: tempfile::TempDir,
    port: u16,
    server: std::process::Child,
}

impl Sshd {
    fn start() -> Option<Sshd> {
        if std::env::var("NIANBAO_SSH_TESTS").ok().as_deref() != Some("1") {
            eprintln!(
                "skipped: set NIANBAO_SSH_TESTS=1 (with OpenSSH installed, as .ci/run does) to run the sshd tests"
            );
            return None;
        }
        let sshd = ["/usr/sbin/sshd", "/usr/bin/sshd"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .unwrap_or_else(|| panic!("NIANBAO_SSH_TESTS=1 but no sshd is installed"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path();
        for (key, comment) in [("host_key", "host"), ("client_key", "client")] {
            let ok = std::process::Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
                .arg(d.join(key))
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "ssh-keygen failed");
        }
        std::fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).unwrap_or_else(|e| panic!("{e}"));
        let _ = std::fs::create_dir_all("/run/sshd");
        // A free port: bind, note it, let go.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_or_else(|e| panic!("{e}"), |a| a.port());
        let config = format!(
            "ListenAddress 127.0.0.1\nPort {port}\nHostKey {}\nAuthorizedKeysFile {}\nPidFile {}\n\
             PermitRootLogin yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             UsePAM no\nStrictModes no\nPrintMotd no\nPrintLastLog no\nAcceptEnv LANG\n",
            d.join("host_key").display(),
            d.join("authorized_keys").display(),
            d.join("sshd.pid").display(),
        );
        std::fs::write(d.join("sshd_config"), config).unwrap_or_else(|e| panic!("{e}"));
        let server = std::process::Command::new(sshd)
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stderr(std::fs::File::create(d.join("sshd.log")).unwrap_or_else(|e| panic!("{e}")))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start sshd: {e}"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "sshd did not listen: {}",
                std::fs::read_to_string(d.join("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Sshd { dir, port, server })
    }

    /// `ssh -tt` to the wizard on `file`, in a pty of ours.
    fn wizard(&self, file: &Path, goto: &str) -> Pty {
        let d = self.dir.path();
        let remote = format!(
            "cd '{}' && LANG=C.UTF-8 TERM=xterm-256color exec '{BIN}' edit '{}' --goto {goto}",
            file.parent().map(|p| p.display().to_string()).unwrap_or_default(),
            file.display()
        );
        let key = d.join("client_key");
        let port = self.port.to_string();
        let args = [
            "-tt",
            "-p",
            &port,
            "-i",
            s(&key),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            "root@127.0.0.1",
            &remote,
        ];
        let mut p = Pty::spawn("ssh", &args, d, &[], 24, 80);
        p.wait_for(&format!("[{goto}]"));
        p
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// The pid of the wizard on `file`, from its lock file.
fn wizard_pid(file: &Path) -> u32 {
    let text = std::fs::read_to_string(nianbao::io::lock_path(file)).unwrap_or_default();
    text.split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no pid in {text:?}"))
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|st| st.rsplit(')').next().is_some_and(|rest| !rest.trim_start().starts_with('Z')))
}

fn parent_of(pid: u32) -> Option<u32> {
    let st = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    st.rsplit(')').next()?.split_whitespace().nth(1)?.parse().ok()
}

fn gone_within(pid: u32, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while alive(pid) {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

/// Types a paragraph and two digits over ssh, then `drop` cuts the link.
fn ssh_drop(drop_link: impl FnOnce(&mut Pty, u32)) {
    let Some(sshd) = Sshd::start() else { return };
    let (_dir, file) = copy_of_fuxin();
    let before = std::fs::read(&file).ok();
    let mut p = sshd.wizard(&file, "overview.proactive");
    let pid = wizard_pid(&file);
    let typed = type_paragraph_and_digits(&mut p);
    drop_link(&mut p, pid);
    let exited = gone_within(pid, Duration::from_secs(2));
    assert_recovered(
        exited,
        &file,
        before.as_deref(),
        Some(typed),
        Some(("requests.new.natural_person", "42")),
    );

    // Reconnect and reopen: everything is back, and the draft opens at once.
    let p = sshd.wizard(&file, "requests.new.natural_person");
    reopen_confirm_and_save(p, &file, typed);
}

#[test]
fn over_ssh_killing_the_client_loses_nothing() {
    ssh_drop(|p, _| {
        let _ = p.child.kill();
        let _ = p.child.wait();
    });
}

#[test]
fn over_ssh_killing_the_server_session_loses_nothing() {
    ssh_drop(|_, pid| {
        // The nearest sshd above the wizard is the session's process.
        let mut up = parent_of(pid);
        while let Some(q) = up {
            let comm = std::fs::read_to_string(format!("/proc/{q}/comm")).unwrap_or_default();
            if comm.trim() == "sshd" {
                let ok = std::process::Command::new("kill").args(["-KILL", &q.to_string()]).status();
                assert!(ok.is_ok_and(|s| s.success()));
                return;
            }
            up = parent_of(q).filter(|&p| p > 1);
        }
        panic!("no sshd above the wizard");
    });
}
