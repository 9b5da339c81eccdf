package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Whether a guard rail stopped the policy from writing, since when and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnforcementStatus(
    @JsonPropertyDescription(
            "True when a guard rail paused enforcement: the policy audits and writes nothing until"
                + " a person resumes it (annotation s3posture.io/resume-enforcement) or the spec"
                + " changes.")
        Boolean paused,
    @JsonPropertyDescription("TooManyChanges or TooManyWriteFailures.") String reason,
    @JsonPropertyDescription("What tripped, with the counts.") String message,
    @JsonPropertyDescription("When it paused (RFC 3339).") String since,
    @JsonPropertyDescription("The last value of the resume annotation the operator honoured.")
        String resumedWith) {}
