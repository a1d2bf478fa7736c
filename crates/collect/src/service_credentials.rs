//! Service-specific credentials: CodeCommit and Keyspaces passwords, Amazon Bedrock and CloudWatch
//! Logs long-term API keys (ListServiceSpecificCredentials).
//!
//! One call per account, not one per user: `AllUsers=true` lists every user's credentials, every
//! page, so an account of 1,000 users costs one request instead of 1,000 (and the credential
//! report, which has no column for them, needs no per-user call either). Where IAM refuses the
//! parameter (a `ValidationError`/`InvalidInput`, as a partition that lacks it would), the audit
//! falls back to one call per user and says so in the debug log.

use std::collections::BTreeMap;

use aws_sdk_iam::types::ServiceSpecificCredentialMetadata;
use iam_audit_model::{AccessKeyStatus, CollectionError, ServiceSpecificCredential};

use crate::error::{collection_error, malformed_answer};
use crate::limits::Limiter;
use crate::paging::{PAGE, every_page, next_marker};
use crate::session::{Iam, as_account};
use crate::time::to_utc;

const API: &str = "iam:ListServiceSpecificCredentials";

/// Every user's service-specific credentials, by user name.
pub(crate) type ByUser = BTreeMap<String, Vec<ServiceSpecificCredential>>;

/// The account's credentials with `AllUsers=true`: `Ok(None)` when IAM refuses the parameter (the
/// caller then asks user by user).
pub(crate) async fn every_users(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> Result<Option<ByUser>, CollectionError> {
    let listed = every_page(limiter, |marker| async move {
        let page = as_account!(
            iam.list_service_specific_credentials()
                .all_users(true)
                .max_items(PAGE)
                .set_marker(marker)
        )
        .await
        .map_err(|error| collection_error(account_id, API, None, &error))?;
        let next = next_marker(page.is_truncated(), page.marker());
        Ok((page.service_specific_credentials().to_vec(), next))
    })
    .await;
    let records = match listed {
        Ok(records) => records,
        Err(failure)
            if matches!(
                failure.code.as_deref(),
                Some("ValidationError" | "InvalidInput")
            ) =>
        {
            tracing::debug!(
                "account {account_id}: ListServiceSpecificCredentials refused AllUsers ({}); asking user by user",
                failure.message
            );
            return Ok(None);
        }
        Err(failure) => return Err(failure),
    };
    let mut by_user = ByUser::new();
    for record in &records {
        let credential = credential(record)
            .ok_or_else(|| malformed(account_id, None, record.service_specific_credential_id()))?;
        by_user
            .entry(record.user_name().to_string())
            .or_default()
            .push(credential);
    }
    Ok(Some(by_user))
}

/// One user's credentials (the fallback when `AllUsers` is refused).
pub(crate) async fn of_user(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    user_name: &str,
) -> Result<Vec<ServiceSpecificCredential>, CollectionError> {
    let records = every_page(limiter, |marker| async move {
        let page = as_account!(
            iam.list_service_specific_credentials()
                .user_name(user_name)
                .max_items(PAGE)
                .set_marker(marker)
        )
        .await
        .map_err(|error| collection_error(account_id, API, Some(user_name), &error))?;
        let next = next_marker(page.is_truncated(), page.marker());
        Ok((page.service_specific_credentials().to_vec(), next))
    })
    .await?;
    let mut credentials = Vec::with_capacity(records.len());
    for record in &records {
        let Some(read) = credential(record) else {
            return Err(malformed(
                account_id,
                Some(user_name),
                record.service_specific_credential_id(),
            ));
        };
        credentials.push(read);
    }
    Ok(credentials)
}

/// A record, when it has everything a credential must have.
fn credential(record: &ServiceSpecificCredentialMetadata) -> Option<ServiceSpecificCredential> {
    Some(ServiceSpecificCredential {
        id: Some(record.service_specific_credential_id())
            .filter(|id| !id.is_empty())?
            .to_string(),
        service_name: Some(record.service_name())
            .filter(|name| !name.is_empty())?
            .to_string(),
        status: AccessKeyStatus::parse(record.status().as_str())?,
        created: to_utc(record.create_date())?,
        expires: record.expiration_date().and_then(to_utc),
    })
}

fn malformed(account_id: &str, user_name: Option<&str>, id: &str) -> CollectionError {
    malformed_answer(
        account_id,
        API,
        user_name,
        format!(
            "a service-specific credential record lacks its id, service, creation date or a known status ({}); the credentials are unknown",
            if id.is_empty() { "no id" } else { id }
        ),
    )
}

#[cfg(test)]
mod tests {
    use aws_sdk_iam::types::StatusType;

    use super::*;

    fn record(status: StatusType, expires: Option<i64>) -> ServiceSpecificCredentialMetadata {
        ServiceSpecificCredentialMetadata::builder()
            .user_name("alice")
            .status(status)
            .service_user_name("alice-at-1")
            .create_date(aws_smithy_types::DateTime::from_secs(1_700_000_000))
            .set_expiration_date(expires.map(aws_smithy_types::DateTime::from_secs))
            .service_specific_credential_id("ACCA1")
            .service_name("bedrock.amazonaws.com")
            .build()
            .unwrap_or_else(|_| unreachable!("every required field is set"))
    }

    #[test]
    fn a_record_keeps_its_expiry_and_every_documented_status() {
        let read = credential(&record(StatusType::Expired, Some(1_700_086_400)));
        assert_eq!(
            read.as_ref().map(|found| found.status),
            Some(AccessKeyStatus::Expired)
        );
        assert_eq!(
            read.and_then(|found| found.expires)
                .map(|moment| moment.timestamp()),
            Some(1_700_086_400)
        );
        assert_eq!(
            credential(&record(StatusType::Active, None)).and_then(|found| found.expires),
            None
        );
        assert!(credential(&record(StatusType::from("Revoked"), None)).is_none());
    }
}
