//! Reads earlier reports (`diff`'s two runs, `merge`'s shards) from disk or S3, with the caller's
//! credentials loaded only when one of them is in S3, and `ExpectedBucketOwner` the caller's
//! account unless told otherwise.

use iam_audit_collect::ConnectOptions;

use crate::settings::BaselineSource;

/// Reads report files and `s3://` objects.
pub struct ReportReader {
    s3: Option<(iam_audit_deliver::s3::Client, String)>,
}

impl ReportReader {
    /// A reader for `sources`; `owner` is the buckets' expected owner (the caller's by default).
    pub async fn new(
        connect: &ConnectOptions,
        owner: Option<String>,
        sources: &[&BaselineSource],
    ) -> ReportReader {
        if !sources
            .iter()
            .any(|source| matches!(source, BaselineSource::S3 { .. }))
        {
            return ReportReader { s3: None };
        }
        let config = iam_audit_collect::caller_config(connect).await;
        let owner = match owner {
            Some(owner) => owner,
            None => iam_audit_collect::identify_caller(&config)
                .await
                .map(|caller| caller.account_id)
                .unwrap_or_default(),
        };
        ReportReader {
            s3: Some((iam_audit_deliver::s3::client(&config), owner)),
        }
    }

    /// The bytes of a report and its name (path or URI).
    pub async fn read(&self, source: &BaselineSource) -> Result<(Vec<u8>, String), String> {
        match source {
            BaselineSource::File(path) => Ok((
                std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?,
                path.display().to_string(),
            )),
            BaselineSource::S3 { bucket, key } => {
                let (client, owner) = self.s3.as_ref().ok_or("no S3 client")?;
                let bytes = iam_audit_deliver::s3::get_object(client, bucket, key, owner)
                    .await
                    .map_err(|error| error.to_string())?;
                Ok((bytes, format!("s3://{bucket}/{key}")))
            }
            BaselineSource::Auto => Err("`auto` is not a report".to_string()),
        }
    }
}
