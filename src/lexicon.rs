//! Word lists as data: the one parser for every list a stage embeds.
//!
//! A list file is UTF-8, one entry a line; `#` starts a comment, blank lines are
//! ignored, surrounding whitespace is trimmed. Stages embed their lists with
//! `include_str!` and parse them once into a [`Lexicon`] held in a `OnceLock`.
//! Entries are stored and looked up lowercase unless the list is built with
//! [`Lexicon::case_sensitive`].

use std::collections::HashSet;

use rustc_hash::FxHashSet;

/// A set of entries parsed from a list file.
///
/// ```
/// use warta::lexicon::Lexicon;
/// let lex = Lexicon::parse("# titles\ndr.\nprof.\n");
/// assert!(lex.contains("Dr."));
/// assert!(!lex.contains("Ir."));
/// ```
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    entries: FxHashSet<String>,
    case_sensitive: bool,
    longest: usize,
}

impl Lexicon {
    /// Parses a list; lookups ignore case.
    pub fn parse(source: &str) -> Lexicon {
        Self::build(source, false)
    }

    /// Parses a list whose entries must match exactly (`AS` the country, not `as`).
    pub fn case_sensitive(source: &str) -> Lexicon {
        Self::build(source, true)
    }

    fn build(source: &str, case_sensitive: bool) -> Lexicon {
        let mut entries = FxHashSet::default();
        let mut longest = 0;
        for entry in entries_of(source) {
            let entry = if case_sensitive {
                entry.to_string()
            } else {
                entry.to_lowercase()
            };
            longest = longest.max(entry.len());
            entries.insert(entry);
        }
        Lexicon {
            entries,
            case_sensitive,
            longest,
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        if word.len() > self.longest {
            return false;
        }
        let bytes = word.as_bytes();
        if self.case_sensitive || !bytes.iter().any(|&b| b.is_ascii_uppercase() || b >= 0x80) {
            return self.entries.contains(word);
        }
        // Lowercase short ASCII words on the stack: lookups are on the hot path.
        const SHORT: usize = 64;
        if bytes.is_ascii() && bytes.len() <= SHORT {
            let mut buf = [0u8; SHORT];
            for (lower, &b) in buf.iter_mut().zip(bytes) {
                *lower = b.to_ascii_lowercase();
            }
            let lower = std::str::from_utf8(&buf[..bytes.len()]).expect("ASCII is UTF-8");
            return self.entries.contains(lower);
        }
        self.entries.contains(&word.to_lowercase())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(String::as_str)
    }
}

#[path = "list_file.rs"]
mod list_file;

pub use list_file::entries_of;

/// Problems that make a list file untidy: entries that are not lowercase (when
/// `lowercase` is asked), duplicates, and entries out of sorted order. Used by
/// each stage's data tests.
pub fn lint(source: &str, lowercase: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut previous: Option<&str> = None;
    for entry in entries_of(source) {
        if lowercase && entry.to_lowercase() != entry {
            problems.push(format!("not lowercase: {entry:?}"));
        }
        if !seen.insert(entry) {
            problems.push(format!("duplicate: {entry:?}"));
        }
        if let Some(prev) = previous
            && prev > entry
        {
            problems.push(format!("out of order: {prev:?} before {entry:?}"));
        }
        previous = Some(entry);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blanks_are_skipped() {
        let src = "# header\n\nalpha  # trailing\n  beta\nc#\n";
        assert_eq!(entries_of(src).collect::<Vec<_>>(), ["alpha", "beta", "c#"]);
    }

    #[test]
    fn lookups_ignore_case_unless_asked() {
        let lex = Lexicon::parse("tbk.\n");
        assert!(lex.contains("Tbk."));
        assert!(lex.contains("TBK."));
        let exact = Lexicon::case_sensitive("AS\n");
        assert!(exact.contains("AS"));
        assert!(!exact.contains("as"));
    }

    #[test]
    fn lint_finds_each_problem() {
        assert!(lint("a\nb\nc\n", true).is_empty());
        assert_eq!(lint("b\na\n", true).len(), 1);
        assert_eq!(lint("a\na\n", true).len(), 1);
        assert_eq!(lint("A\n", true).len(), 1);
        assert!(lint("A\n", false).is_empty());
    }
}
