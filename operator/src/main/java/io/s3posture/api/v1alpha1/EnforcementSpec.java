package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Guard rails for Enforce mode: how much one check may change, and who approves it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnforcementSpec(
    @JsonPropertyDescription(
            "The most buckets one check of the policy may change. A check that would change more"
                + " (typically a spec change with a wrong value) pauses enforcement"
                + " (Ready=False, EnforcementPaused) with nothing written beyond the limit; the"
                + " policy keeps auditing until a person resumes it (annotation"
                + " s3posture.io/resume-enforcement=<any new value>) or the spec changes.")
        @Default("25")
        @Min(1)
        @Max(100000)
        Integer maxBucketsChangedPerCheck,
    @JsonPropertyDescription(
            "Failed corrections in one check that pause enforcement (a circuit breaker: a wrong"
                + " key ARN or missing permissions fail on every bucket).")
        @Default("10")
        @Min(1)
        @Max(100000)
        Integer maxWriteFailuresPerCheck,
    @JsonPropertyDescription(
            "Automatic (default): corrections are made as drift is found. Manual: the operator"
                + " computes the plan (every write, bucket by bucket), shows it in status and in"
                + " ConfigMaps, and applies it only when a person approves that exact plan"
                + " (annotation s3posture.io/approve-plan=<status.plan.hash>).")
        @Default("Automatic")
        Approval approval) {

  /** Whether corrections wait for a person. */
  public enum Approval {
    Automatic,
    Manual
  }
}
