#!/usr/bin/env python3
"""The second judged set (issue 17): queries in four classes, a fixed tune/test split,
candidates pooled from several systems and from the judge's own word lists, graded by
the concepts below and corrected by reading.

Usage (from the workspace root):
  judge2.py NEWS_DIR --queries          writes queries-2.tsv (query, class, split)
  judge2.py NEWS_DIR --review           prints every pooled article with its grade and
                                        title, for the judge to read
  judge2.py NEWS_DIR                    writes judged-queries-2.tsv

The pool of a query is the union of
  - the top 20 of Sinergi's ranking as it was before any tuning and of SQLite FTS5
    (`pool-runs-2.tsv`, written by `examples/relevance --pool`),
  - the top 20 of a plain BM25 in this script (title 3x, lower-cased words split at
    every non-alphanumeric character, no stemming, no stop words: another system again),
  - every article matched by the judge's concepts: case-insensitive regular expressions,
    each matching at the start of a word, written from the *meaning* of the query
    (inflected forms, synonyms, usual abbreviations and their expansions).

Grades (as judge.py): 2 when every concept occurs in the title; 1 when every concept
occurs at least `min` times in title and body together; otherwise 0. Then the judge read
the title (and the lead where the title was unclear) of every article in the pool that
any system ranked in its top 10, and recorded the corrections in the overrides with the
reason beside them. Pooled articles not matched by the concepts are judged 0 unless an
override raises them.

The split is decided by a fixed rule before any tuning: a query belongs to the test part
when the first byte of the SHA-256 of its UTF-8 text is odd, otherwise to the tuning part.
"""

import glob
import hashlib
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).parent

# (query, class, concepts, min, {id or unique id prefix: (grade, reason)} overrides)
# class: word (one word), phrase (several words whose nearness matters), inflected (the
# articles mostly use other forms of the words), compound (hyphenated, alphanumeric,
# acronyms and abbreviations such as Pemprov, Kemendagri).
QUERIES = [
    # --- single words
    ("mudik", "word", [r"mudik|pemudik|arus balik"], 2, {}),
    ("hoaks", "word", [r"hoaks|hoax|berita bohong|kabar bohong|disinformasi"], 2, {}),
    ("pungli", "word", [r"pungli|pungutan liar"], 2, {'clickid-619db03a2bebb88d': (0, 'an anti-corruption event; pungli only named'), 'clickid-74e4928220ff617e': (0, 'same event'), 'clickid-6ddf4dd121d5c8bd': (2, 'title says dipungli, which the concept missed')}),
    ("tilang", "word", [r"tilang|ditilang|penilangan"], 2, {}),
    ("tsunami", "word", [r"tsunami"], 2, {}),
    ("inflasi", "word", [r"inflasi|deflasi"], 2, {}),
    ("longsor", "word", [r"longsor|tanah longsor|\w*longsoran"], 2, {}),
    ("beasiswa", "word", [r"beasiswa"], 2, {}),
    ("pengangguran", "word", [r"pengangguran|menganggur|penganggur|tingkat pengangguran"], 2, {}),
    ("imunisasi", "word", [r"imunisasi|vaksin\w*"], 2, {}),
    ("penyelundupan", "word", [r"\w*(s|ny)elundup\w*"], 2, {}),
    ("sembako", "word", [r"sembako|bahan pokok|kebutuhan pokok"], 2, {}),
    ("kemiskinan", "word", [r"kemiskinan|miskin|prasejahtera"], 2, {'indosum-1477629915-ini-sindiran-ki': (0, 'plagiarism quarrel; poverty only in a quote'), 'indosum-1479796204-sri-mulyani-min': (0, 'a bank-run hoax, not poverty')}),
    ("transportasi", "word", [r"transportasi|angkutan"], 2, {}),
    # --- phrases
    ("hak asasi manusia", "phrase", [r"hak asasi manusia|ham\b|pelanggaran ham|komnas ham"], 2, {}),
    ("angkutan umum", "phrase", [r"angkutan umum|transportasi (umum|publik|massal)|angkot|bus (kota|transjakarta)|transjakarta|krl|mrt|lrt"], 2, {}),
    ("bahan bakar minyak", "phrase", [r"bahan bakar minyak|bbm\b|premium|pertalite|solar\b|pertamax"], 2, {}),
    ("pedagang kaki lima", "phrase", [r"pedagang kaki lima|pkl\b"], 1, {'clickid-ccae6e30e11ee5cf': (0, 'bulk cooking oil ban, off topic'), 'clickid-8b0eada33a46853e': (0, 'tourism budget, off topic'), 'clickid-bdcb841252dfee70': (2, 'about letting street vendors use the pavement')}),
    ("rumah sakit umum daerah", "phrase", [r"rumah sakit umum daerah|rsud\b|rumah sakit daerah"], 2, {'clickid-22e758a8e88f2a40': (0, 'a death; the hospital only where the body went'), 'clickid-2669a766fc5fec37': (0, 'same'), 'clickid-27dbed3e4c530e32': (0, 'same'), 'clickid-db221bdacdf0f25f': (0, 'an illness; the hospital only named')}),
    ("bantuan sosial", "phrase", [r"bantuan sosial|bansos|program keluarga harapan|pkh\b|bantuan pangan"], 1, {'clickid-53ce7c0c03d46e8c': (0, 'an ADB loan; bansos in passing'), 'clickid-8f473a804d0bfef7': (0, 'growth forecast; in passing'), 'clickid-cc10ec2e1b48e9b6': (0, 'same'), 'indosum-1519783803-bos-imf-beri-ju': (0, 'IMF advice; in passing'), 'indosum-1502188621-penghematan-jad': (0, 'government spending; in passing'), 'indosum-1474671618-menteri-sosial-': (1, 'the social minister bringing aid to flood victims')}),
    ("kartu indonesia pintar", "phrase", [r"kartu indonesia pintar|kip\b|program indonesia pintar"], 1, {}),
    ("piala dunia", "phrase", [r"piala dunia|world cup"], 2, {}),
    ("sea games", "phrase", [r"sea games"], 2, {}),
    ("kebakaran pasar", "phrase", [r"kebakaran|terbakar|dilalap|api", r"pasar\b"], 2, {'clickid-6722f40422d42ac2': (1, 'a hundred market stalls burnt')}),
    ("bunuh diri", "phrase", [r"bunuh diri|gantung diri|mengakhiri hidup"], 2, {}),
    ("kenaikan harga", "phrase", [r"kenaikan harga|harga\W+(\w+\W+){0,2}(naik|melonjak|meroket|melambung)|menaikkan harga|inflasi"], 2, {'clickid-8a0e933a14da7034': (2, 'cigarette prices rise 35%'), 'clickid-157627ea9d163d91': (1, 'the excise rise that raises cigarette prices'), 'clickid-d2800aa837a3fdb7': (1, 'same'), 'clickid-ef4865be6914170b': (1, 'same'), 'clickid-57b1da42787a25c0': (0, 'a stock index, not prices of goods')}),
    ("tenaga kerja indonesia", "phrase", [r"tenaga kerja indonesia|tki\b|pekerja migran|buruh migran|tkw\b"], 1, {}),
    # --- inflected
    ("pembunuhan", "inflected", [r"pembunuhan|dibunuh|membunuh|pembunuh|terbunuh"], 2, {'clickid-a79c42c278b55203': (2, 'a wife who killed her husband: a murder')}),
    ("pencurian motor", "inflected", [r"pencuri\w*|dicuri|mencuri|curi\w*|maling|curanmor|begal", r"motor|sepeda motor|ranmor|curanmor"], 1, {'clickid-0e331a3c250ac159': (0, 'a theft accusation about clothes'), 'clickid-2eace69ffc68a924': (0, "a policeman's accident"), 'indosum-1501930134-korban-pembakar': (0, 'an amplifier, not a motorbike'), 'indosum-1518552000-dua-tahun-buron': (0, 'a car robbery')}),
    ("penipuan online", "inflected", [r"penipu\w*|ditipu|menipu|tipu\w*", r"online|daring|internet|media sosial|medsos|situs|aplikasi|investasi bodong"], 1, {}),
    ("pemblokiran situs", "inflected", [r"\w*blokir\w*", r"situs|website|laman|konten|internet|aplikasi|telegram|media sosial"], 1, {}),
    ("pelantikan gubernur", "inflected", [r"pelantikan|dilantik|melantik|lantik\w*", r"gubernur|gub\b"], 1, {}),
    ("penggusuran warga", "inflected", [r"penggusuran|digusur|menggusur|gusur\w*", r"warga|penduduk|permukiman|rumah"], 1, {}),
    ("pemadaman listrik", "inflected", [r"pemadaman|padam\w*|blackout|listrik mati|mati listrik", r"listrik|pln\b"], 1, {}),
    ("penertiban pedagang", "inflected", [r"penertiban|ditertibkan|menertibkan|tertib\w*|razia|penggusuran|digusur", r"pedagang|pkl\b|lapak"], 1, {}),
    ("pembangunan bendungan", "inflected", [r"bendungan|waduk|dam\b", r"\w*bangun\w*|konstruksi|proyek|diresmikan|meresmikan"], 1, {}),
    ("pemberantasan korupsi", "inflected", [r"(?<!komisi )\w*berantas\w*|antikorupsi|anti-korupsi|anti korupsi|(pencegahan|penindakan) (tindak pidana )?korupsi", r"korupsi|koruptor|rasuah|tipikor"], 1, {}),
    ("penurunan harga", "inflected", [r"penurunan|turun|menurun|diturunkan|menurunkan|anjlok|merosot|murah", r"harga"], 2, {'clickid-9ebbcd3154f4786c': (0, 'export volume, not prices'), 'clickid-55f2a6c44b68bf3c': (0, 'gold price rising'), 'clickid-d2800aa837a3fdb7': (0, 'an excise rise')}),
    ("pengungsi gempa", "inflected", [r"pengungsi|mengungsi|pengungsian|diungsikan|evakuasi|dievakuasi", r"gempa"], 1, {'indosum-1508034746-bnpb-darurat-gu': (0, 'a volcano, not an earthquake')}),
    ("penyaluran bantuan", "inflected", [r"penyaluran|disalurkan|menyalurkan|salur\w*|pembagian|dibagikan|distribusi", r"bantuan|bansos|sembako"], 2, {}),
    ("perbaikan jalan rusak", "inflected", [r"perbaikan|diperbaiki|memperbaiki|pengaspalan|diaspal|tambal", r"jalan", r"rusak|kerusakan|berlubang|lubang"], 1, {'clickid-3b9bb10cd2ad1793': (0, "'rawat jalan' is outpatient care")}),
    # --- compounds, alphanumerics, acronyms, abbreviations
    ("e-ktp", "compound", [r"e[- ]?ktp|ktp elektronik|ktp-el|kartu tanda penduduk elektronik"], 1, {}),
    ("uu ite", "compound", [r"uu ite|undang-undang (nomor 11 tahun 2008 tentang )?informasi dan transaksi elektronik|uu informasi dan transaksi elektronik"], 1, {}),
    ("jaringan 4g", "compound", [r"4g\b|lte\b|4g lte"], 1, {}),
    ("e-commerce", "compound", [r"e[- ]?commerce|dagang elektronik|perdagangan elektronik|toko (daring|online)|belanja (daring|online)|marketplace"], 2, {}),
    ("tni-polri", "compound", [r"tni\b", r"polri|kepolisian|polisi"], 2, {}),
    ("go-jek", "compound", [r"go[- ]?jek|ojek online|ojol\b|ojek daring"], 1, {}),
    ("ott kpk", "compound", [r"ott\b|operasi tangkap tangan|tangkap tangan", r"kpk\b|komisi pemberantasan korupsi"], 1, {}),
    ("pemprov dki", "compound", [r"pemprov dki|pemerintah provinsi dki|pemprov\b|pemerintah provinsi", r"dki|jakarta"], 2, {}),
    ("pemkab", "compound", [r"pemkab|pemerintah kabupaten"], 1, {}),
    ("kemendagri", "compound", [r"kemendagri|kementerian dalam negeri|mendagri|menteri dalam negeri"], 2, {}),
    ("kemenhub", "compound", [r"kemenhub|kementerian perhubungan|menhub|menteri perhubungan"], 2, {}),
    ("ruu kuhp", "compound", [r"ruu kuhp|rkuhp|r-kuhp|rancangan (undang-undang )?kitab undang-undang hukum pidana|revisi kuhp|ruu kitab"], 1, {}),
    ("bnn", "compound", [r"bnn\b|badan narkotika nasional|bnnp\b|bnnk\b"], 1, {}),
    ("pt kai", "compound", [r"pt kai|kai\b|kereta api indonesia|pt kereta api"], 1, {}),
    ("kpu", "compound", [r"kpu\b|komisi pemilihan umum|kpud\b"], 2, {}),
    ("apbd dki", "compound", [r"apbd\b|anggaran pendapatan dan belanja daerah|kua-ppas|rapbd", r"dki|jakarta"], 2, {}),
]


def split_of(query):
    return "test" if hashlib.sha256(query.encode("utf-8")).digest()[0] % 2 else "tune"


def load(news):
    docs = []
    for path in sorted(glob.glob(f"{news}/*.jsonl")):
        with open(path, encoding="utf-8") as f:
            docs.extend(json.loads(line) for line in f if line.strip())
    return docs


def judge(docs, concepts, minimum):
    patterns = [re.compile(r"\b(?:" + c + ")", re.IGNORECASE) for c in concepts]
    grades = {}
    for doc in docs:
        text = doc["title"] + "\n" + doc["body"]
        if all(p.search(doc["title"]) for p in patterns):
            grades[doc["id"]] = 2
        elif all(len(p.findall(text)) >= minimum for p in patterns):
            grades[doc["id"]] = 1
    return grades


WORD = re.compile(r"\w+")


class PlainBM25:
    """BM25 (k1 1.2, b 0.75) over title (3x) and body, no stemming, no stop words."""

    def __init__(self, docs):
        self.ids = [d["id"] for d in docs]
        self.tfs = []
        df = Counter()
        for d in docs:
            words = WORD.findall(d["title"].lower()) * 3 + WORD.findall(d["body"].lower())
            tf = Counter(words)
            self.tfs.append((tf, len(words)))
            df.update(tf.keys())
        n = len(docs)
        self.idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}
        self.avg = sum(l for _, l in self.tfs) / n

    def top(self, query, k=20):
        words = WORD.findall(query.lower())
        scored = []
        for i, (tf, length) in enumerate(self.tfs):
            if not all(w in tf for w in words):
                continue
            s = 0.0
            for w in words:
                f = tf[w]
                s += self.idf[w] * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * length / self.avg))
            scored.append((-s, self.ids[i]))
        scored.sort()
        return [i for _, i in scored[:k]]


def read_runs():
    runs = defaultdict(list)
    path = HERE / "pool-runs-2.tsv"
    if not path.exists():
        print(f"# {path} missing: the engines' runs are not pooled", file=sys.stderr)
        return {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        system, query, rank, doc_id = line.split("\t")
        runs[(system, query)].append((int(rank), doc_id))
    return {k: [d for _, d in sorted(v)] for k, v in runs.items()}


def main():
    news = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "../shared/data/news"
    if "--queries" in sys.argv:
        out = HERE / "queries-2.tsv"
        with open(out, "w", encoding="utf-8") as f:
            f.write("# query<TAB>class<TAB>split (test when the first byte of sha256(query) is odd); see README.md\n")
            for query, cls, *_ in QUERIES:
                f.write(f"{query}\t{cls}\t{split_of(query)}\n")
        print(f"{len(QUERIES)} queries -> {out}")
        return
    docs = load(news)
    titles = {d["id"]: d["title"] for d in docs}
    leads = {d["id"]: " ".join(d["body"].split())[:160] for d in docs}
    runs = read_runs()
    bm25 = PlainBM25(docs)
    review = "--review" in sys.argv
    rows = []
    for query, cls, concepts, minimum, overrides in QUERIES:
        grades = judge(docs, concepts, minimum)
        systems = {
            "sinergi": runs.get(("sinergi", query), []),
            "fts5": runs.get(("fts5", query), []),
            "bm25": bm25.top(query),
        }
        top10 = {d for ranked in systems.values() for d in ranked[:10]}
        for prefix, (grade, _reason) in overrides.items():
            matches = [d for d in titles if d.startswith(prefix)]
            if len(matches) != 1:
                sys.exit(f"{query}: override {prefix!r} matches {len(matches)} articles")
            doc_id = matches[0]
            if grade:
                grades[doc_id] = grade
            else:
                grades.pop(doc_id, None)
        if review:
            print(f"=== {query} [{cls}, {split_of(query)}]: {sum(g == 2 for g in grades.values())} x2, {sum(g == 1 for g in grades.values())} x1")
            for doc_id in sorted(top10, key=lambda d: (-grades.get(d, 0), d)):
                who = "".join(s[0] for s, r in systems.items() if doc_id in r[:10])
                mark = "*" if any(doc_id.startswith(o) for o in overrides) else " "
                print(f"  {grades.get(doc_id, 0)}{mark} {who:3} {doc_id[:34]:34} {titles[doc_id][:90]}")
                if "--leads" in sys.argv:
                    print(f"        {leads[doc_id]}")
        ranked = sorted(grades.items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append((query, ranked))
    if not review:
        out = HERE / "judged-queries-2.tsv"
        with open(out, "w", encoding="utf-8") as f:
            f.write("# query<TAB>doc_id<TAB>grade (2 = about the query, 1 = discusses it); see README.md, judge2.py\n")
            for query, ranked in rows:
                for doc_id, grade in ranked:
                    f.write(f"{query}\t{doc_id}\t{grade}\n")
        print(f"{len(rows)} queries, {sum(len(r) for _, r in rows)} judgements -> {out}")


if __name__ == "__main__":
    main()
