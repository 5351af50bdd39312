//! Files kept on disk under the SHA-256 of their content.
//!
//! Content addressing makes storing idempotent (the same photo uploaded twice
//! is one file), makes files immutable (safe to cache forever and to copy
//! between nodes), and lets the database hold only the hash. Files are
//! sharded by the first two hex digits (`ab/cdef…`) to keep folders small.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// Not 64 lowercase hex digits: refused before touching the disk, so no
    /// `../` or absolute path can ever reach a file name.
    #[error("not a SHA-256 hex digest: {0:?}")]
    InvalidSha(String),
    #[error("blob store I/O at {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> BlobError + '_ {
    move |source| BlobError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A folder of content-addressed files.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    /// Opens the store at `dir`, creating the folder if needed.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, BlobError> {
        let root = dir.into();
        std::fs::create_dir_all(&root).map_err(io_at(&root))?;
        Ok(Self { root })
    }

    /// Where the blob `sha` lives (whether or not it exists).
    pub fn path(&self, sha: &str) -> Result<PathBuf, BlobError> {
        if !is_sha256_hex(sha) {
            return Err(BlobError::InvalidSha(sha.chars().take(80).collect()));
        }
        Ok(self.root.join(&sha[..2]).join(&sha[2..]))
    }

    /// Stores `bytes` and returns their SHA-256. Written to a temporary file
    /// in the shard folder, flushed, then renamed into place, so readers never
    /// see a partial file; storing what is already there writes nothing.
    pub fn put(&self, bytes: &[u8]) -> Result<String, BlobError> {
        let sha = sha256_hex(bytes);
        let path = self.path(&sha)?;
        if path.is_file() {
            return Ok(sha);
        }
        let shard = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(shard).map_err(io_at(shard))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(shard)
            .map_err(io_at(shard))?;
        tmp.write_all(bytes).map_err(io_at(tmp.path()))?;
        tmp.as_file().sync_all().map_err(io_at(tmp.path()))?;
        // A concurrent put of the same bytes may win the race: same content,
        // so replacing its file is harmless.
        tmp.persist(&path).map_err(|e| BlobError::Io {
            path: path.clone(),
            source: e.error,
        })?;
        Ok(sha)
    }

    /// The blob's bytes, or `None` if it is not stored.
    pub fn get(&self, sha: &str) -> Result<Option<Vec<u8>>, BlobError> {
        let path = self.path(sha)?;
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(BlobError::Io { path, source: e }),
        }
    }

    /// Whether the blob is stored.
    pub fn contains(&self, sha: &str) -> Result<bool, BlobError> {
        Ok(self.path(sha)?.is_file())
    }
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY_SHA: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn sha256_hex_matches_the_known_digest() {
        assert_eq!(sha256_hex(b""), EMPTY_SHA);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn put_then_get_round_trips_in_a_sharded_path() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open(dir.path().join("blobs")).unwrap();
        let sha = store.put(b"abc").unwrap();
        assert_eq!(sha, sha256_hex(b"abc"));
        let path = store.path(&sha).unwrap();
        assert_eq!(path, dir.path().join("blobs").join("ba").join(&sha[2..]));
        assert_eq!(std::fs::read(&path).unwrap(), b"abc");
        assert_eq!(store.get(&sha).unwrap().as_deref(), Some(&b"abc"[..]));
        assert!(store.contains(&sha).unwrap());
    }

    #[test]
    fn put_is_idempotent_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open(dir.path()).unwrap();
        let a = store.put(b"same").unwrap();
        let b = store.put(b"same").unwrap();
        assert_eq!(a, b);
        let shard = dir.path().join(&a[..2]);
        let names: Vec<_> = std::fs::read_dir(&shard)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec![a[2..].to_owned()]);
        store.put(b"").unwrap();
        assert_eq!(store.get(EMPTY_SHA).unwrap().as_deref(), Some(&b""[..]));
    }

    #[test]
    fn missing_blobs_are_none() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open(dir.path()).unwrap();
        assert_eq!(store.get(EMPTY_SHA).unwrap(), None);
        assert!(!store.contains(EMPTY_SHA).unwrap());
    }

    #[test]
    fn anything_but_64_lowercase_hex_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::open(dir.path()).unwrap();
        let upper = EMPTY_SHA.to_uppercase();
        let traversal = format!("../{}", &EMPTY_SHA[3..]);
        let absolute = format!("/{}", &EMPTY_SHA[1..]);
        let slash = format!("{}/{}", &EMPTY_SHA[..2], &EMPTY_SHA[3..]);
        for bad in [
            "",
            "abc",
            "../../etc/passwd",
            upper.as_str(),
            traversal.as_str(),
            absolute.as_str(),
            slash.as_str(),
            &EMPTY_SHA[..63],
            &format!("{EMPTY_SHA}0"),
            &format!("{}g", &EMPTY_SHA[..63]),
            &format!("{}\0", &EMPTY_SHA[..63]),
        ] {
            assert!(
                matches!(store.path(bad), Err(BlobError::InvalidSha(_))),
                "{bad:?}"
            );
            assert!(
                matches!(store.get(bad), Err(BlobError::InvalidSha(_))),
                "{bad:?}"
            );
        }
    }
}
