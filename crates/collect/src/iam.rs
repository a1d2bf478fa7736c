//! IAM reads in one account: every page of ListUsers, then per user ListAccessKeys,
//! ListMFADevices, GetLoginProfile, ListSSHPublicKeys and ListSigningCertificates, and per key
//! GetAccessKeyLastUsed (service-specific credentials come once per account, in
//! `service_credentials`). Users are read in parallel, every request paced by the account's IAM
//! limiter. A call that fails leaves its field `Unknown` and records the failure; it never becomes
//! "no password" or "no MFA".

use aws_sdk_iam::types::AccessKeyMetadata;
use futures::StreamExt;
use iam_audit_model::{
    AccessKey, AccessKeyLastUse, AccessKeyStatus, CollectionError, LoginProfile, MfaDevice,
    MfaKind, Observed, User,
};

use crate::certificates::signing_certificates;
use crate::error::{collection_error, malformed_answer, unless_no_such_entity};
use crate::holder::Holder;
use crate::limits::Limiter;
use crate::paging::{PAGE, every_page, next_marker};
use crate::session::{Iam, as_account};
use crate::ssh_keys::ssh_public_keys;
use crate::time::to_utc;

/// Every user of the account (all pages of ListUsers). On a failure after some pages, the users
/// read so far are returned with the error, so nothing readable is lost.
pub(crate) async fn list_users(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> (Vec<aws_sdk_iam::types::User>, Option<CollectionError>) {
    let mut users = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let _turn = limiter.ready().await;
        let page = as_account!(iam.list_users().max_items(PAGE).set_marker(marker.clone())).await;
        match page {
            Ok(page) => {
                // A record without its required fields comes from a malformed or truncated answer
                // (the XML reader accepts a cut-off document): it is an error, never a user.
                let (whole, broken): (Vec<_>, Vec<_>) =
                    page.users().iter().cloned().partition(|user| {
                        !user.user_name().is_empty()
                            && !user.arn().is_empty()
                            && !user.user_id().is_empty()
                    });
                users.extend(whole);
                if !broken.is_empty() {
                    return (
                        users,
                        Some(malformed_answer(
                            account_id,
                            "iam:ListUsers",
                            None,
                            format!(
                                "the answer held {} user records without their required fields (truncated or malformed); the user list is incomplete",
                                broken.len()
                            ),
                        )),
                    );
                }
                marker = page.marker().map(str::to_string);
                if !page.is_truncated() || marker.is_none() {
                    return (users, None);
                }
            }
            Err(error) => {
                let mut failure = collection_error(account_id, "iam:ListUsers", None, &error);
                if !users.is_empty() {
                    failure.message = format!(
                        "the user list is incomplete: {} users read before the failure; {}",
                        users.len(),
                        failure.message
                    );
                }
                return (users, Some(failure));
            }
        }
    }
}

/// The users of an account with their credentials, and every failure met reading them;
/// `on_user` sees each user as soon as it is read (the key activity lookups start from it).
pub(crate) async fn collect_users(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    concurrency: usize,
    on_user: &(dyn Fn(&User) + Sync),
) -> (Observed<Vec<User>>, Vec<CollectionError>) {
    let (listed, failure) = list_users(iam, limiter, account_id).await;
    let mut errors: Vec<CollectionError> = failure.into_iter().collect();
    if !errors.is_empty() && listed.is_empty() {
        return (Observed::Unknown, errors);
    }
    let results: Vec<(User, Vec<CollectionError>)> = futures::stream::iter(listed)
        .map(|user| collect_user(iam, limiter, account_id, user))
        .buffer_unordered(concurrency.max(1))
        .inspect(|(user, _)| on_user(user))
        .collect()
        .await;
    let mut users = Vec::with_capacity(results.len());
    for (user, user_errors) in results {
        users.push(user);
        errors.extend(user_errors);
    }
    (Observed::Known(users), errors)
}

async fn collect_user(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    listed: aws_sdk_iam::types::User,
) -> (User, Vec<CollectionError>) {
    let name = listed.user_name().to_string();
    let (keys, devices, login, ssh_keys, certificates) = tokio::join!(
        access_keys(iam, limiter, account_id, &name),
        mfa_devices(iam, limiter, account_id, &name),
        login_profile(iam, limiter, account_id, &name),
        ssh_public_keys(iam, limiter, account_id, &name),
        signing_certificates(iam, limiter, account_id, &name),
    );
    let mut errors = Vec::new();
    let signing_certificates = with_errors(certificates, &mut errors);
    let access_keys = with_errors(keys, &mut errors);
    let user = User {
        arn: listed.arn().to_string(),
        user_id: listed.user_id().to_string(),
        path: listed.path().to_string(),
        created: to_utc(listed.create_date()).unwrap_or_default(),
        password_last_used: listed.password_last_used().and_then(to_utc),
        name,
        login_profile: observed(login, &mut errors),
        mfa_devices: observed(devices, &mut errors),
        access_keys,
        ssh_public_keys: observed(ssh_keys, &mut errors),
        signing_certificates,
        // Read once for the whole account (`service_credentials`).
        service_specific_credentials: Observed::Unknown,
        // Read after the users, when the run asks (`last_accessed`).
        usage: None,
    };
    (user, errors)
}

/// A read that also reports failures of its parts (a certificate whose body could not be parsed):
/// the value with those failures recorded, or `Unknown` with the read's own failure.
pub(crate) fn with_errors<T>(
    result: Result<(T, Vec<CollectionError>), CollectionError>,
    errors: &mut Vec<CollectionError>,
) -> Observed<T> {
    match result {
        Ok((value, part_errors)) => {
            errors.extend(part_errors);
            Observed::Known(value)
        }
        Err(error) => {
            errors.push(error);
            Observed::Unknown
        }
    }
}

/// A read's value, or `Unknown` with its failure recorded.
pub(crate) fn observed<T>(
    result: Result<T, CollectionError>,
    errors: &mut Vec<CollectionError>,
) -> Observed<T> {
    match result {
        Ok(value) => Observed::Known(value),
        Err(error) => {
            errors.push(error);
            Observed::Unknown
        }
    }
}

/// One access key as ListAccessKeys describes it, checked: an id, a status IAM documents and a
/// creation date. A record without them is a malformed answer, never a key created in 1970.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListedKey {
    pub id: String,
    pub status: AccessKeyStatus,
    pub created: chrono::DateTime<chrono::Utc>,
}

impl ListedKey {
    /// The key's model, with its last use.
    pub fn with_last_use(self, last_used: Observed<AccessKeyLastUse>) -> AccessKey {
        AccessKey {
            id: self.id,
            status: self.status,
            created: self.created,
            last_used,
            activity: None,
        }
    }
}

/// A holder's access keys (all pages of ListAccessKeys), every record checked.
pub(crate) async fn list_access_keys<'a>(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    holder: impl Into<Holder<'a>>,
) -> Result<Vec<ListedKey>, CollectionError> {
    let holder = holder.into();
    let user_name = holder.resource();
    let metadata = every_page(limiter, |marker| async move {
        let page = as_account!(
            iam.list_access_keys()
                .set_user_name(holder.user_name())
                .max_items(PAGE)
                .set_marker(marker)
        )
        .await
        .map_err(|error| {
            collection_error(account_id, "iam:ListAccessKeys", Some(user_name), &error)
        })?;
        let next = next_marker(page.is_truncated(), page.marker());
        Ok((page.access_key_metadata().to_vec(), next))
    })
    .await?;
    let mut keys = Vec::with_capacity(metadata.len());
    for record in &metadata {
        let Some(key) = listed_key(record) else {
            return Err(malformed_answer(
                account_id,
                "iam:ListAccessKeys",
                Some(user_name),
                format!(
                    "a key record lacks its id, creation date or a known status ({}); the user's keys are unknown",
                    record.access_key_id().unwrap_or("no id")
                ),
            ));
        };
        keys.push(key);
    }
    Ok(keys)
}

/// A key record, when it has everything a key must have.
fn listed_key(metadata: &AccessKeyMetadata) -> Option<ListedKey> {
    let id = metadata.access_key_id().filter(|id| !id.is_empty())?;
    let status = AccessKeyStatus::parse(metadata.status()?.as_str())?;
    let created = metadata.create_date().and_then(to_utc)?;
    Some(ListedKey {
        id: id.to_string(),
        status,
        created,
    })
}

/// A key's last use (GetAccessKeyLastUsed): all `None` for a key never used.
pub(crate) async fn key_last_used<'a>(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    holder: impl Into<Holder<'a>>,
    key_id: &str,
) -> Result<AccessKeyLastUse, CollectionError> {
    let user_name = holder.into().resource();
    let _turn = limiter.ready().await;
    match as_account!(iam.get_access_key_last_used().access_key_id(key_id)).await {
        Ok(output) => Ok(output
            .access_key_last_used()
            .map(|used| AccessKeyLastUse {
                date: used.last_used_date().and_then(to_utc),
                service: not_applicable(used.service_name()),
                region: not_applicable(used.region()),
            })
            .unwrap_or_default()),
        Err(error) => Err(collection_error(
            account_id,
            "iam:GetAccessKeyLastUsed",
            Some(&format!("{user_name}/{key_id}")),
            &error,
        )),
    }
}

async fn access_keys(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    user_name: &str,
) -> Result<(Vec<AccessKey>, Vec<CollectionError>), CollectionError> {
    let listed = list_access_keys(iam, limiter, account_id, user_name).await?;
    // Exactly as many as listed: a vector grown from empty holds four keys' room for one or two,
    // kept for every user of the run (7 MB at 1,000 accounts).
    let mut keys = Vec::with_capacity(listed.len());
    let lookups = listed.into_iter().map(|key| async move {
        let last_used = key_last_used(iam, limiter, account_id, user_name, &key.id).await;
        (key, last_used)
    });
    let mut errors = Vec::new();
    for (key, last_used) in futures::future::join_all(lookups).await {
        keys.push(key.with_last_use(observed(last_used, &mut errors)));
    }
    Ok((keys, errors))
}

/// AWS's ways of writing "no value": `N/A` (GetAccessKeyLastUsed, the credential report),
/// `no_information` and `not_supported` (the credential report; moto writes `not_supported` even
/// for a key's last service and region).
pub(crate) const NO_VALUE: [&str; 3] = ["N/A", "no_information", "not_supported"];

/// The value, or `None` where AWS wrote one of its "no value" sentinels (or nothing).
pub(crate) fn not_applicable(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty() && !NO_VALUE.contains(&value)).then(|| value.to_string())
}

/// A user's MFA devices (all pages).
pub(crate) async fn mfa_devices<'a>(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    holder: impl Into<Holder<'a>>,
) -> Result<Vec<MfaDevice>, CollectionError> {
    let holder = holder.into();
    let user_name = holder.resource();
    every_page(limiter, |marker| async move {
        let page = as_account!(
            iam.list_mfa_devices()
                .set_user_name(holder.user_name())
                .max_items(PAGE)
                .set_marker(marker)
        )
        .await
        .map_err(|error| {
            collection_error(account_id, "iam:ListMFADevices", Some(user_name), &error)
        })?;
        let devices = page
            .mfa_devices()
            .iter()
            .map(|device| MfaDevice {
                kind: MfaKind::from_serial(device.serial_number()),
                serial: device.serial_number().to_string(),
                enabled: to_utc(device.enable_date()).unwrap_or_default(),
            })
            .collect();
        Ok((devices, next_marker(page.is_truncated(), page.marker())))
    })
    .await
}

pub(crate) async fn login_profile<'a>(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    holder: impl Into<Holder<'a>>,
) -> Result<Option<LoginProfile>, CollectionError> {
    let holder = holder.into();
    let user_name = holder.resource();
    let _turn = limiter.ready().await;
    let answer = as_account!(iam.get_login_profile().set_user_name(holder.user_name())).await;
    let output = unless_no_such_entity(answer, account_id, "iam:GetLoginProfile", Some(user_name))?;
    Ok(output
        .as_ref()
        .and_then(|output| output.login_profile())
        .map(|profile| LoginProfile {
            created: to_utc(profile.create_date()).unwrap_or_default(),
            password_reset_required: profile.password_reset_required(),
        }))
}

#[cfg(test)]
mod tests {
    use aws_sdk_iam::types::StatusType;

    use super::*;

    fn record(id: Option<&str>, status: Option<StatusType>, created: bool) -> AccessKeyMetadata {
        AccessKeyMetadata::builder()
            .set_user_name(Some("alice".to_string()))
            .set_access_key_id(id.map(str::to_string))
            .set_status(status)
            .set_create_date(created.then(|| aws_smithy_types::DateTime::from_secs(1_700_000_000)))
            .build()
    }

    /// Regression: a record without an id or a creation date became `""` / 1970-01-01, a false
    /// critical KEY001.
    #[test]
    fn a_key_record_without_its_id_date_or_status_is_refused() {
        assert!(listed_key(&record(None, Some(StatusType::Active), true)).is_none());
        assert!(listed_key(&record(Some(""), Some(StatusType::Active), true)).is_none());
        assert!(listed_key(&record(Some("AKIA1"), Some(StatusType::Active), false)).is_none());
        assert!(listed_key(&record(Some("AKIA1"), None, true)).is_none());
        assert!(
            listed_key(&record(
                Some("AKIA1"),
                Some(StatusType::from("Suspended")),
                true
            ))
            .is_none(),
            "a status IAM does not document is not guessed"
        );
    }

    /// Regression: `Expired` was read as `Inactive`.
    #[test]
    fn every_documented_status_is_kept() {
        for (status, expected) in [
            (StatusType::Active, AccessKeyStatus::Active),
            (StatusType::Inactive, AccessKeyStatus::Inactive),
            (StatusType::Expired, AccessKeyStatus::Expired),
        ] {
            let key = listed_key(&record(Some("AKIA1"), Some(status), true));
            assert_eq!(key.map(|key| key.status), Some(expected));
        }
    }

    #[test]
    fn sentinels_are_no_value() {
        assert_eq!(not_applicable("N/A"), None);
        assert_eq!(not_applicable("not_supported"), None);
        assert_eq!(not_applicable("s3").as_deref(), Some("s3"));
    }
}
