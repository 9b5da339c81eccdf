package io.s3posture.aws;

import java.util.Optional;

/** A bucket as ListBuckets reports it; the region when the listing includes it. */
public record BucketSummary(String name, Optional<String> region) {}
