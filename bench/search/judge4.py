#!/usr/bin/env python3
"""The fourth judged set (issue 17): 40 new queries in four classes, all in the `test` part,
made to be scored once and never tuned on. Same method as judge3.py (the third set).

Usage (from the workspace root):
  judge4.py NEWS_DIR --queries          writes queries-4.tsv (query, class, split)
  judge4.py NEWS_DIR --review [--leads] [--all] [--only=QUERY]
                                        prints every article in the pool that any system
                                        ranked in its top 10 (--all: also every other
                                        article the concepts match), with its grade and
                                        title (--leads: and the first 160 characters of
                                        the body), for the judge to read
  judge4.py NEWS_DIR --pool-sizes       prints the pool size of every query
  judge4.py NEWS_DIR                    writes judged-queries-4.tsv

The pool of a query is the union of
  - the top 20 of Sinergi and of SQLite FTS5 (`pool-runs-4.tsv`, written by
    `examples/relevance --pool` of the frozen binary built from commit b1e6be2),
  - the top 20 of set 2's plain BM25 (title 3x, lower-cased words split at every
    non-alphanumeric character, no stemming, no stop words: another system again),
  - every article matched by the judge's concepts: case-insensitive regular expressions,
    each matching at the start of a word, written from the *meaning* of the query
    (inflected forms, synonyms, usual abbreviations and their expansions), not from any
    engine's output. IndoSum bodies were re-joined from tokens with spaces, so hyphenated
    forms may read "u - 22", "ganjil - genap": the concepts accept those spellings.

Grades (as judge3.py, whose grading in judged_set.py is used unchanged): 2 when every concept occurs in the
title; 1 when every concept occurs at least `min` times in title and body together, a short
bracketed aside such as "(MK)" removed first; otherwise 0. Then the judge read the title
(and the lead where the title was unclear) of every article in the pool that any system
ranked in its top 10, and recorded the corrections in the overrides with the reason beside
them. Pooled articles not matched by the concepts are judged 0 unless an override raises
them.

Every query of this set is in the `test` part: the set is scored once, at the end.
"""

# The corpus loader and the plain BM25 (the third pooled system) are set 2's, the grading
# (with the bracketed asides removed) is set 3's, all unchanged; the runner is shared with
# sets 3 and 5 (judged_set.py).
from judged_set import run

# (query, class, concepts, min, {id or unique id prefix: (grade, reason)} overrides)
# class: word (one word), phrase (several words whose nearness matters), inflected (the
# articles mostly use other forms of the words), compound (hyphenated, alphanumeric,
# acronyms and abbreviations).
QUERIES = [
    # --- single words. The first six share their stem with words of another meaning:
    # penghargaan "award" / harga "price", pertahanan "defence" / tahan "hold, detain",
    # pendapatan "revenue" / dapat "can, get", perbatasan "border" / batas "limit",
    # kebakaran "fire" / bahan bakar "fuel", bakar "grilled", pertanian / tani.
    ("penghargaan", "word", [r"penghargaan|award\w*|anugerah\w*|dianugerahi|menganugerahkan|tanda kehormatan|bintang jasa|bintang mahaputera|satyalancana|gelar pahlawan"], 2, {
        'indosum-1491416147': (0, 'a "visual reward" for deaf children learning to speak, not an award'),
        'indosum-1498724100': (0, 'appreciation owed to doctors, not an award'),
        'indosum-1519363800': (0, 'a harassment case; the Tony Awards only named'),
        'indosum-1516484700': (0, "a harassment case; the actor's Oscar only in his background"),
        'indosum-1515456120': (2, 'best actor at the Golden Globes: an award the title names without the word'),
        'indosum-1515457800': (2, 'best drama at the Golden Globes: an award'),
        'indosum-1518467400': (2, 'Sri Mulyani named best minister in the world: an award'),
        'indosum-1508106561': (2, 'best actress at a film festival: an award'),
        'indosum-1494833400': (2, 'best actress at the age of 95: an award'),
    }),
    ("pertahanan", "word", [r"(?:kementerian|departemen|menteri|industri|sistem|anggaran|kerja ?sama|kesepakatan|pakta|pameran|perjanjian|kebijakan|kekuatan|strategi|doktrin|sektor|bidang|aliansi|pangkalan|pos|dewan|wakil menteri|wamen|wakil menhan) pertahanan|pertahanan (?:negara|nasional|udara|laut|rudal|dan keamanan|keamanan|militer|semesta|siber|bersama|wilayah|indonesia|ri\b|as\b|amerika|china|tiongkok|jepang|rusia|korea|australia|israel|saudi)|kemhan\b|kemenhan\b|menhan\b|hankam\b|pentagon|alutsista"], 2, {
        'indosum-1472875213': (0, "New Zealand's civil-defence ministry after an earthquake, not defence"),
    }),
    ("pendapatan", "word", [r"(?<!anggaran )pendapatan|penghasilan|omzet|omset|revenue|penerimaan (?:negara|daerah|pajak|perpajakan|bukan pajak|cukai|bea|kas)|pnbp\b"], 2, {
        'indosum-1487019624': (2, "Twitter's revenue for the quarter and the year (the lead): the article is about its revenue"),
    }),
    ("perbatasan", "word", [r"perbatasan|tapal batas|garis batas|batas (?:negara|wilayah)|pos lintas batas|plbn\w*|border\b|wilayah terluar|daerah terluar|pulau terluar|beranda (?:depan )?negara"], 2, {}),
    ("kebakaran", "word", [r"kebakaran|terbakar\w*|dilalap|si jago merah|dilahap (?:api|si jago)|karhutla|kobaran api|api (?:berkobar|membesar|merambat)|damkar\b"], 2, {}),
    ("pertanian", "word", [r"pertanian|petani\w*|agrari\w*|agribisnis|kementan\b|mentan\b|bertani|bercocok tanam|sawah|pupuk|tanaman pangan|padi\b|irigasi|lahan tani"], 2, {
        'clickid-2669a766fc5fec37': (0, 'a drowning in an irrigation canal, not farming'),
        'clickid-118bcb90a9084ca6': (0, 'a killing; the suspect only a farmer by trade'),
        'indosum-1497654472': (0, 'a flyover at Karang Sawah (a place name)'),
        'indosum-1494352693': (0, "traffic diverted around Ahok's trial at the Agriculture Ministry's hall"),
    }),
    ("korupsi", "word", [r"korupsi|koruptor|tipikor\b|rasuah|suap(?!an\b|i\b)\w*|penyuapan|menyuap(?!i\b)\w*|disuap\w*|gratifikasi|dikorupsi|mengorupsi|penyelewengan (?:dana|anggaran|wewenang)|menyelewengkan|penggelapan (?:dana|uang)|mark ?-? ?up"], 3, {}),
    ("investasi", "word", [r"investasi\w*|investor\w*|berinvestasi|penanaman modal|penanam modal|menanamkan modal|tanam modal|pma\b|pmdn\b|bkpm\b|modal ventura|suntikan (?:dana|modal)"], 3, {}),
    ("utang", "word", [r"utang\w*|hutang\w*|berutang|berhutang|pinjaman|surat berharga negara|sbn\b|obligasi|kredit macet|pinjol\b|tunggakan|menunggak"], 2, {
        'clickid-94e440e64528ab2d': (0, '"berhutang budi", owing gratitude: figurative'),
        'clickid-144f32d48b75d11e': (1, 'tax arrears, a debt to the region, not what "utang" usually names'),
        'clickid-7bae06d10b481b5c': (1, 'tax arrears, a debt to the region, not what "utang" usually names'),
        'clickid-8843084d4117f917': (1, 'tax arrears, a debt to the region, not what "utang" usually names'),
        'clickid-b1f703d04a4259a8': (1, 'investors fleeing to gold and government bonds: investment, bonds only as a haven'),
        'indosum-1499914800': (0, 'a football loan ("pemain pinjaman"), not a debt'),
    }),
    ("anggaran", "word", [r"anggaran|apbn\w*|apbd\w*|rapbn\w*|rapbd\w*|pagu\b|dipa\b|belanja (?:negara|daerah|pemerintah|modal|pegawai|barang)"], 3, {
        'clickid-522bf6031d83febd': (2, "the DPR approves the finance ministry's budget (RKA-K/L): a budget, the abbreviation the concept lacks"),
    }),
    # --- phrases
    ("wakil presiden", "phrase", [r"wakil presiden|wapres\w*|cawapres\w*|vice president"], 2, {
        'clickid-2d4a0f8baa01e819': (0, "Habibie's death; the vice presidency only his past office and a visitor's title"),
        'clickid-6bb197b4edff19ff': (0, 'a tribute to Habibie; the vice presidency only his past office'),
        'clickid-213676f0518c125c': (0, "a hoax about Habibie's death; the vice president only among visitors"),
        'clickid-9c06fa1eea8559f6': (0, 'the criminal code on insulting the president; "wakil presiden" only in the law\'s wording'),
        'indosum-1515102300': (0, 'the presidential threshold case; "calon presiden dan wakil presiden" only in the law\'s wording'),
        'indosum-1513756335': (0, 'a Chinese radio office; past vice presidents only as interviewees'),
        'clickid-22edd4c2f8796cdb': (0, 'a small rally; the inauguration of president and vice president only named'),
        'indosum-1478831433': (0, "a veteran's hopes; the vice president only present at the ceremony"),
        'clickid-94c9d46161bd6a6d': (0, 'a company vice president (Petral), not the vice president'),
        'clickid-bb9f018f9db28e7d': (0, 'a company vice president (Petral), not the vice president'),
        'clickid-cb0c360b626c4249': (0, "an airport company's vice president, not the vice president"),
        'indosum-1485499510': (0, "a toll-road company's vice president, not the vice president"),
    }),
    ("rapat paripurna", "phrase", [r"paripurna|plenary"], 2, {}),
    ("perang dagang", "phrase", [r"perang (?:dagang|tarif)|trade war|sengketa (?:dagang|perdagangan)|ketegangan (?:dagang|perdagangan)|konflik (?:dagang|perdagangan)|tarif (?:impor |bea masuk )?(?:balasan|tambahan)"], 2, {
        'clickid-afd8b289fee0af6c': (2, 'the US-China trade war ("Perang AS-China") and a chance for furniture exporters'),
    }),
    ("polusi udara", "phrase", [r"polusi udara|polusi(?! (?:suara|cahaya|plastik|sampah|air\b|tanah|laut|sungai))|pencemaran udara|kualitas udara|udara (?:kotor|tercemar|tidak sehat|buruk)|terpolusi|polutan|pm ?2[.,] ?5|indeks (?:standar pencemar|kualitas) udara|ispu\b|air quality|airvisual"], 2, {
        'clickid-133ce7fb75bd0945': (0, 'fish dying in Lake Toba: water pollution, not air'),
        'clickid-6c7a31534d5814b4': (0, 'fish dying in Lake Toba: water pollution, not air'),
        'clickid-b6394c625d6657fe': (2, 'a smelter sealed and the air at the school nearby cleaner'),
        'clickid-db221bdacdf0f25f': (2, 'a teacher ill from the smoke of charcoal kilns: air pollution'),
        'clickid-d8783358f2dea6a8': (1, 'the vice president blames private cars for the pollution (once, with jams and the deficit)'),
    }),
    ("hukuman mati", "phrase", [r"hukuman mati|pidana mati|vonis mati|eksekusi mati|dieksekusi mati|dihukum mati|divonis mati|terpidana mati|death penalty|hukuman gantung|regu tembak|qisas|qishash"], 2, {
        'indosum-1472925641': (2, 'Kim Jong Un has two officials put to death ("hukum mati")'),
        'indosum-1473809433': (2, 'Duterte lets Indonesia execute Mary Jane, on death row'),
    }),
    ("taman nasional", "phrase", [r"taman nasional|national park|tn (?:gunung|ujung|komodo|bukit|way|lore|baluran|alas|meru|kerinci|tesso|tanjung|sebangau|wakatobi|bunaken|karimunjawa|lorentz|kepulauan|gede|sembilang|berbak|kutai|betung|danau|manusela|bantimurung|rawa)"], 2, {
        'clickid-b7fc98788660342c': (2, 'a forest fire on Semeru, inside the Bromo Tengger Semeru national park (the lead)'),
        'indosum-1503345600': (2, 'rare animals drowned in the Kaziranga national park (the lead)'),
    }),
    ("tanah abang", "phrase", [r"tanah abang|jatibaru"], 2, {}),
    ("air bersih", "phrase", [r"air bersih|air minum|krisis air|kesulitan air|kekurangan air|pasokan air|distribusi air|dropping air|droping air|pdam\b|sumur bor|air baku|clean water"], 2, {
        'clickid-80cd3762b90c7d44': (0, 'a water-gallon seller runs for mayor; not about water supply'),
        'clickid-3adfe0652aae02d5': (0, 'a water-gallon seller runs for mayor; not about water supply'),
        'indosum-1476934245': (0, 'drinking too much water, a health tip; not about water supply'),
        'indosum-1518892200': (0, 'remedies for mouth ulcers; clean water only for rinsing'),
        'clickid-0d796a17bf2887ec': (0, "an airport's name; the water company's hall only where it was said"),
        'clickid-8e32e7ed385e938b': (0, "an airport's name; the water company's hall only where it was said"),
    }),
    ("media sosial", "phrase", [r"media sosial|medsos\w*|jejaring sosial|social media|sosmed\b"], 2, {}),
    ("bursa efek", "phrase", [r"bursa efek|bei\b|idx\b|pasar modal|lantai bursa|melantai|ihsg\b|indeks harga saham|bursa saham|ipo\b|initial public offering|penawaran umum perdana|wall street|stock exchange"], 2, {}),
    # --- inflected
    ("penetapan tersangka", "inflected", [r"penetapan|ditetapkan|menetapkan|tetapkan|(?:jadi|menjadi|sebagai|berstatus|dijadikan|status) tersangka|ditersangkakan|menersangkakan", r"tersangka"], 2, {
        'indosum-1510778961': (1, 'Setya Novanto summoned as a suspect; the naming itself came earlier'),
        'indosum-1493015142': (1, "an actress's remarks; her suspect status only the occasion"),
        'clickid-3bdc553b0ab6adc8': (2, 'the KPK on naming Imam Nahrawi a suspect: no political motive'),
        'clickid-dd016aecaa42f50b': (2, 'the KPK announces a new suspect in the oil-and-gas case'),
        'indosum-1519154100': (2, 'the KPK opens an inquiry to name new suspects in the e-KTP case'),
    }),
    ("pengunduran diri", "inflected", [r"pengunduran diri|mengundurkan diri|undur diri|mundur (?:dari|sebagai)|resign\w*|(?:meletakkan|letakkan|melepas) jabatan|lengser\b|(?:menyatakan|memilih|akan|siap|untuk|harus|diminta|didesak) mundur|surat (?:pengunduran|mundur)|(?:pimpinan|ketua|menteri|direktur|dirut|pelatih|bupati|gubernur|wali ?kota|kapolri|pejabat|penasihat|presiden|ceo|bos|perdana menteri)\W+(?:\w+\W+){0,3}mundur\b"], 2, {
        'indosum-1501145100': (1, 'a club withdraws from the league, not a resignation'),
        'indosum-1502734500': (1, 'a player withdraws from a tournament, not a resignation'),
        'indosum-1516304220': (1, 'a rider withdraws from the 2018 season, not a resignation from an office'),
        'clickid-caeb44b8493ab24c': (2, 'Saut Situmorang resigns from the KPK ("Mundur,"): the title, which the concept missed'),
    }),
    ("penyerangan", "inflected", [r"penyerangan|diserang|menyerang|serang\b|serangan (?:bom|teror\w*|udara|drone|rudal|roket|bersenjata|senjata|militer|fisik|bunuh diri|mematikan|brutal|berdarah|terhadap (?!gawang|pertahanan|lini))|serangan (?:pada |ke |di |terhadap )?(?:kilang|fasilitas|ladang|markas|pos\b|rumah|asrama|masjid|gereja|sekolah|polisi|kantor|kapal|pangkalan|desa|kota|warga|pengungsi)|penusukan|ditusuk|menusuk|tusuk\b|pembacokan|dibacok|membacok|bacok\b|penyiraman air keras|disiram air keras"], 2, {
        'clickid-08fd0b30020c6c7a': (0, 'Jokowi "attacked" over the KPK law: criticism, figurative'),
        'clickid-1896d5b56d26558b': (0, 'hoaxes "attack" the mind: figurative'),
        'indosum-1516855174': (0, 'a lawyer "attacks" the legality of another: figurative'),
        'indosum-1491895845': (0, 'football: a team will play attacking football'),
        'clickid-9c06fa1eea8559f6': (0, 'the criminal code on insulting the president; "menyerang kehormatan" only in the law\'s wording'),
        'indosum-1479863406': (0, 'a musician "attacks" Trump in words'),
        'indosum-1492129542': (0, 'football: attacking play'),
        'indosum-1496367000': (0, 'football: attacking play'),
        'indosum-1497416100': (0, 'football: attacking play'),
        'indosum-1497427200': (0, 'football: attacking players'),
        'indosum-1500665400-titik': (0, 'football: attacking play'),
        'indosum-1501025400': (0, 'football: an attacking player signed'),
        'indosum-1501273800': (0, 'football: attacking play'),
        'indosum-1503335400': (0, 'football: attacking play'),
        'indosum-1507654800': (0, 'football: attacking play'),
        'indosum-1512169200': (0, 'football: attacking play'),
        'clickid-4610ec1e2a404d2f': (1, 'Wall Street after the attack on the Saudi oil field: markets, the attack only the cause'),
        'clickid-567346158d171f7c': (1, 'energy shares after the drone attack: markets, the attack only the cause'),
        'clickid-b1f703d04a4259a8': (1, 'investors after the drone attack: markets, the attack only the cause'),
        'clickid-b49452b0de051bb8': (1, 'the oil price after the attack: markets, the attack only the cause'),
        'clickid-bc0be6fb6bc9e713': (1, 'Indonesia open to attack by other countries: a warning, no attack'),
        'clickid-22c730cc203c19d1': (1, 'a student stabs a robber in self-defence'),
        'clickid-4745c0dcb31c112e': (2, 'a hundred thugs attack and damage a mosque'),
        'indosum-1498443060': (2, 'the police chief warns of car-ramming attacks ("serangan tabrak mobil")'),
        'clickid-5f2f7d9a969e0abe': (0, 'an insult on social media; "menyerang" in words'),
        'clickid-7f6cdb6c2c810741': (0, 'KPK leaders resign; "diserang" is criticism'),
        'clickid-8838fcdb0d37d56f': (0, 'a KPK leader resigns; "diserang" is criticism'),
        'clickid-f7637fd8a5334d87': (0, 'a baby dead of a respiratory illness that "attacks"'),
        'indosum-1484524821': (0, 'a health tip; a disease that "attacks"'),
        'indosum-1492560040': (0, 'a health tip; a cancer that "attacks"'),
    }),
    ("pembakaran lahan", "inflected", [r"pembakaran|dibakar|membakar|bakar\b|pembakar\b|(?:pelaku|tersangka) (?:karhutla|kebakaran hutan)", r"lahan|hutan|karhutla|gambut|konsesi|kebun|ladang|semak"], 2, {
        'clickid-543b6a8e25d613e2': (1, "Jambi's five points against the fires include prosecuting those who burn land"),
        'clickid-a8fc0f7c9291a3a1': (2, 'the police name 185 people and four companies suspects of burning forest and land'),
        'clickid-25e2491be617f228': (0, 'a murder; the body burnt, no land burning'),
        'clickid-2fec67cefe33ce88': (0, 'a murder; the body burnt, no land burning'),
        'clickid-dc393d47b1048f96': (0, 'illegal liquor found in a forest and destroyed'),
        'indosum-1495703700': (0, 'the value of cow dung; combustion, not land burning'),
        'indosum-1517802300': (0, 'rubbish piling up; burning rubbish, not land'),
    }),
    ("pembongkaran bangunan", "inflected", [r"pembongkaran|dibongkar|membongkar|bongkar\b|penggusuran|digusur|menggusur|gusur\b|dirobohkan|merobohkan|perobohan|dirubuhkan|merubuhkan|diratakan|penertiban bangunan|eksekusi (?:lahan|bangunan|rumah)", r"bangunan|rumah|gedung|lapak|kios|trotoar|tembok|pagar|permukiman|pemukiman|hunian|kontrakan|ruko|villa|vila|toko|warung|jembatan|tugu|kantor|pos\b"], 2, {
        'indosum-1515030300': (0, 'football: a club "gusur" (displaces) another in the table'),
        'indosum-1472835646': (2, 'a demolition at Rawajati ("pembongkaran" in the title; the houses in the lead)'),
        'indosum-1475897426': (2, 'illegal buildings in Kemang to be cleared ("ditertibkan")'),
    }),
    ("penyitaan", "inflected", [r"penyitaan|disita\w*|menyita\w*|sita\b|sitaan|perampasan aset|dirampas (?:untuk )?negara"], 2, {
        'clickid-4a647f99b62fa6fd': (1, "a pupil's phone taken by the school: confiscation in a loose sense"),
    }),
    ("pemecatan", "inflected", [r"pemecatan|dipecat|memecat\w*|pecat\b|diberhentikan|memberhentikan|pemberhentian (?:dengan )?tidak (?:dengan )?hormat|ptdh\b|phk\b|di ?-? ?phk|pemutusan hubungan kerja|dicopot|mencopot|pencopotan|copot\b"], 2, {
        'clickid-6dd620c05101df15': (0, 'a black cloth taken down ("copot"), not a dismissal'),
        'clickid-6e1873986db1ea44': (0, 'a black cloth taken down ("pencopotan"), not a dismissal'),
        'clickid-429ebce256596bc7': (1, "an app's new video content; the layoffs only the occasion"),
        'clickid-738f0101ca639310': (0, 'a policeman stops a car ("memberhentikan"), not a dismissal'),
        'clickid-cd1ced01d8d4d497': (0, 'a policeman stops a car ("memberhentikan"), not a dismissal'),
        'indosum-1496599200': (0, "the cyber agency's tasks; dismissal only in its rules"),
        'indosum-1501102320': (0, 'metal detectors taken down ("mencopot"), not a dismissal'),
        'indosum-1497645900': (0, 'teeth that fell out ("copot"), not a dismissal'),
    }),
    ("penyegelan", "inflected", [r"penyegelan|disegel|menyegel|segel\b|bersegel|ditutup paksa|penutupan paksa"], 2, {}),
    ("penggeledahan", "inflected", [r"penggeledahan\w*|digeledah|menggeledah|geledah\b"], 2, {
        'indosum-1510867089': (1, "KPK investigators leave Setya Novanto's house with what they took in the search"),
    }),
    ("penganiayaan", "inflected", [r"penganiayaan|dianiaya|menganiaya\w*|aniaya\b|penganiaya\b|dipukuli|memukuli|pemukulan|dipukul\b|memukul\b|dikeroyok|pengeroyokan|mengeroyok|kekerasan fisik|babak belur"], 2, {
        'clickid-a95b4c1a1132fa69': (1, 'the police find no sign of assault and suspect a suicide attempt'),
        'clickid-d4527ceb34bae0ea': (0, 'a mountain fire beaten out with branches ("dipukul")'),
        'indosum-1490598034': (0, 'political persecution ("penganiayaan") of a blogger, not an assault'),
    }),
    # --- compounds, alphanumerics, acronyms, abbreviations
    ("pemkot", "compound", [r"pemkot\w*|pemko\b|pemerintah kota|pemerintahan kota"], 2, {
        'clickid-52f99f0e76591801': (0, "a former mayor's funeral; the city government only arranges it"),
    }),
    ("kemenkeu", "compound", [r"kemenkeu|kemkeu|kementerian keuangan|menkeu\b|menteri keuangan"], 2, {
        'clickid-1ed745cca9110f54': (0, "the US Treasury Secretary on Iran sanctions, not Indonesia's finance ministry"),
        'indosum-1498846500': (0, "US Treasury sanctions on banks, not Indonesia's finance ministry"),
        'clickid-c6e24ac16a97acc5': (1, 'the finance minister and three former ones write an article: the ministers, not the ministry'),
    }),
    ("kemenag", "compound", [r"kemenag\w*|kementerian agama|menag\b|menteri agama|depag\b|departemen agama"], 2, {}),
    ("kominfo", "compound", [r"kominfo|kemenkominfo|kemkominfo|kementerian komunikasi|menkominfo|menteri komunikasi|diskominfo|dinas komunikasi"], 2, {}),
    ("bumn", "compound", [r"bumn\w*|badan usaha milik negara|perusahaan (?:milik )?negara|perusahaan pelat merah|perusahaan plat merah"], 2, {}),
    ("klhk", "compound", [r"klhk\b|klh\b|kementerian lingkungan hidup|kementerian lhk|kemen ?lhk|menlhk\b|menteri lhk|menteri lingkungan hidup|kementerian kehutanan|menhut\b|menteri kehutanan"], 2, {}),
    ("timnas u-22", "compound", [r"u ?-? ?22\b|under ?-? ?22", r"timnas|tim nasional|garuda muda|tim indonesia|skuad indonesia|skuat indonesia|indonesia u ?-? ?22"], 2, {}),
    ("pilkada 2018", "compound", [r"pilkada\w*|pilgub\w*|pilwalkot\w*|pilbup\w*|pemilihan kepala daerah|pemilihan gubernur|pemilihan bupati|pemilihan wali ?kota|cagub\w*|cawagub\w*|calon (?:wakil )?gubernur|calon (?:wakil )?bupati|calon (?:wakil )?wali ?kota|cabup\w*|cawalkot\w*|cawabup\w*", r"2018"], 2, {
        'indosum-1514709495': (0, 'a stock-market forecast; the 2018 regional elections only as one factor'),
        'indosum-1498954500': (2, 'polling stations for the East Java election of 2018 (the lead)'),
    }),
    ("ganjil-genap", "compound", [r"ganjil ?-? ?genap|gage\b|odd ?-? ?even|pelat (?:nomor )?ganjil|nomor polisi ganjil"], 2, {}),
    ("uu md3", "compound", [r"uu md3|md3\b|undang ?-? ?undang (?:tentang )?mpr,? dpr,? dpd|uu (?:tentang )?mpr,? dpr,? dpd|undang ?-? ?undang nomor 17 tahun 2014|uu (?:no(?:mor)?\.? ?)?17(?:/| tahun )2014"], 2, {}),
]


if __name__ == "__main__":
    run(4, QUERIES)
