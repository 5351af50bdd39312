#![no_main]

#[allow(dead_code, reason = "each target uses one body")]
#[path = "../../crates/sinergi/tests/it/fuzz_bodies.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::feed(data));
