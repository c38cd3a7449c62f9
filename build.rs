//! Builds the entity stage's word table at compile time (see
//! `src/entities/lists.rs`): every word and phrase of the list files, with
//! the classes of the lists holding it, laid out as an open-addressing table
//! so that start-up parses nothing. The run-time parser stays, in tests,
//! which check that the two agree.

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/list_file.rs"]
mod list_file;

use list_file::entries_of;

#[path = "src/entities/hash.rs"]
#[allow(dead_code)]
mod hash;

/// The list files and their class (`Class` in `lists.rs`, in its order).
/// Classes below this are features of the model (`Class::COUNT`); the others
/// are read by rules only.
const FEATURE_CLASSES: u16 = 15;

const FILES: [(&str, u16); 15] = [
    ("titles.txt", 0),
    ("honorifics.txt", 1),
    ("org-heads.txt", 2),
    ("org-tails.txt", 3),
    ("loc-heads.txt", 4),
    ("calendar.txt", 5),
    ("countries.txt", 6),
    ("regions.txt", 7),
    ("districts.txt", 8),
    ("places.txt", 9),
    ("organizations.txt", 10),
    ("given-names.txt", 11),
    ("family-names.txt", 12),
    ("acronyms.txt", 13),
    ("feasts.txt", 15),
];

fn phrase_key(words: &[&str]) -> u64 {
    let mut h = hash::Fnv::new(b'p');
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            h.byte(b' ');
        }
        h.lower(w);
    }
    h.finish()
}

/// Slots of a table of `entries` (see `lists.rs`): keys ascending, each at
/// its home `key >> (64 - bits)` or after the key before it, unused slots
/// (the last always one) with the key `u64::MAX`.
fn layout<V: Copy>(mut entries: Vec<(u64, V)>, unused: V) -> (u32, Vec<(u64, V)>) {
    entries.sort_by_key(|e| e.0);
    let bits = (entries.len() + entries.len() / 2)
        .next_power_of_two()
        .trailing_zeros()
        .max(1);
    let mut slots = vec![(u64::MAX, unused); 1 << bits];
    let mut next = 0;
    for (key, value) in entries {
        assert!(key != u64::MAX);
        let at = ((key >> (64 - bits)) as usize).max(next);
        if at == slots.len() {
            slots.push((u64::MAX, unused));
        }
        slots[at] = (key, value);
        next = at + 1;
    }
    if next == slots.len() {
        slots.push((u64::MAX, unused));
    }
    (bits, slots)
}

fn main() {
    let dir = Path::new("src/entities");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/entities/hash.rs");
    println!("cargo::rerun-if-changed=src/list_file.rs");
    let mut words: std::collections::HashMap<u64, (u16, u8)> = Default::default();
    let mut phrases: std::collections::HashMap<u64, u16> = Default::default();
    // FNV-1a over the class and entries of every list the model has features
    // for: the model was trained with the lists of this fingerprint or not.
    let mut fingerprint: u64 = 0xcbf2_9ce4_8422_2325;
    let mut fnv = |bytes: &[u8]| {
        for &b in bytes {
            fingerprint = (fingerprint ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    };
    for (name, class) in FILES {
        let path = dir.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path).expect("a list file");
        let feature = class < FEATURE_CLASSES;
        for entry in entries_of(&source) {
            if feature {
                fnv(&[class as u8]);
                fnv(entry.as_bytes());
                fnv(b"\n");
            }
            let parts: Vec<&str> = entry.split_whitespace().collect();
            if parts.len() == 1 {
                words.entry(hash::lower(b'w', entry)).or_default().0 |= 1 << class;
            } else {
                *phrases.entry(phrase_key(&parts)).or_default() |= 1 << class;
                let first = words.entry(hash::lower(b'w', parts[0])).or_default();
                first.1 = first.1.max(parts.len().min(255) as u8);
            }
        }
    }
    let mut out = String::new();
    writeln!(out, "const FEATURE_LISTS: u64 = {fingerprint:#018x};").unwrap();
    let (bits, slots) = layout(words.into_iter().collect(), (0, 0));
    writeln!(out, "const WORD_BITS: u32 = {bits};").unwrap();
    writeln!(out, "static WORDS: [(u64, WordEntry); {}] = [", slots.len()).unwrap();
    for (k, (c, p)) in slots {
        writeln!(
            out,
            "({k:#x}, WordEntry {{ classes: {c}, phrase_words: {p} }}),"
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    let (bits, slots) = layout(phrases.into_iter().collect(), 0);
    writeln!(out, "const PHRASE_BITS: u32 = {bits};").unwrap();
    writeln!(out, "static PHRASES: [(u64, u16); {}] = [", slots.len()).unwrap();
    for (k, c) in slots {
        writeln!(out, "({k:#x}, {c}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    let path = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("entity_lists.rs");
    std::fs::write(path, out).expect("writes the table");
}
