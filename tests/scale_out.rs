//! Scale-out: JSON Lines in and out is the contract with distributed engines.
//! GNU `parallel --pipe` splitting a stream over several warta processes must
//! give the same records as one process. Skips, saying so, when `parallel` is
//! not installed (`.ci/run` installs it).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// A JSON Lines stream of `n` records built from the shipped fixtures.
fn records(n: usize) -> Vec<u8> {
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
        .sort_by_file_name()
    {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "txt") {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    let mut out = Vec::new();
    for i in 0..n {
        let record = serde_json::json!({
            "id": format!("r{i:04}"),
            "text": texts[i % texts.len()],
            "date": "2023-02-22",
        });
        serde_json::to_writer(&mut out, &record).unwrap();
        out.push(b'\n');
    }
    out
}

fn run(mut command: Command, input: &[u8]) -> Vec<u8> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn gnu_parallel_pipe_gives_the_same_records_as_one_process() {
    if Command::new("parallel").arg("--version").output().is_err() {
        eprintln!("skipping: GNU parallel is not installed (apt-get install parallel)");
        return;
    }
    let warta = env!("CARGO_BIN_EXE_warta");
    let input = records(600);

    let mut single = Command::new(warta);
    single.args(["--input", "jsonl", "--jsonl"]);
    let one = run(single, &input);
    assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), 600);

    // Kept in order (-k): byte for byte the same stream.
    let mut ordered = Command::new("parallel");
    ordered
        .args([
            "--will-cite",
            "--pipe",
            "-k",
            "--block",
            "50k",
            "-j",
            "2",
            warta,
        ])
        .args(["--input", "jsonl", "--jsonl"]);
    assert_eq!(run(ordered, &input), one);

    // In completion order: the same records.
    let mut unordered = Command::new("parallel");
    unordered
        .args(["--will-cite", "--pipe", "--block", "50k", "-j", "2", warta])
        .args(["--input", "jsonl", "--jsonl"]);
    let mut a: Vec<&[u8]> = one.split(|&b| b == b'\n').collect();
    let many = run(unordered, &input);
    let mut b: Vec<&[u8]> = many.split(|&b| b == b'\n').collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}
