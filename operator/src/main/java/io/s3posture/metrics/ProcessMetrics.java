package io.s3posture.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/** The JVM and process meters (jvm_*, process_*, system_*) next to the operator's own. */
public final class ProcessMetrics {

  private ProcessMetrics() {}

  /** Binds them for the life of the process (GC notifications are listened to until exit). */
  @SuppressWarnings("resource")
  public static void bindTo(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new CpuMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }
}
