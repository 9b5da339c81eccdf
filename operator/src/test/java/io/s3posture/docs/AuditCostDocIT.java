package io.s3posture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.CommandResult;
import io.s3posture.testing.OperatorJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/audit.md's AWS calls per bucket are what {@code make bench-audit} computes: the benchmark
 * script runs as written, on 20 buckets in its ten states instead of 1,000 (the calls about one
 * bucket do not depend on how many there are; the once-per-run calls are counted apart), and the
 * page's figures must be its figures: the settings read per bucket ("10 AWS calls per bucket with
 * the baseline") and the benchmark's total per bucket against moto ("at 11.0 calls per bucket").
 */
class AuditCostDocIT {

  private static final Path PAGE = DocumentedCommands.REPOSITORY.resolve("docs/audit.md");
  private static final Pattern MEASURED =
      Pattern.compile(
          "AWS calls per bucket: ([\\d.]+) = ([\\d.]+) settings read \\+ ([\\d.]+) GetBucketLocation");

  @Test
  void theDocumentedCallsPerBucketAreTheBenchmarks() throws IOException {
    OperatorJar.require();
    CommandResult bench =
        CommandResult.run(
            DocumentedCommands.REPOSITORY,
            300,
            List.of("env", "BENCH_AUDIT_BUCKETS=20", "bash", "hack/bench-audit.sh"));
    String output = bench.successfulOutput();
    Matcher measured = MEASURED.matcher(output);
    assertThat(measured.find()).as("the benchmark's figures:%n%s", output).isTrue();
    double perBucket = Double.parseDouble(measured.group(1));
    double settingsRead = Double.parseDouble(measured.group(2));
    assertThat(Double.parseDouble(measured.group(3)))
        .as("moto's ListBuckets gives no region: each bucket is located")
        .isEqualTo(1.0);

    String page = Files.readString(PAGE).replaceAll("\\s+", " ");
    assertThat(figure(page, "(\\d+) AWS calls per bucket with the baseline"))
        .as("docs/audit.md, Cost and speed: the settings read per bucket (benchmark:%n%s)", output)
        .isEqualTo(settingsRead);
    assertThat(figure(page, "`make bench-audit` .*? at ([\\d.]+) calls per bucket"))
        .as("docs/audit.md: make bench-audit's calls per bucket (benchmark:%n%s)", output)
        .isEqualTo(Math.round(perBucket * 10) / 10.0);
  }

  private static double figure(String page, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(page);
    assertThat(matcher.find()).as("docs/audit.md says %s", regex).isTrue();
    return Double.parseDouble(matcher.group(1));
  }
}
