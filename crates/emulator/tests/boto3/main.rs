//! boto3, an independent client, reads the emulator's answers to the APIs added for issues 22 to
//! 26 as it reads AWS's: CloudTrail's access key activity, STS AssumeRoot and root sessions, IAM's
//! server certificates, service last accessed reports and user tags, IAM Access Analyzer's
//! restJson1 ListAnalyzers, and the Organizations tree and account tags. botocore parses every
//! shape with its own service models and raises AWS's error codes.

#[path = "../support/mod.rs"]
mod support;

mod cloudtrail;
mod last_accessed;
mod organization;
mod resources;
mod root_sessions;
