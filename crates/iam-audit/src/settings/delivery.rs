//! The settings of memory and delivery, validated before any AWS call: where reports go (a folder
//! or S3), which earlier run to compare with, who to notify and with which secret. A webhook URL
//! is read from the environment here and held as a redacting `Secret`; a command line never
//! carries it.

use std::path::PathBuf;
use std::time::Duration;

use iam_audit_conclusion::{Baseline, BaselineSetting, DeliverySettings};
use iam_audit_deliver::s3::S3Location;
use iam_audit_deliver::{NotifyTarget, OutputLocation, Secret, WebhookSource};
use iam_audit_rules::Severity;

use super::{InvalidInput, usage, validate};
use crate::cli::DeliveryArgs;

/// The variable that holds the Slack webhook's URL.
pub const SLACK_WEBHOOK_VARIABLE: &str = "IAM_AUDIT_SLACK_WEBHOOK_URL";

/// Parses `--output-dir`: a folder, or `s3://BUCKET/PREFIX`.
pub fn output_location(text: &str) -> Result<OutputLocation, InvalidInput> {
    if text.starts_with("s3://") {
        S3Location::parse(text)
            .map(OutputLocation::S3)
            .ok_or_else(|| usage("usage-s3-uri", &[("value", text.to_string())]))
    } else {
        Ok(OutputLocation::Local(PathBuf::from(text)))
    }
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

/// Validates the delivery options against the output location.
pub fn delivery_settings(
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

#[cfg(test)]
mod tests {
    use super::*;

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
