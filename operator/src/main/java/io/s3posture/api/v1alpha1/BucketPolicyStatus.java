package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

@JsonClassDescription(
    "The result of the last check, written by the operator: conditions, bucket counts and the"
        + " findings of buckets that are not compliant.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BucketPolicyStatus(
    @JsonPropertyDescription("The metadata.generation the last check ran against.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "Ready: the last check ran (True) or could not run (False, with the reason)."
                + " Compliant: every governed bucket matches every managed control.")
        List<Condition> conditions,
    @JsonPropertyDescription("Bucket counts of the last check.") BucketCounts buckets,
    @JsonPropertyDescription(
            "Controls of buckets that are not compliant, worst first, at most 50 entries.")
        List<Finding> findings,
    @JsonPropertyDescription("How many further findings were left out of findings.")
        Integer findingsOmitted) {}
