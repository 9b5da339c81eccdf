package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

@JsonClassDescription(
    "The result of the last check, written by the operator: conditions, the account's Block"
        + " Public Access flags and findings.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountPolicyStatus(
    @JsonPropertyDescription("The metadata.generation the last check ran against.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "Ready: the last check ran. Compliant: the account matches the declared settings.")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "The account-level Block Public Access flags after the last check. Every bucket of"
                + " the account gets at least these, whatever its own settings.")
        PublicAccessBlockState publicAccessBlock,
    @JsonPropertyDescription("Why the account is not compliant, if it is not.")
        List<Finding> findings) {}
