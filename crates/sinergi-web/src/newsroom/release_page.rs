//! `/releases/{id}-{slug}`: a release's one address. The public reads the
//! published text (or the withdrawal notice), accredited journalists the
//! embargoed text with its banner, and the unit's own people also the
//! workflow, comments, history and revisions.

use askama::Template;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sinergi_domain::ReleaseId;
use sinergi_domain::access::{Action, Principal};
use sinergi_newsroom::{AccessLevel, ReleaseView};

use super::common::{OrRefusal, principal_of, release_href, status_tag, suggested_time, zone_of};
use super::press_number::Shorthands;
use crate::AppState;
use crate::forms::{FieldError, error_for, render_page};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{PageError, PageResult};
use crate::session::MaybeSession;

/// What a failed form on the release page brings back: the errors and the
/// person's text, so nothing they typed is lost.
#[derive(Default)]
pub struct Flash {
    pub errors: Vec<FieldError>,
    pub notice: String,
    pub comment: String,
    pub note: String,
    pub timing: String,
    pub at: String,
    /// The answer's status: 200 (the default), or why the form failed.
    pub status: StatusCode,
}

pub struct MediaView {
    pub id: i64,
    pub alt: String,
    pub name: String,
    pub size: String,
}

/// The unit's media contact (narahubung), from its press room.
pub struct ContactView {
    pub office: String,
    pub email: String,
    pub phone: String,
    pub phone_href: String,
}

pub struct EventView {
    pub when: String,
    pub actor: String,
    pub what: String,
    pub note: String,
}

pub struct CorrectionView {
    pub when: String,
    pub note: String,
    pub compare_href: String,
}

pub struct RevisionView {
    pub version: i64,
    pub when: String,
    pub author: String,
    pub compare_href: String,
}

pub struct CommentView {
    pub when: String,
    pub author: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "newsroom/release.html")]
pub struct ReleasePage {
    ctx: PageCtx,
    csrf: String,
    id: ReleaseId,
    version: i64,
    title: String,
    lead: String,
    body_html: String,
    language: String,
    /// "Siaran Pers No. 12/Kota Denpasar/2026", or "Siaran Pers" before a number.
    press_label: String,
    /// The unit's media contact, when its press room gives one.
    contact: Option<ContactView>,
    unit_name: String,
    unit_href: String,
    zone: String,
    date: String,
    status_class: String,
    status_label: String,
    internal: bool,
    embargoed: bool,
    embargo_until: String,
    withdrawn: bool,
    withdrawal_note: String,
    withdrawn_on: String,
    tags: Vec<String>,
    images: Vec<MediaView>,
    attachments: Vec<MediaView>,
    items: Vec<(String, String)>,
    /// Forum events the release reports (href, title, when), as the reader may see them.
    forum_events: Vec<(String, String, String)>,
    original: Option<(String, String)>,
    amplified_by: Vec<(String, String)>,
    corrections: Vec<CorrectionView>,
    comments: Vec<CommentView>,
    events: Vec<EventView>,
    revisions: Vec<RevisionView>,
    /// Workflow moves offered, except release and withdraw (own forms).
    simple_moves: Vec<(String, String)>,
    can_release: bool,
    can_withdraw: bool,
    can_edit: bool,
    edit_label: String,
    can_comment: bool,
    amplify_units: Vec<(String, String)>,
    suggested_at: String,
    flash: Flash,
    /// Head tags, JSON-LD and share links: a release the public reads now.
    meta: Option<crate::press::meta::ReleaseMeta>,
    /// Any other view (embargoed, internal work, a withdrawal notice).
    noindex: bool,
    press_href: String,
    /// The page's absolute address, printed on paper.
    print_url: String,
    /// Media pickups of the release (`monitoring/coverage.rs`).
    coverage: crate::monitoring::coverage::CoverageView,
    /// "3 pickups in 2 outlets".
    coverage_summary: String,
    /// "1 match waits for review", for the unit's people.
    coverage_waiting: String,
    /// Each subscriber's message and where it stands (the unit's editors).
    deliveries: Vec<DeliveryView>,
    /// Whether the reader sees the delivery section at all.
    show_deliveries: bool,
    /// "Sent to the other subscribers at …" while an embargo holds.
    deliveries_due: String,
}

/// One recipient's message, as the release's editors see it.
pub struct DeliveryView {
    pub name: String,
    pub email: String,
    pub what: String,
    pub state: String,
    pub state_class: String,
}

/// The delivery section: who was (or will be) sent the release.
async fn deliveries(
    state: &AppState,
    tr: &Tr,
    principal: &Principal,
    id: ReleaseId,
    zone: sinergi_domain::Zone,
) -> (bool, Vec<DeliveryView>, String) {
    let when = |t: i64| tr.date_time(t, zone);
    let Ok((rows, due)) = state.distribution.deliveries(principal, id).await else {
        return (false, Vec::new(), String::new());
    };
    let views = rows
        .into_iter()
        .map(|d| {
            let (state_class, state) = match (d.sent_at, &d.last_error) {
                (Some(at), _) => ("published", tr.t1("dl-sent", "time", &when(at))),
                (None, Some(e)) if d.next_attempt_at == i64::MAX => {
                    ("overdue", tr.t1("dl-failed", "error", e))
                }
                (None, Some(e)) => ("review", tr.t1("dl-retrying", "error", e)),
                (None, None) => ("draft", tr.t("dl-queued")),
            };
            let mut what = tr.t(&format!("dl-cause-{}", d.cause));
            if d.embargoed != 0 {
                what = format!("{what} · {}", tr.t("dl-embargoed"));
            }
            if d.suppressed != 0 {
                what = format!("{what} · {}", tr.t("dl-suppressed"));
            }
            DeliveryView {
                name: d.name,
                email: d.email,
                what,
                state,
                state_class: state_class.to_owned(),
            }
        })
        .collect();
    let due = due
        .map(|t| tr.t1("dl-due", "time", &when(t)))
        .unwrap_or_default();
    (true, views, due)
}

impl ReleasePage {
    fn err(&self, field: &str) -> String {
        error_for(&self.flash.errors, field)
    }
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    done: Option<String>,
}

/// "42" or "42-some-words": the number finds the release.
fn parse_key(key: &str) -> Option<(ReleaseId, Option<&str>)> {
    let (num, slug) = match key.split_once('-') {
        Some((n, s)) => (n, Some(s)),
        None => (key, None),
    };
    num.parse::<ReleaseId>()
        .ok()
        .filter(|n| n.get() > 0)
        .map(|n| (n, slug))
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(key): Path<String>,
    Query(q): Query<ShowQuery>,
    RawQuery(raw_query): RawQuery,
) -> PageResult {
    let Some((id, slug)) = parse_key(&key) else {
        return Err(PageError::NotFound {
            key: "not-found-body",
            arg: ("path", format!("/releases/{key}")),
        }
        .in_lang(lang));
    };
    let principal = principal_of(&maybe);
    let csrf = maybe
        .session
        .as_ref()
        .map(|s| s.csrf_token.clone())
        .unwrap_or_default();
    let tr = Tr::new(lang);
    let notice = match q.done.as_deref() {
        Some(op) if op.chars().all(|c| c.is_ascii_lowercase()) && !op.is_empty() => {
            tr.t(&format!("nr-done-{op}"))
        }
        _ => String::new(),
    };
    let flash = Flash {
        notice,
        ..Default::default()
    };
    release_page(
        &state,
        lang,
        &principal,
        &csrf,
        id,
        Some((slug, raw_query.as_deref())),
        flash,
    )
    .await
}

/// The release page for `principal`. `address` is the slug the reader
/// asked for (`None` for none) and the query: unless the slug is the
/// release's own, the answer is a redirect to the one address, with the
/// same query. Forms that show the page again pass `None`.
pub async fn release_page(
    state: &AppState,
    lang: Lang,
    principal: &Principal,
    csrf: &str,
    id: ReleaseId,
    address: Option<(Option<&str>, Option<&str>)>,
    flash: Flash,
) -> PageResult {
    let view = state
        .newsroom
        .release_view(principal, id)
        .await
        .or_refusal(lang, "/")?;
    let href = release_href(id, &view.release.slug);
    if let Some((asked, query)) = address
        && asked != Some(view.release.slug.as_str())
    {
        return Ok(redirect_to_own_address(&href, query));
    }
    let status = flash.status;
    let reader = Reader {
        lang,
        principal,
        csrf,
    };
    let page = build_page(state, reader, &view, href, flash).await;
    let mut response = render_page(status, &page);
    if matches!(view.access, AccessLevel::Internal | AccessLevel::Embargoed) {
        // Internal and embargoed text must not sit in shared caches.
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    Ok(response)
}

/// Who reads the page: their language, rights and form token.
struct Reader<'a> {
    lang: Lang,
    principal: &'a Principal,
    csrf: &'a str,
}

/// 308 to the release's one address, keeping the query.
fn redirect_to_own_address(href: &str, query: Option<&str>) -> Response {
    let to = match query.filter(|q| !q.is_empty()) {
        Some(q) => format!("{href}?{q}"),
        None => href.to_owned(),
    };
    let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
    if let Ok(v) = HeaderValue::from_str(&to) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

/// The page as `reader` may see it: the text, its links, its history,
/// and the forms their rights offer.
async fn build_page(
    state: &AppState,
    reader: Reader<'_>,
    view: &ReleaseView,
    href: String,
    flash: Flash,
) -> ReleasePage {
    let Reader {
        lang,
        principal,
        csrf,
    } = reader;
    let r = &view.release;
    let id = r.id;
    // No htmx here; our own small script only adds the copy-link button.
    let mut ctx = PageCtx::new(lang, href.clone());
    ctx.htmx.clear();
    let tr = ctx.tr;
    let zone = zone_of(r.unit_code.as_str());
    let now = state.newsroom.now();
    let internal = view.access == AccessLevel::Internal;
    let (status_class, status_label) = status_tag(&tr, view.status);
    let when = |t: i64| tr.date_time(t, zone);
    let (images, attachments) = media_views(&tr, view);
    let allowed = |op: &str| view.allowed.contains(&op);
    let editable = internal
        && matches!(
            r.state,
            sinergi_domain::newsroom::ReleaseState::Draft
                | sinergi_domain::newsroom::ReleaseState::InReview
        )
        && principal.can(Action::Draft, &r.unit_code);
    let can_correct = allowed("correct");
    let base = state
        .accounts
        .config()
        .base_url
        .trim_end_matches('/')
        .to_owned();
    let meta = public_meta(&tr, &base, view, &href, now);
    let coverage = if matches!(view.access, AccessLevel::Public | AccessLevel::Internal) {
        crate::monitoring::coverage::coverage_view(state, &tr, principal, id, &r.unit_code).await
    } else {
        Default::default()
    };
    // Only where the text itself is readable: an embargoed release must not say which
    // event it reports.
    let forum_events = if matches!(view.access, AccessLevel::Public | AccessLevel::Internal) {
        state
            .forums
            .events_of_release(principal, id)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|e| {
                (
                    format!("/forums/{}", e.id),
                    e.title,
                    tr.date_time(e.starts_at, e.zone),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let (show_deliveries, delivery_rows, deliveries_due) = if internal {
        deliveries(state, &tr, principal, id, zone).await
    } else {
        (false, Vec::new(), String::new())
    };
    ReleasePage {
        deliveries: delivery_rows,
        show_deliveries,
        deliveries_due,
        coverage_summary: tr.tn(
            "mon-coverage-summary",
            &[
                ("pickups", coverage.pickups.len().to_string()),
                ("outlets", coverage.outlets.to_string()),
                ("stories", coverage.stories.to_string()),
            ],
        ),
        coverage_waiting: tr.count("mon-coverage-waiting", coverage.waiting as i64),
        coverage,
        noindex: meta.is_none(),
        press_href: format!("/press/{}", r.unit_code),
        print_url: format!("{base}{href}"),
        meta,
        csrf: csrf.to_owned(),
        id,
        version: r.version,
        title: r.title.clone(),
        lead: r.lead.clone(),
        body_html: body_without_lead(&r.lead, &r.body_html).to_owned(),
        language: r.language.clone(),
        press_label: press_label(
            &tr,
            r,
            &Shorthands::load(&state.store, [r.unit_code.as_str()]).await,
        ),
        contact: contact_view(state, view).await,
        unit_name: r.unit_name.clone(),
        unit_href: format!("/units/{}", r.unit_code),
        zone: zone.abbreviation().to_owned(),
        date: r.public_at.map(when).unwrap_or_default(),
        status_class,
        status_label,
        internal,
        embargoed: view.status == sinergi_newsroom::ReleaseStatus::Embargoed,
        embargo_until: r.public_at.map(when).unwrap_or_default(),
        withdrawn: view.status == sinergi_newsroom::ReleaseStatus::Withdrawn,
        withdrawal_note: r.withdrawal_note.clone().unwrap_or_default(),
        withdrawn_on: r.withdrawn_at.map(when).unwrap_or_default(),
        tags: r.tags.clone(),
        images,
        attachments,
        items: view
            .items
            .iter()
            .map(|i| (format!("/items/{}", i.id), i.title.clone()))
            .collect(),
        forum_events,
        original: view.original.as_ref().map(|o| {
            (
                release_href(o.id, &o.slug),
                format!("{} · {}", o.title, o.unit_name),
            )
        }),
        amplified_by: amplified_by(view, internal, now, &when),
        corrections: correction_views(view, &when),
        comments: comment_views(view, &when),
        events: event_views(&tr, view, &when),
        revisions: revision_views(view, &when),
        simple_moves: simple_moves(&tr, view),
        can_release: allowed("release"),
        can_withdraw: allowed("withdraw"),
        can_edit: editable || can_correct,
        edit_label: tr.t(if can_correct { "nr-correct" } else { "nr-edit" }),
        can_comment: internal
            && view.status != sinergi_newsroom::ReleaseStatus::Withdrawn
            && principal.can(Action::Draft, &r.unit_code),
        amplify_units: amplify_units(state, principal, view).await,
        suggested_at: suggested_time(now, zone),
        flash,
        ctx,
    }
}

/// "Siaran Pers No. 12/Kota Denpasar/2026": the label, with the number
/// the release got at its first release (none before, nor for an
/// amplification, which carries another unit's number) and the unit's
/// shorthand (`press_number.rs`).
pub fn press_label(
    tr: &Tr,
    r: &sinergi_store::newsroom::ReleaseRecord,
    shorthands: &Shorthands,
) -> String {
    match r.press_number {
        Some(n) => format!(
            "{} {}",
            tr.t("nr-press-release"),
            shorthands.number(tr, r.unit_code.as_str(), &r.unit_name, n)
        ),
        None => tr.t("nr-press-release"),
    }
}

/// The narahubung: the press contact of the unit that published the
/// release (for an amplification, the unit that carries it).
async fn contact_view(state: &AppState, view: &ReleaseView) -> Option<ContactView> {
    if view.access == AccessLevel::Notice {
        return None;
    }
    let stored = state
        .newsroom
        .contact(&view.release.unit_code)
        .await
        .ok()
        .flatten()?;
    let c = stored.contact;
    if c.office_name.is_empty() && c.email.is_empty() && c.phone.is_empty() {
        return None;
    }
    Some(ContactView {
        phone_href: c.phone.chars().filter(|ch| !ch.is_whitespace()).collect(),
        office: c.office_name,
        email: c.email,
        phone: c.phone,
    })
}

/// The body without its first paragraph when that paragraph is the lead
/// again (older releases and imports repeat it): the page prints the
/// lead once, above the body.
fn body_without_lead<'a>(lead: &str, body_html: &'a str) -> &'a str {
    let trimmed = body_html.trim_start();
    let Some(rest) = trimmed.strip_prefix("<p>") else {
        return body_html;
    };
    let Some(end) = rest.find("</p>") else {
        return body_html;
    };
    let first = plain_text(&rest[..end]);
    let lead = lead.split_whitespace().collect::<Vec<_>>().join(" ");
    if !lead.is_empty() && first == lead {
        rest[end + "</p>".len()..].trim_start()
    } else {
        body_html
    }
}

/// The text of an HTML fragment: tags dropped, the entities ammonia
/// writes read back, white space collapsed.
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Images to show and files to download.
fn media_views(tr: &Tr, view: &ReleaseView) -> (Vec<MediaView>, Vec<MediaView>) {
    let mut images = Vec::new();
    let mut attachments = Vec::new();
    for m in &view.media {
        let mv = MediaView {
            id: m.id,
            alt: m.alt.clone(),
            name: m.original_name.clone(),
            size: size_text(tr, m.bytes),
        };
        if m.kind.is_image() {
            images.push(mv);
        } else {
            attachments.push(mv);
        }
    }
    (images, attachments)
}

/// Workflow moves offered as plain buttons; release and withdraw have
/// forms of their own.
fn simple_moves(tr: &Tr, view: &ReleaseView) -> Vec<(String, String)> {
    ["submit", "return", "approve", "reopen", "unschedule"]
        .iter()
        .filter(|op| view.allowed.contains(op))
        .map(|op| ((*op).to_owned(), tr.t(&format!("nr-op-{op}"))))
        .collect()
}

/// Units the reader may carry this release for: their own, with the
/// Review right, not the release's own unit.
async fn amplify_units(
    state: &AppState,
    principal: &Principal,
    view: &ReleaseView,
) -> Vec<(String, String)> {
    let r = &view.release;
    let mut amplify_units = Vec::new();
    let public_now = view.public_now;
    if public_now && r.amplifies_id.is_none() && view.access != AccessLevel::Notice {
        for m in &principal.memberships {
            if m.unit != r.unit_code
                && principal.can(Action::Review, &m.unit)
                && !amplify_units.iter().any(|(c, _)| *c == m.unit.to_string())
            {
                let name = state
                    .store
                    .unit(&m.unit)
                    .await
                    .map(|u| u.name)
                    .unwrap_or_else(|_| m.unit.to_string());
                amplify_units.push((m.unit.to_string(), name));
            }
        }
    }
    amplify_units
}

/// Head tags, JSON-LD and share links, for a release the public reads
/// now; `None` for any other view (the page is then not indexed).
fn public_meta(
    tr: &Tr,
    base: &str,
    view: &ReleaseView,
    href: &str,
    now: i64,
) -> Option<crate::press::meta::ReleaseMeta> {
    let public_now = view.public_now && view.access != AccessLevel::Notice;
    public_now.then(|| {
        let original = view
            .original
            .as_ref()
            .filter(|o| sinergi_newsroom::brief_is_public(o, now))
            .map(|o| release_href(o.id, &o.slug));
        crate::press::meta::release_meta(tr, base, view, href, original.as_deref())
    })
}

/// The units that carried the release, with when.
fn amplified_by(
    view: &ReleaseView,
    internal: bool,
    now: i64,
    when: &dyn Fn(i64) -> String,
) -> Vec<(String, String)> {
    view.amplifications
        .iter()
        // A carrying release scheduled for later is not public yet.
        .filter(|a| internal || a.public_at.is_some_and(|t| t <= now))
        .map(|a| {
            (
                a.unit_name.clone(),
                a.public_at.map(when).unwrap_or_default(),
            )
        })
        .collect()
}

fn correction_views(view: &ReleaseView, when: &dyn Fn(i64) -> String) -> Vec<CorrectionView> {
    let id = view.release.id;
    view.corrections
        .iter()
        .map(|e| CorrectionView {
            when: when(e.at),
            note: e.note.clone(),
            compare_href: format!(
                "/releases/{id}/compare?from={}&to={}",
                e.version - 1,
                e.version
            ),
        })
        .collect()
}

fn comment_views(view: &ReleaseView, when: &dyn Fn(i64) -> String) -> Vec<CommentView> {
    view.comments
        .iter()
        .map(|c| CommentView {
            when: when(c.created_at),
            author: c.author.clone().unwrap_or_default(),
            body: c.body.clone(),
        })
        .collect()
}

/// The workflow's history, newest first.
fn event_views(tr: &Tr, view: &ReleaseView, when: &dyn Fn(i64) -> String) -> Vec<EventView> {
    view.events
        .iter()
        .rev()
        .map(|e| EventView {
            when: when(e.at),
            // No person: Sinergi did it (a scheduled release, an embargo
            // lifting, data loaded by a command such as the demo).
            actor: e.actor.clone().unwrap_or_else(|| tr.t("nr-actor-system")),
            what: tr.t(&format!("nr-event-{}", e.op)),
            note: e.note.clone(),
        })
        .collect()
}

/// Each revision compares with the one before it in the list the reader
/// may see (the public sees only the public texts). Newest first.
fn revision_views(view: &ReleaseView, when: &dyn Fn(i64) -> String) -> Vec<RevisionView> {
    let id = view.release.id;
    view.revisions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, v)| RevisionView {
            version: v.version,
            when: when(v.created_at),
            author: v.author.clone().unwrap_or_default(),
            compare_href: match i.checked_sub(1).map(|p| &view.revisions[p]) {
                Some(before) => format!(
                    "/releases/{id}/compare?from={}&to={}",
                    before.version, v.version
                ),
                None => String::new(),
            },
        })
        .collect()
}

pub fn size_text(tr: &Tr, bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", tr.num((bytes + 512 * 1024) / (1024 * 1024)))
    } else {
        format!("{} KB", tr.num((bytes + 1023) / 1024))
    }
}

#[cfg(test)]
mod tests {
    use super::{ReleaseId, body_without_lead, parse_key};

    #[test]
    fn a_body_that_repeats_the_lead_loses_that_paragraph() {
        let lead = "Warga kini dapat mengurus dokumen  hingga pukul 21.00 & lebih.";
        let body = "<p>Warga kini dapat mengurus dokumen hingga pukul 21.00 &amp; lebih.</p>\n<p>Mulai Senin.</p>";
        assert_eq!(body_without_lead(lead, body), "<p>Mulai Senin.</p>");
        // A different first paragraph, or no lead, keeps the body whole.
        let other = "<p>Mulai Senin.</p><p>Warga kini dapat mengurus dokumen.</p>";
        assert_eq!(body_without_lead(lead, other), other);
        assert_eq!(body_without_lead("", body), body);
        assert_eq!(body_without_lead(lead, "<h2>x</h2>"), "<h2>x</h2>");
    }

    #[test]
    fn keys_are_a_number_and_optional_words() {
        assert_eq!(parse_key("42"), Some((ReleaseId::new(42), None)));
        assert_eq!(
            parse_key("42-humas-bali"),
            Some((ReleaseId::new(42), Some("humas-bali")))
        );
        assert_eq!(parse_key("x-1"), None);
        assert_eq!(parse_key("0"), None);
    }
}
