"""What the judged sets from the third on share: the grading, the engines' runs, the check
that no query is asked again, and the runner that pools, prints for reading and writes the
judgements. Each `judgeN.py` holds only its queries, concepts and overrides, and calls
`run(N, ...)`; the files of set N are `queries-N.tsv`, `pool-runs-N.tsv`,
`judged-queries-N.tsv` and `SETN.md`.
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

from judge2 import PlainBM25, load

HERE = Path(__file__).parent

# A short bracketed aside ("Mahkamah Konstitusi (MK)") is removed before counting, so that
# the abbreviation after a name does not count as a second mention.
ASIDE = re.compile(r"\s\([^()\n]{1,20}\)")

ORDINALS = {3: "third", 4: "fourth", 5: "fifth"}


def judge(docs, concepts, minimum):
    """Grades by the concepts: 2 when every concept is in the title, 1 when every concept
    occurs at least `minimum` times in title and body (asides removed), else none."""
    patterns = [re.compile(r"\b(?:" + c + r")", re.IGNORECASE) for c in concepts]
    grades = {}
    for doc in docs:
        text = ASIDE.sub(" ", doc["title"] + "\n" + doc["body"])
        if all(p.search(doc["title"]) for p in patterns):
            grades[doc["id"]] = 2
        elif all(len(p.findall(text)) >= minimum for p in patterns):
            grades[doc["id"]] = 1
    return grades


def read_runs(path):
    """The engines' runs (`system<TAB>query<TAB>rank<TAB>id`), as `relevance --pool` writes them."""
    runs = defaultdict(list)
    if not path.exists():
        print(f"# {path} missing: the engines' runs are not pooled", file=sys.stderr)
        return {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        system, query, rank, doc_id = line.split("\t")
        runs[(system, query)].append((int(rank), doc_id))
    return {k: [d for _, d in sorted(v)] for k, v in runs.items()}


def earlier_queries(number):
    """The queries of every earlier set, none of which may be asked again in set `number`."""
    names = ["judged-queries.tsv"] + [f"queries-{n}.tsv" for n in range(2, number)]
    seen = set()
    for name in names:
        path = HERE / name
        if not path.exists():
            sys.exit(f"{path} missing: cannot check that no query is asked again")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                seen.add(line.split("\t")[0].strip().lower())
    return seen


def run(number, queries):
    """The command line of `judgeN.py` (see the usage in judge3.py)."""
    ordinal = ORDINALS[number]
    news = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "../shared/data/news"
    again = [q for q, *_ in queries if q.lower() in earlier_queries(number)]
    if again or len({q for q, *_ in queries}) != len(queries):
        sys.exit(f"queries asked before or twice: {again}")
    if "--queries" in sys.argv:
        out = HERE / f"queries-{number}.tsv"
        with open(out, "w", encoding="utf-8") as f:
            f.write(f"# query<TAB>class<TAB>split (the {ordinal} set: every query is test, scored once); "
                    f"see SET{number}.md\n")
            for query, cls, *_ in queries:
                f.write(f"{query}\t{cls}\ttest\n")
        print(f"{len(queries)} queries -> {out}")
        return
    docs = load(news)
    titles = {d["id"]: d["title"] for d in docs}
    leads = {d["id"]: " ".join(d["body"].split())[:160] for d in docs}
    runs = read_runs(HERE / f"pool-runs-{number}.tsv")
    bm25 = PlainBM25(docs)
    review = "--review" in sys.argv
    only = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")]
    rows = []
    pool_sizes = []
    for query, cls, concepts, minimum, overrides in queries:
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
        out = HERE / f"judged-queries-{number}.tsv"
        with open(out, "w", encoding="utf-8") as f:
            f.write("# query<TAB>doc_id<TAB>grade (2 = about the query, 1 = discusses it); "
                    f"see SET{number}.md, judge{number}.py\n")
            for query, ranked in rows:
                for doc_id, grade in ranked:
                    f.write(f"{query}\t{doc_id}\t{grade}\n")
        print(f"{len(rows)} queries, {sum(len(r) for _, r in rows)} judgements -> {out}")
