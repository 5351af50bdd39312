//! The campaign pages over a real port, on a fresh database with the
//! regions of Bali and West Nusa Tenggara (SQLite, or PostgreSQL with
//! SINERGI_TEST_DATABASE_URL): the owner's form keeps what was typed when
//! refused; a target unit starts a release from the kit, publishes it, and
//! the dashboard (figures, tree, map) shows the adoption exactly as the
//! service counts it; a unit outside the campaign cannot see the dashboard;
//! the public page shows an embargoed adoption at its second, not before.

use sinergi_domain::CampaignId;
use sinergi_domain::access::{Principal, Reach, Role};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::app::{InProcessApp, Session, Setup, form_token};

const SECOND: i64 = 1_000_000;
const DAY: i64 = 86_400 * SECOND;
const OWNER: &str = "admin@baliprov.go.id";
const AUTHOR: &str = "kontributor@denpasarkota.go.id";
const EDITOR: &str = "redaksi@baliprov.go.id";
const OUTSIDER: &str = "redaksi@ntbprov.go.id";

async fn start() -> InProcessApp {
    let mut setup = Setup::for_router(&["51", "52"]).await;
    setup
        .people(&[
            (OWNER, "51", Role::Admin, Reach::Subtree),
            (AUTHOR, "51.71", Role::Contributor, Reach::Unit),
            (EDITOR, "51", Role::Editor, Reach::Subtree),
            (OUTSIDER, "52", Role::Editor, Reach::Subtree),
        ])
        .await;
    setup.in_process()
}

/// What this story does through the pages, again and again.
trait CampaignStory {
    async fn create_campaign(&self, owner: &Session) -> i64;
    async fn draft(&self, author: &Session, title: &str, tags: &str) -> i64;
}

impl CampaignStory for InProcessApp {
    /// Creates "Bali Melayani" through the owner's form: all of Bali down
    /// to regencies and cities, one kit template. Returns its id.
    async fn create_campaign(&self, owner: &Session) -> i64 {
        let r = self
            .post_form(
                "/campaigns/new",
                owner,
                &[
                    ("owner", "51"),
                    ("title", "Bali Melayani"),
                    ("description", "Pelayanan publik yang **ramah**."),
                    ("key_messages", "Melayani sepenuh hati\nCepat dan terbuka"),
                    ("hashtags", "#BaliMelayani"),
                    ("starts_on", "2026-06-01"),
                    ("ends_on", "2026-07-31"),
                    ("subtrees", "51"),
                    ("depth", "regency"),
                    ("cascade_share", "50"),
                    ("template_slots", "2"),
                    ("template_0_title", "{unit} Melayani Warga"),
                    ("template_0_lead", "Kabar dari {region}."),
                    ("template_0_body", "Bagian dari {campaign}. {hashtags}"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let to = r.header("location");
        to.trim_start_matches("/campaigns/")
            .trim_end_matches("/dashboard")
            .parse()
            .unwrap()
    }

    /// A draft of Kota Denpasar with the campaign's tag; returns its id.
    async fn draft(&self, author: &Session, title: &str, tags: &str) -> i64 {
        self.new_release(
            author,
            &[
                ("unit", "51.71"),
                ("title", title),
                ("lead", "Warga dilayani lebih cepat."),
                ("body", "Isi siaran."),
                ("tags", tags),
                ("language", "id"),
                ("intent", "save"),
            ],
        )
        .await
    }
}

/// The inline SVG element with `class`, parsed.
fn svg_with_class(html: &str, class: &str) -> String {
    let marker = format!("class=\"{class}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {class} in page"));
    let start = html[..at].rfind("<svg").unwrap();
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    html[start..end].to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_keeps_what_was_typed_and_names_every_problem() {
    let app = start().await;
    let owner = app.sign_in(OWNER).await;
    let form = app.get("/campaigns/new", Some(&owner)).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"template_0_title\""));

    let r = app
        .post_form(
            "/campaigns/new",
            &owner,
            &[
                ("owner", "51"),
                ("title", ""),
                ("key_messages", "Pesan pertama\nPesan kedua"),
                ("hashtags", "#Bali Melayani!"),
                ("starts_on", "2026-06-30"),
                ("ends_on", "2026-06-01"),
                ("units", "52.01"),
                ("depth", "regency"),
                ("cascade_share", "lima puluh"),
                ("template_slots", "2"),
                ("template_0_title", ""),
                ("template_0_body", "Isi {unit} tanpa judul"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    for kept in [
        "Pesan pertama",
        "Pesan kedua",
        "lima puluh",
        "Isi {unit} tanpa judul",
        "2026-06-30",
    ] {
        assert!(r.body.contains(kept), "kept {kept:?}");
    }
    for message in [
        "Judul: wajib diisi",
        "Unit bawahan yang harus ikut (%): isi persentase 0 sampai 100",
        "Selesai: periode berakhir sebelum dimulai",
        "Tagar: tagar hanya berisi huruf, angka, dan garis bawah",
        "Daftar unit: ada sasaran di luar wilayah unit pemilik",
        "Templat kit: setiap templat memerlukan judul",
    ] {
        assert!(
            r.body.contains(message),
            "message {message:?} in {}",
            r.body
        );
    }
    assert!(
        r.body.contains("href=\"#cp-title\""),
        "the summary links to the field"
    );
    assert!(
        app.state.campaigns.list(None).await.unwrap().is_empty(),
        "nothing stored"
    );

    // Someone who administers no unit may not open the form.
    let author = app.sign_in(AUTHOR).await;
    assert_eq!(app.get("/campaigns/new", Some(&author)).await.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_adopts_from_the_kit_and_the_dashboard_shows_it() {
    let app = start().await;
    let owner = app.sign_in(OWNER).await;
    let author = app.sign_in(AUTHOR).await;
    let editor = app.sign_in(EDITOR).await;
    let outsider = app.sign_in(OUTSIDER).await;
    let id = app.create_campaign(&owner).await;
    let view = app
        .state
        .campaigns
        .campaign(&Principal::public(), CampaignId::new(id))
        .await
        .unwrap();
    let template = view.templates[0].id;
    let tag = view.campaign.tag.clone();
    assert_eq!(tag, "bali-melayani");

    // The target's workspace offers the kit.
    let ws = app.get("/workspace", Some(&author)).await;
    assert_eq!(ws.status, 200);
    assert!(ws.body.contains("Bali Melayani"), "{}", ws.body);
    let kit_link = format!("/releases/new?unit=51.71&#38;campaign={id}&#38;template={template}");
    assert!(ws.body.contains(&kit_link), "{}", ws.body);
    // The outsider's does not.
    assert!(
        !app.get("/workspace", Some(&outsider))
            .await
            .body
            .contains("Bali Melayani")
    );

    // The kit fills the release form for Kota Denpasar, with the tag set.
    let form = app
        .get(
            &format!("/releases/new?unit=51.71&campaign={id}&template={template}"),
            Some(&author),
        )
        .await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body.contains("value=\"Kota Denpasar Melayani Warga\""),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("Kabar dari Kota Denpasar, Bali."),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains("Bagian dari Bali Melayani. #BaliMelayani")
    );
    assert!(
        form.body.contains(&format!("value=\"{tag}\"")),
        "the tag is pre-set"
    );

    // Before any adoption: nobody adopted, the map hatches Bali.
    let before = app
        .get(&format!("/campaigns/{id}/dashboard"), Some(&owner))
        .await;
    assert_eq!(before.status, 200);
    let map = svg_with_class(&before.body, "choropleth");
    let doc = roxmltree::Document::parse(&map).expect("the map is well-formed XML");
    let bali = doc
        .descendants()
        .find(|n| n.attribute("data-code") == Some("51"))
        .unwrap();
    assert_eq!(bali.attribute("data-class"), Some("0"));

    let title = "Kota Denpasar Melayani Warga";
    let release = app.draft(&author, title, &tag).await;
    app.publish(release, &author, &editor, None).await;
    app.state.campaigns.catch_up().await.unwrap();

    let owner_principal = app.principal(OWNER).await;
    let d = app
        .state
        .campaigns
        .dashboard(&owner_principal, CampaignId::new(id))
        .await
        .unwrap();
    assert_eq!(
        (d.totals.targets, d.totals.adopted),
        (10, 1),
        "Bali and its 9 regencies and cities"
    );

    let page = app
        .get(&format!("/campaigns/{id}/dashboard"), Some(&owner))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    // The first thing said: one sentence with the share, then the contents.
    assert!(
        body.contains("1 dari 10 unit sasaran (10,0 %) sudah memuat kampanye ini; 9 belum."),
        "{body}"
    );
    let summary_at = body.find("id=\"summary\"").unwrap();
    assert!(summary_at < body.find("cp-contents").unwrap());
    assert!(body.contains("<a href=\"#not-started\">"));
    for l in &d.levels {
        let share = sinergi_map::percent_text(l.adopted, l.targets, ',');
        assert!(
            body.contains(&format!("data-label=\"Persentase adopsi\">{share}</td>")),
            "level share {share}"
        );
    }
    // The tree: Bali at the top has 1 of 9 below; Kota Denpasar adopted.
    assert!(body.contains("1 / 9 (11,1 %)"), "{body}");
    let top = app
        .get(&format!("/campaigns/{id}/dashboard?unit=51"), Some(&owner))
        .await;
    assert!(top.body.contains("Kota Denpasar"));
    assert!(
        top.body.contains(&format!("href=\"/releases/{release}\"")),
        "the first release is linked"
    );
    // The map: Bali in the 5–14,9 % class (1 of 10 adopted), as its row in
    // the map's table says, linked to its drill-down.
    let map = svg_with_class(body, "choropleth");
    let doc = roxmltree::Document::parse(&map).unwrap();
    let bali = doc
        .descendants()
        .find(|n| n.attribute("data-code") == Some("51"))
        .unwrap();
    assert_eq!(bali.attribute("data-class"), Some("2"));
    assert!(
        body.contains("<tr data-code=\"51\" data-class=\"2\">"),
        "the table row agrees with the map"
    );
    assert!(body.contains(
        "data-label=\"Persentase adopsi\">10,0 %</td><td data-label=\"Kelas peta\">5–14,9 %</td>"
    ));
    assert_eq!(
        bali.parent().unwrap().attribute("href"),
        Some(format!("/campaigns/{id}/dashboard?unit=51#map").as_str()),
        "a province opens its regencies' map"
    );
    let ntb = doc
        .descendants()
        .find(|n| n.attribute("data-code") == Some("52"))
        .unwrap();
    assert!(
        ntb.attribute("data-class").is_none(),
        "not targeted, not linked"
    );
    roxmltree::Document::parse(&svg_with_class(body, "line-chart")).expect("the chart is XML");
    // Every adopted release, linked; the not-started list names supervisors.
    assert!(body.contains(title));
    assert!(body.contains("Kabupaten Badung"));

    // Page weight: HTML + CSS (the SVG is inline).
    let css_path = body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let css = app.get(css_path, None).await;
    assert_eq!(css.status, 200);
    let weight = body.len() + css.body.len();
    eprintln!(
        "dashboard page weight: {} B HTML + {} B CSS = {weight} B",
        body.len(),
        css.body.len()
    );
    assert!(weight < 300_000, "dashboard weighs {weight} bytes");

    // Rights: a unit outside the campaign sees no dashboard, the public only the public page.
    assert_eq!(
        app.get(&format!("/campaigns/{id}/dashboard"), Some(&outsider))
            .await
            .status,
        403
    );
    assert_ne!(
        app.get(&format!("/campaigns/{id}/dashboard"), None)
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(&format!("/campaigns/{id}/dashboard"), Some(&author))
            .await
            .status,
        200
    );

    // The list shows the campaign to its owner and its target, not to the outsider.
    assert!(
        app.get("/campaigns", Some(&owner))
            .await
            .body
            .contains("Bali Melayani")
    );
    assert!(
        app.get("/campaigns", Some(&author))
            .await
            .body
            .contains("Bali Melayani")
    );
    assert!(
        !app.get("/campaigns", Some(&outsider))
            .await
            .body
            .contains("Bali Melayani")
    );

    // Adopted: the workspace no longer asks.
    assert!(
        !app.get("/workspace", Some(&author))
            .await
            .body
            .contains(&kit_link)
    );
}

/// The paths of the inline map: `(data-code, data-class)`.
fn map_paths(html: &str) -> Vec<(String, Option<String>)> {
    let map = svg_with_class(html, "choropleth");
    let doc = roxmltree::Document::parse(&map).expect("the map is well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("path"))
        .map(|n| {
            (
                n.attribute("data-code").unwrap().to_owned(),
                n.attribute("data-class").map(str::to_owned),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_in_view_maps_its_regencies_as_the_table_counts_them() {
    let app = start().await;
    let owner = app.sign_in(OWNER).await;
    let author = app.sign_in(AUTHOR).await;
    let editor = app.sign_in(EDITOR).await;
    let id = app.create_campaign(&owner).await;
    let view = app
        .state
        .campaigns
        .campaign(&Principal::public(), CampaignId::new(id))
        .await
        .unwrap();
    let release = app
        .draft(&author, "Kota Denpasar Melayani Warga", &view.campaign.tag)
        .await;
    app.publish(release, &author, &editor, None).await;
    app.state.campaigns.catch_up().await.unwrap();

    let dashboard = format!("/campaigns/{id}/dashboard");
    // Opened at Bali by the tree, or with the list filtered to Bali: the map
    // of its nine regencies and cities, Kota Denpasar (adopted) in the top
    // class, the others hatched, each row of the table in its region's class.
    for query in ["?unit=51", "?province=51", "?unit=51.71"] {
        let page = app.get(&format!("{dashboard}{query}"), Some(&owner)).await;
        assert_eq!(page.status, 200, "{query}: {}", page.body);
        let body = &page.body;
        assert!(
            body.contains("Peta adopsi per kabupaten/kota: Bali"),
            "{query}: {body}"
        );
        let paths = map_paths(body);
        assert_eq!(paths.len(), 9, "{query}: {paths:?}");
        assert!(paths.iter().all(|(code, _)| code.starts_with("51.")));
        let rows = body.matches("<tr data-code=\"51.").count();
        assert_eq!(rows, 9, "{query}: a table row per targeted regency");
        for (code, class) in &paths {
            let class = class.as_deref().expect("every regency is a target");
            assert_eq!(class, if code == "51.71" { "5" } else { "0" }, "{code}");
            assert!(
                body.contains(&format!("<tr data-code=\"{code}\" data-class=\"{class}\">")),
                "{query}: {code}'s row agrees with the map"
            );
        }
        assert!(body.contains(
            "<a href=\"/campaigns/{id}/dashboard?unit=51.71#tree\" aria-label=\"Kota Denpasar: "
                .replace("{id}", &id.to_string())
                .as_str()
        ));
        assert!(body.contains("1 / 1</td><td data-label=\"Persentase adopsi\">100 %</td>"));
        assert!(
            body.contains(&format!(
                "<a href=\"{dashboard}#map\">Lihat peta seluruh provinsi.</a>"
            )),
            "{query}"
        );
        assert!(
            !body.contains("province-map-title"),
            "instead of the provinces' map"
        );
    }
    // The national view keeps the provinces.
    let top = app.get(&dashboard, Some(&owner)).await;
    assert_eq!(map_paths(&top.body).len(), 38);
    let en = app
        .get_with(
            &format!("{dashboard}?unit=51"),
            &[("cookie", &format!("{}; lang=en", owner.cookie))],
        )
        .await;
    assert!(
        en.body.contains("Adoption by regency and city: Bali"),
        "{}",
        en.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_page_shows_an_embargoed_adoption_at_its_second() {
    let app = start().await;
    let owner = app.sign_in(OWNER).await;
    let author = app.sign_in(AUTHOR).await;
    let editor = app.sign_in(EDITOR).await;
    let id = app.create_campaign(&owner).await;
    let r = app.get(&format!("/campaigns/{id}"), None).await;
    assert_eq!(r.status, 303);
    let public = r.header("location");
    assert_eq!(public, format!("/campaigns/{id}-bali-melayani"));
    let page = app.get(&public, None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("#BaliMelayani"));
    assert!(page.body.contains("Melayani sepenuh hati"));
    assert!(page.body.contains("<strong>ramah</strong>"));
    // The campaign's feed is its tag's feed, announced for feed readers.
    assert!(page.body.contains(
        r#"<link rel="alternate" type="application/rss+xml" title="Bali Melayani (RSS)" href="/feeds/tag/bali-melayani.rss">"#
    ));
    // A release's tag leads to its campaign, any other tag to a search.
    let by_tag = app.get("/campaigns/by-tag/bali-melayani", None).await;
    assert_eq!(
        (by_tag.status, by_tag.header("location")),
        (303, public.clone())
    );
    let other = app.get("/campaigns/by-tag/denpasar", None).await;
    assert_eq!(other.header("location"), "/search?q=denpasar");

    let title = "Denpasar Buka Layanan Malam";
    let release = app.draft(&author, title, "bali-melayani").await;
    let lifts_at = TEST_NOW + DAY;
    app.publish(release, &author, &editor, Some(&wita(lifts_at)))
        .await;
    app.state.campaigns.catch_up().await.unwrap();

    app.clock.set(lifts_at - SECOND);
    app.state.campaigns.catch_up().await.unwrap();
    let before = app.get(&public, None).await;
    assert!(!before.body.contains(title), "embargoed a second before");
    let dash = app
        .get(&format!("/campaigns/{id}/dashboard"), Some(&owner))
        .await;
    assert!(!dash.body.contains(title), "not on the dashboard either");
    let feed = app.get("/feeds/tag/bali-melayani.atom", None).await;
    assert!(!feed.body.contains(title), "nor in the campaign feed");

    app.clock.set(lifts_at);
    app.state.campaigns.catch_up().await.unwrap();
    let at = app.get(&public, None).await;
    assert!(at.body.contains(title), "public at the second: {}", at.body);
    assert!(at.body.contains(&format!("/releases/{release}-")));
    let feed = app.get("/feeds/tag/bali-melayani.atom", None).await;
    assert_eq!(feed.status, 200);
    assert!(
        feed.body.contains(title),
        "in the campaign feed at the second"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_owner_edits_and_a_stale_save_keeps_the_text() {
    let app = start().await;
    let owner = app.sign_in(OWNER).await;
    let editor = app.sign_in(EDITOR).await;
    let id = app.create_campaign(&owner).await;
    let edit = app
        .get(&format!("/campaigns/{id}/edit"), Some(&owner))
        .await;
    assert_eq!(edit.status, 200);
    assert!(
        edit.body.contains("value=\"{unit} Melayani Warga\""),
        "the kit comes back"
    );
    assert!(
        edit.body
            .contains("Melayani sepenuh hati\nCepat dan terbuka")
    );
    let version = form_token(&edit.body, "version");
    // An editor (not an admin) of the owner unit may not change it.
    assert_eq!(
        app.get(&format!("/campaigns/{id}/edit"), Some(&editor))
            .await
            .status,
        403
    );

    let form = |title: &'static str| {
        vec![
            ("owner", "51"),
            ("version", version.as_str()),
            ("title", title),
            ("tag", "bali-melayani"),
            ("starts_on", "2026-06-01"),
            ("ends_on", "2026-08-31"),
            ("subtrees", "51"),
            ("depth", "district"),
            ("cascade_share", "60"),
            ("template_slots", "1"),
            ("template_0_title", "{unit} Melayani"),
        ]
    };
    let first = app
        .post_form(
            &format!("/campaigns/{id}/edit"),
            &owner,
            &form("Bali Melayani Warga"),
        )
        .await;
    assert_eq!(first.status, 303, "{}", first.body);
    let c = app
        .state
        .campaigns
        .campaign(&Principal::public(), CampaignId::new(id))
        .await
        .unwrap()
        .campaign;
    assert_eq!(
        (c.title.as_str(), c.cascade_share, c.depth.as_str()),
        ("Bali Melayani Warga", 60, "district")
    );
    // The same old version again: refused, the text kept.
    let stale = app
        .post_form(
            &format!("/campaigns/{id}/edit"),
            &owner,
            &form("Judul yang terlambat"),
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("value=\"Judul yang terlambat\""));
    assert!(
        stale
            .body
            .contains("Orang lain menyimpan kampanye ini lebih dulu")
    );
}

const NATIONAL: &str = "humas@menpan.go.id";

/// The first worksheet of an XLSX file, read by calamine: its name and
/// its cells as text (a cell that is not a string fails the test: the
/// export writes codes such as `51.71` as text, never as numbers).
fn xlsx_sheet(bytes: &[u8]) -> (String, Vec<Vec<String>>) {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .expect("an XLSX file");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => panic!("a cell that is not text: {other:?}"),
                })
                .collect()
        })
        .collect();
    (name, rows)
}

/// The rows of the not-started table: `(code, supervisor cell)`.
fn not_started_rows(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("id=\"not-started-table\"") else {
        return Vec::new();
    };
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    table
        .split("<tr>")
        .skip(2)
        .map(|row| {
            let code = row
                .split("<span class=\"hint\">")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_owned();
            let supervisor = row
                .split("data-label=\"Pembina (unit di atasnya)\">")
                .nth(1)
                .unwrap()
                .split("</td>")
                .next()
                .unwrap()
                .to_owned();
            (code, supervisor)
        })
        .collect()
}

/// The records of a CSV answer, checked to be RFC 4180 with a BOM.
fn csv_records(body: &str) -> Vec<Vec<String>> {
    let body = body
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte order mark first");
    assert!(body.ends_with("\r\n"), "records end with CRLF");
    body.trim_end_matches("\r\n")
        .split("\r\n")
        .map(|line| {
            assert!(!line.contains('"'), "no field here needs quoting: {line}");
            line.split(',').map(str::to_owned).collect()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_not_started_list_filters_exports_and_reminds() {
    let mut setup = Setup::for_router(&["51", "52"]).await;
    setup
        .people(&[
            (NATIONAL, "kemenpanrb", Role::Admin, Reach::Unit),
            (AUTHOR, "51.71", Role::Contributor, Reach::Unit),
            (EDITOR, "51", Role::Editor, Reach::Subtree),
            (OUTSIDER, "52", Role::Editor, Reach::Subtree),
        ])
        .await;
    let app = setup.in_process();
    let owner = app.sign_in(NATIONAL).await;
    let author = app.sign_in(AUTHOR).await;
    let editor = app.sign_in(EDITOR).await;
    let r = app
        .post_form(
            "/campaigns/new",
            &owner,
            &[
                ("owner", "kemenpanrb"),
                ("title", "Nusa Melayani"),
                ("starts_on", "2026-06-01"),
                ("ends_on", "2026-07-31"),
                ("subtrees", "51 52"),
                ("depth", "regency"),
                ("cascade_share", "50"),
                ("template_slots", "1"),
                ("template_0_title", "{unit} Melayani"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let dashboard = r.header("location");
    let id: i64 = dashboard
        .trim_start_matches("/campaigns/")
        .trim_end_matches("/dashboard")
        .parse()
        .unwrap();
    let release = app
        .draft(&author, "Denpasar Melayani", "nusa-melayani")
        .await;
    app.publish(release, &author, &editor, None).await;
    app.state.campaigns.catch_up().await.unwrap();

    // Bali and NTB with their regencies and cities: 1 + 9 + 1 + 10.
    let page = app.get(&dashboard, Some(&owner)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("1 dari 21 unit sasaran (4,7 %) sudah memuat kampanye ini; 20 belum."),
        "{}",
        page.body
    );
    // One supervisor column: the provinces answer to the owner, named once
    // above the table, never again on every row.
    let rows = not_started_rows(&page.body);
    assert_eq!(rows.len(), 20);
    assert_eq!(rows[0], ("51".to_owned(), "pemilik kampanye".to_owned()));
    let owner_name = "Kementerian Pendayagunaan Aparatur Negara";
    assert!(rows.iter().all(|(_, s)| !s.contains(owner_name)));
    assert!(rows.iter().all(|(code, _)| code != "51.71"), "adopted");

    // Filtered by level and province: exactly NTB's ten regencies and cities.
    let filtered = app
        .get(
            &format!("{dashboard}?level=regency&province=52&sort=name"),
            Some(&owner),
        )
        .await;
    assert_eq!(filtered.status, 200);
    assert!(filtered.body.contains("10 unit belum memuat kampanye"));
    assert!(filtered.body.contains("<option value=\"52\" selected>"));
    let rows = not_started_rows(&filtered.body);
    assert_eq!(rows.len(), 10);
    assert!(rows.iter().all(|(code, _)| code.starts_with("52.")));
    assert!(rows.iter().all(|(_, s)| s.contains("Nusa Tenggara Barat")));
    let export = format!("/campaigns/{id}/not-started.csv?level=regency&province=52&sort=name");
    assert!(
        filtered.body.contains(&export.replace('&', "&#38;")),
        "the export link keeps the filter"
    );

    // The export gives exactly the filtered rows, in the same order.
    let csv = app.get(&export, Some(&owner)).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(csv.header("content-disposition").starts_with("attachment;"));
    let records = csv_records(&csv.body);
    assert_eq!(
        records[0],
        [
            "Kode unit",
            "Nama unit",
            "Tingkat",
            "Kode pembina",
            "Pembina"
        ]
    );
    let codes: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    let shown: Vec<&str> = rows.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, shown);
    let names: Vec<&str> = records[1..].iter().map(|r| r[1].as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by name");
    assert!(records[1..].iter().all(|r| r[3] == "52"));
    // The same list as an Excel workbook, read back by calamine: the same
    // header and rows, every cell text (codes stay codes), a link beside
    // the CSV's on the dashboard that keeps the filter.
    let xlsx_href = format!("/campaigns/{id}/not-started.xlsx?level=regency&province=52&sort=name");
    assert!(filtered.body.contains(&xlsx_href.replace('&', "&#38;")));
    let xlsx = app.get(&xlsx_href, Some(&owner)).await;
    assert_eq!(xlsx.status, 200, "{}", xlsx.body);
    assert_eq!(
        xlsx.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        xlsx.header("content-disposition"),
        format!("attachment; filename=\"kampanye-{id}-belum-memuat-regency-52.xlsx\"")
    );
    assert_eq!(xlsx.header("cache-control"), "private, no-store");
    let (sheet, cells) = xlsx_sheet(&xlsx.bytes);
    assert_eq!(sheet, "Belum memuat");
    assert_eq!(cells, records, "the workbook holds exactly the CSV's rows");
    // Not signed in: to the sign-in page, like the CSV.
    assert_eq!(app.get(&xlsx_href, None).await.status, 303);

    // Bali's regencies, Kota Denpasar (adopted) left out.
    let bali = csv_records(
        &app.get(
            &format!("/campaigns/{id}/not-started.csv?level=regency&province=51"),
            Some(&owner),
        )
        .await
        .body,
    );
    assert_eq!(bali.len(), 1 + 8);
    assert!(
        bali[1..]
            .iter()
            .all(|r| r[0].starts_with("51.") && r[0] != "51.71")
    );
    // The whole list, unfiltered: every not-started target.
    assert_eq!(
        csv_records(
            &app.get(&format!("/campaigns/{id}/not-started.csv"), Some(&owner))
                .await
                .body
        )
        .len(),
        1 + 20
    );
    // Not for someone outside the campaign.
    let stranger = app.sign_in(OUTSIDER).await;
    assert_eq!(
        app.get(&export, Some(&stranger)).await.status,
        200,
        "a target's editor may"
    );
    assert_eq!(app.get(&export, None).await.status, 303, "not signed in");

    // "Send a reminder now": NTB's regencies have no editor of their own;
    // NTB's editor is written to once, in copy, about all ten.
    let before = app.state.store.outbox_pending_count().await.unwrap();
    let sent = app
        .post_form(
            &format!("/campaigns/{id}/remind"),
            &owner,
            &[("level", "regency"), ("province", "52"), ("sort", "name")],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let back = sent.header("location");
    assert!(
        back.contains("reminded=10&queued=1&recent=0&unreachable=0"),
        "{back}"
    );
    assert_eq!(
        app.state.store.outbox_pending_count().await.unwrap(),
        before + 1
    );
    let shown = app.get(&back, Some(&owner)).await;
    assert!(shown.body.contains("Pengingat dikirim: 10 unit, 1 e-mail."));
    // Again at once: nothing twice to the same units within three days.
    let again = app
        .post_form(
            &format!("/campaigns/{id}/remind"),
            &owner,
            &[("level", "regency"), ("province", "52")],
        )
        .await;
    assert!(
        again
            .header("location")
            .contains("reminded=0&queued=0&recent=10"),
        "{}",
        again.header("location")
    );
    assert_eq!(
        app.state.store.outbox_pending_count().await.unwrap(),
        before + 1
    );
    // Three days later the same units may be reminded again.
    app.clock.set(TEST_NOW + 3 * DAY);
    let owner = app.sign_in(NATIONAL).await;
    let editor = app.sign_in(EDITOR).await;
    let later = app
        .post_form(
            &format!("/campaigns/{id}/remind"),
            &owner,
            &[("level", "regency"), ("province", "52")],
        )
        .await;
    assert!(
        later.header("location").contains("reminded=10&queued=1"),
        "{}",
        later.header("location")
    );
    // Only the owner: a target's editor may not, and a post without the
    // form's token is refused.
    assert_eq!(
        app.post_form(&format!("/campaigns/{id}/remind"), &editor, &[])
            .await
            .status,
        403
    );
    let forged = sinergi_testkit::app::request(
        &app.router,
        "POST",
        &format!("/campaigns/{id}/remind"),
        Some(owner.cookie.clone()),
        Some("application/x-www-form-urlencoded".into()),
        b"csrf=forged&level=regency".to_vec(),
    )
    .await;
    assert_eq!(forged.status, 403);
    assert_eq!(
        app.state.store.outbox_pending_count().await.unwrap(),
        before + 2
    );
    // The owner sees the button; a target's editor does not.
    assert!(page.body.contains("Kirim pengingat sekarang"));
    assert!(
        !app.get(&dashboard, Some(&editor))
            .await
            .body
            .contains("Kirim pengingat sekarang")
    );
}

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
