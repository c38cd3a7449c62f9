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
//! Bad inputs and records are reported (`warta: <input>: <cause>`) and skipped.

use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;
use serde::Deserialize;

use super::Reporter;
use super::args::parse_date;
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
                let result = inputs::read(input).map(|text| {
                    work(Article {
                        source: source.clone(),
                        text,
                        date: None,
                    })
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
    content: Result<String, String>,
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
            Input::File(path) => match std::fs::File::open(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    reporter.error(&name, inputs::describe(&e));
                    continue;
                }
            },
        };
        let reader = BufReader::with_capacity(READ_BUFFER, raw);
        stream_records(&name, reader, reporter, work, sink)?;
    }
    Ok(())
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
                    content: String::from_utf8(buf).map_err(|e| {
                        format!(
                            "not valid UTF-8 (byte {} of the line)",
                            e.utf8_error().valid_up_to()
                        )
                    }),
                });
            }
        }
        let waiting = !reader.buffer().is_empty();
        if !chunk.is_empty()
            && (read == 0 || !waiting || chunk.len() >= CHUNK_RECORDS || chunk_bytes >= CHUNK_BYTES)
        {
            let results: Vec<(String, Result<T, String>)> = std::mem::take(&mut chunk)
                .into_par_iter()
                .map(|line| {
                    let result = line
                        .content
                        .and_then(|content| parse_record(&line.at, &content))
                        .map(work);
                    (line.at, result)
                })
                .collect();
            for (at, result) in results {
                match result {
                    Ok(value) => sink(Some(value))?,
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

/// One JSON Lines record. Unknown fields are ignored.
#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<Id>,
    text: String,
    #[serde(default)]
    date: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
}

/// Parses one JSON Lines record found at `at` (`file:line`).
pub fn parse_record(at: &str, line: &str) -> Result<Article, String> {
    let record: Record = serde_json::from_str(line).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        format!("invalid record: {msg} (column {})", e.column())
    })?;
    let date = match &record.date {
        None => None,
        Some(d) => Some(parse_date(d).map_err(|e| format!("invalid record: \"date\": {e}"))?),
    };
    let source = match record.id {
        Some(Id::Text(s)) => s,
        Some(Id::Number(n)) => n.to_string(),
        None => at.to_string(),
    };
    Ok(Article {
        source,
        text: record.text,
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_errors_say_what_is_wrong() {
        let err = |line| parse_record("in:1", line).err().unwrap();
        assert!(err("{\"id\": 1}").contains("missing field `text`"));
        assert!(err("{\"text\": 5}").contains("invalid type"));
        assert!(err("{\"text\": \"a\", \"date\": \"22/2/2023\"}").contains("\"date\""));
        assert!(err("not json").contains("invalid record"));
    }

    #[test]
    fn record_source_is_its_id_or_position() {
        let source = |line| parse_record("in:7", line).ok().unwrap().source;
        assert_eq!(source(r#"{"id":"a1","text":"x"}"#), "a1");
        assert_eq!(source(r#"{"id":42,"text":"x"}"#), "42");
        assert_eq!(source(r#"{"text":"x","extra":[1]}"#), "in:7");
        let dated = parse_record("in:1", r#"{"text":"x","date":"2023-02-22"}"#)
            .ok()
            .unwrap();
        assert_eq!(dated.date.unwrap().to_string(), "2023-02-22");
    }
}
