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
}

/// A unit named with a link to its page.
pub struct UnitLink {
    pub name: String,
    pub href: String,
}

/// The sections of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Network,
    Search,
    Design,
    Account,
    /// The newsroom's workspace and gap report.
    Workspace,
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
        if path == "/" || path.starts_with("/units/") {
            Section::Network
        } else if path == "/units" {
            Section::Search
        } else if path == "/workspace" || path == "/gap" {
            Section::Workspace
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
            "network" => Section::Network,
            "search" => Section::Search,
            "design" => Section::Design,
            "account" => Section::Account,
            "workspace" => Section::Workspace,
            _ => Section::Other,
        };
        current != Section::Other && current == self.section()
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
        assert!(at("/").in_section("network"));
        assert!(at("/units/51.71").in_section("network"));
        assert!(at("/units?q=bali").in_section("search"));
        assert!(!at("/units?q=bali").in_section("network"));
        assert!(at("/design").in_section("design"));
        assert!(!at("/lang/en").in_section("network"));
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
