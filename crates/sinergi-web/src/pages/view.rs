//! What every page needs, and small view models shared by pages.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use sinergi_domain::{Level, Unit, UnitKind};

use super::PageError;
use crate::assets;
use crate::i18n::{Lang, Tr};

/// The frame around every page: language, stylesheet, where we are.
pub struct PageCtx {
    pub tr: Tr,
    pub css: String,
    /// The current path and query, for the language switch to come back to.
    pub here: String,
    /// The text in the header's search box.
    pub q: String,
}

impl PageCtx {
    pub fn new(lang: Lang, here: String) -> PageCtx {
        PageCtx {
            tr: Tr::new(lang),
            css: assets::stylesheet_path(),
            here,
            q: String::new(),
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

/// Renders a page, or only its partial for htmx.
pub fn render<P: Template, F: Template>(headers: &HeaderMap, page: P, partial: impl FnOnce(P) -> F) -> Result<Response, PageError> {
    let html = if headers.contains_key("hx-request") {
        partial(page).render()
    } else {
        page.render()
    }
    .map_err(|e| PageError::Internal(e.to_string()))?;
    let mut response = Html(html).into_response();
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("HX-Request, Cookie"));
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
