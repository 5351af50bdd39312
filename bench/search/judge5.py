#!/usr/bin/env python3
"""The fifth judged set (issue 17): 40 new queries in four classes, all in the `test` part,
made to be scored once and never tuned on. Same method as judge4.py (the fourth set).

Usage (from the workspace root):
  judge5.py NEWS_DIR --queries          writes queries-5.tsv (query, class, split)
  judge5.py NEWS_DIR --review [--leads] [--all] [--only=QUERY]
                                        prints every article in the pool that any system
                                        ranked in its top 10 (--all: also every other
                                        article the concepts match), with its grade and
                                        title (--leads: and the first 160 characters of
                                        the body), for the judge to read
  judge5.py NEWS_DIR --pool-sizes       prints the pool size of every query
  judge5.py NEWS_DIR                    writes judged-queries-5.tsv

The pool of a query is the union of
  - the top 20 of Sinergi and of SQLite FTS5 (`pool-runs-5.tsv`, written by
    `examples/relevance --pool` of the frozen binary /var/tmp/relevance-set5-engine, the
    engine of commit 4339c81),
  - the top 20 of set 2's plain BM25 (title 3x, lower-cased words split at every
    non-alphanumeric character, no stemming, no stop words: another system again),
  - every article matched by the judge's concepts: case-insensitive regular expressions,
    each matching at the start of a word, written from the *meaning* of the query
    (inflected forms, synonyms, usual abbreviations and their expansions), not from any
    engine's output. IndoSum bodies were re-joined from tokens with spaces, so hyphenated
    forms may read "anies - sandi", "liga - 1": the concepts accept those spellings.

Grades (as judge4.py and judge3.py, whose grading in judged_set.py is used unchanged): 2 when every concept
occurs in the title; 1 when every concept occurs at least `min` times in title and body
together, a short bracketed aside such as "(BNPB)" removed first; otherwise 0. Then the
judge read the title (and the lead where the title was unclear) of every article in the
pool that any system ranked in its top 10, and recorded the corrections in the overrides
with the reason beside them. Pooled articles not matched by the concepts are judged 0
unless an override raises them.

Every query of this set is in the `test` part: the set is scored once, at the end.
"""

# The corpus loader and the plain BM25 (the third pooled system) are set 2's, the grading
# (with the bracketed asides removed) is set 3's, all unchanged; the runner is shared with
# sets 3 and 4 (judged_set.py).
from judged_set import run

# (query, class, concepts, min, {id or unique id prefix: (grade, reason)} overrides)
# class: word (one word), phrase (several words whose nearness matters), inflected (the
# articles mostly use other forms of the words), compound (hyphenated, alphanumeric,
# acronyms and abbreviations).
QUERIES = [
    # --- single words. The first five share their stem with words of another meaning:
    # pendidikan "education" / didik, pengadilan "court" / adil "fair", perdagangan "trade"
    # / pedagang "vendor" and the stock market's "perdagangan" (a trading session),
    # kesehatan "health" / sehat, perbankan "banking" / bank of any kind.
    ("pendidikan", "word", [r"pendidikan|sekolah\w*|kurikulum|kemendikbud\w*|mendikbud\w*|disdik\b|kadisdik\w*|ujian nasional|unbk\b|ppdb\b|zonasi|belajar mengajar|beasiswa|perguruan tinggi|guru\b(?! besar)|guru ?-? ?guru"], 2, {
        'clickid-52e782e1bb42b8f7': (1, "Habibie's schooling, not education as a subject"),
        'indosum-1518032399': (1, 'a teacher killed by a pupil: a crime at a school'),
        'clickid-0ac3e5dfef00dd1a': (0, 'Prabowo calls Habibie his intellectual "guru": figurative'),
        'clickid-2777b83d31cf553a': (0, 'fire victims; "after school" only in a quote'),
        'clickid-4a647f99b62fa6fd': (1, "a pupil's phone taken by the school: a school incident"),
        'clickid-8909ef34497e91e0': (1, 'a teacher abuses pupils: a crime at a school'),
        'clickid-8df860d830c5b50a': (1, 'teachers and a boarding-house guard overcome by haze'),
        'clickid-96360dbfd1adac4a': (0, 'a stabbing on the way home from school'),
        'clickid-97ec771704ab35f9': (0, 'a toddler dies after eating food brought from school'),
        'clickid-a7280480feada873': (0, 'a Koran teacher (a policeman) molests girls: a crime'),
        'clickid-c3e0f0b008921846': (1, 'a fire in a Koran boarding school kills pupils and teachers'),
        'clickid-db221bdacdf0f25f': (0, "a teacher's pneumonia from charcoal smoke"),
        'clickid-ebec63b68ef9b65c': (0, "a scholarship seeker weeps at Habibie's funeral home"),
        'clickid-fa51292fc13f2abb': (0, 'Habibie called a "guru bangsa": figurative'),
        'indosum-1477449046': (0, 'a suicide bombing at a police school in Pakistan'),
        'indosum-1493060454': (0, 'a schoolgirl steals a motorbike: a theft'),
        'indosum-1494379800': (0, 'a costume banned at an American school'),
        'indosum-1494455400': (1, 'a singer gives fans scholarships on Twitter'),
        'indosum-1500498900': (1, 'abuse at a German choir school'),
        'indosum-1512257719': (0, 'Jokowi skips a rally to honour teachers: an event, not education'),
        'indosum-1515828036': (0, 'a film about a Koran teacher'),
        'indosum-1515880800': (1, 'sexual violence by a teacher'),
    }),
    ("pengadilan", "word", [r"pengadilan|praperadilan|persidangan|(?<!lukman )hakim\b|majelis hakim|disidang\w*|sidang(?! (?:paripurna|tahunan|kabinet|isbat|umum|majelis umum|dewan keamanan|pleno|istimewa|etik|mpr|dpr))\b|vonis\w*|divonis|memvonis|putusan (?:hakim|pengadilan|majelis|banding|kasasi|pn\b|pt\b|ma\b)|banding\b|kasasi|mahkamah agung|pn (?:jakarta|jaksel|jakut|jakpus|jaktim|jakbar|bandung|surabaya|medan|semarang|tangerang|depok|bekasi)|tipikor\b"], 2, {
        'indosum-1504888200': (2, 'the Supreme Court suspends the head of the Bengkulu district court ("pn bengkulu")'),
        'indosum-1481862644': (0, 'Lucky Hakim is a name, not a judge'),
        'indosum-1497839316': (0, 'Lucky Hakim is a name, not a judge'),
        'indosum-1499321220': (0, 'Lucky Hakim is a name, not a judge'),
        'clickid-22ca0f331e1826d0': (0, 'the DPR plenary ("sidang"), not a court'),
        'clickid-93cdbe7e578ab8cf': (0, 'the UN General Assembly ("sidang PBB"), not a court'),
        'indosum-1508865300': (0, 'Densus Tipikor, a police unit, not a court'),
        'indosum-1509097119': (0, 'Densus Tipikor, a police unit, not a court'),
        'indosum-1491521446': (1, 'the DPR plenary goes ahead while its chairman attends the e-KTP trial'),
        'indosum-1494352693': (1, "traffic diverted around Ahok's trial"),
        'indosum-1519691400': (1, "Bawaslu's adjudication hearings, not a court"),
    }),
    ("perdagangan", "word", [r"(?<!sesi )(?<!akhir )(?<!penutupan )(?<!awal )(?<!jelang )(?<!pembukaan )(?<!volume )(?<!hari )perdagangan(?! (?:orang|manusia|anak|satwa|narkoba|narkotika|saham|hari|sesi|pagi|siang|sore|kemarin|pekan|jumat|senin|selasa|rabu|kamis|di bursa|bursa|efek))|dagang\w*|berdagang|ekspor\w*|impor\w*|neraca dagang|kemendag\b|mendag\b|menteri perdagangan|dinas perdagangan|disperindag\w*|trade\b|wto\b"], 3, {
        'clickid-c2521748fa2562b6': (1, "the trade ministry's futures regulator closes unlicensed digital-gold traders"),
        'clickid-bdcb841252dfee70': (0, 'street vendors (berdagang) on the pavement, not trade'),
        'clickid-dc8f85dbdaa9d64f': (0, "an old vendor's bread looted"),
        'clickid-6076d4dbb4bc3fcc': (1, 'the rupiah after the trade-war news'),
        'clickid-c85ff15a7229d45e': (1, 'the rupiah after the trade-war news'),
        'clickid-7a57d20167c45186': (1, 'Wall Street after the trade-war news'),
    }),
    ("kesehatan", "word", [r"kesehatan|kemenkes\w*|menkes\b|dinkes\w*|dinas kesehatan|rumah sakit|rsud\b|puskesmas|dokter|penyakit|pasien|medis|gizi|stunting|imunisasi|vaksin\w*|bpjs kesehatan|jkn\b|sehat\b|menyehatkan"], 3, {
        'clickid-973ac604a0bf6835': (1, "the health office's campaign against plastic bags: not about health"),
        'clickid-fe76e767918e3f85': (2, 'the BPJS (health insurance) contribution rise: health financing'),
        'clickid-145756046765e27d': (0, 'a list of popular stories'),
        'clickid-477384ee390c8671': (0, 'a former medic drugs and rapes his fiancee: a crime'),
        'clickid-4a5a1dd9fb0afa30': (0, 'a fraud by a dentist: a crime'),
        'clickid-527708f5463830f7': (0, '"demokrasi sehat": figurative'),
        'clickid-709c2d2778d8aaef': (0, 'a drug raid; the police chief taken to hospital'),
        'clickid-a3471cb0cc312a80': (0, '"menyehatkan negara": figurative'),
        'clickid-f7c0cb916a5b68f2': (0, 'evacuees "all healthy": an evacuation'),
        'indosum-1500418860': (0, "a footballer's medical before a transfer"),
        'indosum-1496881800': (1, "a singer's overdose"),
        'indosum-1498944600': (1, 'a shooting at a New York hospital'),
    }),
    ("perbankan", "word", [r"perbankan|bank\b|bank ?-? ?bank|banking|nasabah|kredit\b|penyaluran kredit|deposito|tabungan|ojk\b|otoritas jasa keuangan|lps\b|bri\b|bni\b|bca\b|btn\b|bank mandiri|himbara\b|fintech|teknologi finansial"], 3, {
        'clickid-5966ae250e1e7152': (1, 'council members pawn their decrees at Bank DKI: a loan, not banking as such'),
        'indosum-1488943820': (1, "fraudulent investment schemes and OJK's rules, not banks"),
        'clickid-55f2a6c44b68bf3c': (1, 'the European central bank, not banking'),
        'clickid-58ba514209ee700e': (1, 'the European central bank, not banking'),
        'clickid-b9da1a14474c5afe': (1, 'the European central bank, not banking'),
        'clickid-f8a6a847ddc169a4': (1, 'the European central bank, not banking'),
        'clickid-ac9ee4ee1ded75f4': (0, 'embezzled cars bought on credit: a crime'),
        'indosum-1498846500': (1, 'US sanctions on banks helping North Korea'),
        'indosum-1512888975': (0, "a bank's volleyball team"),
        'indosum-1490165128': (1, 'a World Bank loan, not banking'),
        'indosum-1496624820': (1, "a Chinese development bank's investments"),
    }),
    ("pelabuhan", "word", [r"pelabuhan|dermaga|terminal peti ?kemas|peti kemas|kontainer|pelindo\w*|bongkar muat|syahbandar|ksop\b|tanjung priok|tanjung perak|dwelling time|bersandar|sandar\b"], 2, {
        'clickid-1851c41e71cb3a2b': (1, "a sports meet of the ASEAN port operators' association"),
        'clickid-50224d1acb498c5f': (0, 'a burning container lorry on a toll road'),
    }),
    ("bencana", "word", [r"bencana|bnpb\b|bpbd\w*|banjir\w*|longsor\w*|gempa\w*|tsunami|erupsi|meletus|puting beliung|angin kencang|karhutla|kebakaran hutan|kekeringan|tanah bergerak|tanggap darurat|siaga darurat|mitigasi|pengungsi\w*|mengungsi"], 2, {
        'clickid-4a7ca7c606400abb': (2, 'temporary shelters for the victims of the Palu earthquake and tsunami'),
        'indosum-1473674409': (1, 'Syrian refugees of war, not of a disaster'),
        'indosum-1502865488': (1, 'Rohingya refugees, not of a disaster'),
        'indosum-1505343834': (1, 'aid for Rohingya refugees, not of a disaster'),
        'indosum-1505703600-puluhan': (1, 'Burundian refugees in a clash, not of a disaster'),
        'indosum-1506648550': (1, 'a Rohingya refugee shelter attacked'),
        'indosum-1512241200': (0, 'Syrian refugees arrested on terror suspicion'),
        'indosum-1498098600': (0, 'a refugee home for women in Kenya'),
        'clickid-cab12ff4fa1a5867': (0, 'a "flood" of hoaxes: figurative'),
        'clickid-3f338bbf3f6b2479': (1, 'a street theatre about drought broken up'),
        'clickid-c0ade3711efc0273': (1, 'extortion over the bodies of tsunami victims'),
        'indosum-1481945428': (1, 'the MRT built to withstand earthquakes'),
        'indosum-1512521100': (1, 'bank credit after the Agung eruption'),
    }),
    ("demonstrasi", "word", [r"demonstrasi|demonstran|unjuk rasa|pengunjuk rasa|berunjuk rasa|demo\b|berdemo|aksi (?:massa|demo|protes|damai|bela|tolak|unjuk|solidaritas|mogok|\d{3}\b)|long ?march|mogok kerja|turun ke jalan"], 2, {
        'clickid-192e3c6c40d8b5e3': (2, 'a crowd against the criminal-code bill at the DPR: a demonstration'),
        'indosum-1492545638': (0, '"demonstrasi" is a pilot of HPV vaccination'),
        'indosum-1499807700': (2, 'fishermen plan a demonstration at the palace'),
        'indosum-1505322000': (2, 'French workers strike and march against Macron'),
    }),
    ("sawit", "word", [r"(?<!duren )sawit|cpo\b|crude palm oil|palm oil|tandan buah segar|tbs\b"], 2, {
        'clickid-94ae550269d3d349': (0, 'a motorcyclist hits a palm tree in the haze: the tree only where he crashed'),
    }),
    ("wisatawan", "word", [r"wisatawan|turis\b|turis ?-? ?turis|pelancong|wisman\b|wisnus\b|tourist\w*|berwisata|pariwisata|destinasi wisata|objek wisata|obyek wisata|tempat wisata|kunjungan wisata|pengunjung"], 2, {
        'clickid-84fc03c9ade037a5': (0, 'a woman found dead at a tourist spot: a crime'),
        'indosum-1479553215': (0, 'visitors (pengunjung) of an exhibition'),
        'indosum-1515203100': (1, 'phones at hot tourist spots'),
        'clickid-b7ae2a2cda4121cc': (1, 'visitors (pengunjung) of an arts festival'),
    }),
    # --- phrases: each word common on its own (rumah, sakit, bank, lalu, mata, uang, hak,
    # jaksa, agung, korea, taksi, pemadam of electricity).
    ("pelecehan seksual", "phrase", [r"pelecehan seksual|pelecehan|dilecehkan|melecehkan secara seksual|sexual harassment|harassment|kekerasan seksual|cabul\w*|pencabulan|dicabuli|mencabuli|meraba\w*|diraba"], 2, {
        'clickid-629bb6d8667fec04': (0, "the criminal code's LGBT article; 'cabul' only in the law's wording"),
        'indosum-1518026400': (0, "the criminal code's LGBT article; 'cabul' only in the law's wording"),
    }),
    ("lalu lintas", "phrase", [r"(?:ber)?lalu ?-? ?lintas(?! (?:devisa|modal|uang|data|barang|perdagangan|pembayaran|informasi))|lalin\b|satlantas\w*|ditlantas\w*|polantas\w*|lantas\b|arus kendaraan|rekayasa arus|pengalihan arus|macet\w*|kemacetan|traffic|tilang\w*|ditilang"], 2, {
        'clickid-4ddbf302631428e6': (2, 'a traffic-police operation against drivers who U-turn at checkpoints'),
        'clickid-bc0be6fb6bc9e713': (0, '"lalu lintas" of information about a country: not road traffic'),
        'indosum-1512179100': (0, 'a man tries to stab a traffic policeman: traffic only his job'),
        'indosum-1495350900': (1, 'a train hits a car at an unofficial level crossing: a traffic accident'),
        'indosum-1481761807': (1, 'an award for a traffic policeman who was scratched'),
    }),
    ("pemadam kebakaran", "phrase", [r"pemadam\b|pemadam kebakaran|damkar\w*|dinas (?:penanggulangan )?kebakaran|gulkarmat\w*|sudin pkp|dinas pkp|firefighter\w*|pemadaman (?:api|kebakaran)|memadamkan (?:api|kobaran)|dipadamkan"], 2, {
        'indosum-1517076000': (1, 'a fire in Krukut fought by 38 fire engines (as the other fires)'),
    }),
    ("rumah sakit", "phrase", [r"rumah sakit|rs\b|rsud\b|rsup\w*|rsu\b|rspad\b|rscm\b|rsia\b|rsj\b|hospital"], 2, {
        'clickid-da31d7bf1ac7b5ec': (1, 'a defendant asks to be treated at the army hospital: a court case'),
        'indosum-1496881800': (1, 'a singer taken to hospital after an overdose: the hospital only where he went'),
        'indosum-1514586266': (1, "Setya Novanto's health check at the army hospital: the hospital only the place"),
        'clickid-84fc03c9ade037a5': (0, 'a woman found dead; the hospital only where her body was taken'),
        'indosum-1507882448': (0, 'deaths from bootleg liquor; the hospital only where a victim lies'),
        'clickid-03f97f9f658e6486': (1, "Habibie's family at the hospital: his illness"),
        'clickid-1021400b526958b6': (1, "a visit to Habibie at the hospital"),
        'clickid-2625207ab34ec9b6': (1, "a visit to Habibie at the hospital"),
        'clickid-2d4a0f8baa01e819': (1, "Habibie's death; Jokowi goes to the hospital"),
        'clickid-575c9aae40f0ffe3': (1, "Habibie's death; Jokowi goes to the hospital"),
        'clickid-5c69b34ca26f4f00': (1, "a hoax of Habibie's death; the hospital quiet"),
        'clickid-774e95cb7920f419': (1, "a visit to Habibie at the hospital"),
        'clickid-857838df674036f6': (1, "Habibie's death; the family at the hospital"),
        'clickid-b6f52a6ac88aa19d': (1, "Habibie's family trusts the hospital's doctors"),
        'clickid-709c2d2778d8aaef': (1, 'a drug raid; the police chief taken to hospital'),
        'clickid-494bc29137f7b9b5': (1, 'a defendant treated at the army hospital'),
        'clickid-14149b8ddae22620': (1, 'crash victims taken to hospital'),
    }),
    ("bank sentral", "phrase", [r"bank sentral|bank indonesia|bi\b|bi ?-? ?rate|the fed\b|fed\b|federal reserve|bank of (?:japan|england|korea|china|canada)|ecb\b|european central bank|people'?s bank of china|pboc\b|boj\b|central bank|rapat dewan gubernur|rdg\b"], 2, {
        'clickid-55f2a6c44b68bf3c': (1, 'the gold price before the ECB meeting: the central bank only the cause'),
        'clickid-f8a6a847ddc169a4': (1, "the oil price after the ECB's decision: the central bank only the cause"),
        'clickid-58ba514209ee700e': (1, "the rupiah waiting for the ECB's decision: the central bank only the cause"),
        'clickid-5096c5ca1daf3830': (1, "Bank Indonesia's retail-sales survey"),
        'clickid-6a3def404c7d2dc8': (1, 'Bank Indonesia recruits staff'),
        'indosum-1490663709': (1, "BI's governor as a witness in the e-KTP trial"),
        'clickid-4f8e194b16197b19': (1, 'the gold price after the Fed cut: the central bank only the cause'),
        'clickid-5b5b09bf5c3154af': (1, 'Wall Street before the Fed meeting: the central bank only the cause'),
        'clickid-6fd75becf3a99ac7': (1, 'Wall Street after the Fed cut: the central bank only the cause'),
        'clickid-0cd77d908aa8ec28': (1, 'the rupiah before the Fed meeting: the central bank only the cause'),
        'clickid-b38a11aeb57409ce': (1, "the rupiah after BI's rate cut"),
    }),
    ("korea utara", "phrase", [r"korea utara|korut\b|pyongyang|kim jong ?-? ?un|north korea\w*|dprk\b"], 2, {
    }),
    ("hak angket", "phrase", [r"hak angket|angket\b|pansus (?:hak )?angket|panitia khusus (?:hak )?angket"], 2, {
        'indosum-1516473436': (2, "the DPR's inquiry committee (the pansus) on the KPK and its recommendations"),
        'indosum-1497752100': (2, "an opinion piece on the DPR's inquiry right against the KPK (the lead)"),
        'indosum-1506626100': (1, "the inquiry committee questions the KPK's wiretaps"),
        'indosum-1497508200': (2, "the KPK inquiry committee (pansus) will summon Miryam"),
    }),
    ("jaksa agung", "phrase", [r"jaksa agung|kejaksaan agung|kejagung\w*|kejakgung\w*|attorney general|jampidsus\b|jampidum\b|jam ?pidsus|hm prasetyo|h\.? ?m\.? prasetyo"], 2, {
        'clickid-2b1f44a283c77a83': (1, "a former investigator of the AGO on the KPK law, not the Attorney General's office"),
    }),
    ("mata uang", "phrase", [r"mata uang|nilai tukar|kurs\b|valuta asing|valas\b|currency|redenominasi|devaluasi|depresiasi|apresiasi (?:rupiah|dolar|yuan|yen)|(?:rupiah|dolar|yuan|yen|euro|ringgit|pound\w*)\W+(?:\w+\W+){0,2}(?:melemah|menguat|naik|turun|lesu|perkasa|anjlok|terpuruk|terdepresiasi|terapresiasi|ditutup|dibuka|bergerak|fluktuatif)|uang kripto|mata uang kripto|cryptocurrency|bitcoin"], 2, {
        'clickid-58e5a54d89ed65b1': (2, 'Bank Indonesia on the currency law: rupiah notes may not be folded into dowry decorations'),
        'indosum-1512500400-cryptokitties': (1, 'a game built on a cryptocurrency: the currency only its medium'),
    }),
    ("taksi online", "phrase", [r"taksi (?:online|daring|berbasis aplikasi|aplikasi|berbasis online)|taksol\b|angkutan (?:online|daring|sewa khusus|berbasis aplikasi|berbasis online)|transportasi (?:online|daring|berbasis aplikasi|berbasis online)|grab ?car|go ?-? ?car\b|uber\b|grab\b"], 2, {
        'indosum-1518552000': (1, 'a robber of an online-taxi car caught: a crime, the taxi only its target'),
        'clickid-cfd5f190cb9a5f56': (1, "Grab's electric scooters, not its taxis"),
        'clickid-d67f4b7526c6a792': (1, "Grab's bid for a payments firm, not its taxis"),
        'indosum-1502502900': (1, "Uber's chat feature; the company, not its taxis as such"),
        'indosum-1509749100': (1, "Grab's acquisition of Kudo (payments)"),
        'indosum-1510632000': (1, "SoftBank buys Uber shares: the company's finance"),
        'indosum-1514069703': (1, "Grab's pick-up points at railway stations: partly its cars"),
        'indosum-1499842378': (1, "a Grab driver threatens with a machete over a bonus: a crime"),
        'clickid-129a8a743278a3b0': (1, "a new motorbike ride-hailing app (ojol), not taxis"),
    }),
    # --- inflected: the query's noun against the verbs (and agent nouns) the articles use
    ("perampokan", "inflected", [r"perampokan|dirampok|merampok|rampok\w*|perampok\w*|pembegalan|dibegal|membegal|begal\w*|pencurian dengan kekerasan|curas\b|penodongan|ditodong|menodong|todong\w*"], 2, {
        'clickid-db6bfed678f0c70b': (0, 'a man proposes to his girlfriend in a staged hold-up'),
        'indosum-1481016628': (1, 'a gunman threatens a restaurant over a hoax: an armed threat, no robbery'),
    }),
    ("penggerebekan", "inflected", [r"penggerebekan|penggrebekan|digerebek|digrebek|menggerebek|menggrebek|gerebek\w*|grebek\w*|penyergapan|disergap|menyergap|sergap\w*"], 2, {
        'indosum-1501439400': (2, 'Indonesian and Chinese police raid a house in Bali and arrest phone fraudsters'),
        'indosum-1494537423': (1, 'a civil servant caught using drugs in a raid on a rented house ("penggerebekan" once)'),
    }),
    ("peresmian", "inflected", [r"peresmian|diresmikan|meresmikan|resmikan|pengguntingan pita|gunting pita|inaugurasi|grand opening"], 2, {
        'clickid-3099b34ed93ba900': (0, "Habibie's death mourned at a school he once opened: the opening only in passing"),
        'indosum-1490952644': (0, "Megawati's advice to Ahok; the office opening only the occasion"),
        'indosum-1516423500': (2, "a new Polda Metro building, opened that day, named by the police chief"),
        'indosum-1517611500': (0, 'a football contract made official ("diresmikan"), not an inauguration'),
        'indosum-1502212500': (0, 'a football club makes a signing official ("resmikan"), not an inauguration'),
        'indosum-1513306800': (1, 'the opening of a party meeting, not of a building or service'),
    }),
    ("penistaan agama", "inflected", [r"penistaan|penodaan|menista\w*|dinista|nista\b|menodai|dinodai|penghinaan|menghina\w*|dihina|blasphemy|156 ?a\b", r"agama\w*|islam|al ?-? ?maidah|al ?-? ?quran|alquran|quran|kitab suci|nabi\b|ulama|keagamaan|156 ?a\b"], 2, {
        'indosum-1479352217': (2, "Ahok named suspect in the blasphemy case and the police's readiness for his pretrial"),
        'indosum-1492991113': (2, "security for Ahok's blasphemy trial (the lead)"),
        'indosum-1491028212': (1, "the 313 rally demands that Ahok, on trial for blasphemy, be removed"),
        'indosum-1494618006': (2, "the verdict in Ahok's blasphemy case"),
        'indosum-1491785144': (2, "the police ask that Ahok's blasphemy trial be postponed"),
        'indosum-1495525325': (2, "prosecutors on Ahok withdrawing his appeal in the blasphemy case"),
    }),
    ("penghinaan", "inflected", [r"penghinaan|dihina|menghina\w*|hina\b|penghina\b|hinaan|pencemaran nama baik|mencemarkan nama baik|defamation|insult\w*"], 2, {
        'clickid-b82fceb66a49b3e8': (2, "volunteers report Tempo's 'Jokowi Pinocchio' cover as an insult to the president"),
    }),
    ("pemusnahan", "inflected", [r"pemusnahan(?! (?:etnis|massal|ras|suku))|dimusnahkan|memusnahkan|musnahkan"], 2, {
        'clickid-40228314ba6c60a2': (2, 'customs destroy illegal cigarettes (the title misspells "Musnahkan")'),
    }),
    ("pemalsuan", "inflected", [r"pemalsuan|dipalsukan|memalsukan|palsukan|pemalsu\b|(?:dokumen|ijazah|surat|identitas|uang|tanda tangan|sertifikat|akta|ktp|e ?-? ?ktp|sim\b|stnk|bpkb|paspor|obat|vaksin|beras|pupuk|materai|meterai|pelat|plat|nomor polisi|deposito|bilyet|merek|kosmetik|kuitansi|kwitansi|stempel|visa|dolar|rupiah|label|buku nikah|kartu) palsu"], 2, {
        'clickid-60f5e6f69c0b83ca': (1, "Kaskus's founder reported for fraud and forged documents (the lead)"),
        'clickid-39dc43e5cd3df9f0': (1, "Kaskus's founder reported under the forgery and fraud articles"),
    }),
    ("pendaftaran calon", "inflected", [r"pendaftaran|mendaftar\w*|didaftarkan|daftar (?:ke|sebagai|di|menjadi|jadi|cagub|cawagub|calon|balon|bakal|pilkada|pilgub|capim|caleg|cpns)\b|pendaftar\w*|registrasi|penjaringan|(?:menyerahkan|mengembalikan|mengambil|serahkan|kembalikan|ambil) (?:berkas|formulir)|penyerahan berkas|berkas pencalonan|pencalonan|mencalonkan|dicalonkan", r"calon|cagub\w*|cawagub\w*|cabup\w*|cawabup\w*|cawalkot\w*|cawawalkot\w*|capim\w*|caleg\w*|capres\w*|cawapres\w*|bakal calon|balon\b|bacalon\w*|paslon\w*|kandidat\w*|cpns\b|capeg\b"], 2, {
        'indosum-1492992943': (1, 'a forged diploma found in police recruitment: a forgery, the registration only where it came to light'),
        'indosum-1515670287': (2, 'the Central Java election will have two pairs of candidates as registration closes'),
    }),
    ("pencurian ikan", "inflected", [r"pencurian ikan|(?:mencuri|pencuri|curi) ikan|illegal ?,? unreported|illegal fishing|ilegal fishing|iuu fishing|(?:penangkapan|menangkap|tangkap) ikan (?:secara )?(?:ilegal|liar|tidak sah)|kapal (?:asing )?(?:pencuri ikan|ilegal)|kapal ikan (?:asing|ilegal)|satgas 115|(?:penenggelaman|menenggelamkan|tenggelamkan|diledakkan|meledakkan|ledakkan) (?:\w+ ){0,3}kapal"], 2, {
    }),
    ("pembebasan bersyarat", "inflected", [r"(?:pembebasan|bebas|dibebaskan|membebaskan|bebaskan) (?:secara )?bersyarat|cuti (?:bersyarat|menjelang bebas)|parole"], 2, {
        'indosum-1496003141': (2, "Schapelle Corby's parole ends and she goes home"),
        'clickid-1f9f685d928fcf7b': (2, 'the corrections-law revision eases remission and parole for corruption convicts'),
        'indosum-1479350414': (1, 'Antasari home on parole after seven years (one of two stories)'),
    }),
    # --- compounds, alphanumerics, acronyms, abbreviations; the expansions of bnpb, lhkpn,
    # kemenkumham, kkp, bawaslu and sp3 are four to six words
    ("bnpb", "compound", [r"bnpb\b|badan nasional penanggulangan bencana"], 2, {
    }),
    ("lhkpn", "compound", [r"lhkpn\b|laporan harta kekayaan|laporan kekayaan|harta kekayaan penyelenggara"], 2, {
        'clickid-96980eb7014f825e': (2, 'a KPK candidate corrects the figure in her wealth report (LHKPN)'),
        'clickid-53e3df61bb9befe9': (2, "Firli's wealth as his last LHKPN gives it"),
        'clickid-963e1a3892d3d8cd': (2, "Firli's wealth as his LHKPN gives it"),
    }),
    ("kemenkumham", "compound", [r"kemenkumham\w*|kemenkum ?ham|kementerian hukum|menkumham\b|menteri hukum|kanwil kumham|kumham\b|ditjen (?:pas|imigrasi|ahu)\b|direktorat jenderal (?:pemasyarakatan|imigrasi|administrasi hukum)"], 2, {
        'clickid-80241573254033a4': (2, 'the law ministry grants Hong Kong an extradition (the lead)'),
        'clickid-fc7725e2b66874aa': (2, "the ministry's immigration directorate signs agreements with two regions"),
        'indosum-1503018000': (2, 'the law ministry grants remissions to corruption convicts (the lead)'),
        'indosum-1516594977': (2, "the law minister explains his decree on Hanura's leadership"),
        'indosum-1518564600': (0, 'a KPK bribery case; the travel ban only sent through immigration'),
        'clickid-3bfa5c7df372f05a': (0, 'a KPK summons; the travel ban only sent through immigration'),
    }),
    ("kkp", "compound", [r"kkp\b|kementerian kelautan|menteri kelautan|kemen ?kp\b|men ?kp\b"], 2, {
        'clickid-09e329e602385c14': (0, "a regional marine-park unit (UPTD KKP) in Raja Ampat, not the ministry"),
        'clickid-133ce7fb75bd0945': (1, 'the marine affairs minister (KKP, misnamed) speaks at Lake Toba'),
        'clickid-6c7a31534d5814b4': (1, 'the marine affairs minister (KKP, misnamed) speaks at Lake Toba'),
    }),
    ("dprd", "compound", [r"dprd\w*|dewan perwakilan rakyat daerah|dprp\b|dpra\b"], 2, {
        'clickid-3a680ae6b18105cc': (2, 'DPRD DKI members pawn their decrees: about the council members'),
        'clickid-7ef15279da72eb2d': (2, "the Pangandaran council's (DPRD) committees formed"),
        'clickid-881a2aedf4032b6e': (1, "a bomb at a council member's house: a crime"),
        'clickid-a9e0af1f23d99167': (1, 'students demonstrate at the council building'),
    }),
    ("bawaslu", "compound", [r"bawaslu\w*|badan pengawas pemil\w*|panwaslu\w*|panwas\b|panitia pengawas pemil\w*|pengawas pemilu"], 2, {
        'indosum-1496531220': (2, 'the election supervisory body (Bawaslu) on the regions that have not budgeted for supervision'),
    }),
    ("polres", "compound", [r"polres\w*|polresta\w*|polrestabes\w*|kepolisian resor\w*|kepolisian resort\w*|kapolres\w*"], 2, {
    }),
    ("anies-sandi", "compound", [r"anies\w*", r"sandiaga\w*|(?<!kata )sandi\b(?! negara)"], 2, {
        'indosum-1492622574': (2, 'an analysis of the Anies-Sandiaga victory in the 2017 Jakarta election'),
    }),
    ("liga 1", "compound", [r"liga ?-? ?1\b(?! (?:prancis|perancis|france|inggris|spanyol))|liga satu\b|shopee liga|go ?-? ?jek traveloka liga"], 2, {
    }),
    ("sp3", "compound", [r"sp3\w*|di ?-? ?sp3\w*|surat perintah penghentian penyidikan|penghentian (?:penyidikan|penyelidikan|perkara|kasus|penuntutan)|(?:menghentikan|hentikan|dihentikan) (?:\w+ ){0,2}(?:penyidikan|penyelidikan|perkara|kasus)|(?:penyidikan|kasus|perkara) (?:\w+ ){0,3}dihentikan"], 2, {
        'clickid-3a88d5c5d371ab1f': (1, "a KPK leader asks that an ethics case be dropped: not an investigation stopped"),
    }),
]


if __name__ == "__main__":
    run(5, QUERIES)
