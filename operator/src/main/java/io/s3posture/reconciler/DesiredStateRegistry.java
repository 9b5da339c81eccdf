package io.s3posture.reconciler;

import io.s3posture.control.ConflictGuard;
import io.s3posture.control.ControlName;
import io.s3posture.control.ManagedControl;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every policy requires of every bucket it governs, so that two policies demanding
 * incompatible values of the same control on the same bucket are both told (Conflict) and neither
 * writes: no flip-flopping. Kept in memory by the leader and rebuilt as policies are checked.
 */
public final class DesiredStateRegistry {

  /** A policy, by namespace/name; {@code uid} tells a re-created policy apart. */
  public record PolicyRef(String namespace, String name, String uid) {
    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  private record Claim(Set<String> buckets, Map<ControlName, ManagedControl<?, ?>> controls) {}

  private final Map<PolicyRef, Claim> claims = new ConcurrentHashMap<>();

  /** Records (replacing any earlier record) what {@code policy} requires of {@code buckets}. */
  public void register(
      PolicyRef policy, Collection<String> buckets, List<ManagedControl<?, ?>> controls) {
    Map<ControlName, ManagedControl<?, ?>> byName = new java.util.EnumMap<>(ControlName.class);
    controls.forEach(control -> byName.put(control.name(), control));
    claims.put(policy, new Claim(Set.copyOf(buckets), Map.copyOf(byName)));
  }

  /** Forgets the policy with this uid (it was deleted). */
  public void forgetUid(String uid) {
    claims.keySet().removeIf(policy -> policy.uid().equals(uid));
  }

  /** The conflict guard as seen from {@code self}. */
  public ConflictGuard guardFor(PolicyRef self) {
    return (bucket, control) -> rivalOf(self, bucket, control);
  }

  private Optional<String> rivalOf(PolicyRef self, String bucket, ManagedControl<?, ?> control) {
    return claims.entrySet().stream()
        .filter(claim -> !claim.getKey().equals(self))
        .filter(claim -> claim.getValue().buckets().contains(bucket))
        .filter(
            claim -> {
              ManagedControl<?, ?> other = claim.getValue().controls().get(control.name());
              return other != null && !control.compatibleWith(other.desired());
            })
        .map(claim -> claim.getKey().toString())
        .sorted()
        .findFirst();
  }
}
