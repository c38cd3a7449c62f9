//! Throughput of the tokenizer and of the full pipeline on real articles.
//!
//! Reads every `*.txt` of `../shared/data/articles/` (408 Indonesian news
//! articles, 2.8 MB) into memory and measures MB/s on one thread. Skips with a
//! message when that folder is absent. Run: `cargo bench --bench pipeline`.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput};

/// The allocator the binary uses (src/main.rs), so that the figures are the
/// binary's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn articles() -> Option<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/articles");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    (!texts.is_empty()).then_some(texts)
}

fn main() {
    let Some(texts) = articles() else {
        eprintln!("bench pipeline: ../shared/data/articles not found, skipping");
        return;
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    let mut group = c.benchmark_group("articles");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| warta::tokenize::tokenize(t).1.len())
                .sum::<usize>()
        })
    });
    group.bench_function("analyze", |b| {
        let options = warta::Options::default();
        b.iter(|| {
            texts
                .iter()
                .map(|t| warta::analyze(t, &options).tokens.len())
                .sum::<usize>()
        })
    });
    group.bench_function("analyze+json", |b| {
        let options = warta::Options::default();
        b.iter(|| {
            let mut out = Vec::with_capacity(bytes * 12);
            for t in &texts {
                let analysis = warta::analyze(t, &options);
                let doc = warta::output::Document {
                    source: "bench",
                    text: t,
                    analysis: &analysis,
                    print: warta::Stages::ALL,
                };
                warta::output::write_json(&mut out, &doc, false).unwrap();
            }
            out.len()
        })
    });
    group.finish();
    c.final_summary();
}
