//! Excel workbooks: an import is checked row by row like a CSV file (a
//! broken row is named, nothing is written until every row passes), and
//! an export reads back in Python's openpyxl (scripts/test installs it)
//! with every cell a plain string, formulas neutralised.

use rust_xlsxwriter::Workbook;
use serde_json::Value;
use sinergi_distribution::{ContactInput, ContactQuery, DistributionError, export_xlsx};

use crate::world::{World, actor};

/// A workbook: a header row, then rows of strings; a cell given as
/// `#NUMBER` is written as a number (as a spreadsheet keeps phone numbers).
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            match cell.strip_prefix('#') {
                Some(n) => sheet.write_number(r, c, n.parse::<f64>().unwrap()).unwrap(),
                None => sheet.write_string(r, c, *cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

const HEADER: &[&str] = &["name", "email", "phone", "outlet", "beats"];

#[tokio::test]
async fn an_xlsx_import_names_the_broken_row_and_writes_nothing_until_all_pass() {
    let w = World::new().await;
    let a = actor(&w.officer);
    let broken = workbook(&[
        HEADER,
        &[
            "Ayu Lestari",
            "ayu@warta.example",
            "#6281234567891",
            "Warta Bali",
            "ekonomi;politik",
        ],
        &["Budi Santoso", "bukan-alamat", "", "", ""],
        &[
            "Citra Dewi",
            "citra@kabar.example",
            "",
            "Kabar Nusantara",
            "",
        ],
    ]);
    let (preview, _) = w.dist.preview_import(&w.officer, &broken).await.unwrap();
    assert_eq!(preview.rows.len(), 3);
    assert_eq!(preview.rows[0].name, "Ayu Lestari");
    let problems: Vec<_> = preview
        .problems
        .iter()
        .map(|p| (p.row, p.field, p.key))
        .collect();
    assert_eq!(problems, [(2, "email", "contact-email-invalid")]);
    let refused = w.dist.import(&w.officer, &a, &broken).await;
    assert!(matches!(refused, Err(DistributionError::Invalid(_))));
    let all = ContactQuery {
        limit: 100,
        ..Default::default()
    };
    assert_eq!(w.dist.list(&w.officer, &a, &all).await.unwrap().1, 0);

    let fixed = workbook(&[
        HEADER,
        &[
            "Ayu Lestari",
            "ayu@warta.example",
            "#6281234567891",
            "Warta Bali",
            "ekonomi;politik",
        ],
        &["Budi Santoso", "budi@warta.example", "", "", ""],
        &[
            "Citra Dewi",
            "citra@kabar.example",
            "",
            "Kabar Nusantara",
            "",
        ],
    ]);
    assert_eq!(
        w.dist.import(&w.officer, &a, &fixed).await.unwrap().len(),
        3
    );
    let (rows, _) = w.dist.list(&w.officer, &a, &all).await.unwrap();
    let ayu = rows.iter().find(|c| c.name == "Ayu Lestari").unwrap();
    assert_eq!(ayu.phone, "6281234567891");
    assert_eq!(ayu.beats, ["ekonomi", "politik"]);
    assert_eq!(ayu.outlet_name.as_deref(), Some("Warta Bali"));
}

#[tokio::test]
async fn a_file_that_is_no_workbook_is_refused_as_such() {
    let w = World::new().await;
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(&[0; 64]);
    let (preview, _) = w.dist.preview_import(&w.officer, &bytes).await.unwrap();
    assert_eq!(preview.problems[0].key, "import-not-xlsx");
}

/// What openpyxl reads in `xlsx`: every cell's value and type.
fn openpyxl(xlsx: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kontak.xlsx");
    std::fs::write(&file, xlsx).unwrap();
    let script = "import json, sys\n\
        from openpyxl import load_workbook\n\
        ws = load_workbook(sys.argv[1]).worksheets[0]\n\
        print(json.dumps([[{'v': c.value, 't': c.data_type} for c in row] for row in ws.iter_rows()]))\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .expect("python3 runs (scripts/test installs openpyxl==3.1.5)");
    assert!(
        out.status.success(),
        "openpyxl refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn an_xlsx_export_reads_back_in_openpyxl_with_formulas_neutralised() {
    let w = World::new().await;
    let a = actor(&w.officer);
    let sly = ContactInput {
        name: "=HYPERLINK(\"http://evil.example\",\"klik\")".into(),
        email: "sly@warta.example".into(),
        role_title: "@SUM(1+1)".into(),
        beats: "+kebijakan".into(),
        ..Default::default()
    };
    w.dist.create(&w.officer, &a, &sly, false).await.unwrap();
    let plain = ContactInput {
        name: "Ni Luh Sari".into(),
        email: "sari@warta.example".into(),
        ..Default::default()
    };
    w.dist.create(&w.officer, &a, &plain, false).await.unwrap();
    let q = ContactQuery {
        limit: 100,
        ..Default::default()
    };
    let rows = w.dist.export_rows(&w.officer, &a, &q).await.unwrap();
    let read = openpyxl(&export_xlsx(&rows).unwrap());
    let table = read.as_array().unwrap();
    assert_eq!(table.len(), 3, "a header and two contacts");
    assert_eq!(table[0][0]["v"], "name");
    for row in table {
        for cell in row.as_array().unwrap() {
            // No formula ('f'), only strings ('s') or empty cells ('n').
            assert!(cell["t"] == "s" || cell["t"] == "n", "{cell}");
            if let Some(v) = cell["v"].as_str() {
                assert!(!v.starts_with(['=', '+', '-', '@']), "{v}");
            }
        }
    }
    let names: Vec<&str> = table[1..]
        .iter()
        .map(|r| r[0]["v"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"'=HYPERLINK(\"http://evil.example\",\"klik\")"),
        "{names:?}"
    );
    assert!(names.contains(&"Ni Luh Sari"));
    // The export is audited like the others.
    assert_eq!(w.audited("contacts.export").await, 1);
}
