//! "Kontak & media": the contact base pages for officers (list with search
//! and filters, add and edit, consent, notes, subscriptions, import and
//! export), the journalist's portal, one-click unsubscribe and personal
//! feeds. Every rule is `sinergi_distribution::Distribution`'s; these
//! handlers translate.

mod accreditation;
mod detail;
mod form;
mod import;
mod list;
mod merge;
mod outlets;
mod own_data;
mod pitches;
mod portal;
mod unsubscribe;

use axum::Router;
use axum::routing::{get, post};
use sinergi_distribution::{DistributionError, Problem};

use crate::AppState;
use crate::forms::FieldError;
use crate::i18n::Tr;
use crate::pages::PageError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/contacts", get(list::show))
        .route("/contacts/export.csv", get(list::export_csv))
        .route("/contacts/export.vcf", get(list::export_vcard))
        .route("/contacts/export.xlsx", get(list::export_xlsx))
        .route("/contacts/new", get(form::new_form).post(form::create))
        .route(
            "/contacts/outlets",
            get(outlets::show).post(outlets::create),
        )
        .route("/contacts/import", get(import::show).post(import::preview))
        .route("/contacts/import/confirm", post(import::confirm))
        .route("/contacts/{id}", get(detail::show))
        .route("/contacts/{id}/edit", get(form::edit_form).post(form::save))
        .route("/contacts/{id}/consent", post(detail::record_consent))
        .route(
            "/contacts/{id}/consent/withdraw",
            post(detail::withdraw_consent),
        )
        .route("/contacts/{id}/subscriptions", post(detail::subscribe))
        .route(
            "/contacts/{id}/subscriptions/{sub}/end",
            post(detail::end_subscription),
        )
        .route("/contacts/{id}/notes", post(detail::add_note))
        .route("/contacts/{id}/feed", post(detail::new_feed))
        .route("/contacts/{id}/erase", post(detail::erase))
        .route(
            "/contacts/{id}/merge/{other}",
            get(merge::show).post(merge::merge),
        )
        .route(
            "/contacts/{id}/suppression/lift",
            post(detail::lift_suppression),
        )
        .route("/portal", get(portal::show))
        .route("/portal/follow", post(portal::follow))
        .route("/portal/subscriptions/{sub}/end", post(portal::unfollow))
        .route("/portal/feed", post(portal::new_feed))
        .route("/portal/feed/revoke", post(portal::revoke_feed))
        .route(
            "/unsubscribe/{token}",
            get(unsubscribe::confirm).post(unsubscribe::one_click),
        )
        .route("/personal-feed/{token}", get(unsubscribe::personal_feed))
        .route(
            "/contacts/pitches",
            get(pitches::list).post(pitches::create),
        )
        .route("/contacts/pitches/new", get(pitches::new_form))
        .route("/contacts/pitches/{id}", get(pitches::show))
        .route(
            "/contacts/pitches/{id}/edit",
            get(pitches::edit_form).post(pitches::save),
        )
        .route("/contacts/pitches/{id}/send", post(pitches::send))
        .route(
            "/my-data",
            get(own_data::request_form).post(own_data::request),
        )
        .route("/my-data/{token}", get(own_data::show))
        .route("/my-data/{token}/export.json", get(own_data::export_json))
        .route("/my-data/{token}/export.csv", get(own_data::export_csv))
        .route("/my-data/{token}/correct", post(own_data::correct))
        .route("/my-data/{token}/erase", post(own_data::erase))
        .route("/portal/my-data", post(own_data::from_portal))
        .route(
            "/portal/accreditation",
            get(accreditation::ask_page).post(accreditation::ask),
        )
        .route(
            "/contacts/accreditation-requests",
            get(accreditation::decide_page),
        )
        .route(
            "/contacts/accreditation-requests/{id}",
            post(accreditation::decide),
        )
}

impl From<DistributionError> for PageError {
    fn from(e: DistributionError) -> PageError {
        match e {
            DistributionError::NotFound(what) => PageError::NotFound {
                key: "not-found-body",
                arg: ("x", what),
            },
            DistributionError::NotAllowed => PageError::Forbidden,
            other => PageError::Internal(other.to_string()),
        }
    }
}

/// A service problem as an error beside its field: "E-mail: is not an
/// address." (`prefix` is the form's id prefix, e.g. `c-`).
pub(crate) fn field_errors(tr: &Tr, prefix: &str, problems: &[Problem]) -> Vec<FieldError> {
    problems
        .iter()
        .map(|p| {
            let label = tr.t(&format!("ct-field-{}", p.field));
            let message = if p.row > 0 {
                tr.tn(
                    "ct-row-problem",
                    &[
                        ("row", p.row.to_string()),
                        ("field", label),
                        ("problem", tr.t(p.key)),
                    ],
                )
            } else {
                format!("{label}: {}", tr.t(p.key))
            };
            FieldError::new(&format!("{prefix}{}", p.field), message)
        })
        .collect()
}

/// What a subscription follows and how it is delivered, as a list shows
/// it: "Kota Denpasar and the units below it · daily digest at 07:00 WITA".
pub(crate) fn subscription_label(
    tr: &Tr,
    s: &sinergi_distribution::SubscriptionRecord,
    zone: &str,
) -> String {
    let name = s
        .unit_name
        .clone()
        .or_else(|| s.campaign_title.clone())
        .or_else(|| s.tag.clone())
        .unwrap_or_default();
    let what = tr.tn(
        &format!("ct-target-label-{}", s.target.as_str()),
        &[("name", name)],
    );
    let how = match (s.delivery, s.digest_hour) {
        (sinergi_domain::contacts::Delivery::Digest, Some(h)) => tr.tn(
            "ct-delivery-label-digest",
            &[("time", format!("{h:02}:00 {zone}"))],
        ),
        _ => tr.t("ct-delivery-label-each"),
    };
    format!("{what} · {how}")
}

/// The hours of a day for the digest's select: ("7", "07:00").
pub(crate) fn hour_options() -> Vec<(String, String)> {
    (0..24)
        .map(|h| (h.to_string(), format!("{h:02}:00")))
        .collect()
}

/// The targets a subscription may follow, for the select.
pub(crate) fn target_options(tr: &Tr) -> Vec<(String, String)> {
    options(tr, "target", &["subtree", "unit", "campaign", "tag"])
}

/// Pairs of (value, label) for a select, labels from `ct-{group}-{value}`.
pub(crate) fn options(tr: &Tr, group: &str, values: &[&str]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| ((*v).to_owned(), tr.t(&format!("ct-{group}-{v}"))))
        .collect()
}

/// The kinds of contact, for selects and filters.
pub(crate) fn kind_options(tr: &Tr) -> Vec<(String, String)> {
    let kinds: Vec<&str> = sinergi_domain::contacts::ContactKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    options(tr, "kind", &kinds)
}
