package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.namePatterns) && size(self.namePatterns) > 0) || (has(self.tags) &&"
            + " size(self.tags) > 0)",
    message = "selector needs namePatterns, tags, or both")
public record BucketSelector(
    @JsonPropertyDescription(
            "Glob patterns on bucket names: '*' matches any run of characters, '?' one character."
                + " A bucket matches if any pattern matches, e.g. 'logs-*' or 'team-?-data'.")
        @Size(max = 50)
        List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9.*?-]+$") String> namePatterns,
    @JsonPropertyDescription(
            "Bucket tags that must all be present with these exact values. Checking tags costs one"
                + " GetBucketTagging call per candidate bucket and resync.")
        @Size(max = 50)
        Map<String, String> tags) {}
