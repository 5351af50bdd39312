//! `/campaigns/{id}/not-started.csv` and `.xlsx`: every not-started target
//! the dashboard's filter selects (level, province, sort), in the list's
//! order, with the same five columns, for whoever may see the dashboard.
//! Both formats read the rows once here ([`not_started_table`]) and
//! neutralise every cell by the domain's one rule
//! (`sinergi_domain::spreadsheet::neutralise`), so a name a spreadsheet
//! would run as a formula is shown as text in either.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Deserialize;
use sinergi_domain::CampaignId;
use sinergi_domain::spreadsheet::{neutralise, sheet_name};

use super::common::{level_label, may_see_dashboard};
use super::dashboard::filter_of;
use crate::AppState;
use crate::i18n::{Lang, Tr};
use crate::pages::{OrErrorPage, PageError, PageResult};
use crate::session::SignedIn;

/// The dashboard's filter, as its export links carry it; other query
/// parameters are ignored.
#[derive(Deserialize, Default)]
pub struct ExportQuery {
    level: Option<String>,
    province: Option<String>,
    sort: Option<String>,
}

/// The list as a table: its header, its rows (cells not yet neutralised)
/// and the file name without its extension.
struct Table {
    header: [String; 5],
    rows: Vec<[String; 5]>,
    name: String,
    sheet: String,
}

/// Reads the list as the dashboard filters it, after the dashboard's own
/// rights check: the service's `dashboard` (the campaign must be visible)
/// and then `may_see_dashboard` (the owner's readers or a target's staff).
async fn not_started_table(
    state: &AppState,
    lang: Lang,
    who: &SignedIn,
    id: CampaignId,
    q: &ExportQuery,
) -> PageResult<Table> {
    let campaigns = &state.campaigns;
    let d = campaigns
        .dashboard(&who.session.principal, id)
        .await
        .or_page(lang)?;
    match may_see_dashboard(campaigns, &who.session, &d.campaign).await {
        Ok(true) => {}
        Ok(false) => return Err(PageError::Forbidden.in_lang(lang)),
        Err(e) => return Err(PageError::from(e).in_lang(lang)),
    }
    let filter = filter_of(q.level.as_deref(), q.province.as_deref(), q.sort.as_deref());
    let found = campaigns
        .not_started_filtered(id, &filter, 0, None)
        .await
        .or_page(lang)?;
    let tr = Tr::new(lang);
    let owner = d.campaign.owner_code.to_string();
    let rows = found
        .iter()
        .map(|r| {
            // The CSV names the supervisor on every row (a file has no
            // caption above its table), the owner included.
            let supervisor = if r.supervisor_code.as_deref() == Some(owner.as_str()) {
                d.campaign.owner_name.clone()
            } else {
                r.supervisor_name.clone().unwrap_or_default()
            };
            [
                r.unit_code.to_string(),
                r.name.clone(),
                level_label(&tr, r.level),
                r.supervisor_code.clone().unwrap_or_default(),
                supervisor,
            ]
        })
        .collect();
    let mut name = format!("kampanye-{id}-belum-memuat");
    if let Some(l) = filter.level {
        name.push_str(&format!("-{}", l.as_str()));
    }
    if let Some(w) = &filter.within {
        name.push_str(&format!("-{}", w.as_str().replace('.', "_")));
    }
    Ok(Table {
        header: [
            tr.t("cp-csv-code"),
            tr.t("cp-csv-name"),
            tr.t("cp-csv-level"),
            tr.t("cp-csv-supervisor-code"),
            tr.t("cp-csv-supervisor"),
        ],
        rows,
        name,
        sheet: tr.t("cp-xlsx-sheet"),
    })
}

/// A download: the bytes, their type, an attachment name, never cached
/// (the rows depend on who asks).
fn attachment(body: Vec<u8>, mime: &'static str, file: &str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// RFC 4180 CSV (CRLF, quoted where needed) with a UTF-8 byte order mark
/// so spreadsheet programs read the names right.
pub async fn csv(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<CampaignId>,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    let table = not_started_table(&state, lang, &who, id, &q).await?;
    let mut out = String::from("\u{feff}");
    push_record(&mut out, &table.header);
    for row in &table.rows {
        push_record(&mut out, row);
    }
    Ok(attachment(
        out.into_bytes(),
        "text/csv; charset=utf-8",
        &format!("{}.csv", table.name),
    ))
}

/// An Excel workbook of one worksheet: the header in bold, frozen and
/// filterable, every cell a string (codes such as `51.71` stay codes,
/// not numbers).
pub async fn xlsx(
    State(state): State<AppState>,
    lang: Lang,
    who: SignedIn,
    Path(id): Path<CampaignId>,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    let table = not_started_table(&state, lang, &who, id, &q).await?;
    let bytes = workbook(&table).map_err(|e| PageError::Internal(e.to_string()).in_lang(lang))?;
    Ok(attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{}.xlsx", table.name),
    ))
}

fn workbook(table: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&table.sheet))?;
    for (col, (title, width)) in table.header.iter().zip([14, 40, 20, 14, 40]).enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(0, col, neutralise(title), &bold)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, cell) in row.iter().enumerate() {
            sheet.write_string(r, col as u16, neutralise(cell))?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let last = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last, 4)?;
    book.save_to_buffer()
}

/// One CSV record, RFC 4180: a field with a comma, quote or line break is
/// quoted, its quotes doubled; records end with CRLF. A field that a
/// spreadsheet would run as a formula is neutralised first.
fn push_record(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let f = neutralise(f);
        if f.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&f);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn csv_records_follow_rfc_4180() {
        let mut out = String::new();
        push_record(
            &mut out,
            &s(&["51.71", "Kota \"Denpasar\", Bali", "a\nb", "=1+1", ""]),
        );
        assert_eq!(
            out,
            "51.71,\"Kota \"\"Denpasar\"\", Bali\",\"a\nb\",'=1+1,\r\n"
        );
        let mut out = String::new();
        push_record(&mut out, &s(&["\tx", "@y"]));
        assert_eq!(out, "'\tx,'@y\r\n");
    }

    #[test]
    fn the_workbook_holds_the_rows_as_text() {
        let table = Table {
            header: ["Kode", "Nama", "Tingkat", "Kode pembina", "Pembina"].map(str::to_owned),
            rows: vec![["51.71", "=HYPERLINK(\"x\")", "Kota", "51", "Bali"].map(str::to_owned)],
            name: "x".to_owned(),
            sheet: "Belum memuat".to_owned(),
        };
        let bytes = workbook(&table).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "a ZIP archive");
    }
}
