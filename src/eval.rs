//! Scoring predictions against gold annotations (`warta eval`).
//!
//! Takes gold records in the format of `shared/data/README.md` (JSON Lines,
//! code-point offsets) and the analysis of each record's text; returns
//! precision, recall and F1 for every layer the gold annotates, with the metrics
//! that README defines. A layer key absent from a record is not scored for it.
//!
//! Reading files and printing tables is the CLI's job; this module only counts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, EntityLabel};
use crate::span::CharIndex;

/// One gold record.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldRecord {
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    pub text: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub sentences: Option<Vec<[usize; 2]>>,
    #[serde(default)]
    pub tokens: Option<Vec<[usize; 2]>>,
    #[serde(default)]
    pub entities: Option<Vec<GoldEntity>>,
    #[serde(default)]
    pub dates: Option<Vec<GoldDate>>,
    #[serde(default)]
    pub quotes: Option<Vec<GoldQuote>>,
}

impl GoldRecord {
    /// The record's id as text (`csui-train-1`), or `line N`.
    pub fn name(&self, line: usize) -> String {
        match &self.id {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => format!("line {line}"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDate {
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type", default)]
    pub timex_type: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub alt_values: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub cue: Option<GoldSpan>,
    #[serde(default)]
    pub speaker: Option<GoldSpan>,
}

/// Correct, predicted and gold counts of one measure.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Counts) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

/// Percentage `part / whole`, 0 when `whole` is 0.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// A share of cases that are right (type, value and speaker accuracy).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
}

impl Accuracy {
    pub fn percent(&self) -> f64 {
        ratio(self.correct, self.total)
    }
    fn add(&mut self, other: Accuracy) {
        self.correct += other.correct;
        self.total += other.total;
    }
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct EntityScores {
    pub typed: Counts,
    pub untyped: Counts,
    pub per_label: BTreeMap<&'static str, Counts>,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct DateScores {
    pub strict: Counts,
    pub relaxed: Counts,
    /// Relaxed span, counting only the predictions that name their date by
    /// calendar or clock (see `DateMention::named`): the measure for gold
    /// sets that annotate only those, as UGM does.
    pub named: Counts,
    pub type_accuracy: Accuracy,
    pub value_accuracy: Accuracy,
    pub value: Counts,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct QuoteScores {
    pub overlap_03: Counts,
    pub overlap_08: Counts,
    pub speaker_accuracy: Accuracy,
}

/// Scores over a whole gold file; a layer is `None` when no record annotates it.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Scores {
    pub records: usize,
    pub tokens: Option<Counts>,
    pub sentences: Option<Counts>,
    pub entities: Option<EntityScores>,
    pub dates: Option<DateScores>,
    pub quotes: Option<QuoteScores>,
}

impl Scores {
    /// Adds another set of scores (of other records) to these.
    pub fn merge(&mut self, other: Scores) {
        self.records += other.records;
        if let Some(t) = other.tokens {
            self.tokens.get_or_insert_with(Counts::default).add(t);
        }
        if let Some(s) = other.sentences {
            self.sentences.get_or_insert_with(Counts::default).add(s);
        }
        if let Some(e) = other.entities {
            let te = self.entities.get_or_insert_with(Default::default);
            te.typed.add(e.typed);
            te.untyped.add(e.untyped);
            for (label, c) in e.per_label {
                te.per_label.entry(label).or_default().add(c);
            }
        }
        if let Some(d) = other.dates {
            let td = self.dates.get_or_insert_with(Default::default);
            td.strict.add(d.strict);
            td.relaxed.add(d.relaxed);
            td.named.add(d.named);
            td.value.add(d.value);
            td.type_accuracy.add(d.type_accuracy);
            td.value_accuracy.add(d.value_accuracy);
        }
        if let Some(q) = other.quotes {
            let tq = self.quotes.get_or_insert_with(Default::default);
            tq.overlap_03.add(q.overlap_03);
            tq.overlap_08.add(q.overlap_08);
            tq.speaker_accuracy.add(q.speaker_accuracy);
        }
    }
}

/// A gold or predicted item that found no partner, for `warta eval --errors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub layer: &'static str,
    /// `missed` (gold not predicted) or `extra` (predicted, not in gold).
    pub what: &'static str,
    pub start: usize,
    pub end: usize,
    /// Label, type/value or speaker detail.
    pub detail: String,
}

/// The predictions of one analysis in code points, as the JSON carries them.
struct Predicted {
    tokens: Vec<(usize, usize)>,
    sentences: Vec<(usize, usize)>,
    entities: Vec<(usize, usize, EntityLabel)>,
    dates: Vec<PredDate>,
    quotes: Vec<PredQuote>,
}

struct PredDate {
    span: (usize, usize),
    timex_type: &'static str,
    value: Option<String>,
    named: bool,
}

struct PredQuote {
    span: (usize, usize),
    speaker: Option<((usize, usize), String, Option<String>)>,
}

impl Predicted {
    fn new(text: &str, a: &Analysis) -> Predicted {
        let index = CharIndex::new(text);
        let cp = |s: crate::Span| index.span(s);
        Predicted {
            tokens: a.tokens.iter().map(|t| cp(t.span)).collect(),
            sentences: a.sentences.iter().map(|s| cp(s.span)).collect(),
            entities: a
                .entities
                .iter()
                .map(|e| {
                    let (s, end) = cp(e.span);
                    (s, end, e.label)
                })
                .collect(),
            dates: a
                .dates
                .iter()
                .map(|d| PredDate {
                    span: cp(d.span),
                    timex_type: d.timex_type.as_str(),
                    value: d.value.clone(),
                    named: d.named,
                })
                .collect(),
            quotes: a
                .quotes
                .iter()
                .map(|q| PredQuote {
                    span: cp(q.span),
                    speaker: q.speaker.as_ref().map(|sp| {
                        (
                            cp(sp.span),
                            sp.span.of(text).to_lowercase(),
                            sp.canonical.as_ref().map(|c| c.to_lowercase()),
                        )
                    }),
                })
                .collect(),
        }
    }
}

/// Scores one record's analysis against its gold; `misses` collects what did not
/// match.
pub fn score_record(
    gold: &GoldRecord,
    analysis: &Analysis,
    scores: &mut Scores,
    misses: &mut Vec<Miss>,
) {
    let text = &gold.text;
    let pred = Predicted::new(text, analysis);
    let chars: Vec<char> = text.chars().collect();
    scores.records += 1;

    if let Some(gold_tokens) = &gold.tokens {
        let g: Vec<(usize, usize)> = gold_tokens.iter().map(|&[s, e]| (s, e)).collect();
        let c = exact(&g, &pred.tokens, "tokens", misses, |_| String::new());
        scores.tokens.get_or_insert_with(Counts::default).add(c);
    }
    if let Some(gold_sentences) = &gold.sentences {
        let trim = |(s, e): (usize, usize)| trim_span(&chars, s, e);
        let g: Vec<_> = gold_sentences.iter().map(|&[s, e]| trim((s, e))).collect();
        let p: Vec<_> = pred.sentences.iter().map(|&span| trim(span)).collect();
        let c = exact(&g, &p, "sentences", misses, |_| String::new());
        scores.sentences.get_or_insert_with(Counts::default).add(c);
    }
    if let Some(gold_entities) = &gold.entities {
        let es = scores.entities.get_or_insert_with(EntityScores::default);
        score_entities(gold_entities, &pred.entities, es, misses);
    }
    if let Some(gold_dates) = &gold.dates {
        let ds = scores.dates.get_or_insert_with(DateScores::default);
        score_dates(gold_dates, &pred.dates, ds, misses);
    }
    if let Some(gold_quotes) = &gold.quotes {
        let qs = scores.quotes.get_or_insert_with(QuoteScores::default);
        score_quotes(gold_quotes, &pred.quotes, &chars, qs, misses);
    }
}

fn trim_span(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    let e_max = chars.len().min(e);
    e = e_max;
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    (s, e)
}

/// Exact-match counts of two span lists (each span counted once per occurrence).
fn exact<T: Copy + Ord + SpanOf>(
    gold: &[T],
    pred: &[T],
    layer: &'static str,
    misses: &mut Vec<Miss>,
    detail: impl Fn(&T) -> String,
) -> Counts {
    let mut g = gold.to_vec();
    let mut p = pred.to_vec();
    g.sort();
    p.sort();
    let (mut i, mut j, mut correct) = (0, 0, 0);
    while i < g.len() || j < p.len() {
        let order = match (g.get(i), p.get(j)) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Equal => {
                correct += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => {
                let (start, end) = g[i].span();
                misses.push(Miss {
                    layer,
                    what: "missed",
                    start,
                    end,
                    detail: detail(&g[i]),
                });
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                let (start, end) = p[j].span();
                misses.push(Miss {
                    layer,
                    what: "extra",
                    start,
                    end,
                    detail: detail(&p[j]),
                });
                j += 1;
            }
        }
    }
    Counts {
        correct,
        predicted: pred.len(),
        gold: gold.len(),
    }
}

trait SpanOf {
    fn span(&self) -> (usize, usize);
}

impl SpanOf for (usize, usize) {
    fn span(&self) -> (usize, usize) {
        *self
    }
}

impl SpanOf for (usize, usize, EntityLabel) {
    fn span(&self) -> (usize, usize) {
        (self.0, self.1)
    }
}

fn score_entities(
    gold: &[GoldEntity],
    pred: &[(usize, usize, EntityLabel)],
    scores: &mut EntityScores,
    misses: &mut Vec<Miss>,
) {
    let g: Vec<(usize, usize, EntityLabel)> = gold
        .iter()
        .filter_map(|e| EntityLabel::parse(&e.label).map(|l| (e.start, e.end, l)))
        .collect();
    let typed = exact(&g, pred, "entities", misses, |e| e.2.as_str().to_string());
    scores.typed.add(typed);
    let mut ignore = Vec::new();
    let gu: Vec<(usize, usize)> = g.iter().map(|e| (e.0, e.1)).collect();
    let pu: Vec<(usize, usize)> = pred.iter().map(|e| (e.0, e.1)).collect();
    scores
        .untyped
        .add(exact(&gu, &pu, "entities", &mut ignore, |_| String::new()));
    for label in [EntityLabel::Per, EntityLabel::Org, EntityLabel::Loc] {
        let gl: Vec<_> = g.iter().filter(|e| e.2 == label).copied().collect();
        let pl: Vec<_> = pred.iter().filter(|e| e.2 == label).copied().collect();
        let c = exact(&gl, &pl, "entities", &mut ignore, |_| String::new());
        scores.per_label.entry(label.as_str()).or_default().add(c);
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// For each gold span, the prediction it is matched to by overlap: each side
/// matched at most once, gold in text order taking the first free overlap.
fn relaxed_matches(gold: &[(usize, usize)], pred: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut used = vec![false; pred.len()];
    gold.iter()
        .map(|&g| {
            let found = (0..pred.len()).find(|&j| !used[j] && overlaps(g, pred[j]));
            found.inspect(|&j| used[j] = true)
        })
        .collect()
}

fn score_dates(
    gold: &[GoldDate],
    pred: &[PredDate],
    scores: &mut DateScores,
    misses: &mut Vec<Miss>,
) {
    let gs: Vec<(usize, usize)> = gold.iter().map(|d| (d.start, d.end)).collect();
    let ps: Vec<(usize, usize)> = pred.iter().map(|d| d.span).collect();
    let mut ignore = Vec::new();
    scores
        .strict
        .add(exact(&gs, &ps, "dates", &mut ignore, |_| String::new()));

    // Relaxed: any overlap, each side matched at most once, in text order.
    let matched = relaxed_matches(&gs, &ps);
    let mut used = vec![false; pred.len()];
    let mut relaxed = 0;
    let mut value_correct = 0;
    for (g, &found) in gold.iter().zip(&matched) {
        let Some(j) = found else {
            misses.push(Miss {
                layer: "dates",
                what: "missed",
                start: g.start,
                end: g.end,
                detail: format!(
                    "{} {}",
                    g.timex_type.as_deref().unwrap_or("-"),
                    g.value.as_deref().unwrap_or("-")
                ),
            });
            continue;
        };
        used[j] = true;
        relaxed += 1;
        let p = &pred[j];
        if let Some(t) = &g.timex_type {
            scores.type_accuracy.total += 1;
            scores.type_accuracy.correct += (t == p.timex_type) as usize;
        }
        if let Some(v) = &g.value {
            scores.value_accuracy.total += 1;
            let ok = p
                .value
                .as_ref()
                .is_some_and(|pv| pv == v || g.alt_values.iter().flatten().any(|alt| alt == pv));
            scores.value_accuracy.correct += ok as usize;
            value_correct += ok as usize;
            if !ok {
                misses.push(Miss {
                    layer: "dates",
                    what: "value",
                    start: g.start,
                    end: g.end,
                    detail: format!(
                        "gold {v} predicted {}",
                        p.value.as_deref().unwrap_or("null")
                    ),
                });
            }
        }
    }
    for (j, p) in pred.iter().enumerate() {
        if !used[j] {
            misses.push(Miss {
                layer: "dates",
                what: "extra",
                start: p.span.0,
                end: p.span.1,
                detail: format!("{} {}", p.timex_type, p.value.as_deref().unwrap_or("null")),
            });
        }
    }
    scores.relaxed.add(Counts {
        correct: relaxed,
        predicted: pred.len(),
        gold: gold.len(),
    });
    let named: Vec<(usize, usize)> = pred.iter().filter(|p| p.named).map(|p| p.span).collect();
    scores.named.add(Counts {
        correct: relaxed_matches(&gs, &named).iter().flatten().count(),
        predicted: named.len(),
        gold: gold.len(),
    });
    scores.value.add(Counts {
        correct: value_correct,
        predicted: pred.len(),
        gold: gold.iter().filter(|g| g.value.is_some()).count(),
    });
}

/// Characters of `gold` that `pred` covers, over the length of `gold`.
fn match_score(gold: (usize, usize), pred: (usize, usize)) -> f64 {
    let len = gold.1.saturating_sub(gold.0);
    if len == 0 {
        return 0.0;
    }
    let inter = gold.1.min(pred.1).saturating_sub(gold.0.max(pred.0));
    inter as f64 / len as f64
}

fn score_quotes(
    gold: &[GoldQuote],
    pred: &[PredQuote],
    chars: &[char],
    scores: &mut QuoteScores,
    misses: &mut Vec<Miss>,
) {
    for (threshold, counts) in [(0.3, &mut scores.overlap_03), (0.8, &mut scores.overlap_08)] {
        let mut used = vec![false; pred.len()];
        let mut correct = 0;
        for g in gold {
            let best = (0..pred.len())
                .filter(|&j| !used[j])
                .map(|j| (j, match_score((g.start, g.end), pred[j].span)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            match best {
                Some((j, score)) if score >= threshold => {
                    used[j] = true;
                    correct += 1;
                    if threshold == 0.3
                        && let Some(gs) = g.speaker
                    {
                        scores.speaker_accuracy.total += 1;
                        let ok = speaker_matches(gs, &pred[j], chars);
                        scores.speaker_accuracy.correct += ok as usize;
                        if !ok {
                            let said: String =
                                chars[gs.start..gs.end.min(chars.len())].iter().collect();
                            misses.push(Miss {
                                layer: "quotes",
                                what: "speaker",
                                start: g.start,
                                end: g.end,
                                detail: format!(
                                    "gold {said:?} predicted {:?}",
                                    pred[j].speaker.as_ref().map(|s| (&s.1, &s.2))
                                ),
                            });
                        }
                    }
                }
                _ if threshold == 0.3 => misses.push(Miss {
                    layer: "quotes",
                    what: "missed",
                    start: g.start,
                    end: g.end,
                    detail: String::new(),
                }),
                _ => {}
            }
        }
        if threshold == 0.3 {
            for (j, p) in pred.iter().enumerate() {
                if !used[j] {
                    misses.push(Miss {
                        layer: "quotes",
                        what: "extra",
                        start: p.span.0,
                        end: p.span.1,
                        detail: String::new(),
                    });
                }
            }
        }
        counts.add(Counts {
            correct,
            predicted: pred.len(),
            gold: gold.len(),
        });
    }
}

fn speaker_matches(gold: GoldSpan, pred: &PredQuote, chars: &[char]) -> bool {
    let Some((span, text, canonical)) = &pred.speaker else {
        return false;
    };
    if overlaps((gold.start, gold.end), *span) {
        return true;
    }
    let said: String = chars[gold.start.min(chars.len())..gold.end.min(chars.len())]
        .iter()
        .collect::<String>()
        .to_lowercase();
    !said.is_empty()
        && (text.contains(&said) || canonical.as_ref().is_some_and(|c| c.contains(&said)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Entity, Quote, QuoteKind, Speaker, Token, TokenKind};
    use crate::span::Span;

    fn record(json: &str) -> GoldRecord {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn counts_give_percentages() {
        let c = Counts {
            correct: 3,
            predicted: 4,
            gold: 6,
        };
        assert_eq!(c.precision(), 75.0);
        assert_eq!(c.recall(), 50.0);
        assert!((c.f1() - 60.0).abs() < 1e-9);
        assert_eq!(Counts::default().f1(), 0.0);
    }

    #[test]
    fn tokens_match_exactly_in_code_points() {
        let gold = record(r#"{"id":"a","text":"“Ya” kata","tokens":[[0,1],[1,3],[3,4],[5,9]]}"#);
        let text = &gold.text;
        let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
        let tok = |s, e| Token {
            span: Span::new(byte(s), byte(e)),
            kind: TokenKind::Word,
        };
        let analysis = Analysis {
            tokens: vec![tok(0, 1), tok(1, 4), tok(5, 9)],
            ..Analysis::default()
        };
        let mut scores = Scores::default();
        let mut misses = Vec::new();
        score_record(&gold, &analysis, &mut scores, &mut misses);
        assert_eq!(
            scores.tokens,
            Some(Counts {
                correct: 2,
                predicted: 3,
                gold: 4
            })
        );
        assert_eq!(misses.len(), 3);
        assert!(scores.sentences.is_none());
    }

    #[test]
    fn entities_need_span_and_label() {
        let gold = record(
            r#"{"text":"Joko ke Bogor","entities":[{"start":0,"end":4,"label":"PER"},{"start":8,"end":13,"label":"LOC"}]}"#,
        );
        let ent = |s, e, label| Entity {
            span: Span::new(s, e),
            label,
            canonical: String::new(),
        };
        let analysis = Analysis {
            entities: vec![ent(0, 4, EntityLabel::Per), ent(8, 13, EntityLabel::Org)],
            ..Analysis::default()
        };
        let mut scores = Scores::default();
        score_record(&gold, &analysis, &mut scores, &mut Vec::new());
        let e = scores.entities.unwrap();
        assert_eq!(e.typed.correct, 1);
        assert_eq!(e.untyped.correct, 2);
        assert_eq!(e.per_label["LOC"].gold, 1);
        assert_eq!(e.per_label["LOC"].correct, 0);
        assert_eq!(e.per_label["ORG"].predicted, 1);
    }

    #[test]
    fn quotes_score_by_gold_coverage_and_speaker() {
        // Gold quote covers 0..10; the prediction covers 0..5 (0.5 of it).
        let gold = record(
            r#"{"text":"abcdefghij kata Budi","quotes":[{"start":0,"end":10,"cue":null,"speaker":{"start":16,"end":20}}]}"#,
        );
        let analysis = Analysis {
            quotes: vec![Quote {
                kind: QuoteKind::Direct,
                span: Span::new(0, 5),
                cue: None,
                speaker: Some(Speaker {
                    span: Span::new(11, 15),
                    canonical: Some("Budi Santoso".into()),
                    entity: None,
                    role: None,
                }),
                via: None,
                date: None,
                document: None,
            }],
            ..Analysis::default()
        };
        let mut scores = Scores::default();
        score_record(&gold, &analysis, &mut scores, &mut Vec::new());
        let q = scores.quotes.unwrap();
        assert_eq!(q.overlap_03.correct, 1);
        assert_eq!(q.overlap_08.correct, 0);
        // Not overlapping, but "budi" occurs in the canonical name.
        assert_eq!(
            q.speaker_accuracy,
            Accuracy {
                correct: 1,
                total: 1
            }
        );
    }

    #[test]
    fn dates_relaxed_and_values() {
        let gold = record(
            r#"{"text":"pada 24 Februari 2022 dan kemarin","dates":[{"start":5,"end":21,"type":"DATE","value":"2022-02-24"},{"start":26,"end":33,"type":"DATE","value":"2023-02-21"}]}"#,
        );
        let analysis = Analysis {
            dates: vec![crate::analysis::DateMention {
                span: Span::new(8, 21),
                timex_type: crate::analysis::TimexType::Date,
                value: Some("2022-02-24".into()),
                modifier: None,
                zone: None,
                named: true,
            }],
            ..Analysis::default()
        };
        let mut scores = Scores::default();
        score_record(&gold, &analysis, &mut scores, &mut Vec::new());
        let d = scores.dates.unwrap();
        assert_eq!(d.strict.correct, 0);
        assert_eq!(d.relaxed.correct, 1);
        assert_eq!(
            d.value_accuracy,
            Accuracy {
                correct: 1,
                total: 1
            }
        );
        assert_eq!(d.value.gold, 2);
        assert_eq!(d.value.predicted, 1);
    }

    #[test]
    fn named_dates_scored_apart() {
        let gold = record(
            r#"{"text":"Senin lalu dan kemarin, saat ini","dates":[{"start":0,"end":5},{"start":15,"end":22}]}"#,
        );
        let mention = |start, end, named| crate::analysis::DateMention {
            span: Span::new(start, end),
            timex_type: crate::analysis::TimexType::Date,
            value: None,
            modifier: None,
            zone: None,
            named,
        };
        let analysis = Analysis {
            dates: vec![
                mention(0, 10, true),
                mention(15, 22, false),
                mention(24, 32, false),
            ],
            ..Analysis::default()
        };
        let mut scores = Scores::default();
        score_record(&gold, &analysis, &mut scores, &mut Vec::new());
        let d = scores.dates.unwrap();
        assert_eq!(
            (d.relaxed.correct, d.relaxed.predicted, d.relaxed.gold),
            (2, 3, 2)
        );
        assert_eq!(
            (d.named.correct, d.named.predicted, d.named.gold),
            (1, 1, 2)
        );
    }
}
