//! HTML views: one article with everything warta found marked in its text
//! (`warta view`), and a report over many articles (`warta report`, in
//! [`report`]).
//!
//! Takes the text and its [`Analysis`] — the same analysis the JSON is written
//! from, so the page never disagrees with it — and returns one self-contained
//! page: inline CSS, no script, no network. Every mark carries the code-point
//! offsets of its span (`data-start`, `data-end`) so tests and tools can check
//! it against the JSON. Text is HTML-escaped; nothing of the input is trusted.

pub mod report;

use std::fmt::Write as _;

use crate::analysis::{Analysis, QuoteKind};
use crate::span::{CharIndex, Span};

/// The page's stylesheet, shared by the article view and the report.
pub const CSS: &str = include_str!("style.css");

/// Escapes text for HTML element content and attribute values.
///
/// ```
/// assert_eq!(warta::html::escape("<b> & \"x\""), "&lt;b&gt; &amp; &quot;x&quot;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// What a mark is, outermost first: a quote holds speakers, cues, entities
/// and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Quote,
    Speaker,
    Cue,
    Entity,
    Date,
}

/// One marked span, before it is cut into properly nested fragments.
struct Mark {
    span: Span,
    layer: Layer,
    /// `id` of the mark (`e3`, `d0`, `q1`, `q1-cue`); fragments share it.
    id: String,
    class: String,
    /// Hover text.
    title: String,
    /// Badge shown after the mark (`PER`, `DATE`, `— Vladimir Putin`).
    label: String,
}

/// A full HTML page showing `text` with the entities, dates and quotes of
/// `analysis` marked.
pub fn article_page(source: &str, text: &str, analysis: &Analysis) -> String {
    let index = CharIndex::new(text);
    let marks = marks_of(text, analysis);
    let mut body = String::with_capacity(text.len() * 3);
    render_marked(&mut body, text, &index, &marks);

    let mut page = String::with_capacity(body.len() + 8192);
    page_head(&mut page, &format!("warta — {source}"));
    let _ = write!(
        page,
        "<header><h1>{}</h1><p class=\"meta\">{} sentences · {} tokens · {} entities · {} dates · {} quotes",
        escape(source),
        analysis.sentences.len(),
        analysis.tokens.len(),
        analysis.entities.len(),
        analysis.dates.len(),
        analysis.quotes.len(),
    );
    match analysis.reference_date {
        Some(r) => {
            let _ = write!(
                page,
                " · reference date {} (from {})",
                r.date,
                r.from.as_str()
            );
        }
        None => page.push_str(" · no reference date"),
    }
    page.push_str("</p>");
    page.push_str(LEGEND);
    page.push_str("</header>\n<main>\n<article class=\"text\" id=\"text\">");
    page.push_str(&body);
    page.push_str("</article>\n");
    tables(&mut page, text, analysis);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

const LEGEND: &str = "<ul class=\"legend\" aria-label=\"legend\">\
<li><mark class=\"ent per\">Nama</mark> person (PER)</li>\
<li><mark class=\"ent org\">Lembaga</mark> organization (ORG)</li>\
<li><mark class=\"ent loc\">Tempat</mark> place (LOC)</li>\
<li><mark class=\"date\">tanggal</mark> date or time</li>\
<li><span class=\"quote direct\">“kutipan”</span> direct quote</li>\
<li><span class=\"quote indirect\">kutipan</span> indirect quote</li>\
<li><span class=\"cue\">kata</span> cue</li>\
<li><span class=\"speaker\">pembicara</span> speaker</li>\
</ul><p class=\"hint\">Hover a mark for its label, canonical name, value or speaker.</p>";

pub(crate) fn page_head(page: &mut String, title: &str) {
    let _ = write!(
        page,
        "<!doctype html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        escape(title)
    );
}

fn marks_of(text: &str, a: &Analysis) -> Vec<Mark> {
    let mut marks = Vec::new();
    for (i, e) in a.entities.iter().enumerate() {
        let label = e.label.as_str();
        marks.push(Mark {
            span: e.span,
            layer: Layer::Entity,
            id: format!("e{i}"),
            class: format!("ent {}", label.to_lowercase()),
            title: format!("{label} · {}", e.canonical),
            label: label.to_string(),
        });
    }
    for (i, d) in a.dates.iter().enumerate() {
        let mut title = format!(
            "{} · {}",
            d.timex_type.as_str(),
            d.value.as_deref().unwrap_or("unresolved")
        );
        if let Some(m) = d.modifier {
            let _ = write!(title, " · mod {}", m.as_str());
        }
        if let Some(z) = d.zone {
            let _ = write!(title, " · zone {z}");
        }
        marks.push(Mark {
            span: d.span,
            layer: Layer::Date,
            id: format!("d{i}"),
            class: "date".to_string(),
            title,
            label: d.timex_type.as_str().to_string(),
        });
    }
    for (i, q) in a.quotes.iter().enumerate() {
        let who = q
            .speaker
            .as_ref()
            .map(|s| {
                s.canonical
                    .clone()
                    .unwrap_or_else(|| s.span.of(text).to_string())
            })
            .unwrap_or_else(|| "unknown speaker".to_string());
        let cue = q.cue.map_or("no cue", |c| c.of(text));
        let kind = match q.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
        };
        marks.push(Mark {
            span: q.span,
            layer: Layer::Quote,
            id: format!("q{i}"),
            class: format!("quote {kind}"),
            title: format!("{kind} quote · speaker: {who} · cue: {cue}"),
            label: format!("— {who}"),
        });
        if let Some(c) = q.cue {
            marks.push(Mark {
                span: c,
                layer: Layer::Cue,
                id: format!("q{i}-cue"),
                class: "cue".to_string(),
                title: format!("cue of quote {}", i + 1),
                label: String::new(),
            });
        }
        if let Some(s) = &q.speaker {
            marks.push(Mark {
                span: s.span,
                layer: Layer::Speaker,
                id: format!("q{i}-speaker"),
                class: "speaker".to_string(),
                title: format!("speaker of quote {} · {who}", i + 1),
                label: String::new(),
            });
        }
    }
    marks.retain(|m| !m.span.is_empty());
    marks
}

/// Writes `text` with `marks` as nested elements. Marks that cross each other
/// are cut into fragments that share an `id` (as `data-mark`), so the HTML
/// stays well formed whatever overlaps; the badge goes on the last fragment.
fn render_marked(out: &mut String, text: &str, index: &CharIndex, marks: &[Mark]) {
    let mut bounds: Vec<usize> = vec![0, text.len()];
    for m in marks {
        bounds.push(m.span.start);
        bounds.push(m.span.end);
    }
    bounds.sort_unstable();
    bounds.dedup();

    // Marks in nesting order: outer layers first, then earlier, then longer.
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| {
        let m = &marks[i];
        (m.layer, m.span.start, std::cmp::Reverse(m.span.end), i)
    });

    let mut open: Vec<usize> = Vec::new();
    for w in bounds.windows(2) {
        let (from, to) = (w[0], w[1]);
        let active: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| marks[i].span.start <= from && to <= marks[i].span.end)
            .collect();
        let keep = open.iter().zip(&active).take_while(|(a, b)| a == b).count();
        while open.len() > keep {
            let i = open.pop().expect("non-empty");
            close_mark(out, &marks[i], from);
        }
        for &i in &active[keep..] {
            open_mark(out, &marks[i], index, from);
            open.push(i);
        }
        escape_into(out, &text[from..to]);
    }
    while let Some(i) = open.pop() {
        close_mark(out, &marks[i], text.len());
    }
}

fn open_mark(out: &mut String, m: &Mark, index: &CharIndex, at: usize) {
    let tag = if matches!(m.layer, Layer::Entity | Layer::Date) {
        "mark"
    } else {
        "span"
    };
    let _ = write!(
        out,
        "<{tag} class=\"{}\" data-mark=\"{}\" data-start=\"{}\" data-end=\"{}\" title=\"{}\"",
        m.class,
        m.id,
        index.chars(m.span.start),
        index.chars(m.span.end),
        escape(&m.title)
    );
    if at == m.span.start {
        let _ = write!(out, " id=\"{}\"", m.id);
    }
    out.push('>');
}

fn close_mark(out: &mut String, m: &Mark, at: usize) {
    let tag = if matches!(m.layer, Layer::Entity | Layer::Date) {
        "mark"
    } else {
        "span"
    };
    if at == m.span.end && !m.label.is_empty() {
        let _ = write!(
            out,
            "<span class=\"badge\" aria-hidden=\"true\" data-badge=\"{}\"></span>",
            escape(&m.label)
        );
    }
    let _ = write!(out, "</{tag}>");
}

/// The tables under the article: entities by canonical name, dates, quotes.
fn tables(page: &mut String, text: &str, a: &Analysis) {
    page.push_str("<section class=\"tables\">\n");
    // Entities grouped by (label, canonical), in order of first mention.
    let mut groups: Vec<(&str, &str, usize, usize)> = Vec::new();
    for (i, e) in a.entities.iter().enumerate() {
        let label = e.label.as_str();
        match groups
            .iter_mut()
            .find(|g| g.0 == label && g.1 == e.canonical)
        {
            Some(g) => g.2 += 1,
            None => groups.push((label, &e.canonical, 1, i)),
        }
    }
    let _ = write!(page, "<h2>Entities ({})</h2>", a.entities.len());
    if groups.is_empty() {
        page.push_str("<p class=\"none\">None found.</p>");
    } else {
        page.push_str(
            "<table class=\"entities\"><thead><tr><th>label</th><th>canonical name</th><th>mentions</th></tr></thead><tbody>",
        );
        for (label, canonical, n, first) in &groups {
            let _ = write!(
                page,
                "<tr><td><span class=\"chip {}\">{label}</span></td><td><a href=\"#e{first}\">{}</a></td><td class=\"num\">{n}</td></tr>",
                label.to_lowercase(),
                escape(canonical)
            );
        }
        page.push_str("</tbody></table>");
    }

    let _ = write!(page, "<h2>Dates ({})</h2>", a.dates.len());
    if a.dates.is_empty() {
        page.push_str("<p class=\"none\">None found.</p>");
    } else {
        page.push_str("<table class=\"dates\"><thead><tr><th>text</th><th>type</th><th>value</th><th>mod</th></tr></thead><tbody>");
        for (i, d) in a.dates.iter().enumerate() {
            let _ = write!(
                page,
                "<tr><td><a href=\"#d{i}\">{}</a></td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
                escape(d.span.of(text)),
                d.timex_type.as_str(),
                escape(d.value.as_deref().unwrap_or("—")),
                d.modifier.map_or("", |m| m.as_str())
            );
        }
        page.push_str("</tbody></table>");
    }

    let _ = write!(page, "<h2>Quotes ({})</h2>", a.quotes.len());
    if a.quotes.is_empty() {
        page.push_str("<p class=\"none\">None found.</p>");
    } else {
        page.push_str("<ol class=\"quotes\">");
        for (i, q) in a.quotes.iter().enumerate() {
            let who = q.speaker.as_ref().map_or_else(
                || "unknown speaker".to_string(),
                |s| {
                    s.canonical
                        .clone()
                        .unwrap_or_else(|| s.span.of(text).to_string())
                },
            );
            let said = q.speaker.as_ref().map(|s| s.span.of(text));
            let _ = write!(
                page,
                "<li><blockquote class=\"{}\"><a href=\"#q{i}\">{}</a></blockquote><p class=\"who\">— <strong>{}</strong>",
                q.kind.as_str(),
                escape(q.span.of(text)),
                escape(&who)
            );
            if let Some(said) = said.filter(|s| *s != who) {
                let _ = write!(page, " (as “{}”)", escape(said));
            }
            if let Some(c) = q.cue {
                let _ = write!(page, " · cue <em>{}</em>", escape(c.of(text)));
            }
            let _ = write!(page, " · {}</p></li>", q.kind.as_str());
        }
        page.push_str("</ol>");
    }
    page.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{DateMention, Entity, EntityLabel, Quote, QuoteKind, Speaker, TimexType};

    /// An analysis of a text holding `Budi`, `Jakarta`, `Senin`, `kata` and
    /// `Kami <siap> di Jakarta`: two entities, a date and a direct quote by
    /// Budi Santoso. Also used by the report's tests.
    pub(super) fn analysis(text: &str) -> Analysis {
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        Analysis {
            entities: vec![
                Entity {
                    span: at("Budi"),
                    label: EntityLabel::Per,
                    canonical: "Budi Santoso".into(),
                },
                Entity {
                    span: at("Jakarta"),
                    label: EntityLabel::Loc,
                    canonical: "Jakarta".into(),
                },
            ],
            dates: vec![DateMention {
                span: at("Senin"),
                timex_type: TimexType::Date,
                value: Some("2023-02-20".into()),
                modifier: None,
                zone: None,
                named: true,
            }],
            quotes: vec![Quote {
                kind: QuoteKind::Direct,
                span: at("Kami <siap> di Jakarta"),
                cue: Some(at("kata")),
                speaker: Some(Speaker {
                    span: at("Budi"),
                    canonical: Some("Budi Santoso".into()),
                    entity: Some(0),
                    role: None,
                }),
                via: None,
                date: None,
                document: None,
            }],
            ..Analysis::default()
        }
    }

    #[test]
    fn marks_nest_and_carry_code_point_offsets() {
        let text = "“Kami <siap> di Jakarta,” kata Budi, Senin.";
        let page = article_page("a & b.txt", text, &analysis(text));
        // The text is escaped, the title too.
        assert!(page.contains("&lt;siap&gt;"));
        assert!(page.contains("<h1>a &amp; b.txt</h1>"));
        // Jakarta inside the quote; code points, not bytes (“ is 3 bytes).
        assert!(page.contains("data-mark=\"e1\" data-start=\"16\" data-end=\"23\""));
        assert!(page.contains("data-mark=\"q0\" data-start=\"1\" data-end=\"23\""));
        let quote_open = page.find("data-mark=\"q0\"").unwrap();
        let jakarta = page.find("data-mark=\"e1\"").unwrap();
        assert!(quote_open < jakarta);
        // Speaker and entity share `Budi`: one inside the other, both closed.
        assert_eq!(
            page.matches("<mark").count(),
            page.matches("</mark>").count()
        );
        assert_eq!(
            page.matches("<span").count(),
            page.matches("</span>").count()
        );
        assert!(page.contains("data-badge=\"— Budi Santoso\""));
        assert!(page.contains("data-badge=\"DATE\""));
        assert!(!page.contains("<script"));
    }

    #[test]
    fn crossing_marks_are_cut_into_fragments() {
        let text = "satu dua tiga";
        let a = Analysis {
            entities: vec![Entity {
                span: Span::new(0, 8),
                label: EntityLabel::Org,
                canonical: "satu dua".into(),
            }],
            dates: vec![DateMention {
                span: Span::new(5, 13),
                timex_type: TimexType::Date,
                value: None,
                modifier: None,
                zone: None,
                named: true,
            }],
            ..Analysis::default()
        };
        let mut out = String::new();
        render_marked(&mut out, text, &CharIndex::new(text), &marks_of(text, &a));
        assert_eq!(out.matches("<mark").count(), out.matches("</mark>").count());
        // The date is cut in two fragments sharing its id; one carries `id=`.
        assert_eq!(out.matches("data-mark=\"d0\"").count(), 2);
        assert_eq!(out.matches("id=\"d0\"").count(), 1);
        let stripped: String = {
            let mut s = String::new();
            let mut in_tag = false;
            for c in out.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag => s.push(c),
                    _ => {}
                }
            }
            s
        };
        assert_eq!(stripped, text);
    }
}
