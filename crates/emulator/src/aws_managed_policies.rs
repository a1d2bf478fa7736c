//! The AWS managed policies a scenario can attach (`arn:aws:iam::aws:policy/<Name>`, or the bare
//! name), with the documents AWS publishes for them.
//!
//! It exists so that a privilege evaluator reading the emulator meets the real policies, not
//! placeholders: an `Allow *` where AWS has one, a `NotAction` where AWS has one, a conditioned
//! `iam:PassRole` where AWS has one. The documents live beside the scenarios as JSON files, taken
//! from the AWS Managed Policy Reference (docs.aws.amazon.com/aws-managed-policy) and checked
//! against published copies of the policy versions. Two are faithful subsets, because the whole
//! documents run to tens of kilobytes each and would dwarf every other answer in a benchmark:
//! `ReadOnlyAccess` (its one Allow of `Describe*`/`Get*`/`List*`-style actions on `*`, cut to 81
//! actions over 34 of the services an audit meets, each copied from version v87) and
//! `SecurityAudit` (its `BaseSecurityAuditStatement` cut to 76 read actions over 30 services, and
//! its `APIGatewayAccess` statement to four of its resources, from version v45). Neither subset
//! adds an action AWS's document lacks, and neither keeps any action that writes.
//!
//! Beside the policies that grant, the catalogue holds the three quarantine policies AWS attaches
//! to a user whose access key leaked (`AWSCompromisedKeyQuarantine`, `…V2`, `…V3`: Deny only) and
//! two whose presence an audit reports (`AWSSupportAccess`, CIS's support role;
//! `AWSCloudShellFullAccess`, CloudShell's file transfer).
//!
//! A scenario naming a policy that is not here is refused: a typo must not become "no policy".

use chrono::{DateTime, Utc};

/// An AWS managed policy as IAM describes it.
#[derive(Debug)]
pub struct AwsManagedPolicy {
    /// `AdministratorAccess`.
    pub name: &'static str,
    /// IAM's description of it.
    pub description: &'static str,
    /// The default version's id, as AWS numbers it.
    pub version_id: &'static str,
    /// When AWS created the policy (RFC 3339).
    pub created: &'static str,
    /// When AWS published the default version (RFC 3339).
    pub updated: &'static str,
    /// The default version's document (JSON).
    pub document: &'static str,
    /// True when the document keeps only part of AWS's statements' actions (see the module's
    /// documentation).
    pub subset: bool,
}

/// The ARN prefix of every AWS managed policy at the root path.
pub const ARN_PREFIX: &str = "arn:aws:iam::aws:policy/";

/// Every AWS managed policy a scenario may refer to, in name order. Creation and edit times are the
/// reference's, to the minute; the seconds, and the date of AmazonS3FullAccess's v2, are close
/// approximations (nothing in an audit turns on them).
pub const CATALOGUE: &[AwsManagedPolicy] = &[
    AwsManagedPolicy {
        name: "AWSCloudShellFullAccess",
        description: "Grants full access to AWS CloudShell.",
        version_id: "v1",
        created: "2020-12-15T18:07:44Z",
        updated: "2020-12-15T18:07:44Z",
        document: include_str!("../scenarios/aws-managed-policies/AWSCloudShellFullAccess.json"),
        subset: false,
    },
    AwsManagedPolicy {
        name: "AWSCompromisedKeyQuarantine",
        description: "Denies access to certain actions, applied by the AWS team in the event that \
                      an IAM user's credentials have been compromised or exposed publicly. Do NOT \
                      remove this policy. Instead, please follow the instructions specified in the \
                      email sent to you regarding this event.",
        version_id: "v1",
        created: "2020-08-11T18:04:13Z",
        updated: "2020-08-11T18:04:13Z",
        document: include_str!(
            "../scenarios/aws-managed-policies/AWSCompromisedKeyQuarantine.json"
        ),
        subset: false,
    },
    AwsManagedPolicy {
        name: "AWSCompromisedKeyQuarantineV2",
        description: "Denies access to certain actions, applied by the AWS team in the event that \
                      an IAM user's credentials have been compromised or exposed publicly. Do NOT \
                      remove this policy. Instead, please follow the instructions specified in the \
                      support case created for you regarding this event.",
        version_id: "v5",
        created: "2021-04-21T22:30:00Z",
        updated: "2024-10-02T16:41:39Z",
        document: include_str!(
            "../scenarios/aws-managed-policies/AWSCompromisedKeyQuarantineV2.json"
        ),
        subset: false,
    },
    AwsManagedPolicy {
        name: "AWSCompromisedKeyQuarantineV3",
        description: "Denies access to certain actions, applied by AWS in the event that an IAM \
                      user's credentials have been compromised or exposed publicly. The policy \
                      aims to limit the potential damage that may be caused by fraud-related \
                      activity leading to unauthorized charges, while not impacting the existing \
                      resources. Do NOT remove this policy. Instead, please follow the \
                      instructions specified in the support case created for you regarding this \
                      event.",
        version_id: "v2",
        created: "2024-08-21T17:36:00Z",
        updated: "2024-10-02T16:52:27Z",
        document: include_str!(
            "../scenarios/aws-managed-policies/AWSCompromisedKeyQuarantineV3.json"
        ),
        subset: false,
    },
    AwsManagedPolicy {
        name: "AWSLambda_FullAccess",
        description: "Grants full access to AWS Lambda service, AWS Lambda console features, and \
                      other related AWS services.",
        version_id: "v2",
        created: "2020-11-17T21:14:00Z",
        updated: "2025-03-17T21:37:06Z",
        document: include_str!("../scenarios/aws-managed-policies/AWSLambda_FullAccess.json"),
        subset: false,
    },
    AwsManagedPolicy {
        name: "AWSSupportAccess",
        description: "Allows users to access the AWS Support Center.",
        version_id: "v3",
        created: "2015-02-06T18:41:11Z",
        updated: "2026-02-11T22:17:43Z",
        document: include_str!("../scenarios/aws-managed-policies/AWSSupportAccess.json"),
        subset: false,
    },
    AwsManagedPolicy {
        name: "AdministratorAccess",
        description: "Provides full access to AWS services and resources.",
        version_id: "v1",
        created: "2015-02-06T18:39:46Z",
        updated: "2015-02-06T18:39:46Z",
        document: include_str!("../scenarios/aws-managed-policies/AdministratorAccess.json"),
        subset: false,
    },
    AwsManagedPolicy {
        name: "AmazonS3FullAccess",
        description: "Provides full access to all buckets via the AWS Management Console.",
        version_id: "v2",
        created: "2015-02-06T18:40:58Z",
        updated: "2021-09-27T20:16:37Z",
        document: include_str!("../scenarios/aws-managed-policies/AmazonS3FullAccess.json"),
        subset: false,
    },
    AwsManagedPolicy {
        name: "AmazonS3ReadOnlyAccess",
        description: "Provides read only access to all buckets via the AWS Management Console.",
        version_id: "v3",
        created: "2015-02-06T18:40:59Z",
        updated: "2023-08-10T21:31:00Z",
        document: include_str!("../scenarios/aws-managed-policies/AmazonS3ReadOnlyAccess.json"),
        subset: false,
    },
    AwsManagedPolicy {
        name: "IAMFullAccess",
        description: "Provides full access to IAM via the AWS Management Console.",
        version_id: "v2",
        created: "2015-02-06T18:40:38Z",
        updated: "2019-06-21T19:40:00Z",
        document: include_str!("../scenarios/aws-managed-policies/IAMFullAccess.json"),
        subset: false,
    },
    AwsManagedPolicy {
        name: "PowerUserAccess",
        description: "Provides full access to AWS services and resources, but does not allow \
                      management of Users and groups.",
        version_id: "v12",
        created: "2015-02-06T18:39:47Z",
        updated: "2026-02-12T17:59:00Z",
        document: include_str!("../scenarios/aws-managed-policies/PowerUserAccess.json"),
        subset: false,
    },
    AwsManagedPolicy {
        name: "ReadOnlyAccess",
        description: "Provides read-only access to AWS services and resources.",
        version_id: "v87",
        created: "2015-02-06T18:39:48Z",
        updated: "2022-05-23T20:16:18Z",
        document: include_str!("../scenarios/aws-managed-policies/ReadOnlyAccess.json"),
        subset: true,
    },
    AwsManagedPolicy {
        name: "SecurityAudit",
        description: "The security audit template grants access to read security configuration \
                      metadata. It is useful for software that audits the configuration of an \
                      AWS account.",
        version_id: "v45",
        created: "2015-02-06T18:41:01Z",
        updated: "2024-10-30T18:36:49Z",
        document: include_str!("../scenarios/aws-managed-policies/SecurityAudit.json"),
        subset: true,
    },
];

impl AwsManagedPolicy {
    /// `arn:aws:iam::aws:policy/<name>`.
    pub fn arn(&self) -> String {
        format!("{ARN_PREFIX}{}", self.name)
    }

    /// The creation date.
    pub fn created(&self) -> DateTime<Utc> {
        parse_date(self.created)
    }

    /// The default version's date.
    pub fn updated(&self) -> DateTime<Utc> {
        parse_date(self.updated)
    }
}

/// The catalogue's dates are constants checked by a test; an unreadable one falls back to the
/// epoch rather than stopping the emulator.
fn parse_date(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|moment| moment.with_timezone(&Utc))
        .unwrap_or_default()
}

/// The policy a scenario names: its ARN (`arn:aws:iam::aws:policy/AdministratorAccess`) or, as
/// shorthand, its bare name (`AdministratorAccess`).
pub fn find(reference: &str) -> Option<&'static AwsManagedPolicy> {
    let name = reference.strip_prefix(ARN_PREFIX).unwrap_or(reference);
    CATALOGUE.iter().find(|policy| policy.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_is_json_with_statements_and_every_date_parses() {
        for policy in CATALOGUE {
            let document: serde_json::Value =
                serde_json::from_str(policy.document).unwrap_or_default();
            assert_eq!(document["Version"], "2012-10-17", "{}", policy.name);
            assert!(
                document["Statement"]
                    .as_array()
                    .is_some_and(|statements| !statements.is_empty()),
                "{}",
                policy.name
            );
            assert!(DateTime::parse_from_rfc3339(policy.created).is_ok());
            assert!(DateTime::parse_from_rfc3339(policy.updated).is_ok());
            assert!(policy.updated() >= policy.created(), "{}", policy.name);
        }
        let names: Vec<&str> = CATALOGUE.iter().map(|policy| policy.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }

    /// The quarantine policies AWS attaches to a user whose key leaked only deny.
    #[test]
    fn the_quarantine_policies_only_deny() {
        for name in [
            "AWSCompromisedKeyQuarantine",
            "AWSCompromisedKeyQuarantineV2",
            "AWSCompromisedKeyQuarantineV3",
        ] {
            let policy = find(name).map(|policy| policy.document).unwrap_or_default();
            let document: serde_json::Value = serde_json::from_str(policy).unwrap_or_default();
            let statements = document["Statement"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(!statements.is_empty(), "{name}");
            assert!(
                statements
                    .iter()
                    .all(|statement| statement["Effect"] == "Deny"),
                "{name}"
            );
        }
        let v3 = find("AWSCompromisedKeyQuarantineV3").map(|policy| policy.document);
        assert!(v3.is_some_and(|document| document.contains("\"s3:GetObject\"")));
    }

    #[test]
    fn policies_are_found_by_arn_or_by_name_and_typos_are_not() {
        assert!(find("arn:aws:iam::aws:policy/ReadOnlyAccess").is_some());
        assert!(find("SecurityAudit").is_some_and(|policy| policy.subset));
        assert!(find("AdminstratorAccess").is_none());
        assert!(find("arn:aws:iam::123456789012:policy/ReadOnlyAccess").is_none());
    }

    /// The subsets keep AWS's shape: only Allow statements, only read-style actions.
    #[test]
    fn the_read_only_subsets_grant_no_write_action() {
        for name in ["ReadOnlyAccess", "SecurityAudit", "AmazonS3ReadOnlyAccess"] {
            let policy = find(name).map(|policy| policy.document).unwrap_or_default();
            let document: serde_json::Value = serde_json::from_str(policy).unwrap_or_default();
            for statement in document["Statement"].as_array().into_iter().flatten() {
                assert_eq!(statement["Effect"], "Allow");
                for action in statement["Action"].as_array().into_iter().flatten() {
                    let verb = action
                        .as_str()
                        .and_then(|action| action.split(':').nth(1))
                        .unwrap_or_default();
                    let reads = [
                        "Describe", "Get", "List", "BatchGet", "Generate", "Simulate", "Lookup",
                        "Filter",
                    ];
                    assert!(
                        reads.iter().any(|read| verb.starts_with(read)) || verb == "GET",
                        "{name}: {action}"
                    );
                }
            }
        }
    }
}
