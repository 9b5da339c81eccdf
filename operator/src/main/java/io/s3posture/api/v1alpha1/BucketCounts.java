package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Bucket counts. A bucket counts once, under its worst control, as of its last check. */
public record BucketCounts(
    @JsonPropertyDescription("Buckets this policy governs.") int governed,
    @JsonPropertyDescription(
            "Buckets that match every managed control, as seen within two resync intervals.")
        int compliant,
    @JsonPropertyDescription("Buckets with drift left uncorrected (Audit mode).") int drifted,
    @JsonPropertyDescription("Buckets whose drift was corrected and verified in their last check.")
        int corrected,
    @JsonPropertyDescription("Buckets where reading or correcting a control failed.") int failed,
    @JsonPropertyDescription("Buckets with drift that needs a person (e.g. MFA delete).")
        int needsHuman,
    @JsonPropertyDescription("Buckets with a control another policy disagrees on.") int conflicted,
    @JsonPropertyDescription(
            "Governed buckets not checked yet (the first sweep after a change is under way).")
        int notChecked,
    @JsonPropertyDescription(
            "Buckets with a control an active exemption keeps from being corrected (and nothing"
                + " worse).")
        int exempt,
    @JsonPropertyDescription(
            "Buckets compliant when last checked, but more than two resync intervals ago: not"
                + " counted compliant until a check sees them again.")
        int unverified) {

  public static BucketCounts none() {
    return new BucketCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
