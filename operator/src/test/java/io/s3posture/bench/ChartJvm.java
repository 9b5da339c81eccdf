package io.s3posture.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM as the chart runs the operator: the chart's {@code jvmOptions} in a container of the
 * chart's memory limit ({@code -XX:MaxRAM}, which sizes the heap and picks the collector as the
 * container would), both read from the chart's values.yaml.
 */
final class ChartJvm {

  private static final Path VALUES = Path.of("helm", "s3-posture-operator", "values.yaml");

  private final String values;

  private ChartJvm(String values) {
    this.values = values;
  }

  /** From the repository root (exec:java) or the operator module (tests). */
  static ChartJvm read() {
    Path root = Files.isDirectory(Path.of("helm")) ? Path.of(".") : Path.of("..");
    try {
      return new ChartJvm(Files.readString(root.resolve(VALUES)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chart's flags and -XX:MaxRAM of its memory limit. */
  List<String> options() {
    List<String> options = new ArrayList<>(Arrays.asList(value("jvmOptions").split("\\s+")));
    options.add("-XX:MaxRAM=" + memoryLimit().replace("Mi", "m").replace("Gi", "g"));
    return options;
  }

  /** resources.limits.memory, as written in the chart (e.g. 512Mi). */
  String memoryLimit() {
    Matcher m = Pattern.compile("(?m)^  limits:\\s*\\n\\s+memory:\\s*(\\S+)").matcher(values);
    if (!m.find()) {
      throw new IllegalStateException("resources.limits.memory not found in " + VALUES);
    }
    return m.group(1);
  }

  private String value(String key) {
    Matcher m = Pattern.compile("(?m)^" + key + ":\\s*\"([^\"]*)\"").matcher(values);
    if (!m.find()) {
      throw new IllegalStateException(key + " not found in " + VALUES);
    }
    return m.group(1).trim();
  }
}
