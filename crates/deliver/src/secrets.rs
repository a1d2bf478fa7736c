//! The Slack webhook's URL from Secrets Manager (never from the command line, where `ps` would
//! show it). The secret is the URL itself, or JSON with a `webhook_url` (or `url`) key.

use crate::error::aws_message;
use crate::{DeliveryError, Secret};

/// Reads the webhook URL from the secret `secret_id` (an ARN or a name).
pub async fn webhook_url(
    config: &aws_config::SdkConfig,
    secret_id: &str,
) -> Result<Secret, DeliveryError> {
    let client = aws_sdk_secretsmanager::Client::new(config);
    let failure = |message: String| DeliveryError::Secret {
        secret: secret_id.to_string(),
        message,
    };
    let output = client
        .get_secret_value()
        .secret_id(secret_id)
        .send()
        .await
        .map_err(|error| failure(aws_message(&error)))?;
    let text = output
        .secret_string()
        .ok_or_else(|| failure("the secret has no string value".to_string()))?;
    url_of(text).ok_or_else(|| {
        failure("the secret is neither an https:// URL nor JSON with a webhook_url".to_string())
    })
}

/// The URL in a secret's value.
fn url_of(text: &str) -> Option<Secret> {
    let text = text.trim();
    let url = if text.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        value
            .get("webhook_url")
            .or_else(|| value.get("url"))?
            .as_str()?
            .to_string()
    } else {
        text.to_string()
    };
    (url.starts_with("https://") || url.starts_with("http://")).then(|| Secret::new(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_the_value_or_its_webhook_url() {
        let url = "https://hooks.slack.com/services/T0/B0/x";
        assert_eq!(
            url_of(url)
                .map(|secret| secret.expose().to_string())
                .as_deref(),
            Some(url)
        );
        let json = format!("{{\"webhook_url\": \"{url}\"}}");
        assert!(url_of(&json).is_some());
        assert!(url_of("not a url").is_none());
        assert!(url_of("{\"other\": 1}").is_none());
    }
}
