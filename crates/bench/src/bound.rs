//! The floor a scenario's limits allow, computed from the scenario alone.

use std::collections::BTreeMap;

use iam_audit_emulator::Scenario;

/// Which collection path the audit takes (they make different IAM calls).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// ListUsers and per-user calls.
    Api,
    /// The credential report, then keys and MFA only where they exist.
    CredentialReport,
}

/// The audit's defaults that shape its CloudTrail requests (what the benchmark runs): the window
/// (`--cloudtrail-days`), the key activity budget (`--key-activity-pages`), the home region.
const WINDOW_DAYS: i64 = 90;
const KEY_ACTIVITY_PAGES: usize = 2;
const HOME_REGION: &str = "us-east-1";

/// IAM requests one account needs, and its CloudTrail requests by region (LookupEvents is paced
/// per account and region); `polls`: how many times each service last accessed job answers
/// IN_PROGRESS before it completes (the audit reads usage by default).
pub fn calls(
    account: &iam_audit_emulator::scenario::AccountSpec,
    path: Path,
    page: usize,
    polls: u32,
) -> (usize, BTreeMap<String, usize>) {
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
    let mut by_region = BTreeMap::from([(HOME_REGION.to_string(), cloudtrail)]);
    for (region, pages) in key_activity(account, page) {
        *by_region.entry(region).or_default() += pages;
    }
    (iam, by_region)
}

/// The key activity lookups of one account, one per active key used within the window, in the
/// region it was last used in: as many pages as its events there fill, within the budget.
fn key_activity(
    account: &iam_audit_emulator::scenario::AccountSpec,
    page: usize,
) -> Vec<(String, usize)> {
    let now = chrono::Utc::now();
    let window_start = now - chrono::Duration::days(WINDOW_DAYS);
    let mut lookups = Vec::new();
    for user in &account.users {
        for (index, key) in user.access_keys.iter().enumerate() {
            let Some(used) = key.last_used.as_ref() else {
                continue;
            };
            if !key.status.eq_ignore_ascii_case("Active") || used.date.resolve(now) < window_start {
                continue;
            }
            let region = if used.region.is_empty() || used.region == "N/A" {
                HOME_REGION.to_string()
            } else {
                used.region.clone()
            };
            let events: usize = user
                .activity
                .iter()
                .filter(|activity| activity.key == index + 1 && activity.region == region)
                .map(|activity| activity.events as usize)
                .sum();
            lookups.push((region, events.div_ceil(page).clamp(1, KEY_ACTIVITY_PAGES)));
        }
    }
    lookups
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
        let cloudtrail_reads = cloudtrail_calls
            .values()
            .map(|calls| calls.saturating_sub(1) as f64 / cloudtrail)
            .fold(0.0, f64::max);
        let reads = ((iam_calls.saturating_sub(1)) as f64 / iam).max(cloudtrail_reads);
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
        // Six lookups (five lifecycle events and the root's sign-in), and one page per active
        // key used within the window (the generated keys have no activity: one empty page).
        let used_in_window = key_activity(account, 50).len();
        assert!(
            used_in_window > 0 && used_in_window < 30,
            "{used_in_window}"
        );
        assert_eq!(
            cloudtrail,
            BTreeMap::from([("us-east-1".to_string(), 6 + used_in_window)])
        );
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

    /// Issue 22: each active key used within the window is one lookup (or as many pages as its
    /// events fill, up to the budget) in the region it was last used in, paced apart from the
    /// home region's lookups.
    #[test]
    fn the_floor_counts_each_keys_activity_lookups_by_region() {
        let scenario = iam_audit_emulator::demo_scenario();
        let page = scenario.settings.page_size.lookup_events.max(1);
        let production = scenario
            .accounts
            .iter()
            .find(|account| account.id == "123456789012")
            .expect("Production");
        let lookups = key_activity(production, page);
        let regions: BTreeMap<&str, usize> =
            lookups
                .iter()
                .fold(BTreeMap::new(), |mut regions, (region, pages)| {
                    *regions.entry(region.as_str()).or_default() += pages;
                    regions
                });
        // bob.dev's key was last used in us-west-2 50 days ago; backup-agent's active key, in
        // eu-west-1, 120 days ago (outside the window: not looked up).
        assert_eq!(regions.get("us-west-2"), Some(&1));
        assert_eq!(regions.get("eu-west-1"), None);
        // ci-deploy's first key (8 events in pages of 3) and s3-sync's (8) take the two pages of
        // the budget; terraform's (5 in us-east-1) two; github-actions' (5) two.
        assert!(lookups.iter().filter(|(_, pages)| *pages == 2).count() >= 4);
        let (_, by_region) = calls(production, Path::Api, page, 0);
        assert_eq!(by_region.get("us-west-2"), Some(&1));
    }
}
