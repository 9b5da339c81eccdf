package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsTarget;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The identities the operator learns from STS (moto) recognise its own calls: the caller ARN of the
 * default chain, and the session of a role it assumes, named {@value AwsTarget#ROLE_SESSION_NAME}.
 */
@ExtendWith(LocalStackExtension.class)
class OwnWriteRecogniserIT {

  private static final String TARGET_ROLE =
      "arn:aws:iam::" + TestStack.ACCOUNT_ID + ":role/s3-posture-target";

  @Test
  void theCallerArnsStsReturnsMatchWhatCloudTrailRecords(TestStack stack) {
    try (AwsClientFactory aws = new AwsClientFactory(List.of(), 2)) {
      String own = aws.clientsFor(stack.awsTarget()).callerArn();
      String assumed = aws.clientsFor(stack.awsTarget().withRole(TARGET_ROLE, null)).callerArn();
      assertThat(assumed)
          .isEqualTo(
              "arn:aws:sts::"
                  + TestStack.ACCOUNT_ID
                  + ":assumed-role/s3-posture-target/"
                  + AwsTarget.ROLE_SESSION_NAME);

      OwnWriteRecogniser recogniser =
          new OwnWriteRecogniser().addCallerArn(own).addAssumedRole(TARGET_ROLE);
      assertThat(recogniser.isOwnWrite(event(own, null))).isTrue();
      assertThat(recogniser.isOwnWrite(event(assumed, TARGET_ROLE))).isTrue();
      assertThat(
              recogniser.isOwnWrite(
                  event(assumed.replace(AwsTarget.ROLE_SESSION_NAME, "someone-else"), TARGET_ROLE)))
          .isFalse();
    }
  }

  private static ChangeEvent event(String principalArn, String issuerArn) {
    String sessionContext =
        issuerArn == null
            ? ""
            : ", \"sessionContext\": {\"sessionIssuer\": {\"type\": \"Role\", \"arn\": \""
                + issuerArn
                + "\"}}";
    String body =
        """
        {"eventVersion": "1.09", "userIdentity": {"arn": "%s"%s},
         "eventTime": "2024-05-14T09:21:05Z", "eventSource": "s3.amazonaws.com",
         "eventName": "PutBucketEncryption", "awsRegion": "us-east-1",
         "requestParameters": {"bucketName": "b"}, "eventID": "e", "eventType": "AwsApiCall",
         "recipientAccountId": "%s"}
        """
            .formatted(principalArn, sessionContext, TestStack.ACCOUNT_ID);
    return ((ParseResult.Parsed) new ChangeEventParser().parse(body, "q", Instant.EPOCH)).event();
  }
}
