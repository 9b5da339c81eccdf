package io.s3posture.aws;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An AWS Config configuration recorder of the region (DescribeConfigurationRecorders) with its
 * status (DescribeConfigurationRecorderStatus).
 *
 * @param recording the status' {@code recording}: false when stopped or when no status is reported
 * @param lastStatus the status' lastStatus (Pending, Success, Failure), when reported
 * @param allSupported recordingGroup.allSupported
 * @param resourceTypes recordingGroup.resourceTypes (the types an inclusion list records)
 * @param excludedResourceTypes recordingGroup.exclusionByResourceTypes.resourceTypes
 * @param strategy recordingGroup.recordingStrategy.useOnly, when the recorder reports one
 */
public record ConfigRecorder(
    String name,
    boolean recording,
    Optional<String> lastStatus,
    boolean allSupported,
    Set<String> resourceTypes,
    Set<String> excludedResourceTypes,
    Optional<Strategy> strategy) {

  /** The resource type of S3 buckets. */
  public static final String S3_BUCKET = "AWS::S3::Bucket";

  /** recordingStrategy.useOnly. */
  public enum Strategy {
    ALL_SUPPORTED_RESOURCE_TYPES,
    INCLUSION_BY_RESOURCE_TYPES,
    EXCLUSION_BY_RESOURCE_TYPES;

    /** AWS's value, or empty for none or one this version does not know. */
    public static Optional<Strategy> of(String value) {
      for (Strategy strategy : values()) {
        if (strategy.name().equals(value)) {
          return Optional.of(strategy);
        }
      }
      return Optional.empty();
    }
  }

  public ConfigRecorder {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastStatus, "lastStatus");
    resourceTypes = Set.copyOf(resourceTypes);
    excludedResourceTypes = Set.copyOf(excludedResourceTypes);
    Objects.requireNonNull(strategy, "strategy");
  }

  /**
   * Whether the recording group covers {@code resourceType} (a regional type such as {@value
   * #S3_BUCKET}): the strategy decides when reported, otherwise allSupported, otherwise the
   * inclusion list.
   */
  public boolean records(String resourceType) {
    Strategy effective =
        strategy.orElse(
            allSupported
                ? Strategy.ALL_SUPPORTED_RESOURCE_TYPES
                : Strategy.INCLUSION_BY_RESOURCE_TYPES);
    return switch (effective) {
      case ALL_SUPPORTED_RESOURCE_TYPES -> true;
      case INCLUSION_BY_RESOURCE_TYPES -> resourceTypes.contains(resourceType);
      case EXCLUSION_BY_RESOURCE_TYPES -> !excludedResourceTypes.contains(resourceType);
    };
  }

  /** Recording now, and S3 buckets are in its recording group. */
  public boolean recordsS3Buckets() {
    return recording && records(S3_BUCKET);
  }
}
