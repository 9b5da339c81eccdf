package io.s3posture.fleet;

import io.s3posture.aws.AwsFailure;
import io.s3posture.control.PolicyRef;
import io.s3posture.target.BucketTargetResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which policies select a bucket after it was created, deleted or re-tagged, between sweeps: each
 * selector policy of the bucket's endpoint whose name patterns accept the bucket asks again, as a
 * sweep would, whether the bucket is in its listing (its region, its credentials) and carries the
 * tags it requires, and governs or releases the bucket accordingly. A bucket a policy names stays
 * governed whatever happens. Listings and tags come from the shared inventory, refreshed once for
 * the event however many policies ask. Blocking (S3 calls): off the event source's thread.
 */
public final class SelectionChanges {

  /** What happened to the bucket. */
  public enum Change {
    /** Created or deleted: listings are stale (and a new bucket's tags unknown). */
    EXISTENCE,
    /** Tags put or deleted: only policies that select by tag can change their mind. */
    TAGS
  }

  private static final Logger LOG = LoggerFactory.getLogger(SelectionChanges.class);

  private final PolicyIndex index;
  private final BucketInventory inventory;
  private final Consumer<PolicyRef> changed;
  private final Clock clock;

  /**
   * @param changed told when a policy's governed buckets changed (its status needs a refresh)
   */
  public SelectionChanges(
      PolicyIndex index, BucketInventory inventory, Consumer<PolicyRef> changed, Clock clock) {
    this.index = Objects.requireNonNull(index, "index");
    this.inventory = Objects.requireNonNull(inventory, "inventory");
    this.changed = Objects.requireNonNull(changed, "changed");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Re-evaluates every selector policy at {@code key}'s endpoint for {@code key}'s bucket. */
  public void reevaluate(BucketKey key, Change change) {
    if (change == Change.EXISTENCE) {
      inventory.bucketsChanged(key.endpoint());
    }
    inventory.tagsChanged(key);
    Instant since = clock.instant();
    for (GovernedBuckets policy : index.bucketPolicies()) {
      if (!policy.endpoint().equals(key.endpoint())
          || policy.selector().isEmpty()
          || policy.names(key.bucket())
          || (change == Change.TAGS && policy.requiredTags().isEmpty())) {
        continue;
      }
      Optional<PolicyLedger> ledger = index.ledger(policy.ref().uid());
      if (ledger.isEmpty()) {
        continue;
      }
      try {
        boolean selects = selects(policy, key.bucket(), change, since);
        if (selects && !ledger.get().governs(key.bucket())) {
          ledger.get().govern(key.bucket());
          LOG.info("{} now selects bucket {}", policy.ref(), key.bucket());
          changed.accept(policy.ref());
        } else if (!selects && ledger.get().governs(key.bucket())) {
          ledger.get().release(key.bucket());
          LOG.info("{} no longer selects bucket {}", policy.ref(), key.bucket());
          changed.accept(policy.ref());
        }
      } catch (AwsFailure failure) {
        LOG.warn(
            "{}: cannot tell whether it selects bucket {} ({}); the next sweep will",
            policy.ref(),
            key.bucket(),
            failure.getMessage());
      }
    }
  }

  /**
   * @param since when the event was taken up: after an existence change, a listing started since
   *     then is fresh (one listing per scope, shared by every policy of the scope)
   */
  private boolean selects(GovernedBuckets policy, String bucket, Change change, Instant since) {
    if (!policy.patternsAccept(bucket)) {
      return false;
    }
    Duration listingAge =
        change == Change.EXISTENCE ? Duration.between(since, clock.instant()) : policy.interval();
    boolean listed =
        inventory.buckets(policy.target(), listingAge).stream()
            .anyMatch(summary -> summary.name().equals(bucket));
    return listed
        && BucketTargetResolver.matches(
            policy.selector().orElseThrow(),
            bucket,
            name -> inventory.tags(policy.target(), name, policy.interval()));
  }
}
