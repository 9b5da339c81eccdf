package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrganizationStatus(
    @JsonPropertyDescription(
            "Member accounts checked: ACTIVE in the last listing, minus excludeAccounts.")
        Integer accounts,
    @JsonPropertyDescription("Of them, accounts whose last check found everything as declared.")
        Integer compliant,
    @JsonPropertyDescription(
            "Of them, accounts with drift, or waiting for a person, or in conflict (see findings).")
        Integer notCompliant,
    @JsonPropertyDescription(
            "Of them, accounts whose last check failed (e.g. the member role could not be"
                + " assumed); findings name each with the cause.")
        Integer failed,
    @JsonPropertyDescription("Of them, accounts not checked yet (joined since the last check).")
        Integer notChecked,
    @JsonPropertyDescription(
            "The IDs of the accounts whose last check failed, sorted (at most 100).")
        List<String> failedAccounts) {}
