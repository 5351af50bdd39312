//! `/register` ("Capaian & inovasi"): the network's published
//! achievements and innovations, newest first, by pages; `?kind=` narrows
//! to one kind. Read through the newsroom with the public principal, so
//! only items with a public release show.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use sinergi_domain::newsroom::ItemKind;

use super::PageError;
use super::errors::{OrErrorPage, PageResult};
use super::news::{ItemRow, published_items};
use super::view::{NavLink, PageCtx, encode_component, render};
use crate::AppState;
use crate::i18n::Lang;

const PAGE_SIZE: i64 = 20;

#[derive(Deserialize, Default)]
pub struct ListParams {
    kind: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "news/register.html")]
pub struct RegisterPage {
    ctx: PageCtx,
    kinds: Vec<NavLink>,
    rows: Vec<ItemRow>,
    next_href: Option<String>,
    first_href: Option<String>,
    paging_hx: bool,
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Query(params): Query<ListParams>,
) -> PageResult {
    let kind = match params.kind.as_deref().unwrap_or("") {
        "" => None,
        k => Some(
            ItemKind::ALL
                .into_iter()
                .find(|x| x.as_str() == k)
                .ok_or_else(|| PageError::BadRequest {
                    key: "bad-kind",
                    arg: ("kind", k.to_owned()),
                })
                .or_page(lang)?,
        ),
    };
    let here = match kind {
        Some(k) => format!("/register?kind={}", k.as_str()),
        None => "/register".to_owned(),
    };
    let ctx = PageCtx::new(lang, here.clone());
    let tr = ctx.tr;
    let cursor = params.cursor.filter(|c| !c.is_empty());
    let (rows, next) = published_items(&state, &tr, kind, PAGE_SIZE, cursor.clone())
        .await
        .or_page(lang)?;
    let sep = if kind.is_some() { '&' } else { '?' };
    let mut kinds = vec![NavLink {
        href: "/register".into(),
        label: tr.t("register-all-kinds"),
        current: kind.is_none(),
    }];
    kinds.extend(ItemKind::ALL.into_iter().map(|k| NavLink {
        href: format!("/register?kind={}", k.as_str()),
        label: tr.t(&format!("register-kind-{}", k.as_str())),
        current: kind == Some(k),
    }));
    let page = RegisterPage {
        kinds,
        rows,
        next_href: next.map(|c| format!("{here}{sep}cursor={}", encode_component(&c))),
        first_href: cursor.map(|_| here.clone()),
        paging_hx: false,
        ctx,
    };
    render(&headers, page, |p| p).or_page(lang)
}
