//! The wire protocols the SDK speaks to these services: awsQuery (form-encoded requests, XML
//! answers; STS and IAM), awsJson1.1 (JSON both ways, the action in `X-Amz-Target`; Organizations
//! and CloudTrail) and restJson1 (the action in the method and path, parameters in the query
//! string, JSON answers; IAM Access Analyzer and Control Tower).
//!
//! Error shapes follow AWS's documentation so that both the Rust SDK and boto3 read the code.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};

/// A small XML writer: enough for awsQuery answers, with every text escaped.
#[derive(Default)]
pub struct Xml {
    buffer: String,
}

impl Xml {
    /// Opens `<tag>`.
    pub fn open(&mut self, tag: &str) -> &mut Self {
        self.buffer.push('<');
        self.buffer.push_str(tag);
        self.buffer.push('>');
        self
    }

    /// Closes `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Self {
        self.buffer.push_str("</");
        self.buffer.push_str(tag);
        self.buffer.push('>');
        self
    }

    /// `<tag>text</tag>`, escaped.
    pub fn text(&mut self, tag: &str, text: &str) -> &mut Self {
        self.open(tag);
        escape_into(&mut self.buffer, text);
        self.close(tag)
    }

    /// `<tag>2024-01-02T03:04:05Z</tag>`.
    pub fn time(&mut self, tag: &str, moment: DateTime<Utc>) -> &mut Self {
        self.text(tag, &iso8601(moment))
    }

    /// The finished text.
    pub fn finish(self) -> String {
        self.buffer
    }
}

fn escape_into(buffer: &mut String, text: &str) {
    for character in text.chars() {
        match character {
            '<' => buffer.push_str("&lt;"),
            '>' => buffer.push_str("&gt;"),
            '&' => buffer.push_str("&amp;"),
            '"' => buffer.push_str("&quot;"),
            '\'' => buffer.push_str("&apos;"),
            _ => buffer.push(character),
        }
    }
}

/// ISO 8601 in UTC, seconds precision, as IAM and STS send it.
pub fn iso8601(moment: DateTime<Utc>) -> String {
    moment.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Epoch seconds, as awsJson sends timestamps.
pub fn epoch_seconds(moment: DateTime<Utc>) -> f64 {
    moment.timestamp_millis() as f64 / 1000.0
}

/// Which protocol a request came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Form-encoded request, XML answer.
    Query {
        /// The service's XML namespace.
        namespace: &'static str,
    },
    /// JSON both ways (awsJson1.1).
    Json,
    /// restJson1: method and path name the action, JSON answers.
    RestJson,
}

/// A service answer before it becomes HTTP.
pub enum Answer {
    /// A 200 with this body (XML result element content, or JSON value).
    Ok(String),
    /// An AWS error.
    Error(AwsError),
}

/// An AWS error answer.
#[derive(Debug, Clone)]
pub struct AwsError {
    /// HTTP status.
    pub status: StatusCode,
    /// Code as the service spells it.
    pub code: String,
    /// Message.
    pub message: String,
    /// `Sender` or `Receiver` (awsQuery).
    pub sender_fault: bool,
    /// Members of the error's JSON body beyond its code and message (Organizations'
    /// `InvalidInputException` has a `Reason`, Access Analyzer's `ValidationException` a `reason`).
    pub fields: serde_json::Map<String, serde_json::Value>,
}

impl AwsError {
    /// A client error.
    pub fn sender(status: StatusCode, code: &str, message: impl Into<String>) -> AwsError {
        AwsError {
            status,
            code: code.to_string(),
            message: message.into(),
            sender_fault: true,
            fields: serde_json::Map::new(),
        }
    }

    /// A server error.
    pub fn receiver(status: StatusCode, code: &str, message: impl Into<String>) -> AwsError {
        AwsError {
            status,
            code: code.to_string(),
            message: message.into(),
            sender_fault: false,
            fields: serde_json::Map::new(),
        }
    }

    /// The same error with one more member in its JSON body.
    pub fn with_field(mut self, name: &str, value: impl Into<serde_json::Value>) -> AwsError {
        self.fields.insert(name.to_string(), value.into());
        self
    }

    /// The request was missing a required parameter or had a bad one.
    pub fn validation(protocol: Protocol, message: impl Into<String>) -> AwsError {
        match protocol {
            Protocol::Query { .. } => {
                AwsError::sender(StatusCode::BAD_REQUEST, "ValidationError", message)
            }
            Protocol::Json => {
                AwsError::sender(StatusCode::BAD_REQUEST, "ValidationException", message)
            }
            Protocol::RestJson => {
                AwsError::sender(StatusCode::BAD_REQUEST, "ValidationException", message)
                    .with_field("reason", "fieldValidationFailed")
            }
        }
    }
}

/// Renders a successful query answer: `<ActionResponse><ActionResult>…</ActionResult>…`.
pub fn query_ok(namespace: &str, action: &str, result: &str, request_id: &str) -> Response {
    let body = format!(
        "<{action}Response xmlns=\"{namespace}\"><{action}Result>{result}</{action}Result>\
         <ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{action}Response>"
    );
    with_type(StatusCode::OK, body, "text/xml")
}

/// Renders an answer in the request's protocol.
pub fn render(protocol: Protocol, action: &str, answer: Answer, request_id: &str) -> Response {
    match (protocol, answer) {
        (Protocol::Query { namespace }, Answer::Ok(result)) => {
            query_ok(namespace, action, &result, request_id)
        }
        (Protocol::Json, Answer::Ok(body)) => {
            with_type(StatusCode::OK, body, "application/x-amz-json-1.1")
        }
        (Protocol::RestJson, Answer::Ok(body)) => {
            with_type(StatusCode::OK, body, "application/json")
        }
        (protocol, Answer::Error(error)) => render_error(protocol, &error, request_id),
    }
}

/// Renders an error in the request's protocol.
pub fn render_error(protocol: Protocol, error: &AwsError, request_id: &str) -> Response {
    match protocol {
        Protocol::Query { namespace } => {
            let mut xml = Xml::default();
            xml.text(
                "Type",
                if error.sender_fault {
                    "Sender"
                } else {
                    "Receiver"
                },
            )
            .text("Code", &error.code)
            .text("Message", &error.message);
            let body = format!(
                "<ErrorResponse xmlns=\"{namespace}\"><Error>{}</Error><RequestId>{request_id}</RequestId></ErrorResponse>",
                xml.finish()
            );
            with_type(error.status, body, "text/xml")
        }
        Protocol::Json | Protocol::RestJson => {
            let mut body = serde_json::json!({"__type": error.code, "message": error.message});
            for (name, value) in &error.fields {
                body[name] = value.clone();
            }
            let content_type = if protocol == Protocol::Json {
                "application/x-amz-json-1.1"
            } else {
                "application/json"
            };
            let mut response = with_type(error.status, body.to_string(), content_type);
            if let Ok(value) = HeaderValue::from_str(&error.code) {
                response.headers_mut().insert("x-amzn-ErrorType", value);
            }
            response
        }
    }
}

fn with_type(status: StatusCode, body: String, content_type: &'static str) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        let mut xml = Xml::default();
        xml.text("UserName", "<a&b>\"'");
        assert_eq!(
            xml.finish(),
            "<UserName>&lt;a&amp;b&gt;&quot;&apos;</UserName>"
        );
    }
}
