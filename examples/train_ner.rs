//! Trains the entity tagger and writes `src/entities/model.bin`.
//!
//! ```sh
//! cargo run --release --example train_ner -- ../shared/data
//! ```
//!
//! Reads `ner-idner-train.jsonl` (idner-news-2k, MIT) and
//! `ner-nergrit-train.jsonl` (NERGRIT from IndoNLU, Apache-2.0) from the data
//! folder — never a dev or test file, never the PFSA files (non-commercial),
//! and not `ner-ugm-train.jsonl`, whose older labels of the same sentences
//! lower the idner scores. Then rebuild (`cargo build --release`) and measure
//! with `warta eval`. The same data always gives the same model file.
//!
//! It writes two models: `model.bin` for text as written and
//! `model-folded.bin`, trained on the same sentences lowercased, for text
//! without case (all lowercase, headlines in capitals).
//!
//! For experiments: `--dev FILE` (repeatable) scores the new models on a gold
//! file right away; `--c1 X`, `--c2 X`, `--iterations N`, `--prune X`,
//! `--perceptron` (with `--epochs N`, `--seed N`) change training; `--dry-run`
//! leaves the model files alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use warta::Span;
use warta::analysis::EntityLabel;
use warta::entities::train::{Algorithm, Document, Options, evaluate, train};

const TRAINING_FILES: [&str; 2] = ["ner-idner-train.jsonl", "ner-nergrit-train.jsonl"];

#[derive(Deserialize)]
struct Record {
    text: String,
    entities: Option<Vec<GoldEntity>>,
}

#[derive(Deserialize)]
struct GoldEntity {
    start: usize,
    end: usize,
    label: String,
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut data = None;
    let mut dev = Vec::new();
    let mut options = Options::default();
    let mut dry_run = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dev" => dev.push(PathBuf::from(args.next().context("--dev FILE")?)),
            "--epochs" => options.epochs = args.next().context("--epochs N")?.parse()?,
            "--prune" => options.prune = args.next().context("--prune X")?.parse()?,
            "--perceptron" => options.algorithm = Algorithm::Perceptron,
            "--c1" => options.c1 = args.next().context("--c1 X")?.parse()?,
            "--c2" => options.c2 = args.next().context("--c2 X")?.parse()?,
            "--iterations" => {
                options.max_iterations = args.next().context("--iterations N")?.parse()?
            }
            "--seed" => options.seed = args.next().context("--seed N")?.parse()?,
            "--dry-run" => dry_run = true,
            _ if data.is_none() && !arg.starts_with("--") => data = Some(PathBuf::from(arg)),
            _ => bail!("unknown argument {arg:?}"),
        }
    }
    let Some(data) = data else {
        bail!("usage: train_ner DATA_DIR [--dev FILE]... [--dry-run] [--c1 X] [--c2 X] ...");
    };
    let started = Instant::now();
    let mut docs = Vec::new();
    for name in TRAINING_FILES {
        let before = docs.len();
        read(&data.join(name), &mut docs, true)?;
        eprintln!("{name}: {} records", docs.len() - before);
    }
    // The cased model, then the folded one (every sentence lowercased).
    let mut models = Vec::new();
    for folded in [false, true] {
        let options = Options {
            folded,
            ..options.clone()
        };
        let (model, report) = train(&docs, &options);
        eprintln!(
            "{} model: {} sentences, {} tokens, {} entities ({} unaligned); {} bytes, {} feature blocks; {:.1} s so far",
            if folded { "folded" } else { "cased" },
            report.sentences,
            report.tokens,
            report.entities,
            report.unaligned,
            model.len(),
            report.blocks,
            started.elapsed().as_secs_f64()
        );
        eprintln!("  loss (or mistakes) per iteration: {:?}", report.mistakes);
        models.push(model);
    }
    for file in &dev {
        let mut gold = Vec::new();
        read(file, &mut gold, false)?;
        let counts = evaluate(&models[0], &models[1], &gold).map_err(anyhow::Error::msg)?;
        let mut line = format!("{}:", file.display());
        for (name, [c, p, g]) in ["typed", "PER", "ORG", "LOC"].iter().zip(counts) {
            let (pr, re) = (pct(c, p), pct(c, g));
            let f1 = if pr + re > 0.0 {
                2.0 * pr * re / (pr + re)
            } else {
                0.0
            };
            line += &format!("  {name} P {pr:.2} R {re:.2} F1 {f1:.2}");
        }
        eprintln!("{line}");
    }
    if !dry_run {
        for (name, model) in ["model.bin", "model-folded.bin"].iter().zip(&models) {
            let out = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src/entities")
                .join(name);
            fs::write(&out, model).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("wrote {}", out.display());
        }
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/entities/model.lists");
        fs::write(&out, warta::entities::train::model_lists_file())
            .with_context(|| format!("writing {}", out.display()))?;
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}

/// One convention for acronyms in brackets, NERGRIT's: `Komisi Pemilihan
/// Umum (KPU)` is two entities, `Komisi Pemilihan Umum` and `KPU`, and a lone
/// `(KPU)` is `KPU`. idner-news-2k mixes this with spans that include the
/// brackets; taught both, the tagger would end spans at random brackets.
fn split_acronym(text: &str, span: Span, label: EntityLabel) -> Vec<(Span, EntityLabel)> {
    let s = span.of(text);
    if !s.ends_with(')') {
        return vec![(span, label)];
    }
    let Some(open) = s.rfind('(') else {
        return vec![(span, label)];
    };
    let inner = &s[open + 1..s.len() - 1];
    if inner.is_empty() || inner.contains(char::is_whitespace) {
        return vec![(span, label)];
    }
    let acronym = Span::new(span.start + open + 1, span.end - 1);
    let long = s[..open].trim_end();
    if long.is_empty() {
        vec![(acronym, label)]
    } else {
        vec![
            (Span::new(span.start, span.start + long.len()), label),
            (acronym, label),
        ]
    }
}

fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Reads a gold file; code-point offsets become byte spans. Training files
/// get one acronym convention ([`split_acronym`]); gold to score against is
/// left as it is.
fn read(path: &Path, docs: &mut Vec<Document>, training: bool) -> Result<()> {
    let source = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    for (i, line) in source.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a gold record", path.display(), i + 1))?;
        let bytes: Vec<usize> = record
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain([record.text.len()])
            .collect();
        let mut entities = Vec::new();
        for e in record.entities.unwrap_or_default() {
            let (Some(label), Some(&start), Some(&end)) = (
                EntityLabel::parse(&e.label),
                bytes.get(e.start),
                bytes.get(e.end),
            ) else {
                continue;
            };
            let span = Span::new(start, end);
            if training {
                entities.extend(split_acronym(&record.text, span, label));
            } else {
                entities.push((span, label));
            }
        }
        docs.push(Document {
            text: record.text,
            entities,
        });
    }
    Ok(())
}
