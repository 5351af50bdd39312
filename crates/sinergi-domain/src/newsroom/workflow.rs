//! The editorial workflow of a release:
//!
//! ```text
//! draft ──submit──▶ in_review ──approve──▶ approved ──release──▶ released ──withdraw──▶ withdrawn
//!   ▲                  │  ▲                   │                   │  ▲ correct (when public)
//!   └──return──────────┘  └────reopen─────────┘◀──unschedule──────┘  └─┘  (before public_at)
//! ```
//!
//! "Released" covers published, scheduled and embargoed: the release's
//! `public_at` says when the public sees it, so a scheduled release becomes
//! public by itself at its time with no job to run. Contributors draft and
//! submit; editors of the unit, or of a unit above it, do the rest.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::UnitCode;
use crate::access::{Action, Principal};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseState {
    Draft,
    InReview,
    Approved,
    Released,
    Withdrawn,
}

impl ReleaseState {
    pub const ALL: [ReleaseState; 5] = [
        ReleaseState::Draft,
        ReleaseState::InReview,
        ReleaseState::Approved,
        ReleaseState::Released,
        ReleaseState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseState::Draft => "draft",
            ReleaseState::InReview => "in_review",
            ReleaseState::Approved => "approved",
            ReleaseState::Released => "released",
            ReleaseState::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for ReleaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReleaseState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReleaseState::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown release state `{s}`"))
    }
}

/// When a release reaches the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Timing {
    /// Public now.
    Now,
    /// Public at `at`; before it, only the unit and its supervisors.
    Scheduled { at: i64 },
    /// Public at `until`; before it, also accredited journalists.
    Embargo { until: i64 },
}

impl Timing {
    /// When the public sees the release.
    pub fn public_at(self, now: i64) -> i64 {
        match self {
            Timing::Now => now,
            Timing::Scheduled { at } => at,
            Timing::Embargo { until } => until,
        }
    }

    pub fn is_embargo(self) -> bool {
        matches!(self, Timing::Embargo { .. })
    }
}

/// Something done to a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseOp {
    /// Save new content (title, lead, body, tags, links).
    Edit,
    /// Comment on the draft.
    Comment,
    Submit,
    /// Send back to the author for changes.
    Return,
    Approve,
    /// Approved → in review again, to change approved content.
    Reopen,
    Release(Timing),
    /// Take a scheduled or embargoed release back to approved before its time.
    Unschedule,
    /// Change a public release; the change is shown with a correction note.
    Correct,
    Withdraw,
}

impl ReleaseOp {
    /// The right the op needs on the release's unit.
    pub fn needs(self, state: ReleaseState) -> Action {
        match (self, state) {
            (ReleaseOp::Edit, ReleaseState::Draft)
            | (ReleaseOp::Comment, _)
            | (ReleaseOp::Submit, _) => Action::Draft,
            _ => Action::Review,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("not allowed: this needs the `{0}` right on the release's unit")]
    Forbidden(&'static str),
    #[error("a release that is {state} cannot be {op}")]
    Illegal {
        state: ReleaseState,
        op: &'static str,
    },
    #[error("the release time must not be in the past")]
    TimeInPast,
}

fn op_name(op: ReleaseOp) -> &'static str {
    match op {
        ReleaseOp::Edit => "edited",
        ReleaseOp::Comment => "commented on",
        ReleaseOp::Submit => "submitted",
        ReleaseOp::Return => "returned",
        ReleaseOp::Approve => "approved",
        ReleaseOp::Reopen => "reopened",
        ReleaseOp::Release(_) => "released",
        ReleaseOp::Unschedule => "unscheduled",
        ReleaseOp::Correct => "corrected",
        ReleaseOp::Withdraw => "withdrawn",
    }
}

/// The state after `op`, or why it may not happen. `public_at` is the
/// release's current public time (for released ones), `now` the clock.
pub fn next_state(
    principal: &Principal,
    unit: &UnitCode,
    state: ReleaseState,
    public_at: Option<i64>,
    op: ReleaseOp,
    now: i64,
) -> Result<ReleaseState, WorkflowError> {
    use ReleaseState::*;
    let is_public = public_at.is_some_and(|t| t <= now);
    let next = match (state, op) {
        (Draft | InReview, ReleaseOp::Edit) => state,
        (Draft | InReview | Approved | Released, ReleaseOp::Comment) => state,
        (Draft, ReleaseOp::Submit) => InReview,
        (InReview | Approved, ReleaseOp::Return) => Draft,
        (InReview, ReleaseOp::Approve) => Approved,
        (Approved, ReleaseOp::Reopen) => InReview,
        (Approved, ReleaseOp::Release(timing)) => {
            if timing != Timing::Now && timing.public_at(now) <= now {
                return Err(WorkflowError::TimeInPast);
            }
            Released
        }
        (Released, ReleaseOp::Unschedule) if !is_public => Approved,
        (Released, ReleaseOp::Correct) if is_public => Released,
        (Released, ReleaseOp::Withdraw) => Withdrawn,
        _ => {
            return Err(WorkflowError::Illegal {
                state,
                op: op_name(op),
            });
        }
    };
    let needed = op.needs(state);
    if !principal.can(needed, unit) {
        return Err(WorkflowError::Forbidden(needed.as_str()));
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::access::{Membership, Reach, Role};

    const NOW: i64 = 1_000_000_000;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn person(role: Role, unit: &str, reach: Reach) -> Principal {
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
    fn a_release_travels_from_draft_to_public() {
        let contributor = person(Role::Contributor, "51.71", Reach::Unit);
        let province_editor = person(Role::Editor, "51", Reach::Subtree);
        let unit = code("51.71");
        let s = next_state(
            &contributor,
            &unit,
            ReleaseState::Draft,
            None,
            ReleaseOp::Submit,
            NOW,
        );
        assert_eq!(s, Ok(ReleaseState::InReview));
        assert_eq!(
            next_state(
                &contributor,
                &unit,
                ReleaseState::InReview,
                None,
                ReleaseOp::Approve,
                NOW
            ),
            Err(WorkflowError::Forbidden("review"))
        );
        let s = next_state(
            &province_editor,
            &unit,
            ReleaseState::InReview,
            None,
            ReleaseOp::Approve,
            NOW,
        );
        assert_eq!(s, Ok(ReleaseState::Approved));
        let embargo = ReleaseOp::Release(Timing::Embargo { until: NOW + 10 });
        let s = next_state(
            &province_editor,
            &unit,
            ReleaseState::Approved,
            None,
            embargo,
            NOW,
        );
        assert_eq!(s, Ok(ReleaseState::Released));
        // Before its time it can be taken back, not corrected; after, the reverse.
        let unschedule = |t| {
            next_state(
                &province_editor,
                &unit,
                ReleaseState::Released,
                Some(NOW + 10),
                ReleaseOp::Unschedule,
                t,
            )
        };
        assert_eq!(unschedule(NOW), Ok(ReleaseState::Approved));
        assert!(unschedule(NOW + 10).is_err());
        let correct = |t| {
            next_state(
                &province_editor,
                &unit,
                ReleaseState::Released,
                Some(NOW + 10),
                ReleaseOp::Correct,
                t,
            )
        };
        assert!(correct(NOW).is_err());
        assert_eq!(correct(NOW + 10), Ok(ReleaseState::Released));
    }

    #[test]
    fn a_release_time_in_the_past_is_refused() {
        let editor = person(Role::Editor, "51", Reach::Unit);
        let op = ReleaseOp::Release(Timing::Scheduled { at: NOW - 1 });
        assert_eq!(
            next_state(&editor, &code("51"), ReleaseState::Approved, None, op, NOW),
            Err(WorkflowError::TimeInPast)
        );
    }

    fn any_op() -> impl Strategy<Value = ReleaseOp> {
        prop_oneof![
            Just(ReleaseOp::Edit),
            Just(ReleaseOp::Comment),
            Just(ReleaseOp::Submit),
            Just(ReleaseOp::Return),
            Just(ReleaseOp::Approve),
            Just(ReleaseOp::Reopen),
            Just(ReleaseOp::Release(Timing::Now)),
            (1i64..100).prop_map(|d| ReleaseOp::Release(Timing::Scheduled { at: NOW + d })),
            (-5i64..100).prop_map(|d| ReleaseOp::Release(Timing::Embargo { until: NOW + d })),
            Just(ReleaseOp::Unschedule),
            Just(ReleaseOp::Correct),
            Just(ReleaseOp::Withdraw),
        ]
    }

    fn any_actor() -> impl Strategy<Value = Principal> {
        let role = prop_oneof![
            Just(Role::Admin),
            Just(Role::Editor),
            Just(Role::Contributor),
            Just(Role::Viewer)
        ];
        let unit = prop_oneof![Just("51.71"), Just("51"), Just("51.03"), Just("35")];
        let reach = prop_oneof![
            Just(Reach::Unit),
            Just(Reach::Subtree),
            Just(Reach::Network)
        ];
        prop_oneof![
            Just(Principal::public()),
            (role, unit, reach).prop_map(|(r, u, re)| person(r, u, re)),
        ]
    }

    /// The legal edges of the diagram above, and nothing else.
    fn legal(from: ReleaseState, to: ReleaseState, op: ReleaseOp) -> bool {
        use ReleaseState::*;
        matches!(
            (from, op, to),
            (Draft, ReleaseOp::Edit | ReleaseOp::Comment, Draft)
                | (InReview, ReleaseOp::Edit | ReleaseOp::Comment, InReview)
                | (Approved | Released, ReleaseOp::Comment, _)
                | (Draft, ReleaseOp::Submit, InReview)
                | (InReview | Approved, ReleaseOp::Return, Draft)
                | (InReview, ReleaseOp::Approve, Approved)
                | (Approved, ReleaseOp::Reopen, InReview)
                | (Approved, ReleaseOp::Release(_), Released)
                | (Released, ReleaseOp::Unschedule, Approved)
                | (Released, ReleaseOp::Correct, Released)
                | (Released, ReleaseOp::Withdraw, Withdrawn)
        ) && (op != ReleaseOp::Comment || from == to)
    }

    proptest! {
        #[test]
        fn no_sequence_reaches_an_illegal_state_or_oversteps_a_role(
            steps in proptest::collection::vec((any_actor(), any_op(), 0i64..50), 1..40)
        ) {
            let unit = code("51.71");
            let mut state = ReleaseState::Draft;
            let mut public_at: Option<i64> = None;
            let mut now = NOW;
            for (actor, op, tick) in steps {
                now += tick;
                if let Ok(next) = next_state(&actor, &unit, state, public_at, op, now) {
                    {
                        prop_assert!(legal(state, next, op), "{state} --{op:?}--> {next}");
                        let needed = op.needs(state);
                        prop_assert!(actor.can(needed, &unit));
                        // Without the review right, the only move is submitting a draft.
                        if !actor.can(Action::Review, &unit) {
                            prop_assert!(next == state || (state, next) == (ReleaseState::Draft, ReleaseState::InReview));
                        }
                        if let ReleaseOp::Release(t) = op {
                            public_at = Some(t.public_at(now));
                            prop_assert!(public_at >= Some(now));
                        }
                        if next == ReleaseState::Approved { public_at = None; }
                        state = next;
                    }
                }
            }
            // Withdrawn is final.
            if state == ReleaseState::Withdrawn {
                for op in [ReleaseOp::Edit, ReleaseOp::Submit, ReleaseOp::Approve, ReleaseOp::Release(Timing::Now), ReleaseOp::Correct, ReleaseOp::Comment] {
                    let admin = person(Role::Admin, "51", Reach::Network);
                    prop_assert!(next_state(&admin, &unit, state, public_at, op, now).is_err());
                }
            }
        }
    }
}
