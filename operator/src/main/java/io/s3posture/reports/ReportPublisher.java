package io.s3posture.reports;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.control.ControlName;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.PolicyLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each BucketPolicy's Report in step with its ledger, on a thread of its own: the reconciler
 * hands over the ledger and goes on. Requests for one policy fold into one (the latest); a Report
 * is built when its turn comes and written only when its content hash differs from the last one
 * written. While the CRD is missing, requests wait and the CRD is looked for again once per recheck
 * interval. A failed write is logged once per policy and retried with the next request.
 */
final class ReportPublisher implements PolicyReports {

  private static final Logger LOG = LoggerFactory.getLogger(ReportPublisher.class);

  /** What a publish asked for; the Report is built from the ledger when the request is handled. */
  private record Request(
      ReportContent.Scope scope, PolicyLedger ledger, Set<ControlName> controls, long version) {

    Published published() {
      return new Published(version, controls);
    }
  }

  /** The ledger version and controls of the last Report written (or found unchanged). */
  private record Published(long version, Set<ControlName> controls) {}

  private final ReportWriter writer;
  private final ReportCrd crd;
  private final PolicyReportFactory factory;
  private final Clock clock;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(DaemonThreadFactory.named("openreports"));
  private final Map<String, Request> waiting = new ConcurrentHashMap<>();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Map<String, Published> published = new ConcurrentHashMap<>();
  private final AtomicBoolean lookScheduled = new AtomicBoolean();
  // only touched on the publisher's thread
  private final Map<String, String> written = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();

  ReportPublisher(ReportWriter writer, ReportCrd crd, PolicyReportFactory factory, Clock clock) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.crd = Objects.requireNonNull(crd, "crd");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void publish(BucketPolicy policy, PolicyLedger ledger, Collection<ControlName> controls) {
    try {
      String uid = policy.getMetadata().getUid();
      Request request = new Request(scope(policy), ledger, Set.copyOf(controls), ledger.version());
      if (request.published().equals(published.get(uid))) {
        return; // nothing new since the last Report
      }
      waiting.put(uid, request);
      queue(uid);
    } catch (RuntimeException e) {
      LOG.debug("Report not queued: {}", e.toString()); // never the reconcile's problem
    }
  }

  @Override
  public void forget(PolicyRef policy) {
    if (!BucketPolicy.class.getSimpleName().equals(policy.kind())) {
      return;
    }
    waiting.remove(policy.uid());
    published.remove(policy.uid());
    run(
        () -> {
          written.remove(policy.uid());
          failures.remove(policy.uid());
          if (crd.served()) {
            writer.delete(policy.namespace(), ReportNames.reportName(policy.name()));
          }
        });
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private void queue(String uid) {
    if (queued.add(uid)) {
      run(() -> handle(uid));
    }
  }

  private void run(Runnable task) {
    try {
      thread.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.warn("Report task failed: {}", e.toString(), e);
            }
          });
    } catch (RejectedExecutionException closed) {
      // shutting down
    }
  }

  private void handle(String uid) {
    queued.remove(uid);
    Request request = waiting.get(uid);
    if (request == null) {
      return;
    }
    if (!crd.served()) {
      lookAgainLater();
      return;
    }
    try {
      Optional<ReportContent> content =
          factory.build(request.scope(), request.ledger(), request.controls());
      if (content.isPresent()) {
        String hash = content.get().hash();
        if (!hash.equals(written.get(uid))) {
          writer.apply(content.get(), clock.instant());
          written.put(uid, hash);
          LOG.debug(
              "Report {}/{} written: {}",
              content.get().namespace(),
              content.get().name(),
              content.get().summary());
        }
        published.put(uid, request.published());
      }
      waiting.remove(uid, request);
      if (failures.remove(uid) != null) {
        LOG.info("Report of {} written again", describe(request));
      }
    } catch (KubernetesClientException e) {
      if (ReportWriter.typeNotServed(e)) {
        crd.gone();
        lookAgainLater();
      } else if (e.getCode() == 404) {
        waiting.remove(uid, request); // the namespace is gone, and the policy with it
      } else {
        failed(uid, request, e.getCode() + " " + e.getMessage());
      }
    } catch (RuntimeException e) {
      failed(uid, request, e.toString());
    }
  }

  /** Logged once per policy and failure; the next request for the policy tries again. */
  private void failed(String uid, Request request, String why) {
    if (!why.equals(failures.put(uid, why))) {
      LOG.warn("could not write the Report of {}: {}", describe(request), why);
    }
  }

  /** While the CRD is missing: one look when the next is due, then every waiting Report. */
  private void lookAgainLater() {
    if (!lookScheduled.compareAndSet(false, true)) {
      return;
    }
    Duration delay = crd.untilNextLook().plusMillis(100);
    try {
      thread.schedule(
          () -> {
            lookScheduled.set(false);
            if (crd.served()) {
              waiting.keySet().forEach(this::queue);
            } else if (!waiting.isEmpty()) {
              lookAgainLater();
            }
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      lookScheduled.set(false);
    }
  }

  private static String describe(Request request) {
    return request.scope().namespace() + "/" + request.scope().name();
  }

  static ReportContent.Scope scope(BucketPolicy policy) {
    return new ReportContent.Scope(
        policy.getApiVersion(),
        policy.getKind(),
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        policy.getMetadata().getUid());
  }
}
