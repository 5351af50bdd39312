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
use crate::scope_sql::{Bind, arg};

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

/// Keyset paging over a `(time, id)` key: where a page starts after a
/// cursor, its order and limit, and the cursor after it.
pub(crate) struct Keyset<'a> {
    /// The key's columns, e.g. `r.public_at` and `r.id`.
    pub key: &'a str,
    pub id: &'a str,
    /// Newest first, or oldest first.
    pub descending: bool,
    /// The most rows a page holds, whatever the caller asks.
    pub max: i64,
}

impl<'a> Keyset<'a> {
    /// Newest first: by `key` then `id`, both descending.
    pub(crate) fn newest_first(key: &'a str, id: &'a str, max: i64) -> Keyset<'a> {
        Keyset {
            key,
            id,
            descending: true,
            max,
        }
    }

    /// Appends to `sql` (a query ending in its `WHERE` conditions) the
    /// condition that starts after `cursor`, the order and a limit one
    /// more than the page (to know whether another follows). Returns the
    /// page size, `limit` held to `1..=max`.
    pub(crate) fn finish(
        &self,
        sql: &mut String,
        binds: &mut Vec<Bind>,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<i64, StoreError> {
        let (key, id) = (self.key, self.id);
        let (order, beyond) = if self.descending {
            (" DESC", "<")
        } else {
            ("", ">")
        };
        if let Some(c) = cursor {
            let (at, last): (i64, i64) = decode(c)?;
            let at = arg(binds, Bind::Int(at));
            let last = arg(binds, Bind::Int(last));
            sql.push_str(&format!(
                " AND ({key} {beyond} {at} OR ({key} = {at} AND {id} {beyond} {last}))"
            ));
        }
        let limit = limit.clamp(1, self.max);
        let p = arg(binds, Bind::Int(limit + 1));
        sql.push_str(&format!(" ORDER BY {key}{order}, {id}{order} LIMIT {p}"));
        Ok(limit)
    }
}

/// A page of `limit` from `items` read by [`Keyset::finish`]'s query (one
/// more than `limit` when another page follows), with the cursor after
/// its last item, whose key `key` gives.
pub(crate) fn page<T>(mut items: Vec<T>, limit: i64, key: impl Fn(&T) -> (i64, i64)) -> Page<T> {
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(|i| encode(&key(i)))
    } else {
        None
    };
    Page { items, next_cursor }
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

    #[test]
    fn a_keyset_page_starts_after_its_cursor() {
        let keys = Keyset {
            key: "r.public_at",
            id: "r.id",
            descending: true,
            max: 50,
        };
        let mut sql = "SELECT r.id FROM releases r WHERE 1 = 1".to_owned();
        let mut binds = vec![Bind::Int(7)];
        let c = encode(&(100_i64, 9_i64));
        assert_eq!(
            keys.finish(&mut sql, &mut binds, Some(&c), 500).unwrap(),
            50
        );
        assert_eq!(
            sql,
            "SELECT r.id FROM releases r WHERE 1 = 1 \
             AND (r.public_at < $2 OR (r.public_at = $2 AND r.id < $3)) \
             ORDER BY r.public_at DESC, r.id DESC LIMIT $4"
        );
        assert_eq!(binds.len(), 4);
        let oldest_first = Keyset {
            descending: false,
            ..keys
        };
        let mut sql = String::new();
        oldest_first
            .finish(&mut sql, &mut Vec::new(), None, 0)
            .unwrap();
        assert_eq!(sql, " ORDER BY r.public_at, r.id LIMIT $1");

        let full = page(vec![(3, 1), (2, 2), (1, 3)], 2, |&(at, id)| (at, id));
        assert_eq!(full.items, [(3, 1), (2, 2)]);
        let back: (i64, i64) = decode(full.next_cursor.as_deref().unwrap()).unwrap();
        assert_eq!(back, (2, 2));
        assert_eq!(page(vec![(1, 1)], 2, |&k| k).next_cursor, None);
    }
}
