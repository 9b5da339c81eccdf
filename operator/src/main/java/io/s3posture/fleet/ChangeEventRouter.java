package io.s3posture.fleet;

import io.s3posture.aws.AwsTarget;
import io.s3posture.changes.ChangeEvent;
import io.s3posture.changes.ChangeEventSink;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns change events into bucket checks: the fleet's {@link ChangeEventSink}. Per event, on its
 * own threads (the source's thread only hands the event over):
 *
 * <ul>
 *   <li>a failed call ({@code errorCode}) changed nothing: {@code IGNORED_FAILED_CALL};
 *   <li>the operator's own write: {@code IGNORED_OWN_WRITE};
 *   <li>a call that changes bucket settings: the controls that declare it ({@link
 *       ControlCatalog#bucketControlsChangedBy}, with their dependents) are checked on the bucket,
 *       for every policy that governs it, as an urgent request; at most one such check per bucket
 *       per {@link CoalescingWindow window};
 *   <li>CreateBucket, DeleteBucket, PutBucketTagging, DeleteBucketTagging: which policies select
 *       the bucket is decided again ({@link SelectionChanges}), then it is checked with all
 *       controls;
 *   <li>an account-level call ({@link ControlCatalog#accountChangeEvents()}) to S3 or to a
 *       detection service ({@link ChangeEvent#ACCOUNT_EVENT_SOURCES}: a trail stopped, GuardDuty
 *       disabled, ...): the account is checked again (in every region an AccountPolicy governs it
 *       in), for every AccountPolicy of it, as an urgent request through the same window;
 *   <li>anything else: {@code UNKNOWN_EVENT}.
 * </ul>
 *
 * The stage completes when the check ran ({@code CHECKED}; {@code NO_POLICY} when nothing governs
 * the subject), or as {@code DROPPED_OVERLOAD} when the queue refused it: only then may the source
 * delete the message.
 */
public final class ChangeEventRouter implements ChangeEventSink {

  /** Calls that change which buckets exist or what they are tagged with. */
  public static final Set<String> SELECTION_EVENTS =
      Set.of("CreateBucket", "DeleteBucket", "PutBucketTagging", "DeleteBucketTagging");

  /** The source of urgent requests in the bucket queue. */
  static final String SOURCE = "change-events";

  private static final Logger LOG = LoggerFactory.getLogger(ChangeEventRouter.class);

  private final ControlCatalog catalog;
  private final PolicyIndex index;
  private final SelectionChanges selection;
  private final OwnIdentities own;
  private final CoalescingWindow window;
  private final ExecutorService executor;

  public ChangeEventRouter(
      ControlCatalog catalog,
      PolicyIndex index,
      SelectionChanges selection,
      OwnIdentities own,
      CoalescingWindow window,
      ExecutorService executor) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.index = Objects.requireNonNull(index, "index");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.own = Objects.requireNonNull(own, "own");
    this.window = Objects.requireNonNull(window, "window");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public CompletionStage<Disposition> accept(ChangeEvent event) {
    try {
      return CompletableFuture.supplyAsync(() -> route(event), executor)
          .thenCompose(stage -> stage);
    } catch (RejectedExecutionException stopping) {
      return CompletableFuture.failedFuture(stopping);
    }
  }

  private CompletableFuture<Disposition> route(ChangeEvent event) {
    if (event.failedCall()) {
      return done(Disposition.IGNORED_FAILED_CALL);
    }
    if (own.isOwnWrite(event)) {
      LOG.debug("{} on {}: the operator's own write", event.eventName(), where(event));
      return done(Disposition.IGNORED_OWN_WRITE);
    }
    Trigger trigger =
        Trigger.changeEvent(event.eventName(), event.principalArn(), event.eventTime());
    if (event.fromAccountService() && catalog.accountChangeEvents().contains(event.eventName())) {
      return checkAccount(event.accountId(), trigger);
    }
    if (!event.fromS3()) {
      return done(Disposition.UNKNOWN_EVENT);
    }
    if (event.bucket().isEmpty()) {
      return done(Disposition.UNKNOWN_EVENT);
    }
    String bucket = event.bucket().get();
    if (SELECTION_EVENTS.contains(event.eventName())) {
      SelectionChanges.Change change =
          event.eventName().endsWith("Tagging")
              ? SelectionChanges.Change.TAGS
              : SelectionChanges.Change.EXISTENCE;
      for (String endpoint : endpoints(event)) {
        selection.reevaluate(new BucketKey(endpoint, bucket), change);
      }
      return check(event, bucket, Optional.empty(), trigger);
    }
    Set<ControlName> controls = catalog.bucketControlsChangedBy(event.eventName());
    if (controls.isEmpty()) {
      return done(Disposition.UNKNOWN_EVENT);
    }
    return check(
        event,
        bucket,
        Optional.of(controls),
        Trigger.changeEvent(event.eventName(), event.principalArn(), event.eventTime(), controls));
  }

  /** Checks the account in every region an AccountPolicy governs it in. */
  private CompletableFuture<Disposition> checkAccount(String accountId, Trigger trigger) {
    List<CompletableFuture<SubjectWorkQueue.Result>> checks = new ArrayList<>();
    for (AccountKey key : index.accounts(accountId)) {
      List<GovernedAccount> governing = index.governing(key);
      if (!governing.isEmpty()) {
        checks.add(
            window.submit(
                new SubjectWorkQueue.Request(
                    key,
                    SOURCE,
                    true,
                    Optional.empty(),
                    trigger,
                    SubjectChecker.budgetOf(key, governing.get(0)))));
      }
    }
    return settled(checks);
  }

  /** Checks the bucket (at every endpoint a policy governs it at) for every governing policy. */
  private CompletableFuture<Disposition> check(
      ChangeEvent event, String bucket, Optional<Set<ControlName>> controls, Trigger trigger) {
    List<CompletableFuture<SubjectWorkQueue.Result>> checks = new ArrayList<>();
    for (String endpoint : endpoints(event)) {
      BucketKey key = new BucketKey(endpoint, bucket);
      List<GovernedBuckets> governing = index.governing(key);
      if (!governing.isEmpty()) {
        checks.add(
            window.submit(
                new SubjectWorkQueue.Request(
                    key,
                    SOURCE,
                    true,
                    controls,
                    trigger,
                    AccountBudgets.keyOf(governing.get(0).target()))));
      }
    }
    return settled(checks);
  }

  /** How the checks an event asked for ended, once they all did. */
  private static CompletableFuture<Disposition> settled(
      List<CompletableFuture<SubjectWorkQueue.Result>> checks) {
    if (checks.isEmpty()) {
      return done(Disposition.NO_POLICY);
    }
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored ->
                checks.stream()
                    .map(CompletableFuture::join)
                    .map(ChangeEventRouter::disposition)
                    .reduce(Disposition.NO_POLICY, ChangeEventRouter::telling));
  }

  /**
   * The endpoints of the policies an event can concern: AWS's partition of the event's region, and
   * every custom endpoint (S3-compatible stores and local stacks have no partition).
   */
  private Set<String> endpoints(ChangeEvent event) {
    String partition = GovernedPolicy.endpointOf(AwsTarget.of(event.region()));
    Set<String> endpoints = new LinkedHashSet<>();
    for (GovernedBuckets policy : index.bucketPolicies()) {
      if (policy.target().endpoint().isPresent() || policy.endpoint().equals(partition)) {
        endpoints.add(policy.endpoint());
      }
    }
    return endpoints;
  }

  static Disposition disposition(SubjectWorkQueue.Result result) {
    return switch (result) {
      case CHECKED, FAILED_TRANSIENTLY -> Disposition.CHECKED;
      case NO_POLICY -> Disposition.NO_POLICY;
      case DROPPED -> Disposition.DROPPED_OVERLOAD;
    };
  }

  /** Of two outcomes at two endpoints: a check says most, then a drop. */
  private static Disposition telling(Disposition a, Disposition b) {
    if (a == Disposition.CHECKED || b == Disposition.CHECKED) {
      return Disposition.CHECKED;
    }
    return a == Disposition.DROPPED_OVERLOAD || b == Disposition.DROPPED_OVERLOAD
        ? Disposition.DROPPED_OVERLOAD
        : Disposition.NO_POLICY;
  }

  private static CompletableFuture<Disposition> done(Disposition disposition) {
    return CompletableFuture.completedFuture(disposition);
  }

  private static String where(ChangeEvent event) {
    return event.bucket().orElse("account " + event.accountId());
  }
}
