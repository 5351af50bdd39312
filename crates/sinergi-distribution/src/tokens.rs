//! Secrets in links: one-click unsubscribe tokens, signed (HMAC-SHA-256
//! with a key kept in the database, so every node and every restart
//! accepts the links already sent), and personal feed tokens, random and
//! kept only as their SHA-256.

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use sinergi_domain::ContactId;
use sinergi_store::{Store, StoreError};

type HmacSha256 = Hmac<Sha256>;

/// The signing key, read from the database once.
#[derive(Default)]
pub struct Keys {
    unsubscribe: OnceLock<Vec<u8>>,
}

impl Keys {
    /// The unsubscribe key (made and stored the first time it is asked).
    pub async fn unsubscribe(&self, store: &Store, now: i64) -> Result<Vec<u8>, StoreError> {
        if let Some(k) = self.unsubscribe.get() {
            return Ok(k.clone());
        }
        let stored = store
            .signing_key("unsubscribe", &random_token(), now)
            .await?;
        let key = URL_SAFE_NO_PAD
            .decode(stored.as_bytes())
            .map_err(|_| StoreError::Corrupt("the unsubscribe key is not base64".into()))?;
        Ok(self.unsubscribe.get_or_init(|| key).clone())
    }
}

fn mac(key: &[u8], contact: ContactId) -> String {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(format!("unsubscribe:{contact}").as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// `ID.SIGNATURE`: which contact, and proof that we wrote it.
pub fn unsubscribe_token(key: &[u8], contact: ContactId) -> String {
    format!("{contact}.{}", mac(key, contact))
}

/// The contact an unsubscribe token names, if its signature holds.
pub fn verify_unsubscribe(key: &[u8], token: &str) -> Option<ContactId> {
    let (id, signature) = token.split_once('.')?;
    let contact: ContactId = id.parse().ok()?;
    let mut check = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    check.update(format!("unsubscribe:{contact}").as_bytes());
    let sent = URL_SAFE_NO_PAD.decode(signature.as_bytes()).ok()?;
    check.verify_slice(&sent).ok()?;
    Some(contact)
}

fn own_data_mac(key: &[u8], contact: ContactId, expires: i64) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(format!("own-data:{contact}:{expires}").as_bytes());
    mac
}

/// `ID.EXPIRES.SIGNATURE`: a link to a contact's own data, good until
/// `expires` (microseconds).
pub fn own_data_token(key: &[u8], contact: ContactId, expires: i64) -> String {
    let sig = URL_SAFE_NO_PAD.encode(own_data_mac(key, contact, expires).finalize().into_bytes());
    format!("{contact}.{expires}.{sig}")
}

/// The contact an own-data token names, if its signature holds and it has
/// not expired at `now`.
pub fn verify_own_data(key: &[u8], token: &str, now: i64) -> Option<ContactId> {
    let mut parts = token.splitn(3, '.');
    let contact: ContactId = parts.next()?.parse().ok()?;
    let expires: i64 = parts.next()?.parse().ok()?;
    let sent = URL_SAFE_NO_PAD.decode(parts.next()?.as_bytes()).ok()?;
    own_data_mac(key, contact, expires)
        .verify_slice(&sent)
        .ok()?;
    (now < expires).then_some(contact)
}

/// A new random token, URL-safe, 43 characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a feed token.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn an_own_data_link_holds_until_it_expires_and_for_its_contact_only() {
        let key = b"k".repeat(32);
        let c = ContactId::new(7);
        let t = own_data_token(&key, c, 1_000);
        assert_eq!(verify_own_data(&key, &t, 999), Some(c));
        assert_eq!(verify_own_data(&key, &t, 1_000), None);
        let forged = t.replacen("7.", "8.", 1);
        assert_eq!(verify_own_data(&key, &forged, 0), None);
        let longer = t.replacen(".1000.", ".9999.", 1);
        assert_eq!(verify_own_data(&key, &longer, 0), None);
        assert_eq!(verify_own_data(b"other", &t, 0), None);
        // An unsubscribe token is no own-data token.
        assert_eq!(verify_own_data(&key, &unsubscribe_token(&key, c), 0), None);
    }

    #[test]
    fn a_signed_token_names_its_contact_and_nothing_else() {
        let key = b"a key of the test";
        let token = unsubscribe_token(key, ContactId::new(42));
        assert_eq!(verify_unsubscribe(key, &token), Some(ContactId::new(42)));
        let forged = token.replacen("42.", "43.", 1);
        assert_eq!(verify_unsubscribe(key, &forged), None);
        assert_eq!(verify_unsubscribe(b"another key", &token), None);
        assert_eq!(verify_unsubscribe(key, "42"), None);
    }

    proptest! {
        #[test]
        fn no_other_text_passes_for_a_token(text in "\\PC{0,60}") {
            let key = b"k";
            let real = unsubscribe_token(key, ContactId::new(7));
            prop_assume!(text != real);
            prop_assert_eq!(verify_unsubscribe(key, &text), None);
        }
    }
}
