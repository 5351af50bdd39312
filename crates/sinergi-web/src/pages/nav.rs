//! Who is reading, for the navigation of every page and for the handler.
//!
//! Every page builds its `PageCtx` itself, and most handlers know nothing
//! of the session; the navigation still has to say who is signed in and
//! for which unit. `front_door` (one layer around the whole router) looks
//! the session up once for a page request that carries a session cookie,
//! keeps a short summary in a task-local that `PageCtx::new` reads, and
//! hands the session itself to the handler as a request extension
//! ([`SessionLookup`]), which the session extractors read instead of
//! asking again. The names of the person's units come from one query.
//! Requests without the cookie (every anonymous reader, every cached
//! page) cost nothing.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use sinergi_accounts::SessionInfo;
use sinergi_domain::access::Action;

use crate::AppState;
use crate::session::{SESSION_COOKIE, SessionLookup, cookie};

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
    /// Whether they keep the contact base somewhere ("Kontak & media").
    pub keeps_contacts: bool,
    /// A journalist: their portal.
    pub journalist: bool,
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

/// The layer: the session looked up once, for the navigation and the
/// handler.
pub async fn front_door(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // Any method: a form sent back with its errors is a page too.
    let reader = match cookie(request.headers(), SESSION_COOKIE) {
        Some(value) if is_page_path(request.uri().path()) => {
            match state.accounts.session(&value).await {
                Ok(session) => {
                    let reader = match &session {
                        Some(s) => Some(reader_of(&state, s).await),
                        None => None,
                    };
                    request.extensions_mut().insert(SessionLookup(session));
                    reader
                }
                // The handler's extractor asks again and answers the error.
                Err(_) => None,
            }
        }
        _ => None,
    };
    READER.scope(reader, next.run(request)).await
}

/// The navigation's summary of `session`: the names of its units in one
/// query (a unit whose name cannot be read is shown by its code).
async fn reader_of(state: &AppState, session: &SessionInfo) -> NavPerson {
    let codes = session.memberships.iter().map(|(_, m)| m.unit.as_str());
    let names = state.store.unit_names(codes).await.unwrap_or_default();
    let units = session
        .memberships
        .iter()
        .map(|(_, m)| ServedUnit {
            name: names
                .get(m.unit.as_str())
                .cloned()
                .unwrap_or_else(|| m.unit.to_string()),
            href: format!("/units/{}", m.unit),
        })
        .collect();
    NavPerson {
        name: session.user.name.clone(),
        units,
        officer: !session.principal.scope(Action::ReadInternal).is_empty(),
        keeps_contacts: session.principal.holds(Action::ManageContacts),
        journalist: session.user.kind == sinergi_domain::access::UserKind::Journalist,
    }
}
