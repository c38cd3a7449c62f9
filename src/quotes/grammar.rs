//! The speaker grammar: who a cue names, and what follows the speaker.
//!
//! Takes token positions around a cue; returns [`Mention`]s (a name with its
//! role, a role alone, a pronoun, an organization) and [`Tail`]s (place,
//! addressee, occasion, relay outlet, statement date). The shape it reads is
//! FIELD-GUIDE §B.1's `Jabatan [Organisasi] Nama[, apposition] [di Tempat],
//! Hari (tgl)`. Names are capitalized runs without role, organization or place
//! words; the entity stage, when it has run, refines them (see `people`).

use rustc_hash::FxHashMap;

use crate::analysis::{DateMention, Entity, Sentence, Token, TokenKind};
use crate::span::Span;

use super::lists::{CueKind, Kinds, Lists, lists};

/// The text and tokens with what the quote stage needs to walk them.
pub struct Doc<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Sentence],
    pub entities: &'a [Entity],
    /// Sentence index of each token.
    pub sent_of: Vec<u32>,
    /// Paragraph index of each sentence.
    pub para_of: Vec<u32>,
    pub lists: &'static Lists,
    /// Kinds of each token, looked up on first use (`UNKNOWN` before).
    kinds: Vec<std::cell::Cell<u32>>,
    /// What [`phrase_token`] and [`name_token`] said of each token, on first
    /// use (`KNOWN_PHRASE`… bits): phrases are read again from each cue and
    /// each verb, and `name_token` asks several lists.
    token_facts: Vec<std::cell::Cell<u8>>,
    /// For tokens inside a date mention, the token after it (`NO_DATE` else).
    date_end: Vec<u32>,
    /// Words already looked up by `occurs_lowercase`, with the answer.
    lowercase_memo: std::cell::RefCell<FxHashMap<&'a str, bool>>,
    /// Whole-text searches made so far (see [`Doc::run_starts`]).
    searches: std::cell::Cell<usize>,
    /// Where each maximal run of letters and digits of the text starts,
    /// gathered once the article has asked for many searches.
    runs: std::cell::OnceCell<FxHashMap<&'a str, Vec<u32>>>,
}

const NO_DATE: u32 = u32::MAX;

/// Whole-text searches for a word before [`Doc::run_starts`] gathers the
/// text's runs instead; an article asks for a few dozen.
const SEARCHES_BEFORE_RUNS: usize = 64;

const UNKNOWN: u32 = u32::MAX;

/// Bits of `Doc::token_facts`: whether [`phrase_token`] was asked and its
/// answer, the same for [`name_token`].
const KNOWN_PHRASE: u8 = 1;
const PHRASE: u8 = 2;
const KNOWN_NAME: u8 = 4;
const NAME: u8 = 8;

impl<'a> Doc<'a> {
    pub fn new(
        text: &'a str,
        tokens: &'a [Token],
        sentences: &'a [Sentence],
        entities: &'a [Entity],
        dates: &[DateMention],
    ) -> Doc<'a> {
        // Date mentions of the date stage, by token: where each one ends.
        let mut date_end = vec![NO_DATE; tokens.len()];
        for d in dates {
            let first = tokens.partition_point(|t| t.span.end <= d.span.start);
            let end = tokens.partition_point(|t| t.span.start < d.span.end);
            for slot in date_end.iter_mut().take(end).skip(first) {
                *slot = end as u32;
            }
        }
        let mut sent_of = vec![0u32; tokens.len()];
        let mut para_of = Vec::with_capacity(sentences.len());
        let mut para = 0u32;
        for (s, sentence) in sentences.iter().enumerate() {
            let first = sentence.tokens.start;
            if s > 0 && first < tokens.len() && super::marks::breaks_before(text, tokens, first) {
                para += 1;
            }
            para_of.push(para);
            sent_of[sentence.tokens.clone()].fill(s as u32);
        }
        Doc {
            text,
            tokens,
            sentences,
            entities,
            sent_of,
            para_of,
            lists: lists(),
            kinds: vec![std::cell::Cell::new(UNKNOWN); tokens.len()],
            token_facts: vec![std::cell::Cell::new(0); tokens.len()],
            date_end,
            lowercase_memo: std::cell::RefCell::new(FxHashMap::default()),
            searches: std::cell::Cell::new(0),
            runs: std::cell::OnceCell::new(),
        }
    }

    /// If token `i` lies in a date mention of the date stage, the token after
    /// that mention.
    pub fn date_end(&self, i: usize) -> Option<usize> {
        self.date_end
            .get(i)
            .filter(|&&e| e != NO_DATE)
            .map(|&e| e as usize)
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The text of token `i`; empty past the last token, so look-ahead at
    /// the end of a text reads nothing instead of failing.
    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.span.of(self.text))
    }

    pub fn span(&self, i: usize) -> Span {
        self.tokens[i].span
    }

    /// The span from token `a` to token `b`, both included.
    pub fn cover(&self, a: usize, b: usize) -> Span {
        Span::new(self.tokens[a].span.start, self.tokens[b].span.end)
    }

    pub fn is(&self, i: usize, s: &str) -> bool {
        i < self.tokens.len() && self.word(i) == s
    }

    pub fn is_word(&self, i: usize) -> bool {
        i < self.tokens.len() && self.tokens[i].kind == TokenKind::Word
    }

    pub fn is_quote(&self, i: usize) -> bool {
        i < self.tokens.len() && self.tokens[i].kind == TokenKind::Quote
    }

    /// `fact(self, i)`, remembered for token `i` in the `known` and `yes`
    /// bits of `token_facts`.
    fn token_fact(&self, i: usize, known: u8, yes: u8, fact: fn(&Doc, usize) -> bool) -> bool {
        let Some(cell) = self.token_facts.get(i) else {
            return fact(self, i);
        };
        let bits = cell.get();
        if bits & known != 0 {
            return bits & yes != 0;
        }
        let answer = fact(self, i);
        cell.set(bits | known | if answer { yes } else { 0 });
        answer
    }

    /// Starts with an uppercase letter (a word or an abbreviation). Always
    /// inlined: it is asked of every token, for about the cost of a call.
    #[inline(always)]
    pub fn is_cap(&self, i: usize) -> bool {
        if i >= self.tokens.len()
            || !matches!(
                self.tokens[i].kind,
                TokenKind::Word | TokenKind::Abbreviation
            )
        {
            return false;
        }
        let first = self.text.as_bytes()[self.tokens[i].span.start];
        if first < 0x80 {
            return first.is_ascii_uppercase();
        }
        self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// A word starting with a lowercase letter. The first byte answers for
    /// an ASCII one, as in [`Doc::is_cap`].
    #[inline]
    pub fn is_lower(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let first = self.text.as_bytes()[self.tokens[i].span.start];
        if first < 0x80 {
            return first.is_ascii_lowercase();
        }
        self.word(i).chars().next().is_some_and(char::is_lowercase)
    }

    /// Two letters or more, all uppercase: `BPS`, `KPK`, `II`.
    pub fn is_acronym(&self, i: usize) -> bool {
        let w = self.word(i);
        // A lowercase letter, the common case (`Joko`), answers first; ASCII
        // words are read as bytes.
        if w.is_ascii() {
            let b = w.as_bytes();
            return !b.iter().any(u8::is_ascii_lowercase)
                && b.iter().filter(|c| c.is_ascii_alphabetic()).count() >= 2;
        }
        !w.chars().any(char::is_lowercase) && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
    }

    pub fn kinds(&self, i: usize) -> Kinds {
        if i >= self.tokens.len()
            || !matches!(
                self.tokens[i].kind,
                TokenKind::Word | TokenKind::Abbreviation
            )
        {
            return Kinds::default();
        }
        let cached = self.kinds[i].get();
        if cached != UNKNOWN {
            return Kinds::from_bits(cached);
        }
        let kinds = self.lists.kinds(self.word(i));
        self.kinds[i].set(kinds.bits());
        kinds
    }

    /// The kinds of the phrase of `n` words starting at token `i`.
    pub fn phrase_kinds(&self, i: usize, n: usize) -> Kinds {
        if n == 1 {
            return self.kinds(i);
        }
        if i + n > self.tokens.len() || (i..i + n).any(|j| !self.is_word(j)) {
            return Kinds::default();
        }
        let mut buf = [0u8; 64];
        let mut len = 0;
        for j in i..i + n {
            let w = self.word(j).as_bytes();
            if len + w.len() + 1 > buf.len() {
                return Kinds::default();
            }
            if j > i {
                buf[len] = b' ';
                len += 1;
            }
            buf[len..len + w.len()].copy_from_slice(w);
            len += w.len();
        }
        std::str::from_utf8(&buf[..len]).map_or(Kinds::default(), |p| self.lists.kinds(p))
    }

    /// Whether sentence `s` opens on a new topic (`Sementara itu`, `Di tempat
    /// terpisah`): what comes before it is not carried over.
    pub fn opens_topic(&self, s: usize) -> bool {
        let range = &self.sentences[s].tokens;
        if range.is_empty() || !self.is_word(range.start) {
            return false;
        }
        let first = self.word(range.start);
        if !self.lists.may_open_topic(first) {
            return false;
        }
        if !self.lists.starts_phrase(first) && !self.kinds(range.start).has(Kinds::SHIFT) {
            return false;
        }
        (1..=4).any(|n| {
            range.start + n <= range.end && self.phrase_kinds(range.start, n).has(Kinds::SHIFT)
        })
    }

    /// For each sentence, whether it opens on a new topic.
    pub fn topic_shifts(&self) -> Vec<bool> {
        (0..self.sentences.len())
            .map(|s| self.opens_topic(s))
            .collect()
    }

    /// The cue token `i` is, if any. Always inlined, like [`Doc::is_cap`].
    #[inline(always)]
    pub fn cue(&self, i: usize) -> Option<super::lists::Cue> {
        let t = self.tokens.get(i)?;
        // Asked of nearly every token: the sketch reads the bytes, and only
        // a word it lets through is cut as a `str` and looked up.
        if t.kind != TokenKind::Word
            || !self
                .lists
                .may_be_cue(&self.text.as_bytes()[t.span.start..t.span.end])
        {
            return None;
        }
        self.lists.cue_of(t.span.of(self.text))
    }

    pub fn sentence(&self, i: usize) -> usize {
        self.sent_of[i] as usize
    }

    /// Token range of the sentence holding token `i`.
    pub fn sentence_tokens(&self, i: usize) -> std::ops::Range<usize> {
        self.sentences[self.sentence(i)].tokens.clone()
    }

    /// Sentence-final punctuation, or a closing mark/bracket glued after it.
    pub fn is_final(&self, i: usize) -> bool {
        matches!(self.word(i), "." | "!" | "?" | "…" | ";") || self.word(i).starts_with("..")
    }

    /// Counts word and number tokens in `a..b`.
    pub fn words_in(&self, a: usize, b: usize) -> usize {
        (a..b.min(self.len()))
            .filter(|&j| {
                matches!(
                    self.tokens[j].kind,
                    TokenKind::Word | TokenKind::Number | TokenKind::Abbreviation
                )
            })
            .count()
    }

    /// Where `w` stands in the text as a whole run of letters and digits,
    /// or `None`: search the text. The first [`SEARCHES_BEFORE_RUNS`] asks are
    /// searched; after that the text's runs are gathered in one pass and
    /// looked up (a search per word made a long text quadratic). Only a word
    /// of letters and digits is looked up: its matches between
    /// non-alphanumerics are exactly the runs equal to it.
    fn run_starts(&self, w: &str) -> Option<&[u32]> {
        // Offsets as u32 (half the memory of a long text's index); a text
        // past 4 GiB is searched instead.
        if w.is_empty()
            || !w.chars().all(char::is_alphanumeric)
            || u32::try_from(self.text.len()).is_err()
        {
            return None;
        }
        if self.runs.get().is_none() {
            let n = self.searches.get() + 1;
            self.searches.set(n);
            if n <= SEARCHES_BEFORE_RUNS {
                return None;
            }
        }
        let runs = self.runs.get_or_init(|| {
            let mut runs: FxHashMap<&'a str, Vec<u32>> = FxHashMap::default();
            let mut start = None;
            for (at, c) in self.text.char_indices().chain([(self.text.len(), ' ')]) {
                match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(at),
                    (false, Some(s)) => {
                        runs.entry(&self.text[s..at]).or_default().push(s as u32);
                        start = None;
                    }
                    _ => {}
                }
            }
            runs
        });
        Some(runs.get(w).map_or(&[], Vec::as_slice))
    }

    /// Whether the capitalized word at token `i` occurs elsewhere in the text
    /// on its own, not after another capitalized word: `kata Bhima` after
    /// `Ekonom Indef Bhima Yudhistira`.
    pub fn occurs_alone(&self, i: usize) -> bool {
        let w = self.word(i);
        let alone = |at: usize| {
            if at == self.tokens[i].span.start {
                return false;
            }
            let before = self.text[..at].chars().next_back();
            let after = self.text[at + w.len()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                return false;
            }
            let head = self.text[..at].trim_end();
            let previous_word = head
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
                .next()
                .unwrap_or("");
            !head.ends_with(|c: char| c.is_alphanumeric())
                || !previous_word.starts_with(char::is_uppercase)
        };
        match self.run_starts(w) {
            Some(starts) => starts.iter().any(|&at| alone(at as usize)),
            None => memchr::memmem::find_iter(self.text.as_bytes(), w.as_bytes()).any(alone),
        }
    }

    /// Whether the word at token `i` also occurs capitalized inside a
    /// sentence (after a word or a comma), as names do: `Hari` in `Kajati Hari
    /// Setiyono`, unlike a sentence-initial `Selama`.
    pub fn occurs_capitalized_inside(&self, i: usize) -> bool {
        let w = self.word(i);
        let inside = |at: usize| {
            let after = self.text[at + w.len()..].chars().next();
            if at == self.tokens[i].span.start || after.is_some_and(char::is_alphanumeric) {
                return false;
            }
            let head = self.text[..at].trim_end_matches([' ', '\t']);
            head.len() < at && head.ends_with(|c: char| c.is_alphanumeric() || c == ',')
        };
        match self.run_starts(w) {
            Some(starts) => starts.iter().any(|&at| inside(at as usize)),
            None => memchr::memmem::find_iter(self.text.as_bytes(), w.as_bytes()).any(inside),
        }
    }

    /// Whether the lowercase form of token `i` occurs as a lowercase word in the
    /// text (so the capitalized token is a common word, not a name).
    pub fn occurs_lowercase(&self, i: usize) -> bool {
        let w = self.word(i);
        if !w.starts_with(char::is_uppercase) {
            return true;
        }
        // Names recur: answer each word once per article.
        if let Some(&known) = self.lowercase_memo.borrow().get(w) {
            return known;
        }
        let found = self.scan_lowercase(w);
        self.lowercase_memo.borrow_mut().insert(w, found);
        found
    }

    /// Whether the text has `w` in lowercase between non-alphanumerics.
    fn scan_lowercase(&self, w: &str) -> bool {
        let lower = w.to_lowercase();
        if let Some(starts) = self.run_starts(&lower) {
            return !starts.is_empty();
        }
        let bytes = self.text.as_bytes();
        let finder = memchr::memmem::Finder::new(lower.as_bytes());
        finder.find_iter(bytes).any(|at| {
            let before = self.text[..at].chars().next_back();
            let after = self.text[at + lower.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    }
}

/// What kind of expression names a speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A person's name, maybe with a role: `Menteri Keuangan Sri Mulyani`.
    Name,
    /// A role alone: `Presiden`, `Kepala Dinas Kesehatan`, `seorang warga`.
    Title,
    /// `dia`, `ia`, `beliau`.
    Pronoun,
    /// `-nya` on the cue.
    Clitic,
    /// `mereka`: several people, not resolved to one.
    Plural,
    /// An organization or another capitalized non-person: `BPS`, `Pemerintah`.
    Group,
    /// A role pointing back to someone: `mantan Kapolda ini`, `sang menteri`.
    Description,
}

/// A speaker as the text names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub kind: MentionKind,
    /// The speaker text: the name, the role alone, the pronoun, `nya`.
    pub span: Span,
    /// The role next to a name: `Menteri Keuangan`, `pejabat pemerintah kota`.
    pub role: Option<Span>,
}

/// A speaker phrase and the token after it.
#[derive(Debug, Clone, Copy)]
pub struct Phrase {
    pub mention: Mention,
    pub end: usize,
}

/// The speaker named by `-nya` on cue token `i` (`ujarnya` → `nya`).
pub fn clitic(doc: &Doc, i: usize) -> Mention {
    let span = doc.span(i);
    Mention {
        kind: MentionKind::Clitic,
        span: Span::new(span.end - 3, span.end),
        role: None,
    }
}

/// Whether token `j` may be part of a speaker phrase (name or role).
fn phrase_token(doc: &Doc, j: usize) -> bool {
    doc.token_fact(j, KNOWN_PHRASE, PHRASE, find_phrase_token)
}

/// [`phrase_token`], worked out.
fn find_phrase_token(doc: &Doc, j: usize) -> bool {
    // A date (`pekan lalu`, `Senin (20/2)`) ends a speaker phrase.
    if doc.date_end(j).is_some() {
        return false;
    }
    let kinds = doc.kinds(j);
    if doc.is_cap(j) {
        // A weekday starts the statement date; a cue ends the phrase.
        return !kinds.has(Kinds::DAY) && doc.cue(j).is_none();
    }
    doc.is_lower(j)
        && (kinds.has(Kinds::TITLE | Kinds::ROLE | Kinds::PARTICLE))
        && !kinds.has(Kinds::TAIL)
}

/// A name token: capitalized, and no role, organization or place word.
fn name_token(doc: &Doc, j: usize) -> bool {
    doc.token_fact(j, KNOWN_NAME, NAME, find_name_token)
}

/// [`name_token`], worked out.
fn find_name_token(doc: &Doc, j: usize) -> bool {
    if doc.tokens[j].kind == TokenKind::Word && doc.is_lower(j) {
        return doc.kinds(j).has(Kinds::PARTICLE);
    }
    let w = doc.word(j);
    doc.is_cap(j)
        && doc.tokens[j].kind == TokenKind::Word
        && !doc.is_acronym(j)
        && !w.contains(|c: char| c.is_ascii_digit() || c == '.')
        && !doc
            .kinds(j)
            .has(Kinds::TITLE | Kinds::ROLE | Kinds::DETERMINER)
        && !doc.lists.is_place(w)
}

/// An initial or short acronym inside a name: `Bambang PS Brodjonegoro`,
/// `Mahfud MD`.
fn name_initials(doc: &Doc, j: usize) -> bool {
    doc.is_word(j) && doc.is_acronym(j) && doc.word(j).len() <= 2
}

/// Splits phrase tokens `a..b` into role and name: the name is the last run
/// of name tokens reaching the end of the phrase. Returns the name's token
/// range, if any.
fn name_run(doc: &Doc, a: usize, b: usize) -> Option<(usize, usize)> {
    let mut end = b;
    // A closing bracket group at the end (`Budi (45)`) is not the name.
    while end > a && !doc.is_word(end - 1) {
        end -= 1;
    }
    let mut start = end;
    while (start > a && name_token(doc, start - 1) && doc.is_word(start - 1))
        || (start > a + 1
            && name_initials(doc, start - 1)
            && name_token(doc, start - 2)
            && !doc.is_lower(start - 2))
    {
        start -= 1;
    }
    // An initial ends a name only after a name word (`Mahfud MD`).
    while start < end && name_initials(doc, start) {
        start += 1;
    }
    // Particles do not start or end a name.
    while start < end && doc.is_lower(start) {
        start += 1;
    }
    // A name has a word of two letters or more (`Sultan HB X` has none).
    if start >= end
        || doc.is_lower(end - 1)
        || !(start..end).any(|j| doc.word(j).chars().filter(|c| c.is_lowercase()).count() >= 1)
    {
        return None;
    }
    // A capitalized common word before a name (`Ketergantungan Faisal`, a
    // sentence start or a run-in subheading) is not part of it. A run after a
    // role (`Menteri Keuangan Sri Mulyani`) starts a name.
    let after_role = start > 0 && doc.kinds(start - 1).has(Kinds::TITLE | Kinds::ROLE);
    while !after_role
        && end - start >= 2
        && !doc.lists.is_given_name(doc.word(start))
        && doc.occurs_lowercase(start)
    {
        start += 1;
    }
    // A long run holds the end of an organization's name: the person's name
    // starts at a given name, or after words the text also writes lowercase.
    if end - start >= 3 {
        if let Some(g) = (start + 1..end - 1).find(|&j| doc.lists.is_given_name(doc.word(j)))
            && !doc.lists.is_given_name(doc.word(start))
        {
            start = g;
        }
        // A word of the run the text also uses alone (`Bhima` after `Ekonom
        // Indef Bhima Yudhistira`) starts the name.
        if end - start >= 3
            && let Some(k) = (start + 1..end - 1).find(|&k| doc.occurs_alone(k))
        {
            start = k;
        }
        if end - start > 4 {
            start = end - 2;
        }
    }
    Some((start, end))
}

/// Classifies phrase tokens `a..b` (no pronoun) as a mention.
fn classify(doc: &Doc, a: usize, b: usize) -> Option<Mention> {
    let mut b = b;
    while b > a && !doc.is_word(b - 1) && doc.tokens[b - 1].kind != TokenKind::Abbreviation {
        if doc.is(b - 1, ")") {
            // Keep a bracketed acronym inside the phrase: `(KAI Commuter)`.
            break;
        }
        b -= 1;
    }
    if a >= b {
        return None;
    }
    if let Some((s, e)) = name_run(doc, a, b) {
        let role = (s > a).then(|| {
            let mut r_end = s;
            while r_end > a && doc.is(r_end - 1, ",") {
                r_end -= 1;
            }
            doc.cover(a, r_end - 1)
        });
        return Some(Mention {
            kind: MentionKind::Name,
            span: doc.cover(s, e - 1),
            role: role.filter(|r| !r.is_empty()),
        });
    }
    let head = (a..b)
        .find(|&j| !doc.kinds(j).has(Kinds::DETERMINER))
        .unwrap_or(a);
    if doc.kinds(head).has(Kinds::TITLE) {
        return Some(Mention {
            kind: MentionKind::Title,
            span: doc.cover(a, b - 1),
            role: None,
        });
    }
    if doc.is_cap(head) {
        return Some(Mention {
            kind: MentionKind::Group,
            span: doc.cover(a, b - 1),
            role: None,
        });
    }
    None
}

/// End (exclusive) of the phrase tokens from `j`: bracketed names
/// (`(KAI Commuter)`), and, after a role, the words joining its parts
/// (`Menteri Riset dan Teknologi`, `Head of X`, `Tim Peneliti dari UGM`,
/// `Daop 8 Surabaya`).
fn phrase_end(doc: &Doc, j: usize, limit: usize) -> usize {
    let head = (j..limit)
        .find(|&m| !doc.kinds(m).has(Kinds::DETERMINER))
        .unwrap_or(j);
    let titled = head < limit && doc.kinds(head).has(Kinds::TITLE | Kinds::ROLE);
    let mut k = j;
    // Lowercase words describing a lowercase role: `ahli epidemiologi`,
    // `pengamat politik`, `dosen ilmu komunikasi`.
    let mut free = 0;
    while k < limit {
        if phrase_token(doc, k) {
            k += 1;
        } else if titled
            && free < 3
            && k > j
            && doc.is_lower(k)
            && (j..k).all(|m| doc.is_lower(m))
            && doc.kinds(k) == Kinds::default()
            && doc.cue(k).is_none()
            && doc.date_end(k).is_none()
        {
            free += 1;
            k += 1;
        } else if doc.is(k, "(") && k > j {
            let close = (k + 1..limit.min(k + 8)).find(|&m| doc.is(m, ")"));
            match close {
                Some(close) if (k + 1..close).all(|m| doc.is_cap(m)) && close > k + 1 => {
                    k = close + 1
                }
                _ => break,
            }
        } else if titled
            && k > j
            && doc.is(k, ",")
            && matches!(doc.word(k + 1), "dan" | "serta")
            && doc.is_cap(k + 2)
            && !name_token(doc, k - 1)
        {
            // `Bidang Politik, Hukum, dan Keamanan`
            k += 2;
        } else if k > j
            && doc.is_cap(k + 1)
            && (doc.is(k, "&")
                || doc.is(k, "-")
                || (titled
                    && !name_token(doc, k - 1)
                    && (matches!(
                        doc.word(k),
                        "dan" | "serta" | "of" | "and" | "dari" | "for" | "/"
                    ) || doc.tokens[k].kind == TokenKind::Number
                        || (doc.is(k, ",") && doc.kinds(k + 1).has(Kinds::ROLE)))))
        {
            k += 1;
        } else {
            break;
        }
    }
    // Do not end on a particle or a connector.
    while k > j && doc.is_lower(k - 1) && doc.kinds(k - 1).has(Kinds::PARTICLE) {
        k -= 1;
    }
    k
}

/// The speaker phrase starting at token `j` (after a cue), ending before
/// `limit`: pronoun, or `[determiner] role* name [, apposition]`, or
/// `role, name`.
pub fn speaker_after(doc: &Doc, j: usize, limit: usize) -> Option<Phrase> {
    if j >= limit {
        return None;
    }
    let kinds = doc.kinds(j);
    if kinds.has(Kinds::SELF) {
        return None;
    }
    if kinds.has(Kinds::PRONOUN) {
        let kind = if doc.word(j).eq_ignore_ascii_case("mereka") {
            MentionKind::Plural
        } else {
            MentionKind::Pronoun
        };
        return Some(Phrase {
            mention: Mention {
                kind,
                span: doc.span(j),
                role: None,
            },
            end: j + 1,
        });
    }
    let mut start = j;
    while start < limit && doc.kinds(start).has(Kinds::DETERMINER) && doc.is_lower(start) {
        start += 1;
    }
    // `salah satu`, `salah seorang`
    let end = phrase_end(doc, start, limit);
    if end == start {
        return None;
    }
    let mut mention = classify(doc, j, end)?;
    if mention.kind == MentionKind::Title
        && (matches!(
            doc.word(end.min(limit.saturating_sub(1))),
            "ini" | "itu" | "tersebut"
        ) && end < limit
            || doc.word(j).eq_ignore_ascii_case("sang"))
    {
        mention.kind = MentionKind::Description;
        let end = if end < limit && doc.kinds(end) != Kinds::default() && !doc.is(end, ",") {
            end + 1
        } else {
            end
        };
        return Some(Phrase { mention, end });
    }
    let first_end = end;
    let mut end = end;
    // Segments after commas: `Direktur Utama IATA, Roekman Prawirasastra`,
    // `Camat Neglasari, Kabupaten Tangerang, Ubaidillah Ansar`, `Devender
    // Prasad, pejabat pemerintah kota Delhi`.
    let mut probe = end;
    let role_like = match mention.kind {
        MentionKind::Title | MentionKind::Group => true,
        MentionKind::Name => mention.role.is_some(),
        _ => false,
    };
    for _ in 0..4 {
        if !doc.is(probe, ",") {
            break;
        }
        let next = probe + 1;
        let next_end = phrase_end(doc, next, limit);
        if next_end == next {
            break;
        }
        let Some(n) = classify(doc, next, next_end) else {
            break;
        };
        if role_like && n.kind == MentionKind::Name && n.role.is_none() {
            mention = Mention {
                kind: MentionKind::Name,
                span: n.span,
                role: Some(doc.cover(j, first_end - 1)),
            };
            end = next_end;
            break;
        }
        let place = n.kind == MentionKind::Group || is_place_segment(doc, next, next_end);
        if role_like && place {
            // A place or an institution between the role and the name
            // (`Kelurahan Sumbersari`, `Jakarta Utara`): look past it.
            probe = next_end;
            continue;
        }
        if mention.kind == MentionKind::Name && mention.role.is_none() && probe == first_end {
            let head = (next..next_end)
                .find(|&k| !doc.kinds(k).has(Kinds::DETERMINER))
                .unwrap_or(next);
            // An apposition ends where the tail or the sentence does, not
            // before content: `Sugeng, polisi tidak bisa …` is no apposition.
            let closed = next_end >= limit
                || doc.is(next_end, ",")
                || doc.is_final(next_end)
                || doc.is_quote(next_end)
                || date_at(doc, next_end, limit).is_some()
                || (doc.is_lower(next_end) && doc.kinds(next_end).has(Kinds::TAIL))
                || doc.cue(next_end).is_some_and(|c| c.kind == CueKind::Relay);
            if closed && doc.kinds(head).has(Kinds::TITLE) {
                mention.role = Some(doc.cover(next, next_end - 1));
                end = next_end;
            }
        }
        break;
    }
    Some(Phrase { mention, end })
}

/// The subject of the verb at token `v`: the phrase ending before it, across
/// adverbs (`juga`), inserted tails (`, di Jakarta, Senin (20/2),`) and a role
/// apposition (`Abdian, Koordinator X, juga menyampaikan`). `None` when the
/// verb is negated or has no subject. Also returns the first token of the
/// subject and any statement date or outlet found in the inserted tails.
pub fn subject_before(doc: &Doc, v: usize) -> Option<(Phrase, usize, Tail)> {
    let first = doc.sentence_tokens(v).start;
    let mut k = v;
    while k > first && doc.is_lower(k - 1) && doc.kinds(k - 1).has(Kinds::ADVERB) {
        k -= 1;
    }
    if k > first && doc.is_lower(k - 1) && doc.kinds(k - 1).has(Kinds::NEGATION) {
        return None;
    }
    let mut tail = Tail::default();
    let mut role: Option<Span> = None;
    // Inserted segments between commas.
    loop {
        if !(k > first && doc.is(k - 1, ",")) {
            break;
        }
        let close = k - 1;
        let open = (first..close).rev().find(|&m| doc.is(m, ","));
        let seg_start = open.map_or(first, |o| o + 1);
        if seg_start >= close {
            return None;
        }
        if let Some(open) = open {
            let t = tail_after(doc, seg_start, close);
            if t.end >= close {
                tail.merge(t);
                k = open + 1;
                continue;
            }
            // A role apposition: `, Koordinator Ekajaya Fast Boat untuk Gili,`.
            let head = (seg_start..close)
                .find(|&m| !doc.kinds(m).has(Kinds::DETERMINER))
                .unwrap_or(seg_start);
            if role.is_none() && doc.kinds(head).has(Kinds::TITLE) {
                role = Some(doc.cover(seg_start, close - 1));
                k = open + 1;
                continue;
            }
            // A place: `, Kecamatan Borobudur,`, `, Jakarta Utara,`.
            if is_place_segment(doc, seg_start, close) {
                k = open + 1;
                continue;
            }
        }
        // The subject ends before this comma.
        k = close;
        break;
    }
    if k <= first || doc.kinds(k - 1).has(Kinds::SELF) {
        return None;
    }
    // The phrase ending at k - 1.
    if doc.kinds(k - 1).has(Kinds::PRONOUN) {
        let j = k - 1;
        let kind = if doc.word(j).eq_ignore_ascii_case("mereka") {
            MentionKind::Plural
        } else {
            MentionKind::Pronoun
        };
        return Some((
            Phrase {
                mention: Mention {
                    kind,
                    span: doc.span(j),
                    role: None,
                },
                end: k,
            },
            j,
            tail,
        ));
    }
    if let Some(found) = subject_ending_at(doc, first, k, role) {
        return Some((found.0, found.1, tail));
    }
    // `X yang ditemui di Betun awal Oktober lalu mengakui …`: the subject
    // stands before a relative clause.
    let y = (first + 1..k).rev().find(|&m| doc.is(m, "yang"))?;
    if (y..k).any(|m| doc.is(m, ",") || doc.is_quote(m) || doc.cue(m).is_some()) {
        return None;
    }
    let (phrase, start) = subject_ending_at(doc, first, y, role)?;
    (phrase.mention.kind == MentionKind::Name).then_some((phrase, start, tail))
}

/// The subject phrase ending before token `k` (sentence from `first`), if it
/// starts a clause.
fn subject_ending_at(
    doc: &Doc,
    first: usize,
    k: usize,
    role: Option<Span>,
) -> Option<(Phrase, usize)> {
    let mut start = k;
    while start > first {
        let j = start - 1;
        if phrase_token(doc, j) || doc.is(j, "&") {
            start -= 1;
        } else if doc.is(j, ")") {
            match (first..j).rev().take(12).find(|&m| doc.is(m, "(")) {
                Some(open) if open > first => start = open,
                _ => break,
            }
        } else if doc.is_lower(j) && doc.kinds(j).has(Kinds::DETERMINER) {
            start -= 1;
        } else {
            break;
        }
    }
    if start == k {
        return None;
    }
    // The subject must start a clause: the sentence, or after a comma, a
    // connector, a closing mark or bracket; or, when it opens with a role, after
    // anything (a subheading run into the sentence: `Prosedur pendataan Ketua
    // Gugus Tugas Doni Monardo mengatakan`).
    if start > first {
        let before = start - 1;
        let ok = doc.is(before, ",")
            || doc.is(before, ":")
            || doc.is(before, ")")
            || doc.is_quote(before)
            || doc.kinds(before).has(Kinds::CONNECTOR | Kinds::SHIFT)
            || matches!(doc.word(before), "—" | "–" | "-")
            || (doc.is_cap(start) && doc.kinds(start).has(Kinds::TITLE));
        if !ok {
            return None;
        }
    }
    // A connector written capitalized at the sentence start (`Namun Budi`), or
    // any common word the sentence start capitalized (`Selama berharap`).
    while start < k
        && !doc.kinds(start).has(Kinds::TITLE | Kinds::ROLE)
        && (doc
            .kinds(start)
            .has(Kinds::CONNECTOR | Kinds::ADVERB | Kinds::SHIFT)
            || (start == first
                && doc.is_cap(start)
                && !doc.kinds(start).has(Kinds::DOCUMENT)
                && !doc.lists.is_given_name(doc.word(start))
                && doc.occurs_lowercase(start)
                && !doc.occurs_capitalized_inside(start)))
    {
        start += 1;
    }
    if start == k {
        return None;
    }
    let mut mention = classify(doc, start, k)?;
    if mention.role.is_none() && mention.kind == MentionKind::Name {
        mention.role = role;
    }
    Some((Phrase { mention, end: k }, start))
}

/// Whether tokens `a..b` name a place or an institution, not a person:
/// `Kecamatan Borobudur`, `Jakarta Utara`, `Kabupaten Tangerang`.
fn is_place_segment(doc: &Doc, a: usize, b: usize) -> bool {
    if a >= b || phrase_end(doc, a, b) < b {
        return false;
    }
    let head_is_unit = doc.kinds(a).has(Kinds::ROLE) && !doc.kinds(a).has(Kinds::TITLE);
    head_is_unit || (a..b).all(|m| !doc.is_word(m) || !name_token(doc, m))
}

/// What follows a speaker or a verb before the content or the sentence end.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tail {
    /// First token after the tail.
    pub end: usize,
    pub via: Option<Span>,
    pub date: Option<Span>,
}

impl Tail {
    fn merge(&mut self, other: Tail) {
        self.via = self.via.or(other.via);
        self.date = self.date.or(other.date);
    }
}

/// Consumes tail segments from token `j` up to `limit`: `di Jakarta`, `kepada
/// wartawan`, `saat dihubungi`, `dalam keterangan tertulis`, `Senin
/// (20/2/2023)`, `seperti dikutip AFP`, joined by commas. Stops at a
/// complement (`bahwa`), a colon, a quotation mark or the sentence end.
pub fn tail_after(doc: &Doc, j: usize, limit: usize) -> Tail {
    let mut tail = Tail {
        end: j,
        ..Tail::default()
    };
    let mut k = j;
    loop {
        let seg = if doc.is(k, ",") { k + 1 } else { k };
        if seg >= limit {
            break;
        }
        if let Some(date) = date_at(doc, seg, limit) {
            tail.date = tail.date.or(Some(doc.cover(seg, date - 1)));
            k = date;
            tail.end = k;
            continue;
        }
        // `seperti dikutip AFP`, `dilansir dari Kompas.com`, `mengutip Reuters`
        let relay = if doc.cue(seg).is_some_and(|c| c.kind == CueKind::Relay) {
            Some(seg)
        } else if doc.kinds(seg).has(Kinds::TAIL)
            && doc.cue(seg + 1).is_some_and(|c| c.kind == CueKind::Relay)
        {
            Some(seg + 1)
        } else {
            None
        };
        if let Some(r) = relay {
            let mut o = r + 1;
            if doc.is(o, "dari") || doc.is(o, "oleh") {
                o += 1;
            }
            let outlet_end = outlet_end(doc, o, limit);
            if outlet_end > o {
                tail.via = tail.via.or(Some(doc.cover(o, outlet_end - 1)));
            }
            k = outlet_end.max(o);
            tail.end = k;
            continue;
        }
        if doc.is_lower(seg) && doc.kinds(seg).has(Kinds::TAIL) {
            // Up to the next comma or the sentence end, not past a complement.
            // After a comma, only a segment closed by another comma is a tail:
            // `mengatakan, di Jakarta banyak …` starts the content.
            let mut m = seg + 1;
            while m < limit && !ends_tail_segment(doc, m, limit) {
                m += 1;
            }
            let bounded = doc.is(m, ",")
                || (doc.is_lower(m) && doc.kinds(m).has(Kinds::COMPLEMENT))
                || date_at(doc, m, limit).is_some();
            // After a comma, only a short segment leading to a date, a
            // complement or a relay is a tail (`mengatakan, di Jakarta, Senin,
            // bahwa …`); otherwise the content has begun (`mencatat, pada
            // tahun 2019 angka kemiskinan …`).
            let leads_on = |n: usize| {
                date_at(doc, n, limit).is_some()
                    || (doc.is_lower(n) && doc.kinds(n).has(Kinds::COMPLEMENT))
                    || doc.cue(n).is_some_and(|c| c.kind == CueKind::Relay)
                    || doc.is(n, ":")
            };
            if seg > k
                && !(m - seg <= 4
                    && (date_at(doc, m, limit).is_some() || doc.is(m, ",") && leads_on(m + 1)))
            {
                break;
            }
            if !bounded && seg > k {
                break;
            }
            k = m;
            tail.end = k;
            continue;
        }
        break;
    }
    tail
}

/// Whether a tail segment (`di Jakarta`, `kepada wartawan`) ends before `m`.
fn ends_tail_segment(doc: &Doc, m: usize, limit: usize) -> bool {
    doc.is(m, ",")
        || doc.is(m, ":")
        || doc.is_final(m)
        || doc.is_quote(m)
        || (doc.is_lower(m) && doc.kinds(m).has(Kinds::COMPLEMENT))
        || date_at(doc, m, limit).is_some()
        || doc.cue(m).is_some_and(|c| c.kind == CueKind::Relay)
}

/// An outlet name from `o`: capitalized words, acronyms, `Kompas.com`.
fn outlet_end(doc: &Doc, o: usize, limit: usize) -> usize {
    let mut k = o;
    while k < limit
        && (doc.is_cap(k)
            || doc.tokens[k].kind == TokenKind::Url
            || (doc.is_word(k) && doc.word(k).contains('.')))
        && !doc.kinds(k).has(Kinds::DAY)
    {
        k += 1;
    }
    k
}

/// A statement date at `j`: a weekday with an optional `(20/2/2023)`, or the
/// bracketed date alone; returns the token after it.
fn date_at(doc: &Doc, j: usize, limit: usize) -> Option<usize> {
    // A date mention of the date stage starting here.
    if let Some(end) = doc.date_end(j)
        && (j == 0 || doc.date_end(j - 1) != Some(end))
        && end <= limit
    {
        return Some(end);
    }
    let bracket = |k: usize| -> Option<usize> {
        if !doc.is(k, "(") {
            return None;
        }
        let close = (k + 1..limit.min(k + 6)).find(|&m| doc.is(m, ")"))?;
        (doc.tokens[k + 1].kind == TokenKind::Number).then_some(close + 1)
    };
    let end = if j < limit && doc.is_cap(j) && doc.kinds(j).has(Kinds::DAY) {
        bracket(j + 1).unwrap_or(j + 1)
    } else {
        bracket(j)?
    };
    // `Senin (20/2) sore`, `Senin pukul 10.00 WIB`
    let mut k = end;
    if k < limit && doc.is_lower(k) && doc.kinds(k).has(Kinds::DAYPART) {
        k += 1;
        if doc.is(k, "hari") {
            k += 1;
        }
    }
    if doc.is(k, "pukul") && k + 1 < limit && doc.tokens[k + 1].kind == TokenKind::Number {
        k += 2;
        if k < limit && doc.is_acronym(k) && doc.word(k).starts_with("WI") {
            k += 1;
        }
    }
    Some(k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn with_doc<R>(text: &str, f: impl FnOnce(&Doc) -> R) -> R {
        let (sentences, tokens) = tokenize(text);
        let doc = Doc::new(text, &tokens, &sentences, &[], &[]);
        f(&doc)
    }

    #[test]
    fn searching_and_looking_up_runs_agree() {
        // Many capitalized words, some also written in lowercase, some after
        // another capitalized word, some alone: the first
        // SEARCHES_BEFORE_RUNS asks are searched, the rest looked up among
        // the runs. Asked in two orders, each word is answered both ways.
        let mut text = String::new();
        for n in 0..2 * SEARCHES_BEFORE_RUNS {
            let word = format!("Kata{n}");
            match n % 4 {
                0 => text.push_str(&format!(
                    "{word} hadir. Lalu {} pergi. ",
                    word.to_lowercase()
                )),
                1 => text.push_str(&format!("Ekonom Budi {word} datang, kata {word}. ")),
                2 => text.push_str(&format!("Pak Budi {word} dan Ani {word}-nya tiba. ")),
                _ => text.push_str(&format!("{word} berkata. ")),
            }
        }
        let answers = |reverse: bool| {
            with_doc(&text, |doc| {
                let mut order: Vec<usize> = (0..doc.len())
                    .filter(|&i| doc.word(i).starts_with("Kata"))
                    .collect();
                if reverse {
                    order.reverse();
                }
                let mut got: Vec<(usize, bool, bool, bool)> = order
                    .into_iter()
                    .map(|i| {
                        (
                            i,
                            doc.occurs_lowercase(i),
                            doc.occurs_alone(i),
                            doc.occurs_capitalized_inside(i),
                        )
                    })
                    .collect();
                got.sort();
                got
            })
        };
        let forward = answers(false);
        assert!(forward.len() > 2 * SEARCHES_BEFORE_RUNS);
        assert!(forward.iter().any(|a| a.1) && forward.iter().any(|a| !a.1));
        assert!(forward.iter().any(|a| a.2) && forward.iter().any(|a| !a.2));
        assert!(forward.iter().any(|a| a.3) && forward.iter().any(|a| !a.3));
        assert_eq!(forward, answers(true));
    }

    /// (speaker text, role text) of the phrase after the first token.
    fn after(text: &str) -> Option<(String, Option<String>)> {
        with_doc(text, |doc| {
            let p = speaker_after(doc, 1, doc.len())?;
            Some((
                p.mention.span.of(text).to_string(),
                p.mention.role.map(|r| r.of(text).to_string()),
            ))
        })
    }

    #[test]
    fn speakers_after_a_cue() {
        type Expected<'a> = Option<(&'a str, Option<&'a str>)>;
        let cases: &[(&str, Expected)] = &[
            ("kata Budi.", Some(("Budi", None))),
            ("kata dia.", Some(("dia", None))),
            (
                "kata Presiden Rusia Vladimir Putin di Moskwa.",
                Some(("Vladimir Putin", Some("Presiden Rusia"))),
            ),
            (
                "kata Menteri Keuangan Sri Mulyani di Jakarta, Senin.",
                Some(("Sri Mulyani", Some("Menteri Keuangan"))),
            ),
            (
                "kata Direktur Utama IATA, Roekman Prawirasastra di Jakarta.",
                Some(("Roekman Prawirasastra", Some("Direktur Utama IATA"))),
            ),
            (
                "kata Devender Prasad, pejabat pemerintah kota Delhi kepada AFP.",
                Some(("Devender Prasad", Some("pejabat pemerintah kota Delhi"))),
            ),
            (
                "kata Direktur Utama PT Kereta Commuter Indonesia (KAI Commuter) Wiwik Widayanti melalui keterangan.",
                Some((
                    "Wiwik Widayanti",
                    Some("Direktur Utama PT Kereta Commuter Indonesia (KAI Commuter)"),
                )),
            ),
            (
                "kata Camat Cibodas, Kabupaten Bogor, Ahmad Fauzi, Sabtu.",
                Some(("Ahmad Fauzi", Some("Camat Cibodas"))),
            ),
            (
                "kata Menteri Riset dan Teknologi / Kepala Badan Riset Bambang PS Sutrisno saat itu.",
                Some((
                    "Bambang PS Sutrisno",
                    Some("Menteri Riset dan Teknologi / Kepala Badan Riset"),
                )),
            ),
            (
                "kata Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Ahmad MD dalam rapat.",
                Some((
                    "Ahmad MD",
                    Some("Menteri Koordinator Bidang Politik, Hukum, dan Keamanan"),
                )),
            ),
            // Two people joined by `dan` are not one role.
            (
                "kata Wakil Presiden Budi Santoso dan Ani.",
                Some(("Budi Santoso", Some("Wakil Presiden"))),
            ),
            ("tutur Lalu.", Some(("Lalu", None))),
            ("kata Presiden.", Some(("Presiden", None))),
            ("kata seorang warga.", Some(("seorang warga", None))),
            ("kata BPS.", Some(("BPS", None))),
            ("kata kunci itu.", None),
        ];
        for (input, expected) in cases {
            let expected = expected.map(|(s, r)| (s.to_string(), r.map(str::to_string)));
            assert_eq!(after(input), expected, "{input:?}");
        }
    }

    #[test]
    fn subjects_before_a_verb() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Presiden Rusia Vladimir Putin mengatakan bahwa",
                Some("Vladimir Putin"),
            ),
            ("Ia juga mengatakan,", Some("Ia")),
            (
                "Ketua Gili Hotel Association Lalu Kusnawan, di Lombok Utara, Jumat (31/7/2020), mengatakan",
                Some("Lalu Kusnawan"),
            ),
            (
                "Abdian Saputra, Koordinator Ekajaya Fast Boat untuk Gili, juga menyampaikan",
                Some("Abdian Saputra"),
            ),
            ("Namun Budi mengatakan", Some("Budi")),
            ("Ia tidak mengatakan", None),
            ("Harga itu mengatakan", None),
        ];
        for &(input, expected) in cases {
            let got = with_doc(input, |doc| {
                let v = (0..doc.len()).find(|&i| {
                    doc.cue(i)
                        .is_some_and(|c| matches!(c.kind, CueKind::Say | CueKind::Tell))
                })?;
                subject_before(doc, v).map(|(p, _, _)| p.mention.span.of(input).to_string())
            });
            assert_eq!(got.as_deref(), expected, "{input:?}");
        }
    }

    #[test]
    fn tails() {
        let text = "kata Budi di Jakarta, Senin (20/2/2023), seperti dikutip AFP.";
        with_doc(text, |doc| {
            let t = tail_after(doc, 2, doc.len());
            assert_eq!(t.date.map(|d| d.of(text)), Some("Senin (20/2/2023)"));
            assert_eq!(t.via.map(|d| d.of(text)), Some("AFP"));
            assert!(doc.is(t.end, "."));
        });
    }
}
