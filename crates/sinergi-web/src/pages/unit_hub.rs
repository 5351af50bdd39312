//! What a unit's page shows beyond its place in the tree, within the
//! reader's rights: its latest releases, its register with publication
//! status, the campaigns that target it and its status in each (internal),
//! its gap (internal), its press room and feeds, its PR contact. A province,
//! regency or national unit shows the same for its whole subtree, in
//! summary. Every read goes through the services with the reader's
//! principal, so a public reader sees only what is public.

use sinergi_domain::access::{Action, Principal};
use sinergi_domain::newsroom::DEFAULT_GAP_DAYS;
use sinergi_domain::{Level, Unit};
use sinergi_store::newsroom::{ItemQuery, ReleaseQuery};
use sinergi_store::press::PressContact;

use crate::AppState;
use crate::i18n::Tr;
use crate::newsroom::common::{BriefRow, publication_status};
use crate::pages::view::encode_component;

/// Rows shown per list; the full lists are one link away.
const SHOWN: i64 = 5;

/// An achievement or innovation with where it stands.
pub struct HubItem {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub unit_name: String,
    pub status_class: String,
    pub status_label: String,
}

/// A campaign that targets the unit, with the unit's status in it.
pub struct HubCampaign {
    pub title: String,
    pub href: String,
    pub status_class: String,
    pub status_label: String,
}

pub struct UnitHub {
    /// Whether the lists cover the unit's whole subtree.
    pub subtree: bool,
    /// Whether the reader reads the unit's internal work.
    pub internal: bool,
    pub releases: Vec<BriefRow>,
    pub releases_href: String,
    pub items: Vec<HubItem>,
    pub register_href: String,
    pub campaigns: Vec<HubCampaign>,
    /// The unit's public events, upcoming and recent.
    pub events: Vec<crate::forums::PressRoomEvent>,
    /// Unpublished achievements and innovations (internal readers only),
    /// and the gap report's address.
    pub gap_count: Option<String>,
    pub gap_href: String,
    pub press_href: String,
    pub feed_href: String,
    pub contact: PressContact,
    pub can_draft: bool,
    pub new_release_href: String,
    pub new_item_href: String,
    pub signed_in: bool,
    /// Media pickups of its releases, and mentions for its own readers.
    pub coverage: crate::monitoring::coverage::WideView,
}

impl UnitHub {
    /// A hub that was not read (a partial that does not show it).
    fn unread(
        code: &sinergi_domain::UnitCode,
        subtree: bool,
        internal: bool,
        signed_in: bool,
    ) -> UnitHub {
        UnitHub {
            subtree,
            internal,
            releases: Vec::new(),
            releases_href: String::new(),
            items: Vec::new(),
            register_href: String::new(),
            campaigns: Vec::new(),
            events: Vec::new(),
            gap_count: None,
            gap_href: String::new(),
            press_href: format!("/press/{code}"),
            feed_href: String::new(),
            contact: PressContact::default(),
            can_draft: false,
            new_release_href: String::new(),
            new_item_href: String::new(),
            signed_in,
            coverage: Default::default(),
        }
    }

    /// Nothing published or recorded yet: the page says so, and what can
    /// be done about it.
    pub fn is_empty(&self) -> bool {
        self.releases.is_empty() && self.items.is_empty()
    }
}

/// The hub of `unit` as `principal` may see it.
pub async fn unit_hub(
    state: &AppState,
    tr: &Tr,
    principal: &Principal,
    signed_in: bool,
    unit: &Unit,
    has_children: bool,
    read: bool,
) -> UnitHub {
    let code = &unit.code;
    let subtree = has_children && unit.level != Level::Village;
    let internal = principal.can(Action::ReadInternal, code);
    if !read {
        return UnitHub::unread(code, subtree, internal, signed_in);
    }
    let now = state.newsroom.now();
    let releases = state
        .newsroom
        .releases(
            principal,
            ReleaseQuery {
                unit: Some(code.clone()),
                with_subtree: subtree,
                limit: SHOWN,
                ..Default::default()
            },
        )
        .await
        .map(|p| p.items)
        .unwrap_or_default()
        .iter()
        .map(|b| BriefRow::new(tr, b, now))
        .collect();
    let items = state
        .newsroom
        .items(
            principal,
            ItemQuery {
                unit: Some(code.clone()),
                with_subtree: subtree,
                limit: SHOWN,
                ..Default::default()
            },
        )
        .await
        .map(|p| p.items)
        .unwrap_or_default()
        .iter()
        .map(|i| {
            let (status_class, status_label) = publication_status(tr, i, now);
            HubItem {
                href: format!("/items/{}", i.id),
                title: i.title.clone(),
                kind: tr.t(&format!("nr-kind-{}", i.kind.as_str())),
                unit_name: i.unit_name.clone(),
                status_class,
                status_label,
            }
        })
        .collect();
    let campaigns = if internal {
        campaigns_targeting(state, tr, unit).await
    } else {
        Vec::new()
    };
    let gap_href = format!(
        "/gap?unit={}{}",
        encode_component(code.as_str()),
        if subtree { "&subtree=1" } else { "" }
    );
    let gap_count = if internal {
        state
            .newsroom
            .gap_report(
                principal,
                Some(code.clone()),
                subtree,
                DEFAULT_GAP_DAYS,
                None,
            )
            .await
            .ok()
            .map(|(counts, _)| tr.num(counts.total))
    } else {
        None
    };
    let contact = state
        .newsroom
        .contact(code)
        .await
        .ok()
        .flatten()
        .map(|c| c.contact)
        .unwrap_or_default();
    let feed_kind = if subtree { "subtree" } else { "unit" };
    UnitHub {
        subtree,
        internal,
        releases,
        releases_href: if internal {
            format!("/units/{code}/releases")
        } else {
            format!(
                "/press/{code}{}",
                if subtree { "?scope=subtree" } else { "" }
            )
        },
        items,
        register_href: format!("/units/{code}/register"),
        campaigns,
        events: crate::forums::public_events_of(state, tr, code, 5).await,
        gap_count,
        gap_href,
        press_href: format!("/press/{code}"),
        feed_href: format!("/feeds/{feed_kind}/{code}.rss"),
        contact,
        can_draft: principal.can(Action::Draft, code),
        new_release_href: format!("/releases/new?unit={}", encode_component(code.as_str())),
        new_item_href: format!("/items/new?unit={}", encode_component(code.as_str())),
        signed_in,
        coverage: crate::monitoring::coverage::unit_view(state, tr, principal, code, subtree).await,
    }
}

/// The campaigns that target `unit` (running or not), with its status.
async fn campaigns_targeting(state: &AppState, tr: &Tr, unit: &Unit) -> Vec<HubCampaign> {
    let Ok(all) = state.campaigns.list(None).await else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in all {
        let Ok(Some(target)) = state.campaigns.unit_status(s.campaign.id, &unit.code).await else {
            continue;
        };
        let status = target.status.as_str();
        let status_class = match target.status {
            sinergi_domain::campaign::Status::NotStarted => "not-started",
            sinergi_domain::campaign::Status::Adopted => "published",
            sinergi_domain::campaign::Status::Cascaded => "done",
        };
        out.push(HubCampaign {
            title: s.campaign.title.clone(),
            href: crate::campaigns::common::public_href(&s.campaign),
            status_class: status_class.to_owned(),
            status_label: tr.t(&format!("cp-status-{status}")),
        });
    }
    out
}
