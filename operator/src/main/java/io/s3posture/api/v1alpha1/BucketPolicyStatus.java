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
            "Ready: the policy holds as declared (True: every bucket it enforces is compliant,"
                + " and the drift of what it only audits is reported, DriftDetected; False with"
                + " the reason: failed checks, a conflict, a person needed, paused, awaiting"
                + " approval, no bucket selected; Unknown while the first check runs or evidence"
                + " is too old). Synced: the checks run (False with the reason when they cannot:"
                + " credentials, listing, ...). Reconciling (only while True): checks or retries"
                + " under way will change the state without anyone. Stalled (only while True):"
                + " nothing changes until a person acts. kubectl wait, kstatus and Argo CD agree"
                + " on these (README).")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "Bucket counts: each governed bucket counts once, under its worst control, as of its"
                + " last check.")
        BucketCounts buckets,
    @JsonPropertyDescription(
            "Controls of buckets that are not compliant, worst first, at most 50 entries.")
        List<Finding> findings,
    @JsonPropertyDescription("How many further findings were left out of findings.")
        Integer findingsOmitted,
    @JsonPropertyDescription(
            "When every governed bucket was last checked (a sweep completed, once per resync"
                + " interval): tools such as Argo CD tell a stopped operator from it.")
        String lastCheckTime,
    @JsonPropertyDescription(
            "When this status turns stale if no further check completes: lastCheckTime plus"
                + " three resync intervals. Tools such as Argo CD compare it with the time to tell"
                + " a stopped operator.")
        String staleAfter,
    @JsonPropertyDescription("How each of spec.exemptions is applied.")
        List<ExemptionStatus> exemptions,
    @JsonPropertyDescription("Set when a guard rail paused enforcement.")
        EnforcementStatus enforcement,
    @JsonPropertyDescription(
            "The plan that waits for approval (spec.enforcement.approval: Manual), when there is"
                + " one.")
        PlanStatus plan,
    @JsonPropertyDescription(
            "What the operator remembers beyond findings (buckets left out of them, the state"
                + " before a failure, buckets corrected in their last check), so that a restart or"
                + " a new leader announces nothing twice and keeps every 'since' and count."
                + " Bounded in size; absent when findings say it all.")
        List<RememberedState> remembered,
    @JsonPropertyDescription(
            "Written by operator versions before 0.2 (gzip, base64): read once after an upgrade,"
                + " then removed.")
        String memory) {}
