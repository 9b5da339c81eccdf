package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A known finding that is accepted for a while: which controls of which buckets, why, who answers
 * for it and until when. Once it expires the finding counts again. The audit command reads these
 * from a suppressions file ({@code exemptions: [...]}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Exemption(
    @JsonPropertyDescription(
            "Buckets the exemption covers: names or glob patterns ('*' matches any run of"
                + " characters, '?' one character), e.g. 'public-website' or 'cdn-origin-*'.")
        @Required
        @Size(min = 1, max = 100)
        List<@Size(min = 1, max = 63) @Pattern(BUCKET_GLOB) String> buckets,
    @JsonPropertyDescription(
            "Controls exempted, by their name in spec.controls, e.g. websiteDisabled or"
                + " versioning (versioning covers MFA delete too).")
        @Required
        @Size(min = 1, max = 20)
        List<@Size(min = 1, max = 64) String> controls,
    @JsonPropertyDescription("Why the finding is accepted, for the next reviewer.")
        @Required
        @Size(min = 1, max = 1024)
        String reason,
    @JsonPropertyDescription("Who answers for the exemption: a team or a person.")
        @Required
        @Size(min = 1, max = 256)
        String owner,
    @JsonPropertyDescription(
            "When the exemption ends, as an RFC 3339 date-time such as 2026-06-30T00:00:00Z. From"
                + " then on the finding counts again.")
        @Required
        @Pattern(RFC3339)
        String expires) {

  static final String BUCKET_GLOB = "^[a-z0-9.*?-]+$";

  /** RFC 3339 date-time: date, 'T', time with optional fraction, and a zone (Z or offset). */
  static final String RFC3339 =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$";
}
