//! A delivery that failed, naming what failed and why in one line (no secret, no SDK `Debug`).

/// A delivery that failed after its retries.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// An S3 request failed: the object (`s3://bucket/key`) and AWS's reason.
    #[error("{action} {uri} failed: {message}")]
    S3 {
        /// `s3:PutObject`, `s3:GetObject`.
        action: &'static str,
        /// The object.
        uri: String,
        /// AWS's code and message, or the connection's failure.
        message: String,
    },
    /// A local report could not be read for its upload.
    #[error("cannot read {path} to upload it: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A presigned URL could not be made.
    #[error("cannot presign {uri}: {message}")]
    Presign {
        /// The object.
        uri: String,
        /// Why.
        message: String,
    },
    /// The Slack webhook refused or could not be reached (after retries).
    #[error("Slack webhook: {message} (after {attempts} attempts)")]
    Slack {
        /// Status or connection failure, scrubbed of the URL.
        message: String,
        /// Attempts made.
        attempts: u32,
    },
    /// SNS Publish failed.
    #[error("sns:Publish to {topic} failed: {message}")]
    Sns {
        /// The topic ARN.
        topic: String,
        /// AWS's code and message.
        message: String,
    },
    /// The webhook URL could not be read from Secrets Manager.
    #[error("secretsmanager:GetSecretValue {secret} failed: {message}")]
    Secret {
        /// The secret's ARN or name.
        secret: String,
        /// AWS's code and message, or what is wrong with the value.
        message: String,
    },
}

/// AWS's code and message of an SDK error, on one line.
pub(crate) fn aws_message<E>(
    error: &aws_sdk_s3::error::SdkError<E, aws_smithy_runtime_api::http::Response>,
) -> String
where
    E: aws_sdk_s3::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    let (_, code, message) = iam_audit_errors::classify(error);
    match code {
        Some(code) => format!("{code}: {message}"),
        None => message,
    }
}
