//! The root user of a member account read exactly, through a privileged root session: from the
//! management account, `sts:AssumeRoot` into the member with AWS's read-only task policy
//! `IAMAuditRootUserCredentials`, then the root user's own access keys (and each key's last
//! use), MFA devices, signing certificates and login profile, each read without a user name (the
//! caller of a root session is the root user).
//!
//! Without a root session, a role sees the root user only through GetAccountSummary's counts. A
//! refusal (root sessions off, AssumeRoot denied, a read denied) is never a failed read of the
//! account: the summary still answers, and the reason is kept with the root user
//! (`root_accounts[].root_session_problem`). The management account's own root cannot be the
//! target of AssumeRoot and stays on the summary.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_sts::types::PolicyDescriptorType;
use futures::FutureExt;
use iam_audit_model::actions::root_audit_task_policy_arn;
use iam_audit_model::{
    CollectionError, MfaDevice, MfaKind, Observed, RootAccessKey, RootAccount, RootSource,
    SigningCertificate,
};

use crate::certificates::signing_certificates;
use crate::error::collection_error;
use crate::holder::Holder;
use crate::iam::{key_last_used, list_access_keys, login_profile, mfa_devices};
use crate::limits::Limiter;
use crate::session::{Iam, SharedClients};

/// A root session's lifetime: AssumeRoot allows at most 900 seconds, which is also its default.
const SESSION_SECONDS: i32 = 900;

/// What a root session read of the root user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RootCredentials {
    access_keys: Vec<RootAccessKey>,
    mfa_devices: Vec<MfaDevice>,
    signing_certificates: Vec<SigningCertificate>,
    password: bool,
}

impl RootCredentials {
    /// The root user as the summary saw it, corrected by what the root session read: its
    /// keys, devices, certificates and password exactly.
    pub(crate) fn apply(self, root: &mut RootAccount) {
        let only_virtual = !self.mfa_devices.is_empty()
            && self
                .mfa_devices
                .iter()
                .all(|device| device.kind == MfaKind::Virtual);
        root.access_keys_present = Observed::Known(!self.access_keys.is_empty());
        root.mfa_enabled = Observed::Known(!self.mfa_devices.is_empty());
        root.virtual_mfa = Observed::Known(only_virtual);
        root.password_present = Observed::Known(self.password);
        root.signing_certificates_present = Observed::Known(!self.signing_certificates.is_empty());
        root.access_keys = Some(self.access_keys);
        root.mfa_devices = Some(self.mfa_devices);
        root.signing_certificates = Some(self.signing_certificates);
        root.source = RootSource::AssumeRoot;
        root.root_session_problem = None;
    }
}

/// Opens a root session in `account_id` and reads the root user's credentials; `Err` is why it
/// could not (one line, no secrets).
pub(crate) async fn read_root_user(
    sts: &aws_sdk_sts::Client,
    sts_limiter: &Limiter,
    clients: &SharedClients,
    iam_limiter: &Limiter,
    (partition, account_id): (&str, &str),
) -> Result<RootCredentials, String> {
    let credentials = assume_root(sts, sts_limiter, partition, account_id).await?;
    let iam = clients.for_account(account_id, Some(credentials)).iam;
    read_with(&iam, iam_limiter, account_id).await
}

/// `sts:AssumeRoot` into the member with the audit task policy.
async fn assume_root(
    sts: &aws_sdk_sts::Client,
    sts_limiter: &Limiter,
    partition: &str,
    account_id: &str,
) -> Result<SharedCredentialsProvider, String> {
    let _turn = sts_limiter.ready().await;
    let output = sts
        .assume_root()
        .target_principal(account_id)
        .task_policy_arn(
            PolicyDescriptorType::builder()
                .arn(root_audit_task_policy_arn(partition))
                .build(),
        )
        .duration_seconds(SESSION_SECONDS)
        .send()
        .boxed()
        .await
        .map_err(|error| {
            let failure = collection_error(account_id, "sts:AssumeRoot", None, &error);
            format!(
                "sts:AssumeRoot was refused ({}): {}",
                failure.kind.as_str(),
                failure.message
            )
        })?;
    let Some(issued) = output.credentials() else {
        return Err("sts:AssumeRoot answered without credentials".to_string());
    };
    let expiry = SystemTime::try_from(*issued.expiration()).ok();
    Ok(SharedCredentialsProvider::new(Credentials::new(
        issued.access_key_id(),
        issued.secret_access_key(),
        Some(issued.session_token().to_string()),
        expiry,
        "iam-audit-assume-root",
    )))
}

/// The root session's reads, side by side.
async fn read_with(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> Result<RootCredentials, String> {
    let refused = |error: CollectionError| {
        format!(
            "the root session could not read {} ({})",
            error.api,
            error.kind.as_str()
        )
    };
    let (keys, devices, certificates, login) = tokio::join!(
        root_access_keys(iam, limiter, account_id),
        mfa_devices(iam, limiter, account_id, Holder::Caller),
        signing_certificates(iam, limiter, account_id, Holder::Caller),
        login_profile(iam, limiter, account_id, Holder::Caller),
    );
    // A certificate whose body could not be parsed keeps an unknown expiry; the root user's
    // certificates are still known.
    let (signing_certificates, _unparsed) = certificates.map_err(refused)?;
    Ok(RootCredentials {
        access_keys: keys.map_err(refused)?,
        mfa_devices: devices.map_err(refused)?,
        signing_certificates,
        password: login.map_err(refused)?.is_some(),
    })
}

/// The root user's access keys with each one's last use.
async fn root_access_keys(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> Result<Vec<RootAccessKey>, CollectionError> {
    let listed = list_access_keys(iam, limiter, account_id, Holder::Caller).await?;
    let mut keys = Vec::with_capacity(listed.len());
    for key in listed {
        let used = key_last_used(iam, limiter, account_id, Holder::Caller, &key.id).await?;
        keys.push(RootAccessKey {
            id: Some(key.id),
            status: key.status,
            created: Some(key.created),
            last_used: used.date,
            last_used_service: used.service,
        });
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use iam_audit_model::AccessKeyStatus;

    use super::*;

    fn device(serial: &str) -> MfaDevice {
        MfaDevice {
            serial: serial.to_string(),
            kind: MfaKind::from_serial(serial),
            enabled: chrono::DateTime::default(),
        }
    }

    /// What the session read replaces the summary's counts: a virtual device only is virtual,
    /// a hardware token is not, no device is no MFA.
    #[test]
    fn the_session_replaces_the_summary() {
        let mut root = RootAccount::unknown();
        RootCredentials {
            access_keys: vec![RootAccessKey {
                id: Some("AKIAROOT".to_string()),
                status: AccessKeyStatus::Active,
                created: None,
                last_used: None,
                last_used_service: None,
            }],
            mfa_devices: vec![device(
                "arn:aws:iam::123456789012:mfa/root-account-mfa-device",
            )],
            signing_certificates: Vec::new(),
            password: false,
        }
        .apply(&mut root);
        assert_eq!(root.source, RootSource::AssumeRoot);
        assert_eq!(root.access_keys_present, Observed::Known(true));
        assert_eq!(root.mfa_enabled, Observed::Known(true));
        assert_eq!(root.virtual_mfa, Observed::Known(true));
        assert_eq!(root.password_present, Observed::Known(false));
        assert_eq!(root.signing_certificates_present, Observed::Known(false));

        let mut hardware = RootAccount::unknown();
        RootCredentials {
            access_keys: Vec::new(),
            mfa_devices: vec![device("GAHT12345678")],
            signing_certificates: Vec::new(),
            password: true,
        }
        .apply(&mut hardware);
        assert_eq!(hardware.virtual_mfa, Observed::Known(false));
        assert_eq!(hardware.access_keys_present, Observed::Known(false));

        let mut none = RootAccount::unknown();
        RootCredentials {
            access_keys: Vec::new(),
            mfa_devices: Vec::new(),
            signing_certificates: Vec::new(),
            password: true,
        }
        .apply(&mut none);
        assert_eq!(none.mfa_enabled, Observed::Known(false));
        assert_eq!(none.virtual_mfa, Observed::Known(false));
    }
}
