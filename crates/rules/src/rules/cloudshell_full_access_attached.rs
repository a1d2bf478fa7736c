//! POL003: AWS's `AWSCloudShellFullAccess` is attached to a user, group or role.

use iam_audit_model::PolicyHolder;

use super::{Rule, cis3, cis5, cis6, cis7, hub};
use crate::context::AccountContext;
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "POL003",
    name: "cloudshell-full-access-attached",
    severity: Severity::Medium,
    resource_type: ResourceType::AwsIamRole,
    title: Text("rule-pol003-title"),
    remediation: Text("rule-pol003-remediation"),
    references: &[
        hub("IAM.27"),
        cis3("1.22"),
        cis5("1.21"),
        cis6("2.21"),
        cis7("2.20"),
    ],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every user, group and role with AWS's `AWSCloudShellFullAccess` attached, from the account's
authorization details. The finding is about the holder (a role, a user or a group).

## Why it matters
CloudShell full access lets its holder upload and download files and open shells in the account
with their own credentials: a path for data to leave without the controls on other services.
Security Hub IAM.27 fails any identity that holds it; CIS asks that access be restricted.

## Example
Development's `cloudshell-developers` role holds `AWSCloudShellFullAccess`.

## How to fix
Detach it and grant a narrower CloudShell policy where one is needed:
    aws iam detach-role-policy --role-name <role> \\
        --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess

## References
AWS Security Hub IAM.27; CIS AWS Foundations Benchmark v3.0.0 1.22, v5.0.0 1.21, v6.0.0 2.21,
v7.0.0 2.20.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(authorization) = context.snapshot.authorization.known() else {
        return Vec::new();
    };
    let partition = context.run.caller.partition().0;
    authorization
        .policy_facts
        .cloudshell_full_access
        .iter()
        .map(|holder| finding(context, holder, &partition))
        .collect()
}

fn finding(context: &AccountContext<'_>, holder: &PolicyHolder, partition: &str) -> Finding {
    let (resource_type, evidence_key) = match holder.kind.as_str() {
        "user" => (ResourceType::AwsIamUser, "user"),
        "group" => (ResourceType::AwsIamGroup, "group"),
        _ => (ResourceType::AwsIamRole, "role"),
    };
    let policy = format!("arn:{partition}:iam::aws:policy/AWSCloudShellFullAccess");
    let command = format!(
        "aws iam detach-{}-policy --{}-name {} --policy-arn {policy}",
        holder.kind,
        holder.kind,
        crate::context::shell_quote(&holder.name)
    );
    let arn = format!(
        "arn:{partition}:iam::{}:{}/{}",
        context.snapshot.account.id, holder.kind, holder.name
    );
    let mut finding = context.resource_finding(&RULE, arn, command);
    finding.resource_type = resource_type;
    finding.evidence.insert(evidence_key, holder.name.clone());
    finding
        .evidence
        .insert("policy", "AWSCloudShellFullAccess".to_string());
    finding
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccountAuthorization, Observed, PolicyHolder};

    use super::*;
    use crate::context::testing::{check, run};

    #[test]
    fn every_holder_is_a_finding_about_itself() {
        let mut authorization = AccountAuthorization::default();
        authorization.policy_facts.cloudshell_full_access = vec![
            PolicyHolder {
                kind: "role".to_string(),
                name: "cloudshell-developers".to_string(),
            },
            PolicyHolder {
                kind: "group".to_string(),
                name: "Shell".to_string(),
            },
        ];
        let mut organization = run(vec![], None);
        organization.accounts[0].authorization = Observed::Known(authorization);
        let findings = check(&RULE, &organization);
        let resources: Vec<(&str, ResourceType)> = findings
            .iter()
            .map(|finding| (finding.resource.as_str(), finding.resource_type))
            .collect();
        assert_eq!(
            resources,
            [
                (
                    "arn:aws:iam::123456789012:role/cloudshell-developers",
                    ResourceType::AwsIamRole
                ),
                (
                    "arn:aws:iam::123456789012:group/Shell",
                    ResourceType::AwsIamGroup
                )
            ]
        );
    }
}
