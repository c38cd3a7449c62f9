//! The sequence tagger: BILOU tags for each sentence, by Viterbi decoding
//! over the trained weights, with two models (text as written, and text
//! without case).
//!
//! Takes the text and the tokenizer's sentences; returns the tagged mentions
//! as token ranges with a label, in text order. Each word's contribution to
//! the five tokens whose window holds it is summed once ([`WordRows::at`] for
//! every offset), so a token's score is five row sums plus its position rows —
//! no string work per feature. Tags are `O` and, per label, `B` `I` `L` `U`;
//! `I` and `L` only continue a `B` or `I` of the same label, a sentence ends
//! on `O`, `L` or `U`. In text with capitals only tokens that can be part of
//! a name are scored (see [`Tagger::tag_sentence`]); the rest are `O`.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::analysis::{Analysis, EntityLabel, Token, TokenKind};

use super::features::{
    CENTER, Neighbour, PARTS, Position, Survey, TAGS, Vocabulary, WINDOW, Word, WordRows,
    is_title_case, position_rows, positions,
};
use super::hash::{Fnv, HashedMap};
use super::lists::{Class, Lists, WordEntry, lists};
use super::model::Model;

/// What the taggers found in a text.
pub(crate) struct Tagged {
    /// The mentions, in text order.
    pub mentions: Vec<Mention>,
    /// For each sentence, whether it was tagged without case (see
    /// [`Taggers::tag`]).
    pub folded: Vec<bool>,
}

/// A tagged run of tokens (indices into `Analysis::tokens`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    pub tokens: Range<usize>,
    pub label: EntityLabel,
}

// Tags: `O` = 0, then for each label (PER, ORG, LOC) `PARTS` tags in the
// order B (begins a mention of several tokens), I (inside), L (last), U (a
// one-token mention); with BIO only B and I. Telling the tagger where a name
// ends, not only where it begins, was worth 1.5 points of F1 on NERGRIT dev
// (none on idner) for twice the tags.
const B: u8 = 0;
const I: u8 = 1;
const L: u8 = 2;
const U: u8 = 3;

const BILOU: bool = PARTS == 4;

const fn part(tag: usize) -> u8 {
    ((tag - 1) % PARTS) as u8
}

/// Whether tag `to` may follow tag `from` (`from == TAGS`: sentence start).
pub(crate) const fn allowed(from: usize, to: usize) -> bool {
    let open = from != 0 && from != TAGS && matches!(part(from), B | I);
    if to == 0 || matches!(part(to), B | U) {
        !(BILOU && open)
    } else {
        open && (from - 1) / PARTS == (to - 1) / PARTS
    }
}

/// Whether a sentence may end with `tag`.
pub(crate) fn may_end(tag: usize) -> bool {
    !BILOU || tag == 0 || matches!(part(tag), L | U)
}

pub(crate) fn label_of(tag: u8) -> Option<EntityLabel> {
    match tag {
        0 => None,
        t => Some([EntityLabel::Per, EntityLabel::Org, EntityLabel::Loc][(t as usize - 1) / PARTS]),
    }
}

/// Writes the tags of a mention of `label` over `tags`.
pub(crate) fn encode(label: EntityLabel, tags: &mut [u8]) {
    let base = 1 + label as u8 * PARTS as u8;
    let n = tags.len();
    for (i, t) in tags.iter_mut().enumerate() {
        *t = base
            + match (i, n) {
                (0, 1) if BILOU => U,
                (0, _) => B,
                (i, n) if BILOU && i + 1 == n => L,
                _ => I,
            };
    }
}

/// Lanes of a row of [`Transitions::into`]: `TAGS` rounded up to four, so
/// that the compiler takes them four at a time.
const LANES: usize = TAGS.div_ceil(4) * 4;

/// Transition weights as [`decode`] reads them.
pub(crate) struct Transitions {
    /// `weights[from][to]`; `from == TAGS` is the start of a sentence.
    weights: [[f32; TAGS]; TAGS + 1],
    /// `into[from][to]`: `weights[from][to]`, or minus infinity where `to`
    /// may not follow `from` (and in the padding lanes).
    into: [[f32; LANES]; TAGS],
    /// With BILOU, `starts[k][m]`: `into[CLOSED[k]][STARTS[m]]` (minus
    /// infinity in the padding lane).
    starts: [[f32; 8]; SPAN],
}

/// Labels of mentions.
const LABELS: usize = (TAGS - 1) / PARTS;
/// Tags in [`STARTS`] and in [`CLOSED`].
const SPAN: usize = 1 + 2 * LABELS;

/// The tags whose `part` is one of `a` or `b`, after `O`.
const fn tags_with(a: u8, b: u8) -> [usize; SPAN] {
    let mut out = [0; SPAN];
    let (mut t, mut k) = (1, 1);
    while t < TAGS && k < SPAN {
        if part(t) == a || part(t) == b {
            out[k] = t;
            k += 1;
        }
        t += 1;
    }
    out
}

/// With BILOU, the tags that start a mention or are outside one (`O`, `B`,
/// `U`): they follow exactly the [`CLOSED`] tags.
const STARTS: [usize; SPAN] = tags_with(B, U);
/// With BILOU, the tags that close a mention or are outside one (`O`, `L`,
/// `U`), in ascending order.
const CLOSED: [usize; SPAN] = tags_with(L, U);

impl Transitions {
    pub(crate) fn new(weights: &[[f32; TAGS]; TAGS + 1]) -> Transitions {
        let mut into = [[f32::NEG_INFINITY; LANES]; TAGS];
        for (from, row) in into.iter_mut().enumerate() {
            for (to, w) in row.iter_mut().enumerate().take(TAGS) {
                if allowed(from, to) {
                    *w = weights[from][to];
                }
            }
        }
        let mut starts = [[f32::NEG_INFINITY; 8]; SPAN];
        for (row, &from) in starts.iter_mut().zip(&CLOSED) {
            for (w, &to) in row.iter_mut().zip(&STARTS) {
                *w = into[from][to];
            }
        }
        Transitions {
            weights: *weights,
            into,
            starts,
        }
    }
}

/// The best tag sequence for `emissions` under `transitions`: of a whole
/// sentence, or of a segment of one that follows tag `from` (`TAGS`: the
/// sentence start) and, if `into_outside`, is followed by an `O`. `scores`
/// is scratch space.
pub(crate) fn viterbi(
    emissions: &[[f32; TAGS]],
    transitions: &[[f32; TAGS]; TAGS + 1],
    from: usize,
    into_outside: bool,
    scores: &mut Vec<[f32; TAGS]>,
    tags: &mut Vec<u8>,
) {
    let transitions = Transitions::new(transitions);
    decode(emissions, &transitions, from, into_outside, scores, tags);
}

/// [`viterbi`] with the transitions made ready.
///
/// The forward pass keeps only each token's best scores (in `scores`), not
/// the tag before each: the way back asks [`best_before`] for the one tag
/// on the path, which finds what keeping them all would have (the same
/// sums, compared in the same order), at a thirteenth of the work.
pub(crate) fn decode(
    emissions: &[[f32; TAGS]],
    transitions: &Transitions,
    from: usize,
    into_outside: bool,
    scores: &mut Vec<[f32; TAGS]>,
    tags: &mut Vec<u8>,
) {
    tags.clear();
    scores.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    let weights = &transitions.weights;
    if n == 1 && into_outside {
        // One token between two `O`: no path to keep.
        let e = &emissions[0];
        let mut best = (f32::NEG_INFINITY, 0u8);
        for t in 0..TAGS {
            if allowed(from, t) && allowed(t, 0) {
                let s = weights[from][t] + e[t] + weights[t][0];
                if s > best.0 {
                    best = (s, t as u8);
                }
            }
        }
        tags.push(best.1);
        return;
    }
    let mut score = [f32::NEG_INFINITY; TAGS];
    for (to, s) in score.iter_mut().enumerate() {
        if allowed(from, to) {
            *s = weights[from][to] + emissions[0][to];
        }
    }
    scores.push(score);
    for e in &emissions[1..] {
        if BILOU {
            step_bilou(&mut score, transitions, e);
        } else {
            step_dense(&mut score, transitions, e);
        }
        scores.push(score);
    }
    let end = |t: usize| {
        if into_outside {
            if allowed(t, 0) {
                score[t] + weights[t][0]
            } else {
                f32::NEG_INFINITY
            }
        } else if may_end(t) {
            score[t]
        } else {
            f32::NEG_INFINITY
        }
    };
    let mut best = 0;
    for t in 1..TAGS {
        if end(t) > end(best) {
            best = t;
        }
    }
    tags.resize(n, 0);
    let mut t = best;
    for i in (1..n).rev() {
        tags[i] = t as u8;
        t = best_before(&scores[i - 1], transitions, t);
    }
    tags[0] = t as u8;
}

/// The tag before `to` on the best path to it, given the scores `score` of
/// the token before: the first best in ascending order, as a step that kept
/// every tag's (the pairs not allowed add minus infinity, never better).
fn best_before(score: &[f32; TAGS], transitions: &Transitions, to: usize) -> usize {
    let mut best = (f32::NEG_INFINITY, 0);
    for (from, into) in transitions.into.iter().enumerate() {
        let x = score[from] + into[to];
        if x > best.0 {
            best = (x, from);
        }
    }
    best.1
}

/// One step of [`decode`]: `score` becomes the best score of each tag at
/// the next token (emissions `e`).
///
/// Every tag from every tag: the pairs not allowed add minus infinity, which
/// is never better. Lane by lane without branches, four lanes at a time.
#[inline]
fn step_dense(score: &mut [f32; TAGS], transitions: &Transitions, e: &[f32; TAGS]) {
    let mut best = [f32::NEG_INFINITY; LANES];
    for (from, into) in transitions.into.iter().enumerate() {
        let s = score[from];
        for (b, w) in best.iter_mut().zip(into) {
            let x = s + w;
            *b = if x > *b { x } else { *b };
        }
    }
    for to in 0..TAGS {
        score[to] = best[to] + e[to];
    }
}

/// [`step_dense`] over the allowed pairs only, as BILOU has them: `O`, `B`
/// and `U` follow `O`, `L` or `U`; `I` and `L` follow the `B` or `I` of their
/// label. A quarter of the pairs, with the same sums.
#[inline]
fn step_bilou(score: &mut [f32; TAGS], transitions: &Transitions, e: &[f32; TAGS]) {
    let mut best = [f32::NEG_INFINITY; 8];
    for (&from, into) in CLOSED.iter().zip(&transitions.starts) {
        let s = score[from];
        for (b, w) in best.iter_mut().zip(into) {
            let x = s + w;
            *b = if x > *b { x } else { *b };
        }
    }
    let mut next = [0.0; TAGS];
    for (k, &to) in STARTS.iter().enumerate() {
        next[to] = best[k] + e[to];
    }
    for label in 0..LABELS {
        let begin = 1 + label * PARTS + B as usize;
        for to in [begin + I as usize, begin + L as usize] {
            let mut best = f32::NEG_INFINITY;
            for from in [begin, begin + I as usize] {
                let x = score[from] + transitions.into[from][to];
                best = if x > best { x } else { best };
            }
            next[to] = best + e[to];
        }
    }
    *score = next;
}

/// Appends the mentions of a tag sequence whose first token is `first`.
pub(crate) fn mentions_of(tags: &[u8], first: usize, out: &mut Vec<Mention>) {
    let mut i = 0;
    while i < tags.len() {
        let Some(label) = label_of(tags[i]) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        if part(tags[i] as usize) == B {
            while end < tags.len()
                && label_of(tags[end]) == Some(label)
                && matches!(part(tags[end] as usize), I | L)
            {
                end += 1;
            }
        }
        out.push(Mention {
            tokens: first + i..first + end,
            label,
        });
        i = end;
    }
}

type WordScores = [[f32; TAGS]; WINDOW];

/// What the tagger knows about one word once its rows are summed.
///
/// Laid out for the token loop, which reads every word's `neighbour`,
/// `entry` and `center` but only the `scores` of the offsets whose token is
/// a candidate: those three come first, in 24 bytes that mostly share a
/// cache line (left to the compiler, they were lines apart: 2% fewer L1
/// misses in the tagger this way). Aligning each word to a cache line as
/// well cost more than it saved (11% more bytes copied and kept).
#[derive(Clone, Copy)]
#[repr(C)]
struct Known {
    neighbour: Neighbour,
    entry: WordEntry,
    /// Whether the rows it gives itself are in (see [`WordRows::new`]).
    center: bool,
    scores: WordScores,
}

/// Per frequent word: its sums without, and with, the rows it gives itself
/// (see [`WordRows::new`]).
type KnownCells = [OnceLock<Known>; 2];

/// Frequent words whose cells are made together, when the first of them is
/// met: a run that meets a few words touches a few of them.
const CHUNK: usize = 16;

/// The model, with the rows of each frequent word summed the first time the
/// word is met (then shared by every text and thread).
pub(crate) struct Tagger {
    /// Tells taggers apart (from 1), for the words a thread keeps of each.
    id: u64,
    model: Model,
    transitions: Transitions,
    vocabulary: Vocabulary,
    /// The cells of frequent word `i` are `known[i / CHUNK][i % CHUNK]`.
    known: Vec<OnceLock<Box<[KnownCells]>>>,
    boundaries: [Known; 2],
}

/// The key of a word as written (or lowercased, in a folded sentence) and
/// its token kind: words with equal keys have equal features.
pub(crate) fn surface_key(text: &str, kind: TokenKind, folded: bool) -> u64 {
    let mut h = Fnv::new(b'S');
    h.byte(kind as u8);
    if folded {
        h.lower(text);
    } else {
        h.bytes(text.as_bytes());
    }
    h.finish()
}

/// Adds `row` to `acc` (through a copy, which the compiler knows is not
/// `row`, so that it adds four at a time).
#[inline]
fn add(acc: &mut [f32; TAGS], row: &[f32; TAGS]) {
    let mut sum = *acc;
    for (a, w) in sum.iter_mut().zip(row) {
        *a += w;
    }
    *acc = sum;
}

/// Adds a row of the model's weights.
fn add_row(acc: &mut [f32; TAGS], model: &Model, r: u32) {
    model.add_row(acc, r);
}

impl Tagger {
    pub(crate) fn new(model: Model) -> Tagger {
        let mut source = &model;
        let boundary = |end: bool, source: &mut &Model| {
            let rows = WordRows::boundary(end, source);
            Known {
                scores: Self::scores_of(&rows, source),
                neighbour: rows.neighbour(),
                entry: WordEntry::default(),
                center: true,
            }
        };
        let boundaries = [boundary(false, &mut source), boundary(true, &mut source)];
        let vocabulary = Vocabulary::of_table(model.common.clone());
        let known = (0..model.frequent.len().div_ceil(CHUNK))
            .map(|_| OnceLock::new())
            .collect();
        static TAGGERS: AtomicU64 = AtomicU64::new(1);
        Tagger {
            id: TAGGERS.fetch_add(1, Ordering::Relaxed),
            transitions: Transitions::new(&model.transitions),
            model,
            vocabulary,
            known,
            boundaries,
        }
    }

    /// The sums of frequent word `at`, computed on first use; with the rows
    /// it gives itself if `center` (or if they happen to be there already).
    #[inline]
    fn frequent_word(&self, at: u32, center: bool) -> &Known {
        let at = at as usize;
        // Made in place on the heap: a chunk is 9 kB, mostly not written.
        let chunk = self.known[at / CHUNK].get_or_init(|| {
            (0..CHUNK)
                .map(|_| [OnceLock::new(), OnceLock::new()])
                .collect()
        });
        let cells = &chunk[at % CHUNK];
        if let Some(full) = cells[1].get() {
            return full;
        }
        cells[center as usize].get_or_init(|| {
            let (word, kind) = self.model.frequent.get(at);
            let mut source = &self.model;
            Self::compute(
                &mut source,
                &self.vocabulary,
                lists(),
                word,
                kind,
                false,
                center,
            )
        })
    }

    /// What the tagger knows of the word with surface key `key`, scored in
    /// full if `center` (see [`WordRows::new`]): a frequent word's shared
    /// sums, or another word's computed.
    #[allow(clippy::too_many_arguments)]
    fn known(
        &self,
        key: u64,
        lists: &Lists,
        word: &str,
        kind: TokenKind,
        folded: bool,
        center: bool,
    ) -> Known {
        match self.model.frequent_index.get(key) {
            Some(at) => *self.frequent_word(at, center),
            None => {
                let mut source = &self.model;
                Self::compute(
                    &mut source,
                    &self.vocabulary,
                    lists,
                    word,
                    kind,
                    folded,
                    center,
                )
            }
        }
    }

    fn scores_of(rows: &WordRows, model: &Model) -> WordScores {
        let mut s = [[0.0; TAGS]; WINDOW];
        for (offset, acc) in s.iter_mut().enumerate() {
            rows.at(offset, |r| add_row(acc, model, r));
        }
        s
    }

    fn compute(
        source: &mut &Model,
        vocabulary: &Vocabulary,
        lists: &Lists,
        text: &str,
        kind: TokenKind,
        folded: bool,
        center: bool,
    ) -> Known {
        let entry = vocabulary.entry(lists, text);
        let rows = WordRows::new(Word { text, kind, folded }, entry, center, source);
        Known {
            scores: Self::scores_of(&rows, source),
            neighbour: rows.neighbour(),
            entry,
            center,
        }
    }

    /// Appends the mentions of one sentence (`tokens`, the first at index
    /// `first` of the text's tokens).
    ///
    /// In a sentence with capitals, a token can only be part of a name if it
    /// has a capital, comes right before a word with one (`desa Suren`, `bin
    /// Ali`), or is a number right after one (`SMA Negeri 14`); every other
    /// token is tagged `O` without scoring. Words met before (in this or an
    /// earlier text on this thread), or frequent in the training text, are
    /// not scored twice.
    #[allow(clippy::too_many_arguments)]
    fn tag_sentence(
        &self,
        tokens: &[Token],
        texts: &[&str],
        upper: &[bool],
        first: usize,
        folded: bool,
        state: &mut State,
        out: &mut Vec<Mention>,
    ) {
        let lists = lists();
        let model = &self.model;
        let mut source = model;
        let n = tokens.len();
        state.prepare(self);
        let State {
            owner: _,
            seen,
            local,
            hot,
            candidate,
            neighbours,
            entries,
            pos,
            scratch,
            emissions,
            scores,
            tags,
        } = state;
        candidate.clear();
        if folded {
            candidate.resize(n, true);
        } else {
            // Capitalized words, numbers after them, and lowercase words
            // between two of them (`Badan Pengawas Obat dan Makanan`) or
            // heading one (`desa Suren`); not a first word that is a common
            // lowercase word before a lowercase one (`Sementara itu`).
            let upper = |i: usize| i < n && upper[i];
            let head = |i: usize| {
                lists.word(texts[i]).classes & (Class::LocHead.bit() | Class::OrgHead.bit()) != 0
            };
            let mut seen_word = false;
            for (i, token) in tokens.iter().enumerate() {
                let prev_upper = i > 0 && upper(i - 1);
                let c = if upper(i) {
                    let initial = !seen_word && !upper(i + 1);
                    !(initial && self.vocabulary.is_common(texts[i]))
                } else if token.kind == TokenKind::Number {
                    prev_upper
                } else {
                    upper(i + 1) && (prev_upper || head(i))
                };
                seen_word |= token.kind == TokenKind::Word;
                candidate.push(c);
            }
        }
        if !candidate.iter().any(|&c| c) {
            return;
        }
        // Each token's emissions, summed as its window's words are found:
        // word `j` adds its sums at offset `o` to token `j + CENTER - o`, so a
        // token gets its words in window order (the pseudo-words before the
        // first token first, those after the last one last).
        emissions.clear();
        emissions.resize(n, [0.0; TAGS]);
        entries.clear();
        neighbours.clear();
        neighbours.push(self.boundaries[0].neighbour);
        let before = &self.boundaries[0].scores;
        for (i, e) in emissions.iter_mut().enumerate().take(CENTER) {
            if candidate[i] {
                for row in &before[..CENTER - i] {
                    add(e, row);
                }
            }
        }
        // The last candidate up to `j + CENTER`: token `j` is needed if it is
        // within `CENTER` of it.
        let mut last = candidate[..CENTER.min(n)].iter().rposition(|&c| c);
        for j in 0..n {
            if candidate.get(j + CENTER) == Some(&true) {
                last = Some(j + CENTER);
            }
            if last.is_none_or(|l| l + CENTER < j) {
                entries.push(WordEntry::default());
                neighbours.push(self.boundaries[0].neighbour);
                continue;
            }
            let (word, kind) = (texts[j], tokens[j].kind);
            let key = surface_key(word, kind, folded);
            // Most tokens are words met a moment ago: one probe of `hot`.
            let slot = &mut hot[key as usize % HOT];
            let at = if slot.key == key && slot.at != Hot::EMPTY.at {
                slot.at
            } else {
                let at = match seen.get(&key) {
                    Some(&at) => at,
                    None => {
                        let at = local.len() as u32;
                        local.push(self.known(key, lists, word, kind, folded, candidate[j]));
                        seen.insert(key, at);
                        at
                    }
                };
                *slot = Hot { key, at };
                at
            };
            // A word whose own tag is `O` is scored without the rows it
            // gives itself; the first time it is a candidate, in full (its
            // rows at the other offsets are the same).
            let k = &mut local[at as usize];
            if candidate[j] && !k.center {
                *k = self.known(key, lists, word, kind, folded, true);
            }
            let k = &*k;
            entries.push(k.entry);
            neighbours.push(k.neighbour);
            // Token `j + CENTER - o` for each offset `o` that is in the text.
            let first_offset = (j + CENTER + 1).saturating_sub(n);
            for o in first_offset..=(j + CENTER).min(WINDOW - 1) {
                let i = j + CENTER - o;
                if candidate[i] {
                    add(&mut emissions[i], &k.scores[o]);
                }
            }
        }
        neighbours.push(self.boundaries[1].neighbour);
        let after = &self.boundaries[1].scores;
        for i in n.saturating_sub(CENTER)..n {
            if candidate[i] {
                // Offsets past the last token: `i + o - CENTER >= n`.
                for row in &after[n + CENTER - i..] {
                    add(&mut emissions[i], row);
                }
            }
        }
        positions(tokens, texts, entries, lists, scratch, pos);
        for i in 0..n {
            if !candidate[i] {
                continue;
            }
            let position = pos[i];
            let mut e = emissions[i];
            let (prev, cur, next) = (neighbours[i], neighbours[i + 1], neighbours[i + 2]);
            position_rows(position, prev, cur, next, &mut source, |r| {
                add_row(&mut e, model, r)
            });
            // A rule where it is exact: the head word of an organization
            // or a place (`Komisi`, `Kementerian`, `BNPB`, `Kabupaten`) is
            // never part of a person's name, so a person and the body
            // before it (`Ketua KPU Hasyim`) are not run into one name;
            // nor is a day, a month or a feast (`Idul Fitri`, though
            // `Fitri` alone is a given name).
            let classes = entries[i].classes;
            let phrase = position.phrase.map_or(0, |(_, classes)| classes);
            if classes & NOT_PERSON != 0 && classes & PERSON_NAME == 0
                || phrase & NOT_PERSON != 0 && phrase & PERSON_NAME == 0
            {
                e[1..=PARTS].fill(f32::NEG_INFINITY);
            }
            // Nor is a feast an organization or a place (`Idul Fitri`,
            // `Imlek`), or a person alone, though `Ramadhan` may end one
            // (`Amaliyah Ramadhan`). The model has no feature for feasts (see
            // `Class::Feast`): this rule is all that marks them.
            if phrase & Class::Feast.bit() != 0 {
                e[1..TAGS].fill(f32::NEG_INFINITY);
            } else if classes & Class::Feast.bit() != 0 {
                e[1 + PARTS..TAGS].fill(f32::NEG_INFINITY);
                if classes & PERSON_NAME == 0 {
                    e[1..=PARTS].fill(f32::NEG_INFINITY);
                } else {
                    e[1 + U as usize] = f32::NEG_INFINITY;
                }
            }
            emissions[i] = e;
        }
        // Every token outside the candidates is `O`, so each run of
        // candidates is decoded on its own, after and before an `O`.
        let mut start = 0;
        while start < n {
            if !candidate[start] {
                start += 1;
                continue;
            }
            let mut end = start;
            while end < n && candidate[end] {
                end += 1;
            }
            let from = if start == 0 { TAGS } else { 0 };
            decode(
                &emissions[start..end],
                &self.transitions,
                from,
                end < n,
                scores,
                tags,
            );
            mentions_of(tags, first + start, out);
            start = end;
        }
    }
}

/// Word classes never inside a person's name: organization and place heads,
/// organizations known by name, and calendar words (days, months, feasts).
const NOT_PERSON: u16 = Class::OrgHead.bit()
    | Class::LocHead.bit()
    | Class::Organization.bit()
    | Class::Calendar.bit()
    | Class::Feast.bit();
/// Unless the word is also a listed given or family name.
pub(super) const PERSON_NAME: u16 = Class::GivenName.bit() | Class::FamilyName.bit();

/// Caches and buffers of one [`Tagger`] on one thread.
#[derive(Default)]
struct State {
    /// The [`Tagger::id`] of the tagger whose words `local` holds.
    owner: u64,
    /// Words met on this thread (by `owner`): key → index in `local`.
    /// Kept from text to text: the names and places of one day's news
    /// come back in article after article.
    seen: HashedMap<u32>,
    /// The words of `seen`: computed here, or copied from the tagger's
    /// frequent words (so that the token loop reads one place).
    local: Vec<Known>,
    /// A direct-mapped cache in front of `seen` ([`HOT`] slots, by key):
    /// small enough to stay in the processor's cache, where the hash map
    /// and the frequent words' index are not.
    hot: Vec<Hot>,
    candidate: Vec<bool>,
    /// Each token's word as a neighbour, after the pseudo-word before the
    /// first token and before the one after the last.
    neighbours: Vec<Neighbour>,
    entries: Vec<WordEntry>,
    pos: Vec<Position>,
    scratch: Vec<super::lists::PhraseMatch>,
    emissions: Vec<[f32; TAGS]>,
    /// The best scores of each tag at each token of a run ([`decode`]).
    scores: Vec<[f32; TAGS]>,
    tags: Vec<u8>,
}

/// A slot of [`State::hot`]: a word's surface key and its index in
/// [`State::local`].
#[derive(Clone, Copy)]
struct Hot {
    key: u64,
    at: u32,
}

impl Hot {
    const EMPTY: Hot = Hot {
        key: 0,
        at: u32::MAX,
    };
}

/// Slots of [`State::hot`]: 64 kB, a few times the words of a day's news
/// that come back text after text.
const HOT: usize = 1 << 12;

/// Words a [`State`] keeps at most (some 300 bytes each), the frequent
/// words it met among them; past that it starts again.
const LOCAL_WORDS: usize = 1 << 15;

impl State {
    /// Readies the cache for `tagger`'s words, forgetting another tagger's
    /// (or all, when it is full).
    fn prepare(&mut self, tagger: &Tagger) {
        if self.owner != tagger.id || self.local.len() >= LOCAL_WORDS {
            self.seen.clear();
            self.local.clear();
            self.hot.clear();
            self.hot.resize(HOT, Hot::EMPTY);
            self.owner = tagger.id;
        }
    }
}

/// The two taggers: one for text as written, one trained on lowercased text
/// for text without case (all lowercase, or headlines in capitals). Each is
/// made the first time it is needed.
pub(crate) struct Taggers {
    cased: OnceLock<Tagger>,
    folded: OnceLock<Tagger>,
    sources: [&'static [u8]; 2],
}

/// The taggers of the embedded models.
pub(crate) fn taggers() -> &'static Taggers {
    static TAGGERS: Taggers = Taggers {
        cased: OnceLock::new(),
        folded: OnceLock::new(),
        sources: [
            include_bytes!("model.bin"),
            include_bytes!("model-folded.bin"),
        ],
    };
    &TAGGERS
}

impl Taggers {
    /// Taggers of two ready models (training measures its models this way).
    pub(crate) fn new(cased: Tagger, folded: Tagger) -> Taggers {
        Taggers {
            cased: OnceLock::from(cased),
            folded: OnceLock::from(folded),
            sources: [&[], &[]],
        }
    }

    fn get(&self, folded: bool) -> &Tagger {
        let (cell, bytes) = if folded {
            (&self.folded, self.sources[1])
        } else {
            (&self.cased, self.sources[0])
        };
        cell.get_or_init(|| {
            Tagger::new(Model::from_static(bytes).expect("the embedded model is valid"))
        })
    }

    /// Tags every sentence of an analyzed text; mentions in text order. A
    /// sentence goes to the folded tagger when the text has no capitals, or
    /// the sentence is written in capitals or Title Case (a headline).
    pub(crate) fn tag(&self, text: &str, analysis: &Analysis) -> Tagged {
        BUFFERS.with_borrow_mut(|buffers| self.tag_with(text, analysis, buffers))
    }

    fn tag_with(&self, text: &str, analysis: &Analysis, buffers: &mut Buffers) -> Tagged {
        let lowercase_text = !text.chars().any(char::is_uppercase);
        let Buffers {
            cased,
            folded,
            survey,
        } = buffers;
        let mut out = Vec::new();
        let mut sentence_folded = Vec::with_capacity(analysis.sentences.len());
        let mut texts: Vec<&str> = Vec::new();
        for sentence in &analysis.sentences {
            let tokens = &analysis.tokens[sentence.tokens.clone()];
            texts.clear();
            texts.extend(tokens.iter().map(|t| t.span.of(text)));
            survey.of(&texts);
            let fold = lowercase_text
                || survey.shouting
                || (survey.title_like && is_title_case(&texts, &self.get(false).vocabulary));
            let tagger = self.get(fold);
            let state = if fold { &mut *folded } else { &mut *cased };
            tagger.tag_sentence(
                tokens,
                &texts,
                &survey.upper,
                sentence.tokens.start,
                fold,
                state,
                &mut out,
            );
            sentence_folded.push(fold);
        }
        Tagged {
            mentions: out,
            folded: sentence_folded,
        }
    }
}

/// The buffers of [`Taggers::tag`] on one thread, kept from text to text so
/// that their memory is allocated once (each text starts them empty).
#[derive(Default)]
struct Buffers {
    cased: State,
    folded: State,
    survey: Survey,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_follow_bilou() {
        // O=0; PER: B=1 I=2 L=3 U=4; ORG: 5..=8; LOC: 9..=12.
        for (from, to, ok) in [
            (TAGS, 1, true),
            (TAGS, 4, true),
            (TAGS, 2, false),
            (TAGS, 3, false),
            (1, 2, true),
            (1, 3, true),
            (2, 3, true),
            (1, 0, false),
            (1, 7, false),
            (3, 0, true),
            (4, 9, true),
            (0, 3, false),
            (12, 5, true),
        ] {
            assert_eq!(allowed(from, to), ok, "{from} -> {to}");
        }
        assert!(may_end(0) && may_end(3) && may_end(12));
        assert!(!may_end(1) && !may_end(10));
        let mut tags = [0u8; 3];
        encode(EntityLabel::Org, &mut tags);
        assert_eq!(tags, [5, 6, 7]);
        encode(EntityLabel::Loc, &mut tags[..1]);
        assert_eq!(tags[0], 12);
    }

    #[test]
    fn decoding_finds_the_best_allowed_sequence() {
        // Pseudo-random weights; every sequence of three tags is tried.
        let mut random = crate::xorshift(0x2545_f491_4f6c_dd1d);
        let mut next = || (random() % 2000) as f32 / 100.0 - 10.0;
        let mut t = [[0.0; TAGS]; TAGS + 1];
        for row in &mut t {
            row.iter_mut().for_each(|w| *w = next());
        }
        let (mut scores, mut tags) = (Vec::new(), Vec::new());
        for _ in 0..20 {
            let mut e = [[0.0; TAGS]; 3];
            for row in &mut e {
                row.iter_mut().for_each(|w| *w = next());
            }
            viterbi(&e, &t, TAGS, false, &mut scores, &mut tags);
            let score = |s: [usize; 3]| {
                let ok = allowed(TAGS, s[0]) && allowed(s[0], s[1]) && allowed(s[1], s[2]);
                (ok && may_end(s[2])).then(|| {
                    t[TAGS][s[0]]
                        + e[0][s[0]]
                        + t[s[0]][s[1]]
                        + e[1][s[1]]
                        + t[s[1]][s[2]]
                        + e[2][s[2]]
                })
            };
            let mut best = f32::NEG_INFINITY;
            for a in 0..TAGS {
                for b in 0..TAGS {
                    for c in 0..TAGS {
                        best = best.max(score([a, b, c]).unwrap_or(f32::NEG_INFINITY));
                    }
                }
            }
            let found = score([tags[0] as usize, tags[1] as usize, tags[2] as usize]);
            assert!((found.unwrap() - best).abs() < 1e-3, "{tags:?}");
        }
    }

    #[test]
    fn allowed_pairs_step_as_all_pairs() {
        let mut random = crate::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut next = || {
            let x = random();
            // Ties and minus infinity too.
            match x % 9 {
                0 => f32::NEG_INFINITY,
                1 => 0.5,
                _ => (x % 2000) as f32 / 100.0 - 10.0,
            }
        };
        let mut w = [[0.0; TAGS]; TAGS + 1];
        for row in &mut w {
            row.iter_mut().for_each(|v| *v = next());
        }
        let transitions = Transitions::new(&w);
        for _ in 0..200 {
            let mut score = [0.0; TAGS];
            let mut e = [0.0; TAGS];
            score.iter_mut().for_each(|v| *v = next());
            e.iter_mut().for_each(|v| *v = next());
            let before = score;
            let mut dense = score;
            step_dense(&mut dense, &transitions, &e);
            step_bilou(&mut score, &transitions, &e);
            assert_eq!(score.map(f32::to_bits), dense.map(f32::to_bits));
            // The tag before each, as a step that kept them would have it:
            // the first of the allowed ones with the greatest sum.
            let weight = |from: usize, to: usize| w[from][to];
            for to in 0..TAGS {
                let sums = (0..TAGS)
                    .filter(|&from| allowed(from, to))
                    .map(|from| (from, before[from] + weight(from, to)));
                let max = sums.clone().fold(f32::NEG_INFINITY, |m, (_, x)| m.max(x));
                let first = sums
                    .filter(|&(_, x)| x == max && x > f32::NEG_INFINITY)
                    .map(|(from, _)| from)
                    .next()
                    .unwrap_or(0);
                assert_eq!(best_before(&before, &transitions, to), first, "{to}");
            }
        }
    }

    #[test]
    fn cached_words_tag_as_fresh_ones() {
        // Words met before come from `hot`, `seen` or a copy of a frequent
        // word, and words first met as neighbours are scored in full later:
        // the mentions are those of a state that meets each text anew.
        let texts = [
            "Presiden Joko Widodo meresmikan jalan tol di Jawa Tengah, kata dia.",
            "Kata Joko, jalan di Jawa Tengah itu dibangun oleh PT Jasa Marga.",
            "PRESIDEN JOKO WIDODO RESMIKAN JALAN TOL TRANS JAWA",
            "jalan tol itu diresmikan presiden joko widodo di semarang.",
        ];
        let options = crate::Options {
            stages: crate::Stages::NONE,
            ..Default::default()
        };
        let mut warm = Buffers::default();
        for round in 0..2 {
            for text in texts {
                let analysis = crate::analyze(text, &options);
                let fresh = taggers().tag_with(text, &analysis, &mut Buffers::default());
                let cached = taggers().tag_with(text, &analysis, &mut warm);
                assert!(!fresh.mentions.is_empty(), "{text}");
                assert_eq!(cached.mentions, fresh.mentions, "{text} (round {round})");
                assert_eq!(cached.folded, fresh.folded, "{text}");
            }
        }
    }

    #[test]
    fn viterbi_respects_constraints() {
        // Emissions prefer I-PER at the start, which is not allowed.
        let mut e = [[0.0; TAGS]; 3];
        e[0][1] = 1.0;
        e[0][2] = 3.0;
        e[1][3] = 3.0;
        e[2][0] = 2.0;
        let t = [[0.0; TAGS]; TAGS + 1];
        let (mut scores, mut tags) = (Vec::new(), Vec::new());
        viterbi(&e, &t, TAGS, false, &mut scores, &mut tags);
        assert_eq!(tags, [1, 3, 0]);
        // The same emissions as a segment before an `O`, after an `O`.
        viterbi(&e[..2], &t, 0, true, &mut scores, &mut tags);
        assert_eq!(tags, [1, 3]);
        let mut m = Vec::new();
        mentions_of(&tags, 10, &mut m);
        assert_eq!(
            m,
            [Mention {
                tokens: 10..12,
                label: EntityLabel::Per
            }]
        );
    }
}
