//! Where the reports and the failures go: the reports bucket with its settings (each a resource
//! of the provider) and its policy, the dead-letter queue, and the function's log group.

/// The bucket and its settings; `@PREFIX@` is the reports' prefix.
pub(super) const BUCKET: &str = r#"resource "aws_s3_bucket" "reports_bucket" {
  bucket_prefix = "${var.name}-reports-"
  #checkov:skip=CKV_AWS_18:Access logging needs a second bucket the organization usually has centrally
  #checkov:skip=CKV_AWS_144:Cross-region replication is the organization's choice for audit evidence
  #checkov:skip=CKV2_AWS_62:No event notifications are needed on the reports
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "reports_bucket_versioning" {
  bucket = aws_s3_bucket.reports_bucket.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "reports_bucket_public_access" {
  bucket                  = aws_s3_bucket.reports_bucket.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports_bucket_encryption" {
  bucket = aws_s3_bucket.reports_bucket.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.reports_kms_key_arn != "" ? "aws:kms" : "AES256"
      kms_master_key_id = var.reports_kms_key_arn != "" ? var.reports_kms_key_arn : null
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_ownership_controls" "reports_bucket_ownership" {
  bucket = aws_s3_bucket.reports_bucket.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "reports_bucket_lifecycle" {
  bucket = aws_s3_bucket.reports_bucket.id
  rule {
    id     = "expire-reports"
    status = "Enabled"
    filter {
      prefix = "@PREFIX@/"
    }
    expiration {
      days = var.reports_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_policy" "reports_bucket_policy" {
  bucket = aws_s3_bucket.reports_bucket.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TlsOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.reports_bucket.arn, "${aws_s3_bucket.reports_bucket.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

"#;

/// The dead-letter queue and the function's log group.
pub(super) const LOGS_AND_QUEUE: &str = r#"resource "aws_sqs_queue" "dead_letter_queue" {
  name_prefix               = "${var.name}-failed-"
  message_retention_seconds = 1209600
  kms_master_key_id         = "alias/aws/sqs"
}

resource "aws_cloudwatch_log_group" "function_log_group" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
  #checkov:skip=CKV_AWS_158:The logs hold no secret; CloudWatch's own encryption applies
  #checkov:skip=CKV_AWS_338:Retention is a variable (default 90 days)
}

"#;
