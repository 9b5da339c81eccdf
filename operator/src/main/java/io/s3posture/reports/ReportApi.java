package io.s3posture.reports;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The OpenReports API the operator writes to: openreports.io/v1alpha1 Report, namespaced (the
 * successor of wgpolicyk8s.io PolicyReport; github.com/openreports/reports-api).
 */
final class ReportApi {

  static final String GROUP = "openreports.io";
  static final String VERSION = "v1alpha1";
  static final String API_VERSION = GROUP + "/" + VERSION;
  static final String KIND = "Report";
  static final String PLURAL = "reports";

  /** The install manifest of the OpenReports release whose v1alpha1 schema the operator writes. */
  static final String INSTALL =
      "kubectl apply -f https://github.com/openreports/reports-api/releases/download/v0.2.1/install.yaml";

  /** Reports without discovery per call: the plural is known. */
  static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withKind(KIND)
          .withPlural(PLURAL)
          .withNamespaced(true)
          .build();

  private ReportApi() {}

  /**
   * Whether the API server serves Report now: one discovery GET of /apis/openreports.io/v1alpha1,
   * which every authenticated user may make (no RBAC on CRDs needed).
   */
  static boolean served(KubernetesClient client) {
    APIResourceList resources = client.getApiResources(API_VERSION);
    return resources != null
        && resources.getResources() != null
        && resources.getResources().stream()
            .anyMatch(r -> PLURAL.equals(r.getName()) && KIND.equals(r.getKind()));
  }
}
