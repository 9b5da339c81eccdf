package io.s3posture.status;

import io.s3posture.control.ControlName;
import io.s3posture.control.OutcomeState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * For each policy, the bucket controls that were not compliant at its last check, with their state
 * and since when. Transitions (events, metrics) are computed against it; a control absent from it
 * was compliant. After a restart it is seeded from the findings in status.
 */
public final class OutcomeHistory {

  public record Key(String bucket, ControlName control) {}

  public record Entry(OutcomeState state, String reason, String since) {}

  private final Map<String, Map<Key, Entry>> byPolicyUid = new ConcurrentHashMap<>();

  public Map<Key, Entry> previous(String policyUid, Supplier<Map<Key, Entry>> seed) {
    return byPolicyUid.computeIfAbsent(policyUid, uid -> Map.copyOf(seed.get()));
  }

  public void replace(String policyUid, Map<Key, Entry> entries) {
    byPolicyUid.put(policyUid, Map.copyOf(entries));
  }

  public void forget(String policyUid) {
    byPolicyUid.remove(policyUid);
  }
}
