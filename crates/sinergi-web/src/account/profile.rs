//! One's own account: memberships, and API tokens (create, shown once; revoke).

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sinergi_accounts::AccountError;
use sinergi_domain::access::Action;

use super::{reach_label, role_label};
use crate::AppState;
use crate::forms::{FieldError, Pairs, check_csrf, field, fields, render_page, see_other};
use crate::i18n::Lang;
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageResult};
use crate::session::SignedIn;

pub struct MembershipRow {
    pub unit_name: String,
    pub unit_href: String,
    pub role: String,
    pub reach: String,
}

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub rights: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

/// A right the person holds, offered as a checkbox of the token form.
pub struct RightOption {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

/// What the token form sent, shown again when it is refused.
#[derive(Default)]
struct TokenForm {
    name: String,
    rights: Vec<String>,
}

#[derive(Template)]
#[template(path = "account/profile.html")]
struct ProfilePage {
    ctx: PageCtx,
    csrf: String,
    name: String,
    email: String,
    memberships: Vec<MembershipRow>,
    tokens: Vec<TokenRow>,
    rights: Vec<RightOption>,
    new_token: String,
    errors: Vec<FieldError>,
    token_name: String,
    token_name_error: String,
    token_rights_error: String,
    can_manage: bool,
    can_audit: bool,
    can_accredit: bool,
}

async fn page(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    new_token: String,
    form: TokenForm,
    errors: Vec<FieldError>,
) -> PageResult<ProfilePage> {
    let ctx = PageCtx::new(lang, "/account".into());
    let tr = ctx.tr;
    let s = &who.session;
    let mut memberships = Vec::new();
    for (_, m) in &s.memberships {
        let unit_name = state
            .store
            .unit(&m.unit)
            .await
            .map(|u| u.name)
            .unwrap_or_else(|_| m.unit.to_string());
        memberships.push(MembershipRow {
            unit_name,
            unit_href: format!("/units/{}", m.unit),
            role: role_label(&tr, m.role.as_str()),
            reach: reach_label(&tr, m.reach.as_str()),
        });
    }
    let zone = sinergi_domain::Zone::Wib;
    let tokens = state
        .accounts
        .api_tokens(s)
        .await
        .or_page(lang)?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            rights: t
                .rights
                .iter()
                .map(|r| tr.t(&format!("right-{r}")))
                .collect::<Vec<_>>()
                .join(", "),
            created: tr.date_time(t.created_at, zone),
            last_used: t
                .last_used_at
                .map(|at| tr.date_time(at, zone))
                .unwrap_or_else(|| tr.t("never")),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(ProfilePage {
        csrf: s.csrf_token.clone(),
        name: s.user.name.clone(),
        email: s.user.email.clone(),
        memberships,
        tokens,
        // Only what the person holds: a token cannot carry more.
        rights: s
            .principal
            .rights_held()
            .into_iter()
            .map(|a| RightOption {
                value: a.as_str(),
                label: tr.t(&format!("right-{}", a.as_str())),
                checked: form.rights.iter().any(|r| r == a.as_str()),
            })
            .collect(),
        new_token,
        token_name: form.name,
        token_name_error: crate::forms::error_for(&errors, "token-name"),
        token_rights_error: crate::forms::error_for(&errors, "token-rights"),
        errors,
        can_manage: !s.principal.scope(Action::ManageMembers).is_empty(),
        can_audit: !s.principal.scope(Action::ReadAudit).is_empty(),
        can_accredit: !s.principal.scope(Action::Accredit).is_empty(),
        ctx,
    })
}

pub async fn show(State(state): State<AppState>, lang: Lang, who: SignedIn) -> PageResult {
    let p = page(
        &state,
        lang,
        &who,
        String::new(),
        TokenForm::default(),
        Vec::new(),
    )
    .await?;
    Ok(render_page(StatusCode::OK, &p))
}

/// The token form: a name and the rights, as repeated `right` fields.
pub async fn create_token(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let tr = crate::i18n::Tr::new(lang);
    let form = TokenForm {
        name: field(&pairs, "name"),
        rights: fields(&pairs, "right").map(str::to_owned).collect(),
    };
    // The service checks the name and every right (known, and held).
    let errors = match state
        .accounts
        .create_api_token(&who.session, &who.actor, &form.name, &form.rights)
        .await
    {
        Ok((_, token)) => {
            let p = page(&state, lang, &who, token, TokenForm::default(), Vec::new()).await?;
            return Ok(render_page(StatusCode::CREATED, &p));
        }
        Err(AccountError::Fields(problems)) => problems
            .iter()
            .map(|p| {
                let field = match p.field {
                    "name" => "token-name",
                    _ => "token-rights",
                };
                FieldError::new(field, tr.t(p.key))
            })
            .collect(),
        Err(e) => {
            tracing::error!(error = %e, "creating a token failed");
            vec![FieldError::new("token-name", tr.t("error-body"))]
        }
    };
    let p = page(&state, lang, &who, String::new(), form, errors).await?;
    Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &p))
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: Option<String>,
}

pub async fn revoke_token(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> Response {
    if let Err(r) = check_csrf(f.csrf.as_deref(), &who.session.csrf_token) {
        return r.into_response();
    }
    match state
        .accounts
        .revoke_api_token(&who.session, &who.actor, id)
        .await
    {
        Ok(()) => see_other("/account#tokens"),
        Err(AccountError::NotAllowed | AccountError::NotFound(_)) => {
            StatusCode::NOT_FOUND.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "revoking a token failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
