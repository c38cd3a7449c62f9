//! The sequence tagger: BIO tags for each sentence, by Viterbi decoding over
//! the trained weights.
//!
//! Takes the text and the tokenizer's sentences; returns the tagged mentions
//! as token ranges with a label, in text order. Each word's contribution to
//! the five tokens whose window holds it is summed once ([`WordRows::at`] for
//! every offset), so a token's score is five row sums plus its position rows —
//! no string work per feature. Tags are `O`, `B-X`, `I-X`; an `I-X` may only
//! follow `B-X` or `I-X`.

use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::{Analysis, EntityLabel, Token, TokenKind};

use super::features::{
    CENTER, Neighbour, Position, TAGS, Vocabulary, WINDOW, Word, WordRows, is_shouting,
    is_title_case, position_rows, positions,
};
use super::hash::{Fnv, HashedMap};
use super::lists::{Lists, WordEntry, lists};
use super::model::Model;

/// A tagged run of tokens (indices into `Analysis::tokens`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    pub tokens: Range<usize>,
    pub label: EntityLabel,
}

// Tags: `O` = 0, then for each label (PER, ORG, LOC) four tags in the order
// B (begins a mention of several tokens), I (inside), L (last), U (a
// one-token mention). Telling the tagger where a name ends, not only where
// it begins, is worth about a point of F1 over plain BIO.
const B: u8 = 0;
const I: u8 = 1;
const L: u8 = 2;
const U: u8 = 3;

fn part(tag: usize) -> u8 {
    ((tag - 1) % 4) as u8
}

/// Whether tag `to` may follow tag `from` (`from == TAGS`: sentence start).
pub(crate) fn allowed(from: usize, to: usize) -> bool {
    let open = from != 0 && from != TAGS && matches!(part(from), B | I);
    if to == 0 || matches!(part(to), B | U) {
        !open
    } else {
        open && (from - 1) / 4 == (to - 1) / 4
    }
}

/// For each tag, the tags it may follow, in order.
fn sources() -> &'static [Vec<u8>; TAGS] {
    static SOURCES: OnceLock<[Vec<u8>; TAGS]> = OnceLock::new();
    SOURCES.get_or_init(|| {
        std::array::from_fn(|to| {
            (0..TAGS as u8)
                .filter(|&f| allowed(f as usize, to))
                .collect()
        })
    })
}

/// Whether a sentence may end with `tag`.
pub(crate) fn may_end(tag: usize) -> bool {
    tag == 0 || matches!(part(tag), L | U)
}

pub(crate) fn label_of(tag: u8) -> Option<EntityLabel> {
    match tag {
        1..=4 => Some(EntityLabel::Per),
        5..=8 => Some(EntityLabel::Org),
        9..=12 => Some(EntityLabel::Loc),
        _ => None,
    }
}

/// Writes the tags of a mention of `label` over `tags`.
pub(crate) fn encode(label: EntityLabel, tags: &mut [u8]) {
    let base = match label {
        EntityLabel::Per => 1,
        EntityLabel::Org => 5,
        EntityLabel::Loc => 9,
    };
    let n = tags.len();
    for (i, t) in tags.iter_mut().enumerate() {
        *t = base
            + match (i, n) {
                (_, 1) => U,
                (0, _) => B,
                (i, n) if i + 1 == n => L,
                _ => I,
            };
    }
}

/// The best tag sequence for `emissions` under `transitions`.
pub(crate) fn viterbi(
    emissions: &[[f32; TAGS]],
    transitions: &[[f32; TAGS]; TAGS + 1],
    back: &mut Vec<[u8; TAGS]>,
    tags: &mut Vec<u8>,
) {
    tags.clear();
    back.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    // The tags each tag may follow (the start of the sentence excluded).
    let sources = sources();
    let mut score = [f32::NEG_INFINITY; TAGS];
    for (to, s) in score.iter_mut().enumerate() {
        if allowed(TAGS, to) {
            *s = transitions[TAGS][to] + emissions[0][to];
        }
    }
    back.push([0; TAGS]);
    for e in &emissions[1..] {
        let mut next = [f32::NEG_INFINITY; TAGS];
        let mut from_best = [0u8; TAGS];
        // A token that can only be `O` (see `Tagger::tag`): one column.
        let only_outside = e[1] == f32::NEG_INFINITY && e[2] == f32::NEG_INFINITY;
        let columns = if only_outside { 1 } else { TAGS };
        for to in 0..columns {
            for &from in sources[to].iter() {
                let s = score[from as usize] + transitions[from as usize][to];
                if s > next[to] {
                    next[to] = s;
                    from_best[to] = from;
                }
            }
            next[to] += e[to];
        }
        score = next;
        back.push(from_best);
    }
    let mut best = 0;
    for t in 1..TAGS {
        if may_end(t) && score[t] > score[best] {
            best = t;
        }
    }
    tags.resize(n, 0);
    let mut t = best as u8;
    for i in (0..n).rev() {
        tags[i] = t;
        t = back[i][t as usize];
    }
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
                && part(tags[end] as usize) != B
                && part(tags[end] as usize) != U
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
#[derive(Clone, Copy)]
struct Known {
    scores: WordScores,
    neighbour: Neighbour,
    entry: WordEntry,
}

/// Where a token's [`Known`] is: among the frequent words, or among the
/// words of the text being tagged.
#[derive(Clone, Copy)]
enum Slot {
    Frequent(u32),
    Local(u32),
}

/// The model with the rows of its frequent words summed in advance.
pub(crate) struct Tagger {
    model: Model,
    vocabulary: Vocabulary,
    frequent: HashedMap<u32>,
    known: Vec<Known>,
    boundaries: [Known; 2],
}

/// The key of a word as written (or lowercased, in a folded sentence) and
/// its token kind: words with equal keys have equal features.
fn surface_key(text: &str, kind: TokenKind, folded: bool) -> u64 {
    let mut h = Fnv::new(b'S');
    h.byte(kind as u8);
    if folded {
        h.lower(text);
    } else {
        h.bytes(text.as_bytes());
    }
    h.finish()
}

fn add(acc: &mut [f32; TAGS], row: &[f32; TAGS]) {
    for (a, w) in acc.iter_mut().zip(row) {
        *a += w;
    }
}

impl Tagger {
    pub(crate) fn new(model: Model) -> Tagger {
        let lists = lists();
        let mut source = &model;
        let boundary = |end: bool, source: &mut &Model| {
            let rows = WordRows::boundary(end, source);
            Known {
                scores: Self::scores_of(&rows, source),
                neighbour: rows.neighbour(),
                entry: WordEntry::default(),
            }
        };
        let boundaries = [boundary(false, &mut source), boundary(true, &mut source)];
        let vocabulary = Vocabulary::new(model.common.iter().copied());
        let mut frequent = HashedMap::default();
        let mut known = Vec::with_capacity(model.frequent.len());
        for (word, kind) in &model.frequent {
            let k = Self::compute(&mut source, &vocabulary, lists, word, *kind, false);
            frequent.insert(surface_key(word, *kind, false), known.len() as u32);
            known.push(k);
        }
        Tagger {
            model,
            vocabulary,
            frequent,
            known,
            boundaries,
        }
    }

    fn scores_of(rows: &WordRows, model: &Model) -> WordScores {
        let mut s = [[0.0; TAGS]; WINDOW];
        for (offset, acc) in s.iter_mut().enumerate() {
            rows.at(offset, |r| add(acc, &model.weights[r as usize]));
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
    ) -> Known {
        let entry = vocabulary.entry(lists, text);
        let rows = WordRows::new(Word { text, kind, folded }, entry, source);
        Known {
            scores: Self::scores_of(&rows, source),
            neighbour: rows.neighbour(),
            entry,
        }
    }

    /// Appends the mentions of one sentence (`tokens`, the first at index
    /// `first` of the text's tokens).
    ///
    /// In a sentence with capitals, a token can only be part of a name if it
    /// has a capital, comes right before a word with one (`desa Suren`, `bin
    /// Ali`), or is a number right after one (`SMA Negeri 14`); every other
    /// token is tagged `O` without scoring. Words met before in the text, or
    /// frequent in the training text, are not scored twice.
    fn tag_sentence(
        &self,
        tokens: &[Token],
        texts: &[&str],
        first: usize,
        folded: bool,
        state: &mut State,
        out: &mut Vec<Mention>,
    ) {
        let lists = lists();
        let model = &self.model;
        let mut source = model;
        let n = tokens.len();
        let State {
            seen,
            local,
            candidate,
            known,
            entries,
            pos,
            scratch,
            emissions,
            back,
            tags,
        } = state;
        candidate.clear();
        if folded {
            candidate.resize(n, true);
        } else {
            let upper = |i: usize| texts[i].chars().any(char::is_uppercase);
            let mut next_upper = n > 0 && upper(0);
            let mut prev_upper = false;
            for (i, token) in tokens.iter().enumerate() {
                let this = next_upper;
                next_upper = i + 1 < n && upper(i + 1);
                candidate
                    .push(this || next_upper || (prev_upper && token.kind == TokenKind::Number));
                prev_upper = this;
            }
        }
        if !candidate.iter().any(|&c| c) {
            return;
        }
        known.clear();
        entries.clear();
        for i in 0..n {
            let needed = candidate[i.saturating_sub(2)..(i + 3).min(n)]
                .iter()
                .any(|&c| c);
            if !needed {
                known.push(None);
                entries.push(WordEntry::default());
                continue;
            }
            let (word, kind) = (texts[i], tokens[i].kind);
            let key = surface_key(word, kind, folded);
            let slot = match self.frequent.get(&key) {
                Some(&at) => Slot::Frequent(at),
                None => Slot::Local(*seen.entry(key).or_insert_with(|| {
                    let vocabulary = &self.vocabulary;
                    local.push(Self::compute(
                        &mut source,
                        vocabulary,
                        lists,
                        word,
                        kind,
                        folded,
                    ));
                    local.len() as u32 - 1
                })),
            };
            let k = match slot {
                Slot::Frequent(at) => &self.known[at as usize],
                Slot::Local(at) => &local[at as usize],
            };
            entries.push(k.entry);
            known.push(Some(slot));
        }
        positions(tokens, texts, entries, lists, scratch, pos);
        emissions.clear();
        for i in 0..n {
            if !candidate[i] {
                let mut e = [f32::NEG_INFINITY; TAGS];
                e[0] = 0.0;
                emissions.push(e);
                continue;
            }
            let word = |j: isize| -> &Known {
                if j < 0 {
                    &self.boundaries[0]
                } else if j as usize >= n {
                    &self.boundaries[1]
                } else {
                    match known[j as usize].expect("neighbours of a candidate are scored") {
                        Slot::Frequent(at) => &self.known[at as usize],
                        Slot::Local(at) => &local[at as usize],
                    }
                }
            };
            let mut e = [0.0; TAGS];
            for offset in 0..WINDOW {
                add(
                    &mut e,
                    &word(i as isize + offset as isize - CENTER as isize).scores[offset],
                );
            }
            let (prev, cur, next) = (
                word(i as isize - 1).neighbour,
                word(i as isize).neighbour,
                word(i as isize + 1).neighbour,
            );
            position_rows(pos[i], prev, cur, next, &mut source, |r| {
                add(&mut e, &model.weights[r as usize])
            });
            emissions.push(e);
        }
        viterbi(emissions, &model.transitions, back, tags);
        mentions_of(tags, first, out);
    }
}

/// Per-text caches and buffers of one [`Tagger`].
#[derive(Default)]
struct State {
    /// Words scored for this text: key → index in `local`.
    seen: HashedMap<u32>,
    local: Vec<Known>,
    candidate: Vec<bool>,
    known: Vec<Option<Slot>>,
    entries: Vec<WordEntry>,
    pos: Vec<Position>,
    scratch: Vec<super::lists::PhraseMatch>,
    emissions: Vec<[f32; TAGS]>,
    back: Vec<[u8; TAGS]>,
    tags: Vec<u8>,
}

/// The two taggers: one for text as written, one trained on lowercased text
/// for text without case (all lowercase, or headlines in capitals).
pub(crate) struct Taggers {
    pub cased: Tagger,
    pub folded: Tagger,
}

/// The taggers of the embedded models, made on first use.
pub(crate) fn taggers() -> &'static Taggers {
    static TAGGERS: OnceLock<Taggers> = OnceLock::new();
    TAGGERS.get_or_init(|| {
        let load = |bytes: &[u8]| {
            Tagger::new(Model::from_bytes(bytes).expect("the embedded model is valid"))
        };
        Taggers {
            cased: load(include_bytes!("model.bin")),
            folded: load(include_bytes!("model-folded.bin")),
        }
    })
}

impl Taggers {
    /// Tags every sentence of an analyzed text; mentions in text order. A
    /// sentence goes to the folded tagger when the text has no capitals, or
    /// the sentence is written in capitals or Title Case (a headline).
    pub(crate) fn tag(&self, text: &str, analysis: &Analysis) -> Vec<Mention> {
        let lowercase_text = !text.chars().any(char::is_uppercase);
        let (mut cased, mut folded) = (State::default(), State::default());
        let mut out = Vec::new();
        let mut texts: Vec<&str> = Vec::new();
        for sentence in &analysis.sentences {
            let tokens = &analysis.tokens[sentence.tokens.clone()];
            texts.clear();
            texts.extend(tokens.iter().map(|t| t.span.of(text)));
            let fold = lowercase_text
                || is_shouting(&texts)
                || is_title_case(&texts, &self.cased.vocabulary, lists());
            let (tagger, state) = if fold {
                (&self.folded, &mut folded)
            } else {
                (&self.cased, &mut cased)
            };
            tagger.tag_sentence(tokens, &texts, sentence.tokens.start, fold, state, &mut out);
        }
        out
    }
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
    fn viterbi_respects_constraints() {
        // Emissions prefer I-PER at the start, which is not allowed.
        let mut e = [[0.0; TAGS]; 3];
        e[0][1] = 1.0;
        e[0][2] = 3.0;
        e[1][3] = 3.0;
        e[2][0] = 2.0;
        let t = [[0.0; TAGS]; TAGS + 1];
        let (mut back, mut tags) = (Vec::new(), Vec::new());
        viterbi(&e, &t, &mut back, &mut tags);
        assert_eq!(tags, [1, 3, 0]);
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
