package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.core.instrument.Timer;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.changes.ChangeEventMetrics;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.ChangeEventQueue;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.Permission;

/**
 * Drift corrected seconds after the change, end to end: the real operator (policies with a 24 h
 * resync, so only an event can explain a correction) receives CloudTrail-shaped events from an SQS
 * queue in moto, fed by an EventBridge rule with the documented pattern.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(TestLocks.EVENTBRIDGE_DEFAULT_BUS)
class ChangeEventCorrectionIT {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeEventCorrectionIT.class);
  private static final String MALLORY = "arn:aws:iam::" + TestStack.ACCOUNT_ID + ":user/mallory";
  private static final String APPROVED_KEY =
      "arn:aws:kms:us-east-1:" + TestStack.ACCOUNT_ID + ":key/0f8b2c1e-5d4a-4c3b-9a7e-2f6d1e0c9b8a";
  private static final String ATTACKER_KEY =
      "arn:aws:kms:us-east-1:666666666666:key/attacker-controlled-key";

  @RegisterExtension
  static final OperatorExtension running =
      OperatorExtension.inNamespace("change-events")
          .changeEvents(moto -> ChangeEventQueue.withRule(moto, "events-it"))
          .build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final ChangeEventQueue queue = running.queue();
  private final OperatorUnderTest operator = running.operator();
  private final Policies policies = running.policies();
  private final String operatorArn = stack.aws().callerArn();
  private final List<BucketPolicy> created = new ArrayList<>();

  @AfterAll
  void deleteCreated() {
    created.forEach(policies::delete);
  }

  @Test
  void aReKeyedBucketIsCorrectedAfterItsEventWhichTheDriftCorrectedEventNames() {
    String bucket = bucket("events-ledger");
    BucketPolicy policy =
        apply(
            "ledger",
            """
            mode: Enforce
            resyncInterval: 24h
            buckets: {names: [%s]}
            controls:
              encryption: {algorithm: SSE-KMS, kmsKeyArn: "%s"}
            """
                .formatted(bucket, APPROVED_KEY));
    // corrected by the first check (metrics are updated before the status says so)
    policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
    assertThat(kmsKey(bucket)).isEqualTo(APPROVED_KEY);
    double corrected = corrected("ledger", "encryption");

    rekey(bucket, ATTACKER_KEY);
    queue.publish(ChangeEventQueue.record("PutBucketEncryption", bucket, MALLORY));

    await().atMost(Policies.TIMEOUT).until(() -> kmsKey(bucket).equals(APPROVED_KEY));
    Event correction =
        await()
            .atMost(Policies.TIMEOUT)
            .until(
                () ->
                    events("ledger").stream()
                        .filter(e -> "DriftCorrected".equals(e.getReason()))
                        .filter(e -> e.getMessage().contains("after PutBucketEncryption"))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    assertThat(correction.getMessage())
        .startsWith("bucket " + bucket + ", encryption: drift corrected: set ")
        .contains(ATTACKER_KEY)
        .endsWith("(after PutBucketEncryption by " + MALLORY + ")");
    await().until(() -> corrected("ledger", "encryption") == corrected + 1);
    await().until(() -> received("checked") >= 1);
    assertThat(operator.bucketChecks("change_event")).isGreaterThanOrEqualTo(1);
    Timer latency =
        operator.registry().find(ChangeEventMetrics.LATENCY).tag("queue", queue.name()).timer();
    assertThat(latency.count()).isGreaterThanOrEqualTo(1);

    // CloudTrail records the operator's correction too: that event causes nothing
    long reads = operator.awsReads();
    long writes = operator.awsWrites();
    double checks = operator.bucketChecks("change_event");
    double own = received("ignored_own_write");
    queue.publish(ChangeEventQueue.record("PutBucketEncryption", bucket, operatorArn));
    await().atMost(Policies.TIMEOUT).until(() -> received("ignored_own_write") == own + 1);
    assertThat(operator.bucketChecks("change_event")).isEqualTo(checks);
    assertThat(operator.awsReads()).as("no read after the operator's own write").isEqualTo(reads);
    assertThat(operator.awsWrites()).isEqualTo(writes);
  }

  @Test
  void aLifecycleRuleThatWouldWipeTheBucketIsDisabledSecondsAfterPutBucketLifecycle() {
    String bucket = bucket("events-lifecycle");
    BucketPolicy policy =
        apply(
            "lifecycle",
            """
            mode: Enforce
            resyncInterval: 24h
            buckets: {names: [%s]}
            controls:
              lifecycleRetention: {}
            """
                .formatted(bucket));
    policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);

    // MFA delete does not stop this: every version of every object gone within a day
    stack.seeder().lifecycle(bucket, BucketSeeder.expiringAfter("cleanup", 1));
    queue.publish(ChangeEventQueue.record("PutBucketLifecycle", bucket, MALLORY));

    await()
        .atMost(Policies.TIMEOUT)
        .until(
            () ->
                stack
                        .s3()
                        .getBucketLifecycleConfiguration(r -> r.bucket(bucket))
                        .rules()
                        .get(0)
                        .status()
                    == ExpirationStatus.DISABLED);
    await()
        .atMost(Policies.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events("lifecycle"))
                    .anySatisfy(
                        e ->
                            assertThat(e.getMessage())
                                .startsWith(
                                    "bucket " + bucket + ", lifecycleRetention: drift corrected")
                                .contains("expire after 1 day(s)")
                                .endsWith("(after PutBucketLifecycle by " + MALLORY + ")")));
    assertThat(stack.s3().getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules().get(0))
        .as("the rule is kept, as written, for a person")
        .satisfies(
            rule -> {
              assertThat(rule.id()).isEqualTo("cleanup");
              assertThat(rule.expiration().days()).isEqualTo(1);
              assertThat(rule.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(1);
            });
  }

  @Test
  void aNewBucketMatchingThePolicysGlobIsCheckedAndCorrectedWhenCreateBucketAnnouncesIt() {
    String prefix = TestStack.uniqueBucketName("events-new");
    BucketPolicy policy =
        apply(
            "new-buckets",
            """
            mode: Enforce
            resyncInterval: 24h
            buckets: {selector: {namePatterns: ["%s-*"]}}
            controls:
              versioning: {}
            """
                .formatted(prefix));
    policies.awaitStatus(policy, p -> p.getStatus().lastCheckTime() != null);
    String bucket = prefix + "-orders";
    stack.seeder().create(bucket);

    queue.publish(ChangeEventQueue.record("CreateBucket", bucket, MALLORY));

    await()
        .atMost(Policies.TIMEOUT)
        .until(() -> versioning(bucket) == BucketVersioningStatus.ENABLED);
    BucketPolicy checked =
        policies.awaitStatus(
            policy,
            p ->
                p.getStatus().buckets().governed() == 1
                    && p.getStatus().buckets().compliant() == 1);
    assertThat(checked.getStatus().buckets().corrected()).isEqualTo(1);
    assertThat(events("new-buckets"))
        .anySatisfy(
            e ->
                assertThat(e.getMessage())
                    .startsWith("bucket " + bucket + ", versioning: drift corrected")
                    .endsWith("(after CreateBucket by " + MALLORY + ")"));
  }

  @Test
  void anAuditPolicyGetsACheckAndAReportButNeverAWrite() {
    String bucket = bucket("events-audit");
    stack.seeder().versioning(bucket, BucketVersioningStatus.ENABLED);
    BucketPolicy policy =
        apply(
            "audit",
            """
            mode: Audit
            resyncInterval: 24h
            buckets: {names: [%s]}
            controls:
              versioning: {}
            """
                .formatted(bucket));
    policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
    long writes = operator.awsWrites();
    double checks = operator.bucketChecks("change_event");

    stack.seeder().versioning(bucket, BucketVersioningStatus.SUSPENDED);
    queue.publish(ChangeEventQueue.record("PutBucketVersioning", bucket, MALLORY));

    policies.awaitStatus(policy, p -> p.getStatus().buckets().drifted() == 1);
    assertThat(events("audit"))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("DriftDetected");
              assertThat(e.getMessage())
                  .startsWith("bucket " + bucket + ", versioning: drift detected")
                  .endsWith("(after PutBucketVersioning by " + MALLORY + ")");
            });
    assertThat(operator.bucketChecks("change_event")).isGreaterThan(checks);
    assertThat(operator.awsWrites()).as("Audit never writes").isEqualTo(writes);
    assertThat(versioning(bucket)).isEqualTo(BucketVersioningStatus.SUSPENDED);
  }

  @Test
  void malformedUnknownAndFailedCallMessagesAreDeletedAndCountedAndTheQueueKeepsFlowing() {
    String bucket = bucket("events-flow");
    BucketPolicy policy =
        apply(
            "flow",
            """
            mode: Enforce
            resyncInterval: 24h
            buckets: {names: [%s]}
            controls:
              websiteDisabled: {}
            """
                .formatted(bucket));
    policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
    double malformed = received("malformed");
    double unknown = received("unknown_event");
    double failedCalls = received("ignored_failed_call");
    double checked = received("checked");
    stack.seeder().website(bucket, "i");

    queue.sendBody("{not json");
    queue.sendBody("{\"detail-type\": \"AWS API Call via CloudTrail\", \"detail\": 42}");
    queue.send(
        List.of(
            ChangeEventQueue.record("PutBucketCors", bucket, MALLORY),
            ChangeEventQueue.failed(
                ChangeEventQueue.record("PutBucketPolicy", bucket, MALLORY), "AccessDenied"),
            ChangeEventQueue.record("PutBucketWebsite", bucket, MALLORY)));

    await().atMost(Policies.TIMEOUT).until(() -> queue.messages() == 0);
    await().until(() -> received("checked") == checked + 1);
    assertThat(received("malformed")).isEqualTo(malformed + 2);
    assertThat(received("unknown_event")).isEqualTo(unknown + 1);
    assertThat(received("ignored_failed_call")).isEqualTo(failedCalls + 1);
    await().until(() -> !hasWebsite(bucket));
  }

  /**
   * 1,000 events for 100 buckets, ten per bucket as a burst of calls on one bucket arrives: sent
   * straight to the queue as the rule delivers them (moto's PutEvents takes 0.1-0.3 s per event for
   * an SQS target, too slow for a burst). A bucket is checked at once for its first event, then at
   * most once per coalescing window. A bucket's ten events arrive in one or two receive batches, so
   * it costs at most three checks whatever the machine's speed; the window bound holds for any
   * order. (Events of different buckets interleaved within one window: CoalescingWindowTest. On
   * moto, receiving is slow, about 1 s per batch of 10 under load: events for one bucket sent 100
   * messages apart arrive more than a window apart and are rightly checked apart.)
   */
  @Test
  void aBurstOfAThousandEventsForAHundredBucketsCostsAboutOneCheckPerBucketPerWindow() {
    String prefix = TestStack.uniqueBucketName("events-burst");
    List<String> buckets = IntStream.range(0, 100).mapToObj(i -> prefix + "-" + i).toList();
    buckets.forEach(stack.seeder()::create);
    BucketPolicy policy =
        apply(
            "burst",
            """
            mode: Enforce
            resyncInterval: 24h
            buckets: {selector: {namePatterns: ["%s-*"]}}
            controls:
              noPublicAcl: {}
            """
                .formatted(prefix));
    policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 100);
    buckets.forEach(stack.seeder()::publicReadAcl);
    double checks = operator.bucketChecks("change_event");
    double checked = received("checked");
    long aclReads = operator.awsCalls("GetBucketAcl"::equals);
    List<ObjectNode> burst = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      burst.add(ChangeEventQueue.record("PutBucketAcl", buckets.get(i / 10), MALLORY));
    }

    long started = System.nanoTime();
    queue.send(burst);
    // at least: SQS delivers at least once, and concurrent receives may see a message twice
    await().atMost(Duration.ofMinutes(3)).until(() -> received("checked") >= checked + 1000);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    await().until(() -> queue.messages() == 0);

    assertThat(buckets).allSatisfy(b -> assertThat(publicRead(b)).as(b).isFalse());
    long ran = (long) (operator.bucketChecks("change_event") - checks);
    long windows =
        (took.toMillis() + CoalescingWindow.DEFAULT.toMillis() - 1)
            / CoalescingWindow.DEFAULT.toMillis();
    LOG.info(
        "burst: 1000 events for 100 buckets handled in {} ms: {} checks ({} GetBucketAcl), bound"
            + " {} (100 x (1 + {} windows))",
        took.toMillis(),
        ran,
        operator.awsCalls("GetBucketAcl"::equals) - aclReads,
        100 * (1 + windows),
        windows);
    assertThat(ran).as("every bucket checked").isGreaterThanOrEqualTo(100);
    assertThat(ran).as("one check per bucket per window").isLessThanOrEqualTo(100 * (1 + windows));
    assertThat(ran).as("at most three checks per bucket").isLessThanOrEqualTo(300);
  }

  private BucketPolicy apply(String name, String spec) {
    BucketPolicy policy = policies.apply(Policies.manifest(namespace, name, spec));
    created.add(policy);
    return policy;
  }

  private String bucket(String prefix) {
    return stack.seeder().bucket(prefix);
  }

  private void rekey(String bucket, String key) {
    stack.seeder().encryption(bucket, "aws:kms", key);
  }

  private String kmsKey(String bucket) {
    String key =
        stack
            .s3()
            .getBucketEncryption(r -> r.bucket(bucket))
            .serverSideEncryptionConfiguration()
            .rules()
            .get(0)
            .applyServerSideEncryptionByDefault()
            .kmsMasterKeyID();
    return key == null ? "" : key;
  }

  private BucketVersioningStatus versioning(String bucket) {
    return stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status();
  }

  private boolean hasWebsite(String bucket) {
    return stack.seeder().hasWebsite(bucket);
  }

  private boolean publicRead(String bucket) {
    return stack.s3().getBucketAcl(r -> r.bucket(bucket)).grants().stream()
        .anyMatch(
            g ->
                g.grantee().uri() != null
                    && g.grantee().uri().endsWith("/AllUsers")
                    && (g.permission() == Permission.READ
                        || g.permission() == Permission.FULL_CONTROL));
  }

  private double received(String outcome) {
    return operator.changeEvents(queue.name(), outcome);
  }

  private double corrected(String policy, String control) {
    return operator.counter(
        PostureMetrics.DRIFT_CORRECTED,
        "namespace",
        namespace,
        "policy",
        policy,
        "control",
        control);
  }

  private List<Event> events(String policy) {
    return stack.kubernetes().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
