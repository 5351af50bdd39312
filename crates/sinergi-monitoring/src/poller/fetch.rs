//! One HTTP GET, safely: addresses checked (see `address.rs`), redirects
//! limited and each checked, the body capped in bytes (compressed and
//! decompressed: a gzip bomb is refused, not inflated) and the whole
//! exchange in seconds, conditional headers sent.

use std::io::Read;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};

use super::address::{AddressPolicy, CheckedResolver, Refusal};

/// The limits of one fetch.
#[derive(Debug, Clone)]
pub struct FetchLimits {
    pub user_agent: String,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Bytes on the wire.
    pub max_bytes: usize,
    /// Bytes after gzip decompression.
    pub max_decoded_bytes: usize,
    pub max_redirects: usize,
}

/// The validators of the last answer, for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a fetch brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304: nothing changed since the validators.
    NotModified,
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
}

/// Why a fetch failed; `key()` names the reason for the source's page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{0}")]
    Refused(Refusal),
    #[error("the answer is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the answer expands beyond {0} bytes when decompressed")]
    GzipBomb(usize),
    #[error("the compressed answer is damaged: {0}")]
    BadGzip(String),
    #[error("no answer within {0} s")]
    Timeout(u64),
    #[error("HTTP status {code}")]
    Status {
        code: u16,
        retry_after: Option<Duration>,
    },
    #[error("{0}")]
    Network(String),
}

impl FetchError {
    /// A short stable name of the reason (message keys `mon-error-*`).
    pub fn key(&self) -> &'static str {
        match self {
            FetchError::Refused(Refusal::Address { .. }) => "blocked-address",
            FetchError::Refused(Refusal::Scheme(_)) => "bad-scheme",
            FetchError::Refused(Refusal::TooManyRedirects(_)) => "too-many-redirects",
            FetchError::Refused(Refusal::NoAddress(_)) => "no-address",
            FetchError::TooLarge(_) => "too-large",
            FetchError::GzipBomb(_) => "gzip-bomb",
            FetchError::BadGzip(_) => "bad-gzip",
            FetchError::Timeout(_) => "timeout",
            FetchError::Status { .. } => "http-status",
            FetchError::Network(_) => "network",
        }
    }

    /// How long the server asked us to wait (429, 503).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// The HTTP client of the poller.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    policy: AddressPolicy,
    limits: FetchLimits,
}

impl Fetcher {
    pub fn new(limits: FetchLimits, policy: AddressPolicy) -> Result<Fetcher, String> {
        // reqwest is built without a crypto provider of its own: ring, once
        // for the process (a second install is refused and changes nothing).
        #[expect(
            deprecated,
            reason = "ring has no post-quantum key exchange; aws-lc-rs would need a heavier C \
                      build, and feeds are public documents"
        )]
        let provider = rustls::crypto::ring::default_provider();
        let _ = provider.install_default();
        let redirect_policy = policy.clone();
        let max_redirects = limits.max_redirects;
        let client = reqwest::Client::builder()
            .user_agent(limits.user_agent.clone())
            .timeout(limits.timeout)
            .connect_timeout(limits.connect_timeout)
            .no_proxy()
            .dns_resolver(std::sync::Arc::new(CheckedResolver(policy.clone())))
            .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() > max_redirects {
                    return attempt.error(Refusal::TooManyRedirects(max_redirects));
                }
                match redirect_policy.check_url(attempt.url()) {
                    Ok(()) => attempt.follow(),
                    Err(refusal) => attempt.error(refusal),
                }
            }))
            .build()
            .map_err(|e| format!("the HTTP client cannot start: {e}"))?;
        Ok(Fetcher {
            client,
            policy,
            limits,
        })
    }

    pub fn limits(&self) -> &FetchLimits {
        &self.limits
    }

    /// GETs a feed or a sitemap at `url`, conditionally on `validators`.
    pub async fn get(
        &self,
        url: &url::Url,
        validators: &Validators,
    ) -> Result<Fetched, FetchError> {
        self.get_accepting(
            url,
            validators,
            "application/rss+xml, application/atom+xml, application/feed+json, \
             application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        )
        .await
    }

    /// GETs an article's page at `url` (same checks and limits).
    pub async fn get_page(&self, url: &url::Url) -> Result<Fetched, FetchError> {
        self.get_accepting(
            url,
            &Validators::default(),
            "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
        )
        .await
    }

    async fn get_accepting(
        &self,
        url: &url::Url,
        validators: &Validators,
        accept: &'static str,
    ) -> Result<Fetched, FetchError> {
        self.policy.check_url(url).map_err(FetchError::Refused)?;
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        headers.insert(header::ACCEPT, HeaderValue::from_static(accept));
        if let Some(v) = validators
            .etag
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(header::IF_NONE_MATCH, v);
        }
        if let Some(v) = validators
            .last_modified
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(header::IF_MODIFIED_SINCE, v);
        }
        let mut response = self
            .client
            .get(url.as_str())
            .headers(headers)
            .send()
            .await
            .map_err(|e| self.classify(e))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                code: status.as_u16(),
                retry_after: retry_after(response.headers()),
            });
        }
        let header_text = |name: header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let validators = Validators {
            etag: header_text(header::ETAG),
            last_modified: header_text(header::LAST_MODIFIED),
        };
        let gzip = header_text(header::CONTENT_ENCODING)
            .is_some_and(|e| e.trim().eq_ignore_ascii_case("gzip"));
        let max = self.limits.max_bytes;
        if response.content_length().is_some_and(|n| n > max as u64) {
            return Err(FetchError::TooLarge(max));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(e))? {
            if bytes.len() + chunk.len() > max {
                return Err(FetchError::TooLarge(max));
            }
            bytes.extend_from_slice(&chunk);
        }
        if gzip {
            bytes = gunzip_capped(&bytes, self.limits.max_decoded_bytes)?;
        }
        Ok(Fetched::Body { bytes, validators })
    }

    fn classify(&self, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            return FetchError::Timeout(self.limits.timeout.as_secs());
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(s) = source {
            if let Some(refusal) = s.downcast_ref::<Refusal>() {
                return FetchError::Refused(refusal.clone());
            }
            source = s.source();
        }
        let e = e.without_url();
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        FetchError::Network(text)
    }
}

/// Decompresses a gzip body, refusing to go past `max` bytes.
pub fn gunzip_capped(bytes: &[u8], max: usize) -> Result<Vec<u8>, FetchError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| FetchError::BadGzip(e.to_string()))?;
    if out.len() > max {
        return Err(FetchError::GzipBomb(max));
    }
    Ok(out)
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = jiff::fmt::rfc2822::parse(v).ok()?.timestamp();
    let secs = when.as_second() - jiff::Timestamp::now().as_second();
    Some(Duration::from_secs(secs.max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_gzip_bomb_is_refused_without_inflating_it() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            enc.write_all(&zeros).unwrap();
        }
        let bomb = enc.finish().unwrap();
        assert!(bomb.len() < 100_000, "64 MiB of zeros compress well");
        assert_eq!(
            gunzip_capped(&bomb, 1 << 20),
            Err(FetchError::GzipBomb(1 << 20))
        );
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"<rss/>").unwrap();
        assert_eq!(
            gunzip_capped(&enc.finish().unwrap(), 100).unwrap(),
            b"<rss/>"
        );
        assert!(matches!(
            gunzip_capped(b"not gzip", 100),
            Err(FetchError::BadGzip(_))
        ));
    }
}
