//! `/kinerja/weights`: the weights of the index, for everyone to read (the
//! components, the weights in force, the default and every change with who
//! made it and why); a network administrator changes them here. A change
//! applies to every period, so the history is recomputed and periods stay
//! comparable. The service checks the right and the numbers; this page
//! only translates.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::Response;
use sinergi_domain::Zone;
use sinergi_domain::access::Principal;
use sinergi_kinerja::index::Component;
use sinergi_kinerja::weights::{WeightsError, may_set};
use sinergi_kinerja::{KinerjaError, Weights};

use crate::AppState;
use crate::forms::{FieldError, Pairs, field, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageResult};
use crate::session::{MaybeSession, SignedIn};

pub struct WeightRow {
    pub id: String,
    pub name: &'static str,
    pub label: String,
    pub current: u32,
    pub default: u32,
    pub value: String,
    pub error: String,
}

pub struct HistoryRow {
    pub at: String,
    pub by: String,
    pub reason: String,
    pub weights: String,
}

#[derive(Template)]
#[template(path = "kinerja/weights.html")]
struct WeightsPage {
    ctx: PageCtx,
    csrf: Option<String>,
    rows: Vec<WeightRow>,
    history: Vec<HistoryRow>,
    errors: Vec<FieldError>,
    reason: String,
    reason_error: String,
}

pub fn component_label(tr: &Tr, c: Component) -> String {
    tr.t(&format!("kj-w-{}", c.as_str().replace('_', "-")))
}

fn weights_text(tr: &Tr, w: &Weights) -> String {
    Component::ALL
        .iter()
        .map(|c| format!("{} {}", component_label(tr, *c), w.of(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn page(
    state: &AppState,
    lang: Lang,
    principal: &Principal,
    csrf: Option<String>,
    given: Option<(&BTreeMap<String, String>, &str)>,
    errors: Vec<FieldError>,
) -> PageResult<WeightsPage> {
    let ctx = PageCtx::new(lang, "/kinerja/weights".into());
    let tr = ctx.tr;
    let current = state.kinerja.weights().await.or_page(lang)?;
    let default = Weights::default();
    let rows = Component::ALL
        .iter()
        .map(|c| {
            let id = format!("w-{}", c.as_str());
            WeightRow {
                name: c.as_str(),
                label: component_label(&tr, *c),
                current: current.of(*c),
                default: default.of(*c),
                value: given
                    .and_then(|(g, _)| g.get(c.as_str()).cloned())
                    .unwrap_or_else(|| current.of(*c).to_string()),
                error: crate::forms::error_for(&errors, &id),
                id,
            }
        })
        .collect();
    let history = state
        .kinerja
        .weights_history()
        .await
        .or_page(lang)?
        .into_iter()
        .map(|h| HistoryRow {
            at: tr.date_time(h.set_at, Zone::Wib),
            // Who, for those who may set them too; "a network
            // administrator" for everyone else.
            by: match h.set_by {
                Some(email) if may_set(principal) => email,
                _ => tr.t("kj-w-admin"),
            },
            reason: h.reason,
            weights: weights_text(&tr, &h.weights),
        })
        .collect();
    Ok(WeightsPage {
        csrf: csrf.filter(|_| may_set(principal)),
        rows,
        history,
        reason: given.map(|(_, r)| r.to_owned()).unwrap_or_default(),
        reason_error: crate::forms::error_for(&errors, "w-reason"),
        errors,
        ctx,
    })
}

pub async fn show(State(state): State<AppState>, lang: Lang, maybe: MaybeSession) -> PageResult {
    let (principal, csrf) = match &maybe.session {
        Some(s) => (s.principal.clone(), Some(s.csrf_token.clone())),
        None => (Principal::public(), None),
    };
    let p = page(&state, lang, &principal, csrf, None, Vec::new()).await?;
    Ok(render_page(StatusCode::OK, &p))
}

/// The message for a refused setting, tied to its field.
fn field_error(tr: &Tr, e: &WeightsError) -> FieldError {
    match e {
        WeightsError::NotAWeight { component, .. } => FieldError::new(
            &format!("w-{component}"),
            tr.t1(e.key(), "name", &{
                Component::ALL
                    .iter()
                    .find(|c| c.as_str() == component)
                    .map_or_else(|| component.clone(), |c| component_label(tr, *c))
            }),
        ),
        WeightsError::Sum { sum } => {
            FieldError::new("w-coverage", tr.t1(e.key(), "sum", &sum.to_string()))
        }
        WeightsError::Reason => FieldError::new("w-reason", tr.t(e.key())),
        WeightsError::Unknown(k) => FieldError::new("w-coverage", tr.t1(e.key(), "x", k)),
    }
}

pub async fn update(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult<Response> {
    require_csrf(lang, &field(&pairs, "csrf"), &who.session.csrf_token)?;
    let given: BTreeMap<String, String> = Component::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), field(&pairs, c.as_str())))
        .collect();
    let reason = field(&pairs, "reason");
    let now = state.clock.now();
    match state
        .kinerja
        .set_weights(&who.session.principal, &who.actor, &given, &reason, now)
        .await
    {
        Ok(_) => Ok(see_other("/kinerja/weights#history")),
        Err(KinerjaError::Weights(e)) => {
            let tr = Tr::new(lang);
            let errors = vec![field_error(&tr, &e)];
            let p = page(
                &state,
                lang,
                &who.session.principal,
                Some(who.session.csrf_token.clone()),
                Some((&given, &reason)),
                errors,
            )
            .await?;
            Ok(render_page(StatusCode::BAD_REQUEST, &p))
        }
        Err(e) => Err(e).or_page(lang),
    }
}
