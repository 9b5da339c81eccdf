package io.s3posture.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.s3posture.metrics.ProcessMetrics;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code run}: the operator process, against the current kubeconfig or in-cluster config. */
public final class OperatorCommand {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

  private OperatorCommand() {}

  public static void main(String[] args) {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMetrics.bindTo(registry);

    KubernetesClient client = new KubernetesClientBuilder().build();
    PostureOperator operator = new PostureOperator(client, config, registry, Clock.systemUTC());
    ManagementServer management =
        new ManagementServer(config.managementPort(), registry, operator::isLive, operator::isReady)
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
                  operator.close();
                  management.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    LOG.info(
        "starting: management port {}, namespaces {}, leader election {}",
        management.port(),
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.leaderElection());
    operator.start();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
