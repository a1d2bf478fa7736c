//! `iam-audit policy`'s documents: the audit role's least-privilege policy and trust policy for
//! every member account, the management-account caller's policy, and the delivery's policy in the
//! caller's own account; as one JSON object ([`json()`]), a CloudFormation template for a
//! service-managed StackSet ([`cloudformation`]) or Terraform ([`terraform`]). Every action comes
//! from [`iam_audit_model::actions`], the list the read-only test enforces.

mod documents;
mod grammar;
mod options;
mod stackset;
mod terraform;

use serde_json::json;

pub use documents::{delivery_policy, management_policy, member_policy, trust_policy};
pub use grammar::policy_grammar_errors;
pub use options::{DeliveryTargets, MANAGEMENT_ACCOUNT_PLACEHOLDER, PolicyOptions};
pub use stackset::cloudformation;
pub use terraform::terraform;

/// The documents as one JSON object (pretty-printed): the member role's name, policy and trust
/// policy, the management policy, and the delivery policy when the run delivers anywhere.
pub fn json(options: &PolicyOptions, targets: &DeliveryTargets) -> serde_json::Result<String> {
    let mut documents = json!({
        "member_role_name": options.role_name,
        "member_role_policy": member_policy(options.needs),
        "member_role_trust_policy": trust_policy(options),
        "management_policy": management_policy(options),
    });
    if let Some(policy) = delivery_policy(&options.partition, targets) {
        documents["delivery_policy"] = policy;
    }
    serde_json::to_string_pretty(&documents)
}
