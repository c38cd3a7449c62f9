//! The user's toolkit around the analyzer: `warta schema`, `warta completions
//! SHELL` and `warta man`. Each prints one document to stdout and nothing
//! else; the content comes from the clap definition (`args.rs`) and the shipped
//! schema file, so none of it can drift from the program.

use std::io::{self, Write};

use anyhow::Result;
use clap::CommandFactory;

use super::EXIT_OK;
use super::args::Cli;

/// Prints the JSON Schema of the output.
pub fn schema() -> Result<u8> {
    print(warta::output::JSON_SCHEMA.as_bytes())
}

/// Prints a completion script for `shell`.
///
/// The script is made in memory first: `clap_complete::generate` panics when
/// a write fails, and a closed stdout (`warta completions bash | head`) must
/// end quietly like every other command.
pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "warta", &mut script);
    print(&script)
}

/// Prints the manual page, with the `check`, `eval` and toolkit subcommands
/// listed.
pub fn man() -> Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    print(&page)
}

fn print(bytes: &[u8]) -> Result<u8> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(EXIT_OK)
}
