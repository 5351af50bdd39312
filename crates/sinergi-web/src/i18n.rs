//! Two languages: Bahasa Indonesia (the default) and English.
//!
//! Texts live in Fluent catalogues under `locales/`, compiled into the
//! binary. A reader's choice is kept in the `lang` cookie, set by the
//! visible switch in every page's header (a plain link, no script).

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use sinergi_domain::Zone;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "id",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub const COOKIE: &'static str = "lang";

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn langid(self) -> fluent_templates::LanguageIdentifier {
        match self {
            Lang::Id => fluent_templates::langid!("id"),
            Lang::En => fluent_templates::langid!("en"),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Lang, Self::Rejection> {
        let from_cookie =
            crate::session::cookie(&parts.headers, Lang::COOKIE).and_then(|v| Lang::parse(&v));
        Ok(from_cookie.unwrap_or(Lang::Id))
    }
}

/// The translator a template holds.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// The text for `key`.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(&self.lang.langid(), key)
    }

    /// The text for `key`, or `None` when no catalogue defines it (for keys
    /// that arrive from a service rather than being written in the code).
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&self.lang.langid(), key)
    }

    /// The text for `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(
            Cow::Owned(name.to_owned()),
            FluentValue::from(value.to_owned()),
        );
        LOCALES.lookup_with_args(&self.lang.langid(), key, &args)
    }

    /// The text for `key` with several text arguments.
    pub fn tn(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        for (name, value) in args {
            map.insert(
                Cow::Owned((*name).to_owned()),
                FluentValue::from(value.clone()),
            );
        }
        LOCALES.lookup_with_args(&self.lang.langid(), key, &map)
    }

    /// The text for `key` with a count, for plural forms.
    pub fn count(&self, key: &str, count: i64) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(count));
        // Fluent formats the number itself; keep our own grouping instead.
        LOCALES
            .lookup_with_args(&self.lang.langid(), key, &args)
            .replace(&count.to_string(), &self.num(count))
    }

    /// A whole number in the reader's convention: 83.762 or 83,762.
    pub fn num(&self, n: i64) -> String {
        group_digits(n, if self.lang == Lang::Id { '.' } else { ',' })
    }

    /// A moment in a unit's zone: "4 Juni 2026 09.00 WITA" or "4 June 2026 09:00 WITA".
    pub fn date_time(&self, micros: i64, zone: Zone) -> String {
        format_date_time(micros, zone, self.lang)
    }

    /// A date in a unit's zone: "4 Juni 2026".
    pub fn date(&self, micros: i64, zone: Zone) -> String {
        let full = format_date_time(micros, zone, self.lang);
        full.rsplitn(3, ' ').nth(2).unwrap_or(&full).to_owned()
    }
}

pub fn group_digits(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[rustfmt::skip]
const MONTHS_ID: [&str; 12] = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
];
#[rustfmt::skip]
const MONTHS_EN: [&str; 12] = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
];

pub fn format_date_time(micros: i64, zone: Zone, lang: Lang) -> String {
    let Ok(ts) = jiff::Timestamp::from_microsecond(micros) else {
        return String::new();
    };
    // The three zones have had fixed offsets since 1988; no tz database needed.
    let offset = jiff::tz::Offset::constant(zone.utc_offset_hours());
    let dt = offset.to_datetime(ts);
    let month = usize::try_from(dt.month() - 1).unwrap_or(0);
    let (name, sep) = match lang {
        Lang::Id => (MONTHS_ID[month], '.'),
        Lang::En => (MONTHS_EN[month], ':'),
    };
    format!(
        "{} {} {} {:02}{sep}{:02} {}",
        dt.day(),
        name,
        dt.year(),
        dt.hour(),
        dt.minute(),
        zone.abbreviation()
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The message ids defined in one catalogue file.
    fn ids(ftl: &str) -> Vec<String> {
        ftl.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }

    /// Every `.ftl` file of a language (catalogues may be split by feature,
    /// e.g. `main.ftl` and `accounts.ftl`): (file name, its ids).
    fn catalogue_files(lang: &str) -> Vec<(String, Vec<String>)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, ids(&std::fs::read_to_string(&p).unwrap()))
            })
            .collect();
        files.sort();
        files
    }

    /// All ids of a language, across its files.
    fn keys(lang: &str) -> BTreeSet<String> {
        catalogue_files(lang)
            .into_iter()
            .flat_map(|(_, ids)| ids)
            .collect()
    }

    #[test]
    fn both_languages_have_every_key() {
        let id = keys("id");
        let en = keys("en");
        let missing_en: Vec<_> = id.difference(&en).collect();
        let missing_id: Vec<_> = en.difference(&id).collect();
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        assert!(
            missing_id.is_empty(),
            "missing in Bahasa Indonesia: {missing_id:?}"
        );
    }

    /// Fluent refuses a bundle in which an id is defined twice, and every
    /// page would then fail; say which id and where instead.
    #[test]
    fn no_key_is_defined_twice() {
        for lang in ["id", "en"] {
            let mut seen: HashMap<String, String> = HashMap::new();
            let mut twice = Vec::new();
            for (file, ids) in catalogue_files(lang) {
                for id in ids {
                    if let Some(first) = seen.insert(id.clone(), file.clone()) {
                        twice.push(format!("{lang}: {id} in {first} and {file}"));
                    }
                }
            }
            assert!(twice.is_empty(), "defined twice: {twice:?}");
        }
    }

    #[test]
    fn every_key_used_in_code_and_templates_exists() {
        let id = keys("id");
        let mut sources = String::new();
        for dir in ["src", "templates"] {
            collect(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(dir)
                    .as_path(),
                &mut sources,
            );
        }
        let mut missing = BTreeSet::new();
        for pattern in [".t(\"", ".t1(\"", ".count(\""] {
            for part in sources.split(pattern).skip(1) {
                let key = part.split('"').next().unwrap_or("");
                if !key.is_empty() && !id.contains(key) {
                    missing.insert(key.to_owned());
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys used but not in the catalogues: {missing:?}"
        );
    }

    fn collect(dir: &std::path::Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect(&path, out);
            } else if path.file_name().is_some_and(|n| n != "i18n.rs") {
                out.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }

    /// Words that name a thing the catalogues call by another name: one
    /// term for each thing. A press release is a "siaran pers" (not a
    /// "rilis"); amplifying a release is "memperkuat" / "diperkuat" /
    /// "amplify" (not "dimuat ulang", "diterbitkan ulang", "disebarluaskan",
    /// "republish", "repost", "carried by").
    const FORBIDDEN: [(&str, &[&str]); 2] = [
        (
            "id",
            &[
                "rilis",
                "dimuat ulang",
                "memuat ulang",
                "terbitkan ulang",
                "diterbitkan ulang",
                "disebarluaskan",
                "menyebarluaskan",
                "dibagikan ulang",
            ],
        ),
        (
            "en",
            &[
                "republish",
                "republished",
                "re-publish",
                "re-published",
                "repost",
                "reposted",
                "reshare",
                "reshared",
                "carried by",
            ],
        ),
    ];

    /// Whether `text` holds `phrase` as whole words (case-insensitive).
    fn holds_phrase(text: &str, phrase: &str) -> bool {
        let text = text.to_lowercase();
        let words: Vec<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let wanted: Vec<&str> = phrase.split(' ').collect();
        words.windows(wanted.len()).any(|w| w == wanted.as_slice())
    }

    #[test]
    fn one_word_for_each_thing() {
        let mut hits = Vec::new();
        let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (lang, words) in FORBIDDEN {
            // The pages' catalogues and the e-mails'.
            let dirs = [
                crate_dir.join("locales").join(lang),
                crate_dir.join("../sinergi-mail/locales").join(lang),
            ];
            for entry in dirs.iter().flat_map(|d| std::fs::read_dir(d).unwrap()) {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|x| x != "ftl") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                // Message values and their continuation lines; comments
                // are for translators.
                for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
                    let value = match line.split_once(" = ") {
                        Some((key, v)) if !key.starts_with(' ') => v,
                        _ => line,
                    };
                    for word in words {
                        if holds_phrase(value, word) {
                            hits.push(format!("{lang}/{file}: \"{word}\" in: {line}"));
                        }
                    }
                }
            }
        }
        assert!(hits.is_empty(), "one term per thing:\n{}", hits.join("\n"));
    }

    #[test]
    fn phrases_match_whole_words_only() {
        assert!(holds_phrase("Belum ada Rilis.", "rilis"));
        assert!(holds_phrase("Siaran dimuat  ulang oleh", "dimuat ulang"));
        assert!(!holds_phrase("Muat ulang halaman", "dimuat ulang"));
        assert!(!holds_phrase("prarilis", "rilis"));
        assert!(holds_phrase("Carried by: Bali", "carried by"));
    }

    #[test]
    fn numbers_and_dates_follow_the_language() {
        let id = Tr::new(Lang::Id);
        let en = Tr::new(Lang::En);
        assert_eq!(id.num(83762), "83.762");
        assert_eq!(en.num(1234567), "1,234,567");
        assert_eq!(id.num(-5), "-5");
        // 2026-06-04 01:00 UTC is 09.00 in Denpasar.
        let t = 1_780_534_800_000_000;
        assert_eq!(id.date_time(t, Zone::Wita), "4 Juni 2026 09.00 WITA");
        assert_eq!(en.date_time(t, Zone::Wit), "4 June 2026 10:00 WIT");
        assert_eq!(id.date(t, Zone::Wib), "4 Juni 2026");
        assert_eq!(en.count("sub-unit-count", 1), "1 sub-unit");
        assert_eq!(id.count("sub-unit-count", 7285), "7.285 sub-unit");
    }

    #[test]
    fn the_default_language_is_indonesian() {
        assert_eq!(Tr::new(Lang::Id).t("search"), "Cari");
        assert_eq!(Tr::new(Lang::En).t("search"), "Search");
    }
}
