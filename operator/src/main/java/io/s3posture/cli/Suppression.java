package io.s3posture.cli;

import io.s3posture.api.v1alpha1.Exemption;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A known finding accepted by an exemption of the suppressions file: while it has not expired the
 * check shows as SUPPRESSED and does not fail the run; once expired it fails again and says so.
 */
public record Suppression(Exemption exemption, boolean expired) {

  public Suppression {
    Objects.requireNonNull(exemption, "exemption");
  }

  public String reason() {
    return exemption.reason();
  }

  public String owner() {
    return exemption.owner();
  }

  public OffsetDateTime expires() {
    return OffsetDateTime.parse(exemption.expires());
  }

  /**
   * e.g. "suppressed until 2026-06-30T00:00Z by team-data: legacy website, moving to CloudFront".
   */
  public String describe() {
    return (expired ? "suppression expired " : "suppressed until ")
        + exemption.expires()
        + " (owner "
        + owner()
        + "): "
        + reason();
  }
}
