//! A local AWS endpoint for iam-audit's demo, tests and benchmarks.
//!
//! It serves, over HTTP on 127.0.0.1, the wire protocols the AWS SDK uses for the calls the audit
//! makes (Organizations, STS, IAM, CloudTrail, IAM Access Analyzer, and Control Tower's
//! ListLandingZones), answering from a scenario file with real pagination, real per-account
//! isolation of AssumeRole credentials and of AssumeRoot's root sessions, rate limits, latency and
//! injected faults, and it logs every call. The product talks to it
//! through the unchanged SDK, exactly as it talks to AWS: it is an instrument, not a mock inside
//! the product's logic.

pub mod aws_managed_policies;
mod call_log;
mod demo;
mod generator;
pub mod protocol;
pub mod scenario;
mod server;
pub mod service_catalogue;
pub mod services;
#[cfg(test)]
mod test_support;
pub mod world;

pub use demo::demo_scenario;
pub use generator::{GeneratorOptions, generate};
pub use scenario::{Fault, FaultKind, Scenario, ScenarioError, When};
pub use server::{Call, RunningEmulator, Service, write_call_log};

/// The static credentials the demo and tests sign with: the emulator treats credentials it did not
/// issue as the scenario's caller in the management account.
pub const CALLER_ACCESS_KEY_ID: &str = "AKIAEMULATORCALLER01";
