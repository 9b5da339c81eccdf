package io.s3posture.reports;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.control.ControlName;
import io.s3posture.control.PolicyRef;
import io.s3posture.fleet.PolicyLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/**
 * A BucketPolicy's findings as an OpenReports Report (openreports.io/v1alpha1), the format Policy
 * Reporter and Kyverno tooling read: one Report per policy, next to it, owned by it. Off unless
 * configured; publishing never fails, blocks or slows the caller.
 */
public interface PolicyReports extends AutoCloseable {

  /** The Report's {@code source}, and its {@code app.kubernetes.io/managed-by} label. */
  String SOURCE = "s3-posture-operator";

  /** Label naming the BucketPolicy a Report is about. */
  String REPORT_OF_LABEL = BucketPolicy.GROUP + "/report-of";

  /** Reports off: nothing is written or asked. */
  PolicyReports OFF =
      new PolicyReports() {
        @Override
        public void publish(
            BucketPolicy policy, PolicyLedger ledger, Collection<ControlName> controls) {}

        @Override
        public void forget(PolicyRef policy) {}

        @Override
        public void close() {}
      };

  /**
   * Brings the policy's Report up to date with its ledger, later and on another thread: written
   * only when its content changed, and only once the Report CRD is installed.
   *
   * @param controls the controls the policy manages (one result per governed bucket and control)
   */
  void publish(BucketPolicy policy, PolicyLedger ledger, Collection<ControlName> controls);

  /** The policy was deleted: its Report goes too (Kubernetes' garbage collector would, later). */
  void forget(PolicyRef policy);

  @Override
  void close();

  /** Reports written with {@code client}; the CRD is looked for again every {@code recheck}. */
  static PolicyReports openReports(KubernetesClient client, Duration recheck, Clock clock) {
    return new ReportPublisher(
        new KubernetesReportWriter(client),
        new ReportCrd(() -> ReportApi.served(client), recheck, clock),
        PolicyReportFactory.standard(),
        clock);
  }
}
