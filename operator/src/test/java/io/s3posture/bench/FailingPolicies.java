package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The 50 failing policies of the isolation, memory and log-volume figures (docs/reliability.md).
 */
final class FailingPolicies {

  static final int COUNT = 50;

  private FailingPolicies() {}

  /**
   * 50 policies whose targets fail, in four kinds, half selecting by pattern (their listing fails),
   * half naming buckets (their bucket checks fail), resync 30 s so that they keep failing.
   */
  static List<BucketPolicy> apply(
      Policies policies,
      String namespace,
      List<String> others,
      FaultProxy denyingSts,
      FaultProxy silent)
      throws Exception {
    String refused = "http://127.0.0.1:" + closedPort();
    List<BucketPolicy> applied = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      String bucket = others.get(i);
      String kind;
      String aws;
      String buckets =
          (i / 4) % 2 == 0
              ? "names: [%s]".formatted(bucket)
              : "selector: {namePatterns: [\"%s\"]}".formatted(bucket);
      switch (i % 4) {
        case 0 -> {
          kind = "missing";
          aws = "";
          buckets = "names: [%s-missing-a, %s-missing-b]".formatted(bucket, bucket);
        }
        case 1 -> {
          kind = "role";
          aws =
              "\n    endpoint: %s\n    roleArn: arn:aws:iam::%s:role/unassumable-%d"
                  .formatted(denyingSts.endpoint(), TestStack.ACCOUNT_ID, i);
        }
        case 2 -> {
          kind = "refused";
          aws = "\n    endpoint: " + refused;
        }
        default -> {
          kind = "timeout";
          aws = "\n    endpoint: " + silent.endpoint();
        }
      }
      String manifest =
          Policies.manifest(
                  namespace,
                  "failing-" + kind + "-" + i,
                  """
                  resyncInterval: 30s
                  buckets:
                    %s
                  controls:
                    versioning: {}
                    publicAccessBlock: {}
                    encryption: {algorithm: SSE-S3}
                    websiteDisabled: {}
                  """
                      .formatted(buckets))
              .replace("region: " + TestStack.REGION, "region: " + TestStack.REGION + aws);
      applied.add(policies.apply(manifest));
    }
    return applied;
  }

  /**
   * Until each failing policy has failed at least once. Checks of an account whose checks fail run
   * one at a time: the six policies naming a bucket behind the endpoint that never answers take a
   * minute each (the call timeout).
   */
  static void awaitFailedOnce(Policies policies, List<BucketPolicy> failing) {
    Awaitility.await()
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> failing.stream().allMatch(p -> failedOnce(policies.get(p))));
  }

  static boolean failedOnce(BucketPolicy policy) {
    if (policy == null || policy.getStatus() == null) {
      return false;
    }
    var status = policy.getStatus();
    boolean notSynced =
        status.conditions() != null
            && status.conditions().stream()
                .anyMatch(c -> "Synced".equals(c.getType()) && "False".equals(c.getStatus()));
    return notSynced || (status.buckets() != null && status.buckets().failed() > 0);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
