package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketSelector;
import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.BucketSummary;
import io.s3posture.aws.S3Gateway;
import io.s3posture.changes.ChangeEvent;
import io.s3posture.changes.ChangeEventSink.Disposition;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.PolicyRef;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet's answer to each kind of change event, with the real index, inventory and bucket queue
 * (a worker that records what it was asked to check) and a listing stub for S3.
 */
class ChangeEventRouterTest {

  private static final String ACCOUNT = "111122223333";
  private static final String OTHER_ACCOUNT = "444455556666";
  private static final String OPERATOR = "arn:aws:iam::" + ACCOUNT + ":user/s3-posture";
  private static final String MALLORY = "arn:aws:iam::" + ACCOUNT + ":user/mallory";
  private static final AwsTarget TARGET = AwsTarget.of("eu-west-1").withAccountId(ACCOUNT);

  /** What the worker was asked: bucket, controls (empty = all), triggers. */
  private record Check(String bucket, Optional<Set<ControlName>> controls, List<Trigger> why) {}

  private final List<Check> checks = new CopyOnWriteArrayList<>();
  private final PolicyIndex index = new PolicyIndex();
  private final List<BucketSummary> listing = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
  private final AtomicInteger listings = new AtomicInteger();
  private final AtomicInteger stsCalls = new AtomicInteger();
  private final List<PolicyRef> statusRefreshed = new CopyOnWriteArrayList<>();
  private final List<String> accountRechecks = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private SubjectWorkQueue queue = queue(10_000);

  @AfterEach
  void stop() {
    gate.countDown();
    queue.close();
    executor.shutdownNow();
  }

  private SubjectWorkQueue queue(int capacity) {
    return new SubjectWorkQueue(
        (key, only, why) -> {
          try {
            gate.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (key instanceof AccountKey account) {
            if (index.governing(account).isEmpty()) {
              return SubjectWorkQueue.Result.NO_POLICY;
            }
            accountRechecks.add(
                account.accountId() + " after " + why.get(0).eventName().orElseThrow());
            return SubjectWorkQueue.Result.CHECKED;
          }
          if (index.governing((BucketKey) key).isEmpty()) {
            return SubjectWorkQueue.Result.NO_POLICY;
          }
          checks.add(new Check(key.name(), only, why));
          return SubjectWorkQueue.Result.CHECKED;
        },
        1,
        1,
        capacity);
  }

  private ChangeEventRouter router() {
    S3Gateway s3 =
        (S3Gateway)
            Proxy.newProxyInstance(
                S3Gateway.class.getClassLoader(),
                new Class<?>[] {S3Gateway.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "listBuckets" -> {
                        listings.incrementAndGet();
                        yield List.copyOf(listing);
                      }
                      case "bucketTags" -> tags.getOrDefault((String) args[0], Map.of());
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    BucketInventory inventory = new BucketInventory(target -> s3, Clock.systemUTC());
    return new ChangeEventRouter(
        ControlCatalog.standard(),
        index,
        new SelectionChanges(index, inventory, statusRefreshed::add, Clock.systemUTC()),
        new OwnIdentities(
            target -> {
              stsCalls.incrementAndGet();
              return OPERATOR;
            },
            () -> index.policies().stream().<AwsTarget>map(GovernedPolicy::target).toList(),
            Clock.systemUTC()),
        new CoalescingWindow(Duration.ofMinutes(1), queue::submitAll, (task, delay) -> {}),
        executor);
  }

  @Test
  void aCallOnAGovernedBucketChecksTheControlsItCanHaveChangedNamingTheCallAndTheCaller() {
    govern("names", List.of("ledger", "archive"), null);
    ChangeEventRouter router = router();

    assertThat(handle(router, event("PutBucketEncryption", "ledger", MALLORY)))
        .isEqualTo(Disposition.CHECKED);
    assertThat(handle(router, event("PutBucketVersioning", "archive", MALLORY)))
        .isEqualTo(Disposition.CHECKED);

    assertThat(checks).hasSize(2);
    assertThat(checks.get(0).controls())
        .as("encryption and the SSE-C block, both kept in the default-encryption rule")
        .contains(Set.of(ControlName.of("encryption"), ControlName.of("blockSseC")));
    assertThat(checks.get(1).controls())
        .as("versioning and the controls that depend on it")
        .contains(
            Set.of(
                ControlName.of("versioning"),
                ControlName.of("objectLock"),
                ControlName.of("replication")));
    Trigger why = checks.get(0).why().get(0);
    assertThat(why.kind()).isEqualTo(Trigger.Kind.CHANGE_EVENT);
    assertThat(why.describe()).isEqualTo(" (after PutBucketEncryption by " + MALLORY + ")");
    assertThat(why.explains(ControlName.of("encryption"))).isTrue();
    assertThat(why.explains(ControlName.of("versioning"))).isFalse();
  }

  @Test
  void failedCallsOwnWritesUnknownCallsAndUngovernedBucketsCauseNoCheck() {
    govern("names", List.of("ledger"), null);
    ChangeEventRouter router = router();

    assertThat(handle(router, failed(event("PutBucketPolicy", "ledger", MALLORY))))
        .isEqualTo(Disposition.IGNORED_FAILED_CALL);
    assertThat(handle(router, event("PutBucketEncryption", "ledger", OPERATOR)))
        .isEqualTo(Disposition.IGNORED_OWN_WRITE);
    assertThat(handle(router, event("PutBucketEncryption", "ledger", OPERATOR)))
        .isEqualTo(Disposition.IGNORED_OWN_WRITE);
    assertThat(handle(router, event("PutBucketCors", "ledger", MALLORY)))
        .isEqualTo(Disposition.UNKNOWN_EVENT);
    assertThat(handle(router, event("PutBucketEncryption", "someone-elses", MALLORY)))
        .isEqualTo(Disposition.NO_POLICY);

    assertThat(checks).isEmpty();
    assertThat(stsCalls).as("the operator's identity is asked once, then cached").hasValue(1);
  }

  @Test
  void anAccountLevelCallRechecksTheAccountInEveryRegionAnAccountPolicyGovernsIt() {
    governAccount("us", ACCOUNT, "us-east-1");
    governAccount("eu", ACCOUNT, "eu-west-1");
    governAccount("eu-too", ACCOUNT, "eu-west-1");
    ChangeEventRouter router = router();

    assertThat(handle(router, accountEvent("DeleteAccountPublicAccessBlock", ACCOUNT)))
        .isEqualTo(Disposition.CHECKED);

    assertThat(accountRechecks)
        .as("one check per region, for both policies of eu-west-1")
        .containsExactly(
            ACCOUNT + " after DeleteAccountPublicAccessBlock",
            ACCOUNT + " after DeleteAccountPublicAccessBlock");
    assertThat(checks).isEmpty();
    assertThat(handle(router, accountEvent("DeleteAccountPublicAccessBlock", "999999999999")))
        .as("no AccountPolicy of that account")
        .isEqualTo(Disposition.NO_POLICY);
  }

  @Test
  void switchingOffADetectionServiceRechecksTheAccountPoliciesAndOnlyFromThatService() {
    governAccount("a", ACCOUNT, "eu-west-1");
    governAccount("b", OTHER_ACCOUNT, "eu-west-1");
    ChangeEventRouter router = router();

    assertThat(handle(router, accountEvent("StopLogging", "cloudtrail.amazonaws.com", ACCOUNT)))
        .isEqualTo(Disposition.CHECKED);
    assertThat(handle(router, accountEvent("DisableMacie", "macie2.amazonaws.com", OTHER_ACCOUNT)))
        .isEqualTo(Disposition.CHECKED);
    assertThat(handle(router, accountEvent("StopLogging", "example.amazonaws.com", ACCOUNT)))
        .as("a call of the same name to a service no control audits")
        .isEqualTo(Disposition.UNKNOWN_EVENT);
    assertThat(handle(router, accountEvent("StopInstances", "ec2.amazonaws.com", ACCOUNT)))
        .isEqualTo(Disposition.UNKNOWN_EVENT);

    assertThat(accountRechecks)
        .containsExactly(ACCOUNT + " after StopLogging", OTHER_ACCOUNT + " after DisableMacie");
    assertThat(checks).isEmpty();
  }

  private void governAccount(String name, String account, String region) {
    AccountPolicy resource = new AccountPolicy();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withUid(name).build());
    GovernedAccount policy =
        new GovernedAccount(
            new PolicyRef("AccountPolicy", "", name, name),
            resource,
            AwsTarget.of(region).withAccountId(account),
            List.of(),
            Duration.ofMinutes(10));
    index.put(policy, () -> new PolicyLedger(policy.ref(), Map.of()));
  }

  @Test
  void aNewBucketMatchingASelectorIsGovernedAndCheckedWithAllControls() {
    GovernedBuckets policy =
        govern("selector", null, new BucketSelector(List.of("payments-*"), Map.of()));
    ChangeEventRouter router = router();
    listing.add(new BucketSummary("payments-new", Optional.of("eu-west-1")));
    listing.add(new BucketSummary("logs-new", Optional.of("eu-west-1")));

    assertThat(handle(router, event("CreateBucket", "payments-new", MALLORY)))
        .isEqualTo(Disposition.CHECKED);
    assertThat(handle(router, event("CreateBucket", "logs-new", MALLORY)))
        .as("the patterns do not accept it")
        .isEqualTo(Disposition.NO_POLICY);

    assertThat(ledger(policy).governs("payments-new")).isTrue();
    assertThat(checks).singleElement().satisfies(c -> assertThat(c.controls()).isEmpty());
    assertThat(statusRefreshed).containsExactly(policy.ref());
    assertThat(listings).as("a listing only for a bucket the patterns accept").hasValue(1);
  }

  @Test
  void tagsDecideWhetherATagSelectorGovernsABucket() {
    GovernedBuckets policy =
        govern("tagged", null, new BucketSelector(null, Map.of("data-class", "confidential")));
    ChangeEventRouter router = router();
    listing.add(new BucketSummary("exports", Optional.of("eu-west-1")));

    tags.put("exports", Map.of("data-class", "confidential"));
    assertThat(handle(router, event("PutBucketTagging", "exports", MALLORY)))
        .isEqualTo(Disposition.CHECKED);
    assertThat(ledger(policy).governs("exports")).isTrue();

    tags.put("exports", Map.of());
    assertThat(handle(router, event("DeleteBucketTagging", "exports", MALLORY)))
        .as("released: nothing governs it any more")
        .isEqualTo(Disposition.NO_POLICY);
    assertThat(ledger(policy).governs("exports")).isFalse();
    assertThat(statusRefreshed).containsExactly(policy.ref(), policy.ref());
  }

  @Test
  void aDeletedBucketIsReleasedByItsSelectorsButNotByPoliciesThatNameIt() {
    GovernedBuckets selecting =
        govern("selector", null, new BucketSelector(List.of("payments-*"), Map.of()));
    GovernedBuckets naming = govern("names", List.of("payments-old"), null);
    ledger(selecting).govern("payments-old");
    ChangeEventRouter router = router();

    assertThat(handle(router, event("DeleteBucket", "payments-old", MALLORY)))
        .as("the naming policy still checks it (and will report it missing)")
        .isEqualTo(Disposition.CHECKED);

    assertThat(ledger(selecting).governs("payments-old")).isFalse();
    assertThat(index.governing(new BucketKey("aws", "payments-old"))).containsExactly(naming);
  }

  @Test
  void aFullQueueDropsTheEventSoTheSourceDeletesIt() {
    queue.close();
    queue = queue(1);
    gate = new CountDownLatch(1);
    govern("names", List.of("a", "b", "c"), null);
    ChangeEventRouter router = router();

    CompletableFuture<Disposition> running =
        router.accept(event("PutBucketAcl", "a", MALLORY)).toCompletableFuture();
    Awaitility.await().until(() -> queue.running() == 1);
    CompletableFuture<Disposition> waiting =
        router.accept(event("PutBucketAcl", "b", MALLORY)).toCompletableFuture();
    Awaitility.await().until(() -> queue.waiting() == 1);

    assertThat(handle(router, event("PutBucketAcl", "c", MALLORY)))
        .isEqualTo(Disposition.DROPPED_OVERLOAD);
    gate.countDown();
    assertThat(running.join()).isEqualTo(Disposition.CHECKED);
    assertThat(waiting.join()).isEqualTo(Disposition.CHECKED);
  }

  private GovernedBuckets govern(String name, List<String> names, BucketSelector selector) {
    BucketPolicy resource = new BucketPolicy();
    resource.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("team").withUid(name).build());
    GovernedBuckets policy =
        new GovernedBuckets(
            new PolicyRef("BucketPolicy", "team", name, name),
            resource,
            TARGET,
            new BucketTargets(names, selector),
            List.of(),
            Duration.ofMinutes(10),
            ExemptionRules.none(Clock.systemUTC()));
    PolicyLedger ledger = index.put(policy, () -> new PolicyLedger(policy.ref(), Map.of()));
    ledger.startSweep(names == null ? List.of() : names, Set.of(), Instant.EPOCH);
    return policy;
  }

  private PolicyLedger ledger(GovernedBuckets policy) {
    return index.ledger(policy.ref().uid()).orElseThrow();
  }

  private static Disposition handle(ChangeEventRouter router, ChangeEvent event) {
    return router.accept(event).toCompletableFuture().join();
  }

  private static ChangeEvent event(String name, String bucket, String principal) {
    return new ChangeEvent(
        "id-" + System.nanoTime(),
        name,
        ChangeEvent.S3_EVENT_SOURCE,
        Optional.of(bucket),
        ACCOUNT,
        "eu-west-1",
        Optional.of(principal),
        Optional.empty(),
        Optional.of("203.0.113.7"),
        Optional.empty(),
        Instant.parse("2026-01-01T10:00:00Z"),
        Instant.parse("2026-01-01T10:00:03Z"),
        "q");
  }

  private static ChangeEvent accountEvent(String name, String account) {
    return accountEvent(name, ChangeEvent.S3_EVENT_SOURCE, account);
  }

  private static ChangeEvent accountEvent(String name, String source, String account) {
    ChangeEvent e = event(name, "x", MALLORY);
    return new ChangeEvent(
        e.eventId(),
        name,
        source,
        Optional.empty(),
        account,
        e.region(),
        e.principalArn(),
        e.sessionIssuerArn(),
        e.sourceIpAddress(),
        e.errorCode(),
        e.eventTime(),
        e.receivedAt(),
        e.queue());
  }

  private static ChangeEvent failed(ChangeEvent e) {
    return new ChangeEvent(
        e.eventId(),
        e.eventName(),
        e.eventSource(),
        e.bucket(),
        e.accountId(),
        e.region(),
        e.principalArn(),
        e.sessionIssuerArn(),
        e.sourceIpAddress(),
        Optional.of("AccessDenied"),
        e.eventTime(),
        e.receivedAt(),
        e.queue());
  }
}
