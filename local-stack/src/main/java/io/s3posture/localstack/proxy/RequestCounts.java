package io.s3posture.localstack.proxy;

import java.util.Map;
import java.util.Objects;

/**
 * How many requests the proxy received, by qualified operation name ({@code s3:GetBucketPolicy})
 * and by operation and bucket, and how many of them it faulted. Every request is counted once when
 * it arrives, whether it is then forwarded, delayed or faulted.
 */
public record RequestCounts(
    Map<String, Long> operations,
    Map<String, Map<String, Long>> buckets,
    Map<String, Map<String, Long>> faults) {

  public RequestCounts {
    operations = Map.copyOf(Objects.requireNonNull(operations, "operations"));
    buckets = Map.copyOf(Objects.requireNonNull(buckets, "buckets"));
    faults = Map.copyOf(Objects.requireNonNull(faults, "faults"));
  }

  /** All requests. */
  public long total() {
    return operations.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Requests for operations matching {@code pattern} (see {@link OperationPattern}). */
  public long of(String pattern) {
    OperationPattern match = OperationPattern.of(pattern);
    return operations.entrySet().stream()
        .filter(e -> match.matches(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Requests for operations matching {@code pattern} on {@code bucket}. */
  public long of(String pattern, String bucket) {
    OperationPattern match = OperationPattern.of(pattern);
    return buckets.entrySet().stream()
        .filter(e -> match.matches(e.getKey()))
        .mapToLong(e -> e.getValue().getOrDefault(bucket, 0L))
        .sum();
  }

  /** Requests for operations matching {@code pattern} that got {@code fault}. */
  public long faulted(String pattern, Fault fault) {
    OperationPattern match = OperationPattern.of(pattern);
    return faults.entrySet().stream()
        .filter(e -> match.matches(e.getKey()))
        .mapToLong(e -> e.getValue().getOrDefault(fault.name(), 0L))
        .sum();
  }
}
