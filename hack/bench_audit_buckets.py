"""Seeds moto with the audit benchmark's buckets in mixed states, ten kinds in turn.

Usage: bench_audit_buckets.py ENDPOINT COUNT

COUNT buckets in all, the access-log target among them: moto's ListBuckets returns at most 1,000
buckets and no continuation token, so more than 1,000 would not all be listed.
"""
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3

KEY = "arn:aws:kms:us-east-1:123456789012:key/bench"
LOGS = "bench-audit-logs"


def client(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench")


def policy(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def public_read(bucket):
    return {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{bucket}/*"}


def tls_only(bucket):
    return {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def block_all(s3, bucket):
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})


def kms(s3, bucket, key=KEY):
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]})


def versioning(s3, bucket, status="Enabled"):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})


def seed(s3, i):
    bucket = f"bench-audit-{i:04d}"
    kind = i % 10
    s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=(kind == 6))
    if kind == 0:  # public: ACL and website
        s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
        s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
    elif kind == 1:  # public policy
        s3.put_bucket_policy(Bucket=bucket, Policy=policy([public_read(bucket)]))
    elif kind == 2:  # blocked, versioned, KMS
        block_all(s3, bucket)
        versioning(s3, bucket)
        kms(s3, bucket)
    elif kind == 3:  # versioning suspended
        versioning(s3, bucket, "Suspended")
    elif kind == 4:  # as good as the baseline asks, but for object lock, replication and MFA delete
        s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={
            "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
        block_all(s3, bucket)
        versioning(s3, bucket)
        s3.put_bucket_policy(Bucket=bucket, Policy=policy([tls_only(bucket)]))
        s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": LOGS, "TargetPrefix": f"{bucket}/"}})
    elif kind == 5:  # ACLs disabled only
        s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={
            "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    elif kind == 6:  # object lock (created with it)
        pass
    elif kind == 7:  # tagged only
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "team", "Value": "bench"}]})
    elif kind == 8:  # re-keyed with someone else's KMS key
        kms(s3, bucket, "arn:aws:kms:us-east-1:666666666666:key/attacker")
    # kind 9: a new bucket, nothing configured


def main():
    endpoint, count = sys.argv[1], int(sys.argv[2])
    s3 = client(endpoint)
    s3.create_bucket(Bucket=LOGS)
    s3.put_bucket_policy(Bucket=LOGS, Policy=policy([{
        "Sid": "S3ServerAccessLogs", "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{LOGS}/*"}]))
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: seed(s3, i), range(count - 1)))


if __name__ == "__main__":
    main()
