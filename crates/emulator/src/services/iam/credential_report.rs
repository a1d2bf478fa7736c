//! The credential report: generated after the scenario's delay, then served as IAM writes it.

use axum::http::StatusCode;
use base64::Engine;
use chrono::Utc;

use super::Context;
use crate::protocol::{AwsError, Xml, iso8601};
use crate::server::lock;
use crate::world::{Account, Key, SigningCertificate};

/// GenerateCredentialReport: STARTED, then INPROGRESS until the scenario's delay has passed, then COMPLETE.
pub(super) fn generate_credential_report(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared, account, ..
    } = *context;
    // The first request starts the report (STARTED, as AWS answers); later ones see it
    // INPROGRESS until the scenario's delay has passed, then COMPLETE.
    let delay = chrono::Duration::milliseconds(
        shared.world.scenario.settings.credential_report_delay_ms as i64,
    );
    let mut reports = lock(&shared.credential_reports);
    let state = match reports.get(&account.id) {
        None => {
            reports.insert(account.id.clone(), Utc::now());
            "STARTED"
        }
        Some(started) if Utc::now() - *started >= delay => "COMPLETE",
        Some(_) => "INPROGRESS",
    };
    xml.text("State", state).text(
        "Description",
        "No report exists. Starting a new report generation task",
    );

    Ok(())
}

/// GetCredentialReport: the report, once generated.
pub(super) fn get_credential_report(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        shared, account, ..
    } = *context;
    let generated = lock(&shared.credential_reports).get(&account.id).copied();
    let Some(generated) = generated else {
        return Err(AwsError::sender(
            StatusCode::GONE,
            "ReportNotPresent",
            "Credential report not present.",
        ));
    };
    xml.text(
        "Content",
        &base64::engine::general_purpose::STANDARD.encode(credential_report(account)),
    )
    .text("ReportFormat", "text/csv")
    .time("GeneratedTime", generated);

    Ok(())
}

/// The report's columns, in IAM's order.
pub(super) const COLUMNS: [&str; 22] = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
];

/// IAM's "not applicable" sentinel.
const NOT_APPLICABLE: &str = "N/A";

/// The credential report's CSV, with the root row first, as IAM writes it. Every value agrees
/// with the other actions: keys with ListAccessKeys and GetAccessKeyLastUsed, certificates with
/// ListSigningCertificates and GetAccountSummary, the root's console sign-ins with CloudTrail.
pub(super) fn credential_report(account: &Account) -> String {
    let mut lines = vec![COLUMNS.join(",")];
    lines.push(root_row(account).join(","));
    let rotation_days = account
        .password_policy
        .as_ref()
        .and_then(|policy| policy.max_password_age);
    for user in &account.users {
        let (password_enabled, password_last_used, password_changed, next_rotation) =
            match user.password {
                Some((created, used)) => (
                    "true",
                    used.map_or_else(|| "no_information".to_string(), iso8601),
                    iso8601(created),
                    rotation_days.map_or_else(
                        || NOT_APPLICABLE.to_string(),
                        |days| iso8601(created + chrono::Duration::days(i64::from(days))),
                    ),
                ),
                None => (
                    "false",
                    NOT_APPLICABLE.to_string(),
                    NOT_APPLICABLE.to_string(),
                    NOT_APPLICABLE.to_string(),
                ),
            };
        let mut row = vec![
            user.name.clone(),
            user.arn.clone(),
            iso8601(user.created),
            password_enabled.to_string(),
            password_last_used,
            password_changed,
            next_rotation,
            (!user.mfa.is_empty()).to_string(),
        ];
        row.extend(key_columns(&user.keys));
        row.extend(certificate_columns(&user.signing_certificates));
        lines.push(row.join(","));
    }
    lines.join("\n")
}

/// The root row. IAM writes `not_supported` for the root's password_enabled,
/// password_last_changed and password_next_rotation (the root's password is not an IAM login
/// profile; GetAccountSummary's AccountPasswordPresent says whether it exists), and the root's
/// last console sign-in, or `no_information` when it never signed in. Without root credentials
/// (central root access management), or without a root password, the password columns say
/// `false` and `N/A`.
fn root_row(account: &Account) -> Vec<String> {
    let root = &account.root;
    let (password_enabled, password_last_used) =
        if root.credentials_removed || root.password.is_none() {
            ("false", NOT_APPLICABLE.to_string())
        } else {
            let last_sign_in = account
                .events
                .iter()
                .find(|event| event.name == "ConsoleLogin" && event.username == "root")
                .map(|event| event.time);
            (
                "not_supported",
                last_sign_in.map_or_else(|| "no_information".to_string(), iso8601),
            )
        };
    let mut row = vec![
        "<root_account>".to_string(),
        format!("arn:aws:iam::{}:root", account.id),
        NOT_APPLICABLE.to_string(),
        password_enabled.to_string(),
        password_last_used,
        "not_supported".to_string(),
        "not_supported".to_string(),
        (!root.mfa_devices.is_empty()).to_string(),
    ];
    if root.keys.is_empty() && root.access_keys_present {
        // The scenario only flags that root keys exist: no dates to give.
        row.extend(["true", "N/A", "N/A", "N/A", "N/A"].map(str::to_string));
        row.extend(["false", "N/A", "N/A", "N/A", "N/A"].map(str::to_string));
    } else {
        row.extend(key_columns(&root.keys));
    }
    row.extend(certificate_columns(&root.signing_certificates));
    row
}

/// The ten access_key_1_* and access_key_2_* columns.
fn key_columns(keys: &[Key]) -> Vec<String> {
    let mut columns = Vec::with_capacity(10);
    for slot in 0..2 {
        match keys.get(slot) {
            Some(key) => {
                columns.push((key.status == "Active").to_string());
                columns.push(iso8601(key.created));
                match &key.last_used {
                    Some((date, service, region)) => {
                        columns.extend([iso8601(*date), region.clone(), service.clone()]);
                    }
                    None => columns.extend([NOT_APPLICABLE; 3].map(str::to_string)),
                }
            }
            None => columns.extend(["false", "N/A", "N/A", "N/A", "N/A"].map(str::to_string)),
        }
    }
    columns
}

/// The four cert_1_* and cert_2_* columns.
fn certificate_columns(certificates: &[SigningCertificate]) -> Vec<String> {
    let mut columns = Vec::with_capacity(4);
    for slot in 0..2 {
        match certificates.get(slot) {
            Some(certificate) => {
                columns.push((certificate.status == "Active").to_string());
                columns.push(iso8601(certificate.uploaded));
            }
            None => columns.extend(["false", NOT_APPLICABLE].map(str::to_string)),
        }
    }
    columns
}
