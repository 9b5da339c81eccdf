package io.s3posture.reports;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Objects;

/**
 * Writes Reports with server-side apply (create and patch, never a read: the operator's RBAC grants
 * no get or list on Reports) and deletes them.
 */
final class KubernetesReportWriter implements ReportWriter {

  static final String FIELD_MANAGER = "s3-posture-operator";

  private final KubernetesClient client;

  KubernetesReportWriter(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public void apply(ReportContent content, Instant writtenAt) {
    client
        .genericKubernetesResources(ReportApi.CONTEXT)
        .inNamespace(content.namespace())
        .resource(ReportResource.of(content, writtenAt))
        .fieldManager(FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  @Override
  public void delete(String namespace, String name) {
    client
        .genericKubernetesResources(ReportApi.CONTEXT)
        .inNamespace(namespace)
        .withName(name)
        .delete();
  }
}
