"""Change events for the demo, on moto: the queue and the EventBridge rule of docs/events.md, and an attacker's
change announced the way CloudTrail announces it (an "AWS API Call via CloudTrail" event on the default bus).

Usage: demo_events.py ENDPOINT setup                 prints the S3POSTURE_EVENT_QUEUES value
       demo_events.py ENDPOINT rekey BUCKET KMS_KEY  re-keys BUCKET, publishes the event, waits for KMS_KEY again
"""
import json
import sys
import time
import uuid
from datetime import datetime, timezone

import boto3

QUEUE = "s3-posture-events"
ATTACKER_KEY = "arn:aws:kms:us-east-1:666666666666:key/attacker-controlled-key"


def client(service, endpoint):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="demo", aws_secret_access_key="demo")


def setup(endpoint):
    sqs, events = client("sqs", endpoint), client("events", endpoint)
    url = sqs.create_queue(QueueName=QUEUE)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    with open("docs/event-pattern.json") as pattern:
        events.put_rule(Name=QUEUE, EventPattern=pattern.read(),
                        Description="S3 configuration changes for s3-posture-operator")
    events.put_targets(Rule=QUEUE, Targets=[{"Id": "queue", "Arn": arn}])
    print(json.dumps([{"url": url, "region": "us-east-1", "endpoint": endpoint}]))


def kms_key(s3, bucket):
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    return rule["ApplyServerSideEncryptionByDefault"].get("KMSMasterKeyID")


def rekey(endpoint, bucket, approved_key):
    s3, events = client("s3", endpoint), client("events", endpoint)
    account = client("sts", endpoint).get_caller_identity()["Account"]
    mallory = f"arn:aws:iam::{account}:user/mallory"
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": ATTACKER_KEY}}]})
    record = {
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "arn": mallory, "accountId": account, "userName": "mallory"},
        "eventTime": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": "s3.amazonaws.com", "eventName": "PutBucketEncryption", "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.7", "requestParameters": {"bucketName": bucket},
        "eventID": str(uuid.uuid4()), "readOnly": False, "eventType": "AwsApiCall",
        "managementEvent": True, "recipientAccountId": account,
    }
    published = time.monotonic()
    events.put_events(Entries=[{"Source": "aws.s3", "DetailType": "AWS API Call via CloudTrail",
                                "Detail": json.dumps(record)}])
    print(f"  {bucket}: re-keyed with {ATTACKER_KEY} by {mallory};")
    print("  CloudTrail's event (PutBucketEncryption) published on the default bus: the rule sends it to the queue")
    while time.monotonic() - published < 60:
        if kms_key(s3, bucket) == approved_key:
            print(f"  corrected {time.monotonic() - published:.1f} s after the event was published")
            return
        time.sleep(0.1)
    sys.exit(f"{bucket} was not corrected within 60 s of the event")


if __name__ == "__main__":
    endpoint, action = sys.argv[1], sys.argv[2]
    if action == "setup":
        setup(endpoint)
    elif action == "rekey":
        rekey(endpoint, sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
