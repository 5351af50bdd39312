//! Reading the official region list (Kemendagri codes) from CSV files.
//!
//! The repository carries the list as four files: `provinces.csv`
//! (`code,name`), `regencies.csv` (`code,province_code,name`),
//! `districts.csv` (`code,regency_code,name`) and `villages.csv`
//! (`code,district_code,name`). Every problem is reported with its file and
//! line so that an operator can find it; nothing partial is returned.

use std::collections::HashSet;

use crate::{Level, UnitCode};

/// One region as read from the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionRecord {
    pub code: UnitCode,
    pub parent_code: Option<UnitCode>,
    pub name: String,
}

impl RegionRecord {
    pub fn level(&self) -> Level {
        self.code.level()
    }
}

/// A problem in the region files, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, line {line}: {message}")]
pub struct RegionDataError {
    pub file: String,
    pub line: u64,
    pub message: String,
}

/// The four files of the list, by level, as text.
pub struct RegionFiles<'a> {
    pub provinces: (&'a str, &'a str),
    pub regencies: (&'a str, &'a str),
    pub districts: (&'a str, &'a str),
    pub villages: (&'a str, &'a str),
}

/// Parses and checks the whole list: header, code format, level, parent
/// present in the level above, unique codes, non-empty names.
pub fn parse_region_files(files: &RegionFiles<'_>) -> Result<Vec<RegionRecord>, RegionDataError> {
    let mut all = Vec::new();
    let mut known: HashSet<UnitCode> = HashSet::new();
    let levels = [
        (files.provinces, Level::Province, &["code", "name"][..]),
        (
            files.regencies,
            Level::Regency,
            &["code", "province_code", "name"][..],
        ),
        (
            files.districts,
            Level::District,
            &["code", "regency_code", "name"][..],
        ),
        (
            files.villages,
            Level::Village,
            &["code", "district_code", "name"][..],
        ),
    ];
    for ((file, text), level, header) in levels {
        let records = parse_level(file, text, level, header, &known)?;
        known.extend(records.iter().map(|r| r.code.clone()));
        all.extend(records);
    }
    Ok(all)
}

fn parse_level(
    file: &str,
    text: &str,
    level: Level,
    header: &[&str],
    parents: &HashSet<UnitCode>,
) -> Result<Vec<RegionRecord>, RegionDataError> {
    let err = |line: u64, message: String| RegionDataError {
        file: file.to_owned(),
        line,
        message,
    };
    // Every complete line ends with a newline; a file cut off mid-line
    // would otherwise pass as a row with a shortened name.
    if !text.is_empty() && !text.ends_with('\n') {
        let last_line = text.lines().count() as u64;
        return Err(err(
            last_line,
            "the last line is incomplete: the file seems truncated".to_owned(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let got: Vec<String> = reader
        .headers()
        .map_err(|e| err(1, format!("cannot read the header: {e}")))?
        .iter()
        .map(str::to_owned)
        .collect();
    if got != header {
        return Err(err(
            1,
            format!(
                "expected the header `{}`, found `{}`",
                header.join(","),
                got.join(",")
            ),
        ));
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            err(line, format!("malformed CSV: {e}"))
        })?;
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        let code = UnitCode::parse(&row[0]).map_err(|e| err(line, e.to_string()))?;
        if !code.is_regional() || code.level() != level {
            return Err(err(line, format!("`{code}` is not a {level} code")));
        }
        let (parent_code, name) = if header.len() == 2 {
            (None, &row[1])
        } else {
            let parent = UnitCode::parse(&row[1]).map_err(|e| err(line, e.to_string()))?;
            if code.parent().as_ref() != Some(&parent) {
                return Err(err(
                    line,
                    format!("`{code}` does not lie under its parent `{parent}`"),
                ));
            }
            if !parents.contains(&parent) {
                return Err(err(
                    line,
                    format!("the parent `{parent}` of `{code}` is not in the list"),
                ));
            }
            (Some(parent), &row[2])
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(err(line, format!("`{code}` has no name")));
        }
        if !seen.insert(code.clone()) {
            return Err(err(line, format!("`{code}` appears twice")));
        }
        out.push(RegionRecord {
            code,
            parent_code,
            name: name.to_owned(),
        });
    }
    if out.is_empty() {
        return Err(err(1, "the file holds no regions (truncated?)".to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files<'a>(p: &'a str, r: &'a str, d: &'a str, v: &'a str) -> RegionFiles<'a> {
        RegionFiles {
            provinces: ("provinces.csv", p),
            regencies: ("regencies.csv", r),
            districts: ("districts.csv", d),
            villages: ("villages.csv", v),
        }
    }

    const P: &str = "code,name\n51,Bali\n";
    const R: &str = "code,province_code,name\n51.71,51,Kota Denpasar\n";
    const D: &str = "code,regency_code,name\n51.71.01,51.71,Denpasar Selatan\n";
    const V: &str = "code,district_code,name\n51.71.01.1001,51.71.01,Sesetan\n51.71.01.2001,51.71.01,\"Soka\"\"an\"\n";

    #[test]
    fn reads_a_small_tree() {
        let all = parse_region_files(&files(P, R, D, V)).unwrap();
        assert_eq!(all.len(), 5);
        assert_eq!(all[4].name, "Soka\"an");
        assert_eq!(all[4].parent_code.as_ref().unwrap().as_str(), "51.71.01");
    }

    #[test]
    fn orphans_are_reported_with_file_and_line() {
        let v = "code,district_code,name\n51.71.01.1001,51.71.01,Sesetan\n51.71.02.1001,51.71.02,Lost\n";
        let e = parse_region_files(&files(P, R, D, v)).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("villages.csv", 3));
        assert!(e.message.contains("51.71.02"), "{e}");
    }

    #[test]
    fn truncated_rows_are_reported() {
        let v = "code,district_code,name\n51.71.01.1001,51.71.01,Sesetan\n51.71.01.10";
        let e = parse_region_files(&files(P, R, D, v)).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("villages.csv", 3));
        let v =
            "code,district_code,name\n51.71.01.1001,51.71.01,Sesetan\n51.71.01.2001,51.71.01,Sum";
        let e = parse_region_files(&files(P, R, D, v)).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("villages.csv", 3));
        assert!(e.message.contains("truncated"), "{e}");
        let v = "code,district_code,name\n51.71.01.1001,51.71.01,\"Sesetan";
        let e = parse_region_files(&files(P, R, D, v)).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("villages.csv", 2));
    }

    #[test]
    fn bad_headers_and_duplicates_are_reported() {
        let e = parse_region_files(&files("kode,nama\n51,Bali\n", R, D, V)).unwrap_err();
        assert_eq!(e.line, 1);
        let p = "code,name\n51,Bali\n51,Bali lagi\n";
        let e = parse_region_files(&files(p, R, D, V)).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("provinces.csv", 3));
    }

    #[test]
    fn empty_files_are_refused() {
        let e = parse_region_files(&files(P, R, D, "code,district_code,name\n")).unwrap_err();
        assert!(e.message.contains("truncated"));
    }
}

/// The official list as the repository carries it (`data/wilayah`,
/// idn-area-data 4.0.1, ODbL 1.0), embedded in the binary so that Sinergi
/// needs no files at run time.
pub mod bundled {
    use std::io::Read;

    use super::{RegionDataError, RegionFiles, RegionRecord, parse_region_files};

    const PROVINCES: &[u8] = include_bytes!("../../../data/wilayah/provinces.csv.gz");
    const REGENCIES: &[u8] = include_bytes!("../../../data/wilayah/regencies.csv.gz");
    const DISTRICTS: &[u8] = include_bytes!("../../../data/wilayah/districts.csv.gz");
    const VILLAGES: &[u8] = include_bytes!("../../../data/wilayah/villages.csv.gz");

    /// Where the bundled list comes from, for logs and the import record.
    pub const SOURCE_LABEL: &str = "idn-area-data 4.0.1 (Kepmendagri 300.2.2-2138/2025), bundled";

    /// The four decompressed files, keyed as [`RegionFiles`] wants them.
    pub struct BundledText {
        pub provinces: String,
        pub regencies: String,
        pub districts: String,
        pub villages: String,
    }

    pub fn text() -> BundledText {
        BundledText {
            provinces: gunzip(PROVINCES),
            regencies: gunzip(REGENCIES),
            districts: gunzip(DISTRICTS),
            villages: gunzip(VILLAGES),
        }
    }

    pub fn records() -> Result<Vec<RegionRecord>, RegionDataError> {
        let t = text();
        parse_region_files(&RegionFiles {
            provinces: ("provinces.csv", &t.provinces),
            regencies: ("regencies.csv", &t.regencies),
            districts: ("districts.csv", &t.districts),
            villages: ("villages.csv", &t.villages),
        })
    }

    fn gunzip(bytes: &[u8]) -> String {
        let mut out = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut out)
            .expect("the bundled region data is valid gzip and UTF-8; a build from a corrupt checkout fails the tests");
        out
    }

    #[cfg(test)]
    mod tests {
        use crate::Level;

        #[test]
        fn the_bundled_list_is_whole() {
            let all = super::records().unwrap();
            let count = |l: Level| all.iter().filter(|r| r.level() == l).count();
            assert_eq!(count(Level::Province), 38);
            assert_eq!(count(Level::Regency), 514);
            assert_eq!(count(Level::District), 7285);
            assert_eq!(count(Level::Village), 83762);
        }
    }
}
