//! IAM Access Analyzer's analyzers of the home region (ListAnalyzers, every page): whether an
//! external access analyzer watches the account (CIS "IAM External Access Analyzer is enabled",
//! Security Hub IAM.28). Only the home region is read, and the reports say so; an analyzer of
//! another region is not seen.

use iam_audit_model::{AccessAnalyzer, CollectionError};

use crate::error::collection_error;
use crate::session::{AccessAnalyzerClient, as_account};

const API: &str = "access-analyzer:ListAnalyzers";

/// Every analyzer the account has in `region`, the client's.
pub(crate) async fn access_analyzers(
    client: &AccessAnalyzerClient,
    account_id: &str,
    region: &str,
) -> Result<Vec<AccessAnalyzer>, CollectionError> {
    let mut analyzers = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = as_account!(client.list_analyzers().set_next_token(token.take()))
            .await
            .map_err(|error| collection_error(account_id, API, None, &error))?;
        analyzers.extend(page.analyzers().iter().map(|analyzer| AccessAnalyzer {
            name: analyzer.name().to_string(),
            kind: analyzer.r#type().as_str().to_string(),
            status: analyzer.status().as_str().to_string(),
            region: region.to_string(),
        }));
        match page.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    analyzers.sort_by(|left, right| left.name.cmp(&right.name));
    Ok(analyzers)
}
