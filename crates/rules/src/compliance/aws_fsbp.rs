//! aws-fsbp: AWS Security Hub's IAM controls IAM.1–IAM.28 (the FSBP standard proper holds IAM.1–IAM.8 and IAM.21; the others come from Security Hub's CIS, PCI DSS and NIST standards). Numbers and titles as the benchmark publishes them (taken from
//! its published structure, facts only); how each control is judged is this tool's.

use super::{Assessment::*, Control, Framework, Read, Scope};

/// AWS FSBP.
pub(crate) static FRAMEWORK: Framework = Framework {
    id: "aws-fsbp",
    name: "AWS FSBP",
    reference: crate::rules::SECURITY_HUB,
    controls: &[
        Control {
            id: "IAM.1",
            title: "IAM policies should not allow full \"*\" administrative privileges",
            automated: true,
            assessment: FailOnly {
                reads: &[Read::Authorization],
                reason: "customer managed policies are judged where they are attached; unattached ones are not evaluated",
            },
        },
        Control {
            id: "IAM.2",
            title: "IAM users should not have IAM policies attached",
            automated: true,
            assessment: Judged {
                reads: &[Read::Authorization],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.3",
            title: "IAM users' access keys should be rotated every 90 days or less",
            automated: true,
            assessment: Judged {
                reads: &[Read::Users, Read::AccessKeys],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.4",
            title: "IAM root user access key should not exist",
            automated: true,
            assessment: Judged {
                reads: &[Read::RootSummary],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.5",
            title: "MFA should be enabled for all IAM users that have a console password",
            automated: true,
            assessment: Judged {
                reads: &[Read::Users, Read::LoginProfiles, Read::MfaDevices],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.6",
            title: "Hardware MFA should be enabled for the root user",
            automated: true,
            assessment: Judged {
                reads: &[Read::RootSummary, Read::RootVirtualMfa],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.7",
            title: "Password policies for IAM users should have strong configurations",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.8",
            title: "Unused IAM user credentials should be removed",
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
            id: "IAM.9",
            title: "MFA should be enabled for the root user",
            automated: true,
            assessment: Judged {
                reads: &[Read::RootSummary],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.10",
            title: "Password policies for IAM users should have strong configurations",
            automated: true,
            assessment: NotAssessed {
                reason: "PCI DSS v3.2.1's password profile is not judged (IAM.7 and CIS's are)",
            },
        },
        Control {
            id: "IAM.11",
            title: "Ensure IAM password policy requires at least one uppercase letter",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.12",
            title: "Ensure IAM password policy requires at least one lowercase letter",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.13",
            title: "Ensure IAM password policy requires at least one symbol",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.14",
            title: "Ensure IAM password policy requires at least one number",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.15",
            title: "Ensure IAM password policy requires minimum password length of 14 or greater",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.16",
            title: "Ensure IAM password policy prevents password reuse",
            automated: true,
            assessment: Judged {
                reads: &[Read::PasswordPolicy],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.17",
            title: "Ensure IAM password policy expires passwords within 90 days or less",
            automated: true,
            assessment: NotAssessed {
                reason: "password expiry is not judged: CIS dropped it, and NIST advises against forced rotation",
            },
        },
        Control {
            id: "IAM.18",
            title: "Ensure a support role has been created to manage incidents with AWS Support",
            automated: true,
            assessment: Judged {
                reads: &[Read::Authorization],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.19",
            title: "MFA should be enabled for all IAM users",
            automated: true,
            assessment: NotAssessed {
                reason: "MFA of users without a console password is not judged: PWD001 covers console users",
            },
        },
        Control {
            id: "IAM.20",
            title: "Avoid the use of the root user",
            automated: true,
            assessment: NotAssessed {
                reason: "retired by AWS in April 2024",
            },
        },
        Control {
            id: "IAM.21",
            title: "IAM customer managed policies that you create should not allow wildcard actions for services",
            automated: true,
            assessment: NotAssessed {
                reason: "wildcard service actions in customer managed policies are not judged",
            },
        },
        Control {
            id: "IAM.22",
            title: "IAM user credentials unused for 45 days should be removed",
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
            id: "IAM.23",
            title: "IAM Access Analyzer analyzers should be tagged",
            automated: true,
            assessment: NotAssessed {
                reason: "tagging hygiene is outside this tool",
            },
        },
        Control {
            id: "IAM.24",
            title: "IAM roles should be tagged",
            automated: true,
            assessment: NotAssessed {
                reason: "tagging hygiene is outside this tool",
            },
        },
        Control {
            id: "IAM.25",
            title: "IAM users should be tagged",
            automated: true,
            assessment: NotAssessed {
                reason: "tagging hygiene is outside this tool",
            },
        },
        Control {
            id: "IAM.26",
            title: "Expired SSL/TLS certificates managed in IAM should be removed",
            automated: true,
            assessment: Judged {
                reads: &[Read::ServerCertificates],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.27",
            title: "IAM identities should not have the AWSCloudShellFullAccess policy attached",
            automated: true,
            assessment: Judged {
                reads: &[Read::Authorization],
                scope: Scope::Account,
                note: None,
            },
        },
        Control {
            id: "IAM.28",
            title: "IAM Access Analyzer external access analyzer should be enabled",
            automated: true,
            assessment: Judged {
                reads: &[Read::AccessAnalyzers],
                scope: Scope::Account,
                note: Some("the home region only"),
            },
        },
    ],
};
