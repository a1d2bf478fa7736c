//! The CSV writers on a hand-built run with a fixed clock.

use chrono::{DateTime, TimeZone, Utc};
use iam_audit_model::{
    AccessKey, AccessKeyLastUse, AccessKeyStatus, Account, AccountSnapshot, AuditRun,
    CallerIdentity, CloudTrailEvent, CollectionError, ErrorKind, LoginProfile, MfaDevice, MfaKind,
    Observed, ServiceSpecificCredential, SigningCertificate, SshPublicKey, User,
};

use super::*;
use crate::Language;
use crate::days_between;

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

fn user(name: &str) -> User {
    User {
        name: name.to_string(),
        arn: format!("arn:aws:iam::123456789012:user/{name}"),
        user_id: "AIDAEXAMPLE".to_string(),
        path: "/".to_string(),
        created: at(1),
        password_last_used: None,
        login_profile: Observed::Known(None),
        mfa_devices: Observed::Known(Vec::new()),
        access_keys: Observed::Known(Vec::new()),
        ssh_public_keys: Observed::Known(Vec::new()),
        signing_certificates: Observed::Known(Vec::new()),
        service_specific_credentials: Observed::Known(Vec::new()),
        usage: None,
    }
}

/// A run judged by the rules (alice is an administrator, so her key's findings are risky).
fn judged<'a>(run: &'a AuditRun, findings: &'a [iam_audit_rules::Finding]) -> crate::Judged<'a> {
    crate::Judged {
        run,
        findings,
        comparison: None,
        now: now(),
        compliance: &[],
        owners: &iam_audit_rules::NO_OWNERS,
        sla: None,
        trend: &[],
    }
}

fn findings_of(run: &AuditRun) -> Vec<iam_audit_rules::Finding> {
    iam_audit_rules::evaluate(run, &iam_audit_rules::Config::default(), now())
}

pub(crate) fn run() -> AuditRun {
    let mut alice = user("alice");
    alice.password_last_used = Some(at(30));
    alice.login_profile = Observed::Known(Some(LoginProfile {
        created: at(1),
        password_reset_required: false,
    }));
    alice.mfa_devices = Observed::Known(vec![MfaDevice {
        serial: "arn:aws:iam::123456789012:mfa/alice".to_string(),
        kind: MfaKind::Virtual,
        enabled: at(2),
    }]);
    alice.access_keys = Observed::Known(vec![AccessKey {
        id: "AKIAALICE".to_string(),
        status: AccessKeyStatus::Active,
        created: at(1),
        last_used: Observed::Known(AccessKeyLastUse {
            date: Some(at(21)),
            service: Some("s3".to_string()),
            region: Some("eu-west-1".to_string()),
        }),
        activity: Some(Observed::Known(alice_activity())),
    }]);
    alice.ssh_public_keys = Observed::Known(vec![SshPublicKey {
        id: "APKAALICE".to_string(),
        status: AccessKeyStatus::Active,
        uploaded: at(1),
    }]);
    alice.signing_certificates = Observed::Known(vec![SigningCertificate {
        id: "CERTALICE".to_string(),
        status: AccessKeyStatus::Active,
        uploaded: at(2),
        expires: Observed::Known(at(21)),
    }]);
    alice.service_specific_credentials = Observed::Known(vec![ServiceSpecificCredential {
        id: "ACCAALICE".to_string(),
        service_name: "bedrock.amazonaws.com".to_string(),
        status: AccessKeyStatus::Active,
        created: at(3),
        expires: None,
    }]);
    let mut hostile = user("=HYPERLINK(\"http://x\")");
    hostile.ssh_public_keys = Observed::Unknown;
    hostile.login_profile = Observed::Unknown;
    hostile.mfa_devices = Observed::Unknown;
    hostile.access_keys = Observed::Known(vec![AccessKey {
        id: "AKIAHOSTILE".to_string(),
        status: AccessKeyStatus::Inactive,
        created: at(31),
        last_used: Observed::Unknown,
        activity: Some(Observed::Unknown),
    }]);
    let mut snapshot = AccountSnapshot::new(Account {
        id: "123456789012".to_string(),
        name: "Producción-Ñandú".to_string(),
        state: "ACTIVE".to_string(),
        email: None,
    });
    snapshot.users = Observed::Known(vec![alice, hostile]);
    let mut authorization = iam_audit_model::AccountAuthorization::default();
    authorization.users.insert(
        "alice".to_string(),
        iam_audit_model::UserPrivilege {
            class: iam_audit_model::PrivilegeClass::Admin,
            granting_policies: vec!["AdministratorAccess (attached)".to_string()],
            escalation_methods: Vec::new(),
            conditional: false,
            boundary: None,
            unreadable_policies: Vec::new(),
        },
    );
    snapshot.authorization = Observed::Known(authorization);
    snapshot.cloudtrail_events = Observed::Known(vec![CloudTrailEvent {
        event_id: "e1".to_string(),
        event_time: at(5),
        event_name: "CreateUser".to_string(),
        username: Some("admin".to_string()),
        event_source: Some("iam.amazonaws.com".to_string()),
        aws_region: Some("us-east-1".to_string()),
        source_ip_address: Some("203.0.113.1".to_string()),
        access_key_id: None,
        user_agent: Some("@evil".to_string()),
        resources: vec!["alice".to_string(), "-bob".to_string()],
    }]);
    snapshot.errors.push(CollectionError {
        account_id: "123456789012".to_string(),
        api: "iam:GetLoginProfile".to_string(),
        resource: Some("=HYPERLINK(\"http://x\")".to_string()),
        kind: ErrorKind::AccessDenied,
        code: Some("AccessDenied".to_string()),
        message: "denied".to_string(),
    });
    snapshot.finish();
    AuditRun {
        scope: Some(iam_audit_model::RunScope::default()),
        caller: CallerIdentity {
            account_id: "111111111111".to_string(),
            arn: "arn:aws:iam::111111111111:user/a".to_string(),
            user_id: "AIDA".to_string(),
        },
        organization_id: None,
        management_account_id: None,
        standalone: false,
        started_at: now(),
        finished_at: now(),
        accounts: vec![snapshot],
        skipped_accounts: Vec::new(),
        errors: Vec::new(),
        root_credentials_management: Observed::Unknown,
        root_sessions: iam_audit_model::Observed::Unknown,
        retries: 0,
        api_calls: 0,
    }
}

fn written(
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<usize, ReportError>,
) -> (usize, String) {
    let mut buffer = Vec::new();
    let count = write(&mut buffer).unwrap_or(usize::MAX);
    (count, String::from_utf8(buffer).unwrap_or_default())
}

#[test]
fn key_rows_in_english() {
    let run = run();
    let (count, text) = written(|out| {
        write_keys(
            &judged(&run, &findings_of(&run)),
            CsvOptions::new(Language::English, now()),
            out,
        )
    });
    assert_eq!(count, 2);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], KEY_COLUMNS.join(","));
    // Users are sorted by name: `=` sorts before letters.
    assert_eq!(
        lines[2],
        "123456789012,Producción-Ñandú,alice,Configured,2026-03-30T12:00:00Z,AKIAALICE,Active,\
         2026-03-01T12:00:00Z,2026-03-21T12:00:00Z,s3,Virtual,eu-west-1,30,10,1,\
         arn:aws:iam::123456789012:user/alice,2026-03-01T12:00:00Z,admin,26,\
         203.0.113.20 (2); 198.51.100.7 (1),\"'=HYPERLINK(\"\"http://x\"\") (2); aws-cli/2.15 (1)\",,"
    );
    assert_eq!(
        lines[1],
        "123456789012,Producción-Ñandú,\"'=HYPERLINK(\"\"http://x\"\")\",Unknown,Never,AKIAHOSTILE,Inactive,\
         2026-03-31T12:00:00Z,Unknown,Unknown,Unknown,Unknown,0,,,\
         \"arn:aws:iam::123456789012:user/=HYPERLINK(\"\"http://x\"\")\",2026-03-01T12:00:00Z,unknown,,\
         Unknown,Unknown,,"
    );
}

#[test]
fn key_rows_in_spanish_use_the_seeds_words() {
    let mut run = run();
    if let Observed::Known(users) = &mut run.accounts[0].users {
        let alice = users
            .iter_mut()
            .find(|user| user.name == "alice")
            .expect("alice is in the fixture");
        alice.login_profile = Observed::Known(None);
        alice.password_last_used = None;
        alice.access_keys = Observed::Known(vec![AccessKey {
            id: "AKIANEVER".to_string(),
            status: AccessKeyStatus::Active,
            created: at(1),
            last_used: Observed::Known(AccessKeyLastUse::default()),
            activity: None,
        }]);
    }
    let (_, text) = written(|out| {
        write_keys(
            &judged(&run, &findings_of(&run)),
            CsvOptions::new(Language::Spanish, now()),
            out,
        )
    });
    let line = text.lines().nth(2).unwrap_or_default();
    assert!(
        line.starts_with("123456789012,Producción-Ñandú,alice,No configurada,Nunca,AKIANEVER,Active,2026-03-01T12:00:00Z,Nunca utilizada,N/A,Virtual,N/A,30,,1,"),
        "{line}"
    );
    let hostile = text.lines().nth(1).unwrap_or_default();
    assert!(
        hostile.contains(",Desconocido,Nunca,AKIAHOSTILE,"),
        "{hostile}"
    );
}

/// One row per credential, the certificate's expiry in the past as a negative count, a credential
/// without expiry as "Never"; a kind that could not be read has no rows (the users report says
/// Unknown).
#[test]
fn other_credentials_one_row_each() {
    let run = run();
    let (rows, text) =
        written(|out| write_credentials(&run, CsvOptions::new(Language::English, now()), out));
    assert_eq!(rows, 3);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], CREDENTIAL_COLUMNS.join(","));
    assert_eq!(
        lines[1],
        "123456789012,Producción-Ñandú,alice,ssh_public_key,APKAALICE,Active,2026-03-01T12:00:00Z,,,30,"
    );
    assert_eq!(
        lines[2],
        "123456789012,Producción-Ñandú,alice,signing_certificate,CERTALICE,Active,2026-03-02T12:00:00Z,2026-03-21T12:00:00Z,,29,-10"
    );
    assert_eq!(
        lines[3],
        "123456789012,Producción-Ñandú,alice,service_specific_credential,ACCAALICE,Active,2026-03-03T12:00:00Z,Never,bedrock.amazonaws.com,28,"
    );
}

#[test]
fn users_events_and_errors() {
    let run = run();
    let (users, text) = written(|out| {
        write_users(
            &judged(&run, &findings_of(&run)),
            CsvOptions::new(Language::English, now()),
            out,
        )
    });
    assert_eq!(users, 2);
    assert_eq!(text.lines().next(), Some(USER_COLUMNS.join(",").as_str()));
    let alice = text.lines().nth(2).unwrap_or_default();
    assert!(
        alice.ends_with(
            ",Configured,2026-03-01T12:00:00Z,2026-03-30T12:00:00Z,Virtual,1,1,1,1,1,1,admin,51,,,,,"
        ),
        "{alice}"
    );
    assert!(
        text.lines()
            .nth(1)
            .unwrap_or_default()
            .ends_with(",Unknown,Unknown,Never,Unknown,,1,0,Unknown,0,0,unknown,,,,,,")
    );

    let (events, text) = written(|out| write_events(&run, out));
    assert_eq!(events, 1);
    assert_eq!(
        text.lines().nth(1),
        Some(
            "2026-03-05T12:00:00Z,CreateUser,admin,123456789012,Producción-Ñandú,\"alice, -bob\",iam.amazonaws.com,us-east-1,203.0.113.1,,e1"
        )
    );

    let (errors, text) = written(|out| write_errors(&run, out));
    assert_eq!(errors, 1);
    assert_eq!(
        text.lines().nth(1),
        Some(
            "123456789012,Producción-Ñandú,iam:GetLoginProfile,\"'=HYPERLINK(\"\"http://x\"\")\",access_denied,AccessDenied,denied"
        )
    );
}

/// Alice's key: two addresses, a service acting for it, two clients (one hostile), the budget
/// cut it short.
fn alice_activity() -> iam_audit_model::KeyActivity {
    let mut activity = iam_audit_model::exposure::KeyActivityBuilder::new("eu-west-1");
    activity.page();
    for (source, agent) in [
        ("203.0.113.20", "=HYPERLINK(\"http://x\")"),
        ("203.0.113.20", "=HYPERLINK(\"http://x\")"),
        ("198.51.100.7", "aws-cli/2.15.30 Python/3.11.8"),
        (
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
        ),
    ] {
        activity.event(Some(at(20)), Some(source), Some(agent), Some("eu-west-1"));
    }
    activity.finish(false)
}

#[test]
fn day_counts_use_the_injected_clock_and_never_go_negative() {
    assert_eq!(days_between(at(1), now()), 30);
    assert_eq!(days_between(at(31), now()), 0);
    assert_eq!(days_between(now() + chrono::Duration::days(3), now()), 0);
}

/// The documented column lists (`docs/csv.md`) are the row types' fields, in order.
#[test]
fn documented_columns_are_the_row_types() -> Result<(), crate::ReportError> {
    assert_eq!(header::<keys::KeyRow>()?, KEY_COLUMNS);
    assert_eq!(header::<users::UserRow>()?, USER_COLUMNS);
    assert_eq!(header::<events::EventRow>()?, EVENT_COLUMNS);
    assert_eq!(header::<findings::FindingRow>()?, FINDING_COLUMNS);
    assert_eq!(header::<root::RootRow>()?, ROOT_COLUMNS);
    assert_eq!(header::<errors::ErrorRow>()?, ERROR_COLUMNS);
    assert_eq!(
        header::<compliance::ComplianceCsvRow>()?,
        COMPLIANCE_COLUMNS
    );
    assert_eq!(header::<exposed::ExposedKeyRow>()?, EXPOSED_KEY_COLUMNS);
    Ok(())
}
