//! The quote stage: direct and indirect quotations with their speakers (issue #5).
//!
//! Takes the text and the earlier stages' output (tokens, sentences, and the
//! entities and dates when those stages have run); returns quotes sorted by
//! start. In four steps:
//!
//! 1. [`marks`] pairs quotation marks into quoted spans;
//! 2. [`frames`] reads each reporting cue of `cues.txt` (FIELD-GUIDE §B.1) in
//!    its attribution frame (§B.2) for a speaker and a content: a quoted span
//!    (direct) or a clause (indirect);
//! 3. quoted spans without a cue of their own continue the quote before them
//!    (a floating quote), or the one right after; short ones without any
//!    attribution are quoted terms (`"tanpa batas"`), not speech;
//! 4. [`people`] resolves each speaker to a person: the fullest name in the
//!    article, a role alone to the person seen with it, a pronoun through the
//!    sieve of §B.3, and links it to the entity stage's entity when one
//!    covers it.
//!
//! Leaves out: quotes inside quotes, speakers of quotes that nothing
//! attributes, nicknames the entity stage does not link, and plural speakers
//! (`kata mereka` keeps the mention, with no canonical name).

mod frames;
mod grammar;
mod lists;
mod marks;
mod people;

use crate::analysis::{Analysis, Quote, QuoteKind, Speaker, StatementDate};
use crate::span::{Overlaps, Span};
use rustc_hash::FxHashMap;

use frames::{Attribution, PairIndex, Target};
use grammar::Doc;
use marks::Pair;
use people::People;

/// Quoted speech shorter than this many words needs a cue to count.
const MIN_FLOATING_WORDS: usize = 4;

/// Quotes of `text`, given earlier stages' output in `analysis`.
///
/// ```
/// use warta::{analyze, Options};
/// let text = "Presiden Joko Widodo tiba. \"Kami siap,\" katanya.";
/// let a = analyze(text, &Options::default());
/// let q = &a.quotes[0];
/// assert_eq!(q.span.of(text), "Kami siap,");
/// assert_eq!(q.speaker.as_ref().unwrap().canonical.as_deref(), Some("Joko Widodo"));
/// ```
pub fn extract(text: &str, analysis: &Analysis) -> Vec<Quote> {
    if analysis.tokens.is_empty() {
        return Vec::new();
    }
    let doc = Doc::new(
        text,
        &analysis.tokens,
        &analysis.sentences,
        &analysis.entities,
        &analysis.dates,
    );
    let pairs = marks::pairs(text, doc.tokens, doc.sentences, &doc.sent_of);
    let index = PairIndex::new(&doc, &pairs);
    let inside = inside_speech(&doc, &pairs);
    let attributions = frames::attributions(&doc, &index, &inside);
    let shifts = doc.topic_shifts();
    let mut people = People::build(&doc, shifts.clone(), &inside);
    people.add_all(&doc, attributions.iter().filter_map(|a| a.speaker.as_ref()));

    // Which attribution each quoted span belongs to.
    let mut owner: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, a) in attributions.iter().enumerate() {
        for t in &a.targets {
            if let Target::Pair(p) = *t
                && owner[p].is_none()
            {
                owner[p] = Some(k);
            }
        }
    }
    // A quote re-opened in the next paragraph shares its attribution.
    for p in (0..pairs.len()).rev() {
        if pairs[p].continued
            && owner[p].is_none()
            && let Some(next) = (p + 1..pairs.len()).find(|&q| !pairs[q].nested)
        {
            owner[p] = owner[next];
        }
    }
    let floating = floating_owners(&doc, &pairs, &owner, &attributions, &shifts);

    // Speakers, resolved in text order so pronouns see the speakers before them.
    let mut order: Vec<usize> = (0..attributions.len()).collect();
    order.sort_by_key(|&k| attributions[k].cue.start);
    let mut speakers: Vec<Option<Speaker>> = vec![None; attributions.len()];
    for k in order {
        let a = &attributions[k];
        if let Some(m) = &a.speaker {
            let r = people.resolve(&doc, m, a.cue_tok);
            speakers[k] = Some(Speaker {
                span: r.span,
                canonical: r.canonical,
                entity: r.entity,
                role: m.role,
            });
        }
    }

    let quote = |kind: QuoteKind, span: Span, k: usize, with_cue: bool| {
        let a = &attributions[k];
        Quote {
            kind,
            span,
            cue: with_cue.then_some(a.cue),
            speaker: speakers[k].clone(),
            via: a.via,
            date: a.date.map(|d| statement_date(analysis, d)),
            document: a.document,
        }
    };
    let mut quotes = Vec::new();
    for (p, pair) in pairs.iter().enumerate() {
        if pair.nested {
            continue;
        }
        let (k, with_cue) = match (owner[p], floating[p]) {
            (Some(k), _) => (k, true),
            (None, Some(k)) => (k, false),
            (None, None) => {
                if speech_like(&doc, pair) {
                    quotes.push(Quote {
                        kind: QuoteKind::Direct,
                        span: pair.content,
                        cue: None,
                        speaker: None,
                        via: None,
                        date: None,
                        document: None,
                    });
                }
                continue;
            }
        };
        quotes.push(quote(QuoteKind::Direct, pair.content, k, with_cue));
    }
    // Tested per span in O(log n): a long text has thousands of quotes.
    let direct = Overlaps::new(quotes.iter().map(|q| q.span));
    let overlaps_direct = |span: Span| direct.any(span);
    // The quotes by their span, in order, for finding a quoted pair's;
    // made when first needed (few texts need it).
    let mut at: Option<FxHashMap<Span, Vec<usize>>> = None;
    for (k, a) in attributions.iter().enumerate() {
        for t in &a.targets {
            let span = match *t {
                Target::Pair(_) => continue,
                Target::Clause(span) | Target::Echo(span) => span,
                Target::Previous => match previous_statement(&doc, &pairs, &owner, a.cue_tok) {
                    Some(Previous::Clause(span)) => span,
                    Some(Previous::Pair(p)) => {
                        let content = pairs[p].content;
                        let at = at.get_or_insert_with(|| {
                            let mut at: FxHashMap<Span, Vec<usize>> = FxHashMap::default();
                            for (i, q) in quotes.iter().enumerate() {
                                at.entry(q.span).or_default().push(i);
                            }
                            at
                        });
                        if let Some(&i) = at
                            .get(&content)
                            .and_then(|same| same.iter().find(|&&i| quotes[i].speaker.is_none()))
                        {
                            quotes[i] = quote(QuoteKind::Direct, content, k, true);
                        }
                        continue;
                    }
                    None => continue,
                },
            };
            if !overlaps_direct(span) {
                if let Some(at) = &mut at {
                    at.entry(span).or_default().push(quotes.len());
                }
                quotes.push(quote(QuoteKind::Indirect, span, k, true));
            }
        }
    }
    quotes.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end)));
    // One quote per stretch of text: the first (and longest) wins.
    let mut kept: Vec<Quote> = Vec::with_capacity(quotes.len());
    for q in quotes {
        if kept.last().is_some_and(|last| last.span.overlaps(q.span)) {
            continue;
        }
        kept.push(q);
    }
    kept
}

/// For each token, whether it lies inside quoted speech (a quoted span of
/// three words or more): cues there belong to the quote, not to the article.
fn inside_speech(doc: &Doc, pairs: &[Pair]) -> Vec<bool> {
    let mut inside = vec![false; doc.len()];
    for p in pairs {
        if !p.nested && doc.words_in(p.first, p.last + 1) >= 3 {
            inside[p.first..=p.last].iter_mut().for_each(|x| *x = true);
        }
    }
    inside
}

/// Whether an unattributed quoted span reads as speech rather than a quoted
/// term: four words or more, starting a sentence or after a colon or comma,
/// and not a title in Title Case.
fn speech_like(doc: &Doc, pair: &Pair) -> bool {
    let words = doc.words_in(pair.first, pair.last + 1);
    if words < MIN_FLOATING_WORDS {
        return false;
    }
    let title_case = (pair.first..=pair.last)
        .filter(|&j| doc.is_word(j))
        .all(|j| doc.is_cap(j) || doc.word(j).len() <= 3);
    if title_case {
        return false;
    }
    // What stands before the opening mark: nothing, a paragraph break, the
    // end of a sentence, a colon or comma, or another quote; not a word
    // (`kalimat "…"`, `topik "…"` name a text).
    let start = pair.open.unwrap_or(pair.first);
    start == 0
        || marks::breaks_before(doc.text, doc.tokens, start)
        || doc.is_final(start - 1)
        || doc.is(start - 1, ":")
        || doc.is(start - 1, ",")
        || doc.is_quote(start - 1)
}

/// The attribution a quoted span without a cue of its own inherits: the one
/// of the quote or statement in the sentence before (a floating quote, GGT's
/// rule), else the one of a quote opening the next sentence (`"A." "B," kata
/// X.`). Quoted terms and quotes after a topic shift inherit nothing.
fn floating_owners(
    doc: &Doc,
    pairs: &[Pair],
    owner: &[Option<usize>],
    attributions: &[Attribution],
    shifts: &[bool],
) -> Vec<Option<usize>> {
    let mut floating: Vec<Option<usize>> = vec![None; pairs.len()];
    // Per sentence, the attribution that speaks last in it.
    let mut by_sentence: Vec<Option<usize>> = vec![None; doc.sentences.len()];
    for (k, a) in attributions.iter().enumerate() {
        if a.speaker.is_some() {
            let s = doc.sentence(a.cue_tok);
            by_sentence[s] = Some(k);
        }
    }
    for (p, pair) in pairs.iter().enumerate() {
        if let Some(k) = owner[p] {
            let s = doc.sentence(pair.last);
            by_sentence[s] = by_sentence[s].or(Some(k));
        }
    }
    for (p, pair) in pairs.iter().enumerate() {
        if pair.nested || owner[p].is_some() || !speech_like(doc, pair) {
            continue;
        }
        let s = doc.sentence(pair.open.unwrap_or(pair.first));
        if s > 0
            && !shifts[s]
            && let Some(k) = by_sentence[s - 1]
        {
            floating[p] = Some(k);
            by_sentence[s] = by_sentence[s].or(Some(k));
            let last = doc.sentence(pair.last);
            by_sentence[last] = by_sentence[last].or(Some(k));
            continue;
        }
        // A quote that opens the next sentence and has its own cue after it.
        let next = doc.sentence(pair.last) + 1;
        if next < doc.sentences.len() {
            let first = doc.sentences[next].tokens.start;
            if let Some(q) = (p + 1..pairs.len()).find(|&q| pairs[q].open == Some(first))
                && let Some(k) = owner[q]
                && attributions[k].kind == lists::CueKind::After
            {
                floating[p] = Some(k);
            }
        }
    }
    floating
}

enum Previous {
    Pair(usize),
    Clause(Span),
}

/// What `Hal itu dikatakan X` refers to: an unattributed quoted span in the
/// sentence before, else that sentence as reported speech.
fn previous_statement(
    doc: &Doc,
    pairs: &[Pair],
    owner: &[Option<usize>],
    cue_tok: usize,
) -> Option<Previous> {
    let s = doc.sentence(cue_tok);
    if s == 0 {
        return None;
    }
    let range = doc.sentences[s - 1].tokens.clone();
    let mut in_previous = pairs
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.nested && range.contains(&p.first));
    if let Some((p, _)) = in_previous.next() {
        return (owner[p].is_none()).then_some(Previous::Pair(p));
    }
    let mut end = range.end;
    while end > range.start && doc.is_final(end - 1) {
        end -= 1;
    }
    (doc.words_in(range.start, end) >= 3).then(|| Previous::Clause(doc.cover(range.start, end - 1)))
}

/// A statement date with the value the date stage gave the same words.
fn statement_date(analysis: &Analysis, span: Span) -> StatementDate {
    let value = analysis
        .dates
        .iter()
        .find(|d| d.span.overlaps(span))
        .and_then(|d| d.value.clone());
    StatementDate { span, value }
}

#[cfg(test)]
mod tests {
    use crate::{Options, analyze};

    /// (kind, text, cue, speaker text, canonical) of each quote.
    fn quotes(text: &str) -> Vec<(String, String, String, String, String)> {
        let a = analyze(text, &Options::default());
        a.quotes
            .iter()
            .map(|q| {
                let sp = q.speaker.as_ref();
                (
                    q.kind.as_str().to_string(),
                    q.span.of(text).to_string(),
                    q.cue.map(|c| c.of(text).to_string()).unwrap_or_default(),
                    sp.map(|s| s.span.of(text).to_string()).unwrap_or_default(),
                    sp.and_then(|s| s.canonical.clone()).unwrap_or_default(),
                )
            })
            .collect()
    }

    /// (kind, text, cue, speaker text, canonical)
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

    fn check(cases: &[(&str, &[Row])]) {
        for (input, expected) in cases {
            let expected: Vec<_> = expected
                .iter()
                .map(|&(k, t, c, s, n)| (k.into(), t.into(), c.into(), s.into(), n.into()))
                .collect();
            assert_eq!(quotes(input), expected, "{input:?}");
        }
    }

    #[test]
    fn frames() {
        check(&[
            // 1. `"…," kata X`
            (
                "\"Kami siap,\" kata Menteri Keuangan Sri Mulyani di Jakarta.",
                &[("direct", "Kami siap,", "kata", "Sri Mulyani", "Sri Mulyani")],
            ),
            // 1, without marks.
            (
                "Kami akan menanam investasi di sana, kata Direktur Utama IATA, Roekman Prawirasastra.",
                &[(
                    "indirect",
                    "Kami akan menanam investasi di sana",
                    "kata",
                    "Roekman Prawirasastra",
                    "Roekman Prawirasastra",
                )],
            ),
            // 2. `A, kata dia, B`
            (
                "Ekonom Budi Santoso hadir. Namun, kata dia, peringkat tersebut dibatasi oleh utang.",
                &[(
                    "indirect",
                    "peringkat tersebut dibatasi oleh utang",
                    "kata",
                    "dia",
                    "Budi Santoso",
                )],
            ),
            // 3. `X mengatakan bahwa …`
            (
                "Hartadi mengatakan bahwa industri tekstil sedang tumbuh.",
                &[(
                    "indirect",
                    "industri tekstil sedang tumbuh",
                    "mengatakan",
                    "Hartadi",
                    "Hartadi",
                )],
            ),
            // 4. `X mengatakan: "…"`
            (
                "Juru bicara Adow mengatakan: \"Kami sudah menyusun rencana.\"",
                &[(
                    "direct",
                    "Kami sudah menyusun rencana.",
                    "mengatakan",
                    "Adow",
                    "Adow",
                )],
            ),
            // 5. `Menurut X, …`
            (
                "Menurut Halim, peningkatan ini sejalan dengan target.",
                &[(
                    "indirect",
                    "peningkatan ini sejalan dengan target",
                    "Menurut",
                    "Halim",
                    "Halim",
                )],
            ),
            // 5, a document: no person.
            (
                "Menurut data BPS, inflasi naik lima persen.",
                &[("indirect", "inflasi naik lima persen", "Menurut", "", "")],
            ),
            // 6. `Dikatakannya, …`
            (
                "Kepala Dinas Budi Santoso hadir. Dikatakannya, vaksin sudah tiba di kota itu.",
                &[(
                    "indirect",
                    "vaksin sudah tiba di kota itu",
                    "Dikatakannya",
                    "nya",
                    "Budi Santoso",
                )],
            ),
            // 8. `"…," tambahnya`
            (
                "\"Kami siap,\" kata Budi Santoso. \"Kami juga senang,\" tambahnya.",
                &[
                    (
                        "direct",
                        "Kami siap,",
                        "kata",
                        "Budi Santoso",
                        "Budi Santoso",
                    ),
                    (
                        "direct",
                        "Kami juga senang,",
                        "tambahnya",
                        "nya",
                        "Budi Santoso",
                    ),
                ],
            ),
            // `"…," Presiden menegaskan.`
            (
                "Presiden Joko Widodo hadir. \"Kami siap,\" Presiden menegaskan.",
                &[(
                    "direct",
                    "Kami siap,",
                    "menegaskan",
                    "Presiden",
                    "Joko Widodo",
                )],
            ),
        ]);
    }

    #[test]
    fn seed_article() {
        let text = include_str!("../../fixtures/articles/antv-putin-wang-yi.txt");
        let got = quotes(text);
        let who: Vec<(&str, &str)> = got
            .iter()
            .map(|(kind, _, _, _, canonical)| (kind.as_str(), canonical.as_str()))
            .collect();
        assert_eq!(
            who,
            [
                ("indirect", "Vladimir Putin"),
                ("direct", "Vladimir Putin"),
                ("direct", "Vladimir Putin"),
                ("indirect", "Wang Yi"),
            ],
            "{got:?}"
        );
        assert_eq!(got[2].2, "tambahnya");
        assert!(got[0].1.starts_with("kedekatan hubungan Rusia-Cina"));
        assert!(got.iter().all(|q| !q.1.contains("tanpa batas")));
    }

    #[test]
    fn speakers_of_harder_frames() {
        check(&[
            // A role with a demonstrative points back to the person.
            (
                "Kapolda Papua Paulus Waterpauw tiba. \"Kami siaga,\" tutur mantan Kapolda Sumatera Utara ini.",
                &[(
                    "direct",
                    "Kami siaga,",
                    "tutur",
                    "mantan Kapolda Sumatera Utara",
                    "Paulus Waterpauw",
                )],
            ),
            // The first person (the writer's `kita`) is nobody's statement.
            (
                "Kita pun berharap pandemi segera berlalu dari negeri ini.",
                &[],
            ),
            // A document as the subject: no person speaker.
            (
                "Data Dinas Kesehatan mencatat, jumlah kasus naik dua kali lipat.",
                &[(
                    "indirect",
                    "jumlah kasus naik dua kali lipat",
                    "mencatat",
                    "",
                    "",
                )],
            ),
            // A place between the apposition and the verb.
            (
                "Yitno, pegiat wisata di Desa Karangrejo, Kecamatan Borobudur, juga berharap wisatawan segera kembali.",
                &[(
                    "indirect",
                    "wisatawan segera kembali",
                    "berharap",
                    "Yitno",
                    "Yitno",
                )],
            ),
            // A capitalized common word at the sentence start is no subject;
            // a name that also stands inside sentences is.
            (
                "Ia menganggur selama dua tahun. Selama berharap, ia bekerja serabutan.",
                &[],
            ),
            (
                "Kepala Kejati Hari Setiyono hadir. Hari menambahkan, pemeriksaan saksi berlanjut pekan depan.",
                &[(
                    "indirect",
                    "pemeriksaan saksi berlanjut pekan depan",
                    "menambahkan",
                    "Hari",
                    "Hari Setiyono",
                )],
            ),
            // A subject before a relative clause.
            (
                "Kepala Dinas Yohanes Nahak yang ditemui di Betun kemarin mengakui krisis air bersih menjadi prioritas.",
                &[(
                    "indirect",
                    "krisis air bersih menjadi prioritas",
                    "mengakui",
                    "Yohanes Nahak",
                    "Yohanes Nahak",
                )],
            ),
            // `Pesan serupa disampaikan X`: an echo of the statement before.
            (
                "Presiden Joko Widodo meminta Polri bekerja keras. Pesan serupa disampaikan Wakil Presiden Ma’ruf Amin.",
                &[(
                    "indirect",
                    "Pesan serupa",
                    "disampaikan",
                    "Ma’ruf Amin",
                    "Ma’ruf Amin",
                )],
            ),
        ]);
    }

    #[test]
    fn pronouns_after_a_new_subject_and_short_roles() {
        check(&[
            // `Ia` after a sentence about a newly named person is that person,
            // not the speaker before.
            (
                "\"Kami siap,\" ucap Eka. Direktur PT Sukses Gemilang (SG) Anoki Kiyoshi turut hadir. Ia menyampaikan, usaha kecil kini sangat terdampak.",
                &[
                    ("direct", "Kami siap,", "ucap", "Eka", "Eka"),
                    (
                        "indirect",
                        "usaha kecil kini sangat terdampak",
                        "menyampaikan",
                        "Ia",
                        "Anoki Kiyoshi",
                    ),
                ],
            ),
            // A short role resolves to the person seen with its full form.
            (
                "Menteri Sosial Juliari Batubara hadir. Mensos mengatakan, bantuan tunai cair pekan depan.",
                &[(
                    "indirect",
                    "bantuan tunai cair pekan depan",
                    "mengatakan",
                    "Mensos",
                    "Juliari Batubara",
                )],
            ),
            // A person named inside the quote is not whom `-nya` means.
            (
                "Wali Kota Risma berkeliling kota. \u{201c}Kami sudah bertemu Budi Santoso kemarin,\u{201d} katanya.",
                &[(
                    "direct",
                    "Kami sudah bertemu Budi Santoso kemarin,",
                    "katanya",
                    "nya",
                    "Risma",
                )],
            ),
            // A quoted term inside reported content is no direct quote.
            (
                "Wali Kota Bogor Bima Arya memastikan, pada Senin (21/9/2020), \"kota hujan\" tersebut kembali masuk zona oranye.",
                &[(
                    "indirect",
                    "\"kota hujan\" tersebut kembali masuk zona oranye",
                    "memastikan",
                    "Bima Arya",
                    "Bima Arya",
                )],
            ),
        ]);
    }

    #[test]
    fn speakers_link_to_entities() {
        use crate::analysis::{Entity, EntityLabel};
        use crate::span::Span;
        let text = "Presiden Joko Widodo meninjau pasar. \"Harga turun,\" kata Jokowi. \"Stok aman,\" ujarnya.";
        let entity = |needle: &str| {
            let start = text.find(needle).unwrap();
            Entity {
                span: Span::new(start, start + needle.len()),
                label: EntityLabel::Per,
                canonical: "Joko Widodo".into(),
            }
        };
        let mut analysis = analyze(text, &Options::default());
        analysis.entities = vec![entity("Joko Widodo"), entity("Jokowi")];
        let quotes = super::extract(text, &analysis);
        let speakers: Vec<(&str, Option<&str>, Option<usize>)> = quotes
            .iter()
            .map(|q| {
                let s = q.speaker.as_ref().unwrap();
                (s.span.of(text), s.canonical.as_deref(), s.entity)
            })
            .collect();
        // The nickname takes the entity's canonical name and index; the
        // clitic resolves to the same entity.
        assert_eq!(
            speakers,
            [
                ("Jokowi", Some("Joko Widodo"), Some(1)),
                ("nya", Some("Joko Widodo"), Some(1)),
            ]
        );
    }

    #[test]
    fn terms_are_not_speech() {
        check(&[(
            "Mereka sepakat bekerja sama \"tanpa batas\" sejak itu.",
            &[],
        )]);
    }
}
