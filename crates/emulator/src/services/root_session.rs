//! Privileged root sessions (STS AssumeRoot): which task policies exist, and what a session scoped
//! by one may do in the member account it targets.
//!
//! AWS scopes a root session with one of five AWS managed task policies, each a pair of Deny
//! statements (published in the IAM User Guide, "AWS managed policies for IAM"): every action but
//! a short list is denied, and the listed actions are denied on any resource but the root user
//! (`NotResource: arn:aws:iam::*:root`). The emulator applies them the same way: an action off
//! the list is AccessDenied "with an explicit deny in a session policy", and so is one that names
//! an IAM user (`UserName`) or a user's access key. GetCallerIdentity needs no permission and is
//! always answered. Only reads are served: the write actions some task policies allow
//! (CreateLoginProfile, DeleteAccessKey, S3 and SQS policy changes) are unknown to the emulator.

use axum::http::StatusCode;

use crate::protocol::AwsError;
use crate::server::{Request, Service};

/// The ARN prefix of the root-task policies.
pub const TASK_POLICY_PREFIX: &str = "arn:aws:iam::aws:policy/root-task/";

/// One of the task policies AssumeRoot accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootTask {
    /// `IAMAuditRootUserCredentials`: read the root user's credentials.
    AuditRootUserCredentials,
    /// `IAMCreateRootUserPassword`: give back a root password.
    CreateRootUserPassword,
    /// `IAMDeleteRootUserCredentials`: remove the root user's credentials.
    DeleteRootUserCredentials,
    /// `S3UnlockBucketPolicy`: remove a bucket policy that locks everyone out.
    S3UnlockBucketPolicy,
    /// `SQSUnlockQueuePolicy`: remove a queue policy that locks everyone out.
    SqsUnlockQueuePolicy,
}

impl RootTask {
    /// The task policy an ARN names, if it is one.
    pub fn from_arn(arn: &str) -> Option<RootTask> {
        Some(match arn.strip_prefix(TASK_POLICY_PREFIX)? {
            "IAMAuditRootUserCredentials" => RootTask::AuditRootUserCredentials,
            "IAMCreateRootUserPassword" => RootTask::CreateRootUserPassword,
            "IAMDeleteRootUserCredentials" => RootTask::DeleteRootUserCredentials,
            "S3UnlockBucketPolicy" => RootTask::S3UnlockBucketPolicy,
            "SQSUnlockQueuePolicy" => RootTask::SqsUnlockQueuePolicy,
            _ => return None,
        })
    }

    /// The IAM actions the task policy leaves allowed (its `NotAction` list), reads and writes.
    pub fn iam_actions(self) -> &'static [&'static str] {
        match self {
            RootTask::AuditRootUserCredentials => &[
                "ListAccessKeys",
                "ListSigningCertificates",
                "GetLoginProfile",
                "ListMFADevices",
                "GetAccountSummary",
                "GetUser",
                "GetAccessKeyLastUsed",
            ],
            RootTask::CreateRootUserPassword => &["CreateLoginProfile", "GetLoginProfile"],
            RootTask::DeleteRootUserCredentials => &[
                "DeleteAccessKey",
                "DeleteSigningCertificate",
                "DeleteLoginProfile",
                "DeactivateMFADevice",
                "ListAccessKeys",
                "ListSigningCertificates",
                "GetLoginProfile",
                "ListMFADevices",
                "GetUser",
                "GetAccessKeyLastUsed",
            ],
            RootTask::S3UnlockBucketPolicy | RootTask::SqsUnlockQueuePolicy => &[],
        }
    }
}

/// AccessDenied as a root session's task policy answers it, for an action on `resource`.
pub fn denied_on(request: &Request, resource: &str) -> AwsError {
    AwsError::sender(
        StatusCode::FORBIDDEN,
        match request.protocol {
            crate::protocol::Protocol::Query { .. } => "AccessDenied",
            _ => "AccessDeniedException",
        },
        format!(
            "User: {} is not authorized to perform: {}:{} on resource: {resource} with an \
             explicit deny in a session policy",
            request.identity.arn,
            request.service.prefix(),
            request.action
        ),
    )
}

/// Whether the request's root session may make it: `Ok` for callers that are not root sessions.
pub fn check(request: &Request) -> Result<(), AwsError> {
    let Some(task) = request.identity.root_task else {
        return Ok(());
    };
    let account_id = &request.identity.account_id;
    match request.service {
        Service::Sts if request.action == "GetCallerIdentity" => Ok(()),
        Service::Iam if task.iam_actions().contains(&request.action.as_str()) => {
            if let Some(user) = request.param("UserName") {
                return Err(denied_on(
                    request,
                    &format!("arn:aws:iam::{account_id}:user/{user}"),
                ));
            }
            Ok(())
        }
        _ => Err(denied_on(request, "*")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_task_policies_are_known_by_arn() {
        assert_eq!(
            RootTask::from_arn("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"),
            Some(RootTask::AuditRootUserCredentials)
        );
        assert_eq!(
            RootTask::from_arn("arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy"),
            Some(RootTask::SqsUnlockQueuePolicy)
        );
        assert_eq!(
            RootTask::from_arn("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            None
        );
        assert_eq!(RootTask::from_arn("IAMAuditRootUserCredentials"), None);
        assert!(
            RootTask::AuditRootUserCredentials
                .iam_actions()
                .contains(&"GetAccountSummary")
        );
        assert!(RootTask::S3UnlockBucketPolicy.iam_actions().is_empty());
    }
}

#[cfg(test)]
#[path = "root_session/session_tests.rs"]
mod session_tests;
