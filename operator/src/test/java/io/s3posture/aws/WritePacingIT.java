package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestStack;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** The clients' writes, and only their writes, wait for the account's pacer (against moto). */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritePacingIT {

  private final List<Long> waits = new CopyOnWriteArrayList<>();
  // a clock that stands still: every slot after the burst is a wait, however slow the machine
  private final WritePacer pacer = new WritePacer(1, () -> 0L, waits::add);
  private AwsClientFactory factory;
  private S3Client s3;
  private final String bucket = "paced-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  void clients(TestStack stack) {
    factory = new AwsClientFactory(List.of(), 1, Optional.empty(), pacer);
    s3 =
        factory
            .clientsFor(
                AwsTarget.of("us-east-1")
                    .withEndpoint(stack.moto().endpoint())
                    .withAccountId(TestStack.ACCOUNT_ID))
            .s3();
    s3.createBucket(r -> r.bucket(bucket));
    waits.clear();
  }

  @AfterAll
  void close() {
    factory.close();
  }

  @Test
  void writesBeyondTheBurstWaitAndReadsNever() {
    for (int i = 0; i < 5; i++) {
      s3.getBucketVersioning(r -> r.bucket(bucket));
    }
    assertThat(waits).isEmpty();

    for (int i = 0; i < 3; i++) {
      s3.putBucketVersioning(
          r ->
              r.bucket(bucket)
                  .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    }

    // one write a second with a burst of one: the bucket's creation took the burst, every later
    // write waits for its slot, one interval after the previous one (nothing sleeps, slots queue)
    assertThat(waits).containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
  }
}
