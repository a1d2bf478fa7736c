//! Who may do what in a generated member account, so that GetAccountAuthorizationDetails carries
//! a realistic weight in benchmarks: an `Admins` group (AWS's `AdministratorAccess`) with a few
//! users, a `ReadOnly` group (`ReadOnlyAccess`) with most of the others, a customer managed
//! `S3DataWriter` policy attached directly to some users, and a small inline policy on a few.
//! The audit role stays a name in `roles`: the emulator describes it in full as Control Tower
//! creates it (`AdministratorAccess`, trusting the management account).
//!
//! Drawn from its own random stream, so a seed's users, keys, events and long-term credentials
//! are the same whatever these options say.

use rand::Rng;
use rand::rngs::StdRng;

use super::{GeneratorOptions, chance};
use crate::scenario::{GroupSpec, InlinePolicySpec, ManagedPolicySpec, UserSpec};

/// The groups and customer managed policies of one member account, after granting its users.
pub(super) struct AccountPermissions {
    /// `Admins` and `ReadOnly`, when used.
    pub(super) groups: Vec<GroupSpec>,
    /// `S3DataWriter`, when used.
    pub(super) policies: Vec<ManagedPolicySpec>,
}

const ADMINS: &str = "Admins";
const READ_ONLY: &str = "ReadOnly";
const S3_DATA_WRITER: &str = "S3DataWriter";

/// Grants the users of account `account_id` their groups and policies.
pub(super) fn grant(
    random: &mut StdRng,
    options: &GeneratorOptions,
    account_id: &str,
    users: &mut [UserSpec],
) -> AccountPermissions {
    let admins = if users.is_empty() {
        Vec::new()
    } else {
        rand::seq::index::sample(
            random,
            users.len(),
            options.admins_per_account.min(users.len()),
        )
        .into_vec()
    };
    let writer_arn = format!("arn:aws:iam::{account_id}:policy/{S3_DATA_WRITER}");
    let (mut any_reader, mut any_writer) = (false, false);
    for (index, user) in users.iter_mut().enumerate() {
        if admins.contains(&index) {
            user.groups.push(ADMINS.to_string());
        } else if chance(random, options.read_only_share) {
            user.groups.push(READ_ONLY.to_string());
            any_reader = true;
        }
        if chance(random, options.s3_writer_share) {
            user.attached.push(writer_arn.clone());
            any_writer = true;
        }
        if chance(random, options.inline_policy_share) {
            let queue = random.random_range(1..=3);
            user.inline.push(InlinePolicySpec {
                name: "queue-worker".to_string(),
                document: format!(
                    "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\
                     \"Action\":[\"sqs:ReceiveMessage\",\"sqs:DeleteMessage\",\
                     \"sqs:GetQueueAttributes\"],\"Resource\":\
                     \"arn:aws:sqs:us-east-1:{account_id}:jobs-{queue}\"}}]}}"
                ),
            });
        }
    }
    let mut groups = Vec::new();
    if !admins.is_empty() {
        groups.push(group(ADMINS, "AdministratorAccess"));
    }
    if any_reader {
        groups.push(group(READ_ONLY, "ReadOnlyAccess"));
    }
    let policies = if any_writer {
        vec![ManagedPolicySpec {
            name: S3_DATA_WRITER.to_string(),
            path: "/".to_string(),
            description: Some("Reads and writes the account's data bucket".to_string()),
            created: None,
            document: Some(format!(
                "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Sid\":\"ListDataBucket\",\
                 \"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\
                 \"arn:aws:s3:::data-{account_id}\"}},{{\"Sid\":\"WriteDataObjects\",\
                 \"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\
                 \"s3:DeleteObject\"],\"Resource\":\"arn:aws:s3:::data-{account_id}/*\"}}]}}"
            )),
            versions: Vec::new(),
        }]
    } else {
        Vec::new()
    };
    AccountPermissions { groups, policies }
}

fn group(name: &str, aws_managed_policy: &str) -> GroupSpec {
    GroupSpec {
        name: name.to_string(),
        path: "/".to_string(),
        created: None,
        attached: vec![format!("arn:aws:iam::aws:policy/{aws_managed_policy}")],
        inline: Vec::new(),
    }
}
