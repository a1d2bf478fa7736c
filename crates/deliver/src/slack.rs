//! A message to Slack through an incoming webhook: one POST of Block Kit JSON, over the same
//! HTTPS stack as the AWS calls (the SDK's hyper and rustls, proxy settings honoured). Retried
//! with backoff on connection failures, 429 (honouring `Retry-After`, up to 30 s) and 5xx; a
//! 4xx other than 429 is final (a revoked webhook will not come back). The webhook URL is a
//! [`Secret`]: no error or log line carries it.

use std::time::Duration;

use aws_smithy_async::rt::sleep::TokioSleep;
use aws_smithy_http_client::Connector;
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorSettings};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_types::body::SdkBody;

use crate::{DeliveryError, Secret};

/// Attempts before giving up.
pub const ATTEMPTS: u32 = 3;

/// How a post went: delivered after some attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posted {
    /// Attempts made (1 when the first succeeded).
    pub attempts: u32,
}

/// Posts `payload` (Block Kit JSON) to the webhook, with retries.
pub async fn post(webhook: &Secret, payload: &serde_json::Value) -> Result<Posted, DeliveryError> {
    post_with_backoff(webhook, payload, Duration::from_secs(1)).await
}

/// [`post`] with the first backoff given (tests shorten it).
pub async fn post_with_backoff(
    webhook: &Secret,
    payload: &serde_json::Value,
    first_backoff: Duration,
) -> Result<Posted, DeliveryError> {
    let connector = Connector::builder()
        .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
        .proxy_config(ProxyConfig::from_env())
        .connector_settings(
            HttpConnectorSettings::builder()
                .connect_timeout(Duration::from_secs(5))
                .read_timeout(Duration::from_secs(15))
                .build(),
        )
        .sleep_impl(TokioSleep::new())
        .build();
    let body = serde_json::to_vec(payload).unwrap_or_default();
    let mut backoff = first_backoff;
    let mut last = String::new();
    for attempt in 1..=ATTEMPTS {
        match send(&connector, webhook, &body).await {
            Ok(()) => return Ok(Posted { attempts: attempt }),
            Err(Failure::Final(message)) => {
                return Err(DeliveryError::Slack {
                    message,
                    attempts: attempt,
                });
            }
            Err(Failure::Retry { message, after }) => {
                // A retry, not yet a failure: the final outcome is reported once.
                tracing::debug!("Slack webhook attempt {attempt} failed: {message}");
                last = message;
                if attempt < ATTEMPTS {
                    tokio::time::sleep(after.unwrap_or(backoff)).await;
                    backoff *= 2;
                }
            }
        }
    }
    Err(DeliveryError::Slack {
        message: last,
        attempts: ATTEMPTS,
    })
}

enum Failure {
    /// Worth another attempt, after `after` when the server said so.
    Retry {
        message: String,
        after: Option<Duration>,
    },
    /// Will not get better by retrying.
    Final(String),
}

async fn send(connector: &Connector, webhook: &Secret, body: &[u8]) -> Result<(), Failure> {
    let mut request = HttpRequest::new(SdkBody::from(body.to_vec()));
    let invalid = || Failure::Final("the webhook is not a valid URL".to_string());
    request.set_uri(webhook.expose()).map_err(|_| invalid())?;
    request.set_method("POST").map_err(|_| invalid())?;
    request
        .headers_mut()
        .insert("content-type", "application/json");
    let response = connector
        .call(request)
        .await
        .map_err(|error| Failure::Retry {
            message: webhook.scrub(&iam_audit_errors::chain_text(&error)),
            after: None,
        })?;
    let status = response.status().as_u16();
    match status {
        200..=299 => Ok(()),
        429 => Err(Failure::Retry {
            message: "HTTP 429 (rate limited)".to_string(),
            after: response
                .headers()
                .get("retry-after")
                .and_then(|value| value.trim().parse::<u64>().ok())
                .map(|seconds| Duration::from_secs(seconds.min(30))),
        }),
        500..=599 => Err(Failure::Retry {
            message: format!("HTTP {status}"),
            after: None,
        }),
        _ => Err(Failure::Final(format!(
            "HTTP {status} (the webhook was refused: check that it still exists)"
        ))),
    }
}
