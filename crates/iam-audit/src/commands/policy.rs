//! `iam-audit policy`: the least-privilege policies for the audit, generated from the same action
//! list the read-only test enforces: the member-account audit role's policy and trust policy, and
//! the management-account caller's policy; as JSON, a CloudFormation template for a
//! service-managed StackSet, or Terraform. The documents are written by
//! `iam_audit_templates::policy`; this command checks the arguments as the audit does, turns them
//! into the templates' options, and prints.

use iam_audit_model::actions::PolicyNeeds;
use iam_audit_templates::policy::{self, DeliveryTargets, PolicyOptions};

use crate::cli::{IamSourceArg, LastAccessedArg, PolicyArgs, PolicyFormat};
use crate::console;
use crate::exit;
use crate::settings;

/// Prints the policies; returns the exit code.
pub fn execute(arguments: &PolicyArgs) -> anyhow::Result<u8> {
    let management_account = arguments
        .management_account
        .as_deref()
        .map(|id| settings::account_id(id, "--management-account"))
        .transpose()?;
    // The same checks as the audit's: one rule for one input, whatever the command.
    settings::validate::iam_name(&arguments.role, "--role", 1..=64)?;
    if let Some(external_id) = &arguments.external_id {
        settings::validate::external_id(external_id)?;
    }
    let config = match &arguments.config {
        None => iam_audit_rules::Config::default(),
        Some(path) => settings::read_config(path)?,
    };
    let options = PolicyOptions {
        role_name: arguments.role.clone(),
        partition: arguments.partition.clone(),
        management_account,
        external_id: arguments.external_id.clone(),
        needs: PolicyNeeds {
            cloudtrail: !arguments.no_cloudtrail,
            credential_report: arguments.iam_source == IamSourceArg::CredentialReport,
            doctor: !arguments.no_doctor,
            last_accessed: arguments.last_accessed != LastAccessedArg::Off,
            account_tags: arguments.account_tags || !config.owners.account_tags.is_empty(),
        },
    };
    let text = match arguments.format {
        PolicyFormat::Cloudformation => policy::cloudformation(&options)?,
        PolicyFormat::Terraform => policy::terraform(&options)?,
        // Only the JSON carries the delivery policy, so only it reads the delivery's arguments.
        PolicyFormat::Json => policy::json(&options, &delivery_targets(arguments, &config)?)?,
    };
    console::out(text);
    Ok(exit::COMPLETE)
}

/// Where the audit will deliver, from `--output-dir`, `--s3-kms-key`, `--notify`,
/// `--slack-webhook-secret` and the config's routes (issue 25).
fn delivery_targets(
    arguments: &PolicyArgs,
    config: &iam_audit_rules::Config,
) -> anyhow::Result<DeliveryTargets> {
    let bucket = match arguments.output_dir.as_deref() {
        Some(text) => Some(
            iam_audit_deliver::s3::S3Location::parse(text)
                .map(|location| (location.bucket, location.prefix))
                .ok_or_else(|| settings::usage("usage-s3-uri", &[("value", text.to_string())]))?,
        ),
        None => None,
    };
    let mut topics = Vec::new();
    for target in &arguments.notify {
        match target.strip_prefix("sns:") {
            Some(topic) if iam_audit_deliver::sns::is_topic_arn(topic) => {
                topics.push(topic.to_string());
            }
            _ => {
                return Err(settings::usage("usage-notify", &[("value", target.clone())]).into());
            }
        }
    }
    let mut webhook_secrets: Vec<String> = arguments.slack_webhook_secret.iter().cloned().collect();
    for target in config.routes.iter().flat_map(|route| &route.notify) {
        match target {
            iam_audit_rules::RouteTarget::Sns(topic) => topics.push(topic.clone()),
            iam_audit_rules::RouteTarget::SlackSecret(secret) => {
                webhook_secrets.push(secret.clone())
            }
            // The function's environment, not a permission.
            iam_audit_rules::RouteTarget::SlackEnvironment(_) => {}
        }
    }
    topics.sort();
    topics.dedup();
    webhook_secrets.sort();
    webhook_secrets.dedup();
    Ok(DeliveryTargets {
        bucket,
        kms_key: arguments.s3_kms_key.clone(),
        topics,
        webhook_secrets,
    })
}
