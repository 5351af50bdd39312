//! The workshop series `sinergi demo` seeds, from the seed release:
//! KemenPANRB's "workshop sinergi kampanye revolusi mental ASN dan
//! reformasi birokrasi bagi Humas Pemda dan Jurnalis", held in Surabaya,
//! then Batam, then Denpasar on 4 June 2026 for the PR offices of the 13
//! eastern provinces. At each, provinces commit to hold the same workshop
//! for their regencies and cities. East Java did (all 38 attended); Bali,
//! West Nusa Tenggara and South Sulawesi held theirs with part of their
//! regencies; the others are pending. Kota Denpasar carried it on to its
//! districts. The commitments are marked as examples; the seed release is
//! linked to the Denpasar event. Everything goes through the forums
//! service, so fulfilment is derived exactly as for real records.

use std::sync::Arc;

use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::{EventId, SeriesId, UnitCode, Zone};
use sinergi_forums::{CommitmentInput, EventInput, Forums, SeriesInput, parse_local};
use sinergi_store::newsroom::ReleaseQuery;
use sinergi_store::{Store, UnitQuery};

pub const SERIES_TITLE: &str = "Workshop Sinergi Kampanye Revolusi Mental ASN dan Reformasi Birokrasi bagi Humas Pemda dan Jurnalis";

/// The 13 eastern provinces invited to Denpasar (before Papua's 2022 split).
const EASTERN: [&str; 13] = [
    "51", "52", "53", "71", "72", "73", "74", "75", "76", "81", "82", "91", "92",
];
/// Java's provinces, invited to Surabaya.
const JAVA: [&str; 6] = ["31", "32", "33", "34", "35", "36"];
/// Sumatra's and Kalimantan's, invited to Batam.
const WEST: [&str; 15] = [
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "61", "62", "63", "64", "65",
];

/// Provinces that held their workshop, with how many of their regencies
/// and cities came (`None`: all of them), and its local date.
const REPLICATED: [(&str, Option<usize>, &str, &str); 4] = [
    ("35", None, "2026-05-20T09:00", "Kota Malang"),
    ("51", Some(6), "2026-07-16T09:00", "Kabupaten Gianyar"),
    ("52", Some(4), "2026-08-06T09:00", "Kota Mataram"),
    ("73", Some(21), "2026-08-20T09:00", "Kota Makassar"),
];

fn code(s: &str) -> anyhow::Result<UnitCode> {
    Ok(UnitCode::parse(s)?)
}

async fn children(store: &Store, unit: &str) -> anyhow::Result<Vec<UnitCode>> {
    Ok(store
        .list_units(&UnitQuery {
            parent: Some(code(unit)?),
            limit: 500,
            ..Default::default()
        })
        .await?
        .items
        .into_iter()
        .map(|(u, _)| u.code)
        .collect())
}

/// Those of `codes` the network holds (all of them in the demo; a test's
/// network may be smaller).
async fn existing(store: &Store, codes: &[&str]) -> anyhow::Result<Vec<UnitCode>> {
    let mut out = Vec::new();
    for c in codes {
        let c = code(c)?;
        if store.unit(&c).await.is_ok() {
            out.push(c);
        }
    }
    Ok(out)
}

struct Seeder {
    forums: Forums,
    clock: Arc<FixedClock>,
    who: Principal,
}

impl Seeder {
    /// Records an event at its own start time (so it reads as recorded
    /// then) and ticks `present` of its invited units.
    #[expect(
        clippy::too_many_arguments,
        reason = "an event as the seed describes it, one argument per detail"
    )]
    async fn event(
        &self,
        series: SeriesId,
        organiser: &str,
        title: &str,
        starts: &str,
        venue: &str,
        address: &str,
        agenda: &str,
        invited: &[UnitCode],
        present: &[UnitCode],
    ) -> anyhow::Result<EventId> {
        let zone = Zone::of_unit(&code(venue)?);
        let at = parse_local(starts, zone).ok_or_else(|| anyhow::anyhow!("bad date {starts}"))?;
        self.clock.set(at - 30 * 86_400_000_000);
        let input = EventInput {
            organiser: organiser.to_owned(),
            series: series.to_string(),
            kind: "workshop".into(),
            title: title.to_owned(),
            starts: starts.to_owned(),
            ends: starts.replace("T09:00", "T16:00"),
            venue: venue.to_owned(),
            address: address.to_owned(),
            agenda: agenda.to_owned(),
            visibility: "public".into(),
            invited: vec![
                invited
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ],
            ..Default::default()
        };
        let e = self.forums.create(&self.who, &input).await?;
        self.clock.set(at + 7 * 3_600_000_000);
        self.forums
            .take_attendance(&self.who, e.id, present)
            .await?;
        Ok(e.id)
    }

    async fn commit(
        &self,
        event: EventId,
        unit: &str,
        what: &str,
        due_on: &str,
    ) -> anyhow::Result<()> {
        // A unit with nothing below it (only in a test's small network)
        // has no one to replicate for.
        if children(self.forums.store(), unit).await?.is_empty() {
            return Ok(());
        }
        let e = self.forums.visible_record(&self.who, event).await?;
        let input = CommitmentInput {
            unit: unit.to_owned(),
            kind: "replicate".into(),
            what: what.to_owned(),
            for_children: true,
            due_on: due_on.to_owned(),
            ..Default::default()
        };
        self.forums.record_example_commitment(&e, &input).await?;
        Ok(())
    }
}

const AGENDA: &str = "1. Pembukaan dan arahan Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur dan Pengawasan\n\
2. Sinergi kampanye Revolusi Mental ASN dan Reformasi Birokrasi\n\
3. Diskusi: humas pemerintah dan jurnalis\n\
4. Rencana tindak lanjut: replikasi workshop bagi humas kabupaten/kota\n\n\
*Agenda contoh untuk demo Sinergi.*";

/// Seeds the series once; a second run finds it and does nothing.
pub async fn seed(store: &Store, now: i64) -> anyhow::Result<()> {
    if store
        .series_list()
        .await?
        .iter()
        .any(|s| s.title == SERIES_TITLE)
    {
        return Ok(());
    }
    let clock = Arc::new(FixedClock::at(now));
    let seeder = Seeder {
        forums: Forums::new(store.clone(), clock.clone(), ""),
        clock,
        who: Principal {
            user_id: None,
            memberships: vec![Membership {
                unit: code("kemenpanrb")?,
                role: Role::Admin,
                reach: Reach::Network,
            }],
            ..Default::default()
        },
    };
    let series = seeder
        .forums
        .create_series(
            &seeder.who,
            &SeriesInput {
                owner: "kemenpanrb.hkip".into(),
                title: SERIES_TITLE.into(),
                description: "Workshop berseri Kementerian PANRB bagi humas pemerintah daerah dan \
                    jurnalis: Surabaya, Batam, lalu Denpasar. Setiap provinsi peserta diharapkan \
                    menyelenggarakan workshop yang sama bagi humas kabupaten/kotanya, seperti \
                    yang telah dilakukan Jawa Timur. \"Kegiatan seperti ini harus terus berjalan.\"\n\n\
                    *Rencana tindak lanjut pada seri ini adalah contoh untuk demo Sinergi.*"
                    .into(),
            },
        )
        .await?
        .id;
    // Surabaya: East Java commits, and keeps it.
    let java = existing(store, &JAVA).await?;
    let surabaya = seeder
        .event(
            series,
            "kemenpanrb.hkip",
            "Workshop Sinergi Kampanye Revolusi Mental ASN dan Reformasi Birokrasi (Surabaya)",
            "2026-03-12T09:00",
            "35.78",
            "Kota Surabaya, Jawa Timur",
            AGENDA,
            &java,
            &java,
        )
        .await?;
    if java.contains(&code("35")?) {
        seeder
            .commit(
                surabaya,
                "35",
                "Menyelenggarakan workshop yang sama bagi humas kabupaten/kota se-Jawa Timur",
                "2026-06-30",
            )
            .await?;
    }
    // Batam.
    let west = existing(store, &WEST).await?;
    let batam_present: Vec<UnitCode> = west.iter().take(12).cloned().collect();
    let batam = seeder
        .event(
            series,
            "kemenpanrb.hkip",
            "Workshop Sinergi Kampanye Revolusi Mental ASN dan Reformasi Birokrasi (Batam)",
            "2026-04-23T09:00",
            "21.71",
            "Kota Batam, Kepulauan Riau",
            AGENDA,
            &west,
            &batam_present,
        )
        .await?;
    if west.contains(&code("21")?) {
        seeder
            .commit(
                batam,
                "21",
                "Menyelenggarakan workshop yang sama bagi humas kabupaten/kota se-Kepulauan Riau",
                "2026-12-31",
            )
            .await?;
    }
    // Denpasar, 4 June: the 13 eastern provinces.
    let eastern = existing(store, &EASTERN).await?;
    let denpasar = seeder
        .event(
            series,
            "kemenpanrb.hkip",
            "Workshop Sinergi Kampanye Revolusi Mental ASN dan Reformasi Birokrasi bagi Humas Pemda dan Jurnalis (Denpasar)",
            "2026-06-04T09:00",
            "51.71",
            "Kota Denpasar, Bali",
            AGENDA,
            &eastern,
            &eastern,
        )
        .await?;
    for p in &eastern {
        let name = store.unit(p).await?.name;
        seeder
            .commit(
                denpasar,
                p.as_str(),
                &format!("Menyelenggarakan workshop yang sama bagi humas kabupaten/kota di {name}"),
                "2026-12-31",
            )
            .await?;
    }
    // The provinces that replicated.
    for (province, came, starts, town) in REPLICATED {
        let Ok(unit) = store.unit(&code(province)?).await else {
            continue;
        };
        let name = unit.name;
        let invited = children(store, province).await?;
        let present: Vec<UnitCode> = match came {
            Some(n) => invited.iter().take(n).cloned().collect(),
            None => invited.clone(),
        };
        let event = seeder
            .event(
                series,
                province,
                &format!("Workshop Sinergi Kampanye bagi Humas Kabupaten/Kota se-{name}"),
                starts,
                province,
                &format!("{town}, {name}"),
                AGENDA,
                &invited,
                &present,
            )
            .await?;
        // Kota Denpasar carries it on to its districts.
        if province == "51" {
            seeder
                .commit(
                    event,
                    "51.71",
                    "Menyelenggarakan workshop yang sama bagi humas kecamatan se-Kota Denpasar",
                    "2026-12-31",
                )
                .await?;
            let districts = children(store, "51.71").await?;
            seeder
                .event(
                    series,
                    "51.71",
                    "Workshop Sinergi Kampanye bagi Humas Kecamatan se-Kota Denpasar",
                    "2026-09-10T09:00",
                    "51.71",
                    "Kota Denpasar, Bali",
                    AGENDA,
                    &districts,
                    &districts,
                )
                .await?;
        }
    }
    // The Denpasar workshop's programme and record.
    let hkip = &seeder.who;
    seeder.clock.set(now);
    seeder
        .forums
        .set_speakers(
            hkip,
            denpasar,
            "Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur dan Pengawasan | Kementerian PANRB | Arahan: sinergi kampanye Revolusi Mental ASN\n\
             Kepala Biro Data, Komunikasi dan Informasi Publik | Kementerian PANRB | Kampanye reformasi birokrasi yang terukur\n\
             Redaktur senior | Media nasional (contoh) | Humas pemerintah dan jurnalis: apa yang dibutuhkan redaksi",
        )
        .await?;
    seeder
        .forums
        .set_record(
            hkip,
            denpasar,
            "Workshop dibuka pukul 09.00 WITA dan diikuti humas 13 provinsi wilayah timur serta jurnalis setempat.\n\n\
             - Paparan sinergi kampanye Revolusi Mental ASN dan reformasi birokrasi\n\
             - Diskusi: kebutuhan redaksi atas siaran pers pemerintah daerah\n\n\
             *Notulen contoh untuk demo Sinergi.*",
            "1. Setiap provinsi peserta menyelenggarakan workshop yang sama bagi humas kabupaten/kotanya paling lambat 31 Desember 2026.\n\
             2. Siaran pers kampanye memakai tagar dan kit yang sama.\n\n\
             *Hasil contoh untuk demo Sinergi.*",
        )
        .await?;
    // An upcoming coordination meeting of Bali's PR offices, three weeks
    // on, with a capacity and a registration deadline (its invitations
    // go out by e-mail with the .ics through the outbox).
    if store.unit(&code("51")?).await.is_ok() {
        let day = sinergi_forums::local_input(now + 21 * 86_400_000_000, Zone::Wita);
        let day = day.split('T').next().unwrap_or_default().to_owned();
        let closes = sinergi_forums::local_input(now + 18 * 86_400_000_000, Zone::Wita);
        let closes = format!("{}T17:00", closes.split('T').next().unwrap_or_default());
        let bali = Principal {
            user_id: None,
            memberships: vec![Membership {
                unit: code("51")?,
                role: Role::Admin,
                reach: Reach::Subtree,
            }],
            ..Default::default()
        };
        let input = EventInput {
            organiser: "51".into(),
            series: String::new(),
            kind: "coordination_meeting".into(),
            title: "Rapat Koordinasi Humas Kabupaten/Kota se-Bali".into(),
            starts: format!("{day}T09:00"),
            ends: format!("{day}T13:00"),
            venue: "51.71".into(),
            address: "Ruang Rapat Praja Sabha, Kantor Gubernur Bali, Denpasar".into(),
            agenda: "1. Kalender kampanye triwulan berikutnya\n2. Tindak lanjut workshop sinergi kampanye\n3. Pemantauan pemberitaan\n\n*Acara contoh untuk demo Sinergi.*".into(),
            capacity: "40".into(),
            registration_closes: closes,
            visibility: "public".into(),
            invite_children: true,
            ..Default::default()
        };
        let e = seeder.forums.create(&bali, &input).await?;
        seeder
            .forums
            .set_speakers(
                &bali,
                e.id,
                "Kepala Dinas Komunikasi, Informatika dan Statistik | Provinsi Bali | Pembukaan\n\
                 Kepala Bidang Informasi dan Komunikasi Publik | Provinsi Bali | Kalender kampanye",
            )
            .await?;
    }
    // The seed release reports the Denpasar workshop.
    let releases = store
        .releases(&ReleaseQuery {
            unit: Some(code("kemenpanrb.hkip")?),
            limit: 20,
            ..Default::default()
        })
        .await?;
    if let Some(r) = releases.items.iter().find(|r| r.title.contains("Lompatan")) {
        store.link_event_release(denpasar, r.id, now).await?;
    }
    Ok(())
}
