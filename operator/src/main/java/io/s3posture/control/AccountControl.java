package io.s3posture.control;

import io.s3posture.api.v1alpha1.AccountPolicySpec;
import java.util.Optional;

/** A control of one AWS account, configured by an AccountPolicy. */
public interface AccountControl<D, O> extends Control<AccountSubject, D, O> {

  /** What {@code spec} declares for this control; empty when it does not manage it. */
  Optional<Declared<D>> declared(AccountPolicySpec spec);
}
