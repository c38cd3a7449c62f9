//! A stable 64-bit string hash for feature keys and list lookups.
//!
//! Feature keys are written into the model file at training time and computed
//! again at run time, so the hash must never change with the Rust version or
//! the platform. Bytes are gathered eight at a time into a word, each word is
//! folded into the state with a rotate, xor and multiply, and the state gets a
//! SplitMix64 finaliser; lowercase ASCII is made eight bytes at a time. Keys
//! do not depend on how the bytes are split between calls (`"ab"` then `"c"`
//! hashes like `"abc"`), which phrase keys built word by word rely on.
//! Lowercasing is done on the fly, so looking a word up never allocates.
//!
//! Maps keyed by these hashes use [`IdBuild`], which passes the key through.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash state of one key.
#[derive(Clone, Copy)]
pub(crate) struct Fnv {
    state: u64,
    /// Bytes not folded in yet, little-endian, and how many.
    pending: u64,
    count: u32,
    total: u64,
}

impl Fnv {
    /// A hash of one kind of key (a word, a suffix, a phrase…).
    pub(crate) fn new(kind: u8) -> Fnv {
        Fnv {
            state: SEED ^ kind as u64,
            pending: 0,
            count: 0,
            total: 0,
        }
    }

    fn fold(&mut self, word: u64) {
        self.state = (self.state.rotate_left(23) ^ word).wrapping_mul(MULTIPLIER);
    }

    pub(crate) fn byte(&mut self, b: u8) {
        self.pending |= (b as u64) << (8 * self.count);
        self.count += 1;
        self.total += 1;
        if self.count == 8 {
            let word = self.pending;
            self.fold(word);
            self.pending = 0;
            self.count = 0;
        }
    }

    #[inline]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        if !self.pend_short(bytes, Some) {
            self.bytes_long(bytes);
        }
    }

    #[inline(never)]
    fn bytes_long(&mut self, bytes: &[u8]) {
        self.words(bytes, |w| w);
    }

    /// Adds `bytes` (through `map`) to the pending ones if they do not fill
    /// a word with them, as [`Fnv::words`] would: most words, inline, where
    /// a call cost more than the hashing. `false` (and nothing added) if
    /// they would fill one or `map` gives `None`.
    #[inline]
    fn pend_short(&mut self, bytes: &[u8], map: impl Fn(u64) -> Option<u64>) -> bool {
        let count = self.count as usize + bytes.len();
        if count >= 8 {
            return false;
        }
        let Some(word) = map(load_short(bytes)) else {
            return false;
        };
        self.pending |= word << (8 * self.count);
        self.count = count as u32;
        self.total += bytes.len() as u64;
        true
    }

    /// Adds `bytes` a word at a time where it can, each word passed through
    /// `map` (which must map every byte on its own, like lowercasing).
    fn words(&mut self, bytes: &[u8], map: impl Fn(u64) -> u64) {
        if self.count != 0 {
            // Behind pending bytes (a key kind's byte, a phrase's words):
            // each word of `bytes` completes the pending one, and its high
            // bytes are pending after it.
            let shift = 8 * self.count;
            let mut chunks = bytes.chunks_exact(8);
            for chunk in &mut chunks {
                let word = map(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
                self.fold(self.pending | word << shift);
                self.pending = word >> (64 - shift);
                self.total += 8;
            }
            let tail = chunks.remainder();
            if !tail.is_empty() {
                // Zero bytes map to zero, so the padding stays zero.
                let word = map(load_short(tail));
                let count = self.count + tail.len() as u32;
                if count >= 8 {
                    self.fold(self.pending | word << shift);
                    self.pending = word >> (64 - shift);
                    self.count = count - 8;
                } else {
                    self.pending |= word << shift;
                    self.count = count;
                }
                self.total += tail.len() as u64;
            }
            return;
        }
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.fold(map(u64::from_le_bytes(
                chunk.try_into().expect("eight bytes"),
            )));
            self.total += 8;
        }
        let tail = chunks.remainder();
        if !tail.is_empty() {
            let mut word = [0u8; 8];
            word[..tail.len()].copy_from_slice(tail);
            self.pending = map(u64::from_le_bytes(word));
            self.count = tail.len() as u32;
            self.total += tail.len() as u64;
        }
    }

    /// Adds `s` lowercased (Unicode lowercase, char by char).
    #[inline]
    pub(crate) fn lower(&mut self, s: &str) {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let ascii = |w: u64| (w & HIGH == 0).then(|| ascii_lowercase(w));
        if !self.pend_short(s.as_bytes(), ascii) {
            self.lower_long(s);
        }
    }

    /// [`Fnv::lower`] of the words [`Fnv::pend_short`] does not take.
    #[inline(never)]
    fn lower_long(&mut self, s: &str) {
        if self.count == 0 {
            // ASCII text (most words) a word at a time, checked as it goes.
            let before = *self;
            if self.ascii_lower(s.as_bytes()) {
                return;
            }
            *self = before;
        }
        if s.is_ascii() {
            self.words(s.as_bytes(), ascii_lowercase);
        } else {
            let mut buf = [0u8; 4];
            for c in s.chars().flat_map(char::to_lowercase) {
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    self.byte(b);
                }
            }
        }
    }

    /// [`Fnv::words`] with [`ascii_lowercase`], from a word boundary;
    /// `false` (with the state half-way) if `bytes` are not all ASCII.
    fn ascii_lower(&mut self, bytes: &[u8]) -> bool {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if word & HIGH != 0 {
                return false;
            }
            self.fold(ascii_lowercase(word));
            self.total += 8;
        }
        let tail = chunks.remainder();
        if !tail.is_empty() {
            let word = load_short(tail);
            if word & HIGH != 0 {
                return false;
            }
            self.pending = ascii_lowercase(word);
            self.count = tail.len() as u32;
            self.total += tail.len() as u64;
        }
        true
    }

    pub(crate) fn finish(mut self) -> u64 {
        let (pending, total) = (self.pending, self.total);
        self.fold(pending ^ total.rotate_right(8));
        mix(self.state)
    }
}

/// Eight ASCII bytes lowercased at once: a byte in `A..=Z` gets 0x20 added.
fn ascii_lowercase(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let at_least_a = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f); // byte ≥ 0x41 sets its high bit
    let past_z = x.wrapping_add(0x2525_2525_2525_2525); // byte ≥ 0x5b sets its high bit
    x | ((at_least_a & !past_z & HIGH) >> 2)
}

/// Up to eight bytes as a little-endian word, zero-padded: from two
/// overlapping loads, without a loop or a copy.
pub(crate) fn load_short(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    debug_assert!(n <= 8);
    if n >= 4 {
        let lo = u32::from_le_bytes(bytes[..4].try_into().expect("four bytes")) as u64;
        let hi = u32::from_le_bytes(bytes[n - 4..].try_into().expect("four bytes")) as u64;
        // Bytes the two loads share land on themselves.
        lo | hi << (8 * (n - 4))
    } else if n > 0 {
        bytes[0] as u64
            | (bytes[n / 2] as u64) << (8 * (n / 2))
            | (bytes[n - 1] as u64) << (8 * (n - 1))
    } else {
        0
    }
}

/// SplitMix64's finaliser: every input bit affects every output bit.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of `s` lowercased, as key kind `kind`.
pub(crate) fn lower(kind: u8, s: &str) -> u64 {
    let mut h = Fnv::new(kind);
    h.lower(s);
    h.finish()
}

/// A `Hasher` for keys that already are good hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are used; fold anything else in byte by byte.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(MULTIPLIER);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type IdBuild = BuildHasherDefault<IdHasher>;

/// A map from pre-hashed keys.
pub(crate) type HashedMap<V> = HashMap<u64, V, IdBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercasing_is_part_of_the_key() {
        assert_eq!(lower(1, "Jakarta"), lower(1, "jakarta"));
        assert_eq!(lower(1, "JAKARTA"), lower(1, "jakarta"));
        assert_eq!(lower(1, "ÉLYSÉE"), lower(1, "élysée"));
        assert_ne!(lower(1, "jakarta"), lower(2, "jakarta"));
        assert_ne!(lower(1, "ab"), lower(1, "ba"));
    }

    #[test]
    fn keys_do_not_depend_on_how_bytes_are_split() {
        let whole = lower(3, "amerika serikat");
        let mut h = Fnv::new(3);
        h.lower("Amerika");
        h.byte(b' ');
        h.lower("SERIKAT");
        assert_eq!(h.finish(), whole);
        let mut h = Fnv::new(3);
        h.bytes(b"amerika serikat");
        assert_eq!(h.finish(), whole);
    }

    #[test]
    fn pending_bytes_and_words_agree_at_every_split() {
        let text = "Komisi PEMBERANTASAN Korupsi dan Élysée di JAKARTA-19";
        for first in 0..24 {
            let mut whole = Fnv::new(5);
            for &b in text.to_lowercase().as_bytes() {
                whole.byte(b);
            }
            let whole = whole.finish();
            let mut h = Fnv::new(5);
            for b in text[..first].to_lowercase().bytes() {
                h.byte(b);
            }
            h.lower(&text[first..]);
            assert_eq!(h.finish(), whole, "{first}");
            let mut h = Fnv::new(5);
            h.bytes(text[..first].to_lowercase().as_bytes());
            h.bytes(text[first..].to_lowercase().as_bytes());
            assert_eq!(h.finish(), whole, "{first}");
        }
    }

    #[test]
    fn short_words_hash_as_bytes_one_by_one() {
        // Every pending count with every short length: `pend_short` and the
        // word-at-a-time paths against bytes fed one at a time.
        for pending in 0..8 {
            for word in [
                "", "a", "Ab", "KPK", "kata", "Jawa-", "Bandung", "Jakarta", "Élysée",
            ] {
                let mut h = Fnv::new(7);
                let mut one = Fnv::new(7);
                for b in 0..pending {
                    h.byte(b'0' + b);
                    one.byte(b'0' + b);
                }
                let mut lower = h;
                h.bytes(word.as_bytes());
                lower.lower(word);
                let mut one_lower = one;
                for &b in word.as_bytes() {
                    one.byte(b);
                }
                for &b in word.to_lowercase().as_bytes() {
                    one_lower.byte(b);
                }
                assert_eq!(h.finish(), one.finish(), "{pending} {word}");
                assert_eq!(lower.finish(), one_lower.finish(), "{pending} {word}");
            }
        }
    }

    #[test]
    fn lengths_and_kinds_tell_keys_apart() {
        let mut h = Fnv::new(1);
        h.bytes(b"a\0");
        assert_ne!(h.finish(), lower(1, "a"));
        assert_ne!(lower(1, ""), lower(2, ""));
        assert_ne!(lower(1, "abcdefgh"), lower(1, "abcdefgi"));
    }

    #[test]
    fn short_loads_are_zero_padded() {
        for n in 0..=8 {
            let bytes = &b"abcdefgh"[..n];
            let mut word = [0u8; 8];
            word[..n].copy_from_slice(bytes);
            assert_eq!(load_short(bytes), u64::from_le_bytes(word), "{n}");
        }
    }

    #[test]
    fn eight_bytes_lowercase_at_once() {
        let word = u64::from_le_bytes(*b"AZaz@[09");
        assert_eq!(ascii_lowercase(word).to_le_bytes(), *b"azaz@[09");
    }
}
