//! Every input kept in `fuzz/regressions/<target>/` (crashes the fuzzers
//! found, and seeds worth keeping) runs through its target's checks here,
//! on the stable toolchain, in every test run. See `scripts/fuzz`.

#[path = "fuzz_bodies.rs"]
mod bodies;

#[test]
fn every_kept_fuzz_input_passes_its_checks() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut ran = 0;
    for (name, body) in bodies::TARGETS {
        let dir = root.join(name);
        assert!(dir.is_dir(), "{} is missing", dir.display());
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                continue; // the folder's README
            }
            body(&std::fs::read(&path).unwrap());
            ran += 1;
        }
    }
    assert!(
        ran >= bodies::TARGETS.len(),
        "each target keeps at least one input"
    );
}
