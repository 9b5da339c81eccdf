package io.s3posture.changes;

import io.s3posture.aws.AwsTarget;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises change events caused by the operator's own writes, from CloudTrail's {@code
 * userIdentity}, so that a correction does not trigger another check. The operator's identities:
 *
 * <ul>
 *   <li>caller ARNs, as STS GetCallerIdentity returns them per target: an IAM user ({@code
 *       arn:aws:iam::A:user/N}), an assumed-role session ({@code arn:aws:sts::A:assumed-role/R/S}),
 *       the root user; matched exactly against {@code userIdentity.arn};
 *   <li>roles the operator assumes itself (a policy's {@code spec.aws.roleArn}, a queue's role):
 *       its sessions are named {@value AwsTarget#ROLE_SESSION_NAME}, so an event is its own when
 *       the session issuer is such a role and the session name is the operator's;
 *   <li>roles only the operator uses (its IRSA or Pod Identity role), whose session names the
 *       credential provider generates: any session of such a role is the operator.
 * </ul>
 *
 * Roles are compared by account and name (IAM role names are unique per account regardless of path,
 * and case-insensitive); an assumed-role ARN carries no path while a session issuer ARN does.
 * Events without a principal ARN (AWS services, {@code invokedBy}) are never the operator's.
 * Thread-safe: identities can be added while events are matched.
 */
public final class OwnWriteRecogniser {

  /** {@code arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION}. */
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("^arn:[a-z-]+:sts::(\\d{12}):assumed-role/([^/]+)/([^/]+)$");

  /** {@code arn:PARTITION:iam::ACCOUNT:role/PATH/ROLE}. */
  private static final Pattern ROLE =
      Pattern.compile("^arn:[a-z-]+:iam::(\\d{12}):role/(?:.*/)?([^/]+)$");

  private final String sessionName;
  private final Set<String> callerArns = ConcurrentHashMap.newKeySet();
  private final Set<String> assumedRoles = ConcurrentHashMap.newKeySet();
  private final Set<String> dedicatedRoles = ConcurrentHashMap.newKeySet();

  public OwnWriteRecogniser() {
    this(AwsTarget.ROLE_SESSION_NAME);
  }

  OwnWriteRecogniser(String sessionName) {
    this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
  }

  /** An ARN STS GetCallerIdentity returned for one of the operator's targets. */
  public OwnWriteRecogniser addCallerArn(String arn) {
    callerArns.add(Objects.requireNonNull(arn, "arn"));
    return this;
  }

  /** A role the operator assumes (its sessions are named {@value AwsTarget#ROLE_SESSION_NAME}). */
  public OwnWriteRecogniser addAssumedRole(String roleArn) {
    assumedRoles.add(roleKey(roleArn));
    return this;
  }

  /** A role no one but the operator uses: every session of it is the operator. */
  public OwnWriteRecogniser addDedicatedRole(String roleArn) {
    dedicatedRoles.add(roleKey(roleArn));
    return this;
  }

  public boolean isOwnWrite(ChangeEvent event) {
    Optional<String> principal = event.principalArn();
    if (principal.isEmpty()) {
      return false;
    }
    if (callerArns.contains(principal.get())) {
      return true;
    }
    Matcher session = ASSUMED_ROLE.matcher(principal.get());
    if (!session.matches()) {
      return false;
    }
    String role =
        event
            .sessionIssuerArn()
            .flatMap(OwnWriteRecogniser::roleKeyOf)
            .orElse(key(session.group(1), session.group(2)));
    return dedicatedRoles.contains(role)
        || (assumedRoles.contains(role) && sessionName.equals(session.group(3)));
  }

  private static String roleKey(String roleArn) {
    return roleKeyOf(Objects.requireNonNull(roleArn, "roleArn"))
        .orElseThrow(() -> new IllegalArgumentException("not an IAM role ARN: " + roleArn));
  }

  private static Optional<String> roleKeyOf(String arn) {
    Matcher role = ROLE.matcher(arn);
    return role.matches() ? Optional.of(key(role.group(1), role.group(2))) : Optional.empty();
  }

  private static String key(String account, String roleName) {
    return account + "/" + roleName.toLowerCase(Locale.ROOT);
  }
}
