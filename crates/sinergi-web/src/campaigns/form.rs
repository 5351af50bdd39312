//! The owner's campaign form: create and edit. Every field is kept as
//! typed when the service refuses it, with the message beside the field.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use sinergi_campaigns::{CampaignError, CampaignInput, Problem, TemplateInput};
use sinergi_domain::CampaignId;
use sinergi_domain::access::Action;

use super::common::dashboard_href;
use crate::AppState;
use crate::forms::{
    FieldError, Pairs, check_csrf, error_for, field, fields, labelled_message, render_page,
    see_other,
};
use crate::i18n::{Lang, Tr};
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

/// The levels a scope may name, in the order the form lists them.
const LEVELS: [&str; 5] = ["national", "province", "regency", "district", "village"];
const DEPTHS: [&str; 4] = ["province", "regency", "district", "village"];

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct CampaignForm {
    pub owner: String,
    pub version: i64,
    pub title: String,
    pub tag: String,
    pub description: String,
    pub key_messages: String,
    pub hashtags: String,
    pub starts_on: String,
    pub ends_on: String,
    pub guidance: String,
    pub subtrees: String,
    pub levels: Vec<String>,
    pub units: String,
    pub depth: String,
    pub cascade_share: String,
    pub image_ids: Vec<i64>,
    pub templates: Vec<TemplateInput>,
}

impl CampaignForm {
    pub fn from_pairs(pairs: &Pairs) -> CampaignForm {
        let slots: usize = field(pairs, "template_slots").parse().unwrap_or(0).min(20);
        CampaignForm {
            owner: field(pairs, "owner"),
            version: field(pairs, "version").parse().unwrap_or(0),
            title: field(pairs, "title"),
            tag: field(pairs, "tag"),
            description: field(pairs, "description"),
            key_messages: field(pairs, "key_messages"),
            hashtags: field(pairs, "hashtags"),
            starts_on: field(pairs, "starts_on"),
            ends_on: field(pairs, "ends_on"),
            guidance: field(pairs, "guidance"),
            subtrees: field(pairs, "subtrees"),
            levels: fields(pairs, "levels").map(str::to_owned).collect(),
            units: field(pairs, "units"),
            depth: field(pairs, "depth"),
            cascade_share: field(pairs, "cascade_share"),
            image_ids: fields(pairs, "image_ids")
                .filter_map(|v| v.parse().ok())
                .collect(),
            templates: (0..slots)
                .map(|i| TemplateInput {
                    title: field(pairs, &format!("template_{i}_title")),
                    lead: field(pairs, &format!("template_{i}_lead")),
                    body: field(pairs, &format!("template_{i}_body")),
                })
                .collect(),
        }
    }

    fn from_input(i: &CampaignInput, version: i64) -> CampaignForm {
        CampaignForm {
            owner: i.owner.clone(),
            version,
            title: i.title.clone(),
            tag: i.tag.clone(),
            description: i.description.clone(),
            key_messages: i.key_messages.join("\n"),
            hashtags: i
                .hashtags
                .iter()
                .map(|h| format!("#{h}"))
                .collect::<Vec<_>>()
                .join(" "),
            starts_on: i.starts_on.clone(),
            ends_on: i.ends_on.clone(),
            guidance: i.guidance.clone(),
            subtrees: i.subtrees.join(" "),
            levels: i.levels.clone(),
            units: i.units.join(" "),
            depth: i.depth.clone(),
            cascade_share: i.cascade_share.to_string(),
            image_ids: i.image_ids.clone(),
            templates: i.templates.clone(),
        }
    }

    /// The service's input. A share that is not a number becomes -1, which
    /// the service refuses with its own message (the form keeps the text).
    pub fn input(&self) -> CampaignInput {
        CampaignInput {
            owner: self.owner.trim().to_owned(),
            title: self.title.clone(),
            description: self.description.clone(),
            key_messages: vec![self.key_messages.clone()],
            hashtags: vec![self.hashtags.clone()],
            tag: self.tag.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            guidance: self.guidance.clone(),
            image_ids: self.image_ids.clone(),
            subtrees: vec![self.subtrees.clone()],
            levels: self.levels.clone(),
            units: vec![self.units.clone()],
            depth: self.depth.clone(),
            cascade_share: self.cascade_share.trim().parse().unwrap_or(-1),
            templates: self.templates.clone(),
        }
    }
}

/// The input each problem's field is shown at.
fn input_id(field: &str) -> String {
    match field {
        "scope" => "cp-subtrees".to_owned(),
        "templates" => "cp-template-0-title".to_owned(),
        "image_ids" => "cp-guidance".to_owned(),
        other => format!("cp-{other}"),
    }
}

fn field_errors(tr: &Tr, problems: &[Problem]) -> Vec<FieldError> {
    problems
        .iter()
        .map(|p| {
            FieldError::new(
                &input_id(p.field),
                labelled_message(tr, &format!("cp-field-{}", p.field), p.key),
            )
        })
        .collect()
}

pub struct TemplateSlot {
    pub index: usize,
    pub title: String,
    pub lead: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "campaigns/form.html")]
struct FormPage {
    ctx: PageCtx,
    csrf: String,
    heading: String,
    action: String,
    cancel_href: String,
    /// The units the person may own a campaign for: (code, name).
    owners: Vec<(String, String)>,
    form: CampaignForm,
    levels: Vec<(String, String, bool)>,
    depths: Vec<(String, String)>,
    slots: Vec<TemplateSlot>,
    errors: Vec<FieldError>,
    stale: bool,
}

impl FormPage {
    fn err(&self, field: &str) -> String {
        error_for(&self.errors, field)
    }
}

async fn form_page(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    edit_id: Option<CampaignId>,
    form: CampaignForm,
    errors: Vec<FieldError>,
    stale: bool,
) -> FormPage {
    let (heading_key, action, cancel_href) = match edit_id {
        Some(id) => (
            "cp-edit",
            format!("/campaigns/{id}/edit"),
            dashboard_href(id),
        ),
        None => (
            "cp-new",
            "/campaigns/new".to_owned(),
            "/campaigns".to_owned(),
        ),
    };
    let ctx = PageCtx::new(lang, action.clone());
    let tr = ctx.tr;
    let mut owners = Vec::new();
    for (_, m) in &who.session.memberships {
        if who.session.principal.can(Action::ManageSettings, &m.unit) {
            let name = state
                .store
                .unit(&m.unit)
                .await
                .map(|u| u.name)
                .unwrap_or_else(|_| m.unit.to_string());
            owners.push((m.unit.to_string(), name));
        }
    }
    if !form.owner.is_empty() && !owners.iter().any(|(c, _)| *c == form.owner) {
        owners.push((form.owner.clone(), form.owner.clone()));
    }
    let mut slots: Vec<TemplateSlot> = form
        .templates
        .iter()
        .enumerate()
        .map(|(index, t)| TemplateSlot {
            index,
            title: t.title.clone(),
            lead: t.lead.clone(),
            body: t.body.clone(),
        })
        .collect();
    // Always one empty template more, and at least two.
    while slots.len() < 2
        || slots
            .last()
            .is_some_and(|s| !s.title.is_empty() || !s.body.is_empty())
    {
        slots.push(TemplateSlot {
            index: slots.len(),
            title: String::new(),
            lead: String::new(),
            body: String::new(),
        });
    }
    FormPage {
        csrf: who.session.csrf_token.clone(),
        heading: tr.t(heading_key),
        levels: LEVELS
            .iter()
            .map(|l| {
                (
                    (*l).to_owned(),
                    tr.t(&format!("level-{l}")),
                    form.levels.iter().any(|x| x == l),
                )
            })
            .collect(),
        depths: DEPTHS
            .iter()
            .map(|d| ((*d).to_owned(), tr.t(&format!("cp-depth-{d}"))))
            .collect(),
        action,
        cancel_href,
        owners,
        slots,
        form,
        errors,
        stale,
        ctx,
    }
}

pub async fn new_form(State(state): State<AppState>, lang: Lang, who: SignedIn) -> PageResult {
    let owner = who
        .session
        .memberships
        .iter()
        .find(|(_, m)| who.session.principal.can(Action::ManageSettings, &m.unit))
        .map(|(_, m)| m.unit.to_string());
    let Some(owner) = owner else {
        return Err(PageError::Forbidden.in_lang(lang));
    };
    let form = CampaignForm {
        owner,
        depth: "village".into(),
        cascade_share: "50".into(),
        ..Default::default()
    };
    let page = form_page(&state, lang, &who, None, form, Vec::new(), false).await;
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let form = CampaignForm::from_pairs(&pairs);
    match state
        .campaigns
        .create(&who.session.principal, &form.input())
        .await
    {
        Ok(c) => Ok(see_other(&dashboard_href(c.id))),
        Err(e) => refused(&state, lang, &who, None, form, e).await,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<CampaignId>,
) -> PageResult {
    let view = state
        .campaigns
        .campaign(&who.session.principal, id)
        .await
        .or_page(lang)?;
    if !view.can_manage {
        return Err(PageError::Forbidden.in_lang(lang));
    }
    let input = CampaignInput::from_record(&view.campaign, &view.templates);
    let form = CampaignForm::from_input(&input, view.campaign.version);
    let page = form_page(&state, lang, &who, Some(id), form, Vec::new(), false).await;
    Ok(render_page(StatusCode::OK, &page))
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<CampaignId>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    check_csrf(Some(&field(&pairs, "csrf")), &who.session.csrf_token).or_page(lang)?;
    let form = CampaignForm::from_pairs(&pairs);
    match state
        .campaigns
        .update(&who.session.principal, id, form.version, &form.input())
        .await
    {
        Ok(_) => Ok(see_other(&dashboard_href(id))),
        Err(e) => refused(&state, lang, &who, Some(id), form, e).await,
    }
}

/// The form again, as typed, with the refusal beside the fields.
async fn refused(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    edit_id: Option<CampaignId>,
    form: CampaignForm,
    e: CampaignError,
) -> PageResult {
    let tr = Tr::new(lang);
    let (status, errors, stale) = match e {
        CampaignError::Invalid(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            field_errors(&tr, &problems),
            false,
        ),
        CampaignError::Stale(_) => (StatusCode::CONFLICT, Vec::new(), true),
        other => return Err(PageError::from(other).in_lang(lang)),
    };
    let page = form_page(state, lang, who, edit_id, form, errors, stale).await;
    Ok(render_page(status, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_repeated_fields_and_template_slots() {
        let pairs: Pairs = [
            ("owner", "51"),
            ("title", "Bali Bersih"),
            ("levels", "province"),
            ("levels", "regency"),
            ("cascade_share", "lima puluh"),
            ("template_slots", "2"),
            ("template_0_title", "{unit} bersih"),
            ("template_1_body", "isi"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let f = CampaignForm::from_pairs(&pairs);
        assert_eq!(f.levels, ["province", "regency"]);
        assert_eq!(f.templates.len(), 2);
        assert_eq!(f.templates[0].title, "{unit} bersih");
        assert_eq!(f.cascade_share, "lima puluh", "kept as typed");
        assert_eq!(f.input().cascade_share, -1, "refused by the service");
    }
}
