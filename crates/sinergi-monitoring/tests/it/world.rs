//! What the stories share: a network with Bali, people, the newsroom and
//! the monitoring service over one fixed clock, and texts.

use std::sync::Arc;

use sinergi_domain::access::{Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_monitoring::Monitoring;
use sinergi_newsroom::Newsroom;
use sinergi_store::accounts::audit::Actor;
use sinergi_testkit::fixtures::{newsroom, staff};
use sinergi_testkit::{TEST_NOW, TestDb};

pub const HOUR: i64 = 3600 * 1_000_000;
pub const DAY: i64 = 24 * HOUR;

pub struct World {
    pub db: TestDb,
    pub _files: tempfile::TempDir,
    pub clock: Arc<FixedClock>,
    pub newsroom: Newsroom,
    pub monitoring: Monitoring,
    /// Editor of Bali and everything under it.
    pub bali_editor: Principal,
    /// Reads Denpasar's internal work, decides nothing.
    pub denpasar_viewer: Principal,
    /// Editor in East Java: Bali's work is not theirs.
    pub surabaya_editor: Principal,
}

pub async fn world() -> World {
    let db = TestDb::with_network(&["51.71", "35.78"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let people = staff(
        &db.store,
        &[
            (
                "editor@baliprov.example.go.id",
                "51",
                Role::Editor,
                Reach::Subtree,
            ),
            (
                "viewer@denpasarkota.example.go.id",
                "51.71",
                Role::Viewer,
                Reach::Unit,
            ),
            (
                "editor@surabaya.example.go.id",
                "35.78",
                Role::Editor,
                Reach::Subtree,
            ),
        ],
    )
    .await;
    let (newsroom, files) = newsroom(&db.store, &clock);
    let monitoring = Monitoring::new(db.store.clone(), clock.clone());
    let mut p = people.into_iter();
    World {
        db,
        _files: files,
        clock,
        newsroom,
        monitoring,
        bali_editor: p.next().unwrap(),
        denpasar_viewer: p.next().unwrap(),
        surabaya_editor: p.next().unwrap(),
    }
}

pub fn actor(p: &Principal, label: &str) -> Actor {
    Actor {
        user_id: p.user_id,
        label: label.to_owned(),
        ip: None,
    }
}

/// A release about a suspension bridge (fictitious).
pub const BRIDGE_LEAD: &str = "Pemerintah Kota Denpasar meresmikan jembatan gantung Tukad Badung \
    yang menghubungkan Banjar Sesetan dengan Banjar Pedungan pada Rabu pagi.";
pub const BRIDGE_BODY: &str = "Jembatan sepanjang seratus dua puluh meter itu dibangun selama \
    enam bulan dengan dana kelurahan dan gotong royong warga kedua banjar.\n\n\
    Wali kota mengatakan jembatan tersebut memangkas waktu tempuh anak sekolah menuju \
    SD Negeri 7 Sesetan dari empat puluh menit menjadi sepuluh menit.\n\n\
    Dinas Pekerjaan Umum akan memeriksa kekuatan kabel baja jembatan setiap tiga bulan \
    dan memasang lampu penerangan tenaga surya di kedua ujungnya bulan depan.";

/// An embargoed release about a vaccination drive (fictitious).
pub const VACCINE_LEAD: &str = "Dinas Kesehatan Kota Denpasar memulai imunisasi campak rubela \
    serentak bagi empat puluh ribu balita di seluruh posyandu mulai Senin depan.";
pub const VACCINE_BODY: &str = "Kepala dinas menjelaskan vaksin telah didistribusikan ke \
    sebelas puskesmas dan disimpan dalam lemari pendingin khusus bersuhu dua hingga \
    delapan derajat.\n\nOrang tua diminta membawa buku kesehatan ibu dan anak agar petugas \
    dapat mencatat riwayat imunisasi setiap balita dengan lengkap.";

/// A release about a market (fictitious), for the grey zone.
pub const MARKET_LEAD: &str = "Pasar Badung kembali dibuka setelah renovasi dua tahun.";
pub const MARKET_BODY: &str = "Sebanyak seribu tujuh ratus pedagang menempati los baru \
    yang dilengkapi sistem pembuangan sampah terpadu dan tangga berjalan menuju lantai atas.\n\n\
    Pengelola pasar menerapkan pembayaran retribusi nontunai melalui kode QR untuk \
    mengurangi antrean dan kebocoran pendapatan daerah.";
