# The home page (the network's newsroom), the navigation and the
# network-wide lists (siaran pers, kampanye, ruang pers, capaian & inovasi).

nav-menu = Menu
nav-signed-in-as = Masuk sebagai
nav-releases = Siaran pers
nav-campaigns = Kampanye
nav-press = Ruang pers
nav-register = Capaian & inovasi
nav-gap = Kesenjangan
nav-sign-in = Masuk

newsroom-home-title = Siaran pers pemerintah, dari pusat sampai desa
newsroom-home-intro = Sinergi menghimpun siaran pers, kampanye, capaian dan inovasi dari kementerian, lembaga, provinsi, kabupaten/kota, kecamatan, dan desa di seluruh Indonesia.
newsroom-home-search = Cari siaran pers, capaian, inovasi, atau unit
newsroom-doors = Untuk siapa
door-journalists = Jurnalis
door-journalists-text = Siaran pers terbaru, umpan RSS, kontak humas, dan naskah berembargo bagi jurnalis terakreditasi.
door-journalists-link = Buka ruang pers
door-citizens = Warga
door-citizens-text = Lihat apa yang dicapai dan dirintis pemerintah di daerah Anda.
door-citizens-link = Lihat capaian & inovasi
door-officers = Petugas humas
door-officers-text = Tulis siaran pers, catat capaian, dan ikuti kampanye unit Anda.
door-officers-link = Masuk ke ruang kerja
newsroom-latest = Siaran pers terbaru
newsroom-latest-empty = Belum ada siaran pers yang terbit.
newsroom-all-releases = Semua siaran pers
newsroom-running-campaigns = Kampanye yang sedang berjalan
newsroom-no-campaigns = Tidak ada kampanye yang sedang berjalan.
newsroom-campaign-until = sampai { $date }
newsroom-all-campaigns = Semua kampanye yang berjalan
newsroom-browse-network = Jelajahi jejaring unit humas
news-amplified = Diperkuat

releases-title = Siaran pers
releases-intro = Semua siaran pers yang telah terbit di jejaring, yang terbaru lebih dahulu.

register-title = Capaian & inovasi
register-intro = Capaian dan inovasi unit pemerintah yang telah diumumkan dalam siaran pers.
register-kinds-label = Jenis
register-all-kinds = Semua
register-kind-achievement = Capaian
register-kind-innovation = Inovasi
register-empty = Belum ada capaian atau inovasi yang diumumkan.
register-published-on = diumumkan { $date }
bad-kind = Jenis “{ $kind }” tidak dikenal.

press-index-title = Ruang pers
press-index-intro = Setiap unit humas punya ruang pers: siaran persnya, kontak humasnya, dan umpan untuk pembaca berita.
press-index-feeds = Setiap ruang pers menyediakan umpan RSS, Atom, dan JSON.
press-index-embargo = Jurnalis terakreditasi dapat membaca naskah berembargo setelah masuk.
press-index-find = Ruang pers kabupaten/kota, kecamatan, dan desa ada di halaman unitnya.
press-index-national = Kementerian dan lembaga
press-index-provinces = Provinsi

running-intro = Kampanye komunikasi bersama yang sedang berjalan di jejaring. Setiap kampanye punya halaman dengan pesan kunci dan siaran pers yang telah memuatnya.

ws-network-title = Jejaring sekarang
ws-network-gap-total = capaian dan inovasi belum diumumkan
ws-network-gap-level = belum diumumkan: { $level }
ws-owned-campaigns = Kampanye Anda
ws-campaign-adopted = diadopsi { $share }

site-search-filter-toggle = Saring hasil

unit-hub-feed = Umpan RSS
unit-hub-new-release = Tulis siaran pers
unit-hub-new-item = Catat capaian atau inovasi
unit-hub-empty-title = Belum ada yang terbit
unit-hub-empty-body = { $unit } belum mencatat capaian atau inovasi dan belum menerbitkan siaran pers di Sinergi.
unit-hub-empty-officer-here = Mulailah dengan mencatat satu capaian atau inovasi, lalu umumkan dalam siaran pers.
unit-hub-empty-officer = Petugas humas unit ini dapat masuk untuk mencatat capaian dan menulis siaran pers.
unit-hub-releases = Siaran pers terbaru
unit-hub-releases-subtree = Siaran pers terbaru di wilayah ini
unit-hub-no-releases = Belum ada siaran pers.
unit-hub-all-releases = Semua siaran pers
unit-hub-register = Capaian & inovasi
unit-hub-register-subtree = Capaian & inovasi di wilayah ini
unit-hub-no-items = Belum ada capaian atau inovasi.
unit-hub-all-items = Semua capaian & inovasi
unit-hub-campaigns = Kampanye yang menyasar unit ini
unit-hub-no-campaigns = Tidak ada kampanye yang menyasar unit ini.
unit-hub-internal = Internal
unit-hub-gap = { $count } capaian dan inovasi belum diumumkan dalam siaran pers.
unit-hub-gap-link = Lihat kesenjangan
unit-hub-contact = Kontak humas
unit-hub-contact-office = Kantor
unit-hub-contact-email = Surel
unit-hub-contact-phone = Telepon
