//! Cells that go to a spreadsheet (CSV or XLSX exports): the one rule that
//! keeps a cell from running as a formula, and the one rule for a
//! worksheet's name. Every export (campaign lists, kinerja reports, open
//! data, contacts, the audit log) asks these, so a copy opened or saved
//! again elsewhere never runs what a record's author typed.

use std::borrow::Cow;

/// A cell as a spreadsheet will show it, never run it (OWASP CSV
/// injection): one that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading apostrophe; any other is left as it is.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A worksheet name Excel accepts: none of `[]:*?/\`, at most 31
/// characters.
pub fn sheet_name(s: &str) -> String {
    s.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_text_is_kept() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\rx"), "'\rx");
        assert_eq!(neutralise("Kota Denpasar"), "Kota Denpasar");
        assert_eq!(neutralise(""), "");
        assert!(matches!(neutralise("51.71"), Cow::Borrowed(_)));
    }

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(
            sheet_name("Belum memuat: [Bali]/2026?"),
            "Belum memuat Bali2026"
        );
        assert_eq!(sheet_name(&"x".repeat(40)).chars().count(), 31);
    }
}
