//! Contact lists as Excel workbooks (XLSX): the first worksheet is read
//! with calamine into the same rows a CSV file gives (so one set of
//! checks, one preview, all-or-nothing), and an export is written with
//! rust_xlsxwriter, every cell a string, neutralised as in CSV so that a
//! copy saved as CSV later still runs no formula.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use sinergi_store::contacts::ContactRecord;

use crate::csv_io::{CSV_COLUMNS, csv_cells, neutralise};

/// Whether `bytes` look like an XLSX file (a ZIP archive).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A date cell as `YYYY-MM-DD` (Excel counts days from 1899-12-30).
fn excel_date(serial: f64) -> String {
    let days = serial.floor() as i64;
    let base = jiff::civil::date(1899, 12, 30);
    match base.checked_add(jiff::Span::new().days(days)) {
        Ok(d) => d.to_string(),
        Err(_) => serial.to_string(),
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers (phone numbers typed as numbers) without ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The first worksheet as CSV text (header row first), or `None` when the
/// file is not a workbook calamine can read.
pub fn xlsx_to_csv(bytes: &[u8]) -> Option<String> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).ok()?;
    let range = workbook.worksheet_range_at(0)?.ok()?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in range.rows() {
        writer.write_record(row.iter().map(cell_text)).ok()?;
    }
    String::from_utf8(writer.into_inner().ok()?).ok()
}

/// The contacts as a workbook with the CSV columns: one header row, one
/// row per contact, every cell a neutralised string.
pub fn export_xlsx(contacts: &[ContactRecord]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Kontak")?;
    for (col, name) in CSV_COLUMNS.iter().enumerate() {
        sheet.write_string(0, col as u16, *name)?;
    }
    for (i, c) in contacts.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, cell) in csv_cells(c).iter().enumerate() {
            sheet.write_string(row, col as u16, neutralise(cell))?;
        }
    }
    workbook.save_to_buffer()
}
