//! The AWS SDK for Rust, the client iam-audit uses, reads the emulator's answers to the APIs added
//! for issues 22 to 26 as it reads AWS's: shapes, enums, dates and error codes parse, and its
//! paginators walk the pages. (IAM Access Analyzer has no SDK crate in the workspace; boto3 reads
//! it in tests/boto3.)

mod cloudtrail;
mod last_accessed;
mod organization;
mod resources;
mod root_sessions;
mod scale;
mod support;
