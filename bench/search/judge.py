#!/usr/bin/env python3
"""Builds judged-queries.tsv from the judging criteria below and the news corpus.

Usage: judge.py NEWS_DIR [--review]   (writes judged-queries.tsv beside this script;
                                      --review prints every judged article's title instead)

Each query has concepts: case-insensitive regular expressions, each matching at the start
of a word, written by the judge from the *meaning* of the query (inflected forms,
synonyms, the usual abbreviations), never from either engine's output. An article is

- grade 2 when every concept occurs in its title (the article is about the query);
- grade 1 when every concept occurs at least `min` times in title and body together
  (the article discusses it substantially);

and then the judge read the titles (and, where unclear, the lead) of every judged article
(`--review`) and listed the off-topic ones in `drop` (judged 0) and the ones to regrade
in `grade`. Articles matched by no concept are not relevant.
"""

import glob
import json
import re
import sys
from pathlib import Path

# (query, concepts, min, {id: grade} overrides)
QUERIES = [
    ("pelayanan publik", [r"(pe)?layanan publik"], 1, {'clickid-96e61baa8d37bd3b': 2, 'indosum-1494716700-lee-min-ho-resmi-jalani-wajib-militer': 0, 'indosum-1505322000-ribuan-pekerja-mogok-di-prancis-protes-presiden-ma': 0, 'indosum-1475106323-isu-reklamasi-teluk-jakarta-bakal-jadi-komoditas-p': 0, 'clickid-7104ad9f8a7f49f5': 0, 'clickid-779fa6add33fa20a': 0, 'clickid-619db03a2bebb88d': 0, 'clickid-74e4928220ff617e': 0, 'clickid-99024168a35539c7': 0, 'clickid-b23a68ca31ca0a29': 0, 'clickid-3b6179cf6f669230': 0}),
    ("karhutla riau", [r"karhutla|kebakaran hutan|hutan dan lahan|pembakar\w* (hutan|lahan)", r"riau|pekanbaru"], 2, {'clickid-af770c4fd8b94179': 0, 'clickid-ba82f3f6c0d4e67b': 0}),
    ("kabut asap ganggu penerbangan", [r"(kabut )?asap", r"penerbangan|pesawat|maskapai|bandara"], 2, {}),
    ("revisi uu kpk", [r"revisi (uu|undang-undang) (kpk|nomor 30)|ruu kpk|revisi uu kpk|uu kpk"], 2, {}),
    ("membangun jalan tol", [r"(jalan )?tol\b", r"\w*bangun\w*|konstruksi|proyek"], 2, {'clickid-90e71e4c0c5478ed': 0, 'clickid-f47b752d36668621': 0, 'indosum-1487738748-tegal-akan-bangun-pelabuhan-terpadu': 0, 'indosum-1488940223-menhub-klaim-tol-laut-kurangi-disparitas-harga-bar': 0, 'indosum-1497654472-jembatan-layang-pejagan-purwokerto-urai-macet-di-j': 0}),
    ("pembangunan infrastruktur", [r"infrastruktur", r"\w*bangun\w*"], 2, {}),
    ("pemindahan ibu kota", [r"ibu ?kota (baru|negara)|\w*pindah\w* ibu ?kota|ibu ?kota (akan )?(di)?pindah"], 1, {}),
    ("habibie meninggal dunia", [r"(bj )?habibie", r"meninggal|wafat|berpulang|tutup usia|\w*makam\w*|duka"], 1, {}),
    ("gempa bumi", [r"gempa"], 2, {}),
    ("kenaikan cukai rokok", [r"cukai", r"rokok|tembakau", r"naik|kenaikan|menaikkan|dinaikkan"], 1, {}),
    ("kerusuhan di papua", [r"papua", r"rusuh|kerusuhan|ricuh|kericuhan|demo|unjuk rasa|amuk"], 2, {'clickid-10a00bdd79e67234': 0}),
    ("dana desa", [r"dana desa"], 1, {}),
    ("penangkapan bandar narkoba", [r"narkoba|sabu|narkotika|ganja", r"\w*tangkap\w*|diringkus|dibekuk|bandar|pengedar"], 2, {'clickid-2646c98cffb1f3c5': 0, 'indosum-1503829979-gubernur-ganjar-kelompok-saracen-ibarat-teroris-di': 0, 'indosum-1512241200-empat-pengungsi-suriah-ditangkap-di-belanda': 0}),
    ("banjir", [r"banjir"], 2, {}),
    ("asian games", [r"asian games"], 1, {}),
    ("harga minyak dunia", [r"harga minyak|minyak mentah"], 1, {}),
    ("rupiah melemah", [r"rupiah", r"melemah|pelemahan|anjlok|terdepresiasi|tertekan|merosot"], 1, {}),
    ("suku bunga bank indonesia", [r"suku bunga|bi rate|7-day|bunga acuan", r"bank indonesia|bi\b"], 1, {}),
    ("pilkada dki jakarta", [r"pilkada|pilgub|pemilihan gubernur", r"dki|jakarta"], 2, {}),
    ("korupsi e-ktp setya novanto", [r"e-?ktp|ktp elektronik|ktp-el", r"novanto|setnov"], 1, {}),
    ("serangan bom teroris", [r"bom\b|bom bunuh|\w*teror\w*", r"serang\w*|ledak\w*|meledak"], 2, {'indosum-1502357310-diancam-bom-oleh-korut-guam-tetap-santai': 0, 'indosum-1502859990-terancam-korut-jepang-tagih-pertolongan-as': 0, 'clickid-a52a24da501ba5dd': 0, 'indosum-1510639200-youtube-sapu-bersih-video-propaganda-teroris-anwar': 0}),
    ("kecelakaan pesawat", [r"pesawat", r"kecelakaan|jatuh|celaka|tergelincir"], 2, {'indosum-1477709103-pesawat-ulang-alik-indonesia-gagal-menembus-awan': 0}),
    ("sampah plastik", [r"sampah", r"plastik"], 2, {}),
    ("iuran bpjs kesehatan", [r"bpjs", r"iuran"], 2, {}),
    ("guru honorer", [r"(guru )?honorer"], 1, {}),
    ("pariwisata bali", [r"\w*wisata\w*|turis", r"bali\b"], 2, {'indosum-1504604413-shakira-syuting-video-klip-terbaru-di-bali': 0, 'indosum-1512521100-gunung-agung-erupsi-ojk-belum-waspadai-kredit-berm': 0}),
    ("erupsi gunung agung", [r"gunung agung|g\. agung", r"erupsi|letusan|meletus|abu vulkanik|status awas|siaga|mengungsi|pengungsi"], 1, {}),
    ("pengampunan pajak", [r"tax amnesty|amnesti pajak|pengampunan pajak"], 1, {}),
    ("impor beras", [r"\w*impor\w*", r"beras"], 2, {}),
    ("perusahaan startup", [r"startup|start-up|perusahaan rintisan"], 4, {}),
    ("listrik pln", [r"listrik", r"pln\b|perusahaan listrik negara"], 2, {}),
    ("kereta api", [r"kereta|krl|mrt|lrt"], 2, {}),
    ("trotoar pejalan kaki", [r"trotoar|pejalan kaki|pedestrian"], 1, {}),
    ("demo mahasiswa tolak ruu", [r"demo|unjuk rasa|demonstrasi|aksi|berdemo|\w*tolak\w*", r"mahasiswa", r"ruu|rancangan undang|revisi"], 2, {}),
    ("reklamasi teluk jakarta", [r"reklamasi"], 1, {}),
    ("seleksi calon pimpinan kpk", [r"capim|calon pimpinan|pansel|uji kelayakan|fit and proper", r"kpk"], 1, {}),
    ("sri mulyani apbn", [r"sri mulyani|menkeu|menteri keuangan", r"apbn|anggaran"], 2, {}),
    ("timnas indonesia", [r"timnas|tim nasional", r"indonesia|garuda"], 2, {}),
    ("kekerasan terhadap anak", [r"kekerasan|\w*aniaya\w*|pelecehan|pencabulan|dicabuli", r"anak"], 2, {'clickid-a41ca81875eaa270': 0, 'indosum-1473674409-kunjungi-pengungsi-suriah-angelina-jolie-kecam-pas': 0, 'indosum-1491307216-wartawannya-tewas-dibunuh-koran-meksiko-ditutup': 0, 'indosum-1500973200-polisi-belum-kabulkan-penangguhan-penahanan-axel': 0, 'indosum-1510643700-louis-ck-didepak-dari-hollywood-karena-pelecehan-s': 0, 'indosum-1513469844-seniman-muslim-kebumen-rancang-kolase-bunda-maria': 0, 'clickid-c805689d786904d0': 0, 'clickid-afec087f1426cc38': 2, 'clickid-d7b71fb9ab643344': 2, 'clickid-f74049567937dae5': 2, 'clickid-0109fc3d9ba1b8df': 2, 'indosum-1515880800-kpai-akan-bertemu-anies-soal-kekerasan-seksual-gur': 2, 'indosum-1474657257-pembunuh-dan-penyodomi-siswi-smp-di-medan-dibui-9-': 2}),
    ("stunting", [r"stunting|gizi buruk|kekurangan gizi|kurang gizi"], 1, {}),
    ("nelayan", [r"nelayan"], 2, {}),
    ("pembangunan bandara baru", [r"bandara|bandar udara", r"\w*bangun\w*|konstruksi"], 2, {}),
    ("penerbangan dibatalkan", [r"penerbangan|pesawat|maskapai", r"\w*batal\w*|\w*tunda\w*"], 1, {'clickid-c64e4f97b61ab9fd': 0, 'indosum-1472670028-jet-tempur-swiss-hilang-saat-latihan': 0, 'indosum-1477709103-pesawat-ulang-alik-indonesia-gagal-menembus-awan': 0, 'indosum-1479972652-heboh-dalai-lama-rencana-akan-bertemu-donald-trump': 0, 'indosum-1485735337-perintah-trump-dan-kekacauan-yang-ditimbulkannya': 0, 'indosum-1508985795-kota-tua-di-turki-terancam-ditenggelamkan-bendunga': 0, 'indosum-1519245000-rizieq-tuding-ada-kelompok-punya-rencana-jahat': 0}),
    ("jawa barat", [r"jawa barat|jabar\b"], 2, {}),
    ("sulawesi selatan", [r"sulawesi selatan|sulsel|makassar"], 2, {}),
    ("kalimantan timur", [r"kalimantan timur|kaltim|balikpapan|samarinda|penajam|kutai"], 2, {}),
    ("nusa tenggara timur", [r"nusa tenggara timur|ntt\b|kupang|labuan bajo|flores"], 2, {}),
    ("pegawai negeri sipil", [r"asn\b|aparatur sipil|pns\b|pegawai negeri"], 2, {}),
]


def load(news):
    docs = []
    for path in sorted(glob.glob(f"{news}/*.jsonl")):
        with open(path, encoding="utf-8") as f:
            docs.extend(json.loads(line) for line in f)
    return docs


def judge(docs, concepts, minimum, overrides):
    patterns = [re.compile(r"\b(?:" + c + ")", re.IGNORECASE) for c in concepts]
    grades = {}
    for doc in docs:
        text = doc["title"] + "\n" + doc["body"]
        if all(p.search(doc["title"]) for p in patterns):
            grades[doc["id"]] = 2
        elif all(len(p.findall(text)) >= minimum for p in patterns):
            grades[doc["id"]] = 1
    for doc_id, grade in overrides.items():
        if grade:
            grades[doc_id] = grade
        else:
            grades.pop(doc_id, None)
    return grades


def main():
    news = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/news"
    docs = load(news)
    titles = {d["id"]: d["title"] for d in docs}
    review = "--review" in sys.argv
    rows = []
    for query, concepts, minimum, overrides in QUERIES:
        grades = judge(docs, concepts, minimum, overrides)
        ranked = sorted(grades.items(), key=lambda kv: (-kv[1], kv[0]))
        if review:
            print(f"=== {query}: {sum(g == 2 for g in grades.values())} ×2, {sum(g == 1 for g in grades.values())} ×1")
            for doc_id, grade in ranked:
                print(f"  {grade} {doc_id[:40]:40} {titles[doc_id][:110]}")
        rows.append((query, ranked))
    if not review:
        out = Path(__file__).with_name("judged-queries.tsv")
        with open(out, "w", encoding="utf-8") as f:
            f.write("# query<TAB>doc_id<TAB>grade (2 = about the query, 1 = discusses it); see README.md\n")
            for query, ranked in rows:
                for doc_id, grade in ranked:
                    f.write(f"{query}\t{doc_id}\t{grade}\n")
        print(f"{len(rows)} queries, {sum(len(r) for _, r in rows)} judgements -> {out}")


if __name__ == "__main__":
    main()
