package io.s3posture.fleet;

import io.s3posture.control.PolicyRef;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every live policy, of either kind, with its ledger (and a BucketPolicy's guard rails).
 * Reconcilers put policies in as they see them; policies that disappear from the API server are
 * dropped with their ledgers, and their queued work finds nobody to check for.
 */
public final class PolicyIndex {

  private record Indexed(
      GovernedPolicy<?> policy, PolicyLedger ledger, Optional<PolicyGuardrails> guardrails) {}

  private final Map<String, Indexed> byUid = new ConcurrentHashMap<>();
  private volatile Predicate<PolicyRef> alive = ref -> true;

  /**
   * Tells the index how to see at once that a policy was deleted (the informer cache), so that no
   * check runs or writes for it after its deletion, before it is forgotten.
   */
  public void aliveWhen(Predicate<PolicyRef> alive) {
    this.alive = Objects.requireNonNull(alive, "alive");
  }

  /** Puts {@code policy} in (replacing an older version) and returns its ledger. */
  public PolicyLedger put(GovernedPolicy<?> policy, Supplier<PolicyLedger> ledger) {
    return byUid
        .compute(
            policy.ref().uid(),
            (uid, known) ->
                known != null
                    ? new Indexed(policy, known.ledger(), known.guardrails())
                    : new Indexed(policy, ledger.get(), guardrailsOf(policy)))
        .ledger();
  }

  /** Guard rails limit a BucketPolicy's writes; an AccountPolicy writes one subject. */
  private static Optional<PolicyGuardrails> guardrailsOf(GovernedPolicy<?> policy) {
    return policy instanceof GovernedBuckets
        ? Optional.of(new PolicyGuardrails())
        : Optional.empty();
  }

  public Optional<GovernedPolicy<?>> policy(String uid) {
    return Optional.ofNullable(byUid.get(uid)).map(Indexed::policy);
  }

  public Optional<PolicyLedger> ledger(String uid) {
    return Optional.ofNullable(byUid.get(uid)).map(Indexed::ledger);
  }

  public Optional<PolicyGuardrails> guardrails(String uid) {
    return Optional.ofNullable(byUid.get(uid)).flatMap(Indexed::guardrails);
  }

  /** Every policy, of both kinds. */
  public Collection<GovernedPolicy<?>> policies() {
    return byUid.values().stream().<GovernedPolicy<?>>map(Indexed::policy).toList();
  }

  /** Every BucketPolicy. */
  public List<GovernedBuckets> bucketPolicies() {
    return byUid.values().stream()
        .map(Indexed::policy)
        .filter(GovernedBuckets.class::isInstance)
        .map(GovernedBuckets.class::cast)
        .toList();
  }

  /**
   * The BucketPolicies that govern {@code key}: those that name it, and those whose last resolution
   * selected it. Sorted by policy, the order conflicts are settled in.
   */
  public List<GovernedBuckets> governing(BucketKey key) {
    return byUid.values().stream()
        .filter(i -> i.policy() instanceof GovernedBuckets)
        .filter(i -> i.policy().endpoint().equals(key.endpoint()))
        .filter(
            i ->
                ((GovernedBuckets) i.policy()).names(key.bucket())
                    || i.ledger().governs(key.name()))
        .map(i -> (GovernedBuckets) i.policy())
        .filter(policy -> alive.test(policy.ref()))
        .sorted(Comparator.comparing(GovernedBuckets::ref))
        .toList();
  }

  /** The AccountPolicies of {@code key}'s account and region, sorted by policy. */
  public List<GovernedAccount> governing(AccountKey key) {
    return byUid.values().stream()
        .filter(i -> i.policy() instanceof GovernedAccount)
        .filter(i -> ((GovernedAccount) i.policy()).governs(key, i.ledger()::governs))
        .map(i -> (GovernedAccount) i.policy())
        .filter(policy -> alive.test(policy.ref()))
        .sorted(Comparator.comparing(GovernedAccount::ref))
        .toList();
  }

  /**
   * The account subjects (every region, every endpoint) of {@code accountId}: of policies of that
   * account, and of organizations it is a known member of.
   */
  public List<AccountKey> accounts(String accountId) {
    return byUid.values().stream()
        .filter(i -> i.policy() instanceof GovernedAccount)
        .map(i -> ((GovernedAccount) i.policy()).member(accountId))
        .filter(key -> !governing(key).isEmpty())
        .distinct()
        .toList();
  }

  /**
   * Drops every policy of {@code kind} whose uid is not in {@code liveUids}, telling {@code
   * forgotten}.
   */
  public void retainOnly(String kind, Set<String> liveUids, Consumer<PolicyRef> forgotten) {
    byUid
        .entrySet()
        .removeIf(
            entry -> {
              PolicyRef ref = entry.getValue().policy().ref();
              if (!ref.kind().equals(kind) || liveUids.contains(entry.getKey())) {
                return false;
              }
              forgotten.accept(ref);
              return true;
            });
  }

  public void remove(String uid) {
    byUid.remove(uid);
  }
}
