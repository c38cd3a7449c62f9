//! JSON Lines input: one line of bytes → one article record, or why not.
//!
//! Takes the bytes of one line (as read, newline included or not); returns the
//! record `{"id", "text", "date"}` it holds, `None` for a blank line, or a
//! message saying what is wrong with it. Pure: the CLI does the reading and the
//! numbering of lines, and puts `FILE:LINE` in front of the message.
//!
//! Deliberately lenient where it costs nothing: unknown fields are ignored,
//! `id` and `date` may be `null`, a byte order mark before the record and a
//! `\r` after it are accepted. Strict where a silent guess would lose data:
//! the record must be an object, `text` a string, `id` a string or a number,
//! `date` a string `YYYY-MM-DD`. Messages name the field and the type found,
//! never a whole value (which may be megabytes long).

use serde::Deserialize;
use serde_json::Value;

/// One article of JSON Lines input.
///
/// ```
/// let record = warta::record::parse_line(br#"{"id": 7, "text": "Halo."}"#).unwrap().unwrap();
/// assert_eq!(record.id.as_deref(), Some("7"));
/// assert_eq!(record.text, "Halo.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The `id` field as text (a number is written as JSON writes it); `None`
    /// when absent or `null`.
    pub id: Option<String>,
    pub text: String,
    /// The publication date the record carries.
    pub date: Option<jiff::civil::Date>,
}

/// The record as it comes off the wire: the three fields as JSON values, so a
/// value of the wrong type can be named in the message. Unknown fields are
/// skipped without being kept.
#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    id: Value,
    /// `None` when the field is absent, `Some(Value::Null)` when it is `null`.
    #[serde(default, deserialize_with = "present")]
    text: Option<Value>,
    #[serde(default)]
    date: Value,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// Parses one line of JSON Lines input: `Ok(None)` for a blank line.
pub fn parse_line(line: &[u8]) -> Result<Option<Record>, String> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let line = std::str::from_utf8(line)
        .map_err(|e| format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to()))?;
    // Without its line end, so that an error at the end of the line is at
    // the line's last column, not at column 0 of the next.
    let line = line.trim_end_matches(['\n', '\r']);
    parse_record(line).map(Some)
}

/// Parses one record from its JSON text.
pub fn parse_record(line: &str) -> Result<Record, String> {
    let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
    // Only an object is a record: a struct would also be read from an array
    // (`["a", "b"]` as id and text), and serde's message for a string where a
    // struct belongs quotes the whole string. Anything else is parsed as any
    // JSON value, whose errors are about syntax only.
    if !line.trim_start().starts_with('{') {
        let value: Value = serde_json::from_str(line).map_err(syntax)?;
        return Err(format!(
            "invalid record: expected a JSON object, found {}",
            kind(&value)
        ));
    }
    let raw: Raw = serde_json::from_str(line).map_err(syntax)?;
    let text = match raw.text {
        None => return Err("invalid record: missing field `text`".to_string()),
        Some(Value::String(text)) => text,
        Some(other) => return Err(wrong_type("text", "a string", &other)),
    };
    let id = match raw.id {
        Value::Null => None,
        Value::String(id) => Some(id),
        Value::Number(n) => Some(n.to_string()),
        other => return Err(wrong_type("id", "a string or a number", &other)),
    };
    let date = match &raw.date {
        Value::Null => None,
        Value::String(d) => {
            Some(parse_date(d).map_err(|e| format!("invalid record: \"date\": {e}"))?)
        }
        other => return Err(wrong_type("date", "a string YYYY-MM-DD", other)),
    };
    Ok(Record { id, text, date })
}

/// A parse error as `invalid record: <what> (column N)`. Raised by `Raw` or
/// `Value`, which take any JSON type, it is about syntax and never quotes the
/// input.
fn syntax(e: serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg);
    format!("invalid record: {msg} (column {})", e.column())
}

fn wrong_type(field: &str, expected: &str, found: &Value) -> String {
    format!(
        "invalid record: \"{field}\" must be {expected}, not {}",
        kind(found)
    )
}

/// What a JSON value is, for messages (never the value itself, which may be
/// megabytes long).
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value quoted in a message, cut to a readable length.
fn quoted(s: &str) -> String {
    const MAX_CHARS: usize = 32;
    match s.char_indices().nth(MAX_CHARS) {
        None => format!("{s:?}"),
        Some((cut, _)) => format!("{:?}…", &s[..cut]),
    }
}

/// A date of the form `YYYY-MM-DD`, strictly: `2023-2-22` and `22/2/2023` are
/// refused, as is a day the calendar does not have.
///
/// ```
/// assert!(warta::record::parse_date("2023-02-22").is_ok());
/// assert!(warta::record::parse_date("2023-02-30").is_err());
/// ```
pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(format!(
            "{} is not a date of the form YYYY-MM-DD",
            quoted(s)
        ));
    }
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("{} is not a valid date: {e}", quoted(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2023-02-22").is_ok());
        for bad in [
            "2023-2-22",
            "22-02-2023",
            "2023-02-30",
            "2023/02/22",
            "",
            "2023-02-22T00",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn record_errors_say_what_is_wrong() {
        let err = |line: &str| parse_line(line.as_bytes()).unwrap_err();
        let cases = [
            ("{\"id\": 1}", "invalid record: missing field `text`"),
            (
                "{\"text\": 5}",
                "invalid record: \"text\" must be a string, not a number",
            ),
            (
                "{\"text\": null}",
                "invalid record: \"text\" must be a string, not null",
            ),
            (
                "{\"text\": \"a\", \"id\": [1]}",
                "invalid record: \"id\" must be a string or a number, not an array",
            ),
            (
                "{\"text\": \"a\", \"date\": 20230222}",
                "invalid record: \"date\" must be a string YYYY-MM-DD, not a number",
            ),
            (
                "{\"text\": \"a\", \"date\": \"22/2/2023\"}",
                "invalid record: \"date\": \"22/2/2023\" is not a date of the form YYYY-MM-DD",
            ),
            (
                "[\"a1\", \"Halo.\"]",
                "invalid record: expected a JSON object, found an array",
            ),
            (
                "\"Halo.\"",
                "invalid record: expected a JSON object, found a string",
            ),
            ("not json", "invalid record: expected ident (column 2)"),
            (
                "{\"text\": \"a\"",
                "invalid record: EOF while parsing an object (column 12)",
            ),
            (
                "{\"text\": \"a\", \"text\": \"b\"}",
                "invalid record: duplicate field `text` (column 20)",
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(err(line), expected, "{line}");
        }
        assert_eq!(
            parse_line(b"{\"text\": \"caf\xe9\"}").unwrap_err(),
            "not valid UTF-8 (byte 13 of the line)"
        );
    }

    #[test]
    fn records_and_blank_lines() {
        assert_eq!(parse_line(b"").unwrap(), None);
        assert_eq!(parse_line(b" \t\r\n").unwrap(), None);
        let r = parse_line(b"{\"id\":\"a1\",\"text\":\"x\",\"extra\":[1]}\n")
            .unwrap()
            .unwrap();
        assert_eq!(r.id.as_deref(), Some("a1"));
        assert_eq!(r.text, "x");
        let r = parse_line(br#"{"id":42,"text":"x","date":"2023-02-22"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(r.id.as_deref(), Some("42"));
        assert_eq!(r.date, Some(jiff::civil::date(2023, 2, 22)));
        let r = parse_line(b"\xef\xbb\xbf{\"text\":\"x\",\"id\":null,\"date\":null}\r\n")
            .unwrap()
            .unwrap();
        assert_eq!((r.id, r.date, r.text.as_str()), (None, None, "x"));
    }

    #[test]
    fn r_top_level_string_was_echoed_whole() {
        // Found by fuzzing (jsonl target): a line holding a JSON string and
        // more was refused with serde's "invalid type: string \"…\"" quoting
        // the whole string, megabytes of it for a long line.
        let line = format!(" \"id{}\":\n", "\u{7f}".repeat(100_000));
        let err = parse_line(line.as_bytes()).unwrap_err();
        assert_eq!(err, "invalid record: trailing characters (column 100006)");
        let line = format!("\"{}\"", "x".repeat(100_000));
        let err = parse_line(line.as_bytes()).unwrap_err();
        assert_eq!(
            err,
            "invalid record: expected a JSON object, found a string"
        );
    }

    #[test]
    fn r_truncated_record_pointed_at_column_0() {
        // A record cut short at the line end was reported at "column 0": the
        // parser had reached the next line, past the newline.
        for line in [
            "{\"id\": \"g\", \"text\": \"x\",\n",
            "{\"id\": \"g\", \"text\": \"x\",\r\n",
        ] {
            assert_eq!(
                parse_line(line.as_bytes()).unwrap_err(),
                "invalid record: EOF while parsing a value (column 24)"
            );
        }
    }

    #[test]
    fn long_values_are_not_echoed_in_messages() {
        let line = format!("{{\"text\": \"a\", \"date\": \"{}\"}}", "9".repeat(100_000));
        let err = parse_line(line.as_bytes()).unwrap_err();
        assert!(err.len() < 120, "{err}");
        assert!(
            err.contains("\"99999999999999999999999999999999\"…"),
            "{err}"
        );
    }
}
