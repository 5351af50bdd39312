# E-mail yang dikirim Sinergi, dalam Bahasa Indonesia (bahasa bawaan). Setiap
# kunci juga ada di ../en/mail.ftl (diperiksa oleh tes).

## Peran, seperti disebut dalam undangan

mail-role-admin = admin
mail-role-editor = editor
mail-role-contributor = kontributor
mail-role-viewer = pembaca

## Atur ulang kata sandi (sinergi-accounts)

password-reset-subject = Atur ulang kata sandi Sinergi Anda
password-reset-body =
    Halo { $name },

    Ada permintaan untuk mengatur ulang kata sandi akun Sinergi Anda. Jika itu Anda, buka tautan ini dalam { $minutes } menit:

    { $link }

    Tautan hanya dapat dipakai sekali, dan hanya tautan terbaru yang dikirim kepada Anda yang berlaku. Menyimpan kata sandi baru mengeluarkan Anda dari semua perangkat dan mencabut token API Anda: buat token baru di halaman akun Anda sesudahnya.

    Jika Anda tidak memintanya, abaikan pesan ini: kata sandi Anda tidak berubah.

## Undangan (sinergi-accounts)

invitation-subject = Undangan ke Sinergi: { $unit }
invitation-body =
    Halo,

    { $actor } mengundang Anda bergabung dengan { $unit } di Sinergi sebagai { $role }.

    Untuk menerima dan memilih kata sandi, buka tautan ini dalam { $days } hari:

    { $link }

## Akun jurnalis (sinergi-accounts)

journalist-subject = Akun jurnalis Sinergi Anda
journalist-body =
    Halo { $name },

    { $unit } telah mengakreditasi Anda ({ $outlet }) di Sinergi. Untuk memilih kata sandi, buka tautan ini:

    { $link }

## Ringkasan mingguan (sinergi-newsroom)

digest-subject = Ringkasan mingguan Sinergi { $week }: yang menunggu dipublikasikan
digest-greeting = Halo { $name },
digest-unpublished-items = { $count } capaian dan inovasi belum dipublikasikan lebih dari 14 hari
digest-in-review = { $count } siaran pers menunggu ditinjau
digest-approved = { $count } siaran pers disetujui belum dijadwalkan atau diterbitkan
digest-lifting-soon = { $count } embargo atau jadwal terbit dalam dua hari
digest-units-heading = Unit dengan capaian belum terpublikasi terbanyak:
digest-oldest-heading = Belum terpublikasi paling lama:
digest-oldest-item = { $title } — { $unit }, { $days } hari: { $link }
digest-open-workspace = Buka ruang kerja Anda: { $link }

## Pengingat kampanye (sinergi-campaigns)

reminder-subject = Kampanye "{ $title }": belum dimulai ({ $week })
reminder-greeting = Halo { $name },
reminder-intro = Kampanye "{ $title }" dari { $owner } berlangsung sampai { $ends }. Terbitkan siaran pers bertag "{ $tag }" untuk mengadopsinya; kit dengan templat sudah tersedia.
reminder-own-heading = Unit Anda yang belum memulai:
reminder-supervised-heading = Sebagai tembusan, unit di bawah Anda yang belum memulai:
reminder-more = dan { $count } lainnya
reminder-open = Buka kampanye: { $link }

## Siaran pers untuk pelanggan (sinergi-distribution)

release-subject = [Siaran pers] { $title }
release-embargo-subject = [EMBARGO hingga { $time }] { $title }
release-embargo-line = EMBARGO: jangan diterbitkan sebelum { $time }.
release-correct-subject = [Koreksi] { $title }
release-correct-line = Siaran pers ini telah dikoreksi: { $note }
release-withdraw-subject = [Ditarik] { $title }
release-withdraw-body = { $unit } menarik siaran pers "{ $title }". Alasan: { $note }
release-read-online = Baca di situs: { $link }
release-footer = Anda menerima pesan ini karena berlangganan siaran pers { $unit } dan unit lain di Sinergi. Untuk berhenti seketika: { $link }

## The daily digest (sinergi-distribution)
daily-digest-subject = [Ringkasan harian { $time }] { $count } siaran pers baru
daily-digest-intro = Siaran pers yang terbit sejak ringkasan Anda sebelumnya, dari unit, kampanye dan tag yang Anda ikuti:
daily-digest-footer = Anda menerima ringkasan harian ini karena berlangganan siaran pers di Sinergi. Untuk berhenti seketika: { $link }

## Pitch dan data pribadi kontak
pitch-footer = Dikirim oleh { $unit } melalui Sinergi. Balas pesan ini untuk menjawab petugasnya ({ $reply }).
own-data-subject = Data Anda di Sinergi
own-data-body = Seseorang (semoga Anda) meminta melihat data yang disimpan Sinergi tentang alamat ini. Tautan ini menampilkannya, dan dengannya Anda dapat mengunduh, membetulkan, atau menghapusnya; berlaku 24 jam: { $link }
own-data-ignore = Jika Anda tidak memintanya, abaikan pesan ini; tidak ada yang berubah.

## Permintaan akreditasi
accreditation-granted-subject = Akreditasi Anda oleh { $unit } disetujui
accreditation-granted-body = { $unit } mengakreditasi Anda di Sinergi. Di portal Anda kini tampil siaran pers berembargo unit itu sebelum terbit untuk umum, dengan waktu embargonya berakhir: { $link }
accreditation-refused-subject = Permintaan akreditasi Anda kepada { $unit }
accreditation-refused-body = { $unit } belum mengakreditasi Anda kali ini. Catatan mereka: { $note }
## Forum & acara: invitations, updates and cancellations, with the .ics attached.
event-invite-subject = Undangan: { $title }
event-update-subject = Perubahan acara: { $title }
event-cancel-subject = Dibatalkan: { $title }
event-greeting = Halo { $name },
event-invite-intro = { $owner } mengundang Anda ke acara berikut.
event-update-intro = Acara berikut berubah (waktu, tempat atau isinya). Ini keterangan terbarunya.
event-cancel-intro = { $owner } membatalkan acara berikut. Lampiran pesan ini menghapusnya dari kalender Anda.
event-when = Waktu: { $time }
event-where = Tempat: { $place }
event-calendar = Buka lampiran invite.ics untuk menambahkan atau memperbarui acara di kalender Anda.
event-open = Selengkapnya: { $link }

## Forum & acara: reminders of commitments (rencana tindak lanjut).
commitment-soon-subject = Tenggat rencana tindak lanjut { $unit } ({ $week })
commitment-overdue-subject = Lewat tenggat: rencana tindak lanjut { $unit } ({ $week })
commitment-greeting = Halo { $name },
commitment-soon-intro = Rencana tindak lanjut { $unit } dari acara "{ $title }" bertenggat { $ends } dan belum terpenuhi.
commitment-overdue-intro = Rencana tindak lanjut { $unit } dari acara "{ $title }" lewat tenggat ({ $ends }) dan belum terpenuhi.
commitment-what = Rencana: { $note }
commitment-reach = Sejauh ini { $count } dari { $total } unit yang dijanjikan sudah hadir.
commitment-copy = Anda menerima tembusan ini sebagai unit di atas { $unit }.
commitment-open = Buka rencana dan tutup dengan bukti: { $link }
