//! The campaigns `sinergi demo` seeds: "Revolusi Mental ASN" and
//! "Reformasi Birokrasi", owned by KemenPANRB, entering at every province
//! and cascading to villages, with kits in Indonesian. Adoption is made of
//! real, tagged, published example releases ("Contoh: …"): East Java
//! carries the campaigns far down to districts and villages, a group of
//! other provinces carries them to some regencies, the rest barely start.
//! The releases are bulk-loaded (the change feed is skipped), so the
//! campaigns are then recomputed from the release tables.

use crate::rng::Rng;
use std::sync::Arc;

use sinergi_campaigns::{CampaignInput, Campaigns, TemplateInput, date_of};
use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::campaign::{Placeholders, render};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::{DAY_MICROS, ReleaseState};
use sinergi_domain::{Level, UnitCode};
use sinergi_newsroom::slugify;
use sinergi_store::newsroom::{BulkEvent, BulkRelease};
use sinergi_store::{Store, UnitQuery};

const HOUR: i64 = 3_600_000_000;

/// How eagerly units adopt, per level below the province, where the unit
/// above adopted: (regency, district, village).
type Eagerness = (f64, f64, f64);

struct Plan {
    input: CampaignInput,
    /// East Java.
    far: Eagerness,
    /// The provinces that picked the campaign up.
    some: Eagerness,
    /// Share of the remaining provinces that adopted at province level.
    rest_provinces: f64,
    seed: u64,
}

fn template(title: &str, lead: &str, body: &str) -> TemplateInput {
    TemplateInput {
        title: title.to_owned(),
        lead: lead.to_owned(),
        body: body.to_owned(),
    }
}

fn plans(now: i64) -> Vec<Plan> {
    let guidance = "Mulailah dari salah satu templat: nama unit dan wilayah Anda sudah terisi. \
        Sesuaikan dengan kegiatan nyata di unit Anda, tambahkan foto kegiatan, dan pastikan \
        rilis bertag kampanye sebelum diterbitkan: rilis bertag yang terbit dalam periode \
        kampanye tercatat sebagai adopsi. Teruskan kampanye ke unit di bawah Anda.";
    vec![
        Plan {
            input: CampaignInput {
                owner: "kemenpanrb".into(),
                title: "Revolusi Mental ASN".into(),
                description: "Gerakan nasional untuk menanamkan integritas, etos kerja dan \
                    gotong royong di kalangan aparatur sipil negara, dari pusat sampai desa. \
                    *Kampanye contoh untuk demo Sinergi.*"
                    .into(),
                key_messages: vec![
                    "ASN melayani dengan integritas, etos kerja dan gotong royong.".into(),
                    "Perubahan dimulai dari diri sendiri dan unit kerja sendiri.".into(),
                    "Warga merasakan pelayanan yang cepat, ramah dan bebas pungutan.".into(),
                ],
                hashtags: vec!["RevolusiMentalASN".into(), "ASNBerAKHLAK".into()],
                tag: "revolusi-mental-asn".into(),
                starts_on: date_of(now - 45 * DAY_MICROS),
                ends_on: date_of(now + 45 * DAY_MICROS),
                guidance: guidance.into(),
                levels: vec!["province".into()],
                depth: "village".into(),
                cascade_share: 50,
                templates: vec![
                    template(
                        "{unit} Gaungkan Gerakan Revolusi Mental ASN",
                        "Aparatur di {region} meneguhkan komitmen melayani dengan integritas, etos kerja dan gotong royong.",
                        "**{unit}** hari ini menggelar apel bersama seluruh aparatur untuk meneguhkan \
                         nilai-nilai Revolusi Mental: integritas, etos kerja, dan gotong royong.\n\n\
                         Pimpinan unit mengajak setiap ASN memulai perubahan dari meja layanan masing-masing: \
                         datang tepat waktu, melayani tanpa pungutan, dan menjawab keluhan warga dengan cepat.\n\n\
                         Kegiatan ini bagian dari kampanye nasional {campaign} yang digerakkan Kementerian PANRB \
                         bersama pemerintah daerah di {province}.\n\n{hashtags}",
                    ),
                    template(
                        "Pelayanan Ramah dan Bebas Pungutan di {unit}",
                        "{unit} menerapkan standar pelayanan baru sebagai wujud {campaign}.",
                        "Mulai pekan ini, setiap layanan di **{unit}** memasang standar waktu dan biaya \
                         yang dapat dilihat warga.\n\nWarga dapat menyampaikan pengaduan melalui kanal \
                         resmi; setiap pengaduan dijawab paling lambat tiga hari kerja.\n\n{hashtags}",
                    ),
                ],
                ..Default::default()
            },
            far: (0.95, 0.7, 0.35),
            some: (0.4, 0.15, 0.05),
            rest_provinces: 0.3,
            seed: 11,
        },
        Plan {
            input: CampaignInput {
                owner: "kemenpanrb".into(),
                title: "Reformasi Birokrasi".into(),
                description: "Birokrasi yang bersih, akuntabel dan berdampak: penyederhanaan \
                    layanan, digitalisasi dan zona integritas di setiap tingkat pemerintahan. \
                    *Kampanye contoh untuk demo Sinergi.*"
                    .into(),
                key_messages: vec![
                    "Reformasi birokrasi harus dirasakan dampaknya oleh warga.".into(),
                    "Layanan disederhanakan dan didigitalkan.".into(),
                    "Setiap unit membangun zona integritas.".into(),
                ],
                hashtags: vec!["ReformasiBirokrasi".into(), "BirokrasiBerdampak".into()],
                tag: "reformasi-birokrasi".into(),
                starts_on: date_of(now - 60 * DAY_MICROS),
                ends_on: date_of(now + 30 * DAY_MICROS),
                guidance: guidance.into(),
                levels: vec!["province".into()],
                depth: "village".into(),
                cascade_share: 30,
                templates: vec![template(
                    "{unit} Percepat Reformasi Birokrasi Berdampak",
                    "Penyederhanaan layanan dan zona integritas menjadi prioritas di {region}.",
                    "**{unit}** memaparkan langkah reformasi birokrasi tahun ini: penyederhanaan \
                     prosedur layanan, digitalisasi arsip, dan pembangunan zona integritas.\n\n\
                     Langkah ini mengikuti arahan nasional {campaign} dan dilaporkan secara berkala \
                     kepada masyarakat di {province}.\n\n{hashtags}",
                )],
                ..Default::default()
            },
            far: (0.8, 0.45, 0.12),
            some: (0.25, 0.05, 0.01),
            rest_provinces: 0.2,
            seed: 29,
        },
    ]
}

/// Provinces (besides East Java) that carry the campaigns some way: the
/// eastern provinces of the workshop and a few large ones.
const ACTIVE: [&str; 12] = [
    "31", "32", "33", "36", "51", "52", "53", "64", "71", "73", "75", "81",
];

fn published(
    unit: &UnitCode,
    title: String,
    lead: String,
    body: &str,
    tag: &str,
    at: i64,
) -> BulkRelease {
    let ev = |op: &'static str, from, to, t| BulkEvent {
        at: t,
        actor_id: None,
        op,
        from,
        to,
        note: String::new(),
    };
    use ReleaseState::*;
    let body = format!("{body}\n\n*Rilis contoh untuk demo Sinergi.*");
    BulkRelease {
        unit_code: unit.clone(),
        slug: slugify(&title),
        language: "id".into(),
        state: Released,
        title: format!("Contoh: {title}"),
        lead,
        body_html: sinergi_media::render_markdown(&body),
        body_md: body,
        tags: vec![tag.to_owned(), "contoh-demo".to_owned()],
        public_at: Some(at),
        embargo: false,
        created_by: None,
        created_at: at - 2 * HOUR,
        updated_at: at,
        approved_by: None,
        approved_at: Some(at - HOUR),
        withdrawn_at: None,
        withdrawal_note: None,
        items: vec![],
        history: vec![
            ev("create", Draft, Draft, at - 2 * HOUR),
            ev("submit", Draft, InReview, at - 2 * HOUR),
            ev("approve", InReview, Approved, at - HOUR),
            ev("release", Approved, Released, at),
        ],
    }
}

/// Seeds both campaigns once; a second run finds them and does nothing.
pub async fn seed(store: &Store, now: i64) -> anyhow::Result<()> {
    let campaigns = Campaigns::new(store.clone(), Arc::new(FixedClock::at(now)), "");
    let principal = Principal {
        user_id: None,
        memberships: vec![Membership {
            unit: UnitCode::parse("kemenpanrb")?,
            role: Role::Admin,
            reach: Reach::Network,
        }],
        ..Default::default()
    };
    let provinces: Vec<(UnitCode, String)> = store
        .list_units(&UnitQuery {
            level: Some(Level::Province),
            limit: 100,
            ..Default::default()
        })
        .await?
        .items
        .into_iter()
        .map(|(u, _)| (u.code, u.name))
        .collect();
    for plan in plans(now) {
        if store.campaign_by_tag(&plan.input.tag).await?.is_some() {
            continue;
        }
        let c = campaigns.create(&principal, &plan.input).await?;
        let mut rng = Rng(plan.seed);
        let mut releases = Vec::new();
        let latest = now - HOUR;
        for (province, province_name) in &provinces {
            let (eager, adopts) = if province.as_str() == "35" {
                (plan.far, true)
            } else if ACTIVE.contains(&province.as_str()) {
                (plan.some, true)
            } else {
                ((0.05, 0.0, 0.0), rng.chance(plan.rest_provinces))
            };
            if !adopts {
                continue;
            }
            let units = store.units_in_subtree(province).await?;
            // When each unit adopted; a unit adopts only after the one above it.
            let mut adopted: std::collections::HashMap<UnitCode, i64> = Default::default();
            for (unit, name) in &units {
                let parent_at = match unit.parent() {
                    None => Some(c.starts_at),
                    Some(p) => adopted.get(&p).copied(),
                };
                let Some(parent_at) = parent_at else { continue };
                let p = match unit.level() {
                    Level::Province => 1.0,
                    Level::Regency => eager.0,
                    Level::District => eager.1,
                    _ => eager.2,
                };
                if !rng.chance(p) {
                    continue;
                }
                let at = (parent_at + rng.between(HOUR, 6 * DAY_MICROS)).min(latest);
                adopted.insert(unit.clone(), at);
                let t = &plan.input.templates
                    [(rng.next_u64() % plan.input.templates.len() as u64) as usize];
                let values = Placeholders {
                    unit: name.clone(),
                    region: name.clone(),
                    province: province_name.clone(),
                    campaign: c.title.clone(),
                    hashtags: c
                        .hashtags
                        .iter()
                        .map(|h| format!("#{h}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                };
                releases.push(published(
                    unit,
                    render(&t.title, &values),
                    render(&t.lead, &values),
                    &render(&t.body, &values),
                    &c.tag,
                    at,
                ));
            }
        }
        for chunk in releases.chunks(5_000) {
            store.bulk_load_newsroom(&[], chunk).await?;
        }
        let done = campaigns.recompute_inner(c.id, true).await?;
        tracing::info!(
            campaign = %c.title,
            releases = releases.len(),
            targets = done.targets,
            adopted = done.adopted,
            cascaded = done.cascaded,
            "demo campaign seeded"
        );
    }
    Ok(())
}
