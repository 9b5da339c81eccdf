package io.s3posture.aws;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bucket's replication configuration with every field S3 models, so that rules the operator does
 * not own are written back exactly as they were read (V1 rules with a top-level prefix included).
 */
public record ReplicationConfig(String role, List<Rule> rules) {

  public ReplicationConfig {
    rules = List.copyOf(rules);
  }

  /**
   * One rule, as S3 has it. Status values are S3's strings ({@code Enabled} / {@code Disabled});
   * empty means the element is absent.
   *
   * @param priority absent in V1 rules
   * @param sseKmsEncryptedObjects SourceSelectionCriteria.SseKmsEncryptedObjects.Status
   * @param replicaModifications SourceSelectionCriteria.ReplicaModifications.Status
   */
  public record Rule(
      Optional<String> id,
      Optional<Integer> priority,
      Filter filter,
      boolean enabled,
      Destination destination,
      Optional<String> sseKmsEncryptedObjects,
      Optional<String> replicaModifications,
      Optional<String> existingObjectReplication,
      Optional<String> deleteMarkerReplication) {

    public Rule {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(priority, "priority");
      Objects.requireNonNull(filter, "filter");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(sseKmsEncryptedObjects, "sseKmsEncryptedObjects");
      Objects.requireNonNull(replicaModifications, "replicaModifications");
      Objects.requireNonNull(existingObjectReplication, "existingObjectReplication");
      Objects.requireNonNull(deleteMarkerReplication, "deleteMarkerReplication");
    }

    /**
     * A V2 rule with a prefix filter, as a policy declares it: SSE-KMS objects are replicated when
     * a replica key is given.
     */
    public static Rule of(
        String id,
        int priority,
        String prefix,
        boolean enabled,
        String destinationBucketArn,
        Optional<String> storageClass,
        Optional<String> replicaKmsKeyId,
        boolean deleteMarkerReplication) {
      return new Rule(
          Optional.of(id),
          Optional.of(priority),
          new Filter.Prefix(prefix),
          enabled,
          Destination.of(destinationBucketArn, storageClass, replicaKmsKeyId),
          replicaKmsKeyId.map(key -> ENABLED),
          Optional.empty(),
          Optional.empty(),
          Optional.of(deleteMarkerReplication ? ENABLED : DISABLED));
    }

    /** A V1 rule: a top-level prefix instead of a filter. */
    public boolean isLegacy() {
      return filter instanceof Filter.LegacyPrefix;
    }

    /** Whether delete markers are replicated (absent: they are not). */
    public boolean replicatesDeleteMarkers() {
      return deleteMarkerReplication.map(ENABLED::equals).orElse(false);
    }
  }

  public static final String ENABLED = "Enabled";
  public static final String DISABLED = "Disabled";

  /** Which objects a rule applies to. */
  public sealed interface Filter {

    /** A V1 rule's top-level {@code <Prefix>} (the rule has no {@code <Filter>}). */
    record LegacyPrefix(String prefix) implements Filter {}

    /** {@code <Filter/>}: every object. */
    record Everything() implements Filter {}

    /** {@code <Filter><Prefix>}. */
    record Prefix(String prefix) implements Filter {}

    /** {@code <Filter><Tag>}. */
    record Tag(String key, String value) implements Filter {}

    /** {@code <Filter><And>}: an optional prefix and tags, kept in the order S3 returned them. */
    record And(Optional<String> prefix, List<Tag> tags) implements Filter {
      public And {
        tags = List.copyOf(tags);
      }
    }
  }

  /**
   * Where replicas go.
   *
   * @param account the destination bucket owner's account (cross-account replication)
   * @param ownerOverride AccessControlTranslation.Owner ({@code Destination})
   * @param replicationTime S3 Replication Time Control
   * @param metrics replication metrics
   */
  public record Destination(
      String bucketArn,
      Optional<String> account,
      Optional<String> storageClass,
      Optional<String> ownerOverride,
      Optional<String> replicaKmsKeyId,
      Optional<Timed> replicationTime,
      Optional<Timed> metrics) {

    public Destination {
      Objects.requireNonNull(bucketArn, "bucketArn");
    }

    static Destination of(
        String bucketArn, Optional<String> storageClass, Optional<String> replicaKmsKeyId) {
      return new Destination(
          bucketArn,
          Optional.empty(),
          storageClass,
          Optional.empty(),
          replicaKmsKeyId,
          Optional.empty(),
          Optional.empty());
    }
  }

  /** A status with an optional time in minutes (ReplicationTime.Time, Metrics.EventThreshold). */
  public record Timed(String status, Optional<Integer> minutes) {}
}
