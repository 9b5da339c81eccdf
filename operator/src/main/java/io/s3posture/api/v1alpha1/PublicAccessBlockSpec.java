package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublicAccessBlockSpec(
    @JsonPropertyDescription(
            "Require BlockPublicAcls: reject PUTs that carry public ACLs. false means not"
                + " managed: the operator never turns a flag off.")
        @Default("true")
        Boolean blockPublicAcls,
    @JsonPropertyDescription(
            "Require IgnorePublicAcls: ignore existing public ACLs. false means not managed.")
        @Default("true")
        Boolean ignorePublicAcls,
    @JsonPropertyDescription(
            "Require BlockPublicPolicy: reject bucket policies that grant public access. false"
                + " means not managed.")
        @Default("true")
        Boolean blockPublicPolicy,
    @JsonPropertyDescription(
            "Require RestrictPublicBuckets: only AWS principals and the owner may use a bucket"
                + " with a public policy. false means not managed.")
        @Default("true")
        Boolean restrictPublicBuckets,
    @JsonPropertyDescription(MODE_DESCRIPTION) Mode mode)
    implements ControlSpec {}
