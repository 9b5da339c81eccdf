package io.s3posture.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of a Report's {@code results}: one control of one bucket. Field names are those of
 * openreports.io/v1alpha1 {@code ReportResult}; the bucket is the result's resource (Policy
 * Reporter shows {@code resources[0]} as what the result is about).
 *
 * @param severity critical, high, medium or low; null when the control has none
 * @param timestamp when the result was found: for a result that is not a pass, when the finding
 *     began (it stays put across checks); null for a pass, whose time is the Report's write
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "policy",
  "rule",
  "category",
  "severity",
  "result",
  "message",
  "timestamp",
  "resources",
  "properties"
})
public record ReportResult(
    String policy,
    String rule,
    String category,
    String severity,
    ResultStatus result,
    String message,
    Timestamp timestamp,
    List<Subject> resources,
    Map<String, String> properties) {

  public ReportResult {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(result, "result");
    resources = List.copyOf(resources);
    properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
  }

  /** The same result with {@code time} as its timestamp, if it has none. */
  ReportResult foundAt(Instant time) {
    return timestamp != null
        ? this
        : new ReportResult(
            policy,
            rule,
            category,
            severity,
            result,
            message,
            Timestamp.of(time),
            resources,
            properties);
  }

  /** A point in time as metav1.Timestamp: whole seconds since the epoch and nanoseconds. */
  public record Timestamp(long seconds, int nanos) {
    public static Timestamp of(Instant instant) {
      return new Timestamp(instant.getEpochSecond(), 0);
    }
  }

  /**
   * What a result is about, as a corev1.ObjectReference: a bucket is not a Kubernetes object, so
   * only kind and name are set.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Subject(String kind, String name) {
    public static final String BUCKET_KIND = "S3Bucket";

    public static Subject bucket(String name) {
      return new Subject(BUCKET_KIND, name);
    }
  }
}
