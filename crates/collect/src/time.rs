//! The SDK's timestamps as chrono's, for every date the collector reads.

/// Converts an SDK timestamp to chrono's.
pub(crate) fn to_utc(moment: &aws_smithy_types::DateTime) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(moment.secs(), moment.subsec_nanos())
}
