//! Compliance evidence: for each framework, each control and each audited account, whether the
//! control passes, fails, could not be assessed because its data could not be read, or is outside
//! this tool. Auditors sign a table of controls, not a list of failures; "unknown is never pass"
//! is what makes such a table trustworthy across an organization.
//!
//! The semantics, documented in `docs/findings.md` ("Compliance") and tested here:
//! - **FAIL**: a finding in the account cites the control (what a finding cites is what it fails:
//!   `Finding::references`), with the findings' ids. A control whose failing findings are all
//!   suppressed stays FAIL, marked `suppressed` with the suppressions' reasons (Prowler's "muted":
//!   an accepted risk is not a pass).
//! - **UNKNOWN**: no finding cites it, but data it needs could not be read in the account (an API
//!   denied, the account unreachable, a source not collected), naming the API. Never PASS.
//! - **PASS**: no finding cites it and everything it needs was read.
//! - **NOT_ASSESSED**: the control is outside this tool (manual, EC2, tagging...), with the reason;
//!   or it can only be failed here (a FAIL-only control: what this tool reads cannot establish a
//!   pass by the control's letter), and nothing failed it.
//!
//! Controls that belong to the organization (CIS v7.0.0 2.1.1, centralized root access) are judged
//! once, on the management account.

mod aws_fsbp;
mod cis_aws_3;
mod cis_aws_5;
mod cis_aws_6;
mod cis_aws_7;
pub mod document;

use std::borrow::Cow;
use std::collections::HashMap;

use iam_audit_model::{AccountSnapshot, AuditRun, AuditStatus};
use serde::Serialize;

use crate::finding::Finding;

/// A framework: its id (`cis-aws-7.0.0`), the name the console uses, the framework string the
/// rules' references use, and its controls in order.
pub struct Framework {
    /// `cis-aws-7.0.0`, `aws-fsbp`.
    pub id: &'static str,
    /// `CIS v7.0.0`.
    pub name: &'static str,
    /// The framework as findings cite it (`CIS AWS Foundations Benchmark v7.0.0`).
    pub reference: &'static str,
    /// Every control of its IAM section, in order.
    pub controls: &'static [Control],
}

/// One control.
pub struct Control {
    /// `2.11`, `IAM.22`.
    pub id: &'static str,
    /// Its title, as published.
    pub title: &'static str,
    /// Automated or manual in the benchmark (Security Hub's are all automated).
    pub automated: bool,
    /// How this tool assesses it.
    pub assessment: Assessment,
}

/// How a control is assessed.
pub enum Assessment {
    /// From the findings that cite it, where the data it reads was read.
    Judged {
        /// What it needs read.
        reads: &'static [Read],
        /// Per account, or once for the organization.
        scope: Scope,
        /// A limit of the assessment every row says (`the home region only`).
        note: Option<&'static str>,
    },
    /// Only a failure can be established here (the control reaches beyond what this tool reads):
    /// FAIL when a finding cites it, UNKNOWN when its data could not be read, NOT_ASSESSED
    /// otherwise, with the reason.
    FailOnly {
        /// What it needs read.
        reads: &'static [Read],
        /// Why a pass cannot be claimed.
        reason: &'static str,
    },
    /// Outside this tool, with the reason.
    NotAssessed {
        /// Why.
        reason: &'static str,
    },
}

/// Where a control is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In every audited account.
    Account,
    /// Once, on the organization's management account.
    Organization,
}

/// Data a control needs read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// The user list (ListUsers, or the credential report).
    Users,
    /// Each user's access keys.
    AccessKeys,
    /// Each key's last use.
    KeyLastUse,
    /// Each user's console password.
    LoginProfiles,
    /// Each user's MFA devices.
    MfaDevices,
    /// The root user's state (GetAccountSummary).
    RootSummary,
    /// The root user's virtual MFA device.
    RootVirtualMfa,
    /// The password policy.
    PasswordPolicy,
    /// The authorization details (policies, groups, roles).
    Authorization,
    /// CloudTrail, over the run's window.
    CloudTrail,
    /// The account's server certificates.
    ServerCertificates,
    /// The home region's IAM Access Analyzer analyzers.
    AccessAnalyzers,
    /// The organization's features (ListOrganizationsFeatures, from the management account).
    OrganizationFeatures,
}

impl Read {
    /// The APIs whose failure leaves this data unread.
    fn apis(self) -> &'static [&'static str] {
        match self {
            Read::Users => &["iam:ListUsers", "iam:GetCredentialReport"],
            Read::AccessKeys => &["iam:ListAccessKeys"],
            Read::KeyLastUse => &["iam:GetAccessKeyLastUsed"],
            Read::LoginProfiles => &["iam:GetLoginProfile"],
            Read::MfaDevices => &["iam:ListMFADevices"],
            Read::RootSummary => &["iam:GetAccountSummary"],
            Read::RootVirtualMfa => &["iam:ListVirtualMFADevices"],
            Read::PasswordPolicy => &["iam:GetAccountPasswordPolicy"],
            Read::Authorization => &["iam:GetAccountAuthorizationDetails"],
            Read::CloudTrail => &["cloudtrail:LookupEvents"],
            Read::ServerCertificates => &["iam:ListServerCertificates"],
            Read::AccessAnalyzers => &["access-analyzer:ListAnalyzers"],
            Read::OrganizationFeatures => &["iam:ListOrganizationsFeatures"],
        }
    }

    /// Why this data was not read for `snapshot`, when it was not.
    fn unread(self, snapshot: &AccountSnapshot, run: &AuditRun) -> Option<String> {
        if self == Read::CloudTrail && !snapshot.cloudtrail_collected {
            return Some("CloudTrail was not read (--no-cloudtrail)".to_string());
        }
        let errors = snapshot.errors.iter().chain(
            // The organization's features are read once, from the caller's account.
            run.errors
                .iter()
                .filter(|_| self == Read::OrganizationFeatures),
        );
        errors
            .filter(|error| self.apis().contains(&error.api.as_str()))
            .map(|error| format!("{} failed ({})", error.api, error.kind.as_str()))
            .next()
    }
}

/// A control's status in one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Read, and nothing fails it.
    Pass,
    /// A finding fails it.
    Fail,
    /// What it needs could not be read.
    Unknown,
    /// Outside this tool.
    NotAssessed,
}

impl Status {
    /// As the reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Unknown => "UNKNOWN",
            Status::NotAssessed => "NOT_ASSESSED",
        }
    }
}

/// One control in one account: a row of the compliance report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplianceRow<'a> {
    /// `cis-aws-7.0.0`.
    pub framework: &'static str,
    /// `2.11`.
    pub control_id: &'static str,
    /// The control's title.
    pub title: &'static str,
    /// The account (borrowed from the run: a thousand accounts make a hundred thousand rows).
    pub account_id: &'a str,
    /// Its name.
    #[serde(skip)]
    pub account_name: &'a str,
    /// The status.
    pub status: Status,
    /// The findings that fail it (written as their ids): references, not copies of the ids, as a
    /// finding fails a control in each of the frameworks.
    #[serde(serialize_with = "finding_ids")]
    pub findings: Vec<&'a Finding>,
    /// Why it is UNKNOWN or NOT_ASSESSED; the suppressions of a suppressed FAIL; the limit of a
    /// PASS (`the home region only`).
    pub reason: Option<Cow<'static, str>>,
    /// A FAIL whose findings are all suppressed (an accepted risk, not a pass).
    pub suppressed: bool,
}

/// Every framework this tool reports on, in the order `--compliance` lists them.
pub static FRAMEWORKS: [&Framework; 5] = [
    &cis_aws_3::FRAMEWORK,
    &cis_aws_5::FRAMEWORK,
    &cis_aws_6::FRAMEWORK,
    &cis_aws_7::FRAMEWORK,
    &aws_fsbp::FRAMEWORK,
];

/// The framework with this id.
pub fn framework(id: &str) -> Option<&'static Framework> {
    FRAMEWORKS
        .iter()
        .copied()
        .find(|framework| framework.id == id)
}

/// Every control of `frameworks` in every audited account of `run` (organization controls once,
/// on the management account), judged from `findings`.
pub fn evaluate<'a>(
    run: &'a AuditRun,
    findings: &'a [Finding],
    frameworks: &[&'static Framework],
) -> Vec<ComplianceRow<'a>> {
    let organization_account = run
        .management_account_id
        .clone()
        .filter(|_| !run.standalone);
    // The findings failing each control in each account, found once: looking them up per
    // control and account was quadratic in the organization's size (1,000 accounts: minutes).
    let mut failing: HashMap<(&str, &str, &str), Vec<&'a Finding>> = HashMap::new();
    for finding in findings {
        for reference in finding.references.iter() {
            failing
                .entry((
                    finding.account_id.as_str(),
                    reference.framework,
                    reference.control,
                ))
                .or_default()
                .push(finding);
        }
    }
    let controls: usize = frameworks
        .iter()
        .map(|framework| framework.controls.len())
        .sum();
    let mut rows = Vec::with_capacity(controls * run.accounts.len());
    for framework in frameworks {
        for control in framework.controls {
            for snapshot in &run.accounts {
                let organization = matches!(
                    control.assessment,
                    Assessment::Judged {
                        scope: Scope::Organization,
                        ..
                    }
                );
                if organization
                    && organization_account.as_deref() != Some(snapshot.account.id.as_str())
                {
                    // Judged once, on the management account; a standalone account has no
                    // organization to judge.
                    if run.standalone && snapshot.account.id == run.caller.account_id {
                        rows.push(row(
                            framework,
                            control,
                            snapshot,
                            Status::NotAssessed,
                            Vec::new(),
                            Some(Cow::Borrowed(
                                "a standalone account belongs to no organization",
                            )),
                        ));
                    }
                    continue;
                }
                let failing = failing
                    .get(&(
                        snapshot.account.id.as_str(),
                        framework.reference,
                        control.id,
                    ))
                    .map_or(&[][..], Vec::as_slice);
                rows.push(judge(framework, control, snapshot, run, failing));
            }
        }
    }
    rows
}

/// One control in one account.
fn judge<'a>(
    framework: &'static Framework,
    control: &'static Control,
    snapshot: &'a AccountSnapshot,
    run: &AuditRun,
    failing: &[&'a Finding],
) -> ComplianceRow<'a> {
    let (reads, pass_reason, note): (&[Read], Option<&str>, Option<&str>) =
        match &control.assessment {
            Assessment::NotAssessed { reason } => {
                return row(
                    framework,
                    control,
                    snapshot,
                    Status::NotAssessed,
                    Vec::new(),
                    Some(Cow::Borrowed(*reason)),
                );
            }
            Assessment::Judged { reads, note, .. } => (reads, None, *note),
            Assessment::FailOnly { reads, reason } => (reads, Some(*reason), None),
        };
    if !failing.is_empty() {
        let suppressed = failing.iter().all(|finding| finding.is_suppressed());
        let reason = suppressed.then(|| {
            let reasons: Vec<&str> = failing
                .iter()
                .filter_map(|finding| finding.suppression.as_ref())
                .map(|suppression| suppression.reason.as_str())
                .collect();
            Cow::Owned(format!("suppressed: {}", reasons.join("; ")))
        });
        let mut row = row(
            framework,
            control,
            snapshot,
            Status::Fail,
            failing.to_vec(),
            reason,
        );
        row.suppressed = suppressed;
        return row;
    }
    let unread = if snapshot.status == AuditStatus::Failed {
        Some(
            snapshot
                .errors
                .first()
                .map_or("the account could not be read".to_string(), |error| {
                    format!("the account could not be read ({})", error.api)
                }),
        )
    } else {
        reads.iter().find_map(|read| read.unread(snapshot, run))
    };
    if let Some(unread) = unread {
        return row(
            framework,
            control,
            snapshot,
            Status::Unknown,
            Vec::new(),
            Some(Cow::Owned(unread)),
        );
    }
    match pass_reason {
        Some(reason) => row(
            framework,
            control,
            snapshot,
            Status::NotAssessed,
            Vec::new(),
            Some(Cow::Borrowed(reason)),
        ),
        None => row(
            framework,
            control,
            snapshot,
            Status::Pass,
            Vec::new(),
            note.map(Cow::Borrowed),
        ),
    }
}

fn row<'a>(
    framework: &'static Framework,
    control: &'static Control,
    snapshot: &'a AccountSnapshot,
    status: Status,
    findings: Vec<&'a Finding>,
    reason: Option<Cow<'static, str>>,
) -> ComplianceRow<'a> {
    ComplianceRow {
        framework: framework.id,
        control_id: control.id,
        title: control.title,
        account_id: &snapshot.account.id,
        account_name: &snapshot.account.name,
        status,
        findings,
        reason,
        suppressed: false,
    }
}

/// `findings` as the findings' ids.
fn finding_ids<S: serde::Serializer>(
    findings: &[&Finding],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(findings.iter().map(|finding| finding.id()))
}

/// How many rows of each status, for one framework's console line.
pub fn counts(rows: &[ComplianceRow<'_>], framework: &str) -> [(Status, usize); 4] {
    let count = |status: Status| {
        rows.iter()
            .filter(|row| row.framework == framework && row.status == status)
            .count()
    };
    [
        (Status::Pass, count(Status::Pass)),
        (Status::Fail, count(Status::Fail)),
        (Status::Unknown, count(Status::Unknown)),
        (Status::NotAssessed, count(Status::NotAssessed)),
    ]
}

#[cfg(test)]
mod tests;
