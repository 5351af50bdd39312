//! The journalist's portal: what they follow (follow a unit, a subtree,
//! a campaign or a tag, each release or in a daily digest; stop), releases of the units that accredited them with a
//! banner on embargoed ones and the time they lift, and their personal
//! feed address.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_distribution::{DistributionError, PortalItem, SubscriptionInput};
use sinergi_domain::{SubscriptionId, UnitCode, Zone};

use super::{field_errors, hour_options, subscription_label, target_options};
use crate::AppState;
use crate::forms::{FieldError, error_for, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

pub struct ReleaseRow {
    pub href: String,
    pub title: String,
    pub unit: String,
    pub when: String,
    pub embargoed: bool,
}

pub struct FollowRow {
    pub id: i64,
    pub label: String,
}

#[derive(Template)]
#[template(path = "contacts/portal.html")]
struct PortalPage {
    ctx: PageCtx,
    csrf: String,
    follows: Vec<FollowRow>,
    accredited: Vec<ReleaseRow>,
    followed: Vec<ReleaseRow>,
    has_feed: bool,
    has_contact: bool,
    feed_url: String,
    notice: String,
    errors: Vec<FieldError>,
    targets: Vec<(String, String)>,
    campaigns: Vec<(String, String)>,
    tags: Vec<String>,
    hours: Vec<(String, String)>,
    /// The journalist's zone, which a digest's hour is in.
    zone: String,
    /// The follow form as typed (or empty).
    sub: SubscriptionInput,
}

impl PortalPage {
    fn error(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

fn rows(tr: &Tr, items: &[PortalItem]) -> Vec<ReleaseRow> {
    items
        .iter()
        .map(|i| {
            let zone = UnitCode::parse(&i.release.unit_code)
                .map(|c| Zone::of_unit(&c))
                .unwrap_or(Zone::Wib);
            ReleaseRow {
                href: format!("/releases/{}-{}", i.release.id, i.release.slug),
                title: i.release.title.clone(),
                unit: i.release.unit_name.clone(),
                when: tr.date_time(i.release.public_at, zone),
                embargoed: i.embargoed,
            }
        })
        .collect()
}

#[expect(clippy::too_many_arguments, reason = "one per part of the page")]
async fn render(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    status: StatusCode,
    notice: String,
    feed_url: String,
    sub: SubscriptionInput,
    errors: Vec<FieldError>,
) -> PageResult {
    let portal = state
        .distribution
        .portal(&who.session.principal, &who.session.user)
        .await
        .or_page(lang)?;
    let ctx = PageCtx::new(lang, "/portal".into());
    let tr = ctx.tr;
    let zone = portal
        .contact
        .as_ref()
        .map_or_else(|| "WIB".to_owned(), |c| c.time_zone.clone());
    let (campaigns, tags) = state
        .distribution
        .subscription_choices()
        .await
        .or_page(lang)?;
    let sub = if sub.target.is_empty() {
        SubscriptionInput {
            target: "subtree".into(),
            ..sub
        }
    } else {
        sub
    };
    let page = PortalPage {
        csrf: who.session.csrf_token.clone(),
        follows: portal
            .subscriptions
            .iter()
            .map(|s| FollowRow {
                id: s.id.get(),
                label: subscription_label(&tr, s, &zone),
            })
            .collect(),
        accredited: rows(&tr, &portal.accredited),
        followed: rows(&tr, &portal.followed),
        has_feed: portal.has_feed,
        has_contact: portal.contact.is_some(),
        feed_url,
        notice,
        errors,
        targets: target_options(&tr),
        campaigns: campaigns
            .into_iter()
            .map(|(id, title)| (id.to_string(), title))
            .collect(),
        tags,
        hours: hour_options(),
        zone,
        sub,
        ctx,
    };
    Ok(render_page(status, &page))
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let tr = Tr::new(lang);
    let notice = q
        .done
        .as_deref()
        .and_then(|d| tr.try_t(&format!("ct-done-{d}")))
        .unwrap_or_default();
    render(
        &state,
        lang,
        &who,
        StatusCode::OK,
        notice,
        String::new(),
        SubscriptionInput::default(),
        Vec::new(),
    )
    .await
}

#[derive(Deserialize)]
pub struct FollowForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    input: SubscriptionInput,
}

pub async fn follow(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(f): Form<FollowForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    match state
        .distribution
        .follow(&who.session.user, &who.actor, &f.input)
        .await
    {
        Ok(_) => Ok(see_other("/portal?done=subscribed")),
        Err(DistributionError::Invalid(problems)) => {
            let errors = field_errors(&Tr::new(lang), "s-", &problems);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(
                &state,
                lang,
                &who,
                status,
                String::new(),
                String::new(),
                f.input,
                errors,
            )
            .await
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn unfollow(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(sub): Path<SubscriptionId>,
    Form(f): Form<CsrfOnly>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    state
        .distribution
        .unfollow(&who.session.user, &who.actor, sub)
        .await
        .or_page(lang)?;
    Ok(see_other("/portal?done=ended"))
}

pub async fn new_feed(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(f): Form<CsrfOnly>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let token = state
        .distribution
        .own_feed_token(&who.session.user, &who.actor)
        .await
        .or_page(lang)?;
    let url = format!("{}/personal-feed/{token}", state.distribution.base_url());
    let notice = Tr::new(lang).t("ct-done-feed");
    render(
        &state,
        lang,
        &who,
        StatusCode::OK,
        notice,
        url,
        SubscriptionInput::default(),
        Vec::new(),
    )
    .await
}

pub async fn revoke_feed(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(f): Form<CsrfOnly>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    state
        .distribution
        .revoke_own_feed(&who.session.user, &who.actor)
        .await
        .or_page(lang)?;
    Ok(see_other("/portal?done=feed-revoked"))
}
