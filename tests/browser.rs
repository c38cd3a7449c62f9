//! The HTML pages in a real browser: headless Chromium loads `warta view` and
//! `warta report` pages, dumps the DOM it built and takes screenshots (desktop
//! and phone width, kept in `target/screenshots/` for a human to look at).
//! The DOM must hold one mark for every entity, date and quote of the JSON
//! output, at the same code-point offsets and with the same text.
//!
//! Skips, saying so, when Chromium is not installed (`.ci/run` installs it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};
use serde_json::Value;

const SEED: &str = "fixtures/articles/antv-putin-wang-yi.txt";

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("which").arg(name).output().ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
}

fn warta(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_warta"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs headless Chromium on a page; returns the DOM it built.
fn render(browser: &Path, page: &Path, shots: &[(&str, &str)]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let base = |cmd: &mut Command| {
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()));
    };
    let url = format!("file://{}", page.display());
    for (size, file) in shots {
        let mut cmd = Command::new(browser);
        base(&mut cmd);
        let out = cmd
            .arg(format!("--window-size={size}"))
            .arg(format!("--screenshot={file}"))
            .arg(&url)
            .output()
            .unwrap();
        assert!(
            Path::new(file)
                .metadata()
                .map(|m| m.len() > 5_000)
                .unwrap_or(false),
            "no screenshot {file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut cmd = Command::new(browser);
    base(&mut cmd);
    let out = cmd.arg("--dump-dom").arg(&url).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn view_marks_match_the_json_spans() {
    let Some(browser) = chromium() else {
        eprintln!("skipping: Chromium is not installed (apt-get install chromium)");
        return;
    };
    let json: Value = serde_json::from_slice(&warta(&[SEED])).unwrap();
    let html = warta(&["view", SEED]);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("antv.html");
    std::fs::write(&page, &html).unwrap();
    let shots = screenshot_dir();
    let desktop = shots.join("view-desktop.png");
    let phone = shots.join("view-phone.png");
    let dom = render(
        &browser,
        &page,
        &[
            ("1280,1800", desktop.to_str().unwrap()),
            ("390,2400", phone.to_str().unwrap()),
        ],
    );
    let doc = Html::parse_document(&dom);

    // Every fragment of a mark, joined by its id: (start, end, text).
    let mut marks: BTreeMap<String, (u64, u64, String)> = BTreeMap::new();
    for el in doc.select(&Selector::parse("#text [data-mark]").unwrap()) {
        let v = el.value();
        let id = v.attr("data-mark").unwrap().to_string();
        let start = v.attr("data-start").unwrap().parse().unwrap();
        let end = v.attr("data-end").unwrap().parse().unwrap();
        // Fragments of one mark are disjoint: their texts join in order.
        let text: String = el.text().collect();
        let entry = marks.entry(id).or_insert((start, end, String::new()));
        assert_eq!((entry.0, entry.1), (start, end));
        entry.2.push_str(&text);
    }
    let chars: Vec<char> =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED))
            .unwrap()
            .chars()
            .collect();
    let mut expected = 0;
    for (layer, prefix) in [("entities", "e"), ("dates", "d"), ("quotes", "q")] {
        for (i, item) in json[layer].as_array().unwrap().iter().enumerate() {
            expected += 1;
            let id = format!("{prefix}{i}");
            let (start, end, text) = marks
                .get(&id)
                .unwrap_or_else(|| panic!("no mark {id} for {item}"));
            assert_eq!(
                text,
                item["text"].as_str().unwrap(),
                "{id}: text in the browser"
            );
            assert_eq!(
                (*start, *end),
                (
                    item["start"].as_u64().unwrap(),
                    item["end"].as_u64().unwrap()
                ),
                "{id}"
            );
            let span: String = chars[*start as usize..*end as usize].iter().collect();
            assert_eq!(span, item["text"].as_str().unwrap(), "{id}");
        }
    }
    let top_level = marks.keys().filter(|k| !k.contains('-')).count();
    assert_eq!(top_level, expected, "marks without a JSON span");
    // The article text survives intact in the browser's DOM.
    let article: String = doc
        .select(&Selector::parse("#text").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(article, chars.iter().collect::<String>());
}

#[test]
fn report_renders_tables_and_timeline() {
    let Some(browser) = chromium() else {
        eprintln!("skipping: Chromium is not installed (apt-get install chromium)");
        return;
    };
    let html = warta(&["report", "fixtures"]);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let shots = screenshot_dir();
    let desktop = shots.join("report-desktop.png");
    let phone = shots.join("report-phone.png");
    let dom = render(
        &browser,
        &page,
        &[
            ("1280,2200", desktop.to_str().unwrap()),
            ("390,3000", phone.to_str().unwrap()),
        ],
    );
    let doc = Html::parse_document(&dom);
    let rows = doc
        .select(&Selector::parse("table.articles tbody tr").unwrap())
        .count();
    let fixtures = walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert_eq!(rows, fixtures, "one row per article");
    let json: Value = serde_json::from_slice(&warta(&["report", "--json", "fixtures"])).unwrap();
    assert_eq!(json["articles"].as_u64().unwrap() as usize, fixtures);
    let persons = doc.select(&Selector::parse("table.names").unwrap()).count();
    let listed = ["persons", "organizations", "places"]
        .iter()
        .filter(|k| !json[**k].as_array().unwrap().is_empty())
        .count();
    assert_eq!(persons, listed, "a table per kind that has names");
}
