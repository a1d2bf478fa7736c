//! One run's deliveries, in order: the report files to S3 (each once complete), a presigned link
//! to the HTML report, the notifications (Slack, SNS), and last the JSON report and
//! `latest.json`. Every destination a run can have is here, behind [`Deliveries`]; every failure
//! is recorded (the JSON's `run.delivery`, stderr, exit code 4) and nothing is lost: the local
//! copies stay, and the run says where.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use iam_audit_report::json::{Delivery, Notified, Uploaded};
use iam_audit_report::notification::{Digest, plain_text, slack_message};
use iam_audit_report::{Judged, Language, rfc3339};

use crate::s3::{Encryption, Latest, ReportStore, S3Location, content_type};
use crate::{DeliveryError, Secret, secrets, slack, sns};
use iam_audit_rules::RouteTarget;

mod routes;

/// Where the reports go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputLocation {
    /// A local folder.
    Local(PathBuf),
    /// S3: written to a local staging folder, then uploaded.
    S3(S3Location),
}

/// Where a notification goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotifyTarget {
    /// Slack, through the webhook.
    Slack,
    /// An SNS topic.
    Sns(String),
}

/// Where the webhook's URL comes from.
#[derive(Clone, Debug)]
pub enum WebhookSource {
    /// The environment variable (read once, when the settings were made).
    Environment(Secret),
    /// A Secrets Manager secret, read at delivery.
    SecretsManager(String),
}

/// What a run delivers, validated.
#[derive(Clone, Debug)]
pub struct DeliveryPlan {
    /// Where the reports end up.
    pub location: OutputLocation,
    /// The run's report timestamp (its S3 folder's name).
    pub stamp: String,
    /// The local folder the reports are written to (the staging folder of an S3 output).
    pub folder_path: PathBuf,
    /// Notifications.
    pub notify: Vec<NotifyTarget>,
    /// The webhook, when Slack is notified.
    pub webhook: Option<WebhookSource>,
    /// `--s3-kms-key`.
    pub kms_key: Option<String>,
    /// The account that must own the bucket.
    pub bucket_owner: String,
    /// `--presign-hours`.
    pub presign: Option<Duration>,
    /// A shard's run: not a run of its own, so no `latest.json`.
    pub shard: bool,
    /// The notifications' language.
    pub language: Language,
    /// `[[routes]]`: per-team digests, each of its own findings.
    pub routes: Vec<iam_audit_rules::Route>,
}

impl DeliveryPlan {
    /// Whether anything goes beyond the local folder (the JSON records the deliveries then).
    pub fn delivers(&self) -> bool {
        matches!(self.location, OutputLocation::S3(_))
            || !self.notify.is_empty()
            || !self.routes.is_empty()
    }

    /// Whether delivering needs the caller's AWS configuration (S3, SNS, Secrets Manager).
    pub fn needs_aws(&self) -> bool {
        matches!(self.location, OutputLocation::S3(_))
            || self
                .notify
                .iter()
                .any(|target| matches!(target, NotifyTarget::Sns(_)))
            || matches!(self.webhook, Some(WebhookSource::SecretsManager(_)))
            || self
                .routes
                .iter()
                .flat_map(|route| &route.notify)
                .any(|target| !matches!(target, RouteTarget::SlackEnvironment(_)))
    }
}

/// A run's deliveries and their record.
pub struct Deliveries {
    plan: DeliveryPlan,
    /// The caller's configuration, when something needs AWS.
    config: Option<aws_config::SdkConfig>,
    /// The store of an S3 output.
    store: Option<ReportStore>,
    /// Uploaded files: local path → `s3://` URI.
    uploaded: BTreeMap<PathBuf, String>,
    /// What the JSON records.
    record: Delivery,
}

impl Deliveries {
    /// The deliveries of `plan`, with the caller's configuration when it needs one.
    pub fn new(plan: DeliveryPlan, config: Option<aws_config::SdkConfig>) -> Deliveries {
        let store = match (&plan.location, &config) {
            (OutputLocation::S3(location), Some(config)) => Some(ReportStore::new(
                config,
                location.clone(),
                Encryption {
                    kms_key: plan.kms_key.clone(),
                },
                plan.bucket_owner.clone(),
            )),
            _ => None,
        };
        Deliveries {
            plan,
            config,
            store,
            uploaded: BTreeMap::new(),
            record: Delivery::default(),
        }
    }

    /// The caller's configuration, when the plan needed one.
    pub fn config(&self) -> Option<&aws_config::SdkConfig> {
        self.config.as_ref()
    }

    /// The report store of an S3 output.
    pub fn store(&self) -> Option<&ReportStore> {
        self.store.as_ref()
    }

    /// What the JSON records.
    pub fn record(&self) -> &Delivery {
        &self.record
    }

    /// Whether a delivery failed.
    pub fn failed(&self) -> bool {
        !self.record.failures.is_empty()
    }

    /// Where a report ended up: its `s3://` URI when uploaded, else the local file.
    pub fn location_of(&self, path: &Path) -> String {
        self.uploaded
            .get(path)
            .cloned()
            .unwrap_or_else(|| path.display().to_string())
    }

    /// Records a failure (a line of the JSON's `run.delivery.failures`, printed once at the end
    /// of the run).
    pub fn fail(&mut self, message: String) {
        tracing::debug!("{message}");
        self.record.failures.push(message);
    }

    /// Uploads report files to the run's folder in S3 (nothing for a local output).
    pub async fn upload(&mut self, paths: &[PathBuf]) {
        let Some(store) = self.store.clone() else {
            return;
        };
        let folder = store.location().run_folder(&self.plan.stamp);
        for path in paths {
            if path.is_dir() {
                self.upload_folder(&store, &folder, path).await;
                continue;
            }
            let name = file_name(path);
            let key = format!("{folder}/{name}");
            match store.put_file(&key, path, content_type(path)).await {
                Ok(uri) => {
                    self.record.uploaded.push(Uploaded {
                        file: name,
                        uri: uri.clone(),
                    });
                    self.uploaded.insert(path.clone(), uri);
                }
                Err(error) => self.fail(error.to_string()),
            }
        }
    }

    /// Uploads a report that is a folder (the suggested policies): each file under
    /// `<run folder>/<folder name>/`, in name order; the folder's location is that prefix.
    async fn upload_folder(&mut self, store: &ReportStore, folder: &str, path: &Path) {
        let name = file_name(path);
        let mut files: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(entries) => entries.flatten().map(|entry| entry.path()).collect(),
            Err(error) => {
                self.fail(format!("cannot read {}: {error}", path.display()));
                return;
            }
        };
        files.sort();
        let mut complete = true;
        for file in files {
            let inner = format!("{name}/{}", file_name(&file));
            let key = format!("{folder}/{inner}");
            match store.put_file(&key, &file, content_type(&file)).await {
                Ok(uri) => self.record.uploaded.push(Uploaded { file: inner, uri }),
                Err(error) => {
                    complete = false;
                    self.fail(error.to_string());
                }
            }
        }
        if complete {
            self.uploaded.insert(
                path.to_path_buf(),
                format!("s3://{}/{folder}/{name}/", store.location().bucket),
            );
        }
    }

    /// A presigned URL of the uploaded HTML report, when asked for.
    pub async fn presign_html(&mut self, paths: &[PathBuf]) {
        let (Some(store), Some(validity)) = (self.store.clone(), self.plan.presign) else {
            return;
        };
        let Some(html) = paths.iter().find(|path| {
            path.extension()
                .is_some_and(|extension| extension == "html")
        }) else {
            return;
        };
        let Some(uri) = self.uploaded.get(html) else {
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

    /// Sends every notification the plan asks for.
    pub async fn notify(&mut self, judged: &Judged<'_>) {
        if self.plan.notify.is_empty() {
            return;
        }
        let location = self.reports_location();
        let digest = Digest {
            judged: *judged,
            language: self.plan.language,
            report_url: self.record.html_url.as_deref(),
            reports_location: Some(location.as_str()),
            route: None,
        };
        let slack_payload = slack_message(&digest);
        let (subject, body) = plain_text(&digest);
        for target in self.plan.notify.clone() {
            let notified = match target {
                NotifyTarget::Slack => {
                    let mut notified = self.notify_slack(&slack_payload).await;
                    notified.findings = judged.findings.len();
                    notified
                }
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
                        route: None,
                        findings: judged.findings.len(),
                    }
                }
            };
            if let Some(error) = &notified.error {
                self.fail(format!("{}: {error}", notified.target));
            }
            self.record.notifications.push(notified);
        }
    }

    async fn notify_slack(&self, payload: &serde_json::Value) -> Notified {
        let webhook: Result<Secret, String> = match &self.plan.webhook {
            Some(WebhookSource::Environment(secret)) => Ok(secret.clone()),
            Some(WebhookSource::SecretsManager(secret_id)) => self.secret_webhook(secret_id).await,
            None => Err("no webhook".to_string()),
        };
        post_slack(webhook, payload).await
    }

    /// The webhook URL kept in a Secrets Manager secret.
    async fn secret_webhook(&self, secret_id: &str) -> Result<Secret, String> {
        match &self.config {
            Some(config) => secrets::webhook_url(config, secret_id)
                .await
                .map_err(|error| error.to_string()),
            None => Err("no AWS configuration".to_string()),
        }
    }

    /// Publishes to an SNS topic.
    async fn publish_sns(&self, topic: &str, subject: &str, body: &str) -> Result<(), String> {
        match &self.config {
            Some(config) => sns::publish(config, topic, subject, body)
                .await
                .map_err(|error| error.to_string()),
            None => Err("no AWS configuration".to_string()),
        }
    }
}

/// Posts to Slack through `webhook`: the record of the attempt, its target `slack`.
async fn post_slack(webhook: Result<Secret, String>, payload: &serde_json::Value) -> Notified {
    let outcome = match webhook {
        Ok(webhook) => slack::post(&webhook, payload)
            .await
            .map(|posted| posted.attempts)
            .map_err(|error| {
                let attempts = match &error {
                    DeliveryError::Slack { attempts, .. } => *attempts,
                    _ => 1,
                };
                (error.to_string(), attempts)
            }),
        Err(message) => Err((message, 0)),
    };
    let (delivered, attempts, error) = match outcome {
        Ok(attempts) => (true, attempts, None),
        Err((message, attempts)) => (false, attempts, Some(message)),
    };
    Notified {
        target: "slack".to_string(),
        delivered,
        attempts,
        error,
        route: None,
        findings: 0,
    }
}

impl Deliveries {
    /// Uploads the JSON report, then `latest.json` pointing at it (only when the JSON arrived,
    /// so `--baseline auto` never finds a run without its report; never for a shard, which is
    /// not a run of its own).
    pub async fn finish(&mut self, json: &Path, judged: &Judged<'_>) {
        let Some(store) = self.store.clone() else {
            return;
        };
        let before = self.record.uploaded.len();
        self.upload(&[json.to_path_buf()]).await;
        if self.record.uploaded.len() == before || self.plan.shard {
            return;
        }
        let stamp = &self.plan.stamp;
        let folder = store.location().run_folder(stamp);
        let latest = Latest {
            stamp: stamp.to_string(),
            started_at: rfc3339(judged.run.started_at),
            json_key: format!("{folder}/{}", file_name(json)),
            complete: !judged.run.is_incomplete(),
        };
        if let Err(error) = store.put_latest(&latest).await {
            self.fail(error.to_string());
        }
    }

    /// Where the reports are: the run's S3 folder, or the local folder.
    pub fn reports_location(&self) -> String {
        match &self.store {
            Some(store) => store
                .location()
                .uri(&store.location().run_folder(&self.plan.stamp)),
            None => self.plan.folder_path.display().to_string(),
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
