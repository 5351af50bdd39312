//! Who may run a campaign, and what a campaign may ask.

use crate::access::{Action, Principal};
use crate::{Level, UnitCode};

use super::TargetScope;

/// The cascade share is a percentage of targeted sub-units.
pub const MAX_CASCADE_SHARE: i64 = 100;

/// What is wrong with a campaign's settings, by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CampaignFieldError {
    #[error("the period ends before it starts")]
    PeriodReversed,
    #[error("the cascade share is a percentage from 0 to 100")]
    ShareOutOfRange,
    #[error("a target lies outside the owner's subtree")]
    OutsideOwner,
    #[error("the scope targets no unit")]
    EmptyScope,
}

/// Only the owner unit's admins (an admin membership covering the owner:
/// the unit's own, a supervising subtree's, or the network's) create and
/// change a campaign.
pub fn may_manage(principal: &Principal, owner: &UnitCode) -> bool {
    principal.can(Action::ManageSettings, owner)
}

/// Whether an owner at `owner_level` may name `unit` in its scope: a
/// national owner anywhere, any other owner within its own subtree.
pub fn may_target(owner: &UnitCode, owner_level: Level, unit: &UnitCode) -> bool {
    owner_level == Level::National || unit == owner || unit.is_descendant_of(owner)
}

/// Checks the named units of `scope` against the owner, and that the scope
/// names something. A non-national owner's level-only scope is read as
/// within its own subtree (see [`effective_scope`]).
pub fn check_scope(
    owner: &UnitCode,
    owner_level: Level,
    scope: &TargetScope,
) -> Result<(), CampaignFieldError> {
    if scope.is_empty() {
        return Err(CampaignFieldError::EmptyScope);
    }
    if scope
        .named_units()
        .any(|u| !may_target(owner, owner_level, u))
    {
        return Err(CampaignFieldError::OutsideOwner);
    }
    Ok(())
}

/// The scope as the projection applies it: a non-national owner's levels
/// without subtrees mean "these levels of my own subtree".
pub fn effective_scope(owner: &UnitCode, owner_level: Level, scope: &TargetScope) -> TargetScope {
    let mut s = scope.clone();
    if owner_level != Level::National && !s.levels.is_empty() && s.subtrees.is_empty() {
        s.subtrees.push(owner.clone());
    }
    s
}

pub fn check_period(starts_at: i64, ends_at: i64) -> Result<(), CampaignFieldError> {
    if ends_at < starts_at {
        Err(CampaignFieldError::PeriodReversed)
    } else {
        Ok(())
    }
}

pub fn check_share(share: i64) -> Result<(), CampaignFieldError> {
    if (0..=MAX_CASCADE_SHARE).contains(&share) {
        Ok(())
    } else {
        Err(CampaignFieldError::ShareOutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Membership, Reach, Role};

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn person(unit: &str, role: Role, reach: Reach) -> Principal {
        Principal {
            user_id: Some(crate::UserId::new(1)),
            memberships: vec![Membership {
                unit: code(unit),
                role,
                reach,
            }],
            ..Default::default()
        }
    }

    #[test]
    fn only_admins_covering_the_owner_manage() {
        let owner = code("35");
        assert!(may_manage(&person("35", Role::Admin, Reach::Unit), &owner));
        assert!(may_manage(
            &person("kemenpanrb", Role::Admin, Reach::Network),
            &owner
        ));
        assert!(!may_manage(
            &person("35", Role::Editor, Reach::Unit),
            &owner
        ));
        assert!(!may_manage(
            &person("36", Role::Admin, Reach::Subtree),
            &owner
        ));
        assert!(!may_manage(
            &person("35.07", Role::Admin, Reach::Subtree),
            &owner
        ));
        assert!(!may_manage(&Principal::public(), &owner));
    }

    #[test]
    fn owners_target_within_their_subtree_unless_national() {
        assert!(may_target(
            &code("kemenpanrb"),
            Level::National,
            &code("35")
        ));
        assert!(may_target(&code("35"), Level::Province, &code("35.07.01")));
        assert!(may_target(&code("35"), Level::Province, &code("35")));
        assert!(!may_target(&code("35"), Level::Province, &code("36")));
        let outside = TargetScope {
            units: vec![code("36")],
            ..Default::default()
        };
        assert_eq!(
            check_scope(&code("35"), Level::Province, &outside),
            Err(CampaignFieldError::OutsideOwner)
        );
        assert_eq!(
            check_scope(&code("35"), Level::Province, &TargetScope::default()),
            Err(CampaignFieldError::EmptyScope)
        );
        let levels = TargetScope {
            levels: vec![Level::Regency],
            ..Default::default()
        };
        assert_eq!(check_scope(&code("35"), Level::Province, &levels), Ok(()));
        assert_eq!(
            effective_scope(&code("35"), Level::Province, &levels).subtrees,
            vec![code("35")]
        );
        assert!(
            effective_scope(&code("kemenpanrb"), Level::National, &levels)
                .subtrees
                .is_empty()
        );
    }

    #[test]
    fn periods_and_shares() {
        assert!(check_period(5, 5).is_ok());
        assert!(check_period(6, 5).is_err());
        assert!(check_share(0).is_ok() && check_share(100).is_ok());
        assert!(check_share(101).is_err() && check_share(-1).is_err());
    }
}
