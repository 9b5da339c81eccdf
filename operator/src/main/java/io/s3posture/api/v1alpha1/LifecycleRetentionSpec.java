package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** How long lifecycle rules must let data live before they may expire it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleRetentionSpec(
    @JsonPropertyDescription(
            "No enabled rule may expire current versions (Expiration) before they are this many"
                + " days old. A rule that expires on a fixed Date expires every object in its"
                + " scope whatever its age, so it is always sooner. In an unversioned bucket"
                + " expiring a current version deletes it for good. 0: current versions are not"
                + " checked.")
        @Default("7")
        @Min(0)
        @Max(36500)
        Integer minCurrentVersionDays,
    @JsonPropertyDescription(
            "No enabled rule may delete noncurrent versions (NoncurrentVersionExpiration) sooner"
                + " than this many days after they became noncurrent: they are what a person"
                + " recovers from after ransomware or a mass delete. NewerNoncurrentVersions does"
                + " not make a shorter rule acceptable: whoever can write can push the good"
                + " versions out with a few overwrites. 0: noncurrent versions are not checked.")
        @Default("7")
        @Min(0)
        @Max(36500)
        Integer minNoncurrentVersionDays,
    @JsonPropertyDescription(
            "Key prefixes whose rules are not checked, e.g. 'tmp/': a rule whose scope (its"
                + " Prefix, Filter.Prefix or Filter.And.Prefix) starts with one of them may expire"
                + " sooner. A rule filtered only by tags or object size is always checked: anyone"
                + " who can tag objects could bring them into its scope.")
        @Size(max = 50)
        @ValidationRule(
            value = "self.all(p, size(p) > 0)",
            message = "an exempt prefix must not be empty: it would exempt every rule")
        List<@Size(max = 1024) String> exemptPrefixes,
    @JsonPropertyDescription(MODE_DESCRIPTION) Mode mode)
    implements ControlSpec {}
