//! STS AssumeRoot: a privileged root session in a member account, for the management account of
//! an organization with root sessions enabled (IAM ListOrganizationsFeatures lists
//! `RootSessions`), scoped by one of AWS's root-task policies.
//!
//! Parameters as STS takes them: `TargetPrincipal` (a member account id, or its root ARN),
//! `TaskPolicyArn.arn` (the policy descriptor's one member), `DurationSeconds` (0–900, default
//! 900). The answer is `Credentials`; `SourceIdentity` is only sent when the caller's own session
//! carries one, which no caller of the emulator does.

use axum::http::StatusCode;
use chrono::{Duration, Utc};

use crate::protocol::{AwsError, Xml};
use crate::server::{Identity, Request, Session, Shared};
use crate::services::root_session::{RootTask, TASK_POLICY_PREFIX};

/// The longest (and default) root session, in seconds.
const LONGEST_SESSION: u64 = 900;

/// The member account `TargetPrincipal` names: `123456789012` or `arn:aws:iam::123456789012:root`.
fn target_account(principal: &str) -> Option<&str> {
    let account = match principal.strip_prefix("arn:") {
        Some(_) => {
            let parts: Vec<&str> = principal.split(':').collect();
            match parts.as_slice() {
                ["arn", _, "iam", "", account, "root"] => *account,
                _ => return None,
            }
        }
        None => principal,
    };
    (account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit())).then_some(account)
}

/// AssumeRoot.
pub(super) fn assume_root(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    let validation = |message: String| AwsError::validation(request.protocol, message);
    let principal = request
        .param("TargetPrincipal")
        .ok_or_else(|| validation("TargetPrincipal is required".to_string()))?;
    let policy_arn = request
        .param("TaskPolicyArn.arn")
        .ok_or_else(|| validation("TaskPolicyArn is required".to_string()))?;
    let requested = match request.param("DurationSeconds") {
        None => LONGEST_SESSION,
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|seconds| *seconds <= LONGEST_SESSION)
            .ok_or_else(|| {
                validation(format!(
                    "1 validation error detected: Value '{text}' at 'durationSeconds' failed to \
                     satisfy constraint: Member must have value less than or equal to 900"
                ))
            })?,
    };
    let account_id = target_account(principal).ok_or_else(|| {
        validation(format!(
            "1 validation error detected: Value '{principal}' at 'targetPrincipal' failed to \
             satisfy constraint: Member must be an account id or an account's root ARN"
        ))
    })?;
    let task = RootTask::from_arn(policy_arn).ok_or_else(|| {
        validation(format!(
            "The task policy {policy_arn} is not supported: TaskPolicyArn must be one of the AWS \
             managed policies under {TASK_POLICY_PREFIX} (IAMAuditRootUserCredentials, \
             IAMCreateRootUserPassword, IAMDeleteRootUserCredentials, S3UnlockBucketPolicy, \
             SQSUnlockQueuePolicy)"
        ))
    })?;
    let target_arn = format!("arn:aws:iam::{account_id}:root");
    let denied = |why: &str| {
        AwsError::sender(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            format!(
                "User: {} is not authorized to perform: sts:AssumeRoot on resource: \
                 {target_arn}: {why}",
                request.identity.arn
            ),
        )
    };
    let world = &shared.world;
    let organization = &world.scenario.organization;
    if request.identity.is_root() {
        return Err(denied("root user credentials cannot call AssumeRoot"));
    }
    if !organization.in_use || request.identity.account_id != organization.management_account {
        return Err(denied(
            "only the organization's management account or a delegated administrator for IAM \
             may open root sessions",
        ));
    }
    if !organization.root_sessions_enabled() {
        return Err(denied(
            "root sessions are not enabled for the organization (IAM \
             EnableOrganizationsRootSessions)",
        ));
    }
    if account_id == organization.management_account {
        return Err(denied(
            "the management account is not a member account: root sessions target member \
             accounts only",
        ));
    }
    let account = world
        .accounts
        .get(account_id)
        .filter(|account| account.state == "ACTIVE")
        .ok_or_else(|| denied("the account is not an active member of the organization"))?;
    let lifetime = world
        .scenario
        .settings
        .max_session_duration_s
        .map_or(requested, |limit| requested.min(limit));
    let expires = Utc::now() + Duration::seconds(lifetime as i64);
    let mut identity = Identity::new(&account.id, &target_arn, &account.id);
    identity.root_task = Some(task);
    let access_key_id = shared.issue_session(Session { identity, expires });
    let secret = shared.random_text(40);
    let token = format!("EMULATOR{}", shared.random_text(100));
    crate::server::lock(&shared.issued_secrets).extend([secret.clone(), token.clone()]);
    let mut xml = Xml::default();
    xml.open("Credentials")
        .text("AccessKeyId", &access_key_id)
        .text("SecretAccessKey", &secret)
        .text("SessionToken", &token)
        .time("Expiration", expires)
        .close("Credentials");
    Ok(xml.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_an_account_id_or_its_root_arn() {
        assert_eq!(target_account("123456789012"), Some("123456789012"));
        assert_eq!(
            target_account("arn:aws:iam::123456789012:root"),
            Some("123456789012")
        );
        assert_eq!(target_account("arn:aws:iam::123456789012:user/alice"), None);
        assert_eq!(target_account("12345"), None);
    }
}
