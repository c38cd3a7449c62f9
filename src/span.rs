//! One position type for the whole crate, and the one place where byte offsets
//! become the code-point offsets of the JSON contract.
//!
//! Every stage works with [`Span`]s: half-open byte ranges into the analyzed
//! text, always on `char` boundaries. Users of the JSON output get Unicode code
//! points instead (so `text[start:end]` works in Python); [`CharIndex`] does that
//! conversion in O(1) amortised per offset without copying the text.

use std::ops::Range;

/// A half-open byte range `start..end` into the analyzed text.
///
/// ```
/// use warta::Span;
/// let text = "Presiden Joko Widodo";
/// let span = Span::new(9, 13);
/// assert_eq!(span.of(text), "Joko");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// The text this span covers.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The span `by` bytes further on (from a section's offsets to its
    /// text's).
    pub fn shifted(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// Converts byte offsets of one text to code-point offsets.
///
/// Pure-ASCII text converts by identity. Text with few other characters (most
/// news text: curly quotes, dashes, a name with an accent) keeps where its
/// UTF-8 continuation bytes are, so a byte offset converts to itself less the
/// continuation bytes before it, found from the last conversion on (offsets
/// are asked for in increasing order, the items of one array) or by binary
/// search. Other text stores the code-point count at every
/// [`CharIndex::BLOCK`]-th byte (4 bytes per block, about 6 % of the text)
/// and counts the rest of the block.
///
/// ```
/// use warta::CharIndex;
/// let text = "“Kami,” katanya.";
/// let index = CharIndex::new(text);
/// assert_eq!(index.chars(text.find('K').unwrap()), 1);
/// assert_eq!(index.chars(text.len()), 16);
/// ```
#[derive(Debug)]
pub struct CharIndex<'t> {
    text: &'t [u8],
    map: CharMap,
    /// The last conversion, `(byte, n)`: `n` is the code points before
    /// `byte` ([`CharMap::Blocks`]) or the continuation bytes before it
    /// ([`CharMap::Sparse`]).
    cursor: std::cell::Cell<(usize, usize)>,
}

#[derive(Debug)]
enum CharMap {
    Ascii,
    /// The offsets of the continuation bytes, at most one in
    /// [`CharIndex::SPARSE`] bytes.
    Sparse(Vec<u32>),
    /// Code points before each block start.
    Blocks(Vec<u32>),
}

impl<'t> CharIndex<'t> {
    pub const BLOCK: usize = 64;
    /// Texts with at most one continuation byte in this many keep their
    /// offsets (at most 1/8 of the text's size; blocks take 1/16).
    pub const SPARSE: usize = 32;

    pub fn new(text: &'t str) -> CharIndex<'t> {
        let bytes = text.as_bytes();
        let map = if bytes.is_ascii() {
            CharMap::Ascii
        } else if let Some(continuations) = continuations(bytes, bytes.len() / Self::SPARSE) {
            CharMap::Sparse(continuations)
        } else {
            let mut blocks = Vec::with_capacity(bytes.len() / Self::BLOCK + 1);
            let mut count = 0u32;
            for block in bytes.chunks(Self::BLOCK) {
                blocks.push(count);
                count += count_chars(block) as u32;
            }
            blocks.push(count);
            CharMap::Blocks(blocks)
        };
        CharIndex {
            text: bytes,
            map,
            cursor: Default::default(),
        }
    }

    /// The code-point offset of byte offset `byte` (which must be a char boundary
    /// or the end of the text).
    #[inline]
    pub fn chars(&self, byte: usize) -> usize {
        let (from, before) = self.cursor.get();
        match &self.map {
            CharMap::Ascii => byte,
            CharMap::Sparse(continuations) => {
                // Continuation bytes before `byte`: on from the last
                // conversion when it was before, else from the start.
                let (base, rest) = if byte >= from {
                    (before, &continuations[before..])
                } else {
                    (0, &continuations[..])
                };
                let n = match rest.first() {
                    Some(&at) if (at as usize) < byte => {
                        base + rest.partition_point(|&at| (at as usize) < byte)
                    }
                    _ => base,
                };
                self.cursor.set((byte, n));
                byte - n
            }
            CharMap::Blocks(blocks) => {
                let (mut from, mut before) = (from, before);
                if byte < from || byte - from > Self::BLOCK {
                    let block = byte / Self::BLOCK;
                    from = block * Self::BLOCK;
                    before = blocks[block] as usize;
                }
                let chars = before + count_chars(&self.text[from..byte]);
                self.cursor.set((byte, chars));
                chars
            }
        }
    }

    /// The code-point range of a byte span.
    pub fn span(&self, span: Span) -> (usize, usize) {
        (self.chars(span.start), self.chars(span.end))
    }
}

/// The offsets of the UTF-8 continuation bytes (`0b10xx_xxxx`) of `bytes`,
/// found eight bytes at a time; `None` if there are more than `most` or the
/// text is too long for `u32` offsets.
fn continuations(bytes: &[u8], most: usize) -> Option<Vec<u32>> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    u32::try_from(bytes.len()).ok()?;
    let mut found = Vec::new();
    let mut words = bytes.chunks_exact(8);
    for (i, word) in (&mut words).enumerate() {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let mut marks = w & !(w << 1) & HIGH;
        while marks != 0 {
            found.push((i * 8 + marks.trailing_zeros() as usize / 8) as u32);
            marks &= marks - 1;
        }
        if found.len() > most {
            return None;
        }
    }
    let tail = bytes.len() - words.remainder().len();
    for (i, &b) in words.remainder().iter().enumerate() {
        if (b as i8) < -0x40 {
            found.push((tail + i) as u32);
        }
    }
    (found.len() <= most).then_some(found)
}

/// The code points that start in `bytes`: its length less its UTF-8
/// continuation bytes (`0b10xx_xxxx`), counted eight bytes at a time.
pub fn count_chars(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut continuation = 0;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // Bit 7 of each byte that has bit 7 set and bit 6 clear; then the sum
        // of those bits, one per byte, gathered in the top byte.
        let marks = (w & !(w << 1) & HIGH) >> 7;
        continuation += (marks.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    }
    continuation += words
        .remainder()
        .iter()
        .filter(|&&b| (b as i8) < -0x40)
        .count();
    bytes.len() - continuation
}

/// Spans to test others against for overlap ([`Span::overlaps`]) in
/// O(log n) each: sorted by start, each with the furthest end up to it, so a
/// span overlaps one of them if one that starts before its end ends after its
/// start. A long text asks this of thousands of spans against thousands.
pub struct Overlaps {
    /// (start, furthest end among this and the earlier starts).
    starts: Vec<(usize, usize)>,
}

impl Overlaps {
    pub fn new(spans: impl IntoIterator<Item = Span>) -> Overlaps {
        let mut starts: Vec<(usize, usize)> = spans.into_iter().map(|s| (s.start, s.end)).collect();
        starts.sort_unstable();
        let mut furthest = 0;
        for s in &mut starts {
            furthest = furthest.max(s.1);
            s.1 = furthest;
        }
        Overlaps { starts }
    }

    /// Whether `span` overlaps any of the spans.
    pub fn any(&self, span: Span) -> bool {
        let before_end = self.starts.partition_point(|s| s.0 < span.end);
        before_end > 0 && self.starts[before_end - 1].1 > span.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_matches_char_indices() {
        let cases = [
            "",
            "Jakarta",
            "“Kami,” katanya — dengan ÷ rasa 😀 senang.",
            &"é".repeat(300),
            &format!("{}ä{}", "a".repeat(63), "b".repeat(70)),
            // Sparse: one continuation byte in 32 or fewer.
            &format!("“{}” {}é", "a".repeat(100), "b".repeat(70)),
            &format!("{}ä", "a".repeat(40)),
        ];
        for text in cases {
            let index = CharIndex::new(text);
            let sparse = text.len() - text.chars().count() <= text.len() / CharIndex::SPARSE;
            assert_eq!(
                matches!(index.map, CharMap::Sparse(_)),
                sparse && !text.is_ascii()
            );
            let offsets: Vec<(usize, usize)> = text
                .char_indices()
                .enumerate()
                .map(|(n, (b, _))| (b, n))
                .collect();
            // In order (the cursor path), in reverse and strided (the block path).
            for &(byte, n) in offsets
                .iter()
                .chain(offsets.iter().rev())
                .chain(offsets.iter().step_by(7))
            {
                assert_eq!(index.chars(byte), n, "{text:?} at byte {byte}");
            }
            assert_eq!(index.chars(text.len()), text.chars().count());
        }
    }

    #[test]
    fn count_chars_counts_code_points() {
        let text = "“Kami,” katanya — dengan ÷ rasa 😀 senang. Ééé ä";
        for start in 0..text.len() {
            for end in start..=text.len() {
                if text.is_char_boundary(start) && text.is_char_boundary(end) {
                    let want = text[start..end].chars().count();
                    assert_eq!(count_chars(&text.as_bytes()[start..end]), want);
                }
            }
        }
    }

    #[test]
    fn overlaps_agrees_with_testing_each_span() {
        // Every span over 0..8, empty ones too, against sets of spans drawn
        // from a small generator (nested, touching and empty among them).
        let all: Vec<Span> = (0..8)
            .flat_map(|a| (a..8).map(move |b| Span::new(a, b)))
            .collect();
        let mut random = crate::xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..300 {
            let size = random() % 5;
            let set: Vec<Span> = (0..size)
                .map(|_| all[(random() % all.len() as u64) as usize])
                .collect();
            let index = Overlaps::new(set.iter().copied());
            for &span in &all {
                let want = set.iter().any(|s| s.overlaps(span));
                assert_eq!(index.any(span), want, "{span:?} against {set:?}");
            }
        }
    }

    #[test]
    fn span_helpers() {
        let a = Span::new(2, 5);
        let b = Span::new(4, 9);
        assert!(a.overlaps(b));
        assert!(!a.overlaps(Span::new(5, 6)));
        assert_eq!(a.cover(b), Span::new(2, 9));
        assert!(Span::new(0, 10).contains(a));
        assert_eq!(Span::new(9, 13).of("Presiden Joko Widodo"), "Joko");
    }
}
