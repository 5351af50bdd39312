//! The words of the e-mails Sinergi sends, in Bahasa Indonesia (the default)
//! and English, from the Fluent catalogues `locales/{id,en}/mail.ftl`,
//! compiled into the binary. The services put the lines together (greeting,
//! lists, link); every word a person reads comes from here, so a missing
//! translation is a failing test, not a mixed-language e-mail.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};

static_loader! {
    static MAIL = {
        locales: "./locales",
        fallback_language: "id",
        // Plain-text e-mail: no Unicode isolation marks around arguments.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The texts in one person's language: `en` is English, anything else
/// Bahasa Indonesia.
#[derive(Debug, Clone)]
pub struct MailTexts {
    lang: LanguageIdentifier,
}

impl MailTexts {
    pub fn new(language: &str) -> MailTexts {
        MailTexts {
            lang: if language == "en" {
                fluent_templates::langid!("en")
            } else {
                fluent_templates::langid!("id")
            },
        }
    }

    /// The text of `key` with its arguments, each given as text (numbers
    /// too, so that Fluent does not format them its own way).
    pub fn get(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.to_string())))
            .collect();
        MAIL.lookup_with_args(&self.lang, key, &args)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn ids(lang: &str) -> BTreeSet<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang)
            .join("mail.ftl");
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }

    #[test]
    fn both_languages_hold_the_same_keys() {
        let (id, en) = (ids("id"), ids("en"));
        assert!(id.len() > 20, "{id:?}");
        assert_eq!(
            id.symmetric_difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new()
        );
        // Every key renders in both languages with the arguments the
        // services give (a text that names another argument fails to
        // render), and differently where words are involved (a copy left
        // untranslated shows up here).
        let args: Vec<(&'static str, &str)> = [
            "name", "minutes", "link", "unit", "actor", "role", "days", "outlet", "week", "count",
            "time", "note", "title", "owner", "ends", "tag", "place", "total", "reply",
        ]
        .into_iter()
        .map(|name| (name, "x"))
        .collect();
        for key in &id {
            let (i, e) = (
                MailTexts::new("id").get(key, &args),
                MailTexts::new("en").get(key, &args),
            );
            assert!(!i.starts_with("Unknown localization key"), "{key}: {i}");
            assert!(!e.starts_with("Unknown localization key"), "{key}: {e}");
            assert!(!i.is_empty() && !e.is_empty(), "{key}");
            if !key.starts_with("mail-role-") {
                assert_ne!(i, e, "{key} is not translated");
            }
        }
    }

    #[test]
    fn multi_line_texts_keep_their_blank_lines_and_arguments() {
        let body = MailTexts::new("en").get(
            "journalist-body",
            &[
                ("name", "Sari"),
                ("unit", "Kominfo"),
                ("outlet", "Warta"),
                ("link", "https://s.example/reset/abc"),
            ],
        );
        assert_eq!(
            body,
            "Hello Sari,\n\nKominfo has accredited you (Warta) on Sinergi. To choose your password, open this link:\n\nhttps://s.example/reset/abc"
        );
        let id = MailTexts::new("fr").get("reminder-more", &[("count", "1000")]);
        assert_eq!(id, "dan 1000 lainnya");
    }

    /// The texts as they were written in the code before the catalogues:
    /// moving them changed no word.
    #[test]
    fn the_reset_e_mail_reads_as_before() {
        let args = [
            ("name", "Sari"),
            ("minutes", "60"),
            ("link", "https://s.example/reset/abc"),
        ];
        let (name, minutes, link) = ("Sari", 60, "https://s.example/reset/abc");
        assert_eq!(
            MailTexts::new("en").get("password-reset-body", &args) + "\n",
            format!(
                "Hello {name},\n\nSomeone asked to reset the password of your Sinergi account. If it was you, open this link within {minutes} minutes:\n\n{link}\n\nThe link works once, and only the newest link you were sent works. Saving a new password signs you out everywhere and revokes your API tokens: create new ones on your account page afterwards.\n\nIf you did not ask, ignore this message: your password stays as it is.\n",
            )
        );
        assert_eq!(
            MailTexts::new("id").get("password-reset-body", &args) + "\n",
            format!(
                "Halo {name},\n\nAda permintaan untuk mengatur ulang kata sandi akun Sinergi Anda. Jika itu Anda, buka tautan ini dalam {minutes} menit:\n\n{link}\n\nTautan hanya dapat dipakai sekali, dan hanya tautan terbaru yang dikirim kepada Anda yang berlaku. Menyimpan kata sandi baru mengeluarkan Anda dari semua perangkat dan mencabut token API Anda: buat token baru di halaman akun Anda sesudahnya.\n\nJika Anda tidak memintanya, abaikan pesan ini: kata sandi Anda tidak berubah.\n",
            )
        );
        let invitation = MailTexts::new("id").get(
            "invitation-body",
            &[
                ("actor", "Budi"),
                ("unit", "Kota Bogor"),
                ("role", "kontributor"),
                ("days", "7"),
                ("link", link),
            ],
        );
        assert_eq!(
            invitation,
            format!(
                "Halo,\n\nBudi mengundang Anda bergabung dengan Kota Bogor di Sinergi sebagai kontributor.\n\nUntuk menerima dan memilih kata sandi, buka tautan ini dalam 7 hari:\n\n{link}"
            )
        );
    }
}
