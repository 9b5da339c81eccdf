package io.s3posture.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart's ServiceAccount and RBAC, rendered by helm and applied to the real API server (the
 * Deployment and the rest are left out: there are no nodes), and clients that act as that
 * ServiceAccount. The release name is the namespace, so parallel tests never share a ClusterRole.
 */
final class ChartServiceAccount {

  static final Set<String> RBAC_KINDS =
      Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  private final TestStack stack;
  private final String namespace;
  private final String name;
  private final List<HasMetadata> applied;

  private ChartServiceAccount(
      TestStack stack, String namespace, String name, List<HasMetadata> applied) {
    this.stack = stack;
    this.namespace = namespace;
    this.name = name;
    this.applied = applied;
  }

  /**
   * A ClusterRole the chart adds to Kubernetes' user-facing roles (view, edit, admin): access for
   * people, bound to no one by the chart, never the operator's.
   */
  static boolean aggregatedForPeople(HasMetadata item) {
    return item.getMetadata().getLabels() != null
        && item.getMetadata().getLabels().keySet().stream()
            .anyMatch(label -> label.startsWith("rbac.authorization.k8s.io/aggregate-to-"));
  }

  /** The operator's own RBAC objects of what was applied. */
  List<HasMetadata> operatorRbac() {
    return applied.stream().filter(item -> !aggregatedForPeople(item)).toList();
  }

  /** Renders the chart as release {@code namespace} into {@code namespace} and applies its RBAC. */
  static ChartServiceAccount install(TestStack stack, String namespace, String values) {
    KubernetesClient admin = stack.kubernetes();
    List<HasMetadata> rbac =
        HelmChart.locate().render(admin, namespace, namespace, values).stream()
            .filter(item -> RBAC_KINDS.contains(item.getKind()))
            .toList();
    String serviceAccount =
        rbac.stream()
            .filter(item -> item.getKind().equals("ServiceAccount"))
            .map(item -> item.getMetadata().getName())
            .findFirst()
            .orElseThrow(() -> new AssertionError("the chart rendered no ServiceAccount"));
    for (HasMetadata item : rbac) {
      admin.resource(item).fieldManager("helm").forceConflicts().serverSideApply();
    }
    return new ChartServiceAccount(stack, namespace, serviceAccount, rbac);
  }

  String namespace() {
    return namespace;
  }

  String name() {
    return name;
  }

  String username() {
    return "system:serviceaccount:" + namespace + ":" + name;
  }

  List<HasMetadata> applied() {
    return applied;
  }

  /** A client that impersonates the ServiceAccount (user and groups), through the admin token. */
  KubernetesClient impersonatingClient() {
    Config config = adminConfig();
    config.setImpersonateUsername(username());
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * A kubeconfig that authenticates as the ServiceAccount itself, with a token from the
   * TokenRequest API (what the kubelet mounts into the pod).
   */
  Path tokenKubeconfig(Path file) {
    String token =
        stack
            .kubernetes()
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(name)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    try {
      String admin = Files.readString(stack.localStack().kubeconfig());
      Matcher line = Pattern.compile("(?m)^(\\s+token: ).*$").matcher(admin);
      if (!line.find()) {
        throw new AssertionError("no token in " + stack.localStack().kubeconfig());
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, line.replaceFirst("$1" + Matcher.quoteReplacement(token)));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes what is cluster-scoped (namespaced objects go with the test's namespace). */
  void deleteClusterScoped() {
    for (HasMetadata item : applied) {
      if (item.getKind().startsWith("Cluster")) {
        stack.kubernetes().resource(item).delete();
      }
    }
  }

  private Config adminConfig() {
    try {
      return Config.fromKubeconfig(Files.readString(stack.localStack().kubeconfig()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
