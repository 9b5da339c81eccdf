package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.names) && size(self.names) > 0) || has(self.selector)",
    message =
        "spec.buckets needs at least one target: list bucket names, or set a selector (name"
            + " patterns and/or tags)")
public record BucketTargets(
    @JsonPropertyDescription(
            "Bucket names governed by this policy. A listed bucket that does not exist is"
                + " reported as failed (NoSuchBucket) and checked again on the next resync.")
        @Size(max = 1000)
        @ValidationRule(
            value = ApiPatterns.BUCKET_NAMES_RULE,
            message = ApiPatterns.BUCKET_NAMES_MESSAGE)
        List<@Size(min = 3, max = 63) @Pattern(ApiPatterns.BUCKET_NAME_PATTERN) String> names,
    @JsonPropertyDescription(
            "Selects buckets by name pattern and/or tags among the buckets the operator's"
                + " credentials can list in spec.aws.region. Re-evaluated on every resync, so new"
                + " buckets are picked up.")
        BucketSelector selector) {}
