package io.s3posture.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry behind the operator's /metrics: its filters installed before any meter registers
 * (small histograms, help text for java-operator-sdk's meters) and the JVM and process meters
 * bound, so that {@code promtool check metrics} passes on the scrape (MetricsLintIT).
 */
public final class OperatorMeterRegistry {

  private OperatorMeterRegistry() {}

  public static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new SmallHistograms()).meterFilter(new JosdkMeterHelp());
    ProcessMetrics.bindTo(registry);
    return registry;
  }
}
