//! Press rooms, the widget, the release page's metadata and PR office
//! contacts over a real port, on SQLite or PostgreSQL: what the public sees,
//! the embargo to the second (with a fixed clock), who may change contacts.

use reqwest::header::{CONTENT_SECURITY_POLICY, SET_COOKIE, X_FRAME_OPTIONS};
use serde_json::{Value, json};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::cast;

use sinergi_testkit::app::{BALI_AND_SURABAYA, TestApp, form_body, form_token};

const SECOND: i64 = 1_000_000;

/// Accounts, in order: an editor of Bali with its subtree, an admin of
/// Kota Denpasar, an admin of East Java, an admin of Bali with its subtree.
const EDITOR_BALI: usize = 0;
const ADMIN_DENPASAR: usize = 1;
const ADMIN_JATIM: usize = 2;
const ADMIN_BALI: usize = 3;

async fn start() -> TestApp {
    TestApp::start(
        BALI_AND_SURABAYA,
        &[
            cast::REDAKSI_BALI,
            cast::ADMIN_DENPASAR,
            cast::HUMAS_JATIM,
            cast::ADMIN_BALI,
        ],
    )
    .await
}

/// A page, as the public (or as member `who`, signed in) sees it, with its
/// headers. (Local: the tests here read caching and framing headers.)
async fn page(
    app: &TestApp,
    path: &str,
    who: Option<usize>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let resp = app
        .get(path, who.map(|w| app.members[w].cookie.as_str()))
        .await;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.unwrap())
}

async fn page_html(app: &TestApp, path: &str) -> String {
    let (s, _, body) = page(app, path, None).await;
    assert_eq!(s, 200, "{path}: {body}");
    body
}

/// Creates a release in `unit` and takes it through review to release.
async fn publish(app: &TestApp, unit: &str, title: &str, mode: &str, at: Option<i64>) -> i64 {
    let (s, created) = app
        .call(
            "POST",
            "/api/v1/releases",
            Some(EDITOR_BALI),
            Some(
                json!({"unit": unit, "title": title, "lead": format!("Ringkasan {title}."),
                "body": "Isi rilis.", "tags": ["banjir"]}),
            ),
        )
        .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let moves = format!("/api/v1/releases/{id}/transitions");
    for op in ["submit", "approve"] {
        let (s, p) = app
            .call(
                "POST",
                &moves,
                Some(EDITOR_BALI),
                Some(json!({"op": op, "version": 1})),
            )
            .await;
        assert_eq!(s, 200, "{op}: {p}");
    }
    let mut body = json!({"op": "release", "version": 1, "mode": mode});
    if let Some(t) = at {
        body["at"] = json!(jiff::Timestamp::from_microsecond(t).unwrap().to_string());
    }
    let (s, p) = app
        .call("POST", &moves, Some(EDITOR_BALI), Some(body))
        .await;
    assert_eq!(s, 200, "release: {p}");
    id
}

async fn draft(app: &TestApp, unit: &str, title: &str) -> i64 {
    let (s, created) = app
        .call(
            "POST",
            "/api/v1/releases",
            Some(EDITOR_BALI),
            Some(json!({"unit": unit, "title": title, "lead": "Belum terbit.", "body": "x"})),
        )
        .await;
    assert_eq!(s, 201, "{created}");
    created["id"].as_i64().unwrap()
}

async fn release_path(app: &TestApp, id: i64) -> String {
    let resp = app
        .get(
            &format!("/releases/{id}"),
            Some(&app.members[EDITOR_BALI].cookie),
        )
        .await;
    resp.headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_else(|| format!("/releases/{id}"))
}

/// HTML text back to what it says (the entities askama writes).
fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> Option<Value> {
    let marker = "<script type=\"application/ld+json\">";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find("</script>")? + start;
    Some(serde_json::from_str(&html[start..end]).expect("JSON-LD parses"))
}

fn meta_content(html: &str, attr: &str, key: &str) -> Option<String> {
    let marker = format!("<meta {attr}=\"{key}\" content=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_owned())
}

#[tokio::test]
async fn press_rooms_list_what_is_public_by_unit_and_subtree_and_hold_the_embargo_to_the_second() {
    let app = start().await;
    publish(&app, "51.71", "Rilis Denpasar Satu", "now", None).await;
    let badung = publish(&app, "51.03", "Rilis Badung Bersih", "now", None).await;
    publish(&app, "51", "Rilis Provinsi Bali", "now", None).await;
    let lift = TEST_NOW + 3600 * SECOND;
    publish(
        &app,
        "51.71",
        "Rilis Embargo Denpasar",
        "embargo",
        Some(lift),
    )
    .await;
    publish(
        &app,
        "51.71",
        "Rilis Terjadwal Denpasar",
        "scheduled",
        Some(lift + 60 * SECOND),
    )
    .await;
    draft(&app, "51.71", "Draf Rahasia Denpasar").await;
    let (s, p) = app
        .call(
            "POST",
            &format!("/api/v1/releases/{badung}/amplifications"),
            Some(EDITOR_BALI),
            Some(json!({"unit": "51.71"})),
        )
        .await;
    assert_eq!(s, 201, "{p}");

    let room = page_html(&app, "/press/51.71").await;
    assert!(room.contains("Rilis Denpasar Satu"));
    assert!(room.contains("Rilis Badung Bersih"), "the carried story");
    assert!(
        room.contains("Siaran pers unit lain yang diperkuat"),
        "carried section"
    );
    for hidden in [
        "Rilis Embargo Denpasar",
        "Rilis Terjadwal Denpasar",
        "Draf Rahasia Denpasar",
        "Rilis Provinsi Bali",
    ] {
        assert!(!room.contains(hidden), "{hidden} must not show");
    }
    assert!(room.contains(
        r#"<link rel="alternate" type="application/rss+xml" title="Kota Denpasar (RSS)" href="/feeds/unit/51.71.rss">"#
    ));
    assert!(room.contains(r#"href="/feeds/unit/51.71.atom""#));
    assert!(room.contains(r#"href="/feeds/unit/51.71.json""#));
    assert!(!room.contains("htmx"), "a press room needs no script");

    let badung_room = page_html(&app, "/press/51.03").await;
    assert!(badung_room.contains("Diperkuat oleh: Kota Denpasar"));

    let province = page_html(&app, "/press/51").await;
    assert!(province.contains("Rilis Provinsi Bali"));
    assert!(
        !province.contains("Rilis Denpasar Satu"),
        "unit scope by default"
    );
    assert!(province.contains("Se-Provinsi Bali"), "the subtree choice");

    let whole = page_html(&app, "/press/51?scope=subtree").await;
    for t in [
        "Rilis Provinsi Bali",
        "Rilis Denpasar Satu",
        "Rilis Badung Bersih",
    ] {
        assert!(whole.contains(t), "{t} in the subtree");
    }
    assert!(!whole.contains("Rilis Embargo Denpasar"));
    assert!(whole.contains(r#"<option value="51.71">Kota Denpasar</option>"#));
    assert!(whole.contains(r#"href="/feeds/subtree/51.rss""#));

    let badung_only = page_html(&app, "/press/51?scope=subtree&child=51.03").await;
    assert!(badung_only.contains("Rilis Badung Bersih"));
    assert!(!badung_only.contains("Rilis Denpasar Satu"));
    assert!(!badung_only.contains("Rilis Provinsi Bali"));
    assert!(badung_only.contains(r#"<option value="51.03" selected>"#));
    let ignored = page_html(&app, "/press/51?scope=subtree&child=35.78").await;
    assert!(
        ignored.contains("Rilis Provinsi Bali"),
        "a unit outside the subtree does not narrow it"
    );

    let english = app
        .client
        .get(format!("{}/press/51?scope=subtree", app.base))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("Across Bali Province"));
    assert!(english.contains("Latest releases"));

    // The embargo, to the second, on the room and the widget.
    app.clock.set(lift - SECOND);
    assert!(
        !page_html(&app, "/press/51.71")
            .await
            .contains("Rilis Embargo Denpasar")
    );
    assert!(
        !page_html(&app, "/embed/unit/51.71")
            .await
            .contains("Rilis Embargo Denpasar")
    );
    assert!(
        !page_html(&app, "/press/51?scope=subtree")
            .await
            .contains("Rilis Embargo Denpasar")
    );
    app.clock.set(lift);
    assert!(
        page_html(&app, "/press/51.71")
            .await
            .contains("Rilis Embargo Denpasar")
    );
    assert!(
        page_html(&app, "/embed/unit/51.71")
            .await
            .contains("Rilis Embargo Denpasar")
    );
    assert!(
        page_html(&app, "/press/51?scope=subtree")
            .await
            .contains("Rilis Embargo Denpasar")
    );
    assert!(
        !page_html(&app, "/press/51.71")
            .await
            .contains("Rilis Terjadwal Denpasar")
    );
    app.clock.set(lift + 60 * SECOND);
    assert!(
        page_html(&app, "/press/51.71")
            .await
            .contains("Rilis Terjadwal Denpasar")
    );
}

#[tokio::test]
async fn a_public_release_page_carries_open_graph_json_ld_and_canonical_only_once_public() {
    let app = start().await;
    let lift = TEST_NOW + 3600 * SECOND;
    let title = "Banjir </script><script>alert(1)</script> & surut";
    let id = publish(&app, "51.71", title, "embargo", Some(lift)).await;
    let path = release_path(&app, id).await;

    app.clock.set(lift - SECOND);
    let (s, _, public) = page(&app, &path, None).await;
    assert_eq!(s, 404);
    assert!(!public.contains("og:title"));
    let (s, _, internal) = page(&app, &path, Some(EDITOR_BALI)).await;
    assert_eq!(s, 200);
    assert!(internal.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
    assert!(
        !internal.contains("og:"),
        "no preview tags before the embargo lifts"
    );
    assert!(json_ld(&internal).is_none());
    assert!(!internal.contains("rel=\"canonical\""));

    app.clock.set(lift);
    let html = page_html(&app, &path).await;
    assert!(!html.contains("noindex"));
    let url = format!("{}{path}", app.base);
    assert!(html.contains(&format!(r#"<link rel="canonical" href="{url}">"#)));
    assert_eq!(
        meta_content(&html, "property", "og:type").as_deref(),
        Some("article")
    );
    assert_eq!(meta_content(&html, "property", "og:url"), Some(url.clone()));
    assert_eq!(
        meta_content(&html, "property", "article:published_time").as_deref(),
        Some("2026-06-04T10:00:00+08:00")
    );
    assert_eq!(
        meta_content(&html, "property", "og:locale").as_deref(),
        Some("id_ID")
    );
    assert_eq!(
        meta_content(&html, "name", "twitter:card").as_deref(),
        Some("summary")
    );
    assert!(!html.contains("<script>alert(1)"), "the title stays text");
    let ld = json_ld(&html).expect("a JSON-LD block");
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["name"], title, "the title survives escaping intact");
    assert_eq!(ld["headline"], title);
    assert_eq!(ld["description"], format!("Ringkasan {title}."));
    assert_eq!(ld["datePublished"], "2026-06-04T10:00:00+08:00");
    assert!(
        ld["dateModified"]
            .as_str()
            .unwrap()
            .starts_with("2026-06-04T")
    );
    assert_eq!(ld["author"]["@type"], "GovernmentOrganization");
    assert_eq!(ld["author"]["name"], "Kota Denpasar");
    assert_eq!(ld["publisher"]["@type"], "GovernmentOrganization");
    assert_eq!(ld["mainEntityOfPage"]["@id"], url.as_str());
    assert_eq!(ld["url"], url.as_str());
    assert_eq!(ld["inLanguage"], "id");
    assert!(ld.get("isBasedOn").is_none());
    // Share links are plain links; nothing loads from elsewhere.
    assert!(html.contains("https://wa.me/?text="));
    assert!(html.contains("https://t.me/share/url?url="));
    assert!(!html.contains("<script src=\"http"));
    assert!(!html.contains("htmx"), "a release page loads no htmx");
    assert!(
        html.contains(r#"href="/press/51.71""#),
        "links its press room"
    );

    // An amplification points search engines to the original.
    let (s, amp) = app
        .call(
            "POST",
            &format!("/api/v1/releases/{id}/amplifications"),
            Some(EDITOR_BALI),
            Some(json!({"unit": "51.03"})),
        )
        .await;
    assert_eq!(s, 201, "{amp}");
    let amp_path = release_path(&app, amp["id"].as_i64().unwrap()).await;
    let amp_html = page_html(&app, &amp_path).await;
    assert!(amp_html.contains(&format!(r#"<link rel="canonical" href="{url}">"#)));
    let amp_ld = json_ld(&amp_html).unwrap();
    assert_eq!(amp_ld["isBasedOn"], url.as_str());
    assert_eq!(amp_ld["author"]["name"], "Kabupaten Badung");
    assert_eq!(amp_ld["url"], format!("{}{amp_path}", app.base).as_str());
}

#[tokio::test]
async fn the_widget_is_a_small_frameable_document_without_cookies() {
    let app = start().await;
    for n in 1..=3 {
        publish(&app, "51.71", &format!("Kabar Denpasar {n}"), "now", None).await;
        app.clock.set(TEST_NOW + n * SECOND);
    }
    draft(&app, "51.71", "Draf Widget").await;
    let resp = app
        .client
        .get(format!(
            "{}/embed/unit/51.71?limit=2&lang=en&theme=dark",
            app.base
        ))
        .header(
            "cookie",
            format!("{}; lang=id", app.members[ADMIN_DENPASAR].cookie),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    assert!(h.get(SET_COOKIE).is_none());
    assert!(h.get(X_FRAME_OPTIONS).is_none(), "any site may frame it");
    let csp = h.get(CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("frame-ancestors"));
    assert!(!csp.contains("unsafe-inline"));
    let doc = resp.text().await.unwrap();
    assert!(doc.contains("Kabar Denpasar 3") && doc.contains("Kabar Denpasar 2"));
    assert!(!doc.contains("Kabar Denpasar 1"), "limit 2, newest first");
    assert!(!doc.contains("Draf Widget"));
    assert!(
        doc.contains(r#"<html lang="en" class="dark">"#),
        "language from the query only"
    );
    assert!(doc.contains(r#"target="_blank""#));
    assert!(
        !doc.contains("<script") && !doc.contains("style="),
        "no script, no inline style"
    );
    assert!(
        doc.contains(&format!("href=\"{}/releases/", app.base)),
        "absolute links"
    );
    let css_path = doc
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let css = app
        .client
        .get(format!("{}{css_path}", app.base))
        .send()
        .await
        .unwrap();
    let css_len = css.bytes().await.unwrap().len();

    let (s, h, js) = page(&app, "/widget.js", Some(ADMIN_DENPASAR)).await;
    assert_eq!(s, 200);
    assert!(h.get(SET_COOKIE).is_none());
    assert!(
        h["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(!js.contains("eval(") && !js.contains(".style") && !js.contains("'style'"));
    let total = doc.len() + css_len + js.len();
    assert!(total < 15 * 1024, "widget bytes: {total}");

    assert!(
        page_html(&app, "/embed/subtree/51")
            .await
            .contains("Kabar Denpasar 3")
    );
    assert!(
        page_html(&app, "/embed/tag/Banjir")
            .await
            .contains("Kabar Denpasar 3")
    );
    let (s, h, _) = page(&app, "/embed/unit/99.99", None).await;
    assert_eq!(s, 404);
    assert!(h.get(X_FRAME_OPTIONS).is_none());
    let (_, h, _) = page(&app, "/press/51.71", None).await;
    assert_eq!(h[X_FRAME_OPTIONS], "DENY", "other pages stay unframeable");

    let builder = page_html(
        &app,
        "/widget?kind=unit&key=51.71&limit=3&lang=en&theme=dark",
    )
    .await;
    let builder = unescape(&builder);
    assert!(builder.contains(&format!(
        "<iframe src=\"{}/embed/unit/51.71?limit=3&lang=en&theme=dark\"",
        app.base
    )));
    assert!(builder.contains(&format!(
        "<script src=\"{}/widget.js\" data-sinergi-unit=\"51.71\" data-limit=\"3\" data-lang=\"en\" data-theme=\"dark\" async></script>",
        app.base
    )));
    assert!(builder.contains(
        r#"<iframe class="widget-preview" src="/embed/unit/51.71?limit=3&lang=en&theme=dark""#
    ));
    let search = page_html(&app, "/widget?q=denpasar").await;
    assert!(
        search.contains(r#"value="51.71" checked"#),
        "the first match is chosen"
    );
}

#[tokio::test]
async fn contact_details_are_changed_by_admins_of_the_unit_or_above_and_validated() {
    let app = start().await;
    let path = "/api/v1/units/51.71/contact";
    let (s, empty) = app.call("GET", path, None, None).await;
    assert_eq!(s, 200);
    assert_eq!(empty["email"], "");
    assert_eq!(empty["updated_at"], Value::Null);
    let good = json!({"office_name": "Bagian Humas (contoh)", "email": "humas@denpasarkota.example",
        "phone": "+62 361 000000", "address": "Jl. Contoh 1", "website": "https://denpasarkota.example/"});
    assert_eq!(app.call("PUT", path, None, Some(good.clone())).await.0, 401);
    assert_eq!(
        app.call("PUT", path, Some(ADMIN_JATIM), Some(good.clone()))
            .await
            .0,
        403
    );
    assert_eq!(
        app.call("PUT", path, Some(EDITOR_BALI), Some(good.clone()))
            .await
            .0,
        403,
        "editing contacts is an admin's right"
    );
    let (s, p) = app
        .call(
            "PUT",
            path,
            Some(ADMIN_DENPASAR),
            Some(json!({"email": "humas at denpasar", "phone": "12", "website": "javascript:alert(1)"})),
        )
        .await;
    assert_eq!(s, 422, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "phone", "website"]);
    assert_eq!(
        app.call("GET", path, None, None).await.1["email"],
        "",
        "nothing stored"
    );
    let (s, saved) = app
        .call("PUT", path, Some(ADMIN_BALI), Some(good.clone()))
        .await;
    assert_eq!(s, 200, "an admin above may: {saved}");
    assert_eq!(saved["email"], "humas@denpasarkota.example");
    assert_eq!(saved["updated_at"], "2026-06-04T01:00:00Z");
    assert_eq!(
        app.call("GET", "/api/v1/units/99.99/contact", None, None)
            .await
            .0,
        404
    );

    // The form: CSRF, errors per field in the reader's language, nothing lost.
    let form_path = "/press/51.71/contact";
    let (s, _, _) = page(&app, form_path, None).await;
    assert_ne!(s, 200, "signed-out readers get no form");
    let (s, _, _) = page(&app, form_path, Some(ADMIN_JATIM)).await;
    assert_eq!(s, 403);
    let (s, _, form) = page(&app, form_path, Some(ADMIN_DENPASAR)).await;
    assert_eq!(s, 200);
    assert!(
        form.contains("humas@denpasarkota.example"),
        "the current details"
    );
    let csrf = form_token(&form, "csrf");
    let post = |fields: Vec<(&'static str, String)>| {
        app.client
            .post(format!("{}{form_path}", app.base))
            .header("cookie", &app.members[ADMIN_DENPASAR].cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(
                &fields
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .collect::<Vec<_>>(),
            ))
            .send()
    };
    let resp = post(vec![
        ("csrf", "wrong".into()),
        ("email", "a@b.example".into()),
    ])
    .await
    .unwrap();
    assert_eq!(resp.status(), 403);
    let resp = post(vec![
        ("csrf", csrf.clone()),
        ("office_name", "Humas Denpasar (contoh)".into()),
        ("email", "bukan surel".into()),
        ("phone", "0361 222 387".into()),
        ("address", "Jl. Contoh 2".into()),
        ("website", "denpasarkota.example".into()),
    ])
    .await
    .unwrap();
    assert_eq!(resp.status(), 422);
    let again = resp.text().await.unwrap();
    assert!(again.contains("Tulis alamat surel seperti humas@contoh.go.id."));
    assert!(again.contains("Tulis alamat yang diawali https:// atau http://."));
    assert!(
        again.contains(r#"value="bukan surel""#),
        "what was typed stays"
    );
    assert!(again.contains(r#"value="Humas Denpasar (contoh)""#));
    assert!(
        again.contains(r##"href="#contact-email""##),
        "the summary links the field"
    );
    let resp = post(vec![
        ("csrf", csrf.clone()),
        ("office_name", "Humas Denpasar (contoh)".into()),
        ("email", "pers@denpasarkota.example".into()),
        ("phone", "(0361) 222-387".into()),
        ("address", "Jl. Contoh 2".into()),
        ("website", "https://denpasarkota.example/pers".into()),
    ])
    .await
    .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/press/51.71");
    let room = page_html(&app, "/press/51.71").await;
    assert!(room.contains(r#"<a href="mailto:pers@denpasarkota.example">"#));
    assert!(room.contains(r#"<a href="tel:(0361)222-387">"#));
    assert!(room.contains("Humas Denpasar (contoh)"));
    let (_, _, as_admin) = page(&app, "/press/51.71", Some(ADMIN_DENPASAR)).await;
    assert!(as_admin.contains(r#"href="/press/51.71/contact""#));
    assert!(
        !room.contains(r#"href="/press/51.71/contact""#),
        "no edit link for the public"
    );
}
