//! The entity stage's word lists, made into one lookup table at compile time.
//!
//! Every list is a `.txt` file beside this module (see each file's header for
//! its source and licence). A word maps to the set of [`Class`]es whose lists
//! hold it; an entry of several words (`amerika serikat`, `komisi
//! pemberantasan korupsi`) is a *phrase*, found by [`Lists::phrases`] over a
//! run of tokens. `build.rs` parses the files (with
//! [`crate::lexicon::entries_of`]; a test checks the tables agree) into two
//! open-addressing tables of word and phrase keys, probed in place, so that
//! start-up parses nothing. Lookups ignore case and never allocate. The alias
//! groups (`aliases.txt`, a few dozen lines) are parsed here on first use.

use std::sync::OnceLock;

use super::hash::{self, Fnv, HashedMap};
use crate::lexicon::entries_of;

/// One word list: what its membership says about a word.
// Some classes are only ever given by a list file (their bits come from
// `build.rs`); the run-time code never names them.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A role before a person's name: `Presiden`, `Menteri`, `pelatih`.
    Title = 0,
    /// `Pak`, `Bu`, `H.`, `Prof.`
    Honorific,
    /// First word of an organization's name: `PT`, `Partai`, `Kementerian`.
    OrgHead,
    /// Last word of an organization's name: `Tbk`, `Persero`.
    OrgTail,
    /// First word of a place name: `Kabupaten`, `Jalan`, `Pulau`, `Gedung`.
    LocHead,
    /// Days, months, time zones: capitalized but never entities.
    Calendar,
    Country,
    /// Indonesian provinces, regencies and cities.
    Region,
    /// Indonesian districts (kecamatan).
    District,
    /// World places and common short forms (`Eropa`, `Beijing`, `AS`, `Jabar`).
    Place,
    /// Well-known organizations (`KPK`, `NATO`, `Golkar`, `Reuters`).
    Organization,
    GivenName,
    FamilyName,
    /// Abbreviations of common nouns (`BBM`, `KTP`, `UU`): capitals, no name.
    Acronym,
    /// A frequent word of the training text that is written in lowercase: not
    /// from a list file but from the model (see [`super::features::Vocabulary`]).
    Common,
    /// Feasts (`Idul Fitri`, `Imlek`): like days and months, never inside a
    /// person's name. Used by rules only, not a feature of the model (the
    /// model was trained without it), so it comes after [`Class::COUNT`].
    Feast,
}

impl Class {
    /// The classes the model has features for (all but [`Class::Feast`]).
    pub(crate) const COUNT: usize = 15;
    /// Their bits.
    pub(crate) const FEATURES: u16 = (1 << Class::COUNT) - 1;

    pub(crate) const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The list files, with the class each one gives its entries (`build.rs`
/// names them too, by class number; tests parse them here).
#[cfg(test)]
pub(crate) const FILES: [(&str, &str, Class); Class::COUNT] = [
    ("titles.txt", include_str!("titles.txt"), Class::Title),
    (
        "honorifics.txt",
        include_str!("honorifics.txt"),
        Class::Honorific,
    ),
    (
        "org-heads.txt",
        include_str!("org-heads.txt"),
        Class::OrgHead,
    ),
    (
        "org-tails.txt",
        include_str!("org-tails.txt"),
        Class::OrgTail,
    ),
    (
        "loc-heads.txt",
        include_str!("loc-heads.txt"),
        Class::LocHead,
    ),
    (
        "calendar.txt",
        include_str!("calendar.txt"),
        Class::Calendar,
    ),
    (
        "countries.txt",
        include_str!("countries.txt"),
        Class::Country,
    ),
    ("regions.txt", include_str!("regions.txt"), Class::Region),
    (
        "districts.txt",
        include_str!("districts.txt"),
        Class::District,
    ),
    ("places.txt", include_str!("places.txt"), Class::Place),
    (
        "organizations.txt",
        include_str!("organizations.txt"),
        Class::Organization,
    ),
    (
        "given-names.txt",
        include_str!("given-names.txt"),
        Class::GivenName,
    ),
    (
        "family-names.txt",
        include_str!("family-names.txt"),
        Class::FamilyName,
    ),
    ("acronyms.txt", include_str!("acronyms.txt"), Class::Acronym),
    ("feasts.txt", include_str!("feasts.txt"), Class::Feast),
];

pub(crate) const ALIASES: &str = include_str!("aliases.txt");

/// Key kinds of the hashes in this module.
const WORD: u8 = b'w';
const PHRASE: u8 = b'p';

/// What the lists know about one word.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordEntry {
    /// Classes whose lists hold the word as a whole entry.
    pub classes: u16,
    /// The longest phrase (in words) that starts with this word; 0 if none.
    pub phrase_words: u8,
}

/// A phrase found in a run of tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhraseMatch {
    pub start: usize,
    pub len: usize,
    pub classes: u16,
}

// `WORDS`, `WORD_BITS`, `PHRASES` and `PHRASE_BITS`: tables whose keys are
// ascending, each at its home slot `key >> (64 - bits)` or after the key
// before it; unused slots, the last always one, have the key `u64::MAX`.
include!(concat!(env!("OUT_DIR"), "/entity_lists.rs"));

/// A fingerprint of the entries of every list the model has features for
/// (made by `build.rs`). Training records it in `model.lists`; a test checks
/// that the lists have not changed since, which would make the committed
/// model other than what training makes.
pub(crate) fn feature_lists() -> u64 {
    FEATURE_LISTS
}

/// The value of `key` in a table of `build.rs`.
#[inline]
fn probe<V: Copy>(slots: &[(u64, V)], bits: u32, key: u64) -> Option<V> {
    let mut i = (key >> (64 - bits)) as usize;
    // The last slot's key is the greatest: the walk ends there at most.
    loop {
        let (k, v) = slots[i];
        if k >= key {
            return (k == key && k != u64::MAX).then_some(v);
        }
        i += 1;
    }
}

pub(crate) struct Lists {
    /// Alias group of each name (hash of the lowercase name → group index).
    alias_group: HashedMap<u32>,
    /// The first and last letters and the lengths of the names of the alias
    /// groups that are ASCII when lowercased: for a name of `len` bytes
    /// starting with the byte `b` and ending with `e`, bit `len.min(63)` of
    /// `alias_shapes[0][b]` and of `alias_shapes[1][e]` is set. Most names
    /// of an article fail this test, and need not be hashed.
    alias_shapes: [[u64; 128]; 2],
    /// The names of each alias group, in file order, lowercase.
    alias_names: Vec<Vec<String>>,
}

/// The lists (their alias groups parsed on first use).
pub(crate) fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(Lists::build)
}

impl Lists {
    /// The words and phrases of the list files, parsed at run time: what
    /// `build.rs` makes the tables of.
    #[cfg(test)]
    fn parse() -> (HashedMap<WordEntry>, HashedMap<u16>) {
        let mut words: HashedMap<WordEntry> = HashedMap::default();
        let mut phrases: HashedMap<u16> = HashedMap::default();
        for (_, source, class) in FILES {
            for entry in entries_of(source) {
                let parts: Vec<&str> = entry.split_whitespace().collect();
                if parts.len() == 1 {
                    words.entry(word_key(entry)).or_default().classes |= class.bit();
                } else {
                    *phrases.entry(phrase_key(&parts)).or_default() |= class.bit();
                    let first = words.entry(word_key(parts[0])).or_default();
                    first.phrase_words = first.phrase_words.max(parts.len().min(255) as u8);
                }
            }
        }
        (words, phrases)
    }

    fn build() -> Lists {
        let mut alias_group = HashedMap::default();
        let mut alias_shapes = [[0u64; 128]; 2];
        let mut alias_names = Vec::new();
        for line in entries_of(ALIASES) {
            let names: Vec<String> = line
                .split('|')
                .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|n| !n.is_empty())
                .collect();
            for name in &names {
                alias_group.insert(hash::lower(PHRASE, name), alias_names.len() as u32);
                // A name not ASCII when lowercased is no ASCII name's
                // lowercase: only ASCII names are tested by shape.
                let lower = name.to_lowercase();
                let bytes = lower.as_bytes();
                if let (Some(&b), Some(&e), true) = (bytes.first(), bytes.last(), lower.is_ascii())
                {
                    alias_shapes[0][b as usize] |= 1 << lower.len().min(63);
                    alias_shapes[1][e as usize] |= 1 << lower.len().min(63);
                }
            }
            alias_names.push(names);
        }
        Lists {
            alias_group,
            alias_shapes,
            alias_names,
        }
    }

    /// What the lists know about `word` (any case).
    pub(crate) fn word(&self, word: &str) -> WordEntry {
        probe(&WORDS, WORD_BITS, word_key(word)).unwrap_or_default()
    }

    /// Whether `word` is in the list of `class`.
    #[cfg(test)]
    pub(crate) fn is(&self, word: &str, class: Class) -> bool {
        self.word(word).classes & class.bit() != 0
    }

    /// The longest phrases of several words among `words` (leftmost first, not
    /// overlapping). `entries[i]` must be `self.word(words[i])`.
    pub(crate) fn phrases(
        &self,
        words: &[&str],
        entries: &[WordEntry],
        out: &mut Vec<PhraseMatch>,
    ) {
        let mut i = 0;
        while i < words.len() {
            let longest = (entries[i].phrase_words as usize).min(words.len() - i);
            // The keys of the phrases of 2, 3, … words here, each from the
            // one before ([`phrase_key`] word by word; a key does not
            // depend on how its bytes are split): each word hashed once.
            let mut found = None;
            if longest >= 2 {
                let mut h = Fnv::new(PHRASE);
                h.lower(words[i]);
                for len in 2..=longest {
                    h.byte(b' ');
                    h.lower(words[i + len - 1]);
                    if let Some(classes) = probe(&PHRASES, PHRASE_BITS, h.finish()) {
                        found = Some(PhraseMatch {
                            start: i,
                            len,
                            classes,
                        });
                    }
                }
            }
            match found {
                Some(m) => {
                    out.push(m);
                    i += m.len;
                }
                None => i += 1,
            }
        }
    }

    /// The alias group of a name (words separated by single spaces, any case).
    #[cfg(test)]
    pub(crate) fn alias_group(&self, name: &str) -> Option<u32> {
        self.alias_group_of(hash::lower(PHRASE, name))
    }

    /// A hash to feed a name to, lowercased ([`Fnv::lower`]), for
    /// [`Lists::alias_group_of`].
    pub(crate) fn alias_hash(&self) -> Fnv {
        Fnv::new(PHRASE)
    }

    /// Whether an ASCII name of `len` bytes whose first and last bytes are
    /// `first` and `last` may be in an alias group (any case): if not, it
    /// need not be hashed.
    pub(crate) fn may_be_alias(&self, first: u8, last: u8, len: usize) -> bool {
        let bit = 1 << len.min(63);
        let (first, last) = (first.to_ascii_lowercase(), last.to_ascii_lowercase());
        first < 0x80
            && last < 0x80
            && self.alias_shapes[0][first as usize] & bit != 0
            && self.alias_shapes[1][last as usize] & bit != 0
    }

    /// [`Lists::alias_group`] of a name hashed with [`Lists::alias_hash`].
    pub(crate) fn alias_group_of(&self, key: u64) -> Option<u32> {
        self.alias_group.get(&key).copied()
    }

    /// The names of an alias group, in file order, lowercase.
    pub(crate) fn alias_names(&self, group: u32) -> &[String] {
        &self.alias_names[group as usize]
    }
}

fn word_key(word: &str) -> u64 {
    hash::lower(WORD, word)
}

/// The key of words joined by single spaces, lowercased ([`Lists::phrases`]
/// makes it word by word).
#[cfg(test)]
fn phrase_key<S: AsRef<str>>(words: &[S]) -> u64 {
    let mut h = Fnv::new(PHRASE);
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            h.byte(b' ');
        }
        h.lower(w.as_ref());
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::lint;

    #[test]
    fn the_committed_model_was_trained_with_these_feature_lists() {
        // A list the model has features for changed without retraining: the
        // committed model is no longer what the training command makes.
        // Retrain (README, "Training the entity model") and commit
        // model.bin, model-folded.bin and model.lists together.
        assert_eq!(
            include_str!("model.lists"),
            crate::entities::train::model_lists_file(),
            "a feature list changed since the entity model was trained"
        );
    }

    #[test]
    fn list_files_are_tidy() {
        for (name, source, _) in FILES {
            assert_eq!(lint(source, true), Vec::<String>::new(), "{name}");
        }
        assert_eq!(lint(ALIASES, true), Vec::<String>::new(), "aliases.txt");
    }

    #[test]
    fn compiled_tables_hold_the_lists() {
        let (words, phrases) = Lists::parse();
        for (&key, &entry) in &words {
            assert_eq!(probe(&WORDS, WORD_BITS, key), Some(entry), "{key:#x}");
        }
        for (&key, &classes) in &phrases {
            assert_eq!(probe(&PHRASES, PHRASE_BITS, key), Some(classes), "{key:#x}");
        }
        let used = |keys: &mut dyn Iterator<Item = u64>| keys.filter(|&k| k != u64::MAX).count();
        assert_eq!(used(&mut WORDS.iter().map(|s| s.0)), words.len());
        assert_eq!(used(&mut PHRASES.iter().map(|s| s.0)), phrases.len());
        assert_eq!(WORDS.last().map(|s| s.0), Some(u64::MAX));
        assert_eq!(PHRASES.last().map(|s| s.0), Some(u64::MAX));
    }

    #[test]
    fn alias_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for line in entries_of(ALIASES) {
            let names: Vec<&str> = line.split('|').map(str::trim).collect();
            assert!(names.len() >= 2, "a group of one: {line:?}");
            for name in names {
                assert!(seen.insert(name), "{name:?} is in two alias groups");
            }
        }
    }

    #[test]
    fn words_have_their_classes() {
        let lists = lists();
        for (word, class, expected) in [
            ("Presiden", Class::Title, true),
            ("kapolri", Class::Title, true),
            ("Pak", Class::Honorific, true),
            ("Prof.", Class::Honorific, true),
            ("PT", Class::OrgHead, true),
            ("Kementerian", Class::OrgHead, true),
            ("Tbk", Class::OrgTail, true),
            ("Kabupaten", Class::LocHead, true),
            ("Jl.", Class::LocHead, true),
            ("Rabu", Class::Calendar, true),
            ("Februari", Class::Calendar, true),
            ("Ukraina", Class::Country, true),
            ("Bogor", Class::Region, true),
            ("Surabaya", Class::Region, true),
            ("Eropa", Class::Place, true),
            ("Moskow", Class::Place, true),
            ("KPK", Class::Organization, true),
            ("NATO", Class::Organization, true),
            ("Aljazeera", Class::Organization, true),
            ("Budi", Class::GivenName, true),
            ("Gunawan", Class::FamilyName, true),
            ("Imlek", Class::Feast, true),
            ("Idulfitri", Class::Feast, true),
            ("Imlek", Class::Calendar, false),
            ("Februari", Class::Calendar, true),
            ("antara", Class::Organization, false),
            ("mengatakan", Class::Title, false),
        ] {
            assert_eq!(lists.is(word, class), expected, "{word} {class:?}");
        }
    }

    #[test]
    fn phrases_are_longest_first() {
        let lists = lists();
        let words = [
            "di", "Amerika", "Serikat", "dan", "Jawa", "Tengah", "kemarin",
        ];
        let entries: Vec<WordEntry> = words.iter().map(|w| lists.word(w)).collect();
        let mut found = Vec::new();
        lists.phrases(&words, &entries, &mut found);
        let spans: Vec<(usize, usize)> = found.iter().map(|m| (m.start, m.len)).collect();
        assert_eq!(spans, [(1, 2), (4, 2)]);
        assert!(found[0].classes & Class::Country.bit() != 0);
        assert!(found[1].classes & Class::Region.bit() != 0);
    }

    /// Every name of an alias group, in any case, passes the shape test
    /// (when ASCII); a name of another length or first letter fails it.
    #[test]
    fn alias_shapes_hold_the_alias_names() {
        let lists = lists();
        for names in &lists.alias_names {
            for name in names.iter().filter(|n| n.is_ascii()) {
                let upper = name.to_uppercase();
                for n in [name.as_str(), upper.as_str()] {
                    let (first, last) = (n.as_bytes()[0], n.as_bytes()[n.len() - 1]);
                    assert!(lists.may_be_alias(first, last, n.len()), "{n}");
                }
            }
        }
        assert!(!lists.may_be_alias(b'Q', b'Q', 1));
    }

    /// The phrases found with keys made word by word are those found by
    /// probing each length, longest first, with [`phrase_key`].
    #[test]
    fn phrases_match_longest_first_probing() {
        let lists = lists();
        let text = "Menteri Luar Negeri Amerika Serikat dan Komisi Pemberantasan \
                    Korupsi di Kabupaten Bogor , Jawa Barat , dan Partai Demokrasi \
                    Indonesia Perjuangan di Daerah Istimewa Yogyakarta serta Jawa";
        let words: Vec<&str> = text.split_whitespace().collect();
        let entries: Vec<WordEntry> = words.iter().map(|w| lists.word(w)).collect();
        let mut expected = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let longest = (entries[i].phrase_words as usize).min(words.len() - i);
            let found = (2..=longest).rev().find_map(|len| {
                probe(&PHRASES, PHRASE_BITS, phrase_key(&words[i..i + len])).map(|classes| {
                    PhraseMatch {
                        start: i,
                        len,
                        classes,
                    }
                })
            });
            match found {
                Some(m) => {
                    expected.push(m);
                    i += m.len;
                }
                None => i += 1,
            }
        }
        let mut found = Vec::new();
        lists.phrases(&words, &entries, &mut found);
        assert_eq!(found, expected);
        assert!(found.len() >= 3, "{found:?}");
    }

    #[test]
    fn alias_groups() {
        let lists = lists();
        let g = lists.alias_group("Tiongkok").unwrap();
        assert_eq!(lists.alias_group("CINA"), Some(g));
        assert_eq!(lists.alias_group("republik rakyat tiongkok"), Some(g));
        assert_ne!(lists.alias_group("AS"), Some(g));
        assert_eq!(lists.alias_group("Budi"), None);
        assert_eq!(lists.alias_names(g)[0], "republik rakyat tiongkok");
    }
}
