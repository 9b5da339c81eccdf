package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class AwsErrorClassifierTest {

  @ParameterizedTest(name = "{0} / HTTP {1} / throttling={2} -> {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        // S3's own codes
        "NoSuchBucket, 404, false, NO_SUCH_BUCKET, false",
        "AccessDenied, 403, false, ACCESS_DENIED, false",
        "AccessDeniedException, 400, false, ACCESS_DENIED, false",
        "AllAccessDisabled, 403, false, ACCESS_DENIED, false",
        "InvalidAccessKeyId, 403, false, CREDENTIALS, false",
        "SignatureDoesNotMatch, 403, false, CREDENTIALS, false",
        "ExpiredToken, 400, false, CREDENTIALS, false",
        "InvalidToken, 400, false, CREDENTIALS, false",
        "SlowDown, 503, true, THROTTLED, true",
        "SlowDown, 503, false, THROTTLED, true",
        "Throttling, 400, false, THROTTLED, true",
        "ThrottlingException, 400, false, THROTTLED, true",
        "RequestLimitExceeded, 400, false, THROTTLED, true",
        "TooManyRequestsException, 429, false, THROTTLED, true",
        "ServiceUnavailable, 503, false, SERVICE_UNAVAILABLE, true",
        "InternalError, 500, false, SERVICE_UNAVAILABLE, true",
        "OperationAborted, 409, false, OPERATION_ABORTED, true",
        "RequestTimeout, 400, false, OPERATION_ABORTED, true",
        "MalformedPolicy, 400, false, MALFORMED_POLICY, false",
        "AccessControlListNotSupported, 400, false, ACLS_NOT_SUPPORTED, false",
        "InvalidBucketAclWithObjectOwnership, 400, false, ACL_BLOCKS_OWNERSHIP_CHANGE, false",
        "InvalidBucketState, 409, false, INVALID_BUCKET_STATE, false",
        "InvalidRequest, 400, false, INVALID_REQUEST, false",
        "InvalidArgument, 400, false, INVALID_REQUEST, false",
        "MalformedXML, 400, false, INVALID_REQUEST, false",
        // the JSON services' spellings (CloudTrail, Config, GuardDuty, Macie)
        "UnrecognizedClientException, 400, false, CREDENTIALS, false",
        "InvalidClientTokenId, 403, false, CREDENTIALS, false",
        "ServiceUnavailableException, 503, false, SERVICE_UNAVAILABLE, true",
        "InternalServerErrorException, 500, false, SERVICE_UNAVAILABLE, true",
        "InternalServerException, 500, false, SERVICE_UNAVAILABLE, true",
        "InternalFailure, 500, false, SERVICE_UNAVAILABLE, true",
        "ValidationException, 400, false, INVALID_REQUEST, false",
        // KMS errors S3 passes through
        "KMS.NotFoundException, 400, false, INVALID_KMS_KEY, false",
        "KMS.DisabledException, 400, false, INVALID_KMS_KEY, false",
        "KMS.KMSInvalidStateException, 400, false, INVALID_KMS_KEY, false",
        // a known code wins over the status
        "AccessDenied, 503, false, ACCESS_DENIED, false",
        "KMS.ThrottlingException, 400, true, INVALID_KMS_KEY, false",
        // unknown codes and no code: the status decides
        "SomethingNew, 429, false, THROTTLED, true",
        "SomethingNew, 400, true, THROTTLED, true",
        "SomethingNew, 502, false, SERVICE_UNAVAILABLE, true",
        "SomethingNew, 504, false, SERVICE_UNAVAILABLE, true",
        "SomethingNew, 403, false, ACCESS_DENIED, false",
        "SomethingNew, 400, false, OTHER, false",
        "null, 403, false, ACCESS_DENIED, false",
        "null, 503, false, SERVICE_UNAVAILABLE, true",
        "null, 429, false, THROTTLED, true",
        "null, 411, false, OTHER, false",
        "null, 404, false, OTHER, false",
        // the not-configured codes are errors here: only the gateway's reads map them to absent
        "NoSuchBucketPolicy, 404, false, OTHER, false",
      })
  void errorCodesAndStatuses(
      String code, int status, boolean throttling, FailureKind kind, boolean transientFailure) {
    FailureKind classified = AwsErrorClassifier.kindOf(code, status, throttling);

    assertThat(classified).isEqualTo(kind);
    assertThat(classified.isTransient()).isEqualTo(transientFailure);
  }

  @ParameterizedTest
  @EnumSource(FailureKind.class)
  void onlyThrottlingAbortsOutagesNetworkErrorsAndBrokenResponsesAreTransient(FailureKind kind) {
    boolean expected =
        switch (kind) {
          case THROTTLED, SERVICE_UNAVAILABLE, OPERATION_ABORTED, NETWORK, MALFORMED_RESPONSE ->
              true;
          default -> false;
        };

    assertThat(kind.isTransient()).isEqualTo(expected);
  }

  @Test
  void aTimeoutIsATransientNetworkFailure() {
    AwsFailure attempt =
        AwsErrorClassifier.classify(
            "GetBucketPolicy", ApiCallAttemptTimeoutException.create(20_000));
    AwsFailure call =
        AwsErrorClassifier.classify("GetBucketPolicy", ApiCallTimeoutException.create(60_000));

    assertThat(attempt.kind()).isEqualTo(FailureKind.NETWORK);
    assertThat(call.kind()).isEqualTo(FailureKind.NETWORK);
    assertThat(call.getMessage()).startsWith("GetBucketPolicy failed: ");
  }

  @Test
  void aServiceErrorKeepsTheOperationCodeAndMessage() {
    S3Exception error =
        (S3Exception)
            S3Exception.builder()
                .statusCode(403)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("AccessDenied")
                        .errorMessage(
                            "User is not authorized to perform s3:GetEncryptionConfiguration")
                        .build())
                .build();

    AwsFailure failure = AwsErrorClassifier.classify("GetBucketEncryption", error);

    assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_DENIED);
    assertThat(failure.operation()).isEqualTo("GetBucketEncryption");
    assertThat(failure.errorCode()).isEqualTo("AccessDenied");
    assertThat(failure.getMessage())
        .isEqualTo(
            "GetBucketEncryption failed: AccessDenied"
                + " (User is not authorized to perform s3:GetEncryptionConfiguration)");
    assertThat(failure.getCause()).isSameAs(error);
  }

  @Test
  void aServiceErrorWithoutDetailsIsClassifiedByStatus() {
    S3Exception error = (S3Exception) S3Exception.builder().statusCode(403).build();

    AwsFailure failure = AwsErrorClassifier.classify("GetBucketVersioning", error);

    assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_DENIED);
    assertThat(failure.errorCode()).isNull();
    assertThat(failure.getMessage()).isEqualTo("GetBucketVersioning failed: HTTP 403");
  }

  @Test
  void aTypedSdkExceptionIsClassifiedByItsCode() {
    NoSuchBucketException error =
        (NoSuchBucketException)
            NoSuchBucketException.builder()
                .statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchBucket").build())
                .build();

    assertThat(AwsErrorClassifier.classify("GetBucketAcl", error).kind())
        .isEqualTo(FailureKind.NO_SUCH_BUCKET);
  }

  @Test
  void anIoProblemIsATransientNetworkError() {
    SdkClientException error =
        SdkClientException.create(
            "Unable to execute HTTP request", new ConnectException("Connection refused"));

    AwsFailure failure = AwsErrorClassifier.classify("GetBucketPolicy", error);

    assertThat(failure.kind()).isEqualTo(FailureKind.NETWORK);
    assertThat(failure.isTransient()).isTrue();
    assertThat(failure.errorCode()).isNull();
  }

  @Test
  void missingCredentialsAreACredentialsError() {
    SdkClientException error =
        SdkClientException.create("Unable to load credentials from any of the providers");

    assertThat(AwsErrorClassifier.classify("ListBuckets", error).kind())
        .isEqualTo(FailureKind.CREDENTIALS);
  }

  @Test
  void otherClientAndUnexpectedErrorsAreOther() {
    assertThat(
            AwsErrorClassifier.classify("GetBucketAcl", SdkClientException.create("bad input"))
                .kind())
        .isEqualTo(FailureKind.OTHER);
    assertThat(
            AwsErrorClassifier.classify(
                    "GetBucketAcl", new UncheckedIOException(new IOException("closed")))
                .kind())
        .isEqualTo(FailureKind.OTHER);
    assertThat(AwsErrorClassifier.classify("GetBucketAcl", new IllegalStateException("bug")).kind())
        .isEqualTo(FailureKind.OTHER);
  }

  @ParameterizedTest(name = "{0} / HTTP {1} / {2} -> not enabled: {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "SubscriptionRequiredException | 400 | The AWS Access Key Id needs a subscription | true",
        "OptInRequired | 403 | You are not subscribed to this service | true",
        "AccessDeniedException | 401 | Macie is not enabled. | true",
        "AccessDeniedException | 403 | Macie is not enabled | true",
        "AccessDeniedException | 403 | User: x is not authorized to perform: macie2:GetMacieSession"
            + " | false",
        "AccessDenied | 403 | Access Denied | false",
        "ThrottlingException | 400 | Macie is not enabled | false",
        "null | 403 | null | false",
      })
  void notSubscribedAndNotEnabledAnswers(
      String code, int status, String message, boolean notEnabled) {
    AwsServiceException error =
        AwsServiceException.builder()
            .statusCode(status)
            .awsErrorDetails(
                code == null
                    ? null
                    : AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .build();

    assertThat(AwsErrorClassifier.isNotEnabled(AwsErrorClassifier.classify("Op", error)))
        .isEqualTo(notEnabled);
  }

  @Test
  void anAlreadyClassifiedFailurePassesThrough() {
    AwsFailure failure =
        new AwsFailure(FailureKind.THROTTLED, "PutBucketPolicy", "SlowDown", "slow down", null);

    assertThat(AwsErrorClassifier.classify("Other", failure)).isSameAs(failure);
  }
}
