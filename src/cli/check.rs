//! `warta check DIR [--update]`: golden files.
//!
//! Every `NAME.txt` under DIR is analyzed and compared with `NAME.json` beside
//! it (indented JSON, `source` relative to DIR so the files do not depend on
//! where DIR is). A difference prints a unified diff; `--update` rewrites the
//! expected files instead.
//!
//! An expected file also pins how it was made: a reference date it carries
//! from an option or a record is used again, and only the stage arrays it
//! contains are compared (a tokenizer fixture made with `--only
//! sentences,tokens` stays that way).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use warta::analysis::{DateSource, ReferenceDate};
use warta::output::{Document, to_json_string};
use warta::{Options, Stage, Stages, analyze};

use super::inputs::{self, Input};
use super::{EXIT_DIFFERENT, EXIT_OK, Reporter};

enum Outcome {
    Same,
    Updated,
    Different(String),
    Missing,
}

pub fn run(dir: &Path, update: bool, reporter: &Reporter) -> Result<u8> {
    if !dir.is_dir() {
        reporter.error(dir.display(), "not a folder");
        return Ok(EXIT_OK);
    }
    let mut files = Vec::new();
    inputs::walk(dir, "txt", &mut files, reporter);
    let outcomes: Vec<(String, Result<Outcome, String>)> = files
        .par_iter()
        .map(|input| {
            let Input::File(path) = input else {
                unreachable!("walk yields files")
            };
            (path.display().to_string(), check_one(dir, path, update))
        })
        .collect();

    let (mut same, mut different, mut updated) = (0, 0, 0);
    let mut out = io::stdout().lock();
    for (name, outcome) in outcomes {
        match outcome {
            Err(cause) => reporter.error(&name, cause),
            Ok(Outcome::Same) => same += 1,
            Ok(Outcome::Updated) => updated += 1,
            Ok(Outcome::Missing) => {
                different += 1;
                writeln!(
                    out,
                    "warta: {name}: no expected output beside it (run `warta check --update`)"
                )?;
            }
            Ok(Outcome::Different(diff)) => {
                different += 1;
                writeln!(out, "warta: {name}: output differs from the expected file")?;
                out.write_all(diff.as_bytes())?;
            }
        }
    }
    if update {
        eprintln!("warta: check: {updated} updated, {same} unchanged");
    } else {
        eprintln!("warta: check: {same} same, {different} different");
    }
    Ok(if different > 0 {
        EXIT_DIFFERENT
    } else {
        EXIT_OK
    })
}

fn check_one(dir: &Path, txt: &Path, update: bool) -> Result<Outcome, String> {
    let text = inputs::read(&Input::File(txt.to_path_buf()))?;
    let json_path = txt.with_extension("json");
    let expected = match fs::read_to_string(&json_path) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{}: {}", json_path.display(), inputs::describe(&e))),
    };
    let source = txt
        .strip_prefix(dir)
        .unwrap_or(txt)
        .to_string_lossy()
        .replace('\\', "/");
    let pinned: Option<serde_json::Value> = expected
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok());
    let print = pinned.as_ref().map_or(Stages::ALL, pinned_stages);
    let options = Options {
        reference_date: pinned.as_ref().and_then(pinned_date),
        stages: print,
    };
    let analysis = analyze(&text, &options);
    let doc = Document {
        source: &source,
        text: &text,
        analysis: &analysis,
        print,
    };
    let mut actual = to_json_string(&doc, true);
    actual.push('\n');
    match expected {
        Some(expected) if expected == actual => Ok(Outcome::Same),
        _ if update => {
            fs::write(&json_path, &actual)
                .map_err(|e| format!("{}: {}", json_path.display(), inputs::describe(&e)))?;
            Ok(Outcome::Updated)
        }
        None => Ok(Outcome::Missing),
        Some(expected) => {
            let diff = similar::TextDiff::from_lines(&expected, &actual)
                .unified_diff()
                .context_radius(3)
                .header(&json_path.display().to_string(), "actual")
                .to_string();
            Ok(Outcome::Different(diff))
        }
    }
}

/// The reference date an expected file was made with, if it came from an
/// option or a record (a dateline date is found again from the text).
fn pinned_date(expected: &serde_json::Value) -> Option<ReferenceDate> {
    let r = expected.get("reference_date")?;
    let from = match r.get("from")?.as_str()? {
        "option" => DateSource::Option,
        "record" => DateSource::Record,
        _ => return None,
    };
    let date = r.get("value")?.as_str()?.parse().ok()?;
    Some(ReferenceDate { date, from })
}

/// The stage arrays an expected file contains.
fn pinned_stages(expected: &serde_json::Value) -> Stages {
    Stage::ALL
        .into_iter()
        .filter(|stage| expected.get(stage.name()).is_some())
        .fold(Stages::NONE, Stages::with)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> serde_json::Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn pinned_dates_come_from_options_and_records_only() {
        let pinned = |from| {
            pinned_date(&json(&format!(
                r#"{{"reference_date": {{"value": "2023-02-22", "from": "{from}"}}}}"#
            )))
        };
        assert_eq!(pinned("option").unwrap().from, DateSource::Option);
        assert_eq!(pinned("record").unwrap().from, DateSource::Record);
        assert!(pinned("dateline").is_none());
        assert!(pinned_date(&json(r#"{"reference_date": null}"#)).is_none());
    }

    #[test]
    fn pinned_stages_are_the_arrays_present() {
        let stages = pinned_stages(&json(r#"{"schema": 1, "sentences": [], "tokens": []}"#));
        assert!(stages.contains(Stage::Sentences));
        assert!(stages.contains(Stage::Tokens));
        assert!(!stages.contains(Stage::Entities));
        assert!(!stages.contains(Stage::Quotes));
    }
}
