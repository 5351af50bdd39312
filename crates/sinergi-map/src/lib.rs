//! Indonesia's provinces as compact SVG paths, and a choropleth map built from them.
//!
//! The geometry comes from `data/geo/provinces.geojson` (MIT, see `data/geo/PROVENANCE.md`).
//! It is projected, simplified and rounded ONCE into the committed file
//! `data/geo/provinces.paths.tsv` by `cargo run -p sinergi-map --bin sinergi-geo-simplify`;
//! a test checks that the committed file is exactly what the command produces today. The
//! binary embeds only that derived file (~30 KB), not the 850 KB GeoJSON.
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
pub use shapes::{ShapeSet, SimplifyOptions, provinces};
