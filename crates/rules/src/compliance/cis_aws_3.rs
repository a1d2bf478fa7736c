//! cis-aws-3.0.0: the benchmark's IAM section (section 1), 22 controls. Numbers and titles as the benchmark publishes them (taken from
//! its published structure, facts only); how each control is judged is this tool's.

use super::{Assessment::*, Control, Framework, Read, Scope};

/// CIS v3.0.0.
pub(crate) static FRAMEWORK: Framework = Framework {
    id: "cis-aws-3.0.0",
    name: "CIS v3.0.0",
    reference: crate::rules::CIS_3,
    controls: &[
        Control {
            id: "1.1",
            title: "Maintain current contact details",
            automated: false,
            assessment: NotAssessed {
                reason: "whether the contact details are current is a manual judgement",
            },
        },
        Control {
            id: "1.2",
            title: "Ensure security contact information is registered",
            automated: false,
            assessment: NotAssessed {
                reason: "needs account:GetAlternateContact, which this tool does not read",
            },
        },
        Control {
            id: "1.3",
            title: "Ensure security questions are registered in the AWS account",
            automated: false,
            assessment: NotAssessed {
                reason: "security questions are a console-only setting with no API",
            },
        },
        Control {
            id: "1.4",
            title: "Ensure no 'root' user account access key exists",
            automated: true,
            assessment: Judged {
                reads: &[Read::RootSummary],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.5",
            title: "Ensure MFA is enabled for the 'root' user account",
            automated: true,
            assessment: Judged {
                reads: &[Read::RootSummary],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.6",
            title: "Ensure hardware MFA is enabled for the 'root' user account",
            automated: false,
            assessment: Judged {
                reads: &[Read::RootSummary, Read::RootVirtualMfa],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.7",
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
            id: "1.8",
            title: "Ensure IAM password policy requires minimum length of 14 or greater",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.9",
            title: "Ensure IAM password policy prevents password reuse",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.10",
            title: "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
            automated: true,
            assessment: Judged {
                reads: &[Read::Users, Read::LoginProfiles, Read::MfaDevices],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.11",
            title: "Do not setup access keys during initial user setup for all IAM users that have a console password",
            automated: false,
            assessment: Judged {
                reads: &[Read::Users, Read::LoginProfiles, Read::MfaDevices],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.12",
            title: "Ensure credentials unused for 45 days or greater are disabled",
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
            id: "1.13",
            title: "Ensure there is only one active access key available for any single IAM user",
            automated: true,
            assessment: Judged {
                reads: &[Read::Users, Read::AccessKeys],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.14",
            title: "Ensure access keys are rotated every 90 days or less",
            automated: true,
            assessment: Judged {
                reads: &[Read::Users, Read::AccessKeys],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.15",
            title: "Ensure IAM Users Receive Permissions Only Through Groups",
            automated: true,
            assessment: Judged {
                reads: &[Read::Authorization],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.16",
            title: "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
            automated: true,
            assessment: FailOnly {
                reads: &[Read::Authorization],
                reason: "only customer managed policies are judged: AWS's AdministratorAccess is expected on the organization's access role (DRF001 checks that role), so a pass cannot be claimed by the letter",
            },
        },
        Control {
            id: "1.17",
            title: "Ensure a support role has been created to manage incidents with AWS Support",
            automated: true,
            assessment: Judged {
                reads: &[Read::Authorization],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.18",
            title: "Ensure IAM instance roles are used for AWS resource access from instances",
            automated: true,
            assessment: NotAssessed {
                reason: "EC2 instance roles are outside this tool",
            },
        },
        Control {
            id: "1.19",
            title: "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed",
            automated: true,
            assessment: Judged {
                reads: &[Read::ServerCertificates],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "1.20",
            title: "Ensure that IAM Access analyzer is enabled for all regions",
            automated: true,
            assessment: Judged {
                reads: &[Read::AccessAnalyzers],
                scope: Scope::Account,
                note: Some("the home region only"),
            },
        },
        Control {
            id: "1.21",
            title: "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
            automated: false,
            assessment: NotAssessed {
                reason: "identity federation is an organizational choice; the console users are in the users report",
            },
        },
        Control {
            id: "1.22",
            title: "Ensure access to AWSCloudShellFullAccess is restricted",
            automated: false,
            assessment: Judged {
                reads: &[Read::Authorization],
                scope: Scope::Account,
                note: None,
            },
        },
    ],
};
