//! Scores over a gold file of the developers' evaluation data
//! (`../shared/data`, not part of the repository, read in place), the way
//! `warta eval` scores it: each record analyzed with its own `date` as the
//! reference date. Shared by the accuracy tests, which include this file with
//! `#[path]`.

#![allow(dead_code)]

use std::path::Path;

use warta::analysis::{DateSource, ReferenceDate};
use warta::eval::{GoldRecord, Scores, score_record};
use warta::{Options, analyze};

/// The scores over `../shared/data/<name>`, or `None` after saying on stderr
/// that the test is skipped because the file is absent.
pub fn shared_scores(name: &str) -> Option<Scores> {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")).join(name);
    let Ok(content) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return None;
    };
    let mut total = Scores::default();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: GoldRecord = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
        let options = Options {
            reference_date: record.date.as_deref().map(|d| ReferenceDate {
                date: d.parse().expect("a YYYY-MM-DD date"),
                from: DateSource::Record,
            }),
            ..Options::default()
        };
        let analysis = analyze(&record.text, &options);
        score_record(&record, &analysis, &mut total, &mut Vec::new());
    }
    Some(total)
}
