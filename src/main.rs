//! The `warta` binary: parse the arguments, run, map the outcome to an exit
//! status. Everything else lives in `cli` (the outside world) and the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    keep_freed_memory();
    cli::run(cli::args::Cli::parse())
}

/// glibc's malloc hands memory back to the system as soon as the top of a
/// heap has 128 kB free, and maps blocks from 128 kB up afresh: an article's
/// buffers of a few hundred kB then cost page faults on every article (over
/// 3,264 articles on one thread, 14,800 minor faults and some 5% of the
/// time; 4,400 with this). Freed memory up to 64 MB is kept for the next
/// article instead; peak memory is what it was, since it was in use.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    const KEEP: libc::c_int = 64 << 20;
    // SAFETY: `mallopt` only sets two of malloc's parameters; nothing else
    // runs yet (no other thread, no allocation in flight).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, KEEP);
        libc::mallopt(libc::M_TRIM_THRESHOLD, KEEP);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() {}
