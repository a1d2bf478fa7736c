//! The settings of memory and delivery, validated before any AWS call: where reports go (a folder
//! or S3), which earlier run to compare with, who to notify and with which secret. A webhook URL
//! is read from the environment here and held as a redacting `Secret`; a command line never
//! carries it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use iam_audit_deliver::Secret;
use iam_audit_deliver::s3::S3Location;
use iam_audit_rules::Severity;

use super::{InvalidInput, usage, validate};
use crate::cli::DeliveryArgs;

/// The variable that holds the Slack webhook's URL.
pub const SLACK_WEBHOOK_VARIABLE: &str = "IAM_AUDIT_SLACK_WEBHOOK_URL";

/// Where the reports go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputLocation {
    /// A local folder.
    Local(PathBuf),
    /// S3: written to a local staging folder, then uploaded.
    S3(S3Location),
}

impl OutputLocation {
    /// Parses `--output-dir`.
    pub fn parse(text: &str) -> Result<OutputLocation, InvalidInput> {
        if text.starts_with("s3://") {
            S3Location::parse(text)
                .map(OutputLocation::S3)
                .ok_or_else(|| usage("usage-s3-uri", &[("value", text.to_string())]))
        } else {
            Ok(OutputLocation::Local(PathBuf::from(text)))
        }
    }
}

/// An earlier run read: its view and where it came from.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// What the earlier run reported.
    pub view: iam_audit_history::RunView,
    /// Its file or `s3://` URI.
    pub location: String,
}

/// `--baseline` as the audit holds it: a file is read and checked before the audit (an unusable
/// one is the command line's fault), the others can only be read after it.
#[derive(Debug, Clone)]
pub enum BaselineSetting {
    /// A file, read and checked.
    Loaded(Box<Baseline>),
    /// A JSON report in S3.
    S3 {
        /// The bucket.
        bucket: String,
        /// The object's key.
        key: String,
    },
    /// The newest earlier report in the output location.
    Auto,
}

/// Which earlier run to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaselineSource {
    /// A JSON report on disk.
    File(PathBuf),
    /// A JSON report in S3.
    S3 {
        /// The bucket.
        bucket: String,
        /// The object's key.
        key: String,
    },
    /// The newest earlier report in the output location.
    Auto,
}

impl BaselineSource {
    /// Parses `--baseline` (and `diff`'s and `merge`'s inputs, `input` naming which): `auto`,
    /// `s3://bucket/key` or a path.
    pub fn parse(text: &str, input: &str) -> Result<BaselineSource, InvalidInput> {
        if text == "auto" {
            return Ok(BaselineSource::Auto);
        }
        if text.starts_with("s3://") {
            let location = S3Location::parse(text)
                .filter(|location| !location.prefix.is_empty())
                .ok_or_else(|| usage("usage-s3-uri", &[("value", text.to_string())]))?;
            return Ok(BaselineSource::S3 {
                bucket: location.bucket,
                key: location.prefix,
            });
        }
        let path = PathBuf::from(text);
        if !path.is_file() {
            return Err(usage(
                "usage-report-missing",
                &[
                    ("input", input.to_string()),
                    ("path", path.display().to_string()),
                ],
            ));
        }
        Ok(BaselineSource::File(path))
    }
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
    /// The environment variable (read once, here).
    Environment(Secret),
    /// A Secrets Manager secret, read at delivery.
    SecretsManager(String),
}

/// Memory and delivery, validated.
#[derive(Clone, Debug, Default)]
pub struct DeliverySettings {
    /// `--baseline`.
    pub baseline: Option<BaselineSetting>,
    /// `--allow-other-organization`: compare with a baseline of another organization, every
    /// change then marked as crossing organizations.
    pub across_organizations: bool,
    /// `--fail-on-new`.
    pub fail_on_new: Option<Severity>,
    /// `--notify`.
    pub notify: Vec<NotifyTarget>,
    /// The webhook, when Slack is notified.
    pub webhook: Option<WebhookSource>,
    /// `--s3-kms-key`.
    pub kms_key: Option<String>,
    /// `--s3-bucket-owner`; the caller's account when `None`.
    pub bucket_owner: Option<String>,
    /// `--presign-hours`.
    pub presign: Option<Duration>,
}

impl DeliverySettings {
    /// Validates the delivery options against the output location.
    pub fn resolve(
        arguments: &DeliveryArgs,
        output: &OutputLocation,
    ) -> Result<DeliverySettings, InvalidInput> {
        let to_s3 = matches!(output, OutputLocation::S3(_));
        let mut notify = Vec::new();
        for target in &arguments.notify {
            notify.push(notify_target(target)?);
        }
        let webhook = if notify.contains(&NotifyTarget::Slack) {
            Some(webhook_source(arguments)?)
        } else {
            None
        };
        if arguments.presign_hours.is_some() && !to_s3 {
            return Err(usage("usage-presign-needs-s3", &[]));
        }
        if arguments.s3_kms_key.is_some() && !to_s3 {
            return Err(usage("usage-kms-needs-s3", &[]));
        }
        let bucket_owner = arguments
            .s3_bucket_owner
            .as_deref()
            .map(|owner| validate::account_id(owner, "--s3-bucket-owner"))
            .transpose()?;
        Ok(DeliverySettings {
            baseline: arguments
                .baseline
                .as_deref()
                .map(baseline_setting)
                .transpose()?,
            across_organizations: arguments.allow_other_organization,
            fail_on_new: arguments.fail_on_new.map(Severity::from),
            notify,
            webhook,
            kms_key: arguments.s3_kms_key.clone(),
            bucket_owner,
            presign: arguments
                .presign_hours
                .map(|hours| Duration::from_secs(u64::from(hours) * 3600)),
        })
    }
}

/// `--baseline`: a file is read and checked now, before any AWS call.
fn baseline_setting(text: &str) -> Result<BaselineSetting, InvalidInput> {
    Ok(match BaselineSource::parse(text, "--baseline")? {
        BaselineSource::File(path) => {
            let location = path.display().to_string();
            let bytes = super::input::read_file(&path, "--baseline")?;
            let view = super::input::run_report(&bytes, "--baseline", &location)?;
            BaselineSetting::Loaded(Box::new(Baseline { view, location }))
        }
        BaselineSource::S3 { bucket, key } => BaselineSetting::S3 { bucket, key },
        BaselineSource::Auto => BaselineSetting::Auto,
    })
}

/// One `--notify` value.
fn notify_target(text: &str) -> Result<NotifyTarget, InvalidInput> {
    match text.trim() {
        "slack" => Ok(NotifyTarget::Slack),
        other => match other.strip_prefix("sns:") {
            Some(arn) if iam_audit_deliver::sns::is_topic_arn(arn) => {
                Ok(NotifyTarget::Sns(arn.to_string()))
            }
            _ => Err(usage("usage-notify", &[("value", other.to_string())])),
        },
    }
}

/// The webhook's source: the secret when given, else the environment; neither is a usage error.
fn webhook_source(arguments: &DeliveryArgs) -> Result<WebhookSource, InvalidInput> {
    if let Some(secret) = &arguments.slack_webhook_secret {
        // arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME
        let parts: Vec<&str> = secret.splitn(7, ':').collect();
        let valid = parts.len() == 7
            && parts[0] == "arn"
            && parts[2] == "secretsmanager"
            && iam_audit_model::is_account_id(parts[4])
            && parts[5] == "secret"
            && !parts[6].is_empty();
        if !valid {
            return Err(usage("usage-webhook-secret", &[("value", secret.clone())]));
        }
        return Ok(WebhookSource::SecretsManager(secret.clone()));
    }
    match std::env::var(SLACK_WEBHOOK_VARIABLE) {
        Ok(url) if url.starts_with("https://") || url.starts_with("http://") => {
            Ok(WebhookSource::Environment(Secret::new(url)))
        }
        Ok(_) => Err(usage(
            "usage-webhook-invalid",
            &[("variable", SLACK_WEBHOOK_VARIABLE.to_string())],
        )),
        Err(_) => Err(usage(
            "usage-webhook-missing",
            &[("variable", SLACK_WEBHOOK_VARIABLE.to_string())],
        )),
    }
}

/// The staging folder of an S3 run: the reports are written here, uploaded, and the folder is
/// removed once every upload succeeded (kept, and named, when one failed).
pub fn staging_folder(stamp: &str) -> PathBuf {
    std::env::temp_dir().join(format!("iam-audit-{stamp}-{}", std::process::id()))
}

/// The newest `iam_audit_<stamp>.json` in `folder` whose stamp is before `stamp`.
pub fn newest_report_before(folder: &Path, stamp: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(folder).ok()?;
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            let earlier = name
                .strip_prefix("iam_audit_")?
                .strip_suffix(".json")
                .filter(|candidate| {
                    candidate.len() == 15
                        && candidate.as_bytes()[8] == b'_'
                        && candidate.chars().all(|c| c.is_ascii_digit() || c == '_')
                        && *candidate < stamp
                })?
                .to_string();
            Some((earlier, entry.path()))
        })
        .max()
        .map(|(_, path)| path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_earlier_report_is_found_and_others_ignored() {
        let folder = tempfile::tempdir().expect("folder");
        for name in [
            "iam_audit_20261116_090000.json",
            "iam_audit_20261123_090000.json",
            "iam_audit_20261130_090000.json",
            "iam_audit_asff_20261129_090000.json",
            "iam_audit_20261124_090000.html",
        ] {
            std::fs::write(folder.path().join(name), "{}").expect("written");
        }
        let found = newest_report_before(folder.path(), "20261130_090000");
        assert_eq!(
            found.and_then(|path| path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())),
            Some("iam_audit_20261123_090000.json".to_string())
        );
        assert_eq!(newest_report_before(folder.path(), "20261101_000000"), None);
    }

    #[test]
    fn notify_targets_are_slack_or_a_topic() {
        assert_eq!(notify_target("slack").ok(), Some(NotifyTarget::Slack));
        assert!(matches!(
            notify_target("sns:arn:aws:sns:us-east-1:123456789012:audit"),
            Ok(NotifyTarget::Sns(_))
        ));
        assert!(notify_target("email").is_err());
        assert!(notify_target("sns:nope").is_err());
    }
}
