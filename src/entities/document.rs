//! Document-level rules over the tagger's mentions: what one sentence cannot
//! know but the article does.
//!
//! Takes the tagged mentions (token ranges with a label) of one text; returns
//! them cleaned, completed and linked, as [`Entity`]s sorted by start with a
//! `canonical` name. In order:
//!
//! 1. a mention never starts or ends inside a bracket pair it does not close;
//! 2. a dateline is a place and a news organization, whatever the tagger
//!    said: `JAKARTA, KOMPAS —` at the start of a line, `Liputan6.com,
//!    Jakarta —` or `Antv – …` near the top;
//! 3. an acronym defined in brackets after a name (`Komisi Pemberantasan
//!    Korupsi (KPK)`) gets the name's label;
//! 4. what the article once tags, it tags everywhere: the same words (and,
//!    for a person, each part of the name: `Widodo` after `Joko Widodo`; and
//!    the other names of its alias group: `Jokowi`, `Tiongkok` after `Cina`)
//!    untagged elsewhere become mentions, and a name tagged with different
//!    labels takes the label most of its mentions have. A place's own name is
//!    not tagged again: the tagger follows idner, which leaves a country
//!    named as an actor or a modifier (`serangan Israel`) untagged;
//! 5. mentions of one entity are linked — a part of a person's name to the full
//!    name, an acronym to its definition, names of one alias group
//!    (`aliases.txt`) to each other, `Demokrat` to `Partai Demokrat` — and each
//!    gets the fullest name of its group as `canonical`.
//!
//! Left out: pronouns and descriptions (`sang presiden`) — the quote stage
//! resolves the pronouns it needs.

use std::cell::Cell;

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;

use crate::analysis::{Analysis, Entity, EntityLabel, Token, TokenKind};
use crate::lexicon::Lexicon;
use crate::span::Span;

use super::features::Cap;
use super::hash::{self, HashedMap, IdBuild};
use super::lists::{Class, Lists};
use super::tagger::{Mention, PERSON_NAME, Tagged};

/// Days, months, time zones and feasts: capitalized, never a name.
const CALENDAR: u16 = Class::Calendar.bit() | Class::Feast.bit();

/// Key kinds of the hashes of this module.
const NAME: u8 = b'n';

/// Applies the rules to the tagger's `mentions` (in text order).
pub(crate) fn resolve(
    text: &str,
    analysis: &Analysis,
    tagged: Tagged,
    lists: &Lists,
) -> Vec<Entity> {
    let doc = Doc::new(text, analysis, &tagged.folded);
    let mut mentions: Vec<Mention> = tagged
        .mentions
        .into_iter()
        .filter_map(|m| doc.balance(m))
        .collect();
    doc.datelines(lists, &mut mentions);
    doc.acronyms(&mut mentions);
    doc.propagate(lists, &mut mentions);
    doc.entities(lists, mentions)
}

struct Doc<'t> {
    text: &'t str,
    tokens: &'t [Token],
    /// Whether each token is in a sentence written in capitals.
    shouting: Vec<bool>,
    /// Whether each token starts its sentence.
    initial: Vec<bool>,
    /// The text has no capital letters at all.
    lowercase: bool,
    /// Each token's [`word_key`], computed on first use, with the
    /// [`WordKeys::text`] it was computed for (another: not yet).
    word_keys: WordKeys,
}

/// The buffer of [`Doc::word_keys`], kept by each thread from one text to
/// the next: clearing it for every text (8 bytes a token) cost more than
/// the keys computed in it. Entries of another text are told apart by the
/// text's number.
#[derive(Default)]
struct WordKeys {
    /// The number of the text, never 0 (the number of no text).
    text: u32,
    keys: Vec<Cell<(u32, u64)>>,
}

thread_local! {
    /// The [`WordKeys`] of the last text a thread resolved.
    static WORD_KEYS: Cell<WordKeys> = Cell::default();
}

impl WordKeys {
    /// The buffer, for a text of `n` tokens.
    fn take(n: usize) -> WordKeys {
        let mut buffer = WORD_KEYS.take();
        buffer.text = buffer.text.wrapping_add(1);
        if buffer.text == 0 {
            // Numbers wrapped around: entries of any text would look current.
            buffer.keys.clear();
            buffer.text = 1;
        }
        if buffer.keys.len() < n {
            buffer.keys.resize(n, Cell::new((0, 0)));
        }
        buffer
    }
}

impl Drop for Doc<'_> {
    fn drop(&mut self) {
        // Not kept if a huge text made it huge.
        if self.word_keys.keys.len() <= 1 << 16 {
            WORD_KEYS.set(std::mem::take(&mut self.word_keys));
        }
    }
}

impl<'t> Doc<'t> {
    fn new(text: &'t str, analysis: &'t Analysis, folded: &[bool]) -> Doc<'t> {
        let tokens = &analysis.tokens[..];
        let mut shouting = vec![false; tokens.len()];
        let mut initial = vec![false; tokens.len()];
        for (s, &folded) in analysis.sentences.iter().zip(folded) {
            shouting[s.tokens.clone()].fill(folded);
            if let Some(first) = s.tokens.clone().find(|&i| is_word(&tokens[i])) {
                initial[first] = true;
            }
        }
        Doc {
            text,
            tokens,
            shouting,
            initial,
            lowercase: !text.chars().any(char::is_uppercase),
            word_keys: WordKeys::take(tokens.len()),
        }
    }

    fn word(&self, i: usize) -> &'t str {
        self.tokens[i].span.of(self.text)
    }

    fn span(&self, m: &Mention) -> Span {
        self.tokens[m.tokens.start]
            .span
            .cover(self.tokens[m.tokens.end - 1].span)
    }

    /// The words of a mention joined by single spaces.
    fn name(&self, m: &Mention) -> String {
        // The mention's text is at least as long (a gap between words is a
        // space or more): one allocation, not one per word.
        let mut s = String::with_capacity(self.span(m).len());
        for i in m.tokens.clone() {
            if i > m.tokens.start && self.tokens[i].span.start > self.tokens[i - 1].span.end {
                s.push(' ');
            }
            s.push_str(self.word(i));
        }
        s
    }

    /// How full a mention's name ([`Doc::name`]) is: its length in
    /// characters, and whether it is written other than in capitals (not in
    /// a shouting sentence, not [`is_capitals`]); without making the name.
    fn rank(&self, m: &Mention) -> (usize, bool) {
        let (mut chars, mut letters, mut lower) = (0, 0, false);
        for i in m.tokens.clone() {
            if i > m.tokens.start && self.tokens[i].span.start > self.tokens[i - 1].span.end {
                chars += 1;
            }
            let w = self.word(i);
            if w.is_ascii() {
                // Most names: a byte is a character. Once a lowercase letter
                // is seen, the letters no longer matter.
                chars += w.len();
                if !lower {
                    letters += w.bytes().filter(u8::is_ascii_alphabetic).count();
                    lower = w.bytes().any(|b| b.is_ascii_lowercase());
                }
                continue;
            }
            for c in w.chars() {
                chars += 1;
                letters += usize::from(c.is_alphabetic());
                lower |= c.is_lowercase();
            }
        }
        let capitals = letters >= 2 && !lower;
        (chars, !self.shouting[m.tokens.start] && !capitals)
    }

    /// Cuts a mention at an unmatched bracket or quote; `None` if nothing is left.
    fn balance(&self, mut m: Mention) -> Option<Mention> {
        let mut depth = 0i32;
        for i in m.tokens.clone() {
            match self.word(i) {
                "(" | "[" => depth += 1,
                ")" | "]" => {
                    depth -= 1;
                    if depth < 0 {
                        m.tokens.end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        if depth > 0 {
            // Cut before the last unclosed opening bracket.
            let mut open = 0;
            for i in m.tokens.clone().rev() {
                match self.word(i) {
                    ")" | "]" => open -= 1,
                    "(" | "[" => {
                        open += 1;
                        if open > 0 {
                            m.tokens.end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        while m.tokens.start < m.tokens.end && !is_word(&self.tokens[m.tokens.start]) {
            m.tokens.start += 1;
        }
        while m.tokens.end > m.tokens.start && !is_word(&self.tokens[m.tokens.end - 1]) {
            m.tokens.end -= 1;
        }
        (!m.tokens.is_empty()).then_some(m)
    }

    /// `JAKARTA, KOMPAS —`: at the start of the text or of a line, one to four
    /// words in capitals, a comma, a news organization of one or two tokens,
    /// then a dash.
    fn datelines(&self, lists: &Lists, mentions: &mut Vec<Mention>) {
        let n = self.tokens.len();
        let mut found = Vec::new();
        let line_starts = std::iter::once(0).chain(
            memchr::memchr_iter(b'\n', self.text.as_bytes())
                .map(|p| self.tokens.partition_point(|t| t.span.start <= p)),
        );
        let mut last = None;
        for (line, start) in line_starts.enumerate() {
            if start >= n || last == Some(start) {
                continue;
            }
            last = Some(start);
            // Capitalized words from the line start (at most four), then what
            // follows them.
            let name_end = |from: usize, max: usize| {
                let mut i = from;
                while i < n
                    && i - from < max
                    && is_word(&self.tokens[i])
                    && starts_upper(self.word(i))
                {
                    i += 1;
                }
                i
            };
            let mut first = name_end(start, 4);
            // A web address the tokenizer cut at its dots (`Liputan6.com`).
            let mut web = start;
            while web + 1 < n
                && self.tokens[web + 1].span.start == self.tokens[web].span.end
                && (self.word(web) == "." || self.word(web + 1) == ".")
            {
                web += 1;
            }
            let web = web + 1;
            if web > first + 1
                && self.text[self.tokens[start].span.start..self.tokens[web - 1].span.end]
                    .contains('.')
            {
                first = web;
            }
            if first == start
                || first + 1 >= n
                || lists.word(self.word(start)).classes & CALENDAR != 0
            {
                continue;
            }
            let after = self.word(first);
            let capitals = (start..first).all(|j| is_capitals(self.word(j)));
            if after == "," {
                // `JAKARTA, KOMPAS —` (place, news organization) or, near the
                // top, `Liputan6.com, Jakarta —` (news organization, place).
                let second = name_end(first + 1, 3);
                if second == first + 1 || second >= n || !is_dash(self.word(second)) {
                    continue;
                }
                let (place, media) = if capitals {
                    (start..first, first + 1..second)
                } else if line < 3 && (first == start + 1 || first == web) {
                    (first + 1..second, start..first)
                } else {
                    continue;
                };
                found.push(Mention {
                    tokens: place,
                    label: EntityLabel::Loc,
                });
                found.push(Mention {
                    tokens: media,
                    label: EntityLabel::Org,
                });
            } else if is_dash(after)
                && line < 3
                && first <= start + 2
                && name_end(first + 1, 1) > first + 1
            {
                // `Antv – Presiden …`, `JAKARTA – …`: a place if the lists
                // know it or it is written in capitals, else a news organization.
                let place = Class::Country.bit() | Class::Place.bit() | Class::Region.bit();
                let known = |class: u16| {
                    (start..first).all(|j| lists.word(self.word(j)).classes & class != 0)
                };
                let label = if known(Class::Organization.bit()) {
                    EntityLabel::Org
                } else if known(place) || capitals {
                    EntityLabel::Loc
                } else {
                    EntityLabel::Org
                };
                found.push(Mention {
                    tokens: start..first,
                    label,
                });
            }
        }
        insert_all(mentions, found);
    }

    /// `Komisi Pemberantasan Korupsi (KPK)`: the bracketed acronym gets the
    /// label of the name before it.
    fn acronyms(&self, mentions: &mut Vec<Mention>) {
        let mut found = Vec::new();
        for m in mentions.iter() {
            let (open, acronym, close) = (m.tokens.end, m.tokens.end + 1, m.tokens.end + 2);
            if close >= self.tokens.len()
                || self.word(open) != "("
                || self.word(close) != ")"
                || !is_acronym_of(self.word(acronym), &self.name(m))
            {
                continue;
            }
            found.push(Mention {
                tokens: acronym..acronym + 1,
                label: m.label,
            });
        }
        insert_all(mentions, found);
    }

    /// Whether a capitalized token `i` may start a name found again by
    /// [`Doc::propagate`] only if the article never writes its word in
    /// lowercase: the first word of a sentence, where any word is capitalized
    /// (and the text has capitals at all).
    fn asks_lowercase(&self, i: usize) -> bool {
        !self.lowercase
            && self.initial[i]
            && !self.shouting[i]
            && Cap::of(self.word(i)) == Cap::Title
    }

    /// Whether token `i` may start a name found again by [`Doc::propagate`]:
    /// capitalized (unless the whole text is lowercase), and if it
    /// [`asks_lowercase`](Doc::asks_lowercase), not a word the article also
    /// writes in lowercase (`lowercase_words` holds those of such tokens).
    fn may_be_name(&self, i: usize, lowercase_words: &FxHashSet<u64>) -> bool {
        if self.lowercase {
            return true;
        }
        let cap = Cap::of(self.word(i));
        if !cap.is_capitalized() || self.shouting[i] {
            return false;
        }
        let initial = self.initial[i] && cap == Cap::Title;
        !initial || !lowercase_words.contains(&self.word_key(i))
    }

    /// The [`word_key`]s of the words written in lowercase that have the key
    /// of one of the ASCII words `asked` (all of them if `asked` is `None`).
    /// One set for the text, not a scan of every token per sentence: a scan
    /// made one 100 MB article take hours. Only the words with the first
    /// letter and the length of one asked are hashed, and those not ASCII
    /// (the lowercase of `K`, the Kelvin sign, is `k`): hashing all cost
    /// more than the rest of the document rules.
    fn lowercase_words(&self, asked: Option<&[&str]>) -> FxHashSet<u64> {
        let mut shapes = FirstWords::default();
        let keys: FxHashSet<u64> = asked.map_or_else(FxHashSet::default, |asked| {
            asked
                .iter()
                .inspect(|w| shapes.add(w))
                .map(|w| word_key(w))
                .collect()
        });
        let text = self.text.as_bytes();
        let mut found = FxHashSet::default();
        for (t, token) in self.tokens.iter().enumerate() {
            let w = &text[token.span.start..token.span.end];
            // Written in lowercase: an ASCII first byte tells, and most
            // tokens fail (capitals, punctuation, numbers).
            let lower = match w.first() {
                Some(&b) if b < 0x80 => b.is_ascii_lowercase(),
                _ => self.word(t).starts_with(char::is_lowercase),
            };
            if !lower || (asked.is_some() && !shapes.may_hold(w)) {
                continue;
            }
            let key = self.word_key(t);
            if asked.is_none() || keys.contains(&key) {
                found.insert(key);
            }
        }
        found
    }

    /// Whether token `i` follows a day, month or feast word that is no name
    /// itself: `Fitri` in `Idul Fitri` is not the `Fitri` of `Fitri
    /// Handayani`.
    fn after_calendar_word(&self, lists: &Lists, i: usize) -> bool {
        i > 0 && {
            let classes = lists.word(self.word(i - 1)).classes;
            classes & CALENDAR != 0 && classes & PERSON_NAME == 0
        }
    }

    /// The key of the words of `tokens`, lowercased: [`join`] over their
    /// [`word_key`]s, each hashed once.
    fn key(&self, tokens: std::ops::Range<usize>) -> u64 {
        tokens.fold(0, |key, i| join(key, self.word_key(i)))
    }

    /// Token `i`'s [`word_key`], hashed once.
    fn word_key(&self, i: usize) -> u64 {
        let cell = &self.word_keys.keys[i];
        match cell.get() {
            (text, word) if text == self.word_keys.text => word,
            _ => {
                let word = word_key(self.word(i));
                cell.set((self.word_keys.text, word));
                word
            }
        }
    }

    /// The alias group of a mention's name ([`Doc::name`]), without making
    /// the name; an ASCII name is hashed only if the lists have an alias of
    /// its first and last letters and length (taken from the token spans,
    /// without slicing the words).
    fn alias_group(&self, lists: &Lists, m: &Mention) -> Option<u32> {
        let tokens = &self.tokens[m.tokens.clone()];
        let len = tokens.iter().map(|t| t.span.len()).sum::<usize>()
            + tokens
                .windows(2)
                .filter(|p| p[1].span.start > p[0].span.end)
                .count();
        let span = self.span(m);
        let bytes = &self.text.as_bytes()[span.start..span.end];
        if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last())
            && !lists.may_be_alias(first, last, len)
            && bytes.is_ascii()
        {
            return None;
        }
        let mut h = lists.alias_hash();
        for i in m.tokens.clone() {
            if i > m.tokens.start && self.tokens[i].span.start > self.tokens[i - 1].span.end {
                h.byte(b' ');
            }
            h.lower(self.word(i));
        }
        lists.alias_group_of(h.finish())
    }

    fn propagate(&self, lists: &Lists, mentions: &mut Vec<Mention>) {
        // Names the article tags (keys of their lowercase words), with the
        // labels they got; and names that count as tagged too: the parts of
        // persons' names and the aliases of tagged names.
        // Sized for the mentions, not grown as they are added.
        let n = mentions.len();
        let mut votes: HashedMap<[usize; 3]> =
            HashedMap::with_capacity_and_hasher(n, IdBuild::default());
        let mut parts: HashedMap<EntityLabel> =
            HashedMap::with_capacity_and_hasher(n, IdBuild::default());
        let mut aliases: HashedMap<EntityLabel> = HashedMap::default();
        let mut firsts: HashSet<u64, IdBuild> =
            HashSet::with_capacity_and_hasher(n, IdBuild::default());
        // A cheap test before hashing a word: its first letter and length.
        let mut shapes = FirstWords::default();
        let mut longest = 1;
        // The key of each mention's words, made once for the two loops.
        let keys: Vec<u64> = mentions
            .iter()
            .map(|m| self.key(m.tokens.clone()))
            .collect();
        for (m, &key) in mentions.iter().zip(&keys) {
            votes.entry(key).or_default()[m.label as usize] += 1;
            firsts.insert(self.key(m.tokens.start..m.tokens.start + 1));
            shapes.add(self.word(m.tokens.start));
            longest = longest.max(m.tokens.len());
            if let Some(group) = self.alias_group(lists, m) {
                // Not the short names of places and organizations: `AS`,
                // `RI`, `PBB` (also a party) are too ambiguous to tag where
                // the tagger did not.
                let short_ok = m.label == EntityLabel::Per;
                let own = self.name(m).to_lowercase();
                for alias in lists
                    .alias_names(group)
                    .iter()
                    .filter(|a| (short_ok || a.len() > 3) && **a != own)
                {
                    let words: Vec<&str> = alias.split(' ').collect();
                    aliases.entry(key_of_words(&words)).or_insert(m.label);
                    firsts.insert(key_of_words(&words[..1]));
                    shapes.add(words[0]);
                    longest = longest.max(words.len());
                }
            }
            if m.label == EntityLabel::Per && m.tokens.len() > 1 {
                for i in m.tokens.clone() {
                    let w = self.word(i);
                    if w.chars().count() >= 3
                        && Cap::of(w).is_capitalized()
                        && lists.word(w).classes
                            & (Class::Title.bit() | Class::Honorific.bit() | CALENDAR)
                            == 0
                    {
                        let key = self.key(i..i + 1);
                        parts.entry(key).or_insert(EntityLabel::Per);
                        firsts.insert(key);
                        shapes.add(w);
                    }
                }
            }
        }
        let longest = longest.min(6);
        // The label most mentions of a name have; ties keep each mention's own.
        let majority = |key: u64| -> Option<EntityLabel> {
            let v = votes.get(&key)?;
            let best = (0..3).max_by_key(|&k| (v[k], 3 - k))?;
            (v.iter().filter(|&&x| x == v[best]).count() == 1).then(|| label_from(best))
        };
        for (m, &key) in mentions.iter_mut().zip(&keys) {
            if let Some(label) = majority(key) {
                m.label = label;
            }
        }

        // Untagged runs of words that the article tags elsewhere.
        let mut covered = vec![false; self.tokens.len()];
        for m in mentions.iter() {
            for i in m.tokens.clone() {
                covered[i] = true;
            }
        }
        // Tokens whose words are known as the first word of a name: the
        // cheap tests on the word's bytes first, as most tokens fail them.
        let text = self.text.as_bytes();
        let mut starts = Vec::new();
        for (i, (t, &covered)) in self.tokens.iter().zip(&covered).enumerate() {
            if covered || !is_word(t) {
                continue;
            }
            let w = &text[t.span.start..t.span.end];
            let upper = self.lowercase
                || match w.first() {
                    Some(&b) if b < 0x80 => b.is_ascii_uppercase(),
                    _ => starts_upper(self.word(i)),
                };
            if upper && shapes.may_hold(w) && firsts.contains(&self.key(i..i + 1)) {
                starts.push(i);
            }
        }
        // The words written in lowercase, for those of the known tokens that
        // ask (see `lowercase_words`); the lowercase of a word not ASCII
        // may be any word, so if one asks, all tokens are looked at.
        let asked: Vec<&str> = starts
            .iter()
            .filter(|&&i| self.asks_lowercase(i))
            .map(|&i| self.word(i))
            .collect();
        let lowercase_words = if asked.is_empty() {
            FxHashSet::default()
        } else if asked.iter().any(|w| !w.is_ascii()) {
            self.lowercase_words(None)
        } else {
            self.lowercase_words(Some(&asked))
        };
        let mut found = Vec::new();
        // The first token not yet in a name found.
        let mut next = 0;
        for i in starts {
            if i < next
                || !self.may_be_name(i, &lowercase_words)
                || self.after_calendar_word(lists, i)
            {
                continue;
            }
            let mut hit = None;
            for end in i + 1..=(i + longest).min(self.tokens.len()) {
                if covered[end - 1] {
                    break;
                }
                let key = self.key(i..end);
                // Places are left to the tagger (a country named as an actor
                // or a modifier, `serangan Israel`, is often not a place)
                // unless the article tags another name of the same place.
                let label = aliases.get(&key).copied().or_else(|| {
                    majority(key)
                        .or_else(|| parts.get(&key).copied())
                        .filter(|&l| l != EntityLabel::Loc)
                });
                if let Some(label) = label {
                    // A longer name must end on a word, not punctuation.
                    if is_word(&self.tokens[end - 1]) {
                        hit = Some((end, label));
                    }
                }
            }
            if let Some((end, label)) = hit {
                found.push(Mention {
                    tokens: i..end,
                    label,
                });
                next = end;
            }
        }
        insert_all(mentions, found);
    }

    /// Whether the words of `part` are words of `whole`, in order, with
    /// others between them allowed, and an initial standing for a word of
    /// its letter (`Joko Tjandra`, `Joko S Tjandra` within `Joko Soegiarto
    /// Tjandra`; not `Budi Karya` within `Albertus Budi Sulistya`).
    fn within(&self, part: &Mention, whole: &Mention) -> bool {
        if part.tokens.len() > whole.tokens.len() {
            return false;
        }
        let mut rest = whole.tokens.clone();
        part.tokens.clone().all(|i| {
            let found = rest.clone().find(|&j| {
                self.word_key(i) == self.word_key(j) || initial_of(self.word(i), self.word(j))
            });
            found.inspect(|&j| rest.start = j + 1).is_some()
        })
    }

    /// Links mentions of one entity and names each group.
    fn entities(&self, lists: &Lists, mentions: Vec<Mention>) -> Vec<Entity> {
        let n = mentions.len();
        let mut parent: Vec<usize> = (0..n).collect();

        // Same name, same label; names of one alias group, same label.
        let mut first_of: HashedMap<usize> =
            HashedMap::with_capacity_and_hasher(n, IdBuild::default());
        // The key of each mention's words and label, made once for the
        // two loops.
        let keys: Vec<u64> = mentions
            .iter()
            .map(|m| self.key(m.tokens.clone()) ^ m.label as u64)
            .collect();
        for (k, m) in mentions.iter().enumerate() {
            let name = keys[k];
            let &mut first = first_of.entry(name).or_insert(k);
            union(&mut parent, first, k);
            if let Some(g) = self.alias_group(lists, m) {
                let group = super::hash::mix(g as u64 + 1) ^ m.label as u64;
                let &mut first = first_of.entry(group).or_insert(k);
                union(&mut parent, first, k);
            }
        }
        // Acronyms defined in brackets: the latest mention with the label
        // that ends right before the bracket, found by where it ends (not by
        // a scan back over every mention: a long text has thousands); only
        // mentions before a bracket are kept.
        let mut ending: FxHashMap<(usize, EntityLabel), usize> = FxHashMap::default();
        for k in 0..n {
            let m = &mentions[k];
            let bracketed =
                m.tokens.len() == 1 && m.tokens.start >= 2 && self.word(m.tokens.start - 1) == "(";
            if bracketed
                && let Some(&def) = ending.get(&(m.tokens.start - 1, m.label)).filter(|&&d| {
                    is_acronym_of(self.word(m.tokens.start), &self.name(&mentions[d]))
                })
            {
                union(&mut parent, def, k);
            }
            if m.tokens.end < self.tokens.len() && self.word(m.tokens.end) == "(" {
                ending.insert((m.tokens.end, m.label), k);
            }
        }
        // A part of a longer name: a person's name within the full name
        // (nearest full name before it, else the first after it); an
        // organization or place that is a longer name without its head word
        // (`Demokrat` in `Partai Demokrat`). Parts are found by the keys of
        // their words: (key, mention) sorted by key, mentions in order.
        let mut wholes: Vec<(u64, usize)> = Vec::new();
        for (d, m) in mentions.iter().enumerate() {
            let (a, b) = (m.tokens.start, m.tokens.end);
            if b - a < 2 {
                continue;
            }
            let label = m.label as u64;
            if m.label == EntityLabel::Per {
                for i in a..b {
                    for j in i + 1..=b {
                        if j - i < b - a {
                            wholes.push((self.key(i..j) ^ label, d));
                        }
                    }
                }
            } else if lists.word(self.word(a)).classes
                & (Class::OrgHead.bit() | Class::LocHead.bit())
                != 0
            {
                wholes.push((self.key(a + 1..b) ^ label, d));
            }
        }
        wholes.sort_by_key(|&(key, _)| key);
        // The widest name of each group so far, by its root: a part joins a
        // longer name only if the group it is in holds no other long name
        // (all the `Budi` of a text are one group by now, and must not join
        // `Budi Karya` and `Albertus Budi Sulistya` into one person).
        let mut widest: Vec<usize> = (0..n).collect();
        for k in 0..n {
            let root = find(&mut parent, k);
            if mentions[k].tokens.len() > mentions[widest[root]].tokens.len() {
                widest[root] = k;
            }
        }
        for (k, &key) in keys.iter().enumerate() {
            let from = wholes.partition_point(|&(w, _)| w < key);
            let ds = &wholes[from..from + wholes[from..].partition_point(|&(w, _)| w == key)];
            if ds.is_empty() {
                continue;
            }
            // A bare region (`Sidoarjo`) is a part of an administrative
            // area's name only (`Kabupaten Sidoarjo`, not `RSUD Sidoarjo`).
            let m = &mentions[k];
            let region = m.label == EntityLabel::Loc
                && m.tokens.len() == 1
                && lists.word(self.word(m.tokens.start)).classes & Class::Region.bit() != 0;
            let fits = |&&(_, d): &&(u64, usize)| {
                !region || admin_heads().contains(self.word(mentions[d].tokens.start))
            };
            let split = ds.partition_point(|&(_, d)| d < k);
            let full = ds[..split]
                .iter()
                .rev()
                .find(fits)
                .or_else(|| ds[split..].iter().find(fits));
            if let Some(&(_, d)) = full {
                let (rd, rk) = (find(&mut parent, d), find(&mut parent, k));
                if rd == rk {
                    continue;
                }
                let (wd, wk) = (&mentions[widest[rd]], &mentions[widest[rk]]);
                if !self.within(wk, wd) && !self.within(wd, wk) {
                    continue;
                }
                let wider = if wk.tokens.len() > wd.tokens.len() {
                    widest[rk]
                } else {
                    widest[rd]
                };
                union(&mut parent, d, k);
                widest[find(&mut parent, k)] = wider;
            }
        }

        // The fullest name of each group: the longest; among equals the first,
        // preferring one not written in capitals.
        let mut best: Vec<usize> = (0..n).collect();
        // How many mentions of each group are still to be named.
        let mut left = vec![0u32; n];
        let rank: Vec<(usize, bool)> = mentions.iter().map(|m| self.rank(m)).collect();
        for k in 0..n {
            let root = find(&mut parent, k);
            left[root] += 1;
            if rank[k] > rank[best[root]] {
                best[root] = k;
            }
        }
        // Each group's name made once, copied to its mentions but the last,
        // which takes it (most groups have one mention).
        let mut names: Vec<Option<String>> = vec![None; n];
        let mut out: Vec<Entity> = (0..n)
            .map(|k| {
                let root = find(&mut parent, k);
                left[root] -= 1;
                let name = names[root]
                    .take()
                    .unwrap_or_else(|| self.name(&mentions[best[root]]));
                let canonical = if left[root] == 0 {
                    name
                } else {
                    names[root].insert(name).clone()
                };
                Entity {
                    span: self.span(&mentions[k]),
                    label: mentions[k].label,
                    canonical,
                }
            })
            .collect();
        out.sort_by_key(|e| e.span.start);
        out
    }
}

/// First letters and lengths of a set of words, to rule out most other words
/// without hashing them. Case is ignored for ASCII letters; a word starting
/// with another character always may be in the set.
#[derive(Default)]
struct FirstWords {
    /// The ASCII first letters, lowercase.
    letters: [u64; 2],
    lengths: u64,
    /// Some word starts with a character not ASCII, whose lowercase may be
    /// ASCII (that of `K`, the Kelvin sign, is `k`).
    other_first: bool,
}

impl FirstWords {
    fn add(&mut self, word: &str) {
        let b = word.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
        if b < 0x80 {
            self.letters[(b >> 6) as usize] |= 1 << (b & 63);
        } else {
            self.other_first = true;
        }
        // Lowercasing may change the length of other text.
        self.lengths |= if word.is_ascii() {
            1 << word.len().min(63)
        } else {
            u64::MAX
        };
    }

    /// Whether the word of these bytes may be in the set (the test on the
    /// first letter and length first: most words fail it).
    fn may_hold(&self, word: &[u8]) -> bool {
        let b = word.first().map_or(0, u8::to_ascii_lowercase);
        if b >= 0x80 {
            return true;
        }
        if self.letters[(b >> 6) as usize] & (1 << (b & 63)) == 0 {
            // Lowercased, the word starts with this letter, as does no word
            // of the set starting with an ASCII character: it may only be
            // one starting with another (and is not ASCII itself, or it
            // could not lowercase to other than ASCII). Most words end here.
            return self.other_first && !word.is_ascii();
        }
        self.lengths & (1 << word.len().min(63)) != 0 || !word.is_ascii()
    }
}

/// [`Doc::key`] of words given as strings.
fn key_of_words(words: &[&str]) -> u64 {
    words.iter().fold(0, |key, w| join(key, word_key(w)))
}

/// The key of one word, lowercased; never 0.
/// Head words of administrative areas (`admin-heads.txt`).
fn admin_heads() -> &'static Lexicon {
    static HEADS: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    HEADS.get_or_init(|| Lexicon::parse(include_str!("admin-heads.txt")))
}

/// Whether `initial` (`S`, `S.`) is the initial of `word` (`Soegiarto`).
fn initial_of(initial: &str, word: &str) -> bool {
    let letter = initial.strip_suffix('.').unwrap_or(initial);
    let mut chars = letter.chars();
    match (chars.next(), chars.next(), word.chars().next()) {
        (Some(a), None, Some(b)) => {
            a.is_alphabetic() && word.len() > letter.len() && a.to_lowercase().eq(b.to_lowercase())
        }
        _ => false,
    }
}

fn word_key(word: &str) -> u64 {
    hash::lower(NAME, word) | 1
}

/// The key of a run of words, from the key of all but the last and the
/// [`word_key`] of the last (the order counts).
fn join(key: u64, word: u64) -> u64 {
    hash::mix(key.rotate_left(29) ^ word)
}

fn label_from(k: usize) -> EntityLabel {
    match k {
        0 => EntityLabel::Per,
        1 => EntityLabel::Org,
        _ => EntityLabel::Loc,
    }
}

/// Adds `found` (mentions that do not overlap one another) to `mentions`
/// (in text order), which they replace where they overlap, keeping text
/// order. One linear merge, not one pass per mention: inserting one at a
/// time made a long text quadratic.
fn insert_all(mentions: &mut Vec<Mention>, mut found: Vec<Mention>) {
    if found.is_empty() {
        return;
    }
    found.sort_by_key(|f| f.tokens.start);
    let mut merged = Vec::with_capacity(mentions.len() + found.len());
    let mut found = found.into_iter().peekable();
    // The end of the last mention of `found` merged: as they do not
    // overlap, the greatest so far.
    let mut found_end = 0;
    for o in mentions.drain(..) {
        while let Some(f) = found.next_if(|f| f.tokens.start < o.tokens.start) {
            found_end = f.tokens.end;
            merged.push(f);
        }
        // Overlapped by the last found that starts before it, or by the
        // next, which starts at or after it.
        let overlapped = found_end > o.tokens.start
            || found.peek().is_some_and(|f| f.tokens.start < o.tokens.end);
        if !overlapped {
            merged.push(o);
        }
    }
    merged.extend(found);
    *mentions = merged;
}

fn is_word(t: &Token) -> bool {
    matches!(
        t.kind,
        TokenKind::Word | TokenKind::Abbreviation | TokenKind::Number
    )
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// All letters capitals, at least two of them.
fn is_capitals(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
}

fn is_dash(w: &str) -> bool {
    matches!(w, "—" | "–" | "-" | "--")
}

/// Whether `acronym` (one token starting with a capital) can stand for
/// `name` (two words or more): mostly capitals whose first is the initial of
/// one of the name's words (`KPK`, `PDI-P`), or a clipped form starting like
/// the name (`Kemensos` for `Kementerian Sosial`, `Bappenas`).
fn is_acronym_of(acronym: &str, name: &str) -> bool {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphabetic()).collect();
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some(&first) = letters.first() else {
        return false;
    };
    if !first.is_uppercase() || letters.len() > 12 || words.len() < 2 {
        return false;
    }
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    let initial_of = |w: &&str| w.chars().next().is_some_and(|c| c == first);
    let clipped: String = acronym
        .chars()
        .take(2)
        .flat_map(char::to_lowercase)
        .collect();
    (upper * 2 >= letters.len() && words.iter().any(initial_of))
        || (letters.len() >= 4 && words[0].to_lowercase().starts_with(&clipped))
}

fn find(parent: &mut [usize], mut k: usize) -> usize {
    while parent[k] != k {
        parent[k] = parent[parent[k]];
        k = parent[k];
    }
    k
}

/// Joins two groups; the earlier mention stays the root.
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi] = lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms() {
        for (acronym, name, ok) in [
            ("KPK", "Komisi Pemberantasan Korupsi", true),
            ("PDI-P", "Partai Demokrasi Indonesia Perjuangan", true),
            ("Kemensos", "Kementerian Sosial", true),
            ("BEI", "Bursa Efek Indonesia", true),
            ("KPK", "Jakarta", false),
            ("Senin", "Joko Widodo", false),
            ("XYZ", "Komisi Pemberantasan Korupsi", false),
            ("kpk", "Komisi Pemberantasan Korupsi", false),
        ] {
            assert_eq!(is_acronym_of(acronym, name), ok, "{acronym} {name}");
        }
    }

    /// The words written in lowercase found for words asked are those found
    /// when gathering every lowercase word: for 20 words asked (any number
    /// now, not only a few), with words of the same first letter and length
    /// that are not the same word, and words in capitals.
    #[test]
    fn lowercase_words_asked_match_all() {
        let text = "Kota itu ramai. Kata dia, kota dan kopi juga. KOTA lama. \
                    Pasar baru. Pasti pasar itu ramai. Emas naik. Ekor kucing. \
                    Roda dua, rada jauh, rodi dulu. Tugu tua dan tugu baru.";
        let analysis = crate::analyze(text, &crate::Options::default());
        let folded = vec![false; analysis.sentences.len()];
        let doc = Doc::new(text, &analysis, &folded);
        let mut asked = vec!["Kota", "Pasar", "Emas", "Roda", "Tugu", "Rodi"];
        asked.extend(["Aa", "Bb", "Cc", "Dd", "Ff", "Gg", "Hh", "Ii", "Jj"]);
        asked.extend(["Ll", "Mm", "Nn", "Oo", "Qq"]);
        assert!(asked.len() >= 20);
        let all = doc.lowercase_words(None);
        let some = doc.lowercase_words(Some(&asked));
        for w in &asked {
            let key = word_key(w);
            assert_eq!(some.contains(&key), all.contains(&key), "{w}");
        }
        let found: Vec<&str> = asked
            .iter()
            .copied()
            .filter(|w| some.contains(&word_key(w)))
            .collect();
        assert_eq!(found, ["Kota", "Pasar", "Tugu", "Rodi"]);
    }

    /// The linear merge of [`insert_all`] gives what inserting the found
    /// mentions one at a time (dropping those each overlaps) gives, on
    /// every arrangement of a few short mentions.
    #[test]
    fn insert_all_matches_one_at_a_time() {
        fn one_at_a_time(mentions: &[Mention], found: &[Mention]) -> Vec<Mention> {
            let mut out = mentions.to_vec();
            for f in found {
                out.retain(|o| o.tokens.end <= f.tokens.start || f.tokens.end <= o.tokens.start);
                let at = out.partition_point(|o| o.tokens.start < f.tokens.start);
                out.insert(at, f.clone());
            }
            out
        }
        // Non-overlapping mentions in text order from a bit pattern: bit
        // 2k set makes a mention of tokens k.., its length 1 or 2 by bit 2k+1.
        let spans = |bits: u32, label: EntityLabel| {
            let mut out = Vec::new();
            let mut next = 0;
            for k in 0..6 {
                if bits >> (2 * k) & 1 == 1 && k >= next {
                    let end = k + 1 + (bits >> (2 * k + 1) & 1) as usize;
                    out.push(Mention {
                        tokens: k..end,
                        label,
                    });
                    next = end;
                }
            }
            out
        };
        for a in 0..1 << 12 {
            for b in (0..1 << 12).step_by(37) {
                let mentions = spans(a, EntityLabel::Per);
                let mut found = spans(b, EntityLabel::Org);
                let expected = one_at_a_time(&mentions, &found);
                found.reverse();
                let mut merged = mentions.clone();
                insert_all(&mut merged, found);
                assert_eq!(merged, expected, "{a:b} {b:b}");
            }
        }
    }

    /// [`FirstWords::may_hold`] never rules out a word whose lowercase is
    /// that of a word of the set, whatever the case, the length or the
    /// characters not ASCII; and it rules out most other words.
    #[test]
    fn first_words_keep_every_word_of_the_set() {
        let set = ["Kota", "Élysée", "\u{212a}ebun", "İstanbul", "JAKARTA", "a"];
        let others = [
            "kota",
            "KOTA",
            "kotak",
            "élysée",
            "ÉLYSÉE",
            "kebun",
            "KEBUN",
            "\u{212a}EBUN",
            "i\u{307}stanbul",
            "İSTANBUL",
            "jakarta",
            "jaKarta",
            "jakar\u{212a}a",
            "A",
            "b",
            "bunga",
            "Zebra",
            "ñandu",
            "kuda\u{212a}",
        ];
        let lower = |w: &str| w.to_lowercase();
        for take in 1..=set.len() {
            let mut shapes = FirstWords::default();
            for w in &set[..take] {
                shapes.add(w);
            }
            for w in set.iter().chain(&others) {
                if set[..take].iter().any(|s| lower(s) == lower(w)) {
                    assert!(shapes.may_hold(w.as_bytes()), "{take} {w}");
                }
            }
        }
        let mut shapes = FirstWords::default();
        shapes.add("Kota");
        assert!(!shapes.may_hold(b"bunga"));
        assert!(!shapes.may_hold(b"kotak"));
    }

    /// A thread's word keys kept from one text to the next are never
    /// taken for the next text's: a text resolves alike after another.
    #[test]
    fn word_keys_of_another_text_are_not_used() {
        let a = "Joko Widodo datang. Kata Widodo, Jokowi senang. Widodo pulang.";
        let b = "Presiden Prabowo Subianto datang ke Jakarta. Prabowo senang.";
        let first = stage(a);
        assert!(!first.is_empty());
        stage(b);
        assert_eq!(stage(a), first);
    }

    fn stage(text: &str) -> Vec<(EntityLabel, &str)> {
        let analysis = crate::analyze(text, &crate::Options::default());
        analysis
            .entities
            .iter()
            .map(|e| (e.label, e.span.of(text)))
            .collect()
    }

    #[test]
    fn datelines() {
        use EntityLabel::*;
        for (text, expected) in [
            (
                "JAKARTA, KOMPAS — Harga beras naik lagi.",
                vec![(Loc, "JAKARTA"), (Org, "KOMPAS")],
            ),
            (
                "TANGERANG SELATAN, KOMPAS.com – Harga beras naik lagi.",
                vec![(Loc, "TANGERANG SELATAN"), (Org, "KOMPAS.com")],
            ),
            (
                "Liputan6.com, Jakarta - Harga beras naik lagi.",
                vec![(Org, "Liputan6.com"), (Loc, "Jakarta")],
            ),
            ("Antv – Harga beras naik lagi.", vec![(Org, "Antv")]),
            ("SURABAYA – Harga beras naik lagi.", vec![(Loc, "SURABAYA")]),
        ] {
            assert_eq!(stage(text), expected, "{text}");
        }
    }

    #[test]
    fn capitals() {
        assert!(is_capitals("JAKARTA"));
        assert!(is_capitals("KOMPAS.COM"));
        assert!(!is_capitals("Kompas.com"));
        assert!(!is_capitals("A"));
    }
}
