//! Writing to the index.

use super::*;

/// Writes to the index. Changes become visible to searches at [`SearchWriter::commit`].
pub struct SearchWriter {
    pub(super) writer: IndexWriter<TantivyDocument>,
    pub(super) fields: Fields,
    pub(super) reader: IndexReader,
    pub(super) stemmer: StemmerKind,
}

impl std::fmt::Debug for SearchWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchWriter").finish_non_exhaustive()
    }
}

impl SearchWriter {
    /// Adds `doc`, replacing any document with the same id.
    pub fn upsert(&self, doc: &SearchDoc) -> Result<()> {
        self.delete(&doc.id);
        self.writer.add_document(self.document(doc))?;
        Ok(())
    }

    /// Adds `doc` without deleting first: only for a fresh index where ids are unique
    /// (a rebuild); faster than [`SearchWriter::upsert`].
    pub fn add_new(&self, doc: &SearchDoc) -> Result<()> {
        self.writer.add_document(self.document(doc))?;
        Ok(())
    }

    /// Removes the document with this id (if any).
    pub fn delete(&self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// Removes every document (for a rebuild; takes effect at commit).
    pub fn delete_all(&mut self) -> Result<()> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Makes every change so far durable and visible, together with `last_change_seq`, the
    /// position in the change feed they bring the index to (see
    /// [`SearchIndex::last_applied_seq`]).
    pub fn commit(&mut self, last_change_seq: i64) -> Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&format!(
            "last_change_seq={last_change_seq};stemmer={};analysis={ANALYSIS_VERSION}",
            self.stemmer.name()
        ));
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Drops the changes since the last commit.
    pub fn rollback(&mut self) -> Result<()> {
        self.writer.rollback()?;
        Ok(())
    }

    /// Waits for background merges and releases the index lock.
    pub fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }

    fn document(&self, doc: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.id, &doc.id);
        d.add_u64(f.kind, doc.kind.ordinal());
        d.add_text(f.title, &doc.title);
        d.add_text(f.title_prefix, &doc.title);
        d.add_text(f.body, &doc.body);
        for _ in 0..TITLE_WEIGHT {
            d.add_text(f.text, &doc.title);
        }
        d.add_text(f.text, &doc.body);
        d.add_text(f.unit_code, &doc.unit_code);
        for code in unit_path(&doc.unit_code) {
            d.add_text(f.unit_path, code);
        }
        if let Some(level) = doc.level {
            d.add_u64(f.level, level_ordinal(level));
        }
        if let Some(province) = &doc.province {
            d.add_text(f.province, province);
        }
        for tag in &doc.tags {
            d.add_text(f.tags, normalize_tag(tag));
        }
        for campaign in &doc.campaigns {
            d.add_text(f.campaigns, campaign);
        }
        if let Some(at) = doc.published_at {
            d.add_i64(f.published_at, at);
        }
        match doc.visibility {
            Visibility::Public => d.add_text(f.visibility, "public"),
            Visibility::Internal => d.add_text(f.visibility, "internal"),
            Visibility::Embargoed { until } => {
                d.add_text(f.visibility, "embargoed");
                d.add_i64(f.embargo_until, until);
            }
            Visibility::Scheduled { at } => {
                d.add_text(f.visibility, "scheduled");
                d.add_i64(f.embargo_until, at);
            }
        }
        d
    }
}
