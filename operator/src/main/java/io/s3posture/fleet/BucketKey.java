package io.s3posture.fleet;

import java.util.Objects;

/**
 * A bucket wherever it is. Bucket names are unique in a partition (and on an S3-compatible
 * endpoint), so the endpoint and the name identify it for every policy and every event.
 *
 * @param endpoint the endpoint URL, or {@code aws}, {@code aws-cn}, {@code aws-us-gov}
 */
public record BucketKey(String endpoint, String bucket) implements SubjectKey {

  public BucketKey {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(bucket, "bucket");
  }

  @Override
  public String name() {
    return bucket;
  }

  @Override
  public String toString() {
    return bucket;
  }
}
