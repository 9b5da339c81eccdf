package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.TestStack;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The real operator, in-process, with nothing but the chart's RBAC: the chart's ServiceAccount and
 * roles are applied, and the operator's client impersonates that ServiceAccount.
 */
final class OperatorAsServiceAccount implements AutoCloseable {

  private final ChartServiceAccount serviceAccount;
  private final KubernetesClient client;
  private final OperatorUnderTest operator;

  private OperatorAsServiceAccount(
      ChartServiceAccount serviceAccount, KubernetesClient client, OperatorUnderTest operator) {
    this.serviceAccount = serviceAccount;
    this.client = client;
    this.operator = operator;
  }

  /**
   * Installs the chart's RBAC as release {@code release} with {@code values} and starts the
   * operator on the {@code watched} namespaces. AccountPolicies stay off: they are cluster-scoped,
   * and other test classes own theirs.
   */
  static OperatorAsServiceAccount start(
      TestStack stack, String release, String values, Set<String> watched) {
    return start(stack, release, values, watched, UnaryOperator.identity());
  }

  /** As above, with the operator's settings changed by {@code settings} (Reports on, say). */
  static OperatorAsServiceAccount start(
      TestStack stack,
      String release,
      String values,
      Set<String> watched,
      UnaryOperator<OperatorConfig> settings) {
    ChartServiceAccount serviceAccount = ChartServiceAccount.install(stack, release, values);
    KubernetesClient client = serviceAccount.impersonatingClient();
    try {
      return new OperatorAsServiceAccount(
          serviceAccount,
          client,
          OperatorUnderTest.start(
              stack,
              client,
              settings.apply(OperatorUnderTest.config(stack, watched, false, true))));
    } catch (RuntimeException e) {
      client.close();
      serviceAccount.deleteClusterScoped();
      throw e;
    }
  }

  ChartServiceAccount serviceAccount() {
    return serviceAccount;
  }

  /** The operator's own client: every call is made as the ServiceAccount. */
  KubernetesClient client() {
    return client;
  }

  OperatorUnderTest operator() {
    return operator;
  }

  /** Asserts that the ServiceAccount may, or may not, do what {@code access} describes. */
  void assertAccess(Access access, Map<String, String> namespaces) {
    assertThat(access.review(client, namespaces))
        .as("%s with %s for %s", access, namespaces, serviceAccount.username())
        .isEqualTo(access.allowed());
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      client.close();
      serviceAccount.deleteClusterScoped();
    }
  }
}
