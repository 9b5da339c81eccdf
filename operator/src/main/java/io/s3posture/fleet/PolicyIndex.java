package io.s3posture.fleet;

import io.s3posture.control.PolicyRef;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every live BucketPolicy with its ledger. Reconcilers put policies in as they see them; policies
 * that disappear from the API server are dropped with their ledgers, and their queued work finds
 * nobody to check for.
 */
public final class PolicyIndex {

  private record Indexed(GovernedPolicy policy, PolicyLedger ledger, PolicyGuardrails guardrails) {}

  private final Map<String, Indexed> byUid = new ConcurrentHashMap<>();
  private volatile java.util.function.Predicate<PolicyRef> alive = ref -> true;

  /**
   * Tells the index how to see at once that a policy was deleted (the informer cache), so that no
   * bucket check runs or writes for it after its deletion, before it is forgotten.
   */
  public void aliveWhen(java.util.function.Predicate<PolicyRef> alive) {
    this.alive = java.util.Objects.requireNonNull(alive, "alive");
  }

  /** Puts {@code policy} in (replacing an older version) and returns its ledger. */
  public PolicyLedger put(GovernedPolicy policy, java.util.function.Supplier<PolicyLedger> ledger) {
    return byUid
        .compute(
            policy.ref().uid(),
            (uid, known) ->
                known != null
                    ? new Indexed(policy, known.ledger(), known.guardrails())
                    : new Indexed(policy, ledger.get(), new PolicyGuardrails()))
        .ledger();
  }

  public Optional<GovernedPolicy> policy(String uid) {
    return Optional.ofNullable(byUid.get(uid)).map(Indexed::policy);
  }

  public Optional<PolicyLedger> ledger(String uid) {
    return Optional.ofNullable(byUid.get(uid)).map(Indexed::ledger);
  }

  public Optional<PolicyGuardrails> guardrails(String uid) {
    return Optional.ofNullable(byUid.get(uid)).map(Indexed::guardrails);
  }

  public Collection<GovernedPolicy> policies() {
    return byUid.values().stream().map(Indexed::policy).toList();
  }

  /**
   * The policies that govern {@code key}: those that name it, and those whose last resolution
   * selected it. Sorted by policy, the order conflicts are settled in.
   */
  public List<GovernedPolicy> governing(BucketKey key) {
    return byUid.values().stream()
        .filter(i -> i.policy().endpoint().equals(key.endpoint()))
        .filter(i -> i.policy().names(key.bucket()) || i.ledger().governs(key.bucket()))
        .map(Indexed::policy)
        .filter(policy -> alive.test(policy.ref()))
        .sorted(java.util.Comparator.comparing(GovernedPolicy::ref))
        .toList();
  }

  /** Drops every policy whose uid is not in {@code liveUids}, telling {@code forgotten}. */
  public void retainOnly(Set<String> liveUids, Consumer<PolicyRef> forgotten) {
    byUid
        .entrySet()
        .removeIf(
            entry -> {
              if (liveUids.contains(entry.getKey())) {
                return false;
              }
              forgotten.accept(entry.getValue().policy().ref());
              return true;
            });
  }

  public void remove(String uid) {
    byUid.remove(uid);
  }
}
