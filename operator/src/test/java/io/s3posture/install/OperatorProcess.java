package io.s3posture.install;

import io.s3posture.testing.OperatorJar;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The operator as a real process: {@code java -jar target/s3-posture-operator.jar run}, configured
 * by environment variables as the chart configures it, its output in a log file, its management
 * endpoint on a free port.
 */
public final class OperatorProcess implements AutoCloseable {

  private static final String RECONCILES = "s3posture_reconcile_duration_seconds_count";

  private final String name;
  private final Process process;
  private final int managementPort;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorProcess(String name, Process process, int managementPort, Path log) {
    this.name = name;
    this.process = process;
    this.managementPort = managementPort;
    this.log = log;
  }

  /**
   * The settings (environment) of an operator process against the local stack: watching {@code
   * namespace} with AccountPolicies off, AWS at {@code endpoint} with moto's test credentials and
   * two attempts per call. A mutable map: tests add leader election, shards, queues.
   */
  public static Map<String, String> settings(String namespace, URI endpoint) {
    Map<String, String> settings = new HashMap<>();
    settings.put("S3POSTURE_WATCH_NAMESPACES", namespace);
    settings.put("S3POSTURE_ACCOUNT_POLICIES", "false");
    settings.put("S3POSTURE_DEFAULT_ENDPOINT", endpoint.toString());
    settings.put("S3POSTURE_AWS_MAX_ATTEMPTS", "2");
    settings.put("AWS_ACCESS_KEY_ID", "test");
    settings.put("AWS_SECRET_ACCESS_KEY", "test");
    settings.put("AWS_REGION", TestStack.REGION);
    return settings;
  }

  /**
   * Starts the jar with {@code POD_NAME=name}, the given kubeconfig and settings; every other
   * inherited {@code S3POSTURE_*} variable is removed.
   */
  public static OperatorProcess start(
      String name, Path kubeconfig, Map<String, String> settings, Path logDirectory) {
    return start(name, kubeconfig, settings, logDirectory, List.of());
  }

  /** As above, with options after {@code run} (what the chart's extraArgs add). */
  public static OperatorProcess start(
      String name,
      Path kubeconfig,
      Map<String, String> settings,
      Path logDirectory,
      List<String> options) {
    return start(
        name,
        kubeconfig,
        settings,
        logDirectory,
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
        options);
  }

  /** As above, with these JVM options (the chart's {@code jvmOptions}, for instance). */
  public static OperatorProcess start(
      String name,
      Path kubeconfig,
      Map<String, String> settings,
      Path logDirectory,
      List<String> jvmOptions,
      List<String> options) {
    int port = freePort();
    Path log = logDirectory.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", OperatorJar.require().toString(), "run"));
    command.addAll(options);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("S3POSTURE_") || key.equals("JAVA_TOOL_OPTIONS"));
    env.put("MALLOC_ARENA_MAX", "2"); // as the image sets it
    env.putAll(settings);
    env.put("POD_NAME", name);
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("S3POSTURE_MANAGEMENT_PORT", Integer.toString(port));
    try {
      Files.createDirectories(logDirectory);
      Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new OperatorProcess(name, process, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** GET /healthz answered 200. */
  public boolean isHealthy() {
    try {
      return get("/healthz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** GET /readyz answered 200. */
  public boolean isReady() {
    try {
      return get("/readyz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** GET /metrics, the Prometheus text. */
  public String metrics() throws IOException {
    return get("/metrics").body();
  }

  /** Completed reconciles (all kinds) as /metrics reports them; 0 before the first. */
  public long reconciles() throws IOException {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new IOException(name + " /metrics answered " + response.statusCode());
    }
    double sum = 0;
    for (String line : response.body().split("\n")) {
      if (line.startsWith(RECONCILES + "{") || line.startsWith(RECONCILES + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  /**
   * The sum of the samples of {@code metric} whose labels contain {@code labels} (e.g. {@code
   * queue="q"}), as /metrics reports them; empty when there is no such series.
   */
  OptionalDouble metric(String metric, String labels) throws IOException {
    double sum = 0;
    boolean found = false;
    for (String line : scrape().split("\n")) {
      if (line.startsWith(metric + "{") && line.contains(labels)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  /** Completed checks of one BucketPolicy by this process; 0 when it never checked it. */
  long policyChecks(String namespace, String policy) throws IOException {
    String namespaceLabel = "namespace=\"" + namespace + "\"";
    String policyLabel = "policy=\"" + policy + "\"";
    for (String line : scrape().split("\n")) {
      if (line.startsWith("s3posture_policy_checks_total{")
          && line.contains("kind=\"BucketPolicy\"")
          && line.contains(namespaceLabel)
          && line.contains(policyLabel)) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private String scrape() throws IOException {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new IOException(name + " /metrics answered " + response.statusCode());
    }
    return response.body();
  }

  /**
   * Kills the process at once (SIGKILL, as {@code kill -9} or the OOM killer): no shutdown hook.
   */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process as the kubelet does (SIGTERM), then kills it if it lingers. */
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", port " + managementPort + ", log " + log + ")";
  }

  private HttpResponse<String> get(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
