//! The long-term credentials an IAM user can hold besides access keys and a console password:
//! SSH public keys (CodeCommit), X.509 signing certificates, and service-specific credentials
//! (CodeCommit and Keyspaces passwords, Amazon Bedrock and CloudWatch Logs API keys), and the
//! account's password policy. None of them expires by default and no one rotates them: an audit of
//! "IAM credentials" that misses them is incomplete.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{AccessKeyStatus, AccountSnapshot, Observed, User};

/// An SSH public key uploaded for CodeCommit (ListSSHPublicKeys).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SshPublicKey {
    /// `APKA…`.
    pub id: String,
    /// Active or inactive.
    pub status: AccessKeyStatus,
    /// When it was uploaded.
    pub uploaded: DateTime<Utc>,
}

/// An X.509 signing certificate (ListSigningCertificates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningCertificate {
    /// The certificate id IAM gives it.
    pub id: String,
    /// Active or inactive.
    pub status: AccessKeyStatus,
    /// When it was uploaded.
    pub uploaded: DateTime<Utc>,
    /// The certificate's own `notAfter`, parsed from its body; `Unknown` when the body could not
    /// be parsed (the failure is recorded).
    pub expires: Observed<DateTime<Utc>>,
}

/// An SSL/TLS server certificate stored in IAM (ListServerCertificates): not a user's credential,
/// but what CIS "expired SSL/TLS certificates stored in IAM" and Security Hub IAM.26 judge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerCertificate {
    /// `ServerCertificateName`.
    pub name: String,
    /// `ServerCertificateId`.
    pub id: String,
    /// `Arn`.
    pub arn: String,
    /// When it was uploaded.
    pub uploaded: Option<DateTime<Utc>>,
    /// Its `Expiration`, from the listing.
    pub expires: Option<DateTime<Utc>>,
}

/// An IAM Access Analyzer analyzer of the home region (ListAnalyzers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessAnalyzer {
    /// Its name.
    pub name: String,
    /// `ACCOUNT`, `ORGANIZATION` (external access), `ACCOUNT_UNUSED_ACCESS`,
    /// `ORGANIZATION_UNUSED_ACCESS`, `ACCOUNT_INTERNAL_ACCESS`...
    pub kind: String,
    /// `ACTIVE`, `CREATING`, `DISABLED`, `FAILED`.
    pub status: String,
    /// The region it was listed in.
    pub region: String,
}

impl AccessAnalyzer {
    /// An active analyzer of external access (account or organization zone of trust).
    pub fn is_active_external(&self) -> bool {
        matches!(self.kind.as_str(), "ACCOUNT" | "ORGANIZATION") && self.status == "ACTIVE"
    }
}

/// A service-specific credential (ListServiceSpecificCredentials).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSpecificCredential {
    /// `ACCA…`.
    pub id: String,
    /// The service it signs in to (`codecommit.amazonaws.com`, `bedrock.amazonaws.com`...).
    pub service_name: String,
    /// Active, inactive or expired.
    pub status: AccessKeyStatus,
    /// When it was created.
    pub created: DateTime<Utc>,
    /// When it expires; only Bedrock and CloudWatch Logs API keys created with an expiry have one.
    pub expires: Option<DateTime<Utc>>,
}

/// Amazon Bedrock's service name.
pub const BEDROCK: &str = "bedrock.amazonaws.com";

impl ServiceSpecificCredential {
    /// True for an Amazon Bedrock long-term API key.
    pub fn is_bedrock(&self) -> bool {
        self.service_name == BEDROCK
    }
}

/// The account's password policy (GetAccountPasswordPolicy), as set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    /// `MinimumPasswordLength` (IAM requires 6–128; absent means IAM's default).
    pub minimum_length: Option<u32>,
    /// `RequireSymbols`.
    pub require_symbols: bool,
    /// `RequireNumbers`.
    pub require_numbers: bool,
    /// `RequireUppercaseCharacters`.
    pub require_uppercase: bool,
    /// `RequireLowercaseCharacters`.
    pub require_lowercase: bool,
    /// `AllowUsersToChangePassword`.
    pub allow_users_to_change: bool,
    /// `MaxPasswordAge` in days; `None` when passwords never expire.
    pub max_age_days: Option<u32>,
    /// `PasswordReusePrevention`: how many previous passwords cannot be reused; `None` for none.
    pub reuse_prevention: Option<u32>,
    /// `HardExpiry`.
    pub hard_expiry: bool,
}

/// What the account's password policy is: `Known(None)` when none is set (GetAccountPasswordPolicy
/// answered NoSuchEntity), `Unknown` when it could not be read.
pub type PasswordPolicyState = Observed<Option<PasswordPolicy>>;

/// The kinds of long-term credential besides access keys and passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// [`SshPublicKey`].
    SshPublicKey,
    /// [`SigningCertificate`].
    SigningCertificate,
    /// [`ServiceSpecificCredential`].
    ServiceSpecificCredential,
}

impl CredentialKind {
    /// The name the reports write (`ssh_public_key`...).
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialKind::SshPublicKey => "ssh_public_key",
            CredentialKind::SigningCertificate => "signing_certificate",
            CredentialKind::ServiceSpecificCredential => "service_specific_credential",
        }
    }
}

/// When a credential expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// The kind has no expiry (SSH keys).
    NotApplicable,
    /// It could have one and has none (a service-specific credential created without one).
    Never,
    /// It expires (or expired) then.
    At(DateTime<Utc>),
    /// It has one that could not be read (a certificate body that did not parse).
    Unknown,
}

/// One credential of any of these kinds, with its user: the rows of the credentials report.
#[derive(Debug, Clone, Copy)]
pub struct CredentialView<'a> {
    /// Its user.
    pub user: &'a User,
    /// What it is.
    pub kind: CredentialKind,
    /// Its id.
    pub id: &'a str,
    /// Active, inactive or expired.
    pub status: AccessKeyStatus,
    /// Uploaded or created.
    pub created: DateTime<Utc>,
    /// Its expiry.
    pub expires: Expiry,
    /// The service, for service-specific credentials.
    pub service: Option<&'a str>,
}

impl AccountSnapshot {
    /// Every SSH public key read in the account, with its user.
    pub fn ssh_public_keys(&self) -> impl Iterator<Item = (&User, &SshPublicKey)> {
        self.users.known().into_iter().flatten().flat_map(|user| {
            user.ssh_public_keys
                .known()
                .into_iter()
                .flatten()
                .map(move |key| (user, key))
        })
    }

    /// Every signing certificate read in the account, with its user.
    pub fn signing_certificates(&self) -> impl Iterator<Item = (&User, &SigningCertificate)> {
        self.users.known().into_iter().flatten().flat_map(|user| {
            user.signing_certificates
                .known()
                .into_iter()
                .flatten()
                .map(move |certificate| (user, certificate))
        })
    }

    /// Every service-specific credential read in the account, with its user.
    pub fn service_specific_credentials(
        &self,
    ) -> impl Iterator<Item = (&User, &ServiceSpecificCredential)> {
        self.users.known().into_iter().flatten().flat_map(|user| {
            user.service_specific_credentials
                .known()
                .into_iter()
                .flatten()
                .map(move |credential| (user, credential))
        })
    }

    /// Every SSH key, signing certificate and service-specific credential read in the account, by
    /// user, then kind, then id (the order `finish` sorts them in).
    pub fn other_credentials(&self) -> impl Iterator<Item = CredentialView<'_>> {
        self.users
            .known()
            .into_iter()
            .flatten()
            .flat_map(user_credentials)
    }
}

fn user_credentials(user: &User) -> impl Iterator<Item = CredentialView<'_>> {
    let ssh = user
        .ssh_public_keys
        .known()
        .into_iter()
        .flatten()
        .map(move |key| CredentialView {
            user,
            kind: CredentialKind::SshPublicKey,
            id: &key.id,
            status: key.status,
            created: key.uploaded,
            expires: Expiry::NotApplicable,
            service: None,
        });
    let certificates =
        user.signing_certificates
            .known()
            .into_iter()
            .flatten()
            .map(move |certificate| CredentialView {
                user,
                kind: CredentialKind::SigningCertificate,
                id: &certificate.id,
                status: certificate.status,
                created: certificate.uploaded,
                expires: match certificate.expires {
                    Observed::Known(moment) => Expiry::At(moment),
                    Observed::Unknown => Expiry::Unknown,
                },
                service: None,
            });
    let services = user
        .service_specific_credentials
        .known()
        .into_iter()
        .flatten()
        .map(move |credential| CredentialView {
            user,
            kind: CredentialKind::ServiceSpecificCredential,
            id: &credential.id,
            status: credential.status,
            created: credential.created,
            expires: credential.expires.map_or(Expiry::Never, Expiry::At),
            service: Some(&credential.service_name),
        });
    ssh.chain(certificates).chain(services)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bedrock_keys_are_recognised_by_their_service() {
        let mut credential = ServiceSpecificCredential {
            id: "ACCA1".into(),
            service_name: BEDROCK.into(),
            status: AccessKeyStatus::Active,
            created: DateTime::<Utc>::default(),
            expires: None,
        };
        assert!(credential.is_bedrock());
        credential.service_name = "codecommit.amazonaws.com".into();
        assert!(!credential.is_bedrock());
    }
}
