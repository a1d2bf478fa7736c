//! The class, AWS code and message of an SDK error. The class decides what the run does with a
//! failure (an access denied is a finding to fix, throttling is retried, expired credentials stop
//! the run), so it is read from the AWS error code, and from the HTTP status when an answer has
//! none.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use iam_audit_model::ErrorKind;

use crate::text::{chain_text, one_line};

/// The text of the error a cut-off answer becomes (the collector's XML check fails the call
/// with it); [`classify`] recognises it as a malformed answer.
pub const TRUNCATED: &str = "the answer is cut off or malformed XML";

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
        _ if chain_text(error).contains(TRUNCATED) => {
            (ErrorKind::MalformedResponse, None, TRUNCATED.to_string())
        }
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
}
