//! IAM server certificates and IAM Access Analyzer analyzers (issue 23), through boto3.

use crate::support::{run_boto3, start_fixture};

/// boto3's paginators walk ListServerCertificates one certificate a page and ListAnalyzers (a
/// restJson1 GET signed as `access-analyzer`) one analyzer a page, region by region; expiry and
/// creation dates parse as datetimes.
#[test]
fn boto3_reads_server_certificates_and_analyzers() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (_server, endpoint) = start_fixture(folder.path(), "resources.toml");
    let script = r#"
import datetime
import boto3

credentials = boto3.client("sts").assume_role(
    RoleArn="arn:aws:iam::222222222222:role/AWSControlTowerExecution", RoleSessionName="boto3")["Credentials"]
member = boto3.Session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
    aws_session_token=credentials["SessionToken"])

now = datetime.datetime.now(datetime.timezone.utc)
pages = list(member.client("iam", region_name="us-east-1").get_paginator("list_server_certificates").paginate(
    PaginationConfig={"PageSize": 1}))
assert len(pages) == 3, pages
certificates = {c["ServerCertificateName"]: c for page in pages for c in page["ServerCertificateMetadataList"]}
assert sorted(certificates) == ["api-2026", "legacy-elb", "www"], certificates
assert certificates["legacy-elb"]["Expiration"] < now < certificates["www"]["Expiration"]
assert certificates["api-2026"]["Path"] == "/cloudfront/"
assert certificates["api-2026"]["Arn"] == "arn:aws:iam::222222222222:server-certificate/cloudfront/api-2026"

def analyzers(session, region, **filters):
    pages = session.client("accessanalyzer", region_name=region).get_paginator("list_analyzers").paginate(
        PaginationConfig={"PageSize": 1}, **filters)
    return [(a["name"], a["type"], a["status"]) for page in pages for a in page["analyzers"]]

assert analyzers(member, "us-east-1") == [("external-access", "ACCOUNT", "ACTIVE"),
                                          ("unused-access", "ACCOUNT_UNUSED_ACCESS", "ACTIVE")]
assert analyzers(member, "us-east-1", type="ACCOUNT") == [("external-access", "ACCOUNT", "ACTIVE")]
assert analyzers(member, "eu-west-1") == [("ireland", "ACCOUNT", "DISABLED")]
assert analyzers(member, "ap-southeast-2") == []
client = member.client("accessanalyzer", region_name="us-east-1")
listed = client.list_analyzers()["analyzers"]
assert isinstance(listed[0]["createdAt"], datetime.datetime) and listed[0]["createdAt"] < now
assert listed[1]["configuration"]["unusedAccess"]["unusedAccessAge"] == 60
try:
    client.list_analyzers(type="EVERYTHING")
    raise SystemExit("expected ValidationException")
except client.exceptions.ValidationException as error:
    assert error.response["Error"]["Code"] == "ValidationException", error.response
assert analyzers(boto3.Session(), "us-east-1") == [("organization", "ORGANIZATION", "ACTIVE")]
# Control Tower shares the restJson1 path: no landing zone in this organization.
assert boto3.client("controltower").list_landing_zones()["landingZones"] == []
print("ok")
"#;
    run_boto3(script, &endpoint);
}
