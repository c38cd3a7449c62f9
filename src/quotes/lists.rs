//! The quote stage's word lists, parsed once: reporting cues (`cues.txt`), the
//! speaker grammar's words (`words.txt`), place words (`places.txt`) and given
//! names (`given-names.txt`).
//!
//! Lookups ignore case and never allocate for ASCII words up to 32 bytes; they
//! use a small multiplicative hash because the cue lookup runs on every word
//! of every article.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

use crate::lexicon::entries_of;

/// How a reporting cue frames what was said (see `cues.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// `"…," kata X`, `…, ujarnya`.
    After,
    /// `X mengatakan (bahwa) …`: content may follow the verb directly.
    Say,
    /// `X menyampaikan, …`: content only after `bahwa`, a comma, a colon or a mark.
    Tell,
    /// `Dikatakannya, …`, `Seperti dijelaskan X, …`.
    Passive,
    /// `Menurut X, …`.
    Source,
    /// `seperti dikutip AFP`: names the outlet, not the speaker.
    Relay,
}

impl CueKind {
    fn parse(s: &str) -> Option<CueKind> {
        Some(match s {
            "after" => CueKind::After,
            "say" => CueKind::Say,
            "tell" => CueKind::Tell,
            "passive" => CueKind::Passive,
            "source" => CueKind::Source,
            "relay" => CueKind::Relay,
            _ => return None,
        })
    }

    /// Whether `-nya` on this cue names the speaker (`katanya`, `dikatakannya`).
    fn takes_clitic(self) -> bool {
        matches!(self, CueKind::After | CueKind::Passive | CueKind::Source)
    }
}

/// A word recognized as a cue: its kind, and whether it carries the speaker as
/// `-nya` (`ujarnya`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub kind: CueKind,
    pub clitic: bool,
}

/// Kinds of a word in `words.txt`, as bit flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Kinds(u32);

impl Kinds {
    pub const TITLE: Kinds = Kinds(1);
    pub const DETERMINER: Kinds = Kinds(1 << 1);
    pub const ROLE: Kinds = Kinds(1 << 2);
    pub const PARTICLE: Kinds = Kinds(1 << 3);
    pub const PRONOUN: Kinds = Kinds(1 << 4);
    pub const TAIL: Kinds = Kinds(1 << 5);
    pub const ADVERB: Kinds = Kinds(1 << 6);
    pub const NEGATION: Kinds = Kinds(1 << 7);
    pub const COMPLEMENT: Kinds = Kinds(1 << 8);
    pub const AGENT: Kinds = Kinds(1 << 9);
    pub const DAY: Kinds = Kinds(1 << 10);
    pub const DOCUMENT: Kinds = Kinds(1 << 11);
    pub const SHIFT: Kinds = Kinds(1 << 12);
    pub const ANAPHOR: Kinds = Kinds(1 << 13);
    pub const ECHO: Kinds = Kinds(1 << 14);
    pub const CONNECTOR: Kinds = Kinds(1 << 15);
    pub const DAYPART: Kinds = Kinds(1 << 16);
    pub const SELF: Kinds = Kinds(1 << 17);

    fn parse(s: &str) -> Option<Kinds> {
        Some(match s {
            "title" => Kinds::TITLE,
            "determiner" => Kinds::DETERMINER,
            "role" => Kinds::ROLE,
            "particle" => Kinds::PARTICLE,
            "pronoun" => Kinds::PRONOUN,
            "tail" => Kinds::TAIL,
            "adverb" => Kinds::ADVERB,
            "negation" => Kinds::NEGATION,
            "complement" => Kinds::COMPLEMENT,
            "agent" => Kinds::AGENT,
            "day" => Kinds::DAY,
            "document" => Kinds::DOCUMENT,
            "shift" => Kinds::SHIFT,
            "anaphor" => Kinds::ANAPHOR,
            "echo" => Kinds::ECHO,
            "connector" => Kinds::CONNECTOR,
            "daypart" => Kinds::DAYPART,
            "self" => Kinds::SELF,
            _ => return None,
        })
    }

    pub fn bits(self) -> u32 {
        self.0
    }

    pub fn from_bits(bits: u32) -> Kinds {
        Kinds(bits)
    }

    pub fn has(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for Kinds {
    type Output = Kinds;
    fn bitor(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }
}

/// Maps and sets keyed by a word's bytes: a lowercased copy of a word is
/// looked up as it is, with no check that it is UTF-8.
type FxMap<V> = FxHashMap<Box<[u8]>, V>;
type FxSet = FxHashSet<Box<[u8]>>;

/// The key of `word` in an [`FxMap`] or [`FxSet`].
fn key(word: &str) -> Box<[u8]> {
    word.as_bytes().into()
}

/// A filter of [`SKETCH_BITS`] bits over a word's length and first, second,
/// middle and last letters (the middle one tells apart the many verbs of one
/// length that start with `me` and end in `n`):
/// most words of a text are not in a list and are turned away without
/// hashing the whole word.
#[derive(Clone)]
struct Sketch([u64; SKETCH_BITS / 64]);

/// The bits of a [`Sketch`]: 2 KiB, so that the 859 entries of `words.txt`
/// set few enough of them (one in 20) to turn away most other words, and the
/// cue sketch lets through few words that are no cue.
const SKETCH_BITS: usize = 1 << 14;

impl Default for Sketch {
    fn default() -> Sketch {
        Sketch([0; SKETCH_BITS / 64])
    }
}

impl Sketch {
    #[inline]
    fn key(w: &[u8]) -> usize {
        let len = w.len();
        Sketch::key_of(len, w[0], w.get(1).copied(), w[len / 2], w[len - 1])
    }

    /// [`Sketch::key`] of a word of `len` bytes from its first, second (if
    /// any), middle and last bytes.
    #[inline]
    fn key_of(len: usize, first: u8, second: Option<u8>, middle: u8, last: u8) -> usize {
        let fold = |b: u8| (b | 0x20) as usize;
        (len.wrapping_mul(0x9e37)
            ^ fold(first).wrapping_mul(0x45d9)
            ^ second.map_or(0, fold).wrapping_mul(0x2c1b)
            ^ (fold(middle) << 7)
            ^ fold(last).wrapping_mul(0x3b9))
            & (SKETCH_BITS - 1)
    }

    /// The sketch of these words.
    fn of<'w>(words: impl Iterator<Item = &'w str>) -> Sketch {
        let mut sketch = Sketch::default();
        words.for_each(|w| sketch.insert(w));
        sketch
    }

    fn insert(&mut self, w: &str) {
        if let Some(k) = (!w.is_empty()).then(|| Sketch::key(w.as_bytes())) {
            self.0[k >> 6] |= 1 << (k & 63);
        }
    }

    /// False only when `w` (in any case) is certainly not inserted.
    #[inline]
    fn may_contain(&self, b: &[u8]) -> bool {
        let len = b.len();
        let (first, second, last) = match b {
            [] => return false,
            [f] => (*f, None, *f),
            [f, s, ..] => (*f, Some(*s), b[len - 1]),
        };
        let middle = b[len / 2];
        // The key reads these bytes; a non-ASCII one there may fold
        // differently, so let it through.
        if (first | second.unwrap_or(0) | middle | last) >= 0x80 {
            return true;
        }
        self.holds(Sketch::key_of(len, first, second, middle, last))
    }

    /// Whether the bit of key `k` is set.
    #[inline]
    fn holds(&self, k: usize) -> bool {
        self.0[k >> 6] & (1 << (k & 63)) != 0
    }
}

/// Which lengths the words of a list have for each pair of first and last
/// letters (folded as [`Sketch`] folds them, five bits each): a table of
/// 4 KiB read with one load, that turns away six words in seven of a text
/// before the cue sketch computes its key.
struct Shapes(Box<[u32; 1024]>);

impl Shapes {
    fn new() -> Shapes {
        Shapes(Box::new([0; 1024]))
    }

    #[inline]
    fn slot(first: u8, last: u8) -> usize {
        (((first | 0x20) & 31) as usize) << 5 | ((last | 0x20) & 31) as usize
    }

    /// Adds a word of ASCII letters (the cues are) shorter than 32 bytes.
    fn insert(&mut self, w: &str) {
        let b = w.as_bytes();
        assert!(b.is_ascii() && (1..32).contains(&b.len()), "cue `{w}`");
        self.0[Shapes::slot(b[0], b[b.len() - 1])] |= 1 << b.len();
    }

    /// False only when no inserted word has this length, first and last
    /// byte in any ASCII case; `len` is below 32.
    #[inline]
    fn may_contain(&self, len: usize, first: u8, last: u8) -> bool {
        self.0[Shapes::slot(first, last)] & (1 << len) != 0
    }
}

pub struct Lists {
    cues: FxMap<CueKind>,
    cue_shapes: Shapes,
    cue_sketch: Sketch,
    words: FxMap<Kinds>,
    word_sketch: Sketch,
    title_sketch: Sketch,
    /// The phrase starts and the `shift` words: what a sentence that opens
    /// a new topic starts with.
    topic_sketch: Sketch,
    places: FxSet,
    place_sketch: Sketch,
    given_names: FxSet,
    given_name_sketch: Sketch,
    role_short: FxMap<Box<str>>,
    role_short_sketch: Sketch,
    /// `role-edges.txt`: words before and after a role, left out in matching.
    role_openers: FxSet,
    role_demonstratives: FxSet,
    /// First words of the phrases in `words.txt` (`sementara` of `sementara
    /// itu`).
    phrase_starts: FxSet,
    longest_cue: usize,
}

/// The parsed lists (parsed on first use).
pub fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| Lists::parse(CUES, WORDS, PLACES, GIVEN_NAMES))
}

pub const CUES: &str = include_str!("cues.txt");
pub const WORDS: &str = include_str!("words.txt");
pub const PLACES: &str = include_str!("places.txt");
pub const GIVEN_NAMES: &str = include_str!("given-names.txt");
pub const ROLE_SHORT: &str = include_str!("role-short.txt");
pub const ROLE_EDGES: &str = include_str!("role-edges.txt");

/// The words of `role-edges.txt` of one kind.
fn role_edges(kind: &str) -> FxSet {
    entries_of(ROLE_EDGES)
        .filter_map(split_kind)
        .filter(|&(_, k)| k == kind)
        .map(|(word, _)| key(word))
        .collect()
}

/// The words of a list and their sketch, from one pass over its lines
/// (splitting a list into lines costs more than both).
fn set_and_sketch(list: &str) -> (FxSet, Sketch) {
    let mut set = FxSet::default();
    let mut sketch = Sketch::default();
    for word in entries_of(list) {
        sketch.insert(word);
        set.insert(key(word));
    }
    (set, sketch)
}

/// `form kind` → (`form`, `kind`); the form may hold spaces.
fn split_kind(entry: &str) -> Option<(&str, &str)> {
    let (form, kind) = entry.rsplit_once(' ')?;
    Some((form.trim(), kind))
}

impl Lists {
    fn parse(cues: &str, words: &str, places: &str, given_names: &str) -> Lists {
        let mut cue_map = FxMap::default();
        let mut cue_sketch = Sketch::default();
        let mut cue_shapes = Shapes::new();
        let mut longest_cue = 0;
        for entry in entries_of(cues) {
            let (form, kind) = split_kind(entry).expect("cues.txt: `form kind`");
            let kind = CueKind::parse(kind).expect("cues.txt: unknown kind");
            longest_cue = longest_cue.max(form.len() + 3);
            cue_sketch.insert(form);
            cue_shapes.insert(form);
            if kind.takes_clitic() {
                let clitic = format!("{form}nya");
                cue_sketch.insert(&clitic);
                cue_shapes.insert(&clitic);
            }
            cue_map.insert(key(form), kind);
        }
        let mut word_map: FxMap<Kinds> = FxMap::default();
        let mut phrase_starts = FxSet::default();
        let mut word_sketch = Sketch::default();
        let mut title_sketch = Sketch::default();
        let mut topic_sketch = Sketch::default();
        for entry in entries_of(words) {
            let (form, kind) = split_kind(entry).expect("words.txt: `word kind`");
            let kind = Kinds::parse(kind).expect("words.txt: unknown kind");
            word_sketch.insert(form);
            if kind.has(Kinds::TITLE) {
                title_sketch.insert(form);
            }
            if let Some((first, _)) = form.split_once(' ') {
                phrase_starts.insert(key(first));
                topic_sketch.insert(first);
            } else if kind.has(Kinds::SHIFT) {
                topic_sketch.insert(form);
            }
            let slot = word_map.entry(key(form)).or_default();
            *slot = *slot | kind;
        }
        let (places, place_sketch) = set_and_sketch(places);
        let (given_names, given_name_sketch) = set_and_sketch(given_names);
        Lists {
            cues: cue_map,
            cue_shapes,
            cue_sketch,
            words: word_map,
            word_sketch,
            title_sketch,
            topic_sketch,
            places,
            place_sketch,
            given_names,
            given_name_sketch,
            phrase_starts,
            role_short: entries_of(ROLE_SHORT)
                .filter_map(|e| e.split_once(' '))
                .map(|(short, full)| (key(short), full.trim().into()))
                .collect(),
            role_short_sketch: Sketch::of(
                entries_of(ROLE_SHORT).filter_map(|e| e.split_once(' ').map(|(short, _)| short)),
            ),
            role_openers: role_edges("opener"),
            role_demonstratives: role_edges("demonstrative"),
            longest_cue,
        }
    }

    /// The cue `word` is, if any: a listed form, or a listed form plus `-nya`
    /// for the kinds that take it (`katanya`, `dikatakannya`, `menurutnya`).
    ///
    /// Inlined: it is asked of nearly every token, and the sketch turns
    /// down most of them for less than the cost of a call.
    #[inline]
    pub fn cue(&self, word: &str) -> Option<Cue> {
        if !self.may_be_cue(word.as_bytes()) {
            return None;
        }
        self.cue_of(word)
    }

    /// False only when the word of these bytes is certainly no cue: the
    /// test [`Lists::cue`] makes before looking the word up, on bytes, so
    /// that a caller need not cut a `str` for the many words it turns away.
    ///
    /// It reads the bytes the sketch reads; a word with a non-ASCII one
    /// among them goes on to the lookup, as [`Sketch::may_contain`] lets it
    /// (lowercasing may change its length). An ASCII one is turned away by
    /// its length and first and last letters before the sketch's key is
    /// computed.
    #[inline]
    pub fn may_be_cue(&self, word: &[u8]) -> bool {
        let len = word.len();
        if len < 3 || len > self.longest_cue {
            return false;
        }
        let (first, second, middle, last) = (word[0], word[1], word[len / 2], word[len - 1]);
        if (first | second | middle | last) >= 0x80 {
            return true;
        }
        self.cue_shapes.may_contain(len, first, last)
            && self
                .cue_sketch
                .holds(Sketch::key_of(len, first, Some(second), middle, last))
    }

    /// [`Lists::cue`] past [`Lists::may_be_cue`].
    pub fn cue_of(&self, word: &str) -> Option<Cue> {
        with_lowercase(word, |w| {
            if let Some(&kind) = self.cues.get(w) {
                return Some(Cue {
                    kind,
                    clitic: false,
                });
            }
            let base = w.strip_suffix(b"nya")?;
            let &kind = self.cues.get(base)?;
            kind.takes_clitic().then_some(Cue { kind, clitic: true })
        })
    }

    /// The kinds of `word` (or of a phrase of lowercase words joined by one space).
    pub fn kinds(&self, word: &str) -> Kinds {
        if !self.word_sketch.may_contain(word.as_bytes()) {
            return Kinds::default();
        }
        with_lowercase(word, |w| self.words.get(w).copied()).unwrap_or_default()
    }

    pub fn is_place(&self, word: &str) -> bool {
        may_be_in(&self.place_sketch, word) && with_lowercase(word, |w| self.places.contains(w))
    }

    /// False only when `word` is certainly no `title` of `words.txt`.
    pub fn may_be_title(&self, word: &str) -> bool {
        self.title_sketch.may_contain(word.as_bytes())
    }

    /// False only when `word` certainly neither starts a phrase of
    /// `words.txt` nor is a `shift` word: a sentence opening with it does not
    /// open a new topic. Asked of every sentence's first word.
    #[inline]
    pub fn may_open_topic(&self, word: &str) -> bool {
        self.topic_sketch.may_contain(word.as_bytes())
    }

    /// Whether `word` starts a phrase of `words.txt`.
    pub fn starts_phrase(&self, word: &str) -> bool {
        with_lowercase(word, |w| self.phrase_starts.contains(w))
    }

    /// The full form of a short role (`menkeu` → `menteri keuangan`).
    pub fn role_full_form(&self, word: &str) -> Option<&str> {
        if !may_be_in(&self.role_short_sketch, word) {
            return None;
        }
        with_lowercase(word, |w| self.role_short.get(w).map(|f| &**f))
    }

    /// Whether `word` is left out before a role when matching it (`sang`).
    pub fn is_role_opener(&self, word: &str) -> bool {
        with_lowercase(word, |w| self.role_openers.contains(w))
    }

    /// Whether `word` is left out after a role when matching it (`tersebut`).
    pub fn is_role_demonstrative(&self, word: &str) -> bool {
        with_lowercase(word, |w| self.role_demonstratives.contains(w))
    }

    pub fn is_given_name(&self, word: &str) -> bool {
        may_be_in(&self.given_name_sketch, word)
            && with_lowercase(word, |w| self.given_names.contains(w))
    }
}

/// False only when `word` is certainly not in the list of `sketch`: any
/// non-ASCII word may be (lowercasing can change its length, `K` the Kelvin
/// sign becoming `k`), and these lookups are rare enough to look at it.
#[inline]
fn may_be_in(sketch: &Sketch, word: &str) -> bool {
    !word.is_ascii() || sketch.may_contain(word.as_bytes())
}

/// Calls `f` with the bytes of `word` lowercased, without allocating for
/// short ASCII words.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    let bytes = word.as_bytes();
    if !bytes.iter().any(|b| b.is_ascii_uppercase() || *b >= 0x80) {
        return f(bytes);
    }
    if bytes.is_ascii() && bytes.len() <= 32 {
        let mut buf = [0u8; 32];
        for (d, s) in buf.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        return f(&buf[..bytes.len()]);
    }
    f(word.to_lowercase().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::lint;

    #[test]
    fn lists_are_tidy() {
        for (name, source) in [
            ("cues.txt", CUES),
            ("words.txt", WORDS),
            ("places.txt", PLACES),
            ("given-names.txt", GIVEN_NAMES),
            ("role-short.txt", ROLE_SHORT),
            ("role-edges.txt", ROLE_EDGES),
        ] {
            assert_eq!(lint(source, true), Vec::<String>::new(), "{name}");
        }
    }

    #[test]
    fn role_edges_are_openers_or_demonstratives() {
        for entry in entries_of(ROLE_EDGES) {
            let kind = split_kind(entry).map(|(_, k)| k);
            assert!(
                matches!(kind, Some("opener" | "demonstrative")),
                "role-edges.txt: {entry}"
            );
        }
        let lists = lists();
        assert!(lists.is_role_opener("Mantan") && !lists.is_role_opener("tersebut"));
        assert!(lists.is_role_demonstrative("tersebut") && !lists.is_role_demonstrative("sang"));
    }

    #[test]
    fn every_entry_has_a_known_kind() {
        for entry in entries_of(CUES) {
            let kind = split_kind(entry).map(|(_, k)| k);
            assert!(kind.and_then(CueKind::parse).is_some(), "cues.txt: {entry}");
        }
        for entry in entries_of(WORDS) {
            let kind = split_kind(entry).map(|(_, k)| k);
            assert!(kind.and_then(Kinds::parse).is_some(), "words.txt: {entry}");
        }
    }

    #[test]
    fn cue_lookup() {
        let cases: &[(&str, Option<(CueKind, bool)>)] = &[
            ("kata", Some((CueKind::After, false))),
            ("Katanya", Some((CueKind::After, true))),
            ("ujarnya", Some((CueKind::After, true))),
            ("mengatakan", Some((CueKind::Say, false))),
            ("Menurutnya", Some((CueKind::Source, true))),
            ("dikatakannya", Some((CueKind::Passive, true))),
            ("dilansir", Some((CueKind::Relay, false))),
            // -nya does not make a verb a cue of another kind.
            ("mengatakannya", None),
            ("rumah", None),
            ("nya", None),
        ];
        let lists = lists();
        for &(word, expected) in cases {
            let got = lists.cue(word).map(|c| (c.kind, c.clitic));
            assert_eq!(got, expected, "{word}");
        }
    }

    #[test]
    fn cue_filters_turn_away_no_cue() {
        let lists = lists();
        let mut random = crate::xorshift(0x9e37_79b9_7f4a_7c15);
        let lists_words = [CUES, WORDS, PLACES, GIVEN_NAMES, ROLE_SHORT]
            .into_iter()
            .flat_map(entries_of)
            .flat_map(|e| e.split(' '));
        for word in lists_words {
            let mut forms = vec![word.to_string(), word.to_uppercase(), format!("{word}nya")];
            forms.push(word[..1].to_uppercase() + &word[1..]);
            // A letter changed, dropped or doubled, and a non-ASCII letter in.
            let mut bytes = word.as_bytes().to_vec();
            let k = random() as usize % bytes.len();
            bytes[k] = b'a' + (random() % 26) as u8;
            forms.push(String::from_utf8(bytes.clone()).expect("ASCII"));
            bytes.remove(k);
            forms.push(String::from_utf8(bytes).expect("ASCII"));
            forms.push(word.replacen('a', "aa", 1));
            forms.push(word.replacen('k', "\u{212a}", 1));
            for w in &forms {
                // The lookup behind the shapes answers as behind the sketch
                // alone, the filter the shapes were put in front of.
                let b = w.as_bytes();
                let by_sketch =
                    (3..=lists.longest_cue).contains(&b.len()) && lists.cue_sketch.may_contain(b);
                let expected = by_sketch.then(|| lists.cue_of(w)).flatten();
                assert_eq!(lists.cue(w), expected, "{w}");
            }
        }
    }

    #[test]
    fn word_kinds() {
        let lists = lists();
        assert!(lists.kinds("Presiden").has(Kinds::TITLE));
        assert!(lists.kinds("dalam").has(Kinds::TAIL));
        assert!(lists.kinds("Dalam").has(Kinds::ROLE));
        assert!(lists.kinds("sementara itu").has(Kinds::SHIFT));
        for opener in ["Sementara", "Adapun", "Terpisah", "di"] {
            assert!(lists.may_open_topic(opener), "{opener}");
        }
        assert_eq!(lists.kinds("Budi"), Kinds::default());
        assert!(lists.is_place("Rusia"));
        assert!(!lists.is_place("Putin"));
        for (short, full) in entries_of(ROLE_SHORT).filter_map(|e| e.split_once(' ')) {
            let capitalized = short[..1].to_uppercase() + &short[1..];
            assert_eq!(lists.role_full_form(&capitalized), Some(full.trim()));
        }
        // The sketches in front of the lookups turn away no entry, in any case.
        for (list, is_in) in [
            (PLACES, Lists::is_place as fn(&Lists, &str) -> bool),
            (GIVEN_NAMES, Lists::is_given_name),
        ] {
            for entry in entries_of(list) {
                let capitalized = entry[..1].to_uppercase() + &entry[1..];
                for w in [entry, &capitalized, &entry.to_uppercase()] {
                    assert!(is_in(lists, w), "{w}");
                }
            }
        }
    }
}
