//! What an outside probe found, each as it was found: over a real port, on
//! SQLite or PostgreSQL. Every test here failed before its fix.

use serde_json::json;

use sinergi_testkit::app::{
    BALI_AND_SURABAYA, PASSWORD, TestApp, cookie_of, form_body, form_token,
};
use sinergi_testkit::fixtures::cast;

/// What only a draft held: it must never reach anyone outside the unit.
const DRAFT_SECRET: &str = "0812-3456-7890";

/// Tokens: a contributor of Kota Denpasar, an editor of Bali with its
/// subtree, an admin of East Java (an outsider to Bali).
const CONTRIBUTOR: usize = 0;
const EDITOR: usize = 1;
const OUTSIDER: usize = 2;

async fn start() -> TestApp {
    TestApp::start(
        BALI_AND_SURABAYA,
        &[
            cast::KONTRIBUTOR_DENPASAR,
            cast::REDAKSI_BALI,
            cast::HUMAS_JATIM,
        ],
    )
    .await
}

/// A page as a browser gets it: status, `Location` and body. (Local: the
/// tests here look at where a page sends the reader.)
async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String, String) {
    let resp = app.get(path, cookie).await;
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, resp.text().await.unwrap())
}

async fn moved(app: &TestApp, id: i64, token: usize, body: serde_json::Value) {
    let (s, r) = app
        .call(
            "POST",
            &format!("/api/v1/releases/{id}/transitions"),
            Some(token),
            Some(body),
        )
        .await;
    assert_eq!(s, 200, "{r}");
}

/// The revision matrix: revision (the draft, the released text, the
/// correction) × state (drafting, released, corrected) × reader (the
/// public, an officer of another province, the unit), on the API and the
/// pages. Only the texts that were public may be compared outside the unit.
#[tokio::test]
async fn only_public_texts_of_a_release_are_ever_compared_outside_its_unit() {
    let app = start().await;
    let draft = json!({
        "unit": "51.71",
        "title": "Layanan izin tiga hari",
        "lead": "Paragraf yang nanti ditolak redaksi.",
        "body": format!("Hubungi Pak Made di {DRAFT_SECRET} (nomor pribadi)."),
        "tags": ["pelayanan publik"],
    });
    let (s, created) = app
        .call("POST", "/api/v1/releases", Some(CONTRIBUTOR), Some(draft))
        .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let clean = json!({
        "version": 1,
        "title": "Layanan izin tiga hari",
        "lead": "Pemkot Denpasar memangkas waktu izin usaha.",
        "body": "Izin usaha kini selesai dalam tiga hari kerja.",
        "tags": ["pelayanan publik"],
    });
    let (s, r) = app
        .call(
            "PUT",
            &format!("/api/v1/releases/{id}"),
            Some(CONTRIBUTOR),
            Some(clean.clone()),
        )
        .await;
    assert_eq!(s, 200, "{r}");

    let pairs: Vec<(i64, i64)> = (1..=3).flat_map(|a| (1..=3).map(move |b| (a, b))).collect();
    let readers: [(&str, Option<usize>); 3] = [
        ("the public", None),
        ("another province", Some(OUTSIDER)),
        ("the unit", Some(CONTRIBUTOR)),
    ];
    // Returns (cells, leaks) for one state: `public` is the set of
    // versions outsiders may compare.
    let check = |public: Vec<i64>, state: &'static str| {
        let app = &app;
        let pairs = pairs.clone();
        async move {
            let mut cells = 0;
            for (who, token) in readers {
                for &(from, to) in &pairs {
                    let path = format!("/api/v1/releases/{id}/compare?from={from}&to={to}");
                    let (s, body) = app.call("GET", &path, token, None).await;
                    let newest = if state == "corrected" { 3 } else { 2 };
                    let exists = from <= newest && to <= newest;
                    let allowed = if token == Some(CONTRIBUTOR) {
                        exists
                    } else {
                        public.contains(&from) && public.contains(&to)
                    };
                    assert_eq!(
                        s == 200,
                        allowed,
                        "{state}: {who} comparing {from}..{to} got {s}: {body}"
                    );
                    if token != Some(CONTRIBUTOR) {
                        assert!(
                            !body.to_string().contains(DRAFT_SECRET),
                            "{state}: {who} read the draft through {path}"
                        );
                    }
                    cells += 1;
                }
                if token != Some(CONTRIBUTOR) {
                    let (_, shown) = app
                        .call("GET", &format!("/api/v1/releases/{id}"), token, None)
                        .await;
                    assert!(!shown.to_string().contains(DRAFT_SECRET), "{state}: {who}");
                    if state != "drafting" {
                        assert_eq!(shown["revisions"], json!(public), "{state}: {who}");
                    }
                }
            }
            // The pages, for the public.
            for &(from, to) in &pairs {
                let (s, _, html) = page(
                    app,
                    &format!("/releases/{id}/compare?from={from}&to={to}"),
                    None,
                )
                .await;
                assert_eq!(
                    s == 200,
                    public.contains(&from) && public.contains(&to),
                    "{state}: page compare {from}..{to} got {s}"
                );
                assert!(!html.contains(DRAFT_SECRET));
            }
            let (_, _, release_page) = page(app, &format!("/releases/{id}"), None).await;
            assert!(!release_page.contains(DRAFT_SECRET), "{state}");
            assert!(
                !release_page.contains("compare?from=1"),
                "{state}: the page links to a draft"
            );
            cells
        }
    };

    let mut cells = check(vec![], "drafting").await;
    moved(&app, id, CONTRIBUTOR, json!({"op": "submit", "version": 2})).await;
    moved(&app, id, EDITOR, json!({"op": "approve", "version": 2})).await;
    moved(&app, id, EDITOR, json!({"op": "release", "version": 2})).await;
    // Released and not corrected: nothing to compare for outsiders.
    cells += check(vec![], "released").await;
    let mut correction = clean.clone();
    correction["version"] = json!(2);
    correction["body"] = json!("Izin usaha kini selesai dalam dua hari kerja.");
    correction["correction_note"] = json!("Lama layanan diperbaiki: dua hari, bukan tiga.");
    let (s, r) = app
        .call(
            "PUT",
            &format!("/api/v1/releases/{id}"),
            Some(EDITOR),
            Some(correction),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    cells += check(vec![2, 3], "corrected").await;
    let (_, _, feed) = page(&app, "/feeds/unit/51.71.rss", None).await;
    assert!(feed.contains("dua hari kerja") || feed.contains("Layanan izin"));
    assert!(!feed.contains(DRAFT_SECRET));
    assert_eq!(cells, 3 * 3 * 9);
}

/// `next` is followed only when it is a path on this site: the table of
/// known bypasses, as sent in a query string, on the language switch and
/// right after a real sign-in.
#[tokio::test]
async fn no_next_leads_off_the_site() {
    let app = start().await;
    let bypasses = [
        "/%09/evil.example",
        "/%0d/evil.example",
        "/%0a/evil.example",
        "%09//evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "%5C%5Cevil.example",
        "/%252F/evil.example",
        "/%2F/evil.example",
        "https://evil.example",
        "/%EF%BC%8Fevil.example",
        "/%E2%88%95evil.example",
        "%20/evil.example",
    ];
    for bad in bypasses {
        let (s, location, _) = page(&app, &format!("/lang/en?next={bad}"), None).await;
        assert_eq!((s, location.as_str()), (303, "/"), "{bad}");
    }
    let (_, location, _) = page(&app, "/lang/en?next=/units/51.71", None).await;
    assert_eq!(location, "/units/51.71");

    for (next, expected) in [
        ("/%09/evil.example", "/account"),
        ("/press/51", "/press/51"),
    ] {
        let form = app
            .client
            .get(format!("{}/sign-in?next={next}", app.base))
            .send()
            .await
            .unwrap();
        let csrf_cookie = cookie_of(&form, "sinergi_csrf").unwrap();
        let html = form.text().await.unwrap();
        let done = app
            .client
            .post(format!("{}/sign-in", app.base))
            .header("cookie", format!("sinergi_csrf={csrf_cookie}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(&[
                ("email", "redaksi@baliprov.go.id"),
                ("password", PASSWORD),
                ("csrf", &form_token(&html, "csrf")),
                ("next", &form_token(&html, "next")),
            ]))
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 303, "{next}");
        assert_eq!(done.headers()["location"], expected, "{next}");
    }
}

/// A malformed cursor is the reader's mistake: a 400 page in their
/// language, on every listing page.
#[tokio::test]
async fn a_malformed_cursor_is_a_400_page_in_the_readers_language() {
    let app = start().await;
    let form = app
        .client
        .get(format!("{}/sign-in", app.base))
        .send()
        .await
        .unwrap();
    let csrf_cookie = cookie_of(&form, "sinergi_csrf").unwrap();
    let html = form.text().await.unwrap();
    let done = app
        .client
        .post(format!("{}/sign-in", app.base))
        .header("cookie", format!("sinergi_csrf={csrf_cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_body(&[
            ("email", "redaksi@baliprov.go.id"),
            ("password", PASSWORD),
            ("csrf", &form_token(&html, "csrf")),
        ]))
        .send()
        .await
        .unwrap();
    let session = format!(
        "sinergi_session={}",
        cookie_of(&done, "sinergi_session").unwrap()
    );
    for (path, signed_in) in [
        ("/press/51?cursor=AAAA", false),
        ("/units/51.71/releases?cursor=AAAA", false),
        ("/units/51/register?cursor='x", false),
        ("/gap?unit=51&subtree=1&cursor=x", true),
        ("/open-data/unit/51.csv?cursor=AAAA", false),
    ] {
        for (lang, words) in [("id", "Permintaan"), ("en", "request")] {
            let cookie = if signed_in {
                format!("{session}; lang={lang}")
            } else {
                format!("lang={lang}")
            };
            let (s, _, html) = page(&app, path, Some(&cookie)).await;
            assert_eq!(s, 400, "{path} ({lang})");
            assert!(html.contains(words), "{path} ({lang}): {html}");
        }
    }
}

/// Text that XML cannot carry is refused at the field, with the field
/// named, on every surface that takes text.
#[tokio::test]
async fn control_characters_are_refused_with_the_field_named() {
    let app = start().await;
    for (field, bad) in [
        ("title", "Banjir\u{0} Denpasar"),
        ("lead", "Ringkasan \u{b}vertikal"),
        ("body", "Isi \u{1b}[31m berwarna"),
        ("title", "Judul \u{ffff}"),
    ] {
        let mut body = json!({
            "unit": "51.71", "title": "Judul", "lead": "Ringkas", "body": "Isi",
        });
        body[field] = json!(bad);
        let (s, p) = app
            .call("POST", "/api/v1/releases", Some(CONTRIBUTOR), Some(body))
            .await;
        assert_eq!(s, 422, "{field}: {p}");
        assert_eq!(p["errors"][0]["field"], field, "{p}");
        assert_eq!(p["errors"][0]["code"], "field-control-chars", "{p}");
    }
    let (s, p) = app
        .call(
            "POST",
            "/api/v1/items",
            Some(CONTRIBUTOR),
            Some(
                json!({"unit": "51.71", "kind": "achievement", "title": "Capaian",
                "description": "Deskripsi\u{7}", "occurred_on": "2026-01-10"}),
            ),
        )
        .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "description");
    // Tabs and line breaks are text.
    let (s, p) = app
        .call(
            "POST",
            "/api/v1/releases",
            Some(CONTRIBUTOR),
            Some(
                json!({"unit": "51.71", "title": "Judul", "lead": "Baris satu\nbaris dua",
                "body": "Tabel:\tsatu\r\ndua"}),
            ),
        )
        .await;
    assert_eq!(s, 201, "{p}");
}

/// The site's scheme is part of its origin; HSTS and `Secure` only on
/// an https site; a permissions policy everywhere.
#[tokio::test]
async fn writes_from_another_origin_are_refused_scheme_included() {
    let app = start().await;
    let host = app.base.trim_start_matches("http://").to_owned();
    for (origin, refused) in [
        (format!("https://{host}"), true),
        ("https://evil.example".to_owned(), true),
        ("null".to_owned(), true),
        (format!("http://{host}"), false),
    ] {
        let form = app
            .client
            .get(format!("{}/sign-in", app.base))
            .send()
            .await
            .unwrap();
        let csrf_cookie = cookie_of(&form, "sinergi_csrf").unwrap();
        let html = form.text().await.unwrap();
        let r = app
            .client
            .post(format!("{}/sign-in", app.base))
            .header("origin", &origin)
            .header("cookie", format!("sinergi_csrf={csrf_cookie}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(&[
                ("email", "redaksi@baliprov.go.id"),
                ("password", PASSWORD),
                ("csrf", &form_token(&html, "csrf")),
            ]))
            .send()
            .await
            .unwrap();
        let expected = if refused { 403 } else { 303 };
        assert_eq!(r.status(), expected, "{origin}");
    }
    let r = app
        .client
        .get(format!("{}/", app.base))
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("permissions-policy"));
    assert!(
        !r.headers().contains_key("strict-transport-security"),
        "not on an http site"
    );
}

/// A random parameter neither makes a cache entry nor changes the answer.
#[tokio::test]
async fn random_query_strings_do_not_fill_the_public_cache() {
    let app = start().await;
    let first = app
        .client
        .get(format!("{}/open-data/subtree/51.csv", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["x-cache"], "miss");
    let canonical = first.text().await.unwrap();
    for i in 0..20 {
        let r = app
            .client
            .get(format!(
                "{}/open-data/subtree/51.csv?x={i}&utm_source=wa",
                app.base
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["x-cache"], "hit", "request {i}");
        assert_eq!(r.text().await.unwrap(), canonical);
    }
    let (s, _, _) = page(&app, "/press/51?scope=subtree&junk=1", None).await;
    assert_eq!(s, 200);
    let again = app
        .client
        .get(format!("{}/press/51?junk=2&scope=subtree", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers()["x-cache"], "hit");
}
