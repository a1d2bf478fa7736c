//! A user's SSH public keys (ListSSHPublicKeys, every page): CodeCommit's long-term credential.
//! IAM has no account-wide list of them and the credential report has no column for them, so
//! both collection paths make this one call per user.

use iam_audit_model::{AccessKeyStatus, CollectionError, SshPublicKey};

use crate::error::{collection_error, malformed_answer};
use crate::limits::Limiter;
use crate::paging::{PAGE, every_page, next_marker};
use crate::session::{Iam, as_account};
use crate::time::to_utc;

/// Every SSH public key of the user; a record without its id, a documented status or its upload
/// date is a malformed answer (the user's keys are then unknown, never fewer).
pub(crate) async fn ssh_public_keys(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    user_name: &str,
) -> Result<Vec<SshPublicKey>, CollectionError> {
    let api = "iam:ListSSHPublicKeys";
    let records = every_page(limiter, |marker| async move {
        let page = as_account!(
            iam.list_ssh_public_keys()
                .user_name(user_name)
                .max_items(PAGE)
                .set_marker(marker)
        )
        .await
        .map_err(|error| collection_error(account_id, api, Some(user_name), &error))?;
        let next = next_marker(page.is_truncated(), page.marker());
        Ok((page.ssh_public_keys().to_vec(), next))
    })
    .await?;
    let mut keys = Vec::with_capacity(records.len());
    for record in &records {
        let key = (|| {
            Some(SshPublicKey {
                id: Some(record.ssh_public_key_id())
                    .filter(|id| !id.is_empty())?
                    .to_string(),
                status: AccessKeyStatus::parse(record.status().as_str())?,
                uploaded: to_utc(record.upload_date())?,
            })
        })();
        let Some(key) = key else {
            return Err(malformed_answer(
                account_id,
                api,
                Some(user_name),
                format!(
                    "an SSH key record lacks its id, upload date or a known status ({}); the user's SSH keys are unknown",
                    record.ssh_public_key_id()
                ),
            ));
        };
        keys.push(key);
    }
    Ok(keys)
}
