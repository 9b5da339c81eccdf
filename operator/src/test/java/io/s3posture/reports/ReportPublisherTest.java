package io.s3posture.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.control.ControlName;
import io.s3posture.control.ControlOutcome;
import io.s3posture.control.Drift;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.OutcomeReason;
import io.s3posture.control.OutcomeState;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportPublisherTest {

  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ControlName VERSIONING = ControlName.of("versioning");
  private static final Set<ControlName> CONTROLS = Set.of(VERSIONING);

  /** Records what would have been written; fails while {@code failures} is positive. */
  private static final class RecordingWriter implements ReportWriter {
    final List<ReportContent> applied = Collections.synchronizedList(new ArrayList<>());
    final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failures = new AtomicInteger();
    volatile int failureCode = 500;
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public void apply(ReportContent content, Instant writtenAt) {
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failures.getAndDecrement() > 0) {
        throw new KubernetesClientException(
            new StatusBuilder().withCode(failureCode).withMessage("boom").build());
      }
      applied.add(content);
    }

    @Override
    public void delete(String namespace, String name) {
      deleted.add(namespace + "/" + name);
    }

    List<String> names() {
      synchronized (applied) {
        return applied.stream().map(ReportContent::name).toList();
      }
    }
  }

  private final RecordingWriter writer = new RecordingWriter();
  private final AtomicBoolean installed = new AtomicBoolean(true);
  private ReportPublisher publisher = publisher(Duration.ofHours(1));

  private ReportPublisher publisher(Duration recheck) {
    Clock clock = Clock.systemUTC();
    return new ReportPublisher(
        writer,
        new ReportCrd(installed::get, recheck, clock),
        PolicyReportFactory.standard(),
        clock);
  }

  @AfterEach
  void close() {
    publisher.close();
  }

  private static BucketPolicy policy(String name) {
    BucketPolicy policy = new BucketPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withNamespace("ns").withName(name).withUid("uid-" + name).build());
    return policy;
  }

  private static PolicyLedger ledger(String name, OutcomeState state) {
    PolicyLedger ledger =
        new PolicyLedger(new PolicyRef("BucketPolicy", "ns", name, "uid-" + name), Map.of());
    ledger.startSweep(List.of("bucket"), CONTROLS, T1);
    record(ledger, state);
    return ledger;
  }

  private static void record(PolicyLedger ledger, OutcomeState state) {
    Drift drift =
        state == OutcomeState.COMPLIANT
            ? Drift.NONE
            : Drift.of(FieldDrift.put("status", "Enabled", "Suspended"));
    ledger.record(
        "bucket",
        List.of(
            new ControlOutcome(
                VERSIONING, state, drift, OutcomeReason.AuditMode, Optional.empty(), "m", false)),
        Trigger.SWEEP,
        T1);
  }

  /** Publishes another policy and waits for its Report: everything queued before is handled. */
  private void drain() {
    String name = "barrier-" + System.nanoTime();
    publisher.publish(policy(name), ledger(name, OutcomeState.COMPLIANT), CONTROLS);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> writer.names().contains("s3posture-" + name));
  }

  private long written(String name) {
    return writer.names().stream().filter(("s3posture-" + name)::equals).count();
  }

  @Test
  void writesOnlyWhenTheContentChanges() {
    BucketPolicy policy = policy("p");
    PolicyLedger ledger = ledger("p", OutcomeState.DRIFTED);

    publisher.publish(policy, ledger, CONTROLS);
    publisher.publish(policy, ledger, CONTROLS);
    record(ledger, OutcomeState.DRIFTED); // checked again, nothing new
    publisher.publish(policy, ledger, CONTROLS);
    drain();
    assertThat(written("p")).isEqualTo(1);

    record(ledger, OutcomeState.COMPLIANT);
    publisher.publish(policy, ledger, CONTROLS);
    drain();
    assertThat(written("p")).isEqualTo(2);
    assertThat(writer.applied.stream().filter(c -> c.name().equals("s3posture-p")).toList())
        .extracting(c -> c.summary().fail(), c -> c.summary().pass())
        .containsExactly(tuple(1, 0), tuple(0, 1));
  }

  @Test
  void aSlowApiServerNeverHoldsUpTheCaller() throws Exception {
    writer.gate = new CountDownLatch(1);
    for (int i = 0; i < 50; i++) {
      PolicyLedger ledger = ledger("slow", OutcomeState.DRIFTED);
      publisher.publish(policy("slow"), ledger, CONTROLS); // returns although the write hangs
    }
    writer.gate.countDown();
    drain();
    assertThat(written("slow")).as("requests for one policy fold into one").isEqualTo(1);
  }

  @Test
  void aFailedWriteIsLoggedOnceAndTriedAgainWithTheNextRequest() {
    writer.failures.set(3);
    BucketPolicy policy = policy("flaky");
    PolicyLedger ledger = ledger("flaky", OutcomeState.DRIFTED);
    try (LogCapture logs = new LogCapture(ReportPublisher.class)) {
      for (int i = 0; i < 3; i++) {
        int left = 2 - i;
        publisher.publish(policy, ledger, CONTROLS);
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.failures.get() <= left);
      }
      publisher.publish(policy, ledger, CONTROLS);
      drain();

      assertThat(written("flaky")).isEqualTo(1);
      assertThat(logs.at(Level.WARN))
          .singleElement()
          .asString()
          .contains("could not write the Report of ns/flaky", "500");
      assertThat(logs.at(Level.INFO)).singleElement().asString().contains("written again");
    }
  }

  @Test
  void withoutTheCrdNothingIsWrittenUntilItIsInstalled() {
    publisher.close();
    publisher = publisher(Duration.ofMillis(300));
    installed.set(false);
    BucketPolicy policy = policy("waiting");
    publisher.publish(policy, ledger("waiting", OutcomeState.DRIFTED), CONTROLS);
    publisher.publish(policy, ledger("waiting", OutcomeState.DRIFTED), CONTROLS);
    assertThat(writer.applied).isEmpty();

    installed.set(true);

    await()
        .atMost(Duration.ofSeconds(10))
        .alias("written at the next look, without another request")
        .until(() -> written("waiting") == 1);
  }

  @Test
  void aCrdRemovedUnderneathStopsWritesAndDeletes() {
    writer.failures.set(1);
    writer.failureCode = 404;
    publisher.publish(policy("removed"), ledger("removed", OutcomeState.DRIFTED), CONTROLS);
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.failures.get() <= 0);
    installed.set(false);

    publisher.publish(policy("other"), ledger("other", OutcomeState.DRIFTED), CONTROLS);
    publisher.forget(new PolicyRef("BucketPolicy", "ns", "nothing", "uid-nothing"));

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> writer.applied.isEmpty() && writer.deleted.isEmpty());
  }

  @Test
  void aDeletedPolicysReportIsDeleted() {
    publisher.publish(policy("gone"), ledger("gone", OutcomeState.DRIFTED), CONTROLS);
    drain();
    publisher.forget(new PolicyRef("BucketPolicy", "ns", "gone", "uid-gone"));
    publisher.forget(new PolicyRef("AccountPolicy", "", "account", "uid-account"));
    drain();

    assertThat(writer.deleted).containsExactly("ns/s3posture-gone");
  }
}
