package io.s3posture.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.LocalStack;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * {@code make bench}: the operator at fleet scale. The real kube-apiserver and etcd hold the
 * policies; S3 is {@link FleetS3Stub} (moto's answers for a bucket the operator made compliant,
 * served for every bucket of the fleet after a fixed latency, listed in pages of 1,000), because
 * moto serves ~130 requests/s on a shared 2-core machine and a cycle of 10,000 buckets with every
 * control is 100,000 reads. The operator runs as the chart runs it: the shaded jar in its own JVM
 * with the chart's JVM flags and memory limit (values.yaml) and default settings (32 checks at
 * once, 16 per account).
 *
 * <p>For each fleet size, policy count (one policy selecting the fleet, or a hundred selecting a
 * hundredth each) and control set (three, or all eleven): the first check of new policies, then the
 * steady-state cycle their resync interval starts (cycle time and buckets/s as S3 saw them, AWS
 * requests per bucket with the listing pages, CPU seconds of the operator process, resident memory,
 * live heap after a full GC, the series and size of a /metrics scrape). Then the latency of a small
 * policy's check while a policy of the whole fleet is being checked, and the series a 1 % drift
 * adds.
 *
 * <p>Usage: ReconcileBenchmark [--sizes 1000,5000,10000] [--policies 1,100] [--controls 3,all]
 * [--latency-ms 25] [--no-fairness] [--no-drift] [--jfr] [--jvm "-XX:Flag ..."] (with
 * -XX:NativeMemoryTracking=summary the committed memory by area is printed after each cycle)
 */
public final class ReconcileBenchmark {

  private static final int ACCOUNT_CONCURRENCY = 16;
  private final TestStack stack;
  private final Duration latency;
  private final Path work;
  private final List<String> rows = new ArrayList<>();

  private ReconcileBenchmark(TestStack stack, Duration latency, Path work) {
    this.stack = stack;
    this.latency = latency;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    List<Integer> sizes = ints(options.getOrDefault("sizes", "1000,5000,10000"));
    List<Integer> policyCounts = ints(options.getOrDefault("policies", "1,100"));
    List<String> controlSets = List.of(options.getOrDefault("controls", "3,all").split(","));
    Duration latency = Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "25")));
    Path work = Path.of("target", "bench").toAbsolutePath();
    Files.createDirectories(work);
    try (TestStack stack = new TestStack(LocalStack.start(work.resolve("stack")))) {
      long started = System.nanoTime();
      TemplateBucket template = TemplateBucket.create(stack);
      System.out.printf(
          Locale.ROOT,
          "template bucket made compliant by the operator on moto in %.1f s%n",
          seconds(started));
      ReconcileBenchmark bench = new ReconcileBenchmark(stack, latency, work);
      bench.header();
      for (int size : sizes) {
        List<String> fleet = fleet(size);
        try (FleetS3Stub s3 = new FleetS3Stub(template, fleet, latency);
            BenchOperator operator =
                BenchOperator.start(
                    stack.localStack().kubeconfig(),
                    s3.endpoint(),
                    Map.of(),
                    jvm(options, work, size),
                    work.resolve("operator-" + size + ".log"))) {
          await("the operator is healthy", Duration.ofMinutes(2), operator::healthy);
          for (String controls : controlSets) {
            for (int policies : policyCounts) {
              bench.cycle(s3, operator, size, policies, "all".equals(controls));
            }
          }
          if (!options.containsKey("no-drift")) {
            bench.drift(s3, operator, size);
          }
          if (!options.containsKey("no-fairness")) {
            bench.fairness(s3, operator, size);
          }
        }
      }
      Files.write(work.resolve("results.md"), bench.rows);
      System.out.println("\n" + String.join("\n", bench.rows));
    }
  }

  /** One fleet size, policy count and control set: first check, then a steady-state cycle. */
  private void cycle(FleetS3Stub s3, BenchOperator operator, int size, int policies, boolean all)
      throws Exception {
    int reads = all ? 10 : 3;
    String namespace = stack.createNamespace("bench");
    // long enough that the interval's cycle starts after the first check is done
    double waiting = (double) size * reads * latency.toMillis() / 1000 / ACCOUNT_CONCURRENCY;
    double computing = size * reads * 0.0015; // ~1 ms of CPU per AWS call, and a margin
    long interval = Math.max(30, (long) (2 * Math.max(waiting, computing)) + 30);
    List<String> names = new ArrayList<>();
    s3.resetCounts();
    double cpuBefore = operator.cpuSeconds();
    long started = System.nanoTime();
    for (int p = 0; p < policies; p++) {
      String name = String.format("fleet-%03d", p);
      names.add(name);
      String pattern = policies == 1 ? "fleet-*" : String.format("fleet-%02d-*", p);
      apply(
          namespace,
          name,
          interval + "s",
          "buckets:\n  selector: {namePatterns: [\"" + pattern + "\"]}\n",
          all);
    }
    awaitChecks(operator, namespace, names, 1, Duration.ofSeconds(interval + 600));
    double first = seconds(started);
    Map<String, Long> firstCounts = s3.counts();
    double firstCpu = operator.cpuSeconds() - cpuBefore;

    s3.resetCounts();
    double cpu = operator.cpuSeconds();
    awaitChecks(operator, namespace, names, 2, Duration.ofSeconds(2 * interval + 600));
    double cycleCpu = operator.cpuSeconds() - cpu;
    Map<String, Long> counts = s3.counts();
    double busy = s3.busy().toMillis() / 1000.0;
    long pages = counts.getOrDefault("ListBuckets", 0L);
    long requests = counts.values().stream().mapToLong(Long::longValue).sum();
    String scrape = operator.scrape();
    double rss = operator.rssMiB();
    double peakRss = operator.peakRssMiB();
    double heap = operator.heapAfterGcMiB();
    long series = scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
    long own = scrape.lines().filter(l -> l.startsWith("s3posture_")).count();
    row(
        "| %,d | %d | %s | %.0f s (%d pages) | %.1f s | %.0f | %.2f (%d pages) | %.1f s (%.2f cores at 10 min) | %.0f MiB (peak %.0f) | %.0f MiB | %,d (%,d s3posture_) | %.0f KB |",
        size,
        policies,
        all ? "all 11" : "3",
        first,
        firstCounts.getOrDefault("ListBuckets", 0L),
        busy,
        size / busy,
        (double) requests / size,
        pages,
        cycleCpu,
        cycleCpu / 600,
        rss,
        peakRss,
        heap,
        series,
        own,
        scrape.length() / 1024.0);
    System.out.printf(
        Locale.ROOT,
        "    first check: %.1f s CPU, requests %s; steady cycle: requests %s%n",
        firstCpu,
        firstCounts,
        counts);
    operator.nativeMemory().ifPresent(summary -> System.out.println("    " + summary));
    delete(namespace, operator);
  }

  /** Series of one Audit policy over the whole fleet with 1 % of the buckets drifted. */
  private void drift(FleetS3Stub s3, BenchOperator operator, int size) throws Exception {
    String namespace = stack.createNamespace("drift");
    Set<String> drifted = new HashSet<>();
    List<String> fleet = fleet(size);
    for (int i = 0; i < size; i += 100) {
      drifted.add(fleet.get(i));
    }
    s3.drift(drifted);
    applyAudit(namespace, "drift");
    awaitChecks(operator, namespace, List.of("drift"), 1, Duration.ofMinutes(30));
    String scrape = operator.scrape();
    long since =
        scrape
            .lines()
            .filter(l -> l.startsWith("s3posture_bucket_drift_since_timestamp_seconds{"))
            .count();
    row(
        "drift: %,d buckets, one Audit policy, all controls, %,d drifted (versioning): %,d s3posture_ series (%,d of them drift-since), %,d series in all, scrape %.0f KB",
        size,
        drifted.size(),
        scrape.lines().filter(l -> l.startsWith("s3posture_")).count(),
        since,
        scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count(),
        scrape.length() / 1024.0);
    delete(namespace, operator);
  }

  /** A small policy's check while a policy of the whole fleet is being checked. */
  private void fairness(FleetS3Stub s3, BenchOperator operator, int size) throws Exception {
    String namespace = stack.createNamespace("fair");
    s3.resetCounts();
    long started = System.nanoTime();
    apply(
        namespace,
        "whole-fleet",
        "1h",
        "buckets:\n  selector: {namePatterns: [\"fleet-*\"]}\n",
        true);
    long progress = size * 10L / 5;
    await(
        "a fifth of the big policy's reads",
        Duration.ofMinutes(30),
        () -> s3.counts().values().stream().mapToLong(Long::longValue).sum() >= progress);
    List<String> solo = IntStream.range(0, 5).mapToObj(i -> "solo-" + i).toList();
    double own = timeToCheck(operator, namespace, "small-own", solo);
    List<String> fleet = fleet(size);
    List<String> shared = fleet.subList(fleet.size() - 5, fleet.size());
    double sharing = timeToCheck(operator, namespace, "small-shared", shared);
    double requested = timeToCheckNow(operator, namespace, "small-own");
    double bigProgress = 100.0 * s3.counts().getOrDefault("versioning", 0L) / size;
    row(
        "fairness: %,d buckets, a policy of all of them (all controls) %.0f %% checked after %.0f s: a new 5-bucket policy checked in %.1f s, a new policy of 5 of the big one's last buckets in %.1f s, a requested check (check-now) of the small one in %.1f s",
        size, bigProgress, seconds(started), own, sharing, requested);
    delete(namespace, operator);
  }

  private double timeToCheck(
      BenchOperator operator, String namespace, String name, List<String> buckets)
      throws Exception {
    long start = System.nanoTime();
    apply(namespace, name, "1h", "buckets:\n  names: [" + String.join(", ", buckets) + "]\n", true);
    awaitChecks(
        operator, namespace, List.of(name), 1, Duration.ofMinutes(10), Duration.ofMillis(100));
    return seconds(start);
  }

  private double timeToCheckNow(BenchOperator operator, String namespace, String name)
      throws Exception {
    long before = checks(operator.scrape(), namespace, name);
    long start = System.nanoTime();
    new Policies(stack.kubernetes(), null)
        .requestCheck(
            stack
                .kubernetes()
                .resources(BucketPolicy.class)
                .inNamespace(namespace)
                .withName(name)
                .get());
    awaitChecks(
        operator,
        namespace,
        List.of(name),
        before + 1,
        Duration.ofMinutes(10),
        Duration.ofMillis(100));
    return seconds(start);
  }

  private void apply(String namespace, String name, String interval, String buckets, boolean all) {
    new Policies(stack.kubernetes(), null)
        .apply(
            Policies.manifest(
                namespace,
                name,
                "mode: Enforce\nresyncInterval: "
                    + interval
                    + "\n"
                    + buckets
                    + TemplateBucket.controls(all)));
  }

  private void applyAudit(String namespace, String name) {
    new Policies(stack.kubernetes(), null)
        .apply(
            Policies.manifest(
                namespace,
                name,
                "mode: Audit\nresyncInterval: 1h\nbuckets:\n  selector: {namePatterns: [\"fleet-*\"]}\n"
                    + TemplateBucket.controls(true)));
  }

  private void delete(String namespace, BenchOperator operator) throws Exception {
    KubernetesClient client = stack.kubernetes();
    client.resources(BucketPolicy.class).inNamespace(namespace).delete();
    await(
        "the operator forgets the deleted policies",
        Duration.ofMinutes(5),
        () -> {
          try {
            return operator
                .scrape()
                .lines()
                .noneMatch(l -> l.contains("namespace=\"" + namespace + "\""));
          } catch (IOException e) {
            return false;
          }
        });
  }

  /**
   * Waits for the policies' check counters. A scrape of a few thousand series costs the operator
   * CPU: polled every 2 s here (Prometheus scrapes every 30 s or so), every 100 ms for a latency.
   */
  private static void awaitChecks(
      BenchOperator operator, String namespace, List<String> names, long checks, Duration timeout) {
    awaitChecks(operator, namespace, names, checks, timeout, Duration.ofSeconds(2));
  }

  private static void awaitChecks(
      BenchOperator operator,
      String namespace,
      List<String> names,
      long checks,
      Duration timeout,
      Duration poll) {
    await(
        "%d policies checked %d time(s)".formatted(names.size(), checks),
        timeout,
        poll,
        () -> {
          try {
            String scrape = operator.scrape();
            return names.stream().allMatch(name -> checks(scrape, namespace, name) >= checks);
          } catch (IOException e) {
            return false;
          }
        });
  }

  private static long checks(String scrape, String namespace, String name) {
    return (long)
        BenchOperator.sum(
            scrape,
            "s3posture_policy_checks_total",
            "namespace=\"" + namespace + "\"",
            "policy=\"" + name + "\"");
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) {
    await(what, timeout, Duration.ofMillis(500), condition);
  }

  private static void await(
      String what, Duration timeout, Duration poll, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      try {
        Thread.sleep(poll.toMillis()); // polling a process from a benchmark's main thread
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Bucket names spread over a hundred teams, plus five a small policy owns alone. */
  private static List<String> fleet(int size) {
    List<String> names = new ArrayList<>(size + 5);
    for (int i = 0; i < size; i++) {
      names.add(String.format("fleet-%02d-%05d", i % 100, i));
    }
    IntStream.range(0, 5).forEach(i -> names.add("solo-" + i));
    return names;
  }

  private void header() {
    row(
        "S3 latency %d ms per request, operator defaults (32 checks at once, %d per account), JVM: %s",
        latency.toMillis(), ACCOUNT_CONCURRENCY, String.join(" ", ChartJvm.read().options()));
    row("");
    row(
        "| buckets | policies | controls | first check (listing pages) | steady cycle | buckets/s | AWS requests per bucket (listing pages) | CPU per cycle | RSS (peak since start) | heap after GC | series (own) | scrape |");
    row("|---|---|---|---|---|---|---|---|---|---|---|---|");
  }

  private void row(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    rows.add(line);
    System.out.println(line);
  }

  /**
   * The chart's JVM flags in a container of its memory limit, then those of --jvm; with --jfr a
   * flight recording of the operator (profile settings).
   */
  private static List<String> jvm(Map<String, String> options, Path work, int size)
      throws Exception {
    List<String> jvm = new ArrayList<>(ChartJvm.read().optionsWithArchive(work));
    if (options.containsKey("jvm")) {
      jvm.addAll(List.of(options.get("jvm").trim().split("\\s+")));
    }
    if (options.containsKey("jfr")) {
      jvm.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + work.resolve("operator-" + size + ".jfr"));
    }
    return jvm;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i].replaceFirst("^--", "");
      if (name.startsWith("no-") || name.equals("jfr")) {
        options.put(name, "");
      } else {
        options.put(name, args[++i]);
      }
    }
    return options;
  }

  private static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
