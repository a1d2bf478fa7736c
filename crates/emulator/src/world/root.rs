//! The root user resolved against "now": its MFA devices with serials, its password, its access
//! keys (and, for a scenario that only flags that keys exist, the one key a root session lists),
//! its signing certificates. GetAccountSummary, the credential report, ListVirtualMFADevices and
//! root sessions answer from it.

use chrono::{DateTime, Duration, Utc};

use super::{Key, Mfa, SigningCertificate, credentials, id_tail};
use crate::scenario::RootSpec;

/// When a root user's devices, password and the account itself date from when the scenario does
/// not say (the account joined the organization 800 days ago, as Organizations answers).
const ACCOUNT_AGE_DAYS: i64 = 800;
const MFA_AGE_DAYS: i64 = 500;

/// A resolved root user.
#[derive(Debug)]
pub struct Root {
    /// `none`, `virtual`, `hardware`, `security_key`: the first device's kind.
    pub mfa: String,
    /// MFA devices.
    pub mfa_devices: Vec<Mfa>,
    /// When the console password was set, if there is one.
    pub password: Option<DateTime<Utc>>,
    /// When the account (and its root user) was created.
    pub created: DateTime<Utc>,
    /// Root access keys present (listed in `keys`, or only flagged by the scenario).
    pub access_keys_present: bool,
    /// Root access keys the scenario gave dates for.
    pub keys: Vec<Key>,
    /// The id of the key a scenario only flagged (`access_keys_present` without `access_keys`):
    /// listed by a root session as Active, created with the account, never used (the credential
    /// report knows no dates for it).
    pub flagged_key_id: Option<String>,
    /// Root signing certificates.
    pub signing_certificates: Vec<SigningCertificate>,
    /// No root credentials at all.
    pub credentials_removed: bool,
}

impl Root {
    /// Every key a root session lists: the described ones, or the flagged one.
    pub fn listed_keys(&self) -> Vec<(&str, &str, Option<DateTime<Utc>>)> {
        match &self.flagged_key_id {
            // AWS lists every key with its creation date; a key the scenario only flagged dates
            // from the account's creation.
            Some(id) => vec![(id.as_str(), "Active", Some(self.created))],
            None => self
                .keys
                .iter()
                .map(|key| (key.id.as_str(), key.status.as_str(), Some(key.created)))
                .collect(),
        }
    }
}

/// The default serial of a root MFA device of `kind`, the `index`th of the root user.
fn serial(account_id: &str, kind: &str, index: usize) -> String {
    let suffix = if index == 0 {
        String::new()
    } else {
        format!("-{index}")
    };
    let tail = id_tail(&format!("arn:aws:iam::{account_id}:root#mfa#{index}"));
    match kind {
        "virtual" => format!("arn:aws:iam::{account_id}:mfa/root-account-mfa-device{suffix}"),
        "security_key" => format!(
            "arn:aws:iam::{account_id}:u2f/root/root-security-key-{}",
            &tail[..8].to_lowercase()
        ),
        _ => format!("GAHT{}", &tail[..8]),
    }
}

/// Resolves the root user of `account_id`; `keys` are its resolved access keys.
pub(super) fn resolve(
    spec: &RootSpec,
    account_id: &str,
    keys: Vec<Key>,
    now: DateTime<Utc>,
) -> Root {
    let root_arn = format!("arn:aws:iam::{account_id}:root");
    let mfa_enabled = now - Duration::days(MFA_AGE_DAYS);
    let mfa_devices: Vec<Mfa> = if spec.mfa_devices.is_empty() {
        (spec.mfa != "none")
            .then(|| Mfa {
                serial: serial(account_id, &spec.mfa, 0),
                kind: spec.mfa.clone(),
                enabled: mfa_enabled,
            })
            .into_iter()
            .collect()
    } else {
        spec.mfa_devices
            .iter()
            .enumerate()
            .map(|(index, device)| Mfa {
                serial: device
                    .serial
                    .clone()
                    .unwrap_or_else(|| serial(account_id, &device.kind, index)),
                kind: device.kind.clone(),
                enabled: device.enabled.map_or(mfa_enabled, |when| when.resolve(now)),
            })
            .collect()
    };
    let created = now - Duration::days(ACCOUNT_AGE_DAYS);
    let access_keys_present = spec.access_keys_present || !keys.is_empty();
    Root {
        mfa: mfa_devices
            .first()
            .map_or_else(|| "none".to_string(), |device| device.kind.clone()),
        mfa_devices,
        password: spec.has_password().then(|| {
            spec.password_created
                .map_or(created, |when| when.resolve(now))
        }),
        created,
        access_keys_present,
        flagged_key_id: (access_keys_present && keys.is_empty())
            .then(|| format!("AKIA{}", id_tail(&format!("{root_arn}#0")))),
        keys,
        signing_certificates: credentials::signing_certificates(
            &spec.signing_certificates,
            &root_arn,
            now,
        ),
        credentials_removed: spec.credentials_removed,
    }
}
