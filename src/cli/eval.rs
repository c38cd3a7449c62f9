//! `warta eval GOLD.jsonl [--json] [--errors]`: scores against annotations.
//!
//! Reads gold records (see `warta::eval`), analyzes each text in parallel with
//! the record's `date` as reference date, and prints precision, recall and F1
//! per layer as a table, or as JSON with `--json`. `--errors` first lists every
//! miss (gold not predicted), extra (predicted, not gold) and wrong value or
//! speaker, with the text around it.

use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use warta::analysis::{DateSource, ReferenceDate};
use warta::eval::{Accuracy, Counts, GoldRecord, Miss, Scores, score_record};
use warta::record::parse_date;
use warta::{Options, Stage, Stages, analyze};

use super::{EXIT_OK, Reporter, inputs};

pub fn run(
    gold: &Path,
    json: bool,
    errors: bool,
    layer: Option<Stage>,
    reporter: &Reporter,
) -> Result<u8> {
    let name = gold.display().to_string();
    let reader: Box<dyn BufRead> = if gold.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        match std::fs::File::open(gold) {
            Ok(f) => Box::new(BufReader::new(f)),
            Err(e) => {
                reporter.error(&name, inputs::describe(&e));
                return Ok(EXIT_OK);
            }
        }
    };
    let mut records = Vec::new();
    for (i, line) in reader.split(b'\n').enumerate() {
        let at = format!("{name}:{}", i + 1);
        let line = line.with_context(|| format!("reading {name}"))?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<GoldRecord>(&line) {
            Ok(record) => records.push((i + 1, record)),
            Err(e) => reporter.error(&at, format!("invalid gold record: {e}")),
        }
    }

    let results: Vec<(Scores, Vec<Miss>, Option<String>)> = records
        .par_iter()
        .map(|(line, record)| {
            let mut problem = None;
            let reference_date = match record.date.as_deref().map(parse_date) {
                Some(Ok(date)) => Some(ReferenceDate {
                    date,
                    from: DateSource::Record,
                }),
                Some(Err(e)) => {
                    problem = Some(format!("{name}:{line}: \"date\": {e}"));
                    None
                }
                None => None,
            };
            let options = Options {
                reference_date,
                stages: Stages::ALL,
            };
            let analysis = analyze(&record.text, &options);
            let mut scores = Scores::default();
            let mut misses = Vec::new();
            score_record(record, &analysis, &mut scores, &mut misses);
            (scores, misses, problem)
        })
        .collect();

    let mut out = io::stdout().lock();
    let mut total = Scores::default();
    for ((line, record), (scores, misses, problem)) in records.iter().zip(results) {
        if let Some(p) = problem {
            reporter.error("eval", p);
        }
        if errors {
            let id = record.name(*line);
            for miss in misses
                .iter()
                .filter(|m| layer.is_none_or(|l| l.name() == m.layer))
            {
                writeln!(out, "{}", describe_miss(&id, &record.text, miss))?;
            }
        }
        total.merge(scores);
    }
    if json {
        serde_json::to_writer_pretty(&mut out, &total)?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &name, &total)?;
    }
    Ok(EXIT_OK)
}

fn describe_miss(id: &str, text: &str, m: &Miss) -> String {
    let chars: Vec<char> = text.chars().collect();
    let end = m.end.min(chars.len());
    let start = m.start.min(end);
    let span: String = chars[start..end].iter().collect();
    let before: String = chars[start.saturating_sub(30)..start].iter().collect();
    let after: String = chars[end..(end + 30).min(chars.len())].iter().collect();
    let flat = |s: String| s.replace(['\n', '\r'], " ");
    format!(
        "{id}\t{}\t{}\t{:?}\t{}\t…{}[{}]{}…",
        m.layer,
        m.what,
        span,
        m.detail,
        flat(before),
        flat(span.clone()),
        flat(after)
    )
}

fn write_table(out: &mut impl Write, name: &str, s: &Scores) -> io::Result<()> {
    writeln!(out, "{name}: {} records", s.records)?;
    writeln!(
        out,
        "{:<10} {:<16} {:>7} {:>7} {:>7}  {:>8} {:>8} {:>8}",
        "layer", "measure", "P", "R", "F1", "correct", "pred", "gold"
    )?;
    let row = |out: &mut dyn Write, layer: &str, measure: &str, c: &Counts| {
        writeln!(
            out,
            "{:<10} {:<16} {:>7.2} {:>7.2} {:>7.2}  {:>8} {:>8} {:>8}",
            layer,
            measure,
            c.precision(),
            c.recall(),
            c.f1(),
            c.correct,
            c.predicted,
            c.gold
        )
    };
    let acc = |out: &mut dyn Write, layer: &str, measure: &str, a: &Accuracy| {
        writeln!(
            out,
            "{:<10} {:<16} {:>23.2}  {:>8} {:>8}",
            layer,
            measure,
            a.percent(),
            a.correct,
            a.total
        )
    };
    if let Some(c) = &s.tokens {
        row(out, "tokens", "exact", c)?;
    }
    if let Some(c) = &s.sentences {
        row(out, "sentences", "exact (trimmed)", c)?;
    }
    if let Some(e) = &s.entities {
        row(out, "entities", "typed", &e.typed)?;
        for (label, c) in &e.per_label {
            row(out, "entities", label, c)?;
        }
        row(out, "entities", "untyped", &e.untyped)?;
    }
    if let Some(d) = &s.dates {
        row(out, "dates", "strict span", &d.strict)?;
        row(out, "dates", "relaxed span", &d.relaxed)?;
        if d.value.gold == 0 {
            // Span-only gold (UGM) marks named dates only: see DateScores::named.
            row(out, "dates", "relaxed, named", &d.named)?;
        }
        row(out, "dates", "value", &d.value)?;
        acc(out, "dates", "type accuracy", &d.type_accuracy)?;
        acc(out, "dates", "value accuracy", &d.value_accuracy)?;
    }
    if let Some(q) = &s.quotes {
        row(out, "quotes", "overlap >= 0.3", &q.overlap_03)?;
        row(out, "quotes", "overlap >= 0.8", &q.overlap_08)?;
        acc(out, "quotes", "speaker accuracy", &q.speaker_accuracy)?;
    }
    Ok(())
}
