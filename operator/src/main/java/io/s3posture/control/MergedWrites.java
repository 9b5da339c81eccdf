package io.s3posture.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes of one check that share a merge key (one bucket policy, one default encryption). */
final class MergedWrites {

  private MergedWrites() {}

  /** Whether a write of {@code a} and one of {@code b} go out as one. */
  static <S> boolean shareKey(List<Write<S>> a, List<Write<S>> b) {
    return a.stream()
        .flatMap(w -> w.mergeKey().stream())
        .anyMatch(key -> b.stream().anyMatch(w -> w.mergeKey().equals(Optional.of(key))));
  }

  /** Writes in order; a write with a merge key absorbs every later write with the same key. */
  static <S> List<Write<S>> merge(List<Write<S>> writes) {
    List<Write<S>> merged = new ArrayList<>();
    Map<String, Integer> byKey = new LinkedHashMap<>();
    for (Write<S> write : writes) {
      Optional<String> key = write.mergeKey();
      if (key.isPresent() && byKey.containsKey(key.get())) {
        int at = byKey.get(key.get());
        merged.set(at, merged.get(at).mergedWith(write));
      } else {
        key.ifPresent(k -> byKey.put(k, merged.size()));
        merged.add(write);
      }
    }
    return merged;
  }
}
