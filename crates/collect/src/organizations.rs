//! Organizations: who the caller is, which organization it manages, and its accounts page by
//! page, so that auditing starts as soon as the first page arrives.

use aws_sdk_organizations::types::Account as SdkAccount;
use iam_audit_model::{Account, CallerIdentity};

use crate::error::{CollectError, classify};

/// STS GetCallerIdentity.
pub(crate) async fn caller_identity(
    sts: &aws_sdk_sts::Client,
) -> Result<CallerIdentity, CollectError> {
    let output = sts.get_caller_identity().send().await.map_err(|error| {
        let (kind, code, message) = classify(&error);
        CollectError::CallerIdentity {
            kind,
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
pub(crate) async fn describe_organization(
    client: &aws_sdk_organizations::Client,
) -> Option<(String, String)> {
    match client.describe_organization().send().await {
        Ok(output) => output.organization().map(|organization| {
            (
                organization.id().unwrap_or_default().to_string(),
                organization
                    .master_account_id()
                    .unwrap_or_default()
                    .to_string(),
            )
        }),
        Err(error) => {
            let (_, code, message) = classify(&error);
            tracing::info!(
                "organizations:DescribeOrganization failed ({}): {message}",
                code.unwrap_or_default()
            );
            None
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
    let (kind, code, message) = classify(error);
    CollectError::ListAccounts {
        kind,
        message: code.map_or(message.clone(), |code| format!("{code}: {message}")),
    }
}
