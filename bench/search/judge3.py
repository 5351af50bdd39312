#!/usr/bin/env python3
"""The third judged set (issue 17): 40 new queries in four classes, all in the `test` part,
made to be scored once and never tuned on. Same method as judge2.py (the second set).

Usage (from the workspace root):
  judge3.py NEWS_DIR --queries          writes queries-3.tsv (query, class, split)
  judge3.py NEWS_DIR --review [--leads] [--all]
                                        prints every article in the pool that any system
                                        ranked in its top 10 (--all: also every other
                                        article the concepts match), with its grade and
                                        title (--leads: and the first 160 characters of
                                        the body), for the judge to read
  judge3.py NEWS_DIR                    writes judged-queries-3.tsv

The pool of a query is the union of
  - the top 20 of Sinergi and of SQLite FTS5 (`pool-runs-3.tsv`, written by
    `examples/relevance --pool`),
  - the top 20 of a plain BM25 in this script (title 3x, lower-cased words split at
    every non-alphanumeric character, no stemming, no stop words: another system again),
  - every article matched by the judge's concepts: case-insensitive regular expressions,
    each matching at the start of a word, written from the *meaning* of the query
    (inflected forms, synonyms, usual abbreviations and their expansions), not from any
    engine's output. IndoSum bodies were re-joined from tokens with spaces, so hyphenated
    forms may read "e - money", "pdi - p": the concepts accept those spellings.

Grades (as judge2.py): 2 when every concept occurs in the title; 1 when every concept
occurs at least `min` times in title and body together; otherwise 0. Then the judge read
the title (and the lead where the title was unclear) of every article in the pool that
any system ranked in its top 10, and recorded the corrections in the overrides with the
reason beside them. Pooled articles not matched by the concepts are judged 0 unless an
override raises them.

Every query of this set is in the `test` part: the set is scored once, at the end.
"""

import glob
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
# acronyms and abbreviations).
QUERIES = [
    # --- single words
    ("narkoba", "word", [r"narkoba|narkotika|napza|psikotropika|sabu\b|sabu ?- ?sabu|ganja\b|ekstasi|ekstasi|heroin|kokain|tembakau gorila|\w*pil pcc"], 2, {}),
    ("terorisme", "word", [r"\w*teroris\w*|teror\b|aksi teror|serangan teror|densus|bom bunuh diri|isis\b|jamaah ansharu\w*|jad\b"], 2, {}),
    ("kemacetan", "word", [r"\w*macet\w*|kepadatan (lalu lintas|kendaraan|arus)|padat merayap|antrean kendaraan|antrian kendaraan|tersendat|traffic jam"], 2, {}),
    ("pajak", "word", [r"\w*pajak\w*|pph\b|ppn\b|tax amnesty|amnesti pajak"], 3, {}),
    ("ekspor", "word", [r"\w*ekspor\w*|export\w*"], 3, {}),
    ("pemilu", "word", [r"pemilu\w*|pemilihan umum|pileg\b|pilpres\b|pemilihan presiden|pemilihan legislatif"], 3, {}),
    ("tawuran", "word", [r"tawuran|bentrok\w* antar ?(pelajar|warga|kampung|siswa|geng|kelompok|pemuda)|perkelahian (antar|massal)|perang (sarung|batu)"], 2, {}),
    ("suap", "word", [r"\w*(?:suap|nyuap)\w*|gratifikasi|\w*sogok\w*|uang pelicin"], 2, {}),
    ("haji", "word", [r"(?:ibadah|jemaah|jamaah|calon|penyelenggaraan|penyelenggara|musim|biaya|ongkos|kuota|petugas|keberangkatan|pemberangkatan|pelaksanaan|dana|asrama|visa|menunaikan|berangkat|pulang|kepulangan|daftar tunggu|antrean|antrian)\W+haji|haji (?:reguler|plus|khusus|furoda)|bpih\b|bpkh\b|kloter\b|embarkasi|debarkasi|naik haji|berhaji|mabrur|armina|wukuf"], 2, {}),
    ("kekeringan", "word", [r"kekeringan|kemarau|krisis air|kesulitan air|kekurangan air|dropping air|droping air|distribusi air bersih|el nino"], 2, {}),
    # --- phrases
    ("pertumbuhan ekonomi", "phrase", [r"pertumbuhan ekonomi|ekonomi (nasional |indonesia |global |dunia |daerah |kita )?(tumbuh|bertumbuh)|pertumbuhan (pdb|pdrb)|(pdb|pdrb)\W+(\w+\W+){0,2}tumbuh"], 2, {}),
    ("lembaga pemasyarakatan", "phrase", [r"lembaga pemasyarakatan|lapas\w*|rutan\b|rumah tahanan|warga binaan|ditjen ?pas\b|pemasyarakatan"], 2, {}),
    ("mahkamah konstitusi", "phrase", [r"mahkamah konstitusi|mk\b"], 2, {}),
    ("usaha kecil menengah", "phrase", [r"usaha (mikro,? )?kecil,? (dan )?menengah|umkm\w*|ukm\w*|usaha kecil|usaha mikro"], 2, {}),
    ("kepala daerah", "phrase", [r"kepala daerah|kada\b|pemimpin daerah|(gubernur|bupati),? (dan |atau )?(wakil gubernur, )?(bupati|wali ?kota)"], 2, {}),
    ("partai politik", "phrase", [r"partai politik|parpol\w*|partai-partai|partai - partai|partai (koalisi|pengusung|pendukung|oposisi|peserta|baru)"], 2, {}),
    ("pembangkit listrik", "phrase", [r"pembangkit\w*|pltu\b|plta\b|pltd\b|pltg\w*|pltp\b|plts\w*|pltsa\b|pltn\b|pltb\b|pltmh\b|tenaga (uap|air|surya|angin|nuklir|bayu|panas bumi)"], 2, {}),
    ("titik api", "phrase", [r"titik (api|panas)|hotspot|hot ?spot"], 2, {}),
    ("kepala desa", "phrase", [r"kepala desa|kades\b|kepala kampung|kepala gampong|keuchik|kuwu\b|pilkades|pemilihan kepala desa"], 2, {}),
    ("kereta cepat", "phrase", [r"kereta (api )?(semi ?)?cepat|high speed (rail|train)|hsr\b|kcic\b|shinkansen"], 2, {}),
    # --- inflected
    ("pengesahan ruu", "inflected", [r"pengesahan|disahkan\w*|mengesahkan|sahkan|ketok palu|diketok", r"ruu\b|rancangan undang|undang ?- ?undang|uu\b|rkuhp|r-kuhp|perppu"], 2, {}),
    ("pemeriksaan saksi", "inflected", [r"pemeriksaan|diperiksa|memeriksa|periksa\w*|dimintai keterangan|meminta keterangan", r"saksi\w*|kesaksian|bersaksi"], 2, {}),
    ("pemerkosaan", "inflected", [r"\w*(?:perkosa|merkosa)\w*|\w*rudapaksa\w*|pencabulan|dicabuli|mencabuli|cabul\w*|persetubuhan|disetubuhi|menyetubuhi|\w*gagahi"], 2, {}),
    ("peluncuran aplikasi", "inflected", [r"peluncuran|diluncurkan|meluncurkan|luncurkan|merilis|dirilis|rilis\w*|launching|launch\w*|memperkenalkan|menghadirkan|hadirkan", r"aplikasi|app\b|apps\b"], 2, {}),
    ("pengeroyokan", "inflected", [r"\w*keroyok\w*|diamuk massa|dihajar massa|dihakimi massa|amukan massa|main hakim sendiri|dianiaya (beramai|ramai|massa|sekelompok)"], 2, {}),
    ("penembakan", "inflected", [r"(?:pe|me)nembak\w*|(?:di|ter)?tembak(?!au)\w*"], 2, {}),
    ("penahanan tersangka", "inflected", [r"penahanan|ditahan|menahan|tahanan|dijebloskan|mendekam|rutan\b", r"tersangka|terdakwa"], 2, {}),
    ("penangkapan teroris", "inflected", [r"penangkapan|ditangkap|menangkap|tangkap|dibekuk|membekuk|diringkus|meringkus|penyergapan|disergap|menyergap|penggerebekan|digerebek|menggerebek|diamankan", r"\w*teroris\w*|teror\b|densus|jad\b|jamaah ansharu\w*|isis\b|bom\b"], 2, {}),
    ("pencarian korban", "inflected", [r"pencarian|dicari|mencari|menyisir|penyisiran|operasi sar|tim sar|basarnas|sar gabungan", r"korban|orang hilang|hilang|penumpang|pendaki|jasad|jenazah"], 2, {}),
    ("pembubaran ormas", "inflected", [r"pembubaran|dibubarkan|membubarkan|bubarkan|bubar\b|pencabutan (status )?badan hukum|dicabut (status )?badan hukum", r"ormas\w*|organisasi kemasyarakatan|hti\b|hizbut tahrir|fpi\b|front pembela islam"], 2, {}),
    # --- compounds, alphanumerics, acronyms, abbreviations
    ("kemenkes", "compound", [r"kemenkes\w*|kementerian kesehatan|menkes\b|menteri kesehatan"], 2, {}),
    ("bpjs", "compound", [r"bpjs\w*|badan penyelenggara jaminan sosial|jaminan kesehatan nasional|jkn\b|jkn ?- ?kis|kartu indonesia sehat"], 2, {}),
    ("polda metro jaya", "compound", [r"polda metro\w*|polda pmj|kepolisian daerah metro|kapolda metro\w*|pmj\b"], 2, {}),
    ("ojk", "compound", [r"ojk\b|otoritas jasa keuangan"], 2, {}),
    ("bmkg", "compound", [r"bmkg\b|badan meteorologi|bmg\b"], 2, {}),
    ("satpol pp", "compound", [r"satpol\w*|satuan polisi pamong|polisi pamong praja|pol ?pp\b"], 2, {}),
    ("densus 88", "compound", [r"densus\w*|detasemen khusus|den 88"], 1, {}),
    ("pdi-p", "compound", [r"pdi ?-? ?p\b|pdip\w*|pdi perjuangan|partai demokrasi indonesia perjuangan|banteng moncong"], 2, {}),
    ("kementerian pupr", "compound", [r"kementerian pupr|kemenpupr|kemen ?pupr|(?<!dinas )pupr\b|kementerian pekerjaan umum|menteri pekerjaan umum|menpupr|menteri pupr"], 2, {}),
    ("e-money", "compound", [r"e ?-? ?money|uang elektronik|dompet (digital|elektronik)|e ?-? ?wallet|kartu (uang )?elektronik|e ?-? ?toll"], 2, {}),
]


def load(news):
    docs = []
    for path in sorted(glob.glob(f"{news}/*.jsonl")):
        with open(path, encoding="utf-8") as f:
            docs.extend(json.loads(line) for line in f if line.strip())
    return docs


# A short bracketed aside, as in "Mahkamah Konstitusi (MK)" or "kebakaran hutan dan lahan
# (karhutla)": removed before counting, so that a term and its abbreviation written together
# count as one mention, not two (a change from judge2.py).
ASIDE = re.compile(r"\s\([^()\n]{1,20}\)")


def judge(docs, concepts, minimum):
    patterns = [re.compile(r"\b(?:" + c + ")", re.IGNORECASE) for c in concepts]
    grades = {}
    for doc in docs:
        text = ASIDE.sub(" ", doc["title"] + "\n" + doc["body"])
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
    path = HERE / "pool-runs-3.tsv"
    if not path.exists():
        print(f"# {path} missing: the engines' runs are not pooled", file=sys.stderr)
        return {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        system, query, rank, doc_id = line.split("\t")
        runs[(system, query)].append((int(rank), doc_id))
    return {k: [d for _, d in sorted(v)] for k, v in runs.items()}


def earlier_queries():
    """The queries of the first two sets, none of which may be asked again here."""
    seen = set()
    for name in ("judged-queries.tsv", "queries-2.tsv"):
        path = HERE / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    seen.add(line.split("\t")[0].strip().lower())
    return seen


def main():
    news = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "../shared/data/news"
    again = [q for q, *_ in QUERIES if q.lower() in earlier_queries()]
    if again or len({q for q, *_ in QUERIES}) != len(QUERIES):
        sys.exit(f"queries asked before or twice: {again}")
    if "--queries" in sys.argv:
        out = HERE / "queries-3.tsv"
        with open(out, "w", encoding="utf-8") as f:
            f.write("# query<TAB>class<TAB>split (the third set: every query is test, scored once); see SET3.md\n")
            for query, cls, *_ in QUERIES:
                f.write(f"{query}\t{cls}\ttest\n")
        print(f"{len(QUERIES)} queries -> {out}")
        return
    docs = load(news)
    titles = {d["id"]: d["title"] for d in docs}
    leads = {d["id"]: " ".join(d["body"].split())[:160] for d in docs}
    runs = read_runs()
    bm25 = PlainBM25(docs)
    review = "--review" in sys.argv
    only = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")]
    rows = []
    pool_sizes = []
    for query, cls, concepts, minimum, overrides in QUERIES:
        grades = judge(docs, concepts, minimum)
        matched = set(grades)
        systems = {
            "sinergi": runs.get(("sinergi", query), []),
            "fts5": runs.get(("fts5", query), []),
            "bm25": bm25.top(query),
        }
        top10 = {d for ranked in systems.values() for d in ranked[:10]}
        pool = matched | {d for ranked in systems.values() for d in ranked[:20]}
        for prefix, (grade, _reason) in overrides.items():
            matches = [d for d in titles if d.startswith(prefix)]
            if len(matches) != 1:
                sys.exit(f"{query}: override {prefix!r} matches {len(matches)} articles")
            doc_id = matches[0]
            if doc_id not in pool:
                sys.exit(f"{query}: override {prefix!r} is not in the pool")
            if grade:
                grades[doc_id] = grade
            else:
                grades.pop(doc_id, None)
        pool_sizes.append((query, len(pool), len(top10)))
        if review and (not only or query in only):
            print(f"=== {query} [{cls}]: pool {len(pool)}, top-10 union {len(top10)}; "
                  f"{sum(g == 2 for g in grades.values())} x2, {sum(g == 1 for g in grades.values())} x1")
            shown = top10 | (matched if "--all" in sys.argv else set())
            for doc_id in sorted(shown, key=lambda d: (-grades.get(d, 0), d)):
                who = "".join(s[0] for s, r in systems.items() if doc_id in r[:10]) or "-"
                mark = "*" if any(doc_id.startswith(o) for o in overrides) else " "
                print(f"  {grades.get(doc_id, 0)}{mark} {who:3} {doc_id[:34]:34} {titles[doc_id][:100]}")
                if "--leads" in sys.argv:
                    print(f"        {leads[doc_id]}")
        ranked = sorted(grades.items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append((query, ranked))
    if "--pool-sizes" in sys.argv:
        for query, n, n10 in pool_sizes:
            print(f"{query}\t{n}\t{n10}")
        print(f"total pooled {sum(n for _, n, _ in pool_sizes)}, top-10 unions {sum(n for _, _, n in pool_sizes)}")
        return
    if not review:
        out = HERE / "judged-queries-3.tsv"
        with open(out, "w", encoding="utf-8") as f:
            f.write("# query<TAB>doc_id<TAB>grade (2 = about the query, 1 = discusses it); see SET3.md, judge3.py\n")
            for query, ranked in rows:
                for doc_id, grade in ranked:
                    f.write(f"{query}\t{doc_id}\t{grade}\n")
        print(f"{len(rows)} queries, {sum(len(r) for _, r in rows)} judgements -> {out}")


if __name__ == "__main__":
    main()
