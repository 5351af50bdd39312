//! Sign-in, sessions, throttling, reset links, invitations, tokens and the
//! audit chain, on a real database with a controllable clock.

use std::sync::Arc;

use sinergi_accounts::{AccountError, Accounts, AccountsConfig, HashCost};
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Action, Membership, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_store::accounts::audit::{Actor, ChainCheck};
use sinergi_store::accounts::one_time_tokens::TokenPurpose;
use sinergi_testkit::{TEST_NOW, TestDb};

const MINUTE: i64 = 60_000_000;
const PASSWORD: &str = "kopi tubruk di sanur pagi";

struct Fixture {
    db: TestDb,
    clock: Arc<FixedClock>,
    accounts: Accounts,
}

async fn fixture() -> Fixture {
    let db = TestDb::with_network(&["51"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let config = AccountsConfig {
        hash_cost: HashCost::Test,
        base_url: "https://sinergi.test".into(),
        ..Default::default()
    };
    let accounts = Accounts::new(db.store.clone(), clock.clone(), config);
    Fixture {
        db,
        clock,
        accounts,
    }
}

fn admin_of(unit: &str) -> Membership {
    Membership {
        unit: UnitCode::parse(unit).unwrap(),
        role: Role::Admin,
        reach: Reach::Subtree,
    }
}

/// The token in the last e-mail sent to `to`, from the link `…/{path}/{token}`.
async fn link_token(f: &Fixture, to: &str, path: &str) -> String {
    let mails = f.db.store.outbox_entries(100).await.unwrap();
    let mail = mails
        .iter()
        .rev()
        .find(|m| m.recipient == to)
        .expect("an e-mail was queued");
    let start = mail
        .body_text
        .find(&format!("/{path}/"))
        .expect("the e-mail holds a link")
        + path.len()
        + 2;
    mail.body_text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn sign_in_gives_a_fresh_session_and_sign_out_ends_it() {
    let f = fixture().await;
    f.accounts
        .create_account(
            "humas@baliprov.go.id",
            "Humas Bali",
            PASSWORD,
            &admin_of("51"),
        )
        .await
        .unwrap();
    let a = f
        .accounts
        .sign_in("HUMAS@baliprov.go.id ", PASSWORD, Some("10.0.0.1"))
        .await
        .unwrap();
    let b = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, Some("10.0.0.1"))
        .await
        .unwrap();
    assert_ne!(
        a.cookie_value, b.cookie_value,
        "a new session id at every sign-in"
    );
    let s = f
        .accounts
        .session(&a.cookie_value)
        .await
        .unwrap()
        .expect("live session");
    assert!(
        s.principal
            .can(Action::ManageMembers, &UnitCode::parse("51.71").unwrap())
    );
    f.accounts.sign_out(&a.cookie_value).await.unwrap();
    assert!(f.accounts.session(&a.cookie_value).await.unwrap().is_none());
    assert!(f.accounts.session(&b.cookie_value).await.unwrap().is_some());
}

#[tokio::test]
async fn sessions_expire_when_idle_and_at_their_absolute_end() {
    let f = fixture().await;
    f.accounts
        .create_account(
            "humas@baliprov.go.id",
            "Humas Bali",
            PASSWORD,
            &admin_of("51"),
        )
        .await
        .unwrap();
    let idle = f.accounts.config().session_idle;
    let s = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, None)
        .await
        .unwrap();
    f.clock.advance(idle - MINUTE);
    assert!(
        f.accounts.session(&s.cookie_value).await.unwrap().is_some(),
        "activity just in time"
    );
    f.clock.advance(idle - MINUTE);
    assert!(
        f.accounts.session(&s.cookie_value).await.unwrap().is_some(),
        "activity keeps it alive"
    );
    f.clock.advance(idle + 1);
    assert!(
        f.accounts.session(&s.cookie_value).await.unwrap().is_none(),
        "idle too long"
    );

    let s = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, None)
        .await
        .unwrap();
    let absolute = f.accounts.config().session_absolute;
    let mut passed = 0;
    while passed + idle / 2 < absolute {
        f.clock.advance(idle / 2);
        passed += idle / 2;
        assert!(f.accounts.session(&s.cookie_value).await.unwrap().is_some());
    }
    f.clock.advance(absolute - passed);
    assert!(
        f.accounts.session(&s.cookie_value).await.unwrap().is_none(),
        "absolute end"
    );
}

#[tokio::test]
async fn wrong_passwords_and_unknown_addresses_look_the_same_and_are_throttled() {
    let f = fixture().await;
    f.accounts
        .create_account(
            "humas@baliprov.go.id",
            "Humas Bali",
            PASSWORD,
            &admin_of("51"),
        )
        .await
        .unwrap();
    let wrong = f
        .accounts
        .sign_in(
            "humas@baliprov.go.id",
            "salah sekali kata sandinya",
            Some("10.0.0.9"),
        )
        .await
        .unwrap_err();
    let unknown = f
        .accounts
        .sign_in(
            "siapa@baliprov.go.id",
            "salah sekali kata sandinya",
            Some("10.0.0.9"),
        )
        .await
        .unwrap_err();
    assert_eq!(wrong.to_string(), unknown.to_string());
    assert!(matches!(wrong, AccountError::BadCredentials));
    for _ in 0..4 {
        let _ = f
            .accounts
            .sign_in(
                "humas@baliprov.go.id",
                "masih salah kata sandinya",
                Some("10.0.0.9"),
            )
            .await;
    }
    // Five failures for the account: even the right password waits now.
    let throttled = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, Some("10.0.0.10"))
        .await
        .unwrap_err();
    assert!(
        matches!(throttled, AccountError::Throttled { minutes } if minutes >= 1),
        "{throttled}"
    );
    f.clock.advance(f.accounts.config().failure_window + 1);
    assert!(
        f.accounts
            .sign_in("humas@baliprov.go.id", PASSWORD, Some("10.0.0.10"))
            .await
            .is_ok()
    );

    // Per address: many accounts guessed from one address.
    for i in 0..20 {
        let _ = f
            .accounts
            .sign_in(
                &format!("tebak{i}@x.id"),
                "salah sekali kata sandinya",
                Some("10.9.9.9"),
            )
            .await;
    }
    let blocked = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, Some("10.9.9.9"))
        .await
        .unwrap_err();
    assert!(matches!(blocked, AccountError::Throttled { .. }));
}

#[tokio::test]
async fn reset_links_work_once_expire_and_reveal_nothing() {
    let f = fixture().await;
    f.accounts
        .create_account(
            "humas@baliprov.go.id",
            "Humas Bali",
            PASSWORD,
            &admin_of("51"),
        )
        .await
        .unwrap();
    let old = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, None)
        .await
        .unwrap();
    // Unknown addresses get the same answer and no e-mail.
    f.accounts
        .request_password_reset("tidak.ada@baliprov.go.id", "id")
        .await
        .unwrap();
    assert_eq!(f.db.store.outbox_entries(10).await.unwrap().len(), 0);

    f.accounts
        .request_password_reset("humas@baliprov.go.id", "id")
        .await
        .unwrap();
    let token = link_token(&f, "humas@baliprov.go.id", "reset").await;
    assert!(
        f.accounts
            .link_is_valid(&token, TokenPurpose::Reset)
            .await
            .unwrap()
    );
    let weak = f
        .accounts
        .reset_password(&token, "pendek", None)
        .await
        .unwrap_err();
    assert!(matches!(weak, AccountError::Password(_)));
    f.accounts
        .reset_password(&token, "teh manis di ubud sore", None)
        .await
        .unwrap();
    assert!(
        f.accounts
            .session(&old.cookie_value)
            .await
            .unwrap()
            .is_none(),
        "old sessions end"
    );
    let again = f
        .accounts
        .reset_password(&token, "teh manis di ubud sore 2", None)
        .await
        .unwrap_err();
    assert!(matches!(again, AccountError::LinkInvalid), "single use");
    assert!(
        f.accounts
            .sign_in("humas@baliprov.go.id", "teh manis di ubud sore", None)
            .await
            .is_ok()
    );

    f.accounts
        .request_password_reset("humas@baliprov.go.id", "en")
        .await
        .unwrap();
    let token = link_token(&f, "humas@baliprov.go.id", "reset").await;
    f.clock.advance(f.accounts.config().reset_link_lifetime + 1);
    let late = f
        .accounts
        .reset_password(&token, "kopi luwak di kintamani", None)
        .await
        .unwrap_err();
    assert!(matches!(late, AccountError::LinkInvalid), "expired");
}

#[tokio::test]
async fn invitations_create_accounts_with_the_granted_membership() {
    let f = fixture().await;
    let admin = f
        .accounts
        .create_account(
            "humas@baliprov.go.id",
            "Humas Bali",
            PASSWORD,
            &admin_of("51"),
        )
        .await
        .unwrap();
    let session = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, None)
        .await
        .unwrap();
    let info = f
        .accounts
        .session(&session.cookie_value)
        .await
        .unwrap()
        .unwrap();
    let actor = Actor {
        user_id: Some(admin),
        label: "humas@baliprov.go.id".into(),
        ip: None,
    };
    let editor = Membership {
        unit: UnitCode::parse("51.71").unwrap(),
        role: Role::Editor,
        reach: Reach::Unit,
    };
    f.accounts
        .invite(
            &info.principal,
            &actor,
            "redaksi@denpasarkota.go.id",
            &editor,
            "id",
        )
        .await
        .unwrap();
    let token = link_token(&f, "redaksi@denpasarkota.go.id", "invitation").await;
    let user = f
        .accounts
        .accept_invitation(&token, "Redaksi Denpasar", "lawar dan sate lilit")
        .await
        .unwrap();
    let memberships = f.db.store.memberships_of(user).await.unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0].1, editor);
    assert!(matches!(
        f.accounts
            .accept_invitation(&token, "Lagi", "lawar dan sate lilit")
            .await,
        Err(AccountError::LinkInvalid)
    ));
    // A network-wide grant is beyond a province admin.
    let too_much = Membership {
        unit: UnitCode::parse("51").unwrap(),
        role: Role::Admin,
        reach: Reach::Network,
    };
    assert!(matches!(
        f.accounts
            .invite(&info.principal, &actor, "x@y.id", &too_much, "id")
            .await,
        Err(AccountError::NotAllowed)
    ));
}

#[tokio::test]
async fn api_tokens_are_shown_once_narrowed_and_revocable() {
    let f = fixture().await;
    let admin = f
        .accounts
        .create_account(
            "humas@baliprov.go.id",
            "Humas Bali",
            PASSWORD,
            &admin_of("51"),
        )
        .await
        .unwrap();
    let session = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, None)
        .await
        .unwrap();
    let info = f
        .accounts
        .session(&session.cookie_value)
        .await
        .unwrap()
        .unwrap();
    let actor = Actor {
        user_id: Some(admin),
        label: "humas".into(),
        ip: None,
    };
    let (id, token) = f
        .accounts
        .create_api_token(&info, &actor, "Portal Pemprov", &[Action::ReadInternal])
        .await
        .unwrap();
    assert!(token.starts_with("snrg_"));
    let listed = f.accounts.api_tokens(&info).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(
        !format!("{listed:?}").contains(&token[10..]),
        "the token itself is never listed"
    );
    assert_eq!(listed[0].last_used_at, None);
    let (_, principal) = f
        .accounts
        .authenticate_token(&token)
        .await
        .unwrap()
        .unwrap();
    let denpasar = UnitCode::parse("51.71").unwrap();
    assert!(principal.can(Action::ReadInternal, &denpasar));
    assert!(
        !principal.can(Action::ManageMembers, &denpasar),
        "narrowed to its rights"
    );
    assert_eq!(
        f.accounts.api_tokens(&info).await.unwrap()[0].last_used_at,
        Some(TEST_NOW)
    );
    f.accounts
        .revoke_api_token(&info, &actor, id)
        .await
        .unwrap();
    assert!(
        f.accounts
            .authenticate_token(&token)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        f.accounts
            .authenticate_token("snrg_forged")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn tampering_with_the_audit_log_is_detected() {
    let f = fixture().await;
    for i in 0..3 {
        f.accounts
            .create_account(
                &format!("p{i}@baliprov.go.id"),
                "P",
                PASSWORD,
                &admin_of("51"),
            )
            .await
            .unwrap();
    }
    let intact = f.db.store.verify_audit_chain().await.unwrap();
    assert_eq!(intact, ChainCheck::Intact { entries: 6 });
    f.db.store
        .execute_admin("UPDATE audit_log SET actor_label = 'someone else' WHERE seq = 3")
        .await
        .unwrap();
    assert!(matches!(
        f.db.store.verify_audit_chain().await.unwrap(),
        ChainCheck::Broken { seq: 3, .. }
    ));
    f.db.store
        .execute_admin("DELETE FROM audit_log WHERE seq = 3")
        .await
        .unwrap();
    assert!(matches!(
        f.db.store.verify_audit_chain().await.unwrap(),
        ChainCheck::Broken { seq: 4, .. }
    ));
}
