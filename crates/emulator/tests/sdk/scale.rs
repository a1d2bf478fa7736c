//! Large generated organizations (issue 26): the standalone binary generates and serves one
//! directly (`--serve-generated`), or prints it as TOML or JSON that reads back the same.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use iam_audit_emulator::Scenario;

use crate::support::caller;

const BINARY: &str = env!("CARGO_BIN_EXE_iam-audit-emulator");

/// Kills the child when dropped.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_generated_organization_is_served_without_a_file() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let port_file = folder.path().join("port");
    let _child = Child(
        Command::new(BINARY)
            .args([
                "--generate-accounts",
                "200",
                "--users-per-account",
                "5",
                "--keys-per-account",
                "8",
                "--serve-generated",
                "--port",
                "0",
                "--port-file",
            ])
            .arg(&port_file)
            .stderr(Stdio::null())
            .spawn()
            .expect("the emulator starts"),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let port = loop {
        if let Ok(port) = std::fs::read_to_string(&port_file)
            && !port.is_empty()
        {
            break port.trim().to_string();
        }
        assert!(Instant::now() < deadline, "no port");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let config = aws_types::SdkConfig::builder()
        .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
        .region(aws_types::region::Region::new("us-east-1"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(caller()),
        )
        .build();
    let organizations = aws_sdk_organizations::Client::new(&config);
    let pages: Vec<_> = organizations
        .list_accounts()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListAccounts");
    let accounts: usize = pages.iter().map(|page| page.accounts().len()).sum();
    assert_eq!(accounts, 201);
}

#[test]
fn a_generated_organization_prints_as_toml_and_json_alike() {
    let print = |format: &[&str]| {
        let output = Command::new(BINARY)
            .args([
                "--generate-accounts",
                "20",
                "--users-per-account",
                "5",
                "--keys-per-account",
                "8",
            ])
            .args(format)
            .output()
            .expect("the emulator runs");
        assert!(output.status.success());
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let toml = Scenario::from_toml_str(&print(&[])).expect("TOML reads back");
    let json = Scenario::from_json_str(&print(&["--json"])).expect("JSON reads back");
    assert_eq!(toml.to_toml().ok(), json.to_toml().ok());
    let users: Vec<usize> = toml.accounts[1..]
        .iter()
        .map(|account| account.users.len())
        .collect();
    assert!(users.iter().all(|count| *count == 5));
    let keys: usize = toml.accounts[1]
        .users
        .iter()
        .map(|user| user.access_keys.len())
        .sum();
    assert_eq!(keys, 8);
}
