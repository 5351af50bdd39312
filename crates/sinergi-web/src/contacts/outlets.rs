//! Outlets: the media list's outlets with kind, region, website and feeds.

use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_distribution::{DistributionError, OutletInput};
use sinergi_domain::contacts::OutletKind;

use super::{field_errors, options};
use crate::AppState;
use crate::forms::{FieldError, error_for, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

pub struct OutletRow {
    pub name: String,
    pub kind: String,
    pub region: String,
    pub website: String,
}

#[derive(Template)]
#[template(path = "contacts/outlets.html")]
struct OutletsPage {
    ctx: PageCtx,
    csrf: String,
    rows: Vec<OutletRow>,
    kinds: Vec<(String, String)>,
    v: OutletInput,
    errors: Vec<FieldError>,
}

impl OutletsPage {
    fn error(&self, field: &str) -> String {
        error_for(&self.errors, &format!("o-{field}"))
    }
}

async fn render(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    status: StatusCode,
    v: OutletInput,
    errors: Vec<FieldError>,
) -> PageResult {
    let outlets = state
        .distribution
        .outlets(&who.session.principal)
        .await
        .or_page(lang)?;
    let ctx = PageCtx::new(lang, "/contacts/outlets".into());
    let tr = ctx.tr;
    let kinds: Vec<&str> = OutletKind::ALL.iter().map(|k| k.as_str()).collect();
    let page = OutletsPage {
        csrf: who.session.csrf_token.clone(),
        rows: outlets
            .iter()
            .map(|o| OutletRow {
                name: o.name.clone(),
                kind: tr.t(&format!("ct-outlet-{}", o.kind.as_str())),
                region: o.region_code.clone().unwrap_or_default(),
                website: o.website.clone().unwrap_or_default(),
            })
            .collect(),
        kinds: options(&tr, "outlet", &kinds),
        v,
        errors,
        ctx,
    };
    Ok(render_page(status, &page))
}

pub async fn show(State(state): State<AppState>, lang: Lang, who: SignedIn) -> PageResult {
    let v = OutletInput {
        kind: "online".into(),
        ..Default::default()
    };
    render(&state, lang, &who, StatusCode::OK, v, Vec::new()).await
}

#[derive(Deserialize)]
pub struct OutletForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    input: OutletInput,
}

pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(f): Form<OutletForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    match state
        .distribution
        .create_outlet(&who.session.principal, &who.actor, &f.input)
        .await
    {
        Ok(_) => Ok(see_other("/contacts/outlets")),
        Err(DistributionError::Invalid(problems)) => {
            let errors = field_errors(&Tr::new(lang), "o-", &problems);
            render(
                &state,
                lang,
                &who,
                StatusCode::UNPROCESSABLE_ENTITY,
                f.input,
                errors,
            )
            .await
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}
