//! A real SMTP server on loopback (aiosmtpd, the script beside sinergi-mail's
//! tests) that keeps every message it receives as a JSON file, for tests that
//! follow mail out of a real `sinergi` process.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// The sink; stopped when dropped.
pub struct Sink {
    child: Child,
    dir: PathBuf,
    port: u16,
    _tmp: tempfile::TempDir,
}

impl Sink {
    /// Starts the sink on a free port of 127.0.0.1 and waits until it listens.
    pub fn start() -> Sink {
        let port = free_port();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("received");
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../sinergi-mail/tests/it/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg(port.to_string())
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the SMTP sink (pip install aiosmtpd==1.4.6)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "READY", "the SMTP sink needs aiosmtpd==1.4.6");
        Sink {
            child,
            dir,
            port,
            _tmp: tmp,
        }
    }

    /// `smtp://127.0.0.1:PORT`, for `SINERGI_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in arrival order.
    pub fn messages(&self) -> Vec<Value> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut names: Vec<_> = entries
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
            .collect();
        names.sort();
        names
            .iter()
            .map(|n| {
                serde_json::from_str(&std::fs::read_to_string(self.dir.join(n)).unwrap()).unwrap()
            })
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port of 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
