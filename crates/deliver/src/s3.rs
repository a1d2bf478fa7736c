//! The run's reports in S3: `prefix/YYYY/MM/DD/<timestamp>/<file>`, then `prefix/latest.json`
//! naming the newest run (what `--baseline auto` reads). Every object is encrypted (SSE-KMS with
//! a given key, else SSE-S3), carries `ExpectedBucketOwner` (so a bucket taken over by another
//! account is refused, not written to) and its content type; a file is uploaded only once it is
//! complete on disk. Transient failures are retried by the SDK (the run's attempts and backoff).

use std::path::Path;
use std::time::Duration;

pub use aws_sdk_s3::Client;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;
use serde_json::{Value, json};

use crate::DeliveryError;
use crate::error::aws_message;

/// An `s3://bucket/prefix` location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    /// The bucket.
    pub bucket: String,
    /// The key prefix, without leading or trailing `/` (may be empty).
    pub prefix: String,
}

impl S3Location {
    /// Parses `s3://bucket[/prefix]`; `None` for anything else. The bucket name follows S3's
    /// rules (3–63 lowercase letters, digits, dots and dashes).
    pub fn parse(text: &str) -> Option<S3Location> {
        let rest = text.strip_prefix("s3://")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let valid_bucket = (3..=63).contains(&bucket.len())
            && bucket.chars().all(|character| {
                character.is_ascii_lowercase()
                    || character.is_ascii_digit()
                    || character == '.'
                    || character == '-'
            });
        valid_bucket.then(|| S3Location {
            bucket: bucket.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
        })
    }

    /// The key of `name` under the prefix.
    pub fn key(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.prefix)
        }
    }

    /// `s3://bucket/key`.
    pub fn uri(&self, key: &str) -> String {
        format!("s3://{}/{key}", self.bucket)
    }

    /// The folder of one run: `prefix/YYYY/MM/DD/<stamp>`, the date taken from the stamp
    /// (`YYYYMMDD_HHMMSS`), so the run's files and their folder agree.
    pub fn run_folder(&self, stamp: &str) -> String {
        let date = stamp.get(..8).unwrap_or("00000000");
        self.key(&format!(
            "{}/{}/{}/{stamp}",
            &date[..4.min(date.len())],
            date.get(4..6).unwrap_or("00"),
            date.get(6..8).unwrap_or("00")
        ))
    }
}

/// How objects are written.
#[derive(Debug, Clone)]
pub struct Encryption {
    /// SSE-KMS with this key (id, ARN or alias); SSE-S3 (AES256) without one.
    pub kms_key: Option<String>,
}

/// The reports' bucket, written and read with the caller's own credentials.
#[derive(Debug, Clone)]
pub struct ReportStore {
    client: aws_sdk_s3::Client,
    location: S3Location,
    encryption: Encryption,
    bucket_owner: String,
}

impl ReportStore {
    /// A store at `location`; every request expects the bucket to belong to `bucket_owner`.
    pub fn new(
        config: &aws_config::SdkConfig,
        location: S3Location,
        encryption: Encryption,
        bucket_owner: String,
    ) -> ReportStore {
        ReportStore {
            client: client(config),
            location,
            encryption,
            bucket_owner,
        }
    }

    /// Where the store writes.
    pub fn location(&self) -> &S3Location {
        &self.location
    }

    /// Uploads a complete local file to `key`; returns its `s3://` URI.
    pub async fn put_file(
        &self,
        key: &str,
        path: &Path,
        content_type: &str,
    ) -> Result<String, DeliveryError> {
        let body = ByteStream::from_path(path)
            .await
            .map_err(|error| DeliveryError::Read {
                path: path.display().to_string(),
                source: std::io::Error::other(error.to_string()),
            })?;
        self.put(key, body, content_type).await
    }

    /// Uploads bytes to `key`; returns its `s3://` URI.
    pub async fn put_bytes(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<String, DeliveryError> {
        self.put(key, ByteStream::from(bytes), content_type).await
    }

    async fn put(
        &self,
        key: &str,
        body: ByteStream,
        content_type: &str,
    ) -> Result<String, DeliveryError> {
        let uri = self.location.uri(key);
        let mut request = self
            .client
            .put_object()
            .bucket(&self.location.bucket)
            .key(key)
            .body(body)
            .content_type(content_type)
            .expected_bucket_owner(&self.bucket_owner);
        request = match &self.encryption.kms_key {
            Some(key_id) => request
                .server_side_encryption(ServerSideEncryption::AwsKms)
                .ssekms_key_id(key_id),
            None => request.server_side_encryption(ServerSideEncryption::Aes256),
        };
        request.send().await.map_err(|error| DeliveryError::S3 {
            action: "s3:PutObject",
            uri: uri.clone(),
            message: aws_message(&error),
        })?;
        Ok(uri)
    }

    /// Reads an object of this bucket.
    pub async fn get(&self, key: &str) -> Result<Vec<u8>, DeliveryError> {
        get_object(&self.client, &self.location.bucket, key, &self.bucket_owner).await
    }

    /// A presigned GET URL of `key`, valid for `validity`.
    pub async fn presign(&self, key: &str, validity: Duration) -> Result<String, DeliveryError> {
        let uri = self.location.uri(key);
        let presign_error = |message: String| DeliveryError::Presign {
            uri: uri.clone(),
            message,
        };
        let config = PresigningConfig::expires_in(validity)
            .map_err(|error| presign_error(error.to_string()))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.location.bucket)
            .key(key)
            .expected_bucket_owner(&self.bucket_owner)
            .presigned(config)
            .await
            .map_err(|error| presign_error(aws_message(&error)))?;
        Ok(request.uri().to_string())
    }

    /// Writes `prefix/latest.json`: which run is newest and where its JSON report is.
    pub async fn put_latest(&self, pointer: &Latest) -> Result<String, DeliveryError> {
        let bytes = serde_json::to_vec_pretty(&pointer.to_json()).unwrap_or_default();
        self.put_bytes(&self.location.key(LATEST), bytes, "application/json")
            .await
    }

    /// Reads `prefix/latest.json`; `None` when there is none yet (the first run).
    pub async fn latest(&self) -> Result<Option<Latest>, DeliveryError> {
        let key = self.location.key(LATEST);
        match self.get(&key).await {
            Ok(bytes) => Latest::from_json(&bytes)
                .map(Some)
                .ok_or_else(|| DeliveryError::S3 {
                    action: "s3:GetObject",
                    uri: self.location.uri(&key),
                    message: "not an iam-audit latest.json".to_string(),
                }),
            Err(DeliveryError::S3 { message, .. }) if message.starts_with("NoSuchKey") => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// The name of the pointer to the newest run.
pub const LATEST: &str = "latest.json";

/// What `latest.json` holds: the newest run's folder, its JSON report's key and when it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest {
    /// The run's report timestamp (`YYYYMMDD_HHMMSS`).
    pub stamp: String,
    /// When the run started (RFC 3339).
    pub started_at: String,
    /// The key of its JSON report.
    pub json_key: String,
    /// Whether everything was read.
    pub complete: bool,
}

impl Latest {
    fn to_json(&self) -> Value {
        json!({
            "tool": "iam-audit",
            "stamp": self.stamp,
            "started_at": self.started_at,
            "json_report": self.json_key,
            "complete": self.complete,
        })
    }

    fn from_json(bytes: &[u8]) -> Option<Latest> {
        let value: Value = serde_json::from_slice(bytes).ok()?;
        Some(Latest {
            stamp: value["stamp"].as_str()?.to_string(),
            started_at: value["started_at"].as_str()?.to_string(),
            json_key: value["json_report"].as_str()?.to_string(),
            complete: value["complete"].as_bool()?,
        })
    }
}

/// An S3 client with the caller's configuration. An endpoint override (a local S3 such as moto)
/// takes path-style addressing: there is no DNS name for `bucket.127.0.0.1`.
pub fn client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    let overridden = ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
        || config.endpoint_url().is_some();
    let s3 = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(overridden)
        .build();
    aws_sdk_s3::Client::from_conf(s3)
}

/// Reads `s3://bucket/key` (a baseline or a diff's input), expecting the bucket's owner.
pub async fn get_object(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
    bucket_owner: &str,
) -> Result<Vec<u8>, DeliveryError> {
    let uri = format!("s3://{bucket}/{key}");
    let output = client
        .get_object()
        .bucket(bucket)
        .key(key)
        .expected_bucket_owner(bucket_owner)
        .send()
        .await
        .map_err(|error| DeliveryError::S3 {
            action: "s3:GetObject",
            uri: uri.clone(),
            message: aws_message(&error),
        })?;
    let bytes = output
        .body
        .collect()
        .await
        .map_err(|error| DeliveryError::S3 {
            action: "s3:GetObject",
            uri,
            message: error.to_string(),
        })?;
    Ok(bytes.into_bytes().to_vec())
}

/// The content type of a report file, from its extension.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|extension| extension.to_str()) {
        Some("csv") => "text/csv; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_parse_and_build_keys() {
        let location = S3Location::parse("s3://audit-reports/iam/weekly/").expect("valid");
        assert_eq!(location.bucket, "audit-reports");
        assert_eq!(location.prefix, "iam/weekly");
        assert_eq!(
            location.run_folder("20261130_091500"),
            "iam/weekly/2026/11/30/20261130_091500"
        );
        assert_eq!(location.key("latest.json"), "iam/weekly/latest.json");
        let root = S3Location::parse("s3://audit-reports").expect("valid");
        assert_eq!(root.key("latest.json"), "latest.json");
        for bad in [
            "audit-reports",
            "s3://",
            "s3://Upper",
            "s3://a",
            "https://x/y",
        ] {
            assert!(S3Location::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_pointer_round_trips() {
        let latest = Latest {
            stamp: "20261130_091500".to_string(),
            started_at: "2026-11-30T09:15:00Z".to_string(),
            json_key: "p/2026/11/30/20261130_091500/iam_audit_20261130_091500.json".to_string(),
            complete: true,
        };
        let bytes = serde_json::to_vec(&latest.to_json()).unwrap_or_default();
        assert_eq!(Latest::from_json(&bytes), Some(latest));
        assert_eq!(Latest::from_json(b"{}"), None);
    }
}
