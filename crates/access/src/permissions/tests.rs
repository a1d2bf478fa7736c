//! IAM's evaluation logic, one rule per test: Action/NotAction, Resource/NotResource, Deny
//! precedence, conditions, the permissions boundary, and the admin rule.

use super::*;
use crate::pattern::Variables;
use crate::testing::{permissions, policy, statement};

fn resource(text: &str) -> Pattern {
    Pattern::resource(text, Variables::default())
}

/// Whether `action` is allowed on some resource matching `within` (any resource when `None`).
fn allowed(permissions: &Permissions, action: &str, within: Option<&str>, mode: Mode) -> bool {
    let pattern = within.map(resource);
    let target: Vec<Constraint<'_>> = pattern
        .iter()
        .map(|pattern| Constraint::AnyOf(vec![pattern]))
        .collect();
    !permissions
        .sources_allowing(action, &target, mode)
        .is_empty()
}

fn allowed_anywhere(permissions: &Permissions, action: &str) -> bool {
    allowed(permissions, action, None, Mode::All)
}

#[test]
fn an_allow_grants_its_actions_on_its_resources() {
    let held = permissions(
        &[policy(&statement(
            "Allow",
            r#"["s3:Get*","s3:ListBucket"]"#,
            r#""arn:aws:s3:::data/*""#,
        ))],
        None,
    );
    assert!(allowed(
        &held,
        "s3:GetObject",
        Some("arn:aws:s3:::data/*"),
        Mode::All
    ));
    assert!(allowed(
        &held,
        "S3:GETOBJECT",
        Some("arn:aws:s3:::data/report.csv"),
        Mode::All
    ));
    assert!(!allowed(
        &held,
        "s3:GetObject",
        Some("arn:aws:s3:::other/*"),
        Mode::All
    ));
    assert!(!allowed_anywhere(&held, "s3:PutObject"));
}

#[test]
fn not_action_allows_everything_it_does_not_list() {
    let held = permissions(
        &[policy(
            r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
        )],
        None,
    );
    assert!(allowed_anywhere(&held, "lambda:CreateFunction"));
    assert!(allowed_anywhere(&held, "ec2:RunInstances"));
    assert!(!allowed_anywhere(&held, "iam:PassRole"));
}

#[test]
fn not_resource_allows_everywhere_but_the_listed_resources() {
    let held = permissions(
        &[policy(
            r#"{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"}"#,
        )],
        None,
    );
    assert!(allowed(
        &held,
        "s3:GetObject",
        Some("arn:aws:s3:::public/*"),
        Mode::All
    ));
    assert!(!allowed(
        &held,
        "s3:GetObject",
        Some("arn:aws:s3:::secret/*"),
        Mode::All
    ));
}

#[test]
fn explicit_deny_wins_over_allow() {
    let held = permissions(
        &[
            policy(&statement("Allow", r#""s3:*""#, r#""*""#)),
            policy(&statement("Deny", r#""s3:PutObject""#, r#""*""#)),
        ],
        None,
    );
    assert!(!allowed_anywhere(&held, "s3:PutObject"));
    assert!(allowed_anywhere(&held, "s3:GetObject"));
}

#[test]
fn a_deny_removes_only_what_it_covers() {
    let allow = policy(&statement(
        "Allow",
        r#""s3:PutObject""#,
        r#""arn:aws:s3:::bucket/*""#,
    ));
    let partial = permissions(
        &[
            allow.clone(),
            policy(&statement(
                "Deny",
                r#""s3:*""#,
                r#""arn:aws:s3:::bucket/private/*""#,
            )),
        ],
        None,
    );
    assert!(allowed_anywhere(&partial, "s3:PutObject"));
    assert!(!allowed(
        &partial,
        "s3:PutObject",
        Some("arn:aws:s3:::bucket/private/*"),
        Mode::All
    ));
    let whole = permissions(
        &[
            allow,
            policy(&statement("Deny", r#""s3:*""#, r#""arn:aws:s3:::*""#)),
        ],
        None,
    );
    assert!(!allowed_anywhere(&whole, "s3:PutObject"));
}

#[test]
fn a_deny_with_not_resource_leaves_only_the_listed_resources() {
    let held = permissions(
        &[
            policy(&statement("Allow", r#""s3:*""#, r#""*""#)),
            policy(r#"{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::ok/*"}"#),
        ],
        None,
    );
    assert!(allowed(
        &held,
        "s3:PutObject",
        Some("arn:aws:s3:::ok/*"),
        Mode::All
    ));
    assert!(!allowed(
        &held,
        "s3:PutObject",
        Some("arn:aws:s3:::other/*"),
        Mode::All
    ));
}

#[test]
fn a_deny_with_not_action_denies_all_but_the_listed_actions() {
    let held = permissions(
        &[
            policy(&statement("Allow", r#""*""#, r#""*""#)),
            policy(r#"{"Effect":"Deny","NotAction":["s3:Get*","s3:List*"],"Resource":"*"}"#),
        ],
        None,
    );
    assert!(allowed_anywhere(&held, "s3:GetObject"));
    assert!(!allowed_anywhere(&held, "iam:CreateUser"));
    assert!(
        held.sources_granting(true, Mode::All).is_empty(),
        "only reads are left"
    );
    assert_eq!(held.sources_granting(false, Mode::All), BTreeSet::from([0]));
}

#[test]
fn a_conditional_allow_counts_only_in_mode_all() {
    let held = permissions(
        &[policy(
            r#"{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}"#,
        )],
        None,
    );
    assert!(allowed(&held, "s3:PutObject", None, Mode::All));
    assert!(!allowed(&held, "s3:PutObject", None, Mode::Unconditional));
}

#[test]
fn a_conditional_deny_removes_nothing() {
    let held = permissions(
        &[
            policy(&statement("Allow", r#""*""#, r#""*""#)),
            policy(
                r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}"#,
            ),
        ],
        None,
    );
    assert!(allowed(&held, "iam:CreateUser", None, Mode::Unconditional));
    assert!(held.admin_sources(Mode::Unconditional).is_some());
}

#[test]
fn the_boundary_caps_identity_permissions() {
    let boundary = policy(&statement("Allow", r#""s3:GetObject""#, r#""*""#));
    let held = permissions(
        &[policy(&statement("Allow", r#""*""#, r#""*""#))],
        Some(&boundary),
    );
    assert!(allowed_anywhere(&held, "s3:GetObject"));
    assert!(!allowed_anywhere(&held, "iam:CreateUser"));
    assert!(held.admin_sources(Mode::All).is_none());
    assert!(held.sources_granting(true, Mode::All).is_empty());
    assert!(!held.sources_granting(false, Mode::All).is_empty());
    // The boundary alone grants nothing.
    let only_boundary = permissions(&[], Some(&boundary));
    assert!(!allowed_anywhere(&only_boundary, "s3:GetObject"));
}

#[test]
fn the_boundary_caps_resources_and_its_denies_deny() {
    let boundary = policy(&format!(
        "{},{}",
        statement("Allow", r#""s3:*""#, r#""arn:aws:s3:::shared/*""#),
        statement("Deny", r#""s3:DeleteObject""#, r#""*""#)
    ));
    let held = permissions(
        &[policy(&statement("Allow", r#""s3:*""#, r#""*""#))],
        Some(&boundary),
    );
    assert!(allowed(
        &held,
        "s3:PutObject",
        Some("arn:aws:s3:::shared/*"),
        Mode::All
    ));
    assert!(!allowed(
        &held,
        "s3:PutObject",
        Some("arn:aws:s3:::private/*"),
        Mode::All
    ));
    assert!(!allowed_anywhere(&held, "s3:DeleteObject"));
}

#[test]
fn read_and_write_grants() {
    let reads = permissions(
        &[policy(&statement(
            "Allow",
            r#"["s3:Get*","ec2:Describe*"]"#,
            r#""*""#,
        ))],
        None,
    );
    assert!(reads.sources_granting(true, Mode::All).is_empty());
    assert!(!reads.sources_granting(false, Mode::All).is_empty());
    let writes = permissions(
        &[policy(&statement(
            "Allow",
            r#""s3:*""#,
            r#""arn:aws:s3:::b/*""#,
        ))],
        None,
    );
    assert!(!writes.sources_granting(true, Mode::All).is_empty());
    let not_action = permissions(
        &[policy(
            r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
        )],
        None,
    );
    assert!(!not_action.sources_granting(true, Mode::All).is_empty());
    let denied = permissions(
        &[
            policy(&statement("Allow", r#""s3:PutObject""#, r#""*""#)),
            policy(&statement("Deny", r#""s3:Put*""#, r#""*""#)),
        ],
        None,
    );
    assert!(denied.sources_granting(false, Mode::All).is_empty());
}

#[test]
fn admin_is_every_action_on_every_resource() {
    let star = permissions(&[policy(&statement("Allow", r#""*""#, r#""*""#))], None);
    assert_eq!(
        star.admin_sources(Mode::Unconditional),
        Some(BTreeSet::from([0]))
    );
    let union = permissions(
        &[
            policy(r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#),
            policy(&statement("Allow", r#""iam:*""#, r#""*""#)),
        ],
        None,
    );
    assert_eq!(union.admin_sources(Mode::All), Some(BTreeSet::from([0, 1])));
    let not_action_alone = permissions(
        &[policy(
            r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
        )],
        None,
    );
    assert!(not_action_alone.admin_sources(Mode::All).is_none());
    let one_bucket = permissions(
        &[policy(&statement("Allow", r#""*""#, r#""arn:aws:s3:::b""#))],
        None,
    );
    assert!(one_bucket.admin_sources(Mode::All).is_none());
}

#[test]
fn an_applicable_deny_removes_admin() {
    for deny in [
        statement("Deny", r#""iam:*""#, r#""*""#),
        statement("Deny", r#""s3:DeleteBucket""#, r#""arn:aws:s3:::logs""#),
    ] {
        let held = permissions(
            &[
                policy(&statement("Allow", r#""*""#, r#""*""#)),
                policy(&deny),
            ],
            None,
        );
        assert!(held.admin_sources(Mode::All).is_none(), "{deny}");
    }
    // A Deny that denies nothing (every action excepted) leaves admin.
    let empty_deny = permissions(
        &[
            policy(&statement("Allow", r#""*""#, r#""*""#)),
            policy(r#"{"Effect":"Deny","NotAction":"*","Resource":"*"}"#),
        ],
        None,
    );
    assert!(empty_deny.admin_sources(Mode::All).is_some());
}

#[test]
fn conditional_admin_is_admin_only_with_conditions_counted() {
    let held = permissions(
        &[policy(
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}"#,
        )],
        None,
    );
    assert!(held.admin_sources(Mode::All).is_some());
    assert!(held.admin_sources(Mode::Unconditional).is_none());
}

#[test]
fn grants_outside_names_the_patterns_that_reach_further() {
    let held = permissions(
        &[policy(&format!(
            "{},{}",
            statement(
                "Allow",
                r#"["iam:ListUsers","iam:Get*","cloudtrail:LookupEvents"]"#,
                r#""*""#
            ),
            r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#
        ))],
        None,
    );
    let expected = [
        Pattern::action("iam:ListUsers"),
        Pattern::action("cloudtrail:LookupEvents"),
    ];
    let expected: Vec<&Pattern> = expected.iter().collect();
    let texts: Vec<String> = held
        .grants_outside(&expected, Mode::All)
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(
        texts,
        vec!["iam:Get*".to_owned(), "NotAction:iam:*".to_owned()]
    );
}
