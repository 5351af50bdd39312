//! Importing a contact list: upload a CSV or Excel (XLSX) file (or paste
//! CSV), see every row
//! and every problem in your language, then import: all rows or none.

use askama::Template;
use axum::extract::{Form, Multipart, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_distribution::{CSV_COLUMNS, DistributionError, ImportPreview, import_text};

use super::field_errors;
use crate::AppState;
use crate::forms::{FieldError, render_page, require_csrf, see_other};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

pub struct PreviewRow {
    pub row: usize,
    pub name: String,
    pub email: String,
    pub outlet: String,
    pub consent: bool,
    pub subscribe: String,
    pub duplicate: String,
}

#[derive(Template)]
#[template(path = "contacts/import.html")]
struct ImportPage {
    ctx: PageCtx,
    csrf: String,
    columns: String,
    csv: String,
    rows: Vec<PreviewRow>,
    errors: Vec<FieldError>,
    previewed: bool,
}

fn render(
    lang: Lang,
    who: &SignedIn,
    status: StatusCode,
    csv: String,
    preview: Option<&ImportPreview>,
    errors: Vec<FieldError>,
) -> PageResult {
    let ctx = PageCtx::new(lang, "/contacts/import".into());
    let rows = preview
        .map(|p| {
            p.rows
                .iter()
                .map(|r| PreviewRow {
                    row: r.row,
                    name: r.name.clone(),
                    email: r.email.clone(),
                    outlet: r.outlet.clone(),
                    consent: r.consent,
                    subscribe: r.subscribe.join(", "),
                    duplicate: r
                        .duplicates
                        .iter()
                        .map(|d| d.name.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
                .collect()
        })
        .unwrap_or_default();
    let page = ImportPage {
        csrf: who.session.csrf_token.clone(),
        columns: CSV_COLUMNS.join(","),
        previewed: preview.is_some(),
        csv,
        rows,
        errors,
        ctx,
    };
    Ok(render_page(status, &page))
}

/// Row problems point at the file field, the one the reader can change.
fn on_file(errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| FieldError::new("i-file", e.message))
        .collect()
}

pub async fn show(State(state): State<AppState>, lang: Lang, who: SignedIn) -> PageResult {
    if !state.distribution.may_manage(&who.session.principal) {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    render(lang, &who, StatusCode::OK, String::new(), None, Vec::new())
}

/// Checks the file (or pasted text) and shows what would be imported.
pub async fn preview(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    mut multipart: Multipart,
) -> PageResult {
    let tr = Tr::new(lang);
    let mut csrf = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut pasted = String::new();
    while let Some(part) = multipart.next_field().await.map_err(|_| {
        PageError::BadRequest {
            key: "ct-import-broken",
            arg: ("x", String::new()),
        }
        .in_lang(lang)
    })? {
        match part.name().unwrap_or_default() {
            "csrf" => csrf = part.text().await.unwrap_or_default(),
            "text" => pasted = part.text().await.unwrap_or_default(),
            "file" => {
                bytes = part
                    .bytes()
                    .await
                    .map_err(|_| {
                        PageError::BadRequest {
                            key: "ct-import-broken",
                            arg: ("x", String::new()),
                        }
                        .in_lang(lang)
                    })?
                    .to_vec();
            }
            _ => {}
        }
    }
    require_csrf(lang, &csrf, &who.session.csrf_token)?;
    if bytes.is_empty() {
        bytes = pasted.into_bytes();
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let errors = vec![FieldError::new("i-file", tr.t("ct-import-choose"))];
        return render(
            lang,
            &who,
            StatusCode::UNPROCESSABLE_ENTITY,
            String::new(),
            None,
            errors,
        );
    }
    let (preview, _) = state
        .distribution
        .preview_import(&who.session.principal, &bytes)
        .await
        .or_page(lang)?;
    let errors = on_file(field_errors(&tr, "i-", &preview.problems));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    // What is confirmed is the text previewed: a workbook's sheet as CSV.
    let csv = import_text(&bytes).unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned());
    render(lang, &who, status, csv, Some(&preview), errors)
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    csv: String,
}

/// Imports the previewed text: every row, or none.
pub async fn confirm(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let d = &state.distribution;
    match d
        .import(&who.session.principal, &who.actor, f.csv.as_bytes())
        .await
    {
        Ok(_) => Ok(see_other("/contacts?done=imported")),
        Err(DistributionError::Invalid(_)) => {
            let (preview, _) = d
                .preview_import(&who.session.principal, f.csv.as_bytes())
                .await
                .or_page(lang)?;
            let mut errors = on_file(field_errors(&Tr::new(lang), "i-", &preview.problems));
            if errors.is_empty() {
                errors.push(FieldError::new("i-file", Tr::new(lang).t("import-empty")));
            }
            render(
                lang,
                &who,
                StatusCode::UNPROCESSABLE_ENTITY,
                f.csv,
                Some(&preview),
                errors,
            )
        }
        Err(e) => Err(PageError::from(e).in_lang(lang)),
    }
}
