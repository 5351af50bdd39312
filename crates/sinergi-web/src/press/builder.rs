//! `/widget`: a page where a person picks what the widget shows (a unit
//! found by name, its subtree, or a tag), how many releases, language and
//! theme, sees the widget itself as a preview and copies the snippet in
//! both forms. It is a GET form, so it works without JavaScript: every
//! submit renders the snippet and the preview again on the server.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::UnitCode;
use sinergi_domain::newsroom::tags::normalise_tag;
use sinergi_store::UnitQuery;

use super::embed::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::AppState;
use crate::i18n::Lang;
use crate::newsroom::common::render_page;
use crate::pages::view::{PageCtx, encode_component};
use crate::pages::{OrErrorPage, PageResult};

#[derive(Deserialize, Default)]
pub struct BuilderQuery {
    q: Option<String>,
    kind: Option<String>,
    key: Option<String>,
    limit: Option<String>,
    lang: Option<String>,
    theme: Option<String>,
}

#[derive(Template)]
#[template(path = "press/widget.html")]
struct BuilderPage {
    ctx: PageCtx,
    q: String,
    kind: String,
    key: String,
    limit: i64,
    max_limit: i64,
    embed_lang: String,
    theme: String,
    /// Units matching the search: (code, name, chosen).
    matches: Vec<(String, String, bool)>,
    searched: bool,
    /// The chosen target's name, when it is known.
    target_name: String,
    key_error: String,
    preview_src: String,
    iframe_snippet: String,
    script_snippet: String,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Query(p): Query<BuilderQuery>,
) -> PageResult {
    let ctx = PageCtx::new(lang, "/widget".to_owned()).without_scripts();
    let tr = ctx.tr;
    let kind = match p.kind.as_deref() {
        Some(k @ ("unit" | "subtree" | "tag")) => k.to_owned(),
        _ => "unit".to_owned(),
    };
    let limit = p
        .limit
        .as_deref()
        .and_then(|l| l.trim().parse::<i64>().ok())
        .map_or(DEFAULT_LIMIT, |l| l.clamp(1, MAX_LIMIT));
    let embed_lang = match p.lang.as_deref() {
        Some("en") => "en",
        Some("id") => "id",
        _ => lang.code(),
    }
    .to_owned();
    let theme = if p.theme.as_deref() == Some("dark") {
        "dark"
    } else {
        "light"
    }
    .to_owned();
    let q = p.q.unwrap_or_default().trim().to_owned();
    let mut key = p.key.unwrap_or_default().trim().to_owned();
    let mut matches = Vec::new();
    if !q.is_empty() && kind != "tag" {
        let found = state
            .store
            .list_units(&UnitQuery {
                q: Some(q.clone()),
                limit: 10,
                ..Default::default()
            })
            .await;
        let page = found.or_page(lang)?;
        // The first match is chosen unless the person chose another.
        if key.is_empty()
            && let Some((u, _)) = page.items.first()
        {
            key = u.code.to_string();
        }
        matches = page
            .items
            .iter()
            .map(|(u, _)| (u.code.to_string(), u.name.clone(), u.code.as_str() == key))
            .collect();
    }
    let mut target_name = String::new();
    let mut key_error = String::new();
    let target = if key.is_empty() {
        None
    } else if kind == "tag" {
        match normalise_tag(&key) {
            Some(t) => {
                target_name = format!("#{t}");
                Some(t)
            }
            None => {
                key_error = tr.t("press-widget-bad-tag");
                None
            }
        }
    } else {
        match UnitCode::parse(&key) {
            Ok(code) => match state.store.unit(&code).await {
                Ok(u) => {
                    target_name = u.name;
                    Some(code.to_string())
                }
                Err(_) => {
                    key_error = tr.t1("unit-not-found", "code", &key);
                    None
                }
            },
            Err(_) => {
                key_error = tr.t1("bad-code", "code", &key);
                None
            }
        }
    };
    let base = state
        .accounts
        .config()
        .base_url
        .trim_end_matches('/')
        .to_owned();
    let (preview_src, iframe_snippet, script_snippet) = match &target {
        Some(t) => {
            let mut query = format!("?limit={limit}&lang={embed_lang}");
            if theme == "dark" {
                query.push_str("&theme=dark");
            }
            let src = format!("/embed/{kind}/{}{query}", encode_component(t));
            let iframe = format!(
                "<iframe src=\"{base}{src}\" title=\"{}\" width=\"100%\" height=\"{}\" \
                 sandbox=\"allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation\" \
                 loading=\"lazy\" referrerpolicy=\"no-referrer\" frameborder=\"0\"></iframe>",
                html_attr(&target_name),
                70 + limit * 62
            );
            let mut script = format!(
                "<script src=\"{base}/widget.js\" data-sinergi-{kind}=\"{}\" data-limit=\"{limit}\" data-lang=\"{embed_lang}\"",
                html_attr(t)
            );
            if theme == "dark" {
                script.push_str(" data-theme=\"dark\"");
            }
            script.push_str(" async></script>");
            (src, iframe, script)
        }
        None => (String::new(), String::new(), String::new()),
    };
    let page = BuilderPage {
        ctx,
        searched: !q.is_empty(),
        q,
        kind,
        key,
        limit,
        max_limit: MAX_LIMIT,
        embed_lang,
        theme,
        matches,
        target_name,
        key_error,
        preview_src,
        iframe_snippet,
        script_snippet,
    };
    Ok(render_page(StatusCode::OK, &page))
}

/// Text for an HTML attribute inside the snippet we hand out.
fn html_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
