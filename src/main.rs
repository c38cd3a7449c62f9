//! The `warta` binary: parse the arguments, run, map the outcome to an exit
//! status. Everything else lives in `cli` (the outside world) and the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// jemalloc rather than the system's malloc: an article's stages make a few
/// hundred blocks too large for glibc's per-thread cache, and glibc spent
/// 8% of the time of a one-thread batch in malloc and free (consolidating,
/// unlinking, trimming and re-faulting the heap top); jemalloc spends under
/// 3% (`perf record` over 3,264 articles). Peak memory stays within the
/// bounds of README's "Speed" section.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    cli::run(cli::args::Cli::parse())
}
