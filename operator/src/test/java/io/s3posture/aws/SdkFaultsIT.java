package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.s3posture.localstack.proxy.Fault;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.testing.FaultProxyExtension;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The real SDK v2 clients, built by the product's {@link AwsClientFactory}, through the fault proxy
 * to moto: what each fault looks like to the product, and how often the SDK retried it (counted at
 * the proxy).
 */
@ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
class SdkFaultsIT {

  private static final int MAX_ATTEMPTS = 3;

  private final String bucket = TestStack.uniqueBucketName("sdk-faults");
  private AwsClientFactory factory;
  private AwsTarget target;
  private S3Client s3;

  @BeforeEach
  void clients(TestStack stack, FaultProxy proxy) {
    stack.s3().createBucket(r -> r.bucket(bucket));
    factory = new AwsClientFactory(List.of(), MAX_ATTEMPTS);
    target = stack.awsTarget().withEndpoint(proxy.endpoint());
    s3 = factory.clientsFor(target).s3();
  }

  @AfterEach
  void close() {
    factory.close();
  }

  @Test
  void slowDownIsThrottlingRetriedUpToTheConfiguredMaximum(FaultProxy proxy) {
    proxy.addRule(FaultRule.slowDown().onOperation("GetBucketVersioning").onBucket(bucket));

    S3Exception error =
        catchThrowableOfType(
            S3Exception.class, () -> s3.getBucketVersioning(r -> r.bucket(bucket)));

    assertThat(error.statusCode()).isEqualTo(503);
    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
    assertThat(error.isThrottlingException()).isTrue();
    assertThat(AwsErrorClassifier.classify("GetBucketVersioning", error).kind())
        .isEqualTo(FailureKind.THROTTLED);
    assertThat(proxy.counts().of("s3:GetBucketVersioning", bucket)).isEqualTo(MAX_ATTEMPTS);
  }

  @Test
  void theProductsGatewayReportsThrottlingAsTransient(TestStack stack, FaultProxy proxy) {
    proxy.addRule(FaultRule.slowDown().onOperation("GetBucketPolicy"));
    S3Gateway gateway =
        new AwsGateways(factory)
            .bucketGateway(
                AwsTarget.of(TestStack.REGION)
                    .withAccountId(TestStack.ACCOUNT_ID)
                    .withEndpoint(proxy.endpoint()));

    AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> gateway.bucketPolicy(bucket));

    assertThat(failure.kind()).isEqualTo(FailureKind.THROTTLED);
    assertThat(failure.isTransient()).isTrue();
    assertThat(failure.errorCode()).isEqualTo("SlowDown");
    assertThat(proxy.counts().of("GetBucketPolicy", bucket)).isEqualTo(MAX_ATTEMPTS);
  }

  @Test
  void internalErrorsAreRetriedAndTheThirdAttemptSucceeds(FaultProxy proxy) {
    s3.putBucketVersioning(
        r ->
            r.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    proxy.addRule(FaultRule.internalError().onOperation("GetBucketVersioning").times(2));

    assertThat(s3.getBucketVersioning(r -> r.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    assertThat(proxy.counts().of("GetBucketVersioning", bucket)).isEqualTo(3);
    assertThat(proxy.counts().faulted("GetBucketVersioning", Fault.INTERNAL_ERROR)).isEqualTo(2);
  }

  @Test
  void accessDeniedOnWritesIsNotRetriedAndReadsStillWork(FaultProxy proxy) {
    proxy.addRule(FaultRule.accessDenied().onWrites());

    S3Exception error =
        catchThrowableOfType(
            S3Exception.class,
            () ->
                s3.putBucketVersioning(
                    r ->
                        r.bucket(bucket)
                            .versioningConfiguration(
                                v -> v.status(BucketVersioningStatus.ENABLED))));
    s3.getBucketVersioning(r -> r.bucket(bucket));

    assertThat(error.statusCode()).isEqualTo(403);
    assertThat(AwsErrorClassifier.classify("PutBucketVersioning", error).kind())
        .isEqualTo(FailureKind.ACCESS_DENIED);
    assertThat(proxy.counts().of("PutBucketVersioning", bucket)).isEqualTo(1);
    assertThat(proxy.counts().of("GetBucketVersioning", bucket)).isEqualTo(1);
  }

  @Test
  void aConnectionResetIsANetworkFailureRetriedUpToTheMaximum(FaultProxy proxy) {
    proxy.addRule(FaultRule.reset().onOperation("GetBucketAcl"));

    SdkClientException error =
        catchThrowableOfType(
            SdkClientException.class, () -> s3.getBucketAcl(r -> r.bucket(bucket)));

    AwsFailure failure = AwsErrorClassifier.classify("GetBucketAcl", error);
    assertThat(failure.kind()).as(error.toString()).isEqualTo(FailureKind.NETWORK);
    assertThat(failure.isTransient()).isTrue();
    assertThat(proxy.counts().of("GetBucketAcl", bucket)).isEqualTo(MAX_ATTEMPTS);
  }

  @Test
  void latencyBeyondTheAttemptTimeoutEndsEachAttempt(FaultProxy proxy) {
    proxy.addRule(FaultRule.latency(Duration.ofSeconds(5)).onOperation("GetBucketLogging"));

    // the factory's attempt timeout is 20 s; the same mechanism, shortened for the test
    SdkClientException error =
        catchThrowableOfType(
            SdkClientException.class,
            () ->
                s3.getBucketLogging(
                    r ->
                        r.bucket(bucket)
                            .overrideConfiguration(
                                o -> o.apiCallAttemptTimeout(Duration.ofMillis(500)))));

    assertThat(error).isInstanceOf(ApiCallAttemptTimeoutException.class);
    assertThat(proxy.counts().of("GetBucketLogging", bucket))
        .as("each timed-out attempt is retried")
        .isEqualTo(MAX_ATTEMPTS);
    // no answer in time is a transient network failure: checked again with backoff
    assertThat(AwsErrorClassifier.classify("GetBucketLogging", error).kind())
        .as(error.toString())
        .isEqualTo(FailureKind.NETWORK);
  }

  @Test
  void malformedXmlIsAClientSideParseFailure(FaultProxy proxy) {
    proxy.addRule(FaultRule.malformedBody().onOperation("GetBucketVersioning"));
    proxy.addRule(FaultRule.truncatedBody().onOperation("GetBucketAcl"));

    SdkClientException malformed =
        catchThrowableOfType(
            SdkClientException.class, () -> s3.getBucketVersioning(r -> r.bucket(bucket)));
    SdkClientException truncated =
        catchThrowableOfType(
            SdkClientException.class, () -> s3.getBucketAcl(r -> r.bucket(bucket)));

    assertThat(malformed).hasMessageContaining("XML");
    assertThat(truncated).hasMessageContaining("XML");
    assertThat(AwsErrorClassifier.classify("GetBucketVersioning", malformed).kind())
        .isEqualTo(FailureKind.MALFORMED_RESPONSE);
    assertThat(AwsErrorClassifier.classify("GetBucketAcl", truncated).isTransient()).isTrue();
    assertThat(proxy.counts().of("GetBucketVersioning", bucket)).isEqualTo(1);
    assertThat(proxy.counts().of("GetBucketAcl", bucket)).isEqualTo(1);
  }

  @Test
  void namesTheSdksOwnRequestsAsAwsNamesThem(TestStack stack, FaultProxy proxy) {
    var clients = factory.clientsFor(target);

    s3.listBuckets(r -> r.maxBuckets(10));
    s3.getBucketLocation(r -> r.bucket(bucket));
    s3.getBucketAcl(r -> r.bucket(bucket));
    s3.getBucketVersioning(r -> r.bucket(bucket));
    s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(s -> s.key("k").value("v"))));
    s3.getBucketTagging(r -> r.bucket(bucket));
    // moto answers some of these "not configured": the request is what counts here
    ignoringServiceErrors(() -> s3.getBucketEncryption(r -> r.bucket(bucket)));
    ignoringServiceErrors(() -> s3.getObjectLockConfiguration(r -> r.bucket(bucket)));
    ignoringServiceErrors(
        () -> clients.s3Control().getPublicAccessBlock(r -> r.accountId(TestStack.ACCOUNT_ID)));
    clients.callerAccountId();

    assertThat(proxy.counts().operations().keySet())
        .containsExactlyInAnyOrder(
            "s3:ListBuckets",
            "s3:GetBucketLocation",
            "s3:GetBucketAcl",
            "s3:GetBucketVersioning",
            "s3:GetBucketEncryption",
            "s3:GetObjectLockConfiguration",
            "s3:PutBucketTagging",
            "s3:GetBucketTagging",
            "s3control:GetPublicAccessBlock",
            "sts:GetCallerIdentity");
  }

  private static void ignoringServiceErrors(Runnable call) {
    try {
      call.run();
    } catch (AwsServiceException e) {
      // an error answer is still a request of that operation
    }
  }
}
