//! A handful of contacts for the demo: journalists of example outlets and
//! other stakeholders, with recorded consent and subscriptions, so that
//! "Kontak & media" has something to show and a release published in the
//! demo is e-mailed (to the demo's mail folder). Every name is marked
//! "(contoh)" and every address is under the reserved `.example` domain.

use sinergi_domain::contacts::{
    Basis, Channel, ContactKind, Delivery, OutletKind, Purpose, SubscriptionTarget,
};
use sinergi_store::Store;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::contacts::{
    ContactDraft, ContactQuery, NewConsent, NewSubscription, OutletDraft, PitchDraft,
};

/// Follows Bali in a daily digest instead of each release.
const DIGEST_READER: &str = "komang.adi@univ.example";
/// Follows the tag `reformasi-birokrasi` too.
const TAG_READER: &str = "rina@kabarnusantara.example";

/// (outlet, kind, region, website host)
const OUTLETS: &[(&str, OutletKind, &str, &str)] = &[
    (
        "Warta Bali (contoh)",
        OutletKind::Regional,
        "51",
        "wartabali.example",
    ),
    (
        "Kabar Nusantara Daring (contoh)",
        OutletKind::Online,
        "",
        "kabarnusantara.example",
    ),
    (
        "Radio Suara Surabaya (contoh)",
        OutletKind::Radio,
        "35.78",
        "suarasby.example",
    ),
];

/// (name, e-mail, kind, role, outlet index or none, organisation, beats, zone, subscribed to)
type Example = (
    &'static str,
    &'static str,
    ContactKind,
    &'static str,
    Option<usize>,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const CONTACTS: &[Example] = &[
    (
        "Ni Luh Ayu Sari (contoh)",
        "ayu.sari@wartabali.example",
        ContactKind::Journalist,
        "Redaktur pelaksana",
        Some(0),
        "",
        "pemerintahan,pariwisata",
        "WITA",
        &["51"],
    ),
    (
        "I Made Wirawan (contoh)",
        "made.wirawan@wartabali.example",
        ContactKind::Journalist,
        "Reporter",
        Some(0),
        "",
        "pelayanan publik",
        "WITA",
        &["51.71"],
    ),
    (
        "Rina Kartika (contoh)",
        "rina@kabarnusantara.example",
        ContactKind::Journalist,
        "Editor nasional",
        Some(1),
        "",
        "reformasi birokrasi,kebijakan",
        "WIB",
        &["kemenpanrb"],
    ),
    (
        "Agus Santoso (contoh)",
        "agus@suarasby.example",
        ContactKind::Journalist,
        "Penyiar berita",
        Some(2),
        "",
        "kota,transportasi",
        "WIB",
        &["35"],
    ),
    (
        "Dr. Komang Adi (contoh)",
        "komang.adi@univ.example",
        ContactKind::Academic,
        "Dosen komunikasi publik",
        None,
        "Universitas Contoh Bali",
        "komunikasi publik",
        "WITA",
        &["51"],
    ),
    (
        "Forum Warga Sanur (contoh)",
        "forum.sanur@warga.example",
        ContactKind::CivilSociety,
        "Koordinator",
        None,
        "Forum Warga Sanur",
        "lingkungan",
        "WITA",
        &[],
    ),
];

pub async fn seed(store: &Store, now: i64) -> anyhow::Result<()> {
    let actor = Actor::system("demo");
    let existing = store
        .list_contacts(
            &ContactQuery {
                q: "contoh".into(),
                limit: 1,
                ..Default::default()
            },
            "contacts.list",
            &actor,
            now,
        )
        .await?;
    if existing.1 > 0 {
        return Ok(());
    }
    let mut outlet_ids = Vec::new();
    for (name, kind, region, host) in OUTLETS {
        let id = match store.outlet_by_name(name).await? {
            Some(o) => o.id,
            None => {
                let draft = OutletDraft {
                    name: (*name).to_owned(),
                    kind: *kind,
                    region_code: (!region.is_empty()).then(|| (*region).to_owned()),
                    website: Some(format!("https://{host}/")),
                    feeds: format!("https://{host}/rss"),
                };
                store.create_outlet_record(&draft, &actor, now).await?
            }
        };
        outlet_ids.push(id);
    }
    let mut pitch_to = Vec::new();
    for (name, email, kind, role, outlet, org, beats, zone, follows) in CONTACTS {
        let draft = ContactDraft {
            name: (*name).to_owned(),
            email: Some((*email).to_owned()),
            phone: String::new(),
            whatsapp: "+620000000000".to_owned(),
            kind: Some(*kind),
            role_title: (*role).to_owned(),
            outlet_id: outlet.map(|i| outlet_ids[i]),
            organisation: (*org).to_owned(),
            beats: beats.split(',').map(str::to_owned).collect(),
            regions: follows.iter().map(|f| (*f).to_owned()).collect(),
            languages: vec!["id".to_owned()],
            language: "id".to_owned(),
            time_zone: (*zone).to_owned(),
            user_id: None,
        };
        let id = store.create_contact(&draft, &actor, now).await?;
        if *kind == ContactKind::Journalist && pitch_to.len() < 2 {
            pitch_to.push(id);
        }
        if follows.is_empty() {
            continue;
        }
        let consent = NewConsent {
            purpose: Purpose::Distribution,
            basis: Basis::Consent,
            channel: Channel::Form,
            evidence: "Formulir pendaftaran media (contoh)".to_owned(),
            given_at: now,
        };
        store.record_consent(id, &consent, &actor, now).await?;
        for unit in *follows {
            if store
                .unit(&sinergi_domain::UnitCode::parse(unit)?)
                .await
                .is_ok()
            {
                let new = NewSubscription::unit(SubscriptionTarget::Subtree, unit);
                // The academic reads Bali in a daily digest at 08:00 WITA.
                let new = if *email == DIGEST_READER {
                    new.digest_at(8)
                } else {
                    new
                };
                store.subscribe(id, &new, &actor, now).await?;
            }
        }
        if *email == TAG_READER {
            // The national editor follows the campaign's tag wherever it is used.
            let new = NewSubscription {
                target: SubscriptionTarget::Tag,
                unit_code: None,
                campaign: None,
                tag: Some("reformasi-birokrasi".to_owned()),
                delivery: Delivery::Each,
                digest_hour: None,
            };
            store.subscribe(id, &new, &actor, now).await?;
        }
    }
    seed_pitch(store, &pitch_to, now).await
}

/// A draft pitch from Humas Kota Denpasar to two journalists, linking its
/// latest public release, ready to preview and send.
async fn seed_pitch(
    store: &Store,
    to: &[sinergi_domain::ContactId],
    now: i64,
) -> anyhow::Result<()> {
    let Some(editor) = store.user_by_email("redaksi@denpasarkota.demo").await? else {
        return Ok(());
    };
    let release = store
        .releases_of_units(&["51.71".to_owned()], &[], 10)
        .await?
        .into_iter()
        .find(|r| r.public_at <= now);
    let draft = PitchDraft {
        unit_code: "51.71".to_owned(),
        release_id: release.map(|r| r.id.get()),
        subject: "Untuk {nama}: bahan liputan dari Kota Denpasar".to_owned(),
        body: "Halo {nama},\n\nSebagai {jabatan} di {media}, mungkin Anda tertarik \
               meliput kegiatan kami berikut. Kami siap mengatur wawancara."
            .to_owned(),
        reply_to: editor.email.clone(),
        recipients: to.to_vec(),
    };
    let actor = Actor {
        user_id: Some(editor.id),
        label: editor.email,
        ip: None,
    };
    store.create_pitch(&draft, &actor, now).await?;
    Ok(())
}
