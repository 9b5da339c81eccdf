package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A role that cannot be assumed is reported as such, naming the role and STS's reason, instead of
 * as a failure of the first S3 call that needed credentials. The stub answers STS's real
 * query-protocol error document (moto lets every AssumeRole through).
 */
class AssumeRoleFailureTest {

  private static final String ROLE = "arn:aws:iam::444455556666:role/s3-posture-audit";
  private static final String STS_DENIED =
      "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
          + "<Type>Sender</Type><Code>AccessDenied</Code><Message>User:"
          + " arn:aws:iam::111122223333:user/ops is not authorized to perform: sts:AssumeRole on"
          + " resource: "
          + ROLE
          + "</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
          + "</ErrorResponse>";

  private StubS3Server stub;
  private AwsClientFactory factory;

  @BeforeEach
  void start() {
    stub = new StubS3Server();
    factory = new AwsClientFactory(List.of(), 1);
  }

  @AfterEach
  void stop() {
    factory.close();
    stub.close();
  }

  @Test
  void aRoleThatCannotBeAssumedIsNamedWithStsReason() {
    stub.answer("POST", 403, STS_DENIED);
    AwsTarget target = AwsTarget.of("us-east-1").withEndpoint(stub.endpoint()).withRole(ROLE, null);
    SdkS3Gateway gateway =
        new SdkS3Gateway(factory.clientsFor(target).s3(), Optional.of("444455556666"));

    AwsFailure failure =
        catchThrowableOfType(AwsFailure.class, () -> gateway.listBuckets(Optional.empty()));

    assertThat(failure.kind()).isEqualTo(FailureKind.ASSUME_ROLE_FAILED);
    assertThat(failure.kind().reason()).isEqualTo("AssumeRoleFailed");
    assertThat(failure.getMessage())
        .startsWith("could not assume role " + ROLE + ": AccessDenied")
        .contains("is not authorized to perform: sts:AssumeRole")
        .doesNotContain("ListBuckets");
    assertThat(stub.requests())
        .as("no S3 call is made without credentials")
        .allMatch(r -> r.method().equals("POST") && r.body().contains("Action=AssumeRole"));
  }
}
