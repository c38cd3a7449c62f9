//! The shipped JSON Schema (`schema/warta-output.schema.json`) against what
//! warta writes: every expected fixture file, fresh outputs of every fixture in
//! each output form, and outputs of generated text must validate; documents
//! that break the contract must not. `warta schema` prints the shipped file.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jsonschema::Validator;
use proptest::prelude::*;
use serde_json::{Value, json};

use warta::output::{Document, JSON_SCHEMA, to_json_string};
use warta::{Options, Stages, analyze};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    serde_json::from_str(JSON_SCHEMA).expect("the schema is JSON")
}

fn validator() -> Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

/// Every error the validator finds in `doc`, as text.
fn errors(validator: &Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

#[test]
fn the_schema_is_valid_draft_2020_12_and_printed_by_warta_schema() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("not a valid schema: {e}");
    }
    let shipped =
        std::fs::read_to_string(manifest().join("schema/warta-output.schema.json")).unwrap();
    assert_eq!(shipped, JSON_SCHEMA);
    Command::cargo_bin("warta")
        .unwrap()
        .arg("schema")
        .assert()
        .success()
        .stdout(shipped)
        .stderr("");
}

#[test]
fn every_expected_fixture_file_validates() {
    let validator = validator();
    let files = files_under(&manifest().join("fixtures"), "json");
    assert!(files.len() >= 9, "only {} expected files", files.len());
    for path in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let found = errors(&validator, &doc);
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
    }
}

#[test]
fn fresh_outputs_of_every_fixture_validate_in_every_form() {
    let validator = validator();
    let texts = files_under(&manifest().join("fixtures"), "txt");
    let forms: &[&[&str]] = &[
        &[],
        &["--pretty"],
        &["--only", "sentences"],
        &["--skip", "tokens"],
        &["--date", "2023-02-22", "--only", "dates,quotes"],
    ];
    for form in forms {
        let out = Command::cargo_bin("warta")
            .unwrap()
            .args(*form)
            .args(&texts)
            .assert()
            .success();
        // JSON Lines, or with --pretty one indented document after another.
        let docs: Vec<Value> = serde_json::Deserializer::from_slice(&out.get_output().stdout)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(docs.len(), texts.len(), "{form:?}");
        for doc in docs {
            let found = errors(&validator, &doc);
            assert!(found.is_empty(), "{form:?} {}: {found:#?}", doc["source"]);
        }
    }
    // JSON Lines input, with and without an id and a date.
    let out = Command::cargo_bin("warta")
        .unwrap()
        .args(["--input", "jsonl"])
        .write_stdin(
            "{\"id\": 3, \"text\": \"Kemarin.\", \"date\": \"2023-02-22\"}\n{\"text\": \"\"}\n",
        )
        .assert()
        .success();
    for line in std::str::from_utf8(&out.get_output().stdout)
        .unwrap()
        .lines()
    {
        let doc: Value = serde_json::from_str(line).unwrap();
        assert_eq!(errors(&validator, &doc), Vec::<String>::new());
    }
}

/// A complete document with one item in every array, all valid.
fn full_document() -> Value {
    json!({
        "schema": 1,
        "source": "a.txt",
        "reference_date": {"value": "2023-02-22", "from": "dateline"},
        "stats": {"chars": 40, "sentences": 1, "tokens": 1, "entities": 1, "dates": 1, "quotes": 1},
        "sentences": [{"start": 0, "end": 40}],
        "tokens": [{"text": "Putin", "start": 0, "end": 5, "kind": "word"}],
        "entities": [{"text": "Putin", "label": "PER", "start": 0, "end": 5, "canonical": "Vladimir Putin"}],
        "dates": [{"text": "kemarin pukul 14.30 WIB", "type": "TIME", "value": "2023-02-21T14:30",
                   "mod": "APPROX", "zone": "+07:00", "start": 6, "end": 29}],
        "quotes": [{"kind": "direct", "text": "Ya", "start": 31, "end": 33,
                    "cue": {"text": "katanya", "start": 35, "end": 42},
                    "speaker": {"text": "nya", "start": 39, "end": 42, "canonical": "Vladimir Putin"}}]
    })
}

#[test]
fn documents_that_keep_the_contract_validate_extra_fields_included() {
    let validator = validator();
    let mut doc = full_document();
    assert_eq!(errors(&validator, &doc), Vec::<String>::new());
    // Stages may add fields (a quote's `via`), and labels may be added.
    doc["quotes"][0]["via"] = json!("telepon");
    doc["entities"][0]["label"] = json!("EVENT");
    doc["dates"][0]["value"] = Value::Null;
    doc["quotes"][0]["speaker"]["canonical"] = Value::Null;
    doc["quotes"][0]["cue"] = Value::Null;
    doc["reference_date"] = Value::Null;
    doc["generator"] = json!({"name": "warta"});
    assert_eq!(errors(&validator, &doc), Vec::<String>::new());
}

#[test]
fn documents_that_break_the_contract_do_not_validate() {
    let validator = validator();
    type Break = fn(&mut Value);
    let broken: &[(&str, Break)] = &[
        ("schema 2", |d| d["schema"] = json!(2)),
        ("no stats", |d| {
            d.as_object_mut().unwrap().remove("stats");
        }),
        ("stats without quotes", |d| {
            d["stats"].as_object_mut().unwrap().remove("quotes");
        }),
        ("negative offset", |d| {
            d["sentences"][0]["start"] = json!(-1)
        }),
        ("offset as text", |d| d["tokens"][0]["end"] = json!("5")),
        ("unknown token kind", |d| {
            d["tokens"][0]["kind"] = json!("kata")
        }),
        ("empty token", |d| d["tokens"][0]["text"] = json!("")),
        ("date from the clock", |d| {
            d["reference_date"]["from"] = json!("clock")
        }),
        ("reference date not a day", |d| {
            d["reference_date"]["value"] = json!("2023-02")
        }),
        ("lowercase label", |d| {
            d["entities"][0]["label"] = json!("per")
        }),
        ("entity without canonical", |d| {
            d["entities"][0]
                .as_object_mut()
                .unwrap()
                .remove("canonical");
        }),
        ("date type not TIMEX3", |d| {
            d["dates"][0]["type"] = json!("WEEK")
        }),
        ("date value a number", |d| {
            d["dates"][0]["value"] = json!(2023)
        }),
        ("zone not an offset", |d| {
            d["dates"][0]["zone"] = json!("WIB")
        }),
        ("quote kind", |d| d["quotes"][0]["kind"] = json!("reported")),
        ("quote without speaker", |d| {
            d["quotes"][0].as_object_mut().unwrap().remove("speaker");
        }),
        ("speaker without text", |d| {
            d["quotes"][0]["speaker"]
                .as_object_mut()
                .unwrap()
                .remove("text");
        }),
        ("tokens not an array", |d| d["tokens"] = json!({})),
    ];
    for (what, breaks) in broken {
        let mut doc = full_document();
        breaks(&mut doc);
        assert!(
            !errors(&validator, &doc).is_empty(),
            "{what}: validated anyway"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Outputs of arbitrary text validate too (the contract checks proper are
    /// in `tests/properties.rs`).
    #[test]
    fn outputs_of_arbitrary_text_validate(text in any::<String>(), pretty in any::<bool>()) {
        let analysis = analyze(&text, &Options::default());
        let doc = Document { source: "prop", text: &text, analysis: &analysis, print: Stages::ALL };
        let value: Value = serde_json::from_str(&to_json_string(&doc, pretty)).unwrap();
        let found = errors(&validator(), &value);
        prop_assert!(found.is_empty(), "{:?}", found);
    }
}
