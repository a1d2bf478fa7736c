//! The published IAM privilege-escalation methods, and which of them a principal's permissions
//! allow.
//!
//! Source: Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (Spencer
//! Gietzen, 2018), methods 1–21; with the later paths cloudsplaining 0.9.1 ships (from Datadog's
//! pathfinding.cloud), and two CodeStar paths from Rhino's follow-up research ("Escalating AWS IAM
//! Privileges with an Undocumented CodeStar API", Gietzen, 2019). Method names are
//! cloudsplaining's, the names these paths are commonly known by; they are stable (a rename is a
//! visible change in reports).
//!
//! **Rule.** A method is found when every one of its actions is allowed (after Deny and the
//! permissions boundary, see `permissions`) on some resource of the kind the action works on in
//! the principal's own account: users for `iam:CreateAccessKey`, roles for `iam:PassRole`,
//! customer managed policies for `iam:CreatePolicyVersion`; for non-IAM actions, a resource of the
//! action's service in any account (`arn:*:lambda:*` for `lambda:CreateFunction`, EC2 instances
//! for `ec2-instance-connect:SendSSHPublicKey`), so `"*"` counts and an IAM role ARN does not.
//! Each action may be granted by a different policy.
//!
//! **Self-only resources.** `iam:CreateAccessKey`, `iam:CreateLoginProfile`,
//! `iam:UpdateLoginProfile` (and `iam:DeleteAccessKey` in the rotation path) escalate only on
//! *other* users: a new key or password for oneself grants nothing the user does not already have.
//! A grant whose only matching user is the caller (`arn:aws:iam::*:user/${aws:username}`, the
//! usual self-service policy) does not count. Attaching or putting a policy on oneself does count.
//!
//! **Where cloudsplaining differs, on purpose.**
//! - It judges each policy document alone; we judge the principal's union of policies (a user
//!   with `iam:PassRole` from one group and `ec2:RunInstances` from another can escalate).
//! - It requires `Resource: "*"` for actions that take resource constraints; we count any grant
//!   whose resources include one of the right kind (`iam:PassRole` on `role/app-*` still passes
//!   roles), except the self-only case above.
//! - It ignores statements with a `Condition`; we count them and mark the result `conditional`.
//! - It subtracts a Deny's actions whatever the Deny's resources or condition, within the same
//!   policy only; we subtract an unconditional Deny from every policy, only where it applies.
//! - It ignores permissions boundaries; a boundary caps ours.
//! - NotAction: it expands the complement from its action catalog; we reason over patterns, with
//!   the same result for the methods' actions. NotResource: it does not support it; we do.
//! - `PassExistingRoleToNewDataPipeline` needs `datapipeline:PutPipelineDefinition` too, as in
//!   Rhino's method 18 (a pipeline without a definition runs nothing); cloudsplaining omits it.
//! - `UpdateRolePolicyToAssumeIt` needs only `iam:UpdateAssumeRolePolicy`, as in cloudsplaining:
//!   a trust policy naming the user lets it assume the role in the same account without any
//!   `sts:AssumeRole` grant of its own, so Rhino's pairing with `sts:AssumeRole` would miss it.
//! - The two CodeStar methods are ours (cloudsplaining has none).
//!
//! Checked against cloudsplaining 0.9.1 on 75 single-policy inputs (each method's actions alone
//! on `"*"`, AWS's managed policies, Deny, NotAction, NotResource and condition cases): the same
//! methods on 67; the 8 others differ only as listed above.

use std::collections::{BTreeMap, BTreeSet};

use crate::language::Constraint;
use crate::pattern::{Pattern, Token};
use crate::permissions::{Mode, Permissions};

/// One method: a stable name and the actions it needs (lowercase).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EscalationMethod {
    /// Stable name, as reported.
    pub name: &'static str,
    /// Every action it needs.
    pub actions: &'static [&'static str],
}

macro_rules! methods {
    ($($constant:ident = $name:literal [$($action:literal),+ $(,)?];)+) => {
        $(
            #[doc = concat!("`", $name, "`: ", $("`", $action, "` "),+)]
            pub const $constant: EscalationMethod = EscalationMethod { name: $name, actions: &[$($action),+] };
        )+
        /// Every method, in name order.
        pub const ESCALATION_METHODS: &[EscalationMethod] = &[$($constant),+];
    };
}

methods! {
    ACCESS_EXISTING_BEDROCK_CODE_INTERPRETER_SESSION = "AccessExistingBedrockCodeInterpreterSession" ["bedrock-agentcore:startcodeinterpretersession", "bedrock-agentcore:invokecodeinterpreter"];
    ADD_USER_TO_GROUP = "AddUserToGroup" ["iam:addusertogroup"];
    ATTACH_GROUP_POLICY = "AttachGroupPolicy" ["iam:attachgrouppolicy"];
    ATTACH_ROLE_POLICY = "AttachRolePolicy" ["iam:attachrolepolicy"];
    ATTACH_ROLE_POLICY_THEN_UPDATE_ASSUME_ROLE_POLICY = "AttachRolePolicyThenUpdateAssumeRolePolicy" ["iam:attachrolepolicy", "iam:updateassumerolepolicy"];
    ATTACH_USER_POLICY = "AttachUserPolicy" ["iam:attachuserpolicy"];
    ATTACH_USER_POLICY_THEN_CREATE_ACCESS_KEY = "AttachUserPolicyThenCreateAccessKey" ["iam:attachuserpolicy", "iam:createaccesskey"];
    CREATE_ACCESS_KEY = "CreateAccessKey" ["iam:createaccesskey"];
    CREATE_AND_ROTATE_ACCESS_KEY = "CreateAndRotateAccessKey" ["iam:createaccesskey", "iam:deleteaccesskey"];
    CREATE_CODESTAR_PROJECT_FROM_TEMPLATE = "CreateCodeStarProjectFromTemplate" ["codestar:createprojectfromtemplate"];
    CREATE_EC2_WITH_EXISTING_IP = "CreateEC2WithExistingIP" ["iam:passrole", "ec2:runinstances"];
    CREATE_LOGIN_PROFILE = "CreateLoginProfile" ["iam:createloginprofile"];
    CREATE_NEW_POLICY_VERSION = "CreateNewPolicyVersion" ["iam:createpolicyversion"];
    CREATE_POLICY_VERSION_THEN_ASSUME_ROLE = "CreatePolicyVersionThenAssumeRole" ["iam:createpolicyversion", "sts:assumerole"];
    CREATE_POLICY_VERSION_THEN_UPDATE_ASSUME_ROLE_POLICY = "CreatePolicyVersionThenUpdateAssumeRolePolicy" ["iam:createpolicyversion", "iam:updateassumerolepolicy"];
    CREATE_PRESIGNED_SAGEMAKER_NOTEBOOK_URL = "CreatePresignedSageMakerNotebookUrl" ["sagemaker:createpresignednotebookinstanceurl"];
    EC2_INSTANCE_CONNECT_SEND_SSH_PUBLIC_KEY = "EC2InstanceConnectSendSSHPublicKey" ["ec2-instance-connect:sendsshpublickey", "ec2:describeinstances"];
    ECS_EXECUTE_COMMAND_ON_RUNNING_TASK = "ECSExecuteCommandOnRunningTask" ["ecs:executecommand", "ecs:describetasks"];
    EDIT_EXISTING_LAMBDA_FUNCTION_WITH_ROLE = "EditExistingLambdaFunctionWithRole" ["lambda:updatefunctioncode"];
    EXECUTE_CLOUDFORMATION_CHANGE_SET = "ExecuteCloudFormationChangeSet" ["cloudformation:createchangeset", "cloudformation:executechangeset"];
    MODIFY_EC2_INSTANCE_USER_DATA_THEN_RESTART = "ModifyEC2InstanceUserDataThenRestart" ["ec2:modifyinstanceattribute", "ec2:stopinstances", "ec2:startinstances"];
    MODIFY_EXISTING_EC2_LAUNCH_TEMPLATE = "ModifyExistingEC2LaunchTemplate" ["ec2:createlaunchtemplateversion", "ec2:modifylaunchtemplate"];
    PASS_EXISTING_ROLE_TO_CLOUDFORMATION = "PassExistingRoleToCloudFormation" ["iam:passrole", "cloudformation:createstack"];
    PASS_EXISTING_ROLE_TO_NEW_APP_RUNNER_SERVICE = "PassExistingRoleToNewAppRunnerService" ["iam:passrole", "apprunner:createservice"];
    PASS_EXISTING_ROLE_TO_NEW_BEDROCK_CODE_INTERPRETER = "PassExistingRoleToNewBedrockCodeInterpreter" ["iam:passrole", "bedrock-agentcore:createcodeinterpreter", "bedrock-agentcore:startcodeinterpretersession", "bedrock-agentcore:invokecodeinterpreter"];
    PASS_EXISTING_ROLE_TO_NEW_CLOUDFORMATION_STACK_SET = "PassExistingRoleToNewCloudFormationStackSet" ["iam:passrole", "cloudformation:createstackset", "cloudformation:createstackinstances"];
    PASS_EXISTING_ROLE_TO_NEW_CODEBUILD_PROJECT_THEN_BUILD = "PassExistingRoleToNewCodeBuildProjectThenBuild" ["iam:passrole", "codebuild:createproject", "codebuild:startbuild"];
    PASS_EXISTING_ROLE_TO_NEW_CODEBUILD_PROJECT_THEN_BUILD_BATCH = "PassExistingRoleToNewCodeBuildProjectThenBuildBatch" ["iam:passrole", "codebuild:createproject", "codebuild:startbuildbatch"];
    PASS_EXISTING_ROLE_TO_NEW_CODESTAR_PROJECT = "PassExistingRoleToNewCodeStarProject" ["iam:passrole", "codestar:createproject"];
    PASS_EXISTING_ROLE_TO_NEW_DATA_PIPELINE = "PassExistingRoleToNewDataPipeline" ["iam:passrole", "datapipeline:createpipeline", "datapipeline:putpipelinedefinition"];
    PASS_EXISTING_ROLE_TO_NEW_EC2_SPOT_INSTANCE = "PassExistingRoleToNewEC2SpotInstance" ["iam:passrole", "ec2:requestspotinstances"];
    PASS_EXISTING_ROLE_TO_NEW_ECS_CLUSTER_RUN_TASK = "PassExistingRoleToNewECSClusterRunTask" ["iam:passrole", "ecs:createcluster", "ecs:registertaskdefinition", "ecs:runtask"];
    PASS_EXISTING_ROLE_TO_NEW_ECS_CLUSTER_SERVICE_TASK = "PassExistingRoleToNewECSClusterServiceTask" ["iam:passrole", "ecs:createcluster", "ecs:registertaskdefinition", "ecs:createservice"];
    PASS_EXISTING_ROLE_TO_NEW_ECS_SERVICE = "PassExistingRoleToNewECSService" ["iam:passrole", "ecs:registertaskdefinition", "ecs:createservice"];
    PASS_EXISTING_ROLE_TO_NEW_ECS_TASK_VIA_RUN_TASK = "PassExistingRoleToNewECSTaskViaRunTask" ["iam:passrole", "ecs:registertaskdefinition", "ecs:runtask"];
    PASS_EXISTING_ROLE_TO_NEW_ECS_TASK_VIA_START_TASK = "PassExistingRoleToNewECSTaskViaStartTask" ["iam:passrole", "ecs:registertaskdefinition", "ecs:starttask"];
    PASS_EXISTING_ROLE_TO_NEW_GLUE_DEV_ENDPOINT = "PassExistingRoleToNewGlueDevEndpoint" ["iam:passrole", "glue:createdevendpoint"];
    PASS_EXISTING_ROLE_TO_NEW_GLUE_JOB_THEN_RUN = "PassExistingRoleToNewGlueJobThenRun" ["iam:passrole", "glue:createjob", "glue:startjobrun"];
    PASS_EXISTING_ROLE_TO_NEW_GLUE_JOB_VIA_TRIGGER = "PassExistingRoleToNewGlueJobViaTrigger" ["iam:passrole", "glue:createjob", "glue:createtrigger"];
    PASS_EXISTING_ROLE_TO_NEW_LAMBDA_THEN_ADD_PERMISSION = "PassExistingRoleToNewLambdaThenAddPermission" ["iam:passrole", "lambda:createfunction", "lambda:addpermission"];
    PASS_EXISTING_ROLE_TO_NEW_LAMBDA_THEN_INVOKE = "PassExistingRoleToNewLambdaThenInvoke" ["iam:passrole", "lambda:createfunction", "lambda:invokefunction"];
    PASS_EXISTING_ROLE_TO_NEW_LAMBDA_THEN_TRIGGER_WITH_EXISTING_DYNAMO = "PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo" ["iam:passrole", "lambda:createfunction", "lambda:createeventsourcemapping"];
    PASS_EXISTING_ROLE_TO_NEW_LAMBDA_THEN_TRIGGER_WITH_NEW_DYNAMO = "PassExistingRoleToNewLambdaThenTriggerWithNewDynamo" ["iam:passrole", "lambda:createfunction", "lambda:createeventsourcemapping", "dynamodb:createtable", "dynamodb:putitem"];
    PASS_EXISTING_ROLE_TO_NEW_SAGEMAKER_NOTEBOOK_INSTANCE = "PassExistingRoleToNewSageMakerNotebookInstance" ["iam:passrole", "sagemaker:createnotebookinstance"];
    PASS_EXISTING_ROLE_TO_NEW_SAGEMAKER_PROCESSING_JOB = "PassExistingRoleToNewSageMakerProcessingJob" ["iam:passrole", "sagemaker:createprocessingjob"];
    PASS_EXISTING_ROLE_TO_NEW_SAGEMAKER_TRAINING_JOB = "PassExistingRoleToNewSageMakerTrainingJob" ["iam:passrole", "sagemaker:createtrainingjob"];
    PASS_EXISTING_ROLE_TO_UPDATED_GLUE_JOB_THEN_RUN = "PassExistingRoleToUpdatedGlueJobThenRun" ["iam:passrole", "glue:updatejob", "glue:startjobrun"];
    PASS_EXISTING_ROLE_TO_UPDATED_GLUE_JOB_VIA_TRIGGER = "PassExistingRoleToUpdatedGlueJobViaTrigger" ["iam:passrole", "glue:updatejob", "glue:createtrigger"];
    PASS_ROLE_TO_UPDATE_CLOUDFORMATION_STACK_SET = "PassRoleToUpdateCloudFormationStackSet" ["iam:passrole", "cloudformation:updatestackset"];
    PUT_GROUP_POLICY = "PutGroupPolicy" ["iam:putgrouppolicy"];
    PUT_ROLE_POLICY = "PutRolePolicy" ["iam:putrolepolicy"];
    PUT_ROLE_POLICY_THEN_UPDATE_ASSUME_ROLE_POLICY = "PutRolePolicyThenUpdateAssumeRolePolicy" ["iam:putrolepolicy", "iam:updateassumerolepolicy"];
    PUT_USER_POLICY = "PutUserPolicy" ["iam:putuserpolicy"];
    PUT_USER_POLICY_THEN_CREATE_ACCESS_KEY = "PutUserPolicyThenCreateAccessKey" ["iam:putuserpolicy", "iam:createaccesskey"];
    SET_EXISTING_DEFAULT_POLICY_VERSION = "SetExistingDefaultPolicyVersion" ["iam:setdefaultpolicyversion"];
    UPDATE_AND_INVOKE_LAMBDA_FUNCTION = "UpdateAndInvokeLambdaFunction" ["lambda:updatefunctioncode", "lambda:invokefunction"];
    UPDATE_EXISTING_GLUE_DEV_ENDPOINT = "UpdateExistingGlueDevEndpoint" ["glue:updatedevendpoint"];
    UPDATE_LAMBDA_FUNCTION_AND_ADD_PERMISSION = "UpdateLambdaFunctionAndAddPermission" ["lambda:updatefunctioncode", "lambda:addpermission"];
    UPDATE_LOGIN_PROFILE = "UpdateLoginProfile" ["iam:updateloginprofile"];
    UPDATE_ROLE_POLICY_TO_ASSUME_IT = "UpdateRolePolicyToAssumeIt" ["iam:updateassumerolepolicy"];
    UPDATE_SAGEMAKER_NOTEBOOK_LIFECYCLE_CONFIG = "UpdateSageMakerNotebookLifecycleConfig" ["sagemaker:createnotebookinstancelifecycleconfig", "sagemaker:stopnotebookinstance", "sagemaker:updatenotebookinstance", "sagemaker:startnotebookinstance"];
}

/// The kind of resource an action is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// A resource of this service, in any account (`arn:*:ec2:*` for `ec2:RunInstances`), or
    /// `"*"`: a grant of a non-IAM action on an IAM role ARN grants nothing.
    Service(&'static str),
    /// A user of the account, the caller included.
    User,
    /// A user of the account other than the caller.
    OtherUser,
    /// A group of the account.
    Group,
    /// A role of the account.
    Role,
    /// A customer managed policy of the account.
    Policy,
}

fn target(action: &'static str) -> Target {
    match action {
        "iam:createaccesskey"
        | "iam:deleteaccesskey"
        | "iam:createloginprofile"
        | "iam:updateloginprofile" => Target::OtherUser,
        "iam:attachuserpolicy" | "iam:putuserpolicy" => Target::User,
        "iam:attachgrouppolicy" | "iam:putgrouppolicy" | "iam:addusertogroup" => Target::Group,
        "iam:attachrolepolicy"
        | "iam:putrolepolicy"
        | "iam:updateassumerolepolicy"
        | "iam:passrole"
        | "sts:assumerole" => Target::Role,
        "iam:createpolicyversion" | "iam:setdefaultpolicyversion" => Target::Policy,
        _ => Target::Service(resource_service(action)),
    }
}

/// The service in the ARNs of the resources `action` works on: the action's own prefix, except
/// EC2 Instance Connect, which acts on EC2 instances.
fn resource_service(action: &'static str) -> &'static str {
    match action.split_once(':') {
        Some(("ec2-instance-connect", _)) => "ec2",
        Some((service, _)) => service,
        None => action,
    }
}

/// The caller's account, as resource patterns for each [`Target`].
pub(crate) struct Targets {
    /// For user, group, role, policy: `arn:P:iam::A:KIND/*`, and the same followed by a colon
    /// (IAM names and paths hold none, but `*` spans colons).
    kinds: [(Pattern, Pattern); 4],
    /// The caller's own ARN, and the ARN of a user with the caller's name at any path (names
    /// are unique in an account, so that user is the caller).
    own: [Pattern; 3],
    /// `arn:PARTITION:SERVICE:*` (any partition) for each service the methods' non-IAM actions
    /// belong to.
    services: BTreeMap<&'static str, Pattern>,
}

impl Targets {
    /// The targets of a caller with this user ARN (`arn:PARTITION:iam::ACCOUNT:user/PATH/NAME`).
    /// When the ARN cannot be read, any partition and account are allowed.
    pub(crate) fn for_user(user_arn: &str, user_name: &str) -> Self {
        let mut parts = user_arn.splitn(6, ':');
        let (partition, account) = match (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) {
            (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account)) => {
                (Some(partition), Some(account))
            }
            _ => (None, None),
        };
        let prefix = |kind: &str| -> Vec<Token> {
            let mut tokens = literal("arn:");
            extend_or_any(&mut tokens, partition);
            tokens.extend(literal(":iam::"));
            extend_or_any(&mut tokens, account);
            tokens.extend(literal(&format!(":{kind}/")));
            tokens
        };
        let kind = |name: &str| {
            let mut all = prefix(name);
            all.push(Token::AnyMany);
            let mut colon = all.clone();
            colon.extend([Token::Literal(':'), Token::AnyMany]);
            (Pattern::from_tokens(all), Pattern::from_tokens(colon))
        };
        let mut at_root = prefix("user");
        at_root.extend(literal(user_name));
        let mut at_a_path = prefix("user");
        at_a_path.push(Token::AnyMany);
        at_a_path.extend(literal(&format!("/{user_name}")));
        let services = ESCALATION_METHODS
            .iter()
            .flat_map(|method| method.actions.iter())
            .filter_map(|action| match target(action) {
                Target::Service(service) => Some(service),
                _ => None,
            })
            .map(|service| {
                let mut tokens = literal("arn:");
                tokens.push(Token::AnyInSegment);
                tokens.extend(literal(&format!(":{service}:")));
                tokens.push(Token::AnyMany);
                (service, Pattern::from_tokens(tokens))
            })
            .collect();
        Self {
            services,
            kinds: [kind("user"), kind("group"), kind("role"), kind("policy")],
            own: [
                Pattern::literal(user_arn),
                Pattern::from_tokens(at_root),
                Pattern::from_tokens(at_a_path),
            ],
        }
    }

    fn constraints(&self, target: Target) -> Vec<Constraint<'_>> {
        let index = match target {
            Target::Service(service) => {
                return self
                    .services
                    .get(service)
                    .map(|pattern| vec![Constraint::AnyOf(vec![pattern])])
                    .unwrap_or_default();
            }
            Target::User | Target::OtherUser => 0,
            Target::Group => 1,
            Target::Role => 2,
            Target::Policy => 3,
        };
        let (all, colon) = &self.kinds[index];
        let mut constraints = vec![
            Constraint::AnyOf(vec![all]),
            Constraint::NoneOf(vec![colon]),
        ];
        if target == Target::OtherUser {
            constraints.push(Constraint::NoneOf(self.own.iter().collect()));
        }
        constraints
    }
}

fn literal(text: &str) -> Vec<Token> {
    text.chars().map(Token::Literal).collect()
}

fn extend_or_any(tokens: &mut Vec<Token>, value: Option<&str>) {
    match value {
        Some(value) => tokens.extend(literal(value)),
        None => tokens.push(Token::AnyInSegment),
    }
}

/// The methods allowed, each with the policies granting its actions, in name order.
pub(crate) fn allowed_methods(
    permissions: &Permissions,
    targets: &Targets,
    mode: Mode,
) -> BTreeMap<&'static str, BTreeSet<usize>> {
    let mut by_action: BTreeMap<&'static str, BTreeSet<usize>> = BTreeMap::new();
    let mut found = BTreeMap::new();
    for method in ESCALATION_METHODS {
        let mut sources = BTreeSet::new();
        let mut all_allowed = true;
        for &action in method.actions {
            let granting = by_action.entry(action).or_insert_with(|| {
                permissions.sources_allowing(action, &targets.constraints(target(action)), mode)
            });
            if granting.is_empty() {
                all_allowed = false;
                break;
            }
            sources.extend(granting.iter().copied());
        }
        if all_allowed {
            found.insert(method.name, sources);
        }
    }
    found
}

#[cfg(test)]
mod tests;
