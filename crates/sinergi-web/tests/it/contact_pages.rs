//! "Kontak & media" through the pages, in process: an officer finds it in
//! the navigation, a refused contact comes back with what was typed and
//! the message in the reader's language, consent and a subscription are
//! recorded, a published release is e-mailed and its delivery shows on
//! the release page; the one-click unsubscribe link works without a form
//! token (RFC 8058) and a GET never unsubscribes.

use sinergi_domain::access::{Reach, Role};
use sinergi_testkit::app::{InProcessApp, Session, Setup, encode, request};

const AUTHOR: &str = "kontributor@denpasarkota.go.id";
const EDITOR: &str = "redaksi@denpasarkota.go.id";

async fn start() -> InProcessApp {
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people(&[
            (AUTHOR, "51.71", Role::Contributor, Reach::Unit),
            (EDITOR, "51.71", Role::Editor, Reach::Unit),
        ])
        .await;
    setup.in_process()
}

async fn post_in(
    app: &InProcessApp,
    who: &Session,
    lang: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> sinergi_testkit::app::Resp {
    let mut body = format!("csrf={}", encode(&who.csrf));
    for (k, v) in fields {
        body.push_str(&format!("&{}={}", encode(k), encode(v)));
    }
    request(
        &app.router,
        "POST",
        path,
        Some(format!("{}; lang={lang}", who.cookie)),
        Some("application/x-www-form-urlencoded".into()),
        body.into_bytes(),
    )
    .await
}

#[tokio::test]
async fn an_officer_keeps_a_contact_who_then_gets_the_release_and_can_leave_in_one_click() {
    let app = start().await;
    let officer = app.sign_in(AUTHOR).await;
    let editor = app.sign_in(EDITOR).await;

    let home = app.get("/", Some(&officer)).await;
    assert!(
        home.body.contains("href=\"/contacts\""),
        "in the navigation"
    );
    assert!(
        home.body.contains("Kontak &"),
        "named in the reader's language"
    );
    let list = app.get("/contacts", Some(&officer)).await;
    assert_eq!(list.status, 200);
    assert!(
        app.get("/contacts", None).await.status >= 300,
        "signed in only"
    );

    // Refused, in both languages, with the typed values kept.
    let bad = [
        ("name", "Ni Luh Sari"),
        ("email", "bukan-alamat"),
        ("kind", "journalist"),
    ];
    let en = post_in(&app, &officer, "en", "/contacts/new", &bad).await;
    assert_eq!(en.status, 422);
    assert!(en.body.contains("is not an e-mail address"), "{}", en.body);
    assert!(en.body.contains("value=\"Ni Luh Sari\""));
    let id_ = post_in(&app, &officer, "id", "/contacts/new", &bad).await;
    assert!(id_.body.contains("bukan alamat e-mail"));

    let good = [
        ("name", "Ni Luh Sari"),
        ("email", "sari@warta.example"),
        ("kind", "journalist"),
        ("time_zone", "WITA"),
    ];
    let created = app.post_form("/contacts/new", &officer, &good).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let contact = created.header("location");
    let contact = contact.split('?').next().unwrap().to_owned();
    let consent = app
        .post_form(
            &format!("{contact}/consent"),
            &officer,
            &[
                ("purpose", "distribution"),
                ("basis", "consent"),
                ("channel", "form"),
                ("evidence", "Formulir"),
            ],
        )
        .await;
    assert_eq!(consent.status, 303, "{}", consent.body);
    let sub = app
        .post_form(
            &format!("{contact}/subscriptions"),
            &officer,
            &[("target", "subtree"), ("unit", "51")],
        )
        .await;
    assert_eq!(sub.status, 303, "{}", sub.body);
    let page = app.get(&contact, Some(&officer)).await;
    assert!(page.body.contains("Formulir"));

    let release = app
        .new_release(
            &officer,
            &[
                ("unit", "51.71"),
                ("title", "Taman Kota Dibuka"),
                ("lead", "Ringkas."),
                ("body", "Isi."),
                ("language", "id"),
            ],
        )
        .await;
    app.publish(release, &officer, &editor, None).await;
    let mail = app.db.store.outbox_entries(100).await.unwrap();
    let mail: Vec<_> = mail
        .into_iter()
        .filter(|m| m.recipient == "sari@warta.example")
        .collect();
    assert_eq!(mail.len(), 1);
    let shown = app
        .get(&format!("/releases/{release}"), Some(&editor))
        .await;
    let shown = if shown.status == 308 {
        app.get(&shown.header("location"), Some(&editor)).await
    } else {
        shown
    };
    assert!(
        shown.body.contains("deliveries-title"),
        "editors see the delivery"
    );
    assert!(shown.body.contains("sari@warta.example"));

    let headers: Vec<(String, String)> =
        serde_json::from_str(mail[0].headers.as_deref().unwrap()).unwrap();
    let url = headers[0].1.trim_matches(['<', '>']).to_owned();
    let path = &url[url.find("/unsubscribe/").unwrap()..];
    // A link scanner's GET changes nothing.
    let confirm = app.get(path, None).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("method=\"post\""));
    let contact_id: i64 = contact.rsplit('/').next().unwrap().parse().unwrap();
    let subs = app
        .db
        .store
        .subscriptions_of(sinergi_domain::ContactId::new(contact_id))
        .await
        .unwrap();
    assert_eq!(subs.len(), 1);
    // The mail provider's POST: no cookie, no form token.
    let done = request(
        &app.router,
        "POST",
        path,
        None,
        Some("application/x-www-form-urlencoded".into()),
        b"List-Unsubscribe=One-Click".to_vec(),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let subs = app
        .db
        .store
        .subscriptions_of(sinergi_domain::ContactId::new(contact_id))
        .await
        .unwrap();
    assert!(subs.is_empty());
    let forged = request(
        &app.router,
        "POST",
        "/unsubscribe/1.AAAA",
        None,
        None,
        Vec::new(),
    )
    .await;
    assert_eq!(forged.status, 404);
}

/// A journalist follows a tag in a daily digest from the portal, an
/// officer subscribes a contact the same way on the contact's page; the
/// tags offered are those in use; a wrong hour comes back with the
/// message in the reader's language and the choices kept.
#[tokio::test]
async fn a_tag_in_a_daily_digest_is_followed_from_the_portal_and_a_contacts_page() {
    use sinergi_testkit::fixtures::{Journalist, journalist};
    let app = start().await;
    let officer = app.sign_in(AUTHOR).await;
    let editor = app.sign_in(EDITOR).await;
    let release = app
        .new_release(
            &officer,
            &[
                ("unit", "51.71"),
                ("title", "Festival Budaya Denpasar"),
                ("lead", "Ringkas."),
                ("body", "Isi."),
                ("language", "id"),
                ("tags", "Pariwisata"),
            ],
        )
        .await;
    app.publish(release, &officer, &editor, None).await;

    journalist(
        &app.state.accounts,
        &app.db.store,
        &Journalist {
            granter: EDITOR,
            email: "sari@warta.example",
            name: "Sari",
            outlet: "Warta Bali",
            unit: "51.71",
            reach: Reach::Unit,
            password: "kata-sandi-wartawan-panjang",
        },
    )
    .await;
    let j = app
        .sign_in_with("sari@warta.example", "kata-sandi-wartawan-panjang")
        .await;
    let portal = app.get("/portal", Some(&j)).await;
    assert_eq!(portal.status, 200);
    for needle in [
        "<option value=\"pariwisata\"",
        "id=\"s-delivery-digest\"",
        "id=\"s-digest_hour\"",
        "<option value=\"tag\"",
    ] {
        assert!(portal.body.contains(needle), "{needle}");
    }
    let fields = [
        ("target", "tag"),
        ("tag", "pariwisata"),
        ("delivery", "digest"),
        ("digest_hour", "99"),
    ];
    let bad = post_in(&app, &j, "en", "/portal/follow", &fields).await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("must be an hour from 0 to 23"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("value=\"pariwisata\" selected"));
    assert!(bad.body.contains("value=\"digest\" checked"));
    let mut fields = fields;
    fields[3] = ("digest_hour", "6");
    let ok = app.post_form("/portal/follow", &j, &fields).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let portal = app.get("/portal", Some(&j)).await;
    assert!(
        portal
            .body
            .contains("Tag: pariwisata · ringkasan harian pukul 06:00 WIB"),
        "{}",
        portal.body
    );

    // The officer, on a contact with consent.
    let created = app
        .post_form(
            "/contacts/new",
            &officer,
            &[
                ("name", "Komang"),
                ("email", "komang@kabar.example"),
                ("kind", "journalist"),
                ("time_zone", "WITA"),
            ],
        )
        .await;
    let contact = created.header("location");
    let contact = contact.split('?').next().unwrap().to_owned();
    app.post_form(
        &format!("{contact}/consent"),
        &officer,
        &[
            ("purpose", "distribution"),
            ("basis", "consent"),
            ("channel", "form"),
            ("evidence", "Formulir"),
        ],
    )
    .await;
    let sub = app
        .post_form(
            &format!("{contact}/subscriptions"),
            &officer,
            &[
                ("target", "tag"),
                ("tag", "pariwisata"),
                ("delivery", "digest"),
                ("digest_hour", "7"),
            ],
        )
        .await;
    assert_eq!(sub.status, 303, "{}", sub.body);
    let page = app.get(&contact, Some(&officer)).await;
    assert!(
        page.body
            .contains("Tag: pariwisata · ringkasan harian pukul 07:00 WITA"),
        "{}",
        page.body
    );
}

/// The id in a contact page's address (`/contacts/7?done=created`).
fn contact_id(location: &str) -> String {
    location
        .trim_start_matches("/contacts/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_duplicate_is_merged_from_the_kept_contacts_page_after_a_preview() {
    let app = start().await;
    let officer = app.sign_in(AUTHOR).await;
    let first = [
        ("name", "Ni Luh Sari"),
        ("email", "sari@warta.example"),
        ("kind", "journalist"),
    ];
    let kept = app.post_form("/contacts/new", &officer, &first).await;
    assert_eq!(kept.status, 303, "{}", kept.body);
    let kept = contact_id(&kept.header("location"));
    // The same address again: refused as a possible duplicate, then
    // added when the officer says it is someone else.
    let second = [
        ("name", "Luh Sari"),
        ("email", "sari@warta.example"),
        ("phone", "081234567800"),
        ("kind", "journalist"),
    ];
    let refused = app.post_form("/contacts/new", &officer, &second).await;
    assert_eq!(refused.status, 422);
    let mut confirmed = second.to_vec();
    confirmed.push(("confirm", "1"));
    let dup = app.post_form("/contacts/new", &officer, &confirmed).await;
    assert_eq!(dup.status, 303, "{}", dup.body);
    let dup = contact_id(&dup.header("location"));

    let page = app.get(&format!("/contacts/{kept}"), Some(&officer)).await;
    let review = format!("/contacts/{kept}/merge/{dup}");
    assert!(
        page.body.contains(&format!("href=\"{review}\"")),
        "{}",
        page.body
    );
    let preview = app.get(&review, Some(&officer)).await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("081234567800"));
    assert!(preview.body.contains("name=\"keep_version\" value=\"1\""));
    // Merging a contact with itself: said in the reader's language.
    let same = app
        .get(&format!("/contacts/{kept}/merge/{kept}"), Some(&officer))
        .await;
    assert_eq!(same.status, 400);
    assert!(
        same.body.contains("dengan dirinya sendiri"),
        "{}",
        same.body
    );

    // Someone edits the kept contact meanwhile: the merge is refused, the
    // page shows both as they now stand, and nothing moved.
    let edit = [
        ("version", "1"),
        ("name", "Ni Luh Sari"),
        ("email", "sari@warta.example"),
        ("role_title", "Redaktur"),
        ("kind", "journalist"),
    ];
    let saved = app
        .post_form(&format!("/contacts/{kept}/edit"), &officer, &edit)
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let versions = [("keep_version", "1"), ("other_version", "1")];
    let stale = post_in(&app, &officer, "en", &review, &versions).await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("Someone changed one of the contacts"));
    assert!(stale.body.contains("name=\"keep_version\" value=\"2\""));
    assert_eq!(
        app.get(&format!("/contacts/{dup}"), Some(&officer))
            .await
            .status,
        200
    );

    let versions = [("keep_version", "2"), ("other_version", "1")];
    let merged = app.post_form(&review, &officer, &versions).await;
    assert_eq!(merged.status, 303, "{}", merged.body);
    assert_eq!(
        merged.header("location"),
        format!("/contacts/{kept}?done=merged")
    );
    let page = app
        .get(&format!("/contacts/{kept}?done=merged"), Some(&officer))
        .await;
    assert!(page.body.contains("Digabung dari"));
    assert!(page.body.contains("Luh Sari (#"));
    assert!(page.body.contains("081234567800"));
    // The duplicate's address leads to the kept contact.
    let old = app.get(&format!("/contacts/{dup}"), Some(&officer)).await;
    assert_eq!(old.status, 303);
    assert_eq!(old.header("location"), format!("/contacts/{kept}"));
}
