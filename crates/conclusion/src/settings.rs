//! What the conclusion of a run needs, validated: where the reports go and in which formats and
//! language, how findings are judged, which earlier run to compare with, and what to deliver.
//! The command line (and a Lambda event) are turned into these by the binary's settings, once,
//! before any AWS call.

use std::path::{Path, PathBuf};

use iam_audit_deliver::{DeliveryPlan, NotifyTarget, OutputLocation, WebhookSource};
use iam_audit_history::RunView;
use iam_audit_report::json::RunOptions;
use iam_audit_report::registry::Format;
use iam_audit_report::{Language, ReportFolder};
use iam_audit_rules::compliance::Framework;
use iam_audit_rules::{Config, Severity};

/// Which reports to write, deduplicated and in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(Vec<Format>);

impl Formats {
    /// The formats given, sorted and deduplicated.
    pub fn new(formats: &[Format]) -> Formats {
        let mut formats = formats.to_vec();
        formats.sort();
        formats.dedup();
        Formats(formats)
    }

    /// Whether `format` is asked for.
    pub fn has(&self, format: Format) -> bool {
        self.0.contains(&format)
    }

    /// The formats.
    pub fn list(&self) -> &[Format] {
        &self.0
    }

    /// The names, as the JSON report records them.
    pub fn names(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|format| format.name().to_string())
            .collect()
    }
}

/// Where reports go, in which language.
pub struct OutputSettings {
    /// Where the reports end up.
    pub location: OutputLocation,
    /// The prepared folder they are written to: the output folder, or the staging folder of an
    /// S3 output.
    pub folder: ReportFolder,
    /// The folder's path.
    pub folder_path: PathBuf,
    /// The run's report timestamp.
    pub stamp: String,
    /// The language.
    pub language: Language,
    /// Which reports.
    pub formats: Formats,
}

/// How findings are judged, validated.
pub struct JudgingSettings {
    /// Thresholds, overrides, suppressions.
    pub config: Config,
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `--fail-on-overdue`.
    pub fail_on_overdue: Option<Severity>,
    /// `--compliance`: the frameworks of the compliance evidence, in `FRAMEWORKS` order.
    pub compliance: Vec<&'static Framework>,
}

/// An earlier run read: its view and where it came from.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// What the earlier run reported.
    pub view: RunView,
    /// Its file or `s3://` URI.
    pub location: String,
}

/// `--baseline` as the run holds it: a file is read and checked before the audit (an unusable
/// one is the command line's fault), the others can only be read after it.
#[derive(Debug, Clone)]
pub enum BaselineSetting {
    /// A file, read and checked.
    Loaded(Box<Baseline>),
    /// A JSON report in S3.
    S3 {
        /// The bucket.
        bucket: String,
        /// The object's key.
        key: String,
    },
    /// The newest earlier report in the output location.
    Auto,
}

/// Memory and delivery, validated.
#[derive(Clone, Debug, Default)]
pub struct DeliverySettings {
    /// `--baseline`.
    pub baseline: Option<BaselineSetting>,
    /// `--allow-other-organization`: compare with a baseline of another organization, every
    /// change then marked as crossing organizations.
    pub across_organizations: bool,
    /// `--fail-on-new`.
    pub fail_on_new: Option<Severity>,
    /// `--notify`.
    pub notify: Vec<NotifyTarget>,
    /// The webhook, when Slack is notified.
    pub webhook: Option<WebhookSource>,
    /// `--s3-kms-key`.
    pub kms_key: Option<String>,
    /// `--s3-bucket-owner`; the caller's account when `None`.
    pub bucket_owner: Option<String>,
    /// `--presign-hours`.
    pub presign: Option<std::time::Duration>,
}

/// Everything the conclusion of a run needs.
pub struct ConclusionSettings {
    /// Where reports go.
    pub output: OutputSettings,
    /// How findings are judged.
    pub judging: JudgingSettings,
    /// Memory between runs and delivery.
    pub delivery: DeliverySettings,
    /// The options as the JSON report records them.
    pub run_options: RunOptions,
    /// The home region (ASFF and OCSF name it).
    pub region: String,
    /// The run is a shard (`--shard K/N`): no comparison, no notification, no `latest.json`.
    pub shard: bool,
    /// `-q`.
    pub quiet: bool,
}

impl ConclusionSettings {
    /// What the run delivers, for a run by `caller_account`.
    pub fn delivery_plan(&self, caller_account: &str) -> DeliveryPlan {
        DeliveryPlan {
            location: self.output.location.clone(),
            stamp: self.output.stamp.clone(),
            folder_path: self.output.folder_path.clone(),
            notify: self.delivery.notify.clone(),
            webhook: self.delivery.webhook.clone(),
            kms_key: self.delivery.kms_key.clone(),
            bucket_owner: self.bucket_owner(caller_account),
            presign: self.delivery.presign,
            shard: self.shard,
            language: self.output.language,
            routes: self.judging.config.routes.clone(),
        }
    }

    /// Whether concluding needs the caller's AWS configuration: a delivery, or a baseline in S3.
    pub fn needs_aws(&self, caller_account: &str) -> bool {
        self.delivery_plan(caller_account).needs_aws()
            || matches!(self.delivery.baseline, Some(BaselineSetting::S3 { .. }))
    }

    /// The account that must own the bucket: `--s3-bucket-owner`, else the caller's.
    pub fn bucket_owner(&self, caller_account: &str) -> String {
        self.delivery
            .bucket_owner
            .clone()
            .unwrap_or_else(|| caller_account.to_string())
    }
}

/// The staging folder of an S3 run: the reports are written here, uploaded, and the folder is
/// removed once every upload succeeded (kept, and named, when one failed).
pub fn staging_folder(stamp: &str) -> PathBuf {
    std::env::temp_dir().join(format!("iam-audit-{stamp}-{}", std::process::id()))
}

/// The newest `iam_audit_<stamp>.json` in `folder` whose stamp is before `stamp`.
pub fn newest_report_before(folder: &Path, stamp: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(folder).ok()?;
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            let earlier = name
                .strip_prefix("iam_audit_")?
                .strip_suffix(".json")
                .filter(|candidate| {
                    candidate.len() == 15
                        && candidate.as_bytes()[8] == b'_'
                        && candidate.chars().all(|c| c.is_ascii_digit() || c == '_')
                        && *candidate < stamp
                })?
                .to_string();
            Some((earlier, entry.path()))
        })
        .max()
        .map(|(_, path)| path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_earlier_report_is_found_and_others_ignored() {
        let folder = tempfile::tempdir().expect("folder");
        for name in [
            "iam_audit_20261116_090000.json",
            "iam_audit_20261123_090000.json",
            "iam_audit_20261130_090000.json",
            "iam_audit_asff_20261129_090000.json",
            "iam_audit_20261124_090000.html",
        ] {
            std::fs::write(folder.path().join(name), "{}").expect("written");
        }
        let found = newest_report_before(folder.path(), "20261130_090000");
        assert_eq!(
            found.and_then(|path| path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())),
            Some("iam_audit_20261123_090000.json".to_string())
        );
        assert_eq!(newest_report_before(folder.path(), "20261101_000000"), None);
    }
}
