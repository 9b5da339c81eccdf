package io.s3posture.aws;

import java.util.List;
import java.util.Optional;

/** A bucket's replication configuration (V2 rules, as the operator writes them). */
public record ReplicationConfig(String role, List<Rule> rules) {

  public ReplicationConfig {
    rules = List.copyOf(rules);
  }

  /**
   * One rule. {@code prefix} is "" for every object; {@code enabled} is the rule's Status.
   *
   * @param destinationBucketArn e.g. arn:aws:s3:::replica
   * @param storageClass empty: the source object's class
   * @param replicaKmsKeyId empty: SSE-KMS objects are not replicated
   */
  public record Rule(
      String id,
      int priority,
      String prefix,
      boolean enabled,
      String destinationBucketArn,
      Optional<String> storageClass,
      Optional<String> replicaKmsKeyId,
      boolean deleteMarkerReplication) {}
}
