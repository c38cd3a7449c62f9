//! warta: an analyzer for Indonesian news articles.
//!
//! One call, [`analyze`], runs the pipeline over an article's text:
//!
//! ```text
//! text ─► tokenize (sentences, tokens) ─► entities ─► dates ─► quotes
//! ```
//!
//! and returns an [`Analysis`] whose spans are byte ranges into the text.
//! [`output::write_json`] prints it as the JSON contract of `DESIGN.md`, with
//! Unicode code-point offsets.
//!
//! ```
//! use warta::{analyze, Options};
//! let text = "\"Kami siap,\" kata Menteri Budi di Jakarta.";
//! let analysis = analyze(text, &Options::default());
//! assert_eq!(analysis.sentences.len(), 1);
//! assert_eq!(analysis.tokens[0].span.of(text), "\"");
//! ```
//!
//! The library never reads files, the environment or the clock, and never fails
//! on a `&str`.

pub mod analysis;
pub mod dates;
pub mod entities;
pub mod eval;
pub mod html;
pub mod lexicon;
pub mod output;
pub mod quotes;
pub mod record;
pub mod span;
pub mod tokenize;

pub use analysis::Analysis;
pub use span::{CharIndex, Span};

use analysis::ReferenceDate;

/// The pipeline's stages, in order. Each is also a part of the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Sentences,
    Tokens,
    Entities,
    Dates,
    Quotes,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Sentences,
        Stage::Tokens,
        Stage::Entities,
        Stage::Dates,
        Stage::Quotes,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Sentences => "sentences",
            Stage::Tokens => "tokens",
            Stage::Entities => "entities",
            Stage::Dates => "dates",
            Stage::Quotes => "quotes",
        }
    }

    pub fn parse(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The stages whose output this one reads.
    fn needs(self) -> &'static [Stage] {
        match self {
            Stage::Sentences | Stage::Tokens => &[],
            Stage::Entities => &[Stage::Tokens],
            Stage::Dates => &[Stage::Tokens, Stage::Entities],
            Stage::Quotes => &[Stage::Tokens, Stage::Entities, Stage::Dates],
        }
    }
}

/// A set of [`Stage`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages(u8);

impl Stages {
    pub const ALL: Stages = Stages(0b11111);
    pub const NONE: Stages = Stages(0);

    pub fn contains(self, stage: Stage) -> bool {
        self.0 & (1 << stage as u8) != 0
    }

    pub fn with(self, stage: Stage) -> Stages {
        Stages(self.0 | (1 << stage as u8))
    }

    pub fn without(self, stage: Stage) -> Stages {
        Stages(self.0 & !(1 << stage as u8))
    }

    /// These stages plus every stage they read from.
    pub fn with_needs(self) -> Stages {
        let mut all = self;
        for stage in Stage::ALL {
            if self.contains(stage) {
                for &need in stage.needs() {
                    all = all.with(need);
                }
            }
        }
        all
    }
}

impl Default for Stages {
    fn default() -> Stages {
        Stages::ALL
    }
}

/// What to analyze and against which date.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The article's publication date, for resolving `kemarin`, `Senin (20/2)`.
    /// `None` lets a dateline in the article supply it.
    pub reference_date: Option<ReferenceDate>,
    /// The stages to run; the stages they need run too.
    pub stages: Stages,
}

/// Runs the pipeline over one article.
pub fn analyze(text: &str, options: &Options) -> Analysis {
    let run = options.stages.with_needs();
    let mut analysis = Analysis::default();
    let (sentences, tokens) = tokenize::tokenize(text);
    analysis.sentences = sentences;
    analysis.tokens = tokens;
    if run.contains(Stage::Entities) {
        analysis.entities = entities::extract(text, &analysis);
    }
    let reference = options.reference_date;
    if run.contains(Stage::Dates) {
        let (dates, reference) = dates::extract(text, &analysis, reference);
        analysis.dates = dates;
        analysis.reference_date = reference;
    } else {
        analysis.reference_date = reference;
    }
    if run.contains(Stage::Quotes) {
        analysis.quotes = quotes::extract(text, &analysis);
    }
    analysis
}

/// A xorshift64 generator of test inputs: the same numbers every run.
#[cfg(test)]
pub(crate) fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_needs_close_over_dependencies() {
        let only_quotes = Stages::NONE.with(Stage::Quotes).with_needs();
        assert!(only_quotes.contains(Stage::Entities));
        assert!(only_quotes.contains(Stage::Tokens));
        assert!(!only_quotes.contains(Stage::Sentences));
        let only_tokens = Stages::NONE.with(Stage::Tokens).with_needs();
        assert!(!only_tokens.contains(Stage::Entities));
    }

    #[test]
    fn stage_names_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.name()), Some(stage));
        }
        assert_eq!(Stage::parse("lemmas"), None);
    }
}
