package io.s3posture.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The owner of a policy among several shards, on the real API server: ShardingIT. */
class ShardTest {

  @Test
  void oneShardOwnsEveryPolicyWithThePlainLease() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());

    assertThat(config.shard()).isEqualTo(Shard.NONE);
    assertThat(config.shard().labelSelector()).isEmpty();
    assertThat(config.leaseName()).isEqualTo("s3-posture-operator");
  }

  @Test
  void eachShardHasItsSelectorAndLease() {
    OperatorConfig first =
        OperatorConfig.fromEnvironment(Map.of("S3POSTURE_SHARD", "0", "S3POSTURE_SHARDS", "3"));
    OperatorConfig third =
        OperatorConfig.fromEnvironment(Map.of("S3POSTURE_SHARD", "2", "S3POSTURE_SHARDS", "3"));

    assertThat(first.shard().labelSelector()).contains("s3posture.io/shard notin (1,2)");
    assertThat(first.leaseName()).isEqualTo("s3-posture-operator-shard-0");
    assertThat(third.shard().labelSelector()).contains("s3posture.io/shard=2");
    assertThat(third.leaseName()).isEqualTo("s3-posture-operator-shard-2");
  }

  @Test
  void rejectsAShardOutsideTheCount() {
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    Map.of("S3POSTURE_SHARD", "2", "S3POSTURE_SHARDS", "2")))
        .hasMessageContaining("S3POSTURE_SHARD must be 0 to S3POSTURE_SHARDS - 1");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("S3POSTURE_SHARDS", "0")))
        .hasMessageContaining("S3POSTURE_SHARD");
  }
}
