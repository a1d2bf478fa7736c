//! The SSL/TLS server certificates stored in IAM (ListServerCertificates, every page): their
//! names, ids and expiry, which the listing itself carries. What CIS "expired SSL/TLS certificates
//! stored in IAM are removed" and Security Hub IAM.26 judge; IAM is global, so one listing per
//! account.

use iam_audit_model::{CollectionError, ServerCertificate};

use crate::error::collection_error;
use crate::limits::Limiter;
use crate::paging::{PAGE, every_page, next_marker};
use crate::session::{Iam, as_account};
use crate::time::to_utc;

const API: &str = "iam:ListServerCertificates";

/// Every server certificate of the account.
pub(crate) async fn server_certificates(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> Result<Vec<ServerCertificate>, CollectionError> {
    let mut certificates = every_page(limiter, |marker| async move {
        let page = as_account!(
            iam.list_server_certificates()
                .max_items(PAGE)
                .set_marker(marker)
        )
        .await
        .map_err(|error| collection_error(account_id, API, None, &error))?;
        let next = next_marker(page.is_truncated(), page.marker());
        let certificates = page
            .server_certificate_metadata_list()
            .iter()
            .map(|metadata| ServerCertificate {
                name: metadata.server_certificate_name().to_string(),
                id: metadata.server_certificate_id().to_string(),
                arn: metadata.arn().to_string(),
                uploaded: metadata.upload_date().and_then(to_utc),
                expires: metadata.expiration().and_then(to_utc),
            })
            .collect();
        Ok((certificates, next))
    })
    .await?;
    certificates.sort_by(|left, right| left.name.cmp(&right.name));
    Ok(certificates)
}
