//! Organizations: who the caller is, which organization it manages, and its accounts page by
//! page, so that auditing starts as soon as the first page arrives.

use aws_sdk_organizations::types::Account as SdkAccount;
use iam_audit_errors::classify;
use iam_audit_model::{Account, CallerIdentity};

use crate::error::{CollectError, fatal_cause};

/// What DescribeOrganization said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Organization {
    /// The organization's id and management account.
    Found { id: String, management: String },
    /// The caller's account is in no organization (AWSOrganizationsNotInUseException).
    NotInUse,
    /// It could not be read (denied, throttled, unreachable).
    Unreadable,
}

/// AWS's answer to an account that belongs to no organization.
const NOT_IN_USE: &str = "AWSOrganizationsNotInUseException";

/// Whether an Organizations error says the caller's account is in no organization.
pub(crate) fn not_in_organization<E>(
    error: &aws_sdk_organizations::error::SdkError<E, aws_smithy_runtime_api::http::Response>,
) -> bool
where
    E: aws_sdk_organizations::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    classify(error).1.as_deref() == Some(NOT_IN_USE)
}

/// STS GetCallerIdentity.
pub(crate) async fn caller_identity(
    sts: &aws_sdk_sts::Client,
) -> Result<CallerIdentity, CollectError> {
    let output = sts.get_caller_identity().send().await.map_err(|error| {
        let (_, code, message) = classify(&error);
        CollectError::CallerIdentity {
            cause: fatal_cause(&error),
            message: code.map_or(message.clone(), |code| format!("{code}: {message}")),
        }
    })?;
    Ok(CallerIdentity {
        account_id: output.account().unwrap_or_default().to_string(),
        arn: output.arn().unwrap_or_default().to_string(),
        user_id: output.user_id().unwrap_or_default().to_string(),
    })
}

/// DescribeOrganization: the organization id and management account, when readable.
pub(crate) async fn describe_organization(client: &aws_sdk_organizations::Client) -> Organization {
    match client.describe_organization().send().await {
        Ok(output) => output
            .organization()
            .map_or(Organization::Unreadable, |organization| {
                Organization::Found {
                    id: organization.id().unwrap_or_default().to_string(),
                    management: organization
                        .master_account_id()
                        .unwrap_or_default()
                        .to_string(),
                }
            }),
        Err(error) if not_in_organization(&error) => Organization::NotInUse,
        Err(error) => {
            let (_, code, message) = classify(&error);
            tracing::info!(
                "organizations:DescribeOrganization failed ({}): {message}",
                code.unwrap_or_default()
            );
            Organization::Unreadable
        }
    }
}

/// Converts an SDK account, preferring `State` over the retiring `Status`.
pub(crate) fn account_of(account: &SdkAccount) -> Account {
    let state = account
        .state()
        .map(|state| state.as_str().to_string())
        .or_else(|| account.status().map(|status| status.as_str().to_string()))
        .unwrap_or_else(|| "UNKNOWN".to_string());
    Account {
        id: account.id().unwrap_or_default().to_string(),
        name: account.name().unwrap_or_default().to_string(),
        state,
        email: account.email().map(str::to_string),
    }
}

/// Converts a ListAccounts failure into the fatal error.
pub(crate) fn list_accounts_error<E>(
    error: &aws_sdk_organizations::error::SdkError<E, aws_smithy_runtime_api::http::Response>,
) -> CollectError
where
    E: aws_sdk_organizations::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    let (_, code, message) = classify(error);
    CollectError::ListAccounts {
        cause: fatal_cause(error),
        message: code.map_or(message.clone(), |code| format!("{code}: {message}")),
    }
}
