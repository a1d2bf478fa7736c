//! Refuses cut-off XML answers. The SDK's XML reader accepts a document that ends mid-element:
//! a truncated ListUsers answer gave a phantom user, and a truncated ListMFADevices answer reads
//! as "no MFA device" — the false "None" this tool must never report. STS and IAM answer in XML;
//! every successful XML answer must close its root element, or the call fails as malformed.
//! (JSON answers need no check: a cut-off JSON document does not parse.)

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::AfterDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use iam_audit_errors::TRUNCATED;

/// The interceptor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WholeXmlAnswers;

/// True when `body` is an XML document whose root element is closed at its end.
pub(crate) fn xml_is_whole(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let Some(root) = text
        .trim_start_matches(|character: char| character != '<')
        .split('<')
        .find(|tag| !tag.is_empty() && !tag.starts_with('?') && !tag.starts_with('!'))
        .map(|tag| {
            tag.split(|character: char| {
                character.is_whitespace() || character == '>' || character == '/'
            })
            .next()
            .unwrap_or_default()
            .to_string()
        })
    else {
        return false;
    };
    text.ends_with(&format!("</{root}>")) || text.ends_with("/>")
}

impl Intercept for WholeXmlAnswers {
    fn name(&self) -> &'static str {
        "iam-audit-whole-xml-answers"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _configuration: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response();
        if !response.status().is_success() {
            return Ok(());
        }
        match response.body().bytes() {
            Some(body) if !body.is_empty() && !xml_is_whole(body) => Err(TRUNCATED.into()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_documents_pass_and_cut_ones_fail() {
        assert!(xml_is_whole(
            b"<?xml version=\"1.0\"?>\n<ListUsersResponse xmlns=\"x\"><a/></ListUsersResponse>\n"
        ));
        assert!(xml_is_whole(
            b"<GetCallerIdentityResponse><Arn>a</Arn></GetCallerIdentityResponse>"
        ));
        assert!(!xml_is_whole(b"<ListMFADevicesResponse xmlns=\"x\"><ListMFADevicesResult><Users><member><UserName>trunc"));
        assert!(!xml_is_whole(
            b"<ListUsersResponse><Users></Users></ListUsers"
        ));
        assert!(!xml_is_whole(b"not xml"));
    }
}
