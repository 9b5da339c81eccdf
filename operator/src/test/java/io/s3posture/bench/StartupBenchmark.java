package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.install.OperatorProcess;
import io.s3posture.localstack.LocalStack;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * {@code make bench-startup}: start of the operator process (the shaded jar, the chart's JVM flags
 * and memory limit) to the first completed check of a small policy that exists before it starts,
 * with the JVM's default class data sharing and with the image's AppCDS archive (built here from
 * operator/src/main/cds as the Dockerfile does). Usage: StartupBenchmark [runs] (default 5).
 */
public final class StartupBenchmark {

  private StartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path root = Files.isDirectory(Path.of("operator")) ? Path.of(".") : Path.of("..");
    Path work = root.resolve("target/bench-startup").toAbsolutePath();
    Files.createDirectories(work);
    try (TestStack stack = new TestStack(LocalStack.start(work.resolve("stack")))) {
      String namespace = stack.createNamespace("startup");
      String prefix = TestStack.uniqueBucketName("startup");
      IntStream.range(0, 5).forEach(i -> stack.s3().createBucket(r -> r.bucket(prefix + "-" + i)));
      Map<String, String> settings =
          BenchSettings.operatorProcess(namespace, stack.moto().endpoint());
      Policies policies = new Policies(stack.kubernetes(), null);
      ChartJvm chart = ChartJvm.read();
      List<String> chartJvm = chart.options();
      List<String> jvmWithArchive = chart.optionsWithArchive(work);
      for (var variant :
          List.of(Map.entry("JDK CDS only", chartJvm), Map.entry("AppCDS", jvmWithArchive))) {
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run <= runs; run++) { // run 0 warms the file cache, not counted
          String name = "small-" + millis.size() + "-" + System.nanoTime() % 100_000;
          BucketPolicy policy =
              policies.apply(
                  Policies.manifest(
                      namespace,
                      name,
                      """
                      buckets:
                        selector: {namePatterns: ["%s-*"]}
                      controls:
                        versioning: {}
                        publicAccessBlock: {}
                      """
                          .formatted(prefix)));
          long started = System.nanoTime();
          try (OperatorProcess operator =
              OperatorProcess.start(
                  "startup",
                  stack.localStack().kubeconfig(),
                  settings,
                  work,
                  variant.getValue(),
                  List.of())) {
            Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(
                    () -> policies.get(policy),
                    p -> p.getStatus() != null && p.getStatus().lastCheckTime() != null);
            if (run > 0) {
              millis.add((System.nanoTime() - started) / 1_000_000);
            }
          }
          policies.delete(policy);
        }
        millis.sort(Long::compare);
        System.out.printf(
            Locale.ROOT,
            "%s: start -> first completed check of a 5-bucket policy: median %.1f s, min %.1f s,"
                + " max %.1f s (%d runs)%n",
            variant.getKey(),
            millis.get(millis.size() / 2) / 1000.0,
            millis.get(0) / 1000.0,
            millis.get(millis.size() - 1) / 1000.0,
            millis.size());
      }
    }
  }
}
