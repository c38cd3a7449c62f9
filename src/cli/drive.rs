//! Driving many articles through a piece of work: in parallel, in input order,
//! streamed.
//!
//! Articles come from text files and folders, or from JSON Lines records. They
//! are taken in bounded chunks; each chunk's articles are read, parsed and
//! processed on the rayon pool, then handed to the sink in input order, so
//! memory stays bounded by the chunk and results do not depend on the number
//! of threads. A JSON Lines stream is read line by line and never held whole;
//! a chunk also ends whenever no more input is waiting, so a client that sends
//! one record and waits for its line gets it (line in, line out).
//! Bad inputs and records are reported (`warta: <input>: <cause>`) and skipped,
//! and so is an article on which a stage panics.

use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use warta::record;

use super::Reporter;
use super::inputs::{self, Input};

/// Text inputs per parallel chunk.
const CHUNK_INPUTS: usize = 64;
/// JSON Lines records per parallel chunk, and the bytes that also end one.
const CHUNK_RECORDS: usize = 256;
const CHUNK_BYTES: usize = 16 << 20;
/// Read buffer of JSON Lines input: what is already waiting in it joins the
/// current chunk.
const READ_BUFFER: usize = 1 << 20;
/// Batches at least this large get a progress bar (on a terminal).
const PROGRESS_MIN: usize = 100;

/// One article to analyze.
pub struct Article {
    /// The path as given, `-`, or the record's id (`FILE:LINE` without one).
    pub source: String,
    pub text: String,
    /// The record's `date`, if any.
    pub date: Option<jiff::civil::Date>,
}

/// Where articles come from.
pub struct Sources<'a> {
    pub paths: &'a [PathBuf],
    /// JSON Lines records instead of one article per file.
    pub jsonl: bool,
    /// Extension searched for in folders.
    pub ext: &'a str,
    /// Whether a progress bar may be shown (large batch, stderr a terminal).
    pub progress: bool,
}

/// Runs `work` on every article on the thread pool and hands the results to
/// `sink` in input order: `Some(result)` for each, `None` at the end of each
/// chunk (time to flush).
pub fn drive<T: Send>(
    sources: &Sources,
    reporter: &Reporter,
    work: impl Fn(Article) -> T + Sync,
    mut sink: impl FnMut(Option<T>) -> Result<()>,
) -> Result<()> {
    if sources.jsonl {
        return drive_jsonl(sources.paths, reporter, &work, &mut sink);
    }
    let (inputs, _) = inputs::collect(sources.paths, sources.ext, reporter);
    let progress = (sources.progress && inputs.len() >= PROGRESS_MIN && io::stderr().is_terminal())
        .then(|| progress_bar(inputs.len()));
    for chunk in inputs.chunks(CHUNK_INPUTS) {
        let results: Vec<(String, Result<T, String>)> = chunk
            .par_iter()
            .map(|input| {
                let source = input.name();
                let result = inputs::read(input).and_then(|text| {
                    guarded(
                        &work,
                        Article {
                            source: source.clone(),
                            text,
                            date: None,
                        },
                    )
                });
                (source, result)
            })
            .collect();
        for (source, result) in results {
            match result {
                Ok(value) => sink(Some(value))?,
                Err(cause) => match &progress {
                    Some(bar) => bar.suspend(|| reporter.error(&source, &cause)),
                    None => reporter.error(&source, &cause),
                },
            }
        }
        sink(None)?;
        if let Some(bar) = &progress {
            bar.inc(chunk.len() as u64);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok(())
}

/// Runs `work` on one article. A panic in a stage (a bug) costs that article
/// only: it is reported as `warta: <input>: internal error, …` (after Rust's
/// panic message) and the run goes on with status 2, instead of the whole
/// batch dying with status 101 and the articles after it lost.
fn guarded<T>(work: &impl Fn(Article) -> T, article: Article) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(article))).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        format!("internal error, article skipped (please report it): {what}")
    })
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

/// A line of JSON Lines input waiting to be parsed.
struct Line {
    /// `file:line`, for messages and as the source of a record without id.
    at: String,
    bytes: Vec<u8>,
}

fn drive_jsonl<T: Send>(
    paths: &[PathBuf],
    reporter: &Reporter,
    work: &(impl Fn(Article) -> T + Sync),
    sink: &mut impl FnMut(Option<T>) -> Result<()>,
) -> Result<()> {
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
        let raw: Box<dyn Read> = match source {
            Input::Stdin => Box::new(io::stdin().lock()),
            Input::File(path) => match open_records(path) {
                Ok(f) => Box::new(f),
                Err(cause) => {
                    reporter.error(&name, cause);
                    continue;
                }
            },
        };
        let reader = BufReader::with_capacity(READ_BUFFER, raw);
        stream_records(&name, reader, reporter, work, sink)?;
    }
    Ok(())
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

/// Reads records from `reader` in bounded chunks.
fn stream_records<T: Send>(
    name: &str,
    mut reader: BufReader<Box<dyn Read + '_>>,
    reporter: &Reporter,
    work: &(impl Fn(Article) -> T + Sync),
    sink: &mut impl FnMut(Option<T>) -> Result<()>,
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
        let waiting = !reader.buffer().is_empty();
        if !chunk.is_empty()
            && (read == 0 || !waiting || chunk.len() >= CHUNK_RECORDS || chunk_bytes >= CHUNK_BYTES)
        {
            let results: Vec<(String, Result<Option<T>, String>)> = std::mem::take(&mut chunk)
                .into_par_iter()
                .map(|line| {
                    let result = parse_line(&line.at, &line.bytes)
                        .and_then(|article| article.map(|a| guarded(work, a)).transpose());
                    (line.at, result)
                })
                .collect();
            for (at, result) in results {
                match result {
                    Ok(Some(value)) => sink(Some(value))?,
                    Ok(None) => {}
                    Err(cause) => reporter.error(&at, cause),
                }
            }
            sink(None)?;
            chunk_bytes = 0;
        }
        if read == 0 {
            return Ok(());
        }
    }
}

/// Parses one line of JSON Lines input found at `at` (`file:line`) with
/// [`warta::record::parse_line`]; `None` for a blank line.
pub fn parse_line(at: &str, line: &[u8]) -> Result<Option<Article>, String> {
    Ok(record::parse_line(line)?.map(|r| Article {
        source: r.id.unwrap_or_else(|| at.to_string()),
        text: r.text,
        date: r.date,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_costs_its_own_article_only() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [("a.txt", "satu"), ("b.txt", "boom"), ("c.txt", "dua")] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let paths = [dir.path().to_path_buf()];
        let sources = Sources {
            paths: &paths,
            jsonl: false,
            ext: "txt",
            progress: false,
        };
        let reporter = Reporter::default();
        let mut done = Vec::new();
        drive(
            &sources,
            &reporter,
            |article: Article| {
                assert_ne!(article.text, "boom", "a stage bug");
                article.text
            },
            |result| {
                done.extend(result);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(done, ["satu", "dua"]);
        assert!(reporter.failed());
    }

    #[test]
    fn record_source_is_its_id_or_position() {
        let source = |line: &str| parse_line("in:7", line.as_bytes()).unwrap().unwrap().source;
        assert_eq!(source(r#"{"id":"a1","text":"x"}"#), "a1");
        assert_eq!(source(r#"{"id":42,"text":"x"}"#), "42");
        assert_eq!(source(r#"{"text":"x","extra":[1]}"#), "in:7");
        assert_eq!(source(r#"{"text":"x","id":null}"#), "in:7");
        assert!(parse_line("in:8", b" \r\n").unwrap().is_none());
    }
}
