//! Who may do what, along the unit hierarchy.
//!
//! A person holds memberships: a role in a unit, with a reach. A membership
//! covers its unit; a *subtree* membership also covers every unit below
//! (a province's Humas over its regencies, districts and villages); a
//! *network* membership covers every unit (national coordinators such as
//! KemenPANRB's Biro HKIP). A unit never sees a sibling's or an unrelated
//! unit's internal work. These rules are the only place access is decided;
//! the store and the web layer ask them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::UnitCode;

/// A role within a unit, from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages the unit's people and settings; may do everything an editor may.
    Admin,
    /// Reviews and approves the unit's work.
    Editor,
    /// Drafts.
    Contributor,
    /// Reads internal work.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Contributor, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Contributor => "contributor",
            Role::Viewer => "viewer",
        }
    }

    /// Whether this role allows `action` (in a unit the membership covers).
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Admin => true,
            Role::Editor => matches!(
                action,
                ReadInternal | Draft | Review | Accredit | ReadAudit | ManageContacts
            ),
            Role::Contributor => matches!(action, ReadInternal | Draft | ManageContacts),
            Role::Viewer => matches!(action, ReadInternal),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!("unknown role `{s}`: expected admin, editor, contributor or viewer")
            })
    }
}

/// How far a membership reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    Unit,
    Subtree,
    Network,
}

impl Reach {
    pub const ALL: [Reach; 3] = [Reach::Unit, Reach::Subtree, Reach::Network];

    pub fn as_str(self) -> &'static str {
        match self {
            Reach::Unit => "unit",
            Reach::Subtree => "subtree",
            Reach::Network => "network",
        }
    }
}

impl FromStr for Reach {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reach::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown reach `{s}`: expected unit, subtree or network"))
    }
}

/// What kind of account a person holds: staff of a unit, or a journalist
/// (who is accredited, never a member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    Staff,
    Journalist,
}

impl UserKind {
    pub const ALL: [UserKind; 2] = [UserKind::Staff, UserKind::Journalist];

    pub fn as_str(self) -> &'static str {
        match self {
            UserKind::Staff => "staff",
            UserKind::Journalist => "journalist",
        }
    }
}

impl FromStr for UserKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UserKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown account kind `{s}`: expected staff or journalist"))
    }
}

/// Something a person may or may not do to a unit's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See internal work: drafts, members, invitations.
    ReadInternal,
    /// Write drafts.
    Draft,
    /// Review, approve and publish.
    Review,
    /// Grant and revoke journalists' accreditation.
    Accredit,
    /// Read the audit log.
    ReadAudit,
    /// Invite members, change roles, deactivate.
    ManageMembers,
    /// Change the unit's settings.
    ManageSettings,
    /// Keep the shared contact base (journalists and stakeholders), their
    /// consent and subscriptions, and the unit's private notes on them.
    ManageContacts,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::ReadInternal,
        Action::Draft,
        Action::Review,
        Action::Accredit,
        Action::ReadAudit,
        Action::ManageMembers,
        Action::ManageSettings,
        Action::ManageContacts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ReadInternal => "read_internal",
            Action::Draft => "draft",
            Action::Review => "review",
            Action::Accredit => "accredit",
            Action::ReadAudit => "read_audit",
            Action::ManageMembers => "manage_members",
            Action::ManageSettings => "manage_settings",
            Action::ManageContacts => "manage_contacts",
        }
    }
}

/// So that a list of rights can be passed as actions or as their names
/// (`&Action::ALL`, `&["draft"]`, the names a form sent).
impl AsRef<str> for Action {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("unknown right `{s}`"))
    }
}

/// A role in a unit, with its reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub unit: UnitCode,
    pub role: Role,
    pub reach: Reach,
}

impl Membership {
    /// Whether this membership covers `target`.
    pub fn covers(&self, target: &UnitCode) -> bool {
        match self.reach {
            Reach::Network => true,
            Reach::Subtree => *target == self.unit || target.is_descendant_of(&self.unit),
            Reach::Unit => *target == self.unit,
        }
    }
}

/// A journalist's accreditation by a unit: it lets the journalist read what
/// the unit (or, with subtree reach, the units below it) shares with the
/// press before publication, such as embargoed releases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accreditation {
    pub unit: UnitCode,
    /// `Unit` or `Subtree`; never `Network`.
    pub reach: Reach,
}

impl Accreditation {
    pub fn covers(&self, target: &UnitCode) -> bool {
        match self.reach {
            Reach::Subtree => *target == self.unit || target.is_descendant_of(&self.unit),
            Reach::Unit => *target == self.unit,
            Reach::Network => false,
        }
    }
}

/// Who is asking. Journalists and the public hold no memberships, so they
/// never see internal work; journalists may hold accreditations. An API
/// token narrows its owner's rights to a subset of actions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Principal {
    pub user_id: Option<crate::UserId>,
    pub memberships: Vec<Membership>,
    /// `Some` for a request made with an API token: only these actions.
    pub token_rights: Option<Vec<Action>>,
    pub accreditations: Vec<Accreditation>,
}

impl Principal {
    pub fn public() -> Principal {
        Principal::default()
    }

    /// Whether this principal may do `action` to the work of `target`.
    pub fn can(&self, action: Action, target: &UnitCode) -> bool {
        if let Some(rights) = &self.token_rights
            && !rights.contains(&action)
        {
            return false;
        }
        self.memberships
            .iter()
            .any(|m| m.role.allows(action) && m.covers(target))
    }

    /// The part of the network where `action` is allowed, for filtering
    /// listings in the database.
    pub fn scope(&self, action: Action) -> Scope {
        if self
            .token_rights
            .as_ref()
            .is_some_and(|r| !r.contains(&action))
        {
            return Scope::default();
        }
        let mut scope = Scope::default();
        for m in self.memberships.iter().filter(|m| m.role.allows(action)) {
            match m.reach {
                Reach::Network => scope.everything = true,
                Reach::Subtree => scope.subtrees.push(m.unit.clone()),
                Reach::Unit => scope.units.push(m.unit.clone()),
            }
        }
        scope
    }

    /// Whether this principal may do `action` somewhere: what a token it
    /// mints may carry. A right held nowhere cannot be delegated.
    pub fn holds(&self, action: Action) -> bool {
        !self.scope(action).is_empty()
    }

    /// Every right this principal holds somewhere, in [`Action::ALL`]'s order.
    pub fn rights_held(&self) -> Vec<Action> {
        Action::ALL.into_iter().filter(|a| self.holds(*a)).collect()
    }

    /// Whether this principal may grant `membership` (as an admin whose own
    /// memberships reach at least as far). Nobody grants more than they hold.
    pub fn can_grant(&self, membership: &Membership) -> bool {
        if self
            .token_rights
            .as_ref()
            .is_some_and(|r| !r.contains(&Action::ManageMembers))
        {
            return false;
        }
        self.memberships.iter().any(|m| {
            m.role == Role::Admin
                && m.covers(&membership.unit)
                && match membership.reach {
                    Reach::Unit => true,
                    Reach::Subtree => m.reach >= Reach::Subtree,
                    Reach::Network => m.reach == Reach::Network,
                }
        })
    }
}

impl Principal {
    /// Whether a journalist holds an accreditation that covers `target`.
    pub fn is_accredited_for(&self, target: &UnitCode) -> bool {
        self.accreditations.iter().any(|a| a.covers(target))
    }

    /// Where this principal reads embargoed work before it lifts: where it
    /// reads internal work, and where it is accredited. `release_access`'s
    /// embargo rule as a scope, for filtering in an index or a query.
    pub fn early_scope(&self) -> Scope {
        let mut scope = self.scope(Action::ReadInternal);
        for a in &self.accreditations {
            match a.reach {
                Reach::Unit => scope.units.push(a.unit.clone()),
                Reach::Subtree => scope.subtrees.push(a.unit.clone()),
                // Network-wide accreditations do not exist.
                Reach::Network => {}
            }
        }
        scope
    }

    /// Whether this principal may grant (or revoke) `accreditation`: an
    /// editor or admin of a unit covering it, whose own reach is at least
    /// the accreditation's. Network-wide accreditations do not exist.
    pub fn can_accredit(&self, accreditation: &Accreditation) -> bool {
        if accreditation.reach == Reach::Network
            || self
                .token_rights
                .as_ref()
                .is_some_and(|r| !r.contains(&Action::Accredit))
        {
            return false;
        }
        self.memberships.iter().any(|m| {
            m.role.allows(Action::Accredit)
                && m.covers(&accreditation.unit)
                && (accreditation.reach == Reach::Unit || m.reach >= Reach::Subtree)
        })
    }
}

/// Units where an action is allowed: some units, some subtrees, or all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    pub everything: bool,
    pub units: Vec<UnitCode>,
    pub subtrees: Vec<UnitCode>,
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        !self.everything && self.units.is_empty() && self.subtrees.is_empty()
    }

    pub fn contains(&self, target: &UnitCode) -> bool {
        self.everything
            || self.units.contains(target)
            || self
                .subtrees
                .iter()
                .any(|s| s == target || target.is_descendant_of(s))
    }
}

/// Who records, changes and cancels the events `organiser` holds, takes
/// their attendance and records the commitments made at them: whoever
/// drafts for it (its contributors, editors and admins, and those of the
/// units above it with subtree reach, and the network's).
pub fn may_record_event(principal: &Principal, organiser: &UnitCode) -> bool {
    principal.can(Action::Draft, organiser)
}

/// Who sees an internal event: whoever reads the internal work of its
/// organiser or of a unit it invites, so along the tree (a province's
/// people see the internal events its regencies are invited to). Public
/// events are seen by everyone.
pub fn sees_internal_event(
    principal: &Principal,
    organiser: &UnitCode,
    invited: &[UnitCode],
) -> bool {
    principal.can(Action::ReadInternal, organiser)
        || invited
            .iter()
            .any(|u| principal.can(Action::ReadInternal, u))
}

/// Who closes a commitment that is not derived (with its evidence): the
/// editors and admins of the unit that promised, or of the event's
/// organiser, and those above them.
pub fn may_close_commitment(
    principal: &Principal,
    committed: &UnitCode,
    organiser: &UnitCode,
) -> bool {
    principal.can(Action::Review, committed) || principal.can(Action::Review, organiser)
}

/// Who checks in with the code shown in the room, for `unit`: a signed-in
/// member of that very unit (any role; a supervisor attends for its own
/// unit, not for the units below it).
pub fn may_check_in(principal: &Principal, unit: &UnitCode) -> bool {
    principal.can(Action::ReadInternal, unit)
        && principal.memberships.iter().any(|m| m.unit == *unit)
}

/// Who registers for an event: a signed-in person who sees it (anyone for
/// a public event; for an internal one, as [`sees_internal_event`] says).
pub fn may_register(
    principal: &Principal,
    organiser: &UnitCode,
    invited: &[UnitCode],
    internal: bool,
) -> bool {
    principal.user_id.is_some() && (!internal || sees_internal_event(principal, organiser, invited))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn member(unit: &str, role: Role, reach: Reach) -> Principal {
        Principal {
            user_id: Some(crate::UserId::new(1)),
            memberships: vec![Membership {
                unit: code(unit),
                role,
                reach,
            }],
            token_rights: None,
            accreditations: Vec::new(),
        }
    }

    #[test]
    fn the_early_scope_is_internal_reading_plus_accreditations() {
        let mut p = member("51.71", Role::Viewer, Reach::Unit);
        p.accreditations = vec![
            Accreditation {
                unit: code("35"),
                reach: Reach::Subtree,
            },
            Accreditation {
                unit: code("52.01"),
                reach: Reach::Unit,
            },
        ];
        let early = p.early_scope();
        for target in [
            "51.71", "51.71.01", "35", "35.01.02", "52.01", "52.01.01", "51",
        ] {
            let t = code(target);
            assert_eq!(
                early.contains(&t),
                p.can(Action::ReadInternal, &t) || p.is_accredited_for(&t),
                "{target}"
            );
        }
        assert!(Principal::public().early_scope().is_empty());
    }

    /// Relationship of a target to the actor's unit 51.71 (Kota Denpasar).
    const TARGETS: [(&str, &str); 7] = [
        ("same unit", "51.71"),
        ("its parent", "51"),
        ("its child", "51.71.01"),
        ("deeper descendant", "51.71.01.1006"),
        ("sibling", "51.03"),
        ("unrelated", "35.78"),
        ("national", "kemenpanrb"),
    ];

    fn expected(role: Role, reach: Reach, action: Action, relation: &str) -> bool {
        let covered = match reach {
            Reach::Network => true,
            Reach::Subtree => matches!(relation, "same unit" | "its child" | "deeper descendant"),
            Reach::Unit => relation == "same unit",
        };
        covered && role.allows(action)
    }

    #[test]
    fn the_authorisation_matrix_holds_and_scope_agrees_with_can() {
        let mut cells = 0;
        for role in Role::ALL {
            for reach in Reach::ALL {
                let p = member("51.71", role, reach);
                for action in Action::ALL {
                    let scope = p.scope(action);
                    for (relation, target) in TARGETS {
                        let want = expected(role, reach, action, relation);
                        assert_eq!(
                            p.can(action, &code(target)),
                            want,
                            "{role} {reach:?} {action:?} {relation}"
                        );
                        assert_eq!(
                            scope.contains(&code(target)),
                            want,
                            "scope: {role} {reach:?} {action:?} {relation}"
                        );
                        cells += 1;
                    }
                }
            }
        }
        assert_eq!(cells, 4 * 3 * 8 * 7);
    }

    #[test]
    fn the_event_rights_follow_the_tree_in_the_matrix() {
        let elsewhere = code("35.78");
        let mut cells = 0;
        for role in Role::ALL {
            for reach in Reach::ALL {
                let p = member("51.71", role, reach);
                for (relation, target) in TARGETS {
                    let t = code(target);
                    let draft = expected(role, reach, Action::Draft, relation);
                    let read = expected(role, reach, Action::ReadInternal, relation);
                    let review = expected(role, reach, Action::Review, relation);
                    assert_eq!(
                        may_record_event(&p, &t),
                        draft,
                        "record {role} {reach:?} {relation}"
                    );
                    assert_eq!(
                        sees_internal_event(&p, &t, &[]),
                        read,
                        "organiser {role} {reach:?} {relation}"
                    );
                    // Invited, while the organiser is a unit the person does not cover.
                    let from_elsewhere = relation != "unrelated" && reach != Reach::Network;
                    if from_elsewhere {
                        assert_eq!(
                            sees_internal_event(&p, &elsewhere, std::slice::from_ref(&t)),
                            read,
                            "invited {role} {reach:?} {relation}"
                        );
                        assert!(!sees_internal_event(&p, &elsewhere, &[]));
                    }
                    assert_eq!(
                        may_close_commitment(&p, &t, &elsewhere),
                        review || (reach == Reach::Network && role.allows(Action::Review)),
                        "close {role} {reach:?} {relation}"
                    );
                    assert_eq!(
                        may_check_in(&p, &t),
                        relation == "same unit",
                        "check in {role} {reach:?} {relation}"
                    );
                    // Registration: a public event for every signed-in
                    // person; an internal one as its visibility says.
                    assert!(may_register(&p, &elsewhere, &[], false));
                    assert_eq!(
                        may_register(&p, &t, &[], true),
                        read,
                        "register {role} {reach:?} {relation}"
                    );
                    if from_elsewhere {
                        assert_eq!(
                            may_register(&p, &elsewhere, std::slice::from_ref(&t), true),
                            read,
                            "register invited {role} {reach:?} {relation}"
                        );
                    }
                    cells += 1;
                }
            }
        }
        assert_eq!(cells, 4 * 3 * 7);
        let public = Principal::public();
        assert!(!may_record_event(&public, &code("51")));
        assert!(!sees_internal_event(&public, &code("51"), &[code("51.71")]));
        assert!(!may_check_in(&public, &code("51")));
        assert!(!may_register(&public, &code("51"), &[], false));
    }

    #[test]
    fn the_public_and_journalists_see_no_internal_work() {
        let public = Principal::public();
        for action in Action::ALL {
            assert!(!public.can(action, &code("51")));
            assert!(public.scope(action).is_empty());
        }
    }

    #[test]
    fn tokens_narrow_rights() {
        let mut p = member("51", Role::Admin, Reach::Subtree);
        p.token_rights = Some(vec![Action::ReadInternal]);
        assert!(p.can(Action::ReadInternal, &code("51.71")));
        assert!(!p.can(Action::Draft, &code("51.71")));
        assert!(p.scope(Action::Draft).is_empty());
        assert!(!p.can_grant(&Membership {
            unit: code("51.71"),
            role: Role::Viewer,
            reach: Reach::Unit
        }));
    }

    #[test]
    fn editors_and_admins_accredit_within_their_reach() {
        let a = |unit: &str, reach| Accreditation {
            unit: code(unit),
            reach,
        };
        let province_editor = member("51", Role::Editor, Reach::Subtree);
        assert!(province_editor.can_accredit(&a("51.71", Reach::Subtree)));
        assert!(province_editor.can_accredit(&a("51", Reach::Unit)));
        assert!(!province_editor.can_accredit(&a("35", Reach::Unit)));
        assert!(!province_editor.can_accredit(&a("51", Reach::Network)));
        let unit_editor = member("51.71", Role::Editor, Reach::Unit);
        assert!(unit_editor.can_accredit(&a("51.71", Reach::Unit)));
        assert!(!unit_editor.can_accredit(&a("51.71", Reach::Subtree)));
        assert!(
            !member("51", Role::Contributor, Reach::Subtree).can_accredit(&a("51", Reach::Unit))
        );
        let journalist = Principal {
            user_id: Some(crate::UserId::new(9)),
            accreditations: vec![a("51", Reach::Subtree)],
            ..Default::default()
        };
        assert!(journalist.is_accredited_for(&code("51.71.01")));
        assert!(!journalist.is_accredited_for(&code("35.78")));
        assert!(
            !journalist.can(Action::ReadInternal, &code("51")),
            "accreditation is not membership"
        );
    }

    #[test]
    fn the_rights_held_are_those_some_membership_allows() {
        assert_eq!(
            member("51.71", Role::Viewer, Reach::Subtree).rights_held(),
            vec![Action::ReadInternal]
        );
        assert_eq!(
            member("51.71", Role::Editor, Reach::Unit).rights_held(),
            vec![
                Action::ReadInternal,
                Action::Draft,
                Action::Review,
                Action::Accredit,
                Action::ReadAudit,
                Action::ManageContacts
            ]
        );
        assert_eq!(
            member("51", Role::Admin, Reach::Unit).rights_held(),
            Action::ALL.to_vec()
        );
        assert!(Principal::public().rights_held().is_empty());
        let mut both = member("51.71", Role::Viewer, Reach::Unit);
        both.memberships
            .extend(member("35", Role::Contributor, Reach::Unit).memberships);
        assert!(both.holds(Action::Draft) && !both.holds(Action::Review));
    }

    #[test]
    fn nobody_grants_more_than_they_hold() {
        let province_admin = member("51", Role::Admin, Reach::Subtree);
        let m = |unit: &str, role, reach| Membership {
            unit: code(unit),
            role,
            reach,
        };
        assert!(province_admin.can_grant(&m("51.71", Role::Admin, Reach::Subtree)));
        assert!(province_admin.can_grant(&m("51", Role::Editor, Reach::Unit)));
        assert!(!province_admin.can_grant(&m("35", Role::Viewer, Reach::Unit)));
        assert!(!province_admin.can_grant(&m("51", Role::Admin, Reach::Network)));
        let unit_admin = member("51.71", Role::Admin, Reach::Unit);
        assert!(unit_admin.can_grant(&m("51.71", Role::Editor, Reach::Unit)));
        assert!(!unit_admin.can_grant(&m("51.71", Role::Editor, Reach::Subtree)));
        assert!(!unit_admin.can_grant(&m("51.71.01", Role::Viewer, Reach::Unit)));
        let editor = member("51", Role::Editor, Reach::Subtree);
        assert!(!editor.can_grant(&m("51.71", Role::Viewer, Reach::Unit)));
    }
}
