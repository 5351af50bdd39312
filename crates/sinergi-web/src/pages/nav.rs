//! Who is reading, for the navigation of every page, and the home page's
//! way into the public cache.
//!
//! Every page builds its `PageCtx` itself, and most handlers know nothing
//! of the session; the navigation still has to say who is signed in and
//! for which unit. `front_door` (one layer around the whole router) looks
//! the session up once for a page request that carries a session cookie
//! and keeps a short summary in a task-local that `PageCtx::new` reads.
//! Requests without the cookie (every anonymous reader, every cached
//! page) cost nothing.
//!
//! The same layer sends an anonymous `GET /` to `HOME_ALIAS`, a path under
//! the public cache's `/press/` prefix, so the most visited page is served
//! from the cache like the press rooms, through the cache's existing rule
//! (`is_cached_path`) rather than a second cache.

use axum::extract::{Request, State};
use axum::http::{Method, Uri};
use axum::middleware::Next;
use axum::response::Response;
use sinergi_domain::access::Action;

use crate::AppState;
use crate::session::{SESSION_COOKIE, cookie};

/// Where an anonymous `GET /` is answered (see the module comment). Three
/// segments, so no unit code can ever be read from it.
pub const HOME_ALIAS: &str = "/press/-/home";

/// A unit the signed-in person serves, for the navigation.
#[derive(Debug, Clone)]
pub struct ServedUnit {
    pub name: String,
    pub href: String,
}

/// The signed-in person, as the navigation shows them.
#[derive(Debug, Clone)]
pub struct NavPerson {
    pub name: String,
    /// Their units, in the order of their memberships; the first one is
    /// "for which unit" in the header.
    pub units: Vec<ServedUnit>,
    /// Whether they read internal work somewhere (officers: the workspace
    /// and the gap are theirs; a journalist has neither).
    pub officer: bool,
}

tokio::task_local! {
    static READER: Option<NavPerson>;
}

/// The person reading the page being rendered, if signed in.
pub fn current_reader() -> Option<NavPerson> {
    READER.try_with(|r| r.clone()).ok().flatten()
}

/// Paths that never render the layout: no session lookup for them.
fn is_page_path(path: &str) -> bool {
    ![
        "/api/",
        "/static/",
        "/feeds/",
        "/embed/",
        "/media/",
        "/sitemap",
        "/robots.txt",
        "/open-data/",
        "/widget.js",
        "/healthz",
        "/readyz",
        "/favicon",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

/// The layer: the anonymous home through the cache, the reader for the
/// navigation.
pub async fn front_door(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let readable = method == Method::GET || method == Method::HEAD;
    let session = cookie(request.headers(), SESSION_COOKIE);
    if readable && session.is_none() && request.uri().path() == "/" {
        *request.uri_mut() = Uri::from_static(HOME_ALIAS);
    }
    // Any method: a form sent back with its errors is a page too.
    let reader = match session {
        Some(value) if is_page_path(request.uri().path()) => reader_of(&state, &value).await,
        _ => None,
    };
    READER.scope(reader, next.run(request)).await
}

async fn reader_of(state: &AppState, cookie_value: &str) -> Option<NavPerson> {
    let session = state.accounts.session(cookie_value).await.ok()??;
    let mut units = Vec::new();
    for (_, m) in &session.memberships {
        let name = state
            .store
            .unit(&m.unit)
            .await
            .map(|u| u.name)
            .unwrap_or_else(|_| m.unit.to_string());
        units.push(ServedUnit {
            name,
            href: format!("/units/{}", m.unit),
        });
    }
    let principal = &session.principal;
    let scope = principal.scope(Action::ReadInternal);
    Some(NavPerson {
        name: session.user.name.clone(),
        units,
        officer: !scope.is_empty(),
    })
}
