//! SSH public keys, signing certificates and service-specific credentials resolved against "now":
//! ids, bodies, fingerprints and service user names the scenario left out are generated here,
//! deterministically from the holder's ARN, so two runs of one scenario answer the same.

use base64::Engine;
use chrono::{DateTime, Utc};

use super::id_tail;
use crate::scenario::{ServiceSpecificCredentialSpec, SigningCertificateSpec, SshPublicKeySpec};

/// A self-signed certificate valid from 2026-01-01 until 2036-01-01: the body of signing
/// certificates that do not give one, and the generator's usual certificate.
pub const VALID_CERTIFICATE_PEM: &str =
    include_str!("../../scenarios/certificates/valid-until-2036.pem");

/// A self-signed certificate that expired on 2025-01-01, for generated organizations.
pub const EXPIRED_CERTIFICATE_PEM: &str =
    include_str!("../../scenarios/certificates/expired-2025.pem");

/// A resolved SSH public key.
#[derive(Debug)]
pub struct SshPublicKey {
    /// `APKA...`.
    pub id: String,
    /// `Active` / `Inactive`.
    pub status: String,
    /// Uploaded.
    pub uploaded: DateTime<Utc>,
    /// OpenSSH text.
    pub body: String,
    /// MD5-style fingerprint.
    pub fingerprint: String,
}

/// A resolved signing certificate.
#[derive(Debug)]
pub struct SigningCertificate {
    /// Certificate id.
    pub id: String,
    /// `Active` / `Inactive`.
    pub status: String,
    /// Uploaded.
    pub uploaded: DateTime<Utc>,
    /// PEM text.
    pub body: String,
}

/// A resolved service-specific credential.
#[derive(Debug)]
pub struct ServiceSpecificCredential {
    /// `ACCA...`.
    pub id: String,
    /// `codecommit.amazonaws.com`, ...
    pub service_name: String,
    /// `Active`, `Inactive`, or `Expired` (also whenever `expires` has passed).
    pub status: String,
    /// Created.
    pub created: DateTime<Utc>,
    /// Expiry, if any.
    pub expires: Option<DateTime<Utc>>,
    /// The user name the service knows.
    pub service_user_name: String,
    /// Bedrock's alias, if any.
    pub service_credential_alias: Option<String>,
}

/// FNV-1a from an offset: stable across runs and platforms.
fn hash(seed: &str, offset: u64) -> u64 {
    seed.bytes().fold(offset, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `count` deterministic bytes from a seed.
fn bytes(seed: &str, count: usize) -> Vec<u8> {
    (0..count.div_ceil(8))
        .flat_map(|block| hash(&format!("{seed}/{block}"), 0xcbf2_9ce4_8422_2325).to_be_bytes())
        .take(count)
        .collect()
}

/// A well-formed OpenSSH RSA public key (2048-bit modulus) made from a seed.
fn ssh_rsa_body(seed: &str) -> String {
    let mut modulus = vec![0u8];
    modulus.extend(bytes(seed, 256));
    modulus[1] |= 0x80;
    let mut wire = Vec::new();
    for field in [b"ssh-rsa".as_slice(), &[0x01, 0x00, 0x01], &modulus] {
        wire.extend((field.len() as u32).to_be_bytes());
        wire.extend(field);
    }
    format!(
        "ssh-rsa {}",
        base64::engine::general_purpose::STANDARD.encode(wire)
    )
}

/// Resolves a holder's SSH public keys; `owner_arn` seeds the generated parts.
pub(super) fn ssh_public_keys(
    specs: &[SshPublicKeySpec],
    owner_arn: &str,
    now: DateTime<Utc>,
) -> Vec<SshPublicKey> {
    specs
        .iter()
        .enumerate()
        .map(|(index, spec)| {
            let seed = format!("{owner_arn}#ssh#{index}");
            SshPublicKey {
                id: spec
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("APKA{}", id_tail(&seed))),
                status: spec.status.clone(),
                uploaded: spec.uploaded.resolve(now),
                body: spec.body.clone().unwrap_or_else(|| ssh_rsa_body(&seed)),
                fingerprint: spec.fingerprint.clone().unwrap_or_else(|| {
                    bytes(&format!("{seed}/fingerprint"), 16)
                        .iter()
                        .map(|byte| format!("{byte:02x}"))
                        .collect::<Vec<_>>()
                        .join(":")
                }),
            }
        })
        .collect()
}

/// Resolves a holder's signing certificates.
pub(super) fn signing_certificates(
    specs: &[SigningCertificateSpec],
    owner_arn: &str,
    now: DateTime<Utc>,
) -> Vec<SigningCertificate> {
    specs
        .iter()
        .enumerate()
        .map(|(index, spec)| {
            let seed = format!("{owner_arn}#certificate#{index}");
            SigningCertificate {
                id: spec.id.clone().unwrap_or_else(|| {
                    format!("{}{}", id_tail(&seed), id_tail(&format!("{seed}/second")))
                }),
                status: spec.status.clone(),
                uploaded: spec.uploaded.resolve(now),
                body: spec
                    .body
                    .clone()
                    .unwrap_or_else(|| VALID_CERTIFICATE_PEM.to_string()),
            }
        })
        .collect()
}

/// Resolves a user's service-specific credentials.
pub(super) fn service_specific_credentials(
    specs: &[ServiceSpecificCredentialSpec],
    user_name: &str,
    account_id: &str,
    owner_arn: &str,
    now: DateTime<Utc>,
) -> Vec<ServiceSpecificCredential> {
    specs
        .iter()
        .enumerate()
        .map(|(index, spec)| {
            let expires = spec.expires.map(|when| when.resolve(now));
            let earlier_of_service = specs[..index]
                .iter()
                .filter(|earlier| earlier.service_name == spec.service_name)
                .count();
            let service_user_name = spec.service_user_name.clone().unwrap_or_else(|| {
                if earlier_of_service == 0 {
                    format!("{user_name}-at-{account_id}")
                } else {
                    format!("{user_name}+{earlier_of_service}-at-{account_id}")
                }
            });
            ServiceSpecificCredential {
                id: spec.id.clone().unwrap_or_else(|| {
                    format!("ACCA{}", id_tail(&format!("{owner_arn}#service#{index}")))
                }),
                service_name: spec.service_name.clone(),
                status: if expires.is_some_and(|expires| expires <= now) {
                    "Expired".to_string()
                } else {
                    spec.status.clone()
                },
                created: spec.created.resolve(now),
                expires,
                service_user_name,
                service_credential_alias: spec.service_credential_alias.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::scenario::When;

    #[test]
    fn generated_ssh_keys_are_openssh_rsa_keys() {
        let now = Utc::now();
        let spec = SshPublicKeySpec {
            id: None,
            status: "Active".to_string(),
            uploaded: When::days_ago(3),
            body: None,
            fingerprint: None,
        };
        let keys = ssh_public_keys(&[spec], "arn:aws:iam::1:user/a", now);
        let key = &keys[0];
        assert!(key.id.starts_with("APKA") && key.id.len() == 20);
        let encoded = key.body.strip_prefix("ssh-rsa ").unwrap_or_default();
        let wire = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap_or_default();
        // length 7, "ssh-rsa", length 3, 65537, length 257, a leading zero, then the modulus.
        assert_eq!(&wire[..11], b"\0\0\0\x07ssh-rsa");
        assert_eq!(wire.len(), 4 + 7 + 4 + 3 + 4 + 257);
        assert_eq!(key.fingerprint.split(':').count(), 16);
        assert_eq!(key.uploaded, now - Duration::days(3));
    }

    #[test]
    fn a_credential_past_its_expiry_is_expired_and_names_follow_the_service() {
        let now = Utc::now();
        let credential = |service: &str, expires: Option<When>| ServiceSpecificCredentialSpec {
            id: None,
            service_name: service.to_string(),
            status: "Active".to_string(),
            created: When::days_ago(60),
            expires,
            service_user_name: None,
            service_credential_alias: None,
        };
        let resolved = service_specific_credentials(
            &[
                credential("codecommit.amazonaws.com", None),
                credential("codecommit.amazonaws.com", None),
                credential("bedrock.amazonaws.com", Some(When::days_ago(30))),
            ],
            "bob",
            "123456789012",
            "arn:aws:iam::123456789012:user/bob",
            now,
        );
        let names: Vec<&str> = resolved
            .iter()
            .map(|credential| credential.service_user_name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "bob-at-123456789012",
                "bob+1-at-123456789012",
                "bob-at-123456789012"
            ]
        );
        let statuses: Vec<&str> = resolved
            .iter()
            .map(|credential| credential.status.as_str())
            .collect();
        assert_eq!(statuses, ["Active", "Active", "Expired"]);
        assert!(
            resolved
                .iter()
                .all(|credential| credential.id.starts_with("ACCA") && credential.id.len() == 20)
        );
    }
}
