package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Access only through the listed VPC endpoints, except for the listed principals. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VpcEndpointOnlySpec(
    @JsonPropertyDescription(
            "The VPC endpoint IDs (vpce-...) requests must come through (aws:SourceVpce).")
        @Required
        @Size(min = 1, max = 20)
        @ValidationRule(
            value = ApiPatterns.VPC_ENDPOINTS_RULE,
            message = ApiPatterns.VPC_ENDPOINTS_MESSAGE)
        List<@Size(max = 32) String> endpoints,
    @JsonPropertyDescription(
            "IAM principals (role, user or account root ARNs; * and ? wildcards allowed) that keep"
                + " access from anywhere (aws:PrincipalArn): break-glass roles, CI, services."
                + " The operator's own role is always exempt; listing it here keeps the statement"
                + " the same whoever checks it (the audit command).")
        @Size(max = 20)
        @ValidationRule(
            value = ApiPatterns.PRINCIPAL_ARNS_RULE,
            message = ApiPatterns.PRINCIPAL_ARNS_MESSAGE)
        List<@Size(max = 512) String> exemptPrincipals,
    @JsonPropertyDescription(
            "Overrides spec.mode for this control only. Unset: Audit (a wrong endpoint list locks"
                + " everyone else out of the bucket); set Enforce to let the operator write the"
                + " statement.")
        Mode mode)
    implements ControlSpec {}
