//! The entity stage end to end: the seed article, text without case, and the
//! dev-set floors of issue #3 (skipped when the developers' data folder
//! `../shared/data` is absent).

use std::collections::BTreeSet;

#[path = "support/gold.rs"]
mod gold;

use warta::analysis::{Entity, EntityLabel};
use warta::{Options, analyze};

fn entities(text: &str) -> Vec<Entity> {
    analyze(text, &Options::default()).entities
}

/// `(label, text)` of every entity, once each.
fn found(text: &str) -> BTreeSet<(&'static str, String)> {
    entities(text)
        .iter()
        .map(|e| (e.label.as_str(), e.span.of(text).to_string()))
        .collect()
}

#[test]
fn seed_article_entities_and_canonical_names() {
    let text = include_str!("../fixtures/articles/antv-putin-wang-yi.txt");
    let got = found(text);
    for (label, name) in [
        ("PER", "Vladimir Putin"),
        ("PER", "Wang Yi"),
        ("PER", "Xi Jinping"),
        ("LOC", "Rusia"),
        ("LOC", "Cina"),
        ("LOC", "Tiongkok"),
        ("LOC", "Ukraina"),
        ("LOC", "Eropa"),
        ("LOC", "Amerika Serikat"),
        ("LOC", "Beijing"),
        ("LOC", "Moskow"),
        ("LOC", "Kremlin"),
        ("ORG", "NATO"),
        ("ORG", "Aljazeera"),
    ] {
        assert!(
            got.contains(&(label, name.to_string())),
            "{label} {name} missing from {got:?}"
        );
    }
    let putins: Vec<Entity> = entities(text)
        .into_iter()
        .filter(|e| e.span.of(text).contains("Putin"))
        .collect();
    assert!(putins.len() >= 5);
    assert!(putins.iter().all(|e| e.canonical == "Vladimir Putin"));
}

#[test]
fn feasts_and_months_are_not_persons() {
    let text = "Menjelang Idul Fitri, warga mudik ke kampung. Salat Idul Adha digelar di lapangan. \
                Selama Ramadhan, pasar sepi. Ketua RT Ahmad Ramadhan dan Fitri Handayani hadir.";
    let persons: Vec<String> = entities(text)
        .iter()
        .filter(|e| e.label == EntityLabel::Per)
        .map(|e| e.span.of(text).to_string())
        .collect();
    // A feast's name is no person, nor is the given name inside it (`Fitri`
    // of `Fitri Handayani`); the same words in a person's name still are.
    assert_eq!(persons, ["Ahmad Ramadhan", "Fitri Handayani"]);
}

#[test]
fn abbreviated_terms_are_no_entities() {
    let text = "Jumlah PDP dan ODP di Surabaya naik. Hasil tes PCR keluar kemarin. \
                Penumpang KRL wajib membawa SIKM dan KTP-el. BLT dan THR cair pekan ini.";
    let got = found(text);
    for term in ["PDP", "ODP", "PCR", "KRL", "SIKM", "KTP-el", "BLT", "THR"] {
        assert!(got.iter().all(|(_, t)| t != term), "{term}: {got:?}");
    }
    assert!(got.contains(&("LOC", "Surabaya".to_string())), "{got:?}");
}

#[test]
fn feasts_are_no_organizations_or_places() {
    let text = "Pemerintah menetapkan libur Hari Raya Idul Fitri pada pekan depan. \
                Harga daging naik jelang Idul Adha di Pasar Kramat Jati. \
                Perayaan Imlek di Glodok ramai.";
    let got = found(text);
    assert!(
        got.iter()
            .all(|(_, t)| !t.contains("Idul") && !t.contains("Imlek")),
        "{got:?}"
    );
    // The places beside them are still found.
    assert!(
        got.contains(&("LOC", "Pasar Kramat Jati".to_string())),
        "{got:?}"
    );
    assert!(got.contains(&("LOC", "Glodok".to_string())), "{got:?}");
}

/// `(text, canonical)` of every entity, in order.
fn canonicals(text: &str) -> Vec<(String, String)> {
    entities(text)
        .iter()
        .map(|e| (e.span.of(text).to_string(), e.canonical.clone()))
        .collect()
}

#[test]
fn a_shared_first_name_does_not_make_two_people_one() {
    // Both `Ahmad` are one group (same name); joined to both full names they
    // made Ahmad Hidayat `Ahmad Rifai Harahap`.
    let text = "Kepala Dinas Kesehatan Ahmad Hidayat meninjau rumah sakit, Senin. \
                Ahmad mengatakan, stok obat cukup. Sementara itu, Ketua DPRD Ahmad Rifai \
                Harahap meminta warga tetap di rumah. Menurut Ahmad, pembatasan masih perlu.";
    let got = canonicals(text);
    let of = |name: &str| got.iter().find(|(t, _)| t == name).map(|(_, c)| c.as_str());
    assert_eq!(of("Ahmad Hidayat"), Some("Ahmad Hidayat"), "{got:?}");
    assert_eq!(
        of("Ahmad Rifai Harahap"),
        Some("Ahmad Rifai Harahap"),
        "{got:?}"
    );
    // Nor does a shared place name make a city and a regency one place.
    let text = "Pemerintah Kota Bekasi dan Pemerintah Kabupaten Bekasi membatasi kegiatan \
                warga. Warga Bekasi diminta tetap di rumah.";
    let got = canonicals(text);
    assert!(
        got.contains(&("Kota Bekasi".into(), "Kota Bekasi".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("Kabupaten Bekasi".into(), "Kabupaten Bekasi".into())),
        "{got:?}"
    );
    // A bare region is named after its administrative area, not after the
    // nearer building that bears its name.
    let text = "Pemerintah Kabupaten Sidoarjo menambah ruang isolasi. Ratusan warga \
                berkumpul di Alun-alun Sidoarjo, Minggu. Warga Sidoarjo diminta tetap di rumah.";
    let got = canonicals(text);
    assert!(
        got.contains(&("Sidoarjo".into(), "Kabupaten Sidoarjo".into())),
        "{got:?}"
    );
}

#[test]
fn a_name_with_an_initial_joins_the_full_name() {
    let text = "Terpidana Joko Soegiarto Tjandra ditangkap di Malaysia. Tjandra dibawa ke \
                Jakarta. Kuasa hukum Joko S Tjandra membantah. Menurut pengacara, Tjandra \
                tidak kabur.";
    let got = canonicals(text);
    let persons: Vec<_> = got.iter().filter(|(t, _)| t.contains("Tjandra")).collect();
    assert_eq!(persons.len(), 4, "{got:?}");
    assert!(
        persons.iter().all(|(_, c)| c == "Joko Soegiarto Tjandra"),
        "{got:?}"
    );
}

#[test]
fn entities_are_sorted_and_do_not_overlap() {
    let text = include_str!("../fixtures/articles/antv-putin-wang-yi.txt");
    let all = entities(text);
    for pair in all.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "{pair:?}");
    }
}

#[test]
fn lowercase_text_still_has_entities() {
    let text = "presiden joko widodo bertemu perdana menteri jepang fumio kishida di tokyo.";
    let got = found(text);
    assert!(got.contains(&("PER", "joko widodo".to_string())), "{got:?}");
    assert!(got.contains(&("LOC", "tokyo".to_string())), "{got:?}");
}

#[test]
fn headline_in_capitals_is_not_all_names() {
    let text = "POLISI TANGKAP PENCURI MOTOR DI BEKASI\n\nBEKASI, KOMPAS.com — Polisi menangkap dua pencuri di Tambun, Sabtu.";
    let got = found(text);
    for word in ["POLISI", "TANGKAP", "PENCURI", "MOTOR"] {
        assert!(
            !got.iter().any(|(_, name)| name.contains(word)),
            "{word} tagged in {got:?}"
        );
    }
    // The dateline: a place and a news organization.
    let all = entities(text);
    let dateline: Vec<(EntityLabel, &str)> = all
        .iter()
        .filter(|e| e.span.start > 38 && e.span.end < 62)
        .map(|e| (e.label, e.span.of(text)))
        .collect();
    assert_eq!(
        dateline,
        [
            (EntityLabel::Loc, "BEKASI"),
            (EntityLabel::Org, "KOMPAS.com")
        ]
    );
}

#[test]
fn acronym_definitions_link_later_mentions() {
    let text =
        "Komisi Pemberantasan Korupsi (KPK) memeriksa saksi. Juru bicara KPK menolak berkomentar.";
    let all = entities(text);
    let kpk: Vec<&Entity> = all.iter().filter(|e| e.span.of(text) == "KPK").collect();
    assert_eq!(kpk.len(), 2, "{all:?}");
    for e in kpk {
        assert_eq!(e.label, EntityLabel::Org);
        assert_eq!(e.canonical, "Komisi Pemberantasan Korupsi");
    }
}

/// Typed exact-span F1 of the entity layer over a gold file.
fn dev_f1(name: &str) -> Option<f64> {
    let scores = gold::shared_scores(name)?;
    Some(scores.entities.expect("entities are annotated").typed.f1())
}

#[test]
fn idner_dev_f1_stays_above_the_floor() {
    if let Some(f1) = dev_f1("ner-idner-dev.jsonl") {
        assert!(f1 >= 80.0, "idner-dev typed F1 {f1:.2} < 80");
    }
}

#[test]
fn nergrit_dev_f1_stays_above_the_floor() {
    if let Some(f1) = dev_f1("ner-nergrit-dev.jsonl") {
        assert!(f1 >= 75.0, "nergrit-dev typed F1 {f1:.2} < 75");
    }
}
