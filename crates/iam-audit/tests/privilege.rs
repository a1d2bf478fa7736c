//! Privilege-aware risk (issue 16) against an independent oracle: users whose privilege is known
//! are built in moto (with AWS's managed policies loaded), the real binary audits the account, and
//! every user must get the expected class; the escalation methods found must agree with
//! cloudsplaining's (PyPI) on the same authorization details, except where we differ on purpose,
//! each difference stated here.
//!
//! The test fails, never skips, when moto or cloudsplaining is missing: run `scripts/test`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use common::moto::Moto;
use serde_json::Value;

/// The oracle's Python: `.venv-oracle` (cloudsplaining 0.9.1 beside boto3), which
/// `scripts/setup-venv` makes apart from `.venv` (checkov pins an older cloudsplaining).
fn oracle_python() -> PathBuf {
    let path = std::env::var_os("IAM_AUDIT_TEST_ORACLE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv-oracle/bin/python")
        });
    assert!(
        path.exists(),
        "{} is missing: run scripts/test, which installs cloudsplaining into .venv-oracle",
        path.display()
    );
    path
}

fn oracle(command: &str, moto: &Moto) -> Value {
    let output = Command::new(oracle_python())
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/moto/privilege_oracle.py"))
        .args([command, &moto.url])
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .expect("the oracle runs");
    assert!(
        output.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the oracle prints JSON")
}

fn methods(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|method| method.as_str().map(str::to_string))
        .collect()
}

/// Methods we find and cloudsplaining 0.9.1 does not have at all (documented in
/// `crates/access/src/escalation.rs`): Rhino's CodeStar paths.
const OURS_ONLY: [&str; 2] = [
    "CreateCodeStarProjectFromTemplate",
    "PassExistingRoleToNewCodeStarProject",
];

#[test]
fn every_user_gets_the_expected_class_and_cloudsplaining_agrees() {
    let moto = Moto::start_with(&[("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")]);
    let made = oracle("setup", &moto);
    let outcome = common::run(
        Some(&moto.url),
        // moto implements no service last accessed report (tested on the emulator, usage.rs).
        &[
            "--no-cloudtrail",
            "--last-accessed",
            "off",
            "--format",
            "csv,json",
            "--lang",
            "en",
        ],
    );
    // moto implements neither ListServiceSpecificCredentials nor ListOrganizationsFeatures.
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(outcome.report_file("iam_audit", "json")).expect("JSON"),
    )
    .expect("parses");
    let ours: BTreeMap<String, &Value> = report["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|user| {
            (
                user["user_name"].as_str().unwrap_or_default().to_string(),
                &user["privilege"],
            )
        })
        .collect();
    for (user, class) in made["expected"].as_object().expect("expected") {
        assert_eq!(
            ours[user.as_str()]["class"],
            *class,
            "{user}: {}",
            ours[user.as_str()]
        );
    }
    // Every error is one of moto's gaps, never the authorization details.
    for row in outcome.report("audit_errors") {
        assert!(
            matches!(
                row["api"].as_str(),
                "iam:ListServiceSpecificCredentials"
                    | "iam:ListOrganizationsFeatures"
                    | "access-analyzer:ListAnalyzers"
            ),
            "{row:?}"
        );
    }

    let theirs = oracle("cloudsplaining", &moto);
    for (user, class) in made["expected"].as_object().expect("expected") {
        let found = methods(&ours[user.as_str()]["escalation_methods"]);
        let oracle_found = methods(&theirs[user.as_str()]);
        println!(
            "{user}: {class}, {} methods ours, {} cloudsplaining's",
            found.len(),
            oracle_found.len()
        );
        match user.as_str() {
            // cloudsplaining judges each policy alone and subtracts a Deny only within its own
            // policy: AdministratorAccess alone escalates every way. We apply the other policy's
            // Deny, which leaves only S3.
            "denied-admin" => {
                assert!(found.is_empty(), "{user}: {found:?}");
                assert!(
                    !oracle_found.is_empty(),
                    "{user}: cloudsplaining saw the admin policy"
                );
            }
            _ => {
                let extra: BTreeSet<&str> = found
                    .difference(&oracle_found)
                    .map(String::as_str)
                    .collect();
                let missing: BTreeSet<&str> = oracle_found
                    .difference(&found)
                    .map(String::as_str)
                    .collect();
                assert!(
                    extra.iter().all(|method| OURS_ONLY.contains(method)),
                    "{user} ({class}): we found {extra:?} that cloudsplaining did not"
                );
                assert!(
                    missing.is_empty(),
                    "{user} ({class}): cloudsplaining found {missing:?} that we did not"
                );
            }
        }
        // The classes follow from the methods: escalation users have some, read-only ones none.
        match class.as_str() {
            Some("privilege_escalation") => assert!(!found.is_empty(), "{user}"),
            Some("read_only" | "none" | "write") => assert!(found.is_empty(), "{user}: {found:?}"),
            _ => {}
        }
    }
}
