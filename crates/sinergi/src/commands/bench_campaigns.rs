//! `sinergi bench campaigns`: a national campaign over every unit of the
//! real region tree (~92,000 targets) with 200,000 generated adoption
//! releases, bulk-loaded; then the figures issue 8's closing note asks for:
//! the time to update every affected status after one adoption
//! (incremental), a full recompute, and the dashboard figures. See
//! `bench/campaigns/`.

use crate::rng::Rng;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use sinergi_campaigns::{CampaignInput, Campaigns, date_of};
use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::national::seed_units;
use sinergi_domain::newsroom::{DAY_MICROS, ReleaseState};
use sinergi_domain::{Level, UnitCode};
use sinergi_store::Store;
use sinergi_store::newsroom::{BulkEvent, BulkRelease, ReleaseContent, Transition};
use sinergi_web::SystemClock;

use super::bench::{finish, fresh_store, import_tree, report, tempfile_dir};
use crate::commands::now;
use crate::region_files;

pub(super) struct Options {
    pub database: String,
    pub releases: usize,
    pub adoptions: usize,
    pub keep: bool,
    pub seed: u64,
}

const HOUR: i64 = 3_600_000_000;
const CHUNK: usize = 50_000;
const TAG: &str = "gerakan-nasional-bench";

fn released(unit: &UnitCode, n: usize, at: i64) -> BulkRelease {
    use ReleaseState::*;
    let ev = |op: &'static str, from, to, t| BulkEvent {
        at: t,
        actor_id: None,
        op,
        from,
        to,
        note: String::new(),
    };
    let title = format!("Dukungan gerakan nasional {n}");
    BulkRelease {
        unit_code: unit.clone(),
        slug: format!("dukungan-gerakan-nasional-{n}"),
        language: "id".into(),
        state: Released,
        title,
        lead: "Unit kami mendukung gerakan nasional.".into(),
        body_md: "Isi rilis dukungan.".into(),
        body_html: "<p>Isi rilis dukungan.</p>".into(),
        tags: vec![TAG.to_owned()],
        public_at: Some(at),
        embargo: false,
        created_by: None,
        created_at: at - HOUR,
        updated_at: at,
        approved_by: None,
        approved_at: Some(at),
        withdrawn_at: None,
        withdrawal_note: None,
        items: vec![],
        history: vec![
            ev("create", Draft, Draft, at - HOUR),
            ev("submit", Draft, InReview, at - HOUR),
            ev("approve", InReview, Approved, at),
            ev("release", Approved, Released, at),
        ],
    }
}

pub(super) async fn run(opts: Options) -> anyhow::Result<()> {
    let (records, label) = region_files::read_bundled()?;
    let dir = tempfile_dir()?;
    let (store, schema) = fresh_store(&opts.database, &dir, 1).await?;
    let outcome = bench(&store, &opts, records, &label).await;
    finish(store, schema, &dir, opts.keep).await?;
    outcome
}

async fn bench(
    store: &Store,
    opts: &Options,
    records: Vec<sinergi_domain::region_data::RegionRecord>,
    label: &str,
) -> anyhow::Result<()> {
    let backend = store.backend().name();
    say!(
        "sinergi bench campaigns on {backend}: {} adoption releases, {} timed adoptions, seed {}",
        opts.releases,
        opts.adoptions,
        opts.seed
    );
    let started = Instant::now();
    import_tree(store, &records, label).await?;
    let mut all: Vec<UnitCode> = records.into_iter().map(|r| r.code).collect();
    all.extend(seed_units().into_iter().map(|u| u.code));
    say!(
        "units: {} imported in {:.1} s",
        all.len(),
        started.elapsed().as_secs_f64()
    );
    let campaigns = Campaigns::new(store.clone(), Arc::new(SystemClock), "http://localhost");
    let admin = Principal {
        user_id: None,
        memberships: vec![Membership {
            unit: UnitCode::parse("kemenpanrb")?,
            role: Role::Admin,
            reach: Reach::Network,
        }],
        ..Default::default()
    };
    let now = now();
    let starts = now - 120 * DAY_MICROS;
    let input = CampaignInput {
        owner: "kemenpanrb".into(),
        title: "Gerakan Nasional (benchmark)".into(),
        tag: TAG.into(),
        starts_on: date_of(starts + DAY_MICROS),
        ends_on: date_of(now + 30 * DAY_MICROS),
        levels: vec!["national".into()],
        depth: "village".into(),
        cascade_share: 50,
        ..Default::default()
    };

    // Hold back districts and villages for the timed adoptions: they start
    // "not started", so each timed adoption changes their ancestors' counts.
    let mut rng = Rng(opts.seed);
    let mut held: Vec<UnitCode> = Vec::new();
    let deep: Vec<&UnitCode> = all
        .iter()
        .filter(|c| matches!(c.level(), Level::District | Level::Village))
        .collect();
    while held.len() < opts.adoptions {
        let c = deep[rng.below(deep.len())];
        if !held.contains(c) {
            held.push(c.clone());
        }
    }
    let pool: Vec<&UnitCode> = all.iter().filter(|c| !held.contains(c)).collect();
    let t = Instant::now();
    let mut n = 0;
    while n < opts.releases {
        let size = CHUNK.min(opts.releases - n);
        let chunk: Vec<BulkRelease> = (0..size)
            .map(|i| {
                let unit = pool[rng.below(pool.len())];
                let at = starts + DAY_MICROS + rng.below((118 * 24) as usize) as i64 * HOUR;
                released(unit, n + i, at)
            })
            .collect();
        store
            .bulk_load_newsroom(&[], &chunk)
            .await
            .with_context(|| format!("loading releases from {n}"))?;
        n += size;
    }
    store.execute_admin("ANALYZE").await?;
    say!(
        "releases: {} bulk-loaded in {:.1} s",
        opts.releases,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let campaign = campaigns.create(&admin, &input).await?;
    say!(
        "campaign created (with its first recompute) in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let mut full = Vec::new();
    let mut recount = Vec::new();
    let mut figures = None;
    for _ in 0..3 {
        let t = Instant::now();
        let r = campaigns.recompute_inner(campaign.id, true).await?;
        full.push(t.elapsed());
        figures = Some(r);
        let t = Instant::now();
        campaigns.recompute_inner(campaign.id, false).await?;
        recount.push(t.elapsed());
    }
    if let Some(r) = figures {
        say!(
            "targets {}, adopted {}, cascaded {}, adoption releases {}",
            r.targets,
            r.adopted,
            r.cascaded,
            r.adoptions
        );
    }
    report("full recompute, re-reading releases", full);
    report(
        "full recompute from kept adoptions, nothing changed",
        recount,
    );
    // A real depth change: to districts (the villages leave) and back.
    let mut depth = Vec::new();
    let mut version = campaign.version;
    for d in ["district", "village"] {
        let mut changed = input.clone();
        changed.depth = d.into();
        let t = Instant::now();
        version = campaigns
            .update(&admin, campaign.id, version, &changed)
            .await?
            .version;
        depth.push(t.elapsed());
    }
    report("depth change (village -> district -> village)", depth);

    // Incremental: publish a tagged release for a unit that has not
    // started, then bring every affected status up to date.
    let _ = campaigns.catch_up().await?;
    let mut apply = Vec::new();
    let mut follow = Vec::new();
    let mut changed = 0;
    for (i, unit) in held.iter().enumerate() {
        let content = ReleaseContent {
            title: format!("Adopsi {i}"),
            slug: format!("adopsi-{i}"),
            lead: "Unit kami mengadopsi gerakan nasional.".into(),
            body_md: "Isi.".into(),
            body_html: "<p>Isi.</p>".into(),
            tags: vec![TAG.to_owned()],
            language: "id".into(),
            item_ids: vec![],
            media: vec![],
        };
        let at = sinergi_domain::clock::Clock::now(&SystemClock);
        let id = store.create_release(unit, &content, None, at).await?;
        let step = |op, from, to, public_at| Transition {
            op,
            from,
            to,
            expected_version: 1,
            public_at,
            embargo: false,
            note: String::new(),
        };
        use ReleaseState::*;
        store
            .transition_release(id, &step("submit", Draft, InReview, None), None, at)
            .await?;
        store
            .transition_release(id, &step("approve", InReview, Approved, None), None, at)
            .await?;
        store
            .transition_release(id, &step("release", Approved, Released, Some(at)), None, at)
            .await?;
        if i % 2 == 0 {
            // The incremental step alone.
            let t = Instant::now();
            changed += campaigns.apply_release(id).await?;
            apply.push(t.elapsed());
            let _ = campaigns.catch_up().await?;
        } else {
            // What the running projector does: read the feed, then apply.
            let t = Instant::now();
            changed += campaigns.catch_up().await?.status_changes;
            follow.push(t.elapsed());
        }
    }
    say!("timed adoptions changed {changed} statuses");
    report("one adoption: update unit + ancestors", apply);
    report("one adoption: projector catch-up (feed + update)", follow);

    // The incremental figures must equal a recompute's.
    let before = store.campaign_level_figures(campaign.id).await?;
    campaigns.recompute_inner(campaign.id, false).await?;
    let after = store.campaign_level_figures(campaign.id).await?;
    say!(
        "incremental figures equal a full recompute: {}",
        if before == after { "yes" } else { "NO" }
    );
    anyhow::ensure!(
        before == after,
        "incremental {before:?} != recompute {after:?}"
    );

    let mut dash = Vec::new();
    let mut tree_top = Vec::new();
    let mut tree_prov = Vec::new();
    let mut not_started = Vec::new();
    let mut adopted = Vec::new();
    let east_java = UnitCode::parse("35")?;
    for _ in 0..300 {
        let t = Instant::now();
        campaigns.dashboard(&admin, campaign.id).await?;
        dash.push(t.elapsed());
        let t = Instant::now();
        campaigns.tree(campaign.id, None).await?;
        tree_top.push(t.elapsed());
        let t = Instant::now();
        campaigns.tree(campaign.id, Some(&east_java)).await?;
        tree_prov.push(t.elapsed());
        let t = Instant::now();
        campaigns.not_started(campaign.id, None, None, 100).await?;
        not_started.push(t.elapsed());
        let t = Instant::now();
        campaigns.adopted_releases(campaign.id, None, 50).await?;
        adopted.push(t.elapsed());
    }
    report("dashboard figures (levels + daily series)", dash);
    report("tree: top of the campaign", tree_top);
    report("tree: children of East Java", tree_prov);
    report("not started, first 100", not_started);
    report("adopted releases, newest 50", adopted);
    Ok(())
}
