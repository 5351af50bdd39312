//! Who may read a release, and how much of it, at a given moment. Every
//! public surface (pages, API, feeds, search, sitemap, widget, e-mail) asks
//! this one rule, so an embargo holds everywhere or nowhere.

use crate::UnitCode;
use crate::access::{Action, Principal};

use super::ReleaseState;

/// The facts about a release that decide who reads it.
#[derive(Debug, Clone, Copy)]
pub struct ReleaseFacts<'a> {
    pub unit: &'a UnitCode,
    pub state: ReleaseState,
    /// When a released release reaches the public.
    pub public_at: Option<i64>,
    /// Whether accredited journalists read it before `public_at`.
    pub embargo: bool,
    /// When it was withdrawn.
    pub withdrawn_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReleaseAccess {
    /// Not even its existence: the reader gets "not found".
    None,
    /// A withdrawn release that was public: its title and the notice.
    Notice,
    /// Before its public time, for an accredited journalist: the text
    /// marked as embargoed.
    Embargoed,
    /// Everything the public sees.
    Public,
    /// Everything, including drafts, comments and revisions.
    Internal,
}

impl ReleaseFacts<'_> {
    /// Whether the public sees it (or its withdrawal notice) at `now`.
    pub fn was_public_at(&self, now: i64) -> bool {
        let Some(public_at) = self.public_at else {
            return false;
        };
        match self.state {
            ReleaseState::Released => public_at <= now,
            // Withdrawn before its time: it never reached the public.
            ReleaseState::Withdrawn => {
                public_at <= now && self.withdrawn_at.is_none_or(|w| public_at <= w)
            }
            _ => false,
        }
    }
}

/// What `principal` may read of the release at `now`.
pub fn release_access(principal: &Principal, facts: &ReleaseFacts<'_>, now: i64) -> ReleaseAccess {
    if principal.can(Action::ReadInternal, facts.unit) {
        return ReleaseAccess::Internal;
    }
    if facts.was_public_at(now) {
        return match facts.state {
            ReleaseState::Withdrawn => ReleaseAccess::Notice,
            _ => ReleaseAccess::Public,
        };
    }
    if facts.state == ReleaseState::Released
        && facts.embargo
        && principal.is_accredited_for(facts.unit)
    {
        return ReleaseAccess::Embargoed;
    }
    ReleaseAccess::None
}

/// Whether the public reads the whole release at `now`: not a withdrawal
/// notice, not an embargo. What listings, feeds, sitemaps, open data, a
/// page's metadata and amplification ask; the answer is `release_access`'s
/// for the public principal.
pub fn is_public_now(facts: &ReleaseFacts<'_>, now: i64) -> bool {
    release_access(&Principal::public(), facts, now) == ReleaseAccess::Public
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Accreditation, Membership, Reach, Role};

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    #[test]
    fn an_embargo_holds_until_its_second_for_everyone_but_the_unit_and_accredited_press() {
        let unit = code("51.71");
        let facts = ReleaseFacts {
            unit: &unit,
            state: ReleaseState::Released,
            public_at: Some(1_000),
            embargo: true,
            withdrawn_at: None,
        };
        let public = Principal::public();
        let journalist = Principal {
            user_id: Some(crate::UserId::new(2)),
            accreditations: vec![Accreditation {
                unit: code("51"),
                reach: Reach::Subtree,
            }],
            ..Default::default()
        };
        let elsewhere = Principal {
            user_id: Some(crate::UserId::new(3)),
            accreditations: vec![Accreditation {
                unit: code("35"),
                reach: Reach::Subtree,
            }],
            ..Default::default()
        };
        let supervisor = Principal {
            user_id: Some(crate::UserId::new(4)),
            memberships: vec![Membership {
                unit: code("51"),
                role: Role::Viewer,
                reach: Reach::Subtree,
            }],
            ..Default::default()
        };
        assert_eq!(release_access(&public, &facts, 999), ReleaseAccess::None);
        assert_eq!(
            release_access(&public, &facts, 1_000),
            ReleaseAccess::Public
        );
        assert_eq!(
            release_access(&journalist, &facts, 999),
            ReleaseAccess::Embargoed
        );
        assert_eq!(release_access(&elsewhere, &facts, 999), ReleaseAccess::None);
        assert_eq!(
            release_access(&supervisor, &facts, 0),
            ReleaseAccess::Internal
        );
        let scheduled = ReleaseFacts {
            embargo: false,
            ..facts
        };
        assert_eq!(
            release_access(&journalist, &scheduled, 999),
            ReleaseAccess::None
        );
    }

    #[test]
    fn a_withdrawal_leaves_a_notice_only_where_the_release_was_public() {
        let unit = code("51.71");
        let was_public = ReleaseFacts {
            unit: &unit,
            state: ReleaseState::Withdrawn,
            public_at: Some(1_000),
            embargo: false,
            withdrawn_at: Some(2_000),
        };
        let public = Principal::public();
        assert_eq!(
            release_access(&public, &was_public, 3_000),
            ReleaseAccess::Notice
        );
        let never_public = ReleaseFacts {
            withdrawn_at: Some(500),
            ..was_public
        };
        assert_eq!(
            release_access(&public, &never_public, 3_000),
            ReleaseAccess::None
        );
        for state in [
            ReleaseState::Draft,
            ReleaseState::InReview,
            ReleaseState::Approved,
        ] {
            let f = ReleaseFacts {
                state,
                public_at: None,
                ..was_public
            };
            assert_eq!(release_access(&public, &f, 3_000), ReleaseAccess::None);
        }
    }
}
