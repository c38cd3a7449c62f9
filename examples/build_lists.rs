//! Derives the entity stage's gazetteer lists from the MIT-licensed gazetteers
//! in the developers' data folder, and writes them into `src/entities/`.
//!
//! ```sh
//! cargo run --example build_lists -- ../shared/data
//! ```
//!
//! Output (committed; one lowercase entry a line, sorted, unique, with a header
//! naming the source and its licence):
//! - `countries.txt` from `gazetteers/countries-id.tsv` (umpirsky/country-list, MIT);
//! - `regions.txt`: provinces, regencies and cities, `Kabupaten`/`Kota` prefix
//!   stripped, and `districts.txt`: kecamatan names, both from
//!   `gazetteers/wilayah.tsv` (cahyadsn/wilayah, MIT);
//! - `given-names.txt` and `family-names.txt` from `gazetteers/names-id.tsv`
//!   (mutiawsr/indonesian-names, MIT).
//!
//! Villages (desa/kelurahan, 84 thousand names, many of them ordinary words)
//! are left out. Running it twice gives the same files.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let Some(data) = std::env::args_os().nth(1).map(PathBuf::from) else {
        bail!("usage: build_lists DATA_DIR (the folder holding gazetteers/)");
    };
    let gazetteers = data.join("gazetteers");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/entities");

    let countries = read(&gazetteers.join("countries-id.tsv"))?;
    let mut names = BTreeSet::new();
    for row in rows(&countries) {
        if let [_, name] = row[..] {
            names.insert(normalize(name));
        }
    }
    write(
        &out.join("countries.txt"),
        "Country and territory names in Indonesian (CLDR-derived).\n\
         Source: github umpirsky/country-list data/id/country.csv, MIT License,\n\
         copyright (c) Saša Stamenković. Derived by examples/build_lists.rs.",
        &names,
    )?;

    let wilayah = read(&gazetteers.join("wilayah.tsv"))?;
    let (mut regions, mut districts) = (BTreeSet::new(), BTreeSet::new());
    for row in rows(&wilayah) {
        let [_, level, name] = row[..] else { continue };
        let name = normalize(name);
        match level {
            "provinsi" => {
                regions.insert(name);
            }
            "kabupaten_kota" => {
                let bare = name
                    .strip_prefix("kabupaten ")
                    .or_else(|| name.strip_prefix("kota "))
                    .unwrap_or(&name);
                // `Kota Administrasi Jakarta Selatan` is `Jakarta Selatan` in news.
                let bare = bare.strip_prefix("administrasi ").unwrap_or(bare);
                regions.insert(bare.to_string());
            }
            "kecamatan" => {
                districts.insert(name);
            }
            _ => {}
        }
    }
    let districts: BTreeSet<String> = districts.difference(&regions).cloned().collect();
    let header = "Indonesian administrative regions (Kepmendagri No 300.2.2-2138 Tahun 2025).\n\
         Source: github cahyadsn/wilayah db/wilayah.sql, MIT License,\n\
         copyright (c) 2017-2025 Cahya DSN. Derived by examples/build_lists.rs.";
    write(
        &out.join("regions.txt"),
        &format!("{header}\nProvinces, regencies (kabupaten) and cities (kota), prefix stripped."),
        &regions,
    )?;
    write(
        &out.join("districts.txt"),
        &format!("{header}\nDistricts (kecamatan) not already in regions.txt."),
        &districts,
    )?;

    let people = read(&gazetteers.join("names-id.tsv"))?;
    let (mut given, mut family) = (BTreeSet::new(), BTreeSet::new());
    for row in rows(&people) {
        match row[..] {
            ["first", _, name] => given.insert(normalize(name)),
            ["last", _, name] => family.insert(normalize(name)),
            _ => false,
        };
    }
    let header = "Common Indonesian given and family names.\n\
         Source: github mutiawsr/indonesian-names src/assets/*.csv, MIT License.\n\
         Derived by examples/build_lists.rs.";
    write(
        &out.join("given-names.txt"),
        &format!("{header}\nGiven (first) names."),
        &given,
    )?;
    write(
        &out.join("family-names.txt"),
        &format!("{header}\nFamily (last) names."),
        &family,
    )?;
    Ok(())
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Tab-separated rows, comment lines skipped.
fn rows(source: &str) -> impl Iterator<Item = Vec<&str>> {
    source
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// Lowercase, single spaces, no `#` (the list comment character).
fn normalize(name: &str) -> String {
    name.to_lowercase()
        .replace('#', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn write(path: &Path, header: &str, entries: &BTreeSet<String>) -> Result<()> {
    let mut text = String::new();
    for line in header.lines() {
        text.push_str("# ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("# One lowercase entry a line, sorted. Do not edit by hand.\n");
    for entry in entries {
        text.push_str(entry);
        text.push('\n');
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("{}: {} entries", path.display(), entries.len());
    Ok(())
}
