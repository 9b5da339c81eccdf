package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How one exemption of spec.exemptions is applied. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExemptionStatus(
    @JsonPropertyDescription("The exemption's owner, as in spec.") String owner,
    @JsonPropertyDescription("When it ends, as in spec.") String expires,
    @JsonPropertyDescription(
            "Active: applied. Expired: ended, the controls are enforced again. Invalid: not"
                + " applied, see message.")
        State state,
    @JsonPropertyDescription("Why an exemption is not applied, or what it covers.") String message,
    @JsonPropertyDescription("Bucket controls this exemption keeps from being corrected now.")
        Integer exempted) {

  public enum State {
    Active,
    Expired,
    Invalid
  }
}
