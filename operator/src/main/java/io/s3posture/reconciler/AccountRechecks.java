package io.s3posture.reconciler;

import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.s3posture.aws.AwsTarget;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.BucketWorkQueue;
import io.s3posture.fleet.ChangeEventRouter;
import io.s3posture.fleet.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks of AccountPolicies asked for by change events (PutAccountPublicAccessBlock, ...): the
 * reconciler tells it which AccountPolicies exist, a change event asks for a check of those of one
 * account, and the reconciler, reconciling at once, takes the request, checks, and says when it is
 * done.
 */
public final class AccountRechecks implements ChangeEventRouter.AccountChecks {

  private record Known(PolicyRef ref, String accountId, AwsTarget target) {}

  /** A check asked for: why, and who waits for it. */
  public static final class Requested {
    private final Trigger trigger;
    private final List<CompletableFuture<BucketWorkQueue.Result>> waiting = new ArrayList<>();

    private Requested(Trigger trigger) {
      this.trigger = trigger;
    }

    public Trigger trigger() {
      return trigger;
    }

    /** The check ran (or will not: {@code result}). */
    public void done(BucketWorkQueue.Result result) {
      waiting.forEach(w -> w.complete(result));
    }

    /** The check broke: the change event stays in its queue and comes back. */
    public void failed(Throwable error) {
      waiting.forEach(w -> w.completeExceptionally(error));
    }
  }

  private final StatusRefresh refresh;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final Map<String, Requested> requested = new ConcurrentHashMap<>();

  public AccountRechecks(StatusRefresh refresh) {
    this.refresh = Objects.requireNonNull(refresh, "refresh");
  }

  /** The event source through which the reconciler is asked to reconcile at once. */
  void register(String kind, SimpleInboundEventSource<?> source) {
    refresh.register(kind, source);
  }

  /** An AccountPolicy the reconciler saw. */
  void known(PolicyRef ref, String accountId, AwsTarget target) {
    known.put(ref.uid(), new Known(ref, accountId, target));
  }

  /** Only these AccountPolicies exist; requests for the others end as NO_POLICY. */
  void retainOnly(Set<String> uids) {
    known.keySet().retainAll(uids);
    requested
        .entrySet()
        .removeIf(
            entry -> {
              if (uids.contains(entry.getKey())) {
                return false;
              }
              entry.getValue().done(BucketWorkQueue.Result.NO_POLICY);
              return true;
            });
  }

  /** The check asked for {@code uid}, if any, taken: a later request waits for a later check. */
  Optional<Requested> take(String uid) {
    return Optional.ofNullable(requested.remove(uid));
  }

  /** The targets of the AccountPolicies, whose identities the operator writes as. */
  public Collection<AwsTarget> targets() {
    return known.values().stream().map(Known::target).toList();
  }

  /** The AccountPolicies the reconciler knows. */
  public Collection<PolicyRef> policies() {
    return known.values().stream().map(Known::ref).toList();
  }

  @Override
  public CompletableFuture<BucketWorkQueue.Result> recheck(String accountId, Trigger trigger) {
    List<CompletableFuture<BucketWorkQueue.Result>> checks = new ArrayList<>();
    for (Known policy : known.values()) {
      if (!policy.accountId().equals(accountId)) {
        continue;
      }
      CompletableFuture<BucketWorkQueue.Result> done = new CompletableFuture<>();
      requested.compute(
          policy.ref().uid(),
          (uid, pending) -> {
            Requested request = pending != null ? pending : new Requested(trigger);
            request.waiting.add(done);
            return request;
          });
      checks.add(done);
      refresh.request(policy.ref(), Duration.ZERO);
    }
    if (checks.isEmpty()) {
      return CompletableFuture.completedFuture(BucketWorkQueue.Result.NO_POLICY);
    }
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored ->
                checks.stream().anyMatch(c -> c.join() == BucketWorkQueue.Result.CHECKED)
                    ? BucketWorkQueue.Result.CHECKED
                    : BucketWorkQueue.Result.NO_POLICY);
  }
}
