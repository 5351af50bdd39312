//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use utoipa::OpenApi;

use super::account::{AuditEntryDto, MeDto, MemberDto, MembershipDto};
use super::dto::{UnitDetail, UnitDto, UnitPage, UnitRef, UnitStats};
use super::extract::Json;
use super::problem::Problem;
use super::search::{FacetCountDto, SearchFacetsDto, SearchHitDto, SearchPageDto};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sinergi API",
        description = "The network of government PR units (Humas) of Indonesia and their work.",
        license(name = "Apache-2.0")
    ),
    paths(super::units::list, super::units::show, super::units::stats, super::account::me, super::account::members, super::account::audit, super::search::search,
        super::newsroom::list_releases, super::newsroom::create_release, super::newsroom::show_release, super::newsroom::save_release, super::newsroom::move_release, super::newsroom::comment, super::newsroom::amplify, super::newsroom::compare,
        super::newsroom::list_items, super::newsroom::create_item, super::newsroom::show_item, super::newsroom::save_item, super::newsroom::replicate, super::newsroom::gap, super::newsroom::workspace, super::newsroom::categories, super::newsroom::add_category,
        super::press::show_contact, super::press::save_contact,
        super::campaigns::list, super::campaigns::create, super::campaigns::show, super::campaigns::update, super::campaigns::add_target, super::campaigns::remove_target, super::campaigns::status, super::campaigns::dashboard, super::campaigns::tree, super::campaigns::not_started, super::campaigns::releases, super::campaigns::render_template,
        super::kinerja::unit_figures, super::kinerja::weights, super::kinerja::set_weights,
        super::forums::list, super::forums::create, super::forums::show, super::forums::update, super::forums::cancel, super::forums::attendance, super::forums::add_commitment, super::forums::close_commitment, super::forums::series_list, super::forums::create_series, super::forums::series, super::forum_programme::register, super::forum_programme::unregister, super::forum_programme::registrations, super::forum_programme::speakers, super::forum_programme::record, super::forum_programme::add_material, super::forum_programme::remove_material,
        super::contacts::list_contacts, super::contacts::get_contact, super::contacts::create_contact, super::contacts::merge_contact,
        super::subscriptions::list_subscriptions, super::subscriptions::end_subscription, super::subscriptions::create_subscription,
        super::pitches::list_pitches, super::pitches::create_pitch, super::pitches::get_pitch, super::pitches::send_pitch,
        super::monitoring::sources, super::monitoring::articles, super::monitoring::matches, super::monitoring::show_match, super::monitoring::decide, super::monitoring::decisions),
    modifiers(&BearerAuth),
    components(schemas(UnitDto, UnitRef, UnitDetail, UnitPage, UnitStats, Problem, MeDto, MembershipDto, MemberDto, AuditEntryDto, SearchPageDto, SearchHitDto, SearchFacetsDto, FacetCountDto,
        super::problem::FieldProblem, super::newsroom::ReleaseBriefDto, super::newsroom::ReleasePageDto, super::newsroom::ReleaseDto, super::newsroom::ReleaseBody, super::newsroom::Saved, super::newsroom::MoveBody, super::newsroom::MovedDto, super::newsroom::CommentBody, super::newsroom::AmplifyBody, super::newsroom::FieldDiffDto,
        super::newsroom::ItemDto, super::newsroom::ItemPageDto, super::newsroom::ItemBody, super::newsroom::ReplicationBody, super::newsroom::GapDto, super::newsroom::GapChildDto, super::newsroom::GapItemDto, super::newsroom::WorkDto, super::newsroom::CategoryDto, super::newsroom::CategoryBody,
        super::press::ContactDto, super::press::ContactBody,
        super::campaigns::CampaignBody, super::campaigns::TemplateDto, super::campaigns::CampaignDto, super::campaigns::FiguresDto, super::campaigns::CampaignSaved, super::campaigns::TargetBody, super::campaigns::TargetDto, super::campaigns::DayDto, super::campaigns::DashboardDto, super::campaigns::TreeDto, super::campaigns::NotStartedDto, super::campaigns::AdoptedReleaseDto, super::campaigns::RenderedDto,
        super::kinerja::KinerjaDto, super::kinerja::IndicatorDto, super::kinerja::WeightsDto, super::kinerja::WeightsChangeDto, super::kinerja::WeightsStateDto, super::kinerja::WeightsBody,
        super::forums::EventDto, super::forums::EventBody, super::forums::EventSaved, super::forums::CommitmentDto, super::forums::EventDetailDto, super::forums::AttendanceBody, super::forums::AttendanceSaved, super::forums::CommitmentBody, super::forums::CloseBody, super::forums::CommitmentSaved, super::forums::SeriesDto, super::forums::SeriesBody, super::forums::TallyDto, super::forums::SeriesDetailDto, super::forum_programme::RegistrationDto, super::forum_programme::RegistrantDto, super::forum_programme::SpeakerDto, super::forum_programme::SpeakersBody, super::forum_programme::RecordBody, super::forum_programme::MaterialDto,
        super::contacts::ContactEntryDto, super::contacts::ContactEntryPageDto, super::contacts::ContactEntryBody, super::contacts::ContactEntrySaved, super::contacts::ContactMergeBody,
        super::subscriptions::SubscriptionDto, super::subscriptions::SubscriptionBody, super::subscriptions::SubscriptionSaved,
        super::pitches::PitchDto, super::pitches::PitchPreviewDto, super::pitches::PitchDetailDto, super::pitches::PitchBody, super::pitches::PitchSaved, super::pitches::PitchSendBody, super::pitches::PitchSentDto,
        super::monitoring::MediaSourceDto, super::monitoring::MediaArticleDto, super::monitoring::PassageDto, super::monitoring::MediaMatchDto, super::monitoring::MediaMatchDetailDto, super::monitoring::MediaArticlePageDto, super::monitoring::MediaMatchPageDto, super::monitoring::DecisionBody, super::monitoring::ThresholdRowDto, super::monitoring::DecisionsDto)),
    tags(
        (name = "units", description = "The network of units: ministries, provinces, regencies and cities, districts, villages"),
        (name = "accounts", description = "For programs acting with an API token: who, members, the audit log"),
        (name = "newsroom", description = "Achievements, innovations and releases: the editorial workflow, embargo, corrections, amplification and the publication gap"),
        (name = "press", description = "A unit's press room: the contact details of its PR office"),
        (name = "campaigns", description = "Campaigns that cascade down the levels: targets, adoption status, dashboard figures, the drill-down tree, units not started and adopted releases"),
        (name = "forums", description = "Forums, workshops and briefings in series: attendance, follow-up commitments whose fulfilment is derived from the events and cascades down the levels"),
        (name = "kinerja", description = "Performance per unit and subtree: indicators with their AMEC stage and Indeks PIKP dimension, the 0-100 index, grade, ranks and the leap"),
        (name = "contacts", description = "The contact base: journalists and other stakeholders, with consent; every read is audited"),
        (name = "search", description = "Full-text search across units and their work, with facets; scope and embargo apply"),
        (name = "monitoring", description = "Media monitoring: sources and their health, articles, matches with their shared passages, officers' decisions and what they say about the credit threshold")
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme the account endpoints use.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token (snrg_…) from the account page"))
                    .build(),
            ),
        );
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
