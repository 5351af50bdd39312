//! The names an event and a commitment carry, as stored and as typed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| format!(concat!("unknown ", $what, " `{}`"), s))
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
    };
}

named_enum! {
    /// What kind of gathering an event is.
    EventKind, "event kind" {
        Forum => "forum",
        Workshop => "workshop",
        PressBriefing => "press_briefing",
        PressConference => "press_conference",
        CoordinationMeeting => "coordination_meeting",
        MediaGathering => "media_gathering",
    }
}

named_enum! {
    /// Who sees an event: everyone, or only the organiser's and the
    /// invited units' people (and the levels above them).
    Visibility, "visibility" {
        Public => "public",
        Internal => "internal",
    }
}

named_enum! {
    /// Whether an event still takes place.
    EventStatus, "event status" {
        Scheduled => "scheduled",
        Cancelled => "cancelled",
    }
}

named_enum! {
    /// A commitment to hold the same event for other units (fulfilment
    /// derived from events and attendance), or anything else (closed by an
    /// officer with evidence).
    CommitmentKind, "commitment kind" {
        Replicate => "replicate",
        Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in EventKind::ALL {
            assert_eq!(k.as_str().parse::<EventKind>(), Ok(*k));
        }
        assert_eq!(
            EventKind::try_from("press_briefing".to_owned()),
            Ok(EventKind::PressBriefing)
        );
        assert!("seminar".parse::<EventKind>().is_err());
        assert_eq!("internal".parse(), Ok(Visibility::Internal));
        assert_eq!("cancelled".parse(), Ok(EventStatus::Cancelled));
        assert_eq!("replicate".parse(), Ok(CommitmentKind::Replicate));
    }
}
