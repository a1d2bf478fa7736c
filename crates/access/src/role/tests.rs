//! Audit-role drift: existence, attachments, missing and extra permissions, trust.

use super::*;
use crate::details::{AttachedPolicy, AuthorizationDetails, InlinePolicy, ManagedPolicyDetail};
use crate::testing::{policy, statement};

const EXPECTED: &[&str] = &[
    "iam:ListUsers",
    "iam:GetAccessKeyLastUsed",
    "cloudtrail:LookupEvents",
];
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"audit-1"}}}]}"#;

fn expectation() -> AuditRoleExpectation<'static> {
    AuditRoleExpectation {
        role_name: "Audit",
        expected_actions: EXPECTED,
        management_account_id: Some("111111111111"),
        external_id: Some("audit-1"),
    }
}

fn role(
    inline_documents: &[String],
    attached: &[&ManagedPolicyDetail],
    trust: Option<&str>,
) -> RoleDetail {
    RoleDetail {
        name: "Audit".to_owned(),
        arn: "arn:aws:iam::222222222222:role/Audit".to_owned(),
        assume_role_policy_document: trust.map(str::to_owned),
        inline_policies: inline_documents
            .iter()
            .enumerate()
            .map(|(index, document)| InlinePolicy {
                name: format!("audit{index}"),
                document: document.clone(),
            })
            .collect(),
        attached_policies: attached
            .iter()
            .map(|policy| AttachedPolicy {
                name: policy.name.clone(),
                arn: policy.arn.clone(),
            })
            .collect(),
        permissions_boundary: None,
    }
}

fn drift(role: RoleDetail, policies: Vec<ManagedPolicyDetail>) -> RoleDrift {
    let details = AuthorizationDetails {
        roles: vec![role],
        policies,
        ..AuthorizationDetails::default()
    };
    let library = PolicyLibrary::new(&details);
    evaluate_role(&details.roles, &library, &expectation())
}

fn exact() -> String {
    policy(&statement(
        "Allow",
        &serde_json::to_string(EXPECTED).expect("serializes"),
        r#""*""#,
    ))
}

#[test]
fn a_missing_role_is_reported_as_missing() {
    let details = AuthorizationDetails::default();
    let found = evaluate_role(
        &details.roles,
        &PolicyLibrary::new(&details),
        &expectation(),
    );
    assert!(!found.exists);
    assert_eq!(found.role_name, "Audit");
    assert!(found.trusts_management_account.is_none());
}

#[test]
fn the_expected_role_shows_no_drift() {
    let found = drift(role(&[exact()], &[], Some(TRUST)), Vec::new());
    assert!(found.exists);
    assert!(found.missing_actions.is_empty());
    assert!(
        found.extra_permissions.is_empty(),
        "{:?}",
        found.extra_permissions
    );
    assert!(!found.administrator_access_attached);
    assert_eq!(
        found.trusted_principals,
        vec!["arn:aws:iam::111111111111:root"]
    );
    assert_eq!(found.trusts_management_account, Some(true));
    assert_eq!(found.requires_external_id, Some(true));
    assert!(!found.conditional);
}

#[test]
fn missing_and_extra_permissions() {
    let narrow = policy(&statement(
        "Allow",
        r#"["iam:List*","cloudtrail:LookupEvents"]"#,
        r#""*""#,
    ));
    let denied = policy(&statement("Deny", r#""iam:ListUsers""#, r#""*""#));
    let found = drift(role(&[narrow, denied], &[], Some(TRUST)), Vec::new());
    assert_eq!(
        found.missing_actions,
        vec!["iam:GetAccessKeyLastUsed", "iam:ListUsers"]
    );
    assert_eq!(found.extra_permissions, vec!["inline:audit0: iam:List*"]);
}

#[test]
fn administrator_access_is_flagged_and_extra() {
    let administrator = ManagedPolicyDetail {
        name: "AdministratorAccess".to_owned(),
        arn: "arn:aws:iam::aws:policy/AdministratorAccess".to_owned(),
        default_version_document: Some(policy(&statement("Allow", r#""*""#, r#""*""#))),
        attachment_count: Some(1),
    };
    let found = drift(
        role(&[], &[&administrator], Some(TRUST)),
        vec![administrator.clone()],
    );
    assert!(found.administrator_access_attached);
    assert_eq!(
        found.attached_policies,
        vec![PolicyReference {
            name: "AdministratorAccess".to_owned(),
            arn: "arn:aws:iam::aws:policy/AdministratorAccess".to_owned(),
        }]
    );
    assert!(found.missing_actions.is_empty());
    assert_eq!(
        found.extra_permissions,
        vec!["AdministratorAccess (attached): *"]
    );
}

#[test]
fn a_conditional_grant_of_an_expected_action_is_marked() {
    let guarded = policy(
        r#"{"Effect":"Allow","Action":["iam:ListUsers","iam:GetAccessKeyLastUsed","cloudtrail:LookupEvents"],"Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}"#,
    );
    let found = drift(role(&[guarded], &[], Some(TRUST)), Vec::new());
    assert!(found.missing_actions.is_empty());
    assert!(found.conditional);
}

#[test]
fn trust_without_the_external_id_or_the_management_account() {
    let open = r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"333333333333"},"Action":"sts:AssumeRole"}}"#;
    let found = drift(role(&[exact()], &[], Some(open)), Vec::new());
    assert_eq!(found.trusted_principals, vec!["333333333333"]);
    assert_eq!(found.trusts_management_account, Some(false));
    assert_eq!(found.requires_external_id, Some(false));
}

#[test]
fn unreadable_documents_are_listed_and_not_judged() {
    let found = drift(role(&["{".to_owned()], &[], None), Vec::new());
    assert!(found.missing_actions.is_empty());
    assert!(found.trusts_management_account.is_none());
    assert_eq!(
        found.unreadable_policies.len(),
        2,
        "{:?}",
        found.unreadable_policies
    );
    assert!(found.unreadable_policies[0].starts_with("inline:audit0: policy audit0: not JSON"));
    assert!(found.unreadable_policies[1].starts_with("trust policy: "));
}
