//! Where `sinergi import regions` reads the official list from: the copy
//! bundled in the binary, or a folder holding the same four files (plain
//! `.csv` or gzip-compressed `.csv.gz`).

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use sinergi_domain::region_data::{RegionFiles, RegionRecord, bundled, parse_region_files};

pub const FILE_STEMS: [&str; 4] = ["provinces", "regencies", "districts", "villages"];

/// Reads and checks the list in `dir`. Errors name the file and line.
pub fn read_dir(dir: &Path) -> anyhow::Result<(Vec<RegionRecord>, String)> {
    let mut texts: Vec<(String, String)> = Vec::new();
    for stem in FILE_STEMS {
        let plain = dir.join(format!("{stem}.csv"));
        let gz = dir.join(format!("{stem}.csv.gz"));
        let (path, text) = if plain.exists() {
            let text = std::fs::read_to_string(&plain)
                .with_context(|| format!("cannot read {}", plain.display()))?;
            (plain, text)
        } else if gz.exists() {
            let bytes =
                std::fs::read(&gz).with_context(|| format!("cannot read {}", gz.display()))?;
            let mut text = String::new();
            flate2::read::GzDecoder::new(bytes.as_slice())
                .read_to_string(&mut text)
                .with_context(|| {
                    format!(
                        "{} is not valid gzip-compressed UTF-8 text (truncated?)",
                        gz.display()
                    )
                })?;
            (gz, text)
        } else {
            anyhow::bail!(
                "{} holds neither {stem}.csv nor {stem}.csv.gz",
                dir.display()
            );
        };
        texts.push((path.display().to_string(), text));
    }
    let files = RegionFiles {
        provinces: (&texts[0].0, &texts[0].1),
        regencies: (&texts[1].0, &texts[1].1),
        districts: (&texts[2].0, &texts[2].1),
        villages: (&texts[3].0, &texts[3].1),
    };
    let records = parse_region_files(&files)?;
    Ok((records, format!("files in {}", dir.display())))
}

/// The bundled list.
pub fn read_bundled() -> anyhow::Result<(Vec<RegionRecord>, String)> {
    Ok((bundled::records()?, bundled::SOURCE_LABEL.to_owned()))
}
