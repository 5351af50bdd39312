//! The one query string each cached address understands. The public cache
//! keys on it, and the handler sees only it: a parameter a route does not
//! read (`?x=<random>`, a tracker's `utm_source`) or a value it would
//! ignore anyway (`?theme=purple`) neither creates a cache entry nor
//! changes the answer, so nobody can fill the cache with copies of one
//! page and push the real entries out.

use crate::press::embed::MAX_LIMIT;

/// A parameter a route reads, and which raw (still percent-encoded)
/// values it takes; any other value is dropped, as the handler would
/// treat it as absent.
struct Param {
    name: &'static str,
    keeps: fn(&str) -> bool,
}

fn subtree(v: &str) -> bool {
    v == "subtree"
}

/// A unit code's characters: `51.71`, `kemenpanrb.hkip`.
fn unit_code(v: &str) -> bool {
    (1..=64).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
}

/// A store cursor: URL-safe base64 without padding. Anything else would be
/// refused by the store; a well-formed but foreign one still gets its 400.
fn cursor(v: &str) -> bool {
    (1..=512).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn language(v: &str) -> bool {
    matches!(v, "id" | "en")
}

fn embed_limit(v: &str) -> bool {
    v.parse::<i64>().is_ok_and(|n| (1..=MAX_LIMIT).contains(&n)) && !v.starts_with(['0', '+'])
}

fn dark(v: &str) -> bool {
    v == "dark"
}

/// Any register kind given: the handler refuses an unknown one with a 400,
/// which the cache does not keep, so it fills nothing (dropping it would
/// answer the whole register where a signed-in reader gets the 400).
fn item_kind(v: &str) -> bool {
    !v.is_empty()
}

fn revision(v: &str) -> bool {
    (1..=9).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) && !v.starts_with('0')
}

const PRESS_ROOM: &[Param] = &[
    Param {
        name: "child",
        keeps: unit_code,
    },
    Param {
        name: "cursor",
        keeps: cursor,
    },
    Param {
        name: "scope",
        keeps: subtree,
    },
];
const EMBED: &[Param] = &[
    Param {
        name: "lang",
        keeps: language,
    },
    Param {
        name: "limit",
        keeps: embed_limit,
    },
    Param {
        name: "theme",
        keeps: dark,
    },
];
const COMPARE: &[Param] = &[
    Param {
        name: "from",
        keeps: revision,
    },
    Param {
        name: "to",
        keeps: revision,
    },
];
/// `/releases` and `/open-data/…`: pages by a cursor.
const BY_CURSOR: &[Param] = &[Param {
    name: "cursor",
    keeps: cursor,
}];
const REGISTER: &[Param] = &[
    Param {
        name: "cursor",
        keeps: cursor,
    },
    Param {
        name: "kind",
        keeps: item_kind,
    },
];

/// What a cached path reads from its query, in name order.
fn params_of(path: &str) -> &'static [Param] {
    let segments = path.trim_start_matches('/').split('/').count();
    if path.starts_with("/press/") && segments == 2 {
        PRESS_ROOM
    } else if path.starts_with("/embed/") {
        EMBED
    } else if path.starts_with("/releases/") && path.ends_with("/compare") {
        COMPARE
    } else if path.starts_with("/open-data/") || path == "/releases" {
        BY_CURSOR
    } else if path == "/register" {
        REGISTER
    } else {
        &[]
    }
}

/// The canonical query for `path`: each parameter the route reads, once
/// (its first value), when its value is one the route takes, in name
/// order. Empty when none remains.
pub fn canonical_query(path: &str, query: &str) -> String {
    let mut kept: Vec<(&str, &str)> = Vec::new();
    for param in params_of(path) {
        let value = query
            .split('&')
            .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
            .find(|(name, _)| *name == param.name)
            .map(|(_, v)| v);
        if let Some(v) = value.filter(|v| (param.keeps)(v)) {
            kept.push((param.name, v));
        }
    }
    kept.iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::canonical_query;

    #[test]
    fn unknown_parameters_and_ignored_values_are_dropped() {
        assert_eq!(canonical_query("/open-data/subtree/35.csv", "x=8271"), "");
        assert_eq!(
            canonical_query("/open-data/subtree/35.csv", "x=1&cursor=eyJ9&cursor=other"),
            "cursor=eyJ9"
        );
        assert_eq!(
            canonical_query("/feeds/unit/51.71.rss", "utm_source=wa"),
            ""
        );
        assert_eq!(canonical_query("/releases/7-banjir", "done=publish"), "");
        assert_eq!(
            canonical_query("/press/51", "utm=1&scope=subtree&child=51.71"),
            "child=51.71&scope=subtree"
        );
        assert_eq!(canonical_query("/press/51", "scope=everything"), "");
        assert_eq!(
            canonical_query("/embed/unit/51", "theme=dark&limit=3&lang=en&x=y"),
            "lang=en&limit=3&theme=dark"
        );
        assert_eq!(
            canonical_query("/embed/unit/51", "theme=purple&limit=999&lang=fr"),
            ""
        );
        assert_eq!(
            canonical_query("/releases/7/compare", "to=3&from=2&x=1"),
            "from=2&to=3"
        );
        assert_eq!(canonical_query("/releases/7/compare", "from=0x2"), "");
        // The anonymous list pages: the home page and the press rooms'
        // index read nothing; the releases a cursor, the register a kind
        // too.
        assert_eq!(canonical_query("/", "utm_source=wa&x=1"), "");
        assert_eq!(canonical_query("/press", "cursor=abc"), "");
        assert_eq!(
            canonical_query("/releases", "x=1&cursor=abc_-9"),
            "cursor=abc_-9"
        );
        assert_eq!(canonical_query("/releases", "cursor=a%20b"), "");
        assert_eq!(
            canonical_query("/register", "kind=innovation&x=2&cursor=eyJ9"),
            "cursor=eyJ9&kind=innovation"
        );
        assert_eq!(canonical_query("/register", "kind=poem"), "kind=poem");
        assert_eq!(canonical_query("/register", "kind="), "");
    }

    #[test]
    fn the_same_page_has_one_key_whatever_the_order() {
        let a = canonical_query("/press/51", "scope=subtree&cursor=abc");
        let b = canonical_query("/press/51", "cursor=abc&scope=subtree&scope=x");
        assert_eq!(a, b);
    }
}
