//! The result of analyzing one article: what every stage found, as byte spans.
//!
//! These types own no text: they point into the analyzed string with [`Span`]s,
//! and items refer to each other by index (a quote's speaker to an entity).
//! [`crate::output`] turns them into the JSON contract of `DESIGN.md`.

use crate::span::Span;

/// Everything found in one article. Each `Vec` is sorted by `span.start`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Analysis {
    /// The date relative expressions were resolved against, and where it came from.
    pub reference_date: Option<ReferenceDate>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    pub entities: Vec<Entity>,
    pub dates: Vec<DateMention>,
    pub quotes: Vec<Quote>,
}

impl Analysis {
    /// Appends the analysis of the section of the text that starts at byte
    /// `offset`, after every earlier section and their `tokens` tokens
    /// (which need not be kept here): its spans move by `offset`, its token
    /// and entity indices by the tokens and entities before it. The
    /// reference date stays this one's.
    pub(crate) fn append(&mut self, section: Analysis, offset: usize, tokens: usize) {
        let entities = self.entities.len();
        self.sentences
            .extend(section.sentences.into_iter().map(|s| Sentence {
                span: s.span.shifted(offset),
                tokens: s.tokens.start + tokens..s.tokens.end + tokens,
            }));
        self.tokens
            .extend(section.tokens.into_iter().map(|t| Token {
                span: t.span.shifted(offset),
                ..t
            }));
        self.entities
            .extend(section.entities.into_iter().map(|e| Entity {
                span: e.span.shifted(offset),
                ..e
            }));
        self.dates
            .extend(section.dates.into_iter().map(|d| DateMention {
                span: d.span.shifted(offset),
                ..d
            }));
        let shift = |span: Option<Span>| span.map(|s| s.shifted(offset));
        self.quotes
            .extend(section.quotes.into_iter().map(|q| Quote {
                span: q.span.shifted(offset),
                cue: shift(q.cue),
                speaker: q.speaker.map(|s| Speaker {
                    span: s.span.shifted(offset),
                    entity: s.entity.map(|e| e + entities),
                    role: shift(s.role),
                    ..s
                }),
                via: shift(q.via),
                date: q.date.map(|d| StatementDate {
                    span: d.span.shifted(offset),
                    ..d
                }),
                document: shift(q.document),
                ..q
            }));
    }
}

/// A sentence: from its first token to its last, surrounding space excluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Index of its first token in [`Analysis::tokens`]; `tokens.start..tokens.end`.
    pub tokens: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// What a token is. Written to JSON in lowercase (`"word"`, `"number"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, with any clitic (`ujarnya`), reduplication (`kota-kota`) or
    /// inner apostrophe (`Jum'at`); also `ke-3`, `1990-an`, `COVID-19`.
    Word,
    /// A word ending in a period that belongs to it: `Dr.`, `S.H.`, `dll.`, `S.`.
    Abbreviation,
    /// Digits with Indonesian separators: `1.000.000`, `2,5`, `14.30`, `22/2/2023`.
    Number,
    /// A quotation mark of any style: `"` `“` `”` `'` `‘` `’` `«` `»` `` ` ``.
    Quote,
    /// Other punctuation, dashes included: `.` `,` `(` `–` `...`.
    Punct,
    /// Symbols: `%` `$` `+` `°` `©` emoji, …
    Symbol,
    Url,
    Email,
    /// `#pemilu2024`
    Hashtag,
    /// `@jokowi`
    Mention,
}

impl TokenKind {
    /// Every kind. The entity model stores a kind as its position here, so
    /// new kinds go at the end.
    pub const ALL: [TokenKind; 10] = [
        TokenKind::Word,
        TokenKind::Abbreviation,
        TokenKind::Number,
        TokenKind::Quote,
        TokenKind::Punct,
        TokenKind::Symbol,
        TokenKind::Url,
        TokenKind::Email,
        TokenKind::Hashtag,
        TokenKind::Mention,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Abbreviation => "abbreviation",
            TokenKind::Number => "number",
            TokenKind::Quote => "quote",
            TokenKind::Punct => "punct",
            TokenKind::Symbol => "symbol",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Mention => "mention",
        }
    }
}

/// A mention of a person, organization or place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub span: Span,
    pub label: EntityLabel,
    /// The fullest name the article uses for the same entity (`Vladimir Putin`
    /// for a later `Putin`).
    pub canonical: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityLabel {
    Per,
    Org,
    Loc,
}

impl EntityLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
        }
    }

    pub fn parse(s: &str) -> Option<EntityLabel> {
        match s {
            "PER" => Some(EntityLabel::Per),
            "ORG" => Some(EntityLabel::Org),
            "LOC" => Some(EntityLabel::Loc),
            _ => None,
        }
    }
}

/// A temporal expression with its TIMEX3 normalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub span: Span,
    pub timex_type: TimexType,
    /// TIMEX3 value (`2023-02-22`, `2023-W07`, `P1Y`, `PRESENT_REF`); `None` when a
    /// relative expression has no reference date to resolve against.
    pub value: Option<String>,
    pub modifier: Option<TimexMod>,
    /// UTC offset of a stated time zone (`WIB` → `+07:00`).
    pub zone: Option<&'static str>,
    /// Whether the text names its date or time by calendar or clock (`Senin`,
    /// `20/2`, `Februari 2023`, `2014`, `kuartal III`, `1990-an`, `pukul
    /// 14.30`), as opposed to deictic or vague words (`kemarin`, `saat ini`,
    /// `pekan lalu`), durations and sets. Not printed: `warta eval` scores
    /// these apart, for gold sets that annotate only named dates (UGM).
    pub named: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimexMod {
    Start,
    Mid,
    End,
    Approx,
    Before,
    After,
    OnOrAfter,
}

impl TimexMod {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexMod::Start => "START",
            TimexMod::Mid => "MID",
            TimexMod::End => "END",
            TimexMod::Approx => "APPROX",
            TimexMod::Before => "BEFORE",
            TimexMod::After => "AFTER",
            TimexMod::OnOrAfter => "ON_OR_AFTER",
        }
    }
}

/// The publication date relative expressions are resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceDate {
    pub date: jiff::civil::Date,
    pub from: DateSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// `--date` on the command line, or [`crate::Options::reference_date`].
    Option,
    /// The `date` field of a JSON Lines record.
    Record,
    /// A dateline the article carries itself.
    Dateline,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Option => "option",
            DateSource::Record => "record",
            DateSource::Dateline => "dateline",
        }
    }
}

/// Something somebody said, in quotation marks (direct) or reported (indirect).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// The quoted content, without the quotation marks.
    pub span: Span,
    /// The reporting word (`kata`, `ujarnya`, `mengatakan`, `menurut`).
    pub cue: Option<Span>,
    pub speaker: Option<Speaker>,
    /// The outlet the statement was relayed through: `AFP` in `seperti dikutip
    /// AFP`, `Kompas.com` in `dilansir Kompas.com`. Never the speaker.
    pub via: Option<Span>,
    /// When the statement was made, from the attribution's tail: `Senin
    /// (20/2/2023)` in `kata X di Jakarta, Senin (20/2/2023)`.
    pub date: Option<StatementDate>,
    /// The document an indirect quote is attributed to instead of a person:
    /// `data BPS` in `Menurut data BPS, …` (the speaker is then `None`).
    pub document: Option<Span>,
}

/// The date of a statement and, when the date stage normalized it, its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementDate {
    pub span: Span,
    /// TIMEX3 value of the date mention at `span`, if the date stage found one.
    pub value: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    Direct,
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// Who said it: the mention in the text (maybe a pronoun such as `-nya`) and the
/// entity it resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub span: Span,
    /// The canonical name of the entity the mention refers to, if known.
    pub canonical: Option<String>,
    /// Index into [`Analysis::entities`] of that entity, if any.
    pub entity: Option<usize>,
    /// The speaker's role (jabatan) as the text gives it: `Menteri Keuangan` in
    /// `kata Menteri Keuangan Sri Mulyani`.
    pub role: Option<Span>,
}
