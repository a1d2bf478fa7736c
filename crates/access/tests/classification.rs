//! Classification of whole users through the public entry point, with AWS's published managed
//! policies (`tests/fixtures/`, the default versions of AdministratorAccess, ReadOnlyAccess v190,
//! SecurityAudit v94, ViewOnlyAccess v46, PowerUserAccess, IAMFullAccess, AmazonS3FullAccess and
//! AmazonS3ReadOnlyAccess) percent-encoded as IAM returns them, and small inline policies.

use iam_audit_access::{
    AttachedPolicy, AuthorizationDetails, GroupDetail, InlinePolicy, ManagedPolicyDetail,
    PrivilegeClass, UserDetail, UserPrivilege, evaluate_account,
};

const ACCOUNT: &str = "111122223333";

/// IAM's encoding: RFC 3986 percent-encoding of everything but the unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn aws_policy(name: &str) -> ManagedPolicyDetail {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let document = std::fs::read_to_string(&path).expect("fixture is readable");
    ManagedPolicyDetail {
        name: name.to_owned(),
        arn: format!("arn:aws:iam::aws:policy/{name}"),
        default_version_document: Some(encode(&document)),
        attachment_count: Some(1),
    }
}

fn customer_policy(name: &str, document: &str) -> ManagedPolicyDetail {
    ManagedPolicyDetail {
        name: name.to_owned(),
        arn: format!("arn:aws:iam::{ACCOUNT}:policy/{name}"),
        default_version_document: Some(encode(document)),
        attachment_count: Some(1),
    }
}

fn attached(policy: &ManagedPolicyDetail) -> AttachedPolicy {
    AttachedPolicy {
        name: policy.name.clone(),
        arn: policy.arn.clone(),
    }
}

fn inline(name: &str, document: &str) -> InlinePolicy {
    InlinePolicy {
        name: name.to_owned(),
        document: encode(document),
    }
}

fn user(name: &str) -> UserDetail {
    UserDetail {
        name: name.to_owned(),
        arn: format!("arn:aws:iam::{ACCOUNT}:user/{name}"),
        ..UserDetail::default()
    }
}

/// Alice's privilege with these managed policies attached.
fn with_managed(names: &[&str]) -> UserPrivilege {
    let policies: Vec<ManagedPolicyDetail> = names.iter().map(|name| aws_policy(name)).collect();
    let mut alice = user("alice");
    alice.attached_policies = policies.iter().map(attached).collect();
    evaluate(AuthorizationDetails {
        users: vec![alice],
        policies,
        ..AuthorizationDetails::default()
    })
}

/// Alice's privilege with these inline policies.
fn with_inline(documents: &[&str]) -> UserPrivilege {
    let mut alice = user("alice");
    alice.inline_policies = documents
        .iter()
        .enumerate()
        .map(|(index, document)| inline(&format!("policy{index}"), document))
        .collect();
    evaluate(AuthorizationDetails {
        users: vec![alice],
        ..AuthorizationDetails::default()
    })
}

fn evaluate(details: AuthorizationDetails) -> UserPrivilege {
    evaluate_account(&details, None)
        .users
        .remove("alice")
        .expect("alice is evaluated")
}

#[test]
fn administrator_access_attached_is_admin() {
    let privilege = with_managed(&["AdministratorAccess"]);
    assert_eq!(privilege.class, PrivilegeClass::Admin);
    assert_eq!(
        privilege.granting_policies,
        vec!["AdministratorAccess (attached)"]
    );
    assert!(!privilege.conditional);
    assert_eq!(
        privilege.escalation_methods.len(),
        iam_audit_access::ESCALATION_METHODS.len()
    );
}

#[test]
fn administrator_access_through_a_group_is_admin() {
    let administrator = aws_policy("AdministratorAccess");
    let mut alice = user("alice");
    alice.groups = vec!["Admins".to_owned()];
    let details = AuthorizationDetails {
        users: vec![alice],
        groups: vec![GroupDetail {
            name: "Admins".to_owned(),
            arn: format!("arn:aws:iam::{ACCOUNT}:group/Admins"),
            attached_policies: vec![attached(&administrator)],
            inline_policies: Vec::new(),
        }],
        policies: vec![administrator],
        ..AuthorizationDetails::default()
    };
    let privilege = evaluate(details);
    assert_eq!(privilege.class, PrivilegeClass::Admin);
    assert_eq!(
        privilege.granting_policies,
        vec!["group:Admins/AdministratorAccess"]
    );
}

#[test]
fn inline_star_on_star_is_admin() {
    let privilege = with_inline(&[
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    ]);
    assert_eq!(privilege.class, PrivilegeClass::Admin);
    assert_eq!(privilege.granting_policies, vec!["inline:policy0"]);
}

#[test]
fn deny_iam_removes_admin() {
    let privilege = with_inline(&[
        r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
        r#"{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}"#,
    ]);
    assert_eq!(privilege.class, PrivilegeClass::PrivilegeEscalation);
    assert!(
        privilege
            .escalation_methods
            .contains(&"EditExistingLambdaFunctionWithRole".to_owned())
    );
    assert!(
        !privilege
            .escalation_methods
            .iter()
            .any(|method| method.contains("PassExistingRole"))
    );
    assert!(
        !privilege
            .escalation_methods
            .contains(&"CreateAccessKey".to_owned())
    );
}

#[test]
fn read_only_access_is_read_only() {
    let privilege = with_managed(&["ReadOnlyAccess"]);
    assert_eq!(privilege.class, PrivilegeClass::ReadOnly, "{privilege:?}");
    assert_eq!(
        privilege.granting_policies,
        vec!["ReadOnlyAccess (attached)"]
    );
    assert!(privilege.escalation_methods.is_empty());
    assert!(!privilege.conditional);
}

#[test]
fn security_audit_and_view_only_are_read_only() {
    for name in ["SecurityAudit", "ViewOnlyAccess", "AmazonS3ReadOnlyAccess"] {
        let privilege = with_managed(&[name]);
        assert_eq!(
            privilege.class,
            PrivilegeClass::ReadOnly,
            "{name}: {privilege:?}"
        );
    }
    let together = with_managed(&["ReadOnlyAccess", "SecurityAudit"]);
    assert_eq!(together.class, PrivilegeClass::ReadOnly);
    assert_eq!(
        together.granting_policies,
        vec!["ReadOnlyAccess (attached)", "SecurityAudit (attached)"]
    );
}

#[test]
fn an_unconditioned_s3express_session_is_write() {
    // ReadOnlyAccess grants s3express:CreateSession only for read-only sessions.
    let privilege = with_inline(&[
        r#"{"Statement":{"Effect":"Allow","Action":"s3express:CreateSession","Resource":"*"}}"#,
    ]);
    assert_eq!(privilege.class, PrivilegeClass::Write);
}

#[test]
fn put_object_on_a_bucket_is_write() {
    let privilege = with_inline(&[
        r#"{"Statement":{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::uploads/*"}}"#,
    ]);
    assert_eq!(privilege.class, PrivilegeClass::Write);
    assert_eq!(privilege.granting_policies, vec!["inline:policy0"]);
    assert_eq!(
        with_managed(&["AmazonS3FullAccess"]).class,
        PrivilegeClass::Write
    );
}

#[test]
fn create_policy_version_is_privilege_escalation() {
    let privilege = with_inline(&[
        r#"{"Statement":{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*"}}"#,
    ]);
    assert_eq!(privilege.class, PrivilegeClass::PrivilegeEscalation);
    assert_eq!(privilege.escalation_methods, vec!["CreateNewPolicyVersion"]);
    assert_eq!(privilege.granting_policies, vec!["inline:policy0"]);
}

#[test]
fn pass_role_with_a_new_lambda_is_privilege_escalation() {
    let privilege = with_inline(&[
        r#"{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/lambda-*"}}"#,
        r#"{"Statement":{"Effect":"Allow","Action":["lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}}"#,
    ]);
    assert_eq!(privilege.class, PrivilegeClass::PrivilegeEscalation);
    assert_eq!(
        privilege.escalation_methods,
        vec!["PassExistingRoleToNewLambdaThenInvoke"]
    );
    assert_eq!(
        privilege.granting_policies,
        vec!["inline:policy0", "inline:policy1"]
    );
}

#[test]
fn not_action_is_judged_by_what_it_allows() {
    let privilege = with_managed(&["PowerUserAccess"]);
    assert_eq!(privilege.class, PrivilegeClass::PrivilegeEscalation);
    assert!(
        privilege
            .escalation_methods
            .contains(&"EditExistingLambdaFunctionWithRole".to_owned())
    );
    assert!(
        !privilege
            .escalation_methods
            .contains(&"PassExistingRoleToNewLambdaThenInvoke".to_owned())
    );
    assert!(
        !privilege
            .escalation_methods
            .contains(&"CreateEC2WithExistingIP".to_owned())
    );
    assert_eq!(
        with_managed(&["IAMFullAccess"]).class,
        PrivilegeClass::PrivilegeEscalation
    );
}

#[test]
fn a_boundary_caps_admin_to_read_only() {
    let administrator = aws_policy("AdministratorAccess");
    let boundary = customer_policy(
        "OnlyGetObject",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
    );
    let mut alice = user("alice");
    alice.attached_policies = vec![attached(&administrator)];
    alice.permissions_boundary = Some(boundary.arn.clone());
    let privilege = evaluate(AuthorizationDetails {
        users: vec![alice],
        policies: vec![administrator, boundary],
        ..AuthorizationDetails::default()
    });
    assert_eq!(privilege.class, PrivilegeClass::ReadOnly);
    assert_eq!(
        privilege.boundary.as_deref(),
        Some("arn:aws:iam::111122223333:policy/OnlyGetObject")
    );
    assert!(privilege.escalation_methods.is_empty());
}

#[test]
fn no_policies_is_none() {
    let privilege = with_inline(&[]);
    assert_eq!(privilege.class, PrivilegeClass::None);
    assert!(privilege.granting_policies.is_empty());
    let only_deny =
        with_inline(&[r#"{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#]);
    assert_eq!(only_deny.class, PrivilegeClass::None);
}

#[test]
fn conditional_admin_is_marked() {
    let privilege = with_inline(&[
        r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}"#,
        r#"{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
    ]);
    assert_eq!(privilege.class, PrivilegeClass::Admin);
    assert!(privilege.conditional);
    assert_eq!(privilege.granting_policies, vec!["inline:policy0"]);
}

#[test]
fn unreadable_documents_make_the_user_unknown_never_none() {
    let malformed = with_inline(&[r#"{"Statement":{"Effect":"Allow","Resource":"*"}}"#]);
    assert_eq!(malformed.class, PrivilegeClass::Unknown);
    assert_eq!(
        malformed.unreadable_policies,
        vec!["inline:policy0: policy policy0: statement 1: neither Action nor NotAction"]
    );

    let broken_encoding = with_inline(&["%7B%ZZ"]);
    assert_eq!(broken_encoding.class, PrivilegeClass::Unknown);

    let mut alice = user("alice");
    alice.attached_policies = vec![AttachedPolicy {
        name: "Gone".to_owned(),
        arn: format!("arn:aws:iam::{ACCOUNT}:policy/Gone"),
    }];
    alice.groups = vec!["Ghosts".to_owned()];
    alice.permissions_boundary = Some(format!("arn:aws:iam::{ACCOUNT}:policy/Boundary"));
    let missing = evaluate(AuthorizationDetails {
        users: vec![alice],
        ..AuthorizationDetails::default()
    });
    assert_eq!(missing.class, PrivilegeClass::Unknown);
    assert_eq!(
        missing.unreadable_policies,
        vec![
            "Gone (attached): policy Gone: no document in the authorization details".to_owned(),
            "boundary arn:aws:iam::111122223333:policy/Boundary: policy arn:aws:iam::111122223333:policy/Boundary: no document in the authorization details".to_owned(),
            "group:Ghosts: the group is not in the authorization details".to_owned(),
        ]
    );
}

#[test]
fn output_is_snake_case_and_deterministic() {
    let first = serde_json::to_string(&with_managed(&["PowerUserAccess", "ReadOnlyAccess"]))
        .expect("serializes");
    let second = serde_json::to_string(&with_managed(&["ReadOnlyAccess", "PowerUserAccess"]))
        .expect("serializes");
    assert_eq!(first, second);
    assert!(
        first.contains(r#""class":"privilege_escalation""#),
        "{first}"
    );
    assert!(!first.contains("unreadable_policies"));
}
