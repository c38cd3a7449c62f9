//! The trained tagger's weights: the file format of `model.bin` and the table
//! the tagger reads.
//!
//! `model.bin` is written by [`super::train`] (see README, "Training the
//! entity model") and embedded in the binary. It is read in place: loading
//! checks the header and the section sizes and allocates nothing the size of
//! the model, so a run that tags one short text pays for the rows it touches
//! only. Layout, little-endian:
//!
//! ```text
//! "WARTANER" version:u32 tags:u32 dense_rows:u32 rows:u32
//! transitions:    (TAGS + 1) × TAGS f32  (from each tag, or from the start)
//! rows:           rows × TAGS f32: the dense rows, then each block's rows
//! blocks:         table of key → first row of the key's block
//! frequent words: count:u32, kinds: count × u8 (token kind), ends: count ×
//!                 u32 (where each word ends in the text), then the UTF-8 text
//! frequent index: table of a frequent word's surface key → its index
//! common words:   table of key → 0
//! ```
//!
//! A table is `bits:u32 slots:u32` then `slots` × (key:u64 value:u32). Its
//! keys are ascending; a key's home is slot `key >> (64 - bits)`, and it sits
//! there or, if that is taken, in the slot after the key before it. Unused
//! slots, the last one always among them, have the key `u64::MAX` and the
//! value `u32::MAX`. A lookup walks from the home slot and stops at the
//! first key not below its own.
//!
//! Training rounds weights to multiples of a scale (the largest weight over
//! 32767) and leaves out blocks that round to zero; the file holds the
//! rounded weights as `f32`, ready to add (twice the bytes of `i16`, which
//! cost a conversion per weight on every text).
//!
//! The frequent words (the commonest forms in the training text, as written)
//! are no weights: the tagger sums their rows the first time it meets one, so
//! that most tokens of a text cost one lookup.
//!
//! A block belongs to one hashed key (a word, a shape, an affix) and holds
//! [`key::rows`](super::features::key::rows) rows, zero ones included, so
//! that a block's rows follow each other.

use super::features::{DENSE_ROWS, RowSource, TAGS};
use crate::analysis::TokenKind;

const MAGIC: &[u8; 8] = b"WARTANER";

/// Token kinds by their code in the file: their position in [`TokenKind::ALL`].
const KINDS: [TokenKind; 10] = TokenKind::ALL;
const VERSION: u32 = 4;

/// Bytes of one row in the file.
const ROW: usize = 4 * TAGS;
/// Bytes of one table slot.
const SLOT: usize = 12;
const UNUSED: u32 = u32::MAX;
const UNUSED_KEY: u64 = u64::MAX;

/// The bytes of a model: embedded in the binary, or made at run time and
/// leaked (training and tests make a few models per process). A plain slice,
/// so that the lookups on every token need not ask which.
type Bytes = &'static [u8];

/// A hash table laid out in a model's bytes (see the module comment).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    slots: &'static [[u8; SLOT]],
    shift: u32,
}

impl Table {
    /// The table at `*at` in `bytes`; moves `*at` past it.
    fn read(bytes: Bytes, at: &mut usize) -> Result<Table, String> {
        let mut r = Reader { bytes, at: *at };
        let bits = r.u32()?;
        let slots = r.u32()? as usize;
        if !(1..=32).contains(&bits) || slots < 1 << bits {
            return Err("a table of the model is malformed".into());
        }
        let all = r.take(slots.checked_mul(SLOT).ok_or("model file is truncated")?)?;
        if all[all.len() - SLOT..all.len() - 4] != UNUSED_KEY.to_le_bytes() {
            return Err("a table of the model does not end with an unused slot".into());
        }
        *at = r.at;
        Ok(Table {
            slots: all.as_chunks().0,
            shift: 64 - bits,
        })
    }

    /// The value of `key`, if the table has it.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<u32> {
        let mut i = (key >> self.shift) as usize;
        // The last slot's key is the greatest: the walk ends there at most.
        loop {
            let slot = &self.slots[i];
            let k = u64::from_le_bytes(slot[..8].try_into().expect("eight bytes"));
            if k >= key {
                let value = u32::from_le_bytes([slot[8], slot[9], slot[10], slot[11]]);
                return (k == key && value != UNUSED).then_some(value);
            }
            i += 1;
        }
    }

    /// The keys the table holds.
    fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.slots
            .iter()
            .map(|slot| u64::from_le_bytes(slot[..8].try_into().expect("eight bytes")))
            .filter(|&k| k != UNUSED_KEY)
    }

    /// Writes a table of `entries` (for a key given twice, the last value).
    fn write(out: &mut Vec<u8>, mut entries: Vec<(u64, u32)>) {
        entries.reverse();
        entries.sort_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        let bits = (entries.len() + entries.len() / 4)
            .next_power_of_two()
            .trailing_zeros()
            .max(1);
        let mut slots: Vec<(u64, u32)> = vec![(UNUSED_KEY, UNUSED); 1 << bits];
        let mut next = 0;
        for (key, value) in entries {
            assert!(key != UNUSED_KEY, "a key equal to the mark of unused slots");
            let at = ((key >> (64 - bits)) as usize).max(next);
            if at == slots.len() {
                slots.push((UNUSED_KEY, UNUSED));
            }
            slots[at] = (key, value);
            next = at + 1;
        }
        if next == slots.len() {
            slots.push((UNUSED_KEY, UNUSED));
        }
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(&(slots.len() as u32).to_le_bytes());
        for (key, value) in slots {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
}

/// One bit per range of keys: set if the table holds a key of the range.
///
/// Most keys the tagger asks the blocks for are not there (93% of its word
/// pairs, four in five of its words as written), and each asking cost a
/// probe into a table of 400 kB, mostly a cache miss. The filter, 16 kB,
/// answers most of them from the processor's cache; a key it lets through
/// is looked up.
#[derive(Debug, Clone)]
struct Filter {
    bits: Box<[u64]>,
}

/// Bits of a key that pick its bit of a [`Filter`]: 2^17 bits, of which a
/// model's 23k to 26k blocks set one in six, so that five absent keys in six
/// are turned away. (2^18 bits turned away more but, twice the bytes, were
/// missed more often; 2^16 turned away too few.)
const FILTER_BITS: u32 = 17;

impl Filter {
    fn of(keys: impl Iterator<Item = u64>) -> Filter {
        let mut bits = vec![0u64; 1 << (FILTER_BITS - 6)].into_boxed_slice();
        for key in keys {
            let at = key >> (64 - FILTER_BITS);
            bits[(at / 64) as usize] |= 1 << (at % 64);
        }
        Filter { bits }
    }

    /// Whether the table may hold `key` (it does not if not).
    #[inline]
    fn may_hold(&self, key: u64) -> bool {
        let at = key >> (64 - FILTER_BITS);
        self.bits[(at / 64) as usize] & 1 << (at % 64) != 0
    }
}

/// A table of tag weights: rows of [`TAGS`] weights, hashed blocks, and the
/// tag-to-tag transition weights, read in place from the model's bytes.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    rows: &'static [[u8; ROW]],
    blocks: Table,
    /// The keys `blocks` may hold.
    filter: Filter,
    /// `transitions[from][to]`; `from == TAGS` is the start of a sentence.
    pub transitions: [[f32; TAGS]; TAGS + 1],
    /// The commonest word forms of the training text, with their token kind.
    pub frequent: WordList,
    /// Surface key of each frequent word → its index in `frequent`.
    pub frequent_index: Table,
    /// Keys of the words the training text writes in lowercase.
    pub common: Table,
}

impl RowSource for &Model {
    fn block(&mut self, _kind: u8, key: u64) -> Option<u32> {
        if self.filter.may_hold(key) {
            self.blocks.get(key)
        } else {
            None
        }
    }
}

/// Weights as training leaves them, before they are rounded into a file.
pub(crate) struct Weights<'a> {
    pub dense: &'a [[f64; TAGS]],
    /// `(key, kind, rows)` sorted by key.
    pub blocks: Vec<(u64, u8, &'a [[f64; TAGS]])>,
    pub transitions: [[f64; TAGS]; TAGS + 1],
    /// Weights smaller than this (in absolute value) are written as zero.
    pub prune: f64,
    pub frequent: &'a [(String, TokenKind)],
    pub common: &'a [u64],
}

/// Weights rounded to multiples of `scale`: what a file holds.
struct Rounded<'a> {
    scale: f32,
    transitions: [[f32; TAGS]; TAGS + 1],
    dense: Vec<[i16; TAGS]>,
    /// `(key, rows)`, the blocks kept.
    blocks: Vec<(u64, Vec<[i16; TAGS]>)>,
    frequent: Vec<(&'a str, TokenKind)>,
    common: &'a [u64],
}

impl Model {
    /// A model whose weights are all zero: tags nothing.
    pub(crate) fn empty() -> Model {
        let bytes = Rounded {
            scale: 1.0,
            transitions: [[0.0; TAGS]; TAGS + 1],
            dense: vec![[0; TAGS]; DENSE_ROWS as usize],
            blocks: Vec::new(),
            frequent: Vec::new(),
            common: &[],
        }
        .encode();
        Model::from_bytes(&bytes).expect("the empty model is valid")
    }

    /// Reads a model file; an empty file is the [`Model::empty`] model.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        if bytes.is_empty() {
            return Ok(Model::empty());
        }
        Model::read(Box::leak(bytes.into()))
    }

    /// [`Model::from_bytes`] of bytes embedded in the binary, used in place.
    pub(crate) fn from_static(bytes: &'static [u8]) -> Result<Model, String> {
        if bytes.is_empty() {
            return Ok(Model::empty());
        }
        Model::read(bytes)
    }

    fn read(bytes: Bytes) -> Result<Model, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err("not a warta entity model".into());
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(format!("model version {version}, expected {VERSION}"));
        }
        let tags = r.u32()?;
        if tags as usize != TAGS {
            return Err(format!("model has {tags} tags, the tagger {TAGS}"));
        }
        let dense_rows = r.u32()?;
        if dense_rows != DENSE_ROWS {
            return Err(format!(
                "model has {dense_rows} dense rows, features have {DENSE_ROWS}"
            ));
        }
        let rows = r.u32()? as usize;
        let mut transitions = [[0.0; TAGS]; TAGS + 1];
        for row in transitions.iter_mut() {
            for w in row.iter_mut() {
                *w = r.f32()?;
            }
        }
        let rows = r
            .take(rows.checked_mul(ROW).ok_or("model file is truncated")?)?
            .as_chunks()
            .0;
        if rows.len() < dense_rows as usize {
            return Err("model has fewer rows than dense rows".into());
        }
        let mut at = r.at;
        let blocks = Table::read(bytes, &mut at)?;
        let mut r = Reader { bytes, at };
        let count = r.u32()? as usize;
        let kinds = r.take(count)?;
        let ends: &[[u8; 4]] = r
            .take(count.checked_mul(4).ok_or("model file is truncated")?)?
            .as_chunks()
            .0;
        let end = |e: &[u8; 4]| u32::from_le_bytes(*e) as usize;
        let text = r.take(ends.last().map_or(0, end))?;
        let text = std::str::from_utf8(text).map_err(|e| e.to_string())?;
        if !ends.windows(2).all(|w| end(&w[0]) <= end(&w[1]))
            || !ends.iter().all(|e| text.is_char_boundary(end(e)))
        {
            return Err("a frequent word is not UTF-8".into());
        }
        if kinds.iter().any(|&k| k as usize >= KINDS.len()) {
            return Err("unknown token kind".into());
        }
        let frequent = WordList { text, ends, kinds };
        let mut at = r.at;
        let frequent_index = Table::read(bytes, &mut at)?;
        let common = Table::read(bytes, &mut at)?;
        if at != bytes.len() {
            return Err("trailing bytes after the model".into());
        }
        Ok(Model {
            rows,
            filter: Filter::of(blocks.keys()),
            blocks,
            transitions,
            frequent,
            frequent_index,
            common,
        })
    }

    /// Adds row `r` to `acc`.
    #[inline]
    pub(crate) fn add_row(&self, acc: &mut [f32; TAGS], r: u32) {
        let row = &self.rows[r as usize];
        for (i, a) in acc.iter_mut().enumerate() {
            *a += f32::from_le_bytes([row[4 * i], row[4 * i + 1], row[4 * i + 2], row[4 * i + 3]]);
        }
    }

    /// Writes weights in the file format, rounding each to a multiple of the
    /// scale (the largest weight over 32767).
    pub(crate) fn to_bytes(w: &Weights) -> Vec<u8> {
        let largest = w
            .dense
            .iter()
            .chain(w.blocks.iter().flat_map(|b| b.2.iter()))
            .flat_map(|row| row.iter())
            .fold(0.0f64, |m, &x| m.max(x.abs()));
        let scale = if largest > 0.0 {
            (largest / 32767.0) as f32
        } else {
            1.0
        };
        let q = |x: f64| {
            if x.abs() < w.prune {
                0
            } else {
                (x / scale as f64).round() as i16
            }
        };
        let round = |row: &[f64; TAGS]| row.map(q);
        let mut transitions = [[0.0; TAGS]; TAGS + 1];
        for (to, from) in transitions.iter_mut().zip(&w.transitions) {
            *to = from.map(|x| x as f32);
        }
        Rounded {
            scale,
            transitions,
            dense: w.dense.iter().map(round).collect(),
            blocks: w
                .blocks
                .iter()
                .map(|b| (b.0, b.2.iter().map(round).collect::<Vec<_>>()))
                .filter(|b| b.1.iter().any(|row| row.iter().any(|&x| x != 0)))
                .collect(),
            frequent: w
                .frequent
                .iter()
                .filter(|f| f.0.len() < 256)
                .map(|f| (f.0.as_str(), f.1))
                .collect(),
            common: w.common,
        }
        .encode()
    }
}

impl Rounded<'_> {
    fn encode(&self) -> Vec<u8> {
        let rows = self.dense.len() + self.blocks.iter().map(|b| b.1.len()).sum::<usize>();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(TAGS as u32).to_le_bytes());
        out.extend_from_slice(&(self.dense.len() as u32).to_le_bytes());
        out.extend_from_slice(&(rows as u32).to_le_bytes());
        for row in &self.transitions {
            for &x in row {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        let mut firsts = Vec::with_capacity(self.blocks.len());
        let mut first = self.dense.len() as u32;
        for row in self
            .dense
            .iter()
            .chain(self.blocks.iter().flat_map(|b| b.1.iter()))
        {
            for &x in row {
                out.extend_from_slice(&(x as f32 * self.scale).to_le_bytes());
            }
        }
        for (key, rows) in &self.blocks {
            firsts.push((*key, first));
            first += rows.len() as u32;
        }
        Table::write(&mut out, firsts);
        out.extend_from_slice(&(self.frequent.len() as u32).to_le_bytes());
        for (_, kind) in &self.frequent {
            out.push(KINDS.iter().position(|k| k == kind).unwrap_or(0) as u8);
        }
        let mut end = 0u32;
        for (word, _) in &self.frequent {
            end += word.len() as u32;
            out.extend_from_slice(&end.to_le_bytes());
        }
        for (word, _) in &self.frequent {
            out.extend_from_slice(word.as_bytes());
        }
        let index = self
            .frequent
            .iter()
            .enumerate()
            .map(|(i, &(word, kind))| (super::tagger::surface_key(word, kind, false), i as u32))
            .collect();
        Table::write(&mut out, index);
        Table::write(&mut out, self.common.iter().map(|&k| (k, 0)).collect());
        out
    }
}

/// Words kept one after another in one string, each with its token kind:
/// the model file's frequent words, where they lie (checked when read).
#[derive(Debug, Clone)]
pub(crate) struct WordList {
    text: &'static str,
    /// Where each word ends in `text` (u32).
    ends: &'static [[u8; 4]],
    /// Each word's token kind (an index into `KINDS`).
    kinds: &'static [u8],
}

impl WordList {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn get(&self, i: usize) -> (&'static str, TokenKind) {
        let end = |i: usize| u32::from_le_bytes(self.ends[i]) as usize;
        let start = if i == 0 { 0 } else { end(i - 1) };
        (&self.text[start..end(i)], KINDS[self.kinds[i] as usize])
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).ok_or("model file is truncated")?;
        if end > self.bytes.len() {
            return Err("model file is truncated".into());
        }
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::features::key;

    #[test]
    fn weights_survive_the_file() {
        let mut dense = vec![[0.0f64; TAGS]; DENSE_ROWS as usize];
        dense[3][1] = 2.5;
        dense[7][0] = -1.0;
        let mut word = vec![[0.0; TAGS]; 5];
        word[1][3] = 4.0;
        let zero = vec![[0.0; TAGS]; 1];
        let mut transitions = [[0.0; TAGS]; TAGS + 1];
        transitions[TAGS][2] = -9.0;
        let bytes = Model::to_bytes(&Weights {
            dense: &dense,
            blocks: vec![(42, key::WORD, &word), (43, key::PREFIX, &zero)],
            transitions,
            prune: 0.0,
            frequent: &[
                ("dan".to_string(), TokenKind::Word),
                ("Dr.".to_string(), TokenKind::Abbreviation),
            ],
            common: &[7, 9],
        });
        let m = Model::from_bytes(&bytes).unwrap();
        let w = |r: u32, t: usize| {
            let mut acc = [0.0; TAGS];
            m.add_row(&mut acc, r);
            acc[t]
        };
        assert!((w(3, 1) - 2.5).abs() < 1e-3);
        assert!((w(7, 0) + 1.0).abs() < 1e-3);
        assert_eq!(m.transitions[TAGS][2], -9.0);
        assert_eq!(m.frequent.len(), 2);
        assert_eq!(m.frequent.get(0), ("dan", TokenKind::Word));
        assert_eq!(m.frequent.get(1), ("Dr.", TokenKind::Abbreviation));
        let dr = super::super::tagger::surface_key("Dr.", TokenKind::Abbreviation, false);
        assert_eq!(m.frequent_index.get(dr), Some(1));
        assert_eq!(m.common.get(7), Some(0));
        assert_eq!(m.common.get(9), Some(0));
        assert_eq!(m.common.get(8), None);
        let mut source = &m;
        let first = source.block(key::WORD, 42).unwrap();
        assert!((w(first + 1, 3) - 4.0).abs() < 1e-3);
        assert_eq!(w(first + 2, 0), 0.0);
        assert_eq!(
            source.block(key::PREFIX, 43),
            None,
            "all-zero blocks are dropped"
        );
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"something else").is_err());
    }

    #[test]
    fn tables_find_every_key_and_no_other() {
        // Keys crowded into a few home slots, and spread ones.
        let keys: Vec<u64> = (0..500u64)
            .map(|i| {
                if i % 3 == 0 {
                    i
                } else {
                    i.wrapping_mul(0x9e37_79b9_7f4a_7c15)
                }
            })
            .chain([u64::MAX - 1, u64::MAX - 3])
            .collect();
        let mut out = Vec::new();
        Table::write(
            &mut out,
            keys.iter().map(|&k| (k, k as u32 & 0xffff)).collect(),
        );
        let bytes: Bytes = Box::leak(out.into());
        let mut at = 0;
        let table = Table::read(bytes, &mut at).unwrap();
        assert_eq!(at, bytes.len());
        for &k in &keys {
            assert_eq!(table.get(k), Some(k as u32 & 0xffff), "{k}");
        }
        for k in [501u64, 1000, 1 << 40, u64::MAX - 2, u64::MAX] {
            assert_eq!(table.get(k), None, "{k}");
        }
        // The filter lets every key through, and turns most others away.
        let filter = Filter::of(table.keys());
        assert_eq!(table.keys().count(), keys.len());
        assert!(keys.iter().all(|&k| filter.may_hold(k)));
        let mut random = crate::xorshift(0x2545_f491_4f6c_dd1d);
        let others: Vec<u64> = (0..1000).map(|_| random()).collect();
        let through = others.iter().filter(|&&k| filter.may_hold(k)).count();
        assert!(through < 50, "{through} of 1000 absent keys let through");
    }
}
