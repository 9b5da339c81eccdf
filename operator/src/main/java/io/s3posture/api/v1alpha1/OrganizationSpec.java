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
    "Every ACTIVE member account of an AWS Organization, each checked through a role of the same"
        + " name in it.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrganizationSpec(
    @JsonPropertyDescription(
            "Name of the IAM role the operator assumes in each member account (e.g."
                + " OrganizationAccountAccessRole or a read-mostly s3-posture-member role): the"
                + " operator assumes arn:aws:iam::<member>:role/<memberRoleName> with its own"
                + " credentials, so the role's trust policy must trust the operator's principal"
                + " (docs/iam.md). A member whose role cannot be assumed is a finding of that"
                + " account alone.")
        @Required
        @Size(min = 1, max = 64)
        @ValidationRule(
            value = "self.matches('^[A-Za-z0-9+=,.@_-]+$')",
            messageExpression =
                "'\"' + self + '\" is not an IAM role name: use up to 64 letters, digits and"
                    + " +=,.@_- (a name, not an ARN)'")
        String memberRoleName,
    @JsonPropertyDescription(
            "ExternalId for AssumeRole into the member roles, when their trust policy requires"
                + " one.")
        @Size(min = 2, max = 1224)
        String externalId,
    @JsonPropertyDescription(
            "12-digit IDs of member accounts not to check (e.g. a sandbox). Accounts of the"
                + " organization not listed here are checked as they join.")
        @Size(max = 1000)
        @ValidationRule(
            value = ApiPatterns.ACCOUNT_IDS_RULE,
            message = ApiPatterns.ACCOUNT_IDS_MESSAGE)
        List<@Size(max = 12) String> excludeAccounts,
    @JsonPropertyDescription(
            "Also check the organization's management account (through memberRoleName in it)."
                + " Off by default: AWS recommends keeping workloads out of the management"
                + " account, and its role is often not the members' one.")
        @Default("false")
        Boolean includeManagementAccount) {

  public boolean managementIncluded() {
    return Boolean.TRUE.equals(includeManagementAccount);
  }

  public List<String> excluded() {
    return excludeAccounts == null ? List.of() : excludeAccounts;
  }
}
