//! Where iam-audit's results go beyond the local folder: the run's report files in S3 (with
//! `latest.json` naming the newest run, and presigned links), a summary to Slack through an
//! incoming webhook and to an SNS topic, and the webhook's URL from Secrets Manager.
//!
//! **Invariant:** the only crate that writes anywhere but local files, and it only ever acts with the caller's
//! own credentials, in the caller's own account: nothing here touches an audited account. Every
//! destination is one file. A failure is an error value naming the object or destination, never
//! a panic and never a secret: the webhook URL is a [`Secret`] that prints as `[webhook]`.

mod deliveries;
mod error;
pub mod s3;
mod secret;
pub mod secrets;
pub mod slack;
pub mod sns;

pub use deliveries::{Deliveries, DeliveryPlan, NotifyTarget, OutputLocation, WebhookSource};
pub use error::DeliveryError;
pub use secret::Secret;
