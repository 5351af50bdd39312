//! Regenerates the committed outlines from the GeoJSON in `data/geo/`:
//! `provinces.paths.tsv` from `provinces.geojson` (the national map) and
//! `regencies.paths.tsv` from `regencies.geojson` (each province's regencies and cities on
//! a map of their own). Run from the repository root:
//! `cargo run -p sinergi-map --bin sinergi-geo-simplify`.
#![expect(
    clippy::print_stdout,
    reason = "a one-off tool that reports what it wrote"
)]

use sinergi_map::{RegencySets, ShapeSet, SimplifyOptions, geojson::read_features};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let features = read_features(&std::fs::read_to_string("data/geo/provinces.geojson")?)?;
    let set = ShapeSet::from_features(&features, SimplifyOptions::default());
    let text = set.to_text();
    std::fs::write("data/geo/provinces.paths.tsv", &text)?;
    let bytes: usize = set.shapes.iter().map(|s| s.d.len()).sum();
    println!(
        "data/geo/provinces.paths.tsv: {} regions, viewBox {}x{}, {bytes} bytes of path data, {} bytes in all",
        set.shapes.len(),
        set.width,
        set.height,
        text.len()
    );

    let features = read_features(&std::fs::read_to_string("data/geo/regencies.geojson")?)?;
    let sets = RegencySets::from_features(&features, SimplifyOptions::regencies());
    let text = sets.to_text();
    std::fs::write("data/geo/regencies.paths.tsv", &text)?;
    let regions: usize = sets.provinces.iter().map(|(_, s)| s.shapes.len()).sum();
    println!(
        "data/geo/regencies.paths.tsv: {regions} regions in {} provinces, {} bytes of path data, {} bytes in all",
        sets.provinces.len(),
        sets.path_bytes(),
        text.len()
    );
    Ok(())
}
