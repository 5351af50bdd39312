//! The campaigns service end to end on a real database (SQLite, or
//! PostgreSQL with SINERGI_TEST_DATABASE_URL): releases are published
//! through the newsroom service, statuses come from the projector.

use std::sync::Arc;

use sinergi_campaigns::{CampaignError, CampaignInput, Campaigns, Status, TemplateInput, date_of};
use sinergi_domain::access::{Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::{DAY_MICROS, ReleaseOp, Timing};
use sinergi_domain::{ReleaseId, UnitCode};
use sinergi_newsroom::Newsroom;
use sinergi_testkit::fixtures::{SITE, newsroom, release, staff};
use sinergi_testkit::{TEST_NOW, TestDb};

const SECOND: i64 = 1_000_000;

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

struct World {
    db: TestDb,
    _files: tempfile::TempDir,
    clock: Arc<FixedClock>,
    newsroom: Newsroom,
    campaigns: Campaigns,
    /// Network admin at KemenPANRB: publishes for any unit.
    network: Principal,
    bali_admin: Principal,
    bali_editor: Principal,
    denpasar_editor: Principal,
    surabaya_admin: Principal,
}

async fn world() -> World {
    let db = TestDb::with_network(&["51.71", "51.03", "35.78"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let people = staff(
        &db.store,
        &[
            (
                "hkip@menpan.example.go.id",
                "kemenpanrb",
                Role::Admin,
                Reach::Network,
            ),
            (
                "admin@baliprov.example.go.id",
                "51",
                Role::Admin,
                Reach::Subtree,
            ),
            (
                "editor@baliprov.example.go.id",
                "51",
                Role::Editor,
                Reach::Unit,
            ),
            (
                "editor@denpasarkota.example.go.id",
                "51.71",
                Role::Editor,
                Reach::Unit,
            ),
            (
                "admin@surabaya.example.go.id",
                "35.78",
                Role::Admin,
                Reach::Subtree,
            ),
        ],
    )
    .await;
    let (newsroom, files) = newsroom(&db.store, &clock);
    let campaigns = Campaigns::new(db.store.clone(), clock.clone(), SITE);
    let mut p = people.into_iter();
    World {
        db,
        _files: files,
        clock,
        newsroom,
        campaigns,
        network: p.next().unwrap(),
        bali_admin: p.next().unwrap(),
        bali_editor: p.next().unwrap(),
        denpasar_editor: p.next().unwrap(),
        surabaya_admin: p.next().unwrap(),
    }
}

/// Bali's campaign over its own subtree, down to `depth`.
fn bali_campaign(depth: &str) -> CampaignInput {
    CampaignInput {
        owner: "51".into(),
        title: "Bali Melayani".into(),
        description: "Kampanye pelayanan publik.".into(),
        key_messages: vec!["Melayani dengan hati.".into()],
        hashtags: vec!["#BaliMelayani".into()],
        tag: "".into(),
        starts_on: date_of(TEST_NOW - 10 * DAY_MICROS),
        ends_on: date_of(TEST_NOW + 30 * DAY_MICROS),
        subtrees: vec!["51".into()],
        depth: depth.into(),
        cascade_share: 50,
        templates: vec![TemplateInput {
            title: "{unit} mendukung {campaign}".into(),
            lead: "Dari {region}.".into(),
            body: "Provinsi {province}. {hashtags} {unknown}".into(),
        }],
        ..Default::default()
    }
}

impl World {
    /// Publishes a release of `unit` tagged `tags`, with `timing`.
    async fn publish(&self, unit: &str, tags: &str, timing: Timing) -> ReleaseId {
        release(unit, &format!("Rilis {unit} {tags}"))
            .lead("Lead.")
            .body("Isi.")
            .tags(tags)
            .released(&self.newsroom, &self.network, timing)
            .await
    }

    async fn status(&self, id: i64, unit: &str) -> Option<Status> {
        self.campaigns
            .unit_status(id, &code(unit))
            .await
            .unwrap()
            .map(|r| r.status)
    }
}

fn problems(e: CampaignError) -> Vec<(&'static str, &'static str)> {
    match e {
        CampaignError::Invalid(p) => p.iter().map(|p| (p.field, p.key)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn only_the_owners_admins_change_a_campaign_and_only_within_its_subtree() {
    let w = world().await;
    let c = &w.campaigns;
    assert!(matches!(
        c.create(&w.bali_editor, &bali_campaign("district")).await,
        Err(CampaignError::NotAllowed)
    ));
    assert!(matches!(
        c.create(&w.surabaya_admin, &bali_campaign("district"))
            .await,
        Err(CampaignError::NotAllowed)
    ));
    let mut outside = bali_campaign("district");
    outside.units = vec!["35.78".into()];
    assert_eq!(
        problems(c.create(&w.bali_admin, &outside).await.unwrap_err()),
        [("units", "campaign-target-outside-owner")]
    );
    let mut bad = bali_campaign("kecamatan");
    bad.starts_on = "2026-13-01".into();
    bad.cascade_share = 120;
    let found = problems(c.create(&w.bali_admin, &bad).await.unwrap_err());
    assert!(
        found.contains(&("starts_on", "campaign-date-invalid")),
        "{found:?}"
    );
    assert!(
        found.contains(&("depth", "campaign-depth-invalid")),
        "{found:?}"
    );
    assert!(
        found.contains(&("cascade_share", "campaign-share-invalid")),
        "{found:?}"
    );

    let created = c
        .create(&w.bali_admin, &bali_campaign("district"))
        .await
        .unwrap();
    assert_eq!(created.tag, "bali-melayani");
    // Targets: Bali and every regency and district of the loaded subtree.
    let expected =
        w.db.store
            .units_in_subtree(&code("51"))
            .await
            .unwrap()
            .iter()
            .filter(|(u, _)| u.level() <= sinergi_domain::Level::District)
            .count() as i64;
    let d = c.dashboard(&w.bali_admin, created.id).await.unwrap();
    assert!(d.can_manage);
    assert_eq!(d.totals.targets, expected);
    assert_eq!(d.totals.adopted, 0);

    assert!(matches!(
        c.update(&w.surabaya_admin, created.id, 1, &bali_campaign("regency"))
            .await,
        Err(CampaignError::NotAllowed)
    ));
    assert!(matches!(
        c.add_target(&w.surabaya_admin, created.id, "51.71").await,
        Err(CampaignError::NotAllowed)
    ));
    assert_eq!(
        problems(
            c.add_target(&w.bali_admin, created.id, "35.78")
                .await
                .unwrap_err()
        ),
        [("unit", "campaign-target-outside-owner")]
    );
    let village =
        w.db.store
            .units_in_subtree(&code("51.71"))
            .await
            .unwrap()
            .into_iter()
            .find(|(u, _)| u.level() == sinergi_domain::Level::Village)
            .unwrap()
            .0;
    assert_eq!(
        problems(
            c.add_target(&w.bali_admin, created.id, village.as_str())
                .await
                .unwrap_err()
        ),
        [("unit", "campaign-target-beyond-depth")]
    );
    // A stale version is refused; a second campaign cannot take the tag.
    assert!(matches!(
        c.update(&w.bali_admin, created.id, 7, &bali_campaign("regency"))
            .await,
        Err(CampaignError::Stale(_))
    ));
    assert_eq!(
        problems(
            c.create(&w.bali_admin, &bali_campaign("regency"))
                .await
                .unwrap_err()
        ),
        [("tag", "campaign-tag-taken")]
    );
    // A status cannot be set by hand: there is no such operation, and a
    // unit whose releases do not carry the tag stays not started.
    w.publish("51.71", "pelayanan-publik", Timing::Now).await;
    c.catch_up().await.unwrap();
    assert_eq!(
        w.status(created.id, "51.71").await,
        Some(Status::NotStarted)
    );
}

#[tokio::test]
async fn an_embargoed_adoption_counts_from_its_second_and_not_before() {
    let w = world().await;
    let c = &w.campaigns;
    let campaign = c
        .create(&w.bali_admin, &bali_campaign("district"))
        .await
        .unwrap();
    c.catch_up().await.unwrap();
    let until = TEST_NOW + 3600 * SECOND;
    let release = w
        .publish("51.71", "Bali Melayani, lain", Timing::Embargo { until })
        .await;
    w.clock.set(until - SECOND);
    c.catch_up().await.unwrap();
    assert_eq!(
        w.status(campaign.id, "51.71").await,
        Some(Status::NotStarted)
    );
    assert!(
        c.adopted_releases(campaign.id, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let bali = c
        .unit_status(campaign.id, &code("51"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bali.counters.adopted_below, 0);

    w.clock.set(until);
    let done = c.catch_up().await.unwrap();
    assert_eq!(done.status_changes, 1);
    let denpasar = c
        .unit_status(campaign.id, &code("51.71"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(denpasar.status, Status::Adopted);
    assert_eq!(denpasar.adopted_at, Some(until));
    assert_eq!(denpasar.first_release_id, Some(release));
    let bali = c
        .unit_status(campaign.id, &code("51"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bali.counters.adopted_below, 1);
    assert_eq!(
        bali.status,
        Status::NotStarted,
        "Bali itself has not adopted"
    );
    let listed = c.adopted_releases(campaign.id, None, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].release_id, release);
    let public = c.public_campaign("bali-melayani", None, 10).await.unwrap();
    assert_eq!(public.releases.len(), 1);
    assert_eq!(public.totals.adopted, 1);
    // Denpasar no longer needs to do anything; Bali still does.
    assert!(
        c.needs_doing(&w.denpasar_editor, &code("51.71"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        c.needs_doing(&w.bali_editor, &code("51"))
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn cascaded_needs_the_share_of_targeted_sub_units() {
    let w = world().await;
    let c = &w.campaigns;
    // Bali, Denpasar and Badung: two targeted sub-units; 50 % is one.
    let campaign = c
        .create(&w.bali_admin, &bali_campaign("regency"))
        .await
        .unwrap();
    w.publish("51", "bali-melayani", Timing::Now).await;
    c.catch_up().await.unwrap();
    assert_eq!(w.status(campaign.id, "51").await, Some(Status::Adopted));
    w.publish("51.03", "bali-melayani", Timing::Now).await;
    c.catch_up().await.unwrap();
    assert_eq!(w.status(campaign.id, "51").await, Some(Status::Cascaded));
    assert_eq!(w.status(campaign.id, "51.03").await, Some(Status::Adopted));
    assert_eq!(
        w.status(campaign.id, "51.71").await,
        Some(Status::NotStarted)
    );
    let d = c.dashboard(&w.bali_admin, campaign.id).await.unwrap();
    let province = d
        .levels
        .iter()
        .find(|l| l.level == sinergi_domain::Level::Province)
        .unwrap();
    assert_eq!(
        (province.targets, province.adopted, province.cascaded),
        (1, 1, 1)
    );
    assert_eq!(d.totals.adopted, 2);
    assert_eq!(d.daily.last().unwrap().cumulative, 2);
    let tree = c.tree(campaign.id, None).await.unwrap();
    assert_eq!(tree.children.len(), 1);
    assert_eq!(tree.children[0].unit_code, code("51"));
    let below = c.tree(campaign.id, Some(&code("51"))).await.unwrap();
    assert_eq!(below.children.len(), 2);
    let waiting = c.not_started(campaign.id, None, None, 10).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].unit_code, code("51.71"));
    assert_eq!(waiting[0].supervisor_code.as_deref(), Some("51"));
}

#[tokio::test]
async fn changing_scope_or_depth_recomputes_without_losing_history() {
    let w = world().await;
    let c = &w.campaigns;
    let campaign = c
        .create(&w.bali_admin, &bali_campaign("district"))
        .await
        .unwrap();
    w.publish("51.71", "bali-melayani", Timing::Now).await;
    c.catch_up().await.unwrap();
    assert_eq!(w.status(campaign.id, "51.71").await, Some(Status::Adopted));

    // Province only: Denpasar is no longer a target.
    let v = c
        .update(
            &w.bali_admin,
            campaign.id,
            campaign.version,
            &bali_campaign("province"),
        )
        .await
        .unwrap();
    assert_eq!(w.status(campaign.id, "51.71").await, None);
    let d = c.dashboard(&w.bali_admin, campaign.id).await.unwrap();
    assert_eq!((d.totals.targets, d.totals.adopted), (1, 0));
    // Back to districts: the adoption is still there, at its own time.
    c.update(
        &w.bali_admin,
        campaign.id,
        v.version,
        &bali_campaign("district"),
    )
    .await
    .unwrap();
    let denpasar = c
        .unit_status(campaign.id, &code("51.71"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(denpasar.status, Status::Adopted);
    assert_eq!(denpasar.adopted_at, Some(TEST_NOW));
    let history = c.history(campaign.id, Some(&code("51.71"))).await.unwrap();
    let ops: Vec<&str> = history.iter().map(|h| h.1.as_str()).collect();
    assert_eq!(ops.first(), Some(&"adopted"), "{ops:?}");
    assert!(
        c.history(campaign.id, None)
            .await
            .unwrap()
            .iter()
            .filter(|h| h.1 == "recomputed")
            .count()
            >= 3
    );

    // Withdrawing the release takes the adoption back; the incremental
    // figures equal a recompute's.
    let release = c.adopted_releases(campaign.id, None, 1).await.unwrap()[0].release_id;
    w.newsroom
        .move_release(&w.network, release, 1, ReleaseOp::Withdraw, "salah kirim")
        .await
        .unwrap();
    c.catch_up().await.unwrap();
    assert_eq!(
        w.status(campaign.id, "51.71").await,
        Some(Status::NotStarted)
    );
    let incremental =
        w.db.store
            .campaign_level_figures(campaign.id)
            .await
            .unwrap();
    c.recompute(&w.bali_admin, campaign.id).await.unwrap();
    assert_eq!(
        incremental,
        w.db.store
            .campaign_level_figures(campaign.id)
            .await
            .unwrap()
    );
    let ops: Vec<String> = c
        .history(campaign.id, Some(&code("51.71")))
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.1)
        .collect();
    assert_eq!(ops.last().map(String::as_str), Some("unadopted"), "{ops:?}");
}

#[tokio::test]
async fn reminders_go_once_a_week_and_stop_after_adoption() {
    let w = world().await;
    let c = &w.campaigns;
    let campaign = c
        .create(&w.bali_admin, &bali_campaign("regency"))
        .await
        .unwrap();
    // Denpasar's editor (own unit) and Bali's editors (own unit, and in
    // copy for Denpasar and Badung).
    let first = c.send_reminders().await.unwrap();
    assert_eq!(first.enqueued, 3, "{first:?}");
    let again = c.send_reminders().await.unwrap();
    assert_eq!(again.enqueued, 0);
    let outbox = w.db.store.outbox_entries(50).await.unwrap();
    let to_denpasar: Vec<_> = outbox
        .iter()
        .filter(|e| e.recipient == "editor@denpasarkota.example.go.id")
        .collect();
    assert_eq!(to_denpasar.len(), 1);
    assert!(
        to_denpasar[0].body_text.contains("Kota Denpasar"),
        "{}",
        to_denpasar[0].body_text
    );
    let to_bali = outbox
        .iter()
        .find(|e| e.recipient == "editor@baliprov.example.go.id")
        .unwrap();
    assert!(
        to_bali.body_text.contains("tembusan"),
        "{}",
        to_bali.body_text
    );

    w.publish("51.71", "bali-melayani", Timing::Now).await;
    c.catch_up().await.unwrap();
    w.clock.advance(7 * DAY_MICROS);
    let next_week = c.send_reminders().await.unwrap();
    let outbox = w.db.store.outbox_entries(50).await.unwrap();
    assert_eq!(
        outbox
            .iter()
            .filter(|e| e.recipient == "editor@denpasarkota.example.go.id")
            .count(),
        1,
        "no reminder after adopting"
    );
    assert_eq!(next_week.enqueued, 2, "Bali's admin and editor still");
    // After the campaign ends, nobody.
    w.clock.set(campaign.ends_at + SECOND);
    assert_eq!(c.send_reminders().await.unwrap().enqueued, 0);
}

#[tokio::test]
async fn a_kit_template_is_filled_for_the_unit() {
    let w = world().await;
    let c = &w.campaigns;
    let campaign = c
        .create(&w.bali_admin, &bali_campaign("district"))
        .await
        .unwrap();
    let view = c.campaign(&Principal::public(), campaign.id).await.unwrap();
    assert!(!view.can_manage);
    let template = view.templates[0].id;
    let r = c
        .render_template(&w.denpasar_editor, campaign.id, template, &code("51.71"))
        .await
        .unwrap();
    assert_eq!(r.title, "Kota Denpasar mendukung Bali Melayani");
    assert_eq!(r.lead, "Dari Kota Denpasar, Bali.");
    assert_eq!(r.body, "Provinsi Bali. #BaliMelayani {unknown}");
    assert_eq!(r.tags, "bali-melayani");
    assert!(matches!(
        c.render_template(&w.denpasar_editor, campaign.id, template, &code("51.03"))
            .await,
        Err(CampaignError::NotAllowed)
    ));
}

#[tokio::test]
async fn the_list_carries_every_campaigns_totals_and_scope() {
    let w = world().await;
    let c = &w.campaigns;
    let bali = c
        .create(&w.bali_admin, &bali_campaign("regency"))
        .await
        .unwrap();
    let mut surabaya_input = bali_campaign("regency");
    surabaya_input.owner = "35.78".into();
    surabaya_input.title = "Surabaya Melayani".into();
    surabaya_input.subtrees = vec!["35.78".into()];
    let surabaya = c.create(&w.surabaya_admin, &surabaya_input).await.unwrap();
    w.publish("51.71", "bali-melayani", Timing::Now).await;
    c.catch_up().await.unwrap();
    let list = c.list(None).await.unwrap();
    assert_eq!(list.len(), 2);
    for s in &list {
        // The same figures the dashboard reads, campaign by campaign.
        let d = c.dashboard(&w.network, s.campaign.id).await.unwrap();
        assert_eq!(s.totals, d.totals, "{}", s.campaign.title);
        assert_eq!(s.campaign.scope, d.campaign.scope, "scopes come along");
    }
    let of_bali = list.iter().find(|s| s.campaign.id == bali.id).unwrap();
    assert_eq!((of_bali.totals.targets, of_bali.totals.adopted), (3, 1));
    assert_eq!(of_bali.campaign.scope.subtrees, vec![code("51")]);
    // Narrowed to an owner's subtree.
    let only = c.list(Some(&code("35"))).await.unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].campaign.id, surabaya.id);
    assert_eq!(only[0].campaign.scope.subtrees, vec![code("35.78")]);
}

#[tokio::test]
async fn reminding_now_is_the_owners_and_skips_units_reminded_lately() {
    let w = world().await;
    let c = &w.campaigns;
    let campaign = c
        .create(&w.bali_admin, &bali_campaign("regency"))
        .await
        .unwrap();
    let only_denpasar = sinergi_campaigns::NotStartedFilter {
        within: Some(code("51.71")),
        ..Default::default()
    };
    assert!(matches!(
        c.remind_now(&w.bali_editor, campaign.id, &only_denpasar)
            .await,
        Err(CampaignError::NotAllowed)
    ));
    // Denpasar's editor for their own unit, Bali's admin and editor in copy.
    let first = c
        .remind_now(&w.bali_admin, campaign.id, &only_denpasar)
        .await
        .unwrap();
    assert_eq!(
        (first.selected, first.reminded, first.recent, first.enqueued),
        (1, 1, 0, 3),
        "{first:?}"
    );
    let outbox = w.db.store.outbox_entries(50).await.unwrap();
    let to_denpasar = outbox
        .iter()
        .find(|e| e.recipient == "editor@denpasarkota.example.go.id")
        .unwrap();
    assert!(to_denpasar.body_text.contains("Kota Denpasar"));
    assert!(
        !to_denpasar.body_text.contains("Kabupaten Badung"),
        "only the filtered units"
    );
    // The rest of Bali now: Denpasar was reminded a moment ago.
    w.clock.advance(SECOND);
    let rest = c
        .remind_now(&w.bali_admin, campaign.id, &Default::default())
        .await
        .unwrap();
    assert_eq!(
        (rest.selected, rest.recent, rest.reminded),
        (3, 1, 2),
        "{rest:?}"
    );
    // The weekly digest is unaffected.
    assert_eq!(c.send_reminders().await.unwrap().enqueued, 3);
}
