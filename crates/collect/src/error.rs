//! Turns SDK errors into the model's `CollectionError`, keeping the AWS error code so that
//! AccessDenied, NoSuchEntity, throttling and expired credentials are told apart, and names the
//! cause of a failure that stops the run (no credentials, an expired SSO session, an unknown
//! region...) so the binary can say what to do in one line. Messages are built from the errors'
//! `Display` chain only: the SDK's `Debug` dumps never reach a person.

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::http::Response;
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

/// An error and its sources as one line of their `Display` texts (`a: b: c`), each said once.
/// Unlike the SDK's `DisplayErrorContext`, it appends no `Debug` dump.
pub fn chain_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(error);
    while let Some(candidate) = current {
        let text = candidate.to_string();
        if !text.is_empty() && !parts.iter().any(|part| part.contains(text.as_str())) {
            parts.push(text);
        }
        current = candidate.source();
    }
    one_line(&parts.join(": "))
}

/// The class, AWS code and one-line message of an SDK error.
pub fn classify<E>(error: &SdkError<E, Response>) -> (ErrorKind, Option<String>, String)
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error {
        SdkError::ServiceError(context) => {
            let status = context.raw().status().as_u16();
            let code = context.err().code().map(str::to_string);
            let message = context
                .err()
                .message()
                .map(str::to_string)
                .unwrap_or_else(|| format!("HTTP {status}"));
            // A success status whose body could not be read is a malformed answer.
            let kind = if (200..300).contains(&status) && code.is_none() {
                ErrorKind::MalformedResponse
            } else {
                kind_of(code.as_deref(), status)
            };
            let message = if code.is_none() && status == 403 {
                format!("HTTP 403 without an AWS error code, treated as access denied ({message})")
            } else {
                message
            };
            (kind, code, one_line(&message))
        }
        SdkError::TimeoutError(_) => (ErrorKind::Timeout, None, "the call timed out".to_string()),
        SdkError::DispatchFailure(failure) => {
            let kind = if failure.is_timeout() {
                ErrorKind::Timeout
            } else if failure.is_io() {
                ErrorKind::Unreachable
            } else if failure.is_user() {
                ErrorKind::InvalidCredentials
            } else {
                ErrorKind::Unreachable
            };
            (kind, None, chain_text(error))
        }
        _ if chain_text(error).contains(crate::integrity::TRUNCATED) => (
            ErrorKind::MalformedResponse,
            None,
            crate::integrity::TRUNCATED.to_string(),
        ),
        SdkError::ResponseError(_) => (ErrorKind::MalformedResponse, None, chain_text(error)),
        _ => (ErrorKind::Other, None, chain_text(error)),
    }
}

/// The class of an AWS error code (and HTTP status, for answers without a code).
pub fn kind_of(code: Option<&str>, status: u16) -> ErrorKind {
    match code {
        Some(
            "AccessDenied"
            | "AccessDeniedException"
            | "UnauthorizedOperation"
            | "AuthorizationError",
        ) => ErrorKind::AccessDenied,
        Some(
            "Throttling"
            | "ThrottlingException"
            | "TooManyRequestsException"
            | "RequestLimitExceeded"
            | "LimitExceeded",
        ) => ErrorKind::Throttling,
        Some(
            "ExpiredToken"
            | "ExpiredTokenException"
            | "InvalidClientTokenId"
            | "UnrecognizedClientException"
            | "SignatureDoesNotMatch"
            | "InvalidAccessKeyId",
        ) => ErrorKind::InvalidCredentials,
        Some(_) if status >= 500 => ErrorKind::ServiceUnavailable,
        Some(_) => ErrorKind::Other,
        None if status == 403 => ErrorKind::AccessDenied,
        None if status == 429 => ErrorKind::Throttling,
        None if status >= 500 => ErrorKind::ServiceUnavailable,
        None => ErrorKind::Other,
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

/// Collapses a message to one line of at most 400 characters.
pub fn one_line(text: &str) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > 400 {
        let mut cut: String = collapsed.chars().take(399).collect();
        cut.push('…');
        cut
    } else {
        collapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_classified() {
        assert_eq!(kind_of(Some("AccessDenied"), 403), ErrorKind::AccessDenied);
        assert_eq!(kind_of(Some("Throttling"), 400), ErrorKind::Throttling);
        assert_eq!(
            kind_of(Some("ExpiredToken"), 403),
            ErrorKind::InvalidCredentials
        );
        assert_eq!(
            kind_of(Some("ServiceUnavailable"), 503),
            ErrorKind::ServiceUnavailable
        );
        assert_eq!(kind_of(Some("NoSuchEntity"), 404), ErrorKind::Other);
    }

    #[test]
    fn a_403_without_a_code_is_access_denied() {
        // moto wraps authorization errors in a shape the Rust SDK does not parse.
        assert_eq!(kind_of(None, 403), ErrorKind::AccessDenied);
        assert_eq!(kind_of(None, 500), ErrorKind::ServiceUnavailable);
    }

    #[test]
    fn messages_are_one_short_line() {
        assert_eq!(one_line("a\n  b\tc"), "a b c");
        assert_eq!(one_line(&"x".repeat(1000)).chars().count(), 400);
    }
}
