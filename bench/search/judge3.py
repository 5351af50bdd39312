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

import re
import sys
from collections import defaultdict
from pathlib import Path

# The corpus loader and the plain BM25 (the third pooled system) are set 2's, unchanged.
from judge2 import PlainBM25, load

HERE = Path(__file__).parent

# (query, class, concepts, min, {id or unique id prefix: (grade, reason)} overrides)
# class: word (one word), phrase (several words whose nearness matters), inflected (the
# articles mostly use other forms of the words), compound (hyphenated, alphanumeric,
# acronyms and abbreviations).
QUERIES = [
    # --- single words
    ("narkoba", "word", [r"narkoba|narkotika|napza|psikotropika|sabu\b|sabu ?- ?sabu|ganja\b|ekstasi|ekstasi|heroin|kokain|tembakau gorila|\w*pil pcc"], 2, {'indosum-1512000000': (0, 'a social-services hotline; drugs only in a list of problems'), 'indosum-1512241200': (0, 'terror suspects arrested; cannabis found in passing'), 'indosum-1518395142': (0, 'a theft of jengkol; a drug pipe found in passing'), 'clickid-2bbf1f9cfc81e50b': (0, "a shoot-out with robbers; drugs only in the suspect's record")}),
    ("terorisme", "word", [r"\w*teroris\w*|teror\b|aksi teror|serangan teror|densus|bom bunuh diri|isis\b|jamaah ansharu\w*|jad\b"], 2, {'indosum-1504677275': (0, 'horror films "teror" cinemas: figurative'), 'indosum-1508865300': (0, 'Densus Tipikor, an anti-corruption unit'), 'indosum-1509097119': (0, 'Densus Tipikor, an anti-corruption unit'), 'indosum-1503829979': (0, 'Saracen hoax group likened to terrorists: metaphor'), 'indosum-1499573460': (0, 'treatment of corruption convicts; terrorists only a comparison'), 'indosum-1519334135': (0, 'attacks on clerics called teror; not terrorism'), 'indosum-1499327220': (0, 'a celebrity harassed ("teror"); not terrorism'), 'indosum-1479350414': (0, 'Antasari case; "teror" is intimidation'), 'indosum-1492281902': (0, 'KPK security; "teror" is intimidation of investigators'), 'indosum-1514148970': (0, 'a preacher turned away; terrorism only named'), 'indosum-1499801100': (0, 'the Syrian war; ISIS only named'), 'indosum-1494739800': (1, 'the war against ISIS in Syria, not terrorism as such'), 'indosum-1508302734': (1, 'the war against ISIS in Syria, not terrorism as such'), 'indosum-1510280861': (1, 'the war against ISIS in Syria, not terrorism as such'), 'indosum-1511385300': (1, 'the war against ISIS in Iraq and Syria, not terrorism as such'), 'indosum-1479626120': (1, 'a sniper fighting ISIS, not terrorism as such'), 'indosum-1489652144': (1, 'the war against ISIS in Raqqa, not terrorism as such'), 'indosum-1519857000': (1, "Turkey's Afrin operation against militias it calls terrorists")}),
    ("kemacetan", "word", [r"\w*macet\w*|kepadatan (lalu lintas|kendaraan|arus)|padat merayap|antrean kendaraan|antrian kendaraan|tersendat|traffic jam"], 2, {'clickid-9bffdae036059e23': (0, 'a student demonstration; traffic jams in passing'), 'clickid-90ebc4e78e28c241': (0, 'a traffic accident; the jam in passing')}),
    ("pajak", "word", [r"\w*pajak\w*|pph\b|ppn\b|tax amnesty|amnesti pajak"], 3, {}),
    ("ekspor", "word", [r"\w*ekspor\w*|export\w*"], 3, {}),
    ("pemilu", "word", [r"pemilu\w*|pemilihan umum|pileg\b|pilpres\b|pemilihan presiden|pemilihan legislatif"], 3, {'clickid-ee6328515a24e280': (0, 'an assault case; the police only say they are busy with the election')}),
    ("tawuran", "word", [r"tawuran|bentrok\w* antar ?(pelajar|warga|kampung|siswa|geng|kelompok|pemuda)|perkelahian (antar|massal)|perang (sarung|batu)"], 2, {'clickid-20d482e542088351': (2, 'a brawl between neighbourhoods in Bukit Duri; the title only names its victims'), 'clickid-d7fc17bb6fedae8e': (0, 'a classroom beating; brawls only named'), 'indosum-1499458500': (0, 'a gang riot in a Mexican prison, not a street brawl')}),
    ("suap", "word", [r"\w*(?:suap|nyuap)\w*|gratifikasi|\w*sogok\w*|uang pelicin"], 2, {'clickid-9c94fb98a394e5ef': (0, 'a demonstration about the KPK law; bribery only in a list'), 'indosum-1513048500': (0, 'an anti-corruption award; bribery only in a list'), 'clickid-75487e164c2e0083': (0, '"menyuapi" is spoon-feeding'), 'indosum-1499631300': (0, '"suapan" is a mouthful of food')}),
    ("haji", "word", [r"(?:ibadah|jemaah|jamaah|calon|penyelenggaraan|penyelenggara|musim|biaya|ongkos|kuota|petugas|keberangkatan|pemberangkatan|pelaksanaan|dana|asrama|visa|menunaikan|berangkat|pulang|kepulangan|daftar tunggu|antrean|antrian)\W+haji|haji (?:reguler|plus|khusus|furoda)|bpih\b|bpkh\b|kloter\b|embarkasi|debarkasi|naik haji|berhaji|mabrur|armina|wukuf"], 2, {}),
    ("kekeringan", "word", [r"kekeringan|kemarau|krisis air|kesulitan air|kekurangan air|dropping air|droping air|distribusi air bersih|el nino"], 2, {'indosum-1502753400': (0, "Flint's contaminated water, not a drought"), 'indosum-1475845202': (0, 'inflation; the dry season only in a quote'), 'clickid-4d2197b9f3b087b0': (1, 'a harvest in the dry season; discusses the lack of water'), 'clickid-732ae823f747dffa': (1, 'dry-season temperatures, not drought as such'), 'clickid-e61771189da7f213': (1, 'sugar production in the dry season')}),
    # --- phrases
    ("pertumbuhan ekonomi", "phrase", [r"pertumbuhan ekonomi|ekonomi (nasional |indonesia |global |dunia |daerah |kita )?(tumbuh|bertumbuh)|pertumbuhan (pdb|pdrb)|(pdb|pdrb)\W+(\w+\W+){0,2}tumbuh"], 2, {'indosum-1478911502': (2, 'the economy growing past 5% in the fourth quarter: the title says "ekonomi ... tumbuh"'), 'clickid-752dfc61a6704972': (2, "about Jokowi's promise that growth would soar"), 'clickid-65970ecd84fe8ea9': (0, 'a tourism expo; growth only in a quote'), 'clickid-c50a4ef48b2f0a79': (0, 'a speech on religious tolerance; growth only in passing'), 'indosum-1502344071': (1, 'weak spending blamed on slower economic growth'), 'clickid-cc2c771342c4b273': (1, 'recession fears and efforts to keep the economy growing')}),
    ("lembaga pemasyarakatan", "phrase", [r"lembaga pemasyarakatan|lapas\w*|rutan\b|rumah tahanan|warga binaan|ditjen ?pas\b|pemasyarakatan"], 2, {}),
    ("mahkamah konstitusi", "phrase", [r"mahkamah konstitusi|mk\b"], 2, {}),
    ("usaha kecil menengah", "phrase", [r"usaha (mikro,? )?kecil,? (dan )?menengah|umkm\w*|ukm\w*|usaha kecil|usaha mikro"], 2, {'clickid-f73e7028c227920d': (1, 'KUR credit for micro, small and medium businesses (UMKM written once with its expansion)')}),
    ("kepala daerah", "phrase", [r"kepala daerah|kada\b|pemimpin daerah|(gubernur|bupati),? (dan |atau )?(wakil gubernur, )?(bupati|wali ?kota)"], 2, {'clickid-0d0be804bc937a34': (0, "Habibie's death; regional heads only told to fly flags"), 'clickid-51a2e4133213cddc': (0, 'a KPK candidate hearing; a regional head only in an anecdote'), 'clickid-71cbd9b7f15430c6': (0, 'LGBT remarks; regional heads only addressed'), 'indosum-1485834312': (0, 'press freedom in Papua; candidates only named'), 'indosum-1513973877': (0, 'a call to investigate a minister; regional heads only named')}),
    ("partai politik", "phrase", [r"partai politik|parpol\w*|partai-partai|partai - partai|partai (koalisi|pengusung|pendukung|oposisi|peserta|baru)"], 2, {'clickid-ba2c98bb37a9b375': (0, "a KPK candidate's ethics breach; party leaders only named"), 'indosum-1498027200': (0, "a governor's bribery arrest; a party treasurer only named"), 'indosum-1511565259': (0, 'a protest over a hate-speech case; parties only named'), 'indosum-1498954500': (0, 'polling stations for an election; parties only named in the timetable'), 'clickid-5a28d134c48e3d68': (1, "about the race for Golkar's chair, a party's leadership")}),
    ("pembangkit listrik", "phrase", [r"pembangkit\w*|pltu\b|plta\b|pltd\b|pltg\w*|pltp\b|plts\w*|pltsa\b|pltn\b|pltb\b|pltmh\b|tenaga (uap|air|surya|angin|nuklir|bayu|panas bumi)"], 2, {'clickid-67a0e2906a296f6d': (1, "a whale shark in the power plant's canal; the plant is only the setting"), 'clickid-8475a5694f7d5900': (1, "a whale shark in the power plant's canal; the plant is only the setting"), 'clickid-a456e2bd0bb2a1e1': (1, "a whale shark in the power plant's canal; the plant is only the setting"), 'clickid-21bc256b382f8779': (0, "a minister's bribery case; a power-plant bribery case only named"), 'indosum-1500362100': (0, 'UAE investment; power plants only as an example')}),
    ("titik api", "phrase", [r"titik (api|panas)|hotspot|hot ?spot"], 2, {}),
    ("kepala desa", "phrase", [r"kepala desa|kades\b|kepala kampung|kepala gampong|keuchik|kuwu\b|pilkades|pemilihan kepala desa"], 2, {'clickid-7058573f7613cbe2': (0, 'an incest case; the village head only quoted'), 'clickid-db592908752b1c69': (0, 'a clean-up; the village head only present'), 'indosum-1515828036': (0, 'a film plot'), 'indosum-1518395142': (0, 'a theft; the village office only where the thieves were taken')}),
    ("kereta cepat", "phrase", [r"kereta (api )?(semi ?)?cepat|high speed (rail|train)|hsr\b|kcic\b|shinkansen"], 2, {}),
    # --- inflected
    ("pengesahan ruu", "inflected", [r"pengesahan|disahkan\w*|mengesahkan|sahkan|ketok palu|diketok", r"ruu\b|rancangan undang|undang ?- ?undang|uu\b|rkuhp|r-kuhp|perppu"], 2, {}),
    ("pemeriksaan saksi", "inflected", [r"pemeriksaan|diperiksa|memeriksa|periksa\w*|dimintai keterangan|meminta keterangan", r"saksi\w*|kesaksian|bersaksi"], 2, {'clickid-2fec67cefe33ce88': (0, 'a murder; witnesses heard only in a routine line'), 'clickid-679305d6d6a30c21': (0, 'a stabbing; witnesses asked only in a routine line'), 'clickid-8d1aadc894d05610': (0, 'a road accident; witnesses only in a routine line'), 'clickid-d270dff1e8bfa375': (0, 'a road accident; witnesses only in a routine line'), 'clickid-e536e86a92bc2662': (0, 'a suicide; witnesses only in a routine line'), 'indosum-1517183100': (0, 'a bombing in Kabul; "pemeriksaan" is a checkpoint, "saksi" an eyewitness'), 'indosum-1480129804': (0, 'a paternity test; witnesses only to be heard later')}),
    ("pemerkosaan", "inflected", [r"\w*(?:perkosa|merkosa)\w*|\w*rudapaksa\w*|pencabulan|dicabuli|mencabuli|cabul\w*|persetubuhan|disetubuhi|menyetubuhi|\w*gagahi"], 2, {'clickid-629bb6d8667fec04': (0, "the criminal code's LGBT article; 'cabul' only in the law's wording"), 'indosum-1518026400': (0, "the criminal code's LGBT article; 'cabul' only in the law's wording"), 'clickid-afec087f1426cc38': (2, 'a man who sodomised 50 boys: child rape, a word the concept missed'), 'indosum-1474657257': (2, 'the killer who sodomised a schoolgirl sentenced'), 'indosum-1515457800': (0, 'a film award; the plot only summarised'), 'indosum-1475281853': (2, 'a sentence in the Yuyun case, a gang rape and murder')}),
    ("peluncuran aplikasi", "inflected", [r"peluncuran|diluncurkan|meluncurkan|luncurkan|merilis|dirilis|rilis\w*|launching|launch\w*|memperkenalkan|menghadirkan|hadirkan", r"aplikasi|app\b|apps\b"], 2, {'clickid-5a3d265ed20c4401': (0, "a year of a governor's programme; apps only planned"), 'indosum-1507776703': (0, 'a funding round; the launch is of a truck service'), 'clickid-429ebce256596bc7': (0, 'video content launched inside an app, not an app'), 'clickid-d3f11bb15cb29647': (2, 'the transport office launches an online vehicle-test service with a booking app'), 'indosum-1493869912': (2, 'Twitter Lite, an app, launched in Indonesia ("hadir")'), 'indosum-1518663600': (2, 'the Gmail Go app released on the Play Store ("tiba")')}),
    ("pengeroyokan", "inflected", [r"\w*(?:keroyok|ngeroyok)\w*|diamuk massa|dihajar massa|dihakimi massa|amukan massa|main hakim sendiri|dianiaya (beramai|ramai|massa|sekelompok)"], 2, {'indosum-1499882979': (2, 'about the two men who beat up Hermansyah ("mengeroyok" in the lead)'), 'indosum-1501930134': (1, 'a suspected thief beaten and burnt by a mob'), 'indosum-1502267734': (1, 'the men who beat and burnt a suspected thief ("pengeroyokan" in the lead)'), 'clickid-ee6328515a24e280': (1, 'a journalist beaten by a group; the police case is "pengeroyokan"'), 'indosum-1492717537': (0, 'a motorbike thief; a mob only avoided')}),
    ("penembakan", "inflected", [r"(?:pe|me)nembak\w*|(?:di|ter)?tembak(?!au|an\b)\w*"], 2, {'clickid-6a4f327a85117b27': (0, 'a DIY bookshelf; a nail gun'), 'clickid-edd9423d45f7ec79': (0, '"menembak" used figuratively, to target parties'), 'indosum-1512988275': (0, 'football: shots at goal'), 'clickid-5e5907f2e481593f': (0, 'a military drone; firing only among its capabilities'), 'indosum-1494379800': (0, 'a costume at school; shootings only feared'), 'clickid-268853ae483e52fa': (2, 'a thief shot by the police ("Dor!!!"): the title is the shot'), 'clickid-b2b5f77396f6c222': (1, 'tear gas fired at a demonstration, not a shooting with bullets')}),
    ("penahanan tersangka", "inflected", [r"penahanan|ditahan|menahan|tahan\b|tahanan|dijebloskan|mendekam|rutan\b", r"tersangka|terdakwa"], 2, {'indosum-1473304515': (2, 'the KPK detains a politician, a suspect ("tahan" in the title)'), 'indosum-1477422908': (2, 'the KPK detains a former health minister, a suspect'), 'indosum-1510868597': (2, 'the KPK may detain the suspect Setya Novanto at once'), 'indosum-1515290587': (2, 'the police detain a drug suspect'), 'indosum-1500973200': (2, "the police refuse to suspend a drug suspect's detention"), 'indosum-1517022000': (1, 'an actor held for armed robbery abroad')}),
    ("penangkapan teroris", "inflected", [r"penangkapan|ditangkap|menangkap|tangkap|dibekuk|membekuk|diringkus|meringkus|penyergapan|disergap|menyergap|penggerebekan|digerebek|menggerebek|diamankan", r"\w*teroris\w*|teror\b|densus|jad\b|jamaah ansharu\w*|isis\b|bom\b"], 2, {'indosum-1502863108': (2, 'five terror suspects arrested in Bandung (the lead)'), 'indosum-1502510200': (2, 'three terror suspects arrested by Densus 88 in Jambi (the lead)'), 'indosum-1492281902': (0, 'KPK security; "teror" is intimidation of investigators'), 'indosum-1502657475': (0, 'a singer threatened on stage'), 'indosum-1503829979': (0, 'Saracen hoax group likened to terrorists: metaphor')}),
    ("pencarian korban", "inflected", [r"pencarian|dicari|mencari|menyisir|penyisiran|operasi sar|tim sar|basarnas|sar gabungan", r"korban|orang hilang|hilang|penumpang|pendaki|jasad|jenazah"], 2, {'clickid-d388b8ad0f40ad07': (2, 'the search for the missing Twin Otter and its crew'), 'clickid-dbd7cfaf7ceeb278': (1, 'a collapsed jetty; the search for the missing man'), 'clickid-926a9223e46905c5': (1, 'hurricane victims missing; the search is slow'), 'clickid-853628020fe5dbf3': (1, 'a boat disaster; rescuers search the river'), 'clickid-e565e470e2e9259c': (0, 'a burglar looking for a way out'), 'clickid-9cd2479386383539': (0, 'arrests after a brawl'), 'clickid-ee6328515a24e280': (0, 'an assault case; the victim told to look for witnesses'), 'indosum-1498032900': (0, 'pop music'), 'indosum-1501041600': (0, 'football'), 'indosum-1502956800': (0, 'a ring found in a carrot')}),
    ("pembubaran ormas", "inflected", [r"pembubaran|dibubarkan|membubarkan|bubarkan|bubar\b|pencabutan (status )?badan hukum|dicabut (status )?badan hukum|perppu (tentang )?ormas|perppu (no(mor)?\.? ?)?2 ?(/|tahun) ?2017", r"ormas\w*|organisasi kemasyarakatan|hti\b|hizbut tahrir|fpi\b|front pembela islam"], 2, {'indosum-1478125823': (0, 'a demonstration that dispersed ("bubar"), not an organisation dissolved'), 'indosum-1502327082': (2, "the government's list of anti-Pancasila organisations after HTI was dissolved under the Perppu")}),
    # --- compounds, alphanumerics, acronyms, abbreviations
    ("kemenkes", "compound", [r"kemenkes\w*|kementerian kesehatan|menkes\b|menteri kesehatan"], 2, {'indosum-1477422908': (1, 'a former health minister detained over a ministry procurement case')}),
    ("bpjs", "compound", [r"bpjs\w*|badan penyelenggara jaminan sosial|jaminan kesehatan nasional|jkn\b|jkn ?- ?kis|kartu indonesia sehat"], 2, {}),
    ("polda metro jaya", "compound", [r"polda metro\w*|polda pmj|kepolisian daerah metro|kapolda metro\w*|pmj\b"], 2, {}),
    ("ojk", "compound", [r"ojk\b|otoritas jasa keuangan"], 2, {}),
    ("bmkg", "compound", [r"bmkg\b|badan meteorologi|bmg\b"], 2, {'clickid-a0c02d13871df375': (1, "the day's BMKG forecast for Jakarta (named in full in the lead)")}),
    ("satpol pp", "compound", [r"satpol\w*|satuan polisi pamong|polisi pamong praja|pol ?pp\b"], 2, {}),
    ("densus 88", "compound", [r"densus\w*|detasemen khusus|den 88"], 1, {}),
    ("pdi-p", "compound", [r"pdi ?-? ?p\b|pdip\w*|pdi perjuangan|partai demokrasi indonesia perjuangan|banteng moncong"], 2, {}),
    ("kementerian pupr", "compound", [r"kementerian pupr|kemenpupr|kemen ?pupr|(?<!dinas )pupr\b|kementerian pekerjaan umum|menteri pekerjaan umum|menpupr|menteri pupr"], 2, {'clickid-d553002ea02a11d1': (2, 'Minister Basuki (the PUPR minister) inspects a toll road')}),
    ("e-money", "compound", [r"e ?-? ?money|uang elektronik|dompet (digital|elektronik)|e ?-? ?wallet|kartu (uang )?elektronik|e ?-? ?toll"], 2, {}),
]


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
