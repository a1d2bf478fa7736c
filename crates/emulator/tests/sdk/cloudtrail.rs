//! CloudTrail LookupEvents by access key (issue 22).

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use iam_audit_emulator::RunningEmulator;

use crate::support::{assume, config, fixture};

/// The SDK's paginator walks a key's events page by page in the region it signs for, and each
/// event's CloudTrailEvent JSON names the key, the address, the client and the region.
#[tokio::test]
async fn the_sdk_pages_through_an_access_keys_events_in_its_region() {
    let emulator = RunningEmulator::start(fixture("activity.toml"), 0)
        .await
        .expect("emulator");
    let member = assume(&emulator, "222222222222").await;
    let by_key = LookupAttribute::builder()
        .attribute_key(LookupAttributeKey::AccessKeyId)
        .attribute_value("AKIADEPLOYERFIRST001")
        .build()
        .expect("attribute");
    for (region, expected) in [("us-east-1", 64), ("eu-west-1", 5)] {
        let cloudtrail =
            aws_sdk_cloudtrail::Client::new(&config(&emulator, region, member.clone()));
        let pages: Vec<_> = cloudtrail
            .lookup_events()
            .lookup_attributes(by_key.clone())
            .into_paginator()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .expect("LookupEvents");
        let events: Vec<_> = pages.iter().flat_map(|page| page.events()).collect();
        assert_eq!(events.len(), expected, "{region}");
        assert!(pages.iter().all(|page| page.events().len() <= 50));
        for event in events {
            assert_eq!(event.access_key_id(), Some("AKIADEPLOYERFIRST001"));
            let record: serde_json::Value =
                serde_json::from_str(event.cloud_trail_event().unwrap_or("{}")).expect("JSON");
            assert_eq!(
                record["userIdentity"]["accessKeyId"],
                "AKIADEPLOYERFIRST001"
            );
            assert_eq!(record["awsRegion"], region);
            assert!(record["sourceIPAddress"].is_string() && record["userAgent"].is_string());
        }
    }
    emulator.shutdown().await;
}
