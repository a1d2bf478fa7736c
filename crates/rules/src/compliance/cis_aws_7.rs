//! cis-aws-7.0.0: the benchmark's IAM section (section 2) with the Organizations subsection 2.1, 26 controls. Numbers and titles as the benchmark publishes them (taken from
//! its published structure, facts only); how each control is judged is this tool's.

use super::{Assessment::*, Control, Framework, Read, Scope};

/// CIS v7.0.0.
pub(crate) static FRAMEWORK: Framework = Framework {
    id: "cis-aws-7.0.0",
    name: "CIS v7.0.0",
    reference: crate::rules::CIS_7,
    controls: &[
        Control {
            id: "2.1.1",
            title: "Ensure centralized root access in AWS Organizations",
            automated: false,
            assessment: Judged {
                reads: &[Read::OrganizationFeatures],
                scope: Scope::Organization,
                note: None,
            },
        },
        Control {
            id: "2.1.2",
            title: "Ensure authorization guardrails for all AWS Organization accounts",
            automated: false,
            assessment: NotAssessed {
                reason: "which guardrails an organization needs is a manual judgement (SCPs and RCPs are not read)",
            },
        },
        Control {
            id: "2.1.3",
            title: "Ensure Organizations management account is not used for workloads",
            automated: false,
            assessment: NotAssessed {
                reason: "needs an inventory of the management account's workloads",
            },
        },
        Control {
            id: "2.1.4",
            title: "Ensure Organizational Units are structured by environment and sensitivity",
            automated: false,
            assessment: NotAssessed {
                reason: "how organizational units are structured is a manual judgement",
            },
        },
        Control {
            id: "2.1.5",
            title: "Ensure delegated admin manages AWS Organizations policies",
            automated: false,
            assessment: NotAssessed {
                reason: "needs organizations:DescribeResourcePolicy, which this tool does not read",
            },
        },
        Control {
            id: "2.1.6",
            title: "Ensure delegated admins manage AWS Organizations-integrated services",
            automated: false,
            assessment: NotAssessed {
                reason: "needs organizations:ListDelegatedAdministrators, which this tool does not read",
            },
        },
        Control {
            id: "2.2",
            title: "Maintain current AWS account contact details",
            automated: false,
            assessment: NotAssessed {
                reason: "whether the contact details are current is a manual judgement",
            },
        },
        Control {
            id: "2.3",
            title: "Ensure security contact information is registered",
            automated: false,
            assessment: NotAssessed {
                reason: "needs account:GetAlternateContact, which this tool does not read",
            },
        },
        Control {
            id: "2.4",
            title: "Ensure no 'root' user account access key exists",
            automated: true,
            assessment: Judged {
                reads: &[Read::RootSummary],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.5",
            title: "Ensure MFA is enabled for the 'root' user account",
            automated: true,
            assessment: Judged {
                reads: &[Read::RootSummary],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.6",
            title: "Ensure hardware MFA is enabled for the 'root' user account",
            automated: false,
            assessment: Judged {
                reads: &[Read::RootSummary, Read::RootVirtualMfa],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.7",
            title: "Eliminate use of the 'root' user for administrative and daily tasks",
            automated: false,
            assessment: Judged {
                reads: &[Read::CloudTrail],
                scope: Scope::Account,
                note: Some(
                    "root sign-ins in the CloudTrail window, and root key use where the key's last use is known",
                ),
            },
        },
        Control {
            id: "2.8",
            title: "Ensure IAM password policy requires minimum length of 14 or greater",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.9",
            title: "Ensure IAM password policy prevents password reuse",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.10",
            title: "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
            automated: true,
            assessment: Judged {
                reads: &[Read::Users, Read::LoginProfiles, Read::MfaDevices],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.11",
            title: "Ensure credentials unused for 45 days or more are disabled",
            automated: true,
            assessment: Judged {
                reads: &[
                    Read::Users,
                    Read::AccessKeys,
                    Read::KeyLastUse,
                    Read::LoginProfiles,
                ],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.12",
            title: "Ensure access keys are rotated every 90 days or less",
            automated: true,
            assessment: Judged {
                reads: &[Read::Users, Read::AccessKeys],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.13",
            title: "Ensure IAM users receive permissions only through groups",
            automated: true,
            assessment: Judged {
                reads: &[Read::Authorization],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.14",
            title: "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
            automated: true,
            assessment: FailOnly {
                reads: &[Read::Authorization],
                reason: "only customer managed policies are judged: AWS's AdministratorAccess is expected on the organization's access role (DRF001 checks that role), so a pass cannot be claimed by the letter",
            },
        },
        Control {
            id: "2.15",
            title: "Ensure a support role has been created to manage incidents with AWS Support",
            automated: true,
            assessment: Judged {
                reads: &[Read::Authorization],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.16",
            title: "Ensure IAM instance roles are used for AWS resource access from instances",
            automated: true,
            assessment: NotAssessed {
                reason: "EC2 instance roles are outside this tool",
            },
        },
        Control {
            id: "2.17",
            title: "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed",
            automated: true,
            assessment: Judged {
                reads: &[Read::ServerCertificates],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.18",
            title: "Ensure that IAM External Access Analyzer is enabled for all regions",
            automated: true,
            assessment: Judged {
                reads: &[Read::AccessAnalyzers],
                scope: Scope::Account,
                note: Some("the home region only"),
            },
        },
        Control {
            id: "2.19",
            title: "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
            automated: false,
            assessment: NotAssessed {
                reason: "identity federation is an organizational choice; the console users are in the users report",
            },
        },
        Control {
            id: "2.20",
            title: "Ensure access to AWSCloudShellFullAccess is restricted",
            automated: false,
            assessment: Judged {
                reads: &[Read::Authorization],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "2.21",
            title: "Ensure AWS resource policies do not allow unrestricted access using 'Principal': '*'",
            automated: false,
            assessment: FailOnly {
                reads: &[Read::Authorization],
                reason: "S3, SQS, SNS, Lambda and other resource policies are outside this tool: only IAM role trust policies are judged",
            },
        },
    ],
};
