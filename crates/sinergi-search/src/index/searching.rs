//! Searching: the query built from text and filters, scope and embargo,
//! facets, snippets and the hits.

use super::*;

impl SearchIndex {
    /// Searches; `query.viewer` and `query.now` decide what exists (scope and embargo).
    pub fn search(&self, query: &Query) -> Result<Results> {
        let clauses = parse_text_with(&self.analyzer, &self.synonyms, &query.text);
        let searcher = self.reader.searcher();
        let filters = self.filters(query);
        let limit = match query.limit {
            0 => 10,
            n => n.min(MAX_LIMIT),
        };
        let positive_words: usize = clauses
            .iter()
            .map(|c| match c {
                Clause::Word { negated: false, .. } => 1,
                Clause::Group { words, .. } => words.len(),
                _ => 0,
            })
            .sum();
        let offset = query.offset.min(MAX_OFFSET);
        let mut relaxed = false;
        let mut built = self.build(&clauses, query.complete, true, &filters);
        let mut fruit = self.collect(&searcher, &built.full, query.sort, limit, offset)?;
        if fruit.total == 0 && positive_words > 1 {
            built = self.build(&clauses, query.complete, false, &filters);
            fruit = self.collect(&searcher, &built.full, query.sort, limit, offset)?;
            relaxed = true;
        }
        let snippets = match &built.text {
            Some(text) => Some(self.snippet_generators(&searcher, text.as_ref())?),
            None => None,
        };
        let mut hits = Vec::with_capacity(fruit.top.len());
        for (score, address) in fruit.top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, snippets.as_ref()));
        }
        Ok(Results {
            total: fruit.total,
            hits,
            facets: fruit.facets,
            relaxed,
        })
    }

    /// Highlighters for the stored title and body, with the terms `query` looks for in the
    /// scored field (rarer terms weigh more in choosing the passage).
    fn snippet_generators(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn TantivyQuery,
    ) -> Result<(SnippetGenerator, SnippetGenerator)> {
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.fields.text {
                terms.push(term.clone());
            }
        });
        let mut weights = BTreeMap::new();
        for term in terms {
            let doc_freq = searcher.doc_freq(&term)?;
            if let Some(text) = term.value().as_str()
                && doc_freq > 0
            {
                weights.insert(text.to_owned(), 1.0 / (1.0 + doc_freq as Score));
            }
        }
        let analyzer = || TextAnalyzer::from(IndonesianTokenizer::new(self.analyzer.clone()));
        Ok((
            SnippetGenerator::new(weights.clone(), analyzer(), self.fields.title, 1000),
            SnippetGenerator::new(weights, analyzer(), self.fields.body, SNIPPET_CHARS),
        ))
    }

    fn collect(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn TantivyQuery,
        sort: Sort,
        limit: usize,
        offset: usize,
    ) -> Result<Fruit> {
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let counts = (Count, FacetCounter);
        let (top, (total, facets)) = match sort {
            Sort::Relevance => searcher.search(query, &(top.order_by_score(), counts))?,
            Sort::Newest => {
                let (top, counts) = searcher.search(
                    query,
                    &(
                        top.order_by_fast_field::<i64>("published_at", Order::Desc),
                        counts,
                    ),
                )?;
                (top.into_iter().map(|(_, a)| (0.0, a)).collect(), counts)
            }
        };
        Ok(Fruit { top, total, facets })
    }

    fn hit(
        &self,
        doc: &TantivyDocument,
        score: Score,
        snippets: Option<&(SnippetGenerator, SnippetGenerator)>,
    ) -> Hit {
        let f = &self.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let title = text(f.title);
        let body = text(f.body);
        let (title_html, snippet_html) = match snippets {
            Some((title_gen, body_gen)) => {
                let mut t = title_gen.snippet_from_doc(doc);
                t.set_snippet_prefix_postfix("<mark>", "</mark>");
                let title_html = if t.highlighted().is_empty() {
                    escape_html(&title)
                } else {
                    t.to_html()
                };
                let mut s = body_gen.snippet_from_doc(doc);
                s.set_snippet_prefix_postfix("<mark>", "</mark>");
                let snippet_html = if s.highlighted().is_empty() {
                    escape_html(lead(&body, SNIPPET_CHARS))
                } else {
                    s.to_html()
                };
                (title_html, snippet_html)
            }
            None => (escape_html(&title), escape_html(lead(&body, SNIPPET_CHARS))),
        };
        Hit {
            id: text(f.id),
            kind: doc
                .get_first(f.kind)
                .and_then(|v| v.as_u64())
                .and_then(DocKind::from_ordinal)
                .unwrap_or(DocKind::Unit),
            title,
            title_html,
            snippet_html,
            unit_code: text(f.unit_code),
            level: doc
                .get_first(f.level)
                .and_then(|v| v.as_u64())
                .and_then(level_from_ordinal),
            published_at: doc.get_first(f.published_at).and_then(|v| v.as_i64()),
            score,
        }
    }

    fn word_query(&self, term: &str) -> Box<dyn TantivyQuery> {
        Box::new(TermQuery::new(
            Term::from_field_text(self.fields.text, term),
            IndexRecordOption::WithFreqs,
        ))
    }

    fn phrase_query(&self, terms: &[(usize, &str)], slop: u32) -> Box<dyn TantivyQuery> {
        Box::new(PhraseQuery::new_with_offset_and_slop(
            terms
                .iter()
                .map(|(at, t)| (*at, Term::from_field_text(self.fields.text, t)))
                .collect(),
            slop,
        ))
    }

    /// One query word: its stem must match (or an alternative); the exact form adds to the
    /// score; search-as-you-type also matches the last word as a title prefix.
    fn word_clause(
        &self,
        term: &str,
        surface: &str,
        alternatives: &[Alternative],
        completes: bool,
    ) -> Box<dyn TantivyQuery> {
        let mut q = self.word_query(term);
        if let Some(exact) = exact_term(surface, term) {
            // The stem must match; the exact form adds to the score.
            q = Box::new(BooleanQuery::new(vec![
                (Occur::Must, q),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(self.word_query(&exact), self.scoring.exact)),
                ),
            ]));
        }
        q = self.or_alternatives(q, 1, alternatives);
        if completes {
            let prefix = TermQuery::new(
                Term::from_field_text(self.fields.title_prefix, &prefix_term(surface)),
                IndexRecordOption::Basic,
            );
            q = Box::new(BooleanQuery::new(vec![
                (Occur::Should, q),
                (Occur::Should, Box::new(prefix)),
            ]));
        }
        q
    }

    /// `q`, or any of `alternatives` (a spelling weighs as `q`, a synonym less). `q` stands
    /// for `replaced` query words, and an alternative of `n` terms is weighed `replaced / n`
    /// times, so that it counts as the words it replaces: a phrase's score sums its terms'
    /// weights, and unscaled the five words of *kementerian lingkungan hidup dan
    /// kehutanan* in an article's body outranked *KLHK* in another's title.
    fn or_alternatives(
        &self,
        q: Box<dyn TantivyQuery>,
        replaced: usize,
        alternatives: &[Alternative],
    ) -> Box<dyn TantivyQuery> {
        if alternatives.is_empty() {
            return q;
        }
        let mut any: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![(Occur::Should, q)];
        for alternative in alternatives {
            let alt = self.terms_query(&alternative.terms);
            let weight = match alternative.kind {
                AlternativeKind::Spelling => 1.0,
                AlternativeKind::Synonym => self.scoring.synonym,
            };
            let scale = replaced.max(1) as Score / alternative.terms.len().max(1) as Score;
            let weight = weight * scale;
            let alt = if weight == 1.0 {
                alt
            } else {
                Box::new(BoostQuery::new(alt, weight))
            };
            any.push((Occur::Should, alt));
        }
        Box::new(BooleanQuery::new(any))
    }

    /// A phrase of `terms` (a term query for one term).
    fn terms_query(&self, terms: &[QueryTerm]) -> Box<dyn TantivyQuery> {
        match terms {
            [one] => self.word_query(&one.term),
            _ => {
                let first = terms.first().map_or(0, |t| t.position);
                let terms: Vec<(usize, &str)> = terms
                    .iter()
                    .map(|t| ((t.position - first) as usize, t.term.as_str()))
                    .collect();
                self.phrase_query(&terms, 0)
            }
        }
    }

    /// The text part of the query (scored) and the whole query (text, filters, exclusions).
    fn build(
        &self,
        clauses: &[Clause],
        complete: bool,
        conjunctive: bool,
        filters: &[Box<dyn TantivyQuery>],
    ) -> Built {
        let required = if conjunctive {
            Occur::Must
        } else {
            Occur::Should
        };
        let mut text: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        let mut excluded: Vec<Box<dyn TantivyQuery>> = Vec::new();
        let mut proximity: Vec<(usize, &str)> = Vec::new();
        for clause in clauses {
            match clause {
                Clause::Word {
                    term,
                    surface,
                    negated,
                    at_end,
                    alternatives,
                } => {
                    if *negated {
                        excluded.push(self.word_query(term));
                        continue;
                    }
                    proximity.push((proximity.len(), term));
                    let q = self.word_clause(term, surface, alternatives, complete && *at_end);
                    text.push((required, q));
                }
                Clause::Group {
                    words,
                    alternatives,
                } => {
                    let mut all: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
                    for word in words {
                        if let Clause::Word {
                            term,
                            surface,
                            alternatives: own,
                            at_end,
                            ..
                        } = word
                        {
                            proximity.push((proximity.len(), term));
                            let q = self.word_clause(term, surface, own, complete && *at_end);
                            all.push((required, q));
                        }
                    }
                    let q = self.or_alternatives(
                        Box::new(BooleanQuery::new(all)),
                        words.len(),
                        alternatives,
                    );
                    text.push((required, q));
                }
                Clause::Phrase { terms, negated } => {
                    let q = self.terms_query(terms);
                    if *negated {
                        excluded.push(q);
                    } else {
                        text.push((required, q));
                    }
                }
            }
        }
        if proximity.len() > 1 {
            // Words typed together rank higher when they stand together.
            text.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    self.phrase_query(&proximity, self.scoring.proximity_slop),
                    self.scoring.proximity,
                )),
            ));
        }
        let text_query: Option<Box<dyn TantivyQuery>> = if text.iter().any(|(o, _)| *o == required)
        {
            Some(Box::new(BooleanQuery::new(text)))
        } else {
            None
        };
        let mut full: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![(
            Occur::Must,
            text_query.as_ref().map_or_else(
                || Box::new(AllQuery) as Box<dyn TantivyQuery>,
                |q| q.box_clone(),
            ),
        )];
        for filter in filters {
            full.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
            ));
        }
        for q in excluded {
            full.push((Occur::MustNot, q));
        }
        Built {
            text: text_query,
            full: Box::new(BooleanQuery::new(full)),
        }
    }

    /// Scope, embargo and the filters of `query`; each must match.
    fn filters(&self, query: &Query) -> Vec<Box<dyn TantivyQuery>> {
        let f = &self.fields;
        let term = |field: Field, value: &str| -> Box<dyn TantivyQuery> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let any = |qs: Vec<Box<dyn TantivyQuery>>| -> Box<dyn TantivyQuery> {
            Box::new(BooleanQuery::new(
                qs.into_iter().map(|q| (Occur::Should, q)).collect(),
            ))
        };
        let all = |qs: Vec<Box<dyn TantivyQuery>>| -> Box<dyn TantivyQuery> {
            Box::new(BooleanQuery::new(
                qs.into_iter().map(|q| (Occur::Must, q)).collect(),
            ))
        };
        let mut filters = Vec::new();

        // Scope and embargo: part of every query.
        let lifted = || -> Box<dyn TantivyQuery> {
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_i64(f.embargo_until, i64::MIN)),
                Bound::Included(Term::from_field_i64(f.embargo_until, query.now)),
            ))
        };
        let mut visible = vec![
            term(f.visibility, "public"),
            all(vec![term(f.visibility, "embargoed"), lifted()]),
            all(vec![term(f.visibility, "scheduled"), lifted()]),
        ];
        let covered = |coverage: &Coverage| -> Box<dyn TantivyQuery> {
            if coverage.everything {
                return Box::new(AllQuery);
            }
            let codes = |list: &[String], field: Field| -> Vec<Box<dyn TantivyQuery>> {
                list.iter()
                    .map(|c| c.trim().trim_matches('.'))
                    .filter(|c| !c.is_empty())
                    .map(|c| term(field, c))
                    .collect()
            };
            let mut parts = codes(&coverage.units, f.unit_code);
            parts.extend(codes(&coverage.subtrees, f.unit_path));
            any(parts)
        };
        if !query.viewer.internal.is_empty() {
            visible.push(all(vec![
                any(vec![
                    term(f.visibility, "internal"),
                    term(f.visibility, "scheduled"),
                ]),
                covered(&query.viewer.internal),
            ]));
        }
        if !query.viewer.early.is_empty() {
            visible.push(all(vec![
                term(f.visibility, "embargoed"),
                covered(&query.viewer.early),
            ]));
        }
        filters.push(any(visible));

        if !query.kinds.is_empty() {
            filters.push(any(query
                .kinds
                .iter()
                .map(|k| -> Box<dyn TantivyQuery> {
                    Box::new(TermQuery::new(
                        Term::from_field_u64(f.kind, k.ordinal()),
                        IndexRecordOption::Basic,
                    ))
                })
                .collect()));
        }
        if !query.levels.is_empty() {
            filters.push(any(query
                .levels
                .iter()
                .map(|l| -> Box<dyn TantivyQuery> {
                    Box::new(TermQuery::new(
                        Term::from_field_u64(f.level, level_ordinal(*l)),
                        IndexRecordOption::Basic,
                    ))
                })
                .collect()));
        }
        if let Some(province) = &query.province {
            filters.push(term(f.province, province.trim()));
        }
        if let Some(within) = &query.within {
            filters.push(term(f.unit_path, within.trim().trim_matches('.')));
        }
        if let Some(unit) = &query.unit {
            filters.push(term(f.unit_code, unit.trim()));
        }
        for tag in &query.tags {
            filters.push(term(f.tags, &normalize_tag(tag)));
        }
        if let Some(campaign) = &query.campaign {
            filters.push(term(f.campaigns, campaign));
        }
        if query.from.is_some() || query.until.is_some() {
            let lower = Term::from_field_i64(f.published_at, query.from.unwrap_or(i64::MIN));
            let upper = match query.until {
                Some(until) => Bound::Excluded(Term::from_field_i64(f.published_at, until)),
                None => Bound::Included(Term::from_field_i64(f.published_at, i64::MAX)),
            };
            filters.push(Box::new(RangeQuery::new(Bound::Included(lower), upper)));
        }
        filters
    }
}

struct Built {
    text: Option<Box<dyn TantivyQuery>>,
    full: Box<dyn TantivyQuery>,
}

struct Fruit {
    top: Vec<(Score, DocAddress)>,
    total: usize,
    facets: Facets,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The document id (`"release:123"`).
    pub id: String,
    /// Its kind.
    pub kind: DocKind,
    /// The title as stored.
    pub title: String,
    /// The title, HTML-escaped, matches in `<mark>`.
    pub title_html: String,
    /// A passage of the body, HTML-escaped, matches in `<mark>` (the start of the body when
    /// no query word is in it).
    pub snippet_html: String,
    /// The owning unit.
    pub unit_code: String,
    /// The owning unit's level.
    pub level: Option<Level>,
    /// Publication time.
    pub published_at: Option<i64>,
    /// Relevance (0 when sorted by date).
    pub score: Score,
}

/// Counts of matching documents per kind and per level (over all matches, not the page).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    /// Per kind, only kinds with at least one match, in [`DocKind::ALL`] order.
    pub kinds: Vec<(DocKind, u64)>,
    /// Per level, only levels with at least one match, from national down.
    pub levels: Vec<(Level, u64)>,
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// How many documents match in all.
    pub total: usize,
    /// The requested page.
    pub hits: Vec<Hit>,
    /// Facet counts over all matches.
    pub facets: Facets,
    /// No document had every word, so these results have some of them.
    pub relaxed: bool,
}

/// Counts matches per kind and level from the fast fields.
struct FacetCounter;

const KINDS: usize = DocKind::ALL.len();
const LEVELS: usize = Level::ALL.len();

struct FacetSegment {
    kinds: Option<Column<u64>>,
    levels: Option<Column<u64>>,
    kind_counts: [u64; KINDS],
    level_counts: [u64; LEVELS],
}

impl Collector for FacetCounter {
    type Fruit = Facets;
    type Child = FacetSegment;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let fast = segment.fast_fields();
        Ok(FacetSegment {
            kinds: fast.column_opt("kind")?,
            levels: fast.column_opt("level")?,
            kind_counts: [0; KINDS],
            level_counts: [0; LEVELS],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<([u64; KINDS], [u64; LEVELS])>) -> tantivy::Result<Facets> {
        let mut kinds = [0u64; KINDS];
        let mut levels = [0u64; LEVELS];
        for (k, l) in fruits {
            for (total, n) in kinds.iter_mut().zip(k) {
                *total += n;
            }
            for (total, n) in levels.iter_mut().zip(l) {
                *total += n;
            }
        }
        Ok(Facets {
            kinds: DocKind::ALL
                .into_iter()
                .zip(kinds)
                .filter(|(_, n)| *n > 0)
                .collect(),
            levels: Level::ALL
                .into_iter()
                .zip(levels)
                .filter(|(_, n)| *n > 0)
                .collect(),
        })
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = ([u64; KINDS], [u64; LEVELS]);

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(kind) = self.kinds.as_ref().and_then(|c| c.first(doc))
            && let Some(n) = self.kind_counts.get_mut(kind as usize)
        {
            *n += 1;
        }
        if let Some(level) = self.levels.as_ref().and_then(|c| c.first(doc))
            && let Some(n) = self.level_counts.get_mut(level as usize)
        {
            *n += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.kind_counts, self.level_counts)
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The start of `text`, at most `max` bytes, cut at a word boundary.
fn lead(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > max / 2 => &text[..space],
        _ => &text[..end],
    }
}
