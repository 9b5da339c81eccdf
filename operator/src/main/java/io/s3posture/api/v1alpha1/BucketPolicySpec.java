package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonClassDescription(
    "The desired posture: which buckets, how to reach them, and the controls they must have.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BucketPolicySpec(
    @JsonPropertyDescription(
            "Which buckets this policy governs: explicit names and/or a selector. At least one.")
        @Required
        BucketTargets buckets,
    @JsonPropertyDescription("Where and as whom to reach the buckets.") @Required AwsSpec aws,
    @JsonPropertyDescription(
            "Enforce (default): detect drift and correct it. Audit: detect and report only, never"
                + " write to AWS. Each control can override this with its own mode.")
        @Default(Mode.DEFAULT)
        Mode mode,
    @JsonPropertyDescription(RESYNC_DESCRIPTION)
        @Default("10m")
        @Size(max = 32)
        @ValidationRule(value = RESYNC_RULE, message = RESYNC_MESSAGE)
        String resyncInterval,
    @JsonPropertyDescription(
            "The controls the buckets must have. Only the controls named here are managed; a"
                + " control left out is never read or written, and a flag set to false means"
                + " 'not managed', never 'turn protection off'.")
        @Required
        ControlsSpec controls,
    @JsonPropertyDescription(
            "Accepted exceptions, each with the buckets and controls it covers, a reason, an owner"
                + " and an expiry: an exempted bucket control is neither corrected nor counted as"
                + " drift until the exemption expires; then it is enforced again and an event says"
                + " so. Exemptions further ahead than the operator's maximum (90 days by default)"
                + " are not applied and status says why.")
        @Size(max = 100)
        List<Exemption> exemptions,
    @JsonPropertyDescription(
            "Guard rails for Enforce mode: a limit on the buckets one check may change, a circuit"
                + " breaker on failed corrections, and manual approval of plans.")
        EnforcementSpec enforcement) {

  static final String RESYNC_DESCRIPTION =
      "How often drift is checked, as a duration such as 30s, 10m or 1h (at least 30s, at most"
          + " 24h). A random jitter of up to 10% spreads checks out. Annotate the resource with"
          + " s3posture.io/check-now=<any new value> to request an immediate check.";
  static final String RESYNC_RULE =
      "self.matches('"
          + ApiPatterns.DURATION
          + "') && duration(self) >= duration('30s') && duration(self) <= duration('24h')";
  static final String RESYNC_MESSAGE =
      "resyncInterval must be a duration between 30s and 24h, such as 30s, 10m or 1h30m";
}
