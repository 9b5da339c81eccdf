package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The writes that wait for approval (spec.enforcement.approval: Manual). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanStatus(
    @JsonPropertyDescription(
            "The plan's identity: approve exactly this plan with the annotation"
                + " s3posture.io/approve-plan=<hash>. It changes whenever a write of the plan"
                + " changes.")
        String hash,
    @JsonPropertyDescription("Writes in the plan.") Integer writes,
    @JsonPropertyDescription("Buckets the plan writes to.") Integer buckets,
    @JsonPropertyDescription(
            "ConfigMaps in the policy's namespace that hold the full plan, bucket by bucket, in"
                + " the order the writes would be made.")
        List<String> configMaps,
    @JsonPropertyDescription("The hash of the last plan applied after approval.")
        String lastApplied,
    @JsonPropertyDescription(
            "While the check that computes the plan is under way: the buckets still to be checked."
                + " The plan has no hash until it is complete, and only a complete plan can be"
                + " approved.")
        Integer bucketsToCheck) {}
