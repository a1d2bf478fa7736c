//! STS (awsQuery): GetCallerIdentity, AssumeRole, AssumeRoot.

mod assume_root;

use axum::http::StatusCode;
use chrono::{Duration, Utc};

use crate::protocol::{AwsError, Xml};
use crate::server::{Identity, Request, Session, Shared};

/// STS's XML namespace.
pub const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// Answers an STS request.
pub fn handle(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    match request.action.as_str() {
        "GetCallerIdentity" => {
            let mut xml = Xml::default();
            xml.text("Arn", &request.identity.arn)
                .text("UserId", &request.identity.user_id)
                .text("Account", &request.identity.account_id);
            Ok(xml.finish())
        }
        "AssumeRole" => assume_role(shared, request),
        "AssumeRoot" => assume_root::assume_root(shared, request),
        _ => Err(super::unknown_action(request)),
    }
}

fn assume_role(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    let role_arn = request
        .param("RoleArn")
        .ok_or_else(|| AwsError::validation(request.protocol, "RoleArn is required"))?;
    let session_name = request
        .param("RoleSessionName")
        .ok_or_else(|| AwsError::validation(request.protocol, "RoleSessionName is required"))?;
    let denied = || {
        AwsError::sender(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            format!(
                "User: {} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
                request.identity.arn
            ),
        )
    };
    // arn:<partition>:iam::<account>:role/<path/>name
    let parts: Vec<&str> = role_arn.splitn(6, ':').collect();
    let (account_id, resource) = match parts.as_slice() {
        ["arn", _, "iam", "", account, resource] => (*account, *resource),
        _ => {
            return Err(AwsError::validation(
                request.protocol,
                format!("{role_arn} is not a valid role ARN"),
            ));
        }
    };
    let role_name = resource
        .strip_prefix("role/")
        .and_then(|path| path.rsplit('/').next())
        .ok_or_else(|| AwsError::validation(request.protocol, "not a role ARN"))?;
    let account = shared.world.accounts.get(account_id).ok_or_else(denied)?;
    let assumable = account
        .roles
        .iter()
        .any(|role| role.name == role_name && role.assumable);
    if !assumable || account.state != "ACTIVE" {
        return Err(denied());
    }
    let requested = request
        .param("DurationSeconds")
        .and_then(|seconds| seconds.parse::<u64>().ok())
        .unwrap_or(3600);
    let lifetime = shared
        .world
        .scenario
        .settings
        .max_session_duration_s
        .map_or(requested, |limit| requested.min(limit));
    let expires = Utc::now() + Duration::seconds(lifetime as i64);
    let arn = format!("arn:aws:sts::{account_id}:assumed-role/{role_name}/{session_name}");
    let role_id = crate::world::role_id(account_id, role_name);
    let user_id = format!("{role_id}:{session_name}");
    let access_key_id = shared.issue_session(Session {
        identity: Identity::new(account_id, &arn, &user_id),
        expires,
    });
    let secret = shared.random_text(40);
    let token = format!("EMULATOR{}", shared.random_text(100));
    crate::server::lock(&shared.issued_secrets).extend([secret.clone(), token.clone()]);
    let mut xml = Xml::default();
    xml.open("Credentials")
        .text("AccessKeyId", &access_key_id)
        .text("SecretAccessKey", &secret)
        .text("SessionToken", &token)
        .time("Expiration", expires)
        .close("Credentials")
        .open("AssumedRoleUser")
        .text("AssumedRoleId", &user_id)
        .text("Arn", &arn)
        .close("AssumedRoleUser");
    Ok(xml.finish())
}
