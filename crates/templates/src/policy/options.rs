//! What a generated policy is for: the audit role, the partition, the trusted management
//! account, the runs' needs, and where the run delivers.

use iam_audit_model::actions::PolicyNeeds;

/// What a generated policy is for.
#[derive(Debug, Clone)]
pub struct PolicyOptions {
    /// The audit role's name.
    pub role_name: String,
    /// `aws`, `aws-us-gov`, `aws-cn`.
    pub partition: String,
    /// The management account trusted by the role; `None` leaves a placeholder.
    pub management_account: Option<String>,
    /// `sts:ExternalId` the trust policy requires.
    pub external_id: Option<String>,
    /// Which actions the runs need.
    pub needs: PolicyNeeds,
}

/// Placeholder for an unknown management account id.
pub const MANAGEMENT_ACCOUNT_PLACEHOLDER: &str = "MANAGEMENT_ACCOUNT_ID";

/// Where a run delivers, to scope the delivery policy's resources.
#[derive(Debug, Clone, Default)]
pub struct DeliveryTargets {
    /// `s3://bucket/prefix` of the reports, as (bucket, prefix).
    pub bucket: Option<(String, String)>,
    /// The KMS key's ARN.
    pub kms_key: Option<String>,
    /// SNS topic ARNs.
    pub topics: Vec<String>,
    /// The webhook secrets' ARNs (`--slack-webhook-secret`, and each route's `slack:<ARN>`).
    pub webhook_secrets: Vec<String>,
}
