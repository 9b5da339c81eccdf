package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersioningSpec(
    @JsonPropertyDescription(
            "Versioning status to keep. Only Enabled: the operator never suspends versioning.")
        @Default("Enabled")
        Status status,
    @JsonPropertyDescription(
            "Required: MFA delete must be on. Checked and reported, never corrected: changing MFA"
                + " delete needs the bucket owner's root user with a live MFA code, so a bucket"
                + " without it shows as NeedsHuman. Unset: not checked.")
        MfaDelete mfaDelete,
    @JsonPropertyDescription(MODE_DESCRIPTION) Mode mode)
    implements ControlSpec {

  public enum Status {
    Enabled
  }

  public enum MfaDelete {
    Required
  }
}
