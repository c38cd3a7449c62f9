//! The entity stage: persons, organizations and places (issue #3).
//!
//! Takes the text and its tokens and sentences; returns entity mentions sorted
//! by start, non-overlapping, each with a canonical name.

mod document;
mod features;
mod hash;
mod lists;
mod model;
mod tagger;
#[doc(hidden)]
pub mod train;

use crate::analysis::{Analysis, Entity};

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
    document::resolve(text, analysis, tagged, lists::lists())
}
