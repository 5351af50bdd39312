//! Where messages go: an SMTP server, a folder of `.eml` files, or the log.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sinergi_store::ClaimedEmail;

use crate::message::{MessageSettings, build_message, file_name_for_key, message_id_for_key};

/// Why a message did not go out. A permanent error (a 5xx answer, an
/// address that is not one) is not retried; anything else is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub message: String,
    pub permanent: bool,
    /// The receiving server refused with a 5xx answer (a hard bounce): its
    /// code, e.g. `550`. The address is then left out of distribution.
    pub bounce: Option<String>,
}

impl SendError {
    pub fn permanent(message: impl Into<String>) -> SendError {
        SendError {
            message: message.into(),
            permanent: true,
            bounce: None,
        }
    }

    pub fn transient(message: impl Into<String>) -> SendError {
        SendError {
            message: message.into(),
            permanent: false,
            bounce: None,
        }
    }

    /// A hard bounce: permanent, and the address is to be left out.
    pub fn bounce(message: impl Into<String>, code: impl Into<String>) -> SendError {
        SendError {
            message: message.into(),
            permanent: true,
            bounce: Some(code.into()),
        }
    }
}

/// The mailers the worker can deliver through.
#[derive(Debug, Clone)]
pub enum Mailer {
    Smtp(SmtpMailer),
    Folder(FolderMailer),
    Log(LogMailer),
}

impl Mailer {
    /// Delivers one claimed message.
    pub async fn send(&self, email: &ClaimedEmail) -> Result<(), SendError> {
        match self {
            Mailer::Smtp(m) => m.send(email).await,
            Mailer::Folder(m) => m.send(email).await,
            Mailer::Log(m) => m.send(email),
        }
    }

    /// A short name for logs: `smtp://host:port`, `folder:PATH`, `log`.
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp(m) => format!("{}://{}:{}", m.scheme(), m.host, m.port),
            Mailer::Folder(m) => format!("folder:{}", m.dir.display()),
            Mailer::Log(_) => "log".to_owned(),
        }
    }
}

/// Where and how to reach the SMTP server. `{:?}` hides the password.
#[derive(Clone)]
pub struct SmtpSettings {
    /// `smtp://[user[:password]@]host[:port]` (plain, port 25 by default),
    /// `smtp://…?tls=starttls` (STARTTLS required, port 587 by default) or
    /// `smtps://…` (TLS from the first byte, port 465 by default). User
    /// and password may be percent-encoded. The server's certificate is
    /// checked against the system's roots (and `extra_roots`) and the
    /// host name; there is no switch to skip that.
    pub url: String,
    /// How long one SMTP conversation may take; keep it well below the
    /// worker's lease, or a slow send may be repeated by another worker.
    pub timeout: Duration,
    /// More trusted roots (PEM), for a server behind a private CA.
    pub extra_roots: Vec<Vec<u8>>,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("url", &sinergi_store::connect::redact(&self.url))
            .field("timeout", &self.timeout)
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}

impl SmtpSettings {
    pub fn new(url: impl Into<String>) -> SmtpSettings {
        SmtpSettings {
            url: url.into(),
            timeout: Duration::from_secs(30),
            extra_roots: Vec::new(),
        }
    }
}

/// Delivers through an SMTP server, over connections kept open between
/// messages (see `smtp_conn`).
#[derive(Clone)]
pub struct SmtpMailer {
    /// `smtps://`: lettre's pooled transport.
    transport: AsyncSmtpTransport<Tokio1Executor>,
    /// `smtp://` (plain or STARTTLS): connections with Nagle off.
    connections: Option<std::sync::Arc<crate::smtp_conn::Connections>>,
    settings: MessageSettings,
    host: String,
    port: u16,
    security: Security,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No credentials in logs.
        f.debug_struct("SmtpMailer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .finish_non_exhaustive()
    }
}

/// How the conversation is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    /// `smtp://`: plain text (a relay on the same host or network).
    Plain,
    /// `smtp://…?tls=starttls`: STARTTLS, refused if the server lacks it.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    Implicit,
}

struct SmtpUrl {
    host: String,
    port: u16,
    credentials: Option<(String, String)>,
    security: Security,
}

fn parse_smtp_url(url: &str) -> Result<SmtpUrl, String> {
    let (rest, mut security) = if let Some(rest) = url.strip_prefix("smtp://") {
        (rest, Security::Plain)
    } else if let Some(rest) = url.strip_prefix("smtps://") {
        (rest, Security::Implicit)
    } else {
        return Err("use smtp://[user[:password]@]host[:port][?tls=starttls] or smtps://…".into());
    };
    let rest = match rest.split_once('?') {
        None => rest,
        Some((rest, query)) => {
            match (query, security) {
                ("tls=starttls", Security::Plain) => security = Security::StartTls,
                ("tls=starttls", _) => {
                    return Err("smtps:// is TLS already; ?tls=starttls is for smtp://".into());
                }
                _ => return Err(format!("`?{query}` is not understood (only ?tls=starttls)")),
            }
            rest
        }
    };
    let rest = rest.trim_end_matches('/');
    let (userinfo, hostport) = match rest.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, rest),
    };
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or("an IPv6 host needs its closing ]")?;
        let port = after.strip_prefix(':').unwrap_or("");
        (host.to_owned(), port)
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), p),
            None => (hostport.to_owned(), ""),
        }
    };
    if host.is_empty() {
        return Err("the host is missing".into());
    }
    let port = if port.is_empty() {
        match security {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::Implicit => 465,
        }
    } else {
        port.parse::<u16>()
            .map_err(|_| format!("`{port}` is not a port"))?
    };
    let credentials = match userinfo {
        None => None,
        Some(u) => {
            let (user, password) = u.split_once(':').unwrap_or((u, ""));
            Some((percent_decode(user)?, percent_decode(password)?))
        }
    };
    Ok(SmtpUrl {
        host,
        port,
        credentials,
        security,
    })
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .ok_or("a % in the URL is not followed by two hex digits")?;
            out.push(
                u8::from_str_radix(hex, 16)
                    .map_err(|_| "a % in the URL is not followed by two hex digits")?,
            );
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the URL's user or password is not UTF-8".to_owned())
}

/// rustls (ring) checking the server's certificate for `host` against the
/// system's roots and `extra_roots`.
fn tls_parameters(host: &str, extra_roots: &[Vec<u8>]) -> Result<TlsParameters, SendError> {
    let bad =
        |e: String| SendError::permanent(format!("the SMTP TLS settings are not usable: {e}"));
    let mut builder = TlsParameters::builder(host.to_owned());
    for pem in extra_roots {
        let cert = Certificate::from_pem(pem).map_err(|e| bad(e.to_string()))?;
        builder = builder.add_root_certificate(cert);
    }
    builder.build_rustls().map_err(|e| bad(e.to_string()))
}

impl SmtpMailer {
    /// A mailer for the server at `smtp.url`. Nothing is connected yet.
    pub fn new(smtp: &SmtpSettings, settings: MessageSettings) -> Result<SmtpMailer, SendError> {
        let url = parse_smtp_url(&smtp.url).map_err(|e| {
            SendError::permanent(format!("the SMTP address is not understood: {e}"))
        })?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(url.host.clone())
            .port(url.port)
            .timeout(Some(smtp.timeout));
        if url.security != Security::Plain {
            let tls = tls_parameters(&url.host, &smtp.extra_roots)?;
            builder = builder.tls(match url.security {
                Security::StartTls => Tls::Required(tls),
                _ => Tls::Wrapper(tls),
            });
        }
        let credentials = url
            .credentials
            .map(|(user, password)| Credentials::new(user, password));
        if let Some(c) = &credentials {
            builder = builder.credentials(c.clone());
        }
        let connections = match url.security {
            Security::Implicit => None,
            security => Some(crate::smtp_conn::Connections::new(
                crate::smtp_conn::Connector {
                    host: url.host.clone(),
                    port: url.port,
                    starttls: (security == Security::StartTls)
                        .then(|| tls_parameters(&url.host, &smtp.extra_roots))
                        .transpose()?,
                    credentials,
                    timeout: smtp.timeout,
                },
            )),
        };
        Ok(SmtpMailer {
            transport: builder.build(),
            connections,
            settings,
            host: url.host,
            port: url.port,
            security: url.security,
        })
    }

    fn scheme(&self) -> &'static str {
        match self.security {
            Security::Implicit => "smtps",
            _ => "smtp",
        }
    }

    pub async fn send(&self, email: &ClaimedEmail) -> Result<(), SendError> {
        let message = build_message(&self.settings, email)?;
        match &self.connections {
            Some(c) => c.send(&message).await,
            None => self
                .transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(from_smtp),
        }
    }
}

/// An SMTP failure as the worker sees it: a 5xx answer is a hard bounce
/// (permanent), anything else is tried again.
pub(crate) fn from_smtp(e: lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() {
        let code = e
            .status()
            .map_or_else(|| "5xx".to_owned(), |c| c.to_string());
        SendError::bounce(format!("SMTP: {e}"), code)
    } else {
        SendError::transient(format!("SMTP: {e}"))
    }
}

/// Writes each message as `DIR/KEY.eml` (RFC 5322). Writing a message twice
/// writes the same file again, so delivery is idempotent. For the demo.
#[derive(Debug, Clone)]
pub struct FolderMailer {
    dir: PathBuf,
    settings: MessageSettings,
}

impl FolderMailer {
    pub fn new(dir: impl Into<PathBuf>, settings: MessageSettings) -> FolderMailer {
        FolderMailer {
            dir: dir.into(),
            settings,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub async fn send(&self, email: &ClaimedEmail) -> Result<(), SendError> {
        let message = build_message(&self.settings, email)?;
        let io = |what: &str, e: std::io::Error| {
            SendError::transient(format!("cannot {what} in {}: {e}", self.dir.display()))
        };
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| io("create the mail folder", e))?;
        let name = file_name_for_key(&email.idempotency_key);
        // Written aside, then renamed: a reader never sees half a message.
        let partial = self.dir.join(format!(".{name}.partial"));
        tokio::fs::write(&partial, message.formatted())
            .await
            .map_err(|e| io("write a message", e))?;
        tokio::fs::rename(&partial, self.dir.join(&name))
            .await
            .map_err(|e| io("rename a message", e))?;
        Ok(())
    }
}

/// Prints each message to the log (`tracing`, target `sinergi_mail`). For the
/// demo and development: bodies may hold secrets such as reset links.
#[derive(Debug, Clone)]
pub struct LogMailer {
    settings: MessageSettings,
}

impl LogMailer {
    pub fn new(settings: MessageSettings) -> LogMailer {
        LogMailer { settings }
    }

    pub fn send(&self, email: &ClaimedEmail) -> Result<(), SendError> {
        // Build it anyway, so the log sink refuses what SMTP would refuse.
        build_message(&self.settings, email)?;
        tracing::info!(
            target: "sinergi_mail",
            message_id = %message_id_for_key(&email.idempotency_key, &self.settings.message_id_domain),
            to = %email.recipient,
            subject = %email.subject,
            body = %email.body_text,
            "e-mail (log mailer, not sent)"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_passwords_are_not_in_debug() {
        let smtp = SmtpSettings::new("smtp://mailer:smtp-Secret-2@mx.example:587");
        let shown = format!("{smtp:?}");
        assert!(!shown.contains("smtp-Secret-2"), "{shown}");
        assert!(
            shown.contains("smtp://mailer:***@mx.example:587"),
            "{shown}"
        );
        let mailer = SmtpMailer::new(
            &smtp,
            MessageSettings::new("Sinergi <a@b.invalid>").unwrap(),
        )
        .unwrap();
        assert!(!format!("{mailer:?}").contains("smtp-Secret-2"));
    }

    #[test]
    fn smtp_urls_are_read() {
        let u = parse_smtp_url("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.credentials),
            ("127.0.0.1", 2525, None)
        );
        let u = parse_smtp_url("smtp://humas%40x.go.id:p%3Ass@mail.x.go.id").unwrap();
        assert_eq!(u.port, 25);
        assert_eq!(u.credentials, Some(("humas@x.go.id".into(), "p:ss".into())));
        let u = parse_smtp_url("smtp://[::1]:25/").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("::1", 25));
        let u = parse_smtp_url("smtps://mail.x.go.id").unwrap();
        assert_eq!((u.port, u.security), (465, Security::Implicit));
        let u = parse_smtp_url("smtp://mail.x.go.id?tls=starttls").unwrap();
        assert_eq!((u.port, u.security), (587, Security::StartTls));
        let u = parse_smtp_url("smtp://u:p@mail.x.go.id:2587/?tls=starttls").unwrap();
        assert_eq!((u.port, u.security), (2587, Security::StartTls));
        assert_eq!(
            parse_smtp_url("smtp://x").unwrap().security,
            Security::Plain
        );
        assert!(parse_smtp_url("smtps://x?tls=starttls").is_err());
        assert!(parse_smtp_url("smtp://x?tls=required").is_err());
        assert!(parse_smtp_url("smtp://x:notaport").is_err());
        assert!(parse_smtp_url("http://x").is_err());
    }
}
