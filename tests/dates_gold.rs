//! The date stage against the shared evaluation data (`../shared/data`, not
//! part of the repository): each test prints a message and passes when the
//! data is absent.
//!
//! - `dates-dateparser.jsonl`: the Indonesian cases of dateparser's tests, with
//!   TIMEX3 values; every value must be right.
//! - `ner-ugm-train.jsonl`: UGM's TIME spans (span only); relaxed recall must
//!   stay at 90 or more. Its precision is not asserted: UGM marks calendar
//!   expressions only, not the vague references (`saat ini`), deictic days
//!   (`kemarin`) and durations the stage must also report (see README.md).

use std::path::{Path, PathBuf};

use warta::analysis::{DateSource, ReferenceDate};
use warta::eval::{GoldRecord, Scores, score_record};
use warta::{Options, analyze};

fn data(name: &str) -> Option<PathBuf> {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")).join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} not found", path.display());
        None
    }
}

fn score(path: &Path) -> Scores {
    let mut total = Scores::default();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        if line.trim().is_empty() {
            continue;
        }
        let record: GoldRecord = serde_json::from_str(line).unwrap();
        let options = Options {
            reference_date: record.date.as_deref().map(|d| ReferenceDate {
                date: d.parse().unwrap(),
                from: DateSource::Record,
            }),
            ..Options::default()
        };
        let analysis = analyze(&record.text, &options);
        let mut scores = Scores::default();
        score_record(&record, &analysis, &mut scores, &mut Vec::new());
        total.merge(scores);
    }
    total
}

#[test]
fn every_dateparser_value_is_right() {
    let Some(path) = data("dates-dateparser.jsonl") else {
        return;
    };
    let dates = score(&path).dates.unwrap();
    assert!(dates.value_accuracy.total >= 20, "{dates:?}");
    assert_eq!(
        dates.value_accuracy.correct, dates.value_accuracy.total,
        "{dates:?}"
    );
    assert_eq!(dates.relaxed.correct, dates.relaxed.gold, "{dates:?}");
}

#[test]
fn ugm_time_spans_are_found() {
    let Some(path) = data("ner-ugm-train.jsonl") else {
        return;
    };
    let dates = score(&path).dates.unwrap();
    assert!(dates.relaxed.gold > 300, "{dates:?}");
    assert!(dates.relaxed.recall() >= 90.0, "{dates:?}");
}
