//! The floor a scenario's limits allow, computed from the scenario alone.

use iam_audit_emulator::Scenario;

/// Which collection path the audit takes (they make different IAM calls).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// ListUsers and per-user calls.
    Api,
    /// The credential report, then keys and MFA only where they exist.
    CredentialReport,
}

/// IAM and CloudTrail requests one account needs; `polls`: how many times each service last
/// accessed job answers IN_PROGRESS before it completes (the audit reads usage by default).
pub fn calls(
    account: &iam_audit_emulator::scenario::AccountSpec,
    path: Path,
    page: usize,
    polls: u32,
) -> (usize, usize) {
    let users = account.users.len();
    let keys: usize = account
        .users
        .iter()
        .map(|user| user.access_keys.len())
        .sum();
    let root = 2; // GetAccountSummary, ListVirtualMFADevices
    let service_credentials: usize = account
        .users
        .iter()
        .map(|user| user.service_specific_credentials.len())
        .sum();
    // ListServiceSpecificCredentials (AllUsers, every page), GetAccountPasswordPolicy, and
    // GetAccountAuthorizationDetails (one page of up to 1,000 users, groups, roles and policies).
    let account_wide = service_credentials.div_ceil(1000).max(1) + 1 + users.div_ceil(1000).max(1);
    let iam = match path {
        // Per user: ListAccessKeys, ListMFADevices, GetLoginProfile, ListSSHPublicKeys,
        // ListSigningCertificates; per key GetAccessKeyLastUsed.
        Path::Api => users.div_ceil(1000).max(1) + 5 * users + keys + root + account_wide,
        Path::CredentialReport => {
            let count = |has: fn(&iam_audit_emulator::scenario::UserSpec) -> bool| {
                account.users.iter().filter(|user| has(user)).count()
            };
            let with_keys = count(|user| !user.access_keys.is_empty());
            let with_mfa = count(|user| !user.mfa.is_empty());
            let with_certificates = count(|user| !user.signing_certificates.is_empty());
            // STARTED, COMPLETE, then the report itself; SSH keys for every user.
            3 + users + with_keys + with_mfa + with_certificates + root + account_wide
        }
    };
    // Service last accessed, per user with an active key or a console password: the job's
    // GenerateServiceLastAccessedDetails, its IN_PROGRESS polls, and at least one page once it is
    // COMPLETED (a report of up to 1,000 services is one page).
    let credentialed = account
        .users
        .iter()
        .filter(|user| {
            user.password.is_some() || user.access_keys.iter().any(|key| key.status == "Active")
        })
        .count();
    let iam = iam + credentialed * (2 + polls as usize);
    // Five lifecycle lookups and the root ConsoleLogin lookup, each as many pages as its events.
    let mut cloudtrail = 0;
    for name in [
        "CreateUser",
        "DeleteUser",
        "CreateAccessKey",
        "DeleteAccessKey",
        "DeleteLoginProfile",
        "ConsoleLogin",
    ] {
        let events = account
            .events
            .iter()
            .filter(|event| event.name == name)
            .count();
        cloudtrail += events.div_ceil(page).max(1);
    }
    (iam, cloudtrail)
}

/// The floor in seconds.
pub fn floor(scenario: &Scenario, path: Path) -> f64 {
    let settings = &scenario.settings;
    let latency = settings.latency_ms as f64 / 1000.0;
    let rate = |value: Option<f64>| value.filter(|rate| *rate > 0.0).unwrap_or(f64::INFINITY);
    let organizations = rate(settings.rate_limits.organizations);
    let sts = rate(settings.rate_limits.sts);
    let iam = rate(settings.rate_limits.iam);
    let cloudtrail = rate(settings.rate_limits.cloudtrail);
    let page = settings.page_size.list_accounts.max(1);
    let management = &scenario.organization.management_account;
    let mut worst: f64 = 0.0;
    let mut members = 0usize;
    for (index, account) in scenario.accounts.iter().enumerate() {
        // The page listing this account arrives after the pages before it, paced.
        let listed = (index / page) as f64 / organizations + latency;
        let session = if &account.id == management {
            listed
        } else {
            let assumed = listed.max(members as f64 / sts) + latency;
            members += 1;
            assumed
        };
        let (iam_calls, cloudtrail_calls) = calls(
            account,
            path,
            settings.page_size.lookup_events.max(1),
            settings.last_accessed_polls,
        );
        let reads = ((iam_calls.saturating_sub(1)) as f64 / iam)
            .max((cloudtrail_calls.saturating_sub(1)) as f64 / cloudtrail);
        worst = worst.max(session + reads + latency);
    }
    worst
}

#[cfg(test)]
mod tests {
    use iam_audit_emulator::scenario::RateLimits;
    use iam_audit_emulator::{GeneratorOptions, generate};

    use super::*;

    #[test]
    fn the_floor_follows_the_busiest_account_and_sts() {
        let options = GeneratorOptions {
            accounts: 200,
            users_per_account: 20,
            keys_per_account: 30,
            events_per_account: 3,
            latency_ms: 0,
            rate_limits: RateLimits {
                iam: Some(10.0),
                cloudtrail: Some(2.0),
                sts: Some(100.0),
                organizations: Some(5.0),
            },
            ..GeneratorOptions::default()
        };
        let scenario = generate(&options);
        let account = &scenario.accounts[1];
        let (iam, cloudtrail) = calls(account, Path::Api, 50, 1);
        let credentialed = account
            .users
            .iter()
            .filter(|user| {
                user.password.is_some() || user.access_keys.iter().any(|key| key.status == "Active")
            })
            .count();
        assert!(credentialed > 10, "{credentialed}");
        // ListUsers; 5 per user, 1 per key; the root's 2; AllUsers, the password policy and the
        // authorization details; per credentialed user a job, one IN_PROGRESS poll and its report.
        assert_eq!(iam, 1 + 100 + 30 + 2 + 3 + 3 * credentialed);
        assert_eq!(cloudtrail, 6);
        // The last member is listed on page 10 (2 s) and assumed at 199/100 s; then its IAM calls
        // at 10/s (the busiest account's).
        let busiest = scenario.accounts[1..]
            .iter()
            .map(|account| calls(account, Path::Api, 50, 1).0)
            .max()
            .unwrap_or_default();
        let floor = floor(&scenario, Path::Api);
        assert!(floor >= 2.0 + (iam - 1) as f64 / 10.0, "{floor}");
        assert!(floor <= 2.0 + 0.01 + (busiest - 1) as f64 / 10.0, "{floor}");
    }
}
