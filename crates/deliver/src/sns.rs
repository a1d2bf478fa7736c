//! A plain-text summary published to an SNS topic (for e-mail subscriptions and chat bridges),
//! with the caller's own credentials. Transient failures are retried by the SDK.

use crate::DeliveryError;
use crate::error::aws_message;

/// SNS's limit on a subject.
const SUBJECT_LIMIT: usize = 100;

/// Publishes `message` with `subject` (cut to SNS's 100 characters, one line) to `topic_arn`.
pub async fn publish(
    config: &aws_config::SdkConfig,
    topic_arn: &str,
    subject: &str,
    message: &str,
) -> Result<(), DeliveryError> {
    let client = aws_sdk_sns::Client::new(config);
    let subject: String = subject
        .chars()
        .filter(|character| !character.is_control())
        .take(SUBJECT_LIMIT)
        .collect();
    client
        .publish()
        .topic_arn(topic_arn)
        .subject(subject)
        .message(message)
        .send()
        .await
        .map_err(|error| DeliveryError::Sns {
            topic: topic_arn.to_string(),
            message: aws_message(&error),
        })?;
    Ok(())
}

/// Whether `text` looks like an SNS topic ARN (`arn:<partition>:sns:<region>:<account>:<name>`).
pub fn is_topic_arn(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[2] == "sns"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|byte| byte.is_ascii_digit())
        && !parts[5].is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_arns_are_recognised() {
        assert!(is_topic_arn("arn:aws:sns:us-east-1:123456789012:iam-audit"));
        assert!(!is_topic_arn("arn:aws:sqs:us-east-1:123456789012:q"));
        assert!(!is_topic_arn("iam-audit"));
    }
}
