package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The four Block Public Access flags as observed. */
public record PublicAccessBlockState(
    @JsonPropertyDescription("BlockPublicAcls is on.") boolean blockPublicAcls,
    @JsonPropertyDescription("IgnorePublicAcls is on.") boolean ignorePublicAcls,
    @JsonPropertyDescription("BlockPublicPolicy is on.") boolean blockPublicPolicy,
    @JsonPropertyDescription("RestrictPublicBuckets is on.") boolean restrictPublicBuckets) {}
