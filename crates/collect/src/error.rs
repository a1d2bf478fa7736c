//! Turns SDK errors into the model's `CollectionError`, keeping the AWS error code so that
//! AccessDenied, NoSuchEntity, throttling and expired credentials are told apart.

use aws_sdk_sts::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::http::Response;
use iam_audit_model::{CollectionError, ErrorKind};

/// A failure that stops the whole run: nothing trustworthy can be reported.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// The caller's identity could not be read: no or bad credentials, or no endpoint.
    #[error("cannot identify the caller (sts:GetCallerIdentity): {message}")]
    CallerIdentity {
        /// The failure's class.
        kind: ErrorKind,
        /// One line, free of secrets.
        message: String,
    },
    /// The organization's accounts could not be listed.
    #[error("cannot list the organization's accounts (organizations:ListAccounts): {message}")]
    ListAccounts {
        /// The failure's class.
        kind: ErrorKind,
        /// One line, free of secrets.
        message: String,
    },
}

impl CollectError {
    /// The failure's class, to choose the advice printed with it.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CollectError::CallerIdentity { kind, .. } | CollectError::ListAccounts { kind, .. } => {
                *kind
            }
        }
    }
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
            (
                kind,
                None,
                one_line(&DisplayErrorContext(error).to_string()),
            )
        }
        _ if DisplayErrorContext(error)
            .to_string()
            .contains(crate::integrity::TRUNCATED) =>
        {
            (
                ErrorKind::MalformedResponse,
                None,
                crate::integrity::TRUNCATED.to_string(),
            )
        }
        SdkError::ResponseError(_) => (
            ErrorKind::MalformedResponse,
            None,
            one_line(&DisplayErrorContext(error).to_string()),
        ),
        _ => (
            ErrorKind::Other,
            None,
            one_line(&DisplayErrorContext(error).to_string()),
        ),
    }
}

/// The class of an AWS error code (and HTTP status, for answers without a code).
pub fn kind_of(code: Option<&str>, status: u16) -> ErrorKind {
    match code {
        Some(
            "AccessDenied"
            | "AccessDeniedException"
            | "UnauthorizedOperation"
            | "AuthorizationError"
            | "AWSOrganizationsNotInUseException",
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
