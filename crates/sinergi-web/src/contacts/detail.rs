//! One contact: details, consent records (record, withdraw), what they
//! follow (subscribe, end), the reader's units' private notes, and a
//! personal feed address. Each form posts back here; a refusal re-renders
//! the page with the values kept and the message beside the field.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_distribution::{ConsentInput, ContactView, DistributionError, SubscriptionInput};
use sinergi_domain::contacts::{Basis, Channel, Purpose};
use sinergi_domain::{ContactId, SubscriptionId, Zone};

use super::{field_errors, hour_options, options, subscription_label, target_options};
use crate::AppState;
use crate::forms::{FieldError, error_for, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

pub struct ConsentRow {
    pub purpose: String,
    pub basis: String,
    pub channel: String,
    pub evidence: String,
    pub given: String,
    pub recorded: String,
    pub withdrawn: String,
}

pub struct SubscriptionRow {
    pub id: i64,
    pub label: String,
}

pub struct NoteRow {
    pub unit: String,
    pub body: String,
    pub by: String,
}

/// What the forms on the page hold when one comes back refused.
#[derive(Default)]
pub struct Typed {
    pub consent: ConsentInput,
    pub subscription: SubscriptionInput,
    pub note: String,
}

#[derive(Template)]
#[template(path = "contacts/detail.html")]
struct DetailPage {
    ctx: PageCtx,
    csrf: String,
    id: i64,
    v: ContactView,
    outlet: String,
    kind: String,
    consents: Vec<ConsentRow>,
    subscriptions: Vec<SubscriptionRow>,
    notes: Vec<NoteRow>,
    /// (id, name) of records that may be the same person.
    duplicates: Vec<(i64, String)>,
    /// Records merged into this one, as lines.
    merged: Vec<String>,
    purposes: Vec<(String, String)>,
    bases: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    targets: Vec<(String, String)>,
    typed: Typed,
    errors: Vec<FieldError>,
    notice: String,
    feed_url: String,
    suppressed: String,
    campaigns: Vec<(String, String)>,
    tags: Vec<String>,
    hours: Vec<(String, String)>,
    /// The contact's zone, which a digest's hour is in.
    zone: String,
    /// The subscription form as typed (or empty).
    sub: SubscriptionInput,
}

impl DetailPage {
    fn error(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

fn when(tr: &Tr, micros: i64) -> String {
    tr.date_time(micros, Zone::Wib)
}

#[expect(clippy::too_many_arguments, reason = "one per part of the page")]
async fn render(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    id: ContactId,
    status: StatusCode,
    typed: Typed,
    errors: Vec<FieldError>,
    notice: String,
    feed_url: String,
) -> PageResult {
    let v = state
        .distribution
        .view(&who.session.principal, id)
        .await
        .or_page(lang)?;
    let ctx = PageCtx::new(lang, format!("/contacts/{id}"));
    let tr = ctx.tr;
    let purposes: Vec<&str> = Purpose::ALL.iter().map(|x| x.as_str()).collect();
    let bases: Vec<&str> = Basis::ALL.iter().map(|x| x.as_str()).collect();
    let channels: Vec<&str> = Channel::ALL
        .iter()
        .filter(|c| !matches!(c, Channel::Unsubscribe | Channel::Import))
        .map(|x| x.as_str())
        .collect();
    let page = DetailPage {
        csrf: who.session.csrf_token.clone(),
        id: id.get(),
        outlet: v
            .contact
            .outlet_name
            .clone()
            .unwrap_or_else(|| v.contact.organisation.clone()),
        kind: tr.t(&format!("ct-kind-{}", v.contact.kind.as_str())),
        consents: v
            .consents
            .iter()
            .map(|c| ConsentRow {
                purpose: tr.t(&format!("ct-purpose-{}", c.purpose.as_str())),
                basis: tr.t(&format!("ct-basis-{}", c.basis.as_str())),
                channel: tr.t(&format!("ct-channel-{}", c.channel.as_str())),
                evidence: c.evidence.clone(),
                given: when(&tr, c.given_at),
                recorded: format!(
                    "{} · {}",
                    when(&tr, c.recorded_at),
                    c.recorded_by.clone().unwrap_or_else(|| tr.t("ct-system"))
                ),
                withdrawn: c.withdrawn_at.map(|w| when(&tr, w)).unwrap_or_default(),
            })
            .collect(),
        subscriptions: v
            .subscriptions
            .iter()
            .map(|s| SubscriptionRow {
                id: s.id.get(),
                label: subscription_label(&tr, s, &v.contact.time_zone),
            })
            .collect(),
        notes: v
            .notes
            .iter()
            .map(|n| NoteRow {
                unit: n.unit_code.clone(),
                body: n.body.clone(),
                by: format!(
                    "{} · {}",
                    n.author.clone().unwrap_or_default(),
                    when(&tr, n.created_at)
                ),
            })
            .collect(),
        duplicates: v
            .duplicates
            .iter()
            .map(|d| (d.id.get(), d.name.clone()))
            .collect(),
        merged: v
            .merged
            .iter()
            .map(|m| {
                tr.tn(
                    "ct-merged-entry",
                    &[
                        ("name", m.name.clone()),
                        ("id", m.id.to_string()),
                        ("time", when(&tr, m.merged_at)),
                    ],
                )
            })
            .collect(),
        purposes: options(&tr, "purpose", &purposes),
        bases: options(&tr, "basis", &bases),
        channels: options(&tr, "channel", &channels),
        targets: target_options(&tr),
        tags: state.distribution.tags_in_use().await.or_page(lang)?,
        hours: hour_options(),
        zone: v.contact.time_zone.clone(),
        sub: typed.subscription.clone(),
        campaigns: state
            .distribution
            .campaign_choices(&who.session.principal)
            .await
            .or_page(lang)?
            .into_iter()
            .map(|(id, title)| (id.to_string(), title))
            .collect(),
        suppressed: v
            .suppression
            .as_ref()
            .map(|x| {
                tr.tn(
                    "ct-suppressed",
                    &[
                        ("reason", x.reason.clone()),
                        ("time", when(&tr, x.created_at)),
                    ],
                )
            })
            .unwrap_or_default(),
        typed,
        errors,
        notice,
        feed_url,
        v,
        ctx,
    };
    Ok(render_page(status, &page))
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let tr = Tr::new(lang);
    let notice = match q.done.as_deref() {
        Some(done) => tr.try_t(&format!("ct-done-{done}")).unwrap_or_default(),
        None => String::new(),
    };
    let page = render(
        &state,
        lang,
        &who,
        id,
        StatusCode::OK,
        Typed::default(),
        Vec::new(),
        notice,
        String::new(),
    )
    .await;
    // A record merged into another is not found as itself: its old links
    // lead to the kept one. Asked only then, not on every view.
    if page.is_err()
        && let Ok(Some(kept)) = state
            .distribution
            .merged_target(&who.session.principal, id)
            .await
    {
        return Ok(see_other(&format!("/contacts/{kept}")));
    }
    page
}

/// The page again with what was typed and why it was refused.
async fn refused(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    id: ContactId,
    prefix: &str,
    typed: Typed,
    e: DistributionError,
) -> PageResult {
    match e {
        DistributionError::Invalid(problems) => {
            let errors = field_errors(&Tr::new(lang), prefix, &problems);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(
                state,
                lang,
                who,
                id,
                status,
                typed,
                errors,
                String::new(),
                String::new(),
            )
            .await
        }
        other => Err(PageError::from(other).in_lang(lang)),
    }
}

#[derive(Deserialize)]
pub struct ConsentForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    input: ConsentInput,
}

pub async fn record_consent(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
    Form(f): Form<ConsentForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    match state
        .distribution
        .record_consent(&who.session.principal, &who.actor, id, &f.input)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/contacts/{id}?done=consent"))),
        Err(e) => {
            let typed = Typed {
                consent: f.input,
                ..Default::default()
            };
            refused(&state, lang, &who, id, "k-", typed, e).await
        }
    }
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    channel: String,
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
    Form(f): Form<WithdrawForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    match state
        .distribution
        .withdraw_consent(
            &who.session.principal,
            &who.actor,
            id,
            &f.purpose,
            &f.channel,
        )
        .await
    {
        Ok(_) => Ok(see_other(&format!("/contacts/{id}?done=withdrawn"))),
        Err(e) => refused(&state, lang, &who, id, "w-", Typed::default(), e).await,
    }
}

#[derive(Deserialize)]
pub struct SubscribeForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    input: SubscriptionInput,
}

pub async fn subscribe(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
    Form(f): Form<SubscribeForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    match state
        .distribution
        .subscribe(&who.session.principal, &who.actor, id, &f.input)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/contacts/{id}?done=subscribed"))),
        Err(e) => {
            let typed = Typed {
                subscription: f.input,
                ..Default::default()
            };
            refused(&state, lang, &who, id, "s-", typed, e).await
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn end_subscription(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path((id, sub)): Path<(ContactId, SubscriptionId)>,
    Form(f): Form<CsrfOnly>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    state
        .distribution
        .end_subscription(&who.session.principal, &who.actor, id, sub)
        .await
        .or_page(lang)?;
    Ok(see_other(&format!("/contacts/{id}?done=ended")))
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    body: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
    Form(f): Form<NoteForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    match state
        .distribution
        .add_note(&who.session.principal, &who.actor, id, &f.unit, &f.body)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/contacts/{id}?done=note"))),
        Err(e) => {
            let typed = Typed {
                note: f.body,
                ..Default::default()
            };
            refused(&state, lang, &who, id, "n-", typed, e).await
        }
    }
}

pub async fn new_feed(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
    Form(f): Form<CsrfOnly>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let token = state
        .distribution
        .new_feed_token(&who.session.principal, &who.actor, id)
        .await
        .or_page(lang)?;
    let url = format!("{}/personal-feed/{token}", state.distribution.base_url());
    let notice = Tr::new(lang).t("ct-done-feed");
    render(
        &state,
        lang,
        &who,
        id,
        StatusCode::OK,
        Typed::default(),
        Vec::new(),
        notice,
        url,
    )
    .await
}

#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    confirm: String,
}

/// Erases a contact's personal data at their request (by phone, by
/// letter); the page asks for a tick first.
pub async fn erase(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
    Form(f): Form<EraseForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    if f.confirm != "yes" {
        let tr = Tr::new(lang);
        let errors = vec![FieldError::new(
            "e-confirm",
            tr.t("md-erase-confirm-needed"),
        )];
        return render(
            &state,
            lang,
            &who,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            Typed::default(),
            errors,
            String::new(),
            String::new(),
        )
        .await;
    }
    state
        .distribution
        .erase(&who.session.principal, &who.actor, id)
        .await
        .or_page(lang)?;
    Ok(see_other("/contacts?done=erased"))
}

/// Lifts a hard bounce: e-mail goes to the address again.
pub async fn lift_suppression(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ContactId>,
    Form(f): Form<CsrfOnly>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    state
        .distribution
        .lift_suppression(&who.session.principal, &who.actor, id)
        .await
        .or_page(lang)?;
    Ok(see_other(&format!("/contacts/{id}?done=lifted")))
}
