package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.s3posture.testing.StubHttpServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK gateway against AWS's real error answers (which moto does not produce): each error code
 * becomes an {@link AwsFailure} of the right kind, and each "not configured" code becomes what AWS
 * means by the absence.
 */
class SdkS3GatewayErrorTest {

  private static final String BUCKET = "b";
  private static final String ACCOUNT = "111122223333";

  @RegisterExtension static final StubS3Server stub = new StubS3Server();
  private static final SdkS3Gateway gateway = stub.gateway(Optional.empty());

  private static Arguments call(
      String operation, Consumer<SdkS3Gateway> call, int status, String code, FailureKind kind) {
    return Arguments.of(operation, call, status, code, kind);
  }

  static Stream<Arguments> errors() {
    BucketAcl acl =
        new BucketAcl(
            "owner",
            List.of(new BucketAcl.Grant("CanonicalUser", "owner", null, null, "FULL_CONTROL")));
    return Stream.of(
        call(
            "PutBucketAcl",
            g -> g.putAcl(BUCKET, acl),
            400,
            "AccessControlListNotSupported",
            FailureKind.ACLS_NOT_SUPPORTED),
        call(
            "PutBucketAcl",
            g -> g.putPrivateAcl(BUCKET),
            400,
            "AccessControlListNotSupported",
            FailureKind.ACLS_NOT_SUPPORTED),
        call(
            "PutBucketOwnershipControls",
            g -> g.putOwnership(BUCKET, ObjectOwnership.BucketOwnerEnforced),
            400,
            "InvalidBucketAclWithObjectOwnership",
            FailureKind.ACL_BLOCKS_OWNERSHIP_CHANGE),
        call(
            "PutBucketVersioning",
            g -> g.enableVersioning(BUCKET),
            409,
            "InvalidBucketState",
            FailureKind.INVALID_BUCKET_STATE),
        call(
            "PutBucketPolicy",
            g -> g.putBucketPolicy(BUCKET, "{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
            400,
            "MalformedPolicy",
            FailureKind.MALFORMED_POLICY),
        call(
            "PutBucketReplication",
            g ->
                g.putReplication(
                    BUCKET,
                    new ReplicationConfig(
                        "arn:aws:iam::111122223333:role/r",
                        List.of(
                            ReplicationConfig.Rule.of(
                                "r1",
                                1,
                                "",
                                true,
                                "arn:aws:s3:::replica",
                                Optional.empty(),
                                Optional.empty(),
                                false)))),
            400,
            "InvalidRequest",
            FailureKind.INVALID_REQUEST),
        call(
            "PutBucketEncryption",
            g ->
                g.putDefaultEncryption(
                    BUCKET,
                    new DefaultEncryption(
                        "aws:kms", Optional.of("arn:aws:kms:us-east-1:1:key/x"), true)),
            400,
            "KMS.NotFoundException",
            FailureKind.INVALID_KMS_KEY),
        call(
            "GetBucketEncryption",
            g -> g.defaultEncryption(BUCKET),
            403,
            "AccessDenied",
            FailureKind.ACCESS_DENIED),
        call(
            "PutPublicAccessBlock",
            g -> g.putPublicAccessBlock(BUCKET, PublicAccessBlock.ALL),
            403,
            "AccessDenied",
            FailureKind.ACCESS_DENIED),
        call(
            "GetBucketWebsite",
            g -> g.hasWebsite(BUCKET),
            403,
            "AccessDenied",
            FailureKind.ACCESS_DENIED),
        call(
            "GetBucketPolicy", g -> g.bucketPolicy(BUCKET), 503, "SlowDown", FailureKind.THROTTLED),
        call(
            "PutBucketLogging",
            g -> g.putLogging(BUCKET, new LoggingTarget("logs", "")),
            500,
            "InternalError",
            FailureKind.SERVICE_UNAVAILABLE),
        call(
            "PutObjectLockConfiguration",
            g -> g.putObjectLock(BUCKET, new ObjectLockState(true, Optional.empty())),
            409,
            "OperationAborted",
            FailureKind.OPERATION_ABORTED),
        // a missing bucket is never mistaken for a setting that is not configured
        call(
            "GetBucketPolicy",
            g -> g.bucketPolicy(BUCKET),
            404,
            "NoSuchBucket",
            FailureKind.NO_SUCH_BUCKET),
        call(
            "GetPublicAccessBlock",
            g -> g.publicAccessBlock(BUCKET),
            404,
            "NoSuchBucket",
            FailureKind.NO_SUCH_BUCKET),
        call(
            "GetBucketVersioning",
            g -> g.versioning(BUCKET),
            404,
            "NoSuchBucket",
            FailureKind.NO_SUCH_BUCKET),
        call("GetBucketAcl", g -> g.acl(BUCKET), 404, "NoSuchBucket", FailureKind.NO_SUCH_BUCKET),
        call(
            "DeleteBucketWebsite",
            g -> g.deleteWebsite(BUCKET),
            404,
            "NoSuchBucket",
            FailureKind.NO_SUCH_BUCKET));
  }

  @ParameterizedTest(name = "{0} answered {2} {3} -> {4}")
  @MethodSource("errors")
  void awsErrorCodesBecomeClassifiedFailures(
      String operation, Consumer<SdkS3Gateway> call, int status, String code, FailureKind kind) {
    stub.answerError(status, code);

    AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> call.accept(gateway));

    assertThat(failure).as("%s must fail", operation).isNotNull();
    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.operation()).isEqualTo(operation);
    assertThat(failure.errorCode()).isEqualTo(code);
    assertThat(failure.getMessage())
        .startsWith(operation + " failed: " + code)
        .contains("stubbed " + code);
    assertThat(failure.isTransient()).isEqualTo(kind.isTransient());
    assertThat(stub.requests()).as("one attempt").hasSize(1);
  }

  @Test
  void anEmptyForbiddenAnswerIsAccessDenied() {
    stub.answer(403, "");

    AwsFailure failure = catchThrowableOfType(AwsFailure.class, () -> gateway.versioning(BUCKET));

    assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_DENIED);
    assertThat(failure.isTransient()).isFalse();
  }

  private static Arguments absent(
      String operation, Function<SdkS3Gateway, Object> read, String code, Object normalised) {
    return Arguments.of(operation, read, code, normalised);
  }

  static Stream<Arguments> notConfigured() {
    return Stream.of(
        absent(
            "GetPublicAccessBlock",
            g -> g.publicAccessBlock(BUCKET),
            "NoSuchPublicAccessBlockConfiguration",
            PublicAccessBlock.NONE),
        absent(
            "GetBucketEncryption",
            g -> g.defaultEncryption(BUCKET),
            "ServerSideEncryptionConfigurationNotFoundError",
            DefaultEncryption.SSE_S3),
        absent(
            "GetBucketOwnershipControls",
            g -> g.ownership(BUCKET),
            "OwnershipControlsNotFoundError",
            ObjectOwnership.ObjectWriter),
        absent(
            "GetObjectLockConfiguration",
            g -> g.objectLock(BUCKET),
            "ObjectLockConfigurationNotFoundError",
            ObjectLockState.OFF),
        absent(
            "GetBucketPolicy", g -> g.bucketPolicy(BUCKET), "NoSuchBucketPolicy", Optional.empty()),
        absent("GetBucketWebsite", g -> g.hasWebsite(BUCKET), "NoSuchWebsiteConfiguration", false),
        absent(
            "GetBucketReplication",
            g -> g.replication(BUCKET),
            "ReplicationConfigurationNotFoundError",
            Optional.empty()),
        absent("GetBucketTagging", g -> g.bucketTags(BUCKET), "NoSuchTagSet", Map.of()));
  }

  @ParameterizedTest(name = "{0} answered 404 {2}")
  @MethodSource("notConfigured")
  void notConfiguredMeansWhatAwsMeans(
      String operation, Function<SdkS3Gateway, Object> read, String code, Object normalised) {
    stub.answerError(404, code);

    assertThat(read.apply(gateway)).isEqualTo(normalised);
    assertThat(stub.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.method()).isEqualTo("GET"));
  }

  @Test
  void aNotConfiguredCodeOfAnotherSettingIsAnError() {
    stub.answerError(404, "NoSuchBucketPolicy");

    AwsFailure failure =
        catchThrowableOfType(AwsFailure.class, () -> gateway.defaultEncryption(BUCKET));

    assertThat(failure.kind()).isEqualTo(FailureKind.OTHER);
    assertThat(failure.errorCode()).isEqualTo("NoSuchBucketPolicy");
  }

  @Test
  void theExpectedBucketOwnerIsSentOnReadsAndWritesWhenTheAccountIsKnown() {
    SdkS3Gateway owned = stub.gateway(Optional.of(ACCOUNT));

    stub.answerError(404, "NoSuchBucketPolicy");
    owned.bucketPolicy(BUCKET);
    StubHttpServer.Request read = stub.requests().get(0);
    stub.answer(204, "");
    owned.putBucketPolicy(BUCKET, "{}");
    StubHttpServer.Request write = stub.requests().get(0);

    assertThat(List.of(read, write))
        .extracting(StubHttpServer.Request::method)
        .containsExactly("GET", "PUT");
    assertThat(List.of(read, write))
        .allSatisfy(
            request -> {
              assertThat(request.path()).isEqualTo("/" + BUCKET);
              assertThat(request.query()).startsWith("policy");
              assertThat(request.header("x-amz-expected-bucket-owner")).contains(ACCOUNT);
            });
  }

  @Test
  void noExpectedBucketOwnerWithoutAnAccount() {
    stub.answerError(404, "NoSuchBucketPolicy");

    gateway.bucketPolicy(BUCKET);

    assertThat(stub.requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.query()).startsWith("policy");
              assertThat(request.header("x-amz-expected-bucket-owner")).isEmpty();
            });
  }
}
