//! `/media/{id}` and `/media/{id}/thumb`: uploaded files, served only to
//! those who may see them. Never rendered as a page: `nosniff`, a sandbox
//! policy, and anything but an image is a download.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;

use super::common::{OrRefusal, principal_of};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::PageResult;
use crate::session::MaybeSession;

pub async fn file(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(id): Path<i64>,
) -> PageResult {
    serve(state, lang, maybe, id, false).await
}

pub async fn thumbnail(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(id): Path<i64>,
) -> PageResult {
    serve(state, lang, maybe, id, true).await
}

async fn serve(
    state: AppState,
    lang: Lang,
    maybe: MaybeSession,
    id: i64,
    thumb: bool,
) -> PageResult {
    let principal = principal_of(&maybe);
    let stored = state
        .newsroom
        .media_file(&principal, id, thumb)
        .await
        .or_refusal(lang, "/")?;
    let image = matches!(
        stored.mime.as_str(),
        "image/png" | "image/jpeg" | "image/webp"
    );
    let mut response = (StatusCode::OK, stored.bytes).into_response();
    let h = response.headers_mut();
    let mime = HeaderValue::from_str(&stored.mime)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_TYPE, mime);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'"),
    );
    let disposition = format!(
        "{}; filename=\"{}\"; filename*=UTF-8''{}",
        if image { "inline" } else { "attachment" },
        ascii_name(&stored.filename),
        percent(&stored.filename)
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    // A signed-in reader may be seeing internal or embargoed files: never
    // in a shared cache. Public files may be cached but are revalidated on
    // every use, so a withdrawal takes effect at once.
    let cache = if maybe.session.is_some() {
        "private, no-cache"
    } else {
        "public, no-cache"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("Cookie"));
    Ok(response)
}

/// The name with anything but safe ASCII replaced, for old clients.
fn ascii_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.trim_matches(['_', '.']).is_empty() {
        "berkas".to_owned()
    } else {
        cleaned
    }
}

fn percent(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_cannot_break_the_header() {
        assert_eq!(ascii_name("laporan \"akhir\".pdf"), "laporan__akhir_.pdf");
        assert_eq!(ascii_name("\r\n"), "berkas");
        assert_eq!(percent("é a.pdf"), "%C3%A9%20a.pdf");
    }
}
