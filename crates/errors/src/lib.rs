//! How iam-audit reads an error of the AWS SDK: its class ([`ErrorKind`]), the AWS error code
//! and a one-line message ([`classify`]), so that AccessDenied, NoSuchEntity, throttling and
//! expired credentials are told apart; and any error with its sources as one line
//! ([`chain_text`]), built from their `Display` texts only: the SDK's `Debug` dumps never reach a
//! person. The collector (every read) and the delivery (every write) share these, so an error
//! reads the same wherever it happened.
//!
//! Invariant: pure functions over error values. No client, no call, no I/O: this crate knows the
//! SDK's error types (the smithy runtime's `SdkError`, the `ProvideErrorMetadata` trait) and
//! nothing of any service, so depending on it never pulls an SDK client in.
//!
//! [`ErrorKind`]: iam_audit_model::ErrorKind

#![deny(missing_docs)]

mod classify;
mod text;

pub use classify::{TRUNCATED, classify, kind_of};
pub use text::{chain_text, one_line};
