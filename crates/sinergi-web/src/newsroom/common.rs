//! What the newsroom pages share: who is asking, how refusals become
//! pages, labels for states, times in a unit's zone, form fields.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sinergi_domain::access::Principal;
use sinergi_domain::newsroom::{DAY_MICROS, days_between};
use sinergi_domain::{ReleaseId, UnitCode, Zone};
use sinergi_newsroom::{NewsroomError, Problem};
use sinergi_store::newsroom::{ItemRecord, ReleaseBrief};

use crate::AppState;
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{LocalizedError, OrErrorPage, PageError, PageResult};
use crate::session::MaybeSession;

use crate::forms::{FieldError, labelled_message};

/// For the workspace and gap pages, which still take it from here.
pub use crate::forms::render_page;

/// The reader's rights: a signed-in person's, or the public's.
pub fn principal_of(maybe: &MaybeSession) -> Principal {
    maybe
        .session
        .as_ref()
        .map(|s| s.principal.clone())
        .unwrap_or_else(Principal::public)
}

/// A short page that explains a refusal and offers a way on.
#[derive(Template)]
#[template(path = "newsroom/message.html")]
pub struct MessagePage {
    pub ctx: PageCtx,
    pub title: String,
    pub message: String,
    pub back_href: String,
    pub back_label: String,
}

/// A refusal of the newsroom as a page in the reader's language. Forms
/// handle `Invalid` and `Stale` themselves, to keep the person's text.
pub fn refused(lang: Lang, e: NewsroomError, back_href: &str) -> LocalizedError {
    let tr = Tr::new(lang);
    let status = match e {
        // A malformed cursor is the reader's mistake (400), not ours.
        NewsroomError::Store(e) => return PageError::from_store(e).in_lang(lang),
        NewsroomError::NotFound(what) => {
            return PageError::NotFound {
                key: "not-found-body",
                arg: ("x", what),
            }
            .in_lang(lang);
        }
        NewsroomError::NotAllowed => return PageError::Forbidden.in_lang(lang),
        NewsroomError::Files(_) => return PageError::Internal(e.to_string()).in_lang(lang),
        NewsroomError::Invalid(_) | NewsroomError::Upload(_) => StatusCode::UNPROCESSABLE_ENTITY,
        NewsroomError::Stale(_) | NewsroomError::Workflow(_) => StatusCode::CONFLICT,
    };
    let message = match &e {
        NewsroomError::Upload(u) => u.message(lang.code()),
        NewsroomError::Invalid(problems) => problems
            .iter()
            .map(|p| problem_message(&tr, p))
            .collect::<Vec<_>>()
            .join(" "),
        other => tr.t(other.message_key()),
    };
    let page = MessagePage {
        ctx: PageCtx::new(lang, back_href.to_owned()),
        title: tr.t("nr-refused-title"),
        message,
        back_href: back_href.to_owned(),
        back_label: tr.t("nr-back"),
    };
    PageError::shown(render_page(status, &page)).in_lang(lang)
}

/// [`refused`] as a response, for handlers not yet returning a [`PageResult`].
pub fn refusal(lang: Lang, e: NewsroomError, back_href: &str) -> Response {
    refused(lang, e, back_href).into_response()
}

/// `?` for the newsroom's refusals in page handlers.
pub trait OrRefusal<T> {
    /// The refusal as a page in `lang` that leads back to `back_href`.
    fn or_refusal(self, lang: Lang, back_href: &str) -> PageResult<T>;
}

impl<T> OrRefusal<T> for Result<T, NewsroomError> {
    fn or_refusal(self, lang: Lang, back_href: &str) -> PageResult<T> {
        self.map_err(|e| refused(lang, e, back_href))
    }
}

/// A unit code from the address or a form, or the 400 page.
pub fn parse_unit(lang: Lang, code: &str) -> PageResult<UnitCode> {
    UnitCode::parse(code)
        .map_err(|_| PageError::BadRequest {
            key: "bad-code",
            arg: ("code", code.to_owned()),
        })
        .or_page(lang)
}

/// The unit's name, or the 404 page when the network has no such unit.
pub async fn unit_name(state: &AppState, lang: Lang, code: &UnitCode) -> PageResult<String> {
    state
        .store
        .unit(code)
        .await
        .map(|u| u.name)
        .map_err(|e| match e {
            sinergi_store::StoreError::NotFound(_) => PageError::NotFound {
                key: "unit-not-found",
                arg: ("code", code.to_string()),
            },
            other => PageError::from_store(other),
        })
        .or_page(lang)
}

/// "Title: this field is required."
pub fn problem_message(tr: &Tr, p: &Problem) -> String {
    labelled_message(tr, &format!("nr-field-{}", p.field), p.key)
}

/// The problems as field errors; `prefix` makes the ids of the form's inputs.
pub fn field_errors(tr: &Tr, problems: &[Problem], prefix: &str) -> Vec<FieldError> {
    problems
        .iter()
        .map(|p| FieldError::new(&format!("{prefix}{}", p.field), problem_message(tr, p)))
        .collect()
}

/// The state a release is in, as a tag: (css modifier, label).
pub fn status_tag(tr: &Tr, status: sinergi_newsroom::ReleaseStatus) -> (String, String) {
    use sinergi_newsroom::ReleaseStatus as S;
    let class = match status {
        S::Draft => "draft",
        S::InReview => "review",
        S::Approved => "approved",
        S::Scheduled | S::Embargoed => "embargoed",
        S::Published | S::Corrected => "published",
        S::Withdrawn => "retired",
    };
    (class.to_owned(), tr.t(&format!("nr-status-{status}")))
}

pub fn zone_of(code: &str) -> Zone {
    UnitCode::parse(code)
        .map(|c| Zone::of_unit(&c))
        .unwrap_or(Zone::Wib)
}

/// A release in a list.
pub struct BriefRow {
    pub href: String,
    pub title: String,
    pub unit_name: String,
    pub unit_href: String,
    pub status_class: String,
    pub status_label: String,
    /// When it is or becomes public, else when it last changed.
    pub when: String,
}

impl BriefRow {
    pub fn new(tr: &Tr, b: &ReleaseBrief, now: i64) -> BriefRow {
        let status =
            sinergi_newsroom::status_at(b.state, b.public_at, b.embargo, b.corrections, now);
        let (status_class, status_label) = status_tag(tr, status);
        let zone = zone_of(&b.unit_code);
        let when = match b.public_at {
            Some(t) if b.state == sinergi_domain::newsroom::ReleaseState::Released => {
                tr.date_time(t, zone)
            }
            _ => tr.t1("nr-changed-at", "when", &tr.date_time(b.updated_at, zone)),
        };
        BriefRow {
            href: release_href(b.id, &b.slug),
            title: b.title.clone(),
            unit_name: b.unit_name.clone(),
            unit_href: format!("/units/{}", b.unit_code),
            status_class,
            status_label,
            when,
        }
    }
}

pub fn release_href(id: ReleaseId, slug: &str) -> String {
    format!("/releases/{id}-{slug}")
}

/// "Not yet published · 23 days" or "Published after 5 days".
pub fn publication_status(tr: &Tr, item: &ItemRecord, now: i64) -> (String, String) {
    match item.first_public_at.filter(|t| *t <= now) {
        Some(t) => (
            "published".to_owned(),
            tr.count("nr-published-after", days_between(item.created_at, t)),
        ),
        None => {
            let days = days_between(item.created_at, now);
            let class = if days >= sinergi_domain::newsroom::DEFAULT_GAP_DAYS {
                "overdue"
            } else {
                "not-started"
            };
            (class.to_owned(), tr.count("nr-unpublished-for", days))
        }
    }
}

/// A `datetime-local` value ("2026-06-05T09:00") read in `zone`.
pub fn parse_local(value: &str, zone: Zone) -> Option<i64> {
    let dt: jiff::civil::DateTime = value.trim().parse().ok()?;
    let offset = jiff::tz::Offset::constant(zone.utc_offset_hours());
    let ts = offset.to_timestamp(dt).ok()?;
    Some(ts.as_microsecond())
}

/// A moment as a `datetime-local` value in `zone`.
pub fn local_value(micros: i64, zone: Zone) -> String {
    let Ok(ts) = jiff::Timestamp::from_microsecond(micros) else {
        return String::new();
    };
    let dt = jiff::tz::Offset::constant(zone.utc_offset_hours()).to_datetime(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute()
    )
}

/// Tomorrow at 09.00 in `zone`: the suggested release time.
pub fn suggested_time(now: i64, zone: Zone) -> String {
    let tomorrow = local_value(now + DAY_MICROS, zone);
    format!("{}T09:00", tomorrow.split('T').next().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newsroom_refusals_become_pages_with_their_status() {
        let status = |e| refused(Lang::En, e, "/x").into_response().status();
        assert_eq!(status(NewsroomError::NotAllowed), StatusCode::FORBIDDEN);
        let missing = NewsroomError::NotFound("release 7".into());
        assert_eq!(status(missing), StatusCode::NOT_FOUND);
        let stale = NewsroomError::Stale("saved by someone else".into());
        assert_eq!(status(stale), StatusCode::CONFLICT);
        let invalid = NewsroomError::Invalid(vec![Problem {
            field: "title",
            key: "field-required",
        }]);
        assert_eq!(status(invalid), StatusCode::UNPROCESSABLE_ENTITY);
        let cursor = NewsroomError::Store(sinergi_store::StoreError::BadCursor);
        assert_eq!(status(cursor), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn local_times_are_read_in_the_units_zone() {
        // 09.00 WITA on 4 June 2026 is 01.00 UTC.
        let t = parse_local("2026-06-04T09:00", Zone::Wita).unwrap();
        assert_eq!(t, 1_780_534_800_000_000);
        assert_eq!(local_value(t, Zone::Wita), "2026-06-04T09:00");
        assert_eq!(local_value(t, Zone::Wib), "2026-06-04T08:00");
        assert_eq!(suggested_time(t, Zone::Wit), "2026-06-05T09:00");
        assert!(parse_local("kemarin", Zone::Wib).is_none());
    }
}
