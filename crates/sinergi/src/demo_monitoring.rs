//! The media monitoring scenario `sinergi demo` seeds: three outlets'
//! feeds (fictitious: `.example` addresses), and articles written for the
//! demo that carry the KemenPANRB workshop release, one copied by a
//! second outlet, one quoting a single sentence (waiting for review), one
//! about something else; a news sitemap whose article (read from its
//! page) is the agency's copy of the same story with its dateline, grouped
//! with the others; and an article that names Bali's provincial
//! government and a campaign's hashtag without carrying any release (a
//! mention). Matching then credits the pickups, so the release page shows
//! its coverage and `/monitoring` a review queue and the mentions.

use std::sync::Arc;

use sinergi_domain::UnitCode;
use sinergi_domain::clock::FixedClock;
use sinergi_monitoring::Monitoring;
use sinergi_monitoring::text::{canonical_url, simhash, text_hash};
use sinergi_store::Store;
use sinergi_store::monitor::{NewArticle, NewSource, PollOutcome};
use sinergi_store::newsroom::ReleaseQuery;

const KEMENPANRB_RELEASE: &str =
    include_str!("../../../data/releases/menpanrb-humas-lompatan-kinerja.txt");

const HOUR: i64 = 3_600_000_000;

/// Seeds the scenario once (after the newsroom's); a second run finds the
/// sources and does nothing.
pub async fn seed(store: &Store, now: i64) -> anyhow::Result<()> {
    if !store.sources(now).await?.is_empty() {
        return Ok(());
    }
    let hkip = UnitCode::parse("kemenpanrb.hkip")?;
    let releases = store
        .releases(&ReleaseQuery {
            unit: Some(hkip.clone()),
            public_by: Some(now),
            limit: 1,
            ..Default::default()
        })
        .await?;
    let Some(release) = releases.items.first() else {
        return Ok(());
    };
    let published = release.public_at.unwrap_or(now);
    let outlets = [
        (
            "Kabar Dewata",
            "https://kabardewata.example/rss.xml",
            "kemenpanrb.hkip",
        ),
        (
            "Warta Nusantara",
            "https://wartanusantara.example/feed",
            "kemenpanrb.hkip",
        ),
        (
            "Suara Birokrasi",
            "https://suarabirokrasi.example/atom.xml",
            "51",
        ),
        (
            "Kantor Berita Bali",
            "https://kantorberitabali.example/sitemap-news.xml",
            "51",
        ),
    ];
    let mut sources = Vec::new();
    for (outlet, url, unit) in outlets {
        let id = store
            .insert_source(
                &NewSource {
                    unit_code: UnitCode::parse(unit)?,
                    outlet: outlet.to_owned(),
                    url: url.to_owned(),
                    kind: if url.contains("sitemap") {
                        "sitemap"
                    } else {
                        "feed"
                    }
                    .to_owned(),
                },
                None,
                published,
            )
            .await?;
        sources.push(id);
    }
    let paragraphs: Vec<&str> = KEMENPANRB_RELEASE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let quoted = paragraphs.get(..3).unwrap_or_default().join("\n");
    let pickup = format!(
        "Para pengelola humas dari tiga belas provinsi berkumpul di Denpasar untuk \
         membahas cara pemerintah daerah bercerita tentang hasil kerjanya.\n{quoted}\n\
         Sesi tanya jawab bersama jurnalis setempat menutup acara itu menjelang sore."
    );
    let grey = "Forum kehumasan pemerintah kembali menjadi sorotan pekan ini. Seorang pejabat \
        menyebut Kementerian PANRB telah membangun sinergi dengan lintas humas pemerintah \
        melalui workshop. Namun sejumlah pengelola media daerah menilai anggaran publikasi \
        masih kecil, sehingga banyak kegiatan tidak sempat diberitakan.";
    let other = "Festival layang-layang tahunan di Pantai Padanggalak kembali digelar akhir \
        pekan ini. Panitia mencatat lebih dari dua ratus layangan tradisional ikut serta, \
        sebagian berukuran lebih dari sepuluh meter, dan penonton memadati pantai sejak pagi.";
    let wire = format!("DENPASAR (KBB) - {pickup}\n(KBB/Redaksi)");
    let mention = "Pemerintah Provinsi Bali mengajak aparatur di sembilan kabupaten dan kota \
        menjawab setiap pengaduan warga paling lambat tiga hari kerja. Ajakan itu disampaikan \
        dalam apel pagi yang juga diramaikan unggahan bertagar #RevolusiMentalASN di media \
        sosial para pegawai. Sejumlah warga menyambut baik, tetapi meminta agar janji itu \
        diawasi oleh inspektorat.";
    // The mention falls inside the campaign's period (it began 45 days
    // before the demo's day), or a hashtag would not count for it.
    let mention_after = (now - 2 * 24 * HOUR - published).max(28 * HOUR);
    let article = |source: usize, url: &str, title: &str, body: &str, after: i64| {
        let canonical = canonical_url(url);
        NewArticle {
            key: canonical.clone().unwrap_or_else(|| url.to_owned()),
            source_id: Some(sources[source]),
            outlet: outlets[source].0.to_owned(),
            url: canonical.clone(),
            title: title.to_owned(),
            author: String::new(),
            published_at: published + after,
            body: body.to_owned(),
            text_hash: text_hash(body),
            simhash: simhash(body),
            canonical_url: canonical.clone(),
            text_from: if source == 3 { "page" } else { "feed" }.to_owned(),
        }
    };
    let articles = [
        article(
            0,
            "https://kabardewata.example/2026/06/humas-daerah-lompatan-kinerja?utm_source=rss",
            "Humas daerah diminta membuat lompatan kinerja",
            &pickup,
            3 * HOUR,
        ),
        article(
            1,
            "https://wartanusantara.example/nasional/humas-lompatan-kinerja",
            "Humas pemerintah harus bikin lompatan",
            &pickup,
            5 * HOUR,
        ),
        article(
            2,
            "https://suarabirokrasi.example/opini/forum-humas",
            "Forum humas dan anggaran publikasi",
            grey,
            26 * HOUR,
        ),
        article(
            0,
            "https://kabardewata.example/2026/06/festival-layang-layang",
            "Festival layang-layang Padanggalak",
            other,
            30 * HOUR,
        ),
        article(
            3,
            "https://kantorberitabali.example/berita/humas-daerah-lompatan-kinerja",
            "Humas daerah diminta membuat lompatan kinerja",
            &wire,
            4 * HOUR,
        ),
        article(
            2,
            "https://suarabirokrasi.example/daerah/pengaduan-tiga-hari",
            "Pengaduan warga dijawab dalam tiga hari",
            mention,
            mention_after,
        ),
    ];
    let seeded_at = published + (31 * HOUR).max(mention_after + 3 * HOUR);
    let monitoring = Monitoring::new(store.clone(), Arc::new(FixedClock::at(seeded_at)));
    monitoring.add_articles(&articles).await?;
    monitoring.match_waiting(&|_| {}).await?;
    // Health as the poller leaves it: two healthy feeds, one failing.
    for (i, id) in sources.iter().enumerate() {
        let outcome = if i != 2 {
            PollOutcome {
                next_poll_at: now + 15 * 60 * 1_000_000,
                new_items: if i == 0 { 2 } else { 1 },
                etag: (i < 2).then(|| "\"demo\"".to_owned()),
                ..Default::default()
            }
        } else {
            PollOutcome {
                error: Some(format!(
                    "no-address: {} has no address",
                    "suarabirokrasi.example"
                )),
                failures: 3,
                next_poll_at: now + 2 * HOUR,
                ..Default::default()
            }
        };
        store
            .record_poll(*id, &outcome, now - 10 * 60 * 1_000_000)
            .await?;
    }
    Ok(())
}
