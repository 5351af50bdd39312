//! The language switch: a plain link that sets the `lang` cookie and
//! returns to the page the reader was on. A signed-in person's choice is
//! also kept with their account, and set again at their next sign-in.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::AppState;
use crate::i18n::Lang;
use crate::session::{MaybeSession, is_local_path};

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn switch(
    State(state): State<AppState>,
    session: MaybeSession,
    Path(lang): Path<String>,
    Query(next): Query<Next>,
) -> Response {
    let lang = Lang::parse(&lang).unwrap_or(Lang::Id);
    if let Some(s) = &session.session
        && let Err(e) = state.store.set_user_language(s.user.id, lang.code()).await
    {
        tracing::error!(error = %e, "keeping the language choice failed");
    }
    let target = next
        .next
        .filter(|n| is_local_path(n))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        Lang::COOKIE,
        lang.code()
    );
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert!(crate::session::is_local_path("/units/51?q=x"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "units",
        ] {
            assert!(!crate::session::is_local_path(bad), "{bad}");
        }
    }
}
