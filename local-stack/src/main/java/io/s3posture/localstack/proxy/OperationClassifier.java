package io.s3posture.localstack.proxy;

import io.s3posture.localstack.proxy.AwsOperation.Access;
import io.s3posture.localstack.proxy.AwsOperation.Protocol;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the AWS operation of a request: JSON protocol by {@code X-Amz-Target}, query protocol by
 * {@code Action=}, REST-JSON (GuardDuty, Macie) by service, method and path, S3 Control by its
 * {@code /v20180820/} paths, otherwise S3 REST by method, path and sub-resource. The service comes
 * from the SigV4 credential scope where one is sent.
 */
public final class OperationClassifier {

  private static final Pattern SCOPE =
      Pattern.compile("Credential=[^/,\\s]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
  private static final String S3_CONTROL_PREFIX = "/v20180820/";
  private static final List<String> READ_PREFIXES =
      List.of(
          "Get",
          "List",
          "Describe",
          "Head",
          "Lookup",
          "Search",
          "Query",
          "Scan",
          "Select",
          "Receive",
          "AssumeRole",
          "BatchGet",
          "Test",
          "Validate");
  private static final Map<String, String> JSON_TARGET_SERVICES =
      Map.of(
          "AmazonSQS", "sqs",
          "AWSEvents", "events",
          "StarlingDoveService", "config",
          "TrentService", "kms",
          "AWSSecurityHubAPIService", "securityhub",
          "DynamoDB_20120810", "dynamodb");

  /** The operation a request asks for. */
  public AwsOperation classify(ProxyRequest request) {
    String path = request.rawPath();
    if (path.startsWith("/moto-api")) {
      return new AwsOperation(Protocol.MOTO, "moto", path, Optional.empty(), Access.WRITE);
    }
    Optional<String> target = request.headers().first("X-Amz-Target");
    if (target.isPresent()) {
      return json(request, target.get());
    }
    Optional<String> action = action(request);
    if (action.isPresent()) {
      String service = scopeService(request).orElse("sts");
      return new AwsOperation(
          Protocol.QUERY,
          service,
          action.get(),
          Optional.empty(),
          access(action.get()),
          action.get().startsWith("AssumeRole")
              ? formParameter(request, "RoleArn")
              : Optional.empty());
    }
    Optional<String> restJson = scopeService(request).filter(RestJsonOperations.SERVICES::contains);
    if (restJson.isPresent()) {
      String name = RestJsonOperations.name(restJson.get(), request.method(), path);
      return new AwsOperation(
          Protocol.JSON, restJson.get(), name, Optional.empty(), restAccess(request));
    }
    if (path.startsWith(S3_CONTROL_PREFIX)) {
      String name = S3ControlOperations.name(request.method(), path);
      return new AwsOperation(
          Protocol.S3_CONTROL, "s3control", name, Optional.empty(), restAccess(request));
    }
    return s3(request, path);
  }

  private AwsOperation s3(ProxyRequest request, String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.indexOf('/');
    String bucketPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
    String keyPart = slash < 0 ? "" : trimmed.substring(slash + 1);
    Optional<String> bucket =
        bucketPart.isEmpty() ? Optional.empty() : Optional.of(decodePath(bucketPart));
    Optional<String> key = keyPart.isEmpty() ? Optional.empty() : Optional.of(keyPart);
    String name = S3RestOperations.name(request.method(), bucket, key, request);
    String service = scopeService(request).filter(s -> !s.equals("s3")).orElse("s3");
    return new AwsOperation(Protocol.S3_REST, service, name, bucket, restAccess(request));
  }

  private AwsOperation json(ProxyRequest request, String target) {
    int dot = target.lastIndexOf('.');
    String prefix = dot < 0 ? target : target.substring(0, dot);
    String name = dot < 0 ? target : target.substring(dot + 1);
    String service =
        scopeService(request)
            .or(() -> Optional.ofNullable(JSON_TARGET_SERVICES.get(prefix)))
            .orElse(
                prefix.contains("cloudtrail")
                    ? "cloudtrail"
                    : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
    return new AwsOperation(Protocol.JSON, service, name, Optional.empty(), access(name));
  }

  /** A parameter of a query-protocol request, in its query string or its form body. */
  private static Optional<String> formParameter(ProxyRequest request, String name) {
    Optional<String> inQuery = request.queryParameter(name);
    if (inQuery.isPresent()) {
      return inQuery;
    }
    List<String> values =
        ProxyRequest.parseForm(new String(request.body(), StandardCharsets.UTF_8)).get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  private static Optional<String> action(ProxyRequest request) {
    Optional<String> inQuery = request.queryParameter("Action");
    if (inQuery.isPresent()) {
      return inQuery;
    }
    boolean form =
        request
            .headers()
            .first("Content-Type")
            .map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
            .orElse(false);
    if (!form || !request.method().equals("POST")) {
      return Optional.empty();
    }
    List<String> values =
        ProxyRequest.parseForm(new String(request.body(), StandardCharsets.UTF_8)).get("Action");
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The service of the SigV4 credential scope (header or presigned query). */
  static Optional<String> scopeService(ProxyRequest request) {
    String credential =
        request
            .headers()
            .first("Authorization")
            .or(() -> request.queryParameter("X-Amz-Credential").map(c -> "Credential=" + c))
            .orElse("");
    Matcher matcher = SCOPE.matcher(credential);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static Access restAccess(ProxyRequest request) {
    return switch (request.method()) {
      case "GET", "HEAD", "OPTIONS" -> Access.READ;
      default -> Access.WRITE;
    };
  }

  /** Query and JSON operations: reads by their verb (AssumeRole changes nothing). */
  static Access access(String name) {
    return READ_PREFIXES.stream().anyMatch(name::startsWith) ? Access.READ : Access.WRITE;
  }

  private static String decodePath(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
