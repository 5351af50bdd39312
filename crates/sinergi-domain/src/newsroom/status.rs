//! What a release is called at a given moment: the workflow state, with
//! "released" told apart by the clock (scheduled, embargoed, published,
//! corrected). A label for people and the API; whether the public reads a
//! release is `is_public_now`'s question, not this one's.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ReleaseState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseStatus {
    Draft,
    InReview,
    Approved,
    /// Released, public at a later time.
    Scheduled,
    /// Released, public at a later time, readable early by accredited press.
    Embargoed,
    Published,
    /// Published, and changed since with a correction note.
    Corrected,
    Withdrawn,
}

impl ReleaseStatus {
    pub const ALL: [ReleaseStatus; 8] = [
        ReleaseStatus::Draft,
        ReleaseStatus::InReview,
        ReleaseStatus::Approved,
        ReleaseStatus::Scheduled,
        ReleaseStatus::Embargoed,
        ReleaseStatus::Published,
        ReleaseStatus::Corrected,
        ReleaseStatus::Withdrawn,
    ];

    /// The status of a release in `state` at `now`.
    pub fn at(
        state: ReleaseState,
        public_at: Option<i64>,
        embargo: bool,
        corrections: i64,
        now: i64,
    ) -> ReleaseStatus {
        match state {
            ReleaseState::Draft => ReleaseStatus::Draft,
            ReleaseState::InReview => ReleaseStatus::InReview,
            ReleaseState::Approved => ReleaseStatus::Approved,
            ReleaseState::Withdrawn => ReleaseStatus::Withdrawn,
            ReleaseState::Released => match public_at {
                Some(t) if t > now && embargo => ReleaseStatus::Embargoed,
                Some(t) if t > now => ReleaseStatus::Scheduled,
                _ if corrections > 0 => ReleaseStatus::Corrected,
                _ => ReleaseStatus::Published,
            },
        }
    }

    /// The name in the API, the catalogues' keys and the CSS.
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseStatus::Draft => "draft",
            ReleaseStatus::InReview => "in_review",
            ReleaseStatus::Approved => "approved",
            ReleaseStatus::Scheduled => "scheduled",
            ReleaseStatus::Embargoed => "embargoed",
            ReleaseStatus::Published => "published",
            ReleaseStatus::Corrected => "corrected",
            ReleaseStatus::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for ReleaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReleaseStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReleaseStatus::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown release status `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in ReleaseStatus::ALL {
            assert_eq!(s.as_str().parse::<ReleaseStatus>(), Ok(s));
        }
        assert!("released".parse::<ReleaseStatus>().is_err());
    }

    #[test]
    fn a_released_release_is_named_by_the_clock() {
        let at = |public_at, embargo, corrections, now| {
            ReleaseStatus::at(ReleaseState::Released, public_at, embargo, corrections, now)
        };
        assert_eq!(at(Some(10), true, 0, 9), ReleaseStatus::Embargoed);
        assert_eq!(at(Some(10), false, 0, 9), ReleaseStatus::Scheduled);
        assert_eq!(at(Some(10), true, 0, 10), ReleaseStatus::Published);
        assert_eq!(at(Some(10), false, 2, 11), ReleaseStatus::Corrected);
        // Corrections only name a public release.
        assert_eq!(at(Some(10), false, 2, 9), ReleaseStatus::Scheduled);
    }

    #[test]
    fn other_states_keep_their_name() {
        for (state, status) in [
            (ReleaseState::Draft, ReleaseStatus::Draft),
            (ReleaseState::InReview, ReleaseStatus::InReview),
            (ReleaseState::Approved, ReleaseStatus::Approved),
            (ReleaseState::Withdrawn, ReleaseStatus::Withdrawn),
        ] {
            assert_eq!(ReleaseStatus::at(state, Some(1), true, 3, 0), status);
            assert_eq!(ReleaseStatus::at(state, None, false, 0, 5), status);
        }
    }
}
