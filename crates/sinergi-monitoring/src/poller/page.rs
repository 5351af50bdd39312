//! An article's page read for its text when the feed or the sitemap does
//! not carry it: the main text extracted by dom_smoothie (a port of
//! Mozilla's Readability), the title and publication time it finds, and
//! the address the page calls canonical (`<link rel="canonical">`).

use dom_smoothie::{Config, Readability, TextMode};

use crate::text::{canonical_url, tidy};

/// What a page gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    pub title: String,
    /// Plain text, one paragraph a line.
    pub text: String,
    /// The page's rel=canonical, resolved against its address and
    /// cleaned like any article address; `None` when it names none.
    pub canonical: Option<String>,
    /// Microseconds since the epoch, when the page says.
    pub published_at: Option<i64>,
}

/// Why a page gave no text (`key()` for the logs and the source's page).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("the page has no article text: {0}")]
    NoText(String),
}

/// A page with more elements than this is not parsed.
const MAX_ELEMENTS: usize = 60_000;

/// The article text of the HTML page at `url`.
pub fn extract_page(html: &str, url: &str) -> Result<PageText, PageError> {
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut reader = Readability::new(html, Some(url), Some(config))
        .map_err(|e| PageError::NoText(e.to_string()))?;
    let canonical = reader
        .doc
        .select("link[rel~=canonical]")
        .attr("href")
        .and_then(|href| url::Url::parse(url).ok()?.join(href.trim()).ok())
        .and_then(|u| canonical_url(u.as_str()));
    let article = reader
        .parse()
        .map_err(|e| PageError::NoText(e.to_string()))?;
    let text = tidy(&article.text_content);
    if text.is_empty() {
        return Err(PageError::NoText("empty".into()));
    }
    Ok(PageText {
        title: tidy(&article.title),
        text,
        canonical,
        published_at: article
            .published_time
            .as_deref()
            .and_then(|t| t.trim().parse::<jiff::Timestamp>().ok())
            .map(|t| t.as_microsecond()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_text_and_the_canonical_address_are_read() {
        let body: String = (0..6)
            .map(|i| {
                format!(
                    "<p>Paragraf {i}: Pemerintah Kota Denpasar meresmikan jembatan baru yang \
                     menghubungkan dua banjar, dibangun enam bulan dengan dana daerah dan \
                     gotong royong warga setempat.</p>"
                )
            })
            .collect();
        let html = format!(
            "<html><head><title>Jembatan baru - Kabar</title>\
             <link rel=\"canonical\" href=\"/berita/jembatan?utm_source=x\">\
             <meta property=\"article:published_time\" content=\"2026-12-01T08:00:00+07:00\"></head>\
             <body><nav><a href=\"/\">Beranda</a> <a href=\"/k\">Kategori</a></nav>\
             <article><h1>Jembatan baru</h1>{body}</article>\
             <footer>Hak cipta Kabar 2026. Semua hak dilindungi.</footer></body></html>"
        );
        let page = extract_page(&html, "https://m.kabar.example/berita/jembatan?amp=1").unwrap();
        assert_eq!(
            page.canonical.as_deref(),
            Some("https://m.kabar.example/berita/jembatan")
        );
        assert!(page.text.contains("Paragraf 0: Pemerintah Kota Denpasar"));
        assert!(page.text.contains("Paragraf 5"));
        assert!(!page.text.contains("Beranda"), "navigation is not text");
        assert!(!page.text.contains("Hak cipta"), "the footer is not text");
        assert!(page.text.lines().count() >= 6, "paragraphs stay lines");
        assert!(page.published_at.is_some());
    }

    #[test]
    fn a_page_without_an_article_gives_no_text() {
        assert!(extract_page("<html><body></body></html>", "https://x.example/").is_err());
    }
}
