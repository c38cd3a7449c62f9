//! Quotation marks paired into quoted spans (FIELD-GUIDE §B.4).
//!
//! Takes the text and its tokens; returns the quoted spans in text order, each
//! with its content (marks excluded, surrounding space trimmed). Marks pair by
//! type: double (`"` `“` `”` `„`), single (`'` `‘` `’`) and guillemets (`«`
//! `»`); a straight mark opens or closes by what it is glued to. Handled:
//!
//! - spaces inside marks (`" Kami siap , "`);
//! - `”` written as an opening mark (some sources use it for both);
//! - a quote left open at the end of a paragraph: when the next paragraph
//!   re-opens the same mark, the quote goes on there (`continued`); a paragraph
//!   that opens with a mark and never closes it is quoted to its end;
//! - a mark that opens again while a quote is open after a sentence end: the
//!   same convention with the paragraph break lost (`"A. "B," kata X`);
//! - stray marks: an unclosed mark inside a paragraph ends at `, kata X` when
//!   an attribution follows, or is dropped; a closing mark with nothing open
//!   is quoted back to the sentence start when a cue follows it.
//!
//! Whether a quoted span is speech or a quoted term is decided later (the
//! attribution stage); single marks inside double ones are `nested`.

use crate::analysis::{Sentence, Token, TokenKind};
use crate::span::Span;

use super::lists::{CueKind, lists};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Double,
    Single,
    Guillemet,
}

/// A quoted span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The opening mark's token, if the text has one.
    pub open: Option<usize>,
    /// The closing mark's token, if the text has one.
    pub close: Option<usize>,
    /// The first and last token of the content (inclusive).
    pub first: usize,
    pub last: usize,
    /// The content, marks excluded, surrounding space trimmed.
    pub content: Span,
    pub family: Family,
    /// The quote goes on in the next pair (a re-opened mark).
    pub continued: bool,
    /// Inside another quoted span.
    pub nested: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Open,
    Close,
}

/// Family and direction of a quotation mark token, given whether a quote of
/// its family is open.
fn classify(text: &str, tokens: &[Token], i: usize, open: bool) -> Option<(Family, Direction)> {
    let tok = tokens[i];
    let glued_before = i > 0 && tokens[i - 1].span.end == tok.span.start;
    let glued_after = tokens
        .get(i + 1)
        .is_some_and(|t| t.span.start == tok.span.end && !is_closing_punct(text, t));
    let by_glue = || {
        if glued_after && !glued_before {
            Direction::Open
        } else if (glued_before && !glued_after) || open {
            Direction::Close
        } else {
            Direction::Open
        }
    };
    Some(match tok.span.of(text) {
        "“" | "„" => {
            if open && glued_before && !glued_after {
                (Family::Double, Direction::Close)
            } else {
                (Family::Double, Direction::Open)
            }
        }
        "”" => {
            if !open && glued_after && !glued_before {
                (Family::Double, Direction::Open)
            } else {
                (Family::Double, Direction::Close)
            }
        }
        "\"" | "＂" => (Family::Double, by_glue()),
        "‘" => (Family::Single, Direction::Open),
        "’" => {
            if !open && glued_after && !glued_before {
                (Family::Single, Direction::Open)
            } else {
                (Family::Single, Direction::Close)
            }
        }
        "'" => (Family::Single, by_glue()),
        "«" => (Family::Guillemet, Direction::Open),
        "»" => (Family::Guillemet, Direction::Close),
        _ => return None,
    })
}

fn family_of(mark: &str) -> Option<Family> {
    match mark {
        "“" | "„" | "”" | "\"" | "＂" => Some(Family::Double),
        "‘" | "’" | "'" => Some(Family::Single),
        "«" | "»" => Some(Family::Guillemet),
        _ => None,
    }
}

fn is_closing_punct(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.span.of(text), "," | "." | ";" | ":" | "!" | "?" | ")")
}

fn family_index(f: Family) -> usize {
    match f {
        Family::Double => 0,
        Family::Single => 1,
        Family::Guillemet => 2,
    }
}

/// Whether a paragraph break lies between tokens `i - 1` and `i`.
#[inline]
pub fn breaks_before(text: &str, tokens: &[Token], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    // Most gaps are one space: no call to search them.
    match &text.as_bytes()[tokens[i - 1].span.end..tokens[i].span.start] {
        [] => false,
        [b] => *b == b'\n',
        gap => gap.contains(&b'\n'),
    }
}

/// The tokens with a paragraph break before them (see [`breaks_before`]),
/// in order: found from the text's newlines, as a gap holds a break only
/// where the text has one, instead of by looking at every gap.
fn paragraph_starts(text: &str, tokens: &[Token]) -> Vec<usize> {
    let mut starts: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes())
        // The token after the newline: the one its gap (if it is in one) is before.
        .map(|at| tokens.partition_point(|t| t.span.start <= at))
        .filter(|&i| i < tokens.len() && breaks_before(text, tokens, i))
        .collect();
    starts.dedup();
    starts
}

/// Pairs the quotation marks of `text` (see the module header).
pub fn pairs(text: &str, tokens: &[Token], sentences: &[Sentence], sent_of: &[u32]) -> Vec<Pair> {
    let mut out: Vec<Pair> = Vec::new();
    // The open mark of each family, as a token index.
    let mut open: [Option<usize>; 3] = [None; 3];
    // Paragraph by paragraph: within one only the marks are looked at, and
    // the quotes still open where one ends (or the text does) are closed
    // there.
    let mut first = 0;
    for end in paragraph_starts(text, tokens)
        .into_iter()
        .chain([tokens.len()])
    {
        let marks = tokens[first..end]
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == TokenKind::Quote)
            .map(|(k, _)| first + k);
        for i in marks {
            mark(text, tokens, sentences, sent_of, i, &mut open, &mut out);
        }
        first = end;
        for f in [Family::Double, Family::Single, Family::Guillemet] {
            if let Some(o) = open[family_index(f)].take() {
                close_at_paragraph_end(text, tokens, sentences, sent_of, o, end, f, &mut out);
            }
        }
    }
    out.sort_by_key(|p| (p.content.start, std::cmp::Reverse(p.content.end)));
    mark_nested(&mut out);
    out
}

/// The quotation mark at token `i`: opens a quote of its family in `open`,
/// or closes one into `out`, or is stray.
fn mark(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    sent_of: &[u32],
    i: usize,
    open: &mut [Option<usize>; 3],
    out: &mut Vec<Pair>,
) {
    let Some(family) = family_of(tokens[i].span.of(text)) else {
        return;
    };
    let slot = family_index(family);
    let Some((_, dir)) = classify(text, tokens, i, open[slot].is_some()) else {
        return;
    };
    match (dir, open[slot]) {
        (Direction::Open, None) => open[slot] = Some(i),
        (Direction::Open, Some(o)) => {
            // A mark opening again: the open quote ends before it, and goes
            // on when it ended a sentence (a re-opened quote without its
            // paragraph break); otherwise the first mark was stray.
            let last = i.checked_sub(1).filter(|&l| l > o);
            if let Some(last) = last
                && ends_sentence(text, tokens, last)
            {
                push(tokens, out, Some(o), None, o + 1, last, family, true);
            } else {
                stray_open(text, tokens, sentences, sent_of, o, i, family, out);
            }
            open[slot] = Some(i);
        }
        (Direction::Close, Some(o)) => {
            push_between(tokens, out, o, i, family);
            open[slot] = None;
        }
        (Direction::Close, None) => {
            // A mark of another type closing an open quote before a cue
            // (`“…,’ kata X`), else a closing mark with nothing open.
            let other = (0..3).find(|&f| f != slot && open[f].is_some());
            if let Some(f) = other
                && cue_follows(text, tokens, i)
            {
                let o = open[f].take().expect("checked");
                push_between(tokens, out, o, i, family);
            } else {
                stray_close(text, tokens, sentences, sent_of, i, family, out);
            }
        }
    }
}

/// A quote still open where a paragraph ends at token `end` (exclusive).
#[allow(clippy::too_many_arguments)]
fn close_at_paragraph_end(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    sent_of: &[u32],
    o: usize,
    end: usize,
    family: Family,
    out: &mut Vec<Pair>,
) {
    if end <= o + 1 {
        return;
    }
    let paragraph_start = o == 0 || breaks_before(text, tokens, o);
    let reopened = tokens.get(end).is_some_and(|t| {
        t.kind == TokenKind::Quote
            && classify(text, tokens, end, false)
                .is_some_and(|(f, d)| f == family && d == Direction::Open)
    });
    if reopened {
        push(tokens, out, Some(o), None, o + 1, end - 1, family, true);
    } else if !stray_open(text, tokens, sentences, sent_of, o, end, family, out) && paragraph_start
    {
        push(tokens, out, Some(o), None, o + 1, end - 1, family, false);
    }
}

/// An opening mark at `o` that never closes before token `limit`: quoted up to
/// `, kata X` when its sentence has such an attribution (returns true),
/// otherwise dropped.
#[allow(clippy::too_many_arguments)]
fn stray_open(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    sent_of: &[u32],
    o: usize,
    limit: usize,
    family: Family,
    out: &mut Vec<Pair>,
) -> bool {
    let sentence = &sentences[sent_of[o] as usize];
    let end = sentence.tokens.end.min(limit);
    let lists = lists();
    for j in o + 2..end {
        if tokens[j].kind == TokenKind::Word
            && tokens[j - 1].span.of(text) == ","
            && lists
                .cue(tokens[j].span.of(text))
                .is_some_and(|c| c.kind == CueKind::After)
        {
            push(tokens, out, Some(o), None, o + 1, j - 1, family, false);
            return true;
        }
    }
    false
}

/// A closing mark at `c` with nothing open: quoted back to the start of its
/// sentence when a reporting cue follows (`Kami siap,” kata X.`).
fn stray_close(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    sent_of: &[u32],
    c: usize,
    family: Family,
    out: &mut Vec<Pair>,
) {
    if !cue_follows(text, tokens, c) {
        return;
    }
    // Back to the sentence start, or to a mark or colon earlier in it.
    let sentence_start = sentences[sent_of[c] as usize].tokens.start;
    let start = (sentence_start..c)
        .rev()
        .find(|&j| tokens[j].kind == TokenKind::Quote || tokens[j].span.of(text) == ":")
        .map_or(sentence_start, |j| j + 1);
    if start < c {
        push(tokens, out, None, Some(c), start, c - 1, family, false);
    }
}

/// Whether an `after` cue (`kata`, `ujarnya`) follows the mark at `c`.
fn cue_follows(text: &str, tokens: &[Token], c: usize) -> bool {
    let mut next = c + 1;
    if tokens.get(next).is_some_and(|t| t.span.of(text) == ",") {
        next += 1;
    }
    tokens.get(next).is_some_and(|t| {
        lists()
            .cue(t.span.of(text))
            .is_some_and(|cue| cue.kind == CueKind::After)
    })
}

fn ends_sentence(text: &str, tokens: &[Token], i: usize) -> bool {
    matches!(tokens[i].span.of(text), "." | "!" | "?" | "…" | ",")
        || tokens[i].span.of(text).starts_with("..")
}

/// The quote between an opening mark `o` and a closing mark `c` (none if
/// they are adjacent).
fn push_between(tokens: &[Token], out: &mut Vec<Pair>, o: usize, c: usize, family: Family) {
    push(tokens, out, Some(o), Some(c), o + 1, c - 1, family, false);
}

#[allow(clippy::too_many_arguments)]
fn push(
    tokens: &[Token],
    out: &mut Vec<Pair>,
    open: Option<usize>,
    close: Option<usize>,
    first: usize,
    last: usize,
    family: Family,
    continued: bool,
) {
    if first > last {
        return;
    }
    out.push(Pair {
        open,
        close,
        first,
        last,
        content: Span::new(tokens[first].span.start, tokens[last].span.end),
        family,
        continued,
        nested: false,
    });
}

/// Marks pairs that lie inside an earlier, longer pair (sorted by start).
fn mark_nested(pairs: &mut [Pair]) {
    let mut outer_end = 0;
    for p in pairs.iter_mut() {
        let start = p.open.unwrap_or(p.first);
        if start < outer_end {
            p.nested = true;
        } else {
            outer_end = p.close.unwrap_or(p.last) + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    #[test]
    fn paragraph_starts_are_the_gaps_with_a_break() {
        for text in [
            "",
            "\n\nA b.\n\n\"C d,\" kata X.\nE\r\n f \n",
            "Satu.\nDua \n\n Tiga.\n",
            "Tanpa baris baru sama sekali.",
        ] {
            let (_, tokens) = tokenize(text);
            let every: Vec<usize> = (0..tokens.len())
                .filter(|&i| breaks_before(text, &tokens, i))
                .collect();
            assert_eq!(paragraph_starts(text, &tokens), every, "{text:?}");
        }
    }

    /// Content of each pair, `+` marking a continued one and `~` a nested one.
    fn contents(text: &str) -> Vec<String> {
        let (sentences, tokens) = tokenize(text);
        let mut sent_of = vec![0u32; tokens.len()];
        for (s, sentence) in sentences.iter().enumerate() {
            for t in sentence.tokens.clone() {
                sent_of[t] = s as u32;
            }
        }
        pairs(text, &tokens, &sentences, &sent_of)
            .iter()
            .map(|p| {
                let mut s = p.content.of(text).to_string();
                if p.continued {
                    s.push('+');
                }
                if p.nested {
                    s.insert(0, '~');
                }
                s
            })
            .collect()
    }

    #[test]
    fn pairing() {
        let cases: &[(&str, &[&str])] = &[
            ("\"Kami siap,\" kata Budi.", &["Kami siap,"]),
            ("“Kami siap,” kata Budi.", &["Kami siap,"]),
            // Spaces inside straight marks.
            ("\" Kami siap , \" kata Budi.", &["Kami siap ,"]),
            // `”` used as the opening mark too.
            ("Ia datang. ”Kami siap,” katanya.", &["Kami siap,"]),
            // Single marks; an apostrophe inside a word is no mark.
            ("‘Kami siap,’ kata Ma’ruf.", &["Kami siap,"]),
            ("«Kami siap,» kata Budi.", &["Kami siap,"]),
            // Pairs by type: a single mark inside a double quote is nested.
            (
                "“Ia bilang ‘tidak’ kepada saya,” kata Budi.",
                &["Ia bilang ‘tidak’ kepada saya,", "~tidak"],
            ),
            // A paragraph re-opening the mark continues the quote.
            (
                "“Kalimat satu.\n“Kalimat dua,” kata Budi.",
                &["Kalimat satu.+", "Kalimat dua,"],
            ),
            // The same without the paragraph break.
            (
                "“Kalimat satu. “Kalimat dua,” kata Budi.",
                &["Kalimat satu.+", "Kalimat dua,"],
            ),
            // A quote-only paragraph whose closing mark was lost.
            ("“Kami siap.\nLalu pergi.", &["Kami siap."]),
            // Unclosed inside a paragraph: up to the attribution, or nothing.
            ("Ia datang. “Kami siap, kata Budi.", &["Kami siap,"]),
            ("Ia menyebut “Shorty itu lucu.", &[]),
            // A closing mark with nothing open, before a cue.
            ("Kami siap,” kata Budi.", &["Kami siap,"]),
            ("Kami siap.” Lalu pergi.", &[]),
        ];
        for (input, expected) in cases {
            assert_eq!(&contents(input), expected, "{input:?}");
        }
    }
}
