//! `/robots.txt`: public pages may be crawled; workspaces, accounts, forms,
//! the API and search result pages (an endless space) may not. Names the
//! sitemap index.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use super::absolute;
use crate::AppState;

/// Private or endless paths, kept out of crawlers' way (the pages check
/// rights themselves; this only spares them the visit). Rules are
/// prefixes, so `/me` is left out: it would also match `/media/`.
const DISALLOWED: [&str; 14] = [
    "/workspace",
    "/gap",
    "/account",
    "/members",
    "/journalists",
    "/audit",
    "/sign-in",
    "/sign-out",
    "/forgot-password",
    "/users/",
    "/api/",
    "/search",
    "/releases/preview",
    "/lang/",
];

pub fn robots_txt(sitemap_url: &str) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    for path in DISALLOWED {
        s.push_str("Disallow: ");
        s.push_str(path);
        s.push('\n');
    }
    // Register pages and release histories are for the unit's people.
    s.push_str("Disallow: /units/*/register\nDisallow: /releases/*/compare\n");
    s.push_str("\nSitemap: ");
    s.push_str(sitemap_url);
    s.push('\n');
    s
}

pub async fn show(State(state): State<AppState>) -> Response {
    (
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        robots_txt(&absolute(&state, "/sitemap.xml")),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn private_paths_are_disallowed_and_the_sitemap_named() {
        let s = super::robots_txt("https://sinergi.example/sitemap.xml");
        assert!(s.contains("Disallow: /workspace\n"));
        assert!(s.contains("Disallow: /api/\n"));
        assert!(!s.contains("Disallow: /releases/\n"));
        assert!(s.ends_with("Sitemap: https://sinergi.example/sitemap.xml\n"));
    }
}
