package io.s3posture.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into {@link AwsFailure}s with a {@link FailureKind}. */
public final class AwsErrorClassifier {

  private static final Map<String, FailureKind> BY_CODE =
      Map.ofEntries(
          Map.entry("NoSuchBucket", FailureKind.NO_SUCH_BUCKET),
          Map.entry("AccessDenied", FailureKind.ACCESS_DENIED),
          Map.entry("AccessDeniedException", FailureKind.ACCESS_DENIED),
          Map.entry("AllAccessDisabled", FailureKind.ACCESS_DENIED),
          Map.entry("InvalidAccessKeyId", FailureKind.CREDENTIALS),
          Map.entry("SignatureDoesNotMatch", FailureKind.CREDENTIALS),
          Map.entry("ExpiredToken", FailureKind.CREDENTIALS),
          Map.entry("InvalidToken", FailureKind.CREDENTIALS),
          Map.entry("SlowDown", FailureKind.THROTTLED),
          Map.entry("Throttling", FailureKind.THROTTLED),
          Map.entry("ThrottlingException", FailureKind.THROTTLED),
          Map.entry("RequestLimitExceeded", FailureKind.THROTTLED),
          Map.entry("TooManyRequestsException", FailureKind.THROTTLED),
          Map.entry("ServiceUnavailable", FailureKind.SERVICE_UNAVAILABLE),
          Map.entry("InternalError", FailureKind.SERVICE_UNAVAILABLE),
          Map.entry("OperationAborted", FailureKind.OPERATION_ABORTED),
          Map.entry("RequestTimeout", FailureKind.OPERATION_ABORTED),
          Map.entry("MalformedPolicy", FailureKind.MALFORMED_POLICY),
          Map.entry("AccessControlListNotSupported", FailureKind.ACLS_NOT_SUPPORTED),
          Map.entry("InvalidBucketAclWithObjectOwnership", FailureKind.ACL_BLOCKS_OWNERSHIP_CHANGE),
          Map.entry("InvalidBucketState", FailureKind.INVALID_BUCKET_STATE),
          Map.entry("InvalidRequest", FailureKind.INVALID_REQUEST),
          Map.entry("InvalidArgument", FailureKind.INVALID_REQUEST),
          Map.entry("MalformedXML", FailureKind.INVALID_REQUEST),
          // the JSON services' spellings (CloudTrail, Config, GuardDuty, Macie)
          Map.entry("UnrecognizedClientException", FailureKind.CREDENTIALS),
          Map.entry("InvalidClientTokenId", FailureKind.CREDENTIALS),
          Map.entry("ServiceUnavailableException", FailureKind.SERVICE_UNAVAILABLE),
          Map.entry("InternalServerErrorException", FailureKind.SERVICE_UNAVAILABLE),
          Map.entry("InternalServerException", FailureKind.SERVICE_UNAVAILABLE),
          Map.entry("InternalFailure", FailureKind.SERVICE_UNAVAILABLE),
          Map.entry("ValidationException", FailureKind.INVALID_REQUEST));

  /**
   * Codes with which a service answers that the account has not signed up for it or not opted in to
   * the region: the service is not running there.
   */
  private static final Set<String> NOT_SUBSCRIBED_CODES =
      Set.of("SubscriptionRequiredException", "OptInRequired");

  /**
   * Macie answers every call with AccessDeniedException "Macie is not enabled." while it is not
   * enabled in the region (HTTP 401 or 403), unlike a missing permission ("... is not authorized to
   * perform: macie2:...").
   */
  private static final Pattern MACIE_NOT_ENABLED =
      Pattern.compile("macie is not enabled", Pattern.CASE_INSENSITIVE);

  private AwsErrorClassifier() {}

  public static AwsFailure classify(String operation, RuntimeException error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof AwsFailure failure) {
        return failure; // already classified closer to its source (e.g. assuming a role)
      }
    }
    if (error instanceof AwsServiceException service) {
      String code =
          service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
      FailureKind kind = kindOf(code, service.statusCode(), service.isThrottlingException());
      String message =
          operation
              + " failed: "
              + (code != null ? code : "HTTP " + service.statusCode())
              + (service.awsErrorDetails() != null
                      && service.awsErrorDetails().errorMessage() != null
                  ? " (" + service.awsErrorDetails().errorMessage() + ")"
                  : "");
      return new AwsFailure(kind, operation, code, message, error);
    }
    if (error instanceof SdkClientException client) {
      FailureKind kind =
          isUnparseable(client)
              ? FailureKind.MALFORMED_RESPONSE
              : isNetwork(client) ? FailureKind.NETWORK : credentialsOrOther(client.getMessage());
      return new AwsFailure(
          kind, operation, null, operation + " failed: " + client.getMessage(), error);
    }
    if (error instanceof SdkException || error instanceof UncheckedIOException) {
      return new AwsFailure(
          FailureKind.OTHER, operation, null, operation + " failed: " + error.getMessage(), error);
    }
    return new AwsFailure(
        FailureKind.OTHER, operation, null, operation + " failed: " + error, error);
  }

  /**
   * The service answered that it is not subscribed, not opted in or not enabled for the account:
   * for a detection service that is a "not set up" answer, not a failure.
   */
  public static boolean isNotEnabled(AwsFailure failure) {
    if (failure.errorCode() == null) {
      return false;
    }
    if (NOT_SUBSCRIBED_CODES.contains(failure.errorCode())) {
      return true;
    }
    return failure.kind() == FailureKind.ACCESS_DENIED
        && failure.getCause() instanceof AwsServiceException service
        && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorMessage() != null
        && MACIE_NOT_ENABLED.matcher(service.awsErrorDetails().errorMessage()).find();
  }

  static FailureKind kindOf(String code, int httpStatus, boolean throttling) {
    if (code != null) {
      FailureKind known = BY_CODE.get(code);
      if (known != null) {
        return known;
      }
      if (code.startsWith("KMS.")) {
        return FailureKind.INVALID_KMS_KEY;
      }
    }
    if (throttling || httpStatus == 429) {
      return FailureKind.THROTTLED;
    }
    if (httpStatus == 500 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504) {
      return FailureKind.SERVICE_UNAVAILABLE;
    }
    if (httpStatus == 403) {
      return FailureKind.ACCESS_DENIED;
    }
    return FailureKind.OTHER;
  }

  /** The response arrived but could not be parsed (XML or JSON cut short or corrupted). */
  private static boolean isUnparseable(SdkClientException error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String type = cause.getClass().getSimpleName();
      if (type.equals("XMLStreamException")
          || type.equals("JsonParseException")
          || type.equals("SAXParseException")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNetwork(SdkClientException error) {
    if (error instanceof ApiCallTimeoutException
        || error instanceof ApiCallAttemptTimeoutException) {
      return true; // no answer in time: the same as a network failure for what follows
    }
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static FailureKind credentialsOrOther(String message) {
    return message != null && message.toLowerCase(Locale.ROOT).contains("credentials")
        ? FailureKind.CREDENTIALS
        : FailureKind.OTHER;
  }
}
