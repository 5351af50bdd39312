//! Turning an outbox row into an RFC 5322 message.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment as AttachmentPart, MultiPart, SinglePart};
use sinergi_store::{Attachment, ClaimedEmail};

use crate::SendError;

/// What every message carries whatever the mailer.
#[derive(Clone)]
pub struct MessageSettings {
    /// The `From` address, e.g. `Sinergi <noreply@sinergi.example.go.id>`.
    pub from: Mailbox,
    /// The right-hand side of every `Message-ID`: `<KEY@DOMAIN>`. Give each
    /// deployment its own, so that two deployments' keys never collide.
    pub message_id_domain: String,
    /// Signs every message (DKIM, RFC 6376) when a key is configured.
    pub dkim: Option<Arc<DkimConfig>>,
}

impl std::fmt::Debug for MessageSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the DKIM key.
        f.debug_struct("MessageSettings")
            .field("from", &self.from)
            .field("message_id_domain", &self.message_id_domain)
            .field("dkim", &self.dkim.is_some())
            .finish()
    }
}

impl MessageSettings {
    /// `from` as an address (`Name <user@host>` or `user@host`), with the
    /// `Message-ID` domain `sinergi`.
    pub fn new(from: &str) -> Result<MessageSettings, SendError> {
        let from = from.parse::<Mailbox>().map_err(|e| {
            SendError::permanent(format!("the From address `{from}` is not valid: {e}"))
        })?;
        Ok(MessageSettings {
            from,
            message_id_domain: "sinergi".to_owned(),
            dkim: None,
        })
    }

    /// Signs every message with DKIM (RSA-SHA256, relaxed/relaxed) as
    /// `selector._domainkey.domain`, with the RSA key `pkcs1_pem`
    /// (`-----BEGIN RSA PRIVATE KEY-----`). Signed: From, To, Subject,
    /// Date, Message-ID, Reply-To and the List-Unsubscribe headers.
    pub fn with_dkim(
        mut self,
        selector: &str,
        domain: &str,
        pkcs1_pem: &str,
    ) -> Result<MessageSettings, SendError> {
        let key = DkimSigningKey::new(pkcs1_pem, DkimSigningAlgorithm::Rsa).map_err(|e| {
            SendError::permanent(format!("the DKIM key is not an RSA key in PKCS#1 PEM: {e}"))
        })?;
        let headers = [
            "From",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "Reply-To",
            "List-Unsubscribe",
            "List-Unsubscribe-Post",
        ]
        .into_iter()
        .map(HeaderName::new_from_ascii_str)
        .collect();
        let relaxed = DkimCanonicalization {
            header: DkimCanonicalizationType::Relaxed,
            body: DkimCanonicalizationType::Relaxed,
        };
        self.dkim = Some(Arc::new(DkimConfig::new(
            selector.to_owned(),
            domain.to_owned(),
            key,
            headers,
            relaxed,
        )));
        Ok(self)
    }
}

/// Encodes an idempotency key so that it is a valid `id-left` of a
/// `Message-ID` and a safe file name: ASCII letters, digits, `-` and `_`
/// stay, every other byte becomes `=XX` (upper-case hex). The encoding is
/// one-to-one, so two keys never share an id.
fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("={b:02X}"));
        }
    }
    out
}

/// The `Message-ID` of the message with this idempotency key:
/// `<KEY@DOMAIN>`, the key encoded as [`encode_key`] does.
pub fn message_id_for_key(key: &str, domain: &str) -> String {
    let domain: String = domain
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("<{}@{}>", encode_key(key), domain.trim_matches('.'))
}

/// The `.eml` file name for this idempotency key.
pub fn file_name_for_key(key: &str) -> String {
    format!("{}.eml", encode_key(key))
}

/// The message for an outbox row. Its `Date` is the time the message was
/// enqueued, so a message sent again is the same message, byte for byte.
pub fn build_message(
    settings: &MessageSettings,
    email: &ClaimedEmail,
) -> Result<Message, SendError> {
    let to = email.recipient.parse::<Mailbox>().map_err(|e| {
        SendError::permanent(format!(
            "the recipient `{}` is not a valid address: {e}",
            email.recipient
        ))
    })?;
    let date = UNIX_EPOCH + Duration::from_micros(u64::try_from(email.created_at).unwrap_or(0));
    let mut builder = Message::builder();
    for (name, value) in extra_headers(email.headers.as_deref())? {
        builder = builder.raw_header(HeaderValue::new(name, value));
    }
    let builder = builder
        .message_id(Some(message_id_for_key(
            &email.idempotency_key,
            &settings.message_id_domain,
        )))
        .date(clamp(date))
        .from(settings.from.clone())
        .to(to)
        .subject(email.subject.clone());
    let attachment = Attachment::from_json(email.attachment.as_deref())
        .map_err(|e| SendError::permanent(e.to_string()))?;
    let message = match attachment {
        None => builder
            .header(ContentType::TEXT_PLAIN)
            .body(email.body_text.clone()),
        // The text, then the file (an event's `.ics`: calendar programs
        // read its `method` and offer to add or update the event).
        Some(a) => {
            let content_type = ContentType::parse(&a.content_type).map_err(|e| {
                SendError::permanent(format!("the attachment's type `{}`: {e}", a.content_type))
            })?;
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(email.body_text.clone()))
                    .singlepart(AttachmentPart::new(a.name).body(a.body, content_type)),
            )
        }
    };
    message
        .map(|mut message| {
            if let Some(dkim) = &settings.dkim {
                message.sign(dkim);
            }
            message
        })
        .map_err(|e| SendError::permanent(format!("cannot build the message: {e}")))
}

/// The extra headers kept with an outbox row (JSON `[[name, value], …]`).
/// Only names of letters, digits and `-`, and values without line breaks,
/// so a stored row can never inject a header of its own.
fn extra_headers(json: Option<&str>) -> Result<Vec<(HeaderName, String)>, SendError> {
    let Some(json) = json else {
        return Ok(Vec::new());
    };
    let bad = |why: &str| SendError::permanent(format!("the message's extra headers {why}"));
    let pairs: Vec<(String, String)> =
        serde_json::from_str(json).map_err(|_| bad("are not a list of [name, value]"))?;
    pairs
        .into_iter()
        .map(|(name, value)| {
            if name.is_empty()
                || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                || value.contains(['\r', '\n'])
                || !value.is_ascii()
            {
                return Err(bad("hold a name or value that is not allowed"));
            }
            let name = HeaderName::new_from_ascii(name).map_err(|_| bad("hold a bad name"))?;
            Ok((name, value))
        })
        .collect()
}

fn clamp(t: SystemTime) -> SystemTime {
    t.max(UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_valid_and_distinct() {
        assert_eq!(
            message_id_for_key("reset:42", "sinergi"),
            "<reset=3A42@sinergi>"
        );
        assert_eq!(
            message_id_for_key("a b@c>", "x.go.id"),
            "<a=20b=40c=3E@x.go.id>"
        );
        assert_ne!(
            message_id_for_key("a:b", "s"),
            message_id_for_key("a=3Ab", "s")
        );
        assert_eq!(
            file_name_for_key("../etc/passwd"),
            "=2E=2E=2Fetc=2Fpasswd.eml"
        );
    }
}
