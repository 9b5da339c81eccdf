package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsTarget;
import io.s3posture.localstack.MotoServer;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.operator.OperatorConfig;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A hundred policies of one account list its buckets once per cycle, in pages, through a front that
 * paginates ListBuckets as S3 does (moto 5.2 answers in one page): 1,050 buckets are two pages of
 * 1,000, and a cycle of all hundred policies costs those two requests, not two hundred. This class
 * runs its own moto: 1,050 buckets in the shared one would push other tests' buckets past the first
 * page.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingPerCycleIT {

  private static final int POLICIES = 100;
  private static final int BUCKETS_PER_POLICY = 10;
  private static final int OTHER_BUCKETS = 50;
  private static final int PAGES = 2; // 1,050 buckets in pages of 1,000
  private static final String INTERVAL = "30s";
  private static final Duration CYCLE = Duration.ofSeconds(120);

  private MotoServer moto;
  private FaultProxy proxy;
  private AwsClientFactory factory;

  @BeforeAll
  void fillAnAccount() throws Exception {
    moto = MotoServer.start(Path.of("target", "moto-listing-cycle").toAbsolutePath());
    proxy = FaultProxy.start(moto.endpoint());
    proxy.paginateListBuckets(true);
    factory = new AwsClientFactory(List.of(), 3);
    List<String> names = new ArrayList<>();
    IntStream.range(0, POLICIES * BUCKETS_PER_POLICY)
        .forEach(i -> names.add(String.format("cycle-%02d-%d", i / BUCKETS_PER_POLICY, i % 10)));
    IntStream.range(0, OTHER_BUCKETS).forEach(i -> names.add("other-" + i));
    new BucketSeeder(
            factory.clientsFor(AwsTarget.of(TestStack.REGION).withEndpoint(moto.endpoint())))
        .createAll(names);
  }

  @AfterAll
  void stop() {
    factory.close();
    proxy.close();
    moto.close();
  }

  @Test
  void aHundredPoliciesListTheirAccountOncePerCycleInPages(TestStack stack) {
    String namespace = stack.createNamespace("listing");
    Policies policies = new Policies(stack.kubernetes(), null);
    List<String> names = new ArrayList<>();
    Instant lastCreated = Instant.EPOCH;
    for (int i = 0; i < POLICIES; i++) {
      String name = String.format("team-%02d", i);
      names.add(name);
      lastCreated =
          policies
              .apply(
                  Policies.manifest(
                      namespace,
                      name,
                      """
              mode: Audit
              resyncInterval: %s
              buckets:
                selector: {namePatterns: ["cycle-%02d-*"]}
              controls:
                versioning: {}
              """
                          .formatted(INTERVAL, i)))
              .getMetadata()
              .getCreationTimestamp()
              .transform(Instant::parse);
    }
    proxy.resetCounts();
    // creation times have whole seconds: a listing counts for a policy once that second is over
    // (a restart within the second of the last creation would rightly list again)
    Instant listable = lastCreated.plusSeconds(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(listable));

    // the policies exist before the operator starts (as after a restart): one listing serves all
    try (OperatorUnderTest operator =
        OperatorUnderTest.start(stack, stack.kubernetes(), config(namespace))) {
      awaitEveryPolicyChecked(operator, namespace, names, 1);
      long startUp = proxy.counts().of("s3:ListBuckets");
      assertThat(startUp)
          .as("ListBuckets requests while a hundred policies made their first check")
          .isEqualTo(PAGES);

      proxy.resetCounts();
      awaitEveryPolicyChecked(operator, namespace, names, 2);
      assertThat(proxy.counts().of("s3:ListBuckets"))
          .as("ListBuckets requests in a cycle of a hundred policies: the pages of one listing")
          .isEqualTo(PAGES);
      assertThat(proxy.counts().of("s3:GetBucketVersioning"))
          .as("one read per governed bucket")
          .isEqualTo(POLICIES * BUCKETS_PER_POLICY);
      assertThat(proxy.counts().of("s3:GetBucketTagging")).isZero();
    }
  }

  private void awaitEveryPolicyChecked(
      OperatorUnderTest operator, String namespace, List<String> names, long checks) {
    await("every policy checked %d time(s)".formatted(checks))
        .atMost(CYCLE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                names.stream()
                    .allMatch(name -> operator.checks("BucketPolicy", namespace, name) >= checks));
  }

  private OperatorConfig config(String namespace) {
    return new OperatorConfig(
        0,
        Set.of(namespace),
        false,
        "default",
        true,
        8,
        8,
        10_000,
        2,
        Optional.of(proxy.endpoint()),
        false);
  }
}
