//! TruffleHog v3 `--json`: one JSON object per line. An AWS finding has `DetectorName` `AWS` and
//! the key id in `Raw`; `RawV2` (the id and the secret key together) is never read. Where it was
//! found is under `SourceMetadata.Data.<source>` (`Git`, `Github`, `Filesystem`...): `repository`,
//! `file`, `commit`, `line`, `link`.

use iam_audit_model::Sighting;

use crate::{Found, json_error, key_id_in, number_field, shape, text_field};

pub(crate) fn read(text: &str, file: &str) -> Result<(Found, usize), crate::ScannerError> {
    let mut found = Vec::new();
    let mut dropped = 0;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let object: serde_json::Value = serde_json::from_str(line).map_err(|error| {
            let mut error = json_error(&error, file);
            if let crate::ScannerError::Json { line, .. } = &mut error {
                *line = index + 1;
            }
            error
        })?;
        if !object.is_object()
            || (object.get("DetectorName").is_none() && object.get("SourceMetadata").is_none())
        {
            return Err(shape(
                file,
                &format!(
                    "line {} is not a TruffleHog finding (no `DetectorName` or `SourceMetadata`)",
                    index + 1
                ),
            ));
        }
        let aws = object
            .get("DetectorName")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|name| name.eq_ignore_ascii_case("AWS"));
        let id = object
            .get("Raw")
            .and_then(serde_json::Value::as_str)
            .filter(|_| aws)
            .and_then(|raw| key_id_in(raw).filter(|id| id == raw.trim()));
        match id {
            Some(id) => found.push((id, sighting(&object, file))),
            None => dropped += 1,
        }
    }
    Ok((found, dropped))
}

fn sighting(object: &serde_json::Value, file: &str) -> Sighting {
    let source = object
        .get("SourceMetadata")
        .and_then(|metadata| metadata.get("Data"))
        .and_then(serde_json::Value::as_object)
        .and_then(|data| data.values().find(|value| value.is_object()))
        .cloned()
        .unwrap_or_default();
    Sighting {
        scanner: crate::ScannerFormat::TruffleHog.as_str().to_string(),
        file: file.to_string(),
        repository: text_field(&source, "repository"),
        path: text_field(&source, "file"),
        commit: text_field(&source, "commit"),
        line: number_field(&source, "line"),
        url: text_field(&source, "link"),
    }
}
