//! The language switch: a plain link that sets the `lang` cookie and
//! returns to the page the reader was on. A signed-in person's choice is
//! also kept with their account, and set again at their next sign-in.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::AppState;
use crate::i18n::Lang;
use crate::session::{MaybeSession, is_local_path, set_cookie};

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
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&state, Lang::COOKIE, lang.code(), Some(31_536_000)),
    );
    response
}

#[cfg(test)]
mod tests {
    use crate::session::is_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        for good in [
            "/",
            "/units/51?q=x",
            "/search?q=caf%C3%A9%20denpasar",
            "/releases/7/compare?from=1&to=2",
            "/x://y",
        ] {
            assert!(is_local_path(good), "{good}");
        }
        // Known bypasses, as the value arrives (already decoded once from
        // the query string).
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\r/evil.example",
            "/\n/evil.example",
            "\t//evil.example",
            " /evil",
            "/ /evil.example",
            "/%2F/evil.example",
            "/%2f/evil.example",
            "/%5C/evil.example",
            "/%09/evil.example",
            "/%0d%0a/evil.example",
            "/units%0a",
            "/\u{ff0f}evil.example",
            "/\u{2215}evil.example",
            "/\u{2044}evil.example",
            "/units\u{0}",
            "/units\u{7f}",
            "units",
            "",
            "javascript:alert(1)",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
