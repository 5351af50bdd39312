//! Opaque cursors for keyset pagination.
//!
//! A cursor is the sort key of the last item of a page, as JSON, in
//! URL-safe base64. Clients treat it as opaque; the store refuses anything
//! it did not make with [`StoreError::BadCursor`].

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::StoreError;

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

pub(crate) fn encode<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).expect("cursor keys serialise"))
}

pub(crate) fn decode<K: DeserializeOwned>(cursor: &str) -> Result<K, StoreError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| StoreError::BadCursor)?;
    serde_json::from_slice(&bytes).map_err(|_| StoreError::BadCursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_garbage() {
        let c = encode(&(2_i64, "kota denpasar", "51.71"));
        let back: (i64, String, String) = decode(&c).unwrap();
        assert_eq!(back, (2, "kota denpasar".into(), "51.71".into()));
        assert!(decode::<(i64, String, String)>("!!!").is_err());
        assert!(decode::<(i64, String, String)>(&encode(&"x")).is_err());
    }
}
