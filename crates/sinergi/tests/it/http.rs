//! The server over a real port, as a browser or API client meets it, on
//! SQLite or PostgreSQL.

use sinergi_domain::UnitCode;
use sinergi_domain::access::{Membership, Reach, Role};

use sinergi_testkit::app::{
    BALI_AND_SURABAYA, PASSWORD, Setup, TestApp, cookie_of, form_token, mint_token,
};
use sinergi_testkit::fixtures::cast;

/// Accounts only (no tokens: tests here mint their own and count them).
async fn start() -> TestApp {
    let mut setup = Setup::new(BALI_AND_SURABAYA).await;
    setup
        .people(&[cast::HUMAS_BALI, cast::REDAKSI_DENPASAR, cast::HUMAS_JATIM])
        .await;
    setup.serve()
}

#[tokio::test]
async fn a_unit_page_shows_where_the_unit_sits_and_its_local_time() {
    let app = start().await;
    let response = app.get("/units/51.71.01.1006", None).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"id\""));
    for needle in [
        "Sanur",
        "href=\"/units/51\"",
        "href=\"/units/51.71\"",
        "href=\"/units/51.71.01\"",
        "51.71.01.1006",
        "WITA",
        "4 Juni 2026 09.00 WITA",
        "Kelurahan",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
}

#[tokio::test]
async fn the_language_switch_sets_a_cookie_and_returns() {
    let app = start().await;
    let response = app.get("/lang/en?next=/units/51.71", None).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/units/51.71");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("lang=en;") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let html = app
        .get("/units/51.71", Some("lang=en"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\""));
    assert!(
        html.contains("City"),
        "the kind of Kota Denpasar in English"
    );
    let away = app.get("/lang/en?next=//evil.example/", None).await;
    assert_eq!(away.headers()["location"], "/");
}

#[tokio::test]
async fn search_pages_find_units_and_explain_empty_results() {
    let app = start().await;
    let html = app
        .get("/units?q=denpasar", None)
        .await
        .text()
        .await
        .unwrap();
    let kota = html.find("Kota Denpasar").expect("Kota Denpasar is found");
    let district = html
        .find("Denpasar Selatan")
        .expect("the districts are found");
    assert!(kota < district, "the city comes before its districts");
    let none = app.get("/units?q=zzzzq", None).await.text().await.unwrap();
    assert!(
        none.contains("Tidak ada unit yang cocok"),
        "a helpful message in Indonesian"
    );
}

#[tokio::test]
async fn unknown_addresses_get_a_page_in_the_readers_language() {
    let app = start().await;
    let missing = app.get("/units/99.99", None).await;
    assert_eq!(missing.status(), 404);
    assert!(
        missing
            .text()
            .await
            .unwrap()
            .contains("Tidak ada unit dengan kode 99.99")
    );
    let bad = app.get("/units/bukan-kode!", Some("lang=en")).await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("is not a unit code"));
    let nowhere = app.get("/tidak-ada", None).await;
    assert_eq!(nowhere.status(), 404);
}

#[tokio::test]
async fn the_api_and_health_answer_over_the_network() {
    let app = start().await;
    let stats: serde_json::Value = app
        .get("/api/v1/stats/units", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["village"], 716 + 153);
    assert_eq!(app.get("/readyz", None).await.status(), 200);
    let css_href = {
        let html = app.get("/", None).await.text().await.unwrap();
        let start = html.find("/static/sinergi-").unwrap();
        html[start..].split('"').next().unwrap().to_owned()
    };
    let css = app.get(&css_href, None).await;
    assert_eq!(css.status(), 200);
    assert!(
        css.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
}

#[tokio::test]
async fn signing_in_sets_a_safe_cookie_and_signing_out_ends_the_session() {
    let app = start().await;
    let form = app.get("/sign-in", None).await;
    let csrf_cookie = cookie_of(&form, "sinergi_csrf").unwrap();
    let csrf = form_token(&form.text().await.unwrap(), "csrf");
    let pre = format!("sinergi_csrf={csrf_cookie}; sinergi_session=attacker-chosen-id");

    let wrong = app
        .post_form(
            "/sign-in",
            &pre,
            &[
                ("email", "humas@baliprov.go.id"),
                ("password", "salah sekali kata sandi"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("Alamat e-mail atau kata sandi tidak benar")
    );
    let unknown = app
        .post_form(
            "/sign-in",
            &pre,
            &[
                ("email", "siapa@baliprov.go.id"),
                ("password", "salah sekali kata sandi"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 401, "no enumeration: the same answer");

    let ok = app
        .post_form(
            "/sign-in",
            &pre,
            &[
                ("email", "humas@baliprov.go.id"),
                ("password", PASSWORD),
                ("csrf", &csrf),
                ("next", "/members"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/members");
    let raw = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("sinergi_session="))
        .unwrap();
    assert!(
        raw.contains("HttpOnly") && raw.contains("SameSite=Lax"),
        "{raw}"
    );
    let session = format!(
        "sinergi_session={}",
        cookie_of(&ok, "sinergi_session").unwrap()
    );
    assert!(
        !session.contains("attacker-chosen-id"),
        "a new session id, never the one offered"
    );

    let account = app.get("/account", Some(&session)).await;
    assert_eq!(account.status(), 200);
    let html = account.text().await.unwrap();
    assert!(html.contains("humas@baliprov.go.id"));
    let csrf = form_token(&html, "csrf");
    let forged = app
        .post_form("/sign-out", &session, &[("csrf", "forged")])
        .await;
    assert_eq!(forged.status(), 403, "sign-out needs the form token");
    let out = app
        .post_form("/sign-out", &session, &[("csrf", &csrf)])
        .await;
    assert_eq!(out.status(), 303);
    let after = app.get("/account", Some(&session)).await;
    assert_eq!(after.status(), 303, "the old cookie no longer works");
    assert!(
        after.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/sign-in?next=")
    );
}

#[tokio::test]
async fn forms_refuse_missing_tokens_and_other_sites() {
    let app = start().await;
    let session = app.sign_in("humas@baliprov.go.id").await;
    let html = app
        .get("/account", Some(&session))
        .await
        .text()
        .await
        .unwrap();
    let csrf = form_token(&html, "csrf");
    let no_token = app
        .post_form(
            "/account/tokens",
            &session,
            &[("name", "x"), ("right", "read_internal")],
        )
        .await;
    assert_eq!(no_token.status(), 403);
    let cross_site = app
        .client
        .post(format!("{}/account/tokens", app.base))
        .header("cookie", &session)
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("name=x&right=read_internal&csrf={csrf}"))
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let made = app
        .post_form(
            "/account/tokens",
            &session,
            &[
                ("name", "Portal Pemprov"),
                ("right", "read_internal"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(made.status(), 201);
    assert!(made.text().await.unwrap().contains("snrg_"));
}

#[tokio::test]
async fn members_pages_and_the_api_show_only_the_scope() {
    let app = start().await;
    let bali = app.sign_in("humas@baliprov.go.id").await;
    let html = app.get("/members", Some(&bali)).await.text().await.unwrap();
    assert!(
        html.contains("redaksi@denpasarkota.go.id"),
        "Bali's admin sees Denpasar's editor"
    );
    assert!(
        !html.contains("humas@jatimprov.go.id"),
        "but nobody in East Java"
    );
    let jatim = app.sign_in("humas@jatimprov.go.id").await;
    let html = app
        .get("/members", Some(&jatim))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("denpasarkota"));
    let editor = app.sign_in("redaksi@denpasarkota.go.id").await;
    let html = app.get("/audit", Some(&editor)).await.text().await.unwrap();
    assert!(html.contains("membership.grant"));

    // The API with a token narrowed to reading internal work.
    let page = app.get("/account", Some(&bali)).await.text().await.unwrap();
    let csrf = form_token(&page, "csrf");
    let made = app
        .post_form(
            "/account/tokens",
            &bali,
            &[
                ("name", "Portal"),
                ("right", "read_internal"),
                ("csrf", &csrf),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    let start = made.find("snrg_").unwrap();
    let token: String = made[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let api = |path: &'static str, auth: Option<String>| {
        let mut req = app.client.get(format!("{}{path}", app.base));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        req.send()
    };
    let me: serde_json::Value = api("/api/v1/me", Some(format!("Bearer {token}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "humas@baliprov.go.id");
    assert_eq!(me["token_rights"], serde_json::json!(["read_internal"]));
    let members: serde_json::Value = api("/api/v1/members", Some(format!("Bearer {token}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let emails: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert!(
        emails.contains(&"redaksi@denpasarkota.go.id")
            && !emails.contains(&"humas@jatimprov.go.id"),
        "{emails:?}"
    );
    let audit = api("/api/v1/audit", Some(format!("Bearer {token}")))
        .await
        .unwrap();
    assert_eq!(
        audit.status(),
        403,
        "the token does not carry the audit right"
    );
    let anonymous = api("/api/v1/me", None).await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        anonymous.headers()["content-type"],
        "application/problem+json"
    );
}

#[tokio::test]
async fn a_signed_in_persons_language_follows_them_to_the_next_sign_in() {
    let app = start().await;
    let session = app.sign_in("redaksi@denpasarkota.go.id").await;
    let switched = app.get("/lang/en?next=/account", Some(&session)).await;
    assert_eq!(switched.status(), 303);
    // A new browser, no language cookie: signing in brings English back.
    let form = app.get("/sign-in", None).await;
    let csrf_cookie = cookie_of(&form, "sinergi_csrf").unwrap();
    let csrf = form_token(&form.text().await.unwrap(), "csrf");
    let done = app
        .post_form(
            "/sign-in",
            &format!("sinergi_csrf={csrf_cookie}"),
            &[
                ("email", "redaksi@denpasarkota.go.id"),
                ("password", PASSWORD),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(cookie_of(&done, "lang").as_deref(), Some("en"));
}

#[tokio::test]
async fn editors_register_journalists_who_then_see_no_internal_pages() {
    let app = start().await;
    let editor = app.sign_in("redaksi@denpasarkota.go.id").await;
    let page = app
        .get("/journalists", Some(&editor))
        .await
        .text()
        .await
        .unwrap();
    let csrf = form_token(&page, "csrf");
    let beyond = app
        .post_form(
            "/journalists",
            &editor,
            &[
                ("csrf", &csrf),
                ("name", "Made"),
                ("email", "made@balipost.example"),
                ("outlet", "Bali Post"),
                ("unit", "51"),
                ("reach", "unit"),
            ],
        )
        .await;
    assert_eq!(
        beyond.status(),
        403,
        "a city's editor cannot accredit for the province"
    );
    let done = app
        .post_form(
            "/journalists",
            &editor,
            &[
                ("csrf", &csrf),
                ("name", "Made"),
                ("email", "made@balipost.example"),
                ("outlet", "Bali Post"),
                ("unit", "51.71"),
                ("reach", "unit"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let listed = app
        .get("/journalists", Some(&editor))
        .await
        .text()
        .await
        .unwrap();
    assert!(listed.contains("made@balipost.example") && listed.contains("Bali Post"));
    let jatim = app.sign_in("humas@jatimprov.go.id").await;
    let other = app
        .get("/journalists", Some(&jatim))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !other.contains("made@balipost.example"),
        "East Java does not see Denpasar's journalists"
    );
}

/// The authorisation matrix over HTTP: an actor in Kota Denpasar (51.71) of
/// every role and reach, against a member in each related unit, through
/// the API (bearer token) and the members page (session cookie). Listings
/// must hold exactly the allowed people.
#[tokio::test]
async fn the_authorisation_matrix_holds_over_http() {
    let app = start().await;
    let targets = [
        ("same unit", "51.71"),
        ("its parent", "51"),
        ("its child", "51.71.01"),
        ("deeper descendant", "51.71.01.1006"),
        ("sibling", "51.03"),
        ("unrelated", "35.78"),
        ("national", "kemenpanrb"),
    ];
    for (i, (_, unit)) in targets.iter().enumerate() {
        let m = Membership {
            unit: UnitCode::parse(unit).unwrap(),
            role: Role::Viewer,
            reach: Reach::Unit,
        };
        app.state
            .accounts
            .create_account(&format!("sasaran{i}@humas.go.id"), "Sasaran", PASSWORD, &m)
            .await
            .unwrap();
    }
    let (mut cells, mut leaks) = (0, 0);
    for (a, role) in Role::ALL.into_iter().enumerate() {
        for (b, reach) in Reach::ALL.into_iter().enumerate() {
            let email = format!("pelaku{a}{b}@denpasarkota.go.id");
            let m = Membership {
                unit: UnitCode::parse("51.71").unwrap(),
                role,
                reach,
            };
            app.state
                .accounts
                .create_account(&email, "Pelaku", PASSWORD, &m)
                .await
                .unwrap();
            let session = app.sign_in(&email).await;
            let (_, token) = mint_token(&app.state.accounts, &email, "matrix").await;
            for (t, (relation, unit)) in targets.iter().enumerate() {
                let covered = match reach {
                    Reach::Network => true,
                    Reach::Subtree => {
                        matches!(*relation, "same unit" | "its child" | "deeper descendant")
                    }
                    Reach::Unit => *relation == "same unit",
                };
                let target_email = format!("sasaran{t}@humas.go.id");
                // API: members of the target unit.
                let r = app
                    .client
                    .get(format!("{}/api/v1/members?unit={unit}", app.base))
                    .header("authorization", format!("Bearer {token}"))
                    .send()
                    .await
                    .unwrap();
                let seen = if r.status() == 200 {
                    let rows: serde_json::Value = r.json().await.unwrap();
                    let rows = rows.as_array().unwrap().clone();
                    if rows.iter().any(|m| m["unit_code"] != *unit) {
                        leaks += 1;
                    }
                    rows.iter().any(|m| m["email"] == target_email.as_str())
                } else {
                    assert_eq!(r.status(), 403);
                    false
                };
                if seen && !covered {
                    leaks += 1;
                }
                assert_eq!(seen, covered, "API members: {role} {reach:?} → {relation}");
                // API: the audit log about the target unit (editors and admins).
                let r = app
                    .client
                    .get(format!("{}/api/v1/audit?unit={unit}", app.base))
                    .header("authorization", format!("Bearer {token}"))
                    .send()
                    .await
                    .unwrap();
                let want = covered && role <= Role::Editor;
                let seen = r.status() == 200
                    && !r
                        .json::<serde_json::Value>()
                        .await
                        .unwrap()
                        .as_array()
                        .unwrap()
                        .is_empty();
                if seen && !want {
                    leaks += 1;
                }
                assert_eq!(seen, want, "API audit: {role} {reach:?} → {relation}");
                // Page: members of the target unit.
                let html = app
                    .get(&format!("/members?unit={unit}"), Some(&session))
                    .await
                    .text()
                    .await
                    .unwrap();
                let seen = html.contains(&target_email);
                if seen && !covered {
                    leaks += 1;
                }
                assert_eq!(seen, covered, "members page: {role} {reach:?} → {relation}");
                cells += 3;
            }
        }
    }
    println!("authorisation matrix over HTTP: {cells} cells, {leaks} leaks");
    assert_eq!((cells, leaks), (4 * 3 * 7 * 3, 0));
}

/// The token a page shows once, `snrg_…`.
fn token_in(html: &str) -> String {
    let start = html.find("snrg_").expect("a new token is shown");
    html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

#[tokio::test]
async fn the_token_form_offers_and_accepts_only_the_rights_one_holds() {
    let app = start().await;
    let editor = app.sign_in("redaksi@denpasarkota.go.id").await;
    let html = app
        .get("/account", Some(&editor))
        .await
        .text()
        .await
        .unwrap();
    for held in ["read_internal", "draft", "review", "accredit", "read_audit"] {
        assert!(
            html.contains(&format!("value=\"{held}\"")),
            "{held} offered"
        );
    }
    for not_held in ["manage_members", "manage_settings"] {
        assert!(
            !html.contains(&format!("value=\"{not_held}\"")),
            "{not_held} not offered"
        );
    }
    let csrf = form_token(&html, "csrf");
    // A right the editor does not hold, sent by hand: refused, in Indonesian.
    let refused = app
        .post_form(
            "/account/tokens",
            &editor,
            &[
                ("name", "Portal"),
                ("right", "read_internal"),
                ("right", "manage_members"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Token hanya dapat membawa hak yang Anda miliki sendiri"),
        "a field error in the reader's language"
    );
    assert!(html.contains("id=\"token-rights-error\""));
    assert!(html.contains("value=\"Portal\""), "the name is kept");
    assert!(!html.contains("snrg_"), "no token");
    // A right Sinergi does not know: refused, not dropped; in English here.
    let english = format!("{editor}; lang=en");
    let refused = app
        .post_form(
            "/account/tokens",
            &english,
            &[("name", "Portal"), ("right", "root"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("not a right Sinergi knows"), "{html}");
    assert!(!html.contains("snrg_"));
    let html = app
        .get("/account", Some(&editor))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("/revoke\""), "no token was minted");
    // What the editor holds is accepted.
    let made = app
        .post_form(
            "/account/tokens",
            &editor,
            &[("name", "Portal"), ("right", "review"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(made.status(), 201);
    assert!(made.text().await.unwrap().contains("snrg_"));
}

#[tokio::test]
async fn asking_too_often_for_a_reset_link_gets_a_clear_answer_that_reveals_nothing() {
    let app = start().await;
    let form = app.get("/forgot-password", None).await;
    let cookie = format!("sinergi_csrf={}", cookie_of(&form, "sinergi_csrf").unwrap());
    let csrf = form_token(&form.text().await.unwrap(), "csrf");
    let mut answers = Vec::new();
    for email in ["humas@baliprov.go.id", "tidak.ada@baliprov.go.id"] {
        let mut these = Vec::new();
        for _ in 0..4 {
            let r = app
                .post_form(
                    "/forgot-password",
                    &cookie,
                    &[("email", email), ("csrf", &csrf)],
                )
                .await;
            let status = r.status().as_u16();
            let html = r.text().await.unwrap();
            let said = if html.contains("Terlalu banyak permintaan tautan atur ulang")
                && html.contains("60 menit")
            {
                "too many"
            } else if html.contains("Jika alamat itu terdaftar") {
                "sent"
            } else {
                panic!("{html}")
            };
            these.push((status, said));
        }
        answers.push(these);
    }
    assert_eq!(
        answers[0],
        vec![
            (200, "sent"),
            (200, "sent"),
            (200, "sent"),
            (429, "too many")
        ]
    );
    assert_eq!(answers[0], answers[1], "the same for an unknown address");
    let english = app
        .post_form(
            "/forgot-password",
            &format!("{cookie}; lang=en"),
            &[("email", "humas@baliprov.go.id"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(english.status(), 429);
    assert!(
        english
            .text()
            .await
            .unwrap()
            .contains("Too many reset links were asked for")
    );
    let mails = app.db.store.outbox_entries(100).await.unwrap();
    assert_eq!(mails.len(), 3);
}

#[tokio::test]
async fn a_reset_says_it_revokes_the_api_tokens_and_does() {
    let app = start().await;
    let session = app.sign_in("humas@baliprov.go.id").await;
    let html = app
        .get("/account", Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("mengatur ulang kata sandi mencabut semua token Anda"));
    let csrf = form_token(&html, "csrf");
    let made = app
        .post_form(
            "/account/tokens",
            &session,
            &[
                ("name", "Portal"),
                ("right", "read_internal"),
                ("csrf", &csrf),
            ],
        )
        .await;
    let token = token_in(&made.text().await.unwrap());
    let me = |token: String| {
        app.client
            .get(format!("{}/api/v1/me", app.base))
            .header("authorization", format!("Bearer {token}"))
            .send()
    };
    assert_eq!(me(token.clone()).await.unwrap().status(), 200);

    app.state
        .accounts
        .request_password_reset("humas@baliprov.go.id", "id", None)
        .await
        .unwrap();
    let mails = app.db.store.outbox_entries(10).await.unwrap();
    let body = &mails.last().unwrap().body_text;
    let start = body.find("/reset/").unwrap() + "/reset/".len();
    let link: String = body[start..].split_whitespace().next().unwrap().to_owned();
    let form = app.get(&format!("/reset/{link}"), None).await;
    assert_eq!(form.status(), 200);
    let cookie = format!("sinergi_csrf={}", cookie_of(&form, "sinergi_csrf").unwrap());
    let html = form.text().await.unwrap();
    assert!(
        html.contains("mencabut semua token API Anda"),
        "the page says what a new password does"
    );
    let done = app
        .post_form(
            &format!("/reset/{link}"),
            &cookie,
            &[
                ("password", "teh manis di ubud sore"),
                ("csrf", &form_token(&html, "csrf")),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let next = done.headers()["location"].to_str().unwrap().to_owned();
    let html = app.get(&next, None).await.text().await.unwrap();
    assert!(
        html.contains("token API Anda dicabut"),
        "and says what it did"
    );
    assert_eq!(
        me(token).await.unwrap().status(),
        401,
        "the token is revoked"
    );
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_metrics_stay_on_this_machine() {
    let app = start().await;
    let fresh = app.get("/units/51", None).await;
    assert_eq!(fresh.status(), 200);
    let id = fresh.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 16, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    // A proxy's plain id is kept; anything else is replaced.
    let kept = app
        .get_with("/units/51", &[("x-request-id", "lb-7f3a.9")])
        .await;
    assert_eq!(kept.headers()["x-request-id"], "lb-7f3a.9");
    let replaced = app
        .get_with("/units/51", &[("x-request-id", "x\" level=error")])
        .await;
    assert_ne!(replaced.headers()["x-request-id"], "x\" level=error");

    // A public page rendered once, then answered by the cache in front of
    // routing: the hit is still counted under the page's route (a HEAD,
    // which no other test here sends there).
    assert_eq!(app.get("/press/51", None).await.status(), 200);
    let hit = app.client.head(app.url("/press/51")).send().await.unwrap();
    assert_eq!(hit.headers()["x-cache"], "hit");
    assert!(hit.headers().contains_key("x-request-id"));
    assert!(hit.headers().contains_key("content-security-policy"));

    let metrics = app.get("/metrics", None).await;
    assert_eq!(metrics.status(), 200);
    assert!(
        metrics.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = metrics.text().await.unwrap();
    for needle in [
        "sinergi_http_requests_total{route=\"/units/{code}\",method=\"GET\",status=\"200\"}",
        "sinergi_http_request_duration_seconds_bucket{route=\"/units/{code}\",le=\"0.005\"}",
        "sinergi_http_requests_total{route=\"/press/{code}\",method=\"HEAD\",status=\"200\"}",
        "sinergi_public_cache_lookups_total{result=\"hit\"}",
        "sinergi_db_pool_connections{state=\"open\"}",
        "sinergi_outbox_pending ",
        "sinergi_outbox_oldest_pending_age_seconds ",
        "sinergi_change_feed_seq ",
        "sinergi_projection_lag_changes{projection=\"campaigns\"}",
        "sinergi_projection_lag_seconds{projection=\"campaigns\"}",
        "sinergi_projection_lag_changes{projection=\"kinerja\"}",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
    // Through a reverse proxy, even one on this machine: refused.
    let proxied = app
        .get_with("/metrics", &[("x-forwarded-for", "203.0.113.9")])
        .await;
    assert_eq!(proxied.status(), 403);
}
