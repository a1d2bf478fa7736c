//! IAM Access Analyzer (restJson1, signing name `access-analyzer`): ListAnalyzers, the analyzers
//! of the account in the region the request is signed for, optionally of one type, paged with
//! `maxResults`/`nextToken` in the query string.
//!
//! An audit reads it to tell whether an external access analyzer (`ACCOUNT` or `ORGANIZATION`)
//! watches an account's home region; an unused access analyzer (`ACCOUNT_UNUSED_ACCESS`) is
//! listed too but does not count as one.

use serde_json::{Value, json};

use crate::protocol::{AwsError, iso8601};
use crate::scenario::ANALYZER_TYPES;
use crate::server::{Request, Shared};
use crate::world::Analyzer;

/// Answers an IAM Access Analyzer request.
pub fn handle(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    match request.action.as_str() {
        "ListAnalyzers" => list_analyzers(shared, request),
        _ => Err(super::unknown_action(request)),
    }
}

/// ListAnalyzers: the account's analyzers in the request's region, of one `type` or all.
fn list_analyzers(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    let account = shared
        .world
        .accounts
        .get(&request.identity.account_id)
        .ok_or_else(|| super::access_denied(request))?;
    let wanted = request.query_param("type");
    if let Some(wanted) = wanted
        && !ANALYZER_TYPES.contains(&wanted)
    {
        return Err(AwsError::validation(
            request.protocol,
            format!(
                "1 validation error detected: Value '{wanted}' at 'type' failed to satisfy \
                 constraint: Member must satisfy enum value set: [{}]",
                ANALYZER_TYPES.join(", ")
            ),
        ));
    }
    let requested = match request.query_param("maxResults") {
        None => None,
        Some(text) => Some(text.parse::<usize>().map_err(|_| {
            AwsError::validation(
                request.protocol,
                format!("maxResults `{text}` is not a number"),
            )
        })?),
    };
    let analyzers: Vec<&Analyzer> = account
        .analyzers
        .iter()
        .filter(|analyzer| analyzer.region == request.region)
        .filter(|analyzer| wanted.is_none_or(|wanted| analyzer.analyzer_type == wanted))
        .collect();
    let (items, next) = super::page(
        &analyzers,
        request.query_param("nextToken"),
        requested,
        shared.world.scenario.settings.page_size.list_analyzers,
        request.protocol,
    )?;
    let listed: Vec<Value> = items.iter().map(|analyzer| summary(analyzer)).collect();
    let mut body = json!({ "analyzers": listed });
    if let Some(next) = next {
        body["nextToken"] = json!(next);
    }
    Ok(body.to_string())
}

/// An `AnalyzerSummary`; `createdAt` is an ISO 8601 string, as restJson1 sends this timestamp.
fn summary(analyzer: &Analyzer) -> Value {
    let mut summary = json!({
        "arn": analyzer.arn,
        "name": analyzer.name,
        "type": analyzer.analyzer_type,
        "createdAt": iso8601(analyzer.created),
        "status": analyzer.status,
        "tags": {},
    });
    if let Some(age) = analyzer.unused_access_age {
        summary["configuration"] = json!({"unusedAccess": {"unusedAccessAge": age}});
    }
    summary
}

#[cfg(test)]
mod tests;
