//! Attribution frames (FIELD-GUIDE §B.2): from each reporting cue, the
//! speaker it names and the content it reports.
//!
//! Takes the document, the quoted spans and which tokens lie inside speech;
//! returns one [`Attribution`] per cue that frames something, in text order.
//! An attribution's targets are quoted spans (direct speech), clauses
//! (indirect speech), the statement before it (`Hal itu dikatakan X`) or an
//! echo (`Hal senada dikatakan X`). A cue that names a speaker but reports
//! nothing (`X menyampaikan harapan serupa`) still yields an attribution, so
//! later pronouns can resolve to X. Cues inside quoted speech are skipped.
//!
//! Frames: `"…," kata X`; `A, kata X, B`; `X mengatakan (bahwa) …`; `X
//! mengatakan: "…"`; `"…," X menambahkan`; `Menurut X, …`; `…, menurut X`;
//! `Dikatakannya, …`; `Seperti dijelaskan (oleh) X, …`; `Hal itu/senada
//! dikatakan X`; `"…," demikian disampaikan X`; media relays in the tail.

use crate::analysis::TokenKind;
use crate::span::Span;

use super::grammar::{
    Doc, Mention, MentionKind, Tail, clitic, speaker_after, subject_before, tail_after,
};
use super::lists::{Cue, CueKind, Kinds};
use super::marks::Pair;

/// What an attribution reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A quoted span (index into the pairs): direct speech.
    Pair(usize),
    /// Reported speech without marks.
    Clause(Span),
    /// `Hal itu dikatakan X`: the statement in the sentence before.
    Previous,
    /// `Hal senada dikatakan X`: the words standing for "the same".
    Echo(Span),
}

#[derive(Debug, Clone)]
pub struct Attribution {
    pub cue: Span,
    pub cue_tok: usize,
    pub kind: CueKind,
    pub speaker: Option<Mention>,
    pub document: Option<Span>,
    pub via: Option<Span>,
    pub date: Option<Span>,
    pub targets: Vec<Target>,
}

/// Quoted spans indexed by the token that ends them (closing mark, or the
/// last content token when the mark is missing) and by the token that starts
/// them (opening mark, or the first content token).
pub struct PairIndex {
    /// (token, pair), sorted by token, one pair per token: a text has far
    /// fewer quoted spans than tokens, so a table per token cost more to
    /// fill than searching these does.
    by_end: Vec<(usize, usize)>,
    by_start: Vec<(usize, usize)>,
    /// For each pair: its last token (closing mark or last content token)
    /// and its word count.
    extent: Vec<(usize, usize)>,
}

/// `(token, pair)` entries sorted by token, keeping the last pair given
/// for a token.
fn by_token(mut entries: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    // Stable: of the entries of one token, the last given stays last.
    entries.sort_by_key(|&(token, _)| token);
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(entries.len());
    for e in entries {
        match out.last_mut() {
            Some(last) if last.0 == e.0 => *last = e,
            _ => out.push(e),
        }
    }
    out
}

/// The pair of `token` in `by_token`'s entries.
fn find(entries: &[(usize, usize)], token: usize) -> Option<usize> {
    entries
        .binary_search_by_key(&token, |&(t, _)| t)
        .ok()
        .map(|k| entries[k].1)
}

impl PairIndex {
    pub fn new(doc: &Doc, pairs: &[Pair]) -> PairIndex {
        let mut by_end = Vec::with_capacity(pairs.len());
        let mut by_start = Vec::with_capacity(pairs.len());
        let mut extent = Vec::with_capacity(pairs.len());
        for (k, p) in pairs.iter().enumerate() {
            extent.push((p.close.unwrap_or(p.last), doc.words_in(p.first, p.last + 1)));
            if p.nested {
                continue;
            }
            by_end.push((p.close.unwrap_or(p.last), k));
            by_start.push((p.open.unwrap_or(p.first), k));
        }
        let (by_end, by_start) = (by_token(by_end), by_token(by_start));
        PairIndex {
            by_end,
            by_start,
            extent,
        }
    }

    /// The quoted span opening at token `j` when it is what a cue before it
    /// reports: speech of four words or more, or a span that ends the
    /// clause. A short quoted term inside running content (`memastikan,
    /// "kota hujan" tersebut kembali …`) is not.
    pub fn reported_at(&self, doc: &Doc, j: usize) -> Option<usize> {
        let p = self.starting_at(j)?;
        let (last, words) = self.extent[p];
        let next = last + 1;
        let ends_clause = next >= doc.sentence_tokens(last).end
            || doc.is_final(next)
            || doc.is(next, ",")
            || doc.is(next, ":")
            || doc.is_quote(next)
            || doc.cue(next).is_some();
        (words >= 4 || ends_clause).then_some(p)
    }

    pub fn ending_at(&self, i: usize) -> Option<usize> {
        find(&self.by_end, i)
    }

    pub fn starting_at(&self, i: usize) -> Option<usize> {
        find(&self.by_start, i)
    }
}

/// The attributions of `doc` (see the module header). `inside[i]` says token
/// `i` lies inside quoted speech.
pub fn attributions(doc: &Doc, index: &PairIndex, inside: &[bool]) -> Vec<Attribution> {
    let mut out = Vec::new();
    // Outlets named at a sentence's start: `Dilansir dari AFP, …`.
    let mut sentence_via: Vec<(usize, Span)> = Vec::new();
    for (i, cue) in cues_outside(doc, inside) {
        let found = match cue.kind {
            CueKind::After => after_frame(doc, index, i, cue.clitic),
            CueKind::Say | CueKind::Tell => verb_frame(doc, index, i, cue.kind),
            CueKind::Passive => passive_frame(doc, index, i, cue.clitic),
            CueKind::Source => source_frame(doc, index, i, cue.clitic),
            CueKind::Relay => {
                let range = doc.sentence_tokens(i);
                let opens = i == range.start
                    || (i == range.start + 1 && doc.kinds(range.start).has(Kinds::TAIL));
                if opens {
                    let t = tail_after(doc, range.start, range.end);
                    if let Some(via) = t.via {
                        sentence_via.push((doc.sentence(i), via));
                    }
                }
                None
            }
        };
        if let Some(mut a) = found {
            a.kind = cue.kind;
            out.push(a);
        }
    }
    for a in &mut out {
        if a.via.is_none() {
            let s = doc.sentence(a.cue_tok);
            a.via = sentence_via
                .iter()
                .find(|(vs, _)| *vs == s)
                .map(|&(_, v)| v);
        }
    }
    out
}

/// The cues outside speech, with their tokens, in text order: the one walk
/// over every token, kept apart from the frames so that its few variables
/// stay in registers.
fn cues_outside(doc: &Doc, inside: &[bool]) -> Vec<(usize, Cue)> {
    let (lists, bytes) = (doc.lists, doc.text.as_bytes());
    let mut cues = Vec::new();
    for (i, (t, &in_speech)) in doc.tokens.iter().zip(inside).enumerate() {
        // As `Doc::cue`: the filter on bytes, then the lookup.
        if in_speech
            || t.kind != TokenKind::Word
            || !lists.may_be_cue(&bytes[t.span.start..t.span.end])
        {
            continue;
        }
        if let Some(cue) = lists.cue_of(t.span.of(doc.text)) {
            cues.push((i, cue));
        }
    }
    cues
}

fn new(doc: &Doc, i: usize, speaker: Option<Mention>, tail: Tail) -> Attribution {
    Attribution {
        cue: doc.span(i),
        cue_tok: i,
        kind: CueKind::After,
        speaker,
        document: None,
        via: tail.via,
        date: tail.date,
        targets: Vec::new(),
    }
}

/// The last token of the sentence holding `i` that belongs to its content
/// (final punctuation and closing marks dropped), plus one.
fn content_end(doc: &Doc, i: usize) -> usize {
    let range = doc.sentence_tokens(i);
    let mut end = range.end;
    while end > range.start
        && (doc.is_final(end - 1)
            || doc.is(end - 1, ",")
            || doc.is(end - 1, ")") && !has_open_bracket(doc, range.start, end - 1))
    {
        end -= 1;
    }
    end
}

fn has_open_bracket(doc: &Doc, a: usize, b: usize) -> bool {
    (a..b).any(|j| doc.is(j, "("))
}

/// Tokens `a..b` as reported content: leading commas, colons and complements
/// dropped; at least three words.
fn clause(doc: &Doc, a: usize, b: usize) -> Option<Span> {
    let mut a = a;
    while a < b
        && (doc.is(a, ",")
            || doc.is(a, ":")
            || doc.is(a, "—")
            || (doc.is_lower(a) && doc.kinds(a).has(Kinds::COMPLEMENT) && doc.is_word(a)))
    {
        a += 1;
    }
    let mut b = b;
    while b > a && (doc.is(b - 1, ",") || doc.is(b - 1, "—") || doc.is(b - 1, "-")) {
        b -= 1;
    }
    if b <= a || doc.words_in(a, b) < 3 {
        return None;
    }
    Some(doc.cover(a, b - 1))
}

/// Start of the clause before token `i` in its sentence: the sentence start,
/// or after a quotation mark or colon inside it.
fn clause_start(doc: &Doc, i: usize) -> usize {
    let first = doc.sentence_tokens(i).start;
    (first..i)
        .rev()
        .find(|&j| doc.is_quote(j) || doc.is(j, ":"))
        .map_or(first, |j| j + 1)
}

/// After a speaker phrase ending at `end`: `, B` to the sentence end, or a
/// quoted span opening there. Returns the targets for `A, cue X, B`, where A
/// is tokens `a_start..a_end`.
fn around(doc: &Doc, index: &PairIndex, a_start: usize, a_end: usize, end: usize) -> Vec<Target> {
    let stop = content_end(doc, a_end);
    let mut targets = Vec::new();
    let b_start = if doc.is(end, ",") {
        Some(end + 1)
    } else {
        None
    };
    if let Some(b) = b_start
        && let Some(p) = index.starting_at(b)
    {
        targets.push(Target::Pair(p));
        if let Some(a) = clause(doc, a_start, a_end) {
            targets.push(Target::Clause(a));
        }
        return targets;
    }
    let b = b_start.and_then(|b| clause(doc, b, stop));
    // A short A is a connector (`Namun`, `Oleh karena itu`), not content.
    let a_words = doc.words_in(a_start, a_end);
    match (a_words >= 4, b) {
        (true, Some(b)) => targets.push(Target::Clause(doc.cover(a_start, a_start).cover(b))),
        (true, None) => {
            if let Some(a) = clause(doc, a_start, a_end) {
                targets.push(Target::Clause(a));
            }
        }
        (false, Some(b)) => targets.push(Target::Clause(b)),
        (false, None) => {}
    }
    targets
}

/// Ambiguous `after` cues: `kata` (word), `jelas` (clear), `lanjut`, …: without
/// a closing mark before them they need a named speaker after.
fn ambiguous(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "kata"
            | "jelas"
            | "lanjut"
            | "tambah"
            | "harap"
            | "aku"
            | "pesan"
            | "tanya"
            | "klaim"
            | "ajak"
            | "kisah"
            | "jawab"
            | "canda"
            | "tulis"
            | "sebut"
            | "imbau"
            | "pinta"
            | "terang"
            | "tegas"
    )
}

/// Skips `lagi` after a cue or speaker (`katanya lagi`).
fn skip_lagi(doc: &Doc, j: usize) -> usize {
    if doc.is(j, "lagi") { j + 1 } else { j }
}

/// The quoted span just before token `i`: `"…," kata`, `"…", kata`, `"…" —`.
fn pair_before(doc: &Doc, index: &PairIndex, i: usize) -> Option<usize> {
    // A quote whose closing mark is missing ends on the comma itself.
    if let Some(p) = i.checked_sub(1).and_then(|j| index.ending_at(j)) {
        return Some(p);
    }
    let mut b = i;
    if b > 0 && matches!(doc.word(b - 1), "—" | "–" | "-") {
        b -= 1;
    }
    if b > 0 && doc.is(b - 1, ",") {
        b -= 1;
    }
    (b > 0).then(|| index.ending_at(b - 1)).flatten()
}

/// `"…," kata X`, `A, kata X, B`, `…, ujarnya`, `Kata X, …`.
fn after_frame(doc: &Doc, index: &PairIndex, i: usize, has_clitic: bool) -> Option<Attribution> {
    let range = doc.sentence_tokens(i);
    let limit = range.end;
    let (speaker, end) = if has_clitic {
        (Some(clitic(doc, i)), skip_lagi(doc, i + 1))
    } else {
        let j = skip_lagi(doc, i + 1);
        match speaker_after(doc, j, limit) {
            Some(p) => (Some(p.mention), skip_lagi(doc, p.end)),
            None => (None, j),
        }
    };
    let tail = tail_after(doc, end, limit);
    let mut a = new(doc, i, speaker, tail);
    if let Some(p) = pair_before(doc, index, i) {
        a.targets.push(Target::Pair(p));
        // `"A," kata X, "B."`
        if doc.is(tail.end, ",")
            && let Some(q) = index.starting_at(tail.end + 1)
        {
            a.targets.push(Target::Pair(q));
        }
        return Some(a);
    }
    let named = speaker.is_some_and(|m| m.kind != MentionKind::Clitic || !ambiguous(doc.word(i)));
    if !named {
        return None;
    }
    if i > range.start && doc.is(i - 1, ",") {
        let a_start = clause_start(doc, i - 1);
        a.targets = around(doc, index, a_start, i - 1, tail.end);
        return (!a.targets.is_empty()).then_some(a);
    }
    if i == range.start && !has_clitic {
        // `Kata X, "…"` / `Kata X: …`
        let mut j = tail.end;
        if doc.is(j, ",") || doc.is(j, ":") {
            j += 1;
        }
        if let Some(p) = index.reported_at(doc, j) {
            a.targets.push(Target::Pair(p));
        } else if let Some(c) = clause(doc, j, content_end(doc, i)) {
            a.targets.push(Target::Clause(c));
        }
        return (!a.targets.is_empty()).then_some(a);
    }
    None
}

/// `X mengatakan (bahwa) …`, `X mengatakan: "…"`, `"…," X menambahkan.`
fn verb_frame(doc: &Doc, index: &PairIndex, i: usize, kind: CueKind) -> Option<Attribution> {
    let range = doc.sentence_tokens(i);
    let (phrase, subject_start, inserted) = subject_before(doc, i)?;
    let mut tail = tail_after(doc, skip_lagi(doc, i + 1), range.end);
    tail.via = tail.via.or(inserted.via);
    tail.date = tail.date.or(inserted.date);
    let mut a = new(doc, i, Some(phrase.mention), tail);
    // `Data BPS mencatat, …`, `Laporan itu menyebutkan …`: a document.
    if doc.kinds(subject_start).has(Kinds::DOCUMENT) {
        a.document = Some(doc.cover(subject_start, phrase.end - 1));
        a.speaker = None;
    }
    let mut j = tail.end;
    // `"…," Presiden menegaskan.`
    if subject_start > range.start
        && (j >= content_end(doc, i))
        && let Some(p) = pair_before(doc, index, subject_start)
    {
        a.targets.push(Target::Pair(p));
        return Some(a);
    }
    let mut opened = false;
    if doc.is(j, ",") || doc.is(j, ":") {
        j += 1;
        opened = true;
    }
    if doc.is_lower(j) && doc.kinds(j).has(Kinds::COMPLEMENT) {
        j += 1;
        opened = true;
    }
    if let Some(p) = index.reported_at(doc, j) {
        a.targets.push(Target::Pair(p));
        return Some(a);
    }
    if (opened || kind == CueKind::Say)
        && let Some(c) = clause(doc, j, content_end(doc, i))
    {
        a.targets.push(Target::Clause(c));
    }
    Some(a)
}

/// `Dikatakannya, …`, `Seperti dijelaskan oleh X, …`, `Hal itu dikatakan X`,
/// `Hal senada disampaikan X`, `"…," demikian dikatakan X`.
fn passive_frame(doc: &Doc, index: &PairIndex, i: usize, has_clitic: bool) -> Option<Attribution> {
    let range = doc.sentence_tokens(i);
    let first = range.start;
    let mut b = i;
    while b > first && doc.is_lower(b - 1) && doc.kinds(b - 1).has(Kinds::ADVERB) {
        b -= 1;
    }
    // What stands before the cue.
    let demikian = b > first && doc.word(b - 1).eq_ignore_ascii_case("demikian");
    let after_pair = pair_before(doc, index, if demikian { b - 1 } else { b });
    // `Hal senada`, `Pesan serupa`, `Hal yang sama` (+ passive): an echo.
    let statement_noun = doc.kinds(first).has(Kinds::ANAPHOR);
    let echo = (2..=3).find(|&n| {
        b == first + n
            && statement_noun
            && (doc.kinds(b - 1).has(Kinds::ECHO) || doc.phrase_kinds(b - 2, 2).has(Kinds::ECHO))
    });
    // `Hal itu`, `Pernyataan tersebut` (+ passive): the statement before.
    let anaphor = (b == first + 2
        && statement_noun
        && matches!(doc.word(first + 1), "itu" | "ini" | "tersebut"))
    .then_some(2);
    let opening = b == first
        || (b == first + 1
            && matches!(
                doc.word(first).to_lowercase().as_str(),
                "seperti" | "sebagaimana"
            ))
        || (b > first && doc.is(b - 1, ","));
    // The agent.
    let (speaker, end) = if has_clitic {
        (Some(clitic(doc, i)), i + 1)
    } else {
        let mut j = i + 1;
        if doc.is_lower(j) && doc.kinds(j).has(Kinds::AGENT) {
            j += 1;
        }
        match speaker_after(doc, j, range.end) {
            Some(p)
                if p.mention.kind != MentionKind::Group
                    || doc.is_acronym(j)
                    || doc.words_in(j, p.end) > 1 =>
            {
                (Some(p.mention), p.end)
            }
            _ => (None, j),
        }
    };
    speaker?;
    let tail = tail_after(doc, end, range.end);
    let mut a = new(doc, i, speaker, tail);
    if let Some(p) = after_pair {
        a.targets.push(Target::Pair(p));
        return Some(a);
    }
    let rest = {
        let mut j = tail.end;
        if doc.is(j, ",") || doc.is(j, ":") {
            j += 1;
        }
        if doc.is_lower(j) && doc.kinds(j).has(Kinds::COMPLEMENT) {
            j += 1;
        }
        j
    };
    if let Some(n) = echo {
        match clause(doc, rest, content_end(doc, i)) {
            Some(c) if rest > tail.end => a.targets.push(Target::Clause(c)),
            _ => a
                .targets
                .push(Target::Echo(doc.cover(first, first + n - 1))),
        }
        return Some(a);
    }
    if anaphor.is_some() || (demikian && b == first + 1) {
        a.targets.push(Target::Previous);
        return Some(a);
    }
    if opening {
        if let Some(p) = index.reported_at(doc, rest) {
            a.targets.push(Target::Pair(p));
        } else if rest > tail.end
            && let Some(c) = clause(doc, rest, content_end(doc, i))
        {
            a.targets.push(Target::Clause(c));
        }
        if b > first && doc.is(b - 1, ",") && a.targets.is_empty() {
            // `A, dikatakannya.`
            if let Some(c) = clause(doc, clause_start(doc, b - 1), b - 1) {
                a.targets.push(Target::Clause(c));
            }
        }
        return (!a.targets.is_empty()).then_some(a);
    }
    None
}

/// `Menurut X, …`, `A, menurut X, B`, `…, menurut X.`, `Menurut data BPS, …`.
fn source_frame(doc: &Doc, index: &PairIndex, i: usize, has_clitic: bool) -> Option<Attribution> {
    let range = doc.sentence_tokens(i);
    let limit = range.end;
    let mut document = None;
    let (speaker, end) = if has_clitic {
        (Some(clitic(doc, i)), i + 1)
    } else if doc.is_lower(i + 1) && doc.kinds(i + 1).has(Kinds::DOCUMENT) {
        // A document: up to the comma.
        let mut j = i + 1;
        while j < limit && !doc.is(j, ",") && !doc.is_final(j) && !doc.is_quote(j) {
            j += 1;
        }
        document = Some(doc.cover(i + 1, j - 1));
        (None, j)
    } else {
        let p = speaker_after(doc, i + 1, limit)?;
        (Some(p.mention), p.end)
    };
    let tail = tail_after(doc, end, limit);
    let mut a = new(doc, i, speaker, tail);
    a.document = document;
    let opens = i == range.start
        || (doc.kinds(range.start).has(Kinds::CONNECTOR)
            && (range.start + 1..i).all(|j| doc.is_word(j) && doc.is_lower(j)));
    if i > range.start && doc.is(i - 1, ",") {
        a.targets = around(doc, index, clause_start(doc, i - 1), i - 1, tail.end);
    } else if opens {
        let mut j = tail.end;
        if doc.is(j, ",") || doc.is(j, ":") {
            j += 1;
        } else if !speaker
            .is_some_and(|m| matches!(m.kind, MentionKind::Pronoun | MentionKind::Clitic))
        {
            // `Menurut dia harga naik` goes without a comma; after a longer
            // phrase a missing comma means the phrase was misread.
            return None;
        }
        if let Some(p) = index.reported_at(doc, j) {
            a.targets.push(Target::Pair(p));
        } else if let Some(c) = clause(doc, j, content_end(doc, i)) {
            a.targets.push(Target::Clause(c));
        }
    }
    (!a.targets.is_empty()).then_some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_entries_answer_as_a_table_per_token() {
        let mut random = crate::xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..200 {
            let tokens = 1 + (random() % 40) as usize;
            let entries: Vec<(usize, usize)> = (0..random() % 12)
                .map(|k| ((random() % tokens as u64) as usize, k as usize))
                .collect();
            // The table it replaces: the last pair written wins.
            let mut table = vec![None; tokens];
            for &(t, k) in &entries {
                table[t] = Some(k);
            }
            let sorted = by_token(entries);
            for (t, &expected) in table.iter().enumerate() {
                assert_eq!(find(&sorted, t), expected);
            }
            assert_eq!(find(&sorted, tokens), None);
        }
    }
}
