//! SMTP over TLS from the first byte (`smtps://`) and over STARTTLS
//! (`?tls=starttls`), against aiosmtpd on loopback with a certificate made
//! here by the openssl tool; a certificate that is not trusted is refused
//! (and the message kept for later). DKIM signatures verified by Python's
//! dkimpy (scripts/test installs it) with the public key as DNS would
//! publish it.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use sinergi_domain::clock::{Clock, FixedClock};
use sinergi_mail::{Mailer, MessageSettings, SmtpMailer, SmtpSettings, Worker};
use sinergi_testkit::TestDb;

use crate::delivery::{FROM, SUBJECT, Sink, T0, config, email, free_port, text};

fn openssl(args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl tool runs (Debian's openssl package)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A test CA and a server certificate it signed for 127.0.0.1 and
/// localhost: (CA cert, server cert, server key) files.
fn certificate(dir: &Path) -> (String, String, String) {
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (ca, ca_key, cert, key, csr, ext) = (
        path("ca.pem"),
        path("ca.key"),
        path("cert.pem"),
        path("key.pem"),
        path("cert.csr"),
        path("ext.cnf"),
    );
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut args = vec!["req", "-x509"];
    args.extend(ec);
    args.extend([
        "-days",
        "2",
        "-subj",
        "/CN=Sinergi test CA",
        "-keyout",
        &ca_key,
        "-out",
        &ca,
    ]);
    openssl(&args);
    let mut args = vec!["req"];
    args.extend(ec);
    args.extend(["-subj", "/CN=localhost", "-keyout", &key, "-out", &csr]);
    openssl(&args);
    std::fs::write(
        &ext,
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        &ca,
        "-CAkey",
        &ca_key,
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        &ext,
        "-out",
        &cert,
    ]);
    (ca, cert, key)
}

fn worker(db: &TestDb, url: String, roots: Vec<Vec<u8>>, settings: MessageSettings) -> Worker {
    let smtp = SmtpSettings {
        url,
        timeout: Duration::from_secs(10),
        extra_roots: roots,
    };
    let mailer = SmtpMailer::new(&smtp, settings).unwrap();
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::at(T0));
    Worker::new(db.store.clone(), Mailer::Smtp(mailer), clock, config())
}

async fn delivered_over_tls(mode: &str, url: impl Fn(u16) -> String) {
    let tmp = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificate(tmp.path());
    let port = free_port();
    let sink = Sink::start_with(port, &[mode, &cert, &key]);
    let db = TestDb::new().await;
    db.store
        .enqueue_email(&email(&format!("tls:{mode}"), SUBJECT), T0)
        .await
        .unwrap();
    let roots = vec![std::fs::read(&ca).unwrap()];
    let settings = MessageSettings::new(FROM).unwrap();
    let report = worker(&db, url(port), roots, settings)
        .drain_once()
        .await
        .unwrap();
    let outbox = db.store.outbox_entries(10).await.unwrap();
    assert_eq!(
        (report.sent, report.retried, report.dead),
        (1, 0, 0),
        "{mode}: {:?}",
        outbox[0].last_error
    );
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["tls"], true, "{mode}: the message came over TLS");
    assert_eq!(text(&got[0], "subject"), SUBJECT);
}

#[tokio::test]
async fn implicit_tls_delivers_to_a_trusted_server() {
    delivered_over_tls("implicit", |port| format!("smtps://127.0.0.1:{port}")).await;
}

#[tokio::test]
async fn starttls_delivers_to_a_trusted_server() {
    delivered_over_tls("starttls", |port| {
        format!("smtp://127.0.0.1:{port}?tls=starttls")
    })
    .await;
}

#[tokio::test]
async fn a_certificate_nobody_vouches_for_is_refused_and_the_message_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let (_ca, cert, key) = certificate(tmp.path());
    let port = free_port();
    let sink = Sink::start_with(port, &["implicit", &cert, &key]);
    let db = TestDb::new().await;
    db.store
        .enqueue_email(&email("tls:untrusted", SUBJECT), T0)
        .await
        .unwrap();
    let settings = MessageSettings::new(FROM).unwrap();
    let url = format!("smtps://127.0.0.1:{port}");
    let report = worker(&db, url, Vec::new(), settings)
        .drain_once()
        .await
        .unwrap();
    assert_eq!((report.sent, report.retried), (0, 1));
    assert!(sink.messages().is_empty());
    // A server that offers no STARTTLS is not spoken to in plain text.
    let plain_port = free_port();
    let plain = Sink::start(plain_port);
    db.store
        .enqueue_email(&email("tls:downgrade", SUBJECT), T0)
        .await
        .unwrap();
    let settings = MessageSettings::new(FROM).unwrap();
    let url = format!("smtp://127.0.0.1:{plain_port}?tls=starttls");
    worker(&db, url, Vec::new(), settings)
        .drain_once()
        .await
        .unwrap();
    assert!(plain.messages().is_empty());
}

#[tokio::test]
async fn a_dkim_signature_verifies_with_the_published_key() {
    let tmp = tempfile::tempdir().unwrap();
    let key_file = tmp.path().join("dkim.pem");
    let key_path = key_file.to_string_lossy().into_owned();
    openssl(&["genrsa", "-traditional", "-out", &key_path, "2048"]);
    let der = openssl(&["rsa", "-in", &key_path, "-pubout", "-outform", "DER"]);
    let public = tmp.path().join("public.der");
    std::fs::write(&public, der).unwrap();
    let pem = std::fs::read_to_string(&key_file).unwrap();
    let settings = MessageSettings::new(FROM)
        .unwrap()
        .with_dkim("sinergi2026", "sinergi.example.go.id", &pem)
        .unwrap();
    assert!(!format!("{settings:?}").contains("PRIVATE"));

    let port = free_port();
    let sink = Sink::start(port);
    let db = TestDb::new().await;
    db.store
        .enqueue_email(&email("dkim:1", SUBJECT), T0)
        .await
        .unwrap();
    let report = worker(
        &db,
        format!("smtp://127.0.0.1:{port}"),
        Vec::new(),
        settings,
    )
    .drain_once()
    .await
    .unwrap();
    assert_eq!(report.sent, 1);
    let raw = text(&sink.messages()[0], "raw");
    assert!(raw.contains("DKIM-Signature:"), "{raw}");
    assert!(raw.contains("s=sinergi2026"), "{raw}");
    let message = tmp.path().join("message.eml");
    std::fs::write(&message, raw.as_bytes()).unwrap();
    assert_eq!(dkim_verify(&message, &public), "pass");
    // Changed on the way: the signature no longer holds.
    let tampered = raw.replace(SUBJECT, "Siaran pers: diubah di jalan");
    std::fs::write(&message, tampered.as_bytes()).unwrap();
    assert_eq!(dkim_verify(&message, &public), "fail");
}

/// dkimpy's verdict on the message in `file`, with the DNS record made
/// from the DER public key in `public`.
fn dkim_verify(file: &Path, public: &Path) -> String {
    let script = "import base64, sys\n\
        try:\n    import dkim\n\
        except ImportError:\n    print('dkimpy is missing: pip install dkimpy==1.1.8', file=sys.stderr); sys.exit(3)\n\
        message = open(sys.argv[1], 'rb').read()\n\
        key = base64.b64encode(open(sys.argv[2], 'rb').read())\n\
        def dns(name, timeout=5):\n    assert b'sinergi2026._domainkey.sinergi.example.go.id' in name, name\n    return b'v=DKIM1; k=rsa; p=' + key\n\
        print('pass' if dkim.verify(message, dnsfunc=dns) else 'fail')\n";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(file)
        .arg(public)
        .output()
        .expect("python3 runs (scripts/test installs dkimpy)");
    assert!(
        out.status.success(),
        "dkimpy: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}
