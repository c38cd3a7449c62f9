//! The date stage: temporal expressions normalized to TIMEX3 (issue #4).
//!
//! Takes the text, earlier stages' output and the reference date; returns date
//! mentions sorted by start, and the reference date actually used (the given
//! one, or a dateline the article carries). Not built yet: finds nothing.

use crate::analysis::{Analysis, DateMention, ReferenceDate};

/// Date mentions of `text` and the reference date they were resolved against.
pub fn extract(
    _text: &str,
    _analysis: &Analysis,
    reference: Option<ReferenceDate>,
) -> (Vec<DateMention>, Option<ReferenceDate>) {
    (Vec::new(), reference)
}
