//! One access key id per line; blank lines and `#` comments (whole lines, or after the id) are
//! skipped. Any other line makes the file none of the formats.

use iam_audit_model::Sighting;

use crate::{Found, ScannerError};

pub(crate) fn read(text: &str, file: &str) -> Result<Found, ScannerError> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let content = line.split('#').next().unwrap_or_default().trim();
        if content.is_empty() {
            continue;
        }
        if !iam_audit_model::exposure::is_access_key_id(content) {
            return Err(ScannerError::ListLine {
                file: file.to_string(),
                line: index + 1,
            });
        }
        found.push((
            content.to_string(),
            Sighting {
                scanner: crate::ScannerFormat::List.as_str().to_string(),
                file: file.to_string(),
                line: Some(index as u64 + 1),
                ..Sighting::default()
            },
        ));
    }
    Ok(found)
}
