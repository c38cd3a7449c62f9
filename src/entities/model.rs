//! The trained tagger's weights: the file format of `model.bin` and the table
//! the tagger reads.
//!
//! `model.bin` is written by [`super::train`] (see README, "Training the
//! entity model") and embedded in the binary. Layout, little-endian:
//!
//! ```text
//! "WARTANER" version:u32 tags:u32 dense_rows:u32 blocks:u32 scale:f32
//! transitions: (TAGS + 1) × TAGS f32   (from each tag, or from the start)
//! dense rows:  dense_rows × TAGS i16   (weight = value × scale)
//! blocks, by key: key:u64 kind:u8 present:u8 (a bit per row) then each
//!                 present row as TAGS i16
//! frequent words: count:u32, then each as kind:u8 (its token kind) len:u8
//!                 and UTF-8 bytes
//! common words:   count:u32, then each one's key as u64, ascending
//! ```
//!
//! The frequent words (the commonest forms in the training text, as written)
//! are no weights: the tagger sums their rows once when it loads, so that most
//! tokens of a text cost one lookup.
//!
//! A block belongs to one hashed key (a word, a shape, an affix) and holds
//! [`key::rows`] rows; rows whose weights all round to zero are left out.

use super::features::{DENSE_ROWS, RowSource, TAGS, key};
use super::hash::HashedMap;
use crate::analysis::TokenKind;

const MAGIC: &[u8; 8] = b"WARTANER";

/// Token kinds by their code in the file.
const KINDS: [TokenKind; 10] = [
    TokenKind::Word,
    TokenKind::Abbreviation,
    TokenKind::Number,
    TokenKind::Quote,
    TokenKind::Punct,
    TokenKind::Symbol,
    TokenKind::Url,
    TokenKind::Email,
    TokenKind::Hashtag,
    TokenKind::Mention,
];
const VERSION: u32 = 2;

/// A table of tag weights: rows of [`TAGS`] weights, hashed blocks, and the
/// tag-to-tag transition weights.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// Rows of weights, each already multiplied by the file's scale (the
    /// product the tagger would otherwise take for every row it adds).
    pub weights: Vec<[f32; TAGS]>,
    blocks: HashedMap<u32>,
    /// `transitions[from][to]`; `from == TAGS` is the start of a sentence.
    pub transitions: [[f32; TAGS]; TAGS + 1],
    /// The commonest word forms of the training text, with their token kind.
    pub frequent: WordList,
    /// Keys of the words the training text writes in lowercase.
    pub common: Vec<u64>,
}

impl RowSource for &Model {
    fn block(&mut self, _kind: u8, key: u64) -> Option<u32> {
        self.blocks.get(&key).copied()
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

impl Model {
    /// A model whose weights are all zero: tags nothing.
    pub(crate) fn empty() -> Model {
        Model {
            weights: vec![[0.0; TAGS]; DENSE_ROWS as usize],
            blocks: HashedMap::default(),
            transitions: [[0.0; TAGS]; TAGS + 1],
            frequent: WordList::default(),
            common: Vec::new(),
        }
    }

    /// Reads a model file; an empty file is the [`Model::empty`] model.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        if bytes.is_empty() {
            return Ok(Model::empty());
        }
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
        let blocks = r.u32()? as usize;
        let scale = r.f32()?;
        let mut transitions = [[0.0; TAGS]; TAGS + 1];
        for row in transitions.iter_mut() {
            for w in row.iter_mut() {
                *w = r.f32()?;
            }
        }
        // Word blocks, the most, have five rows: room for all.
        let mut weights = Vec::with_capacity(dense_rows as usize + blocks * 5);
        for _ in 0..dense_rows {
            weights.push(r.row(scale)?);
        }
        let mut map = HashedMap::default();
        map.reserve(blocks);
        for _ in 0..blocks {
            // One read for the head and one for the rows present.
            let head = r.take(10)?;
            let key = u64::from_le_bytes(head[..8].try_into().expect("eight bytes"));
            let rows = key::rows(head[8]);
            let present = head[9] & ((1u16 << rows) - 1) as u8;
            let mut stored = r
                .take(2 * TAGS * present.count_ones() as usize)?
                .chunks_exact(2 * TAGS);
            map.insert(key, weights.len() as u32);
            for i in 0..rows {
                weights.push(if present & (1 << i) != 0 {
                    scaled(stored.next().expect("a row per bit"), scale)
                } else {
                    [0.0; TAGS]
                });
            }
        }
        let count = r.u32()? as usize;
        let mut text = Vec::new();
        let mut ends = Vec::with_capacity(count);
        for _ in 0..count {
            let head = r.take(2)?;
            let kind = *KINDS.get(head[0] as usize).ok_or("unknown token kind")?;
            text.extend_from_slice(r.take(head[1] as usize)?);
            ends.push((text.len() as u32, kind));
        }
        let text = String::from_utf8(text).map_err(|e| e.to_string())?;
        if !ends
            .iter()
            .all(|&(end, _)| text.is_char_boundary(end as usize))
        {
            return Err("a frequent word is not UTF-8".into());
        }
        let frequent = WordList { text, ends };
        let count = r.u32()? as usize;
        let mut common = Vec::with_capacity(count);
        for _ in 0..count {
            common.push(r.u64()?);
        }
        if r.at != bytes.len() {
            return Err("trailing bytes after the model".into());
        }
        Ok(Model {
            weights,
            blocks: map,
            transitions,
            frequent,
            common,
        })
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
        let nonzero = |row: &[f64; TAGS]| row.iter().any(|&x| q(x) != 0);
        let kept: Vec<&(u64, u8, &[[f64; TAGS]])> = w
            .blocks
            .iter()
            .filter(|b| b.2.iter().any(nonzero))
            .collect();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(TAGS as u32).to_le_bytes());
        out.extend_from_slice(&(w.dense.len() as u32).to_le_bytes());
        out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for row in &w.transitions {
            for &x in row {
                out.extend_from_slice(&(x as f32).to_le_bytes());
            }
        }
        let put_row = |out: &mut Vec<u8>, row: &[f64; TAGS]| {
            for &x in row {
                out.extend_from_slice(&q(x).to_le_bytes());
            }
        };
        for row in w.dense {
            put_row(&mut out, row);
        }
        for (key, kind, rows) in kept {
            out.extend_from_slice(&key.to_le_bytes());
            out.push(*kind);
            let present = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| nonzero(r))
                .fold(0u8, |m, (i, _)| m | 1 << i);
            out.push(present);
            for row in rows.iter().filter(|r| nonzero(r)) {
                put_row(&mut out, row);
            }
        }
        let frequent: Vec<_> = w.frequent.iter().filter(|f| f.0.len() < 256).collect();
        out.extend_from_slice(&(frequent.len() as u32).to_le_bytes());
        for (word, kind) in frequent {
            out.push(KINDS.iter().position(|k| k == kind).unwrap_or(0) as u8);
            out.push(word.len() as u8);
            out.extend_from_slice(word.as_bytes());
        }
        out.extend_from_slice(&(w.common.len() as u32).to_le_bytes());
        for key in w.common {
            out.extend_from_slice(&key.to_le_bytes());
        }
        out
    }
}

/// A row of `TAGS` little-endian i16, each times `scale`.
fn scaled(bytes: &[u8], scale: f32) -> [f32; TAGS] {
    let mut row = [0.0; TAGS];
    for (w, b) in row.iter_mut().zip(bytes.chunks_exact(2)) {
        *w = i16::from_le_bytes([b[0], b[1]]) as f32 * scale;
    }
    row
}

/// Words kept one after another in one string (one allocation for all),
/// each with its token kind.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordList {
    text: String,
    /// Where each word ends in `text`, and its kind.
    ends: Vec<(u32, TokenKind)>,
}

impl WordList {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn get(&self, i: usize) -> (&str, TokenKind) {
        let start = if i == 0 { 0 } else { self.ends[i - 1].0 };
        let (end, kind) = self.ends[i];
        (&self.text[start as usize..end as usize], kind)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, TokenKind)> {
        (0..self.len()).map(|i| self.get(i))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at + n;
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
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    /// A row of `TAGS` i16, each times `scale`.
    fn row(&mut self, scale: f32) -> Result<[f32; TAGS], String> {
        Ok(scaled(self.take(2 * TAGS)?, scale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let w = |r: usize, t: usize| m.weights[r][t];
        assert!((w(3, 1) - 2.5).abs() < 1e-3);
        assert!((w(7, 0) + 1.0).abs() < 1e-3);
        assert_eq!(m.transitions[TAGS][2], -9.0);
        assert_eq!(m.frequent.len(), 2);
        assert_eq!(m.frequent.get(0), ("dan", TokenKind::Word));
        assert_eq!(m.frequent.get(1), ("Dr.", TokenKind::Abbreviation));
        assert_eq!(m.common, [7, 9]);
        let mut source = &m;
        let first = source.block(key::WORD, 42).unwrap() as usize;
        assert!((w(first + 1, 3) - 4.0).abs() < 1e-3);
        assert_eq!(m.weights[first + 2], [0.0; TAGS]);
        assert_eq!(
            source.block(key::PREFIX, 43),
            None,
            "all-zero blocks are dropped"
        );
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"something else").is_err());
    }
}
