//! The `sinergi` command. All the work is in the library; this only maps
//! errors to a message and an exit code, never a panic.

use std::process::ExitCode;

#[expect(
    clippy::print_stderr,
    reason = "the one place the binary reports a failure"
)]
fn main() -> ExitCode {
    match sinergi::cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sinergi: {e:#}");
            ExitCode::FAILURE
        }
    }
}
