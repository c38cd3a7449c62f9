//! The JSON Lines reader over arbitrary bytes: the input is cut into lines as
//! the CLI cuts it, and each line goes through `warta::record::parse_line`, the
//! function the CLI calls. A record is analyzed and written; its output must
//! keep the contract and name the record's `id` as `source`. A bad line must
//! give a short one-line message (it is printed after `warta: FILE:LINE: `).

#![no_main]

use libfuzzer_sys::fuzz_target;
use warta::output::{Document, write_json};
use warta::{Options, Stages, analyze, record};

#[path = "../../tests/support/contract.rs"]
mod contract;

/// The longest message a bad line may produce.
const MAX_MESSAGE: usize = 300;

fuzz_target!(|data: &[u8]| {
    for line in data.split_inclusive(|&b| b == b'\n') {
        match record::parse_line(line) {
            Ok(None) => assert!(line.iter().all(u8::is_ascii_whitespace)),
            Ok(Some(rec)) => {
                let analysis = analyze(&rec.text, &Options::default());
                if let Err(broken) = contract::check_analysis(&rec.text, &analysis) {
                    panic!("{broken}\ntext: {:?}", rec.text);
                }
                let source = rec.id.as_deref().unwrap_or("-:1");
                let doc = Document {
                    source,
                    text: &rec.text,
                    analysis: &analysis,
                    print: Stages::ALL,
                };
                let mut out = Vec::new();
                write_json(&mut out, &doc, false).expect("writing to a Vec");
                assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1, "one line");
                let value: serde_json::Value =
                    serde_json::from_slice(&out).expect("output is JSON");
                assert_eq!(value["source"], source);
                if let Err(broken) = contract::check_json(&rec.text, &value) {
                    panic!("{broken}\ntext: {:?}", rec.text);
                }
            }
            Err(message) => {
                assert!(!message.is_empty());
                assert!(!message.contains('\n'), "message spans lines: {message:?}");
                assert!(
                    message.len() <= MAX_MESSAGE,
                    "message of {} bytes: {message:.200}",
                    message.len()
                );
            }
        }
    }
});
