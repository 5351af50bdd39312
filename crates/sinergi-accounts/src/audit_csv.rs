//! The audit log as CSV, safe to open in a spreadsheet: a cell that starts
//! with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so
//! it is shown as text, never run as a formula (OWASP CSV injection).

use sinergi_domain::spreadsheet::neutralise;
use sinergi_store::accounts::audit::AuditEntry;

fn time(micros: i64) -> String {
    jiff::Timestamp::from_microsecond(micros)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

pub fn audit_csv(entries: &[AuditEntry]) -> String {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "seq", "time_utc", "actor", "ip", "action", "target", "unit", "before", "after", "hash",
    ];
    out.write_record(header).expect("writing to memory");
    for e in entries {
        let cells = [
            e.seq.to_string(),
            time(e.at),
            e.actor_label.clone(),
            e.ip.clone().unwrap_or_default(),
            e.action.clone(),
            e.target.clone(),
            e.unit_code.clone().unwrap_or_default(),
            e.before.as_ref().map(|v| v.to_string()).unwrap_or_default(),
            e.after.as_ref().map(|v| v.to_string()).unwrap_or_default(),
            e.hash.clone(),
        ];
        out.write_record(cells.iter().map(|c| neutralise(c).into_owned()))
            .expect("writing to memory");
    }
    String::from_utf8(out.into_inner().expect("writing to memory"))
        .expect("CSV of UTF-8 cells is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralise("+62 361"), "'+62 361");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("humas@bali.go.id"), "humas@bali.go.id");
    }

    #[test]
    fn entries_become_quoted_rows_with_utc_times() {
        let e = AuditEntry {
            seq: 1,
            at: 1_780_534_800_000_000,
            actor_id: Some(1),
            actor_label: "=cmd|' /C calc'!A0".into(),
            ip: Some("127.0.0.1".into()),
            action: "user.create".into(),
            target: "user:2".into(),
            unit_code: Some("51.71".into()),
            before: None,
            after: Some(serde_json::json!({"name": "Ni Made, S.Sos."})),
            prev_hash: String::new(),
            hash: "ab".into(),
        };
        let csv = audit_csv(&[e]);
        let line = csv.lines().nth(1).unwrap();
        assert!(line.starts_with("1,2026-06-04T01:00:00Z,'=cmd|"), "{line}");
        assert!(
            line.contains("\"{\"\"name\"\":\"\"Ni Made, S.Sos.\"\"}\""),
            "{line}"
        );
    }
}
