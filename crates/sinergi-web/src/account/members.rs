//! Members of the units in one's scope: list, invite, change role, revoke,
//! deactivate. The service decides; a refusal is a 403 page.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use sinergi_accounts::AccountError;
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Membership, Reach, Role};

use super::{reach_label, role_label};
use crate::AppState;
use crate::forms::{FieldError, check_csrf, render_page, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

pub struct MemberView {
    pub membership_id: i64,
    pub user_id: sinergi_domain::UserId,
    pub name: String,
    pub email: String,
    pub unit_name: String,
    pub unit_code: String,
    pub role_value: String,
    pub reach: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "account/members.html")]
struct MembersPage {
    ctx: PageCtx,
    csrf: String,
    unit_filter: String,
    members: Vec<MemberView>,
    roles: Vec<(String, String)>,
    reaches: Vec<(String, String)>,
    notice: String,
    errors: Vec<FieldError>,
    email_error: String,
    unit_error: String,
    form_email: String,
    form_unit: String,
}

#[derive(Deserialize, Default)]
pub struct MembersQuery {
    unit: Option<String>,
    done: Option<String>,
}

/// The invitation form as the person left it, with what went wrong.
#[derive(Default)]
struct InviteEcho {
    notice: String,
    errors: Vec<FieldError>,
    email: String,
    unit: String,
}

async fn page(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    unit: Option<String>,
    echo: InviteEcho,
) -> PageResult<MembersPage> {
    let InviteEcho {
        notice,
        errors,
        email,
        unit: form_unit,
    } = echo;
    let ctx = PageCtx::new(lang, "/members".into());
    let tr = ctx.tr;
    let unit_code = unit
        .as_deref()
        .filter(|u| !u.is_empty())
        .and_then(|u| UnitCode::parse(u).ok());
    let rows = state
        .accounts
        .members(&who.session.principal, unit_code.as_ref())
        .await
        .or_page(lang)?;
    Ok(MembersPage {
        csrf: who.session.csrf_token.clone(),
        unit_filter: unit.unwrap_or_default(),
        members: rows
            .into_iter()
            .map(|r| MemberView {
                membership_id: r.membership_id,
                user_id: r.user_id,
                name: r.name,
                email: r.email,
                unit_name: r.unit_name,
                unit_code: r.unit.to_string(),
                role_value: r.role.as_str().to_owned(),
                reach: reach_label(&tr, r.reach.as_str()),
                active: r.active,
            })
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), role_label(&tr, r.as_str())))
            .collect(),
        reaches: [Reach::Unit, Reach::Subtree]
            .iter()
            .map(|r| (r.as_str().to_owned(), reach_label(&tr, r.as_str())))
            .collect(),
        notice,
        email_error: crate::forms::error_for(&errors, "invite-email"),
        unit_error: crate::forms::error_for(&errors, "invite-unit"),
        errors,
        form_email: email,
        form_unit,
        ctx,
    })
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<MembersQuery>,
) -> PageResult {
    let tr = Tr::new(lang);
    let notice = match q.done.as_deref() {
        Some("invited") => tr.t("invite-sent"),
        Some("changed") => tr.t("member-changed"),
        _ => String::new(),
    };
    let unit = q.unit.clone();
    let echo = InviteEcho {
        notice,
        unit: unit.clone().unwrap_or_default(),
        ..Default::default()
    };
    let p = page(&state, lang, &who, unit, echo).await?;
    Ok(render_page(StatusCode::OK, &p))
}

#[derive(Deserialize)]
pub struct InviteForm {
    csrf: Option<String>,
    email: Option<String>,
    unit: Option<String>,
    role: Option<String>,
    reach: Option<String>,
}

pub async fn invite(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(f): Form<InviteForm>,
) -> PageResult {
    check_csrf(f.csrf.as_deref(), &who.session.csrf_token).or_page(lang)?;
    let tr = Tr::new(lang);
    let email = f.email.unwrap_or_default().trim().to_owned();
    let unit_text = f.unit.unwrap_or_default().trim().to_owned();
    let mut errors = Vec::new();
    let unit = UnitCode::parse(&unit_text).ok();
    if unit.is_none() {
        errors.push(FieldError::new(
            "invite-unit",
            tr.t1("bad-code", "code", &unit_text),
        ));
    }
    let role: Role = f
        .role
        .as_deref()
        .unwrap_or("viewer")
        .parse()
        .unwrap_or(Role::Viewer);
    let reach: Reach = f
        .reach
        .as_deref()
        .unwrap_or("unit")
        .parse()
        .unwrap_or(Reach::Unit);
    if let (Some(unit), true) = (unit, errors.is_empty()) {
        let m = Membership { unit, role, reach };
        match state
            .accounts
            .invite(&who.session.principal, &who.actor, &email, &m, lang.code())
            .await
        {
            Ok(()) => {
                return Ok(see_other("/members?done=invited"));
            }
            Err(AccountError::Invalid(_)) => {
                errors.push(FieldError::new("invite-email", tr.t("error-email-invalid")))
            }
            Err(AccountError::NotFound(_)) => errors.push(FieldError::new(
                "invite-unit",
                tr.t1("unit-not-found", "code", &unit_text),
            )),
            Err(e) => return Err(PageError::from(e).in_lang(lang)),
        }
    }
    let echo = InviteEcho {
        errors,
        email,
        unit: unit_text,
        ..Default::default()
    };
    let p = page(&state, lang, &who, None, echo).await?;
    Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &p))
}

#[derive(Deserialize)]
pub struct ChangeForm {
    csrf: Option<String>,
    role: Option<String>,
    active: Option<String>,
}

/// Back to the list after a change, or the page that says why not.
fn outcome(lang: Lang, result: Result<(), AccountError>) -> PageResult {
    result.or_page(lang)?;
    Ok(see_other("/members?done=changed"))
}

pub async fn change_role(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<ChangeForm>,
) -> PageResult {
    check_csrf(f.csrf.as_deref(), &who.session.csrf_token).or_page(lang)?;
    let Ok(role) = f.role.as_deref().unwrap_or("").parse::<Role>() else {
        let tr = Tr::new(lang);
        return Ok((StatusCode::BAD_REQUEST, tr.t("invalid-input")).into_response());
    };
    outcome(
        lang,
        state
            .accounts
            .change_role(&who.session.principal, &who.actor, id, role)
            .await,
    )
}

pub async fn revoke(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<ChangeForm>,
) -> PageResult {
    check_csrf(f.csrf.as_deref(), &who.session.csrf_token).or_page(lang)?;
    outcome(
        lang,
        state
            .accounts
            .revoke_membership(&who.session.principal, &who.actor, id)
            .await,
    )
}

pub async fn set_active(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<sinergi_domain::UserId>,
    Form(f): Form<ChangeForm>,
) -> PageResult {
    check_csrf(f.csrf.as_deref(), &who.session.csrf_token).or_page(lang)?;
    let active = f.active.as_deref() == Some("true");
    outcome(
        lang,
        state
            .accounts
            .set_active(&who.session.principal, &who.actor, id, active)
            .await,
    )
}
