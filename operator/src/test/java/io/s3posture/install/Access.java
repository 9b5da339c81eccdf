package io.s3posture.install;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * One row of an RBAC expectation: whether the ServiceAccount may {@code verb} a resource, asked
 * with a SelfSubjectAccessReview as that ServiceAccount. The namespace is a placeholder the test
 * resolves ({@code NS}, {@code OTHER}, ...), or empty for cluster scope / all namespaces.
 */
record Access(
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name,
    boolean allowed) {

  static Access allowed(String verb, String groupResource, String namespace) {
    return of(verb, groupResource, namespace, "", true);
  }

  static Access denied(String verb, String groupResource, String namespace) {
    return of(verb, groupResource, namespace, "", false);
  }

  /**
   * {@code groupResource} is {@code [group/]resource[/subresource]}, e.g. s3posture.io/x/status.
   */
  static Access of(
      String verb, String groupResource, String namespace, String name, boolean allowed) {
    String[] parts = groupResource.split("/");
    boolean grouped = parts[0].contains(".");
    String group = grouped ? parts[0] : "";
    String resource = parts[grouped ? 1 : 0];
    String subresource = parts.length > (grouped ? 2 : 1) ? parts[grouped ? 2 : 1] : "";
    return new Access(verb, group, resource, subresource, namespace, name, allowed);
  }

  Access named(String resourceName) {
    return new Access(verb, group, resource, subresource, namespace, resourceName, allowed);
  }

  /** Asks the API server whether {@code client}'s user may do this, with placeholders resolved. */
  boolean review(KubernetesClient client, Map<String, String> namespaces) {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .withSubresource(subresource)
            .withNamespace(namespaces.getOrDefault(namespace, namespace))
            .withName(name)
            .endResourceAttributes()
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }

  @Override
  public String toString() {
    return verb
        + " "
        + (group.isEmpty() ? "" : group + "/")
        + resource
        + (subresource.isEmpty() ? "" : "/" + subresource)
        + (name.isEmpty() ? "" : " named " + name)
        + (namespace.isEmpty() ? " (cluster)" : " in " + namespace)
        + ": "
        + (allowed ? "allowed" : "denied");
  }
}
