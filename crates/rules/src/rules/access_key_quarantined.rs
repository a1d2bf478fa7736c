//! EXP001: AWS found one of the user's access keys exposed publicly and attached a quarantine
//! policy to the user; each of the user's active keys is a finding.

use iam_audit_model::AccessKeyStatus;

use super::{Rule, Source};
use crate::context::{AccountContext, deactivate_key_command};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "EXP001",
    name: "access-key-quarantined-by-aws",
    severity: Severity::Critical,
    resource_type: ResourceType::AwsIamAccessKey,
    title: Text("rule-exp001-title"),
    remediation: Text("rule-exp001-remediation"),
    references: &[],
    settings: &[],
    sources: &[Source::AuthorizationDetails],
    documentation: "\
## What it does
Flags every **active** access key of a user that has one of AWS's quarantine policies attached
(`AWSCompromisedKeyQuarantine`, `AWSCompromisedKeyQuarantineV2`, `AWSCompromisedKeyQuarantineV3`,
AWS managed: a customer policy of the same name does not count), as
GetAccountAuthorizationDetails lists them: no call of its own. The finding names the policy and
all the user's active keys; it is critical, and its risk is 100, so each key leads \"fix first\".
A quarantined user whose keys are all inactive or deleted is not a finding: the exposure is
contained (KEY005 still asks to delete an inactive key).

## Why it matters
AWS attaches a quarantine policy when it finds a user's key exposed publicly (a public
repository, a paste site) and sends the account's root email a notice. The policy denies the
calls attackers make first, but not everything: the key still works for much else, and whoever
found it may already have used it.

## Example
`github-actions` has `AWSCompromisedKeyQuarantineV3`; its key `AKIA…` is still active.

## How to fix
Deactivate the key now, then create a new one for what needs it, find out what the exposed key
did (CloudTrail), and detach the quarantine policy only after that:
    aws iam update-access-key --user-name github-actions --access-key-id AKIA... --status Inactive
    aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=AKIA...

## References
None: AWS's own response to an exposed key (\"AWS managed policies for compromised keys\").
Prowler and Steampipe do not check it.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let Some(authorization) = context.snapshot.authorization.known() else {
        return Vec::new();
    };
    let Some(users) = context.snapshot.users.known() else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    for quarantined in &authorization.policy_facts.quarantined_users {
        let Some(user) = users.iter().find(|user| user.name == quarantined.user_name) else {
            continue;
        };
        let active: Vec<_> = user
            .access_keys
            .known()
            .into_iter()
            .flatten()
            .filter(|key| key.status == AccessKeyStatus::Active)
            .collect();
        let active_ids: Vec<&str> = active.iter().map(|key| key.id.as_str()).collect();
        for key in &active {
            let mut finding = context.key_finding(
                &RULE,
                user,
                key,
                deactivate_key_command(&user.name, &key.id),
            );
            finding.remediation.advice = Some(Text("advice-key-leaked"));
            finding
                .evidence
                .insert("quarantine_policy", quarantined.policies.join(","));
            finding.evidence.insert("active_keys", active_ids.join(","));
            findings.push(finding);
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{AccessKeyStatus, Observed, QuarantinedUser};

    use super::*;
    use crate::context::testing::{check, key, run, user};

    fn quarantined(keys: Vec<iam_audit_model::AccessKey>) -> iam_audit_model::AuditRun {
        let mut holder = user("github-actions");
        holder.access_keys = Observed::Known(keys);
        let mut organization = run(vec![holder, user("bystander")], None);
        let mut authorization = iam_audit_model::AccountAuthorization::default();
        authorization.policy_facts.quarantined_users = vec![QuarantinedUser {
            user_name: "github-actions".to_string(),
            policies: vec!["AWSCompromisedKeyQuarantineV3".to_string()],
        }];
        organization.accounts[0].authorization = Observed::Known(authorization);
        organization
    }

    #[test]
    fn each_active_key_of_a_quarantined_user_is_critical() {
        let findings = check(
            &RULE,
            &quarantined(vec![
                key("AKIAONE", AccessKeyStatus::Active, 60, Some(45)),
                key("AKIATWO", AccessKeyStatus::Active, 10, None),
                key("AKIAOFF", AccessKeyStatus::Inactive, 100, None),
            ]),
        );
        let keys: Vec<&str> = findings
            .iter()
            .filter_map(|finding| finding.access_key_id.as_deref())
            .collect();
        assert_eq!(keys, ["AKIAONE", "AKIATWO"]);
        assert!(
            findings
                .iter()
                .all(|finding| finding.severity == Severity::Critical)
        );
        assert_eq!(
            findings[0]
                .evidence
                .get("quarantine_policy")
                .map(String::as_str),
            Some("AWSCompromisedKeyQuarantineV3")
        );
        assert_eq!(
            findings[0].evidence.get("active_keys").map(String::as_str),
            Some("AKIAONE,AKIATWO")
        );
        assert!(
            findings[0]
                .remediation
                .command
                .contains("--status Inactive")
        );
    }

    #[test]
    fn contained_or_unread_quarantines_are_not_findings() {
        let contained = quarantined(vec![key("AKIAOFF", AccessKeyStatus::Inactive, 100, None)]);
        assert!(check(&RULE, &contained).is_empty());
        let mut unread = quarantined(vec![key("AKIAONE", AccessKeyStatus::Active, 60, None)]);
        unread.accounts[0].authorization = Observed::Unknown;
        assert!(check(&RULE, &unread).is_empty());
    }

    /// Issue 22: a quarantined key goes to the top of "fix first", at risk 100, even on a user
    /// who can do nothing.
    #[test]
    fn a_quarantined_key_is_risk_one_hundred() {
        let organization = quarantined(vec![key("AKIAONE", AccessKeyStatus::Active, 60, Some(45))]);
        let findings = crate::evaluate(
            &organization,
            &crate::Config::default(),
            crate::context::testing::now(),
        );
        let first = crate::risk::fix_first(&findings, 10);
        assert_eq!(first[0].rule_id, "EXP001");
        assert_eq!(first[0].risk, 100);
    }
}
