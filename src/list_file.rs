//! How a list file is read: one entry a line, `#` comments, blank lines
//! skipped. Used by the library (through [`crate::lexicon`]) and by
//! `build.rs`, which includes this file, so both read the lists alike.

/// The entries of a list file, in file order, comments and blanks removed.
pub fn entries_of(source: &str) -> impl Iterator<Item = &str> {
    source
        .lines()
        .map(|line| match line.find('#') {
            // A `#` that starts the line or follows a space opens a comment; one
            // inside an entry (`C#`) does not.
            Some(0) => "",
            Some(i) if line.as_bytes()[i - 1] == b' ' || line.as_bytes()[i - 1] == b'\t' => {
                &line[..i]
            }
            _ => line,
        })
        .map(str::trim)
        .filter(|line| !line.is_empty())
}
