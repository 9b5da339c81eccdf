package io.s3posture.testing;

import java.util.List;

/**
 * BucketPolicy manifests that manage only versioning: the cheapest control to drive through every
 * state in tests (a new moto bucket is drifted; Audit reports it, Enforce corrects it; MFA delete
 * makes it NeedsHuman; a missing bucket fails it).
 */
public final class VersioningPolicies {

  /** An endpoint nothing listens on: every AWS call fails with a network error. */
  public static final String UNREACHABLE_ENDPOINT = "http://127.0.0.1:1";

  private VersioningPolicies() {}

  /** Versioning required on {@code buckets}, resync 1h (checks run only when tests ask). */
  public static String of(String namespace, String name, String mode, List<String> buckets) {
    return of(namespace, name, mode, buckets, "");
  }

  /** As {@link #of}, with extra versioning settings, e.g. {@code mfaDelete: Required}. */
  public static String of(
      String namespace, String name, String mode, List<String> buckets, String settings) {
    return Policies.manifest(
        namespace,
        name,
        """
        mode: %s
        resyncInterval: 1h
        buckets:
          names: [%s]
        controls:
          versioning: {%s}
        """
            .formatted(mode, String.join(", ", buckets), settings));
  }

  /**
   * Versioning required on the buckets whose names match {@code pattern}, checked through {@code
   * endpoint}: with {@link #UNREACHABLE_ENDPOINT} listing the buckets fails, so the whole check
   * does.
   */
  public static String selecting(String namespace, String name, String pattern, String endpoint) {
    String manifest =
        Policies.manifest(
            namespace,
            name,
            """
            buckets:
              selector:
                namePatterns: ["%s"]
            controls:
              versioning: {}
            """
                .formatted(pattern));
    return endpoint == null
        ? manifest
        : manifest.replace(
            "region: " + TestStack.REGION,
            "region: " + TestStack.REGION + "\n    endpoint: " + endpoint);
  }
}
