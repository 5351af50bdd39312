//! Checks on what people type, collected so a form shows every problem at
//! once and keeps the person's text.

use sinergi_domain::plain_text::{FORBIDDEN_CHAR_KEY, forbidden_char};

use crate::Problem;

pub(crate) struct Checks(pub Vec<Problem>);

impl Checks {
    pub fn new() -> Checks {
        Checks(Vec::new())
    }

    pub fn fail(&mut self, field: &'static str, key: &'static str) {
        self.0.push(Problem { field, key });
    }

    /// Required, trimmed text of at most `max` characters.
    pub fn text(&mut self, field: &'static str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, "field-required");
        } else {
            self.optional_text(field, Some(value), max);
        }
    }

    /// At most `max` characters, none that XML cannot carry.
    pub fn optional_text(&mut self, field: &'static str, value: Option<&str>, max: usize) {
        let Some(value) = value else { return };
        if value.chars().count() > max {
            self.fail(field, "field-too-long");
        } else if forbidden_char(value).is_some() {
            self.fail(field, FORBIDDEN_CHAR_KEY);
        }
    }

    /// A calendar date `YYYY-MM-DD`, not after `today`.
    pub fn date(&mut self, field: &'static str, value: Option<&str>, today: jiff::civil::Date) {
        let Some(v) = value else { return };
        match v.parse::<jiff::civil::Date>() {
            Ok(d) if d <= today => {}
            Ok(_) => self.fail(field, "date-in-future"),
            Err(_) => self.fail(field, "date-invalid"),
        }
    }

    /// An http(s) address.
    pub fn url(&mut self, field: &'static str, value: &str) {
        let lower = value.trim().to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://"))
            || value.len() > 2000
            || value.chars().any(char::is_whitespace)
        {
            self.fail(field, "url-invalid");
        }
    }

    pub fn finish(self) -> Result<(), crate::NewsroomError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::NewsroomError::Invalid(self.0))
        }
    }
}

/// Today in eastern Indonesia (WIT, UTC+9), the first zone to reach a new
/// date, so a date that is today anywhere in the country is accepted.
pub(crate) fn today(now: i64) -> jiff::civil::Date {
    jiff::Timestamp::from_microsecond(now)
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
                .date()
        })
        .unwrap_or(jiff::civil::date(2000, 1, 1))
}
