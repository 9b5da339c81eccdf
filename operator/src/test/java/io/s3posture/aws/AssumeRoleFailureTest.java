package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.s3posture.testing.MovableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.model.StsException;

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

  @Test
  void aRefusedRoleIsNotAskedForAgainForAMinute() {
    stub.answer("POST", 403, STS_DENIED);
    AwsTarget target = AwsTarget.of("us-east-1").withEndpoint(stub.endpoint()).withRole(ROLE, null);
    SdkS3Gateway gateway =
        new SdkS3Gateway(factory.clientsFor(target).s3(), Optional.of("444455556666"));

    for (int check = 0; check < 5; check++) {
      AwsFailure failure =
          catchThrowableOfType(AwsFailure.class, () -> gateway.listBuckets(Optional.empty()));
      assertThat(failure.kind()).isEqualTo(FailureKind.ASSUME_ROLE_FAILED);
    }

    assertThat(stub.requests()).as("one AssumeRole for five checks of the refused role").hasSize(1);
  }

  @Test
  void aRefusalStandsForAMinuteThenTheRoleIsTriedAgain() {
    MovableClock clock = new MovableClock();
    AtomicInteger asked = new AtomicInteger();
    AtomicBoolean allowed = new AtomicBoolean(false);
    AwsCredentialsProvider sts =
        () -> {
          asked.incrementAndGet();
          if (!allowed.get()) {
            throw StsException.builder()
                .statusCode(403)
                .awsErrorDetails(
                    AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("no").build())
                .build();
          }
          return AwsBasicCredentials.create("ASIA", "secret");
        };
    AssumedRoleCredentials credentials = new AssumedRoleCredentials(sts, ROLE, clock);

    assertThatThrownBy(credentials::resolveCredentials).isInstanceOf(AwsFailure.class);
    allowed.set(true); // the trust policy is fixed
    clock.advance(AssumedRoleCredentials.REFUSAL_STANDS.minusSeconds(1));
    assertThatThrownBy(credentials::resolveCredentials)
        .as("the refusal still stands")
        .isInstanceOf(AwsFailure.class);
    assertThat(asked).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("ASIA");
    assertThat(asked).hasValue(2);
  }

  @Test
  void aTransientStsFailureIsNotRemembered() {
    MovableClock clock = new MovableClock();
    AtomicInteger asked = new AtomicInteger();
    AwsCredentialsProvider sts =
        () -> {
          asked.incrementAndGet();
          throw StsException.builder()
              .statusCode(503)
              .awsErrorDetails(
                  AwsErrorDetails.builder()
                      .errorCode("ServiceUnavailable")
                      .errorMessage("busy")
                      .build())
              .build();
        };
    AssumedRoleCredentials credentials = new AssumedRoleCredentials(sts, ROLE, clock);

    assertThatThrownBy(credentials::resolveCredentials).isInstanceOf(AwsFailure.class);
    assertThatThrownBy(credentials::resolveCredentials).isInstanceOf(AwsFailure.class);

    assertThat(asked).hasValue(2);
  }
}
