package io.s3posture.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** One run of {@code audit}: in this JVM with captured streams, or the real jar as a process. */
record AuditRun(int exitCode, String stdout, String stderr) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static AuditRun inProcess(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode =
        AuditCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new AuditRun(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs {@code java -jar target/s3-posture-operator.jar audit ARGS} with only {@code env} (plus
   * PATH and an empty HOME), so no credentials leak in from this machine.
   */
  static AuditRun jar(Map<String, String> env, String... args) {
    Path jar = Path.of("target", "s3-posture-operator.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: failsafe runs after package");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.add("audit");
    command.addAll(List.of(args));
    try {
      Path run = Files.createTempDirectory("audit-run");
      try {
        Path home = Files.createDirectory(run.resolve("home"));
        Path out = run.resolve("stdout");
        Path err = run.resolve("stderr");
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("HOME", home.toString());
        // no instance metadata lookups: a missing credential fails at once
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("audit did not finish in 120 s: " + command);
        }
        return new AuditRun(process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        deleteRecursively(run);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  JsonNode json() {
    try {
      return JSON.readTree(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + stdout + "\nstderr: " + stderr, e);
    }
  }

  /** From the JSON report: the bucket's entry. */
  JsonNode bucket(String name) {
    return StreamSupport.stream(json().path("buckets").spliterator(), false)
        .filter(b -> b.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bucket " + name + " in " + stdout));
  }

  /** From the JSON report: one check of the bucket. */
  JsonNode check(String bucket, String check) {
    return StreamSupport.stream(bucket(bucket).path("checks").spliterator(), false)
        .filter(c -> c.path("id").asText().equals(check))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + check + " of " + bucket));
  }

  /** From the JSON report: the status (pass, fail, error) of each check of the bucket. */
  Map<String, String> statuses(String bucket) {
    Map<String, String> statuses = new LinkedHashMap<>();
    bucket(bucket)
        .path("checks")
        .forEach(check -> statuses.put(check.path("id").asText(), check.path("status").asText()));
    return statuses;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
  }
}
