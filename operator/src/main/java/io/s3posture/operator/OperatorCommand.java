package io.s3posture.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.s3posture.metrics.OperatorMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code run}: the operator process, against the current kubeconfig or in-cluster config. */
public final class OperatorCommand {

  private OperatorCommand() {}

  /**
   * Settings come from the environment and from options ({@code --bucket-concurrency=16}, see
   * {@link OperatorArguments}); logging starts only after they are applied, so that {@code
   * --log-level} and {@code --log-format} take effect.
   */
  public static void main(String[] args) {
    OperatorConfig config;
    try {
      config = configure(args);
    } catch (IllegalArgumentException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logger log = LoggerFactory.getLogger(OperatorCommand.class);
    PrometheusMeterRegistry registry = OperatorMeterRegistry.create();

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
                  log.info("stopping");
                  operator.close();
                  management.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    log.info(
        "starting: management port {}, namespaces {}, {}, leader election {}",
        management.port(),
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.shard(),
        config.leaderElection() ? "on (Lease " + config.leaseName() + ")" : "off");
    operator.start();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static OperatorConfig configure(String... args) {
    Map<String, String> options = OperatorArguments.parse(args);
    OperatorArguments.Settings settings = new OperatorArguments.Settings(System.getenv(), options);
    LogSettings.validate(settings);
    OperatorConfig config = OperatorConfig.fromEnvironment(settings);
    Set<String> unknown = settings.unread(options);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown option(s) "
              + String.join(", ", new TreeSet<>(unknown))
              + ": each option sets one of the operator's S3POSTURE_* settings (README,"
              + " Configuration)");
    }
    // logback reads these two itself, and looks at system properties before the environment
    for (String name : List.of(LogSettings.LEVEL, LogSettings.FORMAT)) {
      if (options.containsKey(name)) {
        System.setProperty(name, options.get(name));
      }
    }
    return config;
  }
}
