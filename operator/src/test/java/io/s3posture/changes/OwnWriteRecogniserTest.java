package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** userIdentity shapes as CloudTrail records them (CloudTrail User Guide, userIdentity element). */
class OwnWriteRecogniserTest {

  private static final String IAM_USER =
      """
      {"type": "IAMUser", "principalId": "AIDAJ45Q7YFFAREXAMPLE",
       "arn": "arn:aws:iam::111122223333:user/s3-posture", "accountId": "111122223333",
       "accessKeyId": "AKIAIOSFODNN7EXAMPLE", "userName": "s3-posture"}
      """;

  /** The operator's session of a role it assumed itself (a policy's spec.aws.roleArn). */
  private static final String OPERATOR_SESSION =
      """
      {"type": "AssumedRole", "principalId": "AROAIDPPEZS35WEXAMPLE:s3-posture-operator",
       "arn": "arn:aws:sts::444455556666:assumed-role/s3-posture-target/s3-posture-operator",
       "accountId": "444455556666", "accessKeyId": "ASIAIOSFODNN7EXAMPLE",
       "sessionContext": {
         "sessionIssuer": {"type": "Role", "principalId": "AROAIDPPEZS35WEXAMPLE",
           "arn": "arn:aws:iam::444455556666:role/security/s3-posture-target",
           "accountId": "444455556666", "userName": "s3-posture-target"},
         "attributes": {"mfaAuthenticated": "false", "creationDate": "2024-05-14T09:02:11Z"}}}
      """;

  /** Someone else's session of the same role. */
  private static final String HUMAN_SESSION_OF_THE_SAME_ROLE =
      OPERATOR_SESSION.replace("s3-posture-operator", "alice@example.com");

  /** The operator's IRSA role: the SDK names the web-identity session itself. */
  private static final String IRSA_SESSION =
      """
      {"type": "AssumedRole", "principalId": "AROAEXAMPLEIRSAROLE01:aws-sdk-java-1715677331000",
       "arn": "arn:aws:sts::111122223333:assumed-role/s3-posture-operator/aws-sdk-java-1715677331000",
       "accountId": "111122223333",
       "sessionContext": {
         "sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLEIRSAROLE01",
           "arn": "arn:aws:iam::111122223333:role/s3-posture-operator",
           "accountId": "111122223333", "userName": "s3-posture-operator"},
         "webIdFederationData": {"federatedProvider":
           "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
           "attributes": {}},
         "attributes": {"creationDate": "2024-05-14T09:02:11Z", "mfaAuthenticated": "false"}}}
      """;

  private static final String AWS_SERVICE =
      """
      {"type": "AWSService", "invokedBy": "cloudformation.amazonaws.com"}
      """;

  private static final String ROOT =
      """
      {"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root",
       "accountId": "111122223333", "accessKeyId": "ASIAIOSFODNN7EXAMPLE",
       "sessionContext": {"sessionIssuer": {}, "webIdFederationData": {},
         "attributes": {"creationDate": "2024-05-14T09:40:00Z", "mfaAuthenticated": "true"}}}
      """;

  @Test
  void anIamUserCallerIsRecognisedByItsArn() {
    OwnWriteRecogniser own =
        new OwnWriteRecogniser().addCallerArn("arn:aws:iam::111122223333:user/s3-posture");
    assertThat(own.isOwnWrite(event(IAM_USER))).isTrue();
    assertThat(new OwnWriteRecogniser().isOwnWrite(event(IAM_USER))).isFalse();
  }

  @Test
  void anAssumedRoleIsTheOperatorOnlyInItsOwnSession() {
    // spec.aws.roleArn without the path, in another case: IAM role names ignore case
    OwnWriteRecogniser own =
        new OwnWriteRecogniser().addAssumedRole("arn:aws:iam::444455556666:role/S3-Posture-Target");
    assertThat(own.isOwnWrite(event(OPERATOR_SESSION))).isTrue();
    assertThat(own.isOwnWrite(event(HUMAN_SESSION_OF_THE_SAME_ROLE)))
        .as("a person using the same role is not the operator")
        .isFalse();
  }

  @Test
  void theCallerArnOfAnAssumedRoleSessionMatchesThatSessionOnly() {
    OwnWriteRecogniser own =
        new OwnWriteRecogniser()
            .addCallerArn(
                "arn:aws:sts::111122223333:assumed-role/s3-posture-operator/aws-sdk-java-1715677331000");
    assertThat(own.isOwnWrite(event(IRSA_SESSION))).isTrue();
    assertThat(
            own.isOwnWrite(
                event(IRSA_SESSION.replace("aws-sdk-java-1715677331000", "aws-sdk-java-9"))))
        .as("another session (e.g. after a restart) has another ARN")
        .isFalse();
  }

  @Test
  void everySessionOfADedicatedRoleIsTheOperator() {
    OwnWriteRecogniser own =
        new OwnWriteRecogniser()
            .addDedicatedRole("arn:aws:iam::111122223333:role/s3-posture-operator");
    assertThat(own.isOwnWrite(event(IRSA_SESSION))).isTrue();
    assertThat(
            own.isOwnWrite(
                event(IRSA_SESSION.replace("aws-sdk-java-1715677331000", "aws-sdk-java-9"))))
        .isTrue();
    assertThat(own.isOwnWrite(event(OPERATOR_SESSION)))
        .as("a role in another account with the operator's session name")
        .isFalse();
  }

  @Test
  void anAwsServiceIsNeverTheOperator() {
    OwnWriteRecogniser own =
        new OwnWriteRecogniser()
            .addDedicatedRole("arn:aws:iam::111122223333:role/s3-posture-operator")
            .addCallerArn("arn:aws:iam::111122223333:user/s3-posture");
    assertThat(own.isOwnWrite(event(AWS_SERVICE))).isFalse();
  }

  @Test
  void theRootUserIsTheOperatorOnlyIfTheOperatorRunsAsRoot() {
    assertThat(
            new OwnWriteRecogniser()
                .addCallerArn("arn:aws:iam::111122223333:user/s3-posture")
                .isOwnWrite(event(ROOT)))
        .isFalse();
    assertThat(
            new OwnWriteRecogniser()
                .addCallerArn("arn:aws:iam::111122223333:root")
                .isOwnWrite(event(ROOT)))
        .isTrue();
  }

  @Test
  void rejectsARoleArnThatIsNoRole() {
    assertThatThrownBy(
            () -> new OwnWriteRecogniser().addAssumedRole("arn:aws:iam::111122223333:user/bob"))
        .hasMessageContaining("not an IAM role ARN");
  }

  /** A PutBucketPolicy record with the given userIdentity, through the real parser. */
  private static ChangeEvent event(String userIdentity) {
    String body =
        """
        {"eventVersion": "1.09", "userIdentity": %s, "eventTime": "2024-05-14T09:21:05Z",
         "eventSource": "s3.amazonaws.com", "eventName": "PutBucketPolicy",
         "awsRegion": "eu-west-1", "sourceIPAddress": "192.0.2.10",
         "requestParameters": {"bucketName": "payments-ledger"}, "responseElements": null,
         "eventID": "4a9d7a0b-51c2-4d7e-9f1f-0b4e2c5d8e11", "readOnly": false,
         "eventType": "AwsApiCall", "managementEvent": true,
         "recipientAccountId": "111122223333"}
        """
            .formatted(userIdentity);
    ParseResult result = new ChangeEventParser().parse(body, "events", Instant.EPOCH);
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).event();
  }
}
