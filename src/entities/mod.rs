//! The entity stage: persons, organizations and places (issue #3).
//!
//! Takes the text and its tokens and sentences; returns entity mentions sorted
//! by start, non-overlapping, each with a canonical name. A CRF tagger
//! (`tagger.rs`, features in `features.rs`, weights in `model.bin`) proposes
//! mentions sentence by sentence; document rules (`document.rs`) fix
//! datelines and acronyms, tag again what the article tags elsewhere, and link
//! mentions of one entity for `canonical`. The word lists and alias groups are
//! the `.txt` files beside this module (`lists.rs`); `NOTICE` names their
//! sources. Training: `examples/train_ner.rs` (README, "Training the entity
//! model").
//!
//! Left out: nested entities (the place in `Universitas Indonesia`), other
//! labels (events, products), and linking across articles.
//!
//! ```
//! let text = "Presiden Joko Widodo tiba di Jakarta.";
//! let analysis = warta::analyze(text, &warta::Options::default());
//! let names: Vec<&str> = analysis.entities.iter().map(|e| e.span.of(text)).collect();
//! assert_eq!(names, ["Joko Widodo", "Jakarta"]);
//! ```

mod document;
mod features;
mod hash;
mod lists;
mod model;
mod tagger;
#[doc(hidden)]
pub mod train;

use std::sync::OnceLock;

use crate::analysis::{Analysis, Entity};
use crate::lexicon::Lexicon;

/// Entity mentions of `text`, given the tokenizer's output in `analysis`.
pub fn extract(text: &str, analysis: &Analysis) -> Vec<Entity> {
    extract_with(tagger::taggers(), text, analysis)
}

/// [`extract`] with any taggers (training measures its models this way).
pub(crate) fn extract_with(
    taggers: &tagger::Taggers,
    text: &str,
    analysis: &Analysis,
) -> Vec<Entity> {
    let tagged = taggers.tag(text, analysis);
    let mut entities = document::resolve(text, analysis, tagged, lists::lists());
    let terms = terms();
    entities.retain(|e| !terms.contains(e.span.of(text)));
    entities
}

/// Abbreviations of terms that are never entities (`terms.txt`).
fn terms() -> &'static Lexicon {
    static TERMS: OnceLock<Lexicon> = OnceLock::new();
    TERMS.get_or_init(|| Lexicon::parse(include_str!("terms.txt")))
}
