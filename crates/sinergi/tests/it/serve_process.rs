//! A real `sinergi serve` as a child process on loopback, for the tests
//! that kill it (`faults`, `digests`): started with `extra` settings on top
//! of the common ones, its warnings appended to `serve.log` in its data
//! folder (read back when a check fails).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn serve(db_url: &str, data_dir: &str, port: u16, smtp: &str, extra: &[(&str, &str)]) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(format!("{data_dir}/serve.log"))
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null());
    Command::new(env!("CARGO_BIN_EXE_sinergi"))
        .args([
            "serve",
            "--database",
            db_url,
            "--data-dir",
            data_dir,
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .env_remove("SINERGI_DATABASE_URL")
        .env_remove("SINERGI_INDEX_DIR")
        .env("SINERGI_SMTP_URL", smtp)
        .env("SINERGI_MONITOR_POLL", "false")
        .env("SINERGI_LOG", "warn")
        .envs(extra.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the binary starts")
}

/// SIGKILL, as `kill -9`.
pub fn kill(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Waits until the server answers `/healthz` (two minutes at most).
pub async fn wait_ready(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return;
        }
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
