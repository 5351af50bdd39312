//! Random tokens and their hashes. Tokens are 32 random bytes from the
//! operating system; the database keeps only their SHA-256.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A new random token, URL-safe, 43 characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_unique_and_hashes_stable() {
        let a = super::random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, super::random_token());
        assert_eq!(super::hash_token("x"), super::hash_token("x"));
        assert_eq!(super::hash_token("x").len(), 64);
    }
}
