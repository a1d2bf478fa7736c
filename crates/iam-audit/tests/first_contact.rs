//! What a new user meets first, tried as a new user would: the binary with no credentials, an
//! expired SSO session, a mistyped region, an endpoint that does not answer, a caller that may
//! not list accounts, a standalone account, and output cut short by `head`. Each fatal error is
//! one line naming the fix, with no SDK `Debug` text (issue 12).

mod common;

use std::process::{Command, Stdio};

use common::{Emulator, run};
use iam_audit_emulator::Scenario;

/// The binary with an environment that has no AWS configuration at all.
fn bare_command(home: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_iam-audit"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("LANG", "C.UTF-8")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost");
    command
}

/// Runs a command that must fail fatally; returns its stderr after the common checks: exit 3,
/// one line, no SDK `Debug` text, no report.
fn fatal(mut command: Command, folder: &std::path::Path) -> String {
    let output = command
        .arg("--output-dir")
        .arg(folder)
        .args(["--max-attempts", "1", "--call-timeout", "5"])
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    for debug in [
        "DispatchFailure",
        "ConnectorError",
        "ProviderError",
        " { ",
        "Some(",
    ] {
        assert!(
            !stderr.contains(debug),
            "SDK Debug text `{debug}`: {stderr}"
        );
    }
    assert!(
        common::report_files(folder).is_empty(),
        "no report on a fatal error"
    );
    stderr
}

#[test]
fn no_credentials_at_all_names_the_ways_to_sign_in() {
    let home = tempfile::tempdir().expect("home");
    let mut command = bare_command(home.path());
    command.env("AWS_REGION", "us-east-1");
    let stderr = fatal(command, &home.path().join("reports"));
    assert!(stderr.contains("no AWS credentials were found"), "{stderr}");
    for fix in ["--profile", "aws sso login", "AWS_PROFILE"] {
        assert!(stderr.contains(fix), "{fix}: {stderr}");
    }
    assert!(
        !stderr.contains("AWS_ENDPOINT_URL"),
        "not a network problem: {stderr}"
    );
}

#[test]
fn an_expired_sso_session_says_to_sign_in_again() {
    let home = tempfile::tempdir().expect("home");
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(aws.join("sso/cache")).expect("folders");
    std::fs::write(
        aws.join("config"),
        "[profile mgmt]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Audit\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n",
    )
    .expect("config");
    // The SDK's cache file name is the SHA-1 of the session name ("corp").
    let cache = aws.join(format!("sso/cache/{}.json", sha1_hex("corp")));
    std::fs::write(
        cache,
        r#"{"accessToken":"expired-token","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://example.awsapps.com/start"}"#,
    )
    .expect("cached token");
    let mut command = bare_command(home.path());
    command.args(["--profile", "mgmt"]);
    let stderr = fatal(command, &home.path().join("reports"));
    assert!(
        stderr.contains("session of profile mgmt has expired"),
        "{stderr}"
    );
    assert!(stderr.contains("aws sso login --profile mgmt"), "{stderr}");
    assert!(!stderr.contains("expired-token"), "no token: {stderr}");
}

#[test]
fn a_region_that_does_not_exist_is_named() {
    let home = tempfile::tempdir().expect("home");
    let mut command = bare_command(home.path());
    command
        .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
        .env("AWS_SECRET_ACCESS_KEY", "not-a-secret-0123456789")
        .args(["--region", "xx-nowhere-9"]);
    let stderr = fatal(command, &home.path().join("reports"));
    assert!(stderr.contains("`xx-nowhere-9`"), "{stderr}");
    assert!(stderr.contains("check --region"), "{stderr}");
    assert!(!stderr.contains("not-a-secret"), "{stderr}");
}

#[test]
fn an_endpoint_that_does_not_answer_is_named() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let endpoint = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("address").port()
    );
    drop(listener);
    let home = tempfile::tempdir().expect("home");
    let mut command = bare_command(home.path());
    command
        .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
        .env("AWS_SECRET_ACCESS_KEY", "not-a-secret-0123456789")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", &endpoint);
    let stderr = fatal(command, &home.path().join("reports"));
    assert!(stderr.contains("Connection refused"), "{stderr}");
    assert!(stderr.contains(&endpoint), "{stderr}");
    assert!(stderr.contains("AWS_ENDPOINT_URL"), "{stderr}");
}

#[test]
fn list_accounts_denied_says_where_to_run_from() {
    let mut scenario = iam_audit_emulator::demo_scenario();
    scenario.faults = Scenario::from_toml_str(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n[[accounts]]\nid = \"111111111111\"\nname = \"M\"\n[[faults]]\naction = \"ListAccounts\"\nkind = \"access_denied\"\n",
    )
    .expect("faults")
    .faults;
    let emulator = Emulator::start(scenario);
    let (mut command, home) = common::command(Some(&emulator.url()));
    command.env_remove("IAM_AUDIT_ORGANIZATIONS_RATE");
    let stderr = fatal(command, &home.path().join("reports"));
    assert!(stderr.contains("organizations:ListAccounts"), "{stderr}");
    assert!(
        stderr.contains("management account or a delegated administrator"),
        "{stderr}"
    );
}

/// Regression: AWSOrganizationsNotInUseException was read as AccessDenied, so a standalone
/// account got access-denied advice and no audit.
#[test]
fn an_account_outside_any_organization_is_audited_alone() {
    let scenario = Scenario::from_toml_str(
        r#"
name = "standalone"
[organization]
id = "o-none"
management_account = "111111111111"
in_use = false
[[accounts]]
id = "111111111111"
name = "Solo"
users = [ { name = "solo-admin", created = "-100d", access_keys = [ { created = "-400d", last_used = { date = "-1d", service = "s3", region = "us-east-1" } } ] } ]
"#,
    )
    .expect("scenario");
    let emulator = Emulator::start(scenario);
    let outcome = run(Some(&emulator.url()), &["--no-cloudtrail"]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let announced: Vec<&str> = outcome
        .stdout
        .lines()
        .filter(|line| line.contains("is not in an AWS Organization"))
        .collect();
    assert_eq!(announced.len(), 1, "{}", outcome.stdout);
    assert!(announced[0].contains("111111111111"));
    let keys = outcome.report("iam_audit_report");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["username"], "solo-admin");
    assert!(outcome.report("audit_errors").is_empty());
    assert!(
        outcome
            .report("findings")
            .iter()
            .any(|finding| finding["rule_id"] == "KEY001"),
        "the account's findings are reported"
    );
    assert!(
        emulator
            .calls()
            .iter()
            .all(|call| call.action != "AssumeRole"),
        "the caller's own credentials, no role"
    );
}

/// A pipe whose reader is already gone: every write to it fails with EPIPE.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    writer
}

/// Regression: `iam-audit rules | head` panicked with "failed printing to stdout".
#[test]
fn output_cut_short_ends_quietly_for_every_command() {
    let home = tempfile::tempdir().expect("home");
    for arguments in [
        vec!["rules"],
        vec!["explain", "KEY001"],
        vec!["policy"],
        vec!["completions", "bash"],
        vec!["man"],
    ] {
        let output = bare_command(home.path())
            .args(&arguments)
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{arguments:?}: {stderr}");
        assert!(stderr.is_empty(), "{arguments:?}: {stderr}");
    }
    let folder = home.path().join("demo");
    let output = bare_command(home.path())
        .args(["demo", "--output-dir"])
        .arg(&folder)
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !common::report_files(&folder).is_empty(),
        "the reports are still written"
    );
}

/// SHA-1 of a string, as hex (the SSO token cache's file name), without a crate for one test.
fn sha1_hex(text: &str) -> String {
    let output = Command::new("sha1sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            if let Some(stdin) = child.stdin.as_mut() {
                stdin.write_all(text.as_bytes())?;
            }
            child.wait_with_output()
        })
        .expect("sha1sum (coreutils) runs");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}
