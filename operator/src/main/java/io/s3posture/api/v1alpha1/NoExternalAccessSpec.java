package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The accounts and organizations a bucket may be shared with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoExternalAccessSpec(
    @JsonPropertyDescription(
            "12-digit AWS accounts that may have access besides the bucket owner's (the account"
                + " the operator acts in for the bucket).")
        @Size(max = 100)
        @ValidationRule(
            value = ApiPatterns.ACCOUNT_IDS_RULE,
            message = ApiPatterns.ACCOUNT_IDS_MESSAGE)
        List<@Size(max = 12) String> allowedAccounts,
    @JsonPropertyDescription(
            "AWS Organizations IDs (o-...): a statement whose principals are narrowed to one of"
                + " these with aws:PrincipalOrgID is not external.")
        @Size(max = 20)
        @ValidationRule(
            value = ApiPatterns.ORGANIZATION_IDS_RULE,
            message = ApiPatterns.ORGANIZATION_IDS_MESSAGE)
        List<@Size(max = 34) String> allowedOrganizations,
    @JsonPropertyDescription(MODE_DESCRIPTION) Mode mode)
    implements ControlSpec {}
