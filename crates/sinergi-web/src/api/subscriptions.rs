//! A contact's subscriptions over JSON: list them, and subscribe (a unit,
//! a subtree, a campaign or a tag; each release or a daily digest at an
//! hour of the contact's zone). The same service and rules as the
//! contact's page: a token of someone who keeps contacts, and a standing
//! consent to distribution.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sinergi_distribution::{SubscriptionInput, SubscriptionRecord};
use sinergi_domain::{ContactId, SubscriptionId};
use sinergi_store::accounts::audit::Actor;
use utoipa::ToSchema;

use super::auth::Bearer;
use super::extract::{Json, Path};
use super::problem::Problem;
use crate::AppState;

fn actor(bearer: &Bearer) -> Actor {
    Actor {
        user_id: Some(bearer.user_id),
        label: bearer.email.clone(),
        ip: None,
    }
}

/// A standing subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionDto {
    pub id: i64,
    /// unit, subtree, campaign or tag.
    pub target: String,
    /// The unit's code (unit, subtree).
    pub unit: Option<String>,
    pub unit_name: Option<String>,
    pub campaign_id: Option<i64>,
    pub campaign_title: Option<String>,
    /// The tag (tag), in its canonical form: `reformasi-birokrasi`.
    pub tag: Option<String>,
    /// each (a message per release) or digest (one daily digest).
    pub delivery: String,
    /// The digest's hour, 0–23, in the contact's time zone (digest).
    pub digest_hour: Option<i64>,
    /// Microseconds since the epoch.
    pub created_at: i64,
}

fn dto(s: &SubscriptionRecord) -> SubscriptionDto {
    SubscriptionDto {
        id: s.id.get(),
        target: s.target.as_str().to_owned(),
        unit: s.unit_code.clone(),
        unit_name: s.unit_name.clone(),
        campaign_id: s.campaign_id.map(|c| c.get()),
        campaign_title: s.campaign_title.clone(),
        tag: s.tag.clone(),
        delivery: s.delivery.as_str().to_owned(),
        digest_hour: s.digest_hour,
        created_at: s.created_at,
    }
}

/// A contact's standing subscriptions, oldest first.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/subscriptions", tag = "contacts",
    params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The contact's subscriptions", body = Vec<SubscriptionDto>),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner does not keep contacts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No contact has this id", body = Problem, content_type = "application/problem+json")))]
pub async fn list_subscriptions(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<ContactId>,
) -> Result<Json<Vec<SubscriptionDto>>, Problem> {
    let view = state.distribution.view(&bearer.principal, id).await?;
    Ok(Json(view.subscriptions.iter().map(dto).collect()))
}

/// What to follow and how.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SubscriptionBody {
    /// unit, subtree, campaign or tag.
    pub target: String,
    /// A unit code (unit, subtree).
    pub unit: String,
    /// A campaign's id (campaign).
    pub campaign_id: Option<i64>,
    /// A tag (tag); written as on a release, `#Reformasi Birokrasi` is
    /// `reformasi-birokrasi`.
    pub tag: String,
    /// each (the default) or digest.
    pub delivery: String,
    /// 0–23 in the contact's time zone; required for a digest.
    pub digest_hour: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionSaved {
    pub id: i64,
}

/// Subscribes a contact (who must have a standing consent to
/// distribution). Subscribing again to the same thing gives the standing
/// subscription the new delivery.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/subscriptions", tag = "contacts",
    params(("id" = i64, Path)), request_body = SubscriptionBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Subscribed (or the delivery changed)", body = SubscriptionSaved),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner does not keep contacts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No contact has this id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields are not valid, or no consent stands", body = Problem, content_type = "application/problem+json")))]
pub async fn create_subscription(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<ContactId>,
    Json(b): Json<SubscriptionBody>,
) -> Result<(StatusCode, Json<SubscriptionSaved>), Problem> {
    let input = SubscriptionInput {
        target: b.target,
        unit: b.unit,
        campaign: b.campaign_id.map(|c| c.to_string()).unwrap_or_default(),
        tag: b.tag,
        delivery: b.delivery,
        digest_hour: b.digest_hour.map(|h| h.to_string()).unwrap_or_default(),
    };
    let sub = state
        .distribution
        .subscribe(&bearer.principal, &actor(&bearer), id, &input)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(SubscriptionSaved { id: sub.get() }),
    ))
}

/// Ends one of a contact's standing subscriptions at once (audited, as on
/// the contact's page).
#[utoipa::path(delete, path = "/api/v1/contacts/{id}/subscriptions/{subscription}", tag = "contacts",
    params(("id" = i64, Path), ("subscription" = i64, Path)),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The subscription was ended"),
        (status = 401, description = "No valid API token was sent", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's owner does not keep contacts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The contact has no standing subscription with this id", body = Problem, content_type = "application/problem+json")))]
pub async fn end_subscription(
    State(state): State<AppState>,
    bearer: Bearer,
    Path((id, subscription)): Path<(ContactId, SubscriptionId)>,
) -> Result<StatusCode, Problem> {
    let ended = state
        .distribution
        .end_subscription(&bearer.principal, &actor(&bearer), id, subscription)
        .await?;
    if ended == 0 {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!("contact {id} has no standing subscription {subscription}"),
        ));
    }
    Ok(StatusCode::NO_CONTENT)
}
