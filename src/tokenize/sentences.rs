//! Sentences: where a reader would end them, over the tokens.
//!
//! Takes the text and its tokens; returns sentences covering every token, in
//! order. A sentence ends:
//!
//! - after `.` `!` `?` `…` `...`, together with the closing quotation marks and
//!   brackets glued to them (`…."`, `…?”)`), when the next word starts a sentence
//!   (a capital, a digit, an opening mark), so `…," kata dia.` ends after `dia.`
//!   and `dll. dan` does not end at all;
//! - after an abbreviation that may end one (`dll.`, `Tbk.`, `S.H.`) before a
//!   capitalized word, never after a title (`Dr.`), a prefix (`No.`) or an
//!   initial (`S.`) — the abbreviation lists live beside this file;
//! - at a blank line, and at a line break unless the next line continues the
//!   sentence in lowercase (hard-wrapped text);
//! - before an opening quotation mark that starts a long capitalized quote
//!   right after a word without final punctuation (a headline or a lost period).
//!
//! In a text written all in lowercase, a lowercase word may start a sentence.

use std::sync::OnceLock;

use crate::analysis::{Sentence, Token, TokenKind};
use crate::lexicon::Lexicon;
use crate::span::Span;

use super::words::{is_quote_mark, may_end_sentence};

/// Splits `tokens` of `text` into sentences.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    if tokens.is_empty() {
        return out;
    }
    let lowercase_text = is_lowercase_text(text);
    let inside = inside_quotes(text, tokens);
    let mut closing = ClosingRun::default();
    let mut first = 0;
    let mut i = 0;
    let n = tokens.len();
    while i < n {
        // Most tokens are words with one space or none before the next token,
        // which is no quotation mark: no sentence can end there (see
        // `sentence_end`), known without a call.
        if i + 1 < n {
            let (tok, next) = (tokens[i], tokens[i + 1]);
            // Tokens are in order: the gap's length needs no slice.
            let gap = next.span.start - tok.span.end;
            if !matches!(tok.kind, TokenKind::Punct | TokenKind::Abbreviation)
                && next.kind != TokenKind::Quote
                && (gap == 0 || (gap == 1 && text.as_bytes()[tok.span.end] != b'\n'))
            {
                i += 1;
                continue;
            }
        }
        let end = sentence_end(
            text,
            tokens,
            &inside,
            &mut closing,
            first,
            i,
            lowercase_text,
        );
        if let Some(last) = end {
            push(&mut out, tokens, first, last);
            first = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    if first < n {
        push(&mut out, tokens, first, n - 1);
    }
    out
}

fn push(out: &mut Vec<Sentence>, tokens: &[Token], first: usize, last: usize) {
    out.push(Sentence {
        span: Span::new(tokens[first].span.start, tokens[last].span.end),
        tokens: first..last + 1,
    });
}

/// The closing marks glued after a terminal (`."`, `?”)`, `!!`), remembered
/// for the terminals inside the same run: in `!"!"!"…x` every `!` is a
/// terminal whose run ends at the same token, and finding that end (and the
/// line break after it) again for each one made such a run quadratic.
#[derive(Default)]
struct ClosingRun {
    /// The tokens `from..=last` are a terminal and its glued closing marks.
    from: usize,
    last: usize,
    /// Whether a line break follows `last`.
    line_break_after: bool,
}

impl ClosingRun {
    /// The last token of the run of closing marks glued after token `i`.
    fn from(&mut self, text: &str, tokens: &[Token], i: usize) -> usize {
        if self.from < i && i <= self.last {
            return self.last;
        }
        let n = tokens.len();
        let mut last = i;
        while last + 1 < n {
            let t = tokens[last + 1];
            if t.span.start != tokens[last].span.end {
                break;
            }
            let w = t.span.of(text);
            let closing = match t.kind {
                TokenKind::Quote => true,
                TokenKind::Punct => matches!(w, ")" | "]" | "}" | "!" | "?" | "." | "…"),
                _ => false,
            };
            if !closing {
                break;
            }
            last += 1;
        }
        let line_break_after = tokens
            .get(last + 1)
            .is_some_and(|next| text[tokens[last].span.end..next.span.start].contains('\n'));
        *self = ClosingRun {
            from: i,
            last,
            line_break_after,
        };
        last
    }
}

/// If a sentence ends at token `i` (or at a closing mark right after it), the
/// index of its last token.
fn sentence_end(
    text: &str,
    tokens: &[Token],
    inside: &[bool],
    closing: &mut ClosingRun,
    first: usize,
    i: usize,
    lowercase_text: bool,
) -> Option<usize> {
    let n = tokens.len();
    let tok = tokens[i];
    if i + 1 == n {
        return Some(i);
    }

    // A line break between this token and the next.
    let next = tokens[i + 1];
    let newlines = newlines_between(text, tok, next);
    if newlines >= 2 || (newlines == 1 && (lowercase_text || !starts_lowercase(text, next))) {
        return Some(i);
    }

    let terminal = match tok.kind {
        TokenKind::Punct => {
            let word = tok.span.of(text);
            matches!(word, "." | "!" | "?" | "…" | "⋯") || word.starts_with("..")
        }
        TokenKind::Abbreviation => may_end_sentence(tok.span.of(text)),
        _ => false,
    };
    if !terminal {
        if headline_before_quote(text, tokens, i) {
            return Some(i);
        }
        return None;
    }

    // Absorb closing marks glued to the terminal: `."`, `?”)`, `!!`.
    let last = closing.from(text, tokens, i);
    if last + 1 == n {
        return Some(last);
    }
    let next = tokens[last + 1];
    let gap = &text[tokens[last].span.end..next.span.start];
    if closing.line_break_after {
        return Some(last);
    }
    // Inside a quotation that closes later in the paragraph: `"A. B," kata X.`
    // is one sentence, as in the UD Indonesian treebanks.
    if inside[last] {
        return None;
    }
    // A period glued to what follows (`34/PMK.011`, `No.XI`) is not an end.
    if gap.is_empty() && !next.span.of(text).starts_with(char::is_uppercase) {
        return None;
    }
    // `1. Pertama`: a list number, not a sentence.
    if i == first + 1 && tok.span.of(text) == "." && tokens[first].kind == TokenKind::Number {
        return None;
    }
    let next_word = next.span.of(text);
    let c = next_word.chars().next().unwrap_or(' ');
    if tok.kind == TokenKind::Abbreviation {
        // `Tbk. Perusahaan` ends; `Pte. Ltd.`, `Tbk. (BBNI)`, `Ltd. C/O` go on:
        // the next word must be capitalized, not an acronym.
        let titlecase = next_word.chars().nth(1).is_some_and(char::is_lowercase);
        return (next.kind == TokenKind::Word && c.is_uppercase() && titlecase).then_some(last);
    }
    let starts = if c.is_uppercase() {
        true
    } else if c.is_lowercase() {
        lowercase_text
    } else if c.is_numeric() {
        true
    } else if is_quote_mark(c) || matches!(c, '(' | '[') {
        // An opening mark: the sentence ends if what it opens starts one.
        tokens
            .get(last + 2)
            .map(|t| t.span.of(text).chars().next().unwrap_or(' '))
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || lowercase_text)
    } else {
        false
    };
    starts.then_some(last)
}

fn starts_lowercase(text: &str, token: Token) -> bool {
    token
        .span
        .of(text)
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// `… dibuat komik "Sebuah komik tentang …`: a quotation mark opening a long
/// capitalized quote right after a plain word starts a new sentence; the
/// previous one lost its final punctuation (typically a headline).
fn headline_before_quote(text: &str, tokens: &[Token], i: usize) -> bool {
    const MIN_QUOTE_WORDS: usize = 6;
    let (tok, open) = (tokens[i], tokens[i + 1]);
    if tok.kind != TokenKind::Word
        || open.kind != TokenKind::Quote
        || open.span.start == tok.span.end
        || !matches!(open.span.of(text), "\"" | "“")
        || introduces_quote(tok.span.of(text))
    {
        return false;
    }
    let Some(first) = tokens.get(i + 2) else {
        return false;
    };
    if first.span.start != open.span.end
        || !first
            .span
            .of(text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    {
        return false;
    }
    let words = tokens[i + 2..]
        .iter()
        .take_while(|t| t.kind != TokenKind::Quote)
        .take(MIN_QUOTE_WORDS)
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .count();
    words >= MIN_QUOTE_WORDS
}

/// `mengatakan`, `berkata`, `sebagai`: a word a quotation may follow inside
/// its sentence.
fn introduces_quote(word: &str) -> bool {
    static LIST: OnceLock<Lexicon> = OnceLock::new();
    let list = LIST.get_or_init(|| Lexicon::parse(include_str!("quote-introducers.txt")));
    let active_verb = word.len() >= 6 && (word.starts_with("me") || word.starts_with("ber"));
    active_verb || list.contains(word)
}

/// For each token, whether it lies strictly inside a pair of double quotation
/// marks that opens and closes within one paragraph (line).
fn inside_quotes(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut inside = vec![false; tokens.len()];
    let mut open: Option<usize> = None;
    // Where the text since the open mark is known to hold no line break.
    let mut clean_to = 0;
    for (i, tok) in tokens.iter().enumerate() {
        if tok.kind != TokenKind::Quote {
            continue;
        }
        // A line break since the open mark (tokens hold none, so it is in a
        // gap between two of them) ends its paragraph: the mark is lost.
        // Looked for only here, at quotation marks, not between every two
        // tokens.
        if let Some(o) = open {
            let from = clean_to.max(tokens[o].span.end);
            if count_newlines(&text[from..tok.span.start]) > 0 {
                open = None;
            }
            clean_to = tok.span.start;
        }
        let glued_before = i > 0 && tokens[i - 1].span.end == tok.span.start;
        let glued_after = tokens
            .get(i + 1)
            .is_some_and(|t| t.span.start == tok.span.end && t.kind != TokenKind::Punct);
        let opens = match tok.span.of(text) {
            "“" | "„" | "«" => true,
            "”" | "»" => false,
            "\"" | "＂" => {
                if glued_after && !glued_before {
                    true
                } else if glued_before && !glued_after {
                    false
                } else {
                    open.is_none()
                }
            }
            _ => continue,
        };
        match (opens, open) {
            (true, _) => open = Some(i),
            (false, Some(o)) => {
                inside[o + 1..i].iter_mut().for_each(|x| *x = true);
                open = None;
            }
            (false, None) => {}
        }
    }
    inside
}

/// Line breaks in the gap between two tokens; most gaps are one space,
/// known at once (inline) to hold none.
#[inline(always)]
fn newlines_between(text: &str, before: Token, after: Token) -> usize {
    let gap = &text.as_bytes()[before.span.end..after.span.start];
    if gap.len() <= 1 && gap.first().is_none_or(|&b| b != b'\n') {
        return 0;
    }
    count_newlines(&text[before.span.end..after.span.start])
}

/// Line breaks in `gap`: `\n`, U+2028, U+2029 and U+0085 (NEL).
///
/// Counted on bytes, not chars: in UTF-8 the byte `\n` is always the line
/// feed, and the other three are the only chars encoded as `E2 80 A8`,
/// `E2 80 A9` and `C2 85`, so only their lead bytes need a closer look.
fn count_newlines(gap: &str) -> usize {
    let b = gap.as_bytes();
    let line_feeds = memchr::memchr_iter(b'\n', b).count();
    let others = memchr::memchr2_iter(0xE2, 0xC2, b)
        .filter(|&k| matches!(b[k..], [0xE2, 0x80, 0xA8 | 0xA9, ..] | [0xC2, 0x85, ..]))
        .count();
    line_feeds + others
}

/// A text with (almost) no capital letters: lowercased corpora, chat.
///
/// Counted a block at a time; a text with capitals (most) is known as soon as
/// the lowercase letters still possible could not outnumber them enough.
fn is_lowercase_text(text: &str) -> bool {
    const BLOCK: usize = 512;
    let bytes = text.as_bytes();
    let (mut upper, mut lower) = (0usize, 0usize);
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        let (u, l) = count_cases(block);
        upper += u;
        lower += l;
        let rest = bytes.len() - (k * BLOCK + block.len());
        if upper * 200 >= lower + rest {
            return false;
        }
    }
    lower > 0 && upper * 200 < lower
}

/// The ASCII capitals and small letters of `block` (at most 2040 bytes),
/// counted eight bytes at a time.
fn count_cases(block: &[u8]) -> (usize, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    debug_assert!(block.len() <= 2040);
    // Per byte lane, how many capitals and small letters it has seen (at
    // most 255: a block of 2040 bytes has 255 words).
    let (mut upper, mut lower) = (0u64, 0u64);
    let mut words = block.chunks_exact(8);
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // With bit 7 of each byte cleared, adding `0x80 - c` reaches bit 7
        // exactly when the byte is at least `c`, and never carries into the
        // next byte. Bytes with bit 7 set are no ASCII letters.
        let low = w & !HIGH;
        let at_least = |c: u8| (low + ONES * (0x80 - c as u64)) & HIGH;
        let ascii = !w & HIGH;
        upper += ((at_least(b'A') & !at_least(b'Z' + 1) & ascii) >> 7) & ONES;
        lower += ((at_least(b'a') & !at_least(b'z' + 1) & ascii) >> 7) & ONES;
    }
    let lanes = |acc: u64| -> usize {
        // Pairs of lanes into 16 bits (at most 510), then all four summed.
        let pairs = (acc & 0x00FF_00FF_00FF_00FF) + ((acc >> 8) & 0x00FF_00FF_00FF_00FF);
        (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
    };
    let (mut upper, mut lower) = (lanes(upper), lanes(lower));
    for &b in words.remainder() {
        upper += b.is_ascii_uppercase() as usize;
        lower += b.is_ascii_lowercase() as usize;
    }
    (upper, lower)
}

#[cfg(test)]
mod tests {
    use super::{count_cases, count_newlines};
    use crate::tokenize::tokenize;

    fn split(text: &str) -> Vec<&str> {
        let (sentences, _) = tokenize(text);
        sentences.iter().map(|s| s.span.of(text)).collect()
    }

    #[test]
    fn sentence_ends() {
        let cases: &[(&str, &[&str])] = &[
            ("Ia datang. Kami pergi.", &["Ia datang.", "Kami pergi."]),
            (
                "\"Kami siap,\" kata dia. Lalu pergi.",
                &["\"Kami siap,\" kata dia.", "Lalu pergi."],
            ),
            (
                "\"Kami siap.\" Lalu pergi.",
                &["\"Kami siap.\"", "Lalu pergi."],
            ),
            (
                "Ia bertanya, \"Siapa?\" lalu pergi.",
                &["Ia bertanya, \"Siapa?\" lalu pergi."],
            ),
            (
                "Ia pergi. \"Kami siap,\" katanya.",
                &["Ia pergi.", "\"Kami siap,\" katanya."],
            ),
            ("Apa? Ya!", &["Apa?", "Ya!"]),
            ("Tunggu... nanti dulu.", &["Tunggu... nanti dulu."]),
            ("(Ia pergi.) Kami tidak.", &["(Ia pergi.)", "Kami tidak."]),
        ];
        for (input, expected) in cases {
            assert_eq!(&split(input), expected, "{input:?}");
        }
    }

    #[test]
    fn not_after_abbreviations_numbers_or_sites() {
        let cases: &[&str] = &[
            "Dr. Soetomo dan Prof. Budi hadir.",
            "Ia tinggal di Jl. Sudirman No. 3 Jakarta.",
            "Dikirim ke H. Ahmad dan Hj. Siti.",
            "Presiden S. B. Yudhoyono datang.",
            "Harga naik 1.500 rupiah atau 2,5 persen.",
            "Seperti dilansir Kompas.com kemarin.",
            "Buku, pena, dll. dibawa.",
            "Budi, S.H., M.Si. hadir.",
            "PT Toba Pulp Lestari Tbk. sebanyak 10 lembar.",
            "Kirim ke redaksi@kompas.com atau https://kompas.id/baca. Terima kasih.",
        ];
        for input in cases {
            let got = split(input);
            let expected = if input.contains("Terima") { 2 } else { 1 };
            assert_eq!(got.len(), expected, "{input:?} → {got:?}");
        }
    }

    #[test]
    fn final_abbreviations_end_before_a_capital() {
        assert_eq!(
            split("Ia membeli buku, pena, dll. Kemudian pulang."),
            ["Ia membeli buku, pena, dll.", "Kemudian pulang."]
        );
        assert_eq!(
            split("Sahamnya milik PT Aneka Tbk. Perusahaan itu tumbuh."),
            ["Sahamnya milik PT Aneka Tbk.", "Perusahaan itu tumbuh."]
        );
    }

    #[test]
    fn lines_and_paragraphs() {
        assert_eq!(
            split("Judul Berita\nIsi pertama.\n\nIsi kedua"),
            ["Judul Berita", "Isi pertama.", "Isi kedua"]
        );
        // A hard-wrapped line continues in lowercase.
        assert_eq!(
            split("Ia datang ke\nkantor itu. Lalu pulang."),
            ["Ia datang ke\nkantor itu.", "Lalu pulang."]
        );
        assert_eq!(split("a\r\nb"), ["a", "b"]);
    }

    #[test]
    fn lowercase_text_splits_before_lowercase() {
        assert_eq!(
            split("ia datang ke jakarta. kami pergi ke bogor."),
            ["ia datang ke jakarta.", "kami pergi ke bogor."]
        );
    }

    #[test]
    fn byte_counts_match_char_counts() {
        let texts = [
            "",
            "a\nb\r\n\n",
            "Baris\u{2028}dua\u{2029}tiga\u{85}empat",
            "“Kutipan” — ½ \u{2140}\u{0185} é\u{E085}\u{2028}",
            "ABC def GHI jkl MNOP qrst UVWX yz [\\]^_`{|}~@ 0123456789 ÀÉ çà",
            "tidak ada huruf kapital di sini sama sekali, hanya kecil semuanya.",
        ];
        for text in texts {
            for cut in 0..text.len() {
                let Some(s) = text.get(cut..) else { continue };
                let newlines = s
                    .chars()
                    .filter(|&c| matches!(c, '\n' | '\u{2028}' | '\u{2029}' | '\u{85}'))
                    .count();
                assert_eq!(count_newlines(s), newlines, "{s:?}");
                let b = s.as_bytes();
                let upper = b.iter().filter(|b| b.is_ascii_uppercase()).count();
                let lower = b.iter().filter(|b| b.is_ascii_lowercase()).count();
                assert_eq!(count_cases(b), (upper, lower), "{s:?}");
            }
        }
        let long = "Ab".repeat(1020);
        assert_eq!(count_cases(long.as_bytes()), (1020, 1020));
    }

    #[test]
    fn list_numbers_stay() {
        assert_eq!(split("1. Pertama adalah ini."), ["1. Pertama adalah ini."]);
    }
}
