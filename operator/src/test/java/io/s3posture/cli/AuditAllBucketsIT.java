package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsTarget;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * --all: every bucket the credentials list, each checked in its own region, in parallel. Other
 * tests' buckets exist in moto at the same time, so the assertions are about this test's prefix.
 */
@ExtendWith(LocalStackExtension.class)
class AuditAllBucketsIT {

  private static final int BUCKETS = 60;
  private static final String OTHER_REGION = "eu-west-1";

  @Test
  void checksEveryListedBucketInItsOwnRegion(TestStack stack) {
    String prefix = TestStack.uniqueBucketName("audit-all");
    Map<String, String> publicAclStatus = new HashMap<>();
    Map<String, String> regions = new HashMap<>();
    try (AwsClientFactory clients = new AwsClientFactory(List.of(), 3)) {
      BucketSeeder europe =
          new BucketSeeder(
              clients.clientsFor(AwsTarget.of(OTHER_REGION).withEndpoint(stack.moto().endpoint())));
      IntStream.range(0, BUCKETS)
          .parallel()
          .forEach(
              i -> {
                String bucket = prefix + "-" + i;
                boolean inEurope = i % 10 == 0;
                BucketSeeder seed = (inEurope ? europe : stack.seeder()).create(bucket);
                if (i % 3 == 0) {
                  seed.publicReadAcl(bucket);
                }
                if (i % 4 == 0) {
                  seed.blockPublicAccess(bucket);
                }
                synchronized (publicAclStatus) {
                  publicAclStatus.put(bucket, i % 3 == 0 ? "fail" : "pass");
                  regions.put(bucket, inEurope ? OTHER_REGION : TestStack.REGION);
                }
              });
    }

    AuditRun run =
        AuditRun.inProcess(
            "--all",
            "--endpoint",
            stack.moto().endpoint().toString(),
            "--output",
            "json",
            "--concurrency",
            "8");

    AuditJsonStructure.assertValid(run.json());
    Map<String, JsonNode> mine = new HashMap<>();
    run.json()
        .path("buckets")
        .forEach(
            bucket -> {
              if (bucket.path("name").asText().startsWith(prefix + "-")) {
                mine.put(bucket.path("name").asText(), bucket);
              }
            });
    assertThat(mine).hasSize(BUCKETS);
    mine.forEach(
        (name, bucket) -> {
          int i = Integer.parseInt(name.substring(prefix.length() + 1));
          assertThat(bucket.path("region").asText()).as(name).isEqualTo(regions.get(name));
          assertThat(run.statuses(name))
              .as(name)
              .containsEntry("noPublicAcl", publicAclStatus.get(name))
              .containsEntry("publicAccessBlock", i % 4 == 0 ? "pass" : "fail")
              .hasSize(15);
        });
    assertThat(run.json().path("buckets").findValuesAsText("name")).as("sorted by name").isSorted();
  }
}
