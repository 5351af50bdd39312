//! Indonesia's provinces, and each province's regencies and cities, as compact SVG paths,
//! and a choropleth map built from them.
//!
//! The geometry comes from `data/geo/provinces.geojson` and `data/geo/regencies.geojson`
//! (MIT, see `data/geo/PROVENANCE.md`). It is projected, simplified and rounded ONCE into the
//! committed files `data/geo/provinces.paths.tsv` (the national map) and
//! `data/geo/regencies.paths.tsv` (one map per province, each fitted to the province) by
//! `cargo run -p sinergi-map --bin sinergi-geo-simplify`; tests check that the committed
//! files are exactly what the command produces today. The binary embeds only the derived
//! files (~26 KB and ~190 KB), not the 2 MB of GeoJSON; [`regencies_of`] parses one
//! province's section the first time it is asked for.
//!
//! It also draws the small line chart of adoption over time ([`chart`]).
//!
//! This crate knows no HTTP, no database and no language: callers pass the labels.

pub mod chart;
pub mod choropleth;
pub mod geojson;
pub mod shapes;
pub mod simplify;

pub use chart::{LineChart, Series, percent};
pub use choropleth::{
    ChoroplethText, Region, class_label, percent_text, render_choropleth, render_legend,
    share_class, share_tenths,
};
pub use shapes::{
    RegencySets, ShapeSet, SimplifyOptions, provinces, regencies_of, regency_provinces,
};
