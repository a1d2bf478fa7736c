//! Secret scanners' reports read into leaked AWS access key ids, and nothing else.
//!
//! **Invariant:** pure (bytes in, key ids out: no file, network or clock), and only key ids are
//! kept. Everything else a scanner file holds — secret access keys (TruffleHog's `RawV2`, a
//! Gitleaks `generic-api-key`, GitHub's `aws_secret_access_key` alerts), matched lines, authors —
//! is dropped while reading: no type of this crate or of the model has a field for it, and no
//! error message quotes the file's content, only its name, line and format.
//!
//! The format is told from the content, not the name:
//! - a JSON list: a Gitleaks report (`RuleID` `aws-access-token`, the id in `Secret` or `Match`,
//!   `File`, `Commit`, `StartLine`, `Link`) or GitHub secret-scanning alerts as the REST API
//!   returns them (`secret_type` `aws_access_key_id`, `secret`, `repository.full_name`,
//!   `html_url`, `first_location_detected`);
//! - JSON objects one per line: TruffleHog v3 `--json` (`DetectorName` `AWS`, the id in `Raw`,
//!   where it was found in `SourceMetadata.Data.<source>`);
//! - anything else: one key id per line, `#` starting a comment.
//!
//! A file in none of these formats is an error naming the file and the first line at fault.

mod github;
mod gitleaks;
mod list;
mod trufflehog;

use iam_audit_model::{LeakedKey, Sighting};

/// A scanner file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScannerFormat {
    /// TruffleHog v3 `--json` lines.
    TruffleHog,
    /// A Gitleaks JSON report.
    Gitleaks,
    /// GitHub secret-scanning alerts (REST API).
    GitHub,
    /// One key id per line.
    List,
}

impl ScannerFormat {
    /// The scanner's name, as the reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ScannerFormat::TruffleHog => "trufflehog",
            ScannerFormat::Gitleaks => "gitleaks",
            ScannerFormat::GitHub => "github",
            ScannerFormat::List => "list",
        }
    }
}

/// What one scanner file named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannerFile {
    /// Its format.
    pub format: ScannerFormat,
    /// The key ids, each once with its sightings, by id.
    pub keys: Vec<LeakedKey>,
    /// Entries dropped: other detectors, rules and secret types, secrets, anything that is not a
    /// key id.
    pub dropped: usize,
}

/// A file that is in none of the formats. The message names the file and where it went wrong,
/// never what the file holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScannerError {
    /// Not UTF-8 text.
    #[error("{file}: not UTF-8 text (byte {offset}); {FORMATS}")]
    NotText {
        /// The file.
        file: String,
        /// The first byte that is not UTF-8.
        offset: usize,
    },
    /// JSON that does not parse.
    #[error("{file}: line {line}, column {column}: not valid JSON; {FORMATS}")]
    Json {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// The column.
        column: usize,
    },
    /// JSON of another shape.
    #[error("{file}: {what}; {FORMATS}")]
    Shape {
        /// The file.
        file: String,
        /// What was found instead.
        what: String,
    },
    /// A line of a plain list that is not a key id.
    #[error(
        "{file}: line {line} is not an access key id (AKIA or ASIA and 16 characters A-Z, 2-7); {FORMATS}"
    )]
    ListLine {
        /// The file.
        file: String,
        /// The line.
        line: usize,
    },
}

/// The formats, as the errors list them.
pub const FORMATS: &str = "a scanner file is TruffleHog --json lines, a Gitleaks JSON report, GitHub secret-scanning alerts (JSON) or one access key id per line";

/// Reads a scanner file named `file` (the name is kept in each sighting and in errors).
pub fn read(bytes: &[u8], file: &str) -> Result<ScannerFile, ScannerError> {
    let text = std::str::from_utf8(bytes).map_err(|error| ScannerError::NotText {
        file: file.to_string(),
        offset: error.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (format, found, dropped) = match text.trim_start().chars().next() {
        Some('[') => json_list(text, file)?,
        Some('{') => {
            let (found, dropped) = trufflehog::read(text, file)?;
            (ScannerFormat::TruffleHog, found, dropped)
        }
        _ => (ScannerFormat::List, list::read(text, file)?, 0),
    };
    Ok(ScannerFile {
        format,
        keys: merge(found),
        dropped,
    })
}

type Found = Vec<(String, Sighting)>;

/// A JSON list: Gitleaks' report or GitHub's alerts, told by their keys.
fn json_list(text: &str, file: &str) -> Result<(ScannerFormat, Found, usize), ScannerError> {
    let items: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|error| json_error(&error, file))?;
    let has = |key: &str| items.iter().any(|item| item.get(key).is_some());
    if items.iter().any(|item| !item.is_object()) {
        return Err(shape(file, "a JSON list of something other than objects"));
    }
    if items.is_empty() || has("RuleID") {
        let (found, dropped) = gitleaks::read(&items, file);
        Ok((ScannerFormat::Gitleaks, found, dropped))
    } else if has("secret_type") {
        let (found, dropped) = github::read(&items, file);
        Ok((ScannerFormat::GitHub, found, dropped))
    } else {
        Err(shape(
            file,
            "a JSON list whose objects have neither Gitleaks' `RuleID` nor GitHub's `secret_type`",
        ))
    }
}

/// A JSON error by its place only (serde_json's own message may quote the file's text).
pub(crate) fn json_error(error: &serde_json::Error, file: &str) -> ScannerError {
    ScannerError::Json {
        file: file.to_string(),
        line: error.line(),
        column: error.column(),
    }
}

pub(crate) fn shape(file: &str, what: &str) -> ScannerError {
    ScannerError::Shape {
        file: file.to_string(),
        what: what.to_string(),
    }
}

/// A string field of a JSON object, trimmed and cut to a sane length (scanner output is
/// attacker-influenced: a file path can be anything).
pub(crate) fn text_field(value: &serde_json::Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(serde_json::Value::as_str)
        .map(|text| {
            text.chars()
                .filter(|character| !character.is_control())
                .take(300)
                .collect::<String>()
        })
        .filter(|text| !text.trim().is_empty())
}

/// A line-number field (a number, or digits in a string).
pub(crate) fn number_field(value: &serde_json::Value, key: &str) -> Option<u64> {
    match value.get(key)? {
        serde_json::Value::Number(number) => number.as_u64(),
        serde_json::Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A key id in a text: the text itself, or the first 20-character word of it that is one.
pub(crate) fn key_id_in(text: &str) -> Option<String> {
    let text = text.trim();
    if iam_audit_model::exposure::is_access_key_id(text) {
        return Some(text.to_string());
    }
    text.split(|character: char| !character.is_ascii_alphanumeric())
        .find(|word| iam_audit_model::exposure::is_access_key_id(word))
        .map(str::to_string)
}

/// Each id once, with its sightings sorted and each once.
fn merge(found: Found) -> Vec<LeakedKey> {
    let mut by_id: std::collections::BTreeMap<String, Vec<Sighting>> =
        std::collections::BTreeMap::new();
    for (id, sighting) in found {
        by_id.entry(id).or_default().push(sighting);
    }
    by_id
        .into_iter()
        .map(|(access_key_id, mut sightings)| {
            sightings.sort();
            sightings.dedup();
            LeakedKey {
                access_key_id,
                sightings,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
