//! One module per AWS service the audit calls; each answers the actions it knows from the
//! resolved world and the caller's identity. A privileged root session's task policy is applied
//! before any of them ([`root_session`]).

pub mod access_analyzer;
pub mod cloudtrail;
pub mod controltower;
pub mod iam;
pub mod organizations;
pub mod root_session;
pub mod sts;

use axum::http::StatusCode;

use crate::protocol::{Answer, AwsError, Protocol};
use crate::server::{Request, Service, Shared};

/// Routes a request to its service.
pub fn dispatch(shared: &Shared, request: &mut Request) -> Answer {
    if let Err(error) = root_session::check(request) {
        return Answer::Error(error);
    }
    let result = match request.service {
        Service::Sts => sts::handle(shared, request),
        Service::Iam => iam::handle(shared, request),
        Service::Organizations => organizations::handle(shared, request),
        Service::CloudTrail => cloudtrail::handle(shared, request),
        Service::ControlTower => controltower::handle(shared, request),
        Service::AccessAnalyzer => access_analyzer::handle(shared, request),
    };
    match result {
        Ok(body) => Answer::Ok(body),
        Err(error) => Answer::Error(error),
    }
}

/// The throttling error as each service spells it.
pub fn throttling(service: Service) -> AwsError {
    let (status, code) = match service {
        Service::Iam | Service::Sts => (StatusCode::BAD_REQUEST, "Throttling"),
        Service::CloudTrail => (StatusCode::BAD_REQUEST, "ThrottlingException"),
        Service::Organizations => (StatusCode::BAD_REQUEST, "TooManyRequestsException"),
        Service::ControlTower | Service::AccessAnalyzer => {
            (StatusCode::TOO_MANY_REQUESTS, "ThrottlingException")
        }
    };
    AwsError::sender(status, code, "Rate exceeded")
}

/// AccessDenied as each service spells it, naming the caller and action as AWS does.
pub fn access_denied(request: &Request) -> AwsError {
    let code = match request.protocol {
        Protocol::Query { .. } => "AccessDenied",
        Protocol::Json | Protocol::RestJson => "AccessDeniedException",
    };
    AwsError::sender(
        StatusCode::FORBIDDEN,
        code,
        format!(
            "User: {} is not authorized to perform: {}:{}",
            request.identity.arn,
            request.service.prefix(),
            request.action
        ),
    )
}

/// An unknown action.
pub fn unknown_action(request: &Request) -> AwsError {
    let code = match request.protocol {
        Protocol::Query { .. } => "InvalidAction",
        Protocol::Json | Protocol::RestJson => "UnknownOperationException",
    };
    AwsError::sender(
        StatusCode::BAD_REQUEST,
        code,
        format!(
            "The action {} is not valid for this emulator",
            request.action
        ),
    )
}

/// One page of `items` from the offset in `token`, and the token of the next page.
pub fn page<'a, T>(
    items: &'a [T],
    token: Option<&str>,
    requested: Option<usize>,
    largest: usize,
    protocol: Protocol,
) -> Result<(&'a [T], Option<String>), AwsError> {
    let start = match token {
        None | Some("") => 0,
        Some(token) => token
            .strip_prefix("page-")
            .and_then(|offset| offset.parse::<usize>().ok())
            .filter(|offset| *offset <= items.len())
            .ok_or_else(|| {
                let code = match protocol {
                    Protocol::Query { .. } => "InvalidInput",
                    Protocol::Json => "InvalidNextTokenException",
                    Protocol::RestJson => "ValidationException",
                };
                AwsError::sender(StatusCode::BAD_REQUEST, code, "Invalid pagination token")
            })?,
    };
    let size = requested
        .filter(|size| *size > 0)
        .unwrap_or(largest)
        .min(largest);
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| format!("page-{end}"));
    Ok((&items[start..end], next))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: Protocol = Protocol::Json;

    #[test]
    fn pages_walk_the_whole_list() {
        let items: Vec<u32> = (0..5).collect();
        let (first, next) = page(&items, None, None, 2, JSON).unwrap_or((&[], None));
        assert_eq!(first, &[0, 1]);
        let (second, next) = page(&items, next.as_deref(), None, 2, JSON).unwrap_or((&[], None));
        assert_eq!(second, &[2, 3]);
        let (third, next) =
            page(&items, next.as_deref(), Some(100), 2, JSON).unwrap_or((&[], None));
        assert_eq!(third, &[4]);
        assert_eq!(next, None);
    }

    #[test]
    fn a_smaller_request_wins_and_bad_tokens_are_refused() {
        let items: Vec<u32> = (0..5).collect();
        let (first, _) = page(&items, None, Some(1), 3, JSON).unwrap_or((&[], None));
        assert_eq!(first, &[0]);
        assert!(page(&items, Some("nonsense"), None, 2, JSON).is_err());
        assert!(page(&items, Some("page-99"), None, 2, JSON).is_err());
    }
}
