//! The root user's credential state in one account (GetAccountSummary: MFA, keys, password and
//! signing certificates; ListVirtualMFADevices),
//! and whether the organization manages root credentials centrally (ListOrganizationsFeatures,
//! from the management account).

use aws_sdk_iam::types::{AssignmentStatusType, FeatureType, SummaryKeyType};
use iam_audit_model::{CollectionError, Observed, RootAccount};

use crate::error::collection_error;
use crate::limits::Limiter;
use crate::paging::{every_page, next_marker};
use crate::session::{Iam, as_account};

/// Reads the root user's MFA, keys and password state; failures leave fields `Unknown`.
pub(crate) async fn collect_root(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> (RootAccount, Vec<CollectionError>) {
    let mut root = RootAccount::unknown();
    let mut errors = Vec::new();
    let summary = async {
        let _turn = limiter.ready().await;
        as_account!(iam.get_account_summary()).await
    };
    let (summary, devices) = tokio::join!(summary, virtual_root_device(iam, limiter, account_id));
    match summary {
        Ok(output) => {
            let map = output.summary_map();
            let flag = |key: SummaryKeyType| {
                map.and_then(|map| map.get(&key))
                    .map_or(Observed::Unknown, |value| Observed::Known(*value > 0))
            };
            root.mfa_enabled = flag(SummaryKeyType::AccountMfaEnabled);
            root.access_keys_present = flag(SummaryKeyType::AccountAccessKeysPresent);
            root.password_present = flag(SummaryKeyType::AccountPasswordPresent);
            root.signing_certificates_present =
                flag(SummaryKeyType::AccountSigningCertificatesPresent);
        }
        Err(error) => errors.push(collection_error(
            account_id,
            "iam:GetAccountSummary",
            None,
            &error,
        )),
    }
    match devices {
        Ok(is_virtual) => root.virtual_mfa = Observed::Known(is_virtual),
        Err(error) => errors.push(error),
    }
    (root, errors)
}

/// Whether a virtual MFA device is assigned to the root user.
async fn virtual_root_device(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> Result<bool, CollectionError> {
    let root_arn_suffix = format!(":{account_id}:root");
    let root_devices = every_page(limiter, |marker| {
        let root_arn_suffix = root_arn_suffix.clone();
        async move {
            let page = as_account!(
                iam.list_virtual_mfa_devices()
                    .assignment_status(AssignmentStatusType::Assigned)
                    .max_items(1000)
                    .set_marker(marker)
            )
            .await
            .map_err(|error| {
                collection_error(account_id, "iam:ListVirtualMFADevices", None, &error)
            })?;
            let root_serials: Vec<String> = page
                .virtual_mfa_devices()
                .iter()
                .filter(|device| {
                    device
                        .user()
                        .is_some_and(|user| user.arn().ends_with(&root_arn_suffix))
                        || device.serial_number().ends_with("/root-account-mfa-device")
                })
                .map(|device| device.serial_number().to_string())
                .collect();
            Ok((
                root_serials,
                next_marker(page.is_truncated(), page.marker()),
            ))
        }
    })
    .await?;
    Ok(!root_devices.is_empty())
}

/// The organization's root access features (IAM ListOrganizationsFeatures, from the management
/// account).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RootFeatures {
    /// `RootCredentialsManagement`: member accounts' root credentials managed centrally.
    pub credentials_management: bool,
    /// `RootSessions`: privileged root sessions (`sts:AssumeRoot`) allowed.
    pub sessions: bool,
}

/// Which root access features the organization has enabled.
pub(crate) async fn root_features(
    iam: &Iam,
    account_id: &str,
) -> Result<RootFeatures, CollectionError> {
    as_account!(iam.list_organizations_features())
        .await
        .map(|output| RootFeatures {
            credentials_management: output
                .enabled_features()
                .contains(&FeatureType::RootCredentialsManagement),
            sessions: output
                .enabled_features()
                .contains(&FeatureType::RootSessions),
        })
        .map_err(|error| {
            collection_error(account_id, "iam:ListOrganizationsFeatures", None, &error)
        })
}
