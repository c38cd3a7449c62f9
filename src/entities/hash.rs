//! A stable 64-bit string hash for feature keys and list lookups.
//!
//! Feature keys are written into the model file at training time and computed
//! again at run time, so the hash must never change with the Rust version or
//! the platform: FNV-1a over the bytes, then a SplitMix64 finaliser so that
//! nearby keys spread over a hash table. Lowercasing is done on the fly, so
//! looking a word up never allocates.
//!
//! Maps keyed by these hashes use [`IdBuild`], which passes the key through.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// An FNV-1a state; [`Fnv::finish`] mixes it into the final key.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    /// A hash of one kind of key (a word, a suffix, a phrase…).
    pub(crate) fn new(kind: u8) -> Fnv {
        let mut h = Fnv(FNV_OFFSET);
        h.byte(kind);
        h
    }

    pub(crate) fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u64).wrapping_mul(FNV_PRIME);
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    /// Adds `s` lowercased (Unicode lowercase, char by char).
    pub(crate) fn lower(&mut self, s: &str) {
        if s.is_ascii() {
            for &b in s.as_bytes() {
                self.byte(b.to_ascii_lowercase());
            }
        } else {
            let mut buf = [0u8; 4];
            for c in s.chars().flat_map(char::to_lowercase) {
                self.bytes(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }

    pub(crate) fn finish(self) -> u64 {
        mix(self.0)
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
        // Only u64 keys are used; fold anything else in FNV style.
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(FNV_PRIME);
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
    fn keys_are_stable() {
        // The model file stores these keys: a change here invalidates it.
        assert_eq!(lower(0, ""), mix(0xaf63_bd4c_8601_b7df));
        assert_eq!(lower(1, "kpk"), lower(1, "KPK"));
    }
}
