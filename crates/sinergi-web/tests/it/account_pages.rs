//! Signing in keeps the language the reader chose before it: English
//! picked on the sign-in page survives the sign-in, becomes the account's
//! language, and comes back at the next sign-in on another device.

use sinergi_testkit::app::{PASSWORD, Resp, Setup, encode, form_token, request};
use sinergi_testkit::fixtures::cast;

/// The values of every `Set-Cookie` for `name` in the answer.
fn set_cookies<'a>(r: &'a Resp, name: &str) -> Vec<&'a str> {
    let prefix = format!("{name}=");
    r.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.strip_prefix(prefix.as_str()))
        .map(|v| v.split(';').next().unwrap_or(""))
        .collect()
}

/// Signs in through the form, as a browser holding `cookies` would.
async fn sign_in_through_form(router: &axum::Router, email: &str, cookies: &str) -> Resp {
    let form = request(
        router,
        "GET",
        "/sign-in",
        (!cookies.is_empty()).then(|| cookies.to_owned()),
        None,
        Vec::new(),
    )
    .await;
    assert_eq!(form.status, 200);
    let csrf = form_token(&form.body, "csrf");
    let pre = set_cookies(&form, "sinergi_csrf")
        .first()
        .map(|v| (*v).to_owned())
        .unwrap_or_else(|| csrf.clone());
    let mut jar = format!("sinergi_csrf={pre}");
    if !cookies.is_empty() {
        jar = format!("{cookies}; {jar}");
    }
    let body = format!(
        "csrf={}&email={}&password={}&next=%2Faccount",
        encode(&csrf),
        encode(email),
        encode(PASSWORD)
    );
    request(
        router,
        "POST",
        "/sign-in",
        Some(jar),
        Some("application/x-www-form-urlencoded".into()),
        body.into_bytes(),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_chosen_before_signing_in_survives_sign_in() {
    let mut setup = Setup::for_router(&["51"]).await;
    setup.people(&[cast::KONTRIBUTOR_DENPASAR]).await;
    let app = setup.in_process();
    let email = "kontributor@denpasarkota.go.id";

    // The reader switches to English on the sign-in page.
    let switch = app.get("/lang/en?next=%2Fsign-in", None).await;
    assert_eq!(switch.status, 303);
    assert_eq!(set_cookies(&switch, "lang"), ["en"]);
    let page = request(
        &app.router,
        "GET",
        "/sign-in",
        Some("lang=en".into()),
        None,
        Vec::new(),
    )
    .await;
    assert!(page.body.contains("<html lang=\"en\""), "{}", page.body);

    // Signing in keeps English (the account's stored language is "id").
    let signed_in = sign_in_through_form(&app.router, email, "lang=en").await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    assert_eq!(signed_in.header("location"), "/account");
    assert_eq!(set_cookies(&signed_in, "lang"), ["en"]);
    let session = set_cookies(&signed_in, "sinergi_session")[0].to_owned();
    let account = request(
        &app.router,
        "GET",
        "/account",
        Some(format!("sinergi_session={session}; lang=en")),
        None,
        Vec::new(),
    )
    .await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("<html lang=\"en\""));

    // The choice is the account's now: a device with no choice of its own
    // gets English at the next sign-in.
    let elsewhere = sign_in_through_form(&app.router, email, "").await;
    assert_eq!(elsewhere.status, 303, "{}", elsewhere.body);
    assert_eq!(set_cookies(&elsewhere, "lang"), ["en"]);

    // Choosing Indonesian before signing in wins over the account's English.
    let back = sign_in_through_form(&app.router, email, "lang=id").await;
    assert_eq!(set_cookies(&back, "lang"), ["id"]);
}
