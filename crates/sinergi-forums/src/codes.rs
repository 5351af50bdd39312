//! The short code shown in the room, and the iCalendar UID.

/// Letters and digits that cannot be mistaken for one another when read
/// off a projector (no 0/O, 1/I/L, 5/S, 8/B).
const ALPHABET: &[u8] = b"2346779ACDEFGHJKMNPQRTUVWXYZ";
pub const CODE_LEN: usize = 6;

/// A fresh attendance code: six characters of [`ALPHABET`].
pub fn attendance_code() -> String {
    let mut bytes = [0u8; CODE_LEN];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// A code as typed: upper case, spaces and dashes dropped.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// A UID that stays with the event through every edit:
/// `<random>@<host of the site>`.
pub fn event_uid(base_url: &str) -> String {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .split(['/', ':'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("sinergi.invalid");
    format!("event-{hex}@{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_and_unambiguous() {
        let c = attendance_code();
        assert_eq!(c.len(), CODE_LEN);
        assert!(c.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(normalise_code(" ab3-d e7 "), "AB3DE7");
        let uid = event_uid("https://sinergi.example.go.id/");
        assert!(uid.ends_with("@sinergi.example.go.id"), "{uid}");
        assert!(event_uid("http://127.0.0.1:8080").ends_with("@127.0.0.1"));
        assert_ne!(event_uid("x"), event_uid("x"));
    }
}
