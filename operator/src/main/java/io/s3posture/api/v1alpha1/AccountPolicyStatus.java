package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

@JsonClassDescription(
    "The result of the last check, written by the operator: conditions, the account's Block"
        + " Public Access flags and findings.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountPolicyStatus(
    @JsonPropertyDescription("The metadata.generation the last check ran against.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "Ready: the account holds the declared settings, and what is only audited (detection"
                + " checks, Audit mode) is reported (DriftDetected); False with the reason when it"
                + " does not. Synced: the check runs (False when it cannot). Reconciling and"
                + " Stalled (only while True): on its way without anyone, or waiting for a"
                + " person (README).")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "The account-level Block Public Access flags after the last check (absent when the"
                + " policy does not manage them). Every bucket of"
                + " the account gets at least these, whatever its own settings.")
        PublicAccessBlockState publicAccessBlock,
    @JsonPropertyDescription("Why the account is not compliant, if it is not.")
        List<Finding> findings,
    @JsonPropertyDescription(
            "When the account was last checked (once per resync interval): tools such as Argo CD"
                + " tell a stopped operator from it.")
        String lastCheckTime,
    @JsonPropertyDescription(
            "When this status turns stale if no further check completes: lastCheckTime plus"
                + " three resync intervals.")
        String staleAfter,
    @JsonPropertyDescription(
            "With spec.organization: how many member accounts were discovered and how they"
                + " fared in their last check.")
        OrganizationStatus organization) {

  /** The status of an AccountPolicy of one account. */
  public AccountPolicyStatus(
      Long observedGeneration,
      List<Condition> conditions,
      PublicAccessBlockState publicAccessBlock,
      List<Finding> findings,
      String lastCheckTime,
      String staleAfter) {
    this(
        observedGeneration,
        conditions,
        publicAccessBlock,
        findings,
        lastCheckTime,
        staleAfter,
        null);
  }
}
