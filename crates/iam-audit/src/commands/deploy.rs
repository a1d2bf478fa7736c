//! `iam-audit deploy`: prints the infrastructure that runs the audit on a schedule inside the
//! organization's management (or security tooling) account, as CloudFormation or Terraform. The
//! documents are written by `iam_audit_templates::deploy`; this command checks the role's name
//! and prints.

use iam_audit_templates::deploy::{self, Design};

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
    };
    let text = match arguments.format {
        DeployFormat::Cloudformation => deploy::cloudformation(&design)?,
        DeployFormat::Terraform => deploy::terraform(&design)?,
    };
    console::out(text);
    Ok(exit::COMPLETE)
}
