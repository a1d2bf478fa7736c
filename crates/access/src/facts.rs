//! Policy-level facts the rules check, each as its control defines it:
//!
//! - **Admin policies** (CIS AWS Foundations v3.0.0 1.16, Security Hub IAM.1, Prowler
//!   `iam_customer_attached_policy_no_administrative_privileges`): customer managed policies whose
//!   default version has a statement `"Effect": "Allow"` with `"Action": "*"` over
//!   `"Resource": "*"`, attached to at least one user, group or role. As in those controls, the
//!   statement's text decides (an action pattern that matches every action, such as `*` or `*:*`,
//!   and a `"*"` resource), not the effective permissions: a Deny elsewhere in the policy does not
//!   clear it, and AWS managed and inline policies are not in scope. A statement under a
//!   `Condition` still counts (Security Hub does not exempt it); `conditional` says whether every
//!   such statement has one. Unreadable documents cannot be judged here; they already make their
//!   users `unknown`.
//! - **Users with policies of their own** (CIS 1.15, Security Hub IAM.2 "IAM users should not have
//!   IAM policies attached"): users with any attached managed or inline policy.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::details::AuthorizationDetails;
use crate::document::{Effect, Element, PolicyDocument};
use crate::language::{Constraint, satisfiable};
use crate::library::PolicyLibrary;
use crate::pattern::Pattern;
use iam_audit_model::{
    AdminPolicy, DirectlyAttachedPolicies, PolicyFacts, PolicyHolder, QuarantinedUser,
};

static ANY_ACTION: LazyLock<Pattern> = LazyLock::new(|| Pattern::action("*:*"));

/// The account's policy facts.
pub(crate) fn policy_facts(
    details: &AuthorizationDetails,
    library: &PolicyLibrary<'_>,
) -> PolicyFacts {
    PolicyFacts {
        admin_policies: admin_policies(details, library),
        users_with_direct_policies: users_with_direct_policies(details),
        support_roles: holders_of(details, "AWSSupportAccess")
            .into_iter()
            .filter(|holder| holder.kind == "role")
            .map(|holder| holder.name)
            .collect(),
        cloudshell_full_access: holders_of(details, "AWSCloudShellFullAccess"),
        roles_trusting_everyone: roles_trusting_everyone(details),
        quarantined_users: quarantined_users(details),
    }
}

/// The users, groups and roles with the AWS managed policy `name` attached, sorted.
fn holders_of(details: &AuthorizationDetails, name: &str) -> Vec<PolicyHolder> {
    let suffix = format!(":iam::aws:policy/{name}");
    let holds = |policies: &[crate::details::AttachedPolicy]| {
        policies.iter().any(|policy| policy.arn.ends_with(&suffix))
    };
    let holder = |kind: &str, name: &str| PolicyHolder {
        kind: kind.to_string(),
        name: name.to_string(),
    };
    let mut holders: Vec<PolicyHolder> = details
        .users
        .iter()
        .filter(|user| holds(&user.attached_policies))
        .map(|user| holder("user", &user.name))
        .chain(
            details
                .groups
                .iter()
                .filter(|group| holds(&group.attached_policies))
                .map(|group| holder("group", &group.name)),
        )
        .chain(
            details
                .roles
                .iter()
                .filter(|role| holds(&role.attached_policies))
                .map(|role| holder("role", &role.name)),
        )
        .collect();
    holders.sort();
    holders
}

/// The roles anyone may assume without a condition, sorted. A trust policy that cannot be read is
/// left out here (the audit role's drift reports an unreadable one).
fn roles_trusting_everyone(details: &AuthorizationDetails) -> Vec<String> {
    let mut roles: Vec<String> = details
        .roles
        .iter()
        .filter(|role| {
            role.assume_role_policy_document
                .as_deref()
                .and_then(|text| {
                    crate::document::parse_document(&format!("{} trust policy", role.name), text)
                        .ok()
                })
                .is_some_and(|document| crate::trust::trusts_everyone_unconditionally(&document))
        })
        .map(|role| role.name.clone())
        .collect();
    roles.sort();
    roles
}

/// Users with one of AWS's quarantine policies attached (AWS attaches it, to the user, when it
/// finds one of the user's access keys exposed publicly): by the policy's ARN, so that a customer
/// managed policy of the same name is not taken for it.
fn quarantined_users(details: &AuthorizationDetails) -> Vec<QuarantinedUser> {
    let mut users: Vec<QuarantinedUser> = details
        .users
        .iter()
        .filter_map(|user| {
            let mut policies: Vec<String> = user
                .attached_policies
                .iter()
                .filter_map(|policy| iam_audit_model::quarantine_policy(&policy.arn))
                .map(str::to_string)
                .collect();
            policies.sort();
            policies.dedup();
            (!policies.is_empty()).then(|| QuarantinedUser {
                user_name: user.name.clone(),
                policies,
            })
        })
        .collect();
    users.sort_by(|left, right| left.user_name.cmp(&right.user_name));
    users
}

fn admin_policies(details: &AuthorizationDetails, library: &PolicyLibrary<'_>) -> Vec<AdminPolicy> {
    let mut counted: HashMap<&str, u32> = HashMap::new();
    let attachments = details
        .users
        .iter()
        .flat_map(|user| &user.attached_policies)
        .chain(
            details
                .groups
                .iter()
                .flat_map(|group| &group.attached_policies),
        )
        .chain(
            details
                .roles
                .iter()
                .flat_map(|role| &role.attached_policies),
        );
    for attached in attachments {
        *counted.entry(attached.arn.as_str()).or_default() += 1;
    }
    let mut policies: Vec<AdminPolicy> = library
        .policies()
        .filter(|(policy, _)| !policy.is_aws_managed())
        .filter_map(|(policy, document)| {
            let attachment_count = policy
                .attachment_count
                .unwrap_or_else(|| counted.get(policy.arn.as_str()).copied().unwrap_or(0));
            let conditions = full_admin_statements(document.ok()?);
            (attachment_count > 0 && !conditions.is_empty()).then(|| AdminPolicy {
                name: policy.name.clone(),
                arn: policy.arn.clone(),
                attachment_count,
                conditional: conditions.iter().all(|conditional| *conditional),
            })
        })
        .collect();
    policies.sort_by(|left, right| (&left.arn, &left.name).cmp(&(&right.arn, &right.name)));
    policies
}

/// For each `Allow` `"*"` on `"*"` statement, whether it has a `Condition`.
fn full_admin_statements(document: &PolicyDocument) -> Vec<bool> {
    document
        .statements
        .iter()
        .filter(|statement| {
            statement.effect == Effect::Allow
                && matches!(&statement.action, Element::Only(actions) if actions.iter().any(|action| matches_every_action(action)))
                && matches!(&statement.resource, Some(Element::Only(resources)) if resources.iter().any(|resource| resource == "*"))
        })
        .map(|statement| statement.is_conditional())
        .collect()
}

fn matches_every_action(action: &str) -> bool {
    let pattern = Pattern::action(action);
    !satisfiable(&[
        Constraint::AnyOf(vec![&*ANY_ACTION]),
        Constraint::NoneOf(vec![&pattern]),
    ])
}

fn users_with_direct_policies(details: &AuthorizationDetails) -> Vec<DirectlyAttachedPolicies> {
    let mut users: Vec<DirectlyAttachedPolicies> = details
        .users
        .iter()
        .filter(|user| !user.attached_policies.is_empty() || !user.inline_policies.is_empty())
        .map(|user| {
            let mut managed_policies: Vec<String> = user
                .attached_policies
                .iter()
                .map(|policy| policy.name.clone())
                .collect();
            managed_policies.sort();
            managed_policies.dedup();
            let mut inline_policies: Vec<String> = user
                .inline_policies
                .iter()
                .map(|policy| policy.name.clone())
                .collect();
            inline_policies.sort();
            inline_policies.dedup();
            DirectlyAttachedPolicies {
                user_name: user.name.clone(),
                managed_policies,
                inline_policies,
            }
        })
        .collect();
    users.sort_by(|left, right| left.user_name.cmp(&right.user_name));
    users
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::details::{AttachedPolicy, InlinePolicy, ManagedPolicyDetail, UserDetail};

    fn managed(
        name: &str,
        account: &str,
        document: &str,
        attachment_count: Option<u32>,
    ) -> ManagedPolicyDetail {
        ManagedPolicyDetail {
            name: name.to_owned(),
            arn: format!("arn:aws:iam::{account}:policy/{name}"),
            default_version_document: Some(document.to_owned()),
            attachment_count,
        }
    }

    const FULL: &str =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

    #[test]
    fn attached_customer_policies_granting_star_on_star() {
        let details = AuthorizationDetails {
            policies: vec![
                managed("Full", "111122223333", FULL, Some(2)),
                managed("Detached", "111122223333", FULL, Some(0)),
                managed("AdministratorAccess", "aws", FULL, Some(5)),
                managed(
                    "StarColonStar",
                    "111122223333",
                    r#"{"Statement":{"Effect":"Allow","Action":["s3:*","*:*"],"Resource":["arn:aws:s3:::x","*"]}}"#,
                    Some(1),
                ),
                managed(
                    "Guarded",
                    "111122223333",
                    r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}"#,
                    Some(1),
                ),
                managed(
                    "ServiceWide",
                    "111122223333",
                    r#"{"Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}"#,
                    Some(1),
                ),
                managed(
                    "NotAction",
                    "111122223333",
                    r#"{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#,
                    Some(1),
                ),
                managed(
                    "OneResource",
                    "111122223333",
                    r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::x"}}"#,
                    Some(1),
                ),
                managed("Counted", "111122223333", FULL, None),
                managed("Broken", "111122223333", "{", Some(1)),
            ],
            users: vec![UserDetail {
                name: "alice".to_owned(),
                attached_policies: vec![AttachedPolicy {
                    name: "Counted".to_owned(),
                    arn: "arn:aws:iam::111122223333:policy/Counted".to_owned(),
                }],
                ..UserDetail::default()
            }],
            ..AuthorizationDetails::default()
        };
        let library = PolicyLibrary::new(&details);
        let found: Vec<(String, u32, bool)> = admin_policies(&details, &library)
            .into_iter()
            .map(|policy| (policy.name, policy.attachment_count, policy.conditional))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Counted".to_owned(), 1, false),
                ("Full".to_owned(), 2, false),
                ("Guarded".to_owned(), 1, true),
                ("StarColonStar".to_owned(), 1, false),
            ]
        );
    }

    #[test]
    fn users_with_a_quarantine_policy_of_aws() {
        let user = |name: &str, arns: &[&str]| UserDetail {
            name: name.to_owned(),
            attached_policies: arns
                .iter()
                .map(|arn| AttachedPolicy {
                    name: arn.rsplit('/').next().unwrap_or_default().to_owned(),
                    arn: (*arn).to_owned(),
                })
                .collect(),
            ..UserDetail::default()
        };
        let details = AuthorizationDetails {
            users: vec![
                user(
                    "leaked",
                    &[
                        "arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3",
                        "arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantine",
                    ],
                ),
                user(
                    "lookalike",
                    &["arn:aws:iam::111122223333:policy/AWSCompromisedKeyQuarantineV2"],
                ),
                user("plain", &["arn:aws:iam::aws:policy/ReadOnlyAccess"]),
            ],
            ..AuthorizationDetails::default()
        };
        assert_eq!(
            quarantined_users(&details),
            [QuarantinedUser {
                user_name: "leaked".to_owned(),
                policies: vec![
                    "AWSCompromisedKeyQuarantine".to_owned(),
                    "AWSCompromisedKeyQuarantineV3".to_owned()
                ],
            }]
        );
    }

    #[test]
    fn users_with_their_own_policies() {
        let user = |name: &str, attached: &[&str], inline: &[&str]| UserDetail {
            name: name.to_owned(),
            attached_policies: attached
                .iter()
                .map(|policy| AttachedPolicy {
                    name: (*policy).to_owned(),
                    arn: format!("arn:aws:iam::aws:policy/{policy}"),
                })
                .collect(),
            inline_policies: inline
                .iter()
                .map(|policy| InlinePolicy {
                    name: (*policy).to_owned(),
                    document: FULL.to_owned(),
                })
                .collect(),
            groups: vec!["Admins".to_owned()],
            ..UserDetail::default()
        };
        let details = AuthorizationDetails {
            users: vec![
                user("zed", &["B", "A"], &[]),
                user("grouped", &[], &[]),
                user("amy", &[], &["mine"]),
            ],
            ..AuthorizationDetails::default()
        };
        let found = users_with_direct_policies(&details);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].user_name, "amy");
        assert_eq!(found[0].inline_policies, vec!["mine"]);
        assert_eq!(found[1].user_name, "zed");
        assert_eq!(found[1].managed_policies, vec!["A", "B"]);
    }
}
