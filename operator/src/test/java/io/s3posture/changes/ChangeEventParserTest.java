package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeEventParserTest {

  private static final Instant RECEIVED = Instant.parse("2024-05-14T09:21:09Z");

  private final ChangeEventParser parser = new ChangeEventParser();

  @Test
  void readsAnEventBridgeEventOfAnAssumedRolesCall() {
    ChangeEvent event = parsed("put-bucket-encryption-assumed-role.json");
    assertThat(event)
        .isEqualTo(
            new ChangeEvent(
                "4a9d7a0b-51c2-4d7e-9f1f-0b4e2c5d8e11",
                "PutBucketEncryption",
                "s3.amazonaws.com",
                Optional.of("payments-ledger"),
                "111122223333",
                "eu-west-1",
                Optional.of("arn:aws:sts::111122223333:assumed-role/RoleToBeAssumed/MySessionName"),
                Optional.of("arn:aws:iam::111122223333:role/admin/RoleToBeAssumed"),
                Optional.of("192.0.2.10"),
                Optional.empty(),
                Instant.parse("2024-05-14T09:21:05Z"),
                RECEIVED,
                "events"));
    assertThat(event.failedCall()).isFalse();
    assertThat(event.accountLevel()).isFalse();
    assertThat(event.fromS3()).isTrue();
  }

  @Test
  void readsAnIamUsersCallFromAwsDocumentation() {
    ChangeEvent event = parsed("put-bucket-acl-iam-user.json");
    assertThat(event.eventName()).isEqualTo("PutBucketAcl");
    assertThat(event.bucket()).contains("DOC-EXAMPLE-BUCKET1");
    assertThat(event.principalArn()).contains("arn:aws:iam::111122223333:user/myUserName");
    assertThat(event.sessionIssuerArn()).isEmpty();
    assertThat(event.sourceIpAddress()).as("empty in AWS's example").isEmpty();
    assertThat(event.eventTime()).isEqualTo(Instant.parse("2019-02-01T03:22:33Z"));
  }

  @Test
  void anAccountLevelCallHasNoBucket() {
    ChangeEvent event = parsed("put-account-public-access-block-root.json");
    assertThat(event.eventName()).isEqualTo("PutAccountPublicAccessBlock");
    assertThat(event.bucket()).isEmpty();
    assertThat(event.accountLevel()).isTrue();
    assertThat(event.accountId()).isEqualTo("123456789012");
    assertThat(event.principalArn()).contains("arn:aws:iam::123456789012:root");
    assertThat(event.sessionIssuerArn())
        .as("the root user's session has an empty issuer")
        .isEmpty();
  }

  @Test
  void aFailedCallIsMarked() {
    ChangeEvent event = parsed("put-bucket-policy-access-denied.json");
    assertThat(event.errorCode()).contains("AccessDenied");
    assertThat(event.failedCall()).isTrue();
  }

  @Test
  void anAwsServicesCallHasNoPrincipalArn() {
    ChangeEvent event = parsed("put-bucket-versioning-aws-service.json");
    assertThat(event.principalArn()).isEmpty();
    assertThat(event.sourceIpAddress()).contains("cloudformation.amazonaws.com");
    assertThat(event.bucket()).contains("analytics-raw");
  }

  @Test
  void readsABareCloudTrailRecord() {
    ChangeEvent event = parsed("cloudtrail-record-delete-bucket-website.json");
    assertThat(event.eventId()).isEqualTo("a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d");
    assertThat(event.eventName()).isEqualTo("DeleteBucketWebsite");
    assertThat(event.bucket()).contains("marketing-site");
    assertThat(event.region()).isEqualTo("eu-west-1");
    assertThat(event.accountId()).isEqualTo("111122223333");
  }

  @Test
  void theEnvelopeFillsWhatTheRecordLacks() {
    String body =
        """
        {"version": "0", "id": "envelope-id", "detail-type": "AWS API Call via CloudTrail",
         "source": "aws.s3", "account": "210987654321", "time": "2024-01-02T03:04:05Z",
         "region": "ap-south-1", "resources": [],
         "detail": {"eventSource": "s3.amazonaws.com", "eventName": "CreateBucket",
                    "requestParameters": {"bucketName": "new-bucket"}}}
        """;
    ChangeEvent event = ((ParseResult.Parsed) parse(body)).event();
    assertThat(event.eventId()).isEqualTo("envelope-id");
    assertThat(event.accountId()).isEqualTo("210987654321");
    assertThat(event.region()).isEqualTo("ap-south-1");
    assertThat(event.eventTime()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(event.principalArn()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "s3-object-created.json, NOT_CLOUDTRAIL_API_CALL, detail-type 'Object Created'",
    "console-signin.json, NOT_CLOUDTRAIL_API_CALL, detail-type 'AWS Console Sign In via CloudTrail'",
    "aws-service-event-record.json, NOT_CLOUDTRAIL_API_CALL, eventType 'AwsServiceEvent'",
    "s3-event-notification.json, S3_EVENT_NOTIFICATION, an S3 event notification",
    "sns-notification.json, SNS_NOTIFICATION, an SNS notification envelope",
  })
  void rejectsWhatIsNoCloudTrailApiCallAsUnsupported(
      String file, RejectReason reason, String detail) {
    assertThat(parse(resource(file)))
        .isEqualTo(new ParseResult.Rejected(reason, detail))
        .satisfies(r -> assertThat(((ParseResult.Rejected) r).malformed()).isFalse());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | EMPTY_BODY | empty message body",
        "{not json | NOT_JSON |",
        "[1, 2] | NOT_AN_OBJECT | the body is JSON but not an object",
        "{\"hello\": \"world\"} | UNKNOWN_SHAPE | neither an EventBridge event nor a CloudTrail record",
        "{\"Records\": [{\"eventVersion\": \"1.08\"}]} | RECORD_BATCH | a list of records",
        "{\"detail-type\": \"AWS API Call via CloudTrail\"} | MISSING_FIELD | detail",
        "{\"eventVersion\": \"1.08\", \"eventSource\": \"s3.amazonaws.com\", \"eventID\": \"e\","
            + " \"recipientAccountId\": \"111122223333\", \"awsRegion\": \"eu-west-1\","
            + " \"eventTime\": \"2024-05-14T09:21:05Z\"} | MISSING_FIELD | eventName",
        "{\"eventVersion\": \"1.08\", \"eventSource\": \"s3.amazonaws.com\", \"eventName\": 7,"
            + " \"eventID\": \"e\"} | INVALID_FIELD | eventName is not a string",
        "{\"eventSource\": \"s3.amazonaws.com\", \"eventName\": \"PutBucketAcl\", \"eventID\": \"e\","
            + " \"recipientAccountId\": \"111122223333\", \"awsRegion\": \"eu-west-1\","
            + " \"eventTime\": \"yesterday\"} | INVALID_FIELD"
            + " | eventTime 'yesterday' is not an ISO-8601 instant",
        "{\"eventSource\": \"s3.amazonaws.com\", \"eventName\": \"PutBucketAcl\", \"eventID\": \"e\","
            + " \"awsRegion\": \"eu-west-1\", \"eventTime\": \"2024-05-14T09:21:05Z\"}"
            + " | MISSING_FIELD | recipientAccountId",
      })
  void rejectsBrokenMessagesAsMalformed(String body, RejectReason reason, String detail) {
    ParseResult result = parse(body);
    assertThat(result).isInstanceOf(ParseResult.Rejected.class);
    ParseResult.Rejected rejected = (ParseResult.Rejected) result;
    assertThat(rejected.reason()).isEqualTo(reason);
    if (detail != null) {
      assertThat(rejected.detail()).isEqualTo(detail);
    }
    assertThat(rejected.malformed()).isEqualTo(reason.kind() == RejectReason.Kind.MALFORMED);
  }

  private ChangeEvent parsed(String file) {
    ParseResult result = parse(resource(file));
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).event();
  }

  private ParseResult parse(String body) {
    return parser.parse(body, "events", RECEIVED);
  }

  static String resource(String file) {
    try (InputStream in = ChangeEventParserTest.class.getResourceAsStream("/changes/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource changes/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
