//! PRV003: a user who is not an administrator can make themselves (or another principal) one.

use iam_audit_model::PrivilegeClass;

use super::Rule;
use crate::context::{AccountContext, shell_quote};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "PRV003",
    name: "privilege-escalation-path",
    severity: Severity::High,
    resource_type: ResourceType::AwsIamUser,
    title: Text("rule-prv003-title"),
    remediation: Text("rule-prv003-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Flags every user whose permissions are `privilege_escalation`: not administrator, but allowed
one of the published IAM privilege-escalation methods (creating a new version of a policy they
hold, attaching or writing policies, creating access keys or console passwords for others,
passing a role to a new Lambda function, EC2 instance, CloudFormation stack or Glue endpoint,
and the rest of the list in `crates/access/src/escalation.rs`, with its sources). The evidence
names every method found and whether it rests on a conditional Allow. Administrators are not
flagged here (they need no escalation).

## Why it matters
Such a user is an administrator one API call away, whatever their job title says.

## Example
`deploy-bot`'s inline policy allows `iam:CreatePolicyVersion` on every policy.

## How to fix
Remove the action (or scope it to resources the user cannot use to gain privileges), or attach
a permissions boundary that caps the user:
    aws iam put-user-permissions-boundary --user-name deploy-bot --permissions-boundary <arn>

## References
None in CIS or Security Hub; Rhino Security Labs' \"AWS IAM Privilege Escalation – Methods and
Mitigation\", and cloudsplaining's privilege-escalation checks (compared in the tests).
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for user in context.snapshot.users.known().into_iter().flatten() {
        let Some(privilege) = context.snapshot.privilege_of(&user.name) else {
            continue;
        };
        if privilege.class != PrivilegeClass::PrivilegeEscalation {
            continue;
        }
        let command = format!(
            "aws iam list-user-policies --user-name {}",
            shell_quote(&user.name)
        );
        let mut finding = context.user_finding(&RULE, user, command);
        finding
            .evidence
            .insert("methods", privilege.escalation_methods.join(","));
        finding
            .evidence
            .insert("granted_by", privilege.granting_policies.join(","));
        finding
            .evidence
            .insert("conditional", privilege.conditional.to_string());
        findings.push(finding);
    }
    findings
}

#[cfg(test)]
mod tests {
    use iam_audit_model::PrivilegeClass;

    use super::*;
    use crate::context::testing::{check, privileged, user};

    #[test]
    fn escalation_is_flagged_administrators_are_not() {
        let findings = check(
            &RULE,
            &privileged(user("deploy-bot"), PrivilegeClass::PrivilegeEscalation),
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].evidence.get("methods").map(String::as_str),
            Some("CreateNewPolicyVersion")
        );
        assert!(check(&RULE, &privileged(user("admin"), PrivilegeClass::Admin)).is_empty());
    }
}
