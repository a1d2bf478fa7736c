//! IAM server certificates (issue 23). (IAM Access Analyzer has no SDK crate in the workspace.)

use iam_audit_emulator::RunningEmulator;

use crate::support::{assume, config, fixture};

/// The SDK's paginator walks ListServerCertificates a certificate at a time; dates parse.
#[tokio::test]
async fn the_sdk_pages_through_server_certificates() {
    let emulator = RunningEmulator::start(fixture("resources.toml"), 0)
        .await
        .expect("emulator");
    let member = assume(&emulator, "222222222222").await;
    let iam = aws_sdk_iam::Client::new(&config(&emulator, "us-east-1", member));
    let certificates: Vec<_> = iam
        .list_server_certificates()
        .max_items(1)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListServerCertificates");
    let read: Vec<(&str, &str)> = certificates
        .iter()
        .map(|certificate| (certificate.server_certificate_name(), certificate.path()))
        .collect();
    assert_eq!(
        read,
        [
            ("api-2026", "/cloudfront/"),
            ("legacy-elb", "/"),
            ("www", "/")
        ]
    );
    let now = aws_sdk_iam::primitives::DateTime::from(std::time::SystemTime::now());
    let expired = certificates[1].expiration().expect("an expiry");
    let valid = certificates[2].expiration().expect("an expiry");
    assert!(expired.secs() < now.secs() && now.secs() < valid.secs());
    assert!(certificates[0].server_certificate_id().starts_with("ASCA"));
    assert!(certificates[0].upload_date().is_some());
    emulator.shutdown().await;
}
