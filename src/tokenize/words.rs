//! Words: the text cut into lossless tokens.
//!
//! Takes the text; returns tokens in order, non-overlapping, each with a
//! [`TokenKind`]. Whatever lies between two tokens is a *gap* made only of
//! white space, zero-width or control characters, so tokens plus gaps rebuild
//! the text exactly.
//!
//! The text is first cut at gaps into chunks. A chunk of ASCII letters (most
//! Indonesian words) is one token; the next most common shapes (letters with a
//! mark glued before or after them, `katanya.`, `“Kami`, `siap,”`, and digits
//! alone) are cut at once, as the general path would cut them. Other chunks
//! are checked whole for URLs and e-mail addresses, then segmented by Unicode word boundaries (UAX #29, from
//! `unicode-segmentation`), which already keeps `1.000.000`, `2,5`, `14.30`,
//! `Jum'at` and `Kompas.com` whole. Indonesian rules then join or split pieces:
//!
//! - reduplication and hyphenated words are one token (`kota-kota`,
//!   `porak-poranda`, `non-migas`, `ke-3`, `1990-an`, `COVID-19`, `APBN-P`),
//!   but two different capitalized words are split (`Rusia-Cina` → `Rusia` `-`
//!   `Cina`), as are number ranges (`19-21`), so that each name and each number
//!   stays its own token for later stages;
//! - a period belongs to an abbreviation (`Dr.`, `dll.`, `S.H.`, an initial `S.`);
//! - a currency glued to its amount is split (`Rp1,5` → `Rp` `1,5`), as the UD
//!   treebanks do, and so is `25%` (`25` `%`);
//! - dates and times stay whole (`22/2/2023`, `14:30`), as do `#tagar`, `@akun`;
//! - each quotation mark and dash is its own token; `...`, `--`, ` `` ` and `''` are one.
//!
//! Deliberately left out: splitting clitics (`ujarnya` stays one token, as in
//! UD Indonesian) and any normalization of the text.

use std::sync::OnceLock;

use unicode_segmentation::UnicodeSegmentation;

use crate::analysis::{Token, TokenKind};
use crate::lexicon::Lexicon;
use crate::span::Span;

struct Lists {
    abbreviations: Lexicon,
    final_abbreviations: Lexicon,
    currencies: Lexicon,
    hyphen_prefixes: Lexicon,
    /// For each first byte (lowercase), the lengths of the entries of both
    /// abbreviation lists that start with it: most words before a period
    /// (`katanya.`) are no entry, known without hashing.
    abbreviation_shapes: [u64; 256],
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let abbreviations = Lexicon::parse(include_str!("abbreviations.txt"));
        let final_abbreviations = Lexicon::parse(include_str!("abbreviations-final.txt"));
        let mut abbreviation_shapes = [0u64; 256];
        for entry in abbreviations.iter().chain(final_abbreviations.iter()) {
            abbreviation_shapes[entry.as_bytes()[0] as usize] |= 1 << entry.len().min(63);
        }
        Lists {
            abbreviations,
            final_abbreviations,
            currencies: Lexicon::parse(include_str!("currencies.txt")),
            hyphen_prefixes: Lexicon::parse(include_str!("hyphen-prefixes.txt")),
            abbreviation_shapes,
        }
    })
}

/// Whether an ASCII word may be an entry of an abbreviation list (any case).
fn may_be_listed(word: &[u8]) -> bool {
    lists().abbreviation_shapes[word[0].to_ascii_lowercase() as usize] & (1 << word.len().min(63))
        != 0
}

/// Characters that separate tokens without being part of any: white space
/// (NBSP and the other Unicode spaces included), zero-width spaces, a BOM, and
/// control characters.
pub fn is_gap(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

/// Quotation marks of every style.
pub fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '“'
            | '”'
            | '„'
            | '‟'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '＂'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// Hyphens and dashes.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '⁃' | '﹘' | '﹣' | '－'
    )
}

/// A hyphen that can join two words (`kota-kota`), unlike a dash.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

fn is_punct(c: char) -> bool {
    is_dash(c)
        || matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '/'
                | '\\'
                | '…'
                | '·'
                | '•'
                | '¡'
                | '¿'
                | '、'
                | '。'
                | '（'
                | '）'
                | '，'
                | '：'
                | '；'
                | '！'
                | '？'
                | '⋯'
        )
}

fn kind_of_mark(c: char) -> TokenKind {
    if is_quote_mark(c) {
        TokenKind::Quote
    } else if is_punct(c) {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

/// Appends the tokens of `text` to `out`.
pub fn tokens(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut scratch = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Skip a gap.
        let b = bytes[i];
        if b < 0x80 {
            if is_ascii_gap(b) {
                i += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().expect("char boundary");
            if is_gap(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // A chunk runs to the next gap.
        let start = i;
        // Most chunks are ASCII letters throughout: run over them first.
        let letters_end = ascii_letters_end(bytes, i);
        // Most of those end at a space (the chunk's first byte is no gap, so
        // the run is not empty): one word, and the space is passed over here.
        if bytes.get(letters_end) == Some(&b' ') {
            out.push(Token {
                span: Span::new(start, letters_end),
                kind: TokenKind::Word,
            });
            i = letters_end + 1;
            continue;
        }
        i = letters_end;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if is_ascii_gap(b) {
                    break;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().expect("char boundary");
                if is_gap(c) {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if letters_end == i {
            out.push(Token {
                span: Span::new(start, i),
                kind: TokenKind::Word,
            });
        } else {
            chunk(text, start, i, letters_end, out, &mut scratch);
        }
    }
}

/// [`is_gap`] for an ASCII byte: white space or a control character.
#[inline]
fn is_ascii_gap(b: u8) -> bool {
    b <= b' ' || b == 0x7F
}

/// The end of the run of ASCII letters from `i`, found eight bytes at a time.
fn ascii_letters_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(word) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // Each byte folded to lowercase, bit 7 cleared (so no sum carries
        // into the next byte): plus 0x1F it reaches bit 7 from `a` on, plus
        // 0x05 from past `z`. A byte with bit 7 set is no ASCII letter.
        let low = (w | (ONES * 0x20)) & !HIGH;
        let letters = (low + ONES * 0x1F) & !(low + ONES * 0x05) & !w & HIGH;
        let others = !letters & HIGH;
        if others != 0 {
            return i + (others.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    /// Has a letter (maybe digits too).
    Alpha,
    /// Digits, maybe with `.` `,` separators.
    Num,
    /// Anything else; the first char.
    Mark(char),
}

#[derive(Clone, Copy, Debug)]
struct Piece {
    start: usize,
    end: usize,
    class: Class,
}

fn classify(s: &str) -> Class {
    let mut letters = false;
    let mut digits = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            letters = true;
        } else if c.is_numeric() {
            digits = true;
        }
    }
    if letters {
        Class::Alpha
    } else if digits {
        Class::Num
    } else {
        Class::Mark(s.chars().next().unwrap_or(' '))
    }
}

/// Tokenizes one chunk `text[start..end]` (no gaps inside) whose ASCII
/// letters run from its start to `letters_end`.
fn chunk(
    text: &str,
    start: usize,
    end: usize,
    letters_end: usize,
    out: &mut Vec<Token>,
    pieces: &mut Vec<Piece>,
) {
    // Bytes, not a `str`: the chunk's bounds are char boundaries already.
    let b = &text.as_bytes()[start..end];

    // Fast path: ASCII letters followed by one punctuation mark (`katanya.`).
    if b.len() >= 2 {
        let last = b[b.len() - 1];
        let head = &b[..b.len() - 1];
        if letters_end == end - 1 && matches!(last, b',' | b'.' | b';' | b':' | b'?' | b'!' | b')')
        {
            // A word of two letters or more with no period inside is an
            // abbreviation only if listed.
            if last == b'.'
                && (head.len() == 1 || may_be_listed(b))
                && is_abbreviation(&text[start..end])
            {
                out.push(Token {
                    span: Span::new(start, end),
                    kind: TokenKind::Abbreviation,
                });
            } else {
                out.push(Token {
                    span: Span::new(start, end - 1),
                    kind: TokenKind::Word,
                });
                out.push(Token {
                    span: Span::new(end - 1, end),
                    kind: TokenKind::Punct,
                });
            }
            return;
        }
    }

    if marked_word(b, start, out) {
        return;
    }

    if special(text, start, end, out) {
        return;
    }
    segmented(text, start, end, out, pieces);
}

/// The general path: UAX #29 pieces, joined by the Indonesian rules.
fn segmented(text: &str, start: usize, end: usize, out: &mut Vec<Token>, pieces: &mut Vec<Piece>) {
    let s = &text[start..end];
    pieces.clear();
    if s.is_ascii() {
        ascii_pieces(text, start, end, pieces);
        join(text, pieces, out);
        return;
    }
    for (offset, piece) in s.split_word_bound_indices() {
        let p_start = start + offset;
        let p_end = p_start + piece.len();
        let class = classify(piece);
        if class == Class::Alpha {
            split_alpha(text, p_start, p_end, pieces);
        } else {
            pieces.push(Piece {
                start: p_start,
                end: p_end,
                class,
            });
        }
    }
    join(text, pieces, out);
}

/// The UAX #29 word break class of an ASCII byte (no ASCII byte is Extend,
/// Format, Katakana or Hebrew, and chunks hold no white space).
#[derive(Clone, Copy, PartialEq)]
enum Wb {
    Letter,
    Numeric,
    /// `_`.
    ExtendNumLet,
    /// `:`.
    MidLetter,
    /// `,` `;`.
    MidNum,
    /// `.` and `'` (Single_Quote acts as MidNumLet outside Hebrew).
    MidNumLet,
    Other,
}

/// The [`Wb`] class of a byte: one load from [`WB_CLASSES`], asked twice for
/// every byte of the chunks that take the general path.
#[inline]
fn wb(b: u8) -> Wb {
    WB_CLASSES[b as usize]
}

const WB_CLASSES: [Wb; 256] = {
    let mut table = [Wb::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
            b'0'..=b'9' => Wb::Numeric,
            b'_' => Wb::ExtendNumLet,
            b':' => Wb::MidLetter,
            b',' | b';' => Wb::MidNum,
            b'.' | b'\'' => Wb::MidNumLet,
            _ => Wb::Other,
        };
        b += 1;
    }
    table
};

/// Whether UAX #29 keeps bytes `k - 1` and `k` of an ASCII chunk in one
/// piece (rules WB5–WB13b; the rest break).
fn ascii_joined(b: &[u8], k: usize) -> bool {
    use Wb::*;
    let at = |i: usize| b.get(i).map_or(Other, |&c| wb(c));
    match (wb(b[k - 1]), wb(b[k])) {
        (Letter | Numeric | ExtendNumLet, Letter | Numeric | ExtendNumLet) => true,
        (Letter, MidLetter | MidNumLet) => at(k + 1) == Letter,
        (MidLetter | MidNumLet, Letter) => k >= 2 && at(k - 2) == Letter,
        (Numeric, MidNum | MidNumLet) => at(k + 1) == Numeric,
        (MidNum | MidNumLet, Numeric) => k >= 2 && at(k - 2) == Numeric,
        _ => false,
    }
}

/// The pieces of the ASCII chunk `text[start..end]`, cut and classified as
/// `split_word_bound_indices` and [`classify`] would (the tests compare them)
/// without looking up Unicode tables.
fn ascii_pieces(text: &str, start: usize, end: usize, pieces: &mut Vec<Piece>) {
    let b = &text.as_bytes()[start..end];
    let mut from = 0;
    let (mut letters, mut digits) = (false, false);
    for k in 0..b.len() {
        if k > from && !ascii_joined(b, k) {
            push_ascii_piece(text, start, from, k, letters, digits, pieces);
            from = k;
            (letters, digits) = (false, false);
        }
        letters |= b[k].is_ascii_alphabetic();
        digits |= b[k].is_ascii_digit();
    }
    if from < b.len() {
        push_ascii_piece(text, start, from, b.len(), letters, digits, pieces);
    }
}

fn push_ascii_piece(
    text: &str,
    start: usize,
    from: usize,
    to: usize,
    letters: bool,
    digits: bool,
    pieces: &mut Vec<Piece>,
) {
    let (p_start, p_end) = (start + from, start + to);
    if letters {
        split_alpha(text, p_start, p_end, pieces);
    } else {
        pieces.push(Piece {
            start: p_start,
            end: p_end,
            class: if digits {
                Class::Num
            } else {
                Class::Mark(text.as_bytes()[p_start] as char)
            },
        });
    }
}

/// Fast path for the other common chunks: ASCII letters with an opening `“`
/// or `(` before them and a `,` `;` `:` `?` `!` `)` and/or a closing `”`
/// after them (`“Kami`, `siap,”`, `(Polri)`), or ASCII digits alone (`2023`):
/// pushes their tokens, as the general path would, and returns true.
fn marked_word(b: &[u8], start: usize, out: &mut Vec<Token>) -> bool {
    const OPEN_QUOTE: &[u8] = "“".as_bytes();
    const CLOSE_QUOTE: &[u8] = "”".as_bytes();
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        out.push(Token {
            span: Span::new(start, start + b.len()),
            kind: TokenKind::Number,
        });
        return true;
    }
    let (open, rest) = if let Some(rest) = b.strip_prefix(OPEN_QUOTE) {
        (Some((OPEN_QUOTE.len(), TokenKind::Quote)), rest)
    } else if let Some(rest) = b.strip_prefix(b"(") {
        (Some((1, TokenKind::Punct)), rest)
    } else {
        (None, b)
    };
    let (rest, close) = match rest.strip_suffix(CLOSE_QUOTE) {
        Some(rest) => (rest, Some(CLOSE_QUOTE.len())),
        None => (rest, None),
    };
    let (letters, mark) = match rest.split_last() {
        Some((b',' | b';' | b':' | b'?' | b'!' | b')', letters)) => (letters, true),
        _ => (rest, false),
    };
    if letters.is_empty() || !letters.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let mut at = start;
    let mut push = |len: usize, kind: TokenKind| {
        out.push(Token {
            span: Span::new(at, at + len),
            kind,
        });
        at += len;
    };
    if let Some((len, kind)) = open {
        push(len, kind);
    }
    push(letters.len(), TokenKind::Word);
    if mark {
        push(1, TokenKind::Punct);
    }
    if let Some(len) = close {
        push(len, TokenKind::Quote);
    }
    true
}

/// Splits a UAX #29 word that holds two tokens: a currency glued to its amount
/// (`Rp1,5`) or two words run together at a period (`akhir.Dia`).
fn split_alpha(text: &str, start: usize, end: usize, pieces: &mut Vec<Piece>) {
    let s = &text[start..end];
    // Currency + digits.
    // (An ASCII digit is one byte: its byte offset is its char offset.)
    if let Some(digit) = s.bytes().position(|b| b.is_ascii_digit())
        && digit > 0
        && s[..digit].chars().all(|c| c.is_ascii_alphabetic())
        && s[digit..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && lists().currencies.contains(&s[..digit])
    {
        pieces.push(Piece {
            start,
            end: start + digit,
            class: Class::Alpha,
        });
        pieces.push(Piece {
            start: start + digit,
            end,
            class: Class::Num,
        });
        return;
    }
    // word.Word: a missing space after a period. Only the letters since the
    // previous period can be the left word (once a period stays inside, the
    // left side is not a plain word), so each part between periods is looked
    // at a bounded number of times: `a.a.a.…` of a megabyte stays linear.
    if s.contains('.') {
        let mut from = start;
        let mut part = 0; // where the part before this period starts, in `s`
        for dot in memchr::memchr_iter(b'.', s.as_bytes()) {
            let left = &s[part..dot];
            let right_word = s[dot + 1..].split('.').next().unwrap_or("");
            if from == start + part
                && left.chars().nth(1).is_some()
                && left.chars().all(char::is_alphabetic)
                && starts_capitalized_word(right_word)
            {
                let dot_at = start + dot;
                pieces.push(Piece {
                    start: from,
                    end: dot_at,
                    class: Class::Alpha,
                });
                pieces.push(Piece {
                    start: dot_at,
                    end: dot_at + 1,
                    class: Class::Mark('.'),
                });
                from = dot_at + 1;
            }
            part = dot + 1;
        }
        pieces.push(Piece {
            start: from,
            end,
            class: Class::Alpha,
        });
        return;
    }
    pieces.push(Piece {
        start,
        end,
        class: Class::Alpha,
    });
}

/// `Dia`, `Kemudian`: an uppercase letter followed by at least one lowercase one.
fn starts_capitalized_word(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_uppercase())
        && s.chars().count() >= 2
        && chars.all(char::is_lowercase)
}

/// Joins pieces into tokens by the Indonesian rules.
fn join(text: &str, p: &[Piece], out: &mut Vec<Token>) {
    let n = p.len();
    let mut i = 0;
    while i < n {
        let piece = p[i];
        match piece.class {
            Class::Mark(c) => {
                // `#tagar`, `@akun`: only at the start of a word.
                if (c == '#' || c == '@')
                    && i + 1 < n
                    && p[i + 1].class == Class::Alpha
                    && (i == 0 || matches!(p[i - 1].class, Class::Mark(_)))
                {
                    out.push(Token {
                        span: Span::new(piece.start, p[i + 1].end),
                        kind: if c == '#' {
                            TokenKind::Hashtag
                        } else {
                            TokenKind::Mention
                        },
                    });
                    i += 2;
                    continue;
                }
                // Runs that read as one mark: `...`, `--`, ``` `` ```, `''`.
                let run_max = match c {
                    '.' => usize::MAX,
                    '-' | '`' | '\'' => 2,
                    _ => 1,
                };
                let mut j = i + 1;
                while j < n && j - i < run_max && p[j].class == Class::Mark(c) {
                    j += 1;
                }
                let kind = if c == '-' || c == '.' {
                    TokenKind::Punct
                } else {
                    kind_of_mark(c)
                };
                // `...` is one token but `..` of a typo stays two marks.
                let j = if c == '.' && j - i == 2 { i + 1 } else { j };
                out.push(Token {
                    span: Span::new(piece.start, p[j - 1].end),
                    kind,
                });
                i = j;
            }
            Class::Alpha | Class::Num => {
                let mut end = piece.end;
                let mut last = piece; // the last component joined so far
                let mut numeric = piece.class == Class::Num;
                let mut j = i + 1;
                // A run of ideographs written without spaces (`高雄`) is one word,
                // as is a unit with its superscript (`km²`). Whether the run so
                // far is all ideographs is carried along, not looked up again:
                // UAX #29 gives one piece per ideograph, and rescanning the run
                // for each made a long run quadratic.
                let mut ideographic = is_ideographic(&text[piece.start..piece.end]);
                while j < n {
                    let next = &text[p[j].start..p[j].end];
                    let more_ideographs =
                        ideographic && p[j].class == Class::Alpha && is_ideographic(next);
                    if !more_ideographs {
                        if last.class == Class::Alpha && next.chars().all(is_superscript) {
                            ideographic = false;
                        } else {
                            break;
                        }
                    }
                    end = p[j].end;
                    last = Piece {
                        start: last.start,
                        end,
                        class: Class::Alpha,
                    };
                    j += 1;
                }
                while j + 1 < n {
                    let (sep, next) = (p[j], p[j + 1]);
                    let Class::Mark(c) = sep.class else { break };
                    if next.class == Class::Mark(c) || matches!(next.class, Class::Mark(_)) {
                        break;
                    }
                    let left = &text[last.start..last.end];
                    let right = &text[next.start..next.end];
                    let joins = if is_hyphen(c) {
                        join_hyphen(left, last.class, right, next.class)
                    } else if c == '/' {
                        join_slash(left, last.class, right, next.class)
                    } else if c == ':' {
                        is_clock_part(left) && is_clock_part(right) && right.len() == 2
                    } else {
                        false
                    };
                    if !joins {
                        break;
                    }
                    numeric &= next.class == Class::Num && c != '-';
                    end = next.end;
                    last = next;
                    j += 2;
                }
                let mut kind = if numeric {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                // A period that belongs to the word: `Dr.`, `dll.`, `S.H.`, `S.`.
                if j < n
                    && p[j].class == Class::Mark('.')
                    && (j + 1 == n || p[j + 1].class != Class::Mark('.'))
                    && j == i + 1
                    && piece.class == Class::Alpha
                    && is_abbreviation(&text[piece.start..p[j].end])
                {
                    end = p[j].end;
                    kind = TokenKind::Abbreviation;
                    j += 1;
                }
                out.push(Token {
                    span: Span::new(piece.start, end),
                    kind,
                });
                i = j;
            }
        }
    }
}

/// Han, kana and Hangul: scripts written without spaces between words.
fn is_ideographic(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c as u32,
            0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
            | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    })
}

fn is_superscript(c: char) -> bool {
    matches!(c, '²' | '³' | '¹' | '⁰'..='⁹')
}

/// Whether `left-right` (no spaces) is one word.
fn join_hyphen(left: &str, lclass: Class, right: &str, rclass: Class) -> bool {
    match (lclass, rclass) {
        // `19-21`, `2-1`: a range or a score, each number its own token.
        (Class::Num, Class::Num) => false,
        // `1990-an`, `ke-3`, `COVID-19`.
        (Class::Num, _) | (_, Class::Num) => true,
        _ => {
            let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
            if !(capital(left) && capital(right)) || right.chars().count() < 2 {
                return true; // `kota-kota`, `non-migas`, `e-KTP`, `APBN-P`
            }
            let (l, r) = (left.to_lowercase(), right.to_lowercase());
            // `Raja-Raja`, `Raja-Rajanya` are reduplication; `Al-Azhar` a name.
            r.starts_with(&l) || lists().hyphen_prefixes.contains(&l)
        }
    }
}

/// Whether `left/right` (no spaces) is one token: dates (`22/2/2023`), codes
/// (`II/2007`, `S/A`), `dan/atau`; but not two names (`MPR/DPR`) or two amounts.
fn join_slash(left: &str, lclass: Class, right: &str, rclass: Class) -> bool {
    let plain_digits = |s: &str| s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    match (lclass, rclass) {
        (Class::Num, Class::Num) => plain_digits(left) && plain_digits(right),
        (Class::Alpha, Class::Alpha) => {
            let name = |s: &str| {
                s.chars().count() >= 2 && s.chars().next().is_some_and(char::is_uppercase)
            };
            !(name(left) && name(right))
        }
        _ => true,
    }
}

fn is_clock_part(s: &str) -> bool {
    !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a word with its final period is an abbreviation: listed, an initial
/// (`S.`), or a dotted form (`S.H.`, `M.Si.`, `a.n.`, `Ph.D.`).
pub fn is_abbreviation(word: &str) -> bool {
    let lists = lists();
    // A period piece may carry combining marks (`.́` is one UAX #29 piece).
    let Some(body) = word.strip_suffix('.') else {
        return false;
    };
    if lists.final_abbreviations.contains(word) {
        return true; // `Tbk.`, `LLC.`
    }
    // `KEL.`, `DPR.`: an acronym ending a sentence, not the listed `kel.`.
    if body.chars().count() >= 3 && body.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    if lists.abbreviations.contains(word) {
        return true;
    }
    let mut chars = body.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    dotted(body)
}

/// `S.H`, `M.Si`, `a.n`, `Ph.D`: short letter groups joined by periods.
fn dotted(body: &str) -> bool {
    body.contains('.')
        && body.split('.').all(|part| {
            (1..=4).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
        })
}

/// Whether an abbreviation can end a sentence when the next word is capitalized:
/// `dll.`, `Tbk.`, `S.H.` can; titles (`Dr.`), prefixes (`No.`) and initials cannot.
pub fn may_end_sentence(abbreviation: &str) -> bool {
    let lists = lists();
    if lists.final_abbreviations.contains(abbreviation) {
        return true;
    }
    if lists.abbreviations.contains(abbreviation) {
        return false;
    }
    // `S.H.`, `M.Si.` may; initials such as `D.W.` may not.
    let Some(body) = abbreviation.strip_suffix('.') else {
        return false;
    };
    dotted(body)
        && !body
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase))
}

/// Recognizes a whole chunk that is a URL or an e-mail address, with any
/// wrapping punctuation (`(https://kompas.id/a).`).
fn special(text: &str, start: usize, end: usize, out: &mut Vec<Token>) -> bool {
    let s = &text[start..end];
    let lead = s
        .char_indices()
        .find(|&(_, c)| !(is_quote_mark(c) || matches!(c, '(' | '[' | '{' | '<')))
        .map_or(s.len(), |(i, _)| i);
    let core_end = s
        .char_indices()
        .rev()
        .find(|&(_, c)| {
            !(is_quote_mark(c)
                || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '>'))
        })
        .map_or(lead, |(i, c)| i + c.len_utf8());
    if core_end <= lead {
        return false;
    }
    let core = &s[lead..core_end];
    let kind = if is_url(core) {
        TokenKind::Url
    } else if is_email(core) {
        TokenKind::Email
    } else {
        return false;
    };
    for (i, c) in s[..lead].char_indices() {
        out.push(Token {
            span: Span::new(start + i, start + i + c.len_utf8()),
            kind: kind_of_mark(c),
        });
    }
    out.push(Token {
        span: Span::new(start + lead, start + core_end),
        kind,
    });
    let mut pieces = Vec::new();
    for (i, piece) in s[core_end..].split_word_bound_indices() {
        let p_start = start + core_end + i;
        pieces.push(Piece {
            start: p_start,
            end: p_start + piece.len(),
            class: classify(piece),
        });
    }
    join(text, &pieces, out);
    true
}

fn is_url(s: &str) -> bool {
    let lower = |prefix: &str| {
        s.len() > prefix.len()
            && s.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if lower("http://") || lower("https://") || lower("www.") {
        return true;
    }
    // `kompas.id/read/2023`: a domain followed by a path.
    match s.find('/') {
        Some(slash) if slash > 0 => {
            let host = &s[..slash];
            host.contains('.')
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                && host.rsplit('.').next().is_some_and(|tld| {
                    tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
                })
        }
        _ => false,
    }
}

fn is_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b))
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(&str, &'static str)> {
        let mut out = Vec::new();
        tokens(text, &mut out);
        out.iter()
            .map(|t| (t.span.of(text), t.kind.as_str()))
            .collect()
    }

    fn texts(text: &str) -> Vec<&str> {
        toks(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn marked_words_cut_as_the_general_path_does() {
        for chunk in [
            "2023",
            "0812345678",
            "“Kami",
            "siap,”",
            "(Polri)",
            "(Polri",
            "Polri)",
            "kata:”",
            "“Ya?”",
            "ya!”",
            "“Ya,”",
            "(a;",
            "a”",
            "“a”",
            "(aku,”",
        ] {
            let mut fast = Vec::new();
            assert!(marked_word(chunk.as_bytes(), 0, &mut fast), "{chunk}");
            let mut general = Vec::new();
            segmented(chunk, 0, chunk.len(), &mut general, &mut Vec::new());
            assert_eq!(fast, general, "{chunk}");
        }
        for chunk in ["“", "(", "“)", "a.", "“a.", "a1”", "(a),", "a,,", "é,”"] {
            assert!(
                !marked_word(chunk.as_bytes(), 0, &mut Vec::new()),
                "{chunk}"
            );
        }
    }

    #[test]
    fn ascii_pieces_cut_as_unicode_segmentation_does() {
        // Every string of up to five of these bytes, each in every place.
        const BYTES: &[u8] = b"aZ7.,;:'_-/(\"%#";
        let mut text = Vec::new();
        for len in 1..=5u32 {
            for mut n in 0..BYTES.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(BYTES[n % BYTES.len()]);
                    n /= BYTES.len();
                }
                let s = std::str::from_utf8(&text).unwrap();
                let mut fast = Vec::new();
                ascii_pieces(s, 0, s.len(), &mut fast);
                let mut general = Vec::new();
                for (offset, piece) in s.split_word_bound_indices() {
                    let class = classify(piece);
                    if class == Class::Alpha {
                        split_alpha(s, offset, offset + piece.len(), &mut general);
                    } else {
                        general.push(Piece {
                            start: offset,
                            end: offset + piece.len(),
                            class,
                        });
                    }
                }
                let spans = |p: &[Piece]| {
                    p.iter()
                        .map(|p| (p.start, p.end, p.class))
                        .collect::<Vec<_>>()
                };
                assert_eq!(spans(&fast), spans(&general), "{s:?}");
            }
        }
    }

    #[test]
    fn ascii_letters_end_stops_at_the_first_other_byte() {
        for len in 0..20 {
            for at in 0..=len {
                for b in 0..=255u8 {
                    let mut bytes =
                        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[..len].to_vec();
                    if at < len {
                        bytes[at] = b;
                    }
                    let want = bytes
                        .iter()
                        .position(|b| !b.is_ascii_alphabetic())
                        .unwrap_or(len);
                    for from in 0..=want {
                        assert_eq!(super::ascii_letters_end(&bytes, from), want, "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn words_and_clitics() {
        let cases: &[(&str, &[&str])] = &[
            ("ujarnya apakah", &["ujarnya", "apakah"]),
            ("katanya.", &["katanya", "."]),
            ("Jakarta, Senin", &["Jakarta", ",", "Senin"]),
            ("Jum'at", &["Jum'at"]),
        ];
        for (input, expected) in cases {
            assert_eq!(&texts(input), expected, "{input:?}");
        }
    }

    #[test]
    fn hyphens() {
        let cases: &[(&str, &[&str])] = &[
            ("kota-kota", &["kota-kota"]),
            ("porak-poranda", &["porak-poranda"]),
            ("cita-citanya", &["cita-citanya"]),
            ("Raja-Raja", &["Raja-Raja"]),
            ("non-migas", &["non-migas"]),
            ("e-KTP", &["e-KTP"]),
            ("APBN-P", &["APBN-P"]),
            ("ke-3", &["ke-3"]),
            ("1990-an", &["1990-an"]),
            ("COVID-19", &["COVID-19"]),
            ("Al-Azhar", &["Al-Azhar"]),
            ("Rusia-Cina", &["Rusia", "-", "Cina"]),
            ("Januari-September", &["Januari", "-", "September"]),
            ("19-21", &["19", "-", "21"]),
            ("Rusia–Ukraina", &["Rusia", "–", "Ukraina"]),
            ("kata--kata", &["kata", "--", "kata"]),
        ];
        for (input, expected) in cases {
            assert_eq!(&texts(input), expected, "{input:?}");
        }
    }

    #[test]
    fn numbers() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("1.000.000", &[("1.000.000", "number")]),
            ("2,5", &[("2,5", "number")]),
            ("1.314,40", &[("1.314,40", "number")]),
            ("Rp1,5", &[("Rp", "word"), ("1,5", "number")]),
            ("Rp.1.500", &[("Rp.", "abbreviation"), ("1.500", "number")]),
            ("25%", &[("25", "number"), ("%", "symbol")]),
            ("14.30", &[("14.30", "number")]),
            ("14:30", &[("14:30", "number")]),
            ("22/2/2023", &[("22/2/2023", "number")]),
            (
                "(20/2)",
                &[("(", "punct"), ("20/2", "number"), (")", "punct")],
            ),
            ("2023.", &[("2023", "number"), (".", "punct")]),
            (
                "60 km².",
                &[("60", "number"), ("km²", "word"), (".", "punct")],
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(&toks(input), expected, "{input:?}");
        }
    }

    #[test]
    fn abbreviations() {
        let cases: &[(&str, &[&str])] = &[
            ("Dr. Soetomo", &["Dr.", "Soetomo"]),
            ("dll. dan", &["dll.", "dan"]),
            ("S.H., M.Si.", &["S.H.", ",", "M.Si."]),
            ("a.n. Budi", &["a.n.", "Budi"]),
            ("S. B. Yudhoyono", &["S.", "B.", "Yudhoyono"]),
            ("Tbk.", &["Tbk."]),
            ("Ph.D.", &["Ph.D."]),
            ("Kompas.com", &["Kompas.com"]),
            ("merusak KEL.", &["merusak", "KEL", "."]),
            ("akhir.Dia", &["akhir", ".", "Dia"]),
            ("tinggi.", &["tinggi", "."]),
        ];
        for (input, expected) in cases {
            assert_eq!(&texts(input), expected, "{input:?}");
        }
    }

    #[test]
    fn web_forms() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "(https://kompas.id/baca/2023).",
                &[
                    ("(", "punct"),
                    ("https://kompas.id/baca/2023", "url"),
                    (")", "punct"),
                    (".", "punct"),
                ],
            ),
            (
                "www.detik.com,",
                &[("www.detik.com", "url"), (",", "punct")],
            ),
            (
                "redaksi@kompas.com.",
                &[("redaksi@kompas.com", "email"), (".", "punct")],
            ),
            ("#pemilu2024", &[("#pemilu2024", "hashtag")]),
            ("@jokowi:", &[("@jokowi", "mention"), (":", "punct")]),
        ];
        for (input, expected) in cases {
            assert_eq!(&toks(input), expected, "{input:?}");
        }
    }

    #[test]
    fn quote_marks_and_dashes() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "\"Kami,\"",
                &[
                    ("\"", "quote"),
                    ("Kami", "word"),
                    (",", "punct"),
                    ("\"", "quote"),
                ],
            ),
            ("“Ya”", &[("“", "quote"), ("Ya", "word"), ("”", "quote")]),
            ("'tanpa", &[("'", "quote"), ("tanpa", "word")]),
            ("``Apa", &[("``", "quote"), ("Apa", "word")]),
            ("—", &[("—", "punct")]),
            ("...", &[("...", "punct")]),
        ];
        for (input, expected) in cases {
            assert_eq!(&toks(input), expected, "{input:?}");
        }
    }

    #[test]
    fn scripts_without_spaces_keep_their_runs() {
        assert_eq!(
            texts("Kaohsiung (高雄 大眾)"),
            ["Kaohsiung", "(", "高雄", "大眾", ")"]
        );
        assert_eq!(texts("Москва-Сити"), ["Москва", "-", "Сити"]);
    }

    #[test]
    fn r_combining_mark_after_period_panicked() {
        // Found by the property tests (shrunk to `Dr.` + ZWJ): UAX #29 glues
        // a combining mark or a zero-width joiner to the period before it
        // (`.́`), and the abbreviation check cut that piece's last byte off as
        // if it were the period, inside the mark.
        assert_eq!(texts("Dr.\u{200d}"), ["Dr", ".\u{200d}"]);
        assert_eq!(texts("e\u{301}.\u{301}"), ["e\u{301}", ".\u{301}"]);
        assert_eq!(texts("Dr.\u{301} Budi"), ["Dr", ".\u{301}", "Budi"]);
        assert!(!is_abbreviation("S.\u{301}"));
        assert!(!may_end_sentence("dll.\u{301}"));
    }

    #[test]
    fn gaps_are_not_tokens() {
        let text = "\u{FEFF}Halo\u{00A0}dunia\u{200B}ini\r\n\tbaru";
        assert_eq!(texts(text), ["Halo", "dunia", "ini", "baru"]);
    }
}
