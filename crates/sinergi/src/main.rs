//! The `sinergi` command. All the work is in the library; this only maps
//! errors to a message and an exit code, never a panic.

use std::process::ExitCode;

/// mimalloc rather than the system's allocator: glibc kept about 100 MB of freed memory
/// in per-thread arenas after load (resident 399 MB against a heap of about 85 MB,
/// issue 16), and allocation was a tenth of a cached page's cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v3's option numbers (`mi_option_e` in its `mimalloc.h`; the
/// Rust bindings name only v2's).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once, and arenas are committed
/// as they are used rather than ahead. With mimalloc's defaults (a purge
/// after 1 s, 10 s for arenas; eager commit on Linux) the demo's server
/// peaked at 285–300 MB resident while it seeded and indexed, and held
/// 175 MB after 20 s of unit search; with these, 213–228 MB and 145–148 MB,
/// at the same request rate (`bench/units/run.sh`, issue 16). An
/// operator's `MIMALLOC_PURGE_DELAY` or `MIMALLOC_ARENA_EAGER_COMMIT` still
/// wins: these only set the defaults.
#[expect(
    unsafe_code,
    reason = "mimalloc's settings are C calls; the only unsafe code in the workspace"
)]
fn tune_allocator() {
    // SAFETY: `mi_option_set_default` writes one option's default value
    // (ignored when the environment set it); it takes no pointers and is
    // safe to call at any time, here before any other thread exists.
    unsafe {
        libmimalloc_sys::mi_option_set_default(MI_OPTION_PURGE_DELAY, 0);
        libmimalloc_sys::mi_option_set_default(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    }
}

#[expect(
    clippy::print_stderr,
    reason = "the one place the binary reports a failure"
)]
fn main() -> ExitCode {
    tune_allocator();
    match sinergi::cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sinergi: {e:#}");
            ExitCode::FAILURE
        }
    }
}
