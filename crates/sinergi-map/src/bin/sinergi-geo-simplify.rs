//! Regenerates `data/geo/provinces.paths.tsv` from `data/geo/provinces.geojson`.
//! Run from the repository root: `cargo run -p sinergi-map --bin sinergi-geo-simplify`.
//! Optional arguments: INPUT.geojson OUTPUT.tsv
#![expect(
    clippy::print_stdout,
    reason = "a one-off tool that reports what it wrote"
)]

use sinergi_map::{ShapeSet, geojson::read_features};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = args
        .next()
        .unwrap_or_else(|| "data/geo/provinces.geojson".into());
    let output = args
        .next()
        .unwrap_or_else(|| "data/geo/provinces.paths.tsv".into());
    let features = read_features(&std::fs::read_to_string(&input)?)?;
    let set = ShapeSet::from_features(&features, Default::default());
    std::fs::write(&output, set.to_text())?;
    let bytes: usize = set.shapes.iter().map(|s| s.d.len()).sum();
    println!(
        "{output}: {} regions, viewBox {}x{}, {bytes} bytes of path data",
        set.shapes.len(),
        set.width,
        set.height
    );
    Ok(())
}
