//! What makes a password acceptable: length, not a known common password,
//! not the account's own address. No composition rules (NIST SP 800-63B).

use std::collections::HashSet;
use std::io::Read;
use std::sync::LazyLock;

/// Longer than any passphrase a person types; bounds hashing work.
pub const MAX_PASSWORD_CHARS: usize = 256;
pub const DEFAULT_MIN_PASSWORD_CHARS: usize = 12;

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let gz: &[u8] = include_bytes!("../../../data/passwords/common-passwords.txt.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut text)
        .expect("the bundled password list is valid gzip");
    text.lines()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .collect()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub min_chars: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_chars: DEFAULT_MIN_PASSWORD_CHARS,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("the password must have at least {0} characters")]
    TooShort(usize),
    #[error("the password must have at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    #[error("this password is on a list of common passwords; choose another")]
    Common,
    #[error("the password must not be your e-mail address")]
    SameAsEmail,
}

impl PasswordProblem {
    /// The key of the message in the interface's catalogues.
    pub fn message_key(self) -> &'static str {
        match self {
            PasswordProblem::TooShort(_) => "password-too-short",
            PasswordProblem::TooLong => "password-too-long",
            PasswordProblem::Common => "password-common",
            PasswordProblem::SameAsEmail => "password-same-as-email",
        }
    }
}

impl PasswordPolicy {
    pub fn check(&self, password: &str, email: &str) -> Result<(), PasswordProblem> {
        let chars = password.chars().count();
        if chars < self.min_chars {
            return Err(PasswordProblem::TooShort(self.min_chars));
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(PasswordProblem::TooLong);
        }
        let lower = password.to_lowercase();
        if COMMON.contains(&lower) {
            return Err(PasswordProblem::Common);
        }
        let email = email.trim().to_lowercase();
        let local = email.split('@').next().unwrap_or("");
        if lower == email || (!local.is_empty() && lower == local) {
            return Err(PasswordProblem::SameAsEmail);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_commonness_and_address_are_checked() {
        let p = PasswordPolicy::default();
        assert_eq!(
            p.check("pendek", "a@b.id"),
            Err(PasswordProblem::TooShort(12))
        );
        assert_eq!(
            p.check("q1w2e3r4t5y6", "a@b.id"),
            Err(PasswordProblem::Common)
        );
        assert_eq!(
            p.check("Q1W2E3R4T5Y6", "a@b.id"),
            Err(PasswordProblem::Common)
        );
        assert_eq!(
            p.check("humas.denpasar", "humas.denpasar@bali.go.id"),
            Err(PasswordProblem::SameAsEmail)
        );
        assert_eq!(
            p.check(&"x".repeat(300), "a@b.id"),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(p.check("kopi tubruk di sanur pagi", "a@b.id"), Ok(()));
        assert_eq!(
            PasswordPolicy { min_chars: 8 }.check("sanurpagi", "a@b.id"),
            Ok(())
        );
        assert!(COMMON.len() > 19_000);
    }
}
