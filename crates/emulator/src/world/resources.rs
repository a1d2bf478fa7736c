//! Account-wide resources resolved against "now": IAM server certificates with their ids, ARNs
//! and dates, and IAM Access Analyzer analyzers with their ARNs, by region.

use chrono::{DateTime, Duration, Utc};

use super::id_tail;
use crate::scenario::{AnalyzerSpec, ServerCertificateSpec};

/// What resources default to when the scenario gives no creation date.
const DEFAULT_AGE_DAYS: i64 = 365;

/// A resolved IAM server certificate.
#[derive(Debug)]
pub struct ServerCertificate {
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// `ASCA...`.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// Uploaded.
    pub uploaded: DateTime<Utc>,
    /// Expires.
    pub expiration: DateTime<Utc>,
}

/// A resolved IAM Access Analyzer analyzer.
#[derive(Debug)]
pub struct Analyzer {
    /// Name.
    pub name: String,
    /// ARN.
    pub arn: String,
    /// Type (`ACCOUNT`, `ACCOUNT_UNUSED_ACCESS`, ...).
    pub analyzer_type: String,
    /// Region.
    pub region: String,
    /// Status.
    pub status: String,
    /// Created.
    pub created: DateTime<Utc>,
    /// Unused access age, for unused access analyzers.
    pub unused_access_age: Option<u32>,
}

/// An account's server certificates, by name.
pub(super) fn server_certificates(
    specs: &[ServerCertificateSpec],
    account_id: &str,
    now: DateTime<Utc>,
) -> Vec<ServerCertificate> {
    let mut certificates: Vec<ServerCertificate> = specs
        .iter()
        .map(|spec| {
            let arn = format!(
                "arn:aws:iam::{account_id}:server-certificate{}{}",
                spec.path, spec.name
            );
            ServerCertificate {
                name: spec.name.clone(),
                path: spec.path.clone(),
                id: spec
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("ASCA{}", id_tail(&arn))),
                uploaded: spec.uploaded.map_or_else(
                    || now - Duration::days(DEFAULT_AGE_DAYS),
                    |when| when.resolve(now),
                ),
                expiration: spec.expires.resolve(now),
                arn,
            }
        })
        .collect();
    certificates.sort_by(|left, right| left.name.cmp(&right.name));
    certificates
}

/// An account's analyzers, by region then name.
pub(super) fn analyzers(
    specs: &[AnalyzerSpec],
    account_id: &str,
    now: DateTime<Utc>,
) -> Vec<Analyzer> {
    let mut analyzers: Vec<Analyzer> = specs
        .iter()
        .map(|spec| {
            let unused = spec.analyzer_type.ends_with("_UNUSED_ACCESS");
            Analyzer {
                name: spec.name.clone(),
                arn: format!(
                    "arn:aws:access-analyzer:{}:{account_id}:analyzer/{}",
                    spec.region, spec.name
                ),
                analyzer_type: spec.analyzer_type.clone(),
                region: spec.region.clone(),
                status: spec.status.clone(),
                created: spec.created.map_or_else(
                    || now - Duration::days(DEFAULT_AGE_DAYS),
                    |when| when.resolve(now),
                ),
                unused_access_age: unused.then(|| spec.unused_access_age.unwrap_or(90)),
            }
        })
        .collect();
    analyzers.sort_by(|left, right| {
        (left.region.as_str(), left.name.as_str())
            .cmp(&(right.region.as_str(), right.name.as_str()))
    });
    analyzers
}
