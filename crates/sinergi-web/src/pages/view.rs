//! What every page needs, and small view models shared by pages.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use sinergi_domain::{Level, Unit, UnitKind};

use super::PageError;
use crate::assets;
use crate::i18n::{Lang, Tr};

/// The frame around every page: language, assets, where we are.
pub struct PageCtx {
    pub tr: Tr,
    pub css: String,
    pub htmx: String,
    pub script: String,
    /// The current path and query, for the language switch to come back to.
    pub here: String,
    /// The text in the header's search box.
    pub q: String,
    /// Whether the header shows its search box (the search page has its own).
    pub header_search: bool,
    /// The unit the reader works for, shown in the header with a switcher.
    /// Empty until accounts exist; the design page shows an example.
    pub current_unit: Option<UnitLink>,
    /// The signed-in reader, for the navigation (see `nav.rs`).
    pub reader: Option<super::nav::NavPerson>,
}

/// A unit named with a link to its page.
pub struct UnitLink {
    pub name: String,
    pub href: String,
}

/// A link in the navigation.
pub struct NavLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// The sections of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Releases,
    Campaigns,
    Forums,
    PressRooms,
    Register,
    Network,
    Search,
    Design,
    Account,
    /// The newsroom's workspace and gap report.
    Workspace,
    Gap,
    Kinerja,
    /// Media monitoring: the review queue, sources, pickups.
    Monitoring,
    /// The contact base ("Kontak & media").
    Contacts,
    /// The journalist's portal.
    Portal,
    Other,
}

impl PageCtx {
    pub fn new(lang: Lang, here: String) -> PageCtx {
        PageCtx {
            tr: Tr::new(lang),
            css: assets::stylesheet_path(),
            htmx: assets::htmx_path(),
            script: assets::script_path(),
            here,
            q: String::new(),
            header_search: true,
            current_unit: None,
            reader: super::nav::current_reader(),
        }
    }

    /// A page that needs no script (a release, a press room): the
    /// layout then loads neither htmx nor our script, which keeps the page
    /// light on a phone. Its links and forms work as they are.
    pub fn without_scripts(mut self) -> PageCtx {
        self.htmx.clear();
        self.script.clear();
        self
    }

    /// Where the reader is, for `aria-current` in the navigation.
    pub fn section(&self) -> Section {
        let path = self.here.split('?').next().unwrap_or("");
        if path == "/" {
            Section::Home
        } else if path == "/releases" {
            Section::Releases
        } else if path == "/campaigns" || path == "/campaigns/running" {
            Section::Campaigns
        } else if path == "/forums" || path.starts_with("/forums/") {
            Section::Forums
        } else if path == "/press" {
            Section::PressRooms
        } else if path == "/register" {
            Section::Register
        } else if path == "/network" || path.starts_with("/units/") {
            Section::Network
        } else if path == "/units" {
            Section::Search
        } else if path == "/workspace" {
            Section::Workspace
        } else if path == "/gap" {
            Section::Gap
        } else if path == "/contacts" || path.starts_with("/contacts/") {
            Section::Contacts
        } else if path == "/portal" || path.starts_with("/portal/") {
            Section::Portal
        } else if path == "/kinerja" || path.starts_with("/kinerja/") {
            Section::Kinerja
        } else if path == "/monitoring" || path.starts_with("/monitoring/") {
            Section::Monitoring
        } else if path.starts_with("/design") {
            Section::Design
        } else if [
            "/account",
            "/members",
            "/journalists",
            "/audit",
            "/sign-in",
            "/forgot-password",
        ]
        .iter()
        .any(|p| path.starts_with(p))
        {
            Section::Account
        } else {
            Section::Other
        }
    }

    /// Whether the navigation item `section` is where the reader is.
    pub fn in_section(&self, section: &str) -> bool {
        let current = match section {
            "home" => Section::Home,
            "releases" => Section::Releases,
            "campaigns" => Section::Campaigns,
            "forums" => Section::Forums,
            "press" => Section::PressRooms,
            "register" => Section::Register,
            "gap" => Section::Gap,
            "kinerja" => Section::Kinerja,
            "monitoring" => Section::Monitoring,
            "network" => Section::Network,
            "search" => Section::Search,
            "design" => Section::Design,
            "account" => Section::Account,
            "workspace" => Section::Workspace,
            "contacts" => Section::Contacts,
            "portal" => Section::Portal,
            _ => Section::Other,
        };
        current != Section::Other && current == self.section()
    }

    /// The product's areas, for everyone. Areas still to come (forums,
    /// monitoring, kinerja) are one line each here.
    pub fn nav_areas(&self) -> Vec<NavLink> {
        let campaigns = if self.reader.as_ref().is_some_and(|r| r.officer) {
            "/campaigns"
        } else {
            "/campaigns/running"
        };
        [
            ("/releases", "nav-releases", "releases"),
            (campaigns, "nav-campaigns", "campaigns"),
            ("/forums", "nav-forums", "forums"),
            ("/press", "nav-press", "press"),
            ("/register", "nav-register", "register"),
            ("/kinerja", "nav-kinerja", "kinerja"),
            ("/network", "nav-network", "network"),
        ]
        .iter()
        .map(|(href, key, section)| self.link(href, key, section))
        .collect()
    }

    /// The signed-in person's own places: their workspace and gap (for
    /// officers), the units they serve, their account; "Masuk" otherwise.
    pub fn nav_own(&self) -> Vec<NavLink> {
        let Some(reader) = &self.reader else {
            let mut sign_in = self.link("/sign-in", "nav-sign-in", "account");
            if let Some(next) = self.next_here() {
                sign_in.href = format!("/sign-in?next={}", encode_component(next));
            }
            return vec![sign_in];
        };
        let mut links = Vec::new();
        if reader.officer {
            links.push(self.link("/workspace", "nav-workspace", "workspace"));
            links.push(self.link("/gap", "nav-gap", "gap"));
            links.push(self.link("/monitoring", "nav-monitoring", "monitoring"));
        }
        if reader.keeps_contacts {
            links.push(self.link("/contacts", "nav-contacts", "contacts"));
        }
        if reader.journalist {
            links.push(self.link("/portal", "nav-portal", "portal"));
        }
        let path = self.here.split('?').next().unwrap_or("");
        for unit in &reader.units {
            links.push(NavLink {
                current: path == unit.href,
                href: unit.href.clone(),
                label: unit.name.clone(),
            });
        }
        links.push(self.link("/account", "nav-account", "account"));
        links
    }

    /// Where signing in should come back to: this page, when it is a
    /// local path and not the sign-in page itself.
    fn next_here(&self) -> Option<&str> {
        let here = self.here.as_str();
        (crate::session::is_local_path(here) && !here.starts_with("/sign-in")).then_some(here)
    }

    /// "Siti Rahma · Humas Kota Denpasar": who is signed in, for which unit.
    pub fn signed_in_as(&self) -> Option<String> {
        let reader = self.reader.as_ref()?;
        Some(match reader.units.first() {
            Some(unit) => format!("{} · {}", reader.name, unit.name),
            None => reader.name.clone(),
        })
    }

    fn link(&self, href: &str, key: &str, section: &str) -> NavLink {
        NavLink {
            href: href.into(),
            label: self.tr.t(key),
            current: self.in_section(section),
        }
    }

    /// The link that switches to `lang` and comes back here.
    pub fn switch_href(&self, lang: &str) -> String {
        format!("/lang/{lang}?next={}", encode_component(&self.here))
    }

    pub fn is_lang(&self, lang: &str) -> bool {
        self.tr.lang_code() == lang
    }
}

pub fn level_key(level: Level) -> String {
    format!("level-{}", level.as_str())
}

pub fn kind_key(kind: UnitKind) -> String {
    format!("kind-{}", kind.as_str())
}

/// A unit in a list.
pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub href: String,
    pub kind: String,
    pub sub_units: String,
    pub retired: bool,
}

impl UnitRow {
    pub fn new(tr: &Tr, unit: &Unit, child_count: i64) -> UnitRow {
        UnitRow {
            code: unit.code.to_string(),
            name: unit.name.clone(),
            href: format!("/units/{}", unit.code),
            kind: tr.t(&kind_key(unit.kind)),
            sub_units: if child_count > 0 {
                tr.count("sub-unit-count", child_count)
            } else {
                String::new()
            },
            retired: unit.retired_at.is_some(),
        }
    }
}

/// The units that name where `code` lies, nearest first: its parent and
/// on up to the first regency, province or national unit. A village is
/// placed by its district and regency, a district by its regency, a
/// regency by its province.
fn placing_ancestors(code: &str) -> Vec<sinergi_domain::UnitCode> {
    let mut out = Vec::new();
    let mut next = sinergi_domain::UnitCode::parse(code)
        .ok()
        .and_then(|c| c.parent());
    while let Some(unit) = next {
        let below_regency = matches!(unit.level(), Level::District | Level::Village);
        next = unit.parent();
        out.push(unit);
        if !below_regency {
            break;
        }
    }
    out
}

/// The names of the units that place `codes` (see [`place_name`]), by
/// code, read in one query. A name that cannot be read is left out.
pub async fn parent_names(
    store: &sinergi_store::Store,
    codes: Vec<String>,
) -> std::collections::BTreeMap<String, String> {
    let ancestors: Vec<sinergi_domain::UnitCode> =
        codes.iter().flat_map(|c| placing_ancestors(c)).collect();
    store
        .unit_names(ancestors.iter().map(|c| c.as_str()))
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "unit names for places unavailable");
            Default::default()
        })
}

/// A unit named so a reader can place it: "Kel. Sanur, Kec. Denpasar
/// Selatan, Kota Denpasar"; "Kab. Banyuwangi, Jawa Timur"; the name alone
/// for a province or a national unit. `names` holds the ancestors' names
/// ([`parent_names`]); one missing is skipped.
pub fn place_name(
    name: &str,
    code: &str,
    names: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut place = match sinergi_domain::UnitCode::parse(code) {
        Ok(c) => short_name(&c, name),
        Err(_) => name.to_owned(),
    };
    for ancestor in placing_ancestors(code) {
        if let Some(n) = names.get(ancestor.as_str()) {
            place.push_str(", ");
            place.push_str(&short_name(&ancestor, n));
        }
    }
    place
}

/// A regional unit's name with its kind, as places are written: "Kab.
/// Badung" for "Kabupaten Badung", "Kec. Kuta", "Kel. Sanur", "Desa
/// Kedonganan" (a desa adat too). Names that say their kind already, and other units, as
/// they are.
pub(crate) fn short_name(code: &sinergi_domain::UnitCode, name: &str) -> String {
    if !code.is_regional() {
        return name.to_owned();
    }
    let (prefix, says_it) = match UnitKind::of_region(code, name) {
        UnitKind::Kabupaten => {
            let bare = name.strip_prefix("Kabupaten ").unwrap_or(name);
            return if bare.starts_with("Kab.") {
                bare.to_owned()
            } else {
                format!("Kab. {bare}")
            };
        }
        UnitKind::Kecamatan => ("Kec. ", &["Kec.", "Kecamatan "][..]),
        UnitKind::Kelurahan => ("Kel. ", &["Kel.", "Kelurahan "][..]),
        UnitKind::Desa | UnitKind::DesaAdat => ("Desa ", &["Desa "][..]),
        _ => return name.to_owned(),
    };
    if says_it.iter().any(|p| name.starts_with(p)) {
        name.to_owned()
    } else {
        format!("{prefix}{name}")
    }
}

/// Whether htmx asked for a part of the page. A history restore (the
/// reader pressed Back and htmx had no copy) needs the whole page.
pub fn wants_partial(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-history-restore-request")
}

/// Renders a page, or only its partial for htmx.
pub fn render<P: Template, F: Template>(
    headers: &HeaderMap,
    page: P,
    partial: impl FnOnce(P) -> F,
) -> Result<Response, PageError> {
    let html = if wants_partial(headers) {
        partial(page).render()
    } else {
        page.render()
    }
    .map_err(|e| PageError::Internal(e.to_string()))?;
    let mut response = Html(html).into_response();
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("HX-Request, HX-History-Restore-Request, Cookie"),
    );
    Ok(response)
}

/// Percent-encodes a query-string component.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A map section (campaign dashboard, forum series): the provinces, or one
/// province's regencies and cities, with the rows of its table.
pub struct MapView<Row> {
    pub title: String,
    pub hint: String,
    /// The first column of the table: province, or regency/city.
    pub level: String,
    /// Back to the provinces' map, when a province's is shown.
    pub all_href: String,
    pub svg: String,
    pub legend_svg: String,
    pub rows: Vec<Row>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htmx_gets_the_partial_except_when_restoring_history() {
        let mut headers = HeaderMap::new();
        assert!(!wants_partial(&headers));
        headers.insert("hx-request", HeaderValue::from_static("true"));
        assert!(wants_partial(&headers));
        headers.insert(
            "hx-history-restore-request",
            HeaderValue::from_static("true"),
        );
        assert!(!wants_partial(&headers), "Back needs the whole page");
    }

    #[test]
    fn the_navigation_knows_where_the_reader_is() {
        let at = |here: &str| PageCtx::new(Lang::Id, here.into());
        assert!(at("/").in_section("home"));
        assert!(at("/network").in_section("network"));
        assert!(at("/releases").in_section("releases"));
        assert!(at("/gap?unit=35").in_section("gap"));
        assert!(!at("/gap").in_section("workspace"));
        assert!(at("/units/51.71").in_section("network"));
        assert!(at("/units?q=bali").in_section("search"));
        assert!(!at("/units?q=bali").in_section("network"));
        assert!(at("/design").in_section("design"));
        assert!(at("/kinerja/51").in_section("kinerja"));
        assert!(at("/forums/series/1").in_section("forums"));
        assert!(at("/forums").in_section("forums"));
        assert!(!at("/lang/en").in_section("network"));
    }

    #[test]
    fn the_navigation_names_the_areas_and_the_readers_own_places() {
        let hrefs = |links: Vec<NavLink>| links.into_iter().map(|l| l.href).collect::<Vec<_>>();
        let anonymous = PageCtx::new(Lang::Id, "/releases".into());
        assert_eq!(
            hrefs(anonymous.nav_areas()),
            [
                "/releases",
                "/campaigns/running",
                "/forums",
                "/press",
                "/register",
                "/kinerja",
                "/network"
            ]
        );
        assert!(anonymous.nav_areas()[0].current);
        assert_eq!(
            hrefs(anonymous.nav_own()),
            ["/sign-in?next=/releases"],
            "signing in comes back here"
        );
        let abroad = PageCtx::new(Lang::Id, "//evil.example/x".into());
        assert_eq!(hrefs(abroad.nav_own()), ["/sign-in"]);
        let paged = PageCtx::new(Lang::Id, "/register?kind=innovation".into());
        assert_eq!(
            hrefs(paged.nav_own()),
            ["/sign-in?next=/register%3Fkind%3Dinnovation"]
        );
        let sign_in = PageCtx::new(Lang::Id, "/sign-in?next=/x".into());
        assert_eq!(hrefs(sign_in.nav_own()), ["/sign-in"]);
        assert_eq!(anonymous.signed_in_as(), None);

        let mut officer = PageCtx::new(Lang::Id, "/units/51".into());
        officer.reader = Some(super::super::nav::NavPerson {
            name: "Humas Bali".into(),
            units: vec![super::super::nav::ServedUnit {
                name: "Bali".into(),
                href: "/units/51".into(),
            }],
            officer: true,
            keeps_contacts: true,
            journalist: false,
        });
        assert_eq!(officer.nav_areas()[1].href, "/campaigns");
        assert_eq!(
            hrefs(officer.nav_own()),
            [
                "/workspace",
                "/gap",
                "/monitoring",
                "/contacts",
                "/units/51",
                "/account"
            ]
        );
        assert!(
            officer.nav_own()[4].current,
            "their unit's page is where they are"
        );
        assert_eq!(officer.signed_in_as().as_deref(), Some("Humas Bali · Bali"));

        // A journalist reads no internal work: no workspace, no gap.
        let mut journalist = PageCtx::new(Lang::Id, "/".into());
        journalist.reader = Some(super::super::nav::NavPerson {
            name: "Wayan".into(),
            units: Vec::new(),
            officer: false,
            keeps_contacts: false,
            journalist: true,
        });
        assert_eq!(hrefs(journalist.nav_own()), ["/portal", "/account"]);
        assert_eq!(journalist.nav_areas()[1].href, "/campaigns/running");
    }

    #[test]
    fn a_unit_is_named_so_a_reader_can_place_it() {
        // As the region files name them.
        let parents: std::collections::BTreeMap<String, String> = [
            ("35".to_owned(), "Jawa Timur".to_owned()),
            ("51".to_owned(), "Bali".to_owned()),
            ("51.71".to_owned(), "Kota Denpasar".to_owned()),
            ("51.71.01".to_owned(), "Denpasar Selatan".to_owned()),
            ("51.03".to_owned(), "Kabupaten Badung".to_owned()),
        ]
        .into();
        assert_eq!(
            place_name("Sanur Kaja", "51.71.01.2001", &parents),
            "Desa Sanur Kaja, Kec. Denpasar Selatan, Kota Denpasar"
        );
        assert_eq!(
            place_name("Sanur", "51.71.01.1006", &parents),
            "Kel. Sanur, Kec. Denpasar Selatan, Kota Denpasar"
        );
        assert_eq!(
            place_name("Denpasar Selatan", "51.71.01", &parents),
            "Kec. Denpasar Selatan, Kota Denpasar"
        );
        assert_eq!(
            place_name("Kedonganan", "51.03.05.2001", &parents),
            "Desa Kedonganan, Kab. Badung",
            "a district whose name cannot be read is skipped"
        );
        assert_eq!(
            place_name("Kabupaten Badung", "51.03", &parents),
            "Kab. Badung, Bali"
        );
        assert_eq!(
            place_name("Biro Humas", "kemenpanrb.hkip", &parents),
            "Biro Humas"
        );
        assert_eq!(
            placing_ancestors("51.71.01.2001")
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect::<Vec<_>>(),
            ["51.71.01", "51.71"],
            "a village is placed up to its regency, not its province"
        );
        assert_eq!(
            place_name("Kab. Banyuwangi", "35.10", &parents),
            "Kab. Banyuwangi, Jawa Timur"
        );
        assert_eq!(place_name("Jawa Timur", "35", &parents), "Jawa Timur");
    }

    #[test]
    fn query_components_are_percent_encoded() {
        assert_eq!(
            encode_component("kota denpasar&x=1"),
            "kota%20denpasar%26x%3D1"
        );
        assert_eq!(
            encode_component("/units/51.71?cursor=a"),
            "/units/51.71%3Fcursor%3Da"
        );
    }
}
