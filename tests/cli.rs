//! The command line as users drive it: inputs, output framing, bad inputs,
//! exit codes, `check` and `eval`.

use std::fs;
use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const SEED: &str = "fixtures/articles/antv-putin-wang-yi.txt";

fn warta() -> Command {
    let mut cmd = Command::cargo_bin("warta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// What `command` prints, asserting that it succeeds.
fn stdout_of(command: &mut Command) -> Vec<u8> {
    command.assert().success().get_output().stdout.clone()
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    std::str::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn write(dir: &Path, name: &str, content: &[u8]) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

#[test]
fn one_file_gives_one_object_and_stdin_the_same_with_dash() {
    let file = stdout_of(warta().arg(SEED));
    let piped = warta()
        .pipe_stdin(SEED)
        .unwrap()
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let (mut a, mut b) = (json_lines(&file), json_lines(&piped));
    assert_eq!((a.len(), b.len()), (1, 1));
    assert_eq!(a[0]["source"], SEED);
    assert_eq!(b[0]["source"], "-");
    assert!(a[0]["sentences"].as_array().unwrap().len() > 10);
    a[0]["source"] = Value::Null;
    b[0]["source"] = Value::Null;
    assert_eq!(a, b);
    // `-` is stdin too.
    let dash = warta().arg("-").write_stdin("Halo.").assert().success();
    assert_eq!(json_lines(&dash.get_output().stdout)[0]["source"], "-");
}

#[test]
fn a_folder_gives_json_lines_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.txt", b"Dua.");
    write(dir.path(), "a.txt", b"Satu.");
    write(dir.path(), "sub/c.txt", b"Tiga.");
    write(dir.path(), ".hidden.txt", b"Tersembunyi.");
    write(dir.path(), "notes.md", b"Bukan artikel.");
    let out = warta().arg(dir.path()).assert().success();
    let docs = json_lines(&out.get_output().stdout);
    let names: Vec<String> = docs
        .iter()
        .map(|d| {
            let s = d["source"].as_str().unwrap();
            Path::new(s)
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["a.txt", "b.txt", "sub/c.txt"]);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let seed = fs::read(SEED).unwrap();
    for i in 0..40 {
        let mut text = seed.clone();
        text.extend(format!("\nBerita nomor {i}.").bytes());
        write(dir.path(), &format!("a{i:02}.txt"), &text);
    }
    let run = |threads: &str| stdout_of(warta().args(["-j", threads]).arg(dir.path()));
    let one = run("1");
    assert_eq!(json_lines(&one).len(), 40);
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}

#[test]
fn jsonl_input_is_line_in_line_out() {
    let input = concat!(
        r#"{"id": "a", "text": "Kemarin hujan.", "date": "2023-02-22"}"#,
        "\n",
        r#"{"id": 7, "text": "Dua kalimat. Ini kedua.", "extra": true}"#,
        "\n\n",
        r#"{"text": "Tanpa id."}"#,
        "\n"
    );
    let out = warta()
        .args(["--input", "jsonl"])
        .write_stdin(input)
        .assert()
        .success();
    let docs = json_lines(&out.get_output().stdout);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["source"], "a");
    assert_eq!(docs[0]["reference_date"]["value"], "2023-02-22");
    assert_eq!(docs[0]["reference_date"]["from"], "record");
    assert_eq!(docs[1]["source"], "7");
    assert_eq!(docs[1]["sentences"].as_array().unwrap().len(), 2);
    assert_eq!(docs[2]["source"], "-:4");
}

#[test]
fn date_option_overrides_the_record() {
    let out = warta()
        .args(["--input", "jsonl", "--date", "2024-01-31"])
        .write_stdin(r#"{"id": "a", "text": "x", "date": "2023-02-22"}"#)
        .assert()
        .success();
    let doc = &json_lines(&out.get_output().stdout)[0];
    assert_eq!(doc["reference_date"]["value"], "2024-01-31");
    assert_eq!(doc["reference_date"]["from"], "option");
}

#[test]
fn malformed_jsonl_records_are_reported_with_their_line_and_skipped() {
    let input = concat!(
        r#"{"id": "ok1", "text": "Satu."}"#,
        "\n",
        r#"{"id": "bad", "text": "#,
        "\n",
        r#"{"id": "no-text"}"#,
        "\n",
        r#"{"id": "bad-date", "text": "x", "date": "22/2/2023"}"#,
        "\n",
        r#"{"id": "ok2", "text": "Dua."}"#,
        "\n"
    );
    let out = warta()
        .args(["--input", "jsonl"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("warta: -:2: invalid record"))
        .stderr(predicate::str::contains(
            "warta: -:3: invalid record: missing field `text`",
        ))
        .stderr(predicate::str::contains(
            "warta: -:4: invalid record: \"date\"",
        ));
    let docs = json_lines(&out.get_output().stdout);
    let ids: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ok1", "ok2"]);
}

#[test]
fn invalid_utf8_binary_and_missing_inputs_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-good.txt", b"Baik.");
    write(dir.path(), "b-latin1.txt", b"Caf\xe9 di Jakarta.");
    write(dir.path(), "c-binary.txt", b"PK\x03\x04\x00\x00binary");
    write(dir.path(), "d-good.txt", b"Juga baik.");
    let missing = dir.path().join("tidak-ada.txt");
    let out = warta()
        .arg(dir.path())
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "b-latin1.txt: not valid UTF-8 (invalid byte at offset 3)",
        ))
        .stderr(predicate::str::contains(
            "c-binary.txt: binary file (NUL byte at offset 4)",
        ))
        .stderr(predicate::str::contains(
            "tidak-ada.txt: no such file or directory",
        ));
    let docs = json_lines(&out.get_output().stdout);
    let names: Vec<&str> = docs
        .iter()
        .map(|d| d["source"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["a-good.txt", "d-good.txt"]);
}

#[test]
fn an_empty_file_is_valid_json_with_empty_arrays() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.txt", b"");
    let out = warta().arg(dir.path().join("empty.txt")).assert().success();
    let doc = &json_lines(&out.get_output().stdout)[0];
    for layer in ["sentences", "tokens", "entities", "dates", "quotes"] {
        assert_eq!(doc[layer], Value::Array(vec![]), "{layer}");
    }
    assert_eq!(doc["stats"]["chars"], 0);
}

#[test]
fn a_folder_without_txt_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.md", b"x");
    warta()
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no *.txt files in this folder"));
}

#[test]
fn usage_errors_exit_2() {
    warta()
        .arg("--no-such-flag")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-such-flag"));
    warta()
        .args(["--date", "22-02-2023", SEED])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    warta().args(["--only", "lemmas", SEED]).assert().code(2);
    warta()
        .args(["--only", "tokens", "--skip", "dates", SEED])
        .assert()
        .code(2);
}

#[test]
fn only_and_skip_select_the_arrays() {
    let only = warta()
        .args(["--only", "sentences,dates", SEED])
        .assert()
        .success();
    let doc = &json_lines(&only.get_output().stdout)[0];
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(keys.contains(&"sentences") && keys.contains(&"dates"));
    assert!(!keys.contains(&"tokens") && !keys.contains(&"quotes"));
    assert!(doc["stats"]["tokens"].as_u64().unwrap() > 300);

    let skip = warta().args(["--skip", "tokens", SEED]).assert().success();
    let doc = &json_lines(&skip.get_output().stdout)[0];
    assert!(doc.get("tokens").is_none());
    assert!(doc.get("entities").is_some());
}

#[test]
fn pretty_output_is_the_same_document() {
    let compact = stdout_of(warta().arg(SEED));
    let pretty = stdout_of(warta().args(["--pretty", SEED]));
    assert!(pretty.iter().filter(|&&b| b == b'\n').count() > 100);
    let a: Value = serde_json::from_slice(&compact).unwrap();
    let b: Value = serde_json::from_slice(&pretty).unwrap();
    assert_eq!(a, b);
}

#[test]
fn check_passes_updates_and_reports_differences() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "satu.txt", b"\"Kami siap,\" kata Budi.");
    // No expected file yet: a difference.
    warta()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no expected output"));
    warta()
        .args(["check", "--update"])
        .arg(dir.path())
        .assert()
        .success();
    let expected = fs::read_to_string(dir.path().join("satu.json")).unwrap();
    assert!(expected.contains("\"source\": \"satu.txt\""));
    warta().arg("check").arg(dir.path()).assert().success();
    // A changed expected file is a difference, shown as a diff.
    fs::write(
        dir.path().join("satu.json"),
        expected.replace("\"Budi\"", "\"Badu\""),
    )
    .unwrap();
    warta()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-    {\"text\":\"Badu\""))
        .stdout(predicate::str::contains("+    {\"text\":\"Budi\""));
}

#[test]
fn check_keeps_the_stages_and_date_an_expected_file_was_made_with() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Kemarin hujan.");
    let made = stdout_of(
        warta()
            .args(["--only", "tokens", "--date", "2023-02-22", "--pretty"])
            .arg(dir.path().join("a.txt")),
    );
    fs::write(dir.path().join("a.json"), made).unwrap();
    warta()
        .args(["check", "--update"])
        .arg(dir.path())
        .assert()
        .success();
    let json: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("a.json")).unwrap()).unwrap();
    assert_eq!(json["reference_date"]["from"], "option");
    assert!(json.get("tokens").is_some());
    assert!(json.get("sentences").is_none());
    warta().arg("check").arg(dir.path()).assert().success();
}

#[test]
fn eval_scores_tokens_and_sentences() {
    let dir = tempfile::tempdir().unwrap();
    // Gold cuts "kota-kota" in three, warta keeps it whole: 2 of 4 tokens match.
    write(
        dir.path(),
        "gold.jsonl",
        br#"{"id": "g1", "text": "kota-kota ini", "tokens": [[0,4],[4,5],[5,9],[10,13]], "sentences": [[0,13]]}
"#,
    );
    let out = warta()
        .args(["eval", "--json"])
        .arg(dir.path().join("gold.jsonl"))
        .assert()
        .success();
    let scores: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(scores["records"], 1);
    assert_eq!(scores["tokens"]["correct"], 1);
    assert_eq!(scores["tokens"]["predicted"], 2);
    assert_eq!(scores["tokens"]["gold"], 4);
    assert_eq!(scores["sentences"]["correct"], 1);
    assert_eq!(scores["entities"], Value::Null);

    let table = warta()
        .arg("eval")
        .arg(dir.path().join("gold.jsonl"))
        .assert()
        .success();
    let text = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(text.contains("tokens"), "{text}");
    assert!(text.contains("50.00"), "{text}");
}

#[test]
fn eval_scores_named_dates_apart_only_for_span_only_gold() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Senin lalu dan kemarin";
    write(
        dir.path(),
        "spans.jsonl",
        format!(r#"{{"text": "{text}", "dates": [{{"start": 0, "end": 5}}]}}"#).as_bytes(),
    );
    write(
        dir.path(),
        "values.jsonl",
        format!(
            r#"{{"text": "{text}", "date": "2023-02-22", "dates": [{{"start": 0, "end": 10, "type": "DATE", "value": "2023-02-20"}}]}}"#
        )
        .as_bytes(),
    );
    let report = |name: &str| {
        let out = warta()
            .arg("eval")
            .arg(dir.path().join(name))
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    // Two predictions (`Senin lalu`, `kemarin`), one named: it alone is
    // scored in the named row, 1 of 1 right.
    let spans = report("spans.jsonl");
    let named = spans.lines().find(|l| l.contains("relaxed, named"));
    let named: Vec<&str> = named.expect(&spans).split_whitespace().collect();
    assert_eq!(named[named.len() - 3..], ["1", "1", "1"], "{spans}");
    assert!(report("values.jsonl").contains("relaxed span"));
    assert!(!report("values.jsonl").contains("relaxed, named"));
}

#[test]
fn version_and_help() {
    warta().arg("--version").assert().success().stdout(format!(
        "warta {} (output schema {})\n",
        env!("CARGO_PKG_VERSION"),
        warta::output::SCHEMA
    ));
    warta()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("warta completions bash"))
        .stdout(predicate::str::contains("Exit status"));
}

#[test]
fn completions_for_each_shell() {
    let cases = [
        ("bash", "_warta()"),
        ("zsh", "#compdef warta"),
        ("fish", "complete -c warta"),
        ("elvish", "edit:completion:arg-completer[warta]"),
        ("powershell", "Register-ArgumentCompleter"),
    ];
    for (shell, marker) in cases {
        warta()
            .args(["completions", shell])
            .assert()
            .success()
            .stderr("")
            .stdout(predicate::str::contains(marker))
            // Flags and subcommands are offered.
            .stdout(predicate::str::contains("--skip"))
            .stdout(predicate::str::contains("check"));
    }
    warta()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
}

#[test]
fn man_page_is_roff_with_every_subcommand() {
    let out = warta().arg("man").assert().success().stderr("");
    let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        page.contains(&format!(
            ".TH warta 1  \"warta {} (output schema 1)\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{page:.300}"
    );
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}");
    }
    for sub in ["check", "eval", "schema", "completions", "man"] {
        assert!(page.contains(&format!("warta\\-{sub}(1)")), "{sub}");
    }
    assert!(page.contains("Examples:"));
}

/// A stdout whose reader is already gone: every write fails with EPIPE.
fn closed_stdout() -> Stdio {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe() fills the two descriptors; each is owned exactly once.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    Stdio::from(write)
}

#[test]
fn r_completions_panicked_on_a_closed_stdout() {
    // clap_complete::generate panics when a write fails: `warta completions
    // bash | head -1` printed a panic and exited 101.
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["schema"],
        &["--version"],
        &[SEED],
    ] {
        let out = Process::new(assert_cmd::cargo::cargo_bin("warta"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .stdout(closed_stdout())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn jsonl_answers_each_record_before_the_next_arrives() {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::mpsc;
    use std::time::Duration;

    let mut child = Process::new(assert_cmd::cargo::cargo_bin("warta"))
        .args(["--input", "jsonl", "--only", "sentences"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for id in ["satu", "dua"] {
        writeln!(stdin, r#"{{"id": "{id}", "text": "Halo."}}"#).unwrap();
        stdin.flush().unwrap();
        // The answer comes while stdin is still open.
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("no answer before the next record");
        let doc: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(doc["source"], id);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}
