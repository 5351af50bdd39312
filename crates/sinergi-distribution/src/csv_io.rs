//! Contact lists in and out: CSV (UTF-8, a header row naming the columns,
//! lists inside a cell separated by `;`), XLSX (the same columns, read
//! through [`crate::xlsx_io`]) and vCard 4.0.
//!
//! Import checks every row with the same rules as the form and reports
//! each problem with its row; the caller writes nothing unless there are
//! none. Export neutralises every cell a spreadsheet would run as a
//! formula (OWASP CSV injection): a cell starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return gets a leading `'`.

use sinergi_domain::contacts::{Channel, normalise_email};
use sinergi_store::contacts::{ContactRecord, ImportRow, OutletRecord};

use crate::Problem;
use crate::input::{Checks, ConsentInput, ContactInput};

/// The columns a file may have, in the order an export writes them. Only
/// `name` is required.
pub const CSV_COLUMNS: [&str; 18] = [
    "name",
    "email",
    "phone",
    "whatsapp",
    "kind",
    "role_title",
    "outlet",
    "organisation",
    "beats",
    "regions",
    "languages",
    "language",
    "time_zone",
    "consent_basis",
    "consent_channel",
    "consent_evidence",
    "consent_given_on",
    "subscribe",
];

fn list_cell(text: &str) -> String {
    text.split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads `bytes` into rows to import and the problems found (row 0: the
/// file itself). Rows are numbered from 1, the header not counted.
pub(crate) fn parse_csv(
    bytes: &[u8],
    outlets: &[OutletRecord],
    now: i64,
) -> (Vec<ImportRow>, Vec<Problem>) {
    let mut problems = Vec::new();
    let file = |key| Problem {
        row: 0,
        field: "file",
        key,
    };
    let converted;
    let text = if crate::xlsx_io::is_xlsx(bytes) {
        match crate::xlsx_io::xlsx_to_csv(bytes) {
            Some(t) => {
                converted = t;
                converted.as_str()
            }
            None => return (Vec::new(), vec![file("import-not-xlsx")]),
        }
    } else {
        match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return (Vec::new(), vec![file("import-not-utf8")]),
        }
    };
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(_) => return (Vec::new(), vec![file("import-not-csv")]),
    };
    if headers.iter().any(|h| !CSV_COLUMNS.contains(&h.as_str())) {
        problems.push(file("import-column-unknown"));
    }
    if !headers.iter().any(|h| h == "name") {
        problems.push(file("import-name-missing"));
        return (Vec::new(), problems);
    }
    let mut rows = Vec::new();
    let mut emails: Vec<String> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let n = i + 1;
        let Ok(record) = record else {
            problems.push(Problem {
                row: n,
                field: "file",
                key: "import-not-csv",
            });
            continue;
        };
        let cell = |name: &str| -> String {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let outlet_name = cell("outlet");
        let existing = outlets
            .iter()
            .find(|o| o.name.to_lowercase() == outlet_name.trim().to_lowercase());
        let input = ContactInput {
            name: cell("name"),
            email: cell("email"),
            phone: cell("phone"),
            whatsapp: cell("whatsapp"),
            kind: cell("kind"),
            role_title: cell("role_title"),
            outlet_id: existing.map(|o| o.id.to_string()).unwrap_or_default(),
            organisation: cell("organisation"),
            beats: list_cell(&cell("beats")),
            regions: list_cell(&cell("regions")),
            languages: list_cell(&cell("languages")),
            language: cell("language"),
            time_zone: cell("time_zone"),
        };
        let mut checks = Checks::new(n);
        let contact = input.check(&mut checks, |_| true);
        if let Some(e) = normalise_email(&input.email) {
            if emails.contains(&e) {
                checks.fail("email", "import-duplicate-in-file");
            }
            emails.push(e);
        }
        let consent = if cell("consent_basis").trim().is_empty() {
            None
        } else {
            let channel = cell("consent_channel");
            ConsentInput {
                purpose: String::new(),
                basis: cell("consent_basis"),
                channel: if channel.trim().is_empty() {
                    Channel::Import.as_str().to_owned()
                } else {
                    channel
                },
                evidence: cell("consent_evidence"),
                given_on: cell("consent_given_on"),
            }
            .check(&mut checks, now)
        };
        problems.extend(checks.problems);
        rows.push(ImportRow {
            contact,
            new_outlet: (existing.is_none() && !outlet_name.trim().is_empty())
                .then(|| outlet_name.trim().to_owned()),
            consent,
            subscribe: list_cell(&cell("subscribe"))
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        });
    }
    (rows, problems)
}

/// A cell as a spreadsheet will show it, never run it (the one rule, in
/// the domain).
pub use sinergi_domain::spreadsheet::neutralise;

/// The contacts as CSV in [`CSV_COLUMNS`] (consent columns left empty:
/// consent is proven by its records, not copied), with a BOM so that
/// spreadsheets read UTF-8.
pub fn export_csv(contacts: &[ContactRecord]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_COLUMNS);
    for c in contacts {
        let _ = writer.write_record(csv_cells(c).iter().map(|c| neutralise(c).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// One contact's cells in [`CSV_COLUMNS`] order, as stored (not yet
/// neutralised).
pub(crate) fn csv_cells(c: &ContactRecord) -> [String; 18] {
    [
        c.name.clone(),
        c.email.clone().unwrap_or_default(),
        c.phone.clone(),
        c.whatsapp.clone(),
        c.kind.as_str().to_owned(),
        c.role_title.clone(),
        c.outlet_name.clone().unwrap_or_default(),
        c.organisation.clone(),
        c.beats.join(";"),
        c.regions.join(";"),
        c.languages.join(";"),
        c.language.clone(),
        c.time_zone.clone(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// What an uploaded list says, as CSV text: an XLSX workbook's first
/// sheet converted, a CSV file as it is. `None` when it is neither a
/// workbook that can be read nor UTF-8 text.
pub fn import_text(bytes: &[u8]) -> Option<String> {
    if crate::xlsx_io::is_xlsx(bytes) {
        crate::xlsx_io::xlsx_to_csv(bytes)
    } else {
        std::str::from_utf8(bytes).ok().map(str::to_owned)
    }
}

fn vcard_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace(['\r', '\n'], " ")
}

/// The contacts as vCard 4.0 (RFC 6350), one card each.
pub fn export_vcard(contacts: &[ContactRecord]) -> String {
    let mut out = String::new();
    for c in contacts {
        out.push_str("BEGIN:VCARD\r\nVERSION:4.0\r\n");
        out.push_str(&format!("FN:{}\r\n", vcard_escape(&c.name)));
        if let Some(e) = &c.email {
            out.push_str(&format!("EMAIL:{}\r\n", vcard_escape(e)));
        }
        if !c.phone.is_empty() {
            out.push_str(&format!("TEL;TYPE=voice:{}\r\n", vcard_escape(&c.phone)));
        }
        if !c.whatsapp.is_empty() {
            out.push_str(&format!("TEL;TYPE=cell:{}\r\n", vcard_escape(&c.whatsapp)));
        }
        let org = c
            .outlet_name
            .clone()
            .unwrap_or_else(|| c.organisation.clone());
        if !org.is_empty() {
            out.push_str(&format!("ORG:{}\r\n", vcard_escape(&org)));
        }
        if !c.role_title.is_empty() {
            out.push_str(&format!("TITLE:{}\r\n", vcard_escape(&c.role_title)));
        }
        out.push_str("END:VCARD\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralise("Sari"), "Sari");
    }

    #[test]
    fn every_broken_row_is_reported_with_its_number() {
        let csv = "name,email,outlet,consent_basis,subscribe\n\
                   Sari Dewi,sari@warta.example,Warta Bali,consent,51.71\n\
                   ,nobody@,Warta Bali,,\n\
                   Budi,sari@warta.example,,maybe,\n";
        let (rows, problems) = parse_csv(csv.as_bytes(), &[], 0);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].new_outlet.as_deref(), Some("Warta Bali"));
        assert_eq!(rows[0].subscribe, ["51.71"]);
        assert!(rows[0].consent.is_some());
        let found: Vec<_> = problems.iter().map(|p| (p.row, p.field, p.key)).collect();
        assert_eq!(
            found,
            vec![
                (2, "name", "contact-name-required"),
                (2, "email", "contact-email-invalid"),
                (3, "email", "import-duplicate-in-file"),
                (3, "basis", "consent-basis-unknown"),
            ]
        );
    }

    #[test]
    fn an_export_reads_back_as_the_same_contacts() {
        let csv = "name,email,beats,role_title\n\"=cmd|' /C calc'!A0\",a@b.example,ekonomi;politik,-Redaktur\n";
        let (rows, problems) = parse_csv(csv.as_bytes(), &[], 0);
        assert!(problems.is_empty(), "{problems:?}");
        let record = ContactRecord {
            id: sinergi_domain::ContactId::new(1),
            name: rows[0].contact.name.clone(),
            email: rows[0].contact.email.clone(),
            phone: String::new(),
            whatsapp: String::new(),
            kind: sinergi_domain::contacts::ContactKind::Journalist,
            role_title: rows[0].contact.role_title.clone(),
            outlet_id: None,
            outlet_name: None,
            organisation: String::new(),
            beats: rows[0].contact.beats.clone(),
            regions: Vec::new(),
            languages: vec!["id".into()],
            language: "id".into(),
            time_zone: "WIB".into(),
            user_id: None,
            merged_into: None,
            erased_at: None,
            created_at: 0,
            updated_at: 0,
            version: 1,
            distribution_consent: false,
        };
        let out = export_csv(&[record]);
        assert!(out.contains("'=cmd"), "{out}");
        assert!(out.contains("'-Redaktur"), "{out}");
        assert!(out.contains("ekonomi;politik"), "{out}");
        let card = export_vcard(&[]);
        assert!(card.is_empty());
    }
}
