//! The register: a unit's achievements and innovations, recording and
//! editing them, one item with its publication status, and replication.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sinergi_domain::access::{Action, Principal};
use sinergi_domain::newsroom::{InnovationStage, ItemKind};
use sinergi_domain::{ItemId, UnitCode};
use sinergi_newsroom::{ItemInput, ItemView, NewsroomError};
use sinergi_store::newsroom::ItemQuery;

use super::common::{
    BriefRow, OrRefusal, field_errors, parse_unit, principal_of, publication_status, refused,
    unit_name,
};
use crate::AppState;
use crate::forms::{
    FieldError, Pairs, error_for, field, fields, form_error, render_page, require_csrf, see_other,
};
use crate::i18n::{Lang, Tr};
use crate::pages::view::{PageCtx, encode_component};
use crate::pages::{PageError, PageResult};
use crate::session::{MaybeSession, SignedIn};

const PAGE_SIZE: i64 = 50;

// ---- the register ------------------------------------------------------

pub struct ItemRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub unit_name: String,
    pub status_class: String,
    pub status_label: String,
}

#[derive(Template)]
#[template(path = "newsroom/register.html")]
struct RegisterPage {
    ctx: PageCtx,
    unit_name: String,
    code: String,
    subtree: bool,
    kind: String,
    kinds: Vec<(String, String)>,
    rows: Vec<ItemRow>,
    can_draft: bool,
    internal: bool,
    next_href: Option<String>,
    first_href: Option<String>,
    paging_hx: bool,
}

#[derive(Deserialize, Default)]
pub struct RegisterQuery {
    subtree: Option<String>,
    kind: Option<String>,
    cursor: Option<String>,
}

pub async fn register(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(code): Path<String>,
    Query(q): Query<RegisterQuery>,
) -> PageResult {
    let unit = parse_unit(lang, &code)?;
    let name = unit_name(&state, lang, &unit).await?;
    let principal = principal_of(&maybe);
    let subtree = q.subtree.as_deref().is_some_and(|s| s == "1");
    let kind = q.kind.as_deref().and_then(|k| k.parse::<ItemKind>().ok());
    let cursor = q.cursor.filter(|c| !c.is_empty());
    let query = ItemQuery {
        unit: Some(unit.clone()),
        with_subtree: subtree,
        kind,
        limit: PAGE_SIZE,
        cursor: cursor.clone(),
        ..Default::default()
    };
    let page = state
        .newsroom
        .items(&principal, query)
        .await
        .or_refusal(lang, &format!("/units/{code}"))?;
    let mut here = format!("/units/{code}/register?");
    if subtree {
        here.push_str("subtree=1&");
    }
    if let Some(k) = kind {
        here.push_str(&format!("kind={}&", k.as_str()));
    }
    let here = here.trim_end_matches(['&', '?']).to_owned();
    let ctx = PageCtx::new(lang, here.clone());
    let tr = ctx.tr;
    let now = state.newsroom.now();
    let sep = if here.contains('?') { '&' } else { '?' };
    let page = RegisterPage {
        unit_name: name,
        subtree,
        kind: kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        kinds: ItemKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str().to_owned(),
                    tr.t(&format!("nr-kind-{}", k.as_str())),
                )
            })
            .collect(),
        rows: page
            .items
            .iter()
            .map(|i| {
                let (status_class, status_label) = publication_status(&tr, i, now);
                ItemRow {
                    href: format!("/items/{}", i.id),
                    title: i.title.clone(),
                    kind: tr.t(&format!("nr-kind-{}", i.kind.as_str())),
                    unit_name: i.unit_name.clone(),
                    status_class,
                    status_label,
                }
            })
            .collect(),
        can_draft: principal.can(Action::Draft, &unit),
        internal: principal.can(Action::ReadInternal, &unit),
        next_href: page
            .next_cursor
            .map(|c| format!("{here}{sep}cursor={}", encode_component(&c))),
        first_href: cursor.map(|_| here.clone()),
        paging_hx: false,
        code,
        ctx,
    };
    Ok(render_page(StatusCode::OK, &page))
}

// ---- recording and editing ---------------------------------------------

/// The item form's fields, as typed.
#[derive(Default, Clone)]
pub struct ItemFormData {
    csrf: String,
    unit: String,
    kind: String,
    version: i64,
    title: String,
    description: String,
    category: String,
    occurred_on: String,
    problem: String,
    solution: String,
    impact: String,
    stage: String,
    tags: String,
    evidence: String,
}

/// Blank evidence rows the form offers after the filled ones.
const BLANK_EVIDENCE_ROWS: usize = 3;

impl ItemFormData {
    /// The form as posted: each field by name; the evidence as repeated
    /// label + address pairs (`evidence_label`, `evidence_url`), and also
    /// as the older text field `evidence`, one `label | https://…` a line,
    /// which forms and scripts made before the pairs still send.
    fn from_pairs(pairs: &Pairs) -> ItemFormData {
        let f = |name: &str| field(pairs, name);
        let mut lines: Vec<String> = f("evidence")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let labels: Vec<&str> = fields(pairs, "evidence_label").collect();
        let urls: Vec<&str> = fields(pairs, "evidence_url").collect();
        for i in 0..labels.len().max(urls.len()) {
            let label = labels.get(i).map_or("", |s| s.trim());
            let url = urls.get(i).map_or("", |s| s.trim());
            match (label.is_empty(), url.is_empty()) {
                (true, true) => {}
                (true, false) => lines.push(url.to_owned()),
                // A label without an address is kept so the check can say so.
                _ => lines.push(format!("{label} | {url}")),
            }
        }
        ItemFormData {
            csrf: f("csrf"),
            unit: f("unit"),
            kind: f("kind"),
            version: f("version").trim().parse().unwrap_or_default(),
            title: f("title"),
            description: f("description"),
            category: f("category"),
            occurred_on: f("occurred_on"),
            problem: f("problem"),
            solution: f("solution"),
            impact: f("impact"),
            stage: f("stage"),
            tags: f("tags"),
            evidence: lines.join("\n"),
        }
    }

    /// The evidence as the form's rows (label, address): one a line, then
    /// blank rows to add more.
    fn evidence_rows(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = self
            .evidence
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| match line.rsplit_once('|') {
                Some((label, url)) => (label.trim().to_owned(), url.trim().to_owned()),
                None => (String::new(), line.to_owned()),
            })
            .collect();
        rows.extend(std::iter::repeat_n(
            (String::new(), String::new()),
            BLANK_EVIDENCE_ROWS,
        ));
        rows
    }

    fn input(&self) -> ItemInput {
        let opt = |s: &str| Some(s.to_owned());
        ItemInput {
            kind: self.kind.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            category: opt(&self.category),
            occurred_on: opt(&self.occurred_on),
            problem: opt(&self.problem),
            solution: opt(&self.solution),
            impact: opt(&self.impact),
            stage: opt(&self.stage),
            tags: self.tags.clone(),
            evidence: self.evidence.clone(),
        }
    }

    fn from_view(v: &ItemView) -> ItemFormData {
        let i = &v.item;
        ItemFormData {
            unit: i.unit_code.to_string(),
            kind: i.kind.as_str().to_owned(),
            version: i.version,
            title: i.title.clone(),
            description: i.description_md.clone(),
            category: i.category_key.clone().unwrap_or_default(),
            occurred_on: i.occurred_on.clone().unwrap_or_default(),
            problem: i.problem_md.clone().unwrap_or_default(),
            solution: i.solution_md.clone().unwrap_or_default(),
            impact: i.impact_md.clone().unwrap_or_default(),
            stage: i.stage.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            tags: i.tags.join(", "),
            evidence: v
                .evidence
                .iter()
                .map(|e| match &e.url {
                    Some(u) if *u != e.label => format!("{} | {u}", e.label),
                    Some(u) => u.clone(),
                    None => e.label.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            csrf: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "newsroom/item_form.html")]
struct ItemFormPage {
    ctx: PageCtx,
    csrf: String,
    heading: String,
    action: String,
    unit_name: String,
    /// Links to switch the kind of a new item; empty when editing.
    kind_links: Vec<(String, String, bool)>,
    innovation: bool,
    categories: Vec<(String, String)>,
    stages: Vec<(String, String)>,
    form: ItemFormData,
    errors: Vec<FieldError>,
    /// A save that came too late: where the current version is.
    stale_href: String,
    cancel_href: String,
}

impl ItemFormPage {
    fn err(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

/// What the item form shows besides the fields: where it posts, what it
/// is called, and what a refused save brings back.
struct ItemFormState {
    heading: String,
    action: String,
    unit_name: String,
    /// Links to switch the kind of a new item; empty when editing.
    kind_links: Vec<(String, String, bool)>,
    form: ItemFormData,
    errors: Vec<FieldError>,
    /// A save that came too late: where the current version is.
    stale_href: String,
    cancel_href: String,
}

impl ItemFormState {
    /// The form that records a new item of `form.kind` for `form.unit`.
    fn new_item(
        tr: &Tr,
        unit_name: String,
        form: ItemFormData,
        errors: Vec<FieldError>,
    ) -> ItemFormState {
        let kind = if form.kind == "innovation" {
            "innovation"
        } else {
            "achievement"
        };
        let code = &form.unit;
        ItemFormState {
            heading: tr.t(&format!("nr-new-{kind}")),
            action: "/items/new".into(),
            unit_name,
            kind_links: kind_links(tr, code, &form.kind),
            cancel_href: format!("/units/{code}/register"),
            form,
            errors,
            stale_href: String::new(),
        }
    }

    /// The form that edits item `view`.
    fn edit_item(
        tr: &Tr,
        view: &ItemView,
        form: ItemFormData,
        errors: Vec<FieldError>,
        stale_href: String,
    ) -> ItemFormState {
        let id = view.item.id;
        ItemFormState {
            heading: tr.t1("nr-edit-item", "title", &view.item.title),
            action: format!("/items/{id}/edit"),
            unit_name: view.item.unit_name.clone(),
            kind_links: Vec::new(),
            form,
            errors,
            stale_href,
            cancel_href: format!("/items/{id}"),
        }
    }
}

async fn item_form_page(
    state: &AppState,
    lang: Lang,
    csrf: &str,
    f: ItemFormState,
) -> ItemFormPage {
    let ItemFormState {
        heading,
        action,
        unit_name,
        kind_links,
        form,
        errors,
        stale_href,
        cancel_href,
    } = f;
    let ctx = PageCtx::new(lang, action.clone());
    let tr = ctx.tr;
    let categories = state
        .store
        .categories()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.key.clone(), c.label(lang.code()).to_owned()))
        .collect();
    ItemFormPage {
        csrf: csrf.to_owned(),
        heading,
        action,
        unit_name,
        kind_links,
        innovation: form.kind == "innovation",
        categories,
        stages: InnovationStage::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str().to_owned(),
                    tr.t(&format!("nr-stage-{}", s.as_str())),
                )
            })
            .collect(),
        form,
        errors,
        stale_href,
        cancel_href,
        ctx,
    }
}

#[derive(Deserialize, Default)]
pub struct NewItemQuery {
    unit: Option<String>,
    kind: Option<String>,
}

fn kind_links(tr: &Tr, unit: &str, kind: &str) -> Vec<(String, String, bool)> {
    ItemKind::ALL
        .iter()
        .map(|k| {
            (
                format!(
                    "/items/new?unit={}&kind={}",
                    encode_component(unit),
                    k.as_str()
                ),
                tr.t(&format!("nr-new-{}", k.as_str())),
                k.as_str() == kind,
            )
        })
        .collect()
}

pub async fn new_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Query(q): Query<NewItemQuery>,
) -> PageResult {
    let code = q.unit.unwrap_or_default();
    let unit = parse_unit(lang, &code)?;
    if !who.session.principal.can(Action::Draft, &unit) {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    let name = unit_name(&state, lang, &unit).await?;
    let tr = Tr::new(lang);
    let kind = match q.kind.as_deref() {
        Some("innovation") => "innovation",
        _ => "achievement",
    };
    let form = ItemFormData {
        unit: code,
        kind: kind.to_owned(),
        ..Default::default()
    };
    let state_of_form = ItemFormState::new_item(&tr, name, form, Vec::new());
    let page = item_form_page(&state, lang, &who.session.csrf_token, state_of_form).await;
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let f = ItemFormData::from_pairs(&pairs);
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let unit = parse_unit(lang, &f.unit)?;
    let tr = Tr::new(lang);
    let errors = match state
        .newsroom
        .create_item(&who.session.principal, &unit, &f.input())
        .await
    {
        Ok(id) => {
            return Ok(see_other(&format!("/items/{id}")));
        }
        Err(NewsroomError::Invalid(p)) => field_errors(&tr, &p, "item-"),
        Err(e) => return Err(refused(lang, e, &format!("/units/{}/register", f.unit))),
    };
    let name = unit_name(&state, lang, &unit).await.unwrap_or_default();
    let state_of_form = ItemFormState::new_item(&tr, name, f, errors);
    let page = item_form_page(&state, lang, &who.session.csrf_token, state_of_form).await;
    Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub async fn edit_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ItemId>,
) -> PageResult {
    let view = state
        .newsroom
        .item_view(&who.session.principal, id)
        .await
        .or_refusal(lang, "/workspace")?;
    if !view.can_edit {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    let tr = Tr::new(lang);
    let form = ItemFormData::from_view(&view);
    let state_of_form = ItemFormState::edit_item(&tr, &view, form, Vec::new(), String::new());
    let page = item_form_page(&state, lang, &who.session.csrf_token, state_of_form).await;
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn update(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ItemId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let mut f = ItemFormData::from_pairs(&pairs);
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let tr = Tr::new(lang);
    let principal = &who.session.principal;
    // The kind never changes; take it from the record, not the form.
    let view = state
        .newsroom
        .item_view(principal, id)
        .await
        .or_refusal(lang, "/workspace")?;
    f.kind = view.item.kind.as_str().to_owned();
    f.unit = view.item.unit_code.to_string();
    let (status, errors, stale_href) = match state
        .newsroom
        .update_item(principal, id, f.version, &f.input())
        .await
    {
        Ok(_) => {
            return Ok(see_other(&format!("/items/{id}")));
        }
        Err(NewsroomError::Invalid(p)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            field_errors(&tr, &p, "item-"),
            String::new(),
        ),
        Err(NewsroomError::Stale(_)) => {
            // Keep the person's text; the next save goes over the version
            // they have now been told about.
            f.version = view.item.version;
            (
                StatusCode::CONFLICT,
                vec![form_error("item-title", tr.t("newsroom-stale"))],
                format!("/items/{id}"),
            )
        }
        Err(e) => return Err(refused(lang, e, &format!("/items/{id}"))),
    };
    let state_of_form = ItemFormState::edit_item(&tr, &view, f, errors, stale_href);
    let page = item_form_page(&state, lang, &who.session.csrf_token, state_of_form).await;
    Ok(render_page(status, &page))
}

// ---- one item -------------------------------------------------------------

pub struct Detail {
    pub label: String,
    pub html: String,
}

#[derive(Template)]
#[template(path = "newsroom/item.html")]
struct ItemPage {
    ctx: PageCtx,
    csrf: String,
    id: ItemId,
    title: String,
    kind: String,
    unit_name: String,
    unit_href: String,
    status_class: String,
    status_label: String,
    category: String,
    occurred_on: String,
    stage: String,
    tags: Vec<String>,
    /// Sanitised HTML from Markdown: description, problem, solution, impact.
    details: Vec<Detail>,
    evidence: Vec<(String, String)>,
    releases: Vec<BriefRow>,
    replications: Vec<String>,
    can_edit: bool,
    /// Units of the reader that may record a replication: (code, name).
    replicate_units: Vec<(String, String)>,
    replicate_unit: String,
    replicate_on: String,
    replicate_note: String,
    errors: Vec<FieldError>,
    notice: String,
}

impl ItemPage {
    fn err(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

#[derive(Deserialize, Default)]
pub struct ItemQueryParams {
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    maybe: MaybeSession,
    Path(id): Path<ItemId>,
    Query(q): Query<ItemQueryParams>,
) -> PageResult {
    let principal = principal_of(&maybe);
    let csrf = maybe
        .session
        .as_ref()
        .map(|s| s.csrf_token.clone())
        .unwrap_or_default();
    let notice = match q.done.as_deref() {
        Some("replicated") => Tr::new(lang).t("nr-replication-recorded"),
        _ => String::new(),
    };
    item_page(
        &state,
        lang,
        &principal,
        &csrf,
        id,
        ReplicationEcho {
            form: Replicate::default(),
            errors: Vec::new(),
            notice,
            status: StatusCode::OK,
        },
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct Replicate {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    replicated_on: String,
    #[serde(default)]
    note: String,
}

/// What the item page shows besides the item: the replication form as the
/// person filled it, its errors, a notice, and the answer's status.
struct ReplicationEcho {
    form: Replicate,
    errors: Vec<FieldError>,
    notice: String,
    status: StatusCode,
}

async fn item_page(
    state: &AppState,
    lang: Lang,
    principal: &Principal,
    csrf: &str,
    id: ItemId,
    echo: ReplicationEcho,
) -> PageResult {
    let ReplicationEcho {
        form,
        errors,
        notice,
        status,
    } = echo;
    let view = state
        .newsroom
        .item_view(principal, id)
        .await
        .or_refusal(lang, "/")?;
    let ctx = PageCtx::new(lang, format!("/items/{id}"));
    let tr = ctx.tr;
    let now = state.newsroom.now();
    let item = &view.item;
    let (status_class, status_label) = publication_status(&tr, item, now);
    let category = match &item.category_key {
        Some(key) => state
            .store
            .categories()
            .await
            .unwrap_or_default()
            .into_iter()
            .find(|c| &c.key == key)
            .map(|c| c.label(lang.code()).to_owned())
            .unwrap_or_else(|| key.clone()),
        None => String::new(),
    };
    let mut details = vec![Detail {
        label: tr.t("nr-field-description"),
        html: sinergi_media::render_markdown(&item.description_md),
    }];
    for (key, text) in [
        ("nr-field-problem", &item.problem_md),
        ("nr-field-solution", &item.solution_md),
        ("nr-field-impact", &item.impact_md),
    ] {
        if let Some(t) = text.as_ref().filter(|t| !t.trim().is_empty()) {
            details.push(Detail {
                label: tr.t(key),
                html: sinergi_media::render_markdown(t),
            });
        }
    }
    let mut replicate_units = Vec::new();
    if item.kind == ItemKind::Innovation {
        for m in &principal.memberships {
            if m.unit != item.unit_code
                && principal.can(Action::Draft, &m.unit)
                && !replicate_units
                    .iter()
                    .any(|(c, _)| *c == m.unit.to_string())
            {
                let name = state
                    .store
                    .unit(&m.unit)
                    .await
                    .map(|u| u.name)
                    .unwrap_or_else(|_| m.unit.to_string());
                replicate_units.push((m.unit.to_string(), name));
            }
        }
    }
    let page = ItemPage {
        csrf: csrf.to_owned(),
        id,
        title: item.title.clone(),
        kind: tr.t(&format!("nr-kind-{}", item.kind.as_str())),
        unit_name: item.unit_name.clone(),
        unit_href: format!("/units/{}", item.unit_code),
        status_class,
        status_label,
        category,
        occurred_on: item.occurred_on.clone().unwrap_or_default(),
        stage: item
            .stage
            .map(|s| tr.t(&format!("nr-stage-{}", s.as_str())))
            .unwrap_or_default(),
        tags: item.tags.clone(),
        details,
        evidence: view
            .evidence
            .iter()
            .filter_map(|e| e.url.as_ref().map(|u| (e.label.clone(), u.clone())))
            .collect(),
        releases: view
            .releases
            .iter()
            .map(|b| BriefRow::new(&tr, b, now))
            .collect(),
        replications: view
            .replications
            .iter()
            .map(|r| match &r.replicated_on {
                Some(on) => format!("{} ({on})", r.unit_name),
                None => r.unit_name.clone(),
            })
            .collect(),
        can_edit: view.can_edit,
        replicate_units,
        replicate_unit: form.unit,
        replicate_on: form.replicated_on,
        replicate_note: form.note,
        errors,
        notice,
        ctx,
    };
    Ok(render_page(status, &page))
}

pub async fn replicate(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<ItemId>,
    Form(f): Form<Replicate>,
) -> PageResult {
    require_csrf(lang, &f.csrf, &who.session.csrf_token)?;
    let tr = Tr::new(lang);
    let principal = &who.session.principal;
    let errors = match UnitCode::parse(&f.unit) {
        Err(_) => vec![form_error(
            "replicate-unit",
            tr.t1("bad-code", "code", &f.unit),
        )],
        Ok(unit) => {
            let on = (!f.replicated_on.trim().is_empty()).then_some(f.replicated_on.as_str());
            match state
                .newsroom
                .replicate(principal, id, &unit, on, &f.note)
                .await
            {
                Ok(_) => return Ok(see_other(&format!("/items/{id}?done=replicated"))),
                Err(NewsroomError::Invalid(p)) => field_errors(&tr, &p, "replicate-"),
                Err(e) => return Err(refused(lang, e, &format!("/items/{id}"))),
            }
        }
    };
    item_page(
        &state,
        lang,
        principal,
        &who.session.csrf_token,
        id,
        ReplicationEcho {
            form: f,
            errors,
            notice: String::new(),
            status: StatusCode::UNPROCESSABLE_ENTITY,
        },
    )
    .await
}
