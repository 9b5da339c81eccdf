"""Creates the demo's badly configured buckets in moto, and later changes them behind the operator's back.

Usage: demo_buckets.py ENDPOINT seed|tamper
"""
import json
import sys

import boto3

ATTACKER_KEY = "arn:aws:kms:us-east-1:666666666666:key/attacker-controlled-key"


def client(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="demo", aws_secret_access_key="demo")


def public_read_policy(bucket):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]})


def seed(s3):
    for bucket in ["payments-invoices", "payments-ledger", "payments-exports", "analytics-raw", "analytics-scratch"]:
        s3.create_bucket(Bucket=bucket)
    # public: anyone may read, and it serves a static website
    s3.put_bucket_acl(Bucket="payments-invoices", ACL="public-read")
    s3.put_bucket_website(Bucket="payments-invoices",
                          WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
    # ransomware: re-encrypted with a KMS key the attacker controls
    rekey(s3, "payments-ledger")
    # payments-exports: never versioned, default encryption only
    # analytics: public policy and ACL, website on, no versioning (the Audit policy only reports)
    s3.put_bucket_policy(Bucket="analytics-raw", Policy=public_read_policy("analytics-raw"))
    s3.put_bucket_acl(Bucket="analytics-raw", ACL="public-read")
    s3.put_bucket_website(Bucket="analytics-scratch",
                          WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})


def rekey(s3, bucket):
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": ATTACKER_KEY}}]})


def tamper(s3):
    rekey(s3, "payments-ledger")
    s3.put_bucket_versioning(Bucket="payments-exports", VersioningConfiguration={"Status": "Suspended"})
    s3.put_bucket_website(Bucket="payments-invoices",
                          WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})


if __name__ == "__main__":
    endpoint, action = sys.argv[1], sys.argv[2]
    {"seed": seed, "tamper": tamper}[action](client(endpoint))
