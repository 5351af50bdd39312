//! One-click unsubscribe (RFC 8058) and personal feeds: the two addresses
//! a message or a feed reader opens without signing in.
//!
//! `POST /unsubscribe/{token}` ends every subscription of the contact the
//! signed token names, with no CSRF token by design: mail providers post
//! `List-Unsubscribe=One-Click` there from their own servers. The token
//! itself is the proof, and unsubscribing is the only thing it can do.
//! `GET` never changes anything (link scanners follow links): it shows a
//! page with the button.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use sinergi_domain::{UnitCode, Zone};

use crate::AppState;
use crate::forms::render_page;
use crate::i18n::Lang;
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::public::feed_build::{FeedEntry, FeedFormat, FeedMeta, build_feed};

#[derive(Template)]
#[template(path = "contacts/unsubscribe.html")]
struct UnsubscribePage {
    ctx: PageCtx,
    action: String,
    valid: bool,
    done: bool,
}

fn page(lang: Lang, token: &str, valid: bool, done: bool) -> PageResult {
    let ctx = PageCtx::new(lang, "/".into()).without_scripts();
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok(render_page(
        status,
        &UnsubscribePage {
            ctx,
            action: format!("/unsubscribe/{token}"),
            valid,
            done,
        },
    ))
}

pub async fn confirm(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> PageResult {
    let valid = state
        .distribution
        .check_unsubscribe_token(&token)
        .await
        .or_page(lang)?;
    page(lang, &token, valid, false)
}

pub async fn one_click(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> PageResult {
    let done = state
        .distribution
        .unsubscribe_by_token(&token)
        .await
        .or_page(lang)?;
    page(lang, &token, done.is_some(), done.is_some())
}

/// `/personal-feed/{token}`: Atom, the public releases of what the
/// token's owner follows. Never cached by the public cache (it is not
/// under `/feeds/`), and gone at once when the token is revoked.
pub async fn personal_feed(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> PageResult {
    let token = token.trim_end_matches(".atom");
    let Some((name, releases)) = state
        .distribution
        .personal_feed(token)
        .await
        .or_page(lang)?
    else {
        return Err(PageError::NotFound {
            key: "not-found-body",
            arg: ("x", String::new()),
        }
        .in_lang(lang));
    };
    let base = state.distribution.base_url().to_owned();
    let entries: Vec<FeedEntry> = releases
        .iter()
        .map(|r| {
            let zone = UnitCode::parse(&r.unit_code)
                .map(|c| Zone::of_unit(&c))
                .unwrap_or(Zone::Wib);
            let url = format!("{base}/releases/{}-{}", r.id, r.slug);
            FeedEntry {
                id: format!("{base}/releases/{}", r.id),
                url,
                title: r.title.clone(),
                summary: r.lead.clone(),
                published: r.public_at,
                updated: r.updated_at.max(r.public_at),
                zone,
                author: r.unit_name.clone(),
                tags: Vec::new(),
                language: None,
                original: None,
            }
        })
        .collect();
    let meta = FeedMeta {
        title: format!("Sinergi · {name}"),
        description: format!("Sinergi · {name}"),
        home_url: format!("{base}/portal"),
        feed_url: format!("{base}/personal-feed/{token}"),
        language: lang.code().to_owned(),
        zone: Zone::Wib,
        updated: entries.first().map_or(0, |e| e.updated),
        author: "Sinergi".to_owned(),
    };
    let body = build_feed(&meta, &entries, FeedFormat::Atom);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, FeedFormat::Atom.content_type()),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response())
}
