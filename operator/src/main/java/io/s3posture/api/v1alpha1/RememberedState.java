package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * What the operator remembers of some buckets beyond the findings shown, so that a restart or a new
 * leader announces nothing twice, keeps every "since" and every count: buckets that share a
 * control, state, reason and start, listed together.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RememberedState(
    @JsonPropertyDescription(
            "The control, as in spec.controls; absent for buckets corrected in their last check.")
        String control,
    @JsonPropertyDescription(
            "Drifted, Failed, NeedsHuman, Conflict or Exempt; Corrected for buckets corrected in"
                + " their last check.")
        @Required
        String state,
    @JsonPropertyDescription("The reason of that state, as in findings.") String reason,
    @JsonPropertyDescription("When that state began (RFC 3339).") String since,
    @JsonPropertyDescription(
            "For a failed check: the state last seen before it failed (a failed read proves"
                + " nothing about the bucket).")
        String lastKnown,
    @JsonPropertyDescription("The buckets in that state.") @Required List<String> buckets) {}
