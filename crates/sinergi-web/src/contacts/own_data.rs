//! "Your data" (UU PDP): a contact asks for a link by e-mail address
//! (`/my-data`), and with it (`/my-data/{token}`) sees everything held on
//! them, downloads it (JSON, CSV), corrects it and erases it. A journalist
//! signed in reaches the same page from the portal.
//!
//! Like one-click unsubscribe, these pages need no session: the signed,
//! expiring token in the address is the proof, and the forms post back to
//! that address (no form token: there is no session to tie one to, and a
//! third party cannot know the address).

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use sinergi_distribution::{
    DistributionError, OwnCorrection, OwnData, own_data_csv, own_data_json,
};
use sinergi_domain::Zone;

use super::{field_errors, subscription_label};
use crate::AppState;
use crate::forms::{FieldError, Pairs, error_for, field, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{LocalizedError, OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

#[derive(Template)]
#[template(path = "contacts/my_data_request.html")]
struct RequestPage {
    ctx: PageCtx,
    email: String,
    sent: bool,
    errors: Vec<FieldError>,
}

impl RequestPage {
    fn error(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

pub struct Line {
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "contacts/my_data.html")]
struct DataPage {
    ctx: PageCtx,
    base: String,
    version: i64,
    fix: OwnCorrection,
    consents: Vec<Line>,
    subscriptions: Vec<String>,
    notes: Vec<Line>,
    mail: Vec<Line>,
    history: Vec<Line>,
    feeds: String,
    notice: String,
    errors: Vec<FieldError>,
}

impl DataPage {
    fn error(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

#[derive(Template)]
#[template(path = "contacts/my_data_erased.html")]
struct ErasedPage {
    ctx: PageCtx,
}

fn ctx(lang: Lang) -> PageCtx {
    PageCtx::new(lang, "/my-data".into()).without_scripts()
}

pub async fn request_form(lang: Lang) -> PageResult {
    let page = RequestPage {
        ctx: ctx(lang),
        email: String::new(),
        sent: false,
        errors: Vec::new(),
    };
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn request(
    State(state): State<AppState>,
    lang: Lang,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let email = field(&pairs, "email");
    match state.distribution.request_own_data_link(&email).await {
        Ok(()) => Ok(render_page(
            StatusCode::OK,
            &RequestPage {
                ctx: ctx(lang),
                email: String::new(),
                sent: true,
                errors: Vec::new(),
            },
        )),
        Err(DistributionError::Invalid(problems)) => Ok(render_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &RequestPage {
                ctx: ctx(lang),
                email,
                sent: false,
                errors: field_errors(&Tr::new(lang), "md-", &problems),
            },
        )),
        Err(other) => Err(PageError::from(other).in_lang(lang)),
    }
}

fn when(tr: &Tr, micros: i64) -> String {
    tr.date_time(micros, Zone::Wib)
}

fn data_page(
    lang: Lang,
    token: &str,
    d: OwnData,
    fix: Option<OwnCorrection>,
    notice: String,
    errors: Vec<FieldError>,
) -> DataPage {
    let tr = Tr::new(lang);
    let c = &d.contact;
    let fix = fix.unwrap_or_else(|| OwnCorrection {
        name: c.name.clone(),
        email: c.email.clone().unwrap_or_default(),
        phone: c.phone.clone(),
        whatsapp: c.whatsapp.clone(),
        role_title: c.role_title.clone(),
        organisation: c.organisation.clone(),
        language: c.language.clone(),
        time_zone: c.time_zone.clone(),
    });
    let consents = d
        .consents
        .iter()
        .map(|k| Line {
            label: tr.t(&format!("ct-purpose-{}", k.purpose.as_str())),
            value: format!(
                "{} · {} · {}{}",
                tr.t(&format!("ct-basis-{}", k.basis.as_str())),
                tr.t(&format!("ct-channel-{}", k.channel.as_str())),
                when(&tr, k.given_at),
                k.withdrawn_at
                    .map(|w| format!(" · {} {}", tr.t("ct-withdrawn"), when(&tr, w)))
                    .unwrap_or_default()
            ),
        })
        .collect();
    let subscriptions = d
        .subscriptions
        .iter()
        .map(|s| subscription_label(&tr, s, &d.contact.time_zone))
        .collect();
    let notes = d
        .notes
        .iter()
        .map(|n| Line {
            label: format!("{} · {}", n.unit_code, when(&tr, n.created_at)),
            value: n.body.clone(),
        })
        .collect();
    let mut mail: Vec<Line> = d
        .deliveries
        .iter()
        .map(|m| Line {
            label: when(&tr, m.created_at),
            value: format!("{} · {}", tr.t(&format!("dl-cause-{}", m.cause)), m.title),
        })
        .collect();
    mail.extend(d.pitches.iter().map(|p| Line {
        label: p.sent_at.map(|s| when(&tr, s)).unwrap_or_default(),
        value: format!(
            "{} · {}",
            p.unit_name,
            p.subject.clone().unwrap_or_default()
        ),
    }));
    let history = d
        .history
        .iter()
        .map(|(at, action)| Line {
            label: when(&tr, *at),
            value: action.clone(),
        })
        .collect();
    DataPage {
        ctx: ctx(lang),
        base: format!("/my-data/{token}"),
        version: c.version,
        fix,
        consents,
        subscriptions,
        notes,
        mail,
        history,
        feeds: tr.tn(
            "md-feeds",
            &[(
                "count",
                d.feed_tokens
                    .iter()
                    .filter(|(_, r)| r.is_none())
                    .count()
                    .to_string(),
            )],
        ),
        notice,
        errors,
    }
}

fn link_gone(lang: Lang) -> LocalizedError {
    PageError::NotFound {
        key: "md-link-invalid",
        arg: ("x", String::new()),
    }
    .in_lang(lang)
}

async fn load(state: &AppState, lang: Lang, token: &str) -> Result<OwnData, LocalizedError> {
    match state.distribution.own_data(token).await {
        Ok(d) => Ok(d),
        Err(DistributionError::NotFound(_)) => Err(link_gone(lang)),
        Err(other) => Err(PageError::from(other).in_lang(lang)),
    }
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> PageResult {
    let d = load(&state, lang, &token).await?;
    Ok(render_page(
        StatusCode::OK,
        &data_page(lang, &token, d, None, String::new(), Vec::new()),
    ))
}

pub async fn export_json(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> PageResult {
    let d = match state.distribution.own_data_export(&token).await {
        Ok(d) => d,
        Err(DistributionError::NotFound(_)) => return Err(link_gone(lang)),
        Err(other) => return Err(PageError::from(other).in_lang(lang)),
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"sinergi-my-data.json\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        own_data_json(&d),
    )
        .into_response())
}

pub async fn export_csv(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> PageResult {
    let d = match state.distribution.own_data_export(&token).await {
        Ok(d) => d,
        Err(DistributionError::NotFound(_)) => return Err(link_gone(lang)),
        Err(other) => return Err(PageError::from(other).in_lang(lang)),
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"sinergi-my-data.csv\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        own_data_csv(&d),
    )
        .into_response())
}

pub async fn correct(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let fix = OwnCorrection {
        name: field(&pairs, "name"),
        email: field(&pairs, "email"),
        phone: field(&pairs, "phone"),
        whatsapp: field(&pairs, "whatsapp"),
        role_title: field(&pairs, "role_title"),
        organisation: field(&pairs, "organisation"),
        language: field(&pairs, "language"),
        time_zone: field(&pairs, "time_zone"),
    };
    let version: i64 = field(&pairs, "version").trim().parse().unwrap_or(0);
    let tr = Tr::new(lang);
    match state
        .distribution
        .correct_own_data(&token, version, &fix)
        .await
    {
        Ok(()) => {
            let d = load(&state, lang, &token).await?;
            let page = data_page(lang, &token, d, None, tr.t("md-corrected"), Vec::new());
            Ok(render_page(StatusCode::OK, &page))
        }
        Err(DistributionError::Invalid(problems)) => {
            let d = load(&state, lang, &token).await?;
            let errors = field_errors(&tr, "md-", &problems);
            let page = data_page(lang, &token, d, Some(fix), String::new(), errors);
            Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(DistributionError::Stale(_)) => {
            let d = load(&state, lang, &token).await?;
            let errors = vec![FieldError::new("md-name", tr.t("ct-stale"))];
            let page = data_page(lang, &token, d, Some(fix), String::new(), errors);
            Ok(render_page(StatusCode::CONFLICT, &page))
        }
        Err(DistributionError::NotFound(_)) => Err(link_gone(lang)),
        Err(other) => Err(PageError::from(other).in_lang(lang)),
    }
}

pub async fn erase(
    State(state): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    if field(&pairs, "confirm") != "yes" {
        let d = load(&state, lang, &token).await?;
        let tr = Tr::new(lang);
        let errors = vec![FieldError::new(
            "md-confirm",
            tr.t("md-erase-confirm-needed"),
        )];
        let page = data_page(lang, &token, d, None, String::new(), errors);
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    match state.distribution.erase_own_data(&token).await {
        Ok(()) => Ok(render_page(StatusCode::OK, &ErasedPage { ctx: ctx(lang) })),
        Err(DistributionError::NotFound(_)) => Err(link_gone(lang)),
        Err(other) => Err(PageError::from(other).in_lang(lang)),
    }
}

/// From the portal: a fresh link to the journalist's own data.
pub async fn from_portal(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_csrf(lang, &field(&pairs, "csrf"), &who.session.csrf_token)?;
    let token = state
        .distribution
        .own_data_link_for(&who.session.user)
        .await
        .or_page(lang)?;
    Ok(see_other(&format!("/my-data/{token}")))
}
