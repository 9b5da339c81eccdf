package io.s3posture.bench;

import io.s3posture.testing.OperatorJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as the chart runs it, for measuring: the shaded jar in its own JVM with the heap of
 * a 512Mi pod (the chart's MaxRAMPercentage=75), talking to the benchmark's S3 endpoint. Reads its
 * CPU time and resident memory from /proc, its metrics from /metrics.
 */
final class BenchOperator implements AutoCloseable {

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private BenchOperator(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static BenchOperator start(
      Path kubeconfig, URI s3, Map<String, String> settings, List<String> jvm, Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar().toString(), "run"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("S3POSTURE_") || key.equals("JAVA_TOOL_OPTIONS"));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("S3POSTURE_MANAGEMENT_PORT", Integer.toString(port));
    env.put("S3POSTURE_DEFAULT_ENDPOINT", s3.toString());
    env.put("S3POSTURE_ACCOUNT_POLICIES", "false");
    env.put("S3POSTURE_LOG_LEVEL", "WARN");
    env.put("MALLOC_ARENA_MAX", "2"); // as the image sets it
    env.put("AWS_ACCESS_KEY_ID", "bench");
    env.put("AWS_SECRET_ACCESS_KEY", "bench");
    env.put("AWS_REGION", "us-east-1");
    env.putAll(settings);
    try {
      Files.createDirectories(log.getParent());
      return new BenchOperator(
          builder.redirectErrorStream(true).redirectOutput(log.toFile()).start(), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shaded jar, from the operator module (tests) or the repository root (exec:java). */
  private static Path jar() {
    Path fromRoot = Path.of("operator").resolve(OperatorJar.PATH);
    return Files.isRegularFile(fromRoot) ? fromRoot.toAbsolutePath() : OperatorJar.require();
  }

  long pid() {
    return process.pid();
  }

  boolean healthy() {
    try {
      return get("/healthz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  String scrape() throws IOException {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new IOException("/metrics answered " + response.statusCode());
    }
    return response.body();
  }

  /** User + system CPU seconds of the process so far. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime field 15
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** Resident set size in MiB. */
  double rssMiB() throws IOException {
    return statusMiB("VmRSS");
  }

  /** The highest resident memory since the process started: what a container's limit meets. */
  double peakRssMiB() throws IOException {
    return statusMiB("VmHWM");
  }

  private double statusMiB(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    throw new IOException("no " + field);
  }

  /** The live heap: a full GC (jcmd GC.run), then the heap in use as the JVM's metrics say. */
  double heapAfterGcMiB() throws IOException, InterruptedException {
    Process gc =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()),
                "GC.run")
            .redirectErrorStream(true)
            .start();
    gc.getInputStream().readAllBytes();
    gc.waitFor(60, TimeUnit.SECONDS);
    double bytes = 0;
    for (String line : scrape().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return bytes / 1024 / 1024;
  }

  /** Committed memory by area (MiB), when the JVM tracks native memory. */
  Optional<String> nativeMemory() throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()),
                "VM.native_memory",
                "summary",
                "scale=MB")
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    if (!out.contains("committed=")) {
      return Optional.empty();
    }
    StringBuilder summary = new StringBuilder("committed MiB:");
    Matcher area =
        Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+MB, committed=(\\d+)MB\\)")
            .matcher(out);
    while (area.find()) {
      if (Integer.parseInt(area.group(2)) > 0) {
        summary.append(' ').append(area.group(1).trim()).append('=').append(area.group(2));
      }
    }
    Matcher total = Pattern.compile("Total: reserved=\\d+MB, committed=(\\d+)MB").matcher(out);
    if (total.find()) {
      summary.append(" total=").append(total.group(1));
    }
    return Optional.of(summary.toString());
  }

  /**
   * The sum of the samples of {@code metric} whose label set contains every one of {@code labels}.
   */
  static double sum(String scrape, String metric, String... labels) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
        boolean all = true;
        for (String label : labels) {
          all &= line.contains(label);
        }
        if (all) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return sum;
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(30))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
