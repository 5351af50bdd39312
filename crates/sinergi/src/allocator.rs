//! The allocator's settings at start: mimalloc's defaults, and SQLite's
//! memory through mimalloc too. The only unsafe code in the workspace: both
//! are C calls.

use std::ffi::{c_int, c_void};

use libmimalloc_sys as mi;
use libsqlite3_sys as sqlite;

/// mimalloc v3's option numbers (`mi_option_e` in its `mimalloc.h`; the
/// Rust bindings name only v2's).
const MI_OPTION_ARENA_EAGER_COMMIT: mi::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: mi::mi_option_t = 15;

/// Called first in `main`, before any other thread exists and before any
/// database is opened.
pub fn tune() {
    tune_mimalloc();
    sqlite_through_mimalloc();
}

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
    reason = "mimalloc's settings are C calls; see the module comment"
)]
fn tune_mimalloc() {
    // SAFETY: `mi_option_set_default` writes one option's default value
    // (ignored when the environment set it); it takes no pointers and is
    // safe to call at any time, here before any other thread exists.
    unsafe {
        mi::mi_option_set_default(MI_OPTION_PURGE_DELAY, 0);
        mi::mi_option_set_default(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    }
}

/// SQLite allocates through the C library's `malloc` unless told otherwise,
/// and glibc keeps what its worker threads free in one arena per thread:
/// after 15 s of unit search the demo's server held 52 MB that
/// `malloc_trim` gave back at once (154 MB resident, 102 MB after). Through
/// mimalloc that memory is returned as soon as it is free. SQLite's
/// memory statistics are off too: they take a global mutex around every
/// allocation, and Sinergi reads none of them.
#[expect(
    unsafe_code,
    reason = "SQLite's configuration is a C call; see the module comment"
)]
fn sqlite_through_mimalloc() {
    let methods = sqlite::sqlite3_mem_methods {
        xMalloc: Some(sqlite_malloc),
        xFree: Some(sqlite_free),
        xRealloc: Some(sqlite_realloc),
        xSize: Some(sqlite_size),
        xRoundup: Some(sqlite_roundup),
        xInit: Some(sqlite_init),
        xShutdown: Some(sqlite_shutdown),
        pAppData: std::ptr::null_mut(),
    };
    // SAFETY: `sqlite3_config` may be called only before SQLite is
    // initialised and while no other thread uses it: here, first in `main`.
    // It copies the methods, whose functions are valid for the program's
    // life. Should it refuse (SQLite already initialised), SQLite keeps the
    // C library's allocator and nothing else changes.
    unsafe {
        sqlite::sqlite3_config(sqlite::SQLITE_CONFIG_MEMSTATUS, 0 as c_int);
        sqlite::sqlite3_config(sqlite::SQLITE_CONFIG_MALLOC, &raw const methods);
    }
}

/// SQLite asks for sizes as a C `int`; it never asks for 0 or less.
fn size_of(n: c_int) -> usize {
    usize::try_from(n).unwrap_or(0)
}

#[expect(
    unsafe_code,
    reason = "an allocator for SQLite; see the module comment"
)]
unsafe extern "C" fn sqlite_malloc(n: c_int) -> *mut c_void {
    // SAFETY: mimalloc's `malloc`; 16-byte aligned, as SQLite needs 8.
    unsafe { mi::mi_malloc(size_of(n)) }
}

#[expect(
    unsafe_code,
    reason = "an allocator for SQLite; see the module comment"
)]
unsafe extern "C" fn sqlite_free(p: *mut c_void) {
    // SAFETY: `p` came from `sqlite_malloc` or `sqlite_realloc`.
    unsafe { mi::mi_free(p) }
}

#[expect(
    unsafe_code,
    reason = "an allocator for SQLite; see the module comment"
)]
unsafe extern "C" fn sqlite_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    // SAFETY: `p` came from `sqlite_malloc` or `sqlite_realloc`.
    unsafe { mi::mi_realloc(p, size_of(n)) }
}

#[expect(
    unsafe_code,
    reason = "an allocator for SQLite; see the module comment"
)]
unsafe extern "C" fn sqlite_size(p: *mut c_void) -> c_int {
    // SAFETY: `p` came from `sqlite_malloc` or `sqlite_realloc`.
    let size = unsafe { mi::mi_usable_size(p) };
    c_int::try_from(size).unwrap_or(c_int::MAX)
}

#[expect(
    unsafe_code,
    reason = "an allocator for SQLite; see the module comment"
)]
unsafe extern "C" fn sqlite_roundup(n: c_int) -> c_int {
    // SAFETY: a pure computation on a size.
    let size = unsafe { mi::mi_good_size(size_of(n)) };
    c_int::try_from(size).unwrap_or(n)
}

#[expect(
    unsafe_code,
    reason = "an allocator for SQLite; see the module comment"
)]
unsafe extern "C" fn sqlite_init(_: *mut c_void) -> c_int {
    sqlite::SQLITE_OK
}

#[expect(
    unsafe_code,
    reason = "an allocator for SQLite; see the module comment"
)]
unsafe extern "C" fn sqlite_shutdown(_: *mut c_void) {}
