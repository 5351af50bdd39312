//! The tantivy index: its schema and opening it (this file), writing
//! (`writer.rs`: upsert, delete, commit with the change-feed position) and
//! searching (`searching.rs`: scope and embargo, filters, facets, snippets).

mod searching;
mod writer;

pub use searching::{Facets, Hit, Results, escape_html};
pub use writer::SearchWriter;

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;

use sinergi_domain::Level;
use sinergi_text::{Analyzer, AnalyzerConfig, StemmerKind};
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RangeQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score, SegmentReader,
    TantivyDocument, Term,
};

use crate::analysis::{
    INDONESIAN, IndonesianTokenizer, PREFIX, PrefixTokenizer, exact_term, prefix_term,
};
use crate::doc::{
    DocKind, SearchDoc, Visibility, level_from_ordinal, level_ordinal, normalize_tag, unit_path,
};
use crate::query::{
    Alternative, AlternativeKind, Clause, Coverage, Query, QueryTerm, Sort, parse_text_with,
};
use crate::synonyms::Synonyms;

/// How much a title match outweighs a body match: the title's words go into the scored
/// field this many times, so that title and body frequencies saturate together in BM25
/// (as in BM25F) rather than each on its own, which let one title word outrank documents
/// with every word.
pub const TITLE_WEIGHT: usize = 3;
/// Weight of a match of the exact (unstemmed) form, on top of the stem's.
pub const EXACT_BOOST: Score = 0.5;
/// Weight of the words of a query standing together (within two positions) in a document.
pub const PROXIMITY_BOOST: Score = 1.0;
/// Weight of a match through a synonym, against 1 for the words typed.
pub const SYNONYM_BOOST: Score = 0.5;
/// Version of what the index holds for a text (analyzer and fields). An index on disk with
/// another version is emptied when opened, so that its projector fills it again from the
/// tables. Bump it whenever the analysis or the schema changes.
/// 2: compounds joined (`ektp`) with their parts beside them.
pub const ANALYSIS_VERSION: u32 = 2;

/// The weights of a relevance search (tests and the relevance example vary them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scoring {
    /// See [`EXACT_BOOST`].
    pub exact: Score,
    /// See [`PROXIMITY_BOOST`].
    pub proximity: Score,
    /// Maximum distance, in positions, for the proximity boost.
    pub proximity_slop: u32,
    /// See [`SYNONYM_BOOST`].
    pub synonym: Score,
}

impl Default for Scoring {
    fn default() -> Self {
        Self {
            exact: EXACT_BOOST,
            proximity: PROXIMITY_BOOST,
            proximity_slop: 2,
            synonym: SYNONYM_BOOST,
        }
    }
}
/// Longest page of results.
pub const MAX_LIMIT: usize = 1000;
/// Deepest page start: later results are not served (a top-k collector keeps
/// offset + limit entries).
pub const MAX_OFFSET: usize = 10_000;
const SNIPPET_CHARS: usize = 200;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// tantivy failed (I/O, corrupt or locked index, ...).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index folder cannot be opened.
    #[error("search index folder: {0}")]
    Directory(String),
    /// The index on disk was built with another stemmer: rebuild it.
    #[error("the search index was built with the {found} stemmer, not {wanted}: rebuild it")]
    StemmerMismatch {
        /// The stemmer of the index on disk.
        found: String,
        /// The stemmer asked for.
        wanted: StemmerKind,
    },
}

/// Shorthand for this crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    kind: Field,
    text: Field,
    title: Field,
    title_prefix: Field,
    body: Field,
    unit_code: Field,
    unit_path: Field,
    level: Field,
    province: Field,
    tags: Field,
    campaigns: Field,
    published_at: Field,
    visibility: Field,
    embargo_until: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(INDONESIAN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let stored = TextOptions::default().set_stored();
    let prefix = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(PREFIX)
            .set_index_option(IndexRecordOption::Basic),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        kind: b.add_u64_field("kind", INDEXED | FAST | STORED),
        text: b.add_text_field("text", text),
        title: b.add_text_field("title", stored.clone()),
        title_prefix: b.add_text_field("title_prefix", prefix),
        body: b.add_text_field("body", stored),
        unit_code: b.add_text_field("unit_code", STRING | STORED),
        unit_path: b.add_text_field("unit_path", STRING),
        level: b.add_u64_field("level", INDEXED | FAST | STORED),
        province: b.add_text_field("province", STRING | STORED),
        tags: b.add_text_field("tags", STRING | STORED),
        campaigns: b.add_text_field("campaigns", STRING | STORED),
        published_at: b.add_i64_field("published_at", INDEXED | FAST | STORED),
        visibility: b.add_text_field("visibility", STRING | STORED),
        embargo_until: b.add_i64_field("embargo_until", INDEXED | FAST | STORED),
    };
    (b.build(), fields)
}

/// The search index: a projection of the database, rebuilt or caught up from the change
/// feed.
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: Arc<Analyzer>,
    synonyms: Arc<Synonyms>,
    synonym_problems: Vec<String>,
    scoring: Scoring,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("stemmer", &self.analyzer.stemmer_kind())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, or creates it (and the folder); Sastrawi analyzer.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<Self> {
        Self::open_or_create_with(dir, AnalyzerConfig::default())
    }

    /// Opens or creates the index in `dir` with the given analyzer. Opening an index built
    /// with another stemmer fails with [`Error::StemmerMismatch`]; an index of another
    /// [`ANALYSIS_VERSION`] is emptied (and forgets its change-feed position), so that the
    /// projector fills it again from the tables.
    ///
    /// Synonyms: the bundled list, extended by [`crate::synonyms::FILE_NAME`] in the
    /// folder that holds `dir` (the data folder); a line of that file that cannot be read
    /// is skipped, and reported by [`SearchIndex::synonym_problems`].
    pub fn open_or_create_with(dir: impl AsRef<Path>, config: AnalyzerConfig) -> Result<Self> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Directory(format!("{}: {e}", dir.display())))?;
        let directory = MmapDirectory::open(dir)
            .map_err(|e| Error::Directory(format!("{}: {e}", dir.display())))?;
        let (schema, fields) = schema();
        let index = Index::open_or_create(directory, schema)?;
        let mut this = Self::wrap(index, fields, config)?;
        if let Some(found) = this.payload_value("stemmer")?
            && found != config.stemmer.name()
        {
            return Err(Error::StemmerMismatch {
                found,
                wanted: config.stemmer,
            });
        }
        let version = this.payload_value("analysis")?;
        let built = this.payload_value("last_change_seq")?.is_some() || this.num_docs() > 0;
        if built && version != Some(ANALYSIS_VERSION.to_string()) {
            this.empty_for_rebuild()?;
        }
        let (synonyms, problems) = Synonyms::load(&this.analyzer, dir.parent());
        this.synonyms = Arc::new(synonyms);
        this.synonym_problems = problems;
        Ok(this)
    }

    /// Removes every document and the change-feed position (a new analysis version).
    fn empty_for_rebuild(&self) -> Result<()> {
        let mut writer: IndexWriter<TantivyDocument> =
            self.index.writer_with_num_threads(1, 50_000_000)?;
        writer.delete_all_documents()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&format!(
            "stemmer={};analysis={ANALYSIS_VERSION}",
            self.analyzer.stemmer_kind().name()
        ));
        prepared.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// The lines of the administrator's synonym file that were skipped when opening.
    pub fn synonym_problems(&self) -> &[String] {
        &self.synonym_problems
    }

    /// The same index searched with other weights (tests, the relevance example).
    pub fn with_scoring(mut self, scoring: Scoring) -> Self {
        self.scoring = scoring;
        self
    }

    /// The same index searched with other synonyms.
    pub fn with_synonyms(mut self, synonyms: Synonyms) -> Self {
        self.synonyms = Arc::new(synonyms);
        self
    }

    /// A fresh index in memory (tests, benchmarks); Sastrawi analyzer.
    pub fn in_memory() -> Result<Self> {
        Self::in_memory_with(AnalyzerConfig::default())
    }

    /// A fresh index in memory with the given analyzer.
    pub fn in_memory_with(config: AnalyzerConfig) -> Result<Self> {
        let (schema, fields) = schema();
        Self::wrap(Index::create_in_ram(schema), fields, config)
    }

    fn wrap(index: Index, fields: Fields, config: AnalyzerConfig) -> Result<Self> {
        let analyzer = Arc::new(Analyzer::new(config));
        index
            .tokenizers()
            .register(INDONESIAN, IndonesianTokenizer::new(analyzer.clone()));
        index.tokenizers().register(PREFIX, PrefixTokenizer);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let synonyms = Arc::new(Synonyms::bundled(&analyzer));
        Ok(Self {
            index,
            reader,
            fields,
            analyzer,
            synonyms,
            scoring: Scoring::default(),
            synonym_problems: Vec::new(),
        })
    }

    /// The analyzer used for documents and queries.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The writer (one per index at a time), with a 100 MB indexing budget.
    pub fn writer(&self) -> Result<SearchWriter> {
        self.writer_with(100_000_000, None)
    }

    /// A writer with an indexing memory budget (bytes, at least 15 MB per thread) and a
    /// thread count (default: tantivy's choice from the number of cores).
    pub fn writer_with(&self, heap_bytes: usize, threads: Option<usize>) -> Result<SearchWriter> {
        let writer = match threads {
            Some(n) => self.index.writer_with_num_threads(n.max(1), heap_bytes)?,
            None => self.index.writer(heap_bytes)?,
        };
        Ok(SearchWriter {
            writer,
            fields: self.fields,
            reader: self.reader.clone(),
            stemmer: self.analyzer.stemmer_kind(),
        })
    }

    fn payload_value(&self, key: &str) -> Result<Option<String>> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.as_deref().and_then(|p| {
            p.split(';')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_owned())
        }))
    }

    /// The change-feed position of the last commit (`None` for a new index): a follower
    /// resumes after it.
    pub fn last_applied_seq(&self) -> Result<Option<i64>> {
        Ok(self
            .payload_value("last_change_seq")?
            .and_then(|v| v.parse().ok()))
    }

    /// Number of documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// How many live documents carry this id: 1 or 0 when the index is sound.
    pub fn count_id(&self, id: &str) -> Result<usize> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        Ok(self.reader.searcher().search(&query, &Count)?)
    }

    /// The id of every live document, in index order (duplicates included): for checks
    /// and tools, not for serving.
    pub fn all_ids(&self) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::with_capacity(usize::try_from(searcher.num_docs()).unwrap_or(0));
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(1)
                .map_err(|e| Error::Tantivy(e.into()))?;
            for doc in segment.doc_ids_alive() {
                let d: TantivyDocument = store.get(doc)?;
                if let Some(id) = d.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    ids.push(id.to_owned());
                }
            }
        }
        Ok(ids)
    }

    /// Sees the latest commit, including one made by another process (a rebuild).
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }
}
