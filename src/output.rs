//! The JSON contract: an [`Analysis`] written as `DESIGN.md` specifies.
//!
//! This is the only place byte spans become Unicode code-point offsets. Items
//! are written straight from the analysis (no intermediate JSON tree), by hand,
//! in the contract's key order and in the form serde_json gives, so output is
//! byte-identical run to run. Everything is appended to one byte buffer:
//! [`write_json_to_vec`] writes into the caller's, [`write_json`] passes its
//! buffer on to the writer every [`FLUSH_BYTES`], so a large article's JSON is
//! never held whole.

use std::io::{self, Write};
use std::mem::MaybeUninit;
use std::ptr;

use crate::analysis::{Analysis, DateMention, Entity, Quote, Sentence, Speaker, Token, TokenKind};
use crate::span::{CharIndex, Span, count_chars};
use crate::{Sections, Stage, Stages};

/// The integer bumped on any incompatible change of the output.
pub const SCHEMA: u32 = 1;

/// The JSON Schema (draft 2020-12) of one output document, as shipped in
/// `schema/warta-output.schema.json` and printed by `warta schema`.
pub const JSON_SCHEMA: &str = include_str!("../schema/warta-output.schema.json");

/// One article's analysis, ready to print.
pub struct Document<'a> {
    /// The path as given, `-` for stdin, or the record's `id`.
    pub source: &'a str,
    pub text: &'a str,
    pub analysis: &'a Analysis,
    /// The arrays to print; `stats` always counts everything that ran.
    pub print: Stages,
}

/// How much JSON [`write_json`] gathers before passing it to its writer.
pub const FLUSH_BYTES: usize = 1 << 16;

/// Writes `doc` as one JSON document followed by a newline: compact (one
/// line, JSON Lines) or pretty.
///
/// Pretty output puts each top-level key on its own line and each array item
/// (a token, an entity, a quote) compact on its own line, so expected files
/// read and diff one item per line.
pub fn write_json<W: Write>(out: &mut W, doc: &Document, pretty: bool) -> io::Result<()> {
    write_streamed(out, doc, None, pretty)
}

/// [`write_json`] for a text analyzed by [`crate::analyze_without_tokens`]:
/// its tokens are made again section by section as they are written. The
/// output is what [`write_json`] writes for the text's [`crate::analyze`].
pub fn write_json_sections<W: Write>(
    out: &mut W,
    doc: &Document,
    sections: &Sections,
    pretty: bool,
) -> io::Result<()> {
    write_streamed(out, doc, Some(sections), pretty)
}

fn write_streamed<W: Write>(
    out: &mut W,
    doc: &Document,
    sections: Option<&Sections>,
    pretty: bool,
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(FLUSH_BYTES + (FLUSH_BYTES >> 2));
    write_doc(&mut buf, doc, sections, pretty, &mut |buf: &mut Vec<u8>| {
        out.write_all(buf)?;
        buf.clear();
        Ok(())
    })?;
    out.write_all(&buf)
}

/// [`write_json`] appending to `out`.
pub fn write_json_to_vec(out: &mut Vec<u8>, doc: &Document, pretty: bool) {
    write_doc(out, doc, None, pretty, &mut |_: &mut Vec<u8>| Ok(()))
        .expect("writing to a Vec cannot fail");
}

/// `doc` as a JSON string without the final newline.
pub fn to_json_string(doc: &Document, pretty: bool) -> String {
    let mut buf = Vec::with_capacity(doc.text.len() * 8);
    write_json_to_vec(&mut buf, doc, pretty);
    buf.pop();
    String::from_utf8(buf).expect("the writer writes UTF-8")
}

/// Appends `doc` to `buf`, handing `buf` to `flush` between items once it holds
/// [`FLUSH_BYTES`]; its tokens made again from `sections` if given.
fn write_doc(
    buf: &mut Vec<u8>,
    doc: &Document,
    sections: Option<&Sections>,
    pretty: bool,
    flush: &mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>,
) -> io::Result<()> {
    let a = doc.analysis;
    let mut j = Json {
        buf,
        text: doc.text,
        index: CharIndex::new(doc.text),
    };
    let (key, item) = if pretty { ("\n  ", "\n    ") } else { ("", "") };
    let colon = if pretty { ": " } else { ":" };
    let field = |j: &mut Json, name: &str| {
        j.raw(",");
        j.raw(key);
        j.raw("\"");
        j.raw(name);
        j.raw("\"");
        j.raw(colon);
    };
    j.raw("{");
    j.raw(key);
    j.raw("\"schema\"");
    j.raw(colon);
    j.num(SCHEMA as usize);
    field(&mut j, "source");
    j.str(doc.source);
    field(&mut j, "reference_date");
    match a.reference_date {
        None => j.raw("null"),
        Some(r) => {
            j.raw("{\"value\":");
            j.str(&r.date.to_string());
            j.raw(",\"from\":");
            j.str(r.from.as_str());
            j.raw("}");
        }
    }
    field(&mut j, "stats");
    j.raw("{\"chars\":");
    j.num(j.index.chars(doc.text.len()));
    for (name, len) in [
        ("sentences", a.sentences.len()),
        ("tokens", sections.map_or(a.tokens.len(), |s| s.tokens)),
        ("entities", a.entities.len()),
        ("dates", a.dates.len()),
        ("quotes", a.quotes.len()),
    ] {
        j.raw(",\"");
        j.raw(name);
        j.raw("\":");
        j.num(len);
    }
    j.raw("}");
    for stage in Stage::ALL {
        if !doc.print.contains(stage) {
            continue;
        }
        field(&mut j, stage.name());
        j.raw("[");
        let len = match stage {
            Stage::Sentences => j.items(&a.sentences, item, flush, Json::sentence)?,
            Stage::Tokens => match sections {
                None => j.tokens(&a.tokens, item, flush, &mut TokenRun::default())?,
                Some(sections) => j.section_tokens(sections, item, flush)?,
            },
            Stage::Entities => j.items(&a.entities, item, flush, Json::entity)?,
            Stage::Dates => j.items(&a.dates, item, flush, Json::date)?,
            Stage::Quotes => j.items(&a.quotes, item, flush, Json::quote)?,
        };
        if pretty && len > 0 {
            j.raw("\n  ");
        }
        j.raw("]");
    }
    if pretty {
        j.raw("\n");
    }
    j.raw("}\n");
    Ok(())
}

/// Where [`Json::tokens`] stands: the tokens written, and the bytes and code
/// points before the end of the last.
#[derive(Clone, Copy, Default)]
struct TokenRun {
    at: usize,
    chars: usize,
    written: usize,
}

/// JSON being appended to a buffer, with the text its spans point into.
struct Json<'a> {
    buf: &'a mut Vec<u8>,
    text: &'a str,
    index: CharIndex<'a>,
}

impl Json<'_> {
    /// Text that is already JSON.
    fn raw(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// A number; below 10^8 (every offset but in huge texts) as eight bytes
    /// stored at once and cut back to its digits, with no call and no copy of
    /// a length known only at run time.
    #[inline]
    fn num(&mut self, n: usize) {
        match u32::try_from(n) {
            Ok(n) if n < 100_000_000 => {
                let (digits, len) = digits8(n);
                let at = self.buf.len();
                self.buf.extend_from_slice(&digits);
                self.buf.truncate(at + len);
            }
            _ => self
                .buf
                .extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
        }
    }

    /// A JSON string; text without quotes, backslashes or control characters
    /// (most of it) is copied as it is, the rest escaped by serde_json.
    fn str(&mut self, s: &str) {
        if any_escape(s.as_bytes()) {
            self.escaped(s);
        } else {
            self.quoted(s.as_bytes());
        }
    }

    fn quoted(&mut self, s: &[u8]) {
        self.buf.reserve(s.len() + 2);
        self.buf.push(b'"');
        self.buf.extend_from_slice(s);
        self.buf.push(b'"');
    }

    #[cold]
    fn escaped(&mut self, s: &str) {
        serde_json::to_writer(&mut *self.buf, s).expect("writing to a Vec cannot fail");
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    /// `"text":…,"start":…,"end":…` of a span.
    fn span_fields(&mut self, span: Span) {
        self.raw("\"text\":");
        self.str(span.of(self.text));
        self.offsets(span);
    }

    /// `,"start":…,"end":…` of a span.
    fn offsets(&mut self, span: Span) {
        self.raw(",\"start\":");
        self.num(self.index.chars(span.start));
        self.raw(",\"end\":");
        self.num(self.index.chars(span.end));
    }

    /// A span as its own object: `{"text", "start", "end"}`.
    fn span(&mut self, span: Span) {
        self.raw("{");
        self.span_fields(span);
        self.raw("}");
    }

    /// Writes each item after `sep` and a comma between items; returns the count.
    fn items<T>(
        &mut self,
        items: &[T],
        sep: &str,
        flush: &mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>,
        mut write: impl FnMut(&mut Self, &T),
    ) -> io::Result<usize> {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.raw(sep);
            write(self, item);
            if self.buf.len() >= FLUSH_BYTES {
                flush(self.buf)?;
            }
        }
        Ok(items.len())
    }

    fn sentence(&mut self, s: &Sentence) {
        self.raw("{\"start\":");
        self.num(self.index.chars(s.span.start));
        self.raw(",\"end\":");
        self.num(self.index.chars(s.span.end));
        self.raw("}");
    }

    /// The tokens of each section, made again by the tokenizer (only one
    /// section's are held at a time).
    fn section_tokens(
        &mut self,
        sections: &Sections,
        sep: &str,
        flush: &mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<usize> {
        let mut run = TokenRun::default();
        let mut tokens = Vec::new();
        for range in &sections.ranges {
            tokens.clear();
            crate::tokenize::words::tokens(&self.text[range.clone()], &mut tokens);
            for t in &mut tokens {
                t.span = t.span.shifted(range.start);
            }
            self.tokens(&tokens, sep, flush, &mut run)?;
        }
        Ok(run.written)
    }

    /// The tokens, most of the output, after the `run` of tokens written
    /// before them. They come in order without overlap, so code points are
    /// counted on from the previous token while its text is checked for
    /// characters to escape, in one pass. Each token is written as one
    /// [`Record`].
    fn tokens(
        &mut self,
        tokens: &[Token],
        sep: &str,
        flush: &mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>,
        run: &mut TokenRun,
    ) -> io::Result<usize> {
        let bytes = self.text.as_bytes();
        // What comes before each token's text: the first token has no comma.
        let (first, first_len) = piece(&[sep, "{\"text\":\""]);
        let (next, next_len) = piece(&[",", sep, "{\"text\":\""]);
        let written = run.written;
        let mut head = if written == 0 {
            (&first, first_len)
        } else {
            (&next, next_len)
        };
        // Bytes and code points before `at`.
        let (mut at, mut chars) = (run.at, Count::new(run.chars));
        for (i, t) in (written..).zip(tokens) {
            if t.span.start < at {
                (at, chars) = (t.span.start, Count::new(self.index.chars(t.span.start)));
            }
            // The gap, usually one space (between char boundaries, one byte
            // is one char).
            let gap = t.span.start - at;
            if gap <= 1 {
                chars.add_units(gap);
            } else {
                chars.add(count_chars(&bytes[at..t.span.start]));
            }
            let start = chars;
            let (word_chars, escape) = scan(bytes, t.span);
            chars.add(word_chars);
            at = t.span.end;

            if escape || t.span.len() > Record::WORD || chars.n >= 100_000_000 {
                self.token_in_pieces(i, sep, t, start.n, chars.n);
            } else {
                Record::append(self.buf, |record| {
                    record.put(head.0, head.1);
                    record.put_text(&bytes[t.span.start..], t.span.len());
                    record.put_all(b"\",\"start\":");
                    record.put_count(start);
                    record.put_all(b",\"end\":");
                    record.put_count(chars);
                    match t.kind {
                        TokenKind::Word => record.put_all(b",\"kind\":\"word\"}"),
                        TokenKind::Punct => record.put_all(b",\"kind\":\"punct\"}"),
                        kind => {
                            record.put_all(b",\"kind\":\"");
                            record.put_text(kind.as_str().as_bytes(), kind.as_str().len());
                            record.put_all(b"\"}");
                        }
                    }
                });
            }
            head = (&next, next_len);
            if self.buf.len() >= FLUSH_BYTES {
                flush(self.buf)?;
            }
        }
        *run = TokenRun {
            at,
            chars: chars.n,
            written: written + tokens.len(),
        };
        Ok(tokens.len())
    }

    /// A token the [`Record`] does not take: one with characters to escape, a
    /// long one, or one past 10^8 code points.
    #[cold]
    fn token_in_pieces(&mut self, i: usize, sep: &str, t: &Token, start: usize, end: usize) {
        if i > 0 {
            self.raw(",");
        }
        self.raw(sep);
        self.raw("{\"text\":");
        self.str(t.span.of(self.text));
        self.raw(",\"start\":");
        self.num(start);
        self.raw(",\"end\":");
        self.num(end);
        self.raw(",\"kind\":\"");
        self.raw(t.kind.as_str());
        self.raw("\"}");
    }

    fn entity(&mut self, e: &Entity) {
        self.raw("{\"text\":");
        self.str(e.span.of(self.text));
        self.raw(",\"label\":\"");
        self.raw(e.label.as_str());
        self.raw("\"");
        self.offsets(e.span);
        self.raw(",\"canonical\":");
        self.str(&e.canonical);
        self.raw("}");
    }

    fn date(&mut self, d: &DateMention) {
        self.raw("{\"text\":");
        self.str(d.span.of(self.text));
        self.raw(",\"type\":\"");
        self.raw(d.timex_type.as_str());
        self.raw("\",\"value\":");
        self.opt_str(d.value.as_deref());
        if let Some(m) = d.modifier {
            self.raw(",\"mod\":\"");
            self.raw(m.as_str());
            self.raw("\"");
        }
        if let Some(zone) = d.zone {
            self.raw(",\"zone\":");
            self.str(zone);
        }
        self.offsets(d.span);
        self.raw("}");
    }

    fn quote(&mut self, q: &Quote) {
        self.raw("{\"kind\":\"");
        self.raw(q.kind.as_str());
        self.raw("\",");
        self.span_fields(q.span);
        self.raw(",\"cue\":");
        match q.cue {
            Some(cue) => self.span(cue),
            None => self.raw("null"),
        }
        self.raw(",\"speaker\":");
        match &q.speaker {
            Some(speaker) => self.speaker(speaker),
            None => self.raw("null"),
        }
        // Optional additions to the contract, present only when found.
        if let Some(via) = q.via {
            self.raw(",\"via\":");
            self.span(via);
        }
        if let Some(date) = &q.date {
            self.raw(",\"date\":{");
            self.span_fields(date.span);
            self.raw(",\"value\":");
            self.opt_str(date.value.as_deref());
            self.raw("}");
        }
        if let Some(document) = q.document {
            self.raw(",\"document\":");
            self.span(document);
        }
        self.raw("}");
    }

    fn speaker(&mut self, sp: &Speaker) {
        self.raw("{");
        self.span_fields(sp.span);
        self.raw(",\"canonical\":");
        self.opt_str(sp.canonical.as_deref());
        if let Some(role) = sp.role {
            self.raw(",\"role\":");
            self.span(role);
        }
        self.raw("}");
    }
}

/// Bytes serde_json escapes in a string: quotes, backslashes, control characters.
const fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// A one in each byte, and bit 7 of each byte.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of a byte of `x - ONES * n` without bit 7 in `x` itself marks a byte
/// below `n`; exact as to whether there is one at all.
const fn below(x: u64, n: u64) -> u64 {
    x.wrapping_sub(ONES * n) & !x & HIGH
}

/// Whether any byte of `bytes` [needs escaping](needs_escape), tested eight
/// bytes at a time. The bytes after the last eight are tested with the last
/// eight (some a second time), not one by one; only strings shorter than
/// eight bytes go byte by byte.
fn any_escape(bytes: &[u8]) -> bool {
    let escape = |word: &[u8; 8]| {
        let w = u64::from_le_bytes(*word);
        below(w, 0x20) | below(w ^ (ONES * 0x22), 1) | below(w ^ (ONES * 0x5C), 1) != 0
    };
    let (words, rest) = bytes.as_chunks::<8>();
    match bytes.last_chunk::<8>() {
        Some(last) => words.iter().any(escape) || !rest.is_empty() && escape(last),
        None => bytes.iter().any(|&b| needs_escape(b)),
    }
}

/// `n` (below 10^8) as eight ASCII bytes starting with its decimal digits,
/// and how many digits it has.
fn digits8(n: u32) -> ([u8; 8], usize) {
    let x = decimal(n);
    // Leading zeros are the low bytes; zero keeps one digit.
    let zeros = (x.trailing_zeros() / 8).min(7);
    (
        (x >> (zeros * 8) | 0x3030_3030_3030_3030).to_le_bytes(),
        8 - zeros as usize,
    )
}

/// The eight decimal digits of `n` (below 10^8), one a byte, the leading one
/// in the low byte: the digits are split into halves, quarters and pairs in
/// lanes of one integer at once.
fn decimal(n: u32) -> u64 {
    let n = u64::from(n);
    // Four digits in each 32-bit lane, the leading ones in the low lane.
    let x = (n / 10_000) | ((n % 10_000) << 32);
    // x / 100 per lane, exact below 10^4.
    let hundreds = ((x * 10_486) >> 20) & 0x7F_0000_007F;
    let x = hundreds | (x - hundreds * 100) << 16;
    // x / 10 per 16-bit lane, exact below 100.
    let tens = ((x * 103) >> 10) & 0x000F_000F_000F_000F;
    tens | (x - tens * 10) << 8
}

/// A count of code points that is also kept in decimal, so that writing it
/// takes no division: a token's offsets are counted on from the last one by
/// a few code points at a time.
///
/// The digits are eight bytes, the lowest digit in the low byte, a digit `d`
/// stored as `0xF6 + d`: a byte going past 9 overflows and carries into the
/// next by plain addition. They are right while `n` is below 10^8.
#[derive(Clone, Copy)]
struct Count {
    n: usize,
    digits: u64,
}

impl Count {
    /// A digit's bias, in every byte.
    const BIAS: u64 = ONES * 0xF6;

    fn new(n: usize) -> Count {
        let digits = decimal((n % 100_000_000) as u32).swap_bytes() + Count::BIAS;
        Count { n, digits }
    }

    /// Counts `k` more: below 100, by adding its two digits to the digits.
    #[inline]
    fn add(&mut self, k: usize) {
        /// The digits of each `k` below 100: its tens in the second byte.
        const SPREAD: [u16; 100] = {
            let mut spread = [0; 100];
            let mut k = 0;
            while k < 100 {
                spread[k] = (k / 10 * 256 + k % 10) as u16;
                k += 1;
            }
            spread
        };
        match SPREAD.get(k) {
            Some(&digits) => self.add_digits(k, u64::from(digits)),
            None => *self = Count::new(self.n + k),
        }
    }

    /// Counts `k` (below 10) more.
    #[inline]
    fn add_units(&mut self, k: usize) {
        debug_assert!(k < 10);
        self.add_digits(k, k as u64);
    }

    /// Counts `k` more, whose digits are `digits`, one a byte.
    #[inline]
    fn add_digits(&mut self, k: usize, digits: u64) {
        self.n += k;
        let sum = self.digits + digits;
        // The bytes that overflowed hold their digit without its bias (bit 7
        // clear); the others are still at least 0xF6.
        let overflowed = (!sum & HIGH) >> 7;
        self.digits = sum + overflowed * 0xF6;
    }

    /// The digits of `n` (below 10^8) as [`digits8`] gives them.
    #[inline]
    fn digits(self) -> ([u8; 8], usize) {
        // Leading zeros are the high bytes; zero keeps one digit.
        let zeros = ((self.digits ^ Count::BIAS).leading_zeros() / 8).min(7);
        let ascii = self.digits - ONES * (0xF6 - u64::from(b'0'));
        ((ascii << (zeros * 8)).to_be_bytes(), 8 - zeros as usize)
    }
}

/// One array item written straight into the spare capacity of the output
/// `Vec` and taken into it at once. Pieces are copied whole with a length
/// known at compile time (a few register moves, no call) and only their first
/// `len` bytes kept: the next piece overwrites the rest. Unlike pushing onto
/// the `Vec`, capacity is checked once per item, not per piece, the length
/// stays in a register, and nothing is copied a second time.
struct Record<'a> {
    /// Spare capacity of the `Vec`, written up to `len`.
    bytes: &'a mut [MaybeUninit<u8>; Record::CAPACITY],
    len: usize,
}

impl Record<'_> {
    /// Room for a token: a head of up to 16 bytes, its text, two numbers of
    /// 8, the keys and the longest kind (103 bytes at most).
    const CAPACITY: usize = 128;
    /// The longest text [`Record::put_text`] takes (copied as that many bytes).
    const WORD: usize = 32;

    /// Appends to `buf` the record that `write` puts together.
    #[inline]
    fn append(buf: &mut Vec<u8>, write: impl FnOnce(&mut Record)) {
        buf.reserve(Record::CAPACITY);
        let at = buf.len();
        let bytes = buf
            .spare_capacity_mut()
            .first_chunk_mut()
            .expect("capacity reserved");
        let mut record = Record { bytes, len: 0 };
        write(&mut record);
        let len = record.len;
        // SAFETY: the first `len` bytes of the spare capacity are written:
        // `put` writes a piece whole before it counts its first bytes.
        unsafe { buf.set_len(at + len) }
    }

    /// Appends the first `len` bytes of `piece`.
    #[inline]
    fn put<const N: usize>(&mut self, piece: &[u8; N], len: usize) {
        assert!(len <= N, "a piece's length");
        let to = &mut self.bytes[self.len..self.len + N];
        // SAFETY: `to` is `N` bytes long, and `piece` cannot overlap it: `to`
        // is borrowed mutably.
        unsafe { ptr::copy_nonoverlapping(piece.as_ptr(), to.as_mut_ptr().cast(), N) };
        self.len += len;
    }

    /// Appends all of `piece`.
    #[inline]
    fn put_all<const N: usize>(&mut self, piece: &[u8; N]) {
        self.put(piece, N);
    }

    /// Appends the first `len` (at most [`Record::WORD`]) bytes of `text`:
    /// [`Record::WORD`] of them at once where `text` has them.
    #[inline]
    fn put_text(&mut self, text: &[u8], len: usize) {
        match text.first_chunk::<{ Record::WORD }>() {
            Some(chunk) => self.put(chunk, len),
            None => {
                // Fewer bytes there: the end of the article, or a kind's name.
                copy_apart(&mut self.bytes[self.len..self.len + len], &text[..len]);
                self.len += len;
            }
        }
    }

    /// Appends `count`, below 10^8.
    #[inline]
    fn put_count(&mut self, count: Count) {
        debug_assert!(count.n < 100_000_000);
        let (digits, len) = count.digits();
        self.put(&digits, len);
    }
}

/// `from` written to `to` (of the same length), kept out of line: inlined
/// next to a copy of fixed length, the compiler merges both into one call of
/// `memcpy` with a length chosen at run time.
#[cold]
#[inline(never)]
fn copy_apart(to: &mut [MaybeUninit<u8>], from: &[u8]) {
    for (to, &from) in to.iter_mut().zip(from) {
        to.write(from);
    }
}

/// `parts` joined as one piece for [`Record::put`], and its length.
fn piece(parts: &[&str]) -> ([u8; 16], usize) {
    let mut piece = [0; 16];
    let mut len = 0;
    for part in parts {
        piece[len..len + part.len()].copy_from_slice(part.as_bytes());
        len += part.len();
    }
    (piece, len)
}

/// The code points in `bytes[span]` and whether any of its bytes [needs
/// escaping](needs_escape), eight bytes at a time: a word is usually one
/// [`window`], not a loop over its bytes.
#[inline]
fn scan(bytes: &[u8], span: Span) -> (usize, bool) {
    match bytes[span.start..].first_chunk::<8>() {
        Some(w) if (1..=8).contains(&span.len()) => {
            let (continuation, escape) = classify(u64::from_le_bytes(*w), span.len());
            (span.len() - continuation, escape)
        }
        _ => scan_long(bytes, span),
    }
}

/// [`scan`] of any span.
fn scan_long(bytes: &[u8], span: Span) -> (usize, bool) {
    let (mut continuation, mut escape) = (0, false);
    let mut at = span.start;
    while at < span.end {
        let (c, e) = classify(window(bytes, at), span.end - at);
        continuation += c;
        escape |= e;
        at += 8;
    }
    (span.len() - continuation, escape)
}

/// The UTF-8 continuation bytes among the first `len` (1 or more) bytes of
/// the little-endian `w`, and whether one of those [needs
/// escaping](needs_escape).
#[inline]
fn classify(w: u64, len: usize) -> (usize, bool) {
    // Bit 7 of the bytes that count.
    let inside = HIGH >> (8 * (8 - len.min(8)));
    let marks = (w & !(w << 1) & inside) >> 7;
    // A borrow only runs upwards, from a byte that is itself below, so the
    // marks on the first `len` bytes are exact.
    let escape = below(w, 0x20) | below(w ^ (ONES * 0x22), 1) | below(w ^ (ONES * 0x5C), 1);
    (
        (marks.wrapping_mul(ONES) >> 56) as usize,
        escape & inside != 0,
    )
}

/// The eight bytes of `bytes` from `at` as one little-endian integer, zeros
/// past the end.
#[inline]
fn window(bytes: &[u8], at: usize) -> u64 {
    let rest = &bytes[at..];
    match rest.first_chunk::<8>() {
        Some(w) => u64::from_le_bytes(*w),
        None => {
            let mut w = [0; 8];
            w[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(w)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, analyze};

    fn json(text: &str, print: Stages) -> serde_json::Value {
        let analysis = analyze(text, &Options::default());
        let doc = Document {
            source: "-",
            text,
            analysis: &analysis,
            print,
        };
        serde_json::from_str(&to_json_string(&doc, false)).unwrap()
    }

    #[test]
    fn digits8_writes_decimal() {
        for n in (0..100_000).chain([99_999_999, 10_000_000, 12_345_678, 1_000_000]) {
            let (digits, len) = digits8(n);
            assert_eq!(&digits[..len], n.to_string().as_bytes());
        }
    }

    #[test]
    fn count_writes_decimal_as_it_adds() {
        // Steps of every size to 120 from around every carry up to 10^8.
        let starts = (0..8).flat_map(|e| {
            let p = 10usize.pow(e);
            [
                p - 1,
                p,
                3 * p - 2,
                (10 * p).saturating_sub(150),
                10 * p - 1,
            ]
        });
        for start in starts.chain([12_345_678, 99_999_000]) {
            for k in 0..=120 {
                let mut count = Count::new(start);
                let mut n = start;
                for step in 0..200 {
                    if n >= 100_000_000 {
                        break;
                    }
                    let (digits, len) = count.digits();
                    assert_eq!(&digits[..len], n.to_string().as_bytes(), "{start} + {k}s");
                    // Units alone by the short way every other step.
                    if k < 10 && step % 2 == 0 {
                        count.add_units(k);
                    } else {
                        count.add(k);
                    }
                    n += k;
                    assert_eq!(count.n, n);
                }
            }
        }
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "“Ya,” kata Budi.";
        let v = json(text, Stages::ALL);
        let chars: Vec<char> = text.chars().collect();
        for tok in v["tokens"].as_array().unwrap() {
            let (s, e) = (tok["start"].as_u64().unwrap(), tok["end"].as_u64().unwrap());
            let got: String = chars[s as usize..e as usize].iter().collect();
            assert_eq!(got, tok["text"].as_str().unwrap());
        }
        assert_eq!(v["stats"]["chars"], 16);
        assert_eq!(v["tokens"][1]["start"], 1);
    }

    #[test]
    fn keys_in_contract_order_and_selection() {
        let text = "Halo.";
        let analysis = analyze(text, &Options::default());
        let doc = Document {
            source: "-",
            text,
            analysis: &analysis,
            print: Stages::ALL.without(Stage::Tokens),
        };
        let raw = to_json_string(&doc, false);
        let keys = [
            "schema",
            "source",
            "reference_date",
            "stats",
            "sentences",
            "entities",
            "dates",
            "quotes",
        ];
        let positions: Vec<usize> = keys
            .iter()
            .map(|k| {
                raw.find(&format!("\"{k}\":"))
                    .unwrap_or_else(|| panic!("{k} in {raw}"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{raw}");
        assert!(!raw.contains("\"tokens\":["), "{raw}");
        let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(v["stats"]["tokens"], 2);
        assert_eq!(v["reference_date"], serde_json::Value::Null);
    }

    #[test]
    fn scan_counts_code_points_and_finds_escapes() {
        // Spans of every length at every place of texts whose end is near,
        // with one odd byte among ASCII or among multi-byte characters.
        for background in ["abcdefgh", "é", "“"] {
            let base = background.repeat(40 / background.len());
            for odd in [b'a', b'"', b'\\', b'\n', 0x1F, 0x20, 0x80, 0xBF, 0xC3, 0xFF] {
                for at in 0..base.len() {
                    let mut bytes = base.as_bytes().to_vec();
                    bytes[at] = odd;
                    for start in 0..bytes.len() {
                        for end in start..=bytes.len() {
                            let word = &bytes[start..end];
                            let chars = word.iter().filter(|&&b| !(0x80..0xC0).contains(&b));
                            assert_eq!(
                                scan(&bytes, Span::new(start, end)),
                                (chars.count(), word.iter().any(|&b| needs_escape(b))),
                                "{start}..{end} of {bytes:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// Every token written by [`Json::tokens`] (on a [`Record`] when it can)
    /// as [`Json::token_in_pieces`] writes it, with offsets from [`CharIndex`].
    #[test]
    fn tokens_made_again_section_by_section_print_as_kept_ones() {
        let text = [
            include_str!("../fixtures/articles/antv-putin-wang-yi.txt"),
            include_str!("../fixtures/quotes/media-relay-via.txt"),
            "\"Kutipan\" di bagian terakhir, kata Budi.",
        ]
        .join("\n\n");
        let analysis = crate::analyze(&text, &crate::Options::default());
        // Cut after each blank line, where the tokenizer cuts anyway.
        let mut ranges = Vec::new();
        let mut start = 0;
        for (at, _) in text.match_indices("\n\n") {
            ranges.push(start..at + 2);
            start = at + 2;
        }
        ranges.push(start..text.len());
        assert!(ranges.len() > 2);
        let sections = Sections {
            ranges,
            tokens: analysis.tokens.len(),
        };
        let without = Analysis {
            tokens: Vec::new(),
            ..analysis.clone()
        };
        for pretty in [false, true] {
            let doc = |analysis| Document {
                source: "s",
                text: &text,
                analysis,
                print: Stages::ALL,
            };
            let (mut kept, mut made) = (Vec::new(), Vec::new());
            write_json(&mut kept, &doc(&analysis), pretty).unwrap();
            write_json_sections(&mut made, &doc(&without), &sections, pretty).unwrap();
            assert_eq!(
                String::from_utf8(made).unwrap(),
                String::from_utf8(kept).unwrap()
            );
        }
    }

    #[test]
    fn tokens_on_records_as_in_pieces() {
        let long = "Pertanggungjawabannya-pertanggungjawabannya";
        let text = format!(
            "“Ya,” kata Budi \"x\\y\" {long} tab\tdi 1.000 #ri @ri a@b.id \
             http://x.id/ Dr. 5% «ä» {long}é ujarnya"
        );
        let kinds = TokenKind::ALL;
        // Words between spaces, then the last few bytes one by one, and
        // spans starting before the end of the one before.
        let mut spans: Vec<Span> = Vec::new();
        let mut start = 0;
        for word in text.split(' ') {
            spans.push(Span::new(start, start + word.len()));
            start += word.len() + 1;
        }
        let last = spans.pop().unwrap();
        for (i, _) in text[last.start..].char_indices() {
            spans.push(Span::new(last.start + i, last.start + i));
            spans.push(Span::new(last.start + i, text.len()));
        }
        spans.push(Span::new(0, text.len()));
        spans.push(Span::new(3, 9));
        let tokens: Vec<Token> = spans
            .iter()
            .zip(kinds.iter().cycle())
            .map(|(&span, &kind)| Token { span, kind })
            .collect();
        for sep in ["", "\n    "] {
            let mut on_records = Vec::new();
            let mut json = Json {
                buf: &mut on_records,
                text: &text,
                index: CharIndex::new(&text),
            };
            // In two runs, as the tokens of two sections are written.
            let (first, second) = tokens.split_at(tokens.len() / 2);
            let mut run = TokenRun::default();
            for part in [first, second] {
                json.tokens(part, sep, &mut |_| Ok(()), &mut run).unwrap();
            }
            let mut in_pieces = Vec::new();
            let mut json = Json {
                buf: &mut in_pieces,
                text: &text,
                index: CharIndex::new(&text),
            };
            for (i, t) in tokens.iter().enumerate() {
                let (start, end) = json.index.span(t.span);
                json.token_in_pieces(i, sep, t, start, end);
            }
            assert_eq!(
                String::from_utf8(on_records).unwrap(),
                String::from_utf8(in_pieces).unwrap()
            );
        }
    }

    #[test]
    fn any_escape_finds_what_needs_escaping() {
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(
                        any_escape(&bytes),
                        needs_escape(b),
                        "{b:#x} at {at} of {len}"
                    );
                    bytes.iter_mut().for_each(|x| *x = 0xE2);
                    bytes[at] = b;
                    assert_eq!(
                        any_escape(&bytes),
                        needs_escape(b),
                        "{b:#x} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn written_in_pieces_or_at_once_alike() {
        let text = "“Ya,” kata Budi di Jakarta pada Senin (3/4).\n".repeat(2000);
        let analysis = analyze(&text, &Options::default());
        for pretty in [false, true] {
            let doc = Document {
                source: "a.txt",
                text: &text,
                analysis: &analysis,
                print: Stages::ALL,
            };
            let mut at_once = Vec::new();
            write_json_to_vec(&mut at_once, &doc, pretty);
            assert!(at_once.len() > 4 * FLUSH_BYTES);
            let mut writes = 0;
            let mut pieces = Counted(Vec::new(), &mut writes);
            write_json(&mut pieces, &doc, pretty).unwrap();
            assert_eq!(pieces.0, at_once);
            assert!(writes > 4, "{writes} writes");
        }
    }

    struct Counted<'a>(Vec<u8>, &'a mut usize);

    impl Write for Counted<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            *self.1 += 1;
            self.0.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn pretty_is_the_same_json_one_item_a_line() {
        let text = "“Ya,” kata Budi.\nSelesai.";
        let analysis = analyze(text, &Options::default());
        let doc = Document {
            source: "a.txt",
            text,
            analysis: &analysis,
            print: Stages::ALL,
        };
        let compact: serde_json::Value =
            serde_json::from_str(&to_json_string(&doc, false)).unwrap();
        let pretty_text = to_json_string(&doc, true);
        let pretty: serde_json::Value = serde_json::from_str(&pretty_text).unwrap();
        assert_eq!(compact, pretty);
        // One line per token (and per entity), plus the frame.
        let item_lines = |key: &str| {
            pretty_text
                .lines()
                .filter(|l| l.starts_with("    {\"text\"") && l.contains(key))
                .count()
        };
        assert_eq!(item_lines("\"kind\""), analysis.tokens.len());
        assert_eq!(item_lines("\"canonical\""), analysis.entities.len());
    }
}
