//! `warta::analyze` over arbitrary text, with the output contract checked on
//! every input: spans in bounds, on char boundaries and sorted; tokens
//! non-overlapping and rebuilding the text with the gaps; sentences covering
//! the tokens; the JSON from `output::write_json` (compact and pretty) parses
//! and keeps `text[start:end]` in code points.
//!
//! Bytes that are not UTF-8 are decoded lossily (U+FFFD), so every input is
//! analyzed.

#![no_main]

use libfuzzer_sys::fuzz_target;
use warta::output::{Document, write_json};
use warta::{Options, Stages, analyze};

#[path = "../../tests/support/contract.rs"]
mod contract;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = analyze(&text, &Options::default());
    if let Err(broken) = contract::check_analysis(&text, &analysis) {
        panic!("{broken}\ntext: {text:?}");
    }
    let doc = Document {
        source: "fuzz",
        text: &text,
        analysis: &analysis,
        print: Stages::ALL,
    };
    for pretty in [false, true] {
        let mut out = Vec::new();
        write_json(&mut out, &doc, pretty).expect("writing to a Vec");
        let value: serde_json::Value = serde_json::from_slice(&out)
            .unwrap_or_else(|e| panic!("output is not JSON: {e}\ntext: {text:?}"));
        if let Err(broken) = contract::check_json(&text, &value) {
            panic!("{broken}\ntext: {text:?}");
        }
    }
});
