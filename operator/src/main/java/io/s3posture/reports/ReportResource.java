package io.s3posture.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Report's content as the openreports.io/v1alpha1 object the API server stores: owned by its
 * BucketPolicy (Kubernetes deletes it with the policy), scoped to it, with the content's hash as an
 * annotation. Pass results are stamped with the time of the write.
 */
final class ReportResource {

  static final String HASH_ANNOTATION = "s3posture.io/report-hash";
  static final String OMITTED_ANNOTATION = "s3posture.io/results-omitted";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportResource() {}

  static GenericKubernetesResource of(ReportContent content, Instant writtenAt) {
    ReportContent.Scope scope = content.scope();
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(HASH_ANNOTATION, content.hash());
    if (content.omitted() > 0) {
      annotations.put(OMITTED_ANNOTATION, Integer.toString(content.omitted()));
    }
    GenericKubernetesResource report = new GenericKubernetesResource();
    report.setApiVersion(ReportApi.API_VERSION);
    report.setKind(ReportApi.KIND);
    report.setMetadata(
        new ObjectMetaBuilder()
            .withName(content.name())
            .withNamespace(content.namespace())
            .withLabels(content.labels())
            .withAnnotations(annotations)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(scope.apiVersion())
                    .withKind(scope.kind())
                    .withName(scope.name())
                    .withUid(scope.uid())
                    .withController(true)
                    .build())
            .build());
    Map<String, Object> body = report.getAdditionalProperties();
    body.put("source", PolicyReports.SOURCE);
    body.put("scope", JSON.convertValue(scope, Map.class));
    body.put("configuration", Map.of("limits", Map.of("maxResults", content.maxResults())));
    body.put("summary", JSON.convertValue(content.summary(), Map.class));
    List<Object> results =
        content.results().stream()
            .map(result -> (Object) JSON.convertValue(result.foundAt(writtenAt), Map.class))
            .toList();
    body.put("results", results);
    return report;
  }
}
