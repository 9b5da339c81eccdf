package io.s3posture.localstack.proxy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The error responses AWS sends, in each protocol's own shape, for the faults the proxy makes up.
 *
 * <p>S3: {@code <Error><Code/><Message/><RequestId/><HostId/></Error>} with {@code
 * x-amz-request-id} and {@code x-amz-id-2}. S3 Control: the same inside {@code <ErrorResponse>}.
 * Query protocol (STS): {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>}.
 * JSON protocol: {@code {"__type": ..., "message": ...}} with {@code x-amzn-RequestId}.
 */
final class AwsErrors {

  private record Spec(int status, String code, String message, String type) {}

  private AwsErrors() {}

  static ProxyResponse render(Fault fault, AwsOperation op, ProxyRequest request) {
    return switch (op.protocol()) {
      case S3_REST, MOTO -> s3(s3Spec(fault), false);
      case S3_CONTROL -> s3(s3Spec(fault), true);
      case QUERY -> query(querySpec(fault), op);
      case JSON -> json(jsonSpec(fault), request);
    };
  }

  private static Spec s3Spec(Fault fault) {
    return switch (fault) {
      case SLOW_DOWN -> new Spec(503, "SlowDown", "Please reduce your request rate.", "Sender");
      case INTERNAL_ERROR ->
          new Spec(
              500,
              "InternalError",
              "We encountered an internal error. Please try again.",
              "Receiver");
      case SERVICE_UNAVAILABLE ->
          new Spec(503, "ServiceUnavailable", "Service is unable to handle request.", "Receiver");
      case ACCESS_DENIED -> new Spec(403, "AccessDenied", "Access Denied", "Sender");
      default -> throw new IllegalArgumentException(fault + " is not an error response");
    };
  }

  private static Spec querySpec(Fault fault) {
    return switch (fault) {
      case SLOW_DOWN -> new Spec(400, "Throttling", "Rate exceeded", "Sender");
      case INTERNAL_ERROR ->
          new Spec(500, "InternalFailure", "An internal error has occurred.", "Receiver");
      case SERVICE_UNAVAILABLE ->
          new Spec(503, "ServiceUnavailable", "Service is unable to handle request.", "Receiver");
      case ACCESS_DENIED ->
          new Spec(403, "AccessDenied", "User is not authorized to perform this action.", "Sender");
      default -> throw new IllegalArgumentException(fault + " is not an error response");
    };
  }

  private static Spec jsonSpec(Fault fault) {
    return switch (fault) {
      case SLOW_DOWN -> new Spec(400, "ThrottlingException", "Rate exceeded", "Sender");
      case INTERNAL_ERROR ->
          new Spec(500, "InternalFailure", "An internal error has occurred.", "Receiver");
      case SERVICE_UNAVAILABLE ->
          new Spec(503, "ServiceUnavailable", "Service is unable to handle request.", "Receiver");
      case ACCESS_DENIED ->
          new Spec(
              400,
              "AccessDeniedException",
              "User is not authorized to perform this action.",
              "Sender");
      default -> throw new IllegalArgumentException(fault + " is not an error response");
    };
  }

  private static ProxyResponse s3(Spec spec, boolean control) {
    String requestId = HexFormat.of().withUpperCase().formatHex(randomBytes(8));
    String hostId = Base64.getEncoder().encodeToString(randomBytes(57));
    String error =
        "<Error><Code>" + spec.code() + "</Code><Message>" + spec.message() + "</Message>";
    String body =
        control
            ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse>"
                + error
                + "</Error><RequestId>"
                + requestId
                + "</RequestId><HostId>"
                + hostId
                + "</HostId></ErrorResponse>"
            : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + error
                + "<RequestId>"
                + requestId
                + "</RequestId><HostId>"
                + hostId
                + "</HostId></Error>";
    return ProxyResponse.of(
        spec.status(),
        HeaderList.of(
            "x-amz-request-id",
            requestId,
            "x-amz-id-2",
            hostId,
            "Content-Type",
            "application/xml",
            "Server",
            "AmazonS3"),
        body);
  }

  private static ProxyResponse query(Spec spec, AwsOperation op) {
    String requestId = UUID.randomUUID().toString();
    String namespace =
        op.service().equals("sts") ? " xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"" : "";
    String body =
        "<ErrorResponse"
            + namespace
            + ">\n  <Error>\n    <Type>"
            + spec.type()
            + "</Type>\n"
            + "    <Code>"
            + spec.code()
            + "</Code>\n    <Message>"
            + spec.message()
            + "</Message>\n  </Error>\n  <RequestId>"
            + requestId
            + "</RequestId>\n</ErrorResponse>\n";
    return ProxyResponse.of(
        spec.status(),
        HeaderList.of("x-amzn-RequestId", requestId, "Content-Type", "text/xml"),
        body);
  }

  private static ProxyResponse json(Spec spec, ProxyRequest request) {
    String requestId = UUID.randomUUID().toString();
    String contentType =
        request
            .headers()
            .first("Content-Type")
            .filter(t -> t.toLowerCase(Locale.ROOT).startsWith("application/x-amz-json"))
            .orElse(
                request.headers().contains("X-Amz-Target")
                    ? "application/x-amz-json-1.1"
                    : "application/json"); // REST-JSON (GuardDuty, Macie)
    String body = "{\"__type\":\"" + spec.code() + "\",\"message\":\"" + spec.message() + "\"}";
    return ProxyResponse.of(
        spec.status(),
        HeaderList.of(
            "x-amzn-RequestId", requestId,
            "x-amzn-ErrorType", spec.code(),
            "Content-Type", contentType),
        body);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
