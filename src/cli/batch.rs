//! The main job: analyze every input and print its JSON, in input order.
//!
//! Reading, parallelism and ordering are [`super::drive`]'s; this file turns
//! the command-line options into what to analyze and print, and writes each
//! article's JSON as its chunk completes. A large article's JSON (ten times
//! its text, with tokens) is written straight to stdout when its turn comes,
//! never held whole.

use std::io::{self, BufWriter, Write};

use anyhow::Result;

use warta::analysis::{DateSource, ReferenceDate};
use warta::output::{Document, write_json, write_json_sections, write_json_to_vec};
use warta::{Analysis, Options, Sections, Stages, analyze, analyze_without_tokens};

use super::args::{AnalyzeArgs, InputFormat};
use super::drive::{Article, Sources, drive};
use super::{EXIT_OK, Reporter};

/// How every document is analyzed and printed.
pub struct Settings {
    pub date: Option<jiff::civil::Date>,
    pub print: Stages,
    pub pretty: bool,
}

impl Settings {
    fn new(args: &AnalyzeArgs) -> Settings {
        let print = if !args.only.is_empty() {
            args.only
                .iter()
                .fold(Stages::NONE, |s, &stage| s.with(stage.into()))
        } else {
            args.skip
                .iter()
                .fold(Stages::ALL, |s, &stage| s.without(stage.into()))
        };
        Settings {
            date: args.date,
            print,
            pretty: args.pretty,
        }
    }

    /// The options to analyze `article` with: `--date` wins over the record's.
    pub fn options(&self, article: &Article) -> Options {
        let reference_date = match (self.date, article.date) {
            (Some(date), _) => Some(ReferenceDate {
                date,
                from: DateSource::Option,
            }),
            (None, Some(date)) => Some(ReferenceDate {
                date,
                from: DateSource::Record,
            }),
            (None, None) => None,
        };
        Options {
            reference_date,
            stages: self.print,
        }
    }

    /// Analyzes one article; a small one is written to JSON at once (on the
    /// worker thread), a large one when its turn to be printed comes.
    fn render(&self, article: Article) -> Output {
        if article.text.len() >= WRITE_LATER_BYTES {
            // Its tokens (four times the text) are made again as they are
            // printed rather than held.
            let (analysis, sections) =
                analyze_without_tokens(&article.text, &self.options(&article));
            return Output::Later {
                article,
                analysis,
                sections,
            };
        }
        let analysis = analyze(&article.text, &self.options(&article));
        // JSON Lines with tokens run to about eleven times the text: room
        // enough at once, so the buffer is not copied as it grows.
        let mut out = Vec::with_capacity(article.text.len() * 12 + 1024);
        write_json_to_vec(&mut out, &self.document(&article, &analysis), self.pretty);
        Output::Json(out)
    }

    fn document<'a>(&self, article: &'a Article, analysis: &'a Analysis) -> Document<'a> {
        Document {
            source: &article.source,
            text: &article.text,
            analysis,
            print: self.print,
        }
    }
}

/// Texts at least this large are written to JSON only when printed.
const WRITE_LATER_BYTES: usize = 4 << 20;

/// One analyzed article, ready to print in its turn.
enum Output {
    /// Its JSON, written on the worker thread.
    Json(Vec<u8>),
    /// A large article's analysis, written straight to stdout: its JSON (ten
    /// times the text with tokens) is never held whole.
    Later {
        article: Article,
        analysis: Analysis,
        sections: Option<Sections>,
    },
}

impl Output {
    fn print(&self, out: &mut impl Write, settings: &Settings) -> io::Result<()> {
        match self {
            Output::Json(json) => out.write_all(json),
            Output::Later {
                article,
                analysis,
                sections,
            } => {
                let doc = settings.document(article, analysis);
                match sections {
                    None => write_json(out, &doc, settings.pretty),
                    Some(sections) => write_json_sections(out, &doc, sections, settings.pretty),
                }
            }
        }
    }
}

/// Analyzes the inputs `args` names and prints the results; returns the exit
/// status (bad inputs are also counted by `reporter`).
pub fn run(args: &AnalyzeArgs, reporter: &Reporter) -> Result<u8> {
    let settings = Settings::new(args);
    let sources = Sources {
        paths: &args.paths,
        jsonl: args.input == InputFormat::Jsonl,
        ext: &args.ext,
        progress: !args.quiet,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    drive(
        &sources,
        reporter,
        |article| settings.render(article),
        |output| {
            match output {
                Some(output) => output.print(&mut out, &settings)?,
                // A finished chunk reaches the reader at once.
                None => out.flush()?,
            }
            Ok(())
        },
    )?;
    out.flush()?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta::Stage;

    #[test]
    fn date_option_wins_over_the_record() {
        let settings = Settings {
            date: "2024-01-31".parse().ok(),
            print: Stages::NONE.with(Stage::Sentences),
            pretty: false,
        };
        let article = Article {
            source: "a".into(),
            text: "x".into(),
            date: "2023-02-22".parse().ok(),
        };
        let r = settings.options(&article).reference_date.unwrap();
        assert_eq!(
            (r.date.to_string().as_str(), r.from),
            ("2024-01-31", DateSource::Option)
        );
        let settings = Settings {
            date: None,
            ..settings
        };
        let r = settings.options(&article).reference_date.unwrap();
        assert_eq!(r.from, DateSource::Record);
    }
}
