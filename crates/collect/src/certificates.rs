//! A user's X.509 signing certificates (ListSigningCertificates, every page), each with its own
//! expiry read from the certificate body by a real X.509 parser (RustCrypto's `x509-cert`): IAM
//! keeps using a certificate past its `notAfter`, so the body is the only place the expiry is.

use chrono::{DateTime, Utc};
use iam_audit_model::{AccessKeyStatus, CollectionError, Observed, SigningCertificate};
use x509_cert::Certificate;
use x509_cert::der::DecodePem;

use crate::error::{collection_error, malformed_answer};
use crate::holder::Holder;
use crate::limits::Limiter;
use crate::paging::{PAGE, every_page, next_marker};
use crate::session::{Iam, as_account};
use crate::time::to_utc;

const API: &str = "iam:ListSigningCertificates";

/// Every signing certificate of the user, and the failures to parse a body (that certificate's
/// expiry is then `Unknown`; the certificate itself is kept).
pub(crate) async fn signing_certificates<'a>(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    holder: impl Into<Holder<'a>>,
) -> Result<(Vec<SigningCertificate>, Vec<CollectionError>), CollectionError> {
    let holder = holder.into();
    let user_name = holder.resource();
    let records = every_page(limiter, |marker| async move {
        let page = as_account!(
            iam.list_signing_certificates()
                .set_user_name(holder.user_name())
                .max_items(PAGE)
                .set_marker(marker)
        )
        .await
        .map_err(|error| collection_error(account_id, API, Some(user_name), &error))?;
        let next = next_marker(page.is_truncated(), page.marker());
        Ok((page.certificates().to_vec(), next))
    })
    .await?;
    let mut certificates = Vec::with_capacity(records.len());
    let mut errors = Vec::new();
    for record in &records {
        let resource = format!("{user_name}/{}", record.certificate_id());
        let failure = |message: String| malformed_answer(account_id, API, Some(&resource), message);
        let (Some(status), Some(uploaded)) = (
            AccessKeyStatus::parse(record.status().as_str()),
            record.upload_date().and_then(to_utc),
        ) else {
            return Err(failure(
                "a certificate record lacks its upload date or a known status; the user's certificates are unknown"
                    .to_string(),
            ));
        };
        if record.certificate_id().is_empty() {
            return Err(failure(
                "a certificate record lacks its id; the user's certificates are unknown"
                    .to_string(),
            ));
        }
        let expires = match not_after(record.certificate_body()) {
            Ok(moment) => Observed::Known(moment),
            Err(reason) => {
                errors.push(failure(format!(
                    "the certificate body could not be parsed ({reason}); its expiry is unknown"
                )));
                Observed::Unknown
            }
        };
        certificates.push(SigningCertificate {
            id: record.certificate_id().to_string(),
            status,
            uploaded,
            expires,
        });
    }
    Ok((certificates, errors))
}

/// The certificate's `notAfter`, from its PEM body.
pub(crate) fn not_after(body: &str) -> Result<DateTime<Utc>, String> {
    let certificate =
        Certificate::from_pem(body.trim().as_bytes()).map_err(|error| error.to_string())?;
    let seconds = certificate
        .tbs_certificate()
        .validity()
        .not_after
        .to_unix_duration()
        .as_secs();
    i64::try_from(seconds)
        .ok()
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
        .ok_or_else(|| "its notAfter is out of range".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=iam-audit-test
    /// -days 1`, made on 2026-11-30: `notAfter=Dec  1 23:38:53 2026 GMT`.
    const CERTIFICATE: &str = "-----BEGIN CERTIFICATE-----
MIIBhzCCAS2gAwIBAgIUewLRQAE2XAo3N/Iuh0sY5crHclIwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOaWFtLWF1ZGl0LXRlc3QwHhcNMjYxMTMwMjMzODUzWhcNMjYx
MjAxMjMzODUzWjAZMRcwFQYDVQQDDA5pYW0tYXVkaXQtdGVzdDBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABAHbLl3V6FBoFs7HKOAvNmG4hEyVXzk6ImL3/IBDHm6o
iGzffC9qlL+mIcsximlptzybNPVQlEAtjI4ssVuw3dejUzBRMB0GA1UdDgQWBBQG
UDO2WAik9E4zO31/b5/lNdBzLTAfBgNVHSMEGDAWgBQGUDO2WAik9E4zO31/b5/l
NdBzLTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCYDYwixHCy
QMXZwX4Vj3cZ6xaPlL7CFGMwoGo7ayqPOwIgV13kVJQchblnMnW7NT3rs74pmHjf
ALJmFIqLUmBTUQc=
-----END CERTIFICATE-----";

    #[test]
    fn the_expiry_is_the_certificates_own_not_after() {
        let expected = DateTime::parse_from_rfc3339("2026-12-01T23:38:53Z")
            .map(|moment| moment.with_timezone(&Utc))
            .ok();
        assert_eq!(not_after(CERTIFICATE).ok(), expected);
        // IAM's bodies may carry surrounding whitespace.
        assert_eq!(not_after(&format!("\n{CERTIFICATE}\n\n")).ok(), expected);
    }

    #[test]
    fn garbage_is_an_error_not_a_date() {
        assert!(not_after("").is_err());
        assert!(not_after("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----").is_err());
        // A truncated body.
        assert!(not_after(&CERTIFICATE[..200]).is_err());
        assert!(not_after("not a certificate").is_err());
    }
}
