//! Analyzing many inputs: in parallel, printed in input order, streamed.
//!
//! Inputs are taken in bounded chunks; each chunk is read and analyzed on the
//! rayon pool and then written in order, so memory stays bounded by the chunk
//! and output is byte-identical whatever the number of threads. JSON Lines
//! input is read line by line the same way and never held whole. A large
//! input's JSON (ten times its text, with tokens) is written straight to
//! stdout when its turn comes, never held whole either.

use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use warta::analysis::{DateSource, ReferenceDate};
use warta::output::{Document, write_json};
use warta::{Analysis, Options, Stages, analyze, record};

use super::args::{AnalyzeArgs, InputFormat};
use super::inputs::{self, Input};
use super::{EXIT_OK, Reporter};

/// Inputs analyzed per parallel chunk.
const CHUNK_INPUTS: usize = 64;
/// JSON Lines records per parallel chunk, and the bytes that also end one.
const CHUNK_RECORDS: usize = 256;
const CHUNK_BYTES: usize = 16 << 20;
/// Batches at least this large get a progress bar (on a terminal).
const PROGRESS_MIN: usize = 100;
/// Texts at least this large are written to JSON only when printed.
const WRITE_LATER_BYTES: usize = 4 << 20;

/// How every document is analyzed and printed.
struct Settings {
    date: Option<jiff::civil::Date>,
    print: Stages,
    pretty: bool,
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

    /// Analyzes one text; a small one is written to JSON at once (on the
    /// worker thread), a large one when its turn to be printed comes.
    fn render(&self, source: &str, text: String, record_date: Option<jiff::civil::Date>) -> Output {
        let reference_date = match (self.date, record_date) {
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
        let options = Options {
            reference_date,
            stages: self.print,
        };
        let analysis = analyze(&text, &options);
        if text.len() >= WRITE_LATER_BYTES {
            return Output::Later {
                source: source.to_string(),
                text,
                analysis,
            };
        }
        let mut out = Vec::with_capacity(text.len() * 8 + 256);
        self.write(&mut out, source, &text, &analysis)
            .expect("writing to a Vec cannot fail");
        Output::Json(out)
    }

    fn write(
        &self,
        out: &mut impl Write,
        source: &str,
        text: &str,
        analysis: &Analysis,
    ) -> io::Result<()> {
        let doc = Document {
            source,
            text,
            analysis,
            print: self.print,
        };
        write_json(out, &doc, self.pretty)
    }
}

/// One analyzed input, ready to print in its turn.
enum Output {
    /// Its JSON, written on the worker thread.
    Json(Vec<u8>),
    /// A large input's analysis, written straight to stdout: its JSON (ten
    /// times the text with tokens) is never held whole.
    Later {
        source: String,
        text: String,
        analysis: Analysis,
    },
}

impl Output {
    fn print(&self, out: &mut impl Write, settings: &Settings) -> io::Result<()> {
        match self {
            Output::Json(json) => out.write_all(json),
            Output::Later {
                source,
                text,
                analysis,
            } => settings.write(out, source, text, analysis),
        }
    }
}

/// Analyzes the inputs `args` names and prints the results; returns the exit
/// status (bad inputs are also counted by `reporter`).
pub fn run(args: &AnalyzeArgs, reporter: &Reporter) -> Result<u8> {
    let settings = Settings::new(args);
    match args.input {
        InputFormat::Text => run_text(args, &settings, reporter),
        InputFormat::Jsonl => run_jsonl(&args.paths, &settings, reporter),
    }
}

fn run_text(args: &AnalyzeArgs, settings: &Settings, reporter: &Reporter) -> Result<u8> {
    let (inputs, _) = inputs::collect(&args.paths, &args.ext, reporter);
    let progress = (!args.quiet && inputs.len() >= PROGRESS_MIN && io::stderr().is_terminal())
        .then(|| progress_bar(inputs.len()));
    let mut out = BufWriter::new(io::stdout().lock());
    for chunk in inputs.chunks(CHUNK_INPUTS) {
        let results: Vec<(String, Result<Output, String>)> = chunk
            .par_iter()
            .map(|input| {
                let name = input.name();
                let result = inputs::read(input).map(|text| settings.render(&name, text, None));
                (name, result)
            })
            .collect();
        for (name, result) in results {
            match result {
                Ok(output) => output.print(&mut out, settings)?,
                Err(cause) => {
                    if let Some(bar) = &progress {
                        bar.suspend(|| reporter.error(&name, &cause));
                    } else {
                        reporter.error(&name, &cause);
                    }
                }
            }
        }
        // Each chunk reaches the reader as soon as it is done.
        out.flush()?;
        if let Some(bar) = &progress {
            bar.inc(chunk.len() as u64);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    out.flush()?;
    Ok(EXIT_OK)
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} articles  {per_sec}  eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// A line of JSON Lines input waiting to be analyzed.
struct Line {
    /// `file:line`, for messages and as the source of a record without id.
    at: String,
    bytes: Vec<u8>,
}

fn run_jsonl(paths: &[PathBuf], settings: &Settings, reporter: &Reporter) -> Result<u8> {
    let mut out = BufWriter::new(io::stdout().lock());
    let sources: Vec<Input> = if paths.is_empty() {
        vec![Input::Stdin]
    } else {
        paths
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::File(p.clone())
                }
            })
            .collect()
    };
    for source in &sources {
        let name = source.name();
        let reader: Box<dyn BufRead> = match source {
            Input::Stdin => Box::new(io::stdin().lock()),
            Input::File(path) => match open_records(path) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                Err(cause) => {
                    reporter.error(&name, cause);
                    continue;
                }
            },
        };
        stream_records(&name, reader, settings, reporter, &mut out)?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}

/// Opens a JSON Lines file. A folder opens on Unix and fails only at the
/// first read, which would be reported as `FOLDER:1`: say what it is instead.
fn open_records(path: &std::path::Path) -> Result<std::fs::File, String> {
    let file = std::fs::File::open(path).map_err(|e| inputs::describe(&e))?;
    match file.metadata() {
        Ok(meta) if meta.is_dir() => Err("is a directory".to_string()),
        _ => Ok(file),
    }
}

/// Reads records from `reader` in bounded chunks and writes one line each.
fn stream_records(
    name: &str,
    mut reader: Box<dyn BufRead + '_>,
    settings: &Settings,
    reporter: &Reporter,
    out: &mut impl Write,
) -> Result<()> {
    let mut line_no = 0usize;
    let mut chunk: Vec<Line> = Vec::with_capacity(CHUNK_RECORDS);
    let mut chunk_bytes = 0;
    loop {
        let mut buf = Vec::new();
        let read = match reader.read_until(b'\n', &mut buf) {
            Ok(n) => n,
            Err(e) => {
                reporter.error(format!("{name}:{}", line_no + 1), inputs::describe(&e));
                0
            }
        };
        if read > 0 {
            line_no += 1;
            if !buf.iter().all(u8::is_ascii_whitespace) {
                chunk_bytes += buf.len();
                chunk.push(Line {
                    at: format!("{name}:{line_no}"),
                    bytes: buf,
                });
            }
        }
        if read == 0 || chunk.len() >= CHUNK_RECORDS || chunk_bytes >= CHUNK_BYTES {
            let results: Vec<Result<Option<Output>, String>> = chunk
                .par_iter()
                .map(|line| analyze_line(&line.at, &line.bytes, settings))
                .collect();
            for (line, result) in chunk.iter().zip(results) {
                match result {
                    Ok(Some(output)) => output.print(out, settings)?,
                    Ok(None) => {}
                    Err(cause) => reporter.error(&line.at, cause),
                }
            }
            out.flush()?;
            chunk.clear();
            chunk_bytes = 0;
        }
        if read == 0 {
            return Ok(());
        }
    }
}

/// Parses one line of JSON Lines input and analyzes its record; `None` for a
/// blank line.
fn analyze_line(at: &str, line: &[u8], settings: &Settings) -> Result<Option<Output>, String> {
    let Some(record) = record::parse_line(line)? else {
        return Ok(None);
    };
    let source = record.id.as_deref().unwrap_or(at);
    Ok(Some(settings.render(source, record.text, record.date)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta::Stage;

    fn settings() -> Settings {
        Settings {
            date: None,
            print: Stages::NONE.with(Stage::Sentences),
            pretty: false,
        }
    }

    #[test]
    fn record_source_is_its_id_or_position() {
        let s = settings();
        let json = |line: &str| {
            let mut out = Vec::new();
            let output = analyze_line("in:7", line.as_bytes(), &s).unwrap().unwrap();
            output.print(&mut out, &s).unwrap();
            serde_json::from_slice::<serde_json::Value>(&out).unwrap()
        };
        assert_eq!(json(r#"{"id":"a1","text":"x"}"#)["source"], "a1");
        assert_eq!(json(r#"{"id":42,"text":"x"}"#)["source"], "42");
        assert_eq!(json(r#"{"text":"x","extra":[1]}"#)["source"], "in:7");
        let dated = json(r#"{"text":"x","date":"2023-02-22"}"#);
        assert_eq!(dated["reference_date"]["from"], "record");
    }
}
