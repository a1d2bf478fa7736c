//! CloudTrail LookupEvents by access key (issue 22), through boto3's paginator.

use crate::support::{run_boto3, start_fixture};

/// The paginator walks a key's 64 us-east-1 events in pages of at most 50; eu-west-1 has the
/// other five; each CloudTrailEvent carries the key, the address, the client and the region, and
/// CloudFormation's calls name the service as the address.
#[test]
fn boto3_walks_an_access_keys_events_region_by_region() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (_server, endpoint) = start_fixture(folder.path(), "activity.toml");
    let script = r#"
import json
import boto3

credentials = boto3.client("sts").assume_role(
    RoleArn="arn:aws:iam::222222222222:role/AWSControlTowerExecution", RoleSessionName="boto3")["Credentials"]
session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
    aws_session_token=credentials["SessionToken"])

def lookup(region, key):
    pages = session.client("cloudtrail", region_name=region).get_paginator("lookup_events").paginate(
        LookupAttributes=[{"AttributeKey": "AccessKeyId", "AttributeValue": key}])
    sizes, events = [], []
    for page in pages:
        sizes.append(len(page["Events"]))
        events.extend(page["Events"])
    return sizes, events

sizes, east = lookup("us-east-1", "AKIADEPLOYERFIRST001")
assert sizes == [50, 14], sizes
assert all(event["AccessKeyId"] == "AKIADEPLOYERFIRST001" for event in east)
times = [event["EventTime"] for event in east]
assert times == sorted(times, reverse=True)
listing = json.loads(next(e for e in east if e["EventName"] == "ListBuckets")["CloudTrailEvent"])
assert listing["userIdentity"]["accessKeyId"] == "AKIADEPLOYERFIRST001", listing
assert listing["sourceIPAddress"] == "203.0.113.20"
assert listing["userAgent"].startswith("aws-cli/2.15.30 Python/3.11.8 Linux/5.10"), listing["userAgent"]
assert listing["awsRegion"] == "us-east-1"
stack = json.loads(next(e for e in east if e["EventName"] == "CreateStack")["CloudTrailEvent"])
assert stack["sourceIPAddress"] == "cloudformation.amazonaws.com", stack
assert stack["userIdentity"]["invokedBy"] == "cloudformation.amazonaws.com", stack

sizes, west = lookup("eu-west-1", "AKIADEPLOYERFIRST001")
assert sizes == [5], sizes
described = json.loads(west[0]["CloudTrailEvent"])
assert described["awsRegion"] == "eu-west-1" and described["userAgent"].startswith("Boto3/1.34.69"), described

_, second = lookup("us-east-1", "AKIADEPLOYERSECOND01")
terraform = json.loads(second[0]["CloudTrailEvent"])
assert terraform["sourceIPAddress"] == "192.0.2.99" and terraform["userAgent"].startswith("Terraform/1.7.5"), terraform

_, root = lookup("us-east-1", "AKIAMEMBERROOTKEY001")
assert [json.loads(e["CloudTrailEvent"])["userIdentity"]["type"] for e in root] == ["Root", "Root"]

cloudtrail = session.client("cloudtrail", region_name="us-east-1")
try:
    cloudtrail.lookup_events(LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "a"},
                                               {"AttributeKey": "Username", "AttributeValue": "b"}])
    raise SystemExit("expected InvalidLookupAttributesException")
except cloudtrail.exceptions.InvalidLookupAttributesException:
    pass
print("ok")
"#;
    run_boto3(script, &endpoint);
}
