package io.s3posture.aws;

import java.util.Objects;

/**
 * An account of an AWS Organization as ListAccounts shows it.
 *
 * @param status ACTIVE, SUSPENDED or PENDING_CLOSURE
 */
public record OrganizationAccount(String id, String name, String status) {

  public static final String ACTIVE = "ACTIVE";

  public OrganizationAccount {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }

  public boolean active() {
    return ACTIVE.equals(status);
  }
}
