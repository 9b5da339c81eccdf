package io.s3posture.aws;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A CloudTrail trail that applies to the region it was read in: its own trails and the shadows of
 * multi-region and organization trails from other home regions (DescribeTrails with shadow trails),
 * whether it is logging (GetTrailStatus) and what it selects (GetEventSelectors).
 *
 * @param arn the trail ARN (its partition is the bucket ARNs' partition)
 * @param homeRegion the region the trail was created in
 * @param logging GetTrailStatus IsLogging: a stopped trail logs nothing
 */
public record Trail(
    String name,
    String arn,
    String homeRegion,
    boolean multiRegion,
    boolean organizationTrail,
    boolean logging,
    EventSelectors selectors) {

  public Trail {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(homeRegion, "homeRegion");
    Objects.requireNonNull(selectors, "selectors");
  }

  /** The ARN partition: aws, aws-cn, aws-us-gov. */
  public String partition() {
    String[] parts = arn.split(":", 3);
    return parts.length > 1 && !parts[1].isEmpty() ? parts[1] : "aws";
  }

  /** The S3 data events this trail logs for every object of {@code bucket}; none when stopped. */
  public Set<DataEventAccess> s3DataEventsLoggedFor(String bucket) {
    return logging
        ? selectors.s3DataEventsFor(partition(), bucket)
        : EnumSet.noneOf(DataEventAccess.class);
  }

  /** The S3 data events this trail logs for every bucket; none when stopped. */
  public Set<DataEventAccess> s3DataEventsLoggedForAllBuckets() {
    return logging
        ? selectors.s3DataEventsForAllBuckets(partition())
        : EnumSet.noneOf(DataEventAccess.class);
  }
}
