//! The long-term IAM credentials beyond passwords and access keys that a scenario can give its
//! users and root users (SSH public keys, X.509 signing certificates, service-specific
//! credentials), and an account's password policy: their schema, defaults and checks.
//!
//! Kept apart from the rest of the schema so that adding a credential kind touches one file.

use serde::{Deserialize, Serialize};

use super::When;

/// An SSH public key (IAM ListSSHPublicKeys; used by CodeCommit).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SshPublicKeySpec {
    /// `APKA...`; default generated.
    #[serde(default)]
    pub id: Option<String>,
    /// `Active` (default) or `Inactive`.
    #[serde(default = "active")]
    pub status: String,
    /// When it was uploaded.
    pub uploaded: When,
    /// The public key in OpenSSH format (`ssh-rsa AAAA...`); default generated.
    #[serde(default)]
    pub body: Option<String>,
    /// The MD5 fingerprint IAM shows (`aa:bb:...`); default generated.
    #[serde(default)]
    pub fingerprint: Option<String>,
}

/// An X.509 signing certificate (IAM ListSigningCertificates; used by SOAP-era APIs).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningCertificateSpec {
    /// Certificate id; default generated.
    #[serde(default)]
    pub id: Option<String>,
    /// `Active` (default) or `Inactive`.
    #[serde(default = "active")]
    pub status: String,
    /// When it was uploaded.
    pub uploaded: When,
    /// The certificate in PEM; default a built-in self-signed certificate valid until 2036.
    #[serde(default)]
    pub body: Option<String>,
}

/// A service-specific credential (IAM ListServiceSpecificCredentials): CodeCommit Git
/// credentials, Amazon Keyspaces passwords, Amazon Bedrock API keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpecificCredentialSpec {
    /// `ACCA...`; default generated.
    #[serde(default)]
    pub id: Option<String>,
    /// `codecommit.amazonaws.com`, `cassandra.amazonaws.com`, `bedrock.amazonaws.com`, ...
    pub service_name: String,
    /// `Active` (default), `Inactive` or `Expired`. A credential whose `expires` has passed is
    /// answered `Expired`, as IAM does, whatever this says.
    #[serde(default = "active")]
    pub status: String,
    /// When it was created.
    pub created: When,
    /// When it expires (Bedrock API keys); absent means never.
    #[serde(default)]
    pub expires: Option<When>,
    /// The user name the service knows; default `<user>-at-<account id>` (`<user>+N-at-...`
    /// for a second credential of the same service).
    #[serde(default)]
    pub service_user_name: Option<String>,
    /// The alias IAM shows for a Bedrock API key.
    #[serde(default)]
    pub service_credential_alias: Option<String>,
}

/// An account's password policy (IAM GetAccountPasswordPolicy). Absent fields take the values
/// UpdateAccountPasswordPolicy gives them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PasswordPolicySpec {
    /// 6–128 (default 6).
    pub minimum_password_length: u32,
    /// At least one non-alphanumeric character.
    pub require_symbols: bool,
    /// At least one digit.
    pub require_numbers: bool,
    /// At least one upper-case letter.
    pub require_uppercase_characters: bool,
    /// At least one lower-case letter.
    pub require_lowercase_characters: bool,
    /// Users may change their own password.
    pub allow_users_to_change_password: bool,
    /// Days a password is valid, 1–1095; absent means passwords do not expire
    /// (`ExpirePasswords` is derived from it).
    pub max_password_age: Option<u32>,
    /// How many previous passwords cannot be reused, 1–24; absent means no prevention.
    pub password_reuse_prevention: Option<u32>,
    /// Whether an expired password can only be reset by an administrator.
    pub hard_expiry: Option<bool>,
}

impl Default for PasswordPolicySpec {
    fn default() -> Self {
        PasswordPolicySpec {
            minimum_password_length: 6,
            require_symbols: false,
            require_numbers: false,
            require_uppercase_characters: false,
            require_lowercase_characters: false,
            allow_users_to_change_password: false,
            max_password_age: None,
            password_reuse_prevention: None,
            hard_expiry: None,
        }
    }
}

fn active() -> String {
    "Active".to_string()
}

/// The long-term credentials one user (or root user) holds, for the checks.
pub(super) struct Held<'a> {
    pub(super) ssh_public_keys: &'a [SshPublicKeySpec],
    pub(super) signing_certificates: &'a [SigningCertificateSpec],
    pub(super) service_specific_credentials: &'a [ServiceSpecificCredentialSpec],
}

impl Held<'_> {
    /// Checks statuses, bodies and service names; `owner` names the holder in messages.
    pub(super) fn validate(&self, owner: &str) -> Result<(), String> {
        for key in self.ssh_public_keys {
            if key.status != "Active" && key.status != "Inactive" {
                return Err(format!(
                    "{owner}: SSH public key status must be Active or Inactive"
                ));
            }
        }
        for certificate in self.signing_certificates {
            if certificate.status != "Active" && certificate.status != "Inactive" {
                return Err(format!(
                    "{owner}: signing certificate status must be Active or Inactive"
                ));
            }
            if let Some(body) = &certificate.body
                && !body.trim_start().starts_with("-----BEGIN CERTIFICATE-----")
            {
                return Err(format!(
                    "{owner}: a signing certificate body must be a PEM certificate"
                ));
            }
        }
        for credential in self.service_specific_credentials {
            if !matches!(
                credential.status.as_str(),
                "Active" | "Inactive" | "Expired"
            ) {
                return Err(format!(
                    "{owner}: service-specific credential status must be Active, Inactive or Expired"
                ));
            }
            if credential.service_name.is_empty() {
                return Err(format!(
                    "{owner}: a service-specific credential needs a service_name"
                ));
            }
        }
        Ok(())
    }
}

impl PasswordPolicySpec {
    /// Checks the ranges IAM accepts.
    pub(super) fn validate(&self, account_id: &str) -> Result<(), String> {
        if !(6..=128).contains(&self.minimum_password_length) {
            return Err(format!(
                "account {account_id}: minimum_password_length must be 6–128"
            ));
        }
        if self
            .max_password_age
            .is_some_and(|days| !(1..=1095).contains(&days))
        {
            return Err(format!(
                "account {account_id}: max_password_age must be 1–1095"
            ));
        }
        if self
            .password_reuse_prevention
            .is_some_and(|count| !(1..=24).contains(&count))
        {
            return Err(format!(
                "account {account_id}: password_reuse_prevention must be 1–24"
            ));
        }
        Ok(())
    }
}
