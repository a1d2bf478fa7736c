//! IAM users and their credentials, as read from one account.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Observed, ServiceSpecificCredential, SigningCertificate, SshPublicKey, UserUsage};

/// An IAM user with everything read about its credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// User name (may contain `+=,.@-`: treat it as hostile text in every report).
    pub name: String,
    /// User ARN.
    pub arn: String,
    /// IAM's stable user id.
    pub user_id: String,
    /// IAM path.
    pub path: String,
    /// When the user was created.
    pub created: DateTime<Utc>,
    /// Last console sign-in (ListUsers' `PasswordLastUsed`); `None` when never used or no password.
    pub password_last_used: Option<DateTime<Utc>>,
    /// The console password, `Known(None)` when the user has none (GetLoginProfile NoSuchEntity).
    pub login_profile: Observed<Option<LoginProfile>>,
    /// MFA devices (ListMFADevices).
    pub mfa_devices: Observed<Vec<MfaDevice>>,
    /// Access keys (ListAccessKeys, each with GetAccessKeyLastUsed).
    pub access_keys: Observed<Vec<AccessKey>>,
    /// SSH public keys (ListSSHPublicKeys).
    pub ssh_public_keys: Observed<Vec<SshPublicKey>>,
    /// X.509 signing certificates (ListSigningCertificates).
    pub signing_certificates: Observed<Vec<SigningCertificate>>,
    /// Service-specific credentials (ListServiceSpecificCredentials).
    pub service_specific_credentials: Observed<Vec<ServiceSpecificCredential>>,
    /// What the user used against what it holds (service last accessed): `None` when the run did
    /// not read it for this user (`--last-accessed off`, or a user without credentials), `Unknown`
    /// when the report failed or did not finish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Observed<UserUsage>>,
}

impl User {
    /// Whether the user can sign in or sign requests: an active access key or a console password.
    /// `None` when what decides it could not be read.
    pub fn is_credentialed(&self) -> Option<bool> {
        let key = self
            .access_keys
            .known()
            .map(|keys| keys.iter().any(|key| key.status == AccessKeyStatus::Active));
        let password = self.login_profile.known().map(Option::is_some);
        match (key, password) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        }
    }

    /// The strongest MFA kind the user has, `Known(None)` for no device.
    pub fn strongest_mfa(&self) -> Observed<Option<MfaKind>> {
        self.mfa_devices
            .clone()
            .map(|devices| devices.iter().map(|device| device.kind).max())
    }
}

/// A console password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginProfile {
    /// When the password was set.
    pub created: DateTime<Utc>,
    /// Whether a reset is required at next sign-in.
    pub password_reset_required: bool,
}

/// The kind of an MFA device, from its serial number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MfaKind {
    /// A virtual (TOTP app) device: the serial is an ARN with `:mfa/`.
    Virtual,
    /// A FIDO security key: the serial is an ARN with `:u2f/`.
    SecurityKey,
    /// A hardware TOTP token: the serial is the token's own serial number.
    Hardware,
}

impl MfaKind {
    /// Classifies a device by its serial number. The original tool looked for the word
    /// "virtual" in the serial, which virtual devices' ARNs do not contain, and so called them
    /// "Hardware".
    pub fn from_serial(serial: &str) -> MfaKind {
        if serial.starts_with("arn:") {
            let resource = serial.splitn(6, ':').nth(5).unwrap_or_default();
            if resource.starts_with("u2f/") {
                return MfaKind::SecurityKey;
            }
            if resource.starts_with("mfa/") {
                return MfaKind::Virtual;
            }
        }
        MfaKind::Hardware
    }
}

/// One MFA device of a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaDevice {
    /// Serial number or ARN.
    pub serial: String,
    /// Kind, from the serial.
    pub kind: MfaKind,
    /// When it was enabled.
    pub enabled: DateTime<Utc>,
}

/// A credential's status as IAM reports it (`StatusType`): access keys, SSH keys, signing
/// certificates and service-specific credentials share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessKeyStatus {
    /// The credential can be used.
    Active,
    /// The credential is disabled but still exists.
    Inactive,
    /// The credential passed its expiry (service-specific credentials, and keys IAM reports so):
    /// it cannot be used but still exists.
    Expired,
}

impl AccessKeyStatus {
    /// IAM's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessKeyStatus::Active => "Active",
            AccessKeyStatus::Inactive => "Inactive",
            AccessKeyStatus::Expired => "Expired",
        }
    }

    /// IAM's spelling read back; `None` for anything else (a status this tool does not know is
    /// a malformed answer, never guessed).
    pub fn parse(text: &str) -> Option<AccessKeyStatus> {
        match text {
            "Active" => Some(AccessKeyStatus::Active),
            "Inactive" => Some(AccessKeyStatus::Inactive),
            "Expired" => Some(AccessKeyStatus::Expired),
            _ => None,
        }
    }
}

/// One access key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKey {
    /// The access key id (not a secret; the secret key is never read).
    pub id: String,
    /// Active or inactive.
    pub status: AccessKeyStatus,
    /// When it was created.
    pub created: DateTime<Utc>,
    /// GetAccessKeyLastUsed's answer.
    pub last_used: Observed<AccessKeyLastUse>,
    /// Where the key is used from (CloudTrail LookupEvents by `AccessKeyId`): `None` when it was
    /// not looked up (key activity off, the key inactive, or not used within the CloudTrail
    /// window), `Unknown` when the lookup failed.
    #[serde(default)]
    pub activity: Option<Observed<crate::KeyActivity>>,
}

/// When and where a key was last used; all `None` for a key never used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKeyLastUse {
    /// Last use, absent when never used.
    pub date: Option<DateTime<Utc>>,
    /// Service of the last use (`None` where AWS says `N/A`).
    pub service: Option<String>,
    /// Region of the last use (`None` where AWS says `N/A`).
    pub region: Option<String>,
}

/// The root user's credential state (GetAccountSummary, ListVirtualMFADevices, CloudTrail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootAccount {
    /// `AccountMFAEnabled`.
    pub mfa_enabled: Observed<bool>,
    /// `AccountAccessKeysPresent`.
    pub access_keys_present: Observed<bool>,
    /// `AccountPasswordPresent`: false where root credentials were removed (central root access
    /// management).
    pub password_present: Observed<bool>,
    /// Whether the root's MFA is a virtual device (ListVirtualMFADevices lists one for the root).
    pub virtual_mfa: Observed<bool>,
    /// `AccountSigningCertificatesPresent`: the root user has an X.509 signing certificate. Only
    /// the root itself can list its certificates, so this is all a role can know of them.
    pub signing_certificates_present: Observed<bool>,
    /// The last root `ConsoleLogin` in the CloudTrail window; `None` when CloudTrail was not
    /// searched (`--no-cloudtrail`).
    pub last_console_login: Option<Observed<Option<DateTime<Utc>>>>,
    /// The root's access keys in detail, where a source gave them (the credential report's root
    /// row, or a root session); `None` when only the summary's presence is known.
    #[serde(default)]
    pub access_keys: Option<Vec<RootAccessKey>>,
    /// The root's MFA devices, where a root session listed them (ListMFADevices without a user
    /// name); `None` otherwise.
    #[serde(default)]
    pub mfa_devices: Option<Vec<MfaDevice>>,
    /// The root's X.509 signing certificates, where a root session listed them; `None`
    /// otherwise.
    #[serde(default)]
    pub signing_certificates: Option<Vec<crate::SigningCertificate>>,
    /// Where the root's credentials were read from.
    #[serde(default)]
    pub source: RootSource,
    /// Why a root session was not used where it was tried (`sts:AssumeRoot` refused, a read
    /// denied): the account summary answered instead. `None` where it was used or not tried.
    #[serde(default)]
    pub root_session_problem: Option<String>,
}

/// Where the root user's credentials were read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RootSource {
    /// GetAccountSummary's counts (and ListVirtualMFADevices): presence, no details.
    #[default]
    AccountSummary,
    /// The credential report's root row: the keys' slots, dates and last use, no ids.
    CredentialReport,
    /// A privileged root session (`sts:AssumeRoot` with `IAMAuditRootUserCredentials`): the
    /// root's own keys, MFA devices, certificates and password, exactly.
    AssumeRoot,
}

impl RootSource {
    /// As the reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RootSource::AccountSummary => "account_summary",
            RootSource::CredentialReport => "credential_report",
            RootSource::AssumeRoot => "assume_root",
        }
    }
}

/// One of the root user's access keys, as far as its source tells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootAccessKey {
    /// The key's id, where the source lists it (the credential report has only slots).
    pub id: Option<String>,
    /// Active or inactive.
    pub status: AccessKeyStatus,
    /// When it was created (last rotated).
    pub created: Option<DateTime<Utc>>,
    /// When it was last used; `None` when never.
    pub last_used: Option<DateTime<Utc>>,
    /// The service it was last used with, where the source says (a root session's
    /// GetAccessKeyLastUsed).
    #[serde(default)]
    pub last_used_service: Option<String>,
}

impl RootAccount {
    /// Nothing read yet.
    pub fn unknown() -> RootAccount {
        RootAccount {
            mfa_enabled: Observed::Unknown,
            access_keys_present: Observed::Unknown,
            password_present: Observed::Unknown,
            virtual_mfa: Observed::Unknown,
            signing_certificates_present: Observed::Unknown,
            last_console_login: None,
            access_keys: None,
            mfa_devices: None,
            signing_certificates: None,
            source: RootSource::AccountSummary,
            root_session_problem: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_device_arns_are_virtual() {
        assert_eq!(
            MfaKind::from_serial("arn:aws:iam::123456789012:mfa/alice"),
            MfaKind::Virtual
        );
        assert_eq!(
            MfaKind::from_serial("arn:aws-us-gov:iam::123456789012:mfa/path/bob-phone"),
            MfaKind::Virtual
        );
    }

    #[test]
    fn fido_keys_are_security_keys() {
        assert_eq!(
            MfaKind::from_serial("arn:aws:iam::123456789012:u2f/user/alice/yubi-ABCDEF"),
            MfaKind::SecurityKey
        );
    }

    #[test]
    fn token_serials_are_hardware() {
        assert_eq!(MfaKind::from_serial("GAHT12345678"), MfaKind::Hardware);
        assert_eq!(MfaKind::from_serial(""), MfaKind::Hardware);
        // A device named "virtual" is not virtual because of its name.
        assert_eq!(MfaKind::from_serial("virtual-token-1"), MfaKind::Hardware);
    }

    #[test]
    fn strongest_mfa_prefers_hardware_and_keeps_unknown() {
        let when = DateTime::<Utc>::default();
        let mut user = User {
            name: "a".into(),
            arn: "arn:aws:iam::1:user/a".into(),
            user_id: "AID".into(),
            path: "/".into(),
            created: when,
            password_last_used: None,
            login_profile: Observed::Known(None),
            mfa_devices: Observed::Known(vec![
                MfaDevice {
                    serial: "arn:aws:iam::1:mfa/a".into(),
                    kind: MfaKind::Virtual,
                    enabled: when,
                },
                MfaDevice {
                    serial: "GAHT1".into(),
                    kind: MfaKind::Hardware,
                    enabled: when,
                },
            ]),
            access_keys: Observed::Known(vec![]),
            ssh_public_keys: Observed::Known(vec![]),
            signing_certificates: Observed::Known(vec![]),
            service_specific_credentials: Observed::Known(vec![]),
            usage: None,
        };
        assert_eq!(
            user.strongest_mfa(),
            Observed::Known(Some(MfaKind::Hardware))
        );
        user.mfa_devices = Observed::Unknown;
        assert_eq!(user.strongest_mfa(), Observed::Unknown);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::property_cases(2000)))]

        /// Any serial, however hostile, classifies without panicking.
        #[test]
        fn any_serial_classifies(serial in any::<String>()) {
            let _ = MfaKind::from_serial(&serial);
        }

        /// A virtual device's ARN is virtual whatever its partition, account, path and name.
        #[test]
        fn virtual_arns_are_virtual(partition in "aws(-cn|-us-gov)?", account in "[0-9]{12}", name in "[A-Za-z0-9+=,.@_/-]{1,64}") {
            let serial = format!("arn:{partition}:iam::{account}:mfa/{name}");
            prop_assert_eq!(MfaKind::from_serial(&serial), MfaKind::Virtual);
            let key = format!("arn:{partition}:iam::{account}:u2f/user/{name}");
            prop_assert_eq!(MfaKind::from_serial(&key), MfaKind::SecurityKey);
        }

        /// Anything that is not an ARN is a hardware token's serial.
        #[test]
        fn non_arns_are_hardware(serial in "[A-Za-z0-9]{0,30}") {
            prop_assert_eq!(MfaKind::from_serial(&serial), MfaKind::Hardware);
        }
    }
}
