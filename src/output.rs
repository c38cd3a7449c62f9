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

use crate::analysis::{Analysis, DateMention, Entity, Quote, Sentence, Speaker, Token, TokenKind};
use crate::span::{CharIndex, Span, count_chars};
use crate::{Stage, Stages};

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
    let mut buf = Vec::with_capacity(FLUSH_BYTES + (FLUSH_BYTES >> 2));
    write_doc(&mut buf, doc, pretty, &mut |buf: &mut Vec<u8>| {
        out.write_all(buf)?;
        buf.clear();
        Ok(())
    })?;
    out.write_all(&buf)
}

/// [`write_json`] appending to `out`.
pub fn write_json_to_vec(out: &mut Vec<u8>, doc: &Document, pretty: bool) {
    write_doc(out, doc, pretty, &mut |_: &mut Vec<u8>| Ok(()))
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
/// [`FLUSH_BYTES`].
fn write_doc(
    buf: &mut Vec<u8>,
    doc: &Document,
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
        ("tokens", a.tokens.len()),
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
            Stage::Tokens => j.tokens(&a.tokens, item, flush)?,
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

    /// The tokens, most of the output. They come in order without overlap, so
    /// code points are counted on from the previous token as its text is
    /// checked for characters to escape, in one pass.
    fn tokens(
        &mut self,
        tokens: &[Token],
        sep: &str,
        flush: &mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<usize> {
        let bytes = self.text.as_bytes();
        // Bytes and code points before `at`.
        let (mut at, mut chars) = (0, 0);
        for (i, t) in tokens.iter().enumerate() {
            if t.span.start < at {
                (at, chars) = (t.span.start, self.index.chars(t.span.start));
            }
            // The gap, usually one space (between char boundaries, one byte
            // is one char).
            let gap = t.span.start - at;
            chars += if gap <= 1 {
                gap
            } else {
                count_chars(&bytes[at..t.span.start])
            };
            let start = chars;
            let word = &bytes[t.span.range()];
            let (continuation, escape) = word.iter().fold((0, 0), |(c, e), &b| {
                let class = BYTE_CLASS[b as usize];
                (c + (class & CONTINUATION) as usize, e | class)
            });
            let escape = escape & ESCAPE != 0;
            chars += word.len() - continuation;
            at = t.span.end;

            // Few, whole pieces: each write is a capacity check and a copy.
            if i > 0 {
                self.raw(",");
            }
            if !sep.is_empty() {
                self.raw(sep);
            }
            if escape {
                self.raw("{\"text\":");
                self.escaped(t.span.of(self.text));
                self.raw(",\"start\":");
            } else {
                self.raw("{\"text\":\"");
                self.buf.extend_from_slice(word);
                self.raw("\",\"start\":");
            }
            self.num(start);
            self.raw(",\"end\":");
            self.num(chars);
            match t.kind {
                TokenKind::Word => self.raw(",\"kind\":\"word\"}"),
                TokenKind::Punct => self.raw(",\"kind\":\"punct\"}"),
                kind => {
                    self.raw(",\"kind\":\"");
                    self.raw(kind.as_str());
                    self.raw("\"}");
                }
            }
            if self.buf.len() >= FLUSH_BYTES {
                flush(self.buf)?;
            }
        }
        Ok(tokens.len())
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

/// Whether any byte of `bytes` [needs escaping](needs_escape), tested eight
/// bytes at a time (long texts: quotes, sentences).
fn any_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of a byte of `x - ONES * n` without bit 7 in `x` itself marks a
    // byte below `n`; exact as to whether there is one at all.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if below(w, 0x20) | below(w ^ (ONES * 0x22), 1) | below(w ^ (ONES * 0x5C), 1) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|&b| needs_escape(b))
}

/// `n` (below 10^8) as eight ASCII bytes starting with its decimal digits,
/// and how many digits it has: the digits are split into halves, quarters
/// and pairs in lanes of one integer at once.
fn digits8(n: u32) -> ([u8; 8], usize) {
    let n = u64::from(n);
    // Four digits in each 32-bit lane, the leading ones in the low lane.
    let x = (n / 10_000) | ((n % 10_000) << 32);
    // x / 100 per lane, exact below 10^4.
    let hundreds = ((x * 10_486) >> 20) & 0x7F_0000_007F;
    let x = hundreds | (x - hundreds * 100) << 16;
    // x / 10 per 16-bit lane, exact below 100.
    let tens = ((x * 103) >> 10) & 0x000F_000F_000F_000F;
    let x = tens | (x - tens * 10) << 8;
    // Leading zeros are the low bytes; zero keeps one digit.
    let zeros = (x.trailing_zeros() / 8).min(7);
    (
        (x >> (zeros * 8) | 0x3030_3030_3030_3030).to_le_bytes(),
        8 - zeros as usize,
    )
}

/// UTF-8 continuation bytes are 0b10xx_xxxx.
const fn is_continuation(b: u8) -> bool {
    (b as i8) < -0x40
}

/// [`BYTE_CLASS`] bits: a UTF-8 continuation byte, a byte to escape.
const CONTINUATION: u8 = 1;
const ESCAPE: u8 = 2;

/// What each byte is, looked up once per byte of a token.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        if is_continuation(b as u8) {
            table[b] |= CONTINUATION;
        }
        if needs_escape(b as u8) {
            table[b] |= ESCAPE;
        }
        b += 1;
    }
    table
};

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
