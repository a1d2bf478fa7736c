//! The infrastructure documents of iam-audit, written from the one action list
//! ([`iam_audit_model::actions`]): what `iam-audit policy` prints (the least-privilege IAM
//! policies as JSON, a CloudFormation template for a service-managed StackSet, Terraform) and
//! what `iam-audit deploy` prints (the scheduled audit inside AWS, as CloudFormation or
//! Terraform).
//!
//! Invariant: pure text generation. Every function here takes plain options and returns a
//! document (a `serde_json::Value` or a `String`); nothing reads a file, the network, the clock or
//! the environment, and nothing here knows the AWS SDK, the command line or an async runtime. The
//! actions a document grants come only from [`iam_audit_model::actions`], so a template cannot
//! grant what the tool does not call, nor miss what it does. A new template is one module here
//! and a few lines of glue in the binary's command.
//!
//! The documents are checked by the binary's integration tests (`tests/deploy.rs`,
//! `tests/doctor_policy.rs`): IAM's policy grammar ([`policy::policy_grammar_errors`]), cfn-lint,
//! checkov, python-hcl2 and, where installed, `terraform fmt`.

#![deny(missing_docs)]

pub mod deploy;
pub mod policy;

pub use deploy::Design;
pub use policy::{DeliveryTargets, PolicyOptions};
