package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.install.OperatorProcess;
import io.s3posture.localstack.LocalStack;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * Part of {@code make bench-isolation}: the operator process (the shaded jar) with the chart's JVM
 * options in a container of the chart's memory limit ({@code -XX:MaxRAM}), a healthy policy and the
 * 50 failing policies of the isolation benchmark: its resident memory (RSS, sampled), the JVM's own
 * account of native memory (NMT), and how many log lines it writes per minute. Usage:
 * FootprintBenchmark [minutes] (default 5).
 */
public final class FootprintBenchmark {

  private static final Path CHART_VALUES = Path.of("helm", "s3-posture-operator", "values.yaml");

  private FootprintBenchmark() {}

  public static void main(String[] args) throws Exception {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path root = Files.isDirectory(Path.of("helm")) ? Path.of(".") : Path.of("..");
    String values = Files.readString(root.resolve(CHART_VALUES));
    List<String> jvm =
        new ArrayList<>(Arrays.asList(chartValue(values, "jvmOptions").split("\\s+")));
    String limit = memoryLimit(values);
    jvm.add("-XX:MaxRAM=" + limit.replace("Mi", "m").replace("Gi", "g"));
    jvm.add("-XX:NativeMemoryTracking=summary");
    try (TestStack stack =
            new TestStack(
                LocalStack.start(Path.of("target", "bench-footprint-stack").toAbsolutePath()));
        FaultProxy denyingSts = FaultProxy.start(stack.moto().endpoint());
        FaultProxy silent = FaultProxy.start(stack.moto().endpoint())) {
      denyingSts.addRule(FaultRule.accessDenied().onOperation("sts:AssumeRole"));
      silent.addRule(FaultRule.latency(Duration.ofSeconds(30)));
      String namespace = stack.createNamespace("footprint");
      String prefix = TestStack.uniqueBucketName("healthy");
      String otherPrefix = TestStack.uniqueBucketName("other");
      List<String> others =
          IntStream.range(0, FailingPolicies.COUNT).mapToObj(i -> otherPrefix + "-" + i).toList();
      IntStream.range(0, 50).forEach(i -> stack.s3().createBucket(r -> r.bucket(prefix + "-" + i)));
      others.forEach(b -> stack.s3().createBucket(r -> r.bucket(b)));
      Path logs = Path.of("target", "bench-footprint").toAbsolutePath();
      Map<String, String> settings =
          Map.of(
              "S3POSTURE_WATCH_NAMESPACES",
              namespace,
              "S3POSTURE_ACCOUNT_POLICIES",
              "false",
              "S3POSTURE_DEFAULT_ENDPOINT",
              stack.moto().endpoint().toString(),
              "AWS_ACCESS_KEY_ID",
              "bench",
              "AWS_SECRET_ACCESS_KEY",
              "bench",
              "AWS_REGION",
              TestStack.REGION);
      System.out.printf(Locale.ROOT, "JVM options: %s%n", String.join(" ", jvm));
      try (OperatorProcess operator =
          OperatorProcess.start(
              "footprint", stack.localStack().kubeconfig(), settings, logs, jvm, List.of())) {
        Policies policies = new Policies(stack.kubernetes(), null);
        BucketPolicy healthy =
            policies.apply(
                Policies.manifest(
                    namespace,
                    "healthy",
                    """
                    resyncInterval: 30s
                    buckets:
                      selector: {namePatterns: ["%s-*"]}
                    enforcement: {maxBucketsChangedPerCheck: 1000} # the whole fleet in one check
                    controls:
                      versioning: {}
                      publicAccessBlock: {}
                      encryption: {algorithm: SSE-S3}
                      websiteDisabled: {}
                    """
                        .formatted(prefix)));
        List<BucketPolicy> failing =
            FailingPolicies.apply(policies, namespace, others, denyingSts, silent);
        Awaitility.await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> policies.get(healthy),
                p ->
                    p.getStatus() != null
                        && p.getStatus().buckets() != null
                        && p.getStatus().buckets().compliant() == 50);
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

  private static String chartValue(String values, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + ":\\s*\"([^\"]*)\"").matcher(values);
    if (!m.find()) {
      throw new IllegalStateException(key + " not found in " + CHART_VALUES);
    }
    return m.group(1).trim();
  }

  private static String memoryLimit(String values) {
    Matcher m = Pattern.compile("(?m)^  limits:\\s*\\n\\s+memory:\\s*(\\S+)").matcher(values);
    if (!m.find()) {
      throw new IllegalStateException("resources.limits.memory not found in " + CHART_VALUES);
    }
    return m.group(1);
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
