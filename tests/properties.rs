//! Properties of the whole pipeline on generated text (proptest).
//!
//! Two generators: Indonesian-like news text assembled from the pieces the
//! tokenizer treats specially (words, capitals, abbreviations, numbers with
//! separators, quotation marks, dots, dashes, CRLF, NBSP, zero-width and
//! control characters, emoji, other scripts), glued or spaced at random; and
//! arbitrary Unicode strings. On every text:
//!
//! - the library's byte spans are in bounds, on char boundaries and sorted;
//!   tokens are non-empty and non-overlapping, and tokens plus gaps (spacing
//!   only) rebuild the text; sentences cover the tokens in order;
//! - the written JSON, compact and pretty, parses; its code-point offsets give
//!   `text[start:end] == item.text`, its arrays are sorted and counted by
//!   `stats`, tokens and gaps rebuild the text, sentences do not overlap;
//! - output is identical run to run, and printing fewer arrays does not change
//!   the arrays printed.
//!
//! The case counts (`CASES_*`) keep the suite fast; a failure is shrunk and
//! saved by proptest under `proptest-regressions/` to be rerun first.

use proptest::prelude::*;
use serde_json::Value;

use warta::output::{Document, to_json_string};
use warta::{Options, Stage, Stages, analyze};

#[path = "support/contract.rs"]
mod contract;

/// Cases per property: Indonesian-like text, and arbitrary strings.
const CASES_NEWS: u32 = 2048;
const CASES_ARBITRARY: u32 = 1024;

fn piece() -> impl Strategy<Value = String> {
    let fixed =
        |items: &'static [&'static str]| proptest::sample::select(items).prop_map(str::to_string);
    prop_oneof![
        6 => "[a-z]{1,9}",
        3 => "[A-Z][a-z]{1,8}",
        1 => "[A-Z]{2,6}",
        2 => "[0-9]{1,4}([.,:/][0-9]{1,3}){0,3}",
        3 => fixed(&[".", ",", "!", "?", "…", "...", ";", ":", "(", ")", "[", "]",
                     "-", "–", "—", "/", "%", "#", "@", "&", "..", "--", "!?"]),
        3 => fixed(&["\"", "“", "”", "'", "‘", "’", "«", "»", "`", "``", "''", "„"]),
        4 => fixed(&[" ", " ", " ", "\n", "\r\n", "\n\n", "\t", "\u{a0}", "\u{200b}",
                     "\u{feff}", "\u{2028}", "\u{2060}", "\u{3000}", "\r"]),
        2 => fixed(&["Dr.", "Prof.", "dll.", "Tbk.", "S.H.", "M.Si.", "No.", "Jl.", "H.",
                     "a.n.", "Rp", "Rp.", "S.", "PT", "kata", "ujarnya", "mengatakan",
                     "kota-kota", "Al-Azhar", "ke-3", "1990-an", "COVID-19", "e-KTP",
                     "Kompas.com", "https://kompas.id/a", "redaksi@kompas.com",
                     "#Pemilu2024", "@kpu_ri", "km²", "22/2/2023", "14.30", "Rp1,5"]),
        1 => fixed(&["😀", "👨\u{200d}👩\u{200d}👧", "🇮🇩", "高雄", "東京", "Москва", "شكرا",
                     "สวัสดี", "नमस्ते", "e\u{301}", "\u{200d}", "\u{202e}", "\u{0}",
                     "\u{1b}", "\u{7f}", "\u{85}", "𝔸", "ﬁ", "İ", "ß"]),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Indonesian-like text: up to 120 pieces, each followed by a space or not.
fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop::bool::weighted(0.6)), 0..120).prop_map(|pieces| {
        let mut text = String::new();
        for (p, space) in pieces {
            text.push_str(&p);
            if space {
                text.push(' ');
            }
        }
        text
    })
}

fn json(text: &str, analysis: &warta::Analysis, print: Stages, pretty: bool) -> String {
    let doc = Document {
        source: "prop",
        text,
        analysis,
        print,
    };
    to_json_string(&doc, pretty)
}

/// Every property, on one text.
fn holds(text: &str) -> Result<(), TestCaseError> {
    let analysis = analyze(text, &Options::default());
    contract::check_analysis(text, &analysis).map_err(TestCaseError::fail)?;
    let compact = json(text, &analysis, Stages::ALL, false);
    for (raw, what) in [
        (compact.as_str(), "compact"),
        (&json(text, &analysis, Stages::ALL, true), "pretty"),
    ] {
        let doc: Value = serde_json::from_str(raw)
            .map_err(|e| TestCaseError::fail(format!("{what} output is not JSON: {e}")))?;
        contract::check_json(text, &doc)
            .map_err(|e| TestCaseError::fail(format!("{what}: {e}")))?;
    }
    prop_assert!(!compact.contains('\n'), "compact output is one line");

    // Run to run: the same bytes.
    let again = analyze(text, &Options::default());
    prop_assert_eq!(&compact, &json(text, &again, Stages::ALL, false));

    // Printing only some arrays prints those arrays unchanged.
    let only = Stages::NONE.with(Stage::Sentences).with(Stage::Tokens);
    let small = analyze(
        text,
        &Options {
            stages: only,
            ..Options::default()
        },
    );
    let full: Value = serde_json::from_str(&compact).unwrap();
    let part: Value = serde_json::from_str(&json(text, &small, only, false)).unwrap();
    prop_assert_eq!(&full["sentences"], &part["sentences"]);
    prop_assert_eq!(&full["tokens"], &part["tokens"]);
    prop_assert_eq!(part.get("quotes"), None);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_NEWS))]
    #[test]
    fn contract_holds_on_news_like_text(text in news_text()) {
        holds(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_ARBITRARY))]
    #[test]
    fn contract_holds_on_arbitrary_strings(text in any::<String>()) {
        holds(&text)?;
    }
}

/// Cases the generators found or that matter enough to always run.
#[test]
fn contract_holds_on_known_edge_cases() {
    for text in [
        "",
        " ",
        "\u{feff}",
        "\r\n\r\n",
        ".",
        "...",
        "\"",
        "a\u{0}b",
        "Dr.",
        "“”",
        "高",
        "👨\u{200d}👩\u{200d}👧.",
        "1. Pertama.\n2. Kedua.",
        "\"A. B,\" kata X. Lalu",
        "Ya!\"!\" lalu",
        "akhir.Dia",
        "e\u{301}.\u{301}",
        "Dr.\u{200d}",
    ] {
        holds(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
}
