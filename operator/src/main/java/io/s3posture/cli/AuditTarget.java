package io.s3posture.cli;

import java.util.Optional;

/**
 * A bucket to check.
 *
 * @param region where it is, when known without asking S3 (--region, the policy, the listing)
 */
public record AuditTarget(String bucket, Optional<String> region) {}
