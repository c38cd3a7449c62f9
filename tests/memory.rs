//! Memory for one huge input, through the binary. On its own in this file:
//! a child's peak resident set (`getrusage(RUSAGE_CHILDREN)`) starts from its
//! parent's when it is spawned, so the test process must be small then, with
//! no other test of the same process holding buffers at the time.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = "fixtures/articles/antv-putin-wang-yi.txt";

fn warta() -> Command {
    let mut cmd = Command::cargo_bin("warta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(Duration::from_secs(300));
    cmd
}

/// The one JSON document `args` print, from a run that must succeed quietly.
fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().stderr("");
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// The largest resident set of any child process waited for so far, in bytes.
fn children_max_rss() -> u64 {
    // SAFETY: getrusage writes into the struct we pass and nothing else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    usage.ru_maxrss as u64 * 1024 // kilobytes on Linux
}

#[test]
fn a_100_mb_file_is_analyzed_in_a_small_multiple_of_its_size() {
    // Debug builds (`cargo test` without --release) tokenize ~20 times slower:
    // they get a tenth of the size so the suite stays quick; CI runs release.
    let target = if cfg!(debug_assertions) { 10 } else { 100 } << 20;
    let article = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap();
    let separator = "\n\n";
    let copies = target / (article.len() + separator.len()) + 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("besar.txt");
    {
        let mut file = std::io::BufWriter::new(fs::File::create(&path).unwrap());
        for _ in 0..copies {
            file.write_all(article.as_bytes()).unwrap();
            file.write_all(separator.as_bytes()).unwrap();
        }
    }
    let size = fs::metadata(&path).unwrap().len();
    assert!(size >= target as u64);

    // First, while this process is small: the whole pipeline, tokens printed
    // too (a JSON ten times the input), to a sink. The text is analyzed in
    // sections of 1 MiB, its tokens made again as they are written and the
    // JSON written as it is made, so the peak is the text and what every
    // stage found: 3.4 times the input for this article (53 entities in
    // 2.3 kB, four times the density of the articles in ../shared/data, whose
    // 100 MB copy peaks at 3.0 times). It was twelve times when the text was
    // analyzed whole.
    let status = Process::new(assert_cmd::cargo::cargo_bin("warta"))
        .arg(&path)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let rss = children_max_rss();
    assert!(
        rss < 5 * size,
        "peak RSS {} MB for a {} MB input",
        rss >> 20,
        size >> 20
    );

    // Sections are cut at the blank lines between the copies, so sentences
    // and tokens are the copies' own, one after another.
    let one = json_of(
        warta()
            .args(["--only", "sentences"])
            .write_stdin(article.clone()),
    );
    let doc = json_of(warta().args(["--only", "sentences"]).arg(&path));
    let per_copy = |key: &str| one["stats"][key].as_u64().unwrap() * copies as u64;
    let chars = article.chars().count() + separator.len();
    assert_eq!(doc["stats"]["chars"], (chars * copies) as u64);
    assert_eq!(doc["stats"]["sentences"], per_copy("sentences"));
    assert_eq!(doc["stats"]["tokens"], per_copy("tokens"));
    let sentences = doc["sentences"].as_array().unwrap();
    assert_eq!(sentences.len() as u64, per_copy("sentences"));
    // The last sentence is the last copy's, ending before the final separator.
    let last_end = one["sentences"].as_array().unwrap().last().unwrap()["end"]
        .as_u64()
        .unwrap();
    assert_eq!(
        sentences.last().unwrap()["end"],
        (chars * (copies - 1)) as u64 + last_end
    );
}
