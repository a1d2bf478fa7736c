//! The root user of an account: its MFA devices, password, access keys (and what they did),
//! signing certificates, and whether central root access management removed them all. Their
//! schema, defaults and checks.
//!
//! GetAccountSummary's root counts, the credential report's root row, ListVirtualMFADevices and a
//! root session opened by STS AssumeRoot all answer from this one description, so they agree.

use serde::{Deserialize, Serialize};

use super::{AccessKeySpec, ActivitySpec, SigningCertificateSpec, When, activity, credentials};

/// The root user's credentials.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RootSpec {
    /// `none`, `virtual`, `hardware` or `security_key`: one device of that kind. Ignored when
    /// `mfa_devices` lists the devices.
    pub mfa: String,
    /// The root user's MFA devices, when they need more than `mfa` says (several, a serial, an
    /// enable date).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mfa_devices: Vec<RootMfaSpec>,
    /// Whether the root user has a console password; default: unless `credentials_removed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<bool>,
    /// When the root password was set (a root session's GetLoginProfile); default 800 days ago.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_created: Option<When>,
    /// Whether the root user has access keys (implied by `access_keys`). Without `access_keys`
    /// the credential report knows no dates for them, and a root session lists one Active key
    /// with a generated id and no dates.
    pub access_keys_present: bool,
    /// The root user's access keys, with dates for the credential report.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_keys: Vec<AccessKeySpec>,
    /// The root user's signing certificates (GetAccountSummary, the credential report).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signing_certificates: Vec<SigningCertificateSpec>,
    /// Whether the root user has no credentials at all (central root access management).
    pub credentials_removed: bool,
    /// What the root user's access keys did (CloudTrail events signed by them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub activity: Vec<ActivitySpec>,
}

/// One MFA device of the root user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootMfaSpec {
    /// `virtual`, `hardware` or `security_key`.
    pub kind: String,
    /// Serial number; default `arn:aws:iam::<account>:mfa/root-account-mfa-device` for a virtual
    /// device, a `GAHT…` token serial for a hardware one, a `u2f` ARN for a security key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// When it was enabled; default 500 days ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<When>,
}

impl Default for RootSpec {
    fn default() -> Self {
        RootSpec {
            mfa: "hardware".to_string(),
            mfa_devices: Vec::new(),
            password: None,
            password_created: None,
            access_keys_present: false,
            access_keys: Vec::new(),
            signing_certificates: Vec::new(),
            credentials_removed: false,
            activity: Vec::new(),
        }
    }
}

/// The MFA kinds IAM knows.
fn known_kind(kind: &str) -> bool {
    matches!(kind, "virtual" | "hardware" | "security_key")
}

impl RootSpec {
    /// Whether the root user has a console password.
    pub fn has_password(&self) -> bool {
        self.password.unwrap_or(!self.credentials_removed)
    }

    /// Checks kinds, statuses and activity; `owner` names the account's root in messages.
    pub(super) fn validate(&self, owner: &str) -> Result<(), String> {
        if self.mfa != "none" && !known_kind(&self.mfa) {
            return Err(format!(
                "{owner}: mfa must be none, virtual, hardware or security_key"
            ));
        }
        if self
            .mfa_devices
            .iter()
            .any(|device| !known_kind(&device.kind))
        {
            return Err(format!(
                "{owner}: an MFA device's kind must be virtual, hardware or security_key"
            ));
        }
        let held = credentials::Held {
            ssh_public_keys: &[],
            signing_certificates: &self.signing_certificates,
            service_specific_credentials: &[],
        };
        held.validate(owner)?;
        if self
            .access_keys
            .iter()
            .any(|key| key.status != "Active" && key.status != "Inactive")
        {
            return Err(format!("{owner}: key status must be Active or Inactive"));
        }
        activity::validate(&self.activity, self.access_keys.len(), owner)
    }
}
