# Feeds, sitemaps and open data.

feed-title-unit = { $unit }: siaran pers
feed-title-subtree = { $unit } dan jajarannya: siaran pers
feed-title-tag = Siaran pers bertanda #{ $tag }
feed-description = Siaran pers terbaru yang telah dipublikasikan di Sinergi.
feed-amplified-from = Diperkuat dari siaran pers { $unit }.

od-title = Data terbuka
od-intro = Metadata siaran pers yang telah dipublikasikan, per unit atau per unit beserta seluruh jajarannya, dalam CSV dan JSON. Siaran yang masih diembargo, dijadwalkan, berupa draf atau ditarik tidak pernah disertakan.
od-addresses = Alamat
od-address-unit = siaran unit itu saja.
od-address-subtree = siaran unit itu dan semua unit di bawahnya.
od-paging = Setiap halaman memuat paling banyak { $rows } siaran, terbaru lebih dulu. Halaman berikutnya disebut di kepala Link (rel="next") dan, dalam JSON, di kolom next.
od-licence = Waktu ditulis dalam RFC 3339 dengan selisih zona unit (WIB +07:00, WITA +08:00, WIT +09:00). Sel CSV yang diawali = + - @ diberi tanda kutip tunggal agar tidak dijalankan sebagai rumus.
od-schema = Skema
od-col-field = Kolom
od-col-type = Jenis
od-col-meaning = Arti
od-field-id = Nomor siaran, tetap selamanya.
od-field-url = Alamat siaran.
od-field-title = Judul (setelah koreksi terakhir).
od-field-unit-code = Kode unit: kode Kemendagri untuk daerah, slug bertitik untuk instansi pusat.
od-field-unit-name = Nama unit.
od-field-level = Tingkat unit.
od-field-published-at = Saat siaran menjadi publik.
od-field-updated-at = Saat koreksi terakhir, atau saat publikasi bila tidak pernah dikoreksi.
od-field-language = Bahasa siaran.
od-field-tags = Tanda, dipisah titik koma.
od-field-corrected = Apakah siaran pernah dikoreksi.
od-field-corrections = Jumlah koreksi.
od-field-amplifies = Untuk siaran yang memperkuat siaran lain: alamat siaran asli.
od-units = Unit yang telah mempublikasikan siaran
od-units-empty = Belum ada unit yang mempublikasikan siaran.
od-col-unit = Unit
od-col-unit-only = Unit saja
od-col-subtree = Dengan jajarannya
od-feeds = Umpan
od-feeds-body = Siaran terbaru juga tersedia sebagai umpan RSS 2.0, Atom 1.0 dan JSON Feed 1.1.
