package io.s3posture.aws;

/** Where server access logs go. */
public record LoggingTarget(String bucket, String prefix) {}
