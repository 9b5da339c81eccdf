package io.s3posture.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The CPU meters under Prometheus' conventions, in place of Micrometer's ProcessorMetrics: the
 * process's CPU time in seconds as {@code process_cpu_seconds_total} (the name every Prometheus
 * client library exports; Micrometer's is {@code process_cpu_time_ns_total}, in nanoseconds), and
 * the processors available to the JVM as {@code system_cpus} (a gauge named {@code *_count}, as
 * Micrometer's {@code system_cpu_count}, reads as a histogram's count). {@code system_cpu_usage},
 * {@code process_cpu_usage} and {@code system_load_average_1m} keep Micrometer's names. {@code
 * promtool check metrics} rejects the two renamed ones.
 */
final class CpuMetrics implements MeterBinder {

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("system.cpus", Runtime.getRuntime(), Runtime::availableProcessors)
        .description(
            "The number of processors available to the Java virtual machine (in a container,"
                + " its CPU limit rounded up)")
        .register(registry);
    if (os.getSystemLoadAverage() >= 0) {
      Gauge.builder("system.load.average.1m", os, OperatingSystemMXBean::getSystemLoadAverage)
          .description(
              "The number of runnable entities queued to and running on the available processors,"
                  + " averaged over a minute")
          .register(registry);
    }
    if (os instanceof com.sun.management.OperatingSystemMXBean process) {
      Gauge.builder(
              "system.cpu.usage", process, com.sun.management.OperatingSystemMXBean::getCpuLoad)
          .description("The recent CPU usage of the system (or container) the JVM runs in, 0 to 1")
          .register(registry);
      Gauge.builder(
              "process.cpu.usage",
              process,
              com.sun.management.OperatingSystemMXBean::getProcessCpuLoad)
          .description("The recent CPU usage of the JVM process, 0 to 1")
          .register(registry);
      FunctionCounter.builder("process.cpu", process, CpuMetrics::cpuSeconds)
          .description("CPU time used by the JVM process, user and system")
          .baseUnit("seconds")
          .register(registry);
    }
  }

  private static double cpuSeconds(com.sun.management.OperatingSystemMXBean process) {
    long nanos = process.getProcessCpuTime();
    return nanos < 0 ? Double.NaN : nanos / 1e9;
  }
}
