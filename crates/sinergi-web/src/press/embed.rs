//! The embeddable widget. `/embed/{kind}/{key}` is a tiny standalone
//! document listing the latest public releases of a unit, a subtree or a
//! tag, made to live in another site's sandboxed iframe: no script, no
//! inline style, no cookie read or set (the language comes from the query
//! only), nothing from another host, and frameable by any site (see
//! `security_headers.rs`). `/widget.js` is the optional loader that puts
//! that iframe where its `<script>` tag stands.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use sinergi_domain::newsroom::tags::normalise_tag;
use sinergi_domain::{UnitCode, Zone};

use super::listing::{Source, public_releases};
use crate::AppState;
use crate::assets;
use crate::i18n::{Lang, Tr};

pub const DEFAULT_LIMIT: i64 = 5;
pub const MAX_LIMIT: i64 = 20;

/// The embed's own policy: its stylesheet from here, nothing else; no
/// `frame-ancestors`, so any site may frame it.
pub const EMBED_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
                             base-uri 'none'; form-action 'none'";

/// The options of an embed, from its query string only.
#[derive(Deserialize, Default, Debug)]
pub struct EmbedQuery {
    lang: Option<String>,
    limit: Option<String>,
    theme: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedOptions {
    pub lang: Lang,
    pub limit: i64,
    pub dark: bool,
}

impl EmbedOptions {
    /// Unknown or missing values fall back to the defaults: a widget on
    /// someone else's page should show something rather than an error.
    pub fn from_query(q: &EmbedQuery) -> EmbedOptions {
        EmbedOptions {
            lang: q.lang.as_deref().and_then(Lang::parse).unwrap_or(Lang::Id),
            limit: q
                .limit
                .as_deref()
                .and_then(|l| l.trim().parse::<i64>().ok())
                .map_or(DEFAULT_LIMIT, |l| l.clamp(1, MAX_LIMIT)),
            dark: q.theme.as_deref() == Some("dark"),
        }
    }
}

pub struct EmbedRow {
    pub href: String,
    pub title: String,
    pub date: String,
    pub iso_date: String,
}

#[derive(Template)]
#[template(path = "press/embed.html")]
struct EmbedDoc {
    tr: Tr,
    css: String,
    dark: bool,
    heading: String,
    more_href: String,
    rows: Vec<EmbedRow>,
}

/// The source an embed names, and its heading; `None` when it names
/// nothing we know.
async fn resolve(
    state: &AppState,
    tr: &Tr,
    kind: &str,
    key: &str,
) -> Option<(Source, String, String)> {
    match kind {
        "unit" | "subtree" => {
            let code = UnitCode::parse(key).ok()?;
            let unit = state.store.unit(&code).await.ok()?;
            if kind == "unit" {
                Some((Source::Unit(code), unit.name, format!("/press/{key}")))
            } else {
                let heading = super::room::subtree_label(tr, &unit);
                Some((
                    Source::Subtree(code),
                    heading,
                    format!("/press/{key}?scope=subtree"),
                ))
            }
        }
        "tag" => {
            let tag = normalise_tag(key)?;
            Some((Source::Tag(tag.clone()), format!("#{tag}"), "/".to_owned()))
        }
        _ => None,
    }
}

fn headers_for_embed(response: &mut Response) {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(EMBED_CSP),
    );
    // Revalidate every time: a cached list must not outlive a withdrawal.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

pub async fn document(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
    Query(q): Query<EmbedQuery>,
) -> Response {
    let opts = EmbedOptions::from_query(&q);
    let tr = Tr::new(opts.lang);
    let base = state
        .accounts
        .config()
        .base_url
        .trim_end_matches('/')
        .to_owned();
    let Some((source, heading, more)) = resolve(&state, &tr, &kind, &key).await else {
        let mut r = (StatusCode::NOT_FOUND, tr.t("press-embed-unknown")).into_response();
        headers_for_embed(&mut r);
        return r;
    };
    let page = match public_releases(&state, &source, opts.limit, None).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "embed listing");
            let mut r = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            headers_for_embed(&mut r);
            return r;
        }
    };
    let rows = page
        .items
        .iter()
        .map(|b| {
            let zone = UnitCode::parse(&b.unit_code)
                .map(|u| Zone::of_unit(&u))
                .unwrap_or(Zone::Wib);
            let at = b.public_at.unwrap_or(0);
            EmbedRow {
                href: format!("{base}/releases/{}-{}", b.id, b.slug),
                title: b.title.clone(),
                date: tr.date(at, zone),
                iso_date: super::meta::rfc3339(at, zone),
            }
        })
        .collect();
    let doc = EmbedDoc {
        tr,
        css: assets::embed_stylesheet_path(),
        dark: opts.dark,
        heading,
        more_href: format!("{base}{more}"),
        rows,
    };
    let mut response = match doc.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "rendering the embed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    };
    headers_for_embed(&mut response);
    response
}

/// The loader script: small, no eval, no inline style; see `static/widget.js`.
pub async fn loader() -> Response {
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        assets::WIDGET_JS,
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_from_the_query_with_safe_defaults() {
        let q = |lang: &str, limit: &str, theme: &str| EmbedQuery {
            lang: Some(lang.into()),
            limit: Some(limit.into()),
            theme: Some(theme.into()),
        };
        assert_eq!(
            EmbedOptions::from_query(&EmbedQuery::default()),
            EmbedOptions {
                lang: Lang::Id,
                limit: 5,
                dark: false
            }
        );
        let o = EmbedOptions::from_query(&q("en", "50", "dark"));
        assert_eq!((o.lang, o.limit, o.dark), (Lang::En, 20, true));
        let o = EmbedOptions::from_query(&q("fr", "x", "neon"));
        assert_eq!((o.lang, o.limit, o.dark), (Lang::Id, 5, false));
        assert_eq!(EmbedOptions::from_query(&q("id", "0", "")).limit, 1);
    }
}
