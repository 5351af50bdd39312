//! The `sinergi` command. All the work is in the library; this only maps
//! errors to a message and an exit code, never a panic.

use std::process::ExitCode;

mod allocator;

/// mimalloc rather than the system's allocator: glibc kept about 100 MB of freed memory
/// in per-thread arenas after load (resident 399 MB against a heap of about 85 MB,
/// issue 16), and allocation was a tenth of a cached page's cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[expect(
    clippy::print_stderr,
    reason = "the one place the binary reports a failure"
)]
fn main() -> ExitCode {
    allocator::tune();
    match sinergi::cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sinergi: {e:#}");
            ExitCode::FAILURE
        }
    }
}
