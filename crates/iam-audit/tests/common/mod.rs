//! Shared by the integration tests: run the real `iam-audit` binary against an endpoint, read its
//! reports back.

#![allow(dead_code)]

pub mod moto;
pub mod slack;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use iam_audit_emulator::{CALLER_ACCESS_KEY_ID, RunningEmulator, Scenario};

/// A secret the tests sign with; no test output may ever contain it.
pub const CALLER_SECRET: &str = "TESTSECRETdoNotLeak0123456789abcdefghijkl";

/// One CSV row, by column name.
pub type Row = BTreeMap<String, String>;

/// An emulator running on its own runtime while the test thread runs the binary.
pub struct Emulator {
    pub runtime: tokio::runtime::Runtime,
    pub server: Option<RunningEmulator>,
}

impl Emulator {
    pub fn start(scenario: Scenario) -> Emulator {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime for the emulator");
        let server = runtime
            .block_on(RunningEmulator::start(scenario, 0))
            .expect("the emulator binds a free port");
        Emulator {
            runtime,
            server: Some(server),
        }
    }

    pub fn server(&self) -> &RunningEmulator {
        self.server.as_ref().expect("running")
    }

    pub fn url(&self) -> String {
        self.server().endpoint_url()
    }

    pub fn calls(&self) -> Vec<iam_audit_emulator::Call> {
        self.server().calls()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown());
        }
    }
}

/// What a run of the binary left behind.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub folder: PathBuf,
    _temporary: tempfile::TempDir,
}

impl Outcome {
    /// The rows of the report whose name starts with `prefix_` (panics when there is none or
    /// more than one).
    pub fn report(&self, prefix: &str) -> Vec<Row> {
        read_csv(&self.report_path(prefix))
    }

    pub fn report_path(&self, prefix: &str) -> PathBuf {
        let matches: Vec<PathBuf> = report_files(&self.folder)
            .into_iter()
            .filter(|path| {
                path.file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| {
                        name.starts_with(&format!("{prefix}_"))
                            && name[prefix.len() + 1..].starts_with("20")
                    })
            })
            .collect();
        assert_eq!(
            matches.len(),
            1,
            "one {prefix} report expected in {:?}",
            report_files(&self.folder)
        );
        matches[0].clone()
    }

    /// The report `prefix_<stamp>.<extension>` (for names shared by several formats).
    pub fn report_file(&self, prefix: &str, extension: &str) -> PathBuf {
        let matches: Vec<PathBuf> = report_files(&self.folder)
            .into_iter()
            .filter(|path| path.extension().is_some_and(|found| found == extension))
            .filter(|path| {
                path.file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.starts_with(&format!("{prefix}_2")))
            })
            .collect();
        assert_eq!(
            matches.len(),
            1,
            "one {prefix} .{extension} report expected in {:?}",
            report_files(&self.folder)
        );
        matches[0].clone()
    }

    pub fn has_report(&self, prefix: &str) -> bool {
        report_files(&self.folder).iter().any(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(&format!("{prefix}_")))
        })
    }

    /// Everything the run printed.
    pub fn all_output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

pub fn report_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).expect("report readable");
    let headers = reader.headers().expect("header row").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("valid CSV row");
            headers
                .iter()
                .zip(record.iter())
                .map(|(header, value)| (header.to_string(), value.to_string()))
                .collect()
        })
        .collect()
}

pub fn header(path: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).expect("report readable");
    reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect()
}

/// A command for the binary with a clean, hermetic AWS environment pointed at `endpoint`.
pub fn command(endpoint: Option<&str>) -> (Command, tempfile::TempDir) {
    let home = tempfile::tempdir().expect("temporary home");
    let mut command = Command::new(env!("CARGO_BIN_EXE_iam-audit"));
    for (name, _) in std::env::vars() {
        if name.starts_with("AWS_")
            || name == "LANG"
            || name.starts_with("LC_")
            || name.starts_with("IAM_AUDIT_LOG")
        {
            command.env_remove(name);
        }
    }
    command
        .env("HOME", home.path())
        .env("AWS_ACCESS_KEY_ID", CALLER_ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", CALLER_SECRET)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env("LANG", "C.UTF-8")
        // The emulator's scenarios set their own limits where a test is about them.
        .env("IAM_AUDIT_IAM_RATE", "0")
        .env("IAM_AUDIT_CLOUDTRAIL_RATE", "0")
        .env("IAM_AUDIT_STS_RATE", "0")
        .env("IAM_AUDIT_ORGANIZATIONS_RATE", "0");
    if let Some(endpoint) = endpoint {
        command.env("AWS_ENDPOINT_URL", endpoint);
    }
    (command, home)
}

/// Runs the binary with `arguments`, reports into a fresh folder.
pub fn run(endpoint: Option<&str>, arguments: &[&str]) -> Outcome {
    run_with(endpoint, arguments, |_| {})
}

/// Like [`run`], with a chance to change the command (extra environment).
pub fn run_with(
    endpoint: Option<&str>,
    arguments: &[&str],
    change: impl FnOnce(&mut Command),
) -> Outcome {
    let (mut command, home) = command(endpoint);
    let folder = home.path().join("reports");
    command.args(arguments).arg("--output-dir").arg(&folder);
    change(&mut command);
    let output = command.output().expect("the binary runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        folder,
        _temporary: home,
    }
}

/// Like [`run_with`], without `--output-dir` (the arguments name the output themselves, an
/// `s3://` location for example); `folder` is still a fresh empty folder.
pub fn run_raw(
    endpoint: Option<&str>,
    arguments: &[&str],
    change: impl FnOnce(&mut Command),
) -> Outcome {
    let (mut command, home) = command(endpoint);
    let folder = home.path().join("reports");
    command.args(arguments);
    change(&mut command);
    let output = command.output().expect("the binary runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        folder,
        _temporary: home,
    }
}

/// Rows whose `column` equals `value`.
pub fn rows_where<'a>(rows: &'a [Row], column: &str, value: &str) -> Vec<&'a Row> {
    rows.iter().filter(|row| row[column] == value).collect()
}

/// The one row whose `column` equals `value`.
pub fn row_where<'a>(rows: &'a [Row], column: &str, value: &str) -> &'a Row {
    let found = rows_where(rows, column, value);
    assert_eq!(found.len(), 1, "exactly one row with {column}={value}");
    found[0]
}

/// RFC 3339 as the reports write it.
pub fn rfc3339(moment: chrono::DateTime<chrono::Utc>) -> String {
    moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Validates a JSON document against a schema of `docs/` with Python's jsonschema (an independent
/// validator, installed by `scripts/test`); panics with the reasons when it does not match.
pub fn validate_json(schema: &str, document: &Path) {
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(schema);
    let script = "import json,sys,jsonschema\n\
        schema=json.load(open(sys.argv[1]))\n\
        jsonschema.Draft202012Validator.check_schema(schema)\n\
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(json.load(open(sys.argv[2])))\n\
        print('valid')";
    let output = Command::new(moto::venv_tool("IAM_AUDIT_TEST_PYTHON", "python"))
        .args(["-c", script])
        .arg(&schema)
        .arg(document)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{} does not match {}: {}",
        document.display(),
        schema.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
