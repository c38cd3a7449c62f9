//! Golden fixtures: `warta check fixtures` must pass, and every expected file
//! must keep the promises of the output contract.
//!
//! The contract checks run on the committed expected files (what users see),
//! independently of how they were produced: every span's `text` is
//! `text[start:end]` in code points, tokens plus the gaps between them rebuild
//! the input exactly, arrays are sorted, sentences fall on token boundaries.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every `NAME.txt` under `fixtures/` with its `NAME.json`.
fn fixture_pairs() -> Vec<(PathBuf, PathBuf)> {
    let mut pairs = Vec::new();
    for entry in walkdir::WalkDir::new(fixtures_dir()).sort_by_file_name() {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "txt") {
            let json = path.with_extension("json");
            assert!(json.exists(), "{} has no expected JSON", path.display());
            pairs.push((path, json));
        }
    }
    assert!(
        pairs
            .iter()
            .any(|(txt, _)| txt.ends_with("articles/antv-putin-wang-yi.txt")),
        "the seed fixture is missing from {} pairs",
        pairs.len()
    );
    pairs
}

#[test]
fn check_passes_on_the_shipped_fixtures() {
    Command::cargo_bin("warta")
        .unwrap()
        .arg("check")
        .arg(fixtures_dir())
        .assert()
        .success();
}

fn slice(chars: &[char], start: &Value, end: &Value) -> String {
    let (s, e) = (
        start.as_u64().unwrap() as usize,
        end.as_u64().unwrap() as usize,
    );
    assert!(
        s <= e && e <= chars.len(),
        "span {s}..{e} out of bounds ({})",
        chars.len()
    );
    chars[s..e].iter().collect()
}

/// Checks `text[start:end] == text` on an object and its nested spans.
fn check_spans(chars: &[char], item: &Value, context: &str) {
    if let (Some(text), Some(start), Some(end)) =
        (item.get("text"), item.get("start"), item.get("end"))
    {
        assert_eq!(
            slice(chars, start, end),
            text.as_str().unwrap(),
            "{context}: span text differs"
        );
    }
    for nested in ["cue", "speaker", "role", "via", "date", "document"] {
        if let Some(inner) = item.get(nested).filter(|v| v.is_object()) {
            check_spans(chars, inner, &format!("{context}.{nested}"));
        }
    }
}

#[test]
fn expected_files_keep_the_contract() {
    for (txt, json) in fixture_pairs() {
        let name = txt.display().to_string();
        let text = std::fs::read_to_string(&txt).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", json.display()));
        assert_eq!(doc["schema"], 1, "{name}");
        assert_eq!(
            doc["stats"]["chars"].as_u64().unwrap() as usize,
            chars.len(),
            "{name}"
        );

        for layer in ["sentences", "tokens", "entities", "dates", "quotes"] {
            let Some(items) = doc.get(layer) else {
                continue;
            };
            let items = items.as_array().unwrap();
            assert_eq!(
                doc["stats"][layer].as_u64().unwrap() as usize,
                items.len(),
                "{name}: stats.{layer}"
            );
            let starts: Vec<u64> = items.iter().map(|i| i["start"].as_u64().unwrap()).collect();
            assert!(
                starts.windows(2).all(|w| w[0] <= w[1]),
                "{name}: {layer} not sorted by start"
            );
            for (i, item) in items.iter().enumerate() {
                check_spans(&chars, item, &format!("{name}: {layer}[{i}]"));
            }
        }

        // Tokens and gaps rebuild the text; gaps hold only spacing.
        if let Some(tokens) = doc.get("tokens").and_then(Value::as_array) {
            let mut rebuilt = String::new();
            let mut at = 0usize;
            for tok in tokens {
                let (s, e) = (
                    tok["start"].as_u64().unwrap() as usize,
                    tok["end"].as_u64().unwrap() as usize,
                );
                assert!(s >= at && e > s, "{name}: token {tok} overlaps or is empty");
                let gap: String = chars[at..s].iter().collect();
                assert!(
                    gap.chars().all(warta::tokenize::words::is_gap),
                    "{name}: non-space text {gap:?} between tokens"
                );
                rebuilt.push_str(&gap);
                rebuilt.push_str(tok["text"].as_str().unwrap());
                at = e;
            }
            let tail: String = chars[at..].iter().collect();
            assert!(
                tail.chars().all(warta::tokenize::words::is_gap),
                "{name}: text after the last token"
            );
            rebuilt.push_str(&tail);
            assert_eq!(
                rebuilt, text,
                "{name}: tokens and gaps do not rebuild the text"
            );

            // Sentences start and end on token boundaries and do not overlap.
            if let Some(sentences) = doc.get("sentences").and_then(Value::as_array) {
                let starts: Vec<u64> = tokens
                    .iter()
                    .map(|t| t["start"].as_u64().unwrap())
                    .collect();
                let ends: Vec<u64> = tokens.iter().map(|t| t["end"].as_u64().unwrap()).collect();
                let mut previous_end = 0;
                for s in sentences {
                    let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
                    assert!(
                        starts.contains(&start) && ends.contains(&end),
                        "{name}: sentence {s} off token boundaries"
                    );
                    assert!(start >= previous_end, "{name}: sentences overlap at {s}");
                    previous_end = end;
                }
            }
        }
    }
}
