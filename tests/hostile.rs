//! Hostile inputs, through the binary: huge, degenerate, foreign, vanishing or
//! malformed inputs, and a reader that goes away. Each must give a clear
//! message naming the input (and line), the documented exit status, and lose
//! no other input; nothing may hang (every run has a generous watchdog).
//!
//! Tests named `r_…` guard a bug these inputs found, named for its cause.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

#[path = "support/contract.rs"]
mod contract;

const SEED: &str = "fixtures/articles/antv-putin-wang-yi.txt";

/// A run that takes longer than this has hung (or gone quadratic).
const WATCHDOG: Duration = Duration::from_secs(120);

fn warta() -> Command {
    let mut cmd = Command::cargo_bin("warta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(WATCHDOG);
    cmd
}

fn seed() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap()
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    std::str::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:.200}")))
        .collect()
}

/// Analyzes `text` from stdin with `args`; asserts status 0 and the contract.
fn analyze(text: &str, args: &[&str]) -> Value {
    let out = warta()
        .args(args)
        .write_stdin(text)
        .assert()
        .success()
        .stderr("");
    let mut docs = json_lines(&out.get_output().stdout);
    assert_eq!(docs.len(), 1);
    let doc = docs.pop().unwrap();
    if let Err(broken) = contract::check_json(text, &doc) {
        panic!("{broken}");
    }
    doc
}

fn texts_of(doc: &Value, layer: &str) -> Vec<String> {
    doc[layer]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_1_mb_line_without_spaces_or_punctuation_is_one_token() {
    for (unit, kind) in [("a", "word"), ("é", "word"), ("7", "number")] {
        let text = unit.repeat(1 << 20);
        let doc = analyze(&text, &["--only", "sentences"]);
        assert_eq!(doc["stats"]["tokens"], 1, "{unit}");
        assert_eq!(doc["stats"]["sentences"], 1, "{unit}");
        assert_eq!(doc["stats"]["chars"], 1 << 20, "{unit}");
        let tokens = analyze(&unit.repeat(1000), &["--only", "tokens"]);
        assert_eq!(tokens["tokens"][0]["kind"], kind, "{unit}");
    }
}

#[test]
fn r_ideograph_run_was_quadratic() {
    // UAX #29 gives one piece per ideograph and the run was rescanned for each
    // piece joined: a megabyte of Han text took hours.
    let text = "高".repeat(400_000);
    let doc = analyze(&text, &["--only", "sentences"]);
    assert_eq!(doc["stats"]["tokens"], 1);
    assert_eq!(doc["stats"]["chars"], 400_000);
    let short = analyze("高雄大眾 dan 中国", &["--only", "tokens"]);
    assert_eq!(texts_of(&short, "tokens"), ["高雄大眾", "dan", "中国"]);
}

#[test]
fn r_dotted_word_was_quadratic() {
    // `a.a.a.…` is one UAX #29 word; looking for `word.Word` inside it
    // recounted everything since the word's start at every period.
    for unit in ["a.", "A."] {
        let text = unit.repeat(500_000);
        let doc = analyze(&text, &["--only", "sentences"]);
        assert_eq!(doc["stats"]["tokens"], 1, "{unit}");
    }
    // The rule itself still splits a missing space: `akhir.Dia`.
    let doc = analyze("di akhir.Dia pulang", &["--only", "tokens"]);
    assert_eq!(
        texts_of(&doc, "tokens"),
        ["di", "akhir", ".", "Dia", "pulang"]
    );
}

#[test]
fn r_terminal_run_before_lowercase_was_quadratic() {
    // `!"!"!"…x`: every `!` is a terminal whose glued closing marks run to the
    // end, and that run was walked again for each of them.
    let text = format!("{}x", "!\"".repeat(300_000));
    let doc = analyze(&text, &["--only", "sentences"]);
    assert_eq!(doc["stats"]["tokens"], 600_001);
    assert_eq!(doc["stats"]["sentences"], 1);
    // A run still ends its sentence before a capital: `Ya!" Lalu`.
    let doc = analyze("Ya!\"!\" Lalu pergi.", &["--only", "sentences,tokens"]);
    assert_eq!(doc["stats"]["sentences"], 2);
}

#[test]
fn ten_thousand_quote_marks() {
    for mark in ["\"", "“", "”", "'", "«"] {
        let text = mark.repeat(10_000);
        let doc = analyze(&text, &[]);
        let expected = if mark == "'" { 5_000 } else { 10_000 }; // `''` is one mark
        assert_eq!(doc["stats"]["tokens"], expected, "{mark}");
        assert!(
            doc["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["kind"] == "quote")
        );
    }
    // Quotation marks around words, none of them closed.
    let text = "“Kami ".repeat(10_000);
    let doc = analyze(&text, &[]);
    assert_eq!(doc["stats"]["tokens"], 20_000);
}

#[test]
fn deeply_nested_brackets() {
    let depth = 100_000;
    let text = format!("{}Jakarta{}", "(".repeat(depth), ")".repeat(depth));
    let doc = analyze(&text, &["--only", "sentences,tokens"]);
    assert_eq!(doc["stats"]["tokens"], 2 * depth + 1);
    assert_eq!(doc["tokens"][depth]["text"], "Jakarta");
    let text = "[{(«“".repeat(20_000);
    let doc = analyze(&text, &["--only", "tokens"]);
    assert_eq!(doc["stats"]["tokens"], 100_000);
}

#[test]
fn all_capitals() {
    let doc = analyze(
        "PRESIDEN JOKO WIDODO TIBA DI JAKARTA. IA DISAMBUT MENTERI.",
        &["--only", "sentences,tokens"],
    );
    assert_eq!(doc["stats"]["sentences"], 2);
    assert_eq!(doc["stats"]["tokens"], 11);
    let shouting = seed().to_uppercase();
    let doc = analyze(&shouting, &["--only", "sentences,tokens"]);
    assert!(doc["stats"]["sentences"].as_u64().unwrap() >= 10);
}

#[test]
fn other_scripts_keep_code_point_offsets() {
    let cases: &[(&str, &[&str])] = &[
        ("Привет, мир.", &["Привет", ",", "мир", "."]),
        ("مرحبا بالعالم", &["مرحبا", "بالعالم"]),
        ("नमस्ते दुनिया", &["नमस्ते", "दुनिया"]),
        ("高雄 대한민국 東京", &["高雄", "대한민국", "東京"]),
        ("👨‍👩‍👧 keluarga 😀😀", &["👨‍👩‍👧", "keluarga", "😀", "😀"]),
        // A right-to-left override is a format character: its own token.
        (
            "cafe\u{301} \u{202E}abc",
            &["cafe\u{301}", "\u{202E}", "abc"],
        ),
        ("𝔸𝔹ℂ 𐍈", &["𝔸𝔹ℂ", "𐍈"]),
    ];
    for (text, expected) in cases {
        let doc = analyze(text, &["--only", "tokens"]);
        assert_eq!(&texts_of(&doc, "tokens"), expected, "{text}");
    }
    // Thai is written without spaces; it is cut into clusters, never lost.
    let doc = analyze("สวัสดีครับ ประเทศไทย", &["--only", "tokens"]);
    assert!(doc["stats"]["tokens"].as_u64().unwrap() >= 2);
}

/// Creates a FIFO (named pipe) at `path`.
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// Opens the FIFO for writing once a reader has opened it (never blocking
/// forever: the watchdog fails the test instead).
fn open_fifo_writer(path: &Path) -> fs::File {
    use std::os::unix::fs::OpenOptionsExt;
    let start = Instant::now();
    loop {
        match fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
        {
            Ok(f) => return f,
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
                assert!(start.elapsed() < WATCHDOG, "warta never opened the FIFO");
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn a_file_removed_mid_batch_is_reported_and_the_others_analyzed() {
    // Deterministic: the first input is a FIFO. warta lists all three inputs,
    // then blocks reading the FIFO; only then is the second file removed and
    // the FIFO fed. One thread reads the inputs in order.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("a-pipa.txt");
    let gone = dir.path().join("b-hilang.txt");
    let after = dir.path().join("c-sesudah.txt");
    mkfifo(&fifo);
    fs::write(&gone, "Akan dihapus.").unwrap();
    fs::write(&after, "Masih ada.").unwrap();
    let child = Process::new(assert_cmd::cargo::cargo_bin("warta"))
        .args(["-j", "1"])
        .args([&fifo, &gone, &after])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut writer = open_fifo_writer(&fifo);
    fs::remove_file(&gone).unwrap();
    writer.write_all("Dari pipa.".as_bytes()).unwrap();
    drop(writer);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!("warta: {}: no such file or directory\n", gone.display())
    );
    let docs = json_lines(&out.stdout);
    let sources: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert_eq!(
        sources,
        [fifo.display().to_string(), after.display().to_string()]
    );
    assert_eq!(docs[0]["stats"]["chars"], 10);
}

#[test]
fn unreadable_inputs_are_named_and_skipped() {
    // Root reads a chmod 000 file, so unreadable inputs are made another way:
    // a dangling symlink, and a folder where a JSON Lines file is expected.
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("patah.txt");
    std::os::unix::fs::symlink(dir.path().join("tidak-ada"), &link).unwrap();
    let good = dir.path().join("baik.txt");
    fs::write(&good, "Baik.").unwrap();
    let out = warta()
        .arg(&link)
        .arg(&good)
        .assert()
        .code(2)
        .stderr(format!(
            "warta: {}: no such file or directory\n",
            link.display()
        ));
    assert_eq!(json_lines(&out.get_output().stdout).len(), 1);

    let records = dir.path().join("in.jsonl");
    fs::write(&records, "{\"id\": \"r1\", \"text\": \"Satu.\"}\n").unwrap();
    let out = warta()
        .args(["--input", "jsonl"])
        .arg(dir.path())
        .arg(&records)
        .assert()
        .code(2)
        .stderr(format!("warta: {}: is a directory\n", dir.path().display()));
    let docs = json_lines(&out.get_output().stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["source"], "r1");
}

#[test]
fn bad_jsonl_records_are_named_by_line_and_the_rest_printed() {
    let big = "Kalimat yang panjang sekali. ".repeat(10 << 20 >> 5);
    let lines = [
        r#"{"id": "ok1", "text": "Satu."}"#.to_string(),
        r#"{"id": "no-text"}"#.to_string(),
        r#"{"id": "text-number", "text": 5}"#.to_string(),
        r#"{"id": true, "text": "id boolean"}"#.to_string(),
        r#"{"id": "date-number", "text": "x", "date": 20230222}"#.to_string(),
        r#"{"id": "extra", "text": "Dua.", "penulis": {"nama": "Budi"}, "tags": [1, 2]}"#
            .to_string(),
        r#"["array", "Bukan objek."]"#.to_string(),
        format!(r#"{{"id": "big", "text": "{big}"}}"#),
        // Nesting deeper than serde_json's limit in an ignored field is
        // skipped; in `text` it is an error.
        format!(
            r#"{{"x": {}1{}, "text": "Dalam."}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        "{\"id\": \"latin1\", \"text\": \"caf\u{e9}\"}".replace('\u{e9}', "\u{fffd}"),
        r#"{"text": "Tanpa id.", "id": null}"#.to_string(),
        format!(
            r#"{{"id": "long-date", "text": "x", "date": "{}"}}"#,
            "2".repeat(5000)
        ),
        format!(r#"{{"text": {}{}}}"#, "[".repeat(1000), "]".repeat(1000)),
        r#"{"id": "ok2", "text": "Tiga."}"#.to_string(),
    ];
    let mut input = lines.join("\n").into_bytes();
    input.push(b'\n');
    // Line 10 holds a byte that is not UTF-8.
    let replacement = "\u{fffd}".as_bytes();
    let at = input
        .windows(replacement.len())
        .position(|w| w == replacement)
        .unwrap();
    input.splice(at..at + replacement.len(), [0xe9]);

    let out = warta()
        .args(["--input", "jsonl", "--only", "sentences"])
        .write_stdin(input)
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let expected = [
        "warta: -:2: invalid record: missing field `text`",
        "warta: -:3: invalid record: \"text\" must be a string, not a number",
        "warta: -:4: invalid record: \"id\" must be a string or a number, not a boolean",
        "warta: -:5: invalid record: \"date\" must be a string YYYY-MM-DD, not a number",
        "warta: -:7: invalid record: expected a JSON object, found an array",
        "warta: -:10: not valid UTF-8 (byte 29 of the line)",
        "warta: -:12: invalid record: \"date\": \"22222222222222222222222222222222\"… is not a date of the form YYYY-MM-DD",
        "warta: -:13: invalid record: recursion limit exceeded (column 136)",
    ];
    assert_eq!(stderr.lines().collect::<Vec<_>>(), expected);
    let docs = json_lines(&out.get_output().stdout);
    let sources: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["ok1", "extra", "big", "-:9", "-:11", "ok2"]);
    assert_eq!(docs[2]["stats"]["chars"], big.len() as u64);
    assert_eq!(docs[2]["stats"]["sentences"], (10 << 20 >> 5) as u64);
}

#[test]
fn jsonl_with_bom_and_crlf_line_ends() {
    let input =
        "\u{feff}{\"id\": \"a\", \"text\": \"Satu.\"}\r\n{\"id\": \"b\", \"text\": \"Dua.\"}\r\n";
    let out = warta()
        .args(["--input", "jsonl"])
        .write_stdin(input)
        .assert()
        .success()
        .stderr("");
    let docs = json_lines(&out.get_output().stdout);
    let sources: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["a", "b"]);
}

/// Runs warta with `args` and `stdin`, reads 100 bytes of its output, closes
/// the pipe; returns the exit status and stderr.
fn close_stdout_early(args: &[&str], stdin: Vec<u8>) -> (Option<i32>, String) {
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("warta"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child_stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        // warta may stop reading once its stdout is gone.
        let _ = child_stdin.write_all(&stdin);
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    feeder.join().unwrap();
    (status.code(), stderr)
}

#[test]
fn stdout_closed_early_in_json_lines_mode_ends_quietly() {
    let record = serde_json::json!({"id": "x", "text": seed()}).to_string();
    let input = format!("{record}\n").repeat(2000).into_bytes();
    let (status, stderr) = close_stdout_early(&["--input", "jsonl", "-j", "2"], input);
    assert_eq!((status, stderr.as_str()), (Some(0), ""));
}

#[test]
fn stdout_closed_early_over_a_folder_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed();
    for i in 0..300 {
        fs::write(dir.path().join(format!("a{i:03}.txt")), &seed).unwrap();
    }
    let folder = dir.path().to_str().unwrap();
    let (status, stderr) = close_stdout_early(&["-j", "2", folder], Vec::new());
    assert_eq!((status, stderr.as_str()), (Some(0), ""));
}

#[test]
fn r_closed_stdout_hid_an_earlier_failure() {
    // A reader that stops early ends the run quietly, but an input that had
    // already failed still makes the status 2 (it used to be 0).
    let dir = tempfile::tempdir().unwrap();
    let article = seed();
    for i in 0..300 {
        fs::write(dir.path().join(format!("a{i:03}.txt")), &article).unwrap();
    }
    let missing = dir.path().join("tidak-ada.txt");
    let dir_arg = dir.path().display().to_string();
    let missing_arg = missing.display().to_string();
    let (status, stderr) = close_stdout_early(&[&missing_arg, &dir_arg], Vec::new());
    assert_eq!(status, Some(2));
    assert_eq!(
        stderr,
        format!("warta: {missing_arg}: no such file or directory\n")
    );
}

#[test]
fn stdout_closed_while_one_huge_document_is_written() {
    let text = seed().repeat(2300); // ~5 MB, one JSON document of ~50 MB
    let (status, stderr) = close_stdout_early(&[], text.into_bytes());
    assert_eq!((status, stderr.as_str()), (Some(0), ""));
}

#[test]
fn r_a_panicking_stage_lost_the_whole_batch() {
    // Fuzzing found `H. S,` panicking in the quote stage (index out of
    // bounds in src/quotes/grammar.rs): the process died with status 101 and
    // every article after it was lost. The stage is fixed, and a panic in a
    // stage now costs its own article only (src/cli/drive.rs,
    // `a_panic_costs_its_own_article_only`).
    let records = [
        r#"{"id": "sebelum", "text": "Satu."}"#,
        r#"{"id": "panik", "text": "H. S,"}"#,
        r#"{"id": "sesudah", "text": "Dua."}"#,
    ];
    let out = warta()
        .args(["--input", "jsonl", "-j", "1"])
        .write_stdin(records.join("\n"))
        .assert()
        .success()
        .stderr("");
    let docs = json_lines(&out.get_output().stdout);
    let sources: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["sebelum", "panik", "sesudah"]);
}

#[test]
fn usage_errors_name_the_problem() {
    warta()
        .args(["--date", "2023-02-30", SEED])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "\"2023-02-30\" is not a valid date",
        ));
}
