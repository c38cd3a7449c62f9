//! The `warta` binary: parse the arguments, run, map the outcome to an exit
//! status. Everything else lives in `cli` (the outside world) and the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    cli::run(cli::args::Cli::parse())
}
