package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.install.OperatorProcess;
import io.s3posture.testing.Policies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Part of {@code make bench-isolation}: the operator process (the shaded jar) with the chart's JVM
 * options in a container of the chart's memory limit ({@code -XX:MaxRAM}), a healthy policy and the
 * 50 failing policies of the isolation benchmark: its resident memory (RSS, sampled), the JVM's own
 * account of native memory (NMT), and how many log lines it writes per minute. Usage:
 * FootprintBenchmark [minutes] (default 5).
 */
public final class FootprintBenchmark {

  private FootprintBenchmark() {}

  public static void main(String[] args) throws Exception {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ChartJvm chart = ChartJvm.read();
    List<String> jvm =
        new ArrayList<>(
            chart.optionsWithArchive(Path.of("target", "bench-footprint").toAbsolutePath()));
    String limit = chart.memoryLimit();
    jvm.add("-XX:NativeMemoryTracking=summary");
    try (IsolationScene scene = IsolationScene.start("bench-footprint-stack")) {
      Path logs = Path.of("target", "bench-footprint").toAbsolutePath();
      Map<String, String> settings =
          BenchSettings.operatorProcess(scene.namespace, scene.stack.moto().endpoint());
      System.out.printf(Locale.ROOT, "JVM options: %s%n", String.join(" ", jvm));
      try (OperatorProcess operator =
          OperatorProcess.start(
              "footprint", scene.stack.localStack().kubeconfig(), settings, logs, jvm, List.of())) {
        Policies policies = new Policies(scene.stack.kubernetes(), null);
        BucketPolicy healthy = policies.apply(scene.healthyManifest("30s"));
        List<BucketPolicy> failing = scene.applyFailing(policies);
        Awaitility.await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> policies.get(healthy),
                p ->
                    p.getStatus() != null
                        && p.getStatus().buckets() != null
                        && p.getStatus().buckets().compliant() == IsolationScene.HEALTHY_BUCKETS);
        FailingPolicies.awaitFailedOnce(policies, failing);
        long linesBefore = lines(operator.log(), null);
        long warnBefore = lines(operator.log(), " WARN ");
        long maxRss = 0;
        long samples = minutes * 12L;
        for (long i = 0; i < samples; i++) {
          TimeUnit.SECONDS.sleep(5); // sample the process as it runs
          maxRss = Math.max(maxRss, rssKib(operator.pid()));
        }
        long lines = lines(operator.log(), null) - linesBefore;
        long warns = lines(operator.log(), " WARN ") - warnBefore;
        String nmt = jcmd(operator.pid(), "VM.native_memory", "summary");
        System.out.printf(
            Locale.ROOT,
            "over %d min with 1 healthy and %d failing policies (resync 30 s):%n",
            minutes,
            FailingPolicies.COUNT);
        System.out.printf(
            Locale.ROOT,
            "  RSS max %d MiB (limit %s); NMT committed: total %s MiB, Java heap %s MiB,"
                + " thread %s MiB, class %s MiB, code %s MiB%n",
            maxRss / 1024,
            limit,
            committedMib(nmt, "Total"),
            committedMib(nmt, "Java Heap"),
            committedMib(nmt, "Thread"),
            committedMib(nmt, "Class"),
            committedMib(nmt, "Code"));
        System.out.printf(Locale.ROOT, "  threads: %s%n", threads(nmt));
        System.out.printf(
            Locale.ROOT,
            "  log: %.1f lines/min (%.1f WARN lines/min); log file %s%n",
            lines / (double) minutes,
            warns / (double) minutes,
            operator.log());
      }
    }
  }

  private static long lines(Path log, String containing) throws IOException {
    try (var stream = Files.lines(log)) {
      return stream.filter(l -> containing == null || l.contains(containing)).count();
    }
  }

  private static long rssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    return 0;
  }

  private static String jcmd(long pid, String... command) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(command));
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    process.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  /** "committed=NNNKB" of an NMT summary line, in MiB. */
  private static String committedMib(String nmt, String category) {
    Matcher m =
        Pattern.compile("(?m)^[-\\s]*" + Pattern.quote(category) + "[^\\n]*?committed=(\\d+)KB")
            .matcher(nmt);
    return m.find() ? Long.toString(Long.parseLong(m.group(1)) / 1024) : "?";
  }

  private static String threads(String nmt) {
    Matcher m = Pattern.compile("\\(thread #(\\d+)\\)").matcher(nmt);
    return m.find() ? m.group(1) : "?";
  }
}
