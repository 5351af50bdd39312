//! The JSON API under `/api/v1`, documented by the OpenAPI document it
//! serves at `/api/v1/openapi.json`.

mod account;
pub mod auth;
pub mod campaigns;
pub mod contacts;
pub mod dto;
pub mod extract;
pub mod forum_programme;
pub mod forums;
mod input;
pub mod kinerja;
pub mod monitoring;
pub mod newsroom;
pub mod openapi;
pub mod pitches;
mod press;
pub mod problem;
pub mod search;
pub mod subscriptions;
mod units;

use axum::Router;
use axum::routing::{delete, get, post, put};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/units", get(units::list))
        .route("/units/{code}", get(units::show))
        .route(
            "/units/{code}/contact",
            get(press::show_contact).put(press::save_contact),
        )
        .route("/stats/units", get(units::stats))
        .route("/search", get(search::search))
        .route("/me", get(account::me))
        .route("/members", get(account::members))
        .route("/audit", get(account::audit))
        .route(
            "/releases",
            get(newsroom::list_releases).post(newsroom::create_release),
        )
        .route(
            "/releases/{id}",
            get(newsroom::show_release).put(newsroom::save_release),
        )
        .route("/releases/{id}/transitions", post(newsroom::move_release))
        .route("/releases/{id}/comments", post(newsroom::comment))
        .route("/releases/{id}/amplifications", post(newsroom::amplify))
        .route("/releases/{id}/compare", get(newsroom::compare))
        .route(
            "/items",
            get(newsroom::list_items).post(newsroom::create_item),
        )
        .route(
            "/items/{id}",
            get(newsroom::show_item).put(newsroom::save_item),
        )
        .route("/items/{id}/replications", post(newsroom::replicate))
        .route("/gap", get(newsroom::gap))
        .route("/kinerja/{code}", get(kinerja::unit_figures))
        .route(
            "/kinerja/weights",
            get(kinerja::weights).put(kinerja::set_weights),
        )
        .route("/events", get(forums::list).post(forums::create))
        .route("/events/{id}", get(forums::show).put(forums::update))
        .route("/events/{id}/cancellation", post(forums::cancel))
        .route("/events/{id}/attendance", put(forums::attendance))
        .route("/events/{id}/commitments", post(forums::add_commitment))
        .route(
            "/events/{id}/registration",
            put(forum_programme::register).delete(forum_programme::unregister),
        )
        .route(
            "/events/{id}/registrations",
            get(forum_programme::registrations),
        )
        .route("/events/{id}/speakers", put(forum_programme::speakers))
        .route("/events/{id}/record", put(forum_programme::record))
        .route(
            "/events/{id}/materials",
            post(forum_programme::add_material),
        )
        .route(
            "/events/{id}/materials/{media_id}",
            delete(forum_programme::remove_material),
        )
        .route("/commitments/{id}/closure", post(forums::close_commitment))
        .route(
            "/series",
            get(forums::series_list).post(forums::create_series),
        )
        .route("/series/{id}", get(forums::series))
        .route("/workspace", get(newsroom::workspace))
        .route(
            "/categories",
            get(newsroom::categories).post(newsroom::add_category),
        )
        .route(
            "/contacts",
            get(contacts::list_contacts).post(contacts::create_contact),
        )
        .route("/contacts/{id}", get(contacts::get_contact))
        .route("/contacts/{id}/merge", post(contacts::merge_contact))
        .route(
            "/contacts/{id}/subscriptions",
            get(subscriptions::list_subscriptions).post(subscriptions::create_subscription),
        )
        .route(
            "/contacts/{id}/subscriptions/{subscription}",
            delete(subscriptions::end_subscription),
        )
        .route(
            "/pitches",
            get(pitches::list_pitches).post(pitches::create_pitch),
        )
        .route("/pitches/{id}", get(pitches::get_pitch))
        .route("/pitches/{id}/send", post(pitches::send_pitch))
        .route("/campaigns", get(campaigns::list).post(campaigns::create))
        .route(
            "/campaigns/{id}",
            get(campaigns::show).put(campaigns::update),
        )
        .route("/campaigns/{id}/targets", post(campaigns::add_target))
        .route(
            "/campaigns/{id}/targets/{unit}",
            delete(campaigns::remove_target),
        )
        .route("/campaigns/{id}/status/{unit}", get(campaigns::status))
        .route("/campaigns/{id}/dashboard", get(campaigns::dashboard))
        .route("/campaigns/{id}/tree", get(campaigns::tree))
        .route("/campaigns/{id}/not-started", get(campaigns::not_started))
        .route("/campaigns/{id}/releases", get(campaigns::releases))
        .route(
            "/campaigns/{id}/templates/{template}/render",
            get(campaigns::render_template),
        )
        .route("/monitoring/sources", get(monitoring::sources))
        .route("/monitoring/articles", get(monitoring::articles))
        .route("/monitoring/matches", get(monitoring::matches))
        .route("/monitoring/matches/{id}", get(monitoring::show_match))
        .route(
            "/monitoring/matches/{id}/decision",
            post(monitoring::decide),
        )
        .route("/monitoring/decisions", get(monitoring::decisions))
        .route("/openapi.json", get(openapi::serve))
        // After every route: it is given to the routes present.
        .method_not_allowed_fallback(problem::method_not_allowed)
        .fallback(problem::not_found)
}
