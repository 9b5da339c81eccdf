package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.s3posture.api.v1alpha1.BucketPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The registry behind /metrics follows Prometheus' conventions: every family has help text (also
 * java-operator-sdk's, which registers none) and no name promtool rejects. java-operator-sdk's
 * MicrometerMetrics is driven through each of its callbacks that works without a registered
 * controller; its per-controller gauges and started counter need one, and MetricsLintIT checks them
 * on a running operator's scrape.
 */
class OperatorMeterRegistryTest {

  private static final BucketPolicy POLICY = policy();
  private static final ResourceID ID = ResourceID.fromResource(POLICY);
  private static final Map<String, Object> METADATA =
      Map.of(
          Constants.RESOURCE_GVK_KEY,
          GroupVersionKind.gvkFor(BucketPolicy.class),
          Constants.CONTROLLER_NAME,
          "bucketpolicy");

  @Test
  void everyFamilyHasHelpAndPromtoolFindsNothing() throws Exception {
    PrometheusMeterRegistry registry = OperatorMeterRegistry.create();
    driveJavaOperatorSdk(registry);
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "operator_sdk_controllers_execution_reconcile_seconds_bucket",
            "operator_sdk_controllers_execution_reconcile_success_total",
            "operator_sdk_controllers_execution_reconcile_failure_total",
            "operator_sdk_controllers_execution_cleanup_seconds_count",
            "operator_sdk_events_received_total",
            "operator_sdk_events_delete_total",
            "operator_sdk_reconciliations_success_total",
            "operator_sdk_reconciliations_failed_total",
            "operator_sdk_informers_size",
            "# HELP process_cpu_seconds_total ",
            "# HELP system_cpus ",
            "# HELP process_cpu_usage ",
            "# HELP jvm_memory_used_bytes ");
    assertThat(emptyHelp(scrape)).as("families without help text").isEmpty();
    assertThat(scrape)
        .as("Micrometer's names promtool rejects")
        .doesNotContain("process_cpu_time_ns_total", "system_cpu_count");
    Promtool.checkMetrics(scrape);
  }

  @Test
  void javaOperatorSdkAloneRegistersItsMetersWithoutHelp() throws Exception {
    PrometheusMeterRegistry plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    driveJavaOperatorSdk(plain);

    assertThat(emptyHelp(plain.scrape()))
        .as("what the filter is for")
        .contains(
            "operator_sdk_events_received_total", "operator_sdk_reconciliations_failed_total");
    assertThatThrownBy(() -> Promtool.checkMetrics(plain.scrape()))
        .as("promtool catches it")
        .hasMessageContaining("no help text");
  }

  @Test
  void helpNamesTheControllerAndTheExecution() {
    assertThat(JosdkMeterHelp.describe("reconciliations.queue.size.bucketpolicy"))
        .isEqualTo(
            "Reconciliations of bucketpolicy started and not yet finished (java-operator-sdk)");
    assertThat(JosdkMeterHelp.describe("reconciliations.executions.accountpolicy"))
        .isEqualTo("Reconciliations of accountpolicy running now (java-operator-sdk)");
    assertThat(JosdkMeterHelp.describe("controllers.execution.cleanup.failure"))
        .startsWith("Controller cleanup executions that threw");
    assertThat(JosdkMeterHelp.describe("controllers.execution.reconcile"))
        .isEqualTo("Duration of the controller's reconcile executions (java-operator-sdk)");
    assertThat(JosdkMeterHelp.describe("something.new"))
        .isEqualTo("java-operator-sdk's something.new");
  }

  /** Every callback of JOSDK's Metrics that needs no registered Controller, as JOSDK calls it. */
  private static void driveJavaOperatorSdk(PrometheusMeterRegistry registry) throws Exception {
    Metrics metrics = MicrometerMetrics.withoutPerResourceMetrics(registry);
    metrics.receivedEvent(new ResourceEvent(ResourceAction.ADDED, ID, POLICY), METADATA);
    metrics.timeControllerExecution(execution("reconcile", false));
    try {
      metrics.timeControllerExecution(execution("reconcile", true));
    } catch (Exception expected) {
      // counted as a failure
    }
    metrics.timeControllerExecution(execution("cleanup", false));
    metrics.finishedReconciliation(POLICY, METADATA);
    metrics.failedReconciliation(POLICY, new IllegalStateException("boom"), METADATA);
    metrics.cleanupDoneFor(ID, METADATA);
    metrics.monitorSizeOf(new ConcurrentHashMap<>(Map.of("a", 1)), "informers");
  }

  private static Metrics.ControllerExecution<String> execution(String name, boolean fails) {
    return new Metrics.ControllerExecution<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String controllerName() {
        return "bucketpolicy";
      }

      @Override
      public String successTypeName(String result) {
        return result;
      }

      @Override
      public ResourceID resourceID() {
        return ID;
      }

      @Override
      public Map<String, Object> metadata() {
        return METADATA;
      }

      @Override
      public String execute() {
        if (fails) {
          throw new IllegalStateException("reconcile failed");
        }
        return "status";
      }
    };
  }

  /** Families whose {@code # HELP} line has no text. */
  static List<String> emptyHelp(String scrape) {
    return scrape
        .lines()
        .filter(line -> line.startsWith("# HELP "))
        .map(line -> line.substring("# HELP ".length()).split(" ", 2))
        .filter(parts -> parts.length < 2 || parts[1].isBlank())
        .map(parts -> parts[0])
        .toList();
  }

  private static BucketPolicy policy() {
    BucketPolicy policy = new BucketPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("ns").build());
    return policy;
  }
}
