//! A Gitleaks JSON report: a list of findings. An AWS key id is rule `aws-access-token`, the id in
//! `Secret` (or within `Match`); every other rule (`generic-api-key` holds secrets) is dropped.

use iam_audit_model::Sighting;

use crate::{Found, key_id_in, number_field, text_field};

/// Gitleaks' rules whose secret is an access key id (`aws-access-token` since v8; older releases
/// named it `AWS`/`aws-access-key`).
const KEY_ID_RULES: [&str; 3] = ["aws-access-token", "aws-access-key", "AWS"];

pub(crate) fn read(items: &[serde_json::Value], file: &str) -> (Found, usize) {
    let mut found = Vec::new();
    let mut dropped = 0;
    for item in items {
        let rule = item
            .get("RuleID")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        let id = KEY_ID_RULES
            .contains(&rule)
            .then(|| {
                item.get("Secret")
                    .and_then(serde_json::Value::as_str)
                    .and_then(key_id_in)
                    .or_else(|| {
                        item.get("Match")
                            .and_then(serde_json::Value::as_str)
                            .and_then(key_id_in)
                    })
            })
            .flatten();
        match id {
            Some(id) => found.push((
                id,
                Sighting {
                    scanner: crate::ScannerFormat::Gitleaks.as_str().to_string(),
                    file: file.to_string(),
                    repository: None,
                    path: text_field(item, "File"),
                    commit: text_field(item, "Commit"),
                    line: number_field(item, "StartLine"),
                    url: text_field(item, "Link"),
                },
            )),
            None => dropped += 1,
        }
    }
    (found, dropped)
}
