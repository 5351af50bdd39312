//! What is done to a release from its page: workflow moves, comments,
//! amplification; and the comparison of two revisions.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::newsroom::{ReleaseOp, Timing, WorkflowError};
use sinergi_domain::{ReleaseId, UnitCode};
use sinergi_newsroom::{DiffPart, NewsroomError};

use super::common::{OrRefusal, field_errors, parse_local, refused, release_href, zone_of};
use super::release_page::{Flash, release_page};
use crate::AppState;
use crate::forms::{form_error, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::PageResult;
use crate::pages::view::PageCtx;
use crate::session::{MaybeSession, SignedIn};

#[derive(Deserialize, Default)]
pub struct MoveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    op: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    timing: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    note: String,
}

fn op_of(name: &str, timing: Timing) -> Option<ReleaseOp> {
    Some(match name {
        "submit" => ReleaseOp::Submit,
        "return" => ReleaseOp::Return,
        "approve" => ReleaseOp::Approve,
        "reopen" => ReleaseOp::Reopen,
        "release" => ReleaseOp::Release(timing),
        "unschedule" => ReleaseOp::Unschedule,
        "withdraw" => ReleaseOp::Withdraw,
        _ => return None,
    })
}

pub async fn move_release(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ReleaseId>,
    Form(f): Form<MoveForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let tr = Tr::new(lang);
    let principal = &who.session.principal;
    // The unit's zone reads the time the person typed.
    let zone = match state.store.release(id).await {
        Ok(Some(r)) => zone_of(r.unit_code.as_str()),
        _ => zone_of(""),
    };
    let mut errors = Vec::new();
    let timing = match f.timing.as_str() {
        "scheduled" | "embargo" if f.op == "release" => match parse_local(&f.at, zone) {
            Some(t) if f.timing == "embargo" => Timing::Embargo { until: t },
            Some(t) => Timing::Scheduled { at: t },
            None => {
                errors.push(form_error("release-at", tr.t("nr-time-invalid")));
                Timing::Now
            }
        },
        _ => Timing::Now,
    };
    let Some(op) = op_of(&f.op, timing) else {
        return Err(refused(
            lang,
            NewsroomError::Invalid(vec![sinergi_newsroom::Problem {
                field: "op",
                key: "op-unknown",
            }]),
            &format!("/releases/{id}"),
        ));
    };
    if errors.is_empty() {
        match state
            .newsroom
            .move_release(principal, id, f.version, op, &f.note)
            .await
        {
            Ok(_) => {
                let slug = state
                    .store
                    .release(id)
                    .await
                    .ok()
                    .flatten()
                    .map(|r| r.slug)
                    .unwrap_or_default();
                // Say what happened: released now, scheduled, or embargoed.
                let done = match (f.op.as_str(), timing) {
                    ("release", Timing::Scheduled { .. }) => "schedule",
                    ("release", Timing::Embargo { .. }) => "embargo",
                    (op, _) => op,
                };
                return Ok(see_other(&format!(
                    "{}?done={done}",
                    release_href(id, &slug)
                )));
            }
            Err(NewsroomError::Invalid(p)) => {
                let prefix = if f.op == "withdraw" {
                    "withdraw-"
                } else {
                    "move-"
                };
                errors = field_errors(&tr, &p, prefix);
            }
            Err(NewsroomError::Workflow(WorkflowError::TimeInPast)) => {
                errors.push(form_error("release-at", tr.t("newsroom-time-in-past")));
            }
            Err(e @ (NewsroomError::Stale(_) | NewsroomError::Workflow(_))) => {
                errors.push(form_error("workflow-title", tr.t(e.message_key())));
            }
            Err(e) => return Err(refused(lang, e, &format!("/releases/{id}"))),
        }
    }
    let flash = Flash {
        errors,
        note: f.note,
        timing: f.timing,
        at: f.at,
        ..Default::default()
    };
    show_again(&state, lang, &who, id, flash).await
}

/// The release page again after a failed form (422), with the person's
/// text and the errors beside the fields.
async fn show_again(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    id: ReleaseId,
    flash: Flash,
) -> PageResult {
    let flash = Flash {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        ..flash
    };
    let session = &who.session;
    release_page(
        state,
        lang,
        &session.principal,
        &session.csrf_token,
        id,
        None,
        flash,
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct CommentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
}

pub async fn comment(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ReleaseId>,
    Form(f): Form<CommentForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let tr = Tr::new(lang);
    let principal = &who.session.principal;
    let errors = match state
        .newsroom
        .comment_on_release(principal, id, &f.body)
        .await
    {
        Ok(_) => {
            return Ok(see_other(&format!(
                "/releases/{id}?done=comment#comments-title"
            )));
        }
        Err(NewsroomError::Invalid(p)) => field_errors(&tr, &p, "comment-")
            .into_iter()
            .map(|mut e| {
                e.field = "comment-body".into();
                e
            })
            .collect(),
        Err(e @ NewsroomError::Workflow(_)) => {
            vec![form_error("comment-body", tr.t(e.message_key()))]
        }
        Err(e) => return Err(refused(lang, e, &format!("/releases/{id}"))),
    };
    let flash = Flash {
        errors,
        comment: f.body,
        ..Default::default()
    };
    show_again(&state, lang, &who, id, flash).await
}

#[derive(Deserialize, Default)]
pub struct AmplifyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    unit: String,
}

pub async fn amplify(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ReleaseId>,
    Form(f): Form<AmplifyForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let tr = Tr::new(lang);
    let principal = &who.session.principal;
    let errors = match UnitCode::parse(&f.unit) {
        Err(_) => vec![form_error(
            "amplify-unit",
            tr.t1("bad-code", "code", &f.unit),
        )],
        Ok(unit) => match state.newsroom.amplify(principal, id, &unit).await {
            Ok(new_id) => {
                return Ok(see_other(&format!("/releases/{new_id}?done=amplify")));
            }
            Err(NewsroomError::Invalid(p)) => field_errors(&tr, &p, "amplify-")
                .into_iter()
                .map(|mut e| {
                    e.field = "amplify-unit".into();
                    e
                })
                .collect(),
            Err(e) => return Err(refused(lang, e, &format!("/releases/{id}"))),
        },
    };
    let flash = Flash {
        errors,
        ..Default::default()
    };
    show_again(&state, lang, &who, id, flash).await
}

// ---- comparing revisions ---------------------------------------------------

pub struct DiffField {
    pub label: String,
    /// (kind, text): kind is "same", "added" or "removed".
    pub parts: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "newsroom/compare.html")]
struct ComparePage {
    ctx: PageCtx,
    title: String,
    href: String,
    from: i64,
    to: i64,
    fields: Vec<DiffField>,
}

#[derive(Deserialize, Default)]
pub struct CompareQuery {
    from: Option<i64>,
    to: Option<i64>,
}

pub async fn compare(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(id): Path<ReleaseId>,
    Query(q): Query<CompareQuery>,
) -> PageResult {
    let principal = super::common::principal_of(&maybe);
    let view = state
        .newsroom
        .release_view(&principal, id)
        .await
        .or_refusal(lang, "/")?;
    let latest = view.revisions.iter().map(|r| r.version).max().unwrap_or(1);
    let to = q.to.unwrap_or(latest);
    let from = q.from.unwrap_or(to - 1);
    let diff = state
        .newsroom
        .compare_revisions(&principal, id, from, to)
        .await
        .or_refusal(lang, &format!("/releases/{id}"))?;
    let href = release_href(id, &view.release.slug);
    let ctx = PageCtx::new(lang, format!("/releases/{id}/compare?from={from}&to={to}"));
    let tr = ctx.tr;
    let fields = diff
        .into_iter()
        .map(|(name, parts)| DiffField {
            label: tr.t(&format!("nr-field-{name}")),
            parts: parts
                .into_iter()
                .map(|p| match p {
                    DiffPart::Same(t) => ("same", t),
                    DiffPart::Added(t) => ("added", t),
                    DiffPart::Removed(t) => ("removed", t),
                })
                .collect(),
        })
        .collect();
    let page = ComparePage {
        title: view.release.title.clone(),
        href,
        from,
        to,
        fields,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}
