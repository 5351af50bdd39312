//! `sinergi bench forums`: a national workshop series over the real region
//! tree, recorded through the forums service as people would: a national
//! kick-off for the 38 provinces, where each province commits to hold it
//! for its regencies and cities; 38 province events, where each regency
//! commits to hold it for its districts; 514 regency events. About nine in
//! ten of those invited attend. Then it times what issue 20 asks: the
//! series page (the province map and the tree in it) rendered by the real
//! router, server time and weight on the wire (HTML and CSS, brotli), and
//! how long a fulfilment figure takes to reflect one attendance record
//! (one insert, then the series derived again: nothing is stored). See
//! `bench/forums/`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, header};
use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::{Level, UnitCode};
use sinergi_forums::{CommitmentInput, EventInput, Forums, SeriesInput};
use sinergi_store::{Store, UnitQuery};
use sinergi_web::AppState;
use tower::ServiceExt;

use super::bench::{finish, fresh_store, import_tree, report, tempfile_dir};
use crate::region_files;

pub(super) struct Options {
    pub database: String,
    /// Requests (and attendance records) timed.
    pub runs: usize,
    pub keep: bool,
}

/// The series is recorded as of 1 December 2026 (UTC).
const NOW: i64 = 1_796_083_200_000_000;

pub(super) async fn run(opts: Options) -> anyhow::Result<()> {
    let (records, label) = region_files::read_bundled()?;
    let dir = tempfile_dir()?;
    let (store, schema) = fresh_store(&opts.database, &dir, 1).await?;
    import_tree(&store, &records, &label).await?;
    let outcome = bench(&store, &opts).await;
    finish(store, schema, &dir, opts.keep).await?;
    outcome
}

async fn children(store: &Store, unit: &UnitCode) -> anyhow::Result<Vec<UnitCode>> {
    Ok(store
        .list_units(&UnitQuery {
            parent: Some(unit.clone()),
            limit: 1_000,
            ..Default::default()
        })
        .await?
        .items
        .into_iter()
        .map(|(u, _)| u.code)
        .collect())
}

/// All but every tenth: who came.
fn most(units: &[UnitCode], salt: usize) -> Vec<UnitCode> {
    units
        .iter()
        .enumerate()
        .filter(|(i, _)| (i + salt) % 10 != 9)
        .map(|(_, u)| u.clone())
        .collect()
}

fn workshop(organiser: &UnitCode, series: &str, title: String, starts: &str) -> EventInput {
    EventInput {
        organiser: organiser.to_string(),
        series: series.to_owned(),
        kind: "workshop".into(),
        title,
        starts: starts.to_owned(),
        ends: starts.replace("T09:00", "T15:00"),
        venue: if organiser.level() == Level::National {
            "31".into()
        } else {
            organiser.to_string()
        },
        agenda: "1. Pembukaan\n2. Sinergi kampanye\n3. Rencana tindak lanjut".into(),
        visibility: "public".into(),
        invite_children: true,
        ..Default::default()
    }
}

fn replicate(unit: &UnitCode) -> CommitmentInput {
    CommitmentInput {
        unit: unit.to_string(),
        kind: "replicate".into(),
        what: "Menyelenggarakan workshop yang sama bagi unit di bawahnya".into(),
        for_children: true,
        due_on: "2026-12-31".into(),
        ..Default::default()
    }
}

async fn bench(store: &Store, opts: &Options) -> anyhow::Result<()> {
    let backend = store.backend().name();
    say!(
        "sinergi bench forums on {backend}: {} timed runs",
        opts.runs
    );
    let clock = Arc::new(FixedClock::at(NOW));
    let forums = Forums::new(store.clone(), clock.clone(), "http://localhost");
    let admin = Principal {
        user_id: None,
        memberships: vec![Membership {
            unit: UnitCode::parse("kemenpanrb")?,
            role: Role::Admin,
            reach: Reach::Network,
        }],
        ..Default::default()
    };
    let started = Instant::now();
    let series = forums
        .create_series(
            &admin,
            &SeriesInput {
                owner: "kemenpanrb.hkip".into(),
                title: "Workshop Sinergi Kampanye (benchmark)".into(),
                description: "Seri nasional untuk benchmark.".into(),
            },
        )
        .await?;
    let s = series.id.to_string();
    let national = UnitCode::parse("kemenpanrb.hkip")?;
    let provinces: Vec<UnitCode> = store
        .list_units(&UnitQuery {
            level: Some(Level::Province),
            limit: 100,
            ..Default::default()
        })
        .await?
        .items
        .into_iter()
        .map(|(u, _)| u.code)
        .collect();
    // The kick-off: every province invited and present, each commits.
    let mut kickoff = workshop(
        &national,
        &s,
        "Workshop nasional".into(),
        "2026-03-12T09:00",
    );
    kickoff.invite_children = false;
    kickoff.invited = vec![
        provinces
            .iter()
            .map(UnitCode::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    ];
    let k = forums.create(&admin, &kickoff).await?;
    forums.take_attendance(&admin, k.id, &provinces).await?;
    for p in &provinces {
        forums
            .record_commitment(&admin, k.id, &replicate(p))
            .await?;
    }
    // Each province's workshop for its regencies, where they commit.
    let mut regencies: Vec<UnitCode> = Vec::new();
    for (i, p) in provinces.iter().enumerate() {
        let e = forums
            .create(
                &admin,
                &workshop(p, &s, format!("Workshop provinsi {p}"), "2026-05-20T09:00"),
            )
            .await?;
        let below = children(store, p).await?;
        forums
            .take_attendance(&admin, e.id, &most(&below, i))
            .await?;
        for r in &below {
            forums
                .record_commitment(&admin, e.id, &replicate(r))
                .await?;
        }
        regencies.extend(below);
    }
    // Each regency's workshop for its districts.
    let mut regency_events = Vec::new();
    for (i, r) in regencies.iter().enumerate() {
        let e = forums
            .create(
                &admin,
                &workshop(r, &s, format!("Workshop {r}"), "2026-08-20T09:00"),
            )
            .await?;
        let below = children(store, r).await?;
        let came = most(&below, i);
        forums.take_attendance(&admin, e.id, &came).await?;
        let absent: Vec<UnitCode> = below.into_iter().filter(|d| !came.contains(d)).collect();
        regency_events.push((e.id, absent));
    }
    say!(
        "series recorded in {:.1} s: 1 national, {} province and {} regency events",
        started.elapsed().as_secs_f64(),
        provinces.len(),
        regencies.len()
    );
    let public = Principal::public();
    let view = forums.series(&public, series.id).await?;
    say!(
        "commitments {}, fulfilled {}, reached {} of {}",
        view.totals.commitments,
        view.totals.fulfilled,
        view.totals.reached,
        view.totals.total
    );

    // The page, through the real router (no public cache on /forums).
    let state = AppState::new(store.clone(), clock.clone());
    let router = sinergi_web::router(state);
    let path = format!("/forums/series/{}", series.id);
    let get = |path: String, encoding: &'static str| {
        let router = router.clone();
        async move {
            let t = Instant::now();
            let mut request = Request::get(&path)
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())?;
            // As `axum::serve` gives each request its peer's address.
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50_000))));
            let response = router.oneshot(request).await?;
            let status = response.status();
            let headers: usize = response
                .headers()
                .iter()
                .map(|(n, v)| n.as_str().len() + v.len() + 4)
                .sum();
            let body = axum::body::to_bytes(response.into_body(), 64 << 20).await?;
            anyhow::ensure!(status.is_success(), "{path}: {status}");
            anyhow::Ok((t.elapsed(), headers, body))
        }
    };
    for (label, page) in [
        ("series page (map, tree from the top)", path.clone()),
        (
            "series page opened at East Java (?unit=35)",
            format!("{path}?unit=35"),
        ),
    ] {
        let mut times = Vec::with_capacity(opts.runs);
        let mut last = None;
        for _ in 0..opts.runs {
            let (t, headers, body) = get(page.clone(), "br").await?;
            times.push(t);
            last = Some((headers, body));
        }
        report(&format!("{label}, server time"), times);
        if let Some((headers, br)) = last {
            let (_, _, plain) = get(page.clone(), "identity").await?;
            let html = String::from_utf8_lossy(&plain);
            let css = html
                .split("rel=\"stylesheet\" href=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_default()
                .to_owned();
            let mut css_bytes = 0;
            if !css.is_empty() {
                let (_, h, b) = get(css.clone(), "br").await?;
                css_bytes = h + b.len();
            }
            say!(
                "  weight: HTML {} B (brotli {} B + headers {} B), CSS {} B on the wire; {} map regions, {} tree rows",
                plain.len(),
                br.len(),
                headers,
                css_bytes,
                html.matches("data-class=").count(),
                html.matches("<tr data-code=").count(),
            );
        }
    }

    // One attendance record, then the series derived again.
    anyhow::ensure!(
        regency_events.iter().any(|(_, absent)| !absent.is_empty()),
        "some district stayed away"
    );
    let mut insert = Vec::new();
    let mut derive = Vec::new();
    let mut both = Vec::new();
    let mut done = 0;
    for (event, absent) in regency_events.iter().cycle() {
        if done >= opts.runs {
            break;
        }
        let Some(unit) = absent.first() else {
            continue;
        };
        let before = forums.series(&public, series.id).await?.totals.reached;
        let t = Instant::now();
        store
            .record_attendance(*event, unit, "code", None, NOW)
            .await?;
        let t_insert = t.elapsed();
        let after = forums.series(&public, series.id).await?;
        let t_both = t.elapsed();
        anyhow::ensure!(
            after.totals.reached == before + 1,
            "the figure follows the record ({} then {})",
            before,
            after.totals.reached
        );
        insert.push(t_insert);
        derive.push(t_both - t_insert);
        both.push(t_both);
        store.withdraw_attendance(*event, unit, NOW).await?;
        done += 1;
    }
    report("one attendance record: the insert", insert);
    report("  then the series derived (all figures)", derive);
    report("  record to updated figure, in all", both);
    Ok(())
}
