package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectLockSpec(
    @JsonPropertyDescription(
            "Default retention applied to new object versions. Unset: object lock must be enabled,"
                + " the default retention is not managed.")
        DefaultRetention defaultRetention,
    @JsonPropertyDescription(MODE_DESCRIPTION) Mode mode)
    implements ControlSpec {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.days) != has(self.years)",
      message = "defaultRetention needs exactly one of days or years")
  public record DefaultRetention(
      @JsonPropertyDescription(
              "Governance: users with s3:BypassGovernanceRetention can shorten or remove"
                  + " retention. Compliance: nobody can, not even the root user, until it"
                  + " expires.")
          @Required
          RetentionMode mode,
      @JsonPropertyDescription("Retention period in days (set days or years, not both).")
          @Min(1)
          @Max(36500)
          Integer days,
      @JsonPropertyDescription("Retention period in years (set days or years, not both).")
          @Min(1)
          @Max(100)
          Integer years) {}

  public enum RetentionMode {
    Governance("GOVERNANCE"),
    Compliance("COMPLIANCE");

    private final String awsName;

    RetentionMode(String awsName) {
      this.awsName = awsName;
    }

    public String awsName() {
      return awsName;
    }
  }
}
