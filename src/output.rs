//! The JSON contract: an [`Analysis`] written as `DESIGN.md` specifies.
//!
//! This is the only place byte spans become Unicode code-point offsets. Items
//! are serialized straight from the analysis (no intermediate JSON tree), in the
//! contract's key order, so output is byte-identical run to run.

use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::analysis::{Analysis, DateMention, Entity, Quote, Sentence, Token};
use crate::span::{CharIndex, Span};
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

/// Writes `doc` as one JSON document followed by a newline: compact (one
/// line, JSON Lines) or pretty.
///
/// Pretty output puts each top-level key on its own line and each array item
/// (a token, an entity, a quote) compact on its own line, so expected files
/// read and diff one item per line.
pub fn write_json<W: Write>(out: &mut W, doc: &Document, pretty: bool) -> io::Result<()> {
    let ctx = Ctx {
        text: doc.text,
        index: CharIndex::new(doc.text),
    };
    let a = doc.analysis;
    let (key, item) = if pretty { ("\n  ", "\n    ") } else { ("", "") };
    let colon = if pretty { ": " } else { ":" };
    write!(
        out,
        "{{{key}\"schema\"{colon}{SCHEMA},{key}\"source\"{colon}"
    )?;
    write_str(out, doc.source)?;
    write!(out, ",{key}\"reference_date\"{colon}")?;
    serde_json::to_writer(&mut *out, &a.reference_date.map(ReferenceJson))?;
    write!(out, ",{key}\"stats\"{colon}")?;
    serde_json::to_writer(
        &mut *out,
        &Stats {
            chars: ctx.chars(doc.text.len()),
            analysis: a,
        },
    )?;
    for stage in Stage::ALL {
        if !doc.print.contains(stage) {
            continue;
        }
        write!(out, ",{key}\"{}\"{colon}[", stage.name())?;
        let len = match stage {
            Stage::Sentences => items(out, &a.sentences, item, |o, s| write_sentence(o, &ctx, s))?,
            Stage::Tokens => items(out, &a.tokens, item, |o, t| write_token(o, &ctx, t))?,
            Stage::Entities => items(out, &a.entities, item, |o, e| serde(o, &with(&ctx, e)))?,
            Stage::Dates => items(out, &a.dates, item, |o, d| serde(o, &with(&ctx, d)))?,
            Stage::Quotes => items(out, &a.quotes, item, |o, q| serde(o, &with(&ctx, q)))?,
        };
        if pretty && len > 0 {
            out.write_all(b"\n  ")?;
        }
        out.write_all(b"]")?;
    }
    if pretty {
        out.write_all(b"\n")?;
    }
    out.write_all(b"}\n")
}

/// `doc` as a JSON string without the final newline.
pub fn to_json_string(doc: &Document, pretty: bool) -> String {
    let mut buf = Vec::with_capacity(doc.text.len() * 8);
    write_json(&mut buf, doc, pretty).expect("writing to a Vec cannot fail");
    buf.pop();
    String::from_utf8(buf).expect("the writer writes UTF-8")
}

/// Writes each item after `sep` and a comma between items; returns the count.
fn items<W: Write, T>(
    out: &mut W,
    items: &[T],
    sep: &str,
    mut write: impl FnMut(&mut W, &T) -> io::Result<()>,
) -> io::Result<usize> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(sep.as_bytes())?;
        write(out, item)?;
    }
    Ok(items.len())
}

fn serde<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer(out, value).map_err(io::Error::from)
}

/// A JSON string; text without quotes, backslashes or control characters (most
/// tokens) is copied as it is.
fn write_str<W: Write>(out: &mut W, s: &str) -> io::Result<()> {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.write_all(b"\"")?;
        out.write_all(s.as_bytes())?;
        out.write_all(b"\"")
    } else {
        serde(out, &s)
    }
}

fn write_num<W: Write>(out: &mut W, n: usize) -> io::Result<()> {
    out.write_all(itoa::Buffer::new().format(n).as_bytes())
}

// Sentences and tokens are most of the output: written by hand, in the same
// form serde_json would write them.
fn write_sentence<W: Write>(out: &mut W, ctx: &Ctx, s: &Sentence) -> io::Result<()> {
    out.write_all(b"{\"start\":")?;
    write_num(out, ctx.chars(s.span.start))?;
    out.write_all(b",\"end\":")?;
    write_num(out, ctx.chars(s.span.end))?;
    out.write_all(b"}")
}

fn write_token<W: Write>(out: &mut W, ctx: &Ctx, t: &Token) -> io::Result<()> {
    out.write_all(b"{\"text\":")?;
    write_str(out, t.span.of(ctx.text))?;
    out.write_all(b",\"start\":")?;
    write_num(out, ctx.chars(t.span.start))?;
    out.write_all(b",\"end\":")?;
    write_num(out, ctx.chars(t.span.end))?;
    out.write_all(b",\"kind\":\"")?;
    out.write_all(t.kind.as_str().as_bytes())?;
    out.write_all(b"\"}")
}

struct Ctx<'a> {
    text: &'a str,
    index: CharIndex<'a>,
}

impl Ctx<'_> {
    fn chars(&self, byte: usize) -> usize {
        self.index.chars(byte)
    }
}

/// An item serialized with the text it points into.
struct With<'a, T: ?Sized> {
    ctx: &'a Ctx<'a>,
    item: &'a T,
}

fn with<'a, T: ?Sized>(ctx: &'a Ctx<'a>, item: &'a T) -> With<'a, T> {
    With { ctx, item }
}

struct ReferenceJson(crate::analysis::ReferenceDate);

impl Serialize for ReferenceJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("value", &self.0.date.to_string())?;
        map.serialize_entry("from", self.0.from.as_str())?;
        map.end()
    }
}

struct Stats<'a> {
    chars: usize,
    analysis: &'a Analysis,
}

impl Serialize for Stats<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.analysis;
        let mut map = s.serialize_map(Some(6))?;
        map.serialize_entry("chars", &self.chars)?;
        map.serialize_entry("sentences", &a.sentences.len())?;
        map.serialize_entry("tokens", &a.tokens.len())?;
        map.serialize_entry("entities", &a.entities.len())?;
        map.serialize_entry("dates", &a.dates.len())?;
        map.serialize_entry("quotes", &a.quotes.len())?;
        map.end()
    }
}

/// `"text"`, `"start"`, `"end"` of a span.
fn span_entries<M: SerializeMap>(map: &mut M, ctx: &Ctx, span: Span) -> Result<(), M::Error> {
    map.serialize_entry("text", span.of(ctx.text))?;
    map.serialize_entry("start", &ctx.chars(span.start))?;
    map.serialize_entry("end", &ctx.chars(span.end))
}

/// A span as its own object: `{"text", "start", "end"}`.
struct SpanJson<'a>(&'a Ctx<'a>, Span);

impl Serialize for SpanJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        span_entries(&mut map, self.0, self.1)?;
        map.end()
    }
}

impl Serialize for With<'_, Entity> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.item;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("text", e.span.of(self.ctx.text))?;
        map.serialize_entry("label", e.label.as_str())?;
        map.serialize_entry("start", &self.ctx.chars(e.span.start))?;
        map.serialize_entry("end", &self.ctx.chars(e.span.end))?;
        map.serialize_entry("canonical", &e.canonical)?;
        map.end()
    }
}

impl Serialize for With<'_, DateMention> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.item;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("text", d.span.of(self.ctx.text))?;
        map.serialize_entry("type", d.timex_type.as_str())?;
        map.serialize_entry("value", &d.value)?;
        if let Some(m) = d.modifier {
            map.serialize_entry("mod", m.as_str())?;
        }
        if let Some(zone) = d.zone {
            map.serialize_entry("zone", zone)?;
        }
        map.serialize_entry("start", &self.ctx.chars(d.span.start))?;
        map.serialize_entry("end", &self.ctx.chars(d.span.end))?;
        map.end()
    }
}

impl Serialize for With<'_, Quote> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let q = self.item;
        let ctx = self.ctx;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("kind", q.kind.as_str())?;
        span_entries(&mut map, ctx, q.span)?;
        map.serialize_entry("cue", &q.cue.map(|c| SpanJson(ctx, c)))?;
        match &q.speaker {
            None => map.serialize_entry("speaker", &None::<()>)?,
            Some(speaker) => map.serialize_entry("speaker", &with(ctx, speaker))?,
        }
        // Optional additions to the contract, present only when found.
        if let Some(via) = q.via {
            map.serialize_entry("via", &SpanJson(ctx, via))?;
        }
        if let Some(date) = &q.date {
            map.serialize_entry("date", &with(ctx, date))?;
        }
        if let Some(document) = q.document {
            map.serialize_entry("document", &SpanJson(ctx, document))?;
        }
        map.end()
    }
}

impl Serialize for With<'_, crate::analysis::StatementDate> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        span_entries(&mut map, self.ctx, self.item.span)?;
        map.serialize_entry("value", &self.item.value)?;
        map.end()
    }
}

impl Serialize for With<'_, crate::analysis::Speaker> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sp = self.item;
        let mut map = s.serialize_map(None)?;
        span_entries(&mut map, self.ctx, sp.span)?;
        map.serialize_entry("canonical", &sp.canonical)?;
        if let Some(role) = sp.role {
            map.serialize_entry("role", &SpanJson(self.ctx, role))?;
        }
        map.end()
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
