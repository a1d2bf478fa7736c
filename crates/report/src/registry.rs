//! Every report a run can write, in one table: which `--format` asks for it, its file name, how
//! the console announces it, and its writer. A new report is one writer and one entry here; the
//! JSON report is written last, by [`write_json_report`], because it records the deliveries.

use std::io::Write;
use std::path::PathBuf;

use crate::csv::{
    CsvOptions, write_compliance, write_credentials, write_errors, write_events,
    write_exposed_keys, write_findings, write_keys, write_root, write_users,
};
use crate::files::FolderWriter;
use crate::json::RunRecord;
use crate::{Judged, Language, ReportError, ReportFolder};

/// A report format, as `--format` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// The original's CSV files and ours.
    Csv,
    /// One JSON document for pipelines.
    Json,
    /// A self-contained HTML dashboard.
    Html,
    /// AWS Security Finding Format, for Security Hub CSPM.
    Asff,
    /// OCSF Compliance Findings, for Security Hub and Security Lake.
    Ocsf,
    /// Every control of every chosen framework in every account: `compliance_<ts>.csv`.
    Compliance,
    /// The suggested least-privilege policies, one file per user (a folder).
    Policies,
}

impl Format {
    /// Every format, in the order reports are written.
    pub const ALL: [Format; 7] = [
        Format::Csv,
        Format::Json,
        Format::Html,
        Format::Asff,
        Format::Ocsf,
        Format::Compliance,
        Format::Policies,
    ];

    /// The name as `--format` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
            Format::Asff => "asff",
            Format::Ocsf => "ocsf",
            Format::Compliance => "compliance",
            Format::Policies => "policies",
        }
    }
}

/// How the console announces a report (the original tool's lines for its three CSVs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The keys report (the original's).
    Keys,
    /// The users report.
    Users,
    /// The other long-term credentials' report.
    Credentials,
    /// The CloudTrail events report.
    Events,
    /// The findings report.
    Findings,
    /// The root report.
    Root,
    /// The errors report (announced even with `-q` when something could not be read).
    Errors,
    /// The suggested policies' folder, with how many it holds.
    Policies(usize),
    /// Any other file.
    File,
}

/// A report written to the folder.
#[derive(Debug, Clone)]
pub struct Written {
    /// The local file.
    pub path: PathBuf,
    /// How the console announces it.
    pub kind: Kind,
}

/// What the writers get.
pub struct Inputs<'a> {
    /// The judged run.
    pub judged: Judged<'a>,
    /// The reports' language.
    pub language: Language,
    /// The home region (ASFF and OCSF resources name it).
    pub region: &'a str,
}

impl Inputs<'_> {
    /// Whether CloudTrail was read: its events report is written only then.
    fn cloudtrail_collected(&self) -> bool {
        let run = self.judged.run;
        run.scope.as_ref().map_or_else(
            || {
                run.accounts
                    .iter()
                    .any(|snapshot| snapshot.cloudtrail_collected)
            },
            |scope| scope.cloudtrail_days.is_some(),
        )
    }

    fn csv(&self) -> CsvOptions {
        CsvOptions::new(self.language, self.judged.now)
    }
}

/// One report file: its format, name (`<prefix>_<stamp>.<extension>`), announcement, whether it
/// is written for this run, and its writer.
struct Entry {
    format: Format,
    prefix: &'static str,
    extension: &'static str,
    kind: Kind,
    wanted: fn(&Inputs<'_>) -> bool,
    write: fn(&Inputs<'_>, &mut dyn Write) -> Result<(), ReportError>,
}

fn always(_: &Inputs<'_>) -> bool {
    true
}

/// Every report but the JSON one, in the order they are written and announced.
static REPORTS: [Entry; 12] = [
    Entry {
        format: Format::Csv,
        prefix: "iam_audit_report",
        extension: "csv",
        kind: Kind::Keys,
        wanted: always,
        write: |inputs, out| write_keys(&inputs.judged, inputs.csv(), out).map(drop),
    },
    Entry {
        format: Format::Csv,
        prefix: "iam_users_report",
        extension: "csv",
        kind: Kind::Users,
        wanted: always,
        write: |inputs, out| write_users(&inputs.judged, inputs.csv(), out).map(drop),
    },
    Entry {
        format: Format::Csv,
        prefix: "credentials_report",
        extension: "csv",
        kind: Kind::Credentials,
        wanted: always,
        write: |inputs, out| write_credentials(inputs.judged.run, inputs.csv(), out).map(drop),
    },
    Entry {
        format: Format::Csv,
        prefix: "cloudtrail_events",
        extension: "csv",
        kind: Kind::Events,
        wanted: |inputs| inputs.cloudtrail_collected(),
        write: |inputs, out| write_events(inputs.judged.run, out).map(drop),
    },
    Entry {
        format: Format::Csv,
        prefix: "findings",
        extension: "csv",
        kind: Kind::Findings,
        wanted: always,
        write: |inputs, out| write_findings(&inputs.judged, inputs.language, out).map(drop),
    },
    Entry {
        format: Format::Csv,
        prefix: "root_audit_report",
        extension: "csv",
        kind: Kind::Root,
        wanted: always,
        write: |inputs, out| write_root(inputs.judged.run, inputs.csv(), out).map(drop),
    },
    Entry {
        format: Format::Csv,
        prefix: "exposed_keys",
        extension: "csv",
        kind: Kind::File,
        wanted: |inputs| {
            inputs
                .judged
                .run
                .scope
                .as_ref()
                .is_some_and(|scope| scope.exposed_keys.is_some())
        },
        write: |inputs, out| write_exposed_keys(inputs.judged.run, out).map(drop),
    },
    Entry {
        format: Format::Csv,
        prefix: "audit_errors",
        extension: "csv",
        kind: Kind::Errors,
        wanted: always,
        write: |inputs, out| write_errors(inputs.judged.run, out).map(drop),
    },
    Entry {
        format: Format::Compliance,
        prefix: "compliance",
        extension: "csv",
        kind: Kind::File,
        wanted: always,
        write: |inputs, out| write_compliance(inputs.judged.compliance, out).map(drop),
    },
    Entry {
        format: Format::Asff,
        prefix: "iam_audit_asff",
        extension: "json",
        kind: Kind::File,
        wanted: always,
        write: |inputs, out| crate::asff::write_asff(&inputs.judged, inputs.region, out).map(drop),
    },
    Entry {
        format: Format::Ocsf,
        prefix: "iam_audit_ocsf",
        extension: "json",
        kind: Kind::File,
        wanted: always,
        write: |inputs, out| crate::ocsf::write_ocsf(&inputs.judged, inputs.region, out).map(drop),
    },
    Entry {
        format: Format::Html,
        prefix: "iam_audit",
        extension: "html",
        kind: Kind::File,
        wanted: always,
        write: |inputs, out| crate::html::write_html(&inputs.judged, inputs.language, out),
    },
];

/// A report that is a folder of files: its format, name (`<prefix>_<stamp>/`), whether it is
/// written for this run, and its writer (one file at a time).
struct FolderEntry {
    format: Format,
    prefix: &'static str,
    wanted: fn(&Inputs<'_>) -> bool,
    write: fn(&Inputs<'_>, &mut FolderWriter) -> Result<(), ReportError>,
}

/// Every folder report, written after the files.
static FOLDERS: [FolderEntry; 1] = [FolderEntry {
    format: Format::Policies,
    prefix: "suggested_policies",
    // Only where there is something to suggest: a run without usage writes no empty folder.
    wanted: |inputs| {
        crate::policies::suggested_policies(inputs.judged.run)
            .next()
            .is_some()
    },
    write: |inputs, folder| crate::policies::write_policies(inputs.judged.run, folder),
}];

/// Writes every report of `formats` but the JSON one, each atomically into `folder`.
pub fn write_reports(
    formats: &[Format],
    inputs: &Inputs<'_>,
    folder: &ReportFolder,
) -> Result<Vec<Written>, ReportError> {
    let mut written = Vec::new();
    for entry in REPORTS
        .iter()
        .filter(|entry| formats.contains(&entry.format) && (entry.wanted)(inputs))
    {
        let path = folder.write(entry.prefix, entry.extension, |out| {
            (entry.write)(inputs, out)
        })?;
        written.push(Written {
            path,
            kind: entry.kind,
        });
    }
    for entry in FOLDERS
        .iter()
        .filter(|entry| formats.contains(&entry.format) && (entry.wanted)(inputs))
    {
        let (path, files) = folder.write_folder(entry.prefix, |out| (entry.write)(inputs, out))?;
        written.push(Written {
            path,
            kind: Kind::Policies(files),
        });
    }
    Ok(written)
}

/// Writes the JSON report, named after the run (`iam_audit_<stamp>.json`, or a shard's
/// `iam_audit_shard_K_of_N_<stamp>.json`: the shards of one run may share a timestamp).
pub fn write_json_report(
    inputs: &Inputs<'_>,
    record: &RunRecord<'_>,
    folder: &ReportFolder,
) -> Result<Written, ReportError> {
    let prefix = inputs
        .judged
        .run
        .scope
        .as_ref()
        .and_then(|scope| scope.shard)
        .filter(|_| record.options.shard.is_some())
        .map_or_else(
            || "iam_audit".to_string(),
            |shard| format!("iam_audit_shard_{}_of_{}", shard.index, shard.count),
        );
    let path = folder.write(&prefix, "json", |out| {
        crate::json::write_json(&inputs.judged, record, out)
    })?;
    Ok(Written {
        path,
        kind: Kind::File,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every format but JSON has at least one entry, and no two entries share a file name.
    #[test]
    fn every_format_has_its_reports_and_names_are_unique() {
        for format in Format::ALL {
            assert!(
                format == Format::Json
                    || REPORTS.iter().any(|entry| entry.format == format)
                    || FOLDERS.iter().any(|entry| entry.format == format),
                "{}",
                format.name()
            );
        }
        let mut names: Vec<(&str, &str)> = REPORTS
            .iter()
            .map(|entry| (entry.prefix, entry.extension))
            .chain(FOLDERS.iter().map(|entry| (entry.prefix, "")))
            .collect();
        names.push(("iam_audit", "json"));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
    }
}
