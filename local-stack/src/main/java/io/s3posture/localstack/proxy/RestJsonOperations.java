package io.s3posture.localstack.proxy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The REST-JSON operations of GuardDuty and Macie that the product calls, by method and path as
 * their API references define them. These services send neither {@code X-Amz-Target} nor {@code
 * Action=}, so without this table their paths would read as S3 buckets ({@code GET /detector} as
 * ListObjects of a bucket "detector").
 */
final class RestJsonOperations {

  /** Services whose requests are REST-JSON, by their SigV4 scope name. */
  static final Set<String> SERVICES = Set.of("guardduty", "macie2");

  /** "METHOD first-path-segment[/{id}]" to the operation. */
  private static final Map<String, String> OPERATIONS =
      Map.ofEntries(
          Map.entry("guardduty GET /detector", "ListDetectors"),
          Map.entry("guardduty POST /detector", "CreateDetector"),
          Map.entry("guardduty GET /detector/{id}", "GetDetector"),
          Map.entry("guardduty POST /detector/{id}", "UpdateDetector"),
          Map.entry("guardduty DELETE /detector/{id}", "DeleteDetector"),
          Map.entry("macie2 GET /macie", "GetMacieSession"),
          Map.entry("macie2 POST /macie", "EnableMacie"),
          Map.entry("macie2 PATCH /macie", "UpdateMacieSession"),
          Map.entry("macie2 DELETE /macie", "DisableMacie"));

  private RestJsonOperations() {}

  /** The operation, or {@code METHOD /path} for one the table does not know. */
  static String name(String service, String method, String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] segments = bare.replaceAll("^/+|/+$", "").split("/");
    String shape = "/" + segments[0] + (segments.length > 1 ? "/{id}" : "");
    return Optional.ofNullable(OPERATIONS.get(service + " " + method + " " + shape))
        .orElse(method + " " + bare);
  }
}
