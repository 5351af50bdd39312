//! Reads the (Multi)Polygon features of a GeoJSON FeatureCollection: just what the map needs.

use serde_json::Value;

/// A ring of `[longitude, latitude]` points (closed: the last point repeats the first).
pub type Ring = Vec<[f64; 2]>;

/// One region: its Kemendagri code (with dots), its name and its polygons (outer ring, then holes).
#[derive(Debug, Clone)]
pub struct Feature {
    pub code: String,
    pub name: String,
    pub polygons: Vec<Vec<Ring>>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct GeoJsonError(pub String);

impl std::fmt::Display for GeoJsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GeoJSON: {}", self.0)
    }
}

impl std::error::Error for GeoJsonError {}

fn err(msg: impl Into<String>) -> GeoJsonError {
    GeoJsonError(msg.into())
}

pub fn read_features(json: &str) -> Result<Vec<Feature>, GeoJsonError> {
    let doc: Value = serde_json::from_str(json).map_err(|e| err(e.to_string()))?;
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| err("not a FeatureCollection"))?;
    features.iter().enumerate().map(read_feature).collect()
}

fn read_feature((index, feature): (usize, &Value)) -> Result<Feature, GeoJsonError> {
    let text = |key: &str| {
        feature["properties"][key]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| err(format!("feature {index}: no text property {key:?}")))
    };
    let (code, name) = (text("code")?, text("name")?);
    let geometry = &feature["geometry"];
    let coordinates = &geometry["coordinates"];
    let polygons = match geometry["type"].as_str() {
        Some("Polygon") => vec![read_polygon(coordinates, &code)?],
        Some("MultiPolygon") => coordinates
            .as_array()
            .ok_or_else(|| err(format!("{code}: coordinates are not an array")))?
            .iter()
            .map(|p| read_polygon(p, &code))
            .collect::<Result<_, _>>()?,
        other => return Err(err(format!("{code}: unsupported geometry {other:?}"))),
    };
    Ok(Feature {
        code,
        name,
        polygons,
    })
}

fn read_polygon(value: &Value, code: &str) -> Result<Vec<Ring>, GeoJsonError> {
    let bad = || err(format!("{code}: malformed polygon"));
    value
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|ring| {
            ring.as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|point| match point.as_array().map(Vec::as_slice) {
                    Some([lng, lat, ..]) => {
                        Ok([lng.as_f64().ok_or_else(bad)?, lat.as_f64().ok_or_else(bad)?])
                    }
                    _ => Err(bad()),
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_polygon_and_multipolygon() {
        let json = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"code":"51","name":"Bali"},
           "geometry":{"type":"Polygon","coordinates":[[[115,-8],[116,-8],[115,-9],[115,-8]]]}},
          {"type":"Feature","properties":{"code":"52","name":"NTB"},
           "geometry":{"type":"MultiPolygon","coordinates":[[[[116,-8],[117,-8],[116,-9],[116,-8]]],
             [[[118,-8],[119,-8],[118,-9],[118,-8]]]]}}]}"#;
        let features = read_features(json).unwrap();
        assert_eq!(features.len(), 2);
        assert_eq!(features[0].code, "51");
        assert_eq!(features[0].polygons[0][0][1], [116.0, -8.0]);
        assert_eq!(features[1].polygons.len(), 2);
    }

    #[test]
    fn names_the_broken_feature() {
        let json = r#"{"features":[{"properties":{"code":"51","name":"Bali"},
            "geometry":{"type":"Point","coordinates":[1,2]}}]}"#;
        let e = read_features(json).unwrap_err();
        assert!(e.0.contains("51") && e.0.contains("Point"), "{e}");
    }
}
