//! `iam-audit deploy`: prints the infrastructure that runs the audit on a schedule inside the
//! organization's management (or security tooling) account, as CloudFormation or Terraform. The
//! documents are written by `iam_audit_templates::deploy`; this command checks the role's name
//! and prints.

use iam_audit_rules::RouteTarget;
use iam_audit_templates::deploy::{self, DeployedConfig, Design};

use crate::cli::{DeployArgs, DeployFormat};
use crate::{console, exit};

/// Prints the template; returns the exit code.
pub fn execute(arguments: &DeployArgs) -> anyhow::Result<u8> {
    if !arguments
        .role
        .chars()
        .all(|character| character.is_ascii_alphanumeric() || "+=,.@_-".contains(character))
    {
        return Err(crate::settings::usage(
            "usage-policy-role",
            &[("value", arguments.role.clone())],
        )
        .into());
    }
    let design = Design {
        shards: arguments.shards,
        role: arguments.role.clone(),
        partition: arguments.partition.clone(),
        config: deployed_config(arguments)?,
    };
    let text = match arguments.format {
        DeployFormat::Cloudformation => deploy::cloudformation(&design)?,
        DeployFormat::Terraform => deploy::terraform(&design)?,
    };
    console::out(text);
    Ok(exit::COMPLETE)
}

/// `--config FILE --config-uri s3://…`: the object the function reads, and what its routes and
/// owners ask of the function's role.
fn deployed_config(arguments: &DeployArgs) -> anyhow::Result<Option<DeployedConfig>> {
    let (Some(path), Some(uri)) = (&arguments.config, &arguments.config_uri) else {
        return Ok(None);
    };
    let location = iam_audit_deliver::s3::S3Location::parse(uri)
        .filter(|location| !location.prefix.is_empty() && !location.prefix.ends_with('/'))
        .ok_or_else(|| crate::settings::usage("usage-s3-uri", &[("value", uri.clone())]))?;
    let config = crate::settings::read_config(path)?;
    let mut deployed = DeployedConfig {
        uri: uri.clone(),
        bucket: location.bucket,
        key: location.prefix,
        account_tags: !config.owners.account_tags.is_empty(),
        ..DeployedConfig::default()
    };
    for target in config.routes.iter().flat_map(|route| &route.notify) {
        match target {
            RouteTarget::Sns(topic) => deployed.topics.push(topic.clone()),
            RouteTarget::SlackSecret(secret) => deployed.secrets.push(secret.clone()),
            // The function's environment, not a permission.
            RouteTarget::SlackEnvironment(_) => {}
        }
    }
    for list in [&mut deployed.topics, &mut deployed.secrets] {
        list.sort();
        list.dedup();
    }
    Ok(Some(deployed))
}
