//! Journalists: registered by a unit's editors or admins, linked to an
//! outlet, accredited by units within the granter's reach; they see no
//! internal work.

use crate::common::{TARGETS, code, setup};
use sinergi_accounts::{AccountError, Accounts, NewJournalist};
use sinergi_domain::access::{Accreditation, Action, Membership, Principal, Reach, Role};
use sinergi_store::accounts::audit::{Actor, AuditFilter};

const PASSWORD: &str = "kopi tubruk di sanur pagi";

async fn staff(
    accounts: &Accounts,
    email: &str,
    unit: &str,
    role: Role,
    reach: Reach,
) -> (Principal, Actor) {
    let m = Membership {
        unit: code(unit),
        role,
        reach,
    };
    let id = accounts
        .create_account(email, email, PASSWORD, &m)
        .await
        .unwrap();
    let p = Principal {
        user_id: Some(id),
        memberships: vec![m],
        ..Default::default()
    };
    (
        p,
        Actor {
            user_id: Some(id),
            label: email.into(),
            ip: None,
        },
    )
}

#[tokio::test]
async fn a_journalist_is_registered_sets_a_password_and_sees_only_what_accreditation_gives() {
    let (db, accounts) = setup().await;
    let (editor, actor) = staff(
        &accounts,
        "redaksi@baliprov.go.id",
        "51",
        Role::Editor,
        Reach::Subtree,
    )
    .await;
    let outlet = accounts
        .create_outlet(
            &editor,
            &actor,
            "Bali Post",
            Some("https://www.balipost.com"),
        )
        .await
        .unwrap();
    let first = Accreditation {
        unit: code("51"),
        reach: Reach::Subtree,
    };
    let id = accounts
        .register_journalist(
            &editor,
            &actor,
            &NewJournalist {
                email: "wartawan@balipost.example".into(),
                name: "Made Wartawan".into(),
                outlet_id: outlet,
                first: first.clone(),
            },
            "id",
        )
        .await
        .unwrap();
    let mail = db
        .store
        .outbox_entries(10)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.recipient == "wartawan@balipost.example")
        .unwrap();
    let start = mail.body_text.find("/reset/").unwrap() + "/reset/".len();
    let token = mail.body_text[start..].split_whitespace().next().unwrap();
    accounts
        .reset_password(token, "berita pagi dari denpasar", None)
        .await
        .unwrap();
    let session = accounts
        .sign_in(
            "wartawan@balipost.example",
            "berita pagi dari denpasar",
            None,
        )
        .await
        .unwrap();
    let info = accounts
        .session(&session.cookie_value)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(info.user.id, id);
    assert!(info.principal.is_accredited_for(&code("51.71.01")));
    assert!(!info.principal.is_accredited_for(&code("35.78")));
    for action in Action::ALL {
        assert!(
            info.principal.scope(action).is_empty(),
            "a journalist has no internal rights"
        );
    }
    assert!(matches!(
        accounts.members(&info.principal, None).await,
        Err(AccountError::NotAllowed)
    ));
    assert!(matches!(
        accounts
            .audit_entries(
                &info.principal,
                &AuditFilter {
                    limit: 10,
                    ..Default::default()
                }
            )
            .await,
        Err(AccountError::NotAllowed)
    ));
    // Staff cannot be accredited; journalists cannot be granted network-wide reach.
    let staff_id = editor.user_id.unwrap();
    let unit = Accreditation {
        unit: code("51.71"),
        reach: Reach::Unit,
    };
    assert!(matches!(
        accounts
            .grant_accreditation(&editor, &actor, staff_id, &unit)
            .await,
        Err(AccountError::Invalid(_))
    ));
    let network = Accreditation {
        unit: code("51"),
        reach: Reach::Network,
    };
    assert!(matches!(
        accounts
            .grant_accreditation(&editor, &actor, id, &network)
            .await,
        Err(AccountError::NotAllowed)
    ));
}

#[tokio::test]
async fn accreditation_follows_the_matrix_and_listings_hold_exactly_the_scope() {
    let (db, accounts) = setup().await;
    let (national, national_actor) = staff(
        &accounts,
        "hkip@menpan.go.id",
        "kemenpanrb.hkip",
        Role::Admin,
        Reach::Network,
    )
    .await;
    let outlet = accounts
        .create_outlet(&national, &national_actor, "Antara", None)
        .await
        .unwrap();
    let first = Accreditation {
        unit: code("kemenpanrb"),
        reach: Reach::Unit,
    };
    let journalist = accounts
        .register_journalist(
            &national,
            &national_actor,
            &NewJournalist {
                email: "jurnalis@antara.example".into(),
                name: "Jurnalis Antara".into(),
                outlet_id: outlet,
                first: first.clone(),
            },
            "en",
        )
        .await
        .unwrap();
    // One accreditation at each target, granted by the national coordinator.
    let mut at_target = Vec::new();
    for (_, unit) in TARGETS {
        let id = accounts
            .grant_accreditation(
                &national,
                &national_actor,
                journalist,
                &Accreditation {
                    unit: code(unit),
                    reach: Reach::Unit,
                },
            )
            .await
            .unwrap();
        at_target.push(id);
    }
    let mut cells = 0;
    for (a, role) in Role::ALL.into_iter().enumerate() {
        for (b, reach) in Reach::ALL.into_iter().enumerate() {
            let (who, actor) = staff(
                &accounts,
                &format!("aktor{a}{b}@humas.go.id"),
                "51.71",
                role,
                reach,
            )
            .await;
            let may_accredit = role.allows(Action::Accredit);
            let listed = accounts.accreditations(&who).await;
            for (t, (relation, unit)) in TARGETS.iter().enumerate() {
                let covered = match reach {
                    Reach::Network => true,
                    Reach::Subtree => {
                        matches!(*relation, "same unit" | "its child" | "deeper descendant")
                    }
                    Reach::Unit => *relation == "same unit",
                };
                let want = may_accredit && covered;
                let grant = accounts
                    .grant_accreditation(
                        &who,
                        &actor,
                        journalist,
                        &Accreditation {
                            unit: code(unit),
                            reach: Reach::Unit,
                        },
                    )
                    .await;
                assert_eq!(
                    grant.is_ok(),
                    want,
                    "{role} {reach:?} accredit at {relation}: {grant:?}"
                );
                if let Ok(id) = grant {
                    accounts
                        .revoke_accreditation(&who, &actor, id)
                        .await
                        .unwrap();
                }
                let in_list = match &listed {
                    Ok(rows) => rows.iter().any(|r| r.id == at_target[t]),
                    Err(AccountError::NotAllowed) => false,
                    Err(e) => panic!("{e}"),
                };
                assert_eq!(
                    in_list, want,
                    "{role} {reach:?} lists the accreditation at {relation}"
                );
                if let Ok(rows) = &listed {
                    assert!(
                        rows.iter()
                            .all(|r| who.scope(Action::Accredit).contains(&r.accreditation.unit))
                    );
                }
                cells += 2;
            }
        }
    }
    println!("accreditation matrix: {cells} cells, 0 leaks");
    assert_eq!(cells, 4 * 3 * 7 * 2);
    assert!(matches!(
        db.store.verify_audit_chain().await.unwrap(),
        sinergi_store::accounts::audit::ChainCheck::Intact { .. }
    ));
}
