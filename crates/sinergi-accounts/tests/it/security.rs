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
    fixture_with(|_| {}).await
}

/// A fixture whose settings differ from the defaults by `change`.
async fn fixture_with(change: impl FnOnce(&mut AccountsConfig)) -> Fixture {
    let db = TestDb::with_network(&["51"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let mut config = AccountsConfig {
        hash_cost: HashCost::Test,
        base_url: "https://sinergi.test".into(),
        ..Default::default()
    };
    change(&mut config);
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
    // Five failures for the account from this address: from here, even the
    // right password waits out the window.
    let throttled = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, Some("10.0.0.9"))
        .await
        .unwrap_err();
    assert!(
        matches!(throttled, AccountError::Throttled { minutes: 15 }),
        "{throttled}"
    );
    f.clock.advance(f.accounts.config().failure_window + 1);
    assert!(
        f.accounts
            .sign_in("humas@baliprov.go.id", PASSWORD, Some("10.0.0.9"))
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
        .request_password_reset("tidak.ada@baliprov.go.id", "id", None)
        .await
        .unwrap();
    assert_eq!(f.db.store.outbox_entries(10).await.unwrap().len(), 0);

    f.accounts
        .request_password_reset("humas@baliprov.go.id", "id", None)
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
        .request_password_reset("humas@baliprov.go.id", "en", None)
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

// ---- issue #13 --------------------------------------------------------

async fn bali_admin(f: &Fixture) -> sinergi_domain::UserId {
    f.accounts
        .create_account(
            "humas@baliprov.go.id",
            "Humas Bali",
            PASSWORD,
            &admin_of("51"),
        )
        .await
        .unwrap()
}

async fn session_of(f: &Fixture, email: &str) -> sinergi_accounts::SessionInfo {
    let signed = f.accounts.sign_in(email, PASSWORD, None).await.unwrap();
    f.accounts
        .session(&signed.cookie_value)
        .await
        .unwrap()
        .unwrap()
}

fn actor_of(session: &sinergi_accounts::SessionInfo) -> Actor {
    Actor {
        user_id: Some(session.user.id),
        label: session.user.email.clone(),
        ip: None,
    }
}

#[tokio::test]
async fn wrong_passwords_from_one_address_do_not_lock_the_owner_out() {
    let f = fixture().await;
    bali_admin(&f).await;
    let attacker = Some("203.0.113.7");
    for _ in 0..5 {
        let e = f
            .accounts
            .sign_in(
                "humas@baliprov.go.id",
                "tebakan yang salah sekali",
                attacker,
            )
            .await
            .unwrap_err();
        assert!(matches!(e, AccountError::BadCredentials), "{e}");
    }
    // The guesser's address is done with this account for the window...
    let refused = f
        .accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, attacker)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, AccountError::Throttled { .. }),
        "{refused}"
    );
    // ...but the owner, from their own address, signs in at once.
    f.accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, Some("10.20.30.40"))
        .await
        .expect("the right password from another address gets in");
    // and the owner's success does not forgive the guesser.
    assert!(matches!(
        f.accounts
            .sign_in("humas@baliprov.go.id", PASSWORD, attacker)
            .await,
        Err(AccountError::Throttled { .. })
    ));
}

#[tokio::test]
async fn guesses_from_many_addresses_slow_the_account_but_never_lock_it() {
    const STEP_MS: u64 = 30;
    let f = fixture_with(|c| {
        c.slow_down_step = STEP_MS as i64 * 1_000;
        c.slow_down_max = 3 * STEP_MS as i64 * 1_000;
    })
    .await;
    bali_admin(&f).await;
    let limit = f.accounts.config().slow_down_after_failures_per_account;
    let guess = |i: i64| {
        let accounts = f.accounts.clone();
        async move {
            accounts
                .sign_in(
                    "humas@baliprov.go.id",
                    "tebakan yang salah sekali",
                    Some(&format!("198.51.{}.{}", i / 200, i % 200)),
                )
                .await
                .unwrap_err()
        }
    };
    for i in 0..limit {
        let e = guess(i).await;
        assert!(matches!(e, AccountError::BadCredentials), "{i}: {e}");
    }
    // Past the account's limit every attempt waits, and none is refused.
    let started = std::time::Instant::now();
    f.accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, Some("10.20.30.40"))
        .await
        .expect("the right password from a fresh address gets in");
    assert!(started.elapsed() >= std::time::Duration::from_millis(STEP_MS));
    for i in limit..limit + 5 {
        let e = guess(i).await;
        assert!(matches!(e, AccountError::BadCredentials), "{i}: {e}");
    }
    let started = std::time::Instant::now();
    f.accounts
        .sign_in("humas@baliprov.go.id", PASSWORD, Some("10.20.30.41"))
        .await
        .expect("still gets in, only later");
    assert!(started.elapsed() >= std::time::Duration::from_millis(3 * STEP_MS));
}

#[tokio::test]
async fn reset_requests_are_limited_alike_for_known_and_unknown_addresses() {
    let f = fixture().await;
    bali_admin(&f).await;
    let mut answers = Vec::new();
    for email in ["humas@baliprov.go.id", "tidak.ada@baliprov.go.id"] {
        let mut these = Vec::new();
        for _ in 0..35 {
            these.push(
                match f.accounts.request_password_reset(email, "id", None).await {
                    Ok(()) => "sent".to_owned(),
                    Err(AccountError::Throttled { minutes }) => format!("wait {minutes}"),
                    Err(e) => panic!("{e}"),
                },
            );
        }
        answers.push(these);
    }
    assert_eq!(answers[0], answers[1], "the answers tell nothing");
    assert_eq!(&answers[0][..4], ["sent", "sent", "sent", "wait 60"]);
    let mails = f.db.store.outbox_entries(100).await.unwrap();
    assert_eq!(mails.len(), 3, "35 requests, three e-mails");

    // Per client address: one address asking for many accounts.
    let from = Some("192.0.2.50");
    for i in 0..10 {
        f.accounts
            .request_password_reset(&format!("orang{i}@baliprov.go.id"), "id", from)
            .await
            .unwrap();
    }
    assert!(matches!(
        f.accounts
            .request_password_reset("lagi@baliprov.go.id", "en", from)
            .await,
        Err(AccountError::Throttled { .. })
    ));
    // An hour later the person can ask again.
    f.clock
        .advance(f.accounts.config().reset_request_window + 1);
    f.accounts
        .request_password_reset("humas@baliprov.go.id", "id", Some("10.0.0.1"))
        .await
        .unwrap();
    assert_eq!(f.db.store.outbox_entries(100).await.unwrap().len(), 4);
}

#[tokio::test]
async fn a_newer_reset_link_or_a_used_one_ends_the_earlier_ones() {
    let f = fixture().await;
    bali_admin(&f).await;
    let email = "humas@baliprov.go.id";
    f.accounts
        .request_password_reset(email, "id", None)
        .await
        .unwrap();
    let first = link_token(&f, email, "reset").await;
    f.accounts
        .request_password_reset(email, "id", None)
        .await
        .unwrap();
    let second = link_token(&f, email, "reset").await;
    assert_ne!(first, second);
    assert!(
        !f.accounts
            .link_is_valid(&first, TokenPurpose::Reset)
            .await
            .unwrap(),
        "a new link ends the earlier one"
    );
    f.accounts
        .reset_password(&second, "teh manis di ubud sore", None)
        .await
        .unwrap();
    assert!(matches!(
        f.accounts
            .reset_password(&first, "kopi luwak di kintamani", None)
            .await,
        Err(AccountError::LinkInvalid)
    ));

    // Links issued before this rule, both still live: using one ends the other.
    f.clock
        .advance(f.accounts.config().reset_request_window + 1);
    f.accounts
        .request_password_reset(email, "id", None)
        .await
        .unwrap();
    let third = link_token(&f, email, "reset").await;
    f.accounts
        .request_password_reset(email, "id", None)
        .await
        .unwrap();
    let fourth = link_token(&f, email, "reset").await;
    f.db.store
        .execute_admin(&format!(
            "UPDATE one_time_tokens SET used_at = NULL WHERE token_hash = '{}'",
            sinergi_accounts::hash_token(&third)
        ))
        .await
        .unwrap();
    assert!(
        f.accounts
            .link_is_valid(&third, TokenPurpose::Reset)
            .await
            .unwrap()
    );
    f.accounts
        .reset_password(&fourth, "kopi luwak di kintamani", None)
        .await
        .unwrap();
    assert!(matches!(
        f.accounts
            .reset_password(&third, "nasi jinggo tengah malam", None)
            .await,
        Err(AccountError::LinkInvalid)
    ));
    assert!(
        f.accounts
            .sign_in(email, "kopi luwak di kintamani", None)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_password_reset_revokes_the_api_tokens() {
    let f = fixture().await;
    bali_admin(&f).await;
    let info = session_of(&f, "humas@baliprov.go.id").await;
    let (_, token) = f
        .accounts
        .create_api_token(&info, &actor_of(&info), "Portal", &[Action::ReadInternal])
        .await
        .unwrap();
    assert!(
        f.accounts
            .authenticate_token(&token)
            .await
            .unwrap()
            .is_some()
    );
    f.accounts
        .request_password_reset("humas@baliprov.go.id", "id", None)
        .await
        .unwrap();
    let mail = f.db.store.outbox_entries(10).await.unwrap();
    assert!(
        mail.last()
            .unwrap()
            .body_text
            .contains("mencabut token API"),
        "the e-mail says so"
    );
    let link = link_token(&f, "humas@baliprov.go.id", "reset").await;
    f.accounts
        .reset_password(&link, "teh manis di ubud sore", None)
        .await
        .unwrap();
    assert!(
        f.accounts
            .authenticate_token(&token)
            .await
            .unwrap()
            .is_none(),
        "whoever had the old password may have made the token"
    );
    assert!(
        f.accounts.api_tokens(&info).await.unwrap()[0]
            .revoked_at
            .is_some()
    );
    let all = sinergi_domain::access::Scope {
        everything: true,
        ..Default::default()
    };
    let filter = sinergi_store::accounts::audit::AuditFilter {
        action: Some("password.reset".into()),
        limit: 10,
        ..Default::default()
    };
    let entries = f.db.store.audit_entries(&all, &filter).await.unwrap();
    assert_eq!(entries[0].after.as_ref().unwrap()["api_tokens_revoked"], 1);
}

#[tokio::test]
async fn tokens_carry_only_known_rights_their_owner_holds() {
    let f = fixture().await;
    let admin = bali_admin(&f).await;
    let viewer = Membership {
        unit: UnitCode::parse("51.71").unwrap(),
        role: Role::Viewer,
        reach: Reach::Unit,
    };
    f.accounts
        .create_account("baca@denpasarkota.go.id", "Baca", PASSWORD, &viewer)
        .await
        .unwrap();
    let info = session_of(&f, "baca@denpasarkota.go.id").await;
    assert_eq!(info.principal.rights_held(), vec![Action::ReadInternal]);
    let refused = |e: AccountError| match e {
        AccountError::Fields(problems) => problems,
        other => panic!("expected field problems, got {other}"),
    };
    let problems = refused(
        f.accounts
            .create_api_token(
                &info,
                &actor_of(&info),
                "Portal",
                &[Action::ReadInternal, Action::ManageMembers],
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(
        problems,
        vec![sinergi_accounts::Problem {
            field: "rights",
            key: "error-token-right-not-held"
        }]
    );
    let problems = refused(
        f.accounts
            .create_api_token(&info, &actor_of(&info), " ", &["read_internal", "root"])
            .await
            .unwrap_err(),
    );
    assert_eq!(
        problems
            .iter()
            .map(|p| (p.field, p.key))
            .collect::<Vec<_>>(),
        vec![
            ("name", "error-token-name"),
            ("rights", "error-token-right-unknown")
        ]
    );
    assert!(
        f.accounts.api_tokens(&info).await.unwrap().is_empty(),
        "nothing was minted"
    );
    // What the person holds is accepted, by action or by name.
    f.accounts
        .create_api_token(&info, &actor_of(&info), "Baca", &["read_internal"])
        .await
        .unwrap();
    let (_, token) = f
        .accounts
        .create_api_token(
            &info,
            &actor_of(&info),
            "Semua",
            &info.principal.rights_held(),
        )
        .await
        .unwrap();
    // A promotion later gives the token nothing it was not minted with.
    let (mid, _) = f.db.store.memberships_of(info.user.id).await.unwrap()[0].clone();
    f.db.store
        .change_membership_role(
            mid,
            Role::Admin,
            &Actor {
                user_id: Some(admin),
                label: "humas".into(),
                ip: None,
            },
            TEST_NOW,
        )
        .await
        .unwrap();
    let (_, principal) = f
        .accounts
        .authenticate_token(&token)
        .await
        .unwrap()
        .unwrap();
    let denpasar = UnitCode::parse("51.71").unwrap();
    assert!(principal.can(Action::ReadInternal, &denpasar));
    assert!(!principal.can(Action::ManageMembers, &denpasar));
}
