//! The JSON contract: an [`Analysis`] written as `DESIGN.md` specifies.
//!
//! This is the only place byte spans become Unicode code-point offsets. Items
//! are serialized straight from the analysis (no intermediate JSON tree), in the
//! contract's key order, so output is byte-identical run to run.

use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::analysis::{Analysis, DateMention, Entity, Quote, Sentence, Token};
use crate::span::{CharIndex, Span};
use crate::{Stage, Stages};

/// The integer bumped on any incompatible change of the output.
pub const SCHEMA: u32 = 1;

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
    if pretty {
        write_pretty(&mut *out, doc)?;
    } else {
        serde_json::to_writer(&mut *out, doc)?;
    }
    out.write_all(b"\n")
}

fn write_pretty<W: Write>(out: &mut W, doc: &Document) -> io::Result<()> {
    let ctx = Ctx {
        text: doc.text,
        index: CharIndex::new(doc.text),
    };
    let a = doc.analysis;
    write!(out, "{{\n  \"schema\": {SCHEMA},\n  \"source\": ")?;
    serde_json::to_writer(&mut *out, doc.source)?;
    out.write_all(b",\n  \"reference_date\": ")?;
    serde_json::to_writer(&mut *out, &a.reference_date.map(ReferenceJson))?;
    out.write_all(b",\n  \"stats\": ")?;
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
        write!(out, ",\n  \"{}\": [", stage.name())?;
        match stage {
            Stage::Sentences => pretty_items(out, &ctx, &a.sentences)?,
            Stage::Tokens => pretty_items(out, &ctx, &a.tokens)?,
            Stage::Entities => pretty_items(out, &ctx, &a.entities)?,
            Stage::Dates => pretty_items(out, &ctx, &a.dates)?,
            Stage::Quotes => pretty_items(out, &ctx, &a.quotes)?,
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"\n}")
}

fn pretty_items<'a, W: Write, T>(out: &mut W, ctx: &'a Ctx<'a>, items: &'a [T]) -> io::Result<()>
where
    With<'a, T>: Serialize,
{
    for (i, item) in items.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *out, &with(ctx, item))?;
    }
    if !items.is_empty() {
        out.write_all(b"\n  ")?;
    }
    Ok(())
}

/// `doc` as a JSON string without the final newline.
pub fn to_json_string(doc: &Document, pretty: bool) -> String {
    let mut buf = Vec::with_capacity(doc.text.len() * 8);
    write_json(&mut buf, doc, pretty).expect("writing to a Vec cannot fail");
    buf.pop();
    String::from_utf8(buf).expect("serde_json writes UTF-8")
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

struct Seq<'a, T> {
    ctx: &'a Ctx<'a>,
    items: &'a [T],
}

impl<'a, T> Serialize for Seq<'a, T>
where
    With<'a, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.items.len()))?;
        for item in self.items {
            seq.serialize_element(&with(self.ctx, item))?;
        }
        seq.end()
    }
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = Ctx {
            text: self.text,
            index: CharIndex::new(self.text),
        };
        let a = self.analysis;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("schema", &SCHEMA)?;
        map.serialize_entry("source", self.source)?;
        map.serialize_entry("reference_date", &a.reference_date.map(ReferenceJson))?;
        map.serialize_entry(
            "stats",
            &Stats {
                chars: ctx.chars(self.text.len()),
                analysis: a,
            },
        )?;
        for stage in Stage::ALL {
            if !self.print.contains(stage) {
                continue;
            }
            match stage {
                Stage::Sentences => map.serialize_entry(
                    "sentences",
                    &Seq {
                        ctx: &ctx,
                        items: &a.sentences,
                    },
                )?,
                Stage::Tokens => map.serialize_entry(
                    "tokens",
                    &Seq {
                        ctx: &ctx,
                        items: &a.tokens,
                    },
                )?,
                Stage::Entities => map.serialize_entry(
                    "entities",
                    &Seq {
                        ctx: &ctx,
                        items: &a.entities,
                    },
                )?,
                Stage::Dates => map.serialize_entry(
                    "dates",
                    &Seq {
                        ctx: &ctx,
                        items: &a.dates,
                    },
                )?,
                Stage::Quotes => map.serialize_entry(
                    "quotes",
                    &Seq {
                        ctx: &ctx,
                        items: &a.quotes,
                    },
                )?,
            }
        }
        map.end()
    }
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

impl Serialize for With<'_, Sentence> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("start", &self.ctx.chars(self.item.span.start))?;
        map.serialize_entry("end", &self.ctx.chars(self.item.span.end))?;
        map.end()
    }
}

impl Serialize for With<'_, Token> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        span_entries(&mut map, self.ctx, self.item.span)?;
        map.serialize_entry("kind", self.item.kind.as_str())?;
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
        map.end()
    }
}

impl Serialize for With<'_, crate::analysis::Speaker> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sp = self.item;
        let mut map = s.serialize_map(Some(4))?;
        span_entries(&mut map, self.ctx, sp.span)?;
        map.serialize_entry("canonical", &sp.canonical)?;
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
