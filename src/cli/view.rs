//! `warta view` (one article as an HTML page) and `warta report` (many
//! articles summarized as an HTML page or JSON).

use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use warta::analysis::{DateSource, ReferenceDate};
use warta::{Options, Stages, analyze, html};

use super::batch::Settings;
use super::drive::{Sources, drive};
use super::inputs::{self, Input};
use super::{EXIT_OK, Reporter};

/// Writes the HTML page of one article to stdout.
pub fn view(path: &Path, date: Option<jiff::civil::Date>, reporter: &Reporter) -> Result<u8> {
    let input = if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path.to_path_buf())
    };
    let name = input.name();
    let text = match inputs::read(&input) {
        Ok(text) => text,
        Err(cause) => {
            reporter.error(&name, cause);
            return Ok(EXIT_OK);
        }
    };
    let options = Options {
        reference_date: date.map(|date| ReferenceDate {
            date,
            from: DateSource::Option,
        }),
        ..Options::default()
    };
    let analysis = analyze(&text, &options);
    let mut out = BufWriter::new(io::stdout().lock());
    out.write_all(html::article_page(&name, &text, &analysis).as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}

/// What `warta report` reads and prints.
pub struct ReportOptions {
    pub paths: Vec<PathBuf>,
    pub jsonl: bool,
    pub json: bool,
    pub date: Option<jiff::civil::Date>,
    pub top: usize,
    pub ext: String,
}

pub fn report(options: &ReportOptions, reporter: &Reporter) -> Result<u8> {
    let settings = Settings {
        date: options.date,
        print: Stages::ALL,
        pretty: false,
    };
    let sources = Sources {
        paths: &options.paths,
        jsonl: options.jsonl,
        ext: &options.ext,
        progress: true,
    };
    let mut report = html::report::Report::new(options.top);
    // The article list goes to a temporary file, so memory does not grow with
    // the number of articles.
    let mut rows = BufWriter::new(tempfile::tempfile()?);
    drive(
        &sources,
        reporter,
        |article| {
            let analysis = analyze(&article.text, &settings.options(&article));
            (article, analysis)
        },
        |item| {
            if let Some((article, analysis)) = item {
                let n = report.add(&article.text, &analysis);
                if !options.json {
                    rows.write_all(
                        html::report::article_row(n, &article.source, &analysis).as_bytes(),
                    )?;
                }
            }
            Ok(())
        },
    )?;
    let mut out = BufWriter::new(io::stdout().lock());
    if options.json {
        serde_json::to_writer_pretty(&mut out, &report.to_json())?;
        out.write_all(b"\n")?;
    } else {
        let mut rows = rows.into_inner().map_err(|e| e.into_error())?;
        rows.seek(SeekFrom::Start(0))?;
        let title = match options.paths.as_slice() {
            [] => "-".to_string(),
            [one] => one.display().to_string(),
            [first, ..] => format!("{} and {} more", first.display(), options.paths.len() - 1),
        };
        report.write_html(&mut out, &title, &mut rows)?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}
