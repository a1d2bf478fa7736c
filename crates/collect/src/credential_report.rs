//! `--iam-source credential-report`: the per-user state from IAM's credential report
//! (GenerateCredentialReport, then GetCredentialReport, polling while the report is in progress
//! and backing off on LimitExceeded), then ListAccessKeys only for users that have keys (the
//! report has no key ids, only slots 1 and 2), ListMFADevices only for users with MFA (the
//! report says whether MFA is active, not which kind), ListSigningCertificates only for users with
//! a certificate (the expiry is in the body), and ListSSHPublicKeys for every user (the report has
//! no column for SSH keys).
//!
//! Far fewer calls than the API path, at a price: AWS regenerates the report at most every four
//! hours, so it can be that old, and it needs `iam:GenerateCredentialReport` and
//! `iam:GetCredentialReport`. A key's last use comes from its report slot, matched by creation
//! time; a key that matches no slot gets its own GetAccessKeyLastUsed.

use std::time::Duration;

use aws_sdk_iam::types::ReportStateType;
use chrono::{DateTime, Utc};
use futures::StreamExt;
use iam_audit_model::{
    AccessKey, AccessKeyLastUse, AccessKeyStatus, CollectionError, ErrorKind, LoginProfile,
    Observed, RootAccessKey, User,
};

use crate::certificates::signing_certificates;
use crate::error::{collection_error, malformed_answer};
use crate::iam::{
    ListedKey, key_last_used, list_access_keys, mfa_devices, not_applicable, observed, with_errors,
};
use crate::limits::Limiter;
use crate::session::{Iam, as_account};
use crate::ssh_keys::ssh_public_keys;

/// Longest wait for a report to be generated.
const REPORT_DEADLINE: Duration = Duration::from_secs(120);

/// One user's row of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReportRow {
    pub user: String,
    pub arn: String,
    pub created: Option<DateTime<Utc>>,
    pub password_enabled: bool,
    pub password_last_used: Option<DateTime<Utc>>,
    pub password_last_changed: Option<DateTime<Utc>>,
    pub mfa_active: bool,
    /// Per key slot: created (`last_rotated`), last used date, region, service.
    pub slots: Vec<KeySlot>,
    /// Whether the user has a signing certificate (`cert_1/2_last_rotated` hold a date, or a slot
    /// is active); `None` when the report has no such columns (then the certificates are listed
    /// anyway).
    pub has_certificates: Option<bool>,
}

/// One key slot of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeySlot {
    pub created: DateTime<Utc>,
    pub last_used: Option<DateTime<Utc>>,
    pub region: Option<String>,
    pub service: Option<String>,
}

/// A date column; AWS's "no value" sentinels (`N/A`, `no_information`, `not_supported`) are not
/// dates and give `None`.
fn date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|moment| moment.with_timezone(&Utc))
}

/// A text column; every "no value" sentinel gives `None`, in every column.
fn value(text: &str) -> Option<String> {
    not_applicable(text)
}

/// A credential report, parsed.
#[derive(Debug, Default)]
pub(crate) struct ParsedReport {
    /// The IAM users' rows.
    pub users: Vec<ReportRow>,
    /// The root user's access keys from its row (the slots' dates and status; the report has no
    /// key ids), `None` when the report has no root row (moto's has none).
    pub root_keys: Option<Vec<RootAccessKey>>,
}

/// Parses the report's CSV: the users' rows, and the root row's access keys (the rest of the root
/// state comes from GetAccountSummary).
pub(crate) fn parse_report(content: &[u8]) -> Result<ParsedReport, String> {
    let mut reader = csv::Reader::from_reader(content);
    let headers = reader.headers().map_err(|error| error.to_string())?.clone();
    let column = |name: &str| headers.iter().position(|header| header == name);
    let required = [
        "user",
        "arn",
        "user_creation_time",
        "password_enabled",
        "mfa_active",
    ];
    for name in required {
        if column(name).is_none() {
            return Err(format!("the credential report has no `{name}` column"));
        }
    }
    let mut rows = Vec::new();
    let mut root_keys = None;
    for record in reader.records() {
        let record = record.map_err(|error| error.to_string())?;
        let field = |name: &str| {
            column(name)
                .and_then(|index| record.get(index))
                .unwrap_or("")
        };
        if field("user") == "<root_account>" {
            let keys = ["1", "2"].into_iter().filter_map(|slot| {
                let active = field(&format!("access_key_{slot}_active")) == "true";
                let created = date(field(&format!("access_key_{slot}_last_rotated")));
                (active || created.is_some()).then(|| RootAccessKey {
                    id: None,
                    status: if active {
                        AccessKeyStatus::Active
                    } else {
                        AccessKeyStatus::Inactive
                    },
                    created,
                    last_used: date(field(&format!("access_key_{slot}_last_used_date"))),
                    last_used_service: crate::iam::not_applicable(field(&format!(
                        "access_key_{slot}_last_used_service"
                    ))),
                })
            });
            root_keys = Some(keys.collect());
            continue;
        }
        let mut slots = Vec::new();
        for slot in ["1", "2"] {
            let rotated = field(&format!("access_key_{slot}_last_rotated"));
            if let Some(created) = date(rotated) {
                slots.push(KeySlot {
                    created,
                    last_used: date(field(&format!("access_key_{slot}_last_used_date"))),
                    region: value(field(&format!("access_key_{slot}_last_used_region"))),
                    service: value(field(&format!("access_key_{slot}_last_used_service"))),
                });
            }
        }
        // AWS writes a slot's upload date for any certificate in it; moto writes `N/A` there and
        // only `cert_N_active`, so either says a certificate is there.
        let has_certificates = column("cert_1_last_rotated").map(|_| {
            ["1", "2"].iter().any(|slot| {
                date(field(&format!("cert_{slot}_last_rotated"))).is_some()
                    || field(&format!("cert_{slot}_active")) == "true"
            })
        });
        rows.push(ReportRow {
            has_certificates,
            user: field("user").to_string(),
            arn: field("arn").to_string(),
            created: date(field("user_creation_time")),
            password_enabled: field("password_enabled") == "true",
            password_last_used: date(field("password_last_used")),
            password_last_changed: date(field("password_last_changed")),
            mfa_active: field("mfa_active") == "true",
            slots,
        });
    }
    Ok(ParsedReport {
        users: rows,
        root_keys,
    })
}

/// The path of a user from its ARN (`arn:aws:iam::1:user/division/alice` gives `/division/`).
pub(crate) fn path_of(arn: &str, user: &str) -> String {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or_default();
    let inner = resource
        .strip_prefix("user")
        .and_then(|rest| rest.strip_suffix(user))
        .unwrap_or("/");
    if inner.is_empty() {
        "/".to_string()
    } else {
        inner.to_string()
    }
}

async fn fetch_report(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> Result<Vec<u8>, CollectionError> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(200);
    let timed_out = |api: &str| CollectionError {
        account_id: account_id.to_string(),
        api: api.to_string(),
        resource: None,
        kind: ErrorKind::Timeout,
        code: None,
        message: format!(
            "the credential report was not ready within {} s",
            REPORT_DEADLINE.as_secs()
        ),
    };
    let wait = |pause: &mut Duration| {
        let current = *pause;
        *pause = (*pause * 2).min(Duration::from_secs(5));
        current
    };
    // Generate until AWS says the report is complete.
    loop {
        let _turn = limiter.ready().await;
        match generate_report(iam).await {
            Ok(output) if output.state() == Some(&ReportStateType::Complete) => break,
            Ok(_) => {}
            Err(error) => {
                let failure =
                    collection_error(account_id, "iam:GenerateCredentialReport", None, &error);
                if failure.code.as_deref() != Some("LimitExceeded") {
                    return Err(failure);
                }
            }
        }
        if started.elapsed() > REPORT_DEADLINE {
            return Err(timed_out("iam:GenerateCredentialReport"));
        }
        // Not in flight while waiting for the report.
        drop(_turn);
        tokio::time::sleep(wait(&mut pause)).await;
    }
    loop {
        let _turn = limiter.ready().await;
        match as_account!(iam.get_credential_report()).await {
            Ok(output) => {
                return Ok(output
                    .content()
                    .map(|blob| blob.as_ref().to_vec())
                    .unwrap_or_default());
            }
            Err(error) => {
                let failure = collection_error(account_id, "iam:GetCredentialReport", None, &error);
                let retry = matches!(
                    failure.code.as_deref(),
                    Some(
                        "ReportInProgress" | "ReportNotPresent" | "ReportExpired" | "LimitExceeded"
                    )
                );
                if !retry || started.elapsed() > REPORT_DEADLINE {
                    return Err(failure);
                }
                if matches!(
                    failure.code.as_deref(),
                    Some("ReportNotPresent" | "ReportExpired")
                ) {
                    // Rare: regenerated within this turn.
                    let _ = generate_report(iam).await;
                }
            }
        }
        // Not in flight while waiting for the report.
        drop(_turn);
        tokio::time::sleep(wait(&mut pause)).await;
    }
}

/// GenerateCredentialReport, as the account.
async fn generate_report(
    iam: &Iam,
) -> Result<
    aws_sdk_iam::operation::generate_credential_report::GenerateCredentialReportOutput,
    aws_sdk_iam::error::SdkError<
        aws_sdk_iam::operation::generate_credential_report::GenerateCredentialReportError,
    >,
> {
    as_account!(iam.generate_credential_report()).await
}

/// The users of an account from the credential report, with keys and MFA devices where they
/// exist, and the root user's access keys from its row.
pub(crate) async fn collect_users(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    concurrency: usize,
) -> (
    Observed<Vec<User>>,
    Option<Vec<RootAccessKey>>,
    Vec<CollectionError>,
) {
    let content = match fetch_report(iam, limiter, account_id).await {
        Ok(content) => content,
        Err(error) => return (Observed::Unknown, None, vec![error]),
    };
    let ParsedReport {
        users: rows,
        root_keys,
    } = match parse_report(&content) {
        Ok(report) => report,
        Err(message) => {
            return (
                Observed::Unknown,
                None,
                vec![malformed_answer(
                    account_id,
                    "iam:GetCredentialReport",
                    None,
                    message,
                )],
            );
        }
    };
    let results: Vec<(User, Vec<CollectionError>)> = futures::stream::iter(rows)
        .map(|row| user_from_row(iam, limiter, account_id, row))
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    let mut users = Vec::new();
    let mut errors = Vec::new();
    for (user, user_errors) in results {
        users.push(user);
        errors.extend(user_errors);
    }
    (Observed::Known(users), root_keys, errors)
}

async fn user_from_row(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    row: ReportRow,
) -> (User, Vec<CollectionError>) {
    let mut errors = Vec::new();
    let devices = async {
        if row.mfa_active {
            mfa_devices(iam, limiter, account_id, &row.user).await
        } else {
            Ok(Vec::new())
        }
    };
    // No report column for SSH keys: one call per user. Certificates only where the report has
    // one (their expiry is in the body, which the report does not hold).
    let certificates = async {
        if row.has_certificates == Some(false) {
            Ok((Vec::new(), Vec::new()))
        } else {
            signing_certificates(iam, limiter, account_id, &row.user).await
        }
    };
    let (keys, devices, ssh_keys, certificates) = tokio::join!(
        keys_of_row(iam, limiter, account_id, &row.user, &row.slots),
        devices,
        ssh_public_keys(iam, limiter, account_id, &row.user),
        certificates,
    );
    let access_keys = with_errors(keys, &mut errors);
    let signing_certificates = with_errors(certificates, &mut errors);
    let user = User {
        path: path_of(&row.arn, &row.user),
        user_id: String::new(),
        created: row.created.unwrap_or_default(),
        password_last_used: row.password_last_used,
        login_profile: Observed::Known(row.password_enabled.then(|| {
            LoginProfile {
                created: row
                    .password_last_changed
                    .or(row.created)
                    .unwrap_or_default(),
                password_reset_required: false,
            }
        })),
        mfa_devices: observed(devices, &mut errors),
        access_keys,
        ssh_public_keys: observed(ssh_keys, &mut errors),
        signing_certificates,
        // Read once for the whole account (`service_credentials`).
        service_specific_credentials: Observed::Unknown,
        name: row.user,
        arn: row.arn,
        // Read after the users, when the run asks (`last_accessed`).
        usage: None,
    };
    (user, errors)
}

/// A user's keys (ListAccessKeys: the report has no key ids), each with its last use from its
/// report slot where the slot is certainly its own, else from GetAccessKeyLastUsed.
async fn keys_of_row(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    user_name: &str,
    slots: &[KeySlot],
) -> Result<(Vec<AccessKey>, Vec<CollectionError>), CollectionError> {
    if slots.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let listed = list_access_keys(iam, limiter, account_id, user_name).await?;
    let matched: Vec<Option<KeySlot>> = slots_of_keys(&listed, slots)
        .into_iter()
        .map(|slot| slot.cloned())
        .collect();
    let lookups = listed
        .into_iter()
        .zip(matched)
        .map(|(key, slot)| async move {
            let last_used = match slot {
                Some(slot) => Ok(AccessKeyLastUse {
                    date: slot.last_used,
                    service: slot.service,
                    region: slot.region,
                }),
                None => key_last_used(iam, limiter, account_id, user_name, &key.id).await,
            };
            (key, last_used)
        });
    let mut keys = Vec::new();
    let mut errors = Vec::new();
    for (key, last_used) in futures::future::join_all(lookups).await {
        keys.push(key.with_last_use(observed(last_used, &mut errors)));
    }
    Ok((keys, errors))
}

/// Each key's report slot, matched by creation time, only where the match is one-to-one: the
/// report has no key ids, and two keys created in the same second cannot be told apart (the
/// first match used to win, giving the second key the first's last use). `None` sends the key to
/// GetAccessKeyLastUsed.
fn slots_of_keys<'a>(keys: &[ListedKey], slots: &'a [KeySlot]) -> Vec<Option<&'a KeySlot>> {
    let second = |moment: DateTime<Utc>| moment.timestamp();
    keys.iter()
        .map(|key| {
            let keys_then = keys
                .iter()
                .filter(|other| second(other.created) == second(key.created))
                .count();
            let mut slots_then = slots
                .iter()
                .filter(|slot| second(slot.created) == second(key.created));
            match (keys_then, slots_then.next(), slots_then.next()) {
                (1, Some(slot), None) => Some(slot),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The root row's key slots become the root's keys (dates and status, no ids), for the
    /// root's exposure in fix-first; a root without keys has none, a report without a root row
    /// (moto's) leaves them unknown.
    #[test]
    fn the_root_rows_keys_are_read() {
        let without_keys = parse_report(REPORT.as_bytes()).unwrap_or_default();
        assert_eq!(without_keys.root_keys, Some(Vec::new()));
        let with_key = REPORT.replacen(
            "true,false,N/A,N/A,N/A,N/A,false",
            "true,true,2025-06-01T00:00:00+00:00,2026-01-05T00:00:00+00:00,us-east-1,s3,false",
            1,
        );
        let root_keys = parse_report(with_key.as_bytes())
            .unwrap_or_default()
            .root_keys
            .unwrap_or_default();
        assert_eq!(root_keys.len(), 1, "{with_key}");
        assert_eq!(root_keys[0].status, AccessKeyStatus::Active);
        assert_eq!(root_keys[0].created, date("2025-06-01T00:00:00+00:00"));
        assert_eq!(root_keys[0].last_used, date("2026-01-05T00:00:00+00:00"));
        let no_root: String = REPORT
            .lines()
            .filter(|line| !line.starts_with("<root_account>"))
            .map(|line| format!("{line}\n"))
            .collect();
        assert_eq!(
            parse_report(no_root.as_bytes())
                .unwrap_or_default()
                .root_keys,
            None
        );
    }

    const REPORT: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2026-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::123456789012:user/ops/alice,2024-01-01T00:00:00+00:00,true,2026-01-02T00:00:00+00:00,2024-01-01T00:00:00+00:00,N/A,true,true,2025-01-01T00:00:00+00:00,2026-01-03T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
bob,arn:aws:iam::123456789012:user/bob,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
";

    #[test]
    fn the_report_is_read_without_the_root_row() {
        let rows = parse_report(REPORT.as_bytes()).unwrap_or_default().users;
        assert_eq!(rows.len(), 2);
        let alice = &rows[0];
        assert_eq!(alice.user, "alice");
        assert!(alice.password_enabled && alice.mfa_active);
        assert_eq!(alice.slots.len(), 1);
        assert_eq!(alice.slots[0].service.as_deref(), Some("s3"));
        assert_eq!(alice.password_last_used, date("2026-01-02T00:00:00+00:00"));
        let bob = &rows[1];
        assert!(!bob.password_enabled && !bob.mfa_active && bob.slots.is_empty());
        assert_eq!(bob.password_last_used, None);
    }

    /// moto writes `not_supported` for a key's last service and region: no value, not a name.
    #[test]
    fn every_sentinel_means_no_value() {
        for sentinel in ["N/A", "no_information", "not_supported", "", " N/A "] {
            assert_eq!(value(sentinel), None, "{sentinel}");
            assert_eq!(date(sentinel), None, "{sentinel}");
        }
        assert_eq!(value("s3").as_deref(), Some("s3"));
    }

    fn slot(created: &str, service: &str) -> KeySlot {
        KeySlot {
            created: date(created).unwrap_or_default(),
            last_used: None,
            region: None,
            service: Some(service.to_string()),
        }
    }

    fn key(id: &str, created: &str) -> ListedKey {
        ListedKey {
            id: id.to_string(),
            status: iam_audit_model::AccessKeyStatus::Active,
            created: date(created).unwrap_or_default(),
        }
    }

    /// Regression (etl-pipeline in the demo): two keys created in the same second both got the
    /// first slot's last use, and the second key's KEY002 finding disappeared.
    #[test]
    fn keys_created_in_the_same_second_are_not_matched_to_a_slot() {
        let slots = [
            slot("2026-01-01T00:00:00Z", "glue"),
            slot("2026-01-01T00:00:00Z", "athena"),
        ];
        let keys = [
            key("AKIA1", "2026-01-01T00:00:00Z"),
            key("AKIA2", "2026-01-01T00:00:00Z"),
        ];
        assert_eq!(slots_of_keys(&keys, &slots), vec![None, None]);
        let distinct = [
            slot("2026-01-01T00:00:00Z", "glue"),
            slot("2026-02-01T00:00:00Z", "athena"),
        ];
        let keys = [
            key("AKIA1", "2026-02-01T00:00:00Z"),
            key("AKIA2", "2026-01-01T00:00:00Z"),
        ];
        let matched: Vec<Option<&str>> = slots_of_keys(&keys, &distinct)
            .into_iter()
            .map(|slot| slot.and_then(|slot| slot.service.as_deref()))
            .collect();
        assert_eq!(matched, vec![Some("athena"), Some("glue")]);
    }

    /// A certificate is there when its slot has an upload date (AWS) or is active (moto writes
    /// `N/A` dates); without the columns the certificates are listed anyway.
    #[test]
    fn certificate_slots_say_whether_to_list_certificates() {
        let rows = parse_report(REPORT.as_bytes()).unwrap_or_default().users;
        assert_eq!(rows[0].has_certificates, Some(false));
        let with_date = REPORT.replace(
            "s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
            "s3,false,N/A,N/A,N/A,N/A,false,2025-01-01T00:00:00+00:00,false,N/A",
        );
        let rows = parse_report(with_date.as_bytes()).unwrap_or_default().users;
        assert_eq!(
            rows[0].has_certificates,
            Some(true),
            "an inactive certificate"
        );
        let active_only = REPORT.replace(
            "s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
            "s3,false,N/A,N/A,N/A,N/A,false,N/A,true,N/A",
        );
        let rows = parse_report(active_only.as_bytes())
            .unwrap_or_default()
            .users;
        assert_eq!(rows[0].has_certificates, Some(true), "moto's way");
        let without = "user,arn,user_creation_time,password_enabled,mfa_active\nalice,arn:aws:iam::1:user/alice,2024-01-01T00:00:00+00:00,false,false\n";
        let rows = parse_report(without.as_bytes()).unwrap_or_default().users;
        assert_eq!(rows[0].has_certificates, None);
    }

    #[test]
    fn a_report_without_its_columns_is_refused() {
        assert!(parse_report(b"name,arn\nalice,x\n").is_err());
    }

    #[test]
    fn paths_come_from_the_arn() {
        assert_eq!(path_of("arn:aws:iam::1:user/ops/alice", "alice"), "/ops/");
        assert_eq!(path_of("arn:aws:iam::1:user/bob", "bob"), "/");
        assert_eq!(path_of("garbage", "x"), "/");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(2000)))]

        #[test]
        fn any_bytes_are_parsed_or_refused(content in prop::collection::vec(any::<u8>(), 0..2000)) {
            let _ = parse_report(&content);
        }

        #[test]
        fn any_arn_gives_a_path(arn in any::<String>(), user in any::<String>()) {
            let path = path_of(&arn, &user);
            prop_assert!(path.starts_with('/'));
        }
    }
}
