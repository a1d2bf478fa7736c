//! Every method found when exactly its actions are allowed, and missed when any one is not (the
//! near miss); then the resource rules: kinds, the caller's account, self-only grants.

use super::*;
use crate::testing::{ACCOUNT, permissions, policy, statement};

fn targets() -> Targets {
    Targets::for_user(&format!("arn:aws:iam::{ACCOUNT}:user/alice"), "alice")
}

fn found(documents: &[String]) -> Vec<&'static str> {
    allowed_methods(&permissions(documents, None), &targets(), Mode::All)
        .into_keys()
        .collect()
}

fn allow(actions: &[&str], resource: &str) -> String {
    let actions = serde_json::to_string(actions).expect("serializes");
    policy(&statement("Allow", &actions, &format!("\"{resource}\"")))
}

#[test]
fn methods_are_sorted_unique_and_well_formed() {
    let names: Vec<&str> = ESCALATION_METHODS
        .iter()
        .map(|method| method.name)
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted);
    for method in ESCALATION_METHODS {
        for action in method.actions {
            assert!(
                action.contains(':') && *action == action.to_lowercase(),
                "{}: {action}",
                method.name
            );
        }
    }
    assert_eq!(
        CREATE_NEW_POLICY_VERSION.actions,
        ["iam:createpolicyversion"]
    );
}

/// The method names are part of the report format: this list changes only on purpose. The set
/// is cloudsplaining 0.9.1's 59 plus the two CodeStar methods.
#[test]
fn the_method_names_are_locked() {
    let names: Vec<&str> = ESCALATION_METHODS
        .iter()
        .map(|method| method.name)
        .collect();
    assert_eq!(
        names,
        vec![
            "AccessExistingBedrockCodeInterpreterSession",
            "AddUserToGroup",
            "AttachGroupPolicy",
            "AttachRolePolicy",
            "AttachRolePolicyThenUpdateAssumeRolePolicy",
            "AttachUserPolicy",
            "AttachUserPolicyThenCreateAccessKey",
            "CreateAccessKey",
            "CreateAndRotateAccessKey",
            "CreateCodeStarProjectFromTemplate",
            "CreateEC2WithExistingIP",
            "CreateLoginProfile",
            "CreateNewPolicyVersion",
            "CreatePolicyVersionThenAssumeRole",
            "CreatePolicyVersionThenUpdateAssumeRolePolicy",
            "CreatePresignedSageMakerNotebookUrl",
            "EC2InstanceConnectSendSSHPublicKey",
            "ECSExecuteCommandOnRunningTask",
            "EditExistingLambdaFunctionWithRole",
            "ExecuteCloudFormationChangeSet",
            "ModifyEC2InstanceUserDataThenRestart",
            "ModifyExistingEC2LaunchTemplate",
            "PassExistingRoleToCloudFormation",
            "PassExistingRoleToNewAppRunnerService",
            "PassExistingRoleToNewBedrockCodeInterpreter",
            "PassExistingRoleToNewCloudFormationStackSet",
            "PassExistingRoleToNewCodeBuildProjectThenBuild",
            "PassExistingRoleToNewCodeBuildProjectThenBuildBatch",
            "PassExistingRoleToNewCodeStarProject",
            "PassExistingRoleToNewDataPipeline",
            "PassExistingRoleToNewEC2SpotInstance",
            "PassExistingRoleToNewECSClusterRunTask",
            "PassExistingRoleToNewECSClusterServiceTask",
            "PassExistingRoleToNewECSService",
            "PassExistingRoleToNewECSTaskViaRunTask",
            "PassExistingRoleToNewECSTaskViaStartTask",
            "PassExistingRoleToNewGlueDevEndpoint",
            "PassExistingRoleToNewGlueJobThenRun",
            "PassExistingRoleToNewGlueJobViaTrigger",
            "PassExistingRoleToNewLambdaThenAddPermission",
            "PassExistingRoleToNewLambdaThenInvoke",
            "PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo",
            "PassExistingRoleToNewLambdaThenTriggerWithNewDynamo",
            "PassExistingRoleToNewSageMakerNotebookInstance",
            "PassExistingRoleToNewSageMakerProcessingJob",
            "PassExistingRoleToNewSageMakerTrainingJob",
            "PassExistingRoleToUpdatedGlueJobThenRun",
            "PassExistingRoleToUpdatedGlueJobViaTrigger",
            "PassRoleToUpdateCloudFormationStackSet",
            "PutGroupPolicy",
            "PutRolePolicy",
            "PutRolePolicyThenUpdateAssumeRolePolicy",
            "PutUserPolicy",
            "PutUserPolicyThenCreateAccessKey",
            "SetExistingDefaultPolicyVersion",
            "UpdateAndInvokeLambdaFunction",
            "UpdateExistingGlueDevEndpoint",
            "UpdateLambdaFunctionAndAddPermission",
            "UpdateLoginProfile",
            "UpdateRolePolicyToAssumeIt",
            "UpdateSageMakerNotebookLifecycleConfig",
        ]
    );
}

#[test]
fn each_method_is_found_with_exactly_its_actions() {
    for method in ESCALATION_METHODS {
        let methods = found(&[allow(method.actions, "*")]);
        assert!(
            methods.contains(&method.name),
            "{} not found: {methods:?}",
            method.name
        );
    }
}

#[test]
fn each_method_is_missed_without_any_one_of_its_actions() {
    for method in ESCALATION_METHODS {
        for missing in method.actions {
            let rest: Vec<&str> = method
                .actions
                .iter()
                .copied()
                .filter(|action| action != missing)
                .collect();
            let methods = if rest.is_empty() {
                found(&[])
            } else {
                found(&[allow(&rest, "*")])
            };
            assert!(
                !methods.contains(&method.name),
                "{} found without {missing}",
                method.name
            );
        }
    }
}

#[test]
fn actions_may_come_from_different_policies() {
    let methods = found(&[
        allow(&["iam:PassRole"], "*"),
        allow(&["ec2:RunInstances"], "*"),
    ]);
    assert!(methods.contains(&CREATE_EC2_WITH_EXISTING_IP.name));
}

#[test]
fn a_deny_on_one_action_defeats_the_method() {
    let methods = found(&[
        allow(
            &[
                "iam:PassRole",
                "lambda:CreateFunction",
                "lambda:InvokeFunction",
            ],
            "*",
        ),
        policy(&statement("Deny", r#""iam:PassRole""#, r#""*""#)),
    ]);
    assert!(!methods.contains(&PASS_EXISTING_ROLE_TO_NEW_LAMBDA_THEN_INVOKE.name));
    assert!(methods.is_empty(), "{methods:?}");
}

#[test]
fn self_only_credentials_are_not_escalation() {
    let own = format!("arn:aws:iam::{ACCOUNT}:user/alice");
    for resource in [
        "arn:aws:iam::*:user/${aws:username}",
        own.as_str(),
        "arn:aws:iam::*:user/*/alice",
    ] {
        let methods = found(&[allow(
            &[
                "iam:CreateAccessKey",
                "iam:CreateLoginProfile",
                "iam:UpdateLoginProfile",
            ],
            resource,
        )]);
        assert!(methods.is_empty(), "{resource}: {methods:?}");
    }
    let others = found(&[allow(&["iam:CreateAccessKey"], "arn:aws:iam::*:user/*")]);
    assert_eq!(others, vec![CREATE_ACCESS_KEY.name]);
    let another = found(&[allow(
        &["iam:CreateLoginProfile"],
        &format!("arn:aws:iam::{ACCOUNT}:user/bob"),
    )]);
    assert_eq!(another, vec![CREATE_LOGIN_PROFILE.name]);
}

#[test]
fn a_policy_on_oneself_is_escalation() {
    let methods = found(&[allow(
        &["iam:PutUserPolicy"],
        "arn:aws:iam::*:user/${aws:username}",
    )]);
    assert_eq!(methods, vec![PUT_USER_POLICY.name]);
}

#[test]
fn the_resource_must_be_of_the_right_kind_in_the_account() {
    assert!(found(&[allow(&["iam:CreatePolicyVersion"], "arn:aws:iam::*:role/*")]).is_empty());
    assert!(
        found(&[allow(
            &["iam:CreatePolicyVersion"],
            "arn:aws:iam::999999999999:policy/*"
        )])
        .is_empty()
    );
    assert!(
        found(&[allow(
            &["iam:CreatePolicyVersion"],
            "arn:aws:iam::aws:policy/*"
        )])
        .is_empty()
    );
    assert_eq!(
        found(&[allow(
            &["iam:CreatePolicyVersion"],
            &format!("arn:aws:iam::{ACCOUNT}:policy/team-*")
        )]),
        vec![CREATE_NEW_POLICY_VERSION.name]
    );
    assert!(
        found(&[allow(
            &["iam:PassRole", "ec2:RunInstances"],
            "arn:aws:iam::*:user/*"
        )])
        .is_empty()
    );
    // Both on role ARNs: passing roles, yes, but no EC2 resource to run.
    assert!(
        found(&[allow(
            &["iam:PassRole", "ec2:RunInstances"],
            "arn:aws:iam::*:role/app-*"
        )])
        .is_empty()
    );
    let connect = found(&[allow(
        &[
            "ec2-instance-connect:SendSSHPublicKey",
            "ec2:DescribeInstances",
        ],
        "arn:aws:ec2:*:*:instance/*",
    )]);
    assert_eq!(connect, vec![EC2_INSTANCE_CONNECT_SEND_SSH_PUBLIC_KEY.name]);
    let scoped = found(&[
        allow(&["iam:PassRole"], "arn:aws:iam::*:role/app-*"),
        allow(&["ec2:RunInstances"], "arn:aws:ec2:*:*:instance/*"),
    ]);
    assert_eq!(scoped, vec![CREATE_EC2_WITH_EXISTING_IP.name]);
}

#[test]
fn not_action_is_judged_by_what_it_leaves() {
    let methods = found(&[policy(
        r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
    )]);
    assert!(methods.contains(&EDIT_EXISTING_LAMBDA_FUNCTION_WITH_ROLE.name));
    assert!(methods.contains(&UPDATE_EXISTING_GLUE_DEV_ENDPOINT.name));
    assert!(
        !methods.iter().any(|name| name.starts_with("Pass")),
        "no iam:PassRole: {methods:?}"
    );
    assert!(!methods.contains(&CREATE_ACCESS_KEY.name));
}

#[test]
fn not_resource_excluding_every_role_blocks_pass_role() {
    let methods = found(&[
        policy(
            r#"{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::*:role/*"}"#,
        ),
        allow(&["ec2:RunInstances"], "*"),
    ]);
    assert!(methods.is_empty(), "{methods:?}");
}

#[test]
fn conditional_grants_count_only_with_conditions() {
    let guarded = policy(
        r#"{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}"#,
    );
    let permissions = permissions(&[guarded], None);
    assert_eq!(
        allowed_methods(&permissions, &targets(), Mode::All)
            .into_keys()
            .collect::<Vec<_>>(),
        vec![ATTACH_USER_POLICY.name]
    );
    assert!(allowed_methods(&permissions, &targets(), Mode::Unconditional).is_empty());
}

#[test]
fn a_boundary_caps_methods() {
    let boundary = allow(&["lambda:*"], "*");
    let held = permissions(&[allow(&["*"], "*")], Some(&boundary));
    let methods: Vec<&str> = allowed_methods(&held, &targets(), Mode::All)
        .into_keys()
        .collect();
    assert_eq!(
        methods,
        vec![
            EDIT_EXISTING_LAMBDA_FUNCTION_WITH_ROLE.name,
            UPDATE_AND_INVOKE_LAMBDA_FUNCTION.name,
            UPDATE_LAMBDA_FUNCTION_AND_ADD_PERMISSION.name
        ]
    );
}

#[test]
fn an_unreadable_user_arn_allows_any_account() {
    let loose = Targets::for_user("not-an-arn", "alice");
    let permissions = permissions(
        &[allow(
            &["iam:CreatePolicyVersion"],
            "arn:aws:iam::999999999999:policy/*",
        )],
        None,
    );
    assert!(!allowed_methods(&permissions, &loose, Mode::All).is_empty());
}
