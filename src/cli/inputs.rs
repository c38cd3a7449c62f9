//! Finding inputs (files, folders, stdin) and reading them as text.
//!
//! A folder is walked recursively in sorted order for files with the chosen
//! extension, skipping hidden entries. Reading checks what a text file must be:
//! no NUL byte (a binary file) and valid UTF-8; the error says where it failed.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::Reporter;

/// One article to analyze.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in output (`source`) and in messages.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// The inputs named by `paths`, folders expanded. Problems (a missing path, an
/// unreadable folder, a folder without matching files) are reported and the
/// path skipped. Also says whether any path was a folder.
pub fn collect(paths: &[PathBuf], ext: &str, reporter: &Reporter) -> (Vec<Input>, bool) {
    let mut inputs = Vec::new();
    let mut any_dir = false;
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Err(e) => reporter.error(path.display(), describe(&e)),
            Ok(meta) if meta.is_dir() => {
                any_dir = true;
                let before = inputs.len();
                walk(path, ext, &mut inputs, reporter);
                if inputs.len() == before {
                    reporter.error(path.display(), format!("no *.{ext} files in this folder"));
                }
            }
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    (inputs, any_dir)
}

/// Files under `dir` with extension `ext`, sorted, hidden entries skipped.
pub fn walk(dir: &Path, ext: &str, out: &mut Vec<Input>, reporter: &Reporter) {
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Err(e) => {
                let path = e.path().unwrap_or(dir).display().to_string();
                let cause = e.io_error().map_or_else(|| e.to_string(), describe);
                reporter.error(path, cause);
            }
            Ok(entry) => {
                let path = entry.path();
                if entry.file_type().is_file() && path.extension().is_some_and(|x| x == ext) {
                    out.push(Input::File(path.to_path_buf()));
                }
            }
        }
    }
}

/// Reads an input as text, or says why it is not text.
pub fn read(input: &Input) -> Result<String, String> {
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| describe(&e))?;
            buf
        }
        Input::File(path) => fs::read(path).map_err(|e| describe(&e))?,
    };
    decode(bytes)
}

/// Checks that bytes are text: no NUL byte, valid UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(format!("binary file (NUL byte at offset {at}), skipped"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {}), skipped",
            e.utf8_error().valid_up_to()
        )
    })
}

/// An I/O error as a short lowercase cause, without Rust's `(os error N)`.
pub fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_binary_and_bad_utf8() {
        assert_eq!(decode(b"Halo".to_vec()), Ok("Halo".to_string()));
        assert!(decode(b"a\0b".to_vec()).unwrap_err().contains("offset 1"));
        assert!(
            decode(b"ab\xffc".to_vec())
                .unwrap_err()
                .contains("offset 2")
        );
        assert_eq!(decode(Vec::new()), Ok(String::new()));
    }
}
