//! The output contract as executable checks, shared by the property tests
//! (`tests/properties.rs`) and the fuzz targets (`fuzz/fuzz_targets/`), which
//! include this file with `#[path]`.
//!
//! [`check_analysis`] checks the library's byte spans against the text;
//! [`check_json`] checks a written document the way a consumer would read it,
//! in code points. Each returns the first broken promise as a message.

#![allow(dead_code)]

use serde_json::Value;
use warta::Analysis;
use warta::Span;
use warta::tokenize::words::is_gap;

/// A byte span in bounds and on char boundaries.
fn check_span(text: &str, span: Span, what: &str) -> Result<(), String> {
    if span.start > span.end || span.end > text.len() {
        return Err(format!(
            "{what}: span {}..{} out of bounds (text is {} bytes)",
            span.start,
            span.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Err(format!(
            "{what}: span {}..{} not on char boundaries",
            span.start, span.end
        ));
    }
    Ok(())
}

fn check_sorted(spans: impl Iterator<Item = Span>, what: &str) -> Result<(), String> {
    let mut previous = 0;
    for (i, span) in spans.enumerate() {
        if span.start < previous {
            return Err(format!("{what}[{i}] starts before the item before it"));
        }
        previous = span.start;
    }
    Ok(())
}

/// Every promise the library's [`Analysis`] makes about `text`.
pub fn check_analysis(text: &str, a: &Analysis) -> Result<(), String> {
    // Tokens: non-empty, in order, non-overlapping, separated only by gaps.
    let mut at = 0;
    for (i, tok) in a.tokens.iter().enumerate() {
        check_span(text, tok.span, &format!("tokens[{i}]"))?;
        if tok.span.is_empty() {
            return Err(format!("tokens[{i}] is empty"));
        }
        if tok.span.start < at {
            return Err(format!("tokens[{i}] overlaps the token before it"));
        }
        let gap = &text[at..tok.span.start];
        if !gap.chars().all(is_gap) {
            return Err(format!("text {gap:?} before tokens[{i}] is in no token"));
        }
        at = tok.span.end;
    }
    if !text[at..].chars().all(is_gap) {
        return Err(format!("text {:?} after the last token", &text[at..]));
    }

    // Sentences: cover every token in order, each from its first token's start
    // to its last token's end.
    let mut next_token = 0;
    for (i, s) in a.sentences.iter().enumerate() {
        check_span(text, s.span, &format!("sentences[{i}]"))?;
        if s.tokens.start != next_token || s.tokens.is_empty() || s.tokens.end > a.tokens.len() {
            return Err(format!(
                "sentences[{i}] holds tokens {:?}, expected to start at {next_token}",
                s.tokens
            ));
        }
        let first = a.tokens[s.tokens.start].span;
        let last = a.tokens[s.tokens.end - 1].span;
        if s.span != Span::new(first.start, last.end) {
            return Err(format!("sentences[{i}] is not the span of its tokens"));
        }
        next_token = s.tokens.end;
    }
    if next_token != a.tokens.len() {
        return Err(format!(
            "tokens from {next_token} on are in no sentence ({} tokens)",
            a.tokens.len()
        ));
    }

    for (i, e) in a.entities.iter().enumerate() {
        check_span(text, e.span, &format!("entities[{i}]"))?;
    }
    check_sorted(a.entities.iter().map(|e| e.span), "entities")?;
    for (i, d) in a.dates.iter().enumerate() {
        check_span(text, d.span, &format!("dates[{i}]"))?;
    }
    check_sorted(a.dates.iter().map(|d| d.span), "dates")?;
    for (i, q) in a.quotes.iter().enumerate() {
        check_span(text, q.span, &format!("quotes[{i}]"))?;
        if let Some(cue) = q.cue {
            check_span(text, cue, &format!("quotes[{i}].cue"))?;
        }
        if let Some(speaker) = &q.speaker {
            check_span(text, speaker.span, &format!("quotes[{i}].speaker"))?;
            if speaker.entity.is_some_and(|e| e >= a.entities.len()) {
                return Err(format!("quotes[{i}].speaker points past the entities"));
            }
        }
    }
    check_sorted(a.quotes.iter().map(|q| q.span), "quotes")?;
    Ok(())
}

fn offset(item: &Value, key: &str, what: &str) -> Result<usize, String> {
    item.get(key)
        .and_then(Value::as_u64)
        .map(|n| n as usize)
        .ok_or_else(|| format!("{what}: `{key}` is not a non-negative integer"))
}

/// `text[start:end] == item.text` in code points, for an item and its nested
/// `cue` and `speaker`.
fn check_item(chars: &[char], item: &Value, what: &str) -> Result<(), String> {
    let (start, end) = (offset(item, "start", what)?, offset(item, "end", what)?);
    if start > end || end > chars.len() {
        return Err(format!(
            "{what}: {start}..{end} out of bounds ({} code points)",
            chars.len()
        ));
    }
    if let Some(t) = item.get("text") {
        let slice: String = chars[start..end].iter().collect();
        if t.as_str() != Some(slice.as_str()) {
            return Err(format!(
                "{what}: text {t} is not text[{start}:{end}] = {slice:?}"
            ));
        }
    }
    for nested in ["cue", "speaker"] {
        if let Some(inner) = item.get(nested).filter(|v| v.is_object()) {
            check_item(chars, inner, &format!("{what}.{nested}"))?;
        }
    }
    Ok(())
}

/// Every promise a written document makes to a consumer about `text`.
pub fn check_json(text: &str, doc: &Value) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    if doc["schema"] != warta::output::SCHEMA {
        return Err(format!("schema is {}", doc["schema"]));
    }
    if doc["stats"]["chars"].as_u64() != Some(chars.len() as u64) {
        return Err(format!(
            "stats.chars is {}, the text has {} code points",
            doc["stats"]["chars"],
            chars.len()
        ));
    }
    for layer in ["sentences", "tokens", "entities", "dates", "quotes"] {
        let Some(items) = doc.get(layer) else {
            continue;
        };
        let items = items
            .as_array()
            .ok_or_else(|| format!("{layer} is not an array"))?;
        if doc["stats"][layer].as_u64() != Some(items.len() as u64) {
            return Err(format!("stats.{layer} is not the length of {layer}"));
        }
        let mut previous = 0;
        for (i, item) in items.iter().enumerate() {
            let what = format!("{layer}[{i}]");
            check_item(&chars, item, &what)?;
            let start = offset(item, "start", &what)?;
            if start < previous {
                return Err(format!("{what} is out of order"));
            }
            previous = start;
        }
    }
    if let Some(tokens) = doc.get("tokens").and_then(Value::as_array) {
        // Tokens plus the gaps between them rebuild the text.
        let mut rebuilt = String::with_capacity(text.len());
        let mut at = 0;
        for (i, tok) in tokens.iter().enumerate() {
            let (start, end) = (offset(tok, "start", "token")?, offset(tok, "end", "token")?);
            if start < at || end <= start {
                return Err(format!("tokens[{i}] overlaps or is empty"));
            }
            rebuilt.extend(&chars[at..start]);
            rebuilt.push_str(tok["text"].as_str().unwrap_or_default());
            at = end;
        }
        rebuilt.extend(&chars[at..]);
        if rebuilt != text {
            return Err("tokens and gaps do not rebuild the text".to_string());
        }
    }
    if let Some(sentences) = doc.get("sentences").and_then(Value::as_array) {
        let mut previous_end = 0;
        for (i, s) in sentences.iter().enumerate() {
            let (start, end) = (
                offset(s, "start", "sentence")?,
                offset(s, "end", "sentence")?,
            );
            if start < previous_end || end <= start {
                return Err(format!("sentences[{i}] overlaps or is empty"));
            }
            previous_end = end;
        }
    }
    Ok(())
}
