//! Training the tagger: a linear-chain CRF (the default) or an averaged
//! structured perceptron.
//!
//! Takes annotated documents (text and entity spans); returns the bytes of a
//! model file (see `model.rs`). The documents are tokenized and split
//! into sentences exactly as [`crate::analyze`] does, and every feature comes
//! from `features.rs`, so the tagger sees at run time what it was trained
//! on. Reading the training files is the caller's job
//! (`examples/train_ner.rs`); nothing here does I/O.
//!
//! The CRF maximizes the log-likelihood of the gold tag sequences (over the
//! allowed BILOU transitions, by forward-backward) minus an elastic-net
//! penalty, with L-BFGS in its orthant-wise form for the L1 term (OWL-QN);
//! the L1 term leaves most rare features at exactly zero, which keeps the
//! model file small. The perceptron (Collins 2002) visits the sentences in a
//! shuffled order (a fixed-seed generator) and moves weight from predicted to
//! gold tags' features, keeping the average of all steps. Either way the same
//! input always gives the same file, byte for byte.

use std::collections::HashMap;

use crate::analysis::{EntityLabel, TokenKind};
use crate::span::Span;

use super::features::{
    DENSE_ROWS, RowSource, TAGS, Vocabulary, WINDOW, Word, WordRows, is_shouting, key,
    position_rows, positions,
};
use super::lists::lists;
use super::model::{Model, Weights};
use super::tagger::{Tagger, allowed, encode, may_end, viterbi};

/// One annotated text: entity spans are byte ranges into `text`.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub entities: Vec<(Span, EntityLabel)>,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub epochs: usize,
    /// Seed of the shuffling generator.
    pub seed: u64,
    /// Train the folded model: every sentence seen lowercased, for text
    /// without case (all lowercase, headlines in capitals).
    pub folded: bool,
    pub algorithm: Algorithm,
    /// CRF: the L1 and L2 regularization coefficients.
    pub c1: f64,
    pub c2: f64,
    /// CRF: the most L-BFGS iterations.
    pub max_iterations: usize,
    /// Weights smaller than this are dropped from the model file.
    pub prune: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// Averaged structured perceptron, `epochs` passes.
    Perceptron,
    /// Linear-chain CRF trained with L-BFGS.
    Crf,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            epochs: 12,
            seed: 0x5eed,
            folded: false,
            algorithm: Algorithm::Crf,
            c1: 0.1,
            c2: 0.3,
            max_iterations: 150,
            prune: 0.0,
        }
    }
}

/// What training saw and did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub sentences: usize,
    pub tokens: usize,
    pub entities: usize,
    /// Entities whose ends fall inside a token or that cross a sentence end;
    /// left untagged.
    pub unaligned: usize,
    /// Perceptron: tokens tagged wrongly during each epoch (before the
    /// update); CRF: the loss after each iteration, rounded.
    pub mistakes: Vec<usize>,
    /// Hashed feature blocks learned.
    pub blocks: usize,
}

/// `model.lists` as training writes it beside `model.bin`: the fingerprint of
/// the feature lists compiled in (see README, "Training the entity model").
pub fn model_lists_file() -> String {
    format!(
        "# The feature lists the committed models were trained with: a fingerprint\n\
         # of their entries, written by `cargo run --release --example train_ner`.\n\
         {:016x}\n",
        super::lists::feature_lists()
    )
}

/// Trains a model on `docs`; returns the model file and a report.
pub fn train(docs: &[Document], options: &Options) -> (Vec<u8>, Report) {
    // First count how often each hashed feature occurs, then keep word pairs
    // seen at least twice: a pair seen once teaches nothing general and would
    // double the model.
    let frequent = frequent_words(docs);
    let common = common_words(docs);
    let vocabulary = Vocabulary::new(common.iter().copied());
    let mut counting = Table {
        counting: true,
        ..Table::default()
    };
    let mut examples = Vec::new();
    for doc in docs {
        let report = &mut Report::default();
        prepare(
            doc,
            options,
            &vocabulary,
            &mut counting,
            &mut examples,
            report,
        );
    }
    examples.clear();
    let mut table = Table {
        counts: counting.counts,
        ..Table::default()
    };
    let mut report = Report::default();
    for doc in docs {
        prepare(
            doc,
            options,
            &vocabulary,
            &mut table,
            &mut examples,
            &mut report,
        );
    }

    let rows = table.rows as usize;
    let (avg, transitions) = match options.algorithm {
        Algorithm::Perceptron => perceptron(&examples, rows, options, &mut report),
        Algorithm::Crf => crf(&examples, rows, options, &mut report),
    };
    let mut blocks: Vec<(u64, u8, &[[f64; TAGS]])> = table
        .blocks
        .iter()
        .map(|(&key, &(kind, first))| {
            let first = first as usize;
            (key, kind, &avg[first..first + key::rows(kind)])
        })
        .collect();
    blocks.sort_unstable_by_key(|b| b.0);
    report.blocks = blocks.len();
    let bytes = Model::to_bytes(&Weights {
        dense: &avg[..DENSE_ROWS as usize],
        blocks,
        transitions,
        prune: options.prune,
        frequent: &frequent,
        common: &common,
    });
    (bytes, report)
}

/// How many of the commonest word forms the model lists (see [`Model`]).
const FREQUENT: usize = 20000;

/// Keys of the words the training texts write in lowercase, twice or more;
/// ascending.
fn common_words(docs: &[Document]) -> Vec<u64> {
    let mut counts: HashMap<u64, usize> = HashMap::new();
    for doc in docs {
        let (_, tokens) = crate::tokenize::tokenize(&doc.text);
        for t in tokens {
            let w = t.span.of(&doc.text);
            if Vocabulary::is_lowercase_word(w) {
                *counts.entry(Vocabulary::key(w)).or_default() += 1;
            }
        }
    }
    let mut keys: Vec<u64> = counts
        .into_iter()
        .filter(|&(_, c)| c >= 2)
        .map(|(k, _)| k)
        .collect();
    keys.sort_unstable();
    keys
}

/// The commonest word forms of the training texts (seen twice or more) with
/// their token kind, most frequent first, ties in byte order.
fn frequent_words(docs: &[Document]) -> Vec<(String, TokenKind)> {
    let mut counts: HashMap<(&str, u8), (usize, TokenKind)> = HashMap::new();
    for doc in docs {
        let (_, tokens) = crate::tokenize::tokenize(&doc.text);
        for t in tokens {
            let e = counts
                .entry((t.span.of(&doc.text), t.kind as u8))
                .or_insert((0, t.kind));
            e.0 += 1;
        }
    }
    let mut words: Vec<_> = counts.into_iter().filter(|(_, (c, _))| *c >= 2).collect();
    words.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    words.truncate(FREQUENT);
    words
        .into_iter()
        .map(|((w, _), (_, kind))| (w.to_string(), kind))
        .collect()
}

/// Averaged perceptron: weights for every row and the transitions.
type Trained = (Vec<[f64; TAGS]>, [[f64; TAGS]; TAGS + 1]);

fn perceptron(
    examples: &[Example],
    rows: usize,
    options: &Options,
    report: &mut Report,
) -> Trained {
    let mut w = vec![[0.0f64; TAGS]; rows];
    let mut u = vec![[0.0f64; TAGS]; rows];
    let mut tw = [[0.0f64; TAGS]; TAGS + 1];
    let mut tu = [[0.0f64; TAGS]; TAGS + 1];
    let mut c = 1.0f64;
    let mut rng = options.seed | 1;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let (mut emissions, mut back, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..options.epochs {
        shuffle(&mut order, &mut rng);
        let mut mistakes = 0;
        for &k in &order {
            let ex: &Example = &examples[k];
            let transitions = to_f32(&tw);
            emissions.clear();
            for t in 0..ex.gold.len() {
                emissions.push(ex.emission(t, &w).map(|x| x as f32));
            }
            viterbi(&emissions, &transitions, TAGS, false, &mut back, &mut pred);
            if pred != ex.gold {
                for t in 0..ex.gold.len() {
                    let (g, p) = (ex.gold[t] as usize, pred[t] as usize);
                    if g != p {
                        mistakes += 1;
                        for &r in ex.rows_of(t) {
                            let r = r as usize;
                            w[r][g] += 1.0;
                            u[r][g] += c;
                            w[r][p] -= 1.0;
                            u[r][p] -= c;
                        }
                    }
                    let gf = if t == 0 {
                        TAGS
                    } else {
                        ex.gold[t - 1] as usize
                    };
                    let pf = if t == 0 { TAGS } else { pred[t - 1] as usize };
                    if (gf, g) != (pf, p) {
                        tw[gf][g] += 1.0;
                        tu[gf][g] += c;
                        tw[pf][p] -= 1.0;
                        tu[pf][p] -= c;
                    }
                }
            }
            c += 1.0;
        }
        report.mistakes.push(mistakes);
    }
    let average = |w: &[f64; TAGS], u: &[f64; TAGS]| {
        let mut a = [0.0; TAGS];
        for i in 0..TAGS {
            a[i] = w[i] - u[i] / c;
        }
        a
    };
    let avg: Vec<[f64; TAGS]> = w.iter().zip(&u).map(|(w, u)| average(w, u)).collect();
    let mut transitions = [[0.0; TAGS]; TAGS + 1];
    for i in 0..=TAGS {
        transitions[i] = average(&tw[i], &tu[i]);
    }
    (avg, transitions)
}

/// A linear-chain CRF: maximizes the log-likelihood of the gold tag
/// sequences minus `c2`·‖w‖², with L-BFGS. Sequences only range over the
/// allowed BILOU transitions.
fn crf(examples: &[Example], rows: usize, options: &Options, report: &mut Report) -> Trained {
    let n_emit = rows * TAGS;
    let n = n_emit + (TAGS + 1) * TAGS;
    let objective = |x: &[f64], grad: &mut [f64]| -> f64 {
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = 0.0;
        let mut scratch = Scratch::default();
        for ex in examples {
            loss += crf_sentence(ex, x, n_emit, grad, &mut scratch);
        }
        for (g, &w) in grad.iter_mut().zip(x) {
            *g += 2.0 * options.c2 * w;
        }
        loss + options.c2 * x.iter().map(|w| w * w).sum::<f64>()
    };
    let x = lbfgs(
        n,
        options.max_iterations,
        options.c1,
        objective,
        &mut report.mistakes,
    );
    let mut w = vec![[0.0; TAGS]; rows];
    for (r, row) in w.iter_mut().enumerate() {
        row.copy_from_slice(&x[r * TAGS..(r + 1) * TAGS]);
    }
    let mut transitions = [[0.0; TAGS]; TAGS + 1];
    for (f, row) in transitions.iter_mut().enumerate() {
        row.copy_from_slice(&x[n_emit + f * TAGS..n_emit + (f + 1) * TAGS]);
    }
    (w, transitions)
}

#[derive(Default)]
struct Scratch {
    /// exp(emission − max) per token and tag.
    e: Vec<[f64; TAGS]>,
    alpha: Vec<[f64; TAGS]>,
    beta: Vec<[f64; TAGS]>,
    scale: Vec<f64>,
}

/// Adds one sentence's negative log-likelihood gradient to `grad` and
/// returns its negative log-likelihood.
fn crf_sentence(ex: &Example, x: &[f64], n_emit: usize, grad: &mut [f64], s: &mut Scratch) -> f64 {
    let len = ex.gold.len();
    if len == 0 {
        return 0.0;
    }
    let trans = |f: usize, t: usize| x[n_emit + f * TAGS + t];
    let mut m = [[0.0f64; TAGS]; TAGS + 1];
    for (f, row) in m.iter_mut().enumerate() {
        for (t, v) in row.iter_mut().enumerate() {
            *v = if allowed(f, t) {
                trans(f, t).exp()
            } else {
                0.0
            };
        }
    }
    s.e.clear();
    let mut log_z = 0.0;
    let mut gold_score = 0.0;
    for t in 0..len {
        let mut e = [0.0f64; TAGS];
        for &r in ex.rows_of(t) {
            let row = &x[r as usize * TAGS..(r as usize + 1) * TAGS];
            for (a, w) in e.iter_mut().zip(row) {
                *a += w;
            }
        }
        gold_score += e[ex.gold[t] as usize];
        let from = if t == 0 {
            TAGS
        } else {
            ex.gold[t - 1] as usize
        };
        gold_score += trans(from, ex.gold[t] as usize);
        let max = e.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        log_z += max;
        s.e.push(e.map(|v| (v - max).exp()));
    }
    // Forward, scaled.
    s.alpha.clear();
    s.scale.clear();
    for t in 0..len {
        let mut a = [0.0f64; TAGS];
        for to in 0..TAGS {
            let inflow = if t == 0 {
                m[TAGS][to]
            } else {
                let prev = &s.alpha[t - 1];
                (0..TAGS).map(|f| prev[f] * m[f][to]).sum()
            };
            a[to] = inflow * s.e[t][to];
        }
        let sum: f64 = a.iter().sum();
        a.iter_mut().for_each(|v| *v /= sum);
        s.scale.push(sum);
        log_z += sum.ln();
        s.alpha.push(a);
    }
    let end: f64 = (0..TAGS)
        .filter(|&y| may_end(y))
        .map(|y| s.alpha[len - 1][y])
        .sum();
    log_z += end.ln();
    // Backward, with the same scales.
    s.beta.clear();
    s.beta.resize(len, [0.0; TAGS]);
    for y in 0..TAGS {
        s.beta[len - 1][y] = if may_end(y) { 1.0 } else { 0.0 };
    }
    for t in (0..len - 1).rev() {
        let mut b = [0.0f64; TAGS];
        for (f, bf) in b.iter_mut().enumerate() {
            *bf = (0..TAGS)
                .map(|to| m[f][to] * s.e[t + 1][to] * s.beta[t + 1][to])
                .sum::<f64>()
                / s.scale[t + 1];
        }
        s.beta[t] = b;
    }
    // Expected minus observed counts.
    for t in 0..len {
        let mut p = [0.0f64; TAGS];
        for ((pv, a), b) in p.iter_mut().zip(&s.alpha[t]).zip(&s.beta[t]) {
            *pv = a * b / end;
        }
        p[ex.gold[t] as usize] -= 1.0;
        for &r in ex.rows_of(t) {
            let g = &mut grad[r as usize * TAGS..(r as usize + 1) * TAGS];
            for (gv, pv) in g.iter_mut().zip(&p) {
                *gv += pv;
            }
        }
        let gold_from = if t == 0 {
            TAGS
        } else {
            ex.gold[t - 1] as usize
        };
        grad[n_emit + gold_from * TAGS + ex.gold[t] as usize] -= 1.0;
        if t == 0 {
            for y in 0..TAGS {
                grad[n_emit + TAGS * TAGS + y] += s.alpha[0][y] * s.beta[0][y] / end;
            }
        } else {
            for f in 0..TAGS {
                if s.alpha[t - 1][f] == 0.0 {
                    continue;
                }
                for to in 0..TAGS {
                    let pair = s.alpha[t - 1][f] * m[f][to] * s.e[t][to] * s.beta[t][to]
                        / (s.scale[t] * end);
                    grad[n_emit + f * TAGS + to] += pair;
                }
            }
        }
    }
    log_z - gold_score
}

/// Minimizes `f(x) + c1·‖x‖₁` where `f` (which also writes its gradient) is
/// smooth: limited-memory BFGS, in its orthant-wise form (OWL-QN, Andrew & Gao
/// 2007) when `c1 > 0`, with a backtracking line search. Stops after
/// `max_iterations` or when the loss improves by less than 1e-5 of itself
/// over ten iterations. Appends the rounded loss of each iteration to `trace`.
fn lbfgs(
    n: usize,
    max_iterations: usize,
    c1: f64,
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    trace: &mut Vec<usize>,
) -> Vec<f64> {
    const MEMORY: usize = 6;
    let l1 = |x: &[f64]| c1 * x.iter().map(|v| v.abs()).sum::<f64>();
    // The gradient of the whole objective where it exists, else the steepest
    // one-sided slope (zero if neither side descends).
    let pseudo = |x: &[f64], g: &[f64], out: &mut Vec<f64>| {
        out.clear();
        out.extend(x.iter().zip(g).map(|(&xi, &gi)| {
            if c1 == 0.0 {
                gi
            } else if xi > 0.0 {
                gi + c1
            } else if xi < 0.0 {
                gi - c1
            } else if gi + c1 < 0.0 {
                gi + c1
            } else if gi - c1 > 0.0 {
                gi - c1
            } else {
                0.0
            }
        }));
    };
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let mut x = vec![0.0; n];
    let mut g = vec![0.0; n];
    let mut loss = f(&x, &mut g) + l1(&x);
    let mut pg = Vec::new();
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut losses = vec![loss];
    let (mut x_new, mut g_new) = (vec![0.0; n], vec![0.0; n]);
    for it in 0..max_iterations {
        pseudo(&x, &g, &mut pg);
        // Two-loop recursion: d = −H·pg.
        let mut d: Vec<f64> = pg.iter().map(|v| -v).collect();
        let mut alphas = Vec::with_capacity(history.len());
        for (sv, yv, rho) in history.iter().rev() {
            let a = rho * dot(sv, &d);
            for (di, yi) in d.iter_mut().zip(yv) {
                *di -= a * yi;
            }
            alphas.push(a);
        }
        if let Some((sv, yv, _)) = history.last() {
            let gamma = dot(sv, yv) / dot(yv, yv);
            d.iter_mut().for_each(|v| *v *= gamma);
        } else {
            let norm = dot(&pg, &pg).sqrt().max(1e-12);
            d.iter_mut().for_each(|v| *v /= norm);
        }
        for ((sv, yv, rho), a) in history.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(yv, &d);
            for (di, si) in d.iter_mut().zip(sv) {
                *di += si * (a - b);
            }
        }
        if c1 > 0.0 {
            // Keep to the orthant the pseudo-gradient points away from.
            for (di, &p) in d.iter_mut().zip(&pg) {
                if *di * p >= 0.0 {
                    *di = 0.0;
                }
            }
        }
        let slope = dot(&pg, &d);
        if slope >= 0.0 {
            if history.is_empty() {
                break;
            }
            history.clear();
            continue;
        }
        let mut step = 1.0;
        let mut new_loss;
        loop {
            for i in 0..n {
                let v = x[i] + step * d[i];
                // The orthant of x (or of −pg where x is zero); crossing it means zero.
                let side = if x[i] != 0.0 { x[i] } else { -pg[i] };
                x_new[i] = if c1 > 0.0 && v * side <= 0.0 { 0.0 } else { v };
            }
            new_loss = f(&x_new, &mut g_new) + l1(&x_new);
            let moved: f64 = (0..n).map(|i| pg[i] * (x_new[i] - x[i])).sum();
            if new_loss <= loss + 1e-4 * moved || step < 1e-10 {
                break;
            }
            step *= 0.5;
        }
        let sv: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let yv: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&sv, &yv);
        if sy > 1e-12 {
            if history.len() == MEMORY {
                history.remove(0);
            }
            history.push((sv, yv, 1.0 / sy));
        }
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        loss = new_loss;
        losses.push(loss);
        trace.push(loss.round() as usize);
        if it >= 10 {
            let past = losses[losses.len() - 11];
            if (past - loss) / loss.max(1e-12) < 1e-5 {
                break;
            }
        }
    }
    x
}

/// The training feature table: hands out rows to keys as they are met, or
/// only counts keys.
struct Table {
    blocks: HashMap<u64, (u8, u32)>,
    rows: u32,
    counting: bool,
    counts: HashMap<u64, u32>,
}

/// Word pairs seen fewer times than this get no weights.
const MIN_PAIR_COUNT: u32 = 2;

impl Default for Table {
    fn default() -> Table {
        Table {
            blocks: HashMap::new(),
            rows: DENSE_ROWS,
            counting: false,
            counts: HashMap::new(),
        }
    }
}

impl RowSource for Table {
    fn block(&mut self, kind: u8, key: u64) -> Option<u32> {
        if self.counting {
            *self.counts.entry(key).or_default() += 1;
            return None;
        }
        if matches!(kind, key::PAIR_BEFORE | key::PAIR_AFTER)
            && self.counts.get(&key).copied().unwrap_or(0) < MIN_PAIR_COUNT
        {
            return None;
        }
        let rows = &mut self.rows;
        let &mut (_, first) = self.blocks.entry(key).or_insert_with(|| {
            let first = *rows;
            *rows += key::rows(kind) as u32;
            (kind, first)
        });
        Some(first)
    }
}

/// One sentence as training sees it: the rows of each token and its gold tag.
struct Example {
    rows: Vec<u32>,
    /// `rows[starts[t]..starts[t + 1]]` are token `t`'s rows.
    starts: Vec<u32>,
    gold: Vec<u8>,
}

impl Example {
    fn rows_of(&self, t: usize) -> &[u32] {
        &self.rows[self.starts[t] as usize..self.starts[t + 1] as usize]
    }

    fn emission(&self, t: usize, w: &[[f64; TAGS]]) -> [f64; TAGS] {
        let mut e = [0.0f64; TAGS];
        for &r in self.rows_of(t) {
            for (a, x) in e.iter_mut().zip(&w[r as usize]) {
                *a += x;
            }
        }
        e
    }
}

fn prepare(
    doc: &Document,
    options: &Options,
    vocabulary: &Vocabulary,
    table: &mut Table,
    out: &mut Vec<Example>,
    report: &mut Report,
) {
    let text = doc.text.as_str();
    let (sentences, tokens) = crate::tokenize::tokenize(text);
    let mut gold = vec![0u8; tokens.len()];
    let mut sentence_of = vec![0usize; tokens.len()];
    for (s, sentence) in sentences.iter().enumerate() {
        for t in sentence.tokens.clone() {
            sentence_of[t] = s;
        }
    }
    for &(span, label) in &doc.entities {
        report.entities += 1;
        let first = tokens.iter().position(|t| t.span.start == span.start);
        let last = tokens.iter().position(|t| t.span.end == span.end);
        match (first, last) {
            (Some(a), Some(b)) if a <= b && sentence_of[a] == sentence_of[b] => {
                if gold[a..=b].iter().any(|&g| g != 0) {
                    report.unaligned += 1;
                    continue;
                }
                encode(label, &mut gold[a..=b]);
            }
            _ => report.unaligned += 1,
        }
    }

    let lists = lists();
    let mut scratch = Vec::new();
    let mut pos = Vec::new();
    for sentence in &sentences {
        let toks = &tokens[sentence.tokens.clone()];
        let texts: Vec<&str> = toks.iter().map(|t| t.span.of(text)).collect();
        let entries: Vec<_> = texts.iter().map(|t| vocabulary.entry(lists, t)).collect();
        positions(toks, &texts, &entries, lists, &mut scratch, &mut pos);
        // The cased model sees headlines in capitals folded, as at run time.
        // (Headlines in Title Case are not told apart in training: the
        // training sentences have none.)
        let folded = options.folded || is_shouting(&texts);
        {
            let words: Vec<WordRows> = toks
                .iter()
                .zip(&texts)
                .zip(&entries)
                .map(|((t, &text), &entry)| {
                    WordRows::new(
                        Word {
                            text,
                            kind: t.kind,
                            folded,
                        },
                        entry,
                        true,
                        table,
                    )
                })
                .collect();
            let bos = WordRows::boundary(false, table);
            let eos = WordRows::boundary(true, table);
            let n = words.len() as isize;
            let mut ex = Example {
                rows: Vec::new(),
                starts: vec![0],
                gold: gold[sentence.tokens.clone()].to_vec(),
            };
            for i in 0..n {
                for offset in 0..WINDOW {
                    let j = i + offset as isize - 2;
                    let w = if j < 0 {
                        &bos
                    } else if j >= n {
                        &eos
                    } else {
                        &words[j as usize]
                    };
                    w.at(offset, |r| ex.rows.push(r));
                }
                let iu = i as usize;
                let prev = if iu == 0 { &bos } else { &words[iu - 1] };
                let next = words.get(iu + 1).unwrap_or(&eos);
                let (prev, next) = (prev.neighbour(), next.neighbour());
                position_rows(pos[iu], prev, words[iu].neighbour(), next, table, |r| {
                    ex.rows.push(r)
                });
                ex.starts.push(ex.rows.len() as u32);
            }
            report.sentences += 1;
            report.tokens += ex.gold.len();
            out.push(ex);
        }
    }
}

/// Correct, predicted and gold counts of typed exact-span matches, in total
/// and per label (PER, ORG, LOC), of the output of the cased and folded
/// model files on `docs`: the whole entity stage, as `warta eval` measures it.
pub fn evaluate(cased: &[u8], folded: &[u8], docs: &[Document]) -> Result<[[usize; 3]; 4], String> {
    let tagger = super::tagger::Taggers::new(
        Tagger::new(Model::from_bytes(cased)?),
        Tagger::new(Model::from_bytes(folded)?),
    );
    let mut counts = [[0usize; 3]; 4];
    let options = crate::Options {
        stages: crate::Stages::NONE,
        ..Default::default()
    };
    for doc in docs {
        let analysis = crate::analyze(&doc.text, &options);
        let found = super::extract_with(&tagger, &doc.text, &analysis);
        for (row, label) in [
            None,
            Some(EntityLabel::Per),
            Some(EntityLabel::Org),
            Some(EntityLabel::Loc),
        ]
        .into_iter()
        .enumerate()
        {
            let keep = |l: EntityLabel| label.is_none_or(|x| x == l);
            let gold: Vec<_> = doc.entities.iter().filter(|e| keep(e.1)).collect();
            let pred: Vec<_> = found.iter().filter(|e| keep(e.label)).collect();
            counts[row][0] += pred
                .iter()
                .filter(|p| gold.iter().any(|g| g.0 == p.span && g.1 == p.label))
                .count();
            counts[row][1] += pred.len();
            counts[row][2] += gold.len();
        }
    }
    Ok(counts)
}

fn to_f32(t: &[[f64; TAGS]; TAGS + 1]) -> [[f32; TAGS]; TAGS + 1] {
    t.map(|row| row.map(|x| x as f32))
}

/// Fisher–Yates with xorshift64*: the same order for the same seed everywhere.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        let r = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        let j = (r % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, entities: &[(&str, EntityLabel)]) -> Document {
        let mut spans = Vec::new();
        let mut from = 0;
        for &(name, label) in entities {
            let start = from + text[from..].find(name).unwrap();
            spans.push((Span::new(start, start + name.len()), label));
            from = start + name.len();
        }
        Document {
            text: text.to_string(),
            entities: spans,
        }
    }

    #[test]
    fn learns_a_tiny_task_deterministically() {
        use EntityLabel::*;
        let mut docs = Vec::new();
        for (person, place) in [
            ("Budi Santoso", "Bandung"),
            ("Siti Aminah", "Medan"),
            ("Joko Susilo", "Padang"),
            ("Rina Wati", "Malang"),
        ] {
            docs.push(doc(
                &format!("Kemarin {person} pergi ke {place} bersama KPK."),
                &[(person, Per), (place, Loc), ("KPK", Org)],
            ));
            docs.push(doc(
                &format!("Menurut {person}, warga {place} senang."),
                &[(person, Per), (place, Loc)],
            ));
        }
        let options = Options {
            epochs: 5,
            ..Options::default()
        };
        let (bytes, report) = train(&docs, &options);
        assert_eq!(report.unaligned, 0);
        assert_eq!(report.entities, 20);
        assert_eq!(train(&docs, &options).0, bytes, "same input, same model");

        let tagger = Tagger::new(Model::from_bytes(&bytes).unwrap());
        let taggers = crate::entities::tagger::Taggers::new(tagger, Tagger::new(Model::empty()));
        let text = "Kemarin Andi Wijaya pergi ke Bogor bersama KPK.";
        let analysis = crate::analyze(
            text,
            &crate::Options {
                stages: crate::Stages::NONE,
                ..Default::default()
            },
        );
        let found: Vec<(String, EntityLabel)> = taggers
            .tag(text, &analysis)
            .mentions
            .into_iter()
            .map(|m| {
                let a = analysis.tokens[m.tokens.start].span;
                let b = analysis.tokens[m.tokens.end - 1].span;
                (text[a.start..b.end].to_string(), m.label)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("Andi Wijaya".to_string(), Per),
                ("Bogor".to_string(), Loc),
                ("KPK".to_string(), Org)
            ]
        );
    }
}
