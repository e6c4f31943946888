//! A pseudo-terminal of our own for end-to-end tests that must really
//! close the terminal: the master is one file descriptor, held here and in
//! a reader thread that lets go of it on [`Pty::close`], so closing it is
//! what a dropped SSH link or a killed terminal window does (the process
//! reads end of input or EIO and, as the controlling terminal's session
//! leader, gets SIGHUP). portable-pty's reader keeps a duplicate of the
//! master open, so a test built on it can only send a signal.

use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};

pub struct Pty {
    master: Option<Arc<OwnedFd>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    rx: mpsc::Receiver<Vec<u8>>,
    /// Every byte the program wrote, in order.
    pub raw: Vec<u8>,
    pub parser: vt100::Parser,
    pub child: Child,
}

impl Pty {
    /// Runs `program args` on a new terminal of `rows`x`cols`, as the
    /// session leader with that terminal as its controlling terminal.
    pub fn spawn(
        program: &str,
        args: &[&str],
        dir: &Path,
        env: &[(&str, &str)],
        rows: u16,
        cols: u16,
    ) -> Pty {
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
            .unwrap_or_else(|e| panic!("openpt: {e}"));
        grantpt(&master).unwrap_or_else(|e| panic!("grantpt: {e}"));
        unlockpt(&master).unwrap_or_else(|e| panic!("unlockpt: {e}"));
        let name = ptsname(&master, Vec::new()).unwrap_or_else(|e| panic!("ptsname: {e}"));
        let ws = rustix::termios::Winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 };
        rustix::termios::tcsetwinsize(&master, ws).unwrap_or_else(|e| panic!("winsize: {e}"));
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("open slave: {e}"));
        let stdio = |f: &std::fs::File| Stdio::from(f.try_clone().unwrap_or_else(|e| panic!("{e}")));
        let mut cmd = Command::new("setsid");
        cmd.arg("-c").arg(program).args(args).current_dir(dir);
        cmd.stdin(stdio(&slave)).stdout(stdio(&slave)).stderr(stdio(&slave));
        cmd.env("TERM", "xterm-256color").env("LANG", "C.UTF-8").env_remove("LC_ALL").env_remove("LC_CTYPE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {program}: {e}"));
        drop(cmd);
        drop(slave);
        let master = Arc::new(master);
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let reader = {
            let master = Arc::clone(&master);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut buf = vec![0u8; 16384];
                let ts = Timespec { tv_sec: 0, tv_nsec: 20_000_000 };
                while !stop.load(Ordering::SeqCst) {
                    let mut fds = [PollFd::new(&*master, PollFlags::IN)];
                    if poll(&mut fds, Some(&ts)).is_err() {
                        break;
                    }
                    if fds[0].revents().is_empty() {
                        continue;
                    }
                    match rustix::io::read(&*master, &mut buf) {
                        Ok(n) if n > 0 => {
                            if tx.send(buf[..n].to_vec()).is_err() {
                                break;
                            }
                        }
                        // EIO once the program closed its side: keep the
                        // master (and so the terminal) until told.
                        _ => std::thread::sleep(Duration::from_millis(20)),
                    }
                }
            })
        };
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
        Pty {
            master: Some(master),
            stop,
            reader: Some(reader),
            rx,
            raw: Vec::new(),
            parser: vt100::Parser::new(size(rows), size(cols), 0),
            child,
        }
    }

    pub fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            self.take(&bytes);
            while let Ok(more) = self.rx.try_recv() {
                self.take(&more);
            }
        }
    }

    fn take(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.screen().contains(text) {
            assert!(Instant::now() < deadline, "waited for {text:?}; the screen is:\n{}", self.screen());
            self.pump(Duration::from_millis(50));
        }
    }

    /// Writes bytes as typed, without waiting.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let master = self.master.as_ref().unwrap_or_else(|| panic!("the terminal is closed"));
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = rustix::io::write(&**master, rest).unwrap_or_else(|e| panic!("write: {e}"));
            rest = &rest[n..];
        }
    }

    /// Writes bytes as typed, then lets the program answer.
    pub fn send(&mut self, bytes: &[u8]) {
        let master = self.master.as_ref().unwrap_or_else(|| panic!("the terminal is closed"));
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = rustix::io::write(&**master, rest).unwrap_or_else(|e| panic!("write: {e}"));
            rest = &rest[n..];
        }
        self.pump(Duration::from_millis(60));
    }

    /// Closes the terminal: the last descriptor of the master goes.
    pub fn close(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.master = None;
    }

    /// The exit status, if the program ends within `limit`.
    pub fn exit_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            if self.master.is_some() {
                self.pump(Duration::from_millis(20));
            } else {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.close();
    }
}
