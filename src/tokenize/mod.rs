//! The tokenizer stage: sentences and tokens of Indonesian news text.
//!
//! Takes the raw text exactly as decoded; returns tokens (lossless: tokens plus
//! the gaps between them rebuild the text) and sentences over them. See
//! [`words`] for how words, numbers, abbreviations and marks are cut and
//! [`sentences`] for where sentences end. The word lists (abbreviations,
//! currencies, hyphen prefixes) are the `.txt` files beside this module.

pub mod sentences;
pub mod words;

use crate::analysis::{Sentence, Token};

/// Tokens and sentences of `text`.
///
/// ```
/// let (sentences, tokens) = warta::tokenize::tokenize("\"Kami siap,\" ujarnya. Dr. Budi setuju.");
/// assert_eq!(sentences.len(), 2);
/// assert_eq!(tokens.len(), 11);
/// ```
pub fn tokenize(text: &str) -> (Vec<Sentence>, Vec<Token>) {
    let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
    words::tokens(text, &mut tokens);
    let sentences = sentences::sentences(text, &tokens);
    (sentences, tokens)
}

#[cfg(test)]
mod tests {
    use crate::lexicon::lint;

    #[test]
    fn word_lists_are_tidy() {
        for (name, source) in [
            ("abbreviations.txt", include_str!("abbreviations.txt")),
            (
                "abbreviations-final.txt",
                include_str!("abbreviations-final.txt"),
            ),
            ("currencies.txt", include_str!("currencies.txt")),
            ("hyphen-prefixes.txt", include_str!("hyphen-prefixes.txt")),
            (
                "quote-introducers.txt",
                include_str!("quote-introducers.txt"),
            ),
        ] {
            assert_eq!(lint(source, true), Vec::<String>::new(), "{name}");
        }
    }

    #[test]
    fn abbreviation_lists_do_not_overlap() {
        let never = crate::lexicon::Lexicon::parse(include_str!("abbreviations.txt"));
        let may = crate::lexicon::Lexicon::parse(include_str!("abbreviations-final.txt"));
        let both: Vec<_> = never.iter().filter(|a| may.contains(a)).collect();
        assert!(both.is_empty(), "in both lists: {both:?}");
    }
}
