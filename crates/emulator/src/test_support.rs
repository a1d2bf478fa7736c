//! Drives the emulator's whole request path (identity, rate limits, faults, call log) without a
//! socket, in every wire protocol, for the tests of the services added after IAM's own helpers:
//! awsQuery forms, awsJson targets and restJson paths, signed for any access key and region.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, Uri};
use chrono::{Duration, Utc};

use crate::scenario::Scenario;
use crate::server::{Identity, Session, Shared, handle};

/// Signs as the scenario's caller (credentials the emulator did not issue).
pub const CALLER: &str = "AKIAEMULATORCALLER01";

/// An emulator without a socket.
pub struct TestEmulator {
    /// Its state, for the call log and sessions.
    pub shared: Arc<Shared>,
}

/// An answer: HTTP status, headers and body.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Body text.
    pub body: String,
}

impl Reply {
    /// The body as JSON (`Null` when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The texts of every `<tag>` element, in order.
    pub fn values(&self, tag: &str) -> Vec<String> {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        let mut values = Vec::new();
        let mut rest = self.body.as_str();
        while let Some(start) = rest.find(&open) {
            let after = &rest[start + open.len()..];
            let Some(end) = after.find(&close) else {
                break;
            };
            values.push(after[..end].to_string());
            rest = &after[end + close.len()..];
        }
        values
    }

    /// The text of the first `<tag>`, or "".
    pub fn value(&self, tag: &str) -> String {
        self.values(tag).into_iter().next().unwrap_or_default()
    }

    /// The error code, in any protocol.
    pub fn error_code(&self) -> String {
        let json = self.json();
        match json.get("__type").and_then(serde_json::Value::as_str) {
            Some(code) => code.to_string(),
            None => self.value("Code"),
        }
    }
}

impl TestEmulator {
    /// Serves `scenario`.
    pub fn new(scenario: Scenario) -> TestEmulator {
        TestEmulator {
            shared: Arc::new(Shared::new(scenario, Utc::now())),
        }
    }

    /// Credentials of the audit role assumed in `account_id`.
    pub fn assume(&self, account_id: &str) -> String {
        self.shared.issue_session(Session {
            identity: Identity::new(
                account_id,
                &format!("arn:aws:sts::{account_id}:assumed-role/AWSControlTowerExecution/test"),
                "AROAEXAMPLE:test",
            ),
            expires: Utc::now() + Duration::hours(1),
        })
    }

    async fn send(
        &self,
        access_key_id: &str,
        scope: (&str, &str),
        (method, uri): (Method, Uri),
        extra: &[(&str, &str)],
        body: String,
    ) -> Reply {
        let (region, service) = scope;
        let mut headers = HeaderMap::new();
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={access_key_id}/20260101/{region}/{service}/aws4_request, SignedHeaders=host, Signature=0"
        );
        let mut all = vec![("authorization".to_string(), authorization)];
        all.extend(
            extra
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string())),
        );
        for (name, value) in all {
            if let (Ok(name), Ok(value)) = (
                axum::http::HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                headers.insert(name, value);
            }
        }
        let response = handle(
            State(Arc::clone(&self.shared)),
            method,
            headers,
            uri,
            Bytes::from(body),
        )
        .await;
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        Reply { status, body }
    }

    /// An awsQuery request (`service` is the signing name: `iam`, `sts`).
    pub async fn query(
        &self,
        access_key_id: &str,
        service: &str,
        action: &str,
        parameters: &[(&str, &str)],
    ) -> Reply {
        let mut form = form_urlencoded::Serializer::new(String::new());
        let version = if service == "sts" {
            "2011-06-15"
        } else {
            "2010-05-08"
        };
        form.append_pair("Action", action)
            .append_pair("Version", version);
        for (name, value) in parameters {
            form.append_pair(name, value);
        }
        self.send(
            access_key_id,
            ("us-east-1", service),
            (Method::POST, Uri::from_static("/")),
            &[],
            form.finish(),
        )
        .await
    }

    /// An awsJson1.1 request: `target` is the X-Amz-Target header.
    pub async fn json(
        &self,
        access_key_id: &str,
        (region, service): (&str, &str),
        target: &str,
        body: serde_json::Value,
    ) -> Reply {
        self.send(
            access_key_id,
            (region, service),
            (Method::POST, Uri::from_static("/")),
            &[
                ("x-amz-target", target),
                ("content-type", "application/x-amz-json-1.1"),
            ],
            body.to_string(),
        )
        .await
    }

    /// A restJson1 GET of `path_and_query`, signed for `service` in `region`.
    pub async fn rest_get(
        &self,
        access_key_id: &str,
        (region, service): (&str, &str),
        path_and_query: &str,
    ) -> Reply {
        let uri = path_and_query
            .parse::<Uri>()
            .unwrap_or_else(|_| Uri::from_static("/"));
        self.send(
            access_key_id,
            (region, service),
            (Method::GET, uri),
            &[],
            String::new(),
        )
        .await
    }

    /// A CloudTrail LookupEvents request in `region`.
    pub async fn lookup_events(
        &self,
        access_key_id: &str,
        region: &str,
        body: serde_json::Value,
    ) -> Reply {
        self.json(
            access_key_id,
            (region, "cloudtrail"),
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
            body,
        )
        .await
    }
}
