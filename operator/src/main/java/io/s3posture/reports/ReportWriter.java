package io.s3posture.reports;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;

/** Where Reports are written: the API server (or a fake in tests). */
interface ReportWriter {

  /** Creates or replaces the Report; pass results are stamped with {@code writtenAt}. */
  void apply(ReportContent content, Instant writtenAt);

  /** Deletes the Report if it is there. */
  void delete(String namespace, String name);

  /**
   * A 404 that means the API server does not serve Reports (the CRD is gone), not that the
   * namespace is.
   */
  static boolean typeNotServed(KubernetesClientException e) {
    if (e.getCode() != 404) {
      return false;
    }
    var status = e.getStatus();
    String kind =
        status != null && status.getDetails() != null ? status.getDetails().getKind() : null;
    return !"namespaces".equals(kind);
  }
}
