//! SMTP connections with Nagle's algorithm off, kept open between messages.
//!
//! lettre 0.11.23 writes a message's body and the closing `.` in two
//! writes on a socket without `TCP_NODELAY`: the second waits for the
//! server's delayed ACK of the first, 40 ms on Linux, on every message
//! (22 messages a second at best; lettre's pull request #1159 fixes it,
//! unreleased here). So for `smtp://` (plain or STARTTLS) Sinergi opens the
//! TCP connection itself, sets `TCP_NODELAY`, and hands it to lettre's
//! `AsyncSmtpConnection`, which still speaks the protocol (EHLO, STARTTLS,
//! AUTH, the message). `smtps://` needs TLS before the greeting, which that
//! entry point cannot do; it stays on lettre's pooled transport.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lettre::Message;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;

use crate::mailer::{SendError, from_smtp};

/// Connections idle longer than this are checked with a NOOP first.
const CHECK_AFTER: Duration = Duration::from_secs(5);
/// Idle connections kept for the next messages.
const KEPT: usize = 4;

/// Where to connect and how.
pub(crate) struct Connector {
    pub host: String,
    pub port: u16,
    /// STARTTLS, required, with these parameters.
    pub starttls: Option<TlsParameters>,
    pub credentials: Option<Credentials>,
    pub timeout: Duration,
}

/// Open connections to one server, reused message after message.
pub(crate) struct Connections {
    connector: Connector,
    hello: ClientId,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
}

impl Connections {
    pub fn new(connector: Connector) -> Arc<Connections> {
        Arc::new(Connections {
            connector,
            hello: ClientId::default(),
            idle: Mutex::new(Vec::new()),
        })
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let c = &self.connector;
        let tcp = tokio::net::TcpStream::connect((c.host.as_str(), c.port))
            .await
            .map_err(|e| SendError::transient(format!("SMTP: connecting: {e}")))?;
        tcp.set_nodelay(true)
            .map_err(|e| SendError::transient(format!("SMTP: {e}")))?;
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello)
            .await
            .map_err(from_smtp)?;
        if let Some(tls) = &c.starttls {
            conn.starttls(tls.clone(), &self.hello)
                .await
                .map_err(from_smtp)?;
        }
        if let Some(credentials) = &c.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(from_smtp)?;
        }
        Ok(conn)
    }

    /// An idle connection that still answers, or a new one.
    async fn take(&self) -> Result<AsyncSmtpConnection, SendError> {
        loop {
            let next = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
            let Some((mut conn, since)) = next else {
                return self.connect().await;
            };
            if conn.has_broken() {
                continue;
            }
            if since.elapsed() < CHECK_AFTER || conn.test_connected().await {
                return Ok(conn);
            }
        }
    }

    fn give_back(&self, conn: AsyncSmtpConnection) {
        if conn.has_broken() {
            return;
        }
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < KEPT
        {
            idle.push((conn, Instant::now()));
        }
    }

    /// Sends one message within the timeout; the connection is kept for
    /// the next one unless it broke.
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        let timeout = self.connector.timeout;
        let work = async {
            let mut conn = self.take().await?;
            let sent = conn.send(message.envelope(), &message.formatted()).await;
            if sent.is_ok() {
                self.give_back(conn);
            } else {
                conn.abort().await;
            }
            sent.map(|_| ()).map_err(from_smtp)
        };
        tokio::time::timeout(timeout, work)
            .await
            .unwrap_or_else(|_| {
                Err(SendError::transient(format!(
                    "SMTP: no answer within {} s",
                    timeout.as_secs()
                )))
            })
    }
}
