//! The date stage's word lists: every `.txt` file beside this module, parsed
//! once into one table of word ids and the roles each word plays.
//!
//! Takes nothing (the lists are embedded with `include_str!`); gives
//! [`words()`], which maps a token's text to a [`WordId`] and a word id to its
//! [`Role`]s (`minggu` is both a weekday and a unit) and to the multi-word
//! phrases it starts (`hari ini`, `dini hari`, `yang lalu`). A list line is
//! `phrase = value` or a bare phrase; values are lowercase codes that
//! [`Role`]s translate. Morphology that builds words from lists lives here too:
//! `se-` + unit (`setahun`: one year) and `ber-` + reduplicated unit
//! (`bertahun-tahun`: years). Deliberately left out: any grammar (see
//! `scan.rs`).

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use crate::analysis::TimexMod;
use crate::lexicon::entries_of;

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Half,
    Year,
    /// Eight years.
    Windu,
    Decade,
    Century,
}

impl Unit {
    fn parse(code: &str) -> Unit {
        match code {
            "second" => Unit::Second,
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "half" => Unit::Half,
            "year" => Unit::Year,
            "windu" => Unit::Windu,
            "decade" => Unit::Decade,
            "century" => Unit::Century,
            _ => panic!("units.txt: unknown unit {code:?}"),
        }
    }

    /// Shorter than a day: a clock unit.
    pub fn is_clock(self) -> bool {
        matches!(self, Unit::Second | Unit::Minute | Unit::Hour)
    }
}

/// A part of the day, as TIMEX3 writes it (`TMO`, `TNI`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Morning,
    Midday,
    Afternoon,
    Evening,
    Night,
    /// `dini hari`: the small hours, written as night.
    Dawn,
}

impl Part {
    fn parse(code: &str) -> Part {
        match code {
            "mo" => Part::Morning,
            "md" => Part::Midday,
            "af" => Part::Afternoon,
            "ev" => Part::Evening,
            "ni" => Part::Night,
            "dawn" => Part::Dawn,
            _ => panic!("parts-of-day.txt: unknown part {code:?}"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Part::Morning => "MO",
            Part::Midday => "MD",
            Part::Afternoon => "AF",
            Part::Evening => "EV",
            Part::Night | Part::Dawn => "NI",
        }
    }
}

/// Which one of a unit, weekday or month, or which way an amount counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dir {
    /// `pekan lalu`, `Senin lalu`, `dua hari lalu`.
    Last,
    /// `tahun ini`.
    This,
    /// `tahun depan`, `Agustus mendatang`.
    Next,
    /// `dua hari lagi`: N ahead, a point.
    Later,
    /// `lima tahun terakhir`: the last N, a duration.
    Recent,
    /// `lima tahun ke depan`: the next N, a duration.
    Ahead,
    /// `tahun sebelumnya`, `sehari sebelumnya`: before the story's day.
    Prior,
    /// `tiga hari kemudian`, `hari berikutnya`: after the story's day.
    Following,
}

impl Dir {
    fn parse(code: &str) -> Dir {
        match code {
            "last" => Dir::Last,
            "this" => Dir::This,
            "next" => Dir::Next,
            "later" => Dir::Later,
            "recent" => Dir::Recent,
            "ahead" => Dir::Ahead,
            "prior" => Dir::Prior,
            "following" => Dir::Following,
            _ => panic!("directions.txt: unknown direction {code:?}"),
        }
    }
}

/// A vague reference: `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vague {
    Present,
    Past,
    Future,
}

impl Vague {
    fn parse(code: &str) -> Vague {
        match code {
            "present" => Vague::Present,
            "past" => Vague::Past,
            "future" => Vague::Future,
            _ => panic!("unknown vague reference {code:?}"),
        }
    }

    pub fn value(self) -> &'static str {
        match self {
            Vague::Present => "PRESENT_REF",
            Vague::Past => "PAST_REF",
            Vague::Future => "FUTURE_REF",
        }
    }
}

/// A lexical tense cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tense {
    Past,
    Future,
}

/// A number word: a value, or an operator on the value before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumWord {
    Value(f64),
    /// `belas`: adds ten.
    Teen,
    /// `puluh`, `ratus`, `ribu`: multiplies.
    Times(f64),
    /// `setengah`.
    Half,
}

/// What a word introduces and takes into the mention (`tahun 2015`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Marker {
    Century,
    Month,
    Decade,
    Weekday,
    Clock,
    Year,
    Day,
}

/// How often: `dua kali seminggu`, `setahun sekali`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frequency {
    Times,
    Once,
}

/// One thing a word or phrase can be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Role {
    Month(u8),
    MonthAbbreviation(u8),
    /// ISO weekday, Monday 1.
    Weekday(u8),
    Unit(Unit),
    Number(NumWord),
    /// `beberapa`, `puluhan`: an unknown amount.
    Many,
    Ordinal(u8),
    Part(Part),
    Zone(&'static str),
    /// `kemarin` −1, `besok` +1.
    DayOffset(i8),
    /// `keesokan harinya` +1: from the story's day.
    StoryDayOffset(i8),
    /// `tadi` (last), `nanti` (next) beside a part of the day.
    PartAnchor(Dir),
    Direction(Dir),
    Vague(Vague),
    /// A vague word that counts only at the start of a clause (`Dulu, …`).
    ClauseVague(Vague),
    /// A vague word that counts only with no word after it in its clause.
    AloneVague(Vague),
    NotVagueAfter,
    Mod(TimexMod),
    Tense(Tense),
    Set,
    Frequency(Frequency),
    Marker(Marker),
    Range,
    DurationCue,
    BeforeEra,
    NotYearAfter,
    CountNoun,
    /// `setahun`: one of a unit.
    OneUnit(Unit),
    /// `bertahun-tahun`: an unknown number of a unit.
    ManyUnits(Unit),
}

impl Role {
    /// The bit of this kind of role (whatever its value) in [`Words::kinds`].
    pub fn kind(&self) -> u64 {
        1 << match self {
            Role::Month(_) => 0,
            Role::MonthAbbreviation(_) => 1,
            Role::Weekday(_) => 2,
            Role::Unit(_) => 3,
            Role::Number(_) => 4,
            Role::Many => 5,
            Role::Ordinal(_) => 6,
            Role::Part(_) => 7,
            Role::Zone(_) => 8,
            Role::DayOffset(_) => 9,
            Role::StoryDayOffset(_) => 10,
            Role::PartAnchor(_) => 11,
            Role::Direction(_) => 12,
            Role::Vague(_) => 13,
            Role::ClauseVague(_) => 14,
            Role::AloneVague(_) => 15,
            Role::NotVagueAfter => 16,
            Role::Mod(_) => 17,
            Role::Tense(_) => 18,
            Role::Set => 19,
            Role::Frequency(_) => 20,
            Role::Marker(_) => 21,
            Role::Range => 22,
            Role::DurationCue => 23,
            Role::BeforeEra => 24,
            Role::NotYearAfter => 25,
            Role::CountNoun => 26,
            Role::OneUnit(_) => 27,
            Role::ManyUnits(_) => 28,
        }
    }

    /// Whether a mention can start at a word with this role.
    pub fn starts(&self) -> bool {
        !matches!(
            self,
            Role::Tense(_)
                | Role::Range
                | Role::DurationCue
                | Role::BeforeEra
                | Role::NotYearAfter
                | Role::CountNoun
                | Role::NotVagueAfter
                | Role::Zone(_)
                | Role::Frequency(Frequency::Times)
                | Role::Direction(_)
                | Role::Ordinal(_)
        )
    }
}

/// Index of a word in [`Words`].
pub type WordId = u32;

/// No word of the lists.
pub const NO_WORD: WordId = WordId::MAX;

/// A multi-word phrase: the ids of the words after the first, and its role.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub rest: Box<[WordId]>,
    pub role: Role,
}

#[derive(Debug, Default)]
struct Entry {
    roles: Vec<Role>,
    phrases: Vec<Phrase>,
    starts: bool,
    /// Whether the word alone (not only as the head of a phrase) can start a
    /// mention: `tidak` starts one only in `tidak lama lagi`.
    starts_alone: bool,
    /// The [`Role::kind`]s of its roles and of the phrases it heads.
    kinds: u64,
}

/// Every word of the date lists.
#[derive(Debug)]
pub struct Words {
    ids: FxHashMap<Box<[u8]>, WordId>,
    entries: Vec<Entry>,
    longest: usize,
    /// For each (first byte, last byte) class pair, the lengths of the words
    /// with them: most text words are rejected here without hashing.
    shapes: Box<[u64]>,
    /// A bit set over [`key`]s of the words a mention can start at: most
    /// text words are rejected with one bit test.
    starter_keys: Box<[u64; KEY_WORDS]>,
    /// The written-ordinal prefix (`ke-` of `ke-21`).
    pub ordinal_prefix: String,
}

/// The date word lists, parsed on first use.
pub fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(Words::load)
}

/// Every list file of the stage, by name (for the tidiness test).
pub const LISTS: &[(&str, &str)] = &[
    ("count-nouns.txt", include_str!("count-nouns.txt")),
    ("day-part-words.txt", include_str!("day-part-words.txt")),
    ("day-words.txt", include_str!("day-words.txt")),
    ("directions.txt", include_str!("directions.txt")),
    ("duration-words.txt", include_str!("duration-words.txt")),
    ("era-words.txt", include_str!("era-words.txt")),
    ("frequency-words.txt", include_str!("frequency-words.txt")),
    ("markers.txt", include_str!("markers.txt")),
    ("modifiers.txt", include_str!("modifiers.txt")),
    (
        "month-abbreviations.txt",
        include_str!("month-abbreviations.txt"),
    ),
    ("months.txt", include_str!("months.txt")),
    ("not-vague-after.txt", include_str!("not-vague-after.txt")),
    ("not-year-after.txt", include_str!("not-year-after.txt")),
    ("numbers.txt", include_str!("numbers.txt")),
    ("ordinals.txt", include_str!("ordinals.txt")),
    ("parts-of-day.txt", include_str!("parts-of-day.txt")),
    ("range-words.txt", include_str!("range-words.txt")),
    ("sentence-vague.txt", include_str!("sentence-vague.txt")),
    ("set-words.txt", include_str!("set-words.txt")),
    ("story-day-words.txt", include_str!("story-day-words.txt")),
    ("tense.txt", include_str!("tense.txt")),
    ("units.txt", include_str!("units.txt")),
    ("vague-alone.txt", include_str!("vague-alone.txt")),
    ("vague-amounts.txt", include_str!("vague-amounts.txt")),
    ("vague.txt", include_str!("vague.txt")),
    ("weekdays.txt", include_str!("weekdays.txt")),
    ("zones.txt", include_str!("zones.txt")),
];

/// A list line: the phrase and its value (empty for a bare phrase).
fn split(entry: &str) -> (&str, &str) {
    match entry.split_once(" = ") {
        Some((phrase, value)) => (phrase.trim(), value.trim()),
        None => (entry, ""),
    }
}

#[cfg(test)]
fn list(name: &str) -> &'static str {
    LISTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, source)| *source)
        .unwrap_or_else(|| panic!("no list {name}"))
}

/// The class of a word's first, second or last byte for [`Words::shapes`]:
/// a letter (any case), a digit, or anything else (every non-ASCII byte, so a
/// word's class does not change when it is lowercased).
fn byte_class(b: u8) -> usize {
    BYTE_CLASSES[b as usize] as usize
}

const BYTE_CLASSES: [u8; 256] = {
    let mut table = [27u8; 256];
    let mut b = 0;
    while b < 26 {
        table[(b'a' + b) as usize] = b;
        table[(b'A' + b) as usize] = b;
        b += 1;
    }
    let mut d = b'0';
    while d <= b'9' {
        table[d as usize] = 26;
        d += 1;
    }
    table
};

const CLASSES: usize = 28;

/// The longest list entry, in bytes.
const MAX_WORD: usize = 32;

const KEY_BITS: u32 = 16;

/// The 64-bit words of [`Words::starter_keys`]: a fixed size, so that a key
/// (less than `1 << KEY_BITS`) indexes it without a bounds check.
const KEY_WORDS: usize = 1 << (KEY_BITS - 6);

/// A filter key of the word `text[start..end]` that ignores ASCII case, or
/// none when the word is not ASCII (lowercasing may change its length). It
/// reads the eight bytes at each end of the word at once, so it costs the
/// same for every word: `lazy_ids` asks it for every word of the text.
#[inline]
fn key(text: &[u8], start: usize, end: usize) -> Option<usize> {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let eight = |at: usize| u64::from_le_bytes(text[at..at + 8].try_into().expect("eight bytes"));
    let len = end - start;
    let (head, tail) = if len >= 8 {
        if len > 16 && !text[start + 8..end - 8].is_ascii() {
            return None;
        }
        (eight(start), eight(end - 8))
    } else {
        let word = if start + 8 <= text.len() {
            eight(start)
        } else {
            let mut buf = [0u8; 8];
            buf[..len].copy_from_slice(&text[start..end]);
            u64::from_le_bytes(buf)
        };
        (word & ((1 << (8 * len)) - 1), 0)
    };
    if (head | tail) & HIGH != 0 {
        return None;
    }
    // Setting bit 5 of each byte folds case (and maps a byte and its ASCII
    // lowercase to one value, which is all a filter needs).
    let h = ((head | FOLD) ^ (tail | FOLD).rotate_left(29) ^ len as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    Some((h >> (64 - KEY_BITS)) as usize)
}

fn shape(word: &[u8]) -> (usize, u64) {
    let first = byte_class(word[0]);
    let last = byte_class(word[word.len() - 1]);
    (first * CLASSES + last, 1 << word.len().min(63))
}

impl Words {
    fn load() -> Words {
        let mut w = Words {
            ids: FxHashMap::default(),
            entries: Vec::new(),
            longest: 0,
            shapes: vec![0; CLASSES * CLASSES].into_boxed_slice(),
            starter_keys: Box::new([0; KEY_WORDS]),
            ordinal_prefix: String::new(),
        };
        let mut units = Vec::new();
        let mut one_prefix = None;
        let mut many_prefix = None;
        for (name, source) in LISTS {
            for entry in entries_of(source) {
                let (phrase, value) = split(entry);
                let role = match *name {
                    "count-nouns.txt" => Role::CountNoun,
                    "day-part-words.txt" => Role::PartAnchor(Dir::parse(value)),
                    "day-words.txt" => Role::DayOffset(number(name, value) as i8),
                    "directions.txt" => Role::Direction(Dir::parse(value)),
                    "duration-words.txt" => Role::DurationCue,
                    "era-words.txt" => Role::BeforeEra,
                    "frequency-words.txt" => Role::Frequency(match value {
                        "times" => Frequency::Times,
                        "once" => Frequency::Once,
                        _ => panic!("{name}: unknown frequency {value:?}"),
                    }),
                    "markers.txt" => Role::Marker(match value {
                        "century" => Marker::Century,
                        "month" => Marker::Month,
                        "decade" => Marker::Decade,
                        "weekday" => Marker::Weekday,
                        "clock" => Marker::Clock,
                        "year" => Marker::Year,
                        "day" => Marker::Day,
                        _ => panic!("{name}: unknown marker {value:?}"),
                    }),
                    "modifiers.txt" => Role::Mod(match value {
                        "start" => TimexMod::Start,
                        "mid" => TimexMod::Mid,
                        "end" => TimexMod::End,
                        "approx" => TimexMod::Approx,
                        "before" => TimexMod::Before,
                        "after" => TimexMod::After,
                        "on_or_after" => TimexMod::OnOrAfter,
                        _ => panic!("{name}: unknown mod {value:?}"),
                    }),
                    "month-abbreviations.txt" => Role::MonthAbbreviation(number(name, value) as u8),
                    "months.txt" => Role::Month(number(name, value) as u8),
                    "not-vague-after.txt" => Role::NotVagueAfter,
                    "not-year-after.txt" => Role::NotYearAfter,
                    "numbers.txt" => {
                        if let Some(prefix) = phrase.strip_suffix('-') {
                            match value {
                                "1" => one_prefix = Some(prefix),
                                "many" => many_prefix = Some(prefix),
                                _ => panic!("{name}: unknown prefix value {value:?}"),
                            }
                            continue;
                        }
                        Role::Number(match value {
                            "teen" => NumWord::Teen,
                            "half" => NumWord::Half,
                            v if v.starts_with('x') => NumWord::Times(number(name, &v[1..])),
                            v => NumWord::Value(number(name, v)),
                        })
                    }
                    "ordinals.txt" => {
                        if value == "prefix" {
                            w.ordinal_prefix = phrase.to_string();
                            continue;
                        }
                        Role::Ordinal(number(name, value) as u8)
                    }
                    "parts-of-day.txt" => Role::Part(Part::parse(value)),
                    "range-words.txt" => Role::Range,
                    "sentence-vague.txt" => Role::ClauseVague(Vague::parse(value)),
                    "set-words.txt" => Role::Set,
                    "story-day-words.txt" => Role::StoryDayOffset(number(name, value) as i8),
                    "tense.txt" => Role::Tense(match value {
                        "past" => Tense::Past,
                        "future" => Tense::Future,
                        _ => panic!("{name}: unknown tense {value:?}"),
                    }),
                    "units.txt" => {
                        let unit = Unit::parse(value);
                        units.push((phrase, unit));
                        Role::Unit(unit)
                    }
                    "vague-alone.txt" => Role::AloneVague(Vague::parse(value)),
                    "vague-amounts.txt" => Role::Many,
                    "vague.txt" => Role::Vague(Vague::parse(value)),
                    "weekdays.txt" => Role::Weekday(number(name, value) as u8),
                    "zones.txt" => Role::Zone(value),
                    _ => panic!("list {name} has no reader"),
                };
                w.add(phrase, role);
            }
        }
        // Morphology: `se` + unit is one unit; `ber` + unit-unit is many.
        for (unit_word, unit) in units {
            if let Some(prefix) = one_prefix {
                w.add(&format!("{prefix}{unit_word}"), Role::OneUnit(unit));
            }
            if let Some(prefix) = many_prefix {
                w.add(
                    &format!("{prefix}{unit_word}-{unit_word}"),
                    Role::ManyUnits(unit),
                );
            }
        }
        assert!(
            w.longest <= MAX_WORD,
            "a list entry is longer than {MAX_WORD} bytes"
        );
        for (word, &id) in &w.ids {
            if w.entries[id as usize].starts
                && let Some(k) = key(word, 0, word.len())
            {
                w.starter_keys[k >> 6] |= 1 << (k & 63);
            }
        }
        w
    }

    fn intern(&mut self, word: &str) -> WordId {
        if let Some(&id) = self.ids.get(word.as_bytes()) {
            return id;
        }
        let id = self.entries.len() as WordId;
        self.entries.push(Entry::default());
        self.ids.insert(word.as_bytes().into(), id);
        self.longest = self.longest.max(word.len());
        let (pair, length) = shape(word.as_bytes());
        self.shapes[pair] |= length;
        id
    }

    fn add(&mut self, phrase: &str, role: Role) {
        let mut parts = phrase.split_whitespace();
        let first = self.intern(parts.next().expect("entries are not empty"));
        let rest: Vec<WordId> = parts.map(|p| self.intern(p)).collect();
        let entry = &mut self.entries[first as usize];
        entry.starts |= role.starts();
        entry.kinds |= role.kind();
        if rest.is_empty() {
            entry.starts_alone |= role.starts();
            entry.roles.push(role);
        } else {
            entry.phrases.push(Phrase {
                rest: rest.into(),
                role,
            });
        }
    }

    /// The id of a word (any case), if a list has it.
    pub fn id(&self, word: &str) -> Option<WordId> {
        self.lookup(word, &self.shapes)
    }

    /// Whether a mention may start at this word: a cheaper test than
    /// [`Words::id`] for the many words that are only context.
    pub fn may_start(&self, word: &str) -> bool {
        self.starter(word, 0, word.len()).is_some()
    }

    /// The id of the word `text[start..end]` if a mention may start at it
    /// (see [`Words::may_start`]).
    #[inline]
    pub fn starter(&self, text: &str, start: usize, end: usize) -> Option<WordId> {
        if let Some(k) = key(text.as_bytes(), start, end)
            && self.starter_keys[k >> 6] & (1 << (k & 63)) == 0
        {
            return None;
        }
        self.lookup(&text[start..end], &self.shapes)
            .filter(|&id| self.starts(id))
    }

    fn lookup(&self, word: &str, shapes: &[u64]) -> Option<WordId> {
        let bytes = word.as_bytes();
        if bytes.is_empty() || bytes.len() > self.longest {
            return None;
        }
        // Lowercased while looking for non-ASCII bytes: one pass over a
        // short word costs less than two.
        let mut buf = [0u8; MAX_WORD];
        let lower = &mut buf[..bytes.len()];
        let mut all = 0;
        for (l, &b) in lower.iter_mut().zip(bytes) {
            all |= b;
            *l = b.to_ascii_lowercase();
        }
        if !all.is_ascii() {
            return self.ids.get(word.to_lowercase().as_bytes()).copied();
        }
        let (pair, length) = shape(bytes);
        if shapes[pair] & length == 0 {
            return None;
        }
        self.ids.get(&*lower).copied()
    }

    /// The roles of a single word.
    pub fn roles(&self, id: WordId) -> &[Role] {
        self.entries.get(id as usize).map_or(&[], |e| &e.roles)
    }

    /// The phrases that start with a word.
    pub fn phrases(&self, id: WordId) -> &[Phrase] {
        self.entries.get(id as usize).map_or(&[], |e| &e.phrases)
    }

    /// Whether a mention may start at this word.
    pub fn starts(&self, id: WordId) -> bool {
        self.entries.get(id as usize).is_some_and(|e| e.starts)
    }

    /// The [`Role::kind`]s a word has, alone or as the head of a phrase.
    pub fn kinds(&self, id: WordId) -> u64 {
        self.entries.get(id as usize).map_or(0, |e| e.kinds)
    }

    /// Whether a mention may start at this word whatever follows it; else
    /// only where one of its [`Words::phrases`] with a starting role does.
    pub fn starts_alone(&self, id: WordId) -> bool {
        self.entries
            .get(id as usize)
            .is_some_and(|e| e.starts_alone)
    }
}

fn number(list: &str, value: &str) -> f64 {
    value
        .parse()
        .unwrap_or_else(|_| panic!("{list}: {value:?} is not a number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::lint;

    #[test]
    fn word_lists_are_tidy() {
        for (name, source) in LISTS {
            assert_eq!(lint(source, true), Vec::<String>::new(), "{name}");
        }
    }

    #[test]
    fn every_list_has_a_reader() {
        // Loading panics on an unknown value or a list without a reader.
        let w = words();
        assert!(w.id("Februari").is_some());
        assert!(entries_of(list("zones.txt")).count() >= 3);
    }

    #[test]
    fn roles_of_words() {
        let w = words();
        let roles = |word: &str| w.id(word).map(|id| w.roles(id).to_vec());
        let cases: &[(&str, Role)] = &[
            ("Pebruari", Role::Month(2)),
            ("NOPEMBER", Role::Month(11)),
            ("Agt", Role::MonthAbbreviation(8)),
            ("Minggu", Role::Weekday(7)),
            ("minggu", Role::Unit(Unit::Week)),
            ("Jum'at", Role::Weekday(5)),
            ("setahun", Role::OneUnit(Unit::Year)),
            ("sepekan", Role::OneUnit(Unit::Week)),
            ("bertahun-tahun", Role::ManyUnits(Unit::Year)),
            ("WITA", Role::Zone("+08:00")),
            ("kemarin", Role::DayOffset(-1)),
            ("puluh", Role::Number(NumWord::Times(10.0))),
            ("kini", Role::Vague(Vague::Present)),
        ];
        for (word, role) in cases {
            let found = roles(word).unwrap_or_default();
            assert!(found.contains(role), "{word}: {found:?}");
        }
        assert!(roles("Jakarta").is_none());
    }

    #[test]
    fn every_starting_word_passes_the_filter_in_any_case() {
        let w = words();
        for (word, &id) in &w.ids {
            let word = std::str::from_utf8(word).unwrap();
            let title: String = word
                .chars()
                .take(1)
                .flat_map(char::to_uppercase)
                .chain(word.chars().skip(1))
                .collect();
            for form in [word.to_string(), word.to_uppercase(), title] {
                // Inside a longer text too: the filter reads past the word.
                let text = format!("{form} sesudahnya");
                assert_eq!(
                    w.starter(&text, 0, form.len()).is_some(),
                    w.starts(id),
                    "{form}"
                );
            }
        }
        assert!(!w.may_start("Jakarta"));
    }

    #[test]
    fn phrases_start_at_their_first_word() {
        let w = words();
        let hari = w.id("hari").unwrap();
        let ini = w.id("ini").unwrap();
        assert!(
            w.phrases(hari)
                .iter()
                .any(|p| *p.rest == [ini] && p.role == Role::DayOffset(0))
        );
    }
}
