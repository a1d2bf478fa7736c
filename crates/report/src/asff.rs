//! `iam_audit_asff_*.json`: findings in the AWS Security Finding Format, ready for Security Hub's
//! BatchImportFindings (which takes 100 at a time). The tool only writes the file: importing is a
//! write to AWS, and iam-audit never writes.
//!
//! `Id` is stable across runs for the same account, rule and resource, so a re-import updates the
//! finding instead of duplicating it.

use std::io::Write;

use chrono::{DateTime, Utc};
use iam_audit_model::{AuditRun, Partition};
use iam_audit_rules::{Finding, ResourceType, Severity};
use serde_json::{Value, json};

use crate::Judged;
use crate::files::ReportError;
use crate::rfc3339;

/// Severity labels as ASFF spells them.
fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Info => "INFORMATIONAL",
    }
}

/// The ASFF finding for one finding.
pub fn asff_finding(finding: &Finding, run: &AuditRun, region: &str, now: DateTime<Utc>) -> Value {
    let partition = run.caller.partition();
    let product_account = &run.caller.account_id;
    let Partition(partition_name) = &partition;
    let timestamp = rfc3339(now);
    let requirements: Vec<String> = finding
        .references
        .iter()
        .map(|reference| format!("{}/{}", reference.framework, reference.control))
        .collect();
    let account_id = if iam_audit_model::is_account_id(&finding.account_id) {
        finding.account_id.clone()
    } else {
        product_account.clone()
    };
    let mut resource = json!({
        "Type": finding.resource_type.asff_type(),
        "Id": finding.resource,
        "Partition": partition_name,
        "Region": region,
    });
    match finding.resource_type {
        ResourceType::AwsIamAccessKey => {
            resource["Details"] = json!({"AwsIamAccessKey": {
                "UserName": finding.user_name,
                "Status": finding.evidence.get("key_status"),
                "PrincipalName": finding.user_name,
                "PrincipalType": "IAMUser",
                "AccountId": account_id,
            }});
        }
        ResourceType::AwsIamUser => {
            resource["Details"] = json!({"AwsIamUser": {"UserName": finding.user_name}});
        }
        ResourceType::AwsAccount => {}
        ResourceType::AwsIamPolicy => {
            resource["Details"] = json!({"AwsIamPolicy": {
                "PolicyName": finding.evidence.get("policy_name"),
            }});
        }
        ResourceType::AwsIamRole => {
            resource["Details"] = json!({"AwsIamRole": {
                "RoleName": finding.evidence.get("role"),
            }});
        }
        ResourceType::AwsIamGroup => {
            resource["Details"] = json!({"AwsIamGroup": {
                "GroupName": finding.evidence.get("group"),
            }});
        }
        // Security Hub has no resource type for these: `Other`, with what they are.
        ResourceType::AwsIamSshPublicKey
        | ResourceType::AwsIamSigningCertificate
        | ResourceType::AwsIamServiceSpecificCredential
        | ResourceType::AwsIamServerCertificate => {
            resource["Details"] = json!({"Other": {
                "CredentialType": finding.resource_type.as_str(),
                "UserName": finding.user_name.clone().unwrap_or_default(),
            }});
        }
    }
    let description = if finding.evidence.is_empty() {
        finding.title.get("en")
    } else {
        format!("{} ({})", finding.title.get("en"), finding.evidence_line())
    };
    json!({
        "SchemaVersion": "2018-10-08",
        "Id": finding.id(),
        "ProductArn": format!("arn:{partition_name}:securityhub:{region}:{product_account}:product/{product_account}/default"),
        "ProductName": "iam-audit",
        "CompanyName": "iam-audit",
        "GeneratorId": format!("iam-audit/{}", finding.rule_id),
        "AwsAccountId": account_id,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"],
        "CreatedAt": timestamp,
        "UpdatedAt": timestamp,
        "Severity": {"Label": label(finding.severity)},
        "Title": truncate(&finding.title.get("en"), 256),
        "Description": truncate(&description, 1024),
        "Remediation": {"Recommendation": {"Text": truncate(&format!("{} {}", finding.remediation.text_in("en"), finding.remediation.command), 512)}},
        "ProductFields": {"iam-audit/RuleId": finding.rule_id, "iam-audit/RuleName": finding.rule_name},
        "Resources": [resource],
        "Compliance": {"Status": "FAILED", "RelatedRequirements": requirements},
        "Workflow": {"Status": if finding.is_suppressed() { "SUPPRESSED" } else { "NEW" }},
        "RecordState": "ACTIVE",
    })
}

fn truncate(text: &str, limit: usize) -> String {
    text.chars().take(limit).collect()
}

/// Writes every finding as a JSON array of ASFF findings.
pub fn write_asff(
    judged: &Judged<'_>,
    region: &str,
    out: &mut dyn Write,
) -> Result<usize, ReportError> {
    let (run, findings, now) = (judged.run, judged.findings, judged.now);
    crate::files::write_json_array(
        out,
        "asff",
        findings
            .iter()
            .map(|finding| asff_finding(finding, run, region, now)),
    )?;
    Ok(findings.len())
}
