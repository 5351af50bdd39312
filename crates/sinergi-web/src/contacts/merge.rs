//! Merging a duplicate into the contact kept: a page that shows both
//! records, the details after the merge and how much history moves, then
//! one button. The rules are `Distribution::merge`'s.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_distribution::{ContactRecord, DistributionError, MergeIds, MergePreview};
use sinergi_domain::ContactId;

use super::field_errors;
use crate::AppState;
use crate::forms::{FieldError, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{PageError, PageResult};
use crate::session::SignedIn;

/// One line of the comparison: a field, the kept value, the duplicate's,
/// and the value after the merge.
pub struct FieldRow {
    pub label: String,
    pub keep: String,
    pub other: String,
    pub result: String,
}

#[derive(Template)]
#[template(path = "contacts/merge.html")]
struct MergePage {
    ctx: PageCtx,
    csrf: String,
    keep_id: i64,
    other_id: i64,
    keep_name: String,
    /// "Ani (kept) and Ani S. (duplicate)…"
    intro: String,
    keep_version: i64,
    other_version: i64,
    rows: Vec<FieldRow>,
    /// (what, kept record's count, duplicate's count)
    holds: Vec<(String, i64, i64)>,
    errors: Vec<FieldError>,
}

fn fields(tr: &Tr, c: &ContactRecord) -> Vec<(String, String)> {
    vec![
        (tr.t("ct-field-name"), c.name.clone()),
        (tr.t("ct-field-email"), c.email.clone().unwrap_or_default()),
        (tr.t("ct-field-phone"), c.phone.clone()),
        (tr.t("ct-field-whatsapp"), c.whatsapp.clone()),
        (tr.t("ct-field-role_title"), c.role_title.clone()),
        (
            tr.t("ct-field-outlet_id"),
            c.outlet_name
                .clone()
                .unwrap_or_else(|| c.organisation.clone()),
        ),
        (tr.t("ct-field-beats"), c.beats.join(", ")),
        (tr.t("ct-field-regions"), c.regions.join(", ")),
        (tr.t("ct-field-languages"), c.languages.join(", ")),
        (
            tr.t("ct-merge-account"),
            if c.user_id.is_some() {
                tr.t("ct-merge-yes")
            } else {
                String::new()
            },
        ),
    ]
}

fn page(lang: Lang, csrf: String, p: &MergePreview, errors: Vec<FieldError>) -> MergePage {
    let ctx = PageCtx::new(lang, format!("/contacts/{}", p.keep.id));
    let tr = ctx.tr;
    let (k, o, r) = (
        fields(&tr, &p.keep),
        fields(&tr, &p.other),
        fields(&tr, &p.result),
    );
    let rows = k
        .into_iter()
        .zip(o)
        .zip(r)
        .map(|(((label, keep), (_, other)), (_, result))| FieldRow {
            label,
            keep,
            other,
            result,
        })
        .collect();
    let (a, b) = (p.keep_holds, p.other_holds);
    let holds = vec![
        (tr.t("ct-merge-consents"), a.consents, b.consents),
        (
            tr.t("ct-merge-subscriptions"),
            a.subscriptions,
            b.subscriptions,
        ),
        (tr.t("ct-merge-notes"), a.notes, b.notes),
        (tr.t("ct-merge-deliveries"), a.deliveries, b.deliveries),
        (tr.t("ct-merge-pitches"), a.pitches, b.pitches),
        (tr.t("ct-merge-invitations"), a.invitations, b.invitations),
    ];
    MergePage {
        csrf,
        keep_id: p.keep.id.get(),
        other_id: p.other.id.get(),
        keep_name: p.keep.name.clone(),
        intro: tr.tn(
            "ct-merge-intro",
            &[
                ("keep", p.keep.name.clone()),
                ("other", p.other.name.clone()),
            ],
        ),
        keep_version: p.keep.version,
        other_version: p.other.version,
        rows,
        holds,
        errors,
        ctx,
    }
}

async fn render(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    keep: ContactId,
    other: ContactId,
    status: StatusCode,
    errors: Vec<FieldError>,
) -> PageResult {
    match state
        .distribution
        .merge_preview(&who.session.principal, keep, other)
        .await
    {
        Ok(p) => Ok(render_page(
            status,
            &page(lang, who.session.csrf_token.clone(), &p, errors),
        )),
        // Two journalist accounts, or the same record: said on the
        // contact's page, beside its list of duplicates.
        Err(DistributionError::Invalid(problems)) => {
            let key = problems.first().map_or("merge-same", |x| x.key);
            Err(PageError::BadRequest {
                key,
                arg: ("x", String::new()),
            }
            .in_lang(lang))
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path((keep, other)): Path<(ContactId, ContactId)>,
) -> PageResult {
    render(&state, lang, &who, keep, other, StatusCode::OK, Vec::new()).await
}

#[derive(Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    keep_version: i64,
    #[serde(default)]
    other_version: i64,
}

pub async fn merge(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path((keep, other)): Path<(ContactId, ContactId)>,
    Form(f): Form<MergeForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let ids = MergeIds {
        keep,
        keep_version: f.keep_version,
        other,
        other_version: f.other_version,
    };
    match state
        .distribution
        .merge(&who.session.principal, &who.actor, ids)
        .await
    {
        Ok(()) => Ok(see_other(&format!("/contacts/{keep}?done=merged"))),
        // Someone changed either record since: show the page again as it
        // now stands, with the reason.
        Err(DistributionError::Stale(_)) => {
            let errors = vec![FieldError::new(
                "m-submit",
                Tr::new(lang).t("ct-merge-stale"),
            )];
            render(
                &state,
                lang,
                &who,
                keep,
                other,
                StatusCode::CONFLICT,
                errors,
            )
            .await
        }
        Err(DistributionError::Invalid(problems)) => {
            let errors = field_errors(&Tr::new(lang), "m-", &problems);
            render(
                &state,
                lang,
                &who,
                keep,
                other,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
            )
            .await
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}
