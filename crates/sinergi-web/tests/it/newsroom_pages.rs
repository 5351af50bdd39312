//! The newsroom's pages over a real port, on a fresh database with Bali's
//! regions (SQLite, or PostgreSQL with SINERGI_TEST_DATABASE_URL): the
//! editorial journey with an embargo at the exact second, a stale edit that
//! keeps the author's text, a withdrawal notice, and hostile text that is
//! stored intact but never becomes markup.

use sinergi_domain::access::Reach;
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::app::{InProcessApp, Session, Setup, form_token, request};
use sinergi_testkit::fixtures::cast;
use sinergi_testkit::fixtures::{Journalist, journalist};

const JOURNALIST_PASSWORD: &str = "berita pagi dari denpasar";
const SECOND: i64 = 1_000_000;
const DAY: i64 = 86_400 * SECOND;

async fn start() -> InProcessApp {
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people(&[cast::KONTRIBUTOR_DENPASAR, cast::REDAKSI_BALI])
        .await;
    setup.in_process()
}

/// What this story does through the pages, again and again.
trait NewsroomStory {
    async fn journalist(&self) -> Session;
    async fn draft(&self, who: &Session, title: &str, lead: &str, body: &str, tags: &str) -> i64;
}

impl NewsroomStory for InProcessApp {
    /// A journalist accredited by the province of Bali, signed in.
    async fn journalist(&self) -> Session {
        journalist(
            &self.state.accounts,
            &self.db.store,
            &Journalist {
                granter: "redaksi@baliprov.go.id",
                email: "wartawan@balipost.example",
                name: "Made Wartawan",
                outlet: "Bali Post",
                unit: "51",
                reach: Reach::Subtree,
                password: JOURNALIST_PASSWORD,
            },
        )
        .await;
        self.sign_in_with("wartawan@balipost.example", JOURNALIST_PASSWORD)
            .await
    }

    /// A new draft of Kota Denpasar by its contributor; returns its id.
    async fn draft(&self, who: &Session, title: &str, lead: &str, body: &str, tags: &str) -> i64 {
        self.new_release(
            who,
            &[
                ("unit", "51.71"),
                ("title", title),
                ("lead", lead),
                ("body", body),
                ("tags", tags),
                ("language", "id"),
                ("intent", "save"),
            ],
        )
        .await
    }
}

/// What askama writes for text: the escaped form.
fn escaped(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// The page's `<main>`: where the person's text goes.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a main element");
    let end = html.rfind("</main>").expect("the end of main");
    &html[start..end]
}

/// Fails when the content holds anything a browser would run: a script,
/// an event handler, a `javascript:` address, or an element that can
/// carry script (SVG, MathML, frames, objects, styles).
fn assert_inert(html: &str, label: &str) {
    let main = main_of(html).to_ascii_lowercase();
    let mut rest = main.as_str();
    while let Some(pos) = rest.find('<') {
        rest = &rest[pos + 1..];
        let Some(first) = rest.chars().next() else {
            break;
        };
        if !(first.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "svg"
                    | "math"
                    | "iframe"
                    | "frame"
                    | "object"
                    | "embed"
                    | "style"
                    | "base"
                    | "meta"
                    | "link"
                    | "body"
                    | "xss"
                    | "frameset"
                    | "applet"
            ),
            "{label}: a <{name}> element in the page: <{tag}>"
        );
        let attrs = &tag[name.len()..];
        // Addresses must not run script.
        for attr in ["href=\"", "src=\"", "action=\""] {
            for (i, _) in attrs.match_indices(attr) {
                let value = attrs[i + attr.len()..].split('"').next().unwrap_or("");
                let value = value.trim_start();
                assert!(
                    !value.starts_with("javascript:")
                        && !value.starts_with("vbscript:")
                        && !value.starts_with("data:"),
                    "{label}: a script address in <{tag}>"
                );
            }
        }
        // Quoted values are inert text (askama escapes quotes inside them);
        // outside them there must be no event handler.
        let unquoted: String = attrs.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        assert!(
            !attrs.contains('\''),
            "{label}: a raw apostrophe in <{tag}> (values are double-quoted and escaped)"
        );
        let mut words = unquoted.split(|c: char| c.is_whitespace() || c == '/');
        assert!(
            !words.any(|w| w.starts_with("on") && w.contains('=')),
            "{label}: an event handler in <{tag}>"
        );
    }
}

fn xss_vectors() -> Vec<String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/xss-vectors.txt");
    std::fs::read_to_string(path)
        .expect("tests/data/xss-vectors.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Vectors joined into pieces of at most `max` characters (the field's limit).
fn batches(vectors: &[String], max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for v in vectors {
        let v: String = v.chars().take(max).collect();
        if !current.is_empty() && current.chars().count() + 1 + v.chars().count() > max {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&v);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// "2026-06-05T09:00" in WITA for `micros`.
fn wita(micros: i64) -> String {
    let ts = jiff::Timestamp::from_microsecond(micros).unwrap();
    let dt = jiff::tz::Offset::constant(8).to_datetime(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute()
    )
}

// ---- the stories ---------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_release_is_drafted_reviewed_and_lifts_its_embargo_at_the_second() {
    let app = start().await;
    let author = app.sign_in("kontributor@denpasarkota.go.id").await;
    let editor = app.sign_in("redaksi@baliprov.go.id").await;
    app.journalist().await;

    // The contributor's workspace offers to write for Kota Denpasar.
    let ws = app.get("/workspace", Some(&author)).await;
    assert_eq!(ws.status, 200);
    assert!(ws.body.contains("/releases/new?unit=51.71"), "{}", ws.body);
    let form = app.get("/releases/new?unit=51.71", Some(&author)).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"title\""));

    let title = "Mal Pelayanan Publik Denpasar Buka Layanan Malam";
    let id = app
        .draft(
            &author,
            title,
            "Warga kini dapat mengurus dokumen hingga pukul 21.00.",
            "Mulai Senin, **Mal Pelayanan Publik** buka malam.",
            "pelayanan publik, denpasar",
        )
        .await;
    let r = app.move_release(id, &author, "submit", &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A contributor may not approve.
    let refused = app
        .post_form(
            &format!("/releases/{id}/move"),
            &author,
            &[("op", "approve"), ("version", "1")],
        )
        .await;
    assert_eq!(refused.status, 403);

    // The province's editor sees it waiting, approves it with an embargo.
    let ws = app.get("/workspace", Some(&editor)).await;
    assert!(ws.body.contains(title), "the review queue lists it");
    assert_eq!(
        app.move_release(id, &editor, "approve", &[]).await.status,
        303
    );
    let lifts_at = TEST_NOW + DAY;
    let at = wita(lifts_at);
    let r = app
        .move_release(
            id,
            &editor,
            "release",
            &[("timing", "embargo"), ("at", &at)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let address = r.header("location");
    let address = address.split('?').next().unwrap().to_owned();
    assert!(address.starts_with(&format!("/releases/{id}-mal-pelayanan-publik")));

    // One second before: nothing public; the journalist sees the banner.
    app.clock.set(lifts_at - SECOND);
    // Sessions end after two idle hours: everyone signs in again.
    let journalist = app
        .sign_in_with("wartawan@balipost.example", JOURNALIST_PASSWORD)
        .await;
    let editor = app.sign_in("redaksi@baliprov.go.id").await;
    assert_eq!(app.get(&address, None).await.status, 404);
    assert_eq!(app.get(&format!("/releases/{id}"), None).await.status, 404);
    let listing = app.get("/units/51.71/releases", None).await;
    assert_eq!(listing.status, 200);
    assert!(
        !listing.body.contains(title),
        "the unit's public list does not show it yet"
    );
    let early = app.get(&address, Some(&journalist)).await;
    assert_eq!(early.status, 200);
    assert!(
        early.body.contains("EMBARGO hingga 5 Juni 2026 09.00 WITA"),
        "{}",
        early.body
    );
    assert!(early.body.contains(title));
    assert!(
        !early.body.contains("/move\""),
        "journalists get no workflow"
    );
    assert_eq!(early.header("cache-control"), "private, no-store");

    // At the second: the same address is public, the list shows it.
    app.clock.set(lifts_at);
    let public = app.get(&address, None).await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains(title));
    assert!(
        public
            .body
            .contains("<strong>Mal Pelayanan Publik</strong>")
    );
    assert!(!public.body.contains("EMBARGO"));
    assert!(
        !public.body.contains("/move\""),
        "the public gets no workflow"
    );
    assert!(
        app.get("/units/51.71/releases", None)
            .await
            .body
            .contains(title)
    );

    // The short address and a wrong slug lead to the one address.
    let short = app.get(&format!("/releases/{id}"), None).await;
    assert_eq!(short.status, 308);
    assert_eq!(short.header("location"), address);
    let wrong = app.get(&format!("/releases/{id}-judul-lama"), None).await;
    assert_eq!(wrong.status, 308);

    // A form without the session's token is refused.
    let forged = app
        .post_form(
            &format!("/releases/{id}/comments"),
            &Session {
                cookie: editor.cookie.clone(),
                csrf: "palsu".into(),
            },
            &[("body", "x")],
        )
        .await;
    assert_eq!(forged.status, 403);

    // In English too.
    let en = request(
        &app.router,
        "GET",
        &address,
        Some(format!("{}; lang=en", journalist.cookie)),
        None,
        Vec::new(),
    )
    .await;
    assert!(
        en.body.contains("Reported")
            || en.body.contains("Press")
            || en.body.contains("lang=\"en\"")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_save_is_refused_and_keeps_the_authors_text() {
    let app = start().await;
    let author = app.sign_in("kontributor@denpasarkota.go.id").await;
    let editor = app.sign_in("redaksi@baliprov.go.id").await;
    let id = app
        .draft(&author, "Judul awal", "Teras awal.", "Isi awal.", "")
        .await;
    let edit = app
        .get(&format!("/releases/{id}/edit"), Some(&author))
        .await;
    assert_eq!(edit.status, 200);
    let version = form_token(&edit.body, "version");
    assert_eq!(version, "1");

    // The editor saves first.
    let editor_edit = app
        .get(&format!("/releases/{id}/edit"), Some(&editor))
        .await;
    let first = app
        .post_form(
            &format!("/releases/{id}/edit"),
            &editor,
            &[
                ("version", &form_token(&editor_edit.body, "version")),
                ("title", "Judul dari editor"),
                ("lead", "Teras awal."),
                ("body", "Isi awal."),
                ("language", "id"),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(first.status, 303, "{}", first.body);

    // The author's save over version 1 comes too late.
    let mine = "Paragraf yang saya tulis selama sejam & belum tersimpan";
    let late = app
        .post_form(
            &format!("/releases/{id}/edit"),
            &author,
            &[
                ("version", &version),
                ("title", "Judul dari penulis"),
                ("lead", "Teras baru."),
                ("body", mine),
                ("language", "id"),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(late.status, 409);
    assert!(
        late.body
            .contains("Orang lain sudah menyimpan perubahan lebih dulu")
    );
    assert!(
        late.body.contains(&escaped(mine)),
        "the author's text is kept"
    );
    assert!(late.body.contains("value=\"Judul dari penulis\""));
    assert!(
        late.body
            .contains(&format!("href=\"/releases/{id}-judul-dari-editor\"")),
        "a link to the current version"
    );
    assert_eq!(
        form_token(&late.body, "version"),
        "2",
        "saving again goes over the version now shown"
    );

    // Bad input loses nothing either.
    let empty = app
        .post_form(
            &format!("/releases/{id}/edit"),
            &author,
            &[
                ("version", "2"),
                ("title", ""),
                ("lead", "Teras yang tetap ada."),
                ("body", mine),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Judul: wajib diisi."), "{}", empty.body);
    assert!(empty.body.contains("Teras yang tetap ada."));

    // The preview shows sanitised HTML, without saving.
    let preview = app
        .post_form(
            "/releases/preview",
            &author,
            &[("body", "**tebal** <script>alert(1)</script>")],
        )
        .await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("<strong>tebal</strong>"));
    assert!(!preview.body.contains("<script"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_release_leaves_a_notice_not_a_404() {
    let app = start().await;
    let author = app.sign_in("kontributor@denpasarkota.go.id").await;
    let editor = app.sign_in("redaksi@baliprov.go.id").await;
    let id = app
        .draft(
            &author,
            "Jadwal Vaksinasi Keliling",
            "Teras.",
            "Isi yang keliru.",
            "kesehatan",
        )
        .await;
    app.publish(id, &author, &editor, None).await;
    assert_eq!(
        app.get(&format!("/releases/{id}-jadwal-vaksinasi-keliling"), None)
            .await
            .status,
        200
    );

    // Withdrawing needs a reason; the form keeps what was typed.
    let no_note = app
        .move_release(id, &editor, "withdraw", &[("note", "  ")])
        .await;
    assert_eq!(no_note.status, 422);
    assert!(
        no_note.body.contains("Catatan: wajib diisi."),
        "{}",
        no_note.body
    );
    let r = app
        .move_release(
            id,
            &editor,
            "withdraw",
            &[("note", "Jadwal berubah; lihat siaran terbaru.")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    let public = app
        .get(&format!("/releases/{id}-jadwal-vaksinasi-keliling"), None)
        .await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("Siaran ini telah ditarik"));
    assert!(
        public
            .body
            .contains("Jadwal berubah; lihat siaran terbaru.")
    );
    assert!(
        !public.body.contains("Isi yang keliru."),
        "the text itself is gone"
    );
    assert!(
        !app.get("/units/51.71/releases", None)
            .await
            .body
            .contains("Jadwal Vaksinasi")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_is_stored_intact_and_never_becomes_markup() {
    let app = start().await;
    let author = app.sign_in("kontributor@denpasarkota.go.id").await;
    let editor = app.sign_in("redaksi@baliprov.go.id").await;
    let vectors = xss_vectors();
    assert!(vectors.len() > 100);

    // An achievement whose every text field carries vectors.
    let all = vectors.join("\n");
    let descriptions = batches(&vectors, 20_000);
    let titles = batches(&vectors, 200);
    let mut item_ids = Vec::new();
    for (n, title) in titles.iter().enumerate() {
        let description = &descriptions[n % descriptions.len()];
        let evidence = format!(
            "{} | https://example.org/\"><script>alert(1)</script>",
            vectors[n % vectors.len()].replace('|', "¦")
        );
        let r = app
            .post_form(
                "/items/new",
                &author,
                &[
                    ("unit", "51.71"),
                    ("kind", "innovation"),
                    ("title", title),
                    ("description", description),
                    ("problem", &all),
                    ("solution", &all),
                    ("impact", &all),
                    ("stage", "trial"),
                    ("tags", "<b>tebal</b>, javascript:alert(1)"),
                    ("evidence", &evidence),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "item {n}: {}", r.body);
        let id: i64 = r
            .header("location")
            .trim_start_matches("/items/")
            .parse()
            .unwrap();
        item_ids.push(id);
        let edit = app.get(&format!("/items/{id}/edit"), Some(&author)).await;
        assert!(
            edit.body.contains(&escaped(title.trim())),
            "the title is stored intact"
        );
        assert!(
            edit.body.contains(&escaped(description.trim())),
            "the description is stored intact"
        );
        assert!(
            edit.body.contains(&escaped(all.trim())),
            "problem, solution, impact intact"
        );
        assert_inert(&edit.body, "item edit form");
        let view = app.get(&format!("/items/{id}"), Some(&author)).await;
        assert_eq!(view.status, 200);
        assert_inert(&view.body, "item page");
    }

    // Releases: vectors in title, lead, body and comments, batched by limit.
    let leads = batches(&vectors, 1_000);
    let comments = batches(&vectors, 5_000);
    let mut release_ids = Vec::new();
    for (n, title) in titles.iter().enumerate() {
        let lead = &leads[n % leads.len()];
        let id = app
            .draft(&author, title, lead, &all, "<script>, onerror")
            .await;
        release_ids.push(id);
        let edit = app
            .get(&format!("/releases/{id}/edit"), Some(&author))
            .await;
        assert!(edit.body.contains(&escaped(title.trim())));
        assert!(edit.body.contains(&escaped(lead.trim())));
        assert!(
            edit.body.contains(&escaped(&all)),
            "the body's Markdown is kept as typed"
        );
        assert_inert(&edit.body, "release edit form");
    }
    for (n, comment) in comments.iter().enumerate() {
        let id = release_ids[n % release_ids.len()];
        let r = app
            .post_form(
                &format!("/releases/{id}/comments"),
                &author,
                &[("body", comment)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    // One release reports the first item, so its public pages exist too.
    let id = release_ids[0];
    let edit = app
        .get(&format!("/releases/{id}/edit"), Some(&author))
        .await;
    let save = app
        .post_form(
            &format!("/releases/{id}/edit"),
            &author,
            &[
                ("version", &form_token(&edit.body, "version")),
                ("title", &titles[0]),
                ("lead", &leads[0]),
                ("body", &all),
                ("tags", "aman"),
                ("language", "id"),
                ("items", &item_ids[0].to_string()),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(save.status, 303, "{}", save.body);
    let internal = app.get(&format!("/releases/{id}"), Some(&author)).await;
    let internal = app.get(&internal.header("location"), Some(&author)).await;
    if !internal.body.contains(&escaped(comments[0].trim())) {
        std::fs::write("/tmp/nr-comment-page.html", &internal.body).unwrap();
        std::fs::write("/tmp/nr-comment-expected.txt", escaped(comments[0].trim())).unwrap();
    }
    assert!(
        internal.body.contains(&escaped(comments[0].trim())),
        "comments are kept intact"
    );
    assert_inert(&internal.body, "release page for its unit");
    app.publish(id, &author, &editor, None).await;

    let short = app.get(&format!("/releases/{id}"), None).await;
    let public = app.get(&short.header("location"), None).await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains(&escaped(titles[0].trim())));
    assert_inert(&public.body, "public release page");
    let item = app.get(&format!("/items/{}", item_ids[0]), None).await;
    assert_eq!(item.status, 200, "a reported item is public");
    assert_inert(&item.body, "public item page");
    for path in [
        "/units/51.71/releases",
        "/units/51.71/register",
        "/workspace",
    ] {
        let page = app.get(path, Some(&editor)).await;
        assert_eq!(page.status, 200, "{path}");
        assert_inert(&page.body, path);
    }
    let compare = app
        .get(
            &format!("/releases/{id}/compare?from=1&to=2"),
            Some(&author),
        )
        .await;
    assert_eq!(compare.status, 200);
    assert_inert(&compare.body, "revision comparison");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_and_the_gap_show_how_long_items_wait() {
    let app = start().await;
    let author = app.sign_in("kontributor@denpasarkota.go.id").await;
    let r = app
        .post_form(
            "/items/new",
            &author,
            &[
                ("unit", "51.71"),
                ("kind", "achievement"),
                ("title", "Predikat Kepatuhan Pelayanan Publik"),
                ("description", "Nilai tertinggi di Bali."),
                ("occurred_on", "2026-05-20"),
                ("tags", "pelayanan publik"),
                (
                    "evidence",
                    "Laporan | https://example.org/laporan.pdf\nbukan alamat",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "a line that is no address is refused");
    assert!(
        r.body.contains("Predikat Kepatuhan Pelayanan Publik"),
        "and the text is kept"
    );
    assert!(r.body.contains("bukan alamat"));
    let r = app
        .post_form(
            "/items/new",
            &author,
            &[
                ("unit", "51.71"),
                ("kind", "achievement"),
                ("title", "Predikat Kepatuhan Pelayanan Publik"),
                ("description", "Nilai tertinggi di Bali."),
                ("occurred_on", "2026-05-20"),
                ("evidence", "Laporan | https://example.org/laporan.pdf"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    app.clock.set(TEST_NOW + 23 * DAY);
    // Sessions end after a while idle: sign in again.
    let author = app.sign_in("kontributor@denpasarkota.go.id").await;
    let editor = app.sign_in("redaksi@baliprov.go.id").await;
    let register = app.get("/units/51.71/register", Some(&author)).await;
    assert!(
        register.body.contains("Belum dipublikasikan · 23 hari"),
        "{}",
        main_of(&register.body)
    );
    let gap = app
        .get("/gap?unit=51&subtree=1&days=14", Some(&editor))
        .await;
    assert_eq!(gap.status, 200);
    assert!(gap.body.contains("Predikat Kepatuhan Pelayanan Publik"));
    assert!(
        gap.body
            .contains("/gap?unit=51.71&#38;subtree=1&#38;days=14"),
        "{}",
        main_of(&gap.body)
    );
    // Without a unit, `/gap` opens the editor's own province with its
    // subtree (the whole network is not theirs).
    let own = app.get("/gap", Some(&editor)).await;
    assert_eq!(own.status, 200, "{}", main_of(&own.body));
    assert!(
        own.body.contains("<p class=\"caption\">Bali</p>")
            && own.body.contains("Predikat Kepatuhan Pelayanan Publik"),
        "{}",
        main_of(&own.body)
    );
    assert_eq!(
        app.get("/gap?unit=51", None).await.status,
        303,
        "sign in first"
    );
}

/// The release form as multipart with one file, as the Upload button sends it.
fn multipart(fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----sinergi-test-boundary-7d2c";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    let (name, mime, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {mime}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_keep_the_form_and_files_are_served_safely() {
    let app = start().await;
    let author = app.sign_in("kontributor@denpasarkota.go.id").await;
    let editor = app.sign_in("redaksi@baliprov.go.id").await;
    let id = app
        .draft(&author, "Laporan Kinerja Humas", "Teras.", "Isi.", "")
        .await;
    let fields = [
        ("csrf", author.csrf.as_str()),
        ("unit", "51.71"),
        ("release_id", &id.to_string()),
        ("version", "1"),
        ("title", "Judul yang belum disimpan"),
        ("lead", "Teras."),
        ("body", "Isi yang belum disimpan."),
        ("language", "id"),
        ("intent", "upload"),
    ];
    // A disguised file is refused with a clear message; the text stays.
    let (ct, body) = multipart(
        &fields,
        (
            "foto.png",
            "image/png",
            b"<html><script>alert(1)</script></html>",
        ),
    );
    let refused = request(
        &app.router,
        "POST",
        "/units/51.71/media",
        Some(author.cookie.clone()),
        Some(ct),
        body,
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("Judul yang belum disimpan"));
    assert!(refused.body.contains("Isi yang belum disimpan."));
    assert!(
        refused.body.contains("id=\"release-file-error\""),
        "{}",
        main_of(&refused.body)
    );

    // A text attachment is stored and attached in the form, unsaved text kept.
    let (ct, body) = multipart(
        &fields,
        (
            "data capaian.csv",
            "text/csv",
            "unit,capaian\nDenpasar,1\n".as_bytes(),
        ),
    );
    let uploaded = request(
        &app.router,
        "POST",
        "/units/51.71/media",
        Some(author.cookie.clone()),
        Some(ct),
        body,
    )
    .await;
    assert_eq!(uploaded.status, 200, "{}", uploaded.body);
    assert!(uploaded.body.contains("Judul yang belum disimpan"));
    let media_id = form_token(&uploaded.body, "media_known");
    let save = app
        .post_form(
            &format!("/releases/{id}/edit"),
            &author,
            &[
                ("version", "1"),
                ("title", "Laporan Kinerja Humas"),
                ("lead", "Teras."),
                ("body", "Isi."),
                ("language", "id"),
                ("media_known", &media_id),
                ("media", &media_id),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(save.status, 303, "{}", save.body);

    // The unit's people get it privately; the public not before release.
    let file = app.get(&format!("/media/{media_id}"), Some(&author)).await;
    assert_eq!(file.status, 200);
    assert!(file.body.contains("Denpasar,1"));
    assert_eq!(file.header("x-content-type-options"), "nosniff");
    assert!(
        file.header("content-security-policy")
            .starts_with("sandbox")
    );
    assert!(
        file.header("content-disposition")
            .starts_with("attachment; filename=\"data_capaian.csv\""),
        "{}",
        file.header("content-disposition")
    );
    assert!(file.header("cache-control").starts_with("private"));
    assert_eq!(
        app.get(&format!("/media/{media_id}"), None).await.status,
        404
    );
    app.publish(id, &author, &editor, None).await;
    let public = app.get(&format!("/media/{media_id}"), None).await;
    assert_eq!(public.status, 200);
    assert!(public.header("cache-control").starts_with("public"));
    let page = app
        .get(&format!("/releases/{id}-laporan-kinerja-humas"), None)
        .await;
    assert!(
        page.body.contains(&format!("href=\"/media/{media_id}\"")),
        "the attachment is listed"
    );
}

/// The release page as `who` (or the public) reads it, after the redirect
/// to its one address; `lang` is the reader's language cookie.
async fn release_page(app: &InProcessApp, id: i64, who: Option<&Session>, lang: &str) -> String {
    let mut cookie = format!("lang={lang}");
    if let Some(s) = who {
        cookie = format!("{}; {cookie}", s.cookie);
    }
    let mut path = format!("/releases/{id}");
    for _ in 0..2 {
        let r = request(
            &app.router,
            "GET",
            &path,
            Some(cookie.clone()),
            None,
            Vec::new(),
        )
        .await;
        if r.status == 308 {
            path = r.header("location");
            continue;
        }
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        return r.body;
    }
    panic!("{path} keeps redirecting");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_release_page_has_its_number_contact_downloads_and_copy_link() {
    let app = start().await;
    let author = app.sign_in("kontributor@denpasarkota.go.id").await;
    let editor = app.sign_in("redaksi@baliprov.go.id").await;
    let denpasar = sinergi_domain::UnitCode::parse("51.71").unwrap();
    app.db
        .store
        .set_press_contact(
            &denpasar,
            &sinergi_store::press::PressContact {
                office_name: "Bagian Humas Kota Denpasar".into(),
                email: "humas@denpasarkota.go.id".into(),
                phone: "(0361) 222 387".into(),
                address: String::new(),
                website: String::new(),
            },
            None,
            TEST_NOW,
        )
        .await
        .unwrap();

    // A draft says what happened, in a sentence, not "Selesai".
    let lead = "Warga kini dapat mengurus dokumen hingga pukul 21.00.";
    let r = app
        .post_form(
            "/releases/new",
            &author,
            &[
                ("unit", "51.71"),
                ("title", "Layanan Malam Dibuka"),
                ("lead", lead),
                // An import that repeats the lead as the first paragraph.
                (
                    "body",
                    &format!("{lead}\n\nMulai Senin, **MPP** buka malam."),
                ),
                ("tags", "pelayanan"),
                ("language", "id"),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let first: i64 = r
        .header("location")
        .trim_start_matches("/releases/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let created = app.get(&r.header("location"), Some(&author)).await;
    let created = if created.status == 308 {
        app.get(&created.header("location"), Some(&author)).await
    } else {
        created
    };
    assert!(
        created.body.contains("Siaran pers disimpan sebagai draf."),
        "{}",
        main_of(&created.body)
    );
    assert!(!main_of(&created.body).contains("Selesai"));
    // Before its first release a release has no number yet.
    assert!(
        created
            .body
            .contains("<p class=\"nr-press-label\">Siaran Pers</p>")
    );

    app.publish(first, &author, &editor, None).await;
    let second = app
        .draft(
            &author,
            "Taman Kota Diperluas",
            "Taman bertambah dua hektare.",
            "Isi.",
            "",
        )
        .await;
    app.publish(second, &author, &editor, None).await;

    let page = release_page(&app, first, None, "id").await;
    let main = main_of(&page);
    assert!(
        main.contains("Siaran Pers No. 1/Kota Denpasar/2026"),
        "{main}"
    );
    assert_eq!(
        main.matches(lead).count(),
        1,
        "the lead is printed once: {main}"
    );
    assert!(main.contains("<strong>MPP</strong>"));
    // The narahubung near the top, before the text.
    let contact = main.find("Narahubung").expect("the media contact");
    assert!(contact < main.find(lead).unwrap());
    assert!(main.contains("href=\"mailto:humas@denpasarkota.go.id\""));
    assert!(main.contains("href=\"tel:(0361)222387\""));
    // The address to copy is there without script; the button only with it.
    assert!(main.contains("id=\"share-url\""));
    assert!(main.contains("data-copy=\"share-url\""));
    assert!(page.contains("sinergi-") && page.contains(".js\" defer"));
    assert!(!page.contains("htmx"), "the release page loads no htmx");
    assert!(
        release_page(&app, second, None, "id")
            .await
            .contains("Siaran Pers No. 2/Kota Denpasar/2026")
    );

    // Withdrawing the first changes no other number, and the next release
    // is number 3 of the year.
    let r = app
        .move_release(first, &editor, "withdraw", &[("note", "Data keliru.")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.header("location").ends_with("?done=withdraw"));
    let third = app
        .draft(
            &author,
            "Pasar Rakyat Direnovasi",
            "Pasar Badung dibuka.",
            "Isi.",
            "",
        )
        .await;
    app.publish(third, &author, &editor, None).await;
    assert!(
        release_page(&app, second, None, "id")
            .await
            .contains("Siaran Pers No. 2/Kota Denpasar/2026")
    );
    assert!(
        release_page(&app, third, None, "id")
            .await
            .contains("Siaran Pers No. 3/Kota Denpasar/2026")
    );
    let withdrawn = release_page(&app, first, Some(&editor), "id").await;
    assert!(withdrawn.contains("Siaran Pers No. 1/Kota Denpasar/2026"));

    // The number beside the date in the lists: the unit's press room, the
    // newsroom and the home page.
    for list in ["/press/51.71", "/releases", "/"] {
        let page = app.get(list, None).await;
        assert_eq!(page.status, 200, "{list}");
        let main = main_of(&page.body);
        for number in ["No. 2/Kota Denpasar/2026", "No. 3/Kota Denpasar/2026"] {
            assert!(
                main.contains(&format!("<span class=\"press-number\">{number}</span>")),
                "{list}: {number} in {main}"
            );
        }
    }

    // In English, only the Indonesian text is marked as Indonesian.
    let english = release_page(&app, second, None, "en").await;
    assert!(english.contains("<html lang=\"en\""));
    assert!(english.contains("Press Release No. 2/Kota Denpasar/2026"));
    assert!(english.contains("Media contact"));
    assert!(english.contains("<h1 lang=\"id\">Taman Kota Diperluas</h1>"));
    assert!(english.contains("<p class=\"lead\" lang=\"id\">"));
    assert!(!english.contains("<article class=\"nr-release\" lang="));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_is_entered_as_label_and_address_pairs() {
    let app = start().await;
    let author = app.sign_in("kontributor@denpasarkota.go.id").await;
    let form = app
        .get("/items/new?unit=51.71&kind=achievement", Some(&author))
        .await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"evidence_label\""));
    assert!(form.body.contains("name=\"evidence_url\""));
    assert!(
        !form.body.contains("name=\"evidence\""),
        "no more one-line-per-item box"
    );

    // A label without an address is refused, and both rows come back.
    let refused = app
        .post_form(
            "/items/new",
            &author,
            &[
                ("unit", "51.71"),
                ("kind", "achievement"),
                ("title", "Predikat Kepatuhan"),
                ("description", "Nilai tertinggi."),
                ("evidence_label", "Laporan Ombudsman"),
                ("evidence_url", "https://example.org/laporan.pdf"),
                ("evidence_label", "Foto penyerahan"),
                ("evidence_url", ""),
                ("evidence_label", ""),
                ("evidence_url", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("value=\"Foto penyerahan\""));
    assert!(
        refused
            .body
            .contains("value=\"https://example.org/laporan.pdf\"")
    );

    let saved = app
        .post_form(
            "/items/new",
            &author,
            &[
                ("unit", "51.71"),
                ("kind", "achievement"),
                ("title", "Predikat Kepatuhan"),
                ("description", "Nilai tertinggi."),
                ("evidence_label", "Laporan Ombudsman"),
                ("evidence_url", "https://example.org/laporan.pdf"),
                ("evidence_label", ""),
                ("evidence_url", "https://example.org/foto.jpg"),
                ("evidence_label", ""),
                ("evidence_url", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let item = saved.header("location");
    let page = app.get(&item, Some(&author)).await;
    assert!(
        page.body
            .contains("href=\"https://example.org/laporan.pdf\"")
    );
    assert!(page.body.contains("Laporan Ombudsman"));
    assert!(page.body.contains("href=\"https://example.org/foto.jpg\""));
    // Editing shows the pairs again, with blank rows to add more.
    let edit = app.get(&format!("{item}/edit"), Some(&author)).await;
    assert_eq!(edit.status, 200);
    assert!(
        edit.body.contains(
            "id=\"evidence-label-1\" name=\"evidence_label\" value=\"Laporan Ombudsman\""
        )
    );
    assert!(edit.body.contains(
        "id=\"evidence-url-2\" name=\"evidence_url\" value=\"https://example.org/foto.jpg\""
    ));
    assert!(
        edit.body.contains("id=\"evidence-url-5\""),
        "three blank rows"
    );
}
