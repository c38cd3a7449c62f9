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

/// Texts longer than this are analyzed in sections of at most this many
/// bytes (see [`analyze`]).
pub const SECTION_BYTES: usize = 1 << 20;

/// Runs the pipeline over one article.
///
/// A text longer than [`SECTION_BYTES`] (a news article is a few kB; such a
/// text is most likely many articles in one file) is cut into sections at
/// blank lines, failing that at the start of a sentence, then at a space,
/// and each section is analyzed as an article of its own, so that memory
/// stays a small multiple of the text rather than of its tokens and every
/// stage's tables (twelve times the text). Sentences and tokens are the
/// whole text's when the cuts fall on blank lines, and nearly always
/// otherwise; entity linking (`canonical`), re-tagging and quotes stay within a
/// section; every section resolves dates against the first section's
/// reference date (or, when it has none, its own dateline).
pub fn analyze(text: &str, options: &Options) -> Analysis {
    analyze_in_sections(text, options, SECTION_BYTES, true).0
}

/// How a long text was cut for [`analyze_without_tokens`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sections {
    /// The byte ranges of the sections, in order, covering the text.
    pub ranges: Vec<std::ops::Range<usize>>,
    /// How many tokens the text has (its analysis keeps none).
    pub tokens: usize,
}

/// [`analyze`] for printing a long text in little memory: a text longer
/// than [`SECTION_BYTES`] keeps no tokens (24 bytes each, four times the
/// text), so its `analysis.tokens` is empty and [`Sections`] tells how to
/// make them again, section by section, as [`output::write_json_sections`]
/// does. A shorter text is analyzed as by [`analyze`], with `None`.
pub fn analyze_without_tokens(text: &str, options: &Options) -> (Analysis, Option<Sections>) {
    if text.len() <= SECTION_BYTES {
        return (analyze(text, options), None);
    }
    let (analysis, tokens) = analyze_in_sections(text, options, SECTION_BYTES, false);
    let ranges = sections(text, SECTION_BYTES).collect();
    (analysis, Some(Sections { ranges, tokens }))
}

/// [`analyze`] with sections of at most `max` bytes, keeping their tokens or
/// not; with the number of tokens.
fn analyze_in_sections(
    text: &str,
    options: &Options,
    max: usize,
    keep_tokens: bool,
) -> (Analysis, usize) {
    if text.len() <= max {
        let analysis = analyze_section(text, options);
        let tokens = analysis.tokens.len();
        return (analysis, tokens);
    }
    let mut all = Analysis::default();
    if keep_tokens {
        // About one token in six bytes: reserved once, not copied as it grows.
        all.tokens.reserve(text.len() / 6);
    }
    let mut options = options.clone();
    let mut tokens = 0;
    for (i, range) in sections(text, max).enumerate() {
        let mut part = analyze_section(&text[range.clone()], &options);
        if i == 0 {
            all.reference_date = part.reference_date;
            options.reference_date = part.reference_date;
        }
        let count = part.tokens.len();
        if !keep_tokens {
            part.tokens = Vec::new();
        }
        all.append(part, range.start, tokens);
        tokens += count;
    }
    (all, tokens)
}

/// The byte ranges `text` is cut into: in order, covering the text, each at
/// most `max` bytes when it can be cut there. A section ends at the last
/// blank line that fits, else at the start of the last sentence that
/// begins in it (as the tokenizer finds them in those `max` bytes), else
/// after the last whitespace; a run of `max` bytes without any is not cut
/// but runs on to the next whitespace (a token is never split).
fn sections(text: &str, max: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start == text.len() {
            return None;
        }
        let mut end = (start + max).min(text.len());
        if end < text.len() {
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let window = &text[start..end];
            let blank = |gap: &str| window.rfind(gap).map(|at| at + gap.len());
            let last_sentence = || {
                let (sentences, _) = tokenize::tokenize(window);
                Some(sentences.last()?.span.start).filter(|&at| at > 0)
            };
            let last_space = || {
                let (at, c) = window
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())?;
                Some(at + c.len_utf8())
            };
            let next_space = || {
                let rest = &text[end..];
                rest.char_indices()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(text.len() - start, |(at, c)| {
                        end - start + at + c.len_utf8()
                    })
            };
            let cut = blank("\n\n")
                .max(blank("\n\r\n"))
                .or_else(last_sentence)
                .or_else(last_space)
                .unwrap_or_else(next_space);
            end = start + cut;
        }
        let range = start..end;
        start = end;
        Some(range)
    })
}

/// Runs the pipeline over one article, or one section of a long text.
fn analyze_section(text: &str, options: &Options) -> Analysis {
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

    /// The sections of `text`, as text.
    fn cut(text: &str, max: usize) -> Vec<&str> {
        sections(text, max).map(|r| &text[r]).collect()
    }

    #[test]
    fn long_texts_are_cut_at_blank_lines_then_sentences_then_spaces() {
        assert_eq!(cut("Ab.\n\nCd. Ef gh.", 12), ["Ab.\n\n", "Cd. Ef gh."]);
        assert_eq!(cut("ab\r\n\r\ncd\r\nef", 10), ["ab\r\n\r\n", "cd\r\nef"]);
        assert_eq!(
            cut("Satu dua. Tiga empat. Lima", 20),
            ["Satu dua. ", "Tiga empat. Lima"]
        );
        assert_eq!(cut("abc def ghi", 9), ["abc def ", "ghi"]);
        assert_eq!(cut("ééééé", 5), ["ééééé"]);
        assert_eq!(cut("aaaa bb cc", 3), ["aaaa ", "bb ", "cc"]);
        assert_eq!(cut("abc", 9), ["abc"]);
        assert!(cut("", 9).is_empty());
    }

    #[test]
    fn sections_cover_the_text_in_order_within_the_bound() {
        let mut next = xorshift(7);
        let pieces = ["kata", " ", "\n", "\r\n", "é", "“", "\n\n", "Jakarta"];
        for _ in 0..300 {
            let len = (next() % 60) as usize;
            let text: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let max = 1 + (next() % 20) as usize;
            let mut at = 0;
            for range in sections(&text, max) {
                assert_eq!(range.start, at, "{text:?} / {max}");
                let section = &text[range.clone()];
                // Longer than `max` only if it cannot be cut before its end.
                let mut first = max.min(section.len());
                while !section.is_char_boundary(first) {
                    first -= 1;
                }
                let no_space = !section[..first].contains(char::is_whitespace);
                assert!(
                    !section.is_empty() && (section.len() <= max || no_space),
                    "{text:?} / {max}: {section:?}"
                );
                at = range.end;
            }
            assert_eq!(at, text.len(), "{text:?} / {max}");
        }
    }

    /// What an analysis says of entities, dates and quotes, with texts in
    /// place of offsets and entity indices, so that a section's and the
    /// joined text's compare.
    fn described(text: &str, a: &Analysis) -> [Vec<String>; 3] {
        let of = |span: Option<Span>| span.map(|s| s.of(text));
        let entities = a.entities.iter();
        let entities =
            entities.map(|e| format!("{} {:?} {}", e.span.of(text), e.label, e.canonical));
        let dates = a.dates.iter().map(|d| {
            let value = (d.value.as_deref(), d.modifier, d.zone);
            format!("{} {:?} {value:?}", d.span.of(text), d.timex_type)
        });
        let quotes = a.quotes.iter().map(|q| {
            let speaker = q.speaker.as_ref().map(|s| {
                let entity = s.entity.map(|e| a.entities[e].span.of(text));
                (s.span.of(text), s.canonical.as_deref(), entity, of(s.role))
            });
            let date = q
                .date
                .as_ref()
                .map(|d| (d.span.of(text), d.value.as_deref()));
            let (span, cue, via, doc) = (q.span.of(text), of(q.cue), of(q.via), of(q.document));
            format!(
                "{:?} {span} {cue:?} {speaker:?} {via:?} {date:?} {doc:?}",
                q.kind
            )
        });
        [entities.collect(), dates.collect(), quotes.collect()]
    }

    #[test]
    fn a_long_text_is_analyzed_section_by_section() {
        let text = [
            include_str!("../fixtures/articles/antv-putin-wang-yi.txt"),
            include_str!("../fixtures/quotes/media-relay-via.txt"),
            include_str!("../fixtures/quotes/hal-senada-echo.txt"),
            include_str!("../fixtures/quotes/menurut-x.txt"),
        ]
        .join("\n\n");
        let options = Options {
            reference_date: Some(ReferenceDate {
                date: jiff::civil::date(2023, 2, 22),
                from: analysis::DateSource::Option,
            }),
            stages: Stages::ALL,
        };
        let max = 1000;
        let (joined, count) = analyze_in_sections(&text, &options, max, true);
        let ranges: Vec<_> = sections(&text, max).collect();
        assert!(ranges.len() >= 4, "{ranges:?}");
        // Every cut is at a blank line, so sentences and tokens are the
        // whole text's.
        let (sentences, tokens) = tokenize::tokenize(&text);
        assert_eq!(joined.sentences, sentences);
        assert_eq!(joined.tokens, tokens);
        assert_eq!(count, tokens.len());
        // Without tokens, the rest is the same.
        let (without, _) = analyze_in_sections(&text, &options, max, false);
        assert_eq!(
            without,
            Analysis {
                tokens: Vec::new(),
                ..joined.clone()
            }
        );
        // The rest is each section's, in order, at the same text.
        let mut expected: [Vec<String>; 3] = Default::default();
        for range in ranges {
            let section = &text[range];
            let parts = described(section, &analyze_section(section, &options));
            for (all, part) in expected.iter_mut().zip(parts) {
                all.extend(part);
            }
        }
        assert_eq!(described(&text, &joined), expected);
        assert!(
            joined
                .quotes
                .iter()
                .any(|q| q.speaker.as_ref().is_some_and(|s| s.entity.is_some()))
        );
        assert_eq!(joined.reference_date, options.reference_date);
    }

    #[test]
    fn stage_names_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.name()), Some(stage));
        }
        assert_eq!(Stage::parse("lemmas"), None);
    }
}
