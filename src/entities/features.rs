//! Features of the entity tagger: what it knows about each token and its
//! neighbours, as rows of a weight table.
//!
//! Takes the tokens of one sentence; yields, for each token, the weight rows
//! (one weight per tag) that add up to its tag scores. Training
//! ([`super::train`]) and tagging ([`super::tagger`]) both go through
//! [`WordRows::at`] and [`position_rows`], so the two can never disagree.
//!
//! A token is seen through a window of five: itself and two words each side.
//! What a word contributes depends only on its text, so the tagger computes it
//! once per word and offset:
//!
//! - its lowercase form (at every offset);
//! - its capitalization class [`Cap`] (every offset) and collapsed shape
//!   (`Xx`, `X`, `X-X`, `Xx.`, `d/d`; offsets −1 to +1);
//! - the word lists holding it ([`Class`]: titles, organization and place
//!   heads, gazetteers, given names…; every offset);
//! - prefixes and suffixes of 2 to 4 letters (the token itself only), which
//!   see Indonesian affixes (`me-`, `di-`, `-kan`, `-nya`) that mark non-names.
//!
//! - its form as written (the token itself only).
//!
//! Features of a position rather than a word: a bias, sentence-initial × case
//! (and × not a common lowercase word), the case of the neighbours × own case,
//! the word pairs it forms with each neighbour, a short quoted run, and
//! membership in a multi-word list entry (`Amerika Serikat`, `Jawa Tengah`)
//! as first or later word.
//!
//! In a *folded* sentence (a headline in capitals, or text without capitals)
//! every word is seen lowercased, so the tagger falls back on lists and
//! context; the folded model is trained on every sentence seen this way.

use crate::analysis::{Token, TokenKind};

use super::hash::Fnv;
use super::hash::IdBuild;
use super::lists::{Class, Lists, PhraseMatch, WordEntry};
use super::model::Table;
use std::collections::HashSet;

/// Tags per label: 2 for begin/inside (BIO), 4 for begin/inside/last/unit
/// (BILOU).
pub(crate) const PARTS: usize = 4;
/// Tags: outside, and the tags of each label.
pub(crate) const TAGS: usize = 1 + 3 * PARTS;
/// Offsets −2..=+2 around the tagged token.
pub(crate) const WINDOW: usize = 5;
pub(crate) const CENTER: usize = 2;

/// The capitalization of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cap {
    /// `kata`, `ke-3`
    Lower = 0,
    /// `Jakarta`, `Dr.`
    Title,
    /// `KPK`, `PDI-P`
    Upper,
    /// `S.`, `M`
    Single,
    /// `NasDem`, `iPhone`
    Mixed,
    /// Any digit: `COVID-19`, `2023`
    Digit,
    /// No letter or digit: punctuation, quotes, symbols.
    Other,
    /// Before the first or after the last token of the sentence.
    Boundary,
}

const CAPS: usize = 8;

impl Cap {
    pub(crate) fn of(word: &str) -> Cap {
        let (mut upper, mut lower, mut digit) = (0usize, 0usize, false);
        let mut first_upper = false;
        let mut inner_upper = false;
        for (i, c) in word.chars().enumerate() {
            if c.is_uppercase() {
                upper += 1;
                if i == 0 {
                    first_upper = true;
                } else if lower > 0 {
                    inner_upper = true;
                }
            } else if c.is_lowercase() {
                lower += 1;
            } else if c.is_numeric() {
                digit = true;
            }
        }
        if digit {
            Cap::Digit
        } else if upper == 0 && lower == 0 {
            Cap::Other
        } else if upper == 0 {
            Cap::Lower
        } else if lower == 0 {
            if upper == 1 { Cap::Single } else { Cap::Upper }
        } else if first_upper && !inner_upper {
            Cap::Title
        } else {
            Cap::Mixed
        }
    }

    /// Starts with a capital letter (`Title`, `Upper`, `Single`, `Mixed` that
    /// begins upper).
    pub(crate) fn is_capitalized(self) -> bool {
        matches!(self, Cap::Title | Cap::Upper | Cap::Single | Cap::Mixed)
    }
}

// Layout of the weight table: dense sections first, then hashed blocks.
const CAP_ROWS: u32 = 0;
const CLASS_ROWS: u32 = CAP_ROWS + (CAPS * WINDOW) as u32;
const FIRST_ROWS: u32 = CLASS_ROWS + (Class::COUNT * WINDOW) as u32;
const CAP_PREV_ROWS: u32 = FIRST_ROWS + CAPS as u32;
const CAP_NEXT_ROWS: u32 = CAP_PREV_ROWS + (CAPS * CAPS) as u32;
const CAP_TRIPLE_ROWS: u32 = CAP_NEXT_ROWS + (CAPS * CAPS) as u32;
const PHRASE_ROWS: u32 = CAP_TRIPLE_ROWS + (CAPS * CAPS * CAPS) as u32;
const QUOTED_ROWS: u32 = PHRASE_ROWS + (Class::COUNT * 2) as u32;
const INITIAL_RARE_ROWS: u32 = QUOTED_ROWS + CAPS as u32;
const BIAS_ROW: u32 = INITIAL_RARE_ROWS + CAPS as u32;
/// Rows of the dense sections; hashed blocks come after.
pub(crate) const DENSE_ROWS: u32 = BIAS_ROW + 1;

/// Kinds of hashed keys, and the number of rows each key's block holds.
pub(crate) mod key {
    /// Lowercase word: rows for offsets −2..=+2.
    pub const WORD: u8 = 1;
    /// Collapsed shape: rows for offsets −1..=+1.
    pub const SHAPE: u8 = 2;
    /// Prefixes of 2, 3, 4 letters, then suffixes of 2, 3, 4: one row each.
    pub const PREFIX: u8 = 3;
    pub const SUFFIX: u8 = 6;
    /// The two pseudo-words beyond the ends of a sentence.
    pub const BOUNDARY: u8 = 9;
    /// Word pairs: the token with the word before it, and with the word after.
    pub const PAIR_BEFORE: u8 = 10;
    pub const PAIR_AFTER: u8 = 11;
    /// The word as written (case kept): the token itself only.
    pub const SURFACE: u8 = 12;

    pub fn rows(kind: u8) -> usize {
        match kind {
            WORD | BOUNDARY => super::WINDOW,
            SHAPE => 3,
            _ => 1,
        }
    }
}

/// Where hashed blocks live: the training table (which adds blocks as it meets
/// new keys) or a trained model (which only looks them up).
pub(crate) trait RowSource {
    /// The first row of the block of `key`, if there is one.
    fn block(&mut self, kind: u8, key: u64) -> Option<u32>;
}

/// A token as the tagger sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word<'t> {
    pub text: &'t str,
    pub kind: TokenKind,
    /// Seen lowercased (a headline in capitals).
    pub folded: bool,
}

impl Word<'_> {
    pub(crate) fn cap(&self) -> Cap {
        match Cap::of(self.text) {
            c if self.folded && c.is_capitalized() => Cap::Lower,
            c => c,
        }
    }
}

/// The rows one word contributes, resolved against a [`RowSource`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordRows {
    /// Hash of the lowercase word, for word-pair keys.
    hash: u64,
    word: Option<u32>,
    shape: Option<u32>,
    affixes: [Option<u32>; 6],
    surface: Option<u32>,
    cap: Cap,
    classes: u16,
}

impl WordRows {
    /// The rows of `word`. Without `center`, the rows it contributes to
    /// itself only (affixes, surface form) are left out: for a word whose own
    /// tag is known to be `O`, which only its neighbours' scores need.
    pub(crate) fn new(
        word: Word,
        entry: WordEntry,
        center: bool,
        rows: &mut impl RowSource,
    ) -> WordRows {
        let cap = word.cap();
        let text = word.text;
        let mut affixes = [None; 6];
        if center && matches!(word.kind, TokenKind::Word | TokenKind::Abbreviation) {
            let ascii = text.is_ascii();
            let letters = if ascii {
                text.len()
            } else {
                text.chars().count()
            };
            for (i, n) in [2usize, 3, 4].into_iter().enumerate() {
                if letters > n {
                    let (start, end) = if ascii {
                        (&text[..n], &text[text.len() - n..])
                    } else {
                        (prefix(text, n), suffix(text, n))
                    };
                    let mut h = Fnv::new(key::PREFIX + i as u8);
                    h.lower(start);
                    affixes[i] = rows.block(key::PREFIX + i as u8, h.finish());
                    let mut h = Fnv::new(key::SUFFIX + i as u8);
                    h.lower(end);
                    affixes[3 + i] = rows.block(key::SUFFIX + i as u8, h.finish());
                }
            }
        }
        let mut h = Fnv::new(key::WORD);
        h.lower(text);
        let hash = h.finish();
        let word_row = rows.block(key::WORD, hash);
        let mut h = Fnv::new(key::SURFACE);
        if word.folded {
            h.lower(text);
        } else {
            h.bytes(text.as_bytes());
        }
        let surface = if center {
            rows.block(key::SURFACE, h.finish())
        } else {
            None
        };
        let mut h = Fnv::new(key::SHAPE);
        shape(text, word.folded, &mut h);
        let shape_row = rows.block(key::SHAPE, h.finish());
        WordRows {
            hash,
            word: word_row,
            shape: shape_row,
            affixes,
            surface,
            cap,
            classes: entry.classes & Class::FEATURES,
        }
    }

    /// The pseudo-word before the first (`end == false`) or after the last
    /// token of a sentence.
    pub(crate) fn neighbour(&self) -> Neighbour {
        Neighbour {
            cap: self.cap,
            hash: self.hash,
            common: self.classes & Class::Common.bit() != 0,
        }
    }

    pub(crate) fn boundary(end: bool, rows: &mut impl RowSource) -> WordRows {
        WordRows {
            hash: end as u64,
            word: rows.block(key::BOUNDARY, end as u64),
            shape: None,
            affixes: [None; 6],
            surface: None,
            cap: Cap::Boundary,
            classes: 0,
        }
    }

    /// Calls `f` with every row this word contributes to a token when it sits
    /// at window index `offset` of that token: 0 two words before it,
    /// [`CENTER`] the token itself, 4 two words after it.
    pub(crate) fn at(&self, offset: usize, mut f: impl FnMut(u32)) {
        if let Some(r) = self.word {
            f(r + offset as u32);
        }
        f(CAP_ROWS + (self.cap as usize * WINDOW + offset) as u32);
        let mut classes = self.classes;
        while classes != 0 {
            let c = classes.trailing_zeros() as usize;
            classes &= classes - 1;
            f(CLASS_ROWS + (c * WINDOW + offset) as u32);
        }
        if (1..=3).contains(&offset)
            && let Some(r) = self.shape
        {
            f(r + offset as u32 - 1);
        }
        if offset == CENTER {
            if let Some(r) = self.surface {
                f(r);
            }
            for r in self.affixes.into_iter().flatten() {
                f(r);
            }
        }
    }
}

/// What a neighbour's position features need of a word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Neighbour {
    pub cap: Cap,
    /// Hash of the lowercase word.
    pub hash: u64,
    /// A frequent lowercase word ([`Class::Common`]).
    pub common: bool,
}

/// The words the training text writes in lowercase (twice or more), as the
/// model lists them: they make [`Class::Common`].
pub(crate) struct Vocabulary {
    common: Common,
}

/// The keys of the common words: counted by training, or a model's table.
enum Common {
    Set(HashSet<u64, IdBuild>),
    Table(Table),
}

impl Vocabulary {
    /// From the keys ([`Vocabulary::key`]) of the common words.
    pub(crate) fn new(common: impl Iterator<Item = u64>) -> Vocabulary {
        Vocabulary {
            common: Common::Set(common.collect()),
        }
    }

    /// From a model's table of the keys of the common words.
    pub(crate) fn of_table(common: Table) -> Vocabulary {
        Vocabulary {
            common: Common::Table(common),
        }
    }

    fn has(&self, key: u64) -> bool {
        match &self.common {
            Common::Set(set) => set.contains(&key),
            Common::Table(table) => table.get(key).is_some(),
        }
    }

    /// The key of a word, in any case.
    pub(crate) fn key(word: &str) -> u64 {
        super::hash::lower(COMMON, word)
    }

    /// Whether the word is written in lowercase letters (what common words are).
    pub(crate) fn is_lowercase_word(word: &str) -> bool {
        word.chars().any(char::is_lowercase) && !word.chars().any(char::is_uppercase)
    }

    /// Whether the training text writes `word` (any case) in lowercase.
    pub(crate) fn is_common(&self, word: &str) -> bool {
        self.has(Self::key(word))
    }

    /// What the lists and the vocabulary know about `word`.
    pub(crate) fn entry(&self, lists: &Lists, word: &str) -> WordEntry {
        let mut entry = lists.word(word);
        if self.has(Self::key(word)) {
            entry.classes |= Class::Common.bit();
        }
        entry
    }
}

const COMMON: u8 = b'c';

/// What a token's position adds, beyond the words in its window.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Position {
    /// No word before it in the sentence, or right after an opening quote or colon.
    pub initial: bool,
    /// Between two quotation marks a few words apart (a title: `"Road House"`).
    pub quoted: bool,
    /// Index of the token's [`Class`]es as first (`0`) or later (`1`) word of a
    /// phrase match, with the classes.
    pub phrase: Option<(u8, u16)>,
}

/// Calls `f` with the rows of a position holding `word`, between `prev` and
/// `next` (boundary pseudo-words at the ends).
pub(crate) fn position_rows(
    p: Position,
    prev: Neighbour,
    word: Neighbour,
    next: Neighbour,
    rows: &mut impl RowSource,
    mut f: impl FnMut(u32),
) {
    let (cap, prev_hash, next_hash) = (word.cap, prev.hash, next.hash);
    let (prev, next) = (prev.cap, next.cap);
    f(BIAS_ROW);
    for (kind, other) in [(key::PAIR_BEFORE, prev_hash), (key::PAIR_AFTER, next_hash)] {
        let pair = super::hash::mix(other.rotate_left(17) ^ word.hash ^ kind as u64);
        if let Some(r) = rows.block(kind, pair) {
            f(r);
        }
    }

    if p.quoted {
        f(QUOTED_ROWS + cap as u32);
    }
    if p.initial {
        f(FIRST_ROWS + cap as u32);
        if !word.common {
            // A capitalized first word that is not a common word: a name?
            f(INITIAL_RARE_ROWS + cap as u32);
        }
    }
    f(CAP_PREV_ROWS + (prev as usize * CAPS + cap as usize) as u32);
    f(CAP_NEXT_ROWS + (cap as usize * CAPS + next as usize) as u32);
    f(CAP_TRIPLE_ROWS + ((prev as usize * CAPS + cap as usize) * CAPS + next as usize) as u32);
    if let Some((inner, classes)) = p.phrase {
        let mut classes = classes & Class::FEATURES;
        while classes != 0 {
            let c = classes.trailing_zeros() as usize;
            classes &= classes - 1;
            f(PHRASE_ROWS + (c * 2 + inner as usize) as u32);
        }
    }
}

/// The positions of a sentence's tokens: initial flags and phrase matches.
/// `texts` are the tokens' texts; `entries` their list entries.
pub(crate) fn positions(
    tokens: &[Token],
    texts: &[&str],
    entries: &[WordEntry],
    lists: &Lists,
    scratch: &mut Vec<PhraseMatch>,
    out: &mut Vec<Position>,
) {
    out.clear();
    let mut seen_word = false;
    for (i, t) in tokens.iter().enumerate() {
        let after_opening = i > 0
            && (tokens[i - 1].kind == TokenKind::Quote || texts[i - 1] == ":")
            && (i < 2 || tokens[i - 2].kind != TokenKind::Word);
        out.push(Position {
            initial: !seen_word || after_opening,
            quoted: false,
            phrase: None,
        });
        if matches!(
            t.kind,
            TokenKind::Word | TokenKind::Abbreviation | TokenKind::Number
        ) {
            seen_word = true;
        }
    }
    // Short quoted runs: at most six tokens between two quote marks.
    let mut open: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::Quote {
            match open {
                Some(o) if i - o <= 7 => {
                    for p in &mut out[o + 1..i] {
                        p.quoted = true;
                    }
                    open = None;
                }
                _ => open = Some(i),
            }
        }
    }
    scratch.clear();
    lists.phrases(texts, entries, scratch);
    for m in scratch.iter() {
        for (k, p) in out[m.start..m.start + m.len].iter_mut().enumerate() {
            p.phrase = Some(((k > 0) as u8, m.classes));
        }
    }
}

/// Whether a sentence is written in capitals (a headline, `BREAKING NEWS`):
/// at least three words of two or more letters, three quarters of them with
/// no lowercase letter.
pub(crate) fn is_shouting(texts: &[&str]) -> bool {
    let mut survey = Survey::default();
    survey.of(texts);
    survey.shouting
}

/// The case of a sentence's words, from one pass over their bytes.
#[derive(Debug, Default)]
pub(crate) struct Survey {
    /// Whether each word has a capital letter.
    pub upper: Vec<bool>,
    /// Written in capitals: see [`is_shouting`].
    pub shouting: bool,
    /// Most words of three letters or more past the first are capitalized:
    /// worth asking [`is_title_case`].
    pub title_like: bool,
}

impl Survey {
    pub(crate) fn of(&mut self, texts: &[&str]) {
        // Sized once and written in place, and counted without branches:
        // this runs over every token of every sentence.
        self.upper.clear();
        self.upper.resize(texts.len(), false);
        let (mut words, mut capitals) = (0usize, 0usize);
        let (mut long, mut capitalized) = (0usize, 0usize);
        for (i, (t, up)) in texts.iter().zip(self.upper.iter_mut()).enumerate() {
            let case = case_of(t);
            *up = case & UPPER != 0;
            words += (case & TWO_LETTERS != 0) as usize;
            capitals += (case & (TWO_LETTERS | UPPER | LOWER) == TWO_LETTERS | UPPER) as usize;
            let counted = (i > 0 && t.len() >= 3) as usize;
            long += counted;
            capitalized += counted & (case / FIRST_UPPER) as usize;
        }
        self.shouting = words >= 3 && capitals * 4 >= words * 3;
        self.title_like = capitalized >= 2 && capitalized * 2 >= long;
    }
}

// The case of a word, as bits: an uppercase letter, a lowercase letter, two
// letters or more, a first letter that is uppercase.
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const TWO_LETTERS: u8 = 4;
const FIRST_UPPER: u8 = 8;

/// `bit` if `on` (without a branch).
#[inline]
fn bit(on: bool, bit: u8) -> u8 {
    on as u8 * bit
}

/// The case bits of a word. Only ASCII words of up to eight bytes (most
/// words) are done inline, without a loop: a loop or a call in the loop over
/// a sentence's words made it keep its counts on the stack.
#[inline]
fn case_of(t: &str) -> u8 {
    let bytes = t.as_bytes();
    if bytes.len() <= 8 {
        let x = super::hash::load_short(bytes);
        if x & ASCII_HIGH == 0 {
            return word_bits(x);
        }
    }
    other_case(t)
}

/// [`case_of`] of the other words.
#[inline(never)]
fn other_case(t: &str) -> u8 {
    ascii_case(t.as_bytes()).unwrap_or_else(|| unicode_case(t))
}

/// [`ascii_case`] of any text, char by char.
#[cold]
#[inline(never)]
fn unicode_case(t: &str) -> u8 {
    let (mut upper, mut lower, mut letters) = (false, false, 0);
    for c in t.chars() {
        upper |= c.is_uppercase();
        lower |= c.is_lowercase();
        letters += c.is_alphabetic() as usize;
    }
    let first_upper = t.starts_with(|c: char| c.is_uppercase());
    bit(upper, UPPER)
        | bit(lower, LOWER)
        | bit(letters >= 2, TWO_LETTERS)
        | bit(first_upper, FIRST_UPPER)
}

/// The high bit of each byte of a word.
const ASCII_HIGH: u64 = 0x8080_8080_8080_8080;

/// The uppercase and the lowercase letters of eight ASCII bytes, as their
/// high bits.
#[inline]
fn ascii_letters(x: u64) -> (u64, u64) {
    // Adding to a byte below 0x80 sets its high bit from a bound on:
    // `A` 0x41, past `Z` 0x5b, `a` 0x61, past `z` 0x7b.
    let u = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & !x.wrapping_add(0x2525_2525_2525_2525);
    let l = x.wrapping_add(0x1f1f_1f1f_1f1f_1f1f) & !x.wrapping_add(0x0505_0505_0505_0505);
    (u & ASCII_HIGH, l & ASCII_HIGH)
}

/// The case bits from the letters of a word (`u`, `l`: as [`ascii_letters`]
/// gives them) and those of its first eight bytes (`first`).
#[inline]
fn ascii_bits(u: u64, l: u64, two_letters: bool, first: u64) -> u8 {
    // The high bit of the first byte: a capital first.
    bit(u != 0, UPPER)
        | bit(l != 0, LOWER)
        | bit(two_letters, TWO_LETTERS)
        | bit(first & 0x80 != 0, FIRST_UPPER)
}

/// The case bits of up to eight ASCII bytes, zero-padded.
#[inline]
fn word_bits(x: u64) -> u8 {
    let (u, l) = ascii_letters(x);
    let both = u | l;
    ascii_bits(u, l, both & both.wrapping_sub(1) != 0, u)
}

/// The case bits of ASCII `bytes`; `None` if they are not all ASCII. Eight
/// bytes at a time.
fn ascii_case(bytes: &[u8]) -> Option<u8> {
    if bytes.len() <= 8 {
        let x = super::hash::load_short(bytes);
        return (x & ASCII_HIGH == 0).then(|| word_bits(x));
    }
    let (mut upper, mut lower) = (0u64, 0u64);
    let mut first = None;
    let mut two_letters = false;
    let mut add = |x: u64| {
        let (u, l) = ascii_letters(x);
        first.get_or_insert(u);
        // A second letter: two in this word, or one after others.
        let letters = u | l;
        two_letters |=
            letters & letters.wrapping_sub(1) != 0 || (letters != 0 && (upper | lower) != 0);
        upper |= u;
        lower |= l;
        x & ASCII_HIGH == 0
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        if !add(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) {
            return None;
        }
    }
    if !add(super::hash::load_short(chunks.remainder())) {
        return None;
    }
    Some(ascii_bits(upper, lower, two_letters, first.unwrap_or(0)))
}

/// Whether a sentence is a headline in Title Case (`Presiden Resmikan Jalan
/// Tol Baru`): of its words past the first that are common lowercase words,
/// at least two are capitalized, and more are capitalized than not.
pub(crate) fn is_title_case(texts: &[&str], vocabulary: &Vocabulary) -> bool {
    // Cheap test first: most words of three letters or more capitalized.
    let (mut long, mut capitalized) = (0, 0);
    for t in texts.iter().skip(1) {
        if t.len() >= 3 {
            long += 1;
            capitalized += t.starts_with(|c: char| c.is_uppercase()) as usize;
        }
    }
    if capitalized < 2 || capitalized * 2 < long {
        return false;
    }
    let (mut upper, mut lower) = (0, 0);
    for t in texts.iter().skip(1) {
        if t.chars().count() < 3 || !vocabulary.is_common(t) {
            continue;
        }
        if t.starts_with(|c: char| c.is_uppercase()) {
            upper += 1;
        } else {
            lower += 1;
        }
    }
    upper >= 2 && upper > lower
}

fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn suffix(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    match s.char_indices().nth(count - n) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// Feeds the collapsed shape of `word` to `h`: upper `X`, lower `x`, digit
/// `d`, other characters as themselves (non-ASCII ones as `*`), runs of one
/// class collapsed, at most 8 symbols.
fn shape(word: &str, folded: bool, h: &mut Fnv) {
    let mut last = 0u8;
    let mut n = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            if folded { b'x' } else { b'X' }
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'*'
        };
        if s != last {
            h.byte(s);
            last = s;
            n += 1;
            if n == 8 {
                break;
            }
        }
    }
}

#[cfg(test)]
pub(crate) fn shape_string(word: &str, folded: bool) -> String {
    // The same walk as `shape`, written out for the tests.
    let mut out = String::new();
    for c in word.chars() {
        let s = if c.is_uppercase() {
            if folded { 'x' } else { 'X' }
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_ascii() {
            c
        } else {
            '*'
        };
        if !out.ends_with(s) && out.chars().count() < 8 {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps() {
        for (word, cap) in [
            ("kata", Cap::Lower),
            ("Jakarta", Cap::Title),
            ("Dr.", Cap::Title),
            ("KPK", Cap::Upper),
            ("PDI-P", Cap::Upper),
            ("S.", Cap::Single),
            ("NasDem", Cap::Mixed),
            ("iPhone", Cap::Mixed),
            ("COVID-19", Cap::Digit),
            ("2023", Cap::Digit),
            ("—", Cap::Other),
            ("“", Cap::Other),
            ("Élysée", Cap::Title),
        ] {
            assert_eq!(Cap::of(word), cap, "{word}");
        }
    }

    #[test]
    fn folded_words_are_lowercase() {
        let w = Word {
            text: "JAKARTA",
            kind: TokenKind::Word,
            folded: true,
        };
        assert_eq!(w.cap(), Cap::Lower);
        assert_eq!(shape_string("JAKARTA", true), "x");
    }

    #[test]
    fn shapes() {
        for (word, shape) in [
            ("Jakarta", "Xx"),
            ("KPK", "X"),
            ("PDI-P", "X-X"),
            ("Dr.", "Xx."),
            ("22/2/2023", "d/d/d"),
            ("Ma’ruf", "Xx*x"),
            ("kompas.com", "x.x"),
        ] {
            assert_eq!(shape_string(word, false), shape, "{word}");
        }
    }

    #[test]
    fn affixes_count_letters_not_bytes() {
        assert_eq!(prefix("menyatakan", 3), "men");
        assert_eq!(suffix("menyatakan", 3), "kan");
        assert_eq!(suffix("Élysée", 2), "ée");
        assert_eq!(prefix("ab", 4), "ab");
    }

    #[test]
    fn ascii_case_from_words() {
        for word in [
            "",
            "a",
            "Ab",
            "KPK",
            "PDI-P",
            "kata",
            "Jakarta",
            "menyatakannya",
            "@[`{",
            "2023",
            "1234567a",
            "1234567ab",
            "1234567a1234567b",
            "Menyatakannya",
            "mENYATAKANNYA",
            "KEMENTERIAN",
        ] {
            let bytes = word.as_bytes();
            let expected = bit(bytes.iter().any(u8::is_ascii_uppercase), UPPER)
                | bit(bytes.iter().any(u8::is_ascii_lowercase), LOWER)
                | bit(
                    bytes.iter().filter(|b| b.is_ascii_alphabetic()).count() >= 2,
                    TWO_LETTERS,
                )
                | bit(
                    bytes.first().is_some_and(u8::is_ascii_uppercase),
                    FIRST_UPPER,
                );
            assert_eq!(ascii_case(bytes), Some(expected), "{word}");
            assert_eq!(unicode_case(word), expected, "{word}");
            assert_eq!(case_of(word), expected, "{word}");
        }
        assert_eq!(ascii_case("Élysée".as_bytes()), None);
        assert_eq!(case_of("Élysée"), UPPER | LOWER | TWO_LETTERS | FIRST_UPPER);
    }

    #[test]
    fn shouting() {
        assert!(is_shouting(&["PRESIDEN", "RESMIKAN", "JALAN", "TOL"]));
        assert!(!is_shouting(&[
            "JAKARTA", ",", "KOMPAS", "—", "Presiden", "Joko", "Widodo", "datang"
        ]));
        assert!(!is_shouting(&["KPK", "DPR"]));
    }
}
