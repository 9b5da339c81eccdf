package io.s3posture.operator;

import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which policies this operator process owns when several run side by side (chart value {@code
 * shards}): shard {@code i} of {@code n} reconciles the BucketPolicies and AccountPolicies labelled
 * {@code s3posture.io/shard=i}; shard 0 also owns every policy without that label or with a value
 * that names no other shard. So every policy has exactly one owner, and relabelling a policy moves
 * it. Each shard elects its leader with its own Lease.
 *
 * @param index this process's shard, 0 to count - 1
 * @param count how many shards there are; 1 = no sharding (every policy, the plain Lease name)
 */
public record Shard(int index, int count) {

  public static final String LABEL = "s3posture.io/shard";
  public static final Shard NONE = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "S3POSTURE_SHARD must be 0 to S3POSTURE_SHARDS - 1 (got shard "
              + index
              + " of "
              + count
              + ")");
    }
  }

  /** The label selector of the policies this shard reconciles; empty: all. */
  public Optional<String> labelSelector() {
    if (count == 1) {
      return Optional.empty();
    }
    if (index > 0) {
      return Optional.of(LABEL + "=" + index);
    }
    return Optional.of(
        LABEL
            + " notin ("
            + IntStream.range(1, count).mapToObj(Integer::toString).collect(Collectors.joining(","))
            + ")");
  }

  /** The leader-election Lease of this shard. */
  public String leaseName(String base) {
    return count == 1 ? base : base + "-shard-" + index;
  }

  @Override
  public String toString() {
    return count == 1
        ? "all policies"
        : "shard " + index + " of " + count + " (" + labelSelector().orElseThrow() + ")";
  }
}
