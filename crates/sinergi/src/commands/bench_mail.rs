//! `sinergi bench mail`: how fast the outbox hands personalised messages to
//! a local SMTP server, against Python's smtplib sending the same messages
//! over one connection, in the same run and to the same server
//! (`bench/mail/sink.py`, aiosmtpd, counting only). Sinergi's figure is
//! the whole path a release's e-mails take once queued: the worker claims
//! each message (a write), builds it, sends it over its pooled connection
//! and marks it sent (a write). See `bench/mail/README.md`.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use sinergi_domain::clock::FixedClock;
use sinergi_mail::{Mailer, MessageSettings, SmtpMailer, SmtpSettings, Worker, WorkerConfig};
use sinergi_store::{NewEmail, Store};

use super::bench::{fresh_store, sqlx_drop_schema, tempfile_dir};
use super::now;

const SINK: &str = include_str!("../../../../bench/mail/sink.py");
const SMTPLIB: &str = include_str!("../../../../bench/mail/smtplib_send.py");
const FROM: &str = "Humas Kota Denpasar <humas@denpasarkota.example.go.id>";

pub(super) struct Options {
    pub database: String,
    pub messages: usize,
    /// Messages in flight at once (`mail_concurrency`).
    pub concurrency: usize,
}

/// The counting SMTP server, driven through its standard input.
struct Sink {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    port: u16,
}

impl Sink {
    fn start() -> anyhow::Result<Sink> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut child = Command::new("python3")
            .args(["-c", SINK, &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| anyhow::anyhow!("python3 with aiosmtpd is needed: {e}"))?;
        let stdin = child.stdin.take().expect("piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut line = String::new();
        stdout.read_line(&mut line)?;
        anyhow::ensure!(
            line.trim() == "READY",
            "the SMTP sink did not start (pip install aiosmtpd==1.4.6)"
        );
        Ok(Sink {
            child,
            stdin,
            stdout,
            port,
        })
    }

    /// Messages received so far, and distinct Message-IDs among them.
    fn count(&mut self) -> anyhow::Result<(u64, u64)> {
        writeln!(self.stdin, "count")?;
        let mut line = String::new();
        self.stdout.read_line(&mut line)?;
        let mut f = line.split_whitespace().map(str::parse::<u64>);
        match (f.next(), f.next()) {
            (Some(Ok(a)), Some(Ok(b))) => Ok((a, b)),
            _ => anyhow::bail!("the SMTP sink answered `{}`", line.trim()),
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The process's resident memory now and at its peak, in MB (Linux).
fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The `i`-th message: a release's e-mail to one subscriber, by name.
fn message(i: usize) -> NewEmail {
    let name = format!("Redaksi {}", i + 1);
    NewEmail {
        idempotency_key: format!("bench:mail:{i}"),
        recipient: format!("redaksi{i}@media{}.example", i % 50),
        subject: format!("[Siaran pers] Izin usaha di Denpasar kini tiga hari — untuk {name}"),
        body_text: format!(
            "Yth. {name},\n\n\
             Pemerintah Kota Denpasar memangkas waktu pengurusan izin usaha dari \
             empat belas hari menjadi tiga hari kerja melalui layanan perizinan \
             terpadu. Sejak Januari, 1.240 pelaku usaha mikro telah memanfaatkan \
             layanan ini, dan 92 persen permohonan selesai tepat waktu.\n\n\
             \"Kami ingin pelaku usaha cukup datang sekali,\" kata Kepala Dinas \
             Penanaman Modal dan PTSP Kota Denpasar.\n\n\
             Siaran lengkap: https://denpasarkota.example.go.id/press/51.71/izin-usaha-tiga-hari\n\n\
             Anda menerima surel ini karena berlangganan siaran pers Kota Denpasar \
             (nomor pelanggan {i}). Berhenti berlangganan: \
             https://denpasarkota.example.go.id/berhenti/{i:08x}\n"
        ),
    }
}

pub(super) async fn run(opts: Options) -> anyhow::Result<()> {
    let dir = tempfile_dir()?;
    let (store, schema) = fresh_store(&opts.database, &dir, 1).await?;
    store.migrate().await?;
    let outcome = bench(&store, &opts, &dir).await;
    if let Some(schema) = schema {
        sqlx_drop_schema(&store, &schema).await?;
    }
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

async fn bench(store: &Store, opts: &Options, dir: &std::path::Path) -> anyhow::Result<()> {
    let n = opts.messages;
    say!(
        "sinergi bench mail on {:?}: {n} personalised messages to a local SMTP server (aiosmtpd), {} at once",
        store.backend(),
        opts.concurrency.max(1)
    );
    let mut sink = Sink::start()?;
    let t = Instant::now();
    let at = now();
    for i in 0..n {
        store.enqueue_email(&message(i), at).await?;
    }
    say!(
        "queued {n} in {:.1} s (one transaction each, as the writers do)",
        t.elapsed().as_secs_f64()
    );

    // Sinergi: the outbox worker(s), as `sinergi serve` runs them.
    let settings = MessageSettings::new(FROM)?;
    let smtp = SmtpSettings::new(format!("smtp://127.0.0.1:{}", sink.port));
    let mailer = Mailer::Smtp(SmtpMailer::new(&smtp, settings)?);
    let config = WorkerConfig {
        per_domain_per_minute: 0,
        ..WorkerConfig::default()
    };
    let (rss_before, _) = memory_mb();
    let t = Instant::now();
    let worker = Worker::new(
        store.clone(),
        mailer,
        Arc::new(FixedClock::at(at)),
        WorkerConfig {
            concurrency: opts.concurrency.max(1),
            ..config
        },
    );
    let sent = worker.drain_once().await?.sent as usize;
    let ours = t.elapsed();
    let (rss_after, peak) = memory_mb();
    let (received, distinct) = sink.count()?;
    anyhow::ensure!(
        sent == n && received == n as u64 && distinct == n as u64,
        "Sinergi: {sent} marked sent, {received} received ({distinct} distinct) of {n}"
    );
    say!(
        "Sinergi: {n} sent in {:.2} s: {:.0} messages/s; resident memory {rss_before:.0} MB before, {rss_after:.0} MB after, peak {peak:.0} MB",
        ours.as_secs_f64(),
        n as f64 / ours.as_secs_f64()
    );

    // The peer: the same messages, built and sent by smtplib.
    let path = dir.join("messages.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
    for i in 0..n {
        let m = message(i);
        serde_json::to_writer(
            &mut file,
            &serde_json::json!({
                "from": FROM,
                "to": m.recipient,
                "subject": m.subject,
                "body": m.body_text,
                "message_id": sinergi_mail::message_id_for_key(&format!("peer:{i}"), "sinergi"),
            }),
        )?;
        file.write_all(b"\n")?;
    }
    file.flush()?;
    drop(file);
    let out = Command::new("python3")
        .args(["-c", SMTPLIB, &sink.port.to_string()])
        .arg(&path)
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "smtplib: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[derive(serde::Deserialize)]
    struct Peer {
        seconds: f64,
        sent: usize,
    }
    let peer: Peer = serde_json::from_slice(&out.stdout)?;
    let (received, distinct) = sink.count()?;
    anyhow::ensure!(
        peer.sent == n && received == 2 * n as u64 && distinct == 2 * n as u64,
        "smtplib: {} sent, the server holds {received} ({distinct} distinct) of {}",
        peer.sent,
        2 * n
    );
    say!(
        "smtplib (one connection): {n} sent in {:.2} s: {:.0} messages/s",
        peer.seconds,
        n as f64 / peer.seconds
    );
    say!(
        "ratio: Sinergi's rate / smtplib's = {:.2}× (Sinergi {:.2} s, smtplib {:.2} s)",
        peer.seconds / ours.as_secs_f64(),
        ours.as_secs_f64(),
        peer.seconds
    );
    Ok(())
}
