package io.s3posture.bench;

import io.s3posture.testing.OperatorJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM as the chart runs the operator: the chart's {@code jvmOptions} in a container of the
 * chart's memory limit ({@code -XX:MaxRAM}, which sizes the heap as the container would), both read
 * from the chart's values.yaml, and the image's class data sharing archive built here as the
 * Dockerfile builds it.
 */
final class ChartJvm {

  private static final Path VALUES = Path.of("helm", "s3-posture-operator", "values.yaml");

  private final String values;

  private ChartJvm(String values) {
    this.values = values;
  }

  /** From the repository root (exec:java) or the operator module (tests). */
  static ChartJvm read() {
    try {
      return new ChartJvm(Files.readString(root().resolve(VALUES)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The chart's flags and -XX:MaxRAM of its memory limit, without the image's archive (the JDK's
   * own class data sharing).
   */
  List<String> options() {
    List<String> options = new ArrayList<>();
    for (String option : value("jvmOptions").split("\\s+")) {
      if (!option.startsWith("-XX:SharedArchiveFile=")) {
        options.add(option);
      }
    }
    options.add("-XX:MaxRAM=" + memoryLimit().replace("Mi", "m").replace("Gi", "g"));
    return options;
  }

  /** The same with the image's archive, dumped into {@code work} from the committed class list. */
  List<String> optionsWithArchive(Path work) throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(options());
    options.add("-XX:SharedArchiveFile=" + dumpArchive(work));
    return options;
  }

  private static Path dumpArchive(Path work) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path archive = work.resolve("s3-posture-operator.jsa");
    Path classList = root().resolve("operator/src/main/cds/s3-posture-operator.classlist");
    Process dump =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList.toAbsolutePath(),
                "-XX:SharedArchiveFile=" + archive,
                "-cp",
                OperatorJar.require().toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("cds-dump.log").toFile())
            .start();
    if (dump.waitFor() != 0) {
      throw new IllegalStateException("archive dump failed: see " + work.resolve("cds-dump.log"));
    }
    return archive;
  }

  /** resources.limits.memory, as written in the chart (e.g. 512Mi). */
  String memoryLimit() {
    Matcher m = Pattern.compile("(?m)^  limits:\\s*\\n\\s+memory:\\s*(\\S+)").matcher(values);
    if (!m.find()) {
      throw new IllegalStateException("resources.limits.memory not found in " + VALUES);
    }
    return m.group(1);
  }

  private static Path root() {
    return Files.isDirectory(Path.of("helm")) ? Path.of(".") : Path.of("..");
  }

  private String value(String key) {
    Matcher m = Pattern.compile("(?m)^" + key + ":\\s*\"([^\"]*)\"").matcher(values);
    if (!m.find()) {
      throw new IllegalStateException(key + " not found in " + VALUES);
    }
    return m.group(1).trim();
  }
}
