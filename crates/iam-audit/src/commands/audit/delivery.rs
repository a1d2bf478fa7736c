//! The run's deliveries, in order: the report files to S3 (each once complete), a presigned link
//! to the HTML report, the notifications (Slack, SNS), and last the JSON report and
//! `latest.json`. Every failure is recorded (the JSON's `run.delivery`, stderr, exit code 4) and
//! nothing is lost: the local copies stay, and the run says where.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use iam_audit_deliver::s3::{Encryption, Latest, ReportStore, content_type};
use iam_audit_deliver::{Secret, secrets, slack, sns};
use iam_audit_report::json::{Delivery, Notified, Uploaded};
use iam_audit_report::notification::{Digest, plain_text, slack_message};
use iam_audit_report::{Judged, rfc3339};

use super::reports::Written;
use crate::settings::{AuditSettings, NotifyTarget, OutputLocation, WebhookSource};

/// What delivers: the caller's AWS configuration (S3, SNS, Secrets Manager) and the report
/// store of an S3 output.
pub struct Deliverer {
    /// The caller's configuration, when something needs AWS.
    pub config: Option<aws_config::SdkConfig>,
    /// The store of an S3 output.
    pub store: Option<ReportStore>,
    /// Uploaded files: local path → `s3://` URI.
    pub uploaded: BTreeMap<PathBuf, String>,
    /// What the JSON records.
    pub record: Delivery,
}

impl Deliverer {
    /// Prepares the deliveries the settings ask for, for a run by `caller_account`.
    pub async fn new(settings: &AuditSettings, caller_account: &str) -> Deliverer {
        let delivery = &settings.delivery;
        let needs_aws = matches!(settings.output.location, OutputLocation::S3(_))
            || matches!(
                delivery.baseline,
                Some(crate::settings::BaselineSetting::S3 { .. })
            )
            || delivery
                .notify
                .iter()
                .any(|target| matches!(target, NotifyTarget::Sns(_)))
            || matches!(delivery.webhook, Some(WebhookSource::SecretsManager(_)));
        let config = if needs_aws {
            Some(iam_audit_collect::caller_config(&settings.connect).await)
        } else {
            None
        };
        let store = match (&settings.output.location, &config) {
            (OutputLocation::S3(location), Some(config)) => Some(ReportStore::new(
                config,
                location.clone(),
                Encryption {
                    kms_key: delivery.kms_key.clone(),
                },
                bucket_owner(settings, caller_account),
            )),
            _ => None,
        };
        Deliverer {
            config,
            store,
            uploaded: BTreeMap::new(),
            record: Delivery::default(),
        }
    }

    /// Whether a delivery failed.
    pub fn failed(&self) -> bool {
        !self.record.failures.is_empty()
    }

    /// Records a failure (a line of the JSON's `run.delivery.failures` and of stderr).
    pub fn fail(&mut self, message: String) {
        // Printed once, at the end of the run (`finish_staging`); here only for -v.
        tracing::debug!("{message}");
        self.record.failures.push(message);
    }

    /// Uploads report files to the run's folder in S3 (nothing for a local output).
    pub async fn upload(&mut self, written: &[Written], stamp: &str) {
        let Some(store) = self.store.clone() else {
            return;
        };
        let folder = store.location().run_folder(stamp);
        for report in written {
            let name = file_name(&report.path);
            let key = format!("{folder}/{name}");
            match store
                .put_file(&key, &report.path, content_type(&report.path))
                .await
            {
                Ok(uri) => {
                    self.record.uploaded.push(Uploaded {
                        file: name,
                        uri: uri.clone(),
                    });
                    self.uploaded.insert(report.path.clone(), uri);
                }
                Err(error) => self.fail(error.to_string()),
            }
        }
    }

    /// A presigned URL of the uploaded HTML report, when asked for.
    pub async fn presign_html(&mut self, written: &[Written], settings: &AuditSettings) {
        let (Some(store), Some(validity)) = (self.store.clone(), settings.delivery.presign) else {
            return;
        };
        let Some(html) = written.iter().find(|report| {
            report
                .path
                .extension()
                .is_some_and(|extension| extension == "html")
        }) else {
            return;
        };
        let Some(uri) = self.uploaded.get(&html.path) else {
            return;
        };
        let key = uri
            .strip_prefix(&format!("s3://{}/", store.location().bucket))
            .unwrap_or_default()
            .to_string();
        match store.presign(&key, validity).await {
            Ok(url) => self.record.html_url = Some(url),
            Err(error) => self.fail(error.to_string()),
        }
    }

    /// Sends every notification asked for.
    pub async fn notify(&mut self, judged: &Judged<'_>, settings: &AuditSettings) {
        if settings.delivery.notify.is_empty() {
            return;
        }
        let location = self.reports_location(settings);
        let digest = Digest {
            judged: *judged,
            language: settings.output.language,
            report_url: self.record.html_url.as_deref(),
            reports_location: Some(location.as_str()),
        };
        let slack_payload = slack_message(&digest);
        let (subject, body) = plain_text(&digest);
        for target in settings.delivery.notify.clone() {
            let notified = match target {
                NotifyTarget::Slack => self.notify_slack(settings, &slack_payload).await,
                NotifyTarget::Sns(topic) => {
                    let outcome = match &self.config {
                        Some(config) => sns::publish(config, &topic, &subject, &body)
                            .await
                            .map_err(|error| error.to_string()),
                        None => Err("no AWS configuration".to_string()),
                    };
                    Notified {
                        target: format!("sns:{topic}"),
                        delivered: outcome.is_ok(),
                        attempts: 1,
                        error: outcome.err(),
                    }
                }
            };
            if let Some(error) = &notified.error {
                self.fail(format!("{}: {error}", notified.target));
            }
            self.record.notifications.push(notified);
        }
    }

    async fn notify_slack(
        &self,
        settings: &AuditSettings,
        payload: &serde_json::Value,
    ) -> Notified {
        let webhook: Result<Secret, String> = match &settings.delivery.webhook {
            Some(WebhookSource::Environment(secret)) => Ok(secret.clone()),
            Some(WebhookSource::SecretsManager(secret_id)) => match &self.config {
                Some(config) => secrets::webhook_url(config, secret_id)
                    .await
                    .map_err(|error| error.to_string()),
                None => Err("no AWS configuration".to_string()),
            },
            None => Err("no webhook".to_string()),
        };
        let outcome = match webhook {
            Ok(webhook) => slack::post(&webhook, payload)
                .await
                .map(|posted| posted.attempts)
                .map_err(|error| {
                    let attempts = match &error {
                        iam_audit_deliver::DeliveryError::Slack { attempts, .. } => *attempts,
                        _ => 1,
                    };
                    (error.to_string(), attempts)
                }),
            Err(message) => Err((message, 0)),
        };
        match outcome {
            Ok(attempts) => Notified {
                target: "slack".to_string(),
                delivered: true,
                attempts,
                error: None,
            },
            Err((message, attempts)) => Notified {
                target: "slack".to_string(),
                delivered: false,
                attempts,
                error: Some(message),
            },
        }
    }

    /// Uploads the JSON report, then `latest.json` pointing at it (only when the JSON arrived,
    /// so `--baseline auto` never finds a run without its report; never for a shard, which is
    /// not a run of its own).
    pub async fn finish(&mut self, json: &Written, judged: &Judged<'_>, settings: &AuditSettings) {
        let Some(store) = self.store.clone() else {
            return;
        };
        let stamp = &settings.output.stamp;
        let before = self.record.uploaded.len();
        self.upload(std::slice::from_ref(json), stamp).await;
        if self.record.uploaded.len() == before || settings.collect.shard.is_some() {
            return;
        }
        let folder = store.location().run_folder(stamp);
        let latest = Latest {
            stamp: stamp.to_string(),
            started_at: rfc3339(judged.run.started_at),
            json_key: format!("{folder}/{}", file_name(&json.path)),
            complete: !judged.run.is_incomplete(),
        };
        if let Err(error) = store.put_latest(&latest).await {
            self.fail(error.to_string());
        }
    }

    /// Where the reports are: the run's S3 folder, or the local folder.
    pub fn reports_location(&self, settings: &AuditSettings) -> String {
        match &self.store {
            Some(store) => store
                .location()
                .uri(&store.location().run_folder(&settings.output.stamp)),
            None => settings.output.folder_path.display().to_string(),
        }
    }
}

/// The account that must own the bucket: `--s3-bucket-owner`, else the caller's.
pub fn bucket_owner(settings: &AuditSettings, caller_account: &str) -> String {
    settings
        .delivery
        .bucket_owner
        .clone()
        .unwrap_or_else(|| caller_account.to_string())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
