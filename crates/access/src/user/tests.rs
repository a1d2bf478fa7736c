//! Labels, conditions and paths as a user sees them; the classes themselves are exercised with
//! AWS's real policies in `tests/classification.rs`.

use super::*;
use crate::details::{AuthorizationDetails, GroupDetail, InlinePolicy};
use crate::testing::{ACCOUNT, policy, statement};

fn inline(name: &str, document: String) -> InlinePolicy {
    InlinePolicy {
        name: name.to_owned(),
        document,
    }
}

fn judge_user(user: UserDetail, groups: Vec<GroupDetail>) -> UserPrivilege {
    let details = AuthorizationDetails {
        groups,
        ..AuthorizationDetails::default()
    };
    let library = PolicyLibrary::new(&details);
    evaluate_user(&user, &library)
}

fn alice(path: &str, inline_policies: Vec<InlinePolicy>) -> UserDetail {
    UserDetail {
        name: "alice".to_owned(),
        arn: format!("arn:aws:iam::{ACCOUNT}:user{path}alice"),
        path: Some(path.to_owned()),
        inline_policies,
        ..UserDetail::default()
    }
}

#[test]
fn group_inline_policies_are_labelled_with_their_group() {
    let mut user = alice("/", Vec::new());
    user.groups = vec!["Devs".to_owned()];
    let group = GroupDetail {
        name: "Devs".to_owned(),
        arn: format!("arn:aws:iam::{ACCOUNT}:group/Devs"),
        inline_policies: vec![inline(
            "deploy",
            policy(&statement(
                "Allow",
                r#""lambda:UpdateFunctionCode""#,
                r#""*""#,
            )),
        )],
        attached_policies: Vec::new(),
    };
    let privilege = judge_user(user, vec![group]);
    assert_eq!(privilege.class, PrivilegeClass::PrivilegeEscalation);
    assert_eq!(
        privilege.granting_policies,
        vec!["group:Devs/inline:deploy"]
    );
    assert_eq!(
        privilege.escalation_methods,
        vec!["EditExistingLambdaFunctionWithRole"]
    );
}

#[test]
fn only_the_policies_granting_the_class_are_named() {
    let privilege = judge_user(
        alice(
            "/",
            vec![
                inline(
                    "reads",
                    policy(&statement("Allow", r#""s3:Get*""#, r#""*""#)),
                ),
                inline(
                    "writes",
                    policy(&statement(
                        "Allow",
                        r#""s3:PutObject""#,
                        r#""arn:aws:s3:::b/*""#,
                    )),
                ),
            ],
        ),
        Vec::new(),
    );
    assert_eq!(privilege.class, PrivilegeClass::Write);
    assert_eq!(privilege.granting_policies, vec!["inline:writes"]);
}

#[test]
fn a_method_resting_on_a_condition_is_marked() {
    let guarded = policy(
        r#"{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}"#,
    );
    let plain = policy(&statement("Allow", r#""s3:PutObject""#, r#""*""#));
    let privilege = judge_user(
        alice(
            "/",
            vec![inline("guarded", guarded), inline("plain", plain)],
        ),
        Vec::new(),
    );
    assert_eq!(privilege.class, PrivilegeClass::PrivilegeEscalation);
    assert!(privilege.conditional);
    assert_eq!(privilege.granting_policies, vec!["inline:guarded"]);
}

#[test]
fn an_unconditional_class_is_not_marked() {
    let privilege = judge_user(
        alice(
            "/",
            vec![inline(
                "plain",
                policy(&statement("Allow", r#""s3:PutObject""#, r#""*""#)),
            )],
        ),
        Vec::new(),
    );
    assert_eq!(privilege.class, PrivilegeClass::Write);
    assert!(!privilege.conditional);
}

#[test]
fn self_service_credentials_stay_write_at_any_path() {
    let self_service = policy(&statement(
        "Allow",
        r#"["iam:CreateAccessKey","iam:UpdateLoginProfile","iam:ChangePassword"]"#,
        r#""arn:aws:iam::*:user/${aws:username}""#,
    ));
    for path in ["/", "/team/"] {
        let privilege = judge_user(
            alice(path, vec![inline("self", self_service.clone())]),
            Vec::new(),
        );
        assert_eq!(privilege.class, PrivilegeClass::Write, "{path}");
        assert!(privilege.escalation_methods.is_empty(), "{path}");
    }
    let anyone = policy(&statement(
        "Allow",
        r#""iam:CreateAccessKey""#,
        r#""arn:aws:iam::*:user/*""#,
    ));
    let privilege = judge_user(alice("/team/", vec![inline("anyone", anyone)]), Vec::new());
    assert_eq!(privilege.escalation_methods, vec!["CreateAccessKey"]);
}

#[test]
fn a_boundary_is_reported_with_the_class() {
    let mut user = alice(
        "/",
        vec![inline(
            "all",
            policy(&statement("Allow", r#""*""#, r#""*""#)),
        )],
    );
    let boundary = format!("arn:aws:iam::{ACCOUNT}:policy/Boundary");
    user.permissions_boundary = Some(boundary.clone());
    let details = AuthorizationDetails {
        policies: vec![crate::details::ManagedPolicyDetail {
            name: "Boundary".to_owned(),
            arn: boundary.clone(),
            default_version_document: Some(policy(&statement("Allow", r#""*""#, r#""*""#))),
            attachment_count: Some(0),
        }],
        ..AuthorizationDetails::default()
    };
    let privilege = evaluate_user(&user, &PolicyLibrary::new(&details));
    assert_eq!(privilege.class, PrivilegeClass::Admin);
    assert_eq!(privilege.boundary, Some(boundary));
}
