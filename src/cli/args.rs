//! The command line: every flag, its help, and the examples in `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use warta::Stage;

const EXAMPLES: &str = "\
Examples:
  warta article.txt                      one article → one JSON object
  cat article.txt | warta --pretty       stdin, indented
  warta articles/ > out.jsonl            a folder (recursive, *.txt, sorted) → JSON Lines
  warta --input jsonl < in.jsonl         records {\"id\",\"text\",\"date\"} → one line each
  warta --date 2023-02-22 --skip tokens article.txt
  warta check fixtures/                  compare NAME.txt with NAME.json; --update rewrites
  warta eval gold.jsonl                  precision, recall and F1 against annotations

Exit status: 0 all inputs analyzed; 1 `check` found differences; 2 usage error or
at least one input could not be read (the others are still analyzed and printed).";

/// Analyze Indonesian news articles: sentences, tokens, entities, dates and
/// quotes, as JSON.
#[derive(Debug, Parser)]
#[command(
    name = "warta",
    version,
    about,
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub analyze: AnalyzeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyze every NAME.txt under DIR and compare with NAME.json beside it.
    ///
    /// Prints a diff for each difference and exits 1 if there is any. The date
    /// an expected file was made with (its `reference_date` from an option or a
    /// record) is used again, so fixtures can pin a publication date.
    Check {
        /// Folder of NAME.txt / NAME.json pairs (searched recursively).
        dir: PathBuf,
        /// Rewrite the expected NAME.json files instead of comparing.
        #[arg(long)]
        update: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Score warta against annotated JSON Lines: precision, recall and F1 for
    /// every layer the gold records have (tokens, sentences, entities, dates,
    /// quotes).
    ///
    /// Records are {"id","text","date"?,"tokens"?,"sentences"?,"entities"?,
    /// "dates"?,"quotes"?} with code-point offsets; see README.md.
    Eval {
        /// Gold JSON Lines file (`-` for stdin).
        gold: PathBuf,
        /// Print the scores as one JSON object.
        #[arg(long)]
        json: bool,
        /// Also list every miss and extra (to stdout, before the scores).
        #[arg(long)]
        errors: bool,
        /// Only list errors of this layer (with --errors).
        #[arg(long, value_enum, requires = "errors")]
        layer: Option<StageArg>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Write one article as a self-contained HTML page with its entities,
    /// dates and quotes marked (hover a mark for its details).
    ///
    /// Example: `warta view article.txt > article.html`
    View {
        /// The article (`-` for stdin).
        input: PathBuf,
        /// Publication date (YYYY-MM-DD) to resolve relative dates against.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<jiff::civil::Date>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Summarize many articles as one HTML page (or JSON with --json): most
    /// mentioned persons, organizations and places, most quoted speakers, a
    /// timeline of resolved dates, and the list of articles.
    ///
    /// Example: `warta report articles/ > report.html`
    Report {
        /// Files or folders (searched recursively for *.txt); `-` or none
        /// reads stdin.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// `text` (one article per file) or `jsonl` (records {"id","text","date"}).
        #[arg(long, value_enum, default_value_t = InputFormat::Text)]
        input: InputFormat,
        /// Print the figures as JSON instead of HTML.
        #[arg(long)]
        json: bool,
        /// Publication date (YYYY-MM-DD) for every article; overrides records' dates.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<jiff::civil::Date>,
        /// How many names to list per table.
        #[arg(long, value_name = "N", default_value_t = 25)]
        top: usize,
        /// File extension searched for in folders.
        #[arg(long, value_name = "EXT", default_value = "txt")]
        ext: String,
        #[command(flatten)]
        common: CommonArgs,
    },
}

/// Options shared by every mode.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// Number of threads (default: one per core). Output is identical whatever
    /// the number.
    #[arg(short = 'j', long, value_name = "N", global = true)]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Files or folders to analyze. A folder is searched recursively for
    /// `*.txt` files (hidden ones skipped), in sorted order. `-` or no path
    /// reads stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// How inputs are framed: `text` (one article per file) or `jsonl` (one
    /// record {"id","text","date"} per line; output is one line per record).
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    pub input: InputFormat,

    /// Print one JSON object per line even for a single input.
    #[arg(long)]
    pub jsonl: bool,

    /// Indent the JSON for reading.
    #[arg(long, conflicts_with = "jsonl")]
    pub pretty: bool,

    /// Publication date (YYYY-MM-DD) to resolve relative dates against. It
    /// overrides a record's `date` and any dateline.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,

    /// Print only these parts (comma-separated); the stages they need still run.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "STAGE,...",
        conflicts_with = "skip"
    )]
    pub only: Vec<StageArg>,

    /// Leave these parts out of the output (comma-separated), e.g. `--skip tokens`.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STAGE,...")]
    pub skip: Vec<StageArg>,

    /// File extension searched for in folders.
    #[arg(long, value_name = "EXT", default_value = "txt")]
    pub ext: String,

    /// No progress bar (it only shows for large batches on a terminal anyway).
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Text,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StageArg {
    Sentences,
    Tokens,
    Entities,
    Dates,
    Quotes,
}

impl From<StageArg> for Stage {
    fn from(s: StageArg) -> Stage {
        match s {
            StageArg::Sentences => Stage::Sentences,
            StageArg::Tokens => Stage::Tokens,
            StageArg::Entities => Stage::Entities,
            StageArg::Dates => Stage::Dates,
            StageArg::Quotes => Stage::Quotes,
        }
    }
}

/// `YYYY-MM-DD`, strictly.
pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(format!("{s:?} is not a date of the form YYYY-MM-DD"));
    }
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("{s:?} is not a valid date: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2023-02-22").is_ok());
        for bad in [
            "2023-2-22",
            "22-02-2023",
            "2023-02-30",
            "2023/02/22",
            "",
            "2023-02-22T00",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
