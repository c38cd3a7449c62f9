//! Finding temporal expressions: a hand-written grammar over tokens.
//!
//! Takes one sentence's tokens with their word ids (see `words.rs`); returns
//! [`Found`] mentions, each an underspecified [`Expr`] such as "20 February,
//! year unknown, Monday" or "the week before the reference". Nothing here knows
//! the reference date: `resolve.rs` turns an `Expr` into a TIMEX3 value.
//!
//! The scan is cheap on ordinary text: a token is only tried as the start of a
//! mention when it is a number, a parenthesis before a number, or a word of the
//! lists that can start one (a month, a weekday, `kemarin`, `awal`, …). At such
//! a token every pattern family is tried and the longest match wins; the scan
//! then resumes after it.
//!
//! Deliberately left out: holidays (`Lebaran` moves every year), week ordinals
//! (`pekan kedua Maret`), anaphoric expressions (`hari itu`, `dua hari
//! kemudian`), English (`Monday`).

use std::cell::Cell;

use crate::analysis::{TimexMod, TimexType, Token, TokenKind};
use crate::span::Span;

use super::words::{
    Dir, Frequency, Marker, NO_WORD, NumWord, Part, Role, Unit, Vague, WordId, Words,
};

/// A token whose word id has not been looked up yet.
pub const UNKNOWN: WordId = WordId::MAX - 1;

/// The list word a token is, if any (`Agt.` is looked up with and without its
/// period).
pub fn word_id(words: &Words, text: &str, token: &Token) -> WordId {
    match token.kind {
        TokenKind::Word => words.id(token.span.of(text)).unwrap_or(NO_WORD),
        TokenKind::Abbreviation => {
            let s = token.span.of(text);
            words
                .id(s)
                .or_else(|| words.id(s.strip_suffix('.').unwrap_or(s)))
                .unwrap_or(NO_WORD)
        }
        _ => NO_WORD,
    }
}

/// The word ids of tokens, looked up when first asked, and the tokens a
/// mention may start at, in order: every token where
/// [`Scanner::candidate`] can hold, and few others, so the scan skips the
/// plain words between them without looking at each.
pub fn lazy_ids(words: &Words, text: &str, tokens: &[Token]) -> (Vec<Cell<WordId>>, Vec<usize>) {
    let mut starts = Vec::new();
    let bytes = text.as_bytes();
    let ids = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (id, may_start) = match t.kind {
                TokenKind::Word => {
                    let id = words
                        .starter(text, t.span.start, t.span.end)
                        .unwrap_or(UNKNOWN);
                    // A word that is no starter now never becomes one (a
                    // later lookup finds the same id); only its digits may
                    // start one.
                    (
                        id,
                        id != UNKNOWN || starts_numeric(bytes, t.span.start, t.span.end),
                    )
                }
                TokenKind::Abbreviation => (UNKNOWN, true),
                TokenKind::Number => (NO_WORD, true),
                TokenKind::Punct => (
                    NO_WORD,
                    bytes[t.span.start] == b'(' && t.span.end == t.span.start + 1,
                ),
                _ => (NO_WORD, false),
            };
            if may_start {
                starts.push(i);
            }
            Cell::new(id)
        })
        .collect();
    (ids, starts)
}

/// Whether the word `text[start..end]` starts like a number: a digit, or
/// `Q` and a digit (`Q3`). Words are never empty.
#[inline]
fn starts_numeric(text: &[u8], start: usize, end: usize) -> bool {
    let first = text[start];
    first.is_ascii_digit()
        || (first | 0x20 == b'q' && end - start >= 2 && text[start + 1].is_ascii_digit())
}

/// A calendar date, month or year; missing fields are filled from the
/// reference date when the mention is resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cal {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// ISO weekday, Monday 1.
    pub weekday: Option<u8>,
    /// `lalu`, `ini`, `mendatang` after it.
    pub dir: Option<Dir>,
    /// A year counted from the reference's (`Oktober tahun lalu`: −1).
    pub year_offset: Option<i32>,
}

impl Cal {
    /// Whether it names one day (`Senin`, `20 Februari`, `tanggal 17`).
    pub fn is_day(&self) -> bool {
        self.day.is_some() || self.weekday.is_some()
    }
}

/// A time of day on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub hour: u8,
    pub minute: u8,
    pub second: Option<u8>,
}

/// The day of a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    Cal(Cal),
    /// Days after the reference date (`kemarin` −1).
    Offset(i32),
}

/// What a mention means, before the reference date is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Cal(Cal),
    /// A quarter or half year: `kuartal I 2023`, `semester II`.
    Period {
        unit: Unit,
        n: u8,
        year: Option<i32>,
        dir: Option<Dir>,
    },
    /// The first three digits of the decade's years (`1990-an` → 199).
    Decade(i32),
    /// The first two digits of the century's years (`abad ke-21` → 20).
    Century(i32),
    /// A year before the Common Era.
    BeforeEra(i32),
    /// So many units from the reference: `kemarin` (day −1), `pekan lalu`
    /// (week −1), `tahun ini` (year 0), `dua bulan lalu` (month −2).
    Rel {
        unit: Unit,
        offset: i32,
    },
    /// So many units from the day the story is at (the last date mentioned
    /// before), else from the reference: `tiga hari kemudian`, `tahun
    /// sebelumnya`, `keesokan harinya`.
    Story {
        unit: Unit,
        offset: i32,
    },
    /// The weekend of the week so many weeks from the reference.
    Weekend {
        offset: i32,
    },
    /// A time of day: a clock time or a part of the day, on a day if one is
    /// said (else the day of the sentence, else the reference date).
    Time {
        day: Option<Day>,
        clock: Option<Clock>,
        part: Option<Part>,
    },
    /// A value that needs no reference: durations, sets, vague references.
    Fixed(TimexType, String),
}

/// A mention: tokens `first..end` of the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub first: usize,
    pub end: usize,
    pub expr: Expr,
    pub modifier: Option<TimexMod>,
    pub zone: Option<&'static str>,
    /// Where the mention starts or ends inside its first or last token, when
    /// that token holds two mentions (`April-11` of `28 April-11 Mei`).
    pub start_byte: Option<usize>,
    pub end_byte: Option<usize>,
}

impl Found {
    fn new(first: usize, end: usize, expr: Expr) -> Found {
        Found {
            first,
            end,
            expr,
            modifier: None,
            zone: None,
            start_byte: None,
            end_byte: None,
        }
    }

    /// The byte span of the mention.
    pub fn span(&self, tokens: &[Token]) -> Span {
        Span::new(
            self.start_byte.unwrap_or(tokens[self.first].span.start),
            self.end_byte.unwrap_or(tokens[self.end - 1].span.end),
        )
    }
}

/// An amount of units: a number, or unknown (`beberapa`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Amount {
    Known(f64),
    Many,
}

/// The grammar over one text's tokens; [`Scanner::sentence`] scans one
/// sentence.
pub struct Scanner<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// The word id of each token: [`NO_WORD`] if none, [`UNKNOWN`] until
    /// asked (only words that can start a mention are looked up up front).
    pub ids: &'a [Cell<WordId>],
    /// The tokens a mention may start at, in order (see [`lazy_ids`]).
    pub starts: &'a [usize],
    pub words: &'static Words,
    /// The last year a two-digit year can stand for (`'98`, `9/1/14`).
    pub window_end: i32,
    /// The current sentence's tokens.
    pub lo: usize,
    pub hi: usize,
}

impl<'a> Scanner<'a> {
    /// Appends the mentions of tokens `lo..hi` to `out`.
    pub fn sentence(&mut self, lo: usize, hi: usize, out: &mut Vec<Found>) {
        self.lo = lo;
        self.hi = hi;
        let first_new = out.len();
        // The next token a mention may start at: past the last mention.
        let mut i = lo;
        let starts = self.starts;
        let at = starts.partition_point(|&t| t < lo);
        for &start in starts[at..].iter().take_while(|&&t| t < hi) {
            if start < i || !self.candidate(start) {
                continue;
            }
            let Some(found) = self.match_at(start) else {
                continue;
            };
            i = found.end;
            let tail = self.range_tail(&found);
            let weekday_set = matches!(&found.expr,
                Expr::Fixed(TimexType::Set, v) if v.starts_with("XXXX-WXX-"));
            out.push(found);
            if let Some(tail) = tail {
                i = tail.end;
                out.push(tail);
            } else if weekday_set {
                i = self.listed_weekday_sets(i, out);
            }
        }
        share_across_ranges(self, &mut out[first_new..]);
    }

    fn candidate(&self, i: usize) -> bool {
        let token = &self.tokens[i];
        match token.kind {
            TokenKind::Word => {
                let id = self.ids[i].get();
                if id != NO_WORD && id != UNKNOWN {
                    return self.starts_at(i, id);
                }
                // Tokens are never empty; read bytes, not a checked `str`.
                starts_numeric(self.text.as_bytes(), token.span.start, token.span.end)
            }
            // An abbreviation may start one (`Agt.`).
            TokenKind::Abbreviation => {
                let id = self.id(i);
                id != NO_WORD && self.starts_at(i, id)
            }
            TokenKind::Number => self.number_may_start(i),
            TokenKind::Punct => self.is(i, "(") && self.kind(i + 1) == Some(TokenKind::Number),
            _ => false,
        }
    }

    /// Whether a mention may start at word `id` at `i`: the word alone may
    /// start one, or a phrase it heads with a starting role is there. Most
    /// phrase heads (`tidak` of `tidak lama lagi`, `saat` of `saat ini`) are
    /// common words, not worth trying every pattern at.
    fn starts_at(&self, i: usize, id: WordId) -> bool {
        if self.words.starts_alone(id) {
            return true;
        }
        self.words.starts(id)
            && self.words.phrases(id).iter().any(|p| {
                p.role.starts()
                    && i + 1 + p.rest.len() <= self.hi
                    && p.rest
                        .iter()
                        .enumerate()
                        .all(|(k, &id)| self.id(i + 1 + k) == id)
            })
    }

    /// Whether a mention may start at the number at `i`. A number of digits
    /// alone that is no year (not four digits) starts one only before a list
    /// word (`3 hari`, `10 Februari`, `580 SM`), a mark (`19-21`, `(20/2)`'s
    /// tail) or a word with a hyphen (`28 April-11 Mei`); most numbers in news
    /// (`10 persen`, `Rp 5 miliar`) are not tried at all.
    fn number_may_start(&self, i: usize) -> bool {
        let b = self.bytes(i);
        if b.len() == 4 || !b.iter().all(u8::is_ascii_digit) {
            return true;
        }
        match self.kind(i + 1) {
            None | Some(TokenKind::Number) => false,
            Some(TokenKind::Word) => self.id(i + 1) != NO_WORD || self.text(i + 1).contains('-'),
            Some(_) => true,
        }
    }

    // ---- token helpers -------------------------------------------------

    /// The word id of token `i`, looked up on first use.
    #[inline]
    fn id(&self, i: usize) -> WordId {
        let cell = &self.ids[i];
        if cell.get() == UNKNOWN {
            cell.set(word_id(self.words, self.text, &self.tokens[i]));
        }
        cell.get()
    }

    /// The text of token `i`; empty outside the sentence.
    fn text(&self, i: usize) -> &'a str {
        if i < self.hi {
            self.tokens[i].span.of(self.text)
        } else {
            ""
        }
    }

    /// The bytes of token `i`, as [`Scanner::text`] without its char
    /// boundary checks (a token's span has its boundaries already).
    fn bytes(&self, i: usize) -> &'a [u8] {
        if i < self.hi {
            let span = self.tokens[i].span;
            &self.text.as_bytes()[span.start..span.end]
        } else {
            b""
        }
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        (i < self.hi).then(|| self.tokens[i].kind)
    }

    /// Whether token `i` is `s`. Compared as bytes: a token's span needs no
    /// char boundary check for that, and this is asked at most candidates.
    fn is(&self, i: usize, s: &str) -> bool {
        i < self.hi && self.bytes(i) == s.as_bytes()
    }

    #[inline]
    fn roles(&self, i: usize) -> &'static [Role] {
        if i < self.hi && i >= self.lo {
            let id = self.id(i);
            if id != NO_WORD {
                return self.words.roles(id);
            }
        }
        &[]
    }

    fn role<T>(&self, i: usize, f: impl Fn(Role) -> Option<T>) -> Option<T> {
        self.roles(i).iter().find_map(|&r| f(r))
    }

    fn has(&self, i: usize, f: impl Fn(Role) -> bool) -> bool {
        self.roles(i).iter().any(|&r| f(r))
    }

    /// The longest word or phrase at `i` with a role `f` accepts: its end and
    /// what `f` made of the role.
    fn phrase<T>(&self, i: usize, f: impl Fn(Role) -> Option<T>) -> Option<(usize, T)> {
        if i >= self.hi || self.id(i) == NO_WORD {
            return None;
        }
        let mut best = self.role(i, &f).map(|v| (i + 1, v));
        for p in self.words.phrases(self.id(i)) {
            let end = i + 1 + p.rest.len();
            if end <= self.hi
                && best.as_ref().is_none_or(|(e, _)| end > *e)
                && p.rest
                    .iter()
                    .enumerate()
                    .all(|(k, &id)| self.id(i + 1 + k) == id)
                && let Some(v) = f(p.role)
            {
                best = Some((end, v));
            }
        }
        best
    }

    fn dash(&self, i: usize) -> bool {
        i < self.hi
            && self.tokens[i].kind == TokenKind::Punct
            && {
                let mut chars = self.text(i).chars();
                matches!((chars.next(), chars.next()), (Some(c), None) if crate::tokenize::words::is_dash(c))
            }
    }

    /// A range connector at `i` (`-`, `hingga`, `s.d.`, `sampai dengan`, `dan`):
    /// the index after it.
    fn connector(&self, i: usize) -> Option<usize> {
        if self.dash(i) {
            return Some(i + 1);
        }
        self.phrase(i, |r| matches!(r, Role::Range).then_some(()))
            .map(|(end, ())| end)
    }

    /// An integer written in digits only, with its digit count.
    fn int(&self, i: usize) -> Option<(u32, usize)> {
        if self.kind(i) != Some(TokenKind::Number) {
            return None;
        }
        let b = self.bytes(i);
        if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // Nine digits at most: no overflow, and no `parse` needed.
        let n = b.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'));
        Some((n, b.len()))
    }

    fn capitalized(&self, i: usize) -> bool {
        self.text(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether only quotation marks and brackets come before `i` in the sentence.
    fn sentence_start(&self, i: usize) -> bool {
        (self.lo..i).all(|k| matches!(self.tokens[k].kind, TokenKind::Quote | TokenKind::Punct))
    }

    fn clause_start(&self, i: usize) -> bool {
        self.sentence_start(i) || (i > self.lo && matches!(self.text(i - 1), "," | ";" | ":"))
    }

    /// A year written with two digits, read in the hundred years ending at
    /// `window_end`.
    fn year2(&self, yy: u32) -> i32 {
        let century = self.window_end - self.window_end.rem_euclid(100);
        let year = century + yy as i32;
        if year > self.window_end {
            year - 100
        } else {
            year
        }
    }

    /// A four-digit year (1000–2999).
    fn year4(&self, i: usize) -> Option<i32> {
        match self.int(i)? {
            (y, 4) if (1000..3000).contains(&y) => Some(y as i32),
            _ => None,
        }
    }

    /// A year after a month or in a numeric date: four digits, `'98`, or two
    /// digits when no word follows (`november 79.`).
    fn year_after_month(&self, i: usize, loose: bool) -> Option<(usize, i32)> {
        if let Some(y) = self.year4(i) {
            if self.has(i + 1, |r| matches!(r, Role::CountNoun)) {
                return None;
            }
            return Some((i + 1, y));
        }
        if matches!(self.text_opt(i), Some("'" | "’"))
            && let Some((yy, 2)) = self.int(i + 1)
        {
            return Some((i + 2, self.year2(yy)));
        }
        if let Some((yy, 2)) = self.int(i)
            && (loose || !matches!(self.kind(i + 1), Some(TokenKind::Word | TokenKind::Number)))
        {
            return Some((i + 1, self.year2(yy)));
        }
        None
    }

    fn text_opt(&self, i: usize) -> Option<&'a str> {
        (i < self.hi).then(|| self.text(i))
    }

    fn dir(&self, i: usize) -> Option<(usize, Dir)> {
        self.phrase(i, |r| match r {
            Role::Direction(d) => Some(d),
            _ => None,
        })
    }

    fn point_dir(&self, i: usize) -> Option<(usize, Dir)> {
        self.dir(i)
            .filter(|(_, d)| matches!(d, Dir::Last | Dir::This | Dir::Next))
    }

    fn month(&self, i: usize) -> Option<(u8, bool)> {
        self.role(i, |r| match r {
            Role::Month(m) => Some((m, true)),
            Role::MonthAbbreviation(m) => Some((m, false)),
            _ => None,
        })
    }

    fn unit(&self, i: usize) -> Option<Unit> {
        self.role(i, |r| match r {
            Role::Unit(u) => Some(u),
            _ => None,
        })
    }

    fn marker(&self, i: usize, m: Marker) -> bool {
        // A match, not `==` on `Role`: asked often, and the derived
        // comparison of the whole enum is not inlined.
        self.has(i, |r| matches!(r, Role::Marker(x) if x == m))
    }

    fn part(&self, i: usize) -> Option<(usize, Part)> {
        self.phrase(i, |r| match r {
            Role::Part(p) => Some(p),
            _ => None,
        })
    }

    fn zone(&self, i: usize) -> Option<&'static str> {
        self.role(i, |r| match r {
            Role::Zone(z) => Some(z),
            _ => None,
        })
    }

    // ---- numbers -------------------------------------------------------

    /// A day of the month in digits.
    fn day_number(&self, i: usize) -> Option<u8> {
        match self.int(i)? {
            (d, 1 | 2) if (1..=31).contains(&d) => Some(d as u8),
            _ => None,
        }
    }

    /// `22/2/2023`, `20/2`, `9/1/14`, `22.02.2023`: day, month and year.
    fn numeric_date(&self, i: usize) -> Option<(u8, u8, Option<i32>)> {
        if self.kind(i) != Some(TokenKind::Number) {
            return None;
        }
        let s = self.text(i);
        // Most numbers (`2023`, `10`) have no separator: known in one pass
        // over their bytes, before any splitting.
        if !s.bytes().any(|b| matches!(b, b'/' | b'.')) {
            return None;
        }
        let sep = if s.contains('/') { '/' } else { '.' };
        let mut parts = s.split(sep);
        let (d, m) = (parts.next()?, parts.next()?);
        let y = parts.next();
        if parts.next().is_some() || (sep == '.' && y.is_none()) {
            return None;
        }
        let small = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        if !small(d) || !small(m) {
            return None;
        }
        let (d, m): (u8, u8) = (d.parse().ok()?, m.parse().ok()?);
        let year = match y {
            None => None,
            Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
                let y: i32 = y.parse().ok()?;
                (1000..3000).contains(&y).then_some(y)?;
                Some(y)
            }
            Some(y) if y.len() == 2 && y.bytes().all(|b| b.is_ascii_digit()) => {
                Some(self.year2(y.parse().ok()?))
            }
            Some(_) => return None,
        };
        valid_day(year, m, d).then_some((d, m, year))
    }

    /// A clock time: `14.30`, `14:30`, `13:05:46`, or a bare hour when
    /// `hour_only` (after `pukul`).
    fn clock(&self, i: usize, hour_only: bool) -> Option<Clock> {
        if self.kind(i) != Some(TokenKind::Number) {
            return None;
        }
        let s = self.text(i);
        // Without a separator, only a bare hour after `pukul` is a clock.
        if !hour_only && !s.bytes().any(|b| matches!(b, b':' | b'.')) {
            return None;
        }
        let sep = if s.contains(':') { ':' } else { '.' };
        let mut parts = s.split(sep);
        let h = parts.next()?;
        let m = parts.next();
        let sec = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let two = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
        if !(1..=2).contains(&h.len()) || !h.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let hour: u8 = h.parse().ok()?;
        let (minute, second) = match (m, sec) {
            (None, _) if hour_only => (0, None),
            (None, _) => return None,
            (Some(m), None) if two(m) => (m.parse().ok()?, None),
            (Some(m), Some(s)) if two(m) && two(s) => (m.parse().ok()?, Some(s.parse().ok()?)),
            _ => return None,
        };
        let valid = hour <= 24
            && minute < 60
            && second.is_none_or(|s| s < 60)
            && (hour < 24 || (minute == 0 && second.unwrap_or(0) == 0));
        valid.then_some(Clock {
            hour,
            minute,
            second,
        })
    }

    /// A number in digits or words: `3`, `2,5`, `dua puluh lima`, `satu
    /// setengah`, `beberapa`.
    fn amount(&self, i: usize) -> Option<(usize, Amount)> {
        if i >= self.hi {
            return None;
        }
        if self.kind(i) == Some(TokenKind::Number) {
            let s = self.text(i);
            let value = if s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 6 {
                s.parse().ok()?
            } else if let Some((whole, frac)) = s.split_once(',') {
                // Indonesian decimals: `2,5`.
                if whole.len() > 3 || !whole.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                format!("{whole}.{frac}").parse().ok()?
            } else {
                return None;
            };
            return Some((i + 1, Amount::Known(value)));
        }
        if self.has(i, |r| matches!(r, Role::Many)) {
            return Some((i + 1, Amount::Many));
        }
        // Number words.
        let (mut total, mut current, mut j, mut any) = (0.0f64, 0.0f64, i, false);
        while j < self.hi {
            let Some(word) = self.role(j, |r| match r {
                Role::Number(n) => Some(n),
                _ => None,
            }) else {
                break;
            };
            match word {
                NumWord::Value(v) if v >= 100.0 => {
                    if current != 0.0 {
                        break;
                    }
                    total += v;
                }
                NumWord::Value(v) => {
                    if current != 0.0 {
                        break;
                    }
                    current = v;
                }
                NumWord::Teen if (1.0..10.0).contains(&current) => {
                    total += current + 10.0;
                    current = 0.0;
                }
                NumWord::Times(f) if f == 10.0 && (1.0..10.0).contains(&current) => {
                    total += current * 10.0;
                    current = 0.0;
                }
                NumWord::Times(f) if f == 100.0 && (1.0..10.0).contains(&current) => {
                    total += current * 100.0;
                    current = 0.0;
                }
                NumWord::Times(f) if f >= 1000.0 && (any || current != 0.0) => {
                    total = (total + current) * f;
                    current = 0.0;
                }
                NumWord::Half => {
                    current += 0.5;
                    j += 1;
                    any = true;
                    break;
                }
                _ => break,
            }
            any = true;
            j += 1;
        }
        let value = total + current;
        (any && value > 0.0).then_some((j, Amount::Known(value)))
    }

    // ---- the grammar ---------------------------------------------------

    fn match_at(&self, i: usize) -> Option<Found> {
        // At a list word, a modifier needs a `Mod` role and a set one of the
        // words it starts with (a number needs neither of the first).
        let id = self.id(i);
        let kinds = if id == NO_WORD {
            u64::MAX
        } else {
            self.words.kinds(id)
        };
        if kinds & Role::Mod(TimexMod::Start).kind() != 0
            && let Some(found) = self.modified(i)
        {
            return Some(found);
        }
        let set_kinds = [
            Role::Set,
            Role::OneUnit(Unit::Day),
            Role::Frequency(Frequency::Once),
            Role::Many,
            Role::Number(NumWord::Half),
        ];
        if set_kinds.iter().any(|r| kinds & r.kind() != 0)
            && let Some(found) = self.set(i)
        {
            return Some(found);
        }
        self.core(i)
    }

    /// The longest plain mention at `i` (no modifier word before it), with a
    /// time of day joined to a day and a day to a time of day.
    fn core(&self, i: usize) -> Option<Found> {
        if i >= self.hi {
            return None;
        }
        let mut best: Option<Found> = None;
        let mut consider = |f: Option<Found>| {
            if let Some(f) = f
                && best.as_ref().is_none_or(|b| f.end > b.end)
            {
                best = Some(f);
            }
        };
        if self.kind(i) == Some(TokenKind::Number) {
            // A number is no list word: only the patterns that start with
            // one can match (the others need a word's role, a `Q` or an
            // `-an` word at `i`).
            consider(self.numeric(i));
            consider(self.day_month(i));
            consider(self.year(i));
            consider(self.time(i));
            consider(self.amount_unit(i));
            return best.map(|f| self.extend(f));
        }
        let id = self.id(i);
        if id == NO_WORD {
            consider(self.calendar(i));
            consider(self.year(i));
            consider(self.day_word(i));
            consider(self.story_day(i));
            consider(self.time(i));
            consider(self.part_anchor(i));
            consider(self.unit_rel(i));
            consider(self.amount_unit(i));
            consider(self.period(i));
            consider(self.decade(i));
            consider(self.century(i));
            consider(self.vague(i));
            return best.map(|f| self.extend(f));
        }
        // A list word (no number, no `(`): each pattern needs a word with a
        // role of some kind at `i`, so only those its kinds allow are tried.
        let kinds = self.words.kinds(id);
        let any = |roles: &[Role]| roles.iter().any(|r| kinds & r.kind() != 0);
        let marker = any(&[Role::Marker(Marker::Day)]);
        let head = self.text(i).as_bytes().first().copied().unwrap_or(b' ');
        if marker || any(&[Role::Weekday(0), Role::Month(0), Role::MonthAbbreviation(0)]) {
            consider(self.calendar(i));
        }
        if marker {
            consider(self.year(i));
        }
        if any(&[Role::DayOffset(0)]) {
            consider(self.day_word(i));
        }
        if any(&[Role::StoryDayOffset(0)]) {
            consider(self.story_day(i));
        }
        if marker {
            consider(self.time(i));
        }
        if any(&[Role::PartAnchor(Dir::Last), Role::Part(Part::Night)]) {
            consider(self.part_anchor(i));
        }
        let unit = any(&[Role::Unit(Unit::Day)]);
        if unit {
            consider(self.unit_rel(i));
        }
        if any(&[
            Role::OneUnit(Unit::Day),
            Role::ManyUnits(Unit::Day),
            Role::Many,
            Role::Number(NumWord::Half),
        ]) {
            consider(self.amount_unit(i));
        }
        if unit || matches!(head, b'Q' | b'q') {
            consider(self.period(i));
        }
        if marker || head.is_ascii_digit() || matches!(head, b'\'' | 0xE2) {
            consider(self.decade(i));
        }
        if marker {
            consider(self.century(i));
        }
        if any(&[
            Role::Vague(Vague::Past),
            Role::ClauseVague(Vague::Past),
            Role::AloneVague(Vague::Past),
        ]) {
            consider(self.vague(i));
        }
        best.map(|f| self.extend(f))
    }

    /// Joins a part of the day or a clock time to a day (`Senin pagi`, `Rabu
    /// (22/2/2023) pukul 14.30 WIB`), and a day to a clock time (`pukul 14.30
    /// WIB, Rabu (22/2)`).
    fn extend(&self, mut f: Found) -> Found {
        let day = match &f.expr {
            Expr::Cal(c) if c.is_day() => Some(Day::Cal(*c)),
            Expr::Rel {
                unit: Unit::Day,
                offset,
            } => Some(Day::Offset(*offset)),
            Expr::Time {
                day: None,
                clock: Some(_),
                ..
            } => {
                // A clock time followed by its day.
                let j = if self.is(f.end, ",") {
                    f.end + 1
                } else {
                    f.end
                };
                if let Some(d) = self.calendar(j).or_else(|| self.day_word(j))
                    && let Some(day) = day_of(&d.expr)
                    && let Expr::Time { day: slot, .. } = &mut f.expr
                {
                    *slot = Some(day);
                    f.end = d.end;
                }
                return f;
            }
            _ => None,
        };
        let Some(mut day) = day else { return f };
        if let Day::Offset(offset) = day {
            // `kemarin Rabu (13/1/2021)`, `besok, Kamis`: the named day wins.
            let j = if self.is(f.end, ",") {
                f.end + 1
            } else {
                f.end
            };
            if let Some(named) = self.calendar(j)
                && let Expr::Cal(mut c) = named.expr
                && c.is_day()
            {
                if c.dir.is_none() && c.year.is_none() {
                    c.dir = match offset.signum() {
                        -1 => Some(Dir::Last),
                        1 => Some(Dir::Next),
                        _ => Some(Dir::This),
                    };
                }
                day = Day::Cal(c);
                f.expr = Expr::Cal(c);
                f.end = named.end;
            }
        }
        let explicit = matches!(day, Day::Cal(c) if c.day.is_some() && c.month.is_some());
        let mut part = None;
        let mut end = f.end;
        if let Some((e, p)) = self.part(end) {
            part = Some(p);
            end = e;
        }
        if let Some((e, clock, zone, approx)) = self.clock_phrase(end, part, explicit) {
            f.expr = Expr::Time {
                day: Some(day),
                clock: Some(clock),
                part: None,
            };
            f.end = e;
            f.zone = zone;
            if approx && f.modifier.is_none() {
                f.modifier = Some(TimexMod::Approx);
            }
        } else if part.is_some() {
            f.expr = Expr::Time {
                day: Some(day),
                clock: None,
                part,
            };
            f.end = end;
        }
        f
    }

    /// `[,] [sekitar] pukul 14.30 [malam] [WIB]` after a day; with `bare`, a
    /// clock time without `pukul` too (`7 Feb 2015 20:15`).
    #[allow(clippy::type_complexity)]
    fn clock_phrase(
        &self,
        i: usize,
        part: Option<Part>,
        bare: bool,
    ) -> Option<(usize, Clock, Option<&'static str>, bool)> {
        let mut j = if self.is(i, ",") { i + 1 } else { i };
        let mut approx = false;
        if let Some((e, TimexMod::Approx)) = self.phrase(j, |r| match r {
            Role::Mod(m) => Some(m),
            _ => None,
        }) {
            approx = true;
            j = e;
        }
        let (mut j, clock) = if self.marker(j, Marker::Clock) {
            (j + 2, self.clock(j + 1, true)?)
        } else {
            let clock = self.clock(j, false)?;
            let colon = self.text(j).contains(':');
            if !(bare || colon || self.zone(j + 1).is_some()) {
                return None;
            }
            (j + 1, clock)
        };
        let mut part = part;
        if let Some((e, p)) = self.part(j) {
            part = Some(p);
            j = e;
        }
        let clock = shift_hour(clock, part);
        let zone = self.zone(j);
        if zone.is_some() {
            j += 1;
        }
        Some((j, clock, zone, approx))
    }

    /// Dates with a day, month or weekday: `Rabu (22/2/2023)`, `Senin,
    /// 20 Februari 2023`, `24 Februari 2022`, `(20/2)`, `Februari 2023`,
    /// `tanggal 17`, `19-21 Agustus` (its `19`).
    fn calendar(&self, i: usize) -> Option<Found> {
        let mut best: Option<Found> = None;
        for f in [
            self.weekday(i),
            self.numeric(i),
            self.day_month(i),
            self.month_year(i),
        ]
        .into_iter()
        .flatten()
        {
            if best.as_ref().is_none_or(|b| f.end > b.end) {
                best = Some(f);
            }
        }
        best
    }

    /// `[hari] Senin [lalu] [,] [(20/2/2023) | 20 Februari 2023]`.
    fn weekday(&self, i: usize) -> Option<Found> {
        let hari = self.marker(i, Marker::Weekday);
        let j = if hari { i + 1 } else { i };
        let wd = self.role(j, |r| match r {
            Role::Weekday(d) => Some(d),
            _ => None,
        })?;
        let mut k = j + 1;
        let mut dir = None;
        if let Some((e, d)) = self.point_dir(k) {
            dir = Some(d);
            k = e;
        }
        let k2 = if self.is(k, ",") { k + 1 } else { k };
        // A date after the weekday.
        let dated = self
            .paren_date(k2, true)
            .or_else(|| {
                let (d, m, y) = self.numeric_date(k2)?;
                Some((k2 + 1, Cal::date(y, m, d)))
            })
            .or_else(|| {
                self.day_month(k2).and_then(|f| match f.expr {
                    Expr::Cal(c) if c.month.is_some() && c.day.is_some() => Some((f.end, c)),
                    _ => None,
                })
            });
        if let Some((end, mut cal)) = dated {
            cal.weekday = Some(wd);
            if cal.dir.is_none() {
                cal.dir = dir;
            }
            return Some(Found::new(i, end, Expr::Cal(cal)));
        }
        // The weekday alone; `minggu` may be the week.
        let ambiguous = self.unit(j) == Some(Unit::Week);
        if ambiguous && !self.sunday(j, hari) {
            return None;
        }
        // Part of a name: `Pasar Minggu` (wire copy writes `Mesir Sabtu
        // menyerukan`, so other weekdays after a name stay dates).
        if ambiguous && !hari && self.inside_name(j) {
            return None;
        }
        // Lowercase weekdays alone are rare and `sabtu`/`senin` safe, but a
        // lowercase `minggu` alone is the week.
        Some(Found::new(
            i,
            k,
            Expr::Cal(Cal {
                weekday: Some(wd),
                dir,
                ..Cal::default()
            }),
        ))
    }

    /// Whether `Minggu` at `j` (with no date after it) is Sunday rather than
    /// the week.
    fn sunday(&self, j: usize, hari: bool) -> bool {
        if hari || self.part(j + 1).is_some() {
            return true;
        }
        // `Sabtu dan Minggu`, `Sabtu-Minggu`.
        if j >= self.lo + 2
            && (self.dash(j - 1)
                || self.has(j - 1, |r| matches!(r, Role::Range))
                || self.is(j - 1, ","))
            && self.has(j - 2, |r| matches!(r, Role::Weekday(d) if d != 7))
        {
            return true;
        }
        if !self.capitalized(j) {
            return false;
        }
        if self.sentence_start(j) {
            // `Minggu, polisi …` is Sunday; `Minggu lalu, …` the week.
            return self.is(j + 1, ",");
        }
        let amount_before = j > self.lo
            && (self.kind(j - 1) == Some(TokenKind::Number)
                || self.has(j - 1, |r| matches!(r, Role::Number(_) | Role::Many)));
        let ordinal_after = self.has(j + 1, |r| matches!(r, Role::Ordinal(_)));
        !amount_before && !ordinal_after
    }

    /// The tense cue nearest before tokens `first..end` in the sentence, else
    /// the nearest after them.
    pub fn tense(&self, first: usize, end: usize) -> Option<super::words::Tense> {
        let cue = |k: usize| {
            self.role(k, |r| match r {
                Role::Tense(t) => Some(t),
                _ => None,
            })
        };
        (self.lo..first)
            .rev()
            .find_map(cue)
            .or_else(|| (end..self.hi).find_map(cue))
    }

    /// Whether the word at `j` follows a capitalized word that is not the
    /// first of its sentence nor a temporal word: it is part of a name.
    fn inside_name(&self, j: usize) -> bool {
        j > self.lo
            && !self.sentence_start(j - 1)
            && self.capitalized(j - 1)
            && self.kind(j - 1) == Some(TokenKind::Word)
            && !self.has(j - 1, |r| {
                matches!(
                    r,
                    Role::Weekday(_) | Role::Mod(_) | Role::Marker(_) | Role::Set | Role::Range
                )
            })
    }

    /// `(22/2/2023)`, `( 20/2 )`: a numeric date in parentheses. Without a
    /// weekday before it, a date without year needs a name, comma or sentence
    /// start before the parenthesis (`Jakarta (22/3)`).
    fn paren_date(&self, i: usize, after_weekday: bool) -> Option<(usize, Cal)> {
        if !self.is(i, "(") || !self.is(i + 2, ")") {
            return None;
        }
        let (d, m, y) = self.numeric_date(i + 1)?;
        if !after_weekday && y.is_none() {
            let ok = i == self.lo
                || self.is(i - 1, ",")
                || self.capitalized(i - 1)
                || self.point_dir(i - 1).is_some();
            if !ok {
                return None;
            }
        }
        Some((i + 3, Cal::date(y, m, d)))
    }

    /// A numeric date without a weekday: `(20/2)`, `22/2/2023`.
    fn numeric(&self, i: usize) -> Option<Found> {
        if let Some((end, cal)) = self.paren_date(i, false) {
            return Some(Found::new(i, end, Expr::Cal(cal)));
        }
        let (d, m, y) = self.numeric_date(i)?;
        // Bare, only with a year: `22/2/2023`, `17/8/45` (two parts, `1/2`,
        // may be a fraction; a dotted date needs four digits, `1.10.20` may
        // be a version).
        let four = self
            .text(i)
            .rsplit(['/', '.'])
            .next()
            .is_some_and(|y| y.len() == 4);
        let slashed = self.text(i).contains('/');
        if y.is_none()
            || !(four || slashed)
            || self.has(i.wrapping_sub(1), |r| matches!(r, Role::NotYearAfter))
        {
            return None;
        }
        Some(Found::new(i, i + 1, Expr::Cal(Cal::date(y, m, d))))
    }

    /// `[tanggal] 24 Februari [2022 | lalu]`, `tanggal 17`, and the first day
    /// of a range whose month comes after the second (`19` of `19-21 Agustus`).
    fn day_month(&self, i: usize) -> Option<Found> {
        let tanggal = self.marker(i, Marker::Day);
        let j = if tanggal { i + 1 } else { i };
        let d = self.day_number(j)?;
        if j > self.lo && self.has(j - 1, |r| matches!(r, Role::NotYearAfter)) {
            return None;
        }
        if let Some((end, cal)) = self.day_month_at(j, d) {
            let mut found = Found::new(i, end, Expr::Cal(cal));
            if self.month(j + 1).is_none()
                && let Some((_, len, _)) = self.glued_month(j + 1)
            {
                found.end_byte = Some(self.tokens[j + 1].span.start + len);
            }
            return Some(found);
        }
        // A range: `19-21 Agustus`, `20 hingga 22 Februari`, `tanggal 24 sampai 3 Oktober`.
        if let Some(c) = self.connector(j + 1) {
            let c = if self.marker(c, Marker::Day) {
                c + 1
            } else {
                c
            };
            if let Some(d2) = self.day_number(c)
                && let Some((_, second)) = self.day_month_at(c, d2)
            {
                let mut cal = second;
                cal.day = Some(d);
                if d > d2 {
                    // `24 sampai 3 Oktober`: 24 September.
                    let (m, y) = match cal.month {
                        Some(1) => (12, cal.year.map(|y| y - 1)),
                        Some(m) => (m - 1, cal.year),
                        None => return None,
                    };
                    cal.month = Some(m);
                    cal.year = y;
                }
                if valid_day(cal.year, cal.month?, d) {
                    return Some(Found::new(i, j + 1, Expr::Cal(cal)));
                }
            }
        }
        if tanggal {
            return Some(Found::new(
                i,
                j + 1,
                Expr::Cal(Cal {
                    day: Some(d),
                    ..Cal::default()
                }),
            ));
        }
        None
    }

    /// `24 Februari [2022 | lalu]` with the day at `j`: the end and the date.
    fn day_month_at(&self, j: usize, d: u8) -> Option<(usize, Cal)> {
        let (m, _full) = self.month(j + 1).or_else(|| {
            // `28 April-11 Mei`: the head of a range glued to the next day.
            let (m, _, _) = self.glued_month(j + 1)?;
            Some((m, true))
        })?;
        if self.month(j + 1).is_none() {
            return valid_day(None, m, d).then_some((
                j + 2,
                Cal {
                    day: Some(d),
                    month: Some(m),
                    ..Cal::default()
                },
            ));
        }
        let mut k = j + 2;
        if self.is(k, ".") && self.year4(k + 1).is_some() {
            k += 1;
        }
        let mut cal = Cal {
            day: Some(d),
            month: Some(m),
            ..Cal::default()
        };
        if let Some((e, y)) = self.year_after_month(k, false) {
            cal.year = Some(y);
            k = e;
        } else if let Some((e, offset)) = self.relative_year(k) {
            cal.year_offset = Some(offset);
            k = e;
        } else if let Some((e, dir)) = self.point_dir(k) {
            cal.dir = Some(dir);
            k = e;
        }
        valid_day(cal.year, m, d).then_some((k, cal))
    }

    /// A token such as `April-11`: a month glued by a hyphen to the day that
    /// starts the next date; the month, the byte length of the month part and
    /// the day.
    fn glued_month(&self, i: usize) -> Option<(u8, usize, u8)> {
        if self.kind(i) != Some(TokenKind::Word) {
            return None;
        }
        let (name, day) = self.text(i).split_once('-')?;
        if !(1..=2).contains(&day.len()) || !day.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let id = self.words.id(name)?;
        let m = self.words.roles(id).iter().find_map(|r| match r {
            Role::Month(m) | Role::MonthAbbreviation(m) => Some(*m),
            _ => None,
        })?;
        let d: u8 = day.parse().ok()?;
        (1..=31).contains(&d).then_some((m, name.len(), d))
    }

    /// `tahun lalu`, `tahun ini`, `tahun depan` after a month: the index after
    /// it and the year's offset from the reference's.
    fn relative_year(&self, k: usize) -> Option<(usize, i32)> {
        if self.unit(k) != Some(Unit::Year) {
            return None;
        }
        self.point_dir(k + 1).map(|(e, d)| (e, offset_of(d)))
    }

    /// `[bulan] Februari [2023 | lalu | tahun lalu]`, `Agt 2020`, `Juni 5, 1872`.
    fn month_year(&self, i: usize) -> Option<Found> {
        let bulan = self.marker(i, Marker::Month) && self.month(i + 1).is_some();
        let j = if bulan { i + 1 } else { i };
        let (m, full) = self.month(j)?;
        let mut k = j + 1;
        if !full && self.is(k, ".") {
            k += 1;
        }
        let mut cal = Cal {
            month: Some(m),
            ..Cal::default()
        };
        if let Some((e, y)) = self.year_after_month(k, false) {
            cal.year = Some(y);
            return Some(Found::new(i, e, Expr::Cal(cal)));
        }
        // English order, from translated text: `Juni 5, 1872`.
        if let Some(d) = self.day_number(k)
            && self.is(k + 1, ",")
            && let Some(y) = self.year4(k + 2)
            && valid_day(Some(y), m, d)
        {
            return Some(Found::new(i, k + 3, Expr::Cal(Cal::date(Some(y), m, d))));
        }
        if !full {
            return None;
        }
        if let Some((e, offset)) = self.relative_year(k) {
            cal.year_offset = Some(offset);
            return Some(Found::new(i, e, Expr::Cal(cal)));
        }
        if let Some((e, dir)) = self.point_dir(k) {
            cal.dir = Some(dir);
            return Some(Found::new(i, e, Expr::Cal(cal)));
        }
        // A month name alone inside a longer name (`Universitas Sebelas
        // Maret`) is not a date.
        if !bulan && self.inside_name(j) {
            return None;
        }
        Some(Found::new(i, j + 1, Expr::Cal(cal)))
    }

    /// `tahun 2015`, `2008`, `2023-02-22`, `tahun 580 sebelum Masehi`.
    fn year(&self, i: usize) -> Option<Found> {
        if self.marker(i, Marker::Year) {
            let j = i + 1;
            if let Some(y) = self.year4(j) {
                return Some(Found::new(i, j + 1, Expr::Cal(Cal::year(y))));
            }
            if let Some((n, digits)) = self.int(j)
                && digits <= 4
            {
                if let Some(end) = self.before_era(j + 1) {
                    return Some(Found::new(i, end, Expr::BeforeEra(n as i32)));
                }
                // `tahun 580-480 sebelum Masehi`: the first year of the range.
                if let Some(c) = self.connector(j + 1)
                    && self.int(c).is_some()
                    && self.before_era(c + 1).is_some()
                {
                    return Some(Found::new(i, j + 1, Expr::BeforeEra(n as i32)));
                }
                if digits == 2 && !self.has(j + 1, |r| matches!(r, Role::CountNoun | Role::Unit(_)))
                {
                    return Some(Found::new(i, j + 1, Expr::Cal(Cal::year(self.year2(n)))));
                }
            }
            return None;
        }
        let (n, digits) = self.int(i)?;
        if let Some(end) = self.before_era(i + 1) {
            return Some(Found::new(i, end, Expr::BeforeEra(n as i32)));
        }
        if digits != 4 {
            return None;
        }
        // ISO 8601: `2023-02-22`, written without spaces.
        if self.dash(i + 1) && self.dash(i + 3) {
            let adjacent = (i..i + 4).all(|k| {
                k + 1 < self.hi && self.tokens[k].span.end == self.tokens[k + 1].span.start
            });
            if adjacent
                && let (Some((m, 2)), Some((d, 2))) = (self.int(i + 2), self.int(i + 4))
                && valid_day(Some(n as i32), m as u8, d as u8)
            {
                return Some(Found::new(
                    i,
                    i + 5,
                    Expr::Cal(Cal::date(Some(n as i32), m as u8, d as u8)),
                ));
            }
        }
        self.bare_year(i)
            .then(|| Found::new(i, i + 1, Expr::Cal(Cal::year(n as i32))))
    }

    /// `SM`, `sebelum Masehi` at `i`: the index after it.
    fn before_era(&self, i: usize) -> Option<usize> {
        self.phrase(i, |r| matches!(r, Role::BeforeEra).then_some(()))
            .map(|(e, ())| e)
    }

    /// Whether a four-digit number with no word before it is a year: 1900 to
    /// 2099, not money, a count, an article of law, a phone number or part of
    /// another number.
    fn bare_year(&self, i: usize) -> bool {
        let Some(y) = self.year4(i) else { return false };
        if !(1900..2100).contains(&y) {
            return false;
        }
        if i > self.lo && self.has(i - 1, |r| matches!(r, Role::NotYearAfter)) {
            return false;
        }
        if self.has(i + 1, |r| matches!(r, Role::CountNoun)) || self.is(i + 1, "%") {
            return false;
        }
        let number = |k: usize| k >= self.lo && self.kind(k) == Some(TokenKind::Number);
        let glued = |a: usize, b: usize| self.tokens[a].span.end == self.tokens[b].span.start;
        if (i > self.lo && number(i - 1)) || number(i + 1) {
            return false;
        }
        // Digit groups joined by dashes or slashes (phone numbers, codes),
        // unless the other group is a year too (`2014-2019`).
        for (sep, other) in [(i.wrapping_sub(1), i.wrapping_sub(2)), (i + 1, i + 2)] {
            if sep < self.lo || other < self.lo || other >= self.hi {
                continue;
            }
            let joined = (self.dash(sep) || self.is(sep, "/") || self.is(sep, "."))
                && glued(sep.min(other), sep.max(other))
                && number(other);
            if joined && self.year4(other).is_none() {
                return false;
            }
        }
        true
    }

    /// `kemarin`, `hari ini`, `besok`, `lusa`, `kemarin lusa`.
    fn day_word(&self, i: usize) -> Option<Found> {
        let (end, offset) = self.phrase(i, |r| match r {
            Role::DayOffset(n) => Some(n),
            _ => None,
        })?;
        Some(Found::new(
            i,
            end,
            Expr::Rel {
                unit: Unit::Day,
                offset: offset as i32,
            },
        ))
    }

    /// `keesokan harinya`: a day from the story's day.
    fn story_day(&self, i: usize) -> Option<Found> {
        let (end, offset) = self.phrase(i, |r| match r {
            Role::StoryDayOffset(n) => Some(n),
            _ => None,
        })?;
        Some(Found::new(
            i,
            end,
            Expr::Story {
                unit: Unit::Day,
                offset: offset as i32,
            },
        ))
    }

    /// `pukul 14.30 WIB`, `pukul 8 malam`, `jam 10`, `13:30`, `15.50 WIB`.
    fn time(&self, i: usize) -> Option<Found> {
        let (mut j, clock) = if self.marker(i, Marker::Clock) {
            (i + 2, self.clock(i + 1, true)?)
        } else {
            let clock = self.clock(i, false)?;
            let colon = self.text(i).contains(':');
            if !colon && self.zone(i + 1).is_none() {
                return None;
            }
            if i > self.lo && self.has(i - 1, |r| matches!(r, Role::NotYearAfter)) {
                return None;
            }
            (i + 1, clock)
        };
        let mut part = None;
        if let Some((e, p)) = self.part(j) {
            part = Some(p);
            j = e;
        }
        let mut found = Found::new(
            i,
            j,
            Expr::Time {
                day: None,
                clock: Some(shift_hour(clock, part)),
                part: None,
            },
        );
        if let Some(zone) = self.zone(j) {
            found.zone = Some(zone);
            found.end = j + 1;
        }
        Some(found)
    }

    /// `tadi pagi`, `nanti malam`, `malam ini`, `pagi tadi`, and a part of
    /// the day that is always temporal alone (`dini hari`).
    fn part_anchor(&self, i: usize) -> Option<Found> {
        let anchor = |k: usize| {
            self.role(k, |r| match r {
                Role::PartAnchor(d) => Some(d),
                _ => None,
            })
        };
        let anchor_after = |k: usize| {
            anchor(k).or_else(|| {
                self.has(k, |r| r == Role::Direction(Dir::This))
                    .then_some(Dir::This)
            })
        };
        let time = |first, end, offset, part| {
            Found::new(
                first,
                end,
                Expr::Time {
                    day: Some(Day::Offset(offset)),
                    clock: None,
                    part: Some(part),
                },
            )
        };
        // `tadi malam` is the night before; the others are the same day.
        let offset = |dir, part| {
            if dir == Dir::Last && part == Part::Night {
                -1
            } else {
                0
            }
        };
        if let Some(dir) = anchor(i)
            && let Some((end, part)) = self.part(i + 1)
        {
            return Some(time(i, end, offset(dir, part), part));
        }
        let (end, part) = self.part(i)?;
        // `malam hari ini`, `pagi besok`.
        let day = self.phrase(end, |r| match r {
            Role::DayOffset(n) => Some(n),
            _ => None,
        });
        if let Some((e, offset)) = day {
            return Some(time(i, e, offset as i32, part));
        }
        if let Some(dir) = anchor_after(end) {
            return Some(time(i, end + 1, offset(dir, part), part));
        }
        if end - i >= 2 {
            // `dini hari`, `larut malam`, `tengah malam`: temporal alone.
            return Some(Found::new(
                i,
                end,
                Expr::Time {
                    day: None,
                    clock: None,
                    part: Some(part),
                },
            ));
        }
        None
    }

    /// `pekan lalu`, `bulan ini`, `tahun depan`, `kuartal lalu`, `abad ini`.
    fn unit_rel(&self, i: usize) -> Option<Found> {
        let unit = self.unit(i)?;
        if unit.is_clock() || unit == Unit::Windu {
            return None;
        }
        if let Some((end, dir @ (Dir::Prior | Dir::Following))) = self.dir(i + 1) {
            // `tahun sebelumnya`, `hari berikutnya`.
            return Some(Found::new(
                i,
                end,
                Expr::Story {
                    unit,
                    offset: if dir == Dir::Prior { -1 } else { 1 },
                },
            ));
        }
        if unit == Unit::Day {
            return None;
        }
        if unit == Unit::Week
            && self.has(i, |r| matches!(r, Role::Weekday(_)))
            && self.sunday(i, false)
        {
            return None;
        }
        let (end, dir) = self.point_dir(i + 1)?;
        Some(Found::new(
            i,
            end,
            Expr::Rel {
                unit,
                offset: offset_of(dir),
            },
        ))
    }

    /// An amount of a unit: `satu tahun`, `3 jam`, `sepekan` (durations);
    /// `dua hari lalu`, `setahun yang lalu`, `dua minggu lagi` (points);
    /// `lima tahun terakhir`, `dalam dua tahun mendatang` (durations).
    fn amount_unit(&self, i: usize) -> Option<Found> {
        let (amount, unit, k) = self.amount_and_unit(i)?;
        let during = i > self.lo && self.has(i - 1, |r| r == Role::DurationCue);
        let duration = |end| {
            Found::new(
                i,
                end,
                Expr::Fixed(TimexType::Duration, duration_value(amount, unit)),
            )
        };
        let point = |end, sign: i32| {
            let expr = match amount {
                Amount::Known(n) if n.fract() == 0.0 && !unit.is_clock() => Expr::Rel {
                    unit,
                    offset: sign * n as i32,
                },
                _ => Expr::Fixed(
                    TimexType::Date,
                    if sign < 0 { Vague::Past } else { Vague::Future }
                        .value()
                        .to_string(),
                ),
            };
            Found::new(i, end, expr)
        };
        // `dua tahun delapan bulan`, `1 jam 30 menit`: one duration.
        let mut parts = vec![(amount, unit)];
        let mut k2 = k;
        while let Some((Amount::Known(m), u, e)) = self.amount_and_unit(k2)
            && let Some(&(Amount::Known(_), last)) = parts.last()
            && m.fract() == 0.0
            && rank(u) < rank(last)
        {
            parts.push((Amount::Known(m), u));
            k2 = e;
        }
        if parts.len() > 1
            && let Some(value) = compound_duration(&parts)
            && matches!(self.dir(k2), None | Some((_, Dir::Recent | Dir::Ahead)))
        {
            let end = self.dir(k2).map_or(k2, |(e, _)| e);
            return Some(Found::new(i, end, Expr::Fixed(TimexType::Duration, value)));
        }
        match self.dir(k) {
            Some((end, dir @ (Dir::Prior | Dir::Following))) => match amount {
                Amount::Known(n) if n.fract() == 0.0 && !unit.is_clock() => Some(Found::new(
                    i,
                    end,
                    Expr::Story {
                        unit,
                        offset: if dir == Dir::Prior {
                            -(n as i32)
                        } else {
                            n as i32
                        },
                    },
                )),
                _ => Some(duration(k)),
            },
            Some((end, Dir::Last)) => Some(point(end, -1)),
            Some((end, Dir::Later)) => Some(point(end, 1)),
            Some((end, Dir::Next)) if !during => Some(point(end, 1)),
            Some((end, Dir::Next | Dir::Recent | Dir::Ahead)) => Some(duration(end)),
            _ => Some(duration(k)),
        }
    }

    /// An amount and a unit at `i`: `tiga bulan`, `2,5 jam`, `sebulan`,
    /// `bertahun-tahun`; and the index after them.
    fn amount_and_unit(&self, i: usize) -> Option<(Amount, Unit, usize)> {
        if let Some(u) = self.role(i, |r| match r {
            Role::OneUnit(u) => Some(u),
            _ => None,
        }) {
            return Some((Amount::Known(1.0), u, i + 1));
        }
        if let Some(u) = self.role(i, |r| match r {
            Role::ManyUnits(u) => Some(u),
            _ => None,
        }) {
            return Some((Amount::Many, u, i + 1));
        }
        // A number in digits is one token, so its unit can only come next:
        // looked at before the number is parsed, as most numbers have none.
        if self.kind(i) == Some(TokenKind::Number) && self.unit(i + 1).is_none() {
            return None;
        }
        let (j, amount) = self.amount(i)?;
        let unit = self.unit(j)?;
        if i > self.lo && self.has(i - 1, |r| matches!(r, Role::NotYearAfter)) {
            return None;
        }
        // `jam 10` is a clock time, not ten hours; `2 minggu` is weeks.
        if self.kind(i) == Some(TokenKind::Number) && self.marker(i.wrapping_sub(1), Marker::Clock)
        {
            return None;
        }
        Some((amount, unit, j + 1))
    }

    /// `kuartal I 2023`, `triwulan ketiga`, `semester II`, `triwulan III-2020`,
    /// `Q1 2023`.
    fn period(&self, i: usize) -> Option<Found> {
        let (unit, j, n, year) = if let Some(unit) = self
            .unit(i)
            .filter(|u| matches!(u, Unit::Quarter | Unit::Half))
        {
            let (n, year) = self.period_number(i + 1)?;
            (unit, i + 2, n, year)
        } else {
            let rest = self
                .text(i)
                .strip_prefix(['Q', 'q'])
                .filter(|_| self.kind(i) == Some(TokenKind::Word))?;
            let (n, year) = split_period(rest, |p| p.parse().ok())?;
            (Unit::Quarter, i + 1, n, year)
        };
        let max = if unit == Unit::Quarter { 4 } else { 2 };
        if n == 0 || n > max {
            return None;
        }
        let mut found = Found::new(
            i,
            j,
            Expr::Period {
                unit,
                n,
                year,
                dir: None,
            },
        );
        if year.is_none() {
            // `kuartal I tahun 2023`, `kuartal I-2023`, `kuartal I/2023`.
            let joined = self.marker(j, Marker::Year) || self.dash(j) || self.is(j, "/");
            let k = if joined && self.year4(j + 1).is_some() {
                j + 1
            } else {
                j
            };
            if let Some(y) = self.year4(k) {
                found.expr = Expr::Period {
                    unit,
                    n,
                    year: Some(y),
                    dir: None,
                };
                found.end = k + 1;
            } else if let Some((e, dir)) = self.point_dir(j) {
                found.expr = Expr::Period {
                    unit,
                    n,
                    year: None,
                    dir: Some(dir),
                };
                found.end = e;
            } else if self.marker(j, Marker::Year)
                && let Some((e, dir)) = self.point_dir(j + 1)
            {
                // `kuartal pertama tahun ini`.
                found.expr = Expr::Period {
                    unit,
                    n,
                    year: None,
                    dir: Some(dir),
                };
                found.end = e;
            }
        }
        Some(found)
    }

    /// The number of a quarter or half: `I`, `III-2020`, `ketiga`, `ke-2`, `1`.
    fn period_number(&self, i: usize) -> Option<(u8, Option<i32>)> {
        if let Some(n) = self.role(i, |r| match r {
            Role::Ordinal(n) => Some(n),
            _ => None,
        }) {
            return Some((n, None));
        }
        if let Some((n, 1)) = self.int(i) {
            return Some((n as u8, None));
        }
        if let Some(n) = self.written_ordinal(i) {
            return Some((n as u8, None));
        }
        if self.kind(i) == Some(TokenKind::Word) {
            return split_period(self.text(i), roman);
        }
        None
    }

    /// `ke-21`: 21.
    fn written_ordinal(&self, i: usize) -> Option<u32> {
        if self.kind(i) != Some(TokenKind::Word) {
            return None;
        }
        let s = self.text(i);
        let prefix = &self.words.ordinal_prefix;
        let head = s.get(..prefix.len())?;
        if !head.eq_ignore_ascii_case(prefix) {
            return None;
        }
        let n = &s[prefix.len()..];
        (n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
            .then(|| n.parse().ok())
            .flatten()
    }

    /// `1990-an`, `tahun 1990-an`, `era 80-an`.
    fn decade(&self, i: usize) -> Option<Found> {
        let marked = self.marker(i, Marker::Year) || self.marker(i, Marker::Decade);
        let mut j = if marked { i + 1 } else { i };
        // `'90-an`.
        if matches!(self.text_opt(j), Some("'" | "’")) {
            j += 1;
        }
        if self.kind(j) != Some(TokenKind::Word) {
            return None;
        }
        if i > self.lo && self.has(i - 1, |r| matches!(r, Role::NotYearAfter)) {
            return None;
        }
        let s = self.text(j);
        let digits = s.strip_suffix("-an").or_else(|| s.strip_suffix("an"))?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) || !digits.ends_with('0') {
            return None;
        }
        let start = match digits.len() {
            4 => digits.parse::<i32>().ok()?,
            2 => self.year2(digits.parse().ok()?),
            _ => return None,
        };
        Some(Found::new(i, j + 1, Expr::Decade(start / 10)))
    }

    /// `abad ke-21`, `abad 21`, `abad XXI`.
    fn century(&self, i: usize) -> Option<Found> {
        if !self.marker(i, Marker::Century) {
            return None;
        }
        let j = i + 1;
        let n = self
            .written_ordinal(j)
            .or_else(|| self.int(j).filter(|&(_, d)| d <= 2).map(|(n, _)| n))
            .or_else(|| {
                (self.kind(j) == Some(TokenKind::Word))
                    .then(|| roman(self.text(j)))
                    .flatten()
                    .map(u32::from)
            })
            .or_else(|| {
                self.role(j, |r| match r {
                    Role::Ordinal(n) => Some(n as u32),
                    _ => None,
                })
            })?;
        (1..=30)
            .contains(&n)
            .then(|| Found::new(i, j + 1, Expr::Century(n as i32 - 1)))
    }

    /// `kini`, `saat ini`, `dulu` (at the start of a clause), `nanti`.
    fn vague(&self, i: usize) -> Option<Found> {
        if i > self.lo && self.has(i - 1, |r| r == Role::NotVagueAfter) {
            return None;
        }
        let found = self.phrase(i, |r| match r {
            Role::Vague(v) => Some(v),
            _ => None,
        });
        let clause = |r| match r {
            Role::ClauseVague(v) if self.clause_start(i) => Some(v),
            _ => None,
        };
        let alone = |r| match r {
            Role::AloneVague(v) => Some(v),
            _ => None,
        };
        let (end, v) = found.or_else(|| self.phrase(i, clause)).or_else(|| {
            self.phrase(i, alone)
                .filter(|&(end, _)| !matches!(self.kind(end), Some(TokenKind::Word)))
        })?;
        Some(Found::new(
            i,
            end,
            Expr::Fixed(TimexType::Date, v.value().to_string()),
        ))
    }

    /// A modifier word and what it modifies: `awal 2023`, `akhir bulan ini`,
    /// `pertengahan tahun`, `akhir pekan`, `sekitar pukul 10.00`, `sejak 2019`.
    fn modified(&self, i: usize) -> Option<Found> {
        let (j, m) = self.phrase(i, |r| match r {
            Role::Mod(m) => Some(m),
            _ => None,
        })?;
        match m {
            TimexMod::Start | TimexMod::Mid | TimexMod::End => {
                if m == TimexMod::End && self.unit(j) == Some(Unit::Week) {
                    // `akhir pekan [lalu]`: the weekend.
                    let (end, offset) = match self.point_dir(j + 1) {
                        Some((e, d)) => (e, offset_of(d)),
                        None => (j + 1, 0),
                    };
                    return Some(Found::new(i, end, Expr::Weekend { offset }));
                }
                if let Some(mut f) = self.core(j).filter(|f| is_period(&f.expr)) {
                    f.first = i;
                    f.modifier = Some(m);
                    return Some(f);
                }
                let unit = self.unit(j).filter(|u| {
                    matches!(
                        u,
                        Unit::Week
                            | Unit::Month
                            | Unit::Quarter
                            | Unit::Half
                            | Unit::Year
                            | Unit::Decade
                            | Unit::Century
                    )
                })?;
                let (end, offset) = match self.point_dir(j + 1) {
                    Some((e, d)) => (e, offset_of(d)),
                    None => (j + 1, 0),
                };
                let mut f = Found::new(i, end, Expr::Rel { unit, offset });
                f.modifier = Some(m);
                Some(f)
            }
            _ => {
                let mut f = self.modified(j).or_else(|| self.core(j))?;
                let duration = matches!(&f.expr, Expr::Fixed(TimexType::Duration, _));
                if duration && m != TimexMod::Approx {
                    return None;
                }
                f.first = i;
                if f.modifier.is_none() {
                    f.modifier = Some(m);
                }
                Some(f)
            }
        }
    }

    /// Sets: `setiap Senin`, `tiap tahun`, `setiap 17 Agustus`,
    /// `setiap dua tahun`, `dua kali seminggu`, `setahun sekali`.
    fn set(&self, i: usize) -> Option<Found> {
        let set = |end, value: String| Some(Found::new(i, end, Expr::Fixed(TimexType::Set, value)));
        if !self.has(i, |r| r == Role::Set) {
            // `dua kali seminggu`, `sekali sebulan`, `setahun sekali`.
            let one_unit = |k: usize| {
                self.role(k, |r| match r {
                    Role::OneUnit(u) => Some(u),
                    _ => None,
                })
            };
            let freq = |k: usize| {
                self.role(k, |r| match r {
                    Role::Frequency(f) => Some(f),
                    _ => None,
                })
            };
            if let Some(u) = one_unit(i) {
                if freq(i + 1) == Some(Frequency::Once) {
                    return set(i + 2, duration_value(Amount::Known(1.0), u));
                }
                return None;
            }
            if freq(i) == Some(Frequency::Once)
                && let Some(u) = one_unit(i + 1)
            {
                return set(i + 2, duration_value(Amount::Known(1.0), u));
            }
            let (j, _) = self.amount(i)?;
            if freq(j) == Some(Frequency::Times)
                && let Some(u) = one_unit(j + 1)
            {
                return set(j + 2, duration_value(Amount::Known(1.0), u));
            }
            return None;
        }
        let j = i + 1;
        // `setiap hari Minggu`, `tiap bulan Juni`: `hari` and `bulan` here
        // say what the name after them is, not the unit of the set.
        if self.marker(j, Marker::Weekday)
            && let Some(found) = self.weekday_set(i, j + 1)
        {
            return Some(found);
        }
        if self.marker(j, Marker::Month)
            && let Some(f) = self.month_year(j)
            && let Expr::Cal(c) = f.expr
            && let (Some(m), None, None, None) = (c.month, c.day, c.year, c.dir)
        {
            return set(f.end, format!("XXXX-{m:02}"));
        }
        if let Some(u) = self.unit(j)
            && !(u == Unit::Week
                && self.has(j, |r| matches!(r, Role::Weekday(_)))
                && self.capitalized(j))
        {
            return set(j + 1, duration_value(Amount::Known(1.0), u));
        }
        if let Some(found) = self.weekday_set(i, j) {
            return Some(found);
        }
        if let Some((e, TimexMod::End)) = self.phrase(j, |r| match r {
            Role::Mod(m) => Some(m),
            _ => None,
        }) && self.unit(e) == Some(Unit::Week)
        {
            return set(e + 1, "XXXX-WXX-WE".to_string());
        }
        if let Some((amount, unit, end)) = self.amount_and_unit(j) {
            return set(end, duration_value(amount, unit));
        }
        if let Some((end, part)) = self.part(j) {
            return set(end, format!("XXXX-XX-XXT{}", part.code()));
        }
        if let Some(f) = self.day_month(j).or_else(|| self.month_year(j))
            && let Expr::Cal(c) = f.expr
            && c.year.is_none()
            && c.dir.is_none()
        {
            let value = match (c.month, c.day) {
                (Some(m), Some(d)) => format!("XXXX-{m:02}-{d:02}"),
                (Some(m), None) => format!("XXXX-{m:02}"),
                (None, Some(d)) => format!("XXXX-XX-{d:02}"),
                (None, None) => return None,
            };
            return set(f.end, value);
        }
        None
    }

    /// A weekday at `k` as a set starting at `start`, with the part of the
    /// day after it: `setiap Senin` (`XXXX-WXX-1`), `setiap Jumat malam`
    /// (`XXXX-WXX-5TNI`).
    fn weekday_set(&self, start: usize, k: usize) -> Option<Found> {
        let wd = self.role(k, |r| match r {
            Role::Weekday(d) => Some(d),
            _ => None,
        })?;
        let (end, value) = match self.part(k + 1) {
            Some((end, part)) => (end, format!("XXXX-WXX-{wd}T{}", part.code())),
            None => (k + 1, format!("XXXX-WXX-{wd}")),
        };
        Some(Found::new(start, end, Expr::Fixed(TimexType::Set, value)))
    }

    /// The weekdays listed after a weekday set, each a set of its own:
    /// `Rabu` and `Jumat` of `setiap Senin, Rabu, dan Jumat`. Only
    /// capitalized names count after a comma or a list word (`dan`): a
    /// lowercase `minggu` there is left to the weekday-or-week rules.
    /// Takes where the first set ends; gives where the last one listed ends.
    fn listed_weekday_sets(&self, mut end: usize, out: &mut Vec<Found>) -> usize {
        loop {
            let mut k = end;
            let comma = self.is(k, ",");
            if comma {
                k += 1;
            }
            if let Some(c) = self.connector(k) {
                k = c;
            } else if !comma {
                return end;
            }
            if !self.capitalized(k) {
                return end;
            }
            let Some(next) = self.weekday_set(k, k) else {
                return end;
            };
            end = next.end;
            out.push(next);
        }
    }

    /// The second end of a clock range whose first end was just found:
    /// `pukul 10.00-12.00 WIB`.
    fn range_tail(&self, first: &Found) -> Option<Found> {
        if first.end_byte.is_some() {
            // `28 April-11 Mei 2020`: the second date starts inside `April-11`.
            let g = first.end - 1;
            let (_, len, d) = self.glued_month(g)?;
            let (end, cal) = self.day_month_at(g, d)?;
            let mut tail = Found::new(g, end, Expr::Cal(cal));
            tail.start_byte = Some(self.tokens[g].span.start + len + 1);
            return Some(tail);
        }
        let Expr::Time { clock: Some(_), .. } = first.expr else {
            return None;
        };
        let c = self.connector(first.end)?;
        if self.has(first.end, |r| matches!(r, Role::Range)) && self.is(first.end, "dan") {
            return None;
        }
        let k = if self.marker(c, Marker::Clock) {
            c + 1
        } else {
            c
        };
        let clock = self.clock(k, false)?;
        let mut f = Found::new(
            c,
            k + 1,
            Expr::Time {
                day: None,
                clock: Some(clock),
                part: None,
            },
        );
        if let Some(z) = self.zone(k + 1) {
            f.zone = Some(z);
            f.end = k + 2;
        }
        Some(f)
    }
}

impl Cal {
    fn date(year: Option<i32>, month: u8, day: u8) -> Cal {
        Cal {
            year,
            month: Some(month),
            day: Some(day),
            ..Cal::default()
        }
    }

    fn year(year: i32) -> Cal {
        Cal {
            year: Some(year),
            ..Cal::default()
        }
    }
}

/// The two ends of a range or list share what only the second one says:
/// `19-21 Agustus 2023`'s `19`, `Januari-Maret 2023`'s `Januari`, `pukul
/// 10.00-12.00 WIB`'s zone.
fn share_across_ranges(scanner: &Scanner, found: &mut [Found]) {
    for k in 1..found.len() {
        let (head, tail) = found.split_at_mut(k);
        let (a, b) = (&mut head[k - 1], &tail[0]);
        let glued = a.end_byte.is_some() && b.first + 1 == a.end;
        if scanner.connector(a.end) != Some(b.first) && !glued {
            continue;
        }
        match (&mut a.expr, &b.expr) {
            (Expr::Cal(x), Expr::Cal(y))
                if x.month.is_some() && x.year.is_none() && y.month.is_some() =>
            {
                if let Some(yy) = y.year {
                    x.year = Some(if x.month > y.month { yy - 1 } else { yy });
                } else if let Some(offset) = y.year_offset {
                    x.year_offset = Some(if x.month > y.month {
                        offset - 1
                    } else {
                        offset
                    });
                } else if x.dir.is_none() {
                    x.dir = y.dir;
                }
            }
            (Expr::Time { day: dx, .. }, Expr::Time { day: dy, .. }) => {
                if dx.is_none() {
                    *dx = *dy;
                }
                if a.zone.is_none() {
                    a.zone = b.zone;
                }
            }
            _ => {}
        }
    }
}

/// The day a found date names, for a time of day.
fn day_of(expr: &Expr) -> Option<Day> {
    match expr {
        Expr::Cal(c) if c.is_day() => Some(Day::Cal(*c)),
        Expr::Rel {
            unit: Unit::Day,
            offset,
        } => Some(Day::Offset(*offset)),
        _ => None,
    }
}

/// Whether `awal`, `pertengahan` or `akhir` can modify it (a stretch longer
/// than a day).
fn is_period(expr: &Expr) -> bool {
    match expr {
        Expr::Cal(c) => !c.is_day(),
        Expr::Rel { unit, .. } | Expr::Story { unit, .. } => !unit.is_clock() && *unit != Unit::Day,
        Expr::Period { .. } | Expr::Decade(_) | Expr::Century(_) => true,
        _ => false,
    }
}

fn offset_of(dir: Dir) -> i32 {
    match dir {
        Dir::Last | Dir::Prior => -1,
        Dir::Next | Dir::Later | Dir::Ahead | Dir::Following => 1,
        Dir::This | Dir::Recent => 0,
    }
}

/// `pukul 8 malam` is 20:00, `pukul 2 siang` 14:00.
fn shift_hour(clock: Clock, part: Option<Part>) -> Clock {
    let h = clock.hour;
    let hour = match part {
        Some(Part::Afternoon) if (1..=7).contains(&h) => h + 12,
        Some(Part::Evening) if (1..=11).contains(&h) => h + 12,
        Some(Part::Night) if (6..=11).contains(&h) => h + 12,
        Some(Part::Night) if h == 12 => 0,
        _ => h,
    };
    Clock { hour, ..clock }
}

/// Whether day `d` of month `m` exists (in `year`, or in some year).
fn valid_day(year: Option<i32>, m: u8, d: u8) -> bool {
    if !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    // A leap year stands for any year when the year is unknown.
    let y = year.unwrap_or(2024);
    i16::try_from(y).is_ok_and(|y| jiff::civil::Date::new(y, m as i8, d as i8).is_ok())
}

/// A Roman numeral from I to XXX.
fn roman(s: &str) -> Option<u8> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b"IVX".contains(&b)) {
        return None;
    }
    let value = |b: u8| match b {
        b'I' => 1i32,
        b'V' => 5,
        _ => 10,
    };
    let b = s.as_bytes();
    let mut total = 0;
    for k in 0..b.len() {
        let v = value(b[k]);
        if k + 1 < b.len() && value(b[k + 1]) > v {
            total -= v;
        } else {
            total += v;
        }
    }
    // Reject non-canonical forms such as `IIII` or `VV`.
    (1..=30)
        .contains(&total)
        .then_some(total as u8)
        .filter(|&n| to_roman(n) == s)
}

fn to_roman(n: u8) -> String {
    let mut out = String::new();
    let mut n = n;
    for (v, s) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// `III`, `III-2020`, `I/2023` (with `number` reading the part before the
/// separator): the number and the year.
fn split_period(s: &str, number: impl Fn(&str) -> Option<u8>) -> Option<(u8, Option<i32>)> {
    match s.split_once(['-', '/']) {
        Some((n, y)) => {
            let y: i32 = (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse().ok())
                .flatten()?;
            Some((number(n)?, Some(y)))
        }
        None => Some((number(s)?, None)),
    }
}

/// The order of units from the shortest.
fn rank(unit: Unit) -> u8 {
    match unit {
        Unit::Second => 0,
        Unit::Minute => 1,
        Unit::Hour => 2,
        Unit::Day => 3,
        Unit::Week => 4,
        Unit::Month => 5,
        Unit::Quarter => 6,
        Unit::Half => 7,
        Unit::Year => 8,
        Unit::Windu => 9,
        Unit::Decade => 10,
        Unit::Century => 11,
    }
}

/// A duration of whole amounts of several units, longest first: `P2Y8M`,
/// `PT1H30M`, `P1DT2H`.
fn compound_duration(parts: &[(Amount, Unit)]) -> Option<String> {
    // Years, months, days, hours, minutes, seconds (weeks as days).
    let mut fields = [0u64; 6];
    for &(amount, unit) in parts {
        let Amount::Known(n) = amount else {
            return None;
        };
        if n.fract() != 0.0 {
            return None;
        }
        let n = n as u64;
        let (field, factor) = match unit {
            Unit::Century => (0, 100),
            Unit::Decade => (0, 10),
            Unit::Windu => (0, 8),
            Unit::Year => (0, 1),
            Unit::Half => (1, 6),
            Unit::Quarter => (1, 3),
            Unit::Month => (1, 1),
            Unit::Week => (2, 7),
            Unit::Day => (2, 1),
            Unit::Hour => (3, 1),
            Unit::Minute => (4, 1),
            Unit::Second => (5, 1),
        };
        fields[field] += n * factor;
    }
    let mut out = String::from("P");
    for (value, letter) in fields[..3].iter().zip(["Y", "M", "D"]) {
        if *value > 0 {
            out.push_str(&format!("{value}{letter}"));
        }
    }
    if fields[3..].iter().any(|&v| v > 0) {
        out.push('T');
        for (value, letter) in fields[3..].iter().zip(["H", "M", "S"]) {
            if *value > 0 {
                out.push_str(&format!("{value}{letter}"));
            }
        }
    }
    Some(out)
}

/// A TIMEX3 duration: `P3D`, `PT2H`, `P18M` (1,5 tahun), `PXY`.
fn duration_value(amount: Amount, unit: Unit) -> String {
    let (n, unit) = match amount {
        Amount::Many => (None, unit),
        Amount::Known(n) => {
            // Express a fraction in the next smaller unit when it comes out whole.
            let (n, unit) = match unit {
                Unit::Windu => (n * 8.0, Unit::Year),
                Unit::Decade => (n * 10.0, Unit::Year),
                Unit::Century => (n * 100.0, Unit::Year),
                Unit::Quarter => (n * 3.0, Unit::Month),
                Unit::Half => (n * 6.0, Unit::Month),
                _ => (n, unit),
            };
            if n.fract() == 0.0 {
                (Some(n), unit)
            } else {
                let smaller = match unit {
                    Unit::Year => Some((12.0, Unit::Month)),
                    Unit::Week => Some((7.0, Unit::Day)),
                    Unit::Day => Some((24.0, Unit::Hour)),
                    Unit::Hour => Some((60.0, Unit::Minute)),
                    Unit::Minute => Some((60.0, Unit::Second)),
                    _ => None,
                };
                match smaller {
                    Some((f, u)) if (n * f).fract() == 0.0 => (Some(n * f), u),
                    _ => (Some(n), unit),
                }
            }
        }
    };
    let amount = n.map_or("X".to_string(), |n| {
        if n.fract() == 0.0 {
            format!("{}", n as u64)
        } else {
            format!("{n}")
        }
    });
    let (time, letter) = match unit {
        Unit::Second => (true, "S"),
        Unit::Minute => (true, "M"),
        Unit::Hour => (true, "H"),
        Unit::Day => (false, "D"),
        Unit::Week => (false, "W"),
        Unit::Month | Unit::Quarter | Unit::Half => (false, "M"),
        Unit::Year | Unit::Windu | Unit::Decade | Unit::Century => (false, "Y"),
    };
    format!("P{}{amount}{letter}", if time { "T" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starts_list_finds_what_trying_every_token_finds() {
        let text = "Pada Senin (20/2) pukul 10.00 WIB, 3 hari lalu, dan Q3 2023 \
            serta 28 April-11 Mei 2020, 10 persen, Rp 5 miliar, tahun 1990-an, \
            awal pekan depan ( 12 ) Agt. 2019; sejak 2019 hingga kemarin. \
            Abad ke-21, 2 tahun, tiga bulan sebelumnya, Januari-Maret.";
        let (_, tokens) = crate::tokenize::tokenize(text);
        let words = crate::dates::words::words();
        let scan = |all: bool| {
            let (ids, starts) = lazy_ids(words, text, &tokens);
            let every: Vec<usize> = (0..tokens.len()).collect();
            assert!(starts.windows(2).all(|w| w[0] < w[1]));
            let mut scanner = Scanner {
                text,
                tokens: &tokens,
                ids: &ids,
                starts: if all { &every } else { &starts },
                words,
                window_end: 2035,
                lo: 0,
                hi: 0,
            };
            let mut found = Vec::new();
            // Ranges of several sizes, so mentions cut at range ends too.
            for size in [tokens.len(), 7, 3] {
                let mut lo = 0;
                while lo < tokens.len() {
                    let hi = (lo + size).min(tokens.len());
                    scanner.sentence(lo, hi, &mut found);
                    lo = hi;
                }
            }
            found
        };
        let found = scan(false);
        assert!(found.len() >= 10, "{found:?}");
        assert_eq!(found, scan(true));
    }

    #[test]
    fn roman_numerals() {
        let cases = [
            ("I", Some(1)),
            ("IV", Some(4)),
            ("XXI", Some(21)),
            ("IIII", None),
            ("VV", None),
            ("Ibu", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(roman(input), expected, "{input}");
        }
    }

    #[test]
    fn durations() {
        let cases = [
            (Amount::Known(1.0), Unit::Year, "P1Y"),
            (Amount::Known(3.0), Unit::Day, "P3D"),
            (Amount::Known(2.0), Unit::Hour, "PT2H"),
            (Amount::Known(30.0), Unit::Minute, "PT30M"),
            (Amount::Known(1.5), Unit::Year, "P18M"),
            (Amount::Known(0.5), Unit::Hour, "PT30M"),
            (Amount::Known(0.5), Unit::Month, "P0.5M"),
            (Amount::Known(2.0), Unit::Decade, "P20Y"),
            (Amount::Known(1.0), Unit::Quarter, "P3M"),
            (Amount::Many, Unit::Year, "PXY"),
            (Amount::Many, Unit::Hour, "PTXH"),
        ];
        for (amount, unit, expected) in cases {
            assert_eq!(
                duration_value(amount, unit),
                expected,
                "{amount:?} {unit:?}"
            );
        }
        let known = |n| Amount::Known(n);
        let compounds = [
            (
                vec![(known(2.0), Unit::Year), (known(8.0), Unit::Month)],
                "P2Y8M",
            ),
            (
                vec![(known(1.0), Unit::Hour), (known(30.0), Unit::Minute)],
                "PT1H30M",
            ),
            (
                vec![(known(1.0), Unit::Day), (known(2.0), Unit::Hour)],
                "P1DT2H",
            ),
            (
                vec![(known(1.0), Unit::Week), (known(2.0), Unit::Day)],
                "P9D",
            ),
        ];
        for (parts, expected) in compounds {
            assert_eq!(
                compound_duration(&parts).as_deref(),
                Some(expected),
                "{parts:?}"
            );
        }
    }

    #[test]
    fn no_compound_with_unknown_or_fractional_amounts() {
        let month = (Amount::Known(2.0), Unit::Month);
        assert_eq!(
            compound_duration(&[(Amount::Many, Unit::Year), month]),
            None
        );
        assert_eq!(
            compound_duration(&[(Amount::Known(1.5), Unit::Year), month]),
            None
        );
    }

    #[test]
    fn hours_shift_with_the_part_of_day() {
        let at = |hour| Clock {
            hour,
            minute: 0,
            second: None,
        };
        let cases = [
            (8, Some(Part::Night), 20),
            (2, Some(Part::Afternoon), 14),
            (11, Some(Part::Afternoon), 11),
            (5, Some(Part::Morning), 5),
            (2, Some(Part::Night), 2),
            (12, Some(Part::Night), 0),
            (20, Some(Part::Night), 20),
            (7, Some(Part::Evening), 19),
        ];
        for (hour, part, expected) in cases {
            assert_eq!(shift_hour(at(hour), part).hour, expected, "{hour} {part:?}");
        }
    }
}
