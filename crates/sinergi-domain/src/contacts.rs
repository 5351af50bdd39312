//! Contacts (journalists and other stakeholders), their consent under
//! UU PDP 27/2022, and when a release may be e-mailed to one of them.
//!
//! The names below are what the store keeps in text columns and what forms
//! and CSV files carry; each parses back through `FromStr`.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::access::{Accreditation, Principal};
use crate::newsroom::{ReleaseAccess, ReleaseFacts, ReleaseState, release_access};

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s.trim())
                    .ok_or_else(|| format!("unknown {} `{s}`", stringify!($name)))
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// Who a contact is to a PR office.
    ContactKind {
        Journalist => "journalist",
        Academic => "academic",
        CivilSociety => "civil_society",
        CommunityLeader => "community_leader",
        ReligiousLeader => "religious_leader",
        Business => "business",
        Government => "government",
        Other => "other",
    }
}

named_enum! {
    /// What kind of medium an outlet is.
    OutletKind {
        National => "national",
        Regional => "regional",
        Online => "online",
        Tv => "tv",
        Radio => "radio",
        Print => "print",
        NewsAgency => "news_agency",
    }
}

named_enum! {
    /// What personal data is processed for (UU PDP art. 20: a specific purpose).
    Purpose {
        /// Releases and notices by e-mail.
        Distribution => "distribution",
        /// Being kept in the contact base at all.
        ContactBase => "contact_base",
    }
}

named_enum! {
    /// The lawful basis (UU PDP art. 20 (2)).
    Basis {
        Consent => "consent",
        Contract => "contract",
        LegalObligation => "legal_obligation",
        VitalInterest => "vital_interest",
        PublicTask => "public_task",
        LegitimateInterest => "legitimate_interest",
    }
}

named_enum! {
    /// How consent (or its withdrawal) reached us.
    Channel {
        Email => "email",
        Form => "form",
        Phone => "phone",
        InPerson => "in_person",
        Portal => "portal",
        Import => "import",
        Unsubscribe => "unsubscribe",
    }
}

named_enum! {
    /// What a subscription follows.
    SubscriptionTarget {
        /// One unit's releases.
        Unit => "unit",
        /// A unit's and every unit's below it.
        Subtree => "subtree",
        /// Releases tagged with a campaign's tag.
        Campaign => "campaign",
        /// Releases carrying one tag (`reformasi-birokrasi`).
        Tag => "tag",
    }
}

named_enum! {
    /// How a subscription's releases are e-mailed.
    Delivery {
        /// One message per release, as soon as the reader may read it.
        Each => "each",
        /// One daily digest per contact, at a chosen hour in their zone.
        Digest => "digest",
    }
}

/// The local day (`YYYY-MM-DD` in `zone`) whose daily digest is due at
/// `now` for a contact whose digest hour is `hour` (0–23): `Some` from
/// that hour of the local day on, `None` before it. One digest per local
/// day: the caller keys it by the day.
pub fn digest_day_due(now: i64, zone: crate::Zone, hour: u8) -> Option<String> {
    let local = now.div_euclid(1_000_000) + i64::from(zone.utc_offset_hours()) * 3600;
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    if secs / 3600 < i64::from(hour.min(23)) {
        return None;
    }
    Some(civil_day(days))
}

/// `YYYY-MM-DD` of `days` since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_day(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// When a release may be e-mailed to a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailTiming {
    /// Now: the recipient may read it now (public, or accredited under embargo).
    Now { embargoed: bool },
    /// Not before this second (when the public reads it).
    At(i64),
    /// Never (not released, or withdrawn).
    Never,
}

/// When `release` may be e-mailed to someone holding `accreditations`, at
/// `now`: exactly when `release_access` lets that reader see its text, so a
/// message never carries what its reader could not open on the site.
pub fn mail_timing(
    accreditations: &[Accreditation],
    release: &ReleaseFacts<'_>,
    now: i64,
) -> MailTiming {
    let reader = Principal {
        accreditations: accreditations.to_vec(),
        ..Principal::default()
    };
    match release_access(&reader, release, now) {
        ReleaseAccess::Public => MailTiming::Now { embargoed: false },
        ReleaseAccess::Embargoed => MailTiming::Now { embargoed: true },
        _ => match (release.state, release.public_at, release.withdrawn_at) {
            (ReleaseState::Released, Some(at), None) if at > now => MailTiming::At(at),
            _ => MailTiming::Never,
        },
    }
}

/// An e-mail address as the contact base keeps it: trimmed, lower-case,
/// one `@` with something on each side and a dot in the domain. `None`
/// when it is not one.
pub fn normalise_email(text: &str) -> Option<String> {
    let e = text.trim().to_lowercase();
    let (local, domain) = e.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && e.len() <= 254
        && !e.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        });
    ok.then_some(e)
}

/// A phone or WhatsApp number as data: digits with an optional leading
/// `+`, spaces and dashes dropped. `None` when anything else is in it.
pub fn normalise_phone(text: &str) -> Option<String> {
    let t: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    if t.is_empty() {
        return Some(String::new());
    }
    let digits = t.strip_prefix('+').unwrap_or(&t);
    (digits.len() >= 6 && digits.len() <= 16 && digits.chars().all(|c| c.is_ascii_digit()))
        .then_some(t)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::UnitCode;

    #[test]
    fn a_digest_is_due_from_its_hour_of_the_local_day() {
        // 2026-06-03 23:00 UTC = 2026-06-04 07:00 WITA = 06:00 WIB.
        let t = 1_780_527_600_000_000;
        assert_eq!(
            digest_day_due(t, crate::Zone::Wita, 7).as_deref(),
            Some("2026-06-04")
        );
        assert_eq!(digest_day_due(t - 1, crate::Zone::Wita, 7), None);
        assert_eq!(digest_day_due(t, crate::Zone::Wib, 7), None);
        assert_eq!(
            digest_day_due(t, crate::Zone::Wib, 6).as_deref(),
            Some("2026-06-04")
        );
        assert_eq!(
            digest_day_due(t, crate::Zone::Wib, 0).as_deref(),
            Some("2026-06-04")
        );
        assert_eq!(
            digest_day_due(t - 7 * 3_600_000_000 - 1, crate::Zone::Wita, 0).as_deref(),
            Some("2026-06-03")
        );
        assert_eq!(civil_day(0), "1970-01-01");
        assert_eq!(civil_day(11_016), "2000-02-29");
    }
    use crate::access::Reach;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    #[test]
    fn names_round_trip() {
        for k in ContactKind::ALL {
            assert_eq!(k.as_str().parse::<ContactKind>(), Ok(*k));
        }
        for k in OutletKind::ALL {
            assert_eq!(k.as_str().parse::<OutletKind>(), Ok(*k));
        }
        assert!("pers".parse::<Basis>().is_err());
    }

    #[test]
    fn e_mail_and_phone_are_normalised() {
        assert_eq!(
            normalise_email(" Sari@Warta.CO.id "),
            Some("sari@warta.co.id".into())
        );
        assert_eq!(normalise_email("sari@warta"), None);
        assert_eq!(normalise_email("a b@c.id"), None);
        assert_eq!(
            normalise_phone("+62 812-3456-7890"),
            Some("+6281234567890".into())
        );
        assert_eq!(normalise_phone("ring me"), None);
        assert_eq!(normalise_phone(""), Some(String::new()));
    }

    #[test]
    fn an_embargo_goes_to_the_accredited_now_and_to_everyone_else_when_it_lifts() {
        let unit = code("51.71");
        let facts = ReleaseFacts {
            unit: &unit,
            state: ReleaseState::Released,
            public_at: Some(100),
            embargo: true,
            withdrawn_at: None,
        };
        let accredited = [Accreditation {
            unit: code("51"),
            reach: Reach::Subtree,
        }];
        assert_eq!(
            mail_timing(&accredited, &facts, 99),
            MailTiming::Now { embargoed: true }
        );
        assert_eq!(mail_timing(&[], &facts, 99), MailTiming::At(100));
        assert_eq!(
            mail_timing(&[], &facts, 100),
            MailTiming::Now { embargoed: false }
        );
        let scheduled = ReleaseFacts {
            embargo: false,
            ..facts
        };
        assert_eq!(
            mail_timing(&accredited, &scheduled, 99),
            MailTiming::At(100)
        );
    }

    proptest! {
        /// Nobody is mailed a release at a moment the site would not show
        /// them its text, whatever the state, times and accreditation.
        #[test]
        fn mail_never_runs_ahead_of_what_the_reader_may_open(
            state in 0usize..5, public_at in proptest::option::of(0i64..20), embargo: bool,
            withdrawn in proptest::option::of(0i64..20), now in 0i64..20, accredited: bool,
        ) {
            let unit = code("51.71");
            let states = [ReleaseState::Draft, ReleaseState::InReview, ReleaseState::Approved, ReleaseState::Released, ReleaseState::Withdrawn];
            let facts = ReleaseFacts { unit: &unit, state: states[state], public_at, embargo, withdrawn_at: withdrawn };
            let acc = if accredited { vec![Accreditation { unit: code("51.71"), reach: Reach::Unit }] } else { vec![] };
            let reader = Principal { accreditations: acc.clone(), ..Principal::default() };
            match mail_timing(&acc, &facts, now) {
                MailTiming::Now { embargoed } => {
                    let access = release_access(&reader, &facts, now);
                    prop_assert!(matches!(access, ReleaseAccess::Public | ReleaseAccess::Embargoed));
                    prop_assert_eq!(embargoed, access == ReleaseAccess::Embargoed);
                }
                MailTiming::At(t) => {
                    prop_assert!(t > now);
                    prop_assert_eq!(release_access(&Principal::public(), &facts, t), ReleaseAccess::Public);
                }
                MailTiming::Never => {}
            }
        }
    }
}
