package io.s3posture.localstack.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.localstack.proxy.AwsOperation.Access;
import io.s3posture.localstack.proxy.AwsOperation.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests as the AWS SDKs put them on the wire (path-style S3, S3 Control with {@code
 * x-amz-account-id}, STS's query protocol, the JSON protocol of SQS, EventBridge, CloudTrail and
 * Config), and the operation the proxy names for each.
 */
class OperationClassifierTest {

  private static final String S3_AUTH =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, "
          + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=0f0f";

  private final OperationClassifier classifier = new OperationClassifier();

  static Stream<Arguments> s3Requests() {
    return Stream.of(
        s3("GET", "/", "ListBuckets", null, Access.READ),
        s3("GET", "/?max-buckets=1000&bucket-region=us-east-1", "ListBuckets", null, Access.READ),
        s3("GET", "/?continuation-token=abc&max-buckets=1000", "ListBuckets", null, Access.READ),
        s3("PUT", "/payments", "CreateBucket", "payments", Access.WRITE),
        s3("PUT", "/payments/", "CreateBucket", "payments", Access.WRITE),
        s3("DELETE", "/payments", "DeleteBucket", "payments", Access.WRITE),
        s3("HEAD", "/payments", "HeadBucket", "payments", Access.READ),
        s3("GET", "/payments?location", "GetBucketLocation", "payments", Access.READ),
        s3("GET", "/payments?encryption", "GetBucketEncryption", "payments", Access.READ),
        s3("PUT", "/payments?encryption", "PutBucketEncryption", "payments", Access.WRITE),
        s3("DELETE", "/payments?encryption", "DeleteBucketEncryption", "payments", Access.WRITE),
        s3("GET", "/payments?policy", "GetBucketPolicy", "payments", Access.READ),
        s3("PUT", "/payments?policy", "PutBucketPolicy", "payments", Access.WRITE),
        s3("DELETE", "/payments?policy", "DeleteBucketPolicy", "payments", Access.WRITE),
        s3("GET", "/payments?policyStatus", "GetBucketPolicyStatus", "payments", Access.READ),
        s3("GET", "/payments?versioning", "GetBucketVersioning", "payments", Access.READ),
        s3("PUT", "/payments?versioning", "PutBucketVersioning", "payments", Access.WRITE),
        s3("GET", "/payments?acl", "GetBucketAcl", "payments", Access.READ),
        s3("PUT", "/payments?acl", "PutBucketAcl", "payments", Access.WRITE),
        s3(
            "GET",
            "/payments?ownershipControls",
            "GetBucketOwnershipControls",
            "payments",
            Access.READ),
        s3(
            "PUT",
            "/payments?ownershipControls",
            "PutBucketOwnershipControls",
            "payments",
            Access.WRITE),
        s3(
            "DELETE",
            "/payments?ownershipControls",
            "DeleteBucketOwnershipControls",
            "payments",
            Access.WRITE),
        s3("GET", "/payments?publicAccessBlock", "GetPublicAccessBlock", "payments", Access.READ),
        s3("PUT", "/payments?publicAccessBlock", "PutPublicAccessBlock", "payments", Access.WRITE),
        s3(
            "DELETE",
            "/payments?publicAccessBlock",
            "DeletePublicAccessBlock",
            "payments",
            Access.WRITE),
        s3("GET", "/payments?object-lock", "GetObjectLockConfiguration", "payments", Access.READ),
        s3("PUT", "/payments?object-lock", "PutObjectLockConfiguration", "payments", Access.WRITE),
        s3("GET", "/payments?replication", "GetBucketReplication", "payments", Access.READ),
        s3("PUT", "/payments?replication", "PutBucketReplication", "payments", Access.WRITE),
        s3("DELETE", "/payments?replication", "DeleteBucketReplication", "payments", Access.WRITE),
        s3("GET", "/payments?logging", "GetBucketLogging", "payments", Access.READ),
        s3("PUT", "/payments?logging", "PutBucketLogging", "payments", Access.WRITE),
        s3("GET", "/payments?website", "GetBucketWebsite", "payments", Access.READ),
        s3("PUT", "/payments?website", "PutBucketWebsite", "payments", Access.WRITE),
        s3("DELETE", "/payments?website", "DeleteBucketWebsite", "payments", Access.WRITE),
        s3("GET", "/payments?tagging", "GetBucketTagging", "payments", Access.READ),
        s3("PUT", "/payments?tagging", "PutBucketTagging", "payments", Access.WRITE),
        s3("DELETE", "/payments?tagging", "DeleteBucketTagging", "payments", Access.WRITE),
        s3(
            "GET",
            "/payments?lifecycle",
            "GetBucketLifecycleConfiguration",
            "payments",
            Access.READ),
        s3("DELETE", "/payments?lifecycle", "DeleteBucketLifecycle", "payments", Access.WRITE),
        s3(
            "GET",
            "/payments?inventory&id=daily",
            "GetBucketInventoryConfiguration",
            "payments",
            Access.READ),
        s3(
            "GET",
            "/payments?inventory",
            "ListBucketInventoryConfigurations",
            "payments",
            Access.READ),
        s3("GET", "/payments?list-type=2&prefix=logs%2F", "ListObjectsV2", "payments", Access.READ),
        s3("GET", "/payments?prefix=logs", "ListObjects", "payments", Access.READ),
        s3("GET", "/payments?versions", "ListObjectVersions", "payments", Access.READ),
        s3("POST", "/payments?delete", "DeleteObjects", "payments", Access.WRITE),
        s3("GET", "/payments/reports/2026/q1.csv", "GetObject", "payments", Access.READ),
        s3("GET", "/payments/a.txt?x-id=GetObject", "GetObject", "payments", Access.READ),
        s3("PUT", "/payments/a.txt?x-id=PutObject", "PutObject", "payments", Access.WRITE),
        s3("PUT", "/payments/a.txt", "PutObject", "payments", Access.WRITE),
        s3("HEAD", "/payments/a.txt", "HeadObject", "payments", Access.READ),
        s3("DELETE", "/payments/a.txt", "DeleteObject", "payments", Access.WRITE),
        s3("GET", "/payments/a.txt?acl", "GetObjectAcl", "payments", Access.READ),
        s3("GET", "/payments/a.txt?retention", "GetObjectRetention", "payments", Access.READ),
        s3("PUT", "/payments/a.txt?legal-hold", "PutObjectLegalHold", "payments", Access.WRITE),
        s3("POST", "/payments/a.txt?uploads", "CreateMultipartUpload", "payments", Access.WRITE),
        s3(
            "PUT",
            "/payments/a.txt?partNumber=1&uploadId=u1",
            "UploadPart",
            "payments",
            Access.WRITE),
        s3(
            "POST",
            "/payments/a.txt?uploadId=u1",
            "CompleteMultipartUpload",
            "payments",
            Access.WRITE),
        s3(
            "DELETE",
            "/payments/a.txt?uploadId=u1",
            "AbortMultipartUpload",
            "payments",
            Access.WRITE),
        s3("GET", "/my%2Ebucket?versioning", "GetBucketVersioning", "my.bucket", Access.READ));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("s3Requests")
  void namesS3RestOperations(
      String method, String target, String name, String bucket, Access access) {
    AwsOperation op =
        classifier.classify(
            ProxyRequest.of(method, target, HeaderList.of("Authorization", S3_AUTH)));

    assertThat(op.protocol()).isEqualTo(Protocol.S3_REST);
    assertThat(op.qualifiedName()).isEqualTo("s3:" + name);
    assertThat(op.bucket()).isEqualTo(Optional.ofNullable(bucket));
    assertThat(op.access()).isEqualTo(access);
  }

  @ParameterizedTest(name = "{0} -> CopyObject")
  @MethodSource("copies")
  void copySourceMakesACopy(String target, String name) {
    AwsOperation op =
        classifier.classify(
            ProxyRequest.of(
                "PUT",
                target,
                HeaderList.of("Authorization", S3_AUTH, "x-amz-copy-source", "/src/a.txt")));

    assertThat(op.name()).isEqualTo(name);
  }

  static Stream<Arguments> copies() {
    return Stream.of(
        Arguments.of("/payments/b.txt", "CopyObject"),
        Arguments.of("/payments/b.txt?partNumber=2&uploadId=u1", "UploadPartCopy"));
  }

  static Stream<Arguments> otherRequests() {
    String sts = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sts/aws4_request, a=b";
    String sqs = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sqs/aws4_request, a=b";
    String form = "application/x-www-form-urlencoded; charset=utf-8";
    String json10 = "application/x-amz-json-1.0";
    String json11 = "application/x-amz-json-1.1";
    return Stream.of(
        other(
            "GET /v20180820/configuration/publicAccessBlock",
            HeaderList.of("Authorization", S3_AUTH, "x-amz-account-id", "123456789012"),
            "",
            "s3control:GetPublicAccessBlock",
            Protocol.S3_CONTROL,
            Access.READ),
        other(
            "PUT /v20180820/configuration/publicAccessBlock",
            HeaderList.of("Authorization", S3_AUTH, "x-amz-account-id", "123456789012"),
            "<PublicAccessBlockConfiguration/>",
            "s3control:PutPublicAccessBlock",
            Protocol.S3_CONTROL,
            Access.WRITE),
        other(
            "DELETE /v20180820/configuration/publicAccessBlock",
            HeaderList.of("x-amz-account-id", "123456789012"),
            "",
            "s3control:DeletePublicAccessBlock",
            Protocol.S3_CONTROL,
            Access.WRITE),
        other(
            "GET /v20180820/accesspoint?maxResults=10",
            HeaderList.of("x-amz-account-id", "123456789012"),
            "",
            "s3control:ListAccessPoints",
            Protocol.S3_CONTROL,
            Access.READ),
        other(
            "POST /",
            HeaderList.of("Authorization", sts, "Content-Type", form),
            "Action=GetCallerIdentity&Version=2011-06-15",
            "sts:GetCallerIdentity",
            Protocol.QUERY,
            Access.READ),
        other(
            "POST /",
            HeaderList.of("Authorization", sts, "Content-Type", form),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx"
                + "&RoleSessionName=s3-posture-operator",
            "sts:AssumeRole",
            Protocol.QUERY,
            Access.READ),
        other(
            "GET /?Action=GetCallerIdentity&Version=2011-06-15",
            HeaderList.of(),
            "",
            "sts:GetCallerIdentity",
            Protocol.QUERY,
            Access.READ),
        other(
            "POST /",
            HeaderList.of("Authorization", sqs, "Content-Type", form),
            "Action=ReceiveMessage&QueueUrl=q",
            "sqs:ReceiveMessage",
            Protocol.QUERY,
            Access.READ),
        other(
            "POST /",
            HeaderList.of(
                "Authorization",
                sqs,
                "Content-Type",
                json10,
                "X-Amz-Target",
                "AmazonSQS.ReceiveMessage"),
            "{\"QueueUrl\":\"q\"}",
            "sqs:ReceiveMessage",
            Protocol.JSON,
            Access.READ),
        other(
            "POST /",
            HeaderList.of("Content-Type", json10, "X-Amz-Target", "AmazonSQS.DeleteMessage"),
            "{}",
            "sqs:DeleteMessage",
            Protocol.JSON,
            Access.WRITE),
        other(
            "POST /",
            HeaderList.of("Content-Type", json11, "X-Amz-Target", "AWSEvents.PutRule"),
            "{}",
            "events:PutRule",
            Protocol.JSON,
            Access.WRITE),
        other(
            "POST /",
            HeaderList.of(
                "Content-Type",
                json11,
                "X-Amz-Target",
                "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"),
            "{}",
            "cloudtrail:LookupEvents",
            Protocol.JSON,
            Access.READ),
        other(
            "POST /",
            HeaderList.of(
                "Content-Type", json11, "X-Amz-Target", "StarlingDoveService.PutConfigRule"),
            "{}",
            "config:PutConfigRule",
            Protocol.JSON,
            Access.WRITE),
        other(
            "GET /detector",
            HeaderList.of("Authorization", restJsonAuth("guardduty")),
            "",
            "guardduty:ListDetectors",
            Protocol.JSON,
            Access.READ),
        other(
            "GET /detector/12abc34d567e8fa901bc2d34e56789f0",
            HeaderList.of("Authorization", restJsonAuth("guardduty")),
            "",
            "guardduty:GetDetector",
            Protocol.JSON,
            Access.READ),
        other(
            "POST /detector",
            HeaderList.of("Authorization", restJsonAuth("guardduty")),
            "{\"enable\":true}",
            "guardduty:CreateDetector",
            Protocol.JSON,
            Access.WRITE),
        other(
            "GET /macie",
            HeaderList.of("Authorization", restJsonAuth("macie2")),
            "",
            "macie2:GetMacieSession",
            Protocol.JSON,
            Access.READ),
        other(
            "POST /macie",
            HeaderList.of("Authorization", restJsonAuth("macie2")),
            "{}",
            "macie2:EnableMacie",
            Protocol.JSON,
            Access.WRITE),
        other(
            "POST /moto-api/reset",
            HeaderList.of(),
            "",
            "moto:/moto-api/reset",
            Protocol.MOTO,
            Access.WRITE));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("otherRequests")
  void namesControlQueryAndJsonOperations(
      String requestLine,
      HeaderList headers,
      String body,
      String qualifiedName,
      Protocol protocol,
      Access access) {
    String[] parts = requestLine.split(" ");
    AwsOperation op =
        classifier.classify(
            new ProxyRequest(
                parts[0], parts[1], "HTTP/1.1", headers, body.getBytes(StandardCharsets.UTF_8)));

    assertThat(op.qualifiedName()).isEqualTo(qualifiedName);
    assertThat(op.protocol()).isEqualTo(protocol);
    assertThat(op.access()).isEqualTo(access);
    assertThat(op.bucket()).isEmpty();
  }

  @Test
  void anAssumeRoleNamesItsRoleAndOtherCallsNone() {
    HeaderList headers =
        HeaderList.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    AwsOperation assume =
        classifier.classify(
            new ProxyRequest(
                "POST",
                "/",
                "HTTP/1.1",
                headers,
                ("Action=AssumeRole&Version=2011-06-15"
                        + "&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fmember"
                        + "&RoleSessionName=s3-posture-operator")
                    .getBytes(StandardCharsets.UTF_8)));
    AwsOperation identity =
        classifier.classify(
            new ProxyRequest(
                "POST",
                "/",
                "HTTP/1.1",
                headers,
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8)));

    assertThat(assume.role()).contains("arn:aws:iam::111122223333:role/member");
    assertThat(identity.role()).isEmpty();
  }

  /** GuardDuty and Macie are REST-JSON: only the SigV4 scope tells them from S3 paths. */
  private static String restJsonAuth(String service) {
    return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/"
        + service
        + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0f0f";
  }

  private static Arguments s3(
      String method, String target, String name, String bucket, Access access) {
    return Arguments.of(method, target, name, bucket, access);
  }

  private static Arguments other(
      String requestLine,
      HeaderList headers,
      String body,
      String qualifiedName,
      Protocol protocol,
      Access access) {
    return Arguments.of(requestLine, headers, body, qualifiedName, protocol, access);
  }
}
