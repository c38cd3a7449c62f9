//! The quote stage: direct and indirect quotations with speakers (issue #5).
//!
//! Takes the text and earlier stages' output (tokens, sentences, entities);
//! returns quotes sorted by start. Not built yet: finds nothing.

use crate::analysis::{Analysis, Quote};

/// Quotes of `text`, given earlier stages' output in `analysis`.
pub fn extract(_text: &str, _analysis: &Analysis) -> Vec<Quote> {
    Vec::new()
}
