package io.s3posture.localstack.proxy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts requests as they arrive and faults as they are injected; thread-safe, resettable. */
final class RequestCounter {

  private final Map<String, LongAdder> operations = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder>> buckets = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder>> faults = new ConcurrentHashMap<>();

  void received(AwsOperation op) {
    String key = op.qualifiedName();
    operations.computeIfAbsent(key, k -> new LongAdder()).increment();
    op.bucket()
        .ifPresent(
            bucket ->
                buckets
                    .computeIfAbsent(key, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(bucket, b -> new LongAdder())
                    .increment());
  }

  void faulted(AwsOperation op, Fault fault) {
    faults
        .computeIfAbsent(op.qualifiedName(), k -> new ConcurrentHashMap<>())
        .computeIfAbsent(fault.name(), f -> new LongAdder())
        .increment();
  }

  void reset() {
    operations.clear();
    buckets.clear();
    faults.clear();
  }

  RequestCounts snapshot() {
    return new RequestCounts(sum(operations), nested(buckets), nested(faults));
  }

  private static Map<String, Long> sum(Map<String, LongAdder> adders) {
    Map<String, Long> result = new TreeMap<>();
    adders.forEach((k, v) -> result.put(k, v.sum()));
    return result;
  }

  private static Map<String, Map<String, Long>> nested(Map<String, Map<String, LongAdder>> adders) {
    Map<String, Map<String, Long>> result = new TreeMap<>();
    adders.forEach((k, v) -> result.put(k, sum(v)));
    return result;
  }
}
