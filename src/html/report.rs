//! A report over many articles: who is mentioned and quoted most, and when
//! things happened (`warta report`).
//!
//! [`Report::add`] takes one article's analysis at a time and keeps only
//! running counts per distinct entity, speaker and period, so memory grows with
//! the number of distinct names, not of articles. The per-article table is
//! written by the caller as rows ([`article_row`]) to wherever it likes (the
//! CLI uses a temporary file) and handed back to [`Report::write_html`].
//! [`Report::to_json`] gives the same figures as JSON.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Read, Write};

use serde_json::{Value, json};

use crate::analysis::{Analysis, EntityLabel};

use super::{escape, page_head};

/// Longest sample quote kept per speaker, in characters.
const SAMPLE_CHARS: usize = 280;

/// Counts for one name. Names are grouped without case (`Jakarta`,
/// `JAKARTA` and `jakarta` are one place); the report shows the spelling
/// seen most often, preferring mixed case on a tie.
#[derive(Debug, Default, Clone)]
struct Tally {
    articles: usize,
    /// The last article counted, so each article counts once.
    last_article: usize,
    /// How often each spelling was seen.
    forms: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, article: usize, form: &str) {
        if self.articles == 0 || self.last_article != article {
            self.articles += 1;
            self.last_article = article;
        }
        match self.forms.get_mut(form) {
            Some(n) => *n += 1,
            None => {
                self.forms.insert(form.to_string(), 1);
            }
        }
    }

    /// How many mentions (or quotes) were counted.
    fn count(&self) -> usize {
        self.forms.values().sum()
    }

    /// The spelling to show.
    fn name(&self) -> &str {
        let mixed =
            |s: &str| s.chars().any(char::is_uppercase) && s.chars().any(char::is_lowercase);
        self.forms
            .iter()
            .max_by(|a, b| {
                (a.1, mixed(a.0))
                    .cmp(&(b.1, mixed(b.0)))
                    .then_with(|| b.0.cmp(a.0))
            })
            .map_or("", |(form, _)| form.as_str())
    }
}

#[derive(Debug, Default, Clone)]
struct SpeakerTally {
    tally: Tally,
    sample: String,
    sample_article: usize,
}

/// Running figures over the articles added so far.
#[derive(Debug, Default)]
pub struct Report {
    articles: usize,
    totals: [usize; 5],
    entities: HashMap<(EntityLabel, String), Tally>,
    speakers: HashMap<String, SpeakerTally>,
    unattributed_quotes: usize,
    /// Resolved dates per month (`2023-02`) and per year (`2023`).
    months: BTreeMap<String, usize>,
    years: BTreeMap<i32, usize>,
    unresolved_dates: usize,
    top: usize,
}

impl Report {
    /// A report listing the `top` most frequent names of each kind.
    pub fn new(top: usize) -> Report {
        Report {
            top,
            ..Report::default()
        }
    }

    pub fn articles(&self) -> usize {
        self.articles
    }

    /// Counts one article; returns its number (1-based), used for anchors.
    pub fn add(&mut self, text: &str, a: &Analysis) -> usize {
        self.articles += 1;
        let n = self.articles;
        for (t, c) in self.totals.iter_mut().zip([
            a.sentences.len(),
            a.tokens.len(),
            a.entities.len(),
            a.dates.len(),
            a.quotes.len(),
        ]) {
            *t += c;
        }
        for e in &a.entities {
            self.entities
                .entry((e.label, e.canonical.to_lowercase()))
                .or_default()
                .add(n, &e.canonical);
        }
        for q in &a.quotes {
            let name = q.speaker.as_ref().and_then(|s| {
                s.canonical.clone().or_else(|| {
                    // An unresolved pronoun (`dia`, `-nya`) names nobody.
                    let said = s.span.of(text);
                    said.starts_with(char::is_uppercase)
                        .then(|| said.to_string())
                })
            });
            let Some(name) = name else {
                self.unattributed_quotes += 1;
                continue;
            };
            let speaker = self.speakers.entry(name.to_lowercase()).or_default();
            speaker.tally.add(n, &name);
            let quote = q.span.of(text);
            if speaker.sample.is_empty()
                || quote.len() > speaker.sample.len() && speaker.sample.len() < 60
            {
                speaker.sample = clip(quote, SAMPLE_CHARS);
                speaker.sample_article = n;
            }
        }
        for d in &a.dates {
            match d.value.as_deref().and_then(period_of) {
                Some((year, month)) => {
                    *self.years.entry(year).or_default() += 1;
                    if let Some(m) = month {
                        *self.months.entry(format!("{year:04}-{m:02}")).or_default() += 1;
                    }
                }
                None => self.unresolved_dates += 1,
            }
        }
        n
    }

    fn ranked(&self, label: EntityLabel) -> Vec<(&str, &Tally)> {
        let mut v: Vec<(&str, &Tally)> = self
            .entities
            .iter()
            .filter(|((l, _), _)| *l == label)
            .map(|(_, t)| (t.name(), t))
            .collect();
        v.sort_by_cached_key(|&(name, t)| (std::cmp::Reverse(t.count()), name));
        v.truncate(self.top);
        v
    }

    fn ranked_speakers(&self) -> Vec<(&str, &SpeakerTally)> {
        let mut v: Vec<(&str, &SpeakerTally)> = self
            .speakers
            .values()
            .map(|s| (s.tally.name(), s))
            .collect();
        v.sort_by_cached_key(|&(name, s)| (std::cmp::Reverse(s.tally.count()), name));
        v.truncate(self.top);
        v
    }

    /// Bars of the timeline: by month when the months span ten years or less,
    /// else by year.
    fn timeline(&self) -> (&'static str, Vec<(String, usize)>) {
        let span_years = match (self.years.keys().next(), self.years.keys().next_back()) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        };
        if !self.months.is_empty() && span_years <= 10 {
            let first = self.months.keys().next().expect("non-empty").clone();
            let last = self.months.keys().next_back().expect("non-empty").clone();
            let (mut y, mut m) = split_month(&first);
            let (ly, lm) = split_month(&last);
            let mut bars = Vec::new();
            while (y, m) <= (ly, lm) {
                let key = format!("{y:04}-{m:02}");
                bars.push((key.clone(), self.months.get(&key).copied().unwrap_or(0)));
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
            ("month", bars)
        } else {
            let bars = match (self.years.keys().next(), self.years.keys().next_back()) {
                (Some(&a), Some(&b)) => (a..=b)
                    .map(|y| (y.to_string(), self.years.get(&y).copied().unwrap_or(0)))
                    .collect(),
                _ => Vec::new(),
            };
            ("year", bars)
        }
    }

    /// The figures as JSON.
    pub fn to_json(&self) -> Value {
        let names = |label| {
            self.ranked(label)
                .into_iter()
                .map(|(name, t)| json!({"name": name, "mentions": t.count(), "articles": t.articles}))
                .collect::<Vec<_>>()
        };
        let (granularity, bars) = self.timeline();
        json!({
            "articles": self.articles,
            "totals": {
                "sentences": self.totals[0], "tokens": self.totals[1], "entities": self.totals[2],
                "dates": self.totals[3], "quotes": self.totals[4],
            },
            "persons": names(EntityLabel::Per),
            "organizations": names(EntityLabel::Org),
            "places": names(EntityLabel::Loc),
            "speakers": self.ranked_speakers().into_iter().map(|(name, s)| json!({
                "name": name, "quotes": s.tally.count(), "articles": s.tally.articles,
                "sample": s.sample, "sample_article": s.sample_article,
            })).collect::<Vec<_>>(),
            "unattributed_quotes": self.unattributed_quotes,
            "timeline": {
                "granularity": granularity,
                "periods": bars.iter().map(|(p, n)| json!({"period": p, "dates": n})).collect::<Vec<_>>(),
            },
            "unresolved_dates": self.unresolved_dates,
        })
    }

    /// Writes the report page; `rows` holds the per-article table rows made
    /// with [`article_row`], in order.
    pub fn write_html(
        &self,
        out: &mut impl Write,
        title: &str,
        rows: &mut impl Read,
    ) -> io::Result<()> {
        let mut page = String::new();
        page_head(&mut page, &format!("warta report — {title}"));
        let _ = write!(
            page,
            "<header><h1>Report: {}</h1><p class=\"meta\">{} articles · {} entities · {} dates · {} quotes</p></header>\n<main>\n",
            escape(title),
            self.articles,
            self.totals[2],
            self.totals[3],
            self.totals[4]
        );
        page.push_str("<div class=\"grid\">");
        for (label, heading) in [
            (EntityLabel::Per, "Most mentioned persons"),
            (EntityLabel::Org, "Most mentioned organizations"),
            (EntityLabel::Loc, "Most mentioned places"),
        ] {
            self.names_table(&mut page, label, heading);
        }
        page.push_str("</div>\n");
        self.speakers_table(&mut page);
        self.timeline_chart(&mut page);
        page.push_str("<h2 id=\"articles\">Articles</h2>\n<table class=\"articles\"><thead><tr><th>#</th><th>article</th><th class=\"num\">entities</th><th class=\"num\">dates</th><th class=\"num\">quotes</th><th>most mentioned</th></tr></thead><tbody>\n");
        out.write_all(page.as_bytes())?;
        io::copy(rows, out)?;
        out.write_all(b"</tbody></table>\n</main>\n</body>\n</html>\n")
    }

    fn names_table(&self, page: &mut String, label: EntityLabel, heading: &str) {
        let rows = self.ranked(label);
        let _ = write!(page, "<section><h2>{heading}</h2>");
        if rows.is_empty() {
            page.push_str("<p class=\"none\">None found.</p></section>");
            return;
        }
        let max = rows[0].1.count().max(1);
        let class = label.as_str().to_lowercase();
        page.push_str("<table class=\"names\"><thead><tr><th>name</th><th class=\"num\">mentions</th><th class=\"num\">articles</th></tr></thead><tbody>");
        for (name, t) in rows {
            let _ = write!(
                page,
                "<tr><td>{}<span class=\"bar {class}\" style=\"width:{:.1}%\"></span></td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(name),
                100.0 * t.count() as f64 / max as f64,
                t.count(),
                t.articles
            );
        }
        page.push_str("</tbody></table></section>");
    }

    fn speakers_table(&self, page: &mut String) {
        let rows = self.ranked_speakers();
        page.push_str("<h2>Most quoted speakers</h2>");
        if rows.is_empty() {
            let _ = write!(
                page,
                "<p class=\"none\">No attributed quotes ({} without a named speaker).</p>",
                self.unattributed_quotes
            );
            return;
        }
        let max = rows[0].1.tally.count().max(1);
        page.push_str("<table class=\"speakers\"><thead><tr><th>speaker</th><th class=\"num\">quotes</th><th class=\"num\">articles</th><th>sample quote</th></tr></thead><tbody>");
        for (name, s) in rows {
            let _ = write!(
                page,
                "<tr><td>{}<span class=\"bar quote\" style=\"width:{:.1}%\"></span></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><a class=\"sample\" href=\"#a{}\">“{}”</a></td></tr>",
                escape(name),
                100.0 * s.tally.count() as f64 / max as f64,
                s.tally.count(),
                s.tally.articles,
                s.sample_article,
                escape(&s.sample)
            );
        }
        let _ = write!(
            page,
            "</tbody></table><p class=\"meta\">{} quotes without a named speaker are not counted.</p>",
            self.unattributed_quotes
        );
    }

    fn timeline_chart(&self, page: &mut String) {
        let (granularity, bars) = self.timeline();
        let _ = write!(
            page,
            "<h2>Timeline of resolved dates (per {granularity})</h2>"
        );
        if bars.is_empty() {
            let _ = write!(
                page,
                "<p class=\"none\">No resolved dates ({} unresolved: relative expressions without a reference date, durations, sets).</p>",
                self.unresolved_dates
            );
            return;
        }
        let (w, h, left, bottom, top) = (900.0, 240.0, 40.0, 40.0, 12.0);
        let max = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
        let step = (w - left) / bars.len() as f64;
        let label_every = (bars.len() as f64 / 12.0).ceil().max(1.0) as usize;
        let _ = write!(
            page,
            "<figure class=\"timeline\"><svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"dates per {granularity}\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        let _ = write!(
            page,
            "<line x1=\"{left}\" y1=\"{y0}\" x2=\"{w}\" y2=\"{y0}\" stroke=\"#8c959f\"/><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{max}</text><text x=\"{lx}\" y=\"{y0}\" text-anchor=\"end\">0</text>",
            y0 = h - bottom,
            lx = left - 6.0,
            ty = top + 8.0
        );
        for (i, (period, n)) in bars.iter().enumerate() {
            let bh = (h - bottom - top) * *n as f64 / max as f64;
            let x = left + i as f64 * step;
            let _ = write!(
                page,
                "<rect class=\"bar-day\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{period}: {n} dates</title></rect>",
                x + step * 0.1,
                h - bottom - bh,
                (step * 0.8).max(1.0),
                bh
            );
            if i % label_every == 0 {
                let _ = write!(
                    page,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{period}</text>",
                    x + step / 2.0,
                    h - bottom + 16.0
                );
            }
        }
        let _ = write!(
            page,
            "</svg><figcaption class=\"meta\">{} resolved dates; {} unresolved (no reference date, durations, sets) not shown.</figcaption></figure>",
            bars.iter().map(|b| b.1).sum::<usize>(),
            self.unresolved_dates
        );
    }
}

/// The table row of article number `n` for the report's article list.
pub fn article_row(n: usize, source: &str, analysis: &Analysis) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for e in &analysis.entities {
        match counts.iter_mut().find(|c| c.0 == e.canonical) {
            Some(c) => c.1 += 1,
            None => counts.push((&e.canonical, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = counts.iter().take(3).map(|c| escape(c.0)).collect();
    format!(
        "<tr id=\"a{n}\"><td class=\"num\">{n}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        escape(source),
        analysis.entities.len(),
        analysis.dates.len(),
        analysis.quotes.len(),
        top.join(", ")
    )
}

fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
        None => s.to_string(),
    }
}

fn split_month(key: &str) -> (i32, u32) {
    let (y, m) = key.split_once('-').expect("YYYY-MM");
    (y.parse().expect("year"), m.parse().expect("month"))
}

/// Year and, when the value is that precise, month of a TIMEX3 date or time
/// value (`2023-02-22`, `2023-02`, `2023`, `2023-W07`, `2023-Q1`,
/// `2023-02-22T14:30`). Durations, sets, references and years outside
/// 1900–2100 give `None`.
fn period_of(value: &str) -> Option<(i32, Option<u32>)> {
    let year: i32 = value.get(..4)?.parse().ok()?;
    if !(1900..=2100).contains(&year) || !value[..4].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = &value[4..];
    if rest.is_empty() || !rest.starts_with('-') {
        return (rest.is_empty()).then_some((year, None));
    }
    let month = rest.get(1..3).and_then(|m| m.parse::<u32>().ok());
    if let Some(m) = month.filter(|m| (1..=12).contains(m))
        && rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit)
    {
        return Some((year, Some(m)));
    }
    if let Some(week) = rest
        .strip_prefix("-W")
        .and_then(|w| w.get(..2)?.parse::<i8>().ok())
    {
        let date = jiff::civil::ISOWeekDate::new(year as i16, week, jiff::civil::Weekday::Thursday)
            .ok()?;
        return Some((year, Some(date.date().month() as u32)));
    }
    // Quarters, halves, seasons: the year alone.
    Some((year, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Entity, EntityLabel};
    use crate::span::Span;

    #[test]
    fn periods_of_timex_values() {
        let cases = [
            ("2023-02-22", Some((2023, Some(2)))),
            ("2023-02", Some((2023, Some(2)))),
            ("2023", Some((2023, None))),
            ("2023-W07", Some((2023, Some(2)))),
            ("2023-Q1", Some((2023, None))),
            ("2023-02-22T14:30", Some((2023, Some(2)))),
            ("P1Y", None),
            ("PRESENT_REF", None),
            ("XXXX-WXX-1", None),
            ("199", None),
            ("3912-11", None),
        ];
        for (value, expected) in cases {
            assert_eq!(period_of(value), expected, "{value}");
        }
    }

    #[test]
    fn counts_names_speakers_and_periods() {
        let text = "“Kami <siap> di Jakarta,” kata Budi, Senin.";
        let mut a = crate::html::tests::analysis(text);
        // A second person, as often as Budi Santoso: ties rank by name.
        a.entities.push(Entity {
            span: Span::new(0, text.find(' ').unwrap()),
            label: EntityLabel::Per,
            canonical: "Ani".into(),
        });
        let mut report = Report::new(10);
        report.add(text, &a);
        report.add(text, &a);
        let j = report.to_json();
        assert_eq!(j["articles"], 2);
        assert_eq!(j["persons"][0]["name"], "Ani");
        assert_eq!(j["persons"][0]["mentions"], 2);
        assert_eq!(j["persons"][0]["articles"], 2);
        assert_eq!(j["persons"][1]["name"], "Budi Santoso");
        assert_eq!(j["places"][0]["name"], "Jakarta");
        assert_eq!(j["speakers"][0]["name"], "Budi Santoso");
        assert_eq!(j["speakers"][0]["quotes"], 2);
        assert_eq!(
            j["timeline"]["periods"][0],
            json!({"period": "2023-02", "dates": 2})
        );

        let mut html = Vec::new();
        let row = article_row(1, "a<b>.txt", &a);
        report
            .write_html(&mut html, "t", &mut row.as_bytes())
            .unwrap();
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("a&lt;b&gt;.txt"));
        assert!(html.contains("<svg"));
        assert!(html.contains("Budi Santoso"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn names_differing_only_in_case_are_one_row() {
        let text = "Jakarta JAKARTA jakarta Bogor";
        let ent = |s: &str, at: usize| Entity {
            span: Span::new(at, at + s.len()),
            label: EntityLabel::Loc,
            canonical: s.to_string(),
        };
        let a = Analysis {
            entities: vec![ent("Jakarta", 0), ent("JAKARTA", 8), ent("jakarta", 16)],
            ..Analysis::default()
        };
        let mut report = Report::new(10);
        report.add(text, &a);
        let b = Analysis {
            entities: vec![ent("Jakarta", 0), ent("JAKARTA", 8), ent("Bogor", 24)],
            ..Analysis::default()
        };
        report.add(text, &b);
        let j = report.to_json();
        // Two spellings tie at two; mixed case wins.
        assert_eq!(j["places"][0]["name"], "Jakarta", "{j}");
        assert_eq!(j["places"][0]["mentions"], 5);
        assert_eq!(j["places"][0]["articles"], 2);
        assert_eq!(j["places"][1]["name"], "Bogor");
        assert_eq!(j["places"].as_array().unwrap().len(), 2);
    }
}
