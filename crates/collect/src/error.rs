//! Turns SDK errors into the model's `CollectionError`, keeping the AWS error code so that
//! AccessDenied, NoSuchEntity, throttling and expired credentials are told apart, and names the
//! cause of a failure that stops the run (no credentials, an expired SSO session, an unknown
//! region...) so the binary can say what to do in one line. How an SDK error is read (its class,
//! code and one-line message) is `iam-audit-errors`', shared with the delivery.

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::http::Response;
use iam_audit_errors::{chain_text, classify};
use iam_audit_model::{CollectionError, ErrorKind};

/// Why a run could not start: decides the advice printed with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FatalCause {
    /// No credentials anywhere in the chain (environment, profiles, SSO, instance metadata).
    NoCredentials,
    /// The IAM Identity Center (SSO) session of the profile has expired.
    SsoSessionExpired,
    /// AWS rejected the credentials (expired, deleted or mistyped keys).
    CredentialsRejected,
    /// The caller is not allowed the call.
    AccessDenied,
    /// The endpoint's host name does not resolve: an unknown region, a wrong endpoint URL, or no
    /// network.
    HostNotFound,
    /// The endpoint could not be reached.
    Unreachable,
    /// The call did not answer in time.
    Timeout,
    /// Anything else; the message says more.
    Other,
}

/// A failure that stops the whole run: nothing trustworthy can be reported.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// The caller's identity could not be read: no or bad credentials, or no endpoint.
    #[error("cannot identify the caller (sts:GetCallerIdentity): {message}")]
    CallerIdentity {
        /// Why.
        cause: FatalCause,
        /// One line, free of secrets.
        message: String,
    },
    /// The organization's accounts could not be listed.
    #[error("cannot list the organization's accounts (organizations:ListAccounts): {message}")]
    ListAccounts {
        /// Why.
        cause: FatalCause,
        /// One line, free of secrets.
        message: String,
    },
}

impl CollectError {
    /// Why the run could not start.
    pub fn cause(&self) -> FatalCause {
        match self {
            CollectError::CallerIdentity { cause, .. }
            | CollectError::ListAccounts { cause, .. } => *cause,
        }
    }
}

/// The fatal cause of an SDK error.
pub fn fatal_cause<E>(error: &SdkError<E, Response>) -> FatalCause
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let Some(credentials) = find_source::<CredentialsError>(error) {
        let text = chain_text(credentials).to_ascii_lowercase();
        return if text.contains("sso") && text.contains("expired") {
            FatalCause::SsoSessionExpired
        } else {
            // The chain's last provider speaks for all of them: "not enabled" everywhere, or
            // instance metadata refusing or timing out off EC2, both mean no credentials.
            FatalCause::NoCredentials
        };
    }
    let text = chain_text(error).to_ascii_lowercase();
    if text.contains("dns error") || text.contains("failed to lookup address") {
        return FatalCause::HostNotFound;
    }
    match classify(error).0 {
        ErrorKind::InvalidCredentials => FatalCause::CredentialsRejected,
        ErrorKind::AccessDenied => FatalCause::AccessDenied,
        ErrorKind::Unreachable => FatalCause::Unreachable,
        ErrorKind::Timeout => FatalCause::Timeout,
        _ => FatalCause::Other,
    }
}

/// The first error of type `T` in `error`'s source chain.
fn find_source<'a, T: std::error::Error + 'static>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut current = Some(error);
    while let Some(candidate) = current {
        if let Some(found) = candidate.downcast_ref::<T>() {
            return Some(found);
        }
        current = candidate.source();
    }
    None
}

/// A `CollectionError` for an answer that came back but cannot be trusted: a record without its
/// required fields, a body that does not parse. What it should have said is unknown, never
/// "none".
pub fn malformed_answer(
    account_id: &str,
    api: &str,
    resource: Option<&str>,
    message: impl Into<String>,
) -> CollectionError {
    CollectionError {
        account_id: account_id.to_string(),
        api: api.to_string(),
        resource: resource.map(str::to_string),
        kind: ErrorKind::MalformedResponse,
        code: None,
        message: message.into(),
    }
}

/// IAM's answer that the entity does not exist (`NoSuchEntity`): for a login profile or a
/// password policy it means "there is none", not a failure.
pub fn is_no_such_entity<E>(error: &SdkError<E, Response>) -> bool
where
    E: ProvideErrorMetadata,
{
    error
        .as_service_error()
        .and_then(ProvideErrorMetadata::code)
        == Some("NoSuchEntity")
}

/// The answer of a read whose `NoSuchEntity` means "none": `Some(answer)`, `None` for
/// NoSuchEntity, and a `CollectionError` for any other failure (never "none").
#[expect(
    clippy::result_large_err,
    reason = "CollectionError is every read's failure value; the async reads that return it are not linted, and this helper returns what they return"
)]
pub fn unless_no_such_entity<T, E>(
    result: Result<T, SdkError<E, Response>>,
    account_id: &str,
    api: &str,
    resource: Option<&str>,
) -> Result<Option<T>, CollectionError>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match result {
        Ok(answer) => Ok(Some(answer)),
        Err(error) if is_no_such_entity(&error) => Ok(None),
        Err(error) => Err(collection_error(account_id, api, resource, &error)),
    }
}

/// A `CollectionError` for a failed call in an account.
pub fn collection_error<E>(
    account_id: &str,
    api: &str,
    resource: Option<&str>,
    error: &SdkError<E, Response>,
) -> CollectionError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let (kind, code, message) = classify(error);
    CollectionError {
        account_id: account_id.to_string(),
        api: api.to_string(),
        resource: resource.map(str::to_string),
        kind,
        code,
        message,
    }
}
