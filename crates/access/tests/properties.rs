//! Properties of whole evaluations over generated policies: any document set is evaluated
//! without a panic; a blanket unconditional Deny leaves nothing; `"*"` on `"*"` alone is admin.

use iam_audit_access::{
    AuthorizationDetails, InlinePolicy, PrivilegeClass, UserDetail, UserPrivilege, evaluate_account,
};
use proptest::prelude::*;

/// A statement built from small alphabets, so that patterns overlap often.
fn statement() -> impl Strategy<Value = serde_json::Value> {
    let action = prop::sample::select(vec![
        "*",
        "iam:*",
        "iam:PassRole",
        "iam:Create*",
        "s3:Get*",
        "s3:*",
        "lambda:*",
        "ec2:RunInstances",
        "*:Describe*",
        "s?:*",
    ]);
    let resource = prop::sample::select(vec![
        "*",
        "arn:aws:iam::*:role/*",
        "arn:aws:iam::*:user/${aws:username}",
        "arn:aws:iam::111122223333:user/*",
        "arn:aws:s3:::bucket/*",
        "arn:aws:iam::*:policy/*",
    ]);
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(action, 1..4),
        prop::collection::vec(resource, 1..3),
    )
        .prop_map(
            |(allow, not_action, not_resource, conditional, actions, resources)| {
                let mut statement =
                    serde_json::json!({ "Effect": if allow { "Allow" } else { "Deny" } });
                statement[if not_action { "NotAction" } else { "Action" }] =
                    serde_json::json!(actions);
                statement[if not_resource {
                    "NotResource"
                } else {
                    "Resource"
                }] = serde_json::json!(resources);
                if conditional {
                    statement["Condition"] =
                        serde_json::json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
                }
                statement
            },
        )
}

fn evaluate(statements: Vec<serde_json::Value>) -> UserPrivilege {
    let document =
        serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string();
    let details = AuthorizationDetails {
        users: vec![UserDetail {
            name: "alice".to_owned(),
            arn: "arn:aws:iam::111122223333:user/alice".to_owned(),
            inline_policies: vec![InlinePolicy {
                name: "generated".to_owned(),
                document,
            }],
            ..UserDetail::default()
        }],
        ..AuthorizationDetails::default()
    };
    evaluate_account(&details, None)
        .users
        .remove("alice")
        .expect("alice is evaluated")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(300)))]

    /// Any combination evaluates to a known class, with sorted lists.
    #[test]
    fn any_policy_evaluates(statements in prop::collection::vec(statement(), 0..5)) {
        let privilege = evaluate(statements);
        prop_assert_ne!(privilege.class, PrivilegeClass::Unknown);
        let mut sorted = privilege.escalation_methods.clone();
        sorted.sort();
        prop_assert_eq!(&sorted, &privilege.escalation_methods);
        if privilege.class == PrivilegeClass::None {
            prop_assert!(privilege.granting_policies.is_empty() && privilege.escalation_methods.is_empty());
        }
    }

    /// Explicit Deny wins: with `Deny * on *`, nothing is allowed whatever else is there.
    #[test]
    fn a_blanket_deny_leaves_nothing(mut statements in prop::collection::vec(statement(), 0..5)) {
        statements.push(serde_json::json!({"Effect": "Deny", "Action": "*", "Resource": "*"}));
        let privilege = evaluate(statements);
        prop_assert_eq!(privilege.class, PrivilegeClass::None);
        prop_assert!(privilege.escalation_methods.is_empty());
    }

    /// `Allow * on *` plus only Allows is admin.
    #[test]
    fn star_on_star_with_allows_only_is_admin(statements in prop::collection::vec(statement(), 0..4)) {
        let mut statements: Vec<serde_json::Value> =
            statements.into_iter().filter(|statement| statement["Effect"] == "Allow").collect();
        statements.push(serde_json::json!({"Effect": "Allow", "Action": "*", "Resource": "*"}));
        prop_assert_eq!(evaluate(statements).class, PrivilegeClass::Admin);
    }
}
