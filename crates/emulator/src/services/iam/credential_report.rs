//! The credential report: generated after the scenario's delay, then served as IAM writes it.

use axum::http::StatusCode;
use base64::Engine;
use chrono::Utc;

use super::Context;
use crate::protocol::{AwsError, Xml, iso8601};
use crate::server::lock;
use crate::world::Account;

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

/// The credential report's CSV, with the root row first, as IAM writes it.
fn credential_report(account: &Account) -> String {
    let header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    let mut lines = vec![header.to_string()];
    let root_password = if account.root.credentials_removed {
        "false"
    } else {
        "not_supported"
    };
    lines.push(format!(
        "<root_account>,arn:aws:iam::{}:root,N/A,{root_password},no_information,not_supported,not_supported,{},{},N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        account.id,
        account.root.mfa != "none",
        account.root.access_keys_present,
    ));
    for user in &account.users {
        let (password_enabled, password_last_used, password_changed) = match user.password {
            Some((created, used)) => (
                "true",
                used.map_or_else(|| "no_information".to_string(), iso8601),
                iso8601(created),
            ),
            None => ("false", "N/A".to_string(), "N/A".to_string()),
        };
        let mut row = vec![
            user.name.clone(),
            user.arn.clone(),
            iso8601(user.created),
            password_enabled.to_string(),
            password_last_used,
            password_changed,
            "N/A".to_string(),
            (!user.mfa.is_empty()).to_string(),
        ];
        for slot in 0..2 {
            match user.keys.get(slot) {
                Some(key) => {
                    row.push((key.status == "Active").to_string());
                    row.push(iso8601(key.created));
                    match &key.last_used {
                        Some((date, service, region)) => {
                            row.extend([iso8601(*date), region.clone(), service.clone()]);
                        }
                        None => {
                            row.extend(["N/A".to_string(), "N/A".to_string(), "N/A".to_string()])
                        }
                    }
                }
                None => row.extend(["false", "N/A", "N/A", "N/A", "N/A"].map(str::to_string)),
            }
        }
        row.extend(["false", "N/A", "false", "N/A"].map(str::to_string));
        lines.push(row.join(","));
    }
    lines.join("\n")
}
