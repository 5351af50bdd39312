//! Open data: published releases' metadata per unit or subtree, as CSV and
//! JSON, with `/open-data` documenting the schema.
//!
//! A national subtree may hold a million releases, so exports come in
//! pages of [`PAGE_ROWS`], newest publication first, each naming the next
//! (`Link: <…>; rel="next"` and, in JSON, `next`). Pages are keyset pages:
//! one index range each, however deep, and small enough for the response
//! cache.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_TYPE, LAST_MODIFIED, LINK};
use axum::response::{Html, IntoResponse};
use serde::{Deserialize, Serialize};
use sinergi_domain::UnitCode;
use sinergi_store::StoreError;
use sinergi_store::public_reads::{PublicRelease, PublicReleaseQuery};

use super::times::{http_date, rfc3339};
use sinergi_newsroom::row_is_public;

use super::{absolute, content_time, not_found, release_path, zone_of};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::view::PageCtx;
use crate::pages::{OrErrorPage, PageError, PageResult};

/// Rows per page of an export.
pub const PAGE_ROWS: i64 = 5_000;

/// The columns, in order, with their type; meanings are in the catalogues
/// (`od-field-…`).
pub const FIELDS: [(&str, &str); 13] = [
    ("id", "integer"),
    ("url", "URL"),
    ("title", "text"),
    ("unit_code", "text"),
    ("unit_name", "text"),
    (
        "level",
        "national | province | regency | district | village",
    ),
    ("published_at", "RFC 3339"),
    ("updated_at", "RFC 3339"),
    ("language", "id | en"),
    ("tags", "text (;)"),
    ("corrected", "boolean"),
    ("corrections", "integer"),
    ("amplifies", "URL"),
];

/// One release in an export.
#[derive(Debug, Clone, Serialize)]
pub struct OpenRelease {
    pub id: i64,
    pub url: String,
    pub title: String,
    pub unit_code: String,
    pub unit_name: String,
    pub level: &'static str,
    pub published_at: String,
    pub updated_at: String,
    pub language: String,
    pub tags: Vec<String>,
    pub corrected: bool,
    pub corrections: i64,
    /// The original's address, for an amplification.
    pub amplifies: Option<String>,
}

#[derive(Serialize)]
struct JsonExport<'a> {
    kind: &'a str,
    unit: &'a str,
    generated_at: String,
    releases: &'a [OpenRelease],
    next: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    cursor: Option<String>,
}

fn open_release(state: &AppState, r: &PublicRelease) -> OpenRelease {
    let zone = zone_of(&r.unit_code);
    let level = UnitCode::parse(&r.unit_code)
        .map(|c| c.level().as_str())
        .unwrap_or("national");
    OpenRelease {
        id: r.id.get(),
        url: absolute(state, &release_path(r.id, &r.slug)),
        title: r.title.clone(),
        unit_code: r.unit_code.clone(),
        unit_name: r.unit_name.clone(),
        level,
        published_at: rfc3339(r.public_at.unwrap_or(r.updated_at), zone),
        updated_at: rfc3339(content_time(r.public_at, r.updated_at, r.corrections), zone),
        language: r.language.clone(),
        tags: r.tags.clone(),
        corrected: r.corrections > 0,
        corrections: r.corrections,
        amplifies: match (r.amplifies_id, &r.amplifies_slug) {
            (Some(id), Some(slug)) => Some(absolute(state, &release_path(id, slug))),
            _ => None,
        },
    }
}

/// A spreadsheet must not run a cell as a formula (the one rule, in the
/// domain).
pub use sinergi_domain::spreadsheet::neutralise;

pub fn csv_bytes(rows: &[OpenRelease]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(FIELDS.iter().map(|(name, _)| *name));
    for r in rows {
        let record = [
            r.id.to_string(),
            r.url.clone(),
            r.title.clone(),
            r.unit_code.clone(),
            r.unit_name.clone(),
            r.level.to_owned(),
            r.published_at.clone(),
            r.updated_at.clone(),
            r.language.clone(),
            r.tags.join(";"),
            r.corrected.to_string(),
            r.corrections.to_string(),
            r.amplifies.clone().unwrap_or_default(),
        ];
        let _ = w.write_record(record.iter().map(|c| neutralise(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

pub async fn export(
    State(state): State<AppState>,
    lang: Lang,
    Path((kind, file)): Path<(String, String)>,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    let path = format!("/open-data/{kind}/{file}");
    let Some((key, ext)) = file.rsplit_once('.') else {
        return Err(not_found(lang, path));
    };
    let with_subtree = match kind.as_str() {
        "unit" => false,
        "subtree" => true,
        _ => return Err(not_found(lang, path)),
    };
    if ext != "csv" && ext != "json" {
        return Err(not_found(lang, path));
    }
    let Ok(code) = UnitCode::parse(key) else {
        return Err(not_found(lang, path));
    };
    match state.store.unit(&code).await {
        Ok(_) => {}
        Err(StoreError::NotFound(_)) => return Err(not_found(lang, path)),
        Err(e) => return Err(PageError::from_store(e).in_lang(lang)),
    }
    let now = state.clock.now();
    let query = PublicReleaseQuery {
        unit: Some(code.clone()),
        with_subtree,
        now,
        public_after: None,
        limit: PAGE_ROWS,
        cursor: q.cursor.clone(),
    };
    let page = state.store.public_releases(&query).await.or_page(lang)?;
    let rows: Vec<OpenRelease> = page
        .items
        .iter()
        .filter(|r| row_is_public(r, now))
        .map(|r| open_release(&state, r))
        .collect();
    let newest = page
        .items
        .iter()
        .map(|r| content_time(r.public_at, r.updated_at, r.corrections))
        .max();
    let next = page
        .next_cursor
        .as_ref()
        .map(|c| absolute(&state, &format!("{path}?cursor={c}")));
    let (bytes, content_type) = if ext == "csv" {
        (csv_bytes(&rows), "text/csv; charset=utf-8")
    } else {
        let doc = JsonExport {
            kind: &kind,
            unit: code.as_str(),
            generated_at: rfc3339(now, zone_of(code.as_str())),
            releases: &rows,
            next: next.clone(),
        };
        (
            serde_json::to_vec_pretty(&doc).unwrap_or_default(),
            "application/json; charset=utf-8",
        )
    };
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(t) = newest
        && let Ok(v) = HeaderValue::from_str(&http_date(t))
    {
        h.insert(LAST_MODIFIED, v);
    }
    if let Some(n) = next
        && let Ok(v) = HeaderValue::from_str(&format!("<{n}>; rel=\"next\""))
    {
        h.insert(LINK, v);
    }
    Ok(r)
}

pub struct FieldDoc {
    pub name: &'static str,
    pub kind: &'static str,
    pub meaning: String,
}

pub struct UnitLinks {
    pub code: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "public/open_data.html")]
struct OpenDataPage {
    ctx: PageCtx,
    fields: Vec<FieldDoc>,
    units: Vec<UnitLinks>,
    page_rows: i64,
}

pub async fn page(State(state): State<AppState>, lang: Lang) -> PageResult {
    let ctx = PageCtx::new(lang, "/open-data".to_owned());
    let tr = ctx.tr;
    let now = state.clock.now();
    let publishing = state
        .store
        .publishing_units(now, 0, 200)
        .await
        .or_page(lang)?;
    let units = publishing
        .into_iter()
        .map(|u| UnitLinks {
            code: u.code,
            name: u.name,
        })
        .collect();
    let page = OpenDataPage {
        fields: FIELDS
            .iter()
            .map(|(name, kind)| FieldDoc {
                name,
                kind,
                meaning: tr.t(&format!("od-field-{}", name.replace('_', "-"))),
            })
            .collect(),
        units,
        page_rows: PAGE_ROWS,
        ctx,
    };
    let html = page
        .render()
        .map_err(|e| PageError::Internal(e.to_string()))
        .or_page(lang)?;
    Ok(Html(html).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@a"), "'@a");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("Banjir"), "Banjir");
        let row = OpenRelease {
            id: 1,
            url: "https://s.example/releases/1-a".into(),
            title: "+62 nomor darurat".into(),
            unit_code: "51.71".into(),
            unit_name: "Kota Denpasar".into(),
            level: "regency",
            published_at: "2026-11-29T10:00:00+08:00".into(),
            updated_at: "2026-11-29T10:00:00+08:00".into(),
            language: "id".into(),
            tags: vec!["banjir".into(), "bpbd".into()],
            corrected: false,
            corrections: 0,
            amplifies: None,
        };
        let csv = String::from_utf8(csv_bytes(&[row])).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next().unwrap(),
            "id,url,title,unit_code,unit_name,level,published_at,updated_at,language,tags,corrected,corrections,amplifies"
        );
        assert!(lines.next().unwrap().contains(",'+62 nomor darurat,"));
    }
}
