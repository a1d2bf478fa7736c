//! Account-wide resources an audit reads beside its principals: IAM server certificates (with
//! their expiry) and IAM Access Analyzer analyzers (per region). Their schema, defaults and
//! checks, kept apart so that adding a kind of resource touches one file.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{When, root_path};

/// An IAM server certificate (IAM ListServerCertificates).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerCertificateSpec {
    /// Its name, unique in the account.
    pub name: String,
    /// IAM path, default `/`.
    #[serde(default = "root_path")]
    pub path: String,
    /// `ASCA...`; default generated from the ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When it was uploaded; default 365 days before the emulator starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded: Option<When>,
    /// When the certificate expires (its notAfter): `+30d`, `-10d`, or a date.
    pub expires: When,
}

/// An IAM Access Analyzer analyzer of one region (IAM Access Analyzer ListAnalyzers).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerSpec {
    /// Its name, unique in the account and region.
    pub name: String,
    /// `ACCOUNT`, `ORGANIZATION` (external access), `ACCOUNT_UNUSED_ACCESS`,
    /// `ORGANIZATION_UNUSED_ACCESS`, `ACCOUNT_INTERNAL_ACCESS` or `ORGANIZATION_INTERNAL_ACCESS`.
    #[serde(rename = "type")]
    pub analyzer_type: String,
    /// The region it analyzes, default `us-east-1`.
    #[serde(default = "super::activity::home_region")]
    pub region: String,
    /// `ACTIVE` (default), `CREATING`, `DISABLED` or `FAILED`.
    #[serde(default = "active")]
    pub status: String,
    /// When it was created; default 365 days before the emulator starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<When>,
    /// For an unused access analyzer: days without use after which access counts as unused
    /// (default 90).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unused_access_age: Option<u32>,
}

fn active() -> String {
    "ACTIVE".to_string()
}

/// The analyzer types IAM Access Analyzer knows.
pub const ANALYZER_TYPES: [&str; 6] = [
    "ACCOUNT",
    "ORGANIZATION",
    "ACCOUNT_UNUSED_ACCESS",
    "ORGANIZATION_UNUSED_ACCESS",
    "ACCOUNT_INTERNAL_ACCESS",
    "ORGANIZATION_INTERNAL_ACCESS",
];

/// Checks an account's server certificates and analyzers; `owner` names the account.
pub(super) fn validate(
    certificates: &[ServerCertificateSpec],
    analyzers: &[AnalyzerSpec],
    owner: &str,
) -> Result<(), String> {
    let mut names = BTreeSet::new();
    for certificate in certificates {
        if certificate.name.is_empty() || !names.insert(certificate.name.as_str()) {
            return Err(format!(
                "{owner}: server certificate name `{}` is empty or repeated",
                certificate.name
            ));
        }
        if !certificate.path.starts_with('/') || !certificate.path.ends_with('/') {
            return Err(format!(
                "{owner}: server certificate {}: a path starts and ends with `/`",
                certificate.name
            ));
        }
    }
    let mut analyzer_names = BTreeSet::new();
    for analyzer in analyzers {
        if analyzer.name.is_empty()
            || !analyzer_names.insert((analyzer.region.as_str(), analyzer.name.as_str()))
        {
            return Err(format!(
                "{owner}: analyzer name `{}` is empty or repeated in {}",
                analyzer.name, analyzer.region
            ));
        }
        if !ANALYZER_TYPES.contains(&analyzer.analyzer_type.as_str()) {
            return Err(format!(
                "{owner}: analyzer {}: type must be one of {}",
                analyzer.name,
                ANALYZER_TYPES.join(", ")
            ));
        }
        if !matches!(
            analyzer.status.as_str(),
            "ACTIVE" | "CREATING" | "DISABLED" | "FAILED"
        ) {
            return Err(format!(
                "{owner}: analyzer {}: status must be ACTIVE, CREATING, DISABLED or FAILED",
                analyzer.name
            ));
        }
    }
    Ok(())
}
