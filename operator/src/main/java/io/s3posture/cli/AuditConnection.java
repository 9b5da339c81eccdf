package io.s3posture.cli;

import io.s3posture.api.v1alpha1.AwsSpec;
import io.s3posture.aws.AccountGateway;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsEndpoints;
import io.s3posture.aws.AwsGateways;
import io.s3posture.aws.AwsProfiles;
import io.s3posture.aws.DetectionGateway;
import io.s3posture.aws.OperatorPrincipals;
import io.s3posture.aws.OrganizationGateway;
import io.s3posture.aws.S3Gateway;
import io.s3posture.target.AwsTargets;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where and as whom the audit talks to AWS: the operator's gateways for one spec.aws, with a
 * gateway per bucket region.
 */
public final class AuditConnection {

  private static final String FALLBACK_REGION = "us-east-1";

  /** The CLI names its endpoint in --endpoint or the policy file; there is no default. */
  private static final AwsTargets TARGETS = new AwsTargets(Optional.empty());

  private final AwsClientFactory clients;
  private final AwsGateways gateways;
  private final AwsSpec aws;
  private final Map<String, S3Gateway> bucketGateways = new ConcurrentHashMap<>();
  private volatile String callerAccount;
  private volatile Optional<String> operatorPrincipal;

  public AuditConnection(AwsClientFactory clients, AwsSpec aws) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.gateways = new AwsGateways(clients);
    this.aws = Objects.requireNonNull(aws, "aws");
  }

  /**
   * A usage error for a {@code --profile} the shared AWS files do not define: the SDK would only
   * say that no provider of its chain has credentials.
   */
  public static void requireProfile(Optional<String> profile) {
    profile
        .filter(name -> !AwsProfiles.exists(name))
        .ifPresent(
            name -> {
              List<String> known = AwsProfiles.names();
              throw new UsageException(
                  "the AWS profile '"
                      + name
                      + "' does not exist: neither "
                      + String.join(" nor ", AwsProfiles.files())
                      + " defines it"
                      + (known.isEmpty()
                          ? ""
                          : " (profiles there: " + String.join(", ", known) + ")"));
            });
  }

  /**
   * The command line over the policy's spec.aws. Without a region anywhere, the SDK's default
   * (environment, profile) or us-east-1: then only the listing and locating calls go there.
   */
  public static AwsSpec awsSpec(
      AuditOptions options, Optional<AwsSpec> policy, Optional<String> region) {
    return new AwsSpec(
        region.orElseGet(() -> defaultRegion(options.profile())),
        options.accountId().or(() -> policy.map(AwsSpec::accountId)).orElse(null),
        options.roleArn().or(() -> policy.map(AwsSpec::roleArn)).orElse(null),
        // the external id goes with its role: the command line's, or the policy's
        options.roleArn().isPresent()
            ? options.externalId().orElse(null)
            : policy.map(AwsSpec::externalId).orElse(null),
        options.endpoint().map(URI::toString).or(() -> policy.map(AwsSpec::endpoint)).orElse(null));
  }

  private static String defaultRegion(Optional<String> profile) {
    return AwsProfiles.defaultRegion(profile).orElse(FALLBACK_REGION);
  }

  /**
   * Whether the audit talks to AWS itself ({@link AwsEndpoints}): checks that need what only AWS
   * reports are strict there, unverifiable elsewhere.
   */
  public boolean onAws() {
    return AwsEndpoints.isAws(Optional.ofNullable(aws.endpoint()).map(URI::create));
  }

  public String defaultRegion() {
    return aws.region();
  }

  public S3Gateway bucketGateway(String region) {
    return bucketGateways.computeIfAbsent(
        region, r -> gateways.bucketGateway(TARGETS.of(aws).withRegion(r)));
  }

  /**
   * The principal the operator would act as for these buckets, as bucket-policy statements must
   * exempt it: the role the policy (or --role-arn) assumes, else this command's own identity (STS).
   */
  public Optional<String> operatorPrincipal() {
    Optional<String> principal = operatorPrincipal;
    if (principal == null) {
      principal = new OperatorPrincipals(clients).apply(TARGETS.of(aws));
      operatorPrincipal = principal;
    }
    return principal;
  }

  /** The organization the audit's credentials (or role) can list. */
  public OrganizationGateway organizationGateway() {
    return gateways.organizationGateway(TARGETS.of(aws));
  }

  /**
   * The same audit in a member account of the organization, through {@code roleArn} in it (with the
   * same clients, region and endpoint).
   */
  public AuditConnection member(String accountId, String roleArn, Optional<String> externalId) {
    return new AuditConnection(
        clients,
        new AwsSpec(aws.region(), accountId, roleArn, externalId.orElse(null), aws.endpoint()));
  }

  public AccountGateway accountGateway() {
    return gateways.accountGateway(TARGETS.of(aws));
  }

  public DetectionGateway detectionGateway() {
    return gateways.detectionGateway(TARGETS.of(aws));
  }

  /**
   * The account whose settings are checked: --account-id, else the account of the principal the
   * audit acts as (the role it assumes, or the caller: one STS call for both), else STS asked again
   * for the failure to report.
   */
  public String accountId() {
    if (aws.accountId() != null) {
      return aws.accountId();
    }
    if (callerAccount == null) {
      callerAccount =
          operatorPrincipal()
              .flatMap(AuditConnection::accountOf)
              .orElseGet(() -> clients.clientsFor(TARGETS.of(aws)).callerAccountId());
    }
    return callerAccount;
  }

  /** The account field of an IAM ARN. */
  private static Optional<String> accountOf(String arn) {
    String[] parts = arn.split(":", 6);
    return parts.length == 6 && parts[4].matches("[0-9]{12}")
        ? Optional.of(parts[4])
        : Optional.empty();
  }
}
