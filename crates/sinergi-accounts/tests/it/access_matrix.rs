//! The authorisation matrix through the service, on a real database:
//! every role × reach of an actor in Kota Denpasar (51.71), against targets
//! in the same unit, its parent, its child, a deeper descendant, a sibling,
//! an unrelated unit and a national unit, for every operation on people and
//! the audit log. Listings must hold exactly the allowed items.

use crate::common::{TARGETS, code, setup};
use sinergi_accounts::AccountError;
use sinergi_domain::access::{Action, Membership, Principal, Reach, Role};
use sinergi_store::accounts::audit::{Actor, AuditFilter};

fn covered(reach: Reach, relation: &str) -> bool {
    match reach {
        Reach::Network => true,
        Reach::Subtree => matches!(relation, "same unit" | "its child" | "deeper descendant"),
        Reach::Unit => relation == "same unit",
    }
}

fn actor_of(p: &Principal) -> Actor {
    Actor {
        user_id: p.user_id,
        label: format!("user-{}", p.user_id.map_or(0, |u| u.get())),
        ip: None,
    }
}

#[tokio::test]
async fn every_cell_of_the_matrix() {
    let (db, accounts) = setup().await;
    // One viewer in each target unit; their creation writes audit entries
    // about that unit.
    let mut target_members = Vec::new();
    for (i, (_, unit)) in TARGETS.iter().enumerate() {
        let m = Membership {
            unit: code(unit),
            role: Role::Viewer,
            reach: Reach::Unit,
        };
        let id = accounts
            .create_account(
                &format!("target{i}@humas.go.id"),
                &format!("Target {i}"),
                "kopi tubruk di sanur pagi",
                &m,
            )
            .await
            .unwrap();
        let mid = db.store.memberships_of(id).await.unwrap()[0].0;
        target_members.push((id, mid));
    }
    let mut cells = 0;
    let mut leaks = 0;
    for (a, role) in Role::ALL.into_iter().enumerate() {
        for (b, reach) in Reach::ALL.into_iter().enumerate() {
            let m = Membership {
                unit: code("51.71"),
                role,
                reach,
            };
            let uid = accounts
                .create_account(
                    &format!("actor{a}{b}@humas.go.id"),
                    "Actor",
                    "kopi tubruk di sanur pagi",
                    &m,
                )
                .await
                .unwrap();
            let who = Principal {
                user_id: Some(uid),
                memberships: vec![m.clone()],
                token_rights: None,
                accreditations: Vec::new(),
            };
            let actor = actor_of(&who);
            for (t, (relation, unit)) in TARGETS.iter().enumerate() {
                let target = code(unit);
                let (target_user, target_membership) = target_members[t];
                let is_admin = role == Role::Admin;
                let cover = covered(reach, relation);

                // 1. Listing members of the target unit.
                let want = cover && role.allows(Action::ReadInternal);
                match accounts.members(&who, Some(&target)).await {
                    Ok(rows) => {
                        let expected: Vec<sinergi_domain::UserId> =
                            if want { vec![target_user] } else { vec![] };
                        let got: Vec<sinergi_domain::UserId> = rows
                            .iter()
                            .map(|r| r.user_id)
                            .filter(|id| *id == target_user)
                            .collect();
                        if got != expected || rows.iter().any(|r| r.unit != target) {
                            leaks += 1;
                        }
                        assert_eq!(got, expected, "{role} {reach:?} list members of {relation}");
                    }
                    Err(AccountError::NotAllowed) => assert!(!want),
                    Err(e) => panic!("{e}"),
                }
                cells += 1;

                // 2. Inviting a viewer to the target unit.
                let invite = Membership {
                    unit: target.clone(),
                    role: Role::Viewer,
                    reach: Reach::Unit,
                };
                let got = accounts
                    .invite(
                        &who,
                        &actor,
                        &format!("new{a}{b}{t}@humas.go.id"),
                        &invite,
                        "id",
                    )
                    .await;
                assert_eq!(
                    got.is_ok(),
                    is_admin && cover,
                    "{role} {reach:?} invite to {relation}: {got:?}"
                );
                cells += 1;

                // 3. Changing the target member's role.
                let got = accounts
                    .change_role(&who, &actor, target_membership, Role::Viewer)
                    .await;
                assert_eq!(
                    got.is_ok(),
                    is_admin && cover,
                    "{role} {reach:?} change role in {relation}: {got:?}"
                );
                cells += 1;

                // 4. Deactivating (and reactivating) the target member.
                let got = accounts.set_active(&who, &actor, target_user, false).await;
                assert_eq!(
                    got.is_ok(),
                    is_admin && cover,
                    "{role} {reach:?} deactivate in {relation}: {got:?}"
                );
                if got.is_ok() {
                    accounts
                        .set_active(&who, &actor, target_user, true)
                        .await
                        .unwrap();
                }
                cells += 1;

                // 5. Reading the audit log about the target unit.
                let want = cover && role.allows(Action::ReadAudit);
                let filter = AuditFilter {
                    unit_code: Some(unit.to_string()),
                    limit: 1000,
                    ..Default::default()
                };
                match accounts.audit_entries(&who, &filter).await {
                    Ok(entries) => {
                        if !want && !entries.is_empty() {
                            leaks += 1;
                        }
                        assert_eq!(
                            !entries.is_empty(),
                            want,
                            "{role} {reach:?} audit of {relation}"
                        );
                        assert!(
                            entries
                                .iter()
                                .all(|e| e.unit_code.as_deref() == Some(*unit))
                        );
                    }
                    Err(AccountError::NotAllowed) => assert!(!want),
                    Err(e) => panic!("{e}"),
                }
                cells += 1;
            }
        }
    }
    println!("authorisation matrix: {cells} cells checked through the service, {leaks} leaks");
    assert_eq!(cells, 4 * 3 * 7 * 5);
    assert_eq!(leaks, 0);
    let check = db.store.verify_audit_chain().await.unwrap();
    assert!(
        matches!(
            check,
            sinergi_store::accounts::audit::ChainCheck::Intact { .. }
        ),
        "{check:?}"
    );
}
