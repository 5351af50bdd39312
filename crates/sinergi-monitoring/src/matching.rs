//! Matching articles against the releases the public could read when
//! each article appeared: published at most `window_days` before it,
//! released (an embargo over, or no embargo) by the article's time.
//! Amplifications are not indexed (carrying a release inside Sinergi is
//! no media pickup). An article that appears before a release's public
//! time never matches it: its text was not public, and a match would
//! reveal it.

use sinergi_domain::newsroom::ReleaseFacts;
use sinergi_domain::{ArticleId, UnitCode};
use sinergi_monitor::{Decision, Matcher, MatcherConfig, ReleaseIndex};
use sinergi_store::monitor::{ArticleRecord, MatchState, MatchableRelease, NewMatch, Passage};

use crate::mentions::MentionFinder;
use crate::text::html_to_text;
use crate::{DAY, Monitoring, MonitoringError};

/// What a matching run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MatchReport {
    pub articles: usize,
    /// Releases indexed (summed over batches).
    pub releases: usize,
    pub credited: usize,
    pub review: usize,
    /// Articles without a match that name a unit or carry a hashtag.
    pub mentions: usize,
}

impl MatchReport {
    fn add(&mut self, other: MatchReport) {
        self.articles += other.articles;
        self.releases += other.releases;
        self.credited += other.credited;
        self.review += other.review;
        self.mentions += other.mentions;
    }
}

/// Articles matched per batch.
const BATCH: i64 = 500;

/// The text of a release as matching reads it, and as the side-by-side
/// view shows it (the passages' byte ranges refer to it): the title, the
/// lead, then the body's paragraphs as lines.
pub fn release_text(title: &str, lead: &str, body_html: &str) -> String {
    let body = html_to_text(body_html);
    let lead = lead.trim();
    let mut parts = vec![title.trim()];
    if !lead.is_empty() && !body.starts_with(lead) {
        parts.push(lead);
    }
    parts.push(&body);
    parts.retain(|p| !p.is_empty());
    parts.join("\n")
}

/// The text an article is matched on (title, then body) and where its
/// body starts in it.
fn article_text(a: &ArticleRecord) -> (String, usize) {
    let title = a.title.trim();
    if title.is_empty() {
        (a.body.clone(), 0)
    } else {
        (format!("{title}\n{}", a.body), title.len() + 1)
    }
}

/// Whether the public read the release at `at` and it is recent enough.
fn eligible(r: &MatchableRelease, at: i64, window: i64) -> bool {
    let Ok(unit) = UnitCode::parse(&r.unit_code) else {
        return false;
    };
    let facts = ReleaseFacts {
        unit: &unit,
        state: r.state,
        public_at: r.public_at,
        embargo: r.embargo != 0,
        withdrawn_at: r.withdrawn_at,
    };
    facts.was_public_at(at) && r.public_at.is_some_and(|p| p >= at - window)
}

/// The matches of each article among `releases` (pure, CPU-bound: run it
/// off the async threads).
pub(crate) fn find_matches(
    config: &MatcherConfig,
    window: i64,
    releases: &[MatchableRelease],
    articles: &[ArticleRecord],
) -> Vec<(ArticleId, Vec<NewMatch>)> {
    let mut matcher = Matcher::new(config.clone());
    let mut index = ReleaseIndex::new(config.clone());
    for r in releases {
        let terms = matcher.terms(&release_text(&r.title, &r.lead, &r.body_html));
        index.add(terms, Some(&r.unit_code));
    }
    index.refresh();
    articles
        .iter()
        .map(|a| {
            let (text, body_start) = article_text(a);
            let found = matcher.match_article(&index, &text);
            let matches = found
                .matches
                .iter()
                .filter_map(|m| {
                    let r = &releases[m.release.0 as usize];
                    if !eligible(r, a.published_at, window) {
                        return None;
                    }
                    let passages = found
                        .spans(&index, m)
                        .into_iter()
                        .filter(|s| s.article.1 > body_start)
                        .map(|s| Passage {
                            article: (
                                s.article.0.saturating_sub(body_start),
                                s.article.1 - body_start,
                            ),
                            release: s.release,
                        })
                        .collect();
                    Some(NewMatch {
                        release_id: r.id,
                        unit_code: r.unit_code.clone(),
                        score: (m.score * 10_000.0).round() as i64,
                        state: match m.decision {
                            Decision::Credited => MatchState::Credited,
                            Decision::Review => MatchState::Review,
                        },
                        passages,
                        release_version: r.version,
                    })
                })
                .collect();
            (a.id, matches)
        })
        .collect()
}

impl Monitoring {
    /// Matches every article not matched yet; `progress` hears the count
    /// done after each batch.
    pub async fn match_waiting(
        &self,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<MatchReport, MonitoringError> {
        let mut report = MatchReport::default();
        loop {
            let batch = self.store.articles_waiting(BATCH).await?;
            if batch.is_empty() {
                break;
            }
            report.add(self.match_articles(batch, false).await?);
            progress(report.articles);
        }
        Ok(report)
    }

    /// Matches again every article published in `[from, to)`; a person's
    /// decisions are kept. `progress` hears the count done.
    pub async fn match_period(
        &self,
        from: i64,
        to: i64,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<MatchReport, MonitoringError> {
        let mut report = MatchReport::default();
        let mut after = 0;
        loop {
            let batch = self
                .store
                .articles_published_between(from, to, after, BATCH)
                .await?;
            let Some(last) = batch.last() else {
                break;
            };
            after = last.id.get();
            report.add(self.match_articles(batch, true).await?);
            progress(report.articles);
        }
        Ok(report)
    }

    /// Matches a batch; an article with no match is searched for
    /// mentions. `again`: the articles were matched before (their old
    /// mentions are replaced).
    async fn match_articles(
        &self,
        articles: Vec<ArticleRecord>,
        again: bool,
    ) -> Result<MatchReport, MonitoringError> {
        let window = self.config.window_days * DAY;
        let (Some(first), Some(last)) = (
            articles.iter().map(|a| a.published_at).min(),
            articles.iter().map(|a| a.published_at).max(),
        ) else {
            return Ok(MatchReport::default());
        };
        let releases = self
            .store
            .releases_published_between(first - window, last)
            .await?;
        let units = self.store.mentionable_units().await?;
        let campaigns = self
            .store
            .mentionable_campaigns(first - 31 * DAY, last)
            .await?;
        let config = self.config.matcher.clone();
        let count = articles.len();
        let release_count = releases.len();
        let found = tokio::task::spawn_blocking(move || {
            let matched = find_matches(&config, window, &releases, &articles);
            let finder = MentionFinder::new(&units, &campaigns);
            matched
                .into_iter()
                .zip(&articles)
                .map(|((id, matches), a)| {
                    let mentions = if matches.is_empty() {
                        finder.find(&a.title, &a.body, a.published_at)
                    } else {
                        Vec::new()
                    };
                    (id, matches, mentions)
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| {
            MonitoringError::Store(sinergi_store::StoreError::Invalid(format!(
                "matching stopped: {e}"
            )))
        })?;
        let now = self.now();
        let mut report = MatchReport {
            articles: count,
            releases: release_count,
            ..Default::default()
        };
        let mut changed = false;
        for (article, matches, mentions) in found {
            for m in &matches {
                match m.state {
                    MatchState::Credited => report.credited += 1,
                    _ => report.review += 1,
                }
            }
            changed |= !matches.is_empty();
            self.store.record_matches(article, &matches, now).await?;
            if !mentions.is_empty() || again {
                report.mentions += usize::from(!mentions.is_empty());
                self.store.record_mentions(article, &mentions, now).await?;
            }
        }
        if changed {
            self.notifier.notify();
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_text_does_not_repeat_the_lead() {
        let t = release_text(
            "Jembatan baru",
            "Warga kini menyeberang.",
            "<p>Warga kini menyeberang.</p><p>Dibangun enam bulan.</p>",
        );
        assert_eq!(
            t,
            "Jembatan baru\nWarga kini menyeberang.\nDibangun enam bulan."
        );
        let t = release_text("Judul", "Ringkas.", "<p>Isi.</p>");
        assert_eq!(t, "Judul\nRingkas.\nIsi.");
    }
}
