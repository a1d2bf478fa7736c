//! GitHub secret-scanning alerts as the REST API lists them (`GET /orgs/{org}/secret-scanning/alerts`,
//! `GET /repos/{owner}/{repo}/secret-scanning/alerts`): a list of alerts. An access key id is
//! `secret_type` `aws_access_key_id`, the id in `secret`; every other type (an
//! `aws_secret_access_key` alert's `secret` is the secret key) is dropped.

use iam_audit_model::Sighting;

use crate::{Found, key_id_in, number_field, text_field};

pub(crate) fn read(items: &[serde_json::Value], file: &str) -> (Found, usize) {
    let mut found = Vec::new();
    let mut dropped = 0;
    for item in items {
        let key_id_alert = item
            .get("secret_type")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|kind| kind == "aws_access_key_id");
        let id = item
            .get("secret")
            .and_then(serde_json::Value::as_str)
            .filter(|_| key_id_alert)
            .and_then(|secret| key_id_in(secret).filter(|id| id == secret.trim()));
        let Some(id) = id else {
            dropped += 1;
            continue;
        };
        let location = item
            .get("first_location_detected")
            .cloned()
            .unwrap_or_default();
        let repository = item
            .get("repository")
            .and_then(|repository| text_field(repository, "full_name"));
        found.push((
            id,
            Sighting {
                scanner: crate::ScannerFormat::GitHub.as_str().to_string(),
                file: file.to_string(),
                repository,
                path: text_field(&location, "path"),
                commit: text_field(&location, "commit_sha"),
                line: number_field(&location, "start_line"),
                url: text_field(item, "html_url"),
            },
        ));
    }
    (found, dropped)
}
