package io.s3posture.control;

import io.s3posture.aws.BucketAcl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds what a bucket policy and ACL grant to principals outside the allowed accounts and
 * organizations. Pure: no call is made here. Deliberately suspicious: a principal whose account
 * cannot be told (a unique ID left by a deleted principal, a wildcard account) counts as external.
 *
 * @param accounts the bucket owner's account(s) and the allowed accounts
 * @param organizations the allowed AWS Organizations IDs
 */
record ExternalGrants(Set<String> accounts, Set<String> organizations) {

  private static final String LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";

  ExternalGrants {
    accounts = Set.copyOf(accounts);
    organizations = Set.copyOf(organizations);
  }

  /** What the findings expect, for people. */
  String allowed() {
    List<String> parts = new ArrayList<>();
    parts.add(
        accounts.isEmpty() ? "no account" : "accounts " + String.join(", ", sorted(accounts)));
    if (!organizations.isEmpty()) {
      parts.add("organizations " + String.join(", ", sorted(organizations)));
    }
    return "access only for " + String.join(" and ", parts);
  }

  /** One finding per Allow statement that reaches a principal outside the allowed ones. */
  List<FieldDrift> inPolicy(PolicyDocument document, Optional<String> ownerCanonicalId) {
    List<FieldDrift> findings = new ArrayList<>();
    for (Statement statement : Statement.of(document)) {
      if (!statement.allows()) {
        continue;
      }
      List<String> external = external(statement, ownerCanonicalId);
      if (!external.isEmpty()) {
        findings.add(
            FieldDrift.notRemediable(
                statement.label(),
                allowed(),
                "Allow " + statement.action() + " to " + String.join(", ", external)));
      }
    }
    return findings;
  }

  /** One finding per ACL grant to someone other than the owner (log delivery excepted). */
  static List<FieldDrift> inAcl(BucketAcl acl) {
    List<FieldDrift> findings = new ArrayList<>();
    for (BucketAcl.Grant grant : acl.grants()) {
      String grantee;
      if (grant.granteeUri() != null) {
        if (LOG_DELIVERY.equals(grant.granteeUri())) {
          continue;
        }
        grantee = "group " + grant.grantee();
      } else if (grant.granteeEmail() != null) {
        grantee = "e-mail grantee " + grant.granteeEmail();
      } else if (grant.granteeId() != null && !grant.granteeId().equals(acl.ownerId())) {
        grantee = "canonical user " + grant.granteeId();
      } else {
        continue;
      }
      findings.add(
          FieldDrift.notRemediable(
              "acl.grant[" + grant.grantee() + "]",
              "ACL grants only to the bucket owner",
              grant.permission() + " to " + grantee));
    }
    return findings;
  }

  /** Condition keys that pin the caller's account or organization. */
  private static final Set<String> PRINCIPAL_KEYS =
      Set.of(
          "aws:principalorgid",
          "aws:principalorgpaths",
          "aws:principalaccount",
          "aws:principalarn");

  /** The principals of an Allow statement outside the allowed ones, for people. */
  private List<String> external(Statement statement, Optional<String> ownerCanonicalId) {
    if (statement.hasNotPrincipal()) {
      return List.of("everyone but " + statement.notPrincipal());
    }
    if (statement.restrictedBy(PRINCIPAL_KEYS, this::pinsAllowed)) {
      return List.of(); // every caller is of an allowed account or organization
    }
    List<String> external = new ArrayList<>();
    if (statement.principalIsAnyone()) {
      external.add("* (anyone)");
      return external;
    }
    for (String value : statement.awsPrincipals()) {
      Optional<String> account = accountOf(value);
      if (!account.map(accounts::contains).orElse(false)) {
        external.add(
            value.equals("*")
                ? "* (anyone)"
                : value + account.map(a -> " (account " + a + ")").orElse(" (account unknown)"));
      }
    }
    for (String value : statement.canonicalUsers()) {
      if (!ownerCanonicalId.map(value::equals).orElse(false)) {
        external.add("canonical user " + value);
      }
    }
    return external;
  }

  private boolean pinsAllowed(String key, String value) {
    return switch (key) {
      case "aws:principalorgid" -> organizations.contains(value);
      case "aws:principalorgpaths" -> organizations.contains(value.split("/", 2)[0]);
      case "aws:principalaccount" -> accounts.contains(value);
      case "aws:principalarn" ->
          value.startsWith("arn:") && accountOf(value).map(accounts::contains).orElse(false);
      default -> false;
    };
  }

  /** The account of a principal: a 12-digit id, or the account field of an IAM/STS ARN. */
  static Optional<String> accountOf(String principal) {
    if (principal.matches("[0-9]{12}")) {
      return Optional.of(principal);
    }
    String[] parts = principal.split(":", 6);
    if (parts.length == 6 && parts[0].equals("arn") && parts[4].matches("[0-9]{12}")) {
      return Optional.of(parts[4]);
    }
    return Optional.empty();
  }

  private static Set<String> sorted(Set<String> values) {
    return new TreeSet<>(values);
  }

  /** The accounts of the bucket owner known to a check, and the allowed ones. */
  static Set<String> accounts(Set<String> own, Set<String> allowed) {
    Set<String> all = new LinkedHashSet<>(own);
    all.addAll(allowed);
    return all;
  }
}
