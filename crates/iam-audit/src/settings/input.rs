//! The one rule for input that cannot be used, for every file the tool is handed before it
//! starts (`--config`, `--baseline FILE`, `diff`'s and `merge`'s reports, scanner files): read it
//! and check it here, before any AWS call, and refuse it with one line that names the input, the
//! file and the cause. The command then exits 64 having audited and written nothing.

use std::path::Path;

use iam_audit_history::RunView;

use super::{InvalidInput, usage};

/// The bytes of `path`, given as `input` (`--config`, `OLD`, `SHARD.json`...).
pub fn read_file(path: &Path, input: &str) -> Result<Vec<u8>, InvalidInput> {
    std::fs::read(path).map_err(|error| {
        let id = if error.kind() == std::io::ErrorKind::NotFound {
            "usage-report-missing"
        } else {
            "usage-input-unreadable"
        };
        usage(
            id,
            &[
                ("input", input.to_string()),
                ("path", path.display().to_string()),
                ("error", error.to_string()),
            ],
        )
    })
}

/// The text of `path`, which must be UTF-8.
pub fn read_text(path: &Path, input: &str) -> Result<String, InvalidInput> {
    let bytes = read_file(path, input)?;
    String::from_utf8(bytes).map_err(|error| {
        usage(
            "usage-input-not-utf8",
            &[
                ("input", input.to_string()),
                ("path", path.display().to_string()),
                ("offset", error.utf8_error().valid_up_to().to_string()),
            ],
        )
    })
}

/// An earlier run's JSON report (`--baseline`, `diff`'s OLD and NEW): not a report, a future
/// major version, or truncated is refused, naming it.
pub fn run_report(bytes: &[u8], input: &str, location: &str) -> Result<RunView, InvalidInput> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        usage(
            "usage-input-not-utf8",
            &[
                ("input", input.to_string()),
                ("path", location.to_string()),
                ("offset", error.valid_up_to().to_string()),
            ],
        )
    })?;
    RunView::from_json(text, location).map_err(|error| {
        usage(
            "usage-report-invalid",
            &[("input", input.to_string()), ("error", error.to_string())],
        )
    })
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(4000)))]

        /// Any bytes given as a run report are a view or one line naming the input: never a
        /// panic.
        #[test]
        fn any_bytes_read_as_a_report_or_are_refused_in_one_line(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            if let Err(error) = run_report(&bytes, "--baseline", "old.json") {
                prop_assert!(error.0.starts_with("--baseline"));
                prop_assert_eq!(error.0.lines().count(), 1);
            }
        }

        /// JSON shaped like a report with any values in it.
        #[test]
        fn report_shaped_json_never_panics(version in "[0-9]\\.[0-9]", started in ".{0,30}", organization in proptest::option::of(".{0,20}"), accounts in proptest::collection::vec(("[0-9]{0,13}", ".{0,8}", prop_oneof!["complete", "failed", "incomplete", "odd"]), 0..4)) {
            let accounts: Vec<serde_json::Value> = accounts.iter().map(|(id, name, status)| serde_json::json!({"id": id, "name": name, "audit_status": status, "users": 1})).collect();
            let document = serde_json::json!({
                "schema_version": version,
                "run": {"started_at": started, "organization_id": organization, "complete": true},
                "accounts": accounts, "users": [], "access_keys": [], "findings": [], "errors": [],
            });
            let _ = run_report(document.to_string().as_bytes(), "OLD", "old.json");
        }
    }
}
