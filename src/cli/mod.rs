//! Everything that touches the outside world: finding and reading inputs,
//! running the analysis over them in parallel, writing results in input order,
//! reporting bad inputs, and the `check` and `eval` commands.
//!
//! Errors about one input are reported as `warta: <input>: <cause>` on stderr
//! and never stop the others; they make the exit status 2. A closed stdout
//! (`warta … | head`) ends the run quietly with status 0.

pub mod args;
mod batch;
mod check;
mod drive;
mod eval;
mod inputs;
mod view;

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use args::{Cli, Command};

/// Exit status: all inputs analyzed.
pub const EXIT_OK: u8 = 0;
/// Exit status: `warta check` found differences.
pub const EXIT_DIFFERENT: u8 = 1;
/// Exit status: usage error, or an input that could not be read or analyzed.
pub const EXIT_ERROR: u8 = 2;

/// Runs the command line and returns the exit status.
pub fn run(cli: Cli) -> ExitCode {
    let threads = match &cli.command {
        Some(Command::Check { common, .. })
        | Some(Command::Eval { common, .. })
        | Some(Command::View { common, .. })
        | Some(Command::Report { common, .. }) => common.threads,
        None => cli.analyze.common.threads,
    };
    if let Some(n) = threads {
        // Fails only if a pool already exists, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let reporter = Reporter::default();
    let result = match cli.command {
        None => batch::run(&cli.analyze, &reporter),
        Some(Command::Check { dir, update, .. }) => check::run(&dir, update, &reporter),
        Some(Command::Eval {
            gold,
            json,
            errors,
            layer,
            ..
        }) => eval::run(&gold, json, errors, layer.map(Into::into), &reporter),
        Some(Command::View { input, date, .. }) => view::view(&input, date, &reporter),
        Some(Command::Report {
            paths,
            input,
            json,
            date,
            top,
            ext,
            ..
        }) => view::report(
            &view::ReportOptions {
                paths,
                jsonl: input == args::InputFormat::Jsonl,
                json,
                date,
                top,
                ext,
            },
            &reporter,
        ),
    };
    match result {
        Ok(status) if reporter.failed() => ExitCode::from(status.max(EXIT_ERROR)),
        Ok(status) => ExitCode::from(status),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("warta: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Reports problems with single inputs and remembers that one happened.
#[derive(Default)]
pub struct Reporter {
    failed: AtomicBool,
}

impl Reporter {
    /// `warta: <input>: <cause>` on stderr; the run will exit with status 2.
    pub fn error(&self, input: impl Display, cause: impl Display) {
        self.failed.store(true, Ordering::Relaxed);
        let mut err = io::stderr().lock();
        let _ = writeln!(err, "warta: {input}: {cause}");
    }

    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }
}
