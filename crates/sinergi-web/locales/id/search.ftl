# The search across everything (/search) and the search box in every page's header.
site-search-title = Cari di Sinergi
site-search-label = Cari di Sinergi
site-search-placeholder = Unit, siaran pers, capaian, inovasi…
site-search-hint = Kata bentukan juga ditemukan: “membangun” menemukan “pembangunan”. Gunakan “tanda kutip” untuk frasa dan -kata untuk mengecualikan.
site-search-sort = Urutkan
site-search-sort-relevance = Paling sesuai
site-search-sort-date = Terbaru
site-search-filters = Saring
site-search-type = Jenis
site-search-province = Provinsi
site-search-all-provinces = Semua provinsi
site-search-tag = Tagar
site-search-dates = Tanggal terbit
site-search-from = Dari
site-search-until = Sampai
site-search-apply = Terapkan saringan
site-search-clear = Hapus semua saringan
site-search-count = { $count ->
    [one] { $count } hasil
   *[other] { $count } hasil
}
site-search-empty = Ketik kata yang dicari, atau pilih saringan.
site-search-none = Tidak ada yang cocok dengan saringan ini.
site-search-no-results = Tidak ada yang cocok dengan “{ $q }”. Periksa ejaannya, gunakan kata yang lebih sedikit, atau hapus saringan.
site-search-relaxed = Tidak ada yang memuat semua kata; ditampilkan yang memuat sebagian.
site-search-unavailable = Pencarian sedang tidak tersedia di server ini. Coba lagi nanti.
site-search-bad-param = Nilai “{ $param }” pada alamat ini tidak valid.
site-search-page = Halaman
site-search-previous = Halaman sebelumnya
site-search-kind-unit = Unit
site-search-kind-release = Siaran pers
site-search-kind-achievement = Capaian
site-search-kind-innovation = Inovasi
site-search-kind-coverage = Liputan
site-search-kind-event = Acara
site-search-kind-campaign = Kampanye
