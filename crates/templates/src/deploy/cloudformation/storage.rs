//! Where the reports and the failures go: the reports bucket and its policy, the dead-letter
//! queue, and the log groups.

use serde_json::{Value, json};

use super::parts::skips;

/// The reports bucket: versioned, private, TLS-only, encrypted (SSE-S3 or the given KMS key),
/// owner-enforced, its reports expiring after the retention.
pub(super) fn reports_bucket() -> Value {
    json!({
        "Type": "AWS::S3::Bucket",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Metadata": skips(&[("CKV_AWS_18", "Access logging needs a second bucket the organization usually has centrally (CloudTrail data events cover the reports too); left to it")]),
        "Properties": {
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                "ServerSideEncryptionByDefault": {"Fn::If": ["HasKmsKey",
                    {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Ref": "ReportsKmsKeyArn"}},
                    {"SSEAlgorithm": "AES256"}]},
                "BucketKeyEnabled": true,
            }]},
            "VersioningConfiguration": {"Status": "Enabled"},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": true, "BlockPublicPolicy": true,
                "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
            },
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
            "LifecycleConfiguration": {"Rules": [{
                "Id": "expire-reports",
                "Status": "Enabled",
                "ExpirationInDays": {"Ref": "ReportsRetentionDays"},
                "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
            }]},
        },
    })
}

/// The bucket's policy: TLS only.
pub(super) fn reports_bucket_policy() -> Value {
    json!({
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": {"Ref": "ReportsBucket"},
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Sid": "TlsOnly",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [{"Fn::GetAtt": ["ReportsBucket", "Arn"]}, {"Fn::Sub": "${ReportsBucket.Arn}/*"}],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }]},
        },
    })
}

/// The queue of failed invocations (encrypted, kept 14 days).
pub(super) fn dead_letter_queue() -> Value {
    json!({
        "Type": "AWS::SQS::Queue",
        "Properties": {
            "MessageRetentionPeriod": 1_209_600,
            "KmsMasterKeyId": "alias/aws/sqs",
        },
    })
}

/// A log group named `name` (a `Fn::Sub` text), kept the chosen number of days.
pub(super) fn log_group(name: &str) -> Value {
    json!({
        "Type": "AWS::Logs::LogGroup",
        "DeletionPolicy": "Delete",
        "UpdateReplacePolicy": "Delete",
        "Metadata": skips(&[("CKV_AWS_158", "The logs hold no secret (the webhook URL and keys are never logged); CloudWatch's own encryption applies")]),
        "Properties": {
            "LogGroupName": {"Fn::Sub": name},
            "RetentionInDays": {"Ref": "LogRetentionDays"},
        },
    })
}
