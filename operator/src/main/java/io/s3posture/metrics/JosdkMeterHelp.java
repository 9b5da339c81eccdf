package io.s3posture.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives java-operator-sdk's meters ({@code operator_sdk_*}) the help text Prometheus shows: JOSDK's
 * MicrometerMetrics registers them without descriptions, so the scrape had {@code # HELP} lines
 * with no text and {@code promtool check metrics} failed. Names and labels stay as JOSDK makes them
 * (dashboards and alerts read them). Install it before the operator registers its controllers.
 */
public final class JosdkMeterHelp implements MeterFilter {

  static final String PREFIX = "operator.sdk.";
  private static final String EXECUTIONS = "reconciliations.executions.";
  private static final String QUEUE_SIZE = "reconciliations.queue.size.";
  private static final String EXECUTION = "controllers.execution.";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith(PREFIX) || hasText(id.getDescription())) {
      return id;
    }
    return new Meter.Id(
        id.getName(),
        Tags.of(id.getTagsAsIterable()),
        id.getBaseUnit(),
        describe(id.getName().substring(PREFIX.length())),
        id.getType());
  }

  /** The help text of JOSDK's meter {@code operator.sdk.<name>}. */
  static String describe(String name) {
    if (name.startsWith(EXECUTIONS)) {
      return "Reconciliations of " + after(name, EXECUTIONS) + " running now (java-operator-sdk)";
    }
    if (name.startsWith(QUEUE_SIZE)) {
      return "Reconciliations of "
          + after(name, QUEUE_SIZE)
          + " started and not yet finished (java-operator-sdk)";
    }
    if (name.startsWith(EXECUTION)) {
      return execution(after(name, EXECUTION));
    }
    return switch (name) {
      case "reconciliations.started" ->
          "Reconciliations started, by resource kind; the reconciliations_retries_* labels"
              + " mark retries (java-operator-sdk)";
      case "reconciliations.success" ->
          "Reconciliations that finished without an exception (java-operator-sdk)";
      case "reconciliations.failed" ->
          "Reconciliations that ended with an exception, by exception (java-operator-sdk)";
      case "events.received" ->
          "Events received for the operator's resources, by event and action"
              + " (java-operator-sdk)";
      case "events.delete" ->
          "Deletions of the operator's resources that were processed (java-operator-sdk)";
      default ->
          name.endsWith(".size")
              ? "Entries in java-operator-sdk's " + name.substring(0, name.length() - 5)
              : "java-operator-sdk's " + name;
    };
  }

  /** {@code reconcile}, {@code reconcile.success}, {@code cleanup.failure}, ... */
  private static String execution(String name) {
    if (name.endsWith(".success")) {
      return "Controller "
          + name.substring(0, name.length() - ".success".length())
          + " executions that returned, by controller and result (java-operator-sdk)";
    }
    if (name.endsWith(".failure")) {
      return "Controller "
          + name.substring(0, name.length() - ".failure".length())
          + " executions that threw, by controller and exception (java-operator-sdk)";
    }
    return "Duration of the controller's " + name + " executions (java-operator-sdk)";
  }

  private static String after(String name, String prefix) {
    return name.substring(prefix.length());
  }

  private static boolean hasText(String description) {
    return description != null && !description.isBlank();
  }
}
