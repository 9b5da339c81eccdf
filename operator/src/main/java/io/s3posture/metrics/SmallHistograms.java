package io.s3posture.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Keeps java-operator-sdk's timers small in the scrape: JOSDK publishes a percentile histogram
 * (about 70 buckets per controller) and client-side percentiles; here they get the few buckets of
 * the operator's own check duration instead, and no percentile gauges. Quantiles still come from
 * histogram_quantile. Install it before any meter is registered.
 */
public final class SmallHistograms implements MeterFilter {

  private static final String JOSDK_PREFIX = "operator.sdk.";

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    if (!id.getName().startsWith(JOSDK_PREFIX) || id.getType() != Meter.Type.TIMER) {
      return config;
    }
    double[] buckets = new double[PostureMetrics.RECONCILE_BUCKETS.length];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = (double) PostureMetrics.RECONCILE_BUCKETS[i].toNanos();
    }
    return DistributionStatisticConfig.builder()
        .percentilesHistogram(false)
        .percentiles()
        .serviceLevelObjectives(buckets)
        .build()
        .merge(config);
  }
}
