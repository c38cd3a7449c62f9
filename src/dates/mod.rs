//! The date stage: temporal expressions normalized to TIMEX3 (issue #4).
//!
//! Takes the text, the tokens and sentences of earlier stages, and the
//! reference date (`--date` or a record's `date`); returns date mentions
//! sorted by start, and the reference date actually used: the given one, else
//! a dateline the article carries, else none (relative values are then
//! `null`; the clock is never read).
//!
//! Three steps: [`scan`] finds mentions as underspecified expressions with a
//! hand-written grammar over tokens (word lists are the `.txt` files beside
//! this module, see [`words`]); a dateline is looked for among them; then
//! [`mod@resolve`] computes each TIMEX3 value against the reference date and the
//! sentence's tense cue.
//!
//! A **dateline** is a date with day, month and year (`Rabu (22/2/2023)`,
//! `22 Februari 2023`) near the top of the article (starting within its first
//! 300 bytes) with nothing before it on its line but a dateline head: at most
//! 12 tokens, each a capitalized word, a web address or punctuation
//! (`JAKARTA, KOMPAS.com -`, `Jakarta (ANTARA) -`, `Liputan6.com, Jakarta -`).
//!
//! Deliberately left out: holidays, anaphora (`hari itu`, `dua hari
//! kemudian`), time of day without a day anywhere (its value is then `null`),
//! and temporal relations (`sejak 2019` is the date 2019 with mod
//! `ON_OR_AFTER`, not a link).

pub mod resolve;
pub mod scan;
pub mod words;

use jiff::civil::Date;

use crate::analysis::{Analysis, DateMention, DateSource, ReferenceDate, Token, TokenKind};

use resolve::{Context, Point, resolve};
use scan::{Cal, Day, Expr, Found, Scanner};

/// How far into the text a dateline may start, in bytes.
const DATELINE_WITHIN: usize = 300;
/// How many tokens may come before a dateline's date on its line.
const DATELINE_HEAD: usize = 12;
/// Two-digit years are read in the hundred years that end this many years
/// after the reference date…
const TWO_DIGIT_AHEAD: i32 = 10;
/// …or, with no reference date, in the hundred years ending here.
const TWO_DIGIT_DEFAULT_END: i32 = 2035;

/// Date mentions of `text` and the reference date they were resolved against.
///
/// ```
/// use warta::{analyze, Options};
/// use warta::analysis::{DateSource, ReferenceDate};
/// let options = Options {
///     reference_date: Some(ReferenceDate {
///         date: "2023-02-22".parse().unwrap(),
///         from: DateSource::Option,
///     }),
///     ..Options::default()
/// };
/// let a = analyze("Ia tiba Senin (20/2) dan pulang kemarin.", &options);
/// let values: Vec<_> = a.dates.iter().map(|d| d.value.as_deref()).collect();
/// assert_eq!(values, [Some("2023-02-20"), Some("2023-02-21")]);
/// ```
pub fn extract(
    text: &str,
    analysis: &Analysis,
    reference: Option<ReferenceDate>,
) -> (Vec<DateMention>, Option<ReferenceDate>) {
    let words = words::words();
    let tokens = &analysis.tokens;
    let (ids, starts) = scan::lazy_ids(words, text, tokens);
    let mut scanner = Scanner {
        text,
        tokens,
        ids: &ids,
        starts: &starts,
        words,
        window_end: reference.map_or(TWO_DIGIT_DEFAULT_END, |r| {
            r.date.year() as i32 + TWO_DIGIT_AHEAD
        }),
        lo: 0,
        hi: 0,
    };
    let mut found: Vec<Found> = Vec::new();
    // The sentence of each mention, as a token range.
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut covered = 0;
    for (lo, hi) in sentence_ranges(text, analysis, words) {
        if lo > covered {
            // Tokens outside every sentence are scanned on their own.
            scanner.sentence(covered, lo, &mut found);
            bounds.resize(found.len(), (covered, lo));
        }
        scanner.sentence(lo, hi, &mut found);
        bounds.resize(found.len(), (lo, hi));
        covered = hi;
    }
    if covered < tokens.len() {
        scanner.sentence(covered, tokens.len(), &mut found);
        bounds.resize(found.len(), (covered, tokens.len()));
    }

    let reference = reference.or_else(|| {
        dateline(text, tokens, &found).map(|date| ReferenceDate {
            date,
            from: DateSource::Dateline,
        })
    });

    let mut mentions = Vec::with_capacity(found.len());
    let mut anchor: Option<((usize, usize), Date)> = None;
    let mut story: Option<Point> = None;
    for (f, &sentence) in found.iter().zip(&bounds) {
        scanner.lo = sentence.0;
        scanner.hi = sentence.1;
        let ctx = Context {
            reference: reference.map(|r| r.date),
            tense: needs_tense(&f.expr)
                .then(|| scanner.tense(f.first, f.end))
                .flatten(),
            anchor: anchor.filter(|(s, _)| *s == sentence).map(|(_, d)| d),
            story,
        };
        let (timex_type, value, point) = resolve(&f.expr, &ctx);
        // A look back (`sehari sebelumnya`) compares; it does not move the
        // story on.
        let looks_back = matches!(f.expr, Expr::Story { offset, .. } if offset < 0);
        if let Some(point) = point {
            if !looks_back {
                story = Some(point);
            }
            if let Point::Day(day) = point {
                anchor = Some((sentence, day));
            }
        }
        mentions.push(DateMention {
            span: f.span(tokens),
            timex_type,
            value,
            modifier: f.modifier,
            zone: f.zone,
            named: is_named(&f.expr),
        });
    }
    (mentions, reference)
}

/// Whether the expression names its time by calendar or clock: see
/// [`DateMention::named`].
fn is_named(expr: &Expr) -> bool {
    match expr {
        Expr::Cal(_)
        | Expr::Period { .. }
        | Expr::Decade(_)
        | Expr::Century(_)
        | Expr::BeforeEra(_) => true,
        Expr::Time { day, clock, .. } => clock.is_some() || matches!(day, Some(Day::Cal(_))),
        Expr::Rel { .. } | Expr::Story { .. } | Expr::Weekend { .. } | Expr::Fixed(..) => false,
    }
}

/// The token ranges of the sentences, joined again where a sentence was cut at
/// the period of a month abbreviation before a number (`1 Okt. 2015`).
fn sentence_ranges(text: &str, analysis: &Analysis, words: &words::Words) -> Vec<(usize, usize)> {
    let tokens = &analysis.tokens;
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(analysis.sentences.len());
    for sentence in &analysis.sentences {
        let (lo, hi) = (sentence.tokens.start, sentence.tokens.end);
        if let Some(last) = ranges.last_mut()
            && last.1 == lo
            && hi > lo
            && lo >= 2
            && tokens[lo].kind == TokenKind::Number
            && tokens[lo - 1].span.of(text) == "."
            && words.id(tokens[lo - 2].span.of(text)).is_some_and(|id| {
                words
                    .roles(id)
                    .iter()
                    .any(|r| matches!(r, words::Role::MonthAbbreviation(_)))
            })
        {
            last.1 = hi;
            continue;
        }
        ranges.push((lo, hi));
    }
    ranges
}

/// Whether resolving the expression may depend on the tense of its sentence.
fn needs_tense(expr: &Expr) -> bool {
    let open = |c: &Cal| c.year.is_none() && c.year_offset.is_none() && c.dir.is_none();
    match expr {
        Expr::Cal(c) => open(c),
        Expr::Time {
            day: Some(Day::Cal(c)),
            ..
        } => open(c),
        Expr::Period {
            year: None,
            dir: None,
            ..
        } => true,
        _ => false,
    }
}

/// The date of the article's dateline, if it has one (see the module docs).
fn dateline(text: &str, tokens: &[Token], found: &[Found]) -> Option<Date> {
    for f in found {
        let span = f.span(tokens);
        if span.start >= DATELINE_WITHIN {
            break;
        }
        let full = |c: &Cal| c.year.is_some() && c.month.is_some() && c.day.is_some();
        let cal = match &f.expr {
            Expr::Cal(c) if full(c) => c,
            Expr::Time {
                day: Some(Day::Cal(c)),
                ..
            } if full(c) => c,
            _ => continue,
        };
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let head: Vec<&Token> = tokens[..f.first]
            .iter()
            .filter(|t| t.span.start >= line_start)
            .collect();
        let head_like = |t: &&Token| match t.kind {
            TokenKind::Punct | TokenKind::Url => true,
            TokenKind::Word | TokenKind::Abbreviation => t
                .span
                .of(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase),
            _ => false,
        };
        if head.len() <= DATELINE_HEAD && head.iter().all(head_like) {
            let (y, m, d) = (cal.year?, cal.month?, cal.day?);
            return Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::analysis::{DateSource, ReferenceDate};
    use crate::{Options, analyze};

    /// `(text, [(mention, type, value, mod, zone)])` against 2023-02-22.
    type Case = (
        &'static str,
        &'static [(
            &'static str,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
        )],
    );

    /// A mention as `(text, type, value, mod, zone)`.
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );

    fn run(text: &str, reference: Option<&str>) -> Vec<Row> {
        let options = Options {
            reference_date: reference.map(|d| ReferenceDate {
                date: d.parse().unwrap(),
                from: DateSource::Option,
            }),
            ..Options::default()
        };
        let a = analyze(text, &options);
        a.dates
            .iter()
            .map(|d| {
                (
                    d.span.of(text).to_string(),
                    d.timex_type.as_str().to_string(),
                    d.value.clone(),
                    d.modifier.map(|m| m.as_str().to_string()),
                    d.zone.map(str::to_string),
                )
            })
            .collect()
    }

    fn check(cases: &[Case]) {
        for (text, expected) in cases {
            let got = run(text, Some("2023-02-22"));
            let want: Vec<_> = expected
                .iter()
                .map(|(m, t, v, md, z)| {
                    (
                        m.to_string(),
                        t.to_string(),
                        v.map(str::to_string),
                        md.map(str::to_string),
                        z.map(str::to_string),
                    )
                })
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    const D: &str = "DATE";
    const T: &str = "TIME";
    const DU: &str = "DURATION";
    const SET: &str = "SET";

    #[test]
    fn named_dates_are_told_from_deictic_words_durations_and_sets() {
        let text = "Senin (20/2) pukul 14.30 WIB, Jumat malam, Februari 2023, kuartal III, \
                    tahun 1990-an; kemarin, saat ini, pekan lalu, tiga hari kemudian, \
                    tadi pagi, dua tahun, setiap hari.";
        let a = analyze(text, &Options::default());
        let named: Vec<(&str, bool)> = a.dates.iter().map(|d| (d.span.of(text), d.named)).collect();
        assert_eq!(
            named,
            [
                ("Senin (20/2) pukul 14.30 WIB", true),
                ("Jumat malam", true),
                ("Februari 2023", true),
                ("kuartal III", true),
                ("tahun 1990-an", true),
                ("kemarin", false),
                ("saat ini", false),
                ("pekan lalu", false),
                ("tiga hari kemudian", false),
                ("tadi pagi", false),
                ("dua tahun", false),
                ("setiap hari", false),
            ]
        );
    }

    #[test]
    fn calendar_dates() {
        check(&[
            (
                "Rabu (22/2/2023)",
                &[("Rabu (22/2/2023)", D, Some("2023-02-22"), None, None)],
            ),
            (
                "senin ( 9/1/14 )",
                &[("senin ( 9/1/14 )", D, Some("2014-01-09"), None, None)],
            ),
            (
                "Senin (20/2)",
                &[("Senin (20/2)", D, Some("2023-02-20"), None, None)],
            ),
            (
                "Sabtu lalu (18/2)",
                &[("Sabtu lalu (18/2)", D, Some("2023-02-18"), None, None)],
            ),
            (
                "Senin, 20 Februari 2023",
                &[("Senin, 20 Februari 2023", D, Some("2023-02-20"), None, None)],
            ),
            (
                "pada 24 Februari 2022 itu",
                &[("24 Februari 2022", D, Some("2022-02-24"), None, None)],
            ),
            (
                "6 Nop 2019",
                &[("6 Nop 2019", D, Some("2019-11-06"), None, None)],
            ),
            (
                "Pada Juni 5, 1872 ia",
                &[("Juni 5, 1872", D, Some("1872-06-05"), None, None)],
            ),
            (
                "tanggal 15 Agustus 1945",
                &[("tanggal 15 Agustus 1945", D, Some("1945-08-15"), None, None)],
            ),
            (
                "Februari 2023",
                &[("Februari 2023", D, Some("2023-02"), None, None)],
            ),
            (
                "pada Agustus lalu",
                &[("Agustus lalu", D, Some("2022-08"), None, None)],
            ),
            (
                "awal Februari lalu",
                &[(
                    "awal Februari lalu",
                    D,
                    Some("2023-02"),
                    Some("START"),
                    None,
                )],
            ),
            (
                "Agustus mendatang",
                &[("Agustus mendatang", D, Some("2023-08"), None, None)],
            ),
            (
                "Oktober tahun lalu",
                &[("Oktober tahun lalu", D, Some("2022-10"), None, None)],
            ),
            (
                "17 Agustus tahun ini",
                &[("17 Agustus tahun ini", D, Some("2023-08-17"), None, None)],
            ),
            ("tahun 2015", &[("tahun 2015", D, Some("2015"), None, None)]),
            (
                "terjadi pada 2008.",
                &[("2008", D, Some("2008"), None, None)],
            ),
            (
                "Pemilu 2014 lancar",
                &[("2014", D, Some("2014"), None, None)],
            ),
            (
                "tahun 1990-an",
                &[("tahun 1990-an", D, Some("199"), None, None)],
            ),
            ("era 80-an", &[("era 80-an", D, Some("198"), None, None)]),
            (
                "sejak akhir '90-an",
                &[("sejak akhir '90-an", D, Some("199"), Some("END"), None)],
            ),
            (
                "Laba Q1 2023 naik",
                &[("Q1 2023", D, Some("2023-Q1"), None, None)],
            ),
            ("abad ke-21", &[("abad ke-21", D, Some("20"), None, None)]),
            (
                "2023-02-22",
                &[("2023-02-22", D, Some("2023-02-22"), None, None)],
            ),
            (
                "Peristiwa 17/8/45 itu",
                &[("17/8/45", D, Some("1945-08-17"), None, None)],
            ),
            // The sentence splitter cuts after `Okt.`; the stage joins it again.
            (
                "disahkan 1 Okt. 2015 di Jakarta.",
                &[("1 Okt. 2015", D, Some("2015-10-01"), None, None)],
            ),
        ]);
    }

    #[test]
    fn ranges_share_month_and_year() {
        check(&[
            (
                "19-21 Agustus 2022",
                &[
                    ("19", D, Some("2022-08-19"), None, None),
                    ("21 Agustus 2022", D, Some("2022-08-21"), None, None),
                ],
            ),
            (
                "20 hingga 22 Februari",
                &[
                    ("20", D, Some("2023-02-20"), None, None),
                    ("22 Februari", D, Some("2023-02-22"), None, None),
                ],
            ),
            (
                "Januari-Maret 2023",
                &[
                    ("Januari", D, Some("2023-01"), None, None),
                    ("Maret 2023", D, Some("2023-03"), None, None),
                ],
            ),
            (
                "2014-2019",
                &[
                    ("2014", D, Some("2014"), None, None),
                    ("2019", D, Some("2019"), None, None),
                ],
            ),
        ]);
    }

    #[test]
    fn relative_expressions() {
        check(&[
            ("kemarin", &[("kemarin", D, Some("2023-02-21"), None, None)]),
            (
                "kemarin lusa",
                &[("kemarin lusa", D, Some("2023-02-20"), None, None)],
            ),
            ("besok", &[("besok", D, Some("2023-02-23"), None, None)]),
            (
                "pekan lalu",
                &[("pekan lalu", D, Some("2023-W07"), None, None)],
            ),
            (
                "minggu depan",
                &[("minggu depan", D, Some("2023-W09"), None, None)],
            ),
            (
                "bulan ini",
                &[("bulan ini", D, Some("2023-02"), None, None)],
            ),
            ("tahun lalu", &[("tahun lalu", D, Some("2022"), None, None)]),
            (
                "dua hari lalu",
                &[("dua hari lalu", D, Some("2023-02-20"), None, None)],
            ),
            (
                "sembilan tahun silam",
                &[("sembilan tahun silam", D, Some("2014"), None, None)],
            ),
            (
                "3 minggu yang lalu",
                &[("3 minggu yang lalu", D, Some("2023-W05"), None, None)],
            ),
            (
                "dua bulan lagi",
                &[("dua bulan lagi", D, Some("2023-04"), None, None)],
            ),
            (
                "kuartal I 2023",
                &[("kuartal I 2023", D, Some("2023-Q1"), None, None)],
            ),
            (
                "semester II",
                &[("semester II", D, Some("2023-H2"), None, None)],
            ),
            (
                "triwulan III-2020",
                &[("triwulan III-2020", D, Some("2020-Q3"), None, None)],
            ),
        ]);
    }

    #[test]
    fn modifiers() {
        check(&[
            (
                "awal 2023",
                &[("awal 2023", D, Some("2023"), Some("START"), None)],
            ),
            (
                "akhir bulan ini",
                &[("akhir bulan ini", D, Some("2023-02"), Some("END"), None)],
            ),
            (
                "pertengahan tahun",
                &[("pertengahan tahun", D, Some("2023"), Some("MID"), None)],
            ),
            (
                "awal pekan lalu",
                &[("awal pekan lalu", D, Some("2023-W07"), Some("START"), None)],
            ),
            (
                "akhir pekan lalu",
                &[("akhir pekan lalu", D, Some("2023-W07-WE"), None, None)],
            ),
            (
                "sejak 2019",
                &[("sejak 2019", D, Some("2019"), Some("ON_OR_AFTER"), None)],
            ),
            (
                "sebelum 2003",
                &[("sebelum 2003", D, Some("2003"), Some("BEFORE"), None)],
            ),
        ]);
    }

    #[test]
    fn times_of_day() {
        check(&[
            (
                "Rabu (22/2/2023) pukul 14.30 WIB",
                &[(
                    "Rabu (22/2/2023) pukul 14.30 WIB",
                    T,
                    Some("2023-02-22T14:30"),
                    None,
                    Some("+07:00"),
                )],
            ),
            (
                "pukul 10.55 WITA",
                &[(
                    "pukul 10.55 WITA",
                    T,
                    Some("2023-02-22T10:55"),
                    None,
                    Some("+08:00"),
                )],
            ),
            (
                "pukul 8 malam",
                &[("pukul 8 malam", T, Some("2023-02-22T20:00"), None, None)],
            ),
            (
                "dini hari tadi",
                &[("dini hari tadi", T, Some("2023-02-22TNI"), None, None)],
            ),
            (
                "Senin pagi",
                &[("Senin pagi", T, Some("2023-02-20TMO"), None, None)],
            ),
            (
                "kemarin sore",
                &[("kemarin sore", T, Some("2023-02-21TAF"), None, None)],
            ),
            (
                "tadi malam",
                &[("tadi malam", T, Some("2023-02-21TNI"), None, None)],
            ),
            (
                "pada malam hari ini",
                &[("malam hari ini", T, Some("2023-02-22TNI"), None, None)],
            ),
            (
                "sekitar pukul 01.30",
                &[(
                    "sekitar pukul 01.30",
                    T,
                    Some("2023-02-22T01:30"),
                    Some("APPROX"),
                    None,
                )],
            ),
            (
                "Senin (20/2) lalu. Ia tiba pukul 09.00.",
                &[
                    ("Senin (20/2)", D, Some("2023-02-20"), None, None),
                    ("pukul 09.00", T, Some("2023-02-22T09:00"), None, None),
                ],
            ),
            (
                "Ia tiba Senin (20/2) dan pulang pukul 09.00.",
                &[
                    ("Senin (20/2)", D, Some("2023-02-20"), None, None),
                    ("pukul 09.00", T, Some("2023-02-20T09:00"), None, None),
                ],
            ),
        ]);
    }

    #[test]
    fn durations_sets_and_vague_references() {
        check(&[
            ("satu tahun", &[("satu tahun", DU, Some("P1Y"), None, None)]),
            (
                "selama tiga bulan",
                &[("tiga bulan", DU, Some("P3M"), None, None)],
            ),
            (
                "dalam lima tahun terakhir",
                &[("lima tahun terakhir", DU, Some("P5Y"), None, None)],
            ),
            (
                "tiga puluh hari",
                &[("tiga puluh hari", DU, Some("P30D"), None, None)],
            ),
            ("sepekan", &[("sepekan", DU, Some("P1W"), None, None)]),
            ("1,5 jam", &[("1,5 jam", DU, Some("PT90M"), None, None)]),
            (
                "penjara dua tahun delapan bulan",
                &[("dua tahun delapan bulan", DU, Some("P2Y8M"), None, None)],
            ),
            (
                "bertahun-tahun",
                &[("bertahun-tahun", DU, Some("PXY"), None, None)],
            ),
            (
                "setiap Senin",
                &[("setiap Senin", SET, Some("XXXX-WXX-1"), None, None)],
            ),
            (
                "tiap tahun",
                &[("tiap tahun", SET, Some("P1Y"), None, None)],
            ),
            (
                "tiap hari Minggu",
                &[("tiap hari Minggu", SET, Some("XXXX-WXX-7"), None, None)],
            ),
            (
                "setiap Jumat malam",
                &[("setiap Jumat malam", SET, Some("XXXX-WXX-5TNI"), None, None)],
            ),
            (
                "setiap Sabtu dan Minggu",
                &[
                    ("setiap Sabtu", SET, Some("XXXX-WXX-6"), None, None),
                    ("Minggu", SET, Some("XXXX-WXX-7"), None, None),
                ],
            ),
            (
                "setiap Senin, Rabu, dan Jumat",
                &[
                    ("setiap Senin", SET, Some("XXXX-WXX-1"), None, None),
                    ("Rabu", SET, Some("XXXX-WXX-3"), None, None),
                    ("Jumat", SET, Some("XXXX-WXX-5"), None, None),
                ],
            ),
            (
                "setiap bulan Juni",
                &[("setiap bulan Juni", SET, Some("XXXX-06"), None, None)],
            ),
            (
                "dua kali seminggu",
                &[("dua kali seminggu", SET, Some("P1W"), None, None)],
            ),
            ("kini", &[("kini", D, Some("PRESENT_REF"), None, None)]),
            (
                "saat ini",
                &[("saat ini", D, Some("PRESENT_REF"), None, None)],
            ),
            (
                "Dulu, pasar ini sepi.",
                &[("Dulu", D, Some("PAST_REF"), None, None)],
            ),
            ("Tunggu dulu.", &[]),
            (
                "beberapa waktu lalu",
                &[("beberapa waktu lalu", D, Some("PAST_REF"), None, None)],
            ),
            (
                "Ramadhan sebentar lagi.",
                &[("sebentar lagi", D, Some("FUTURE_REF"), None, None)],
            ),
            ("nanti", &[("nanti", D, Some("FUTURE_REF"), None, None)]),
        ]);
    }

    #[test]
    fn story_relative_expressions_count_from_the_last_date_mentioned() {
        check(&[
            (
                "Kapal tiba 16 Agustus 2017. Tiga bulan kemudian, kapal pergi.",
                &[
                    ("16 Agustus 2017", D, Some("2017-08-16"), None, None),
                    ("Tiga bulan kemudian", D, Some("2017-11"), None, None),
                ],
            ),
            (
                "Pada Senin (20/2), kasus naik dari sehari sebelumnya.",
                &[
                    ("Senin (20/2)", D, Some("2023-02-20"), None, None),
                    ("sehari sebelumnya", D, Some("2023-02-19"), None, None),
                ],
            ),
            (
                "Pada 2019 ia menikah; tahun berikutnya ia pindah.",
                &[
                    ("2019", D, Some("2019"), None, None),
                    ("tahun berikutnya", D, Some("2020"), None, None),
                ],
            ),
            // A look back compares; the story stays at Monday.
            (
                "Pada Senin (20/2), kasus naik dari sehari sebelumnya. Keesokan harinya, kasus turun.",
                &[
                    ("Senin (20/2)", D, Some("2023-02-20"), None, None),
                    ("sehari sebelumnya", D, Some("2023-02-19"), None, None),
                    ("Keesokan harinya", D, Some("2023-02-21"), None, None),
                ],
            ),
            // With no date before it, the story is at the reference date.
            (
                "Keesokan harinya hujan.",
                &[("Keesokan harinya", D, Some("2023-02-23"), None, None)],
            ),
        ]);
    }

    #[test]
    fn named_days_win_over_day_words() {
        check(&[
            (
                "kemarin Rabu (13/1/2021)",
                &[(
                    "kemarin Rabu (13/1/2021)",
                    D,
                    Some("2021-01-13"),
                    None,
                    None,
                )],
            ),
            (
                "kemarin, Selasa",
                &[("kemarin, Selasa", D, Some("2023-02-21"), None, None)],
            ),
        ]);
    }

    #[test]
    fn a_range_glued_by_the_tokenizer() {
        // The tokenizer keeps `April-11` whole, like `COVID-19`.
        check(&[(
            "28 April-11 Mei 2020",
            &[
                ("28 April", D, Some("2020-04-28"), None, None),
                ("11 Mei 2020", D, Some("2020-05-11"), None, None),
            ],
        )]);
    }

    #[test]
    fn minggu_is_the_weekday_or_the_week() {
        check(&[
            (
                "Minggu (24/8)",
                &[("Minggu (24/8)", D, Some("2022-08-24"), None, None)],
            ),
            (
                "pada Minggu, polisi",
                &[("Minggu", D, Some("2023-02-19"), None, None)],
            ),
            (
                "hari Minggu",
                &[("hari Minggu", D, Some("2023-02-19"), None, None)],
            ),
            (
                "Minggu pagi",
                &[("Minggu pagi", T, Some("2023-02-19TMO"), None, None)],
            ),
            (
                "minggu lalu",
                &[("minggu lalu", D, Some("2023-W07"), None, None)],
            ),
            (
                "Minggu lalu, ia pergi.",
                &[("Minggu lalu", D, Some("2023-W07"), None, None)],
            ),
            ("dua minggu", &[("dua minggu", DU, Some("P2W"), None, None)]),
        ]);
    }

    #[test]
    fn numbers_that_are_not_dates() {
        check(&[
            ("Harganya Rp 2.023 per lembar.", &[]),
            ("Skor akhir 2-1 untuk tuan rumah.", &[]),
            ("Pasal 22 ayat 3", &[]),
            ("pandemi COVID-19 melanda", &[]),
            ("sebanyak 2000 orang hadir", &[]),
            ("Hubungi 0812-2019-3344 segera.", &[]),
            ("naik 20,23 persen", &[]),
            ("versi 2.0", &[]),
            ("Universitas Sebelas Maret", &[]),
            ("berusia 40-an", &[]),
            ("trayek Pasar Minggu-Kampung Melayu", &[]),
            ("kecepatan 55 kilometer per jam", &[]),
            ("foto yang baru saja dibuat", &[]),
            ("terlebih dulu", &[]),
        ]);
    }

    #[test]
    fn no_reference_no_value_and_never_the_clock() {
        let got = run("Ia tiba kemarin. Perang pecah 24 Februari 2022.", None);
        assert_eq!(got[0].2, None, "kemarin without a reference");
        assert_eq!(got[1].2.as_deref(), Some("2022-02-24"));
    }

    #[test]
    fn mentions_are_sorted_disjoint_and_on_char_boundaries() {
        // Texts made of date words, numbers, marks and non-ASCII, in random
        // order (a fixed-seed generator), with and without a reference date.
        let pool = [
            "Senin",
            "Minggu",
            "minggu",
            "(",
            ")",
            "20/2",
            "22/2/2023",
            "9/1/14",
            "-",
            ",",
            ".",
            "Agustus",
            "Agt.",
            "April-11",
            "Mei",
            "2020",
            "1990-an",
            "'",
            "90-an",
            "tahun",
            "lalu",
            "depan",
            "ini",
            "kemarin",
            "lusa",
            "pukul",
            "14.30",
            "13:05:46",
            "WIB",
            "malam",
            "dini",
            "hari",
            "tadi",
            "setiap",
            "sejak",
            "awal",
            "akhir",
            "pekan",
            "dua",
            "puluh",
            "setengah",
            "sepekan",
            "kuartal",
            "III-2020",
            "abad",
            "ke-21",
            "hingga",
            "dan",
            "sebelumnya",
            "kemudian",
            "Rp",
            "2.023",
            "“",
            "é",
            "😀",
            "\n",
            "\u{a0}",
            "99999999",
            "0",
            "31",
            "24.00",
            "SM",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..3000 {
            let mut text = String::new();
            for _ in 0..(1 + round % 17) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pool[(seed % pool.len() as u64) as usize]);
                text.push(if seed.is_multiple_of(5) { '\n' } else { ' ' });
            }
            for reference in [None, Some("2023-02-22")] {
                let options = Options {
                    reference_date: reference.map(|d| ReferenceDate {
                        date: d.parse().unwrap(),
                        from: DateSource::Option,
                    }),
                    ..Options::default()
                };
                let a = analyze(&text, &options);
                let mut end = 0;
                for d in &a.dates {
                    assert!(d.span.start >= end && d.span.start < d.span.end, "{text:?}");
                    assert!(
                        text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end)
                    );
                    end = d.span.end;
                }
            }
        }
    }

    #[test]
    fn datelines_supply_the_reference() {
        let cases = [
            (
                "JAKARTA, KOMPAS.com - Rabu (22/2/2023), kemarin hujan.",
                Some("2023-02-22"),
            ),
            (
                "Jakarta, Rabu (22/2/2023) - Hujan turun kemarin.",
                Some("2023-02-22"),
            ),
            ("Kami bertemu pada Rabu (22/2/2023) lalu, kemarin.", None),
            ("Presiden tiba 24 Februari 2022 kemarin.", None),
        ];
        for (text, expected) in cases {
            let a = analyze(text, &Options::default());
            let got = a.reference_date.map(|r| (r.date.to_string(), r.from));
            assert_eq!(
                got,
                expected.map(|d| (d.to_string(), DateSource::Dateline)),
                "{text}"
            );
        }
        // A given reference date wins over the dateline.
        let given = run(
            "JAKARTA, KOMPAS.com - Rabu (22/2/2023), kemarin hujan.",
            Some("2024-01-10"),
        );
        assert_eq!(given[1].2.as_deref(), Some("2024-01-09"));
    }
}
