package io.s3posture.operator;

import io.s3posture.changes.EventQueue;
import io.s3posture.changes.EventQueues;
import io.s3posture.fleet.ExemptionRules;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from environment variables (the Helm chart sets them).
 *
 * @param managementPort port of /metrics, /healthz and /readyz
 * @param watchNamespaces namespaces whose BucketPolicies are reconciled; empty = all
 * @param leaderElection only one replica reconciles at a time
 * @param leaseNamespace namespace of the leader election Lease
 * @param metricsBucketLabel per-bucket metric series (turn off for very large fleets)
 * @param bucketConcurrency buckets checked in parallel, across all policies
 * @param accountConcurrency buckets of one account checked in parallel (a slow or failing account
 *     cannot take every worker)
 * @param queueCapacity buckets that may wait for a check; beyond, change events are dropped
 * @param awsMaxAttempts attempts per AWS call (the SDK retries throttling with backoff)
 * @param defaultEndpoint endpoint for policies that set none (S3-compatible stores, local tests)
 * @param accountPolicies reconcile AccountPolicy (cluster-scoped; needs cluster-wide RBAC)
 * @param eventQueues SQS queues of S3 change events (CloudTrail via EventBridge); empty = off
 * @param maxExemption how far ahead an exemption may end and still be applied
 * @param accountWritesPerSecond S3 and S3 Control writes a second per account; 0 = not paced
 * @param reports write an OpenReports Report (openreports.io/v1alpha1) per BucketPolicy
 * @param reportsCrdRecheck how often to look for the Report CRD again while it is not installed
 * @param shard the policies this process owns when several shards run (see {@link Shard})
 */
public record OperatorConfig(
    int managementPort,
    Set<String> watchNamespaces,
    boolean leaderElection,
    String leaseNamespace,
    boolean metricsBucketLabel,
    int bucketConcurrency,
    int accountConcurrency,
    int queueCapacity,
    int awsMaxAttempts,
    Optional<URI> defaultEndpoint,
    boolean accountPolicies,
    List<EventQueue> eventQueues,
    Duration maxExemption,
    int accountWritesPerSecond,
    boolean reports,
    Duration reportsCrdRecheck,
    Shard shard) {

  public static final String LEASE_NAME = "s3-posture-operator";

  /** S3 answers in tens of milliseconds: checks are latency-bound, not CPU-bound. */
  static final int DEFAULT_CONCURRENCY = 32;

  /**
   * Far below S3's request rates, so the operator's corrections never take an account's request
   * budget, and still a thousand buckets' worth of corrections in under two minutes.
   */
  static final int DEFAULT_ACCOUNT_WRITES_PER_SECOND = 20;

  /** A discovery call every few minutes while the CRD is missing: cheap, and no log spam. */
  static final int DEFAULT_REPORTS_CRD_RECHECK_SECONDS = 300;

  public OperatorConfig {
    eventQueues = List.copyOf(eventQueues);
    Objects.requireNonNull(shard, "shard");
  }

  /** The leader-election Lease of this process's shard. */
  public String leaseName() {
    return shard.leaseName(LEASE_NAME);
  }

  /** Without change events. */
  public OperatorConfig(
      int managementPort,
      Set<String> watchNamespaces,
      boolean leaderElection,
      String leaseNamespace,
      boolean metricsBucketLabel,
      int bucketConcurrency,
      int accountConcurrency,
      int queueCapacity,
      int awsMaxAttempts,
      Optional<URI> defaultEndpoint,
      boolean accountPolicies) {
    this(
        managementPort,
        watchNamespaces,
        leaderElection,
        leaseNamespace,
        metricsBucketLabel,
        bucketConcurrency,
        accountConcurrency,
        queueCapacity,
        awsMaxAttempts,
        defaultEndpoint,
        accountPolicies,
        List.of(),
        ExemptionRules.DEFAULT_MAX_AHEAD,
        DEFAULT_ACCOUNT_WRITES_PER_SECOND,
        false,
        Duration.ofSeconds(DEFAULT_REPORTS_CRD_RECHECK_SECONDS),
        Shard.NONE);
  }

  /** The same settings with OpenReports Reports on, looking for their CRD every {@code recheck}. */
  public OperatorConfig withReports(Duration recheck) {
    return copy(eventQueues, true, recheck);
  }

  /** The same settings, receiving change events from {@code queues}. */
  public OperatorConfig withEventQueues(List<EventQueue> queues) {
    return copy(queues, reports, reportsCrdRecheck);
  }

  private OperatorConfig copy(List<EventQueue> queues, boolean withReports, Duration recheck) {
    return new OperatorConfig(
        managementPort,
        watchNamespaces,
        leaderElection,
        leaseNamespace,
        metricsBucketLabel,
        bucketConcurrency,
        accountConcurrency,
        queueCapacity,
        awsMaxAttempts,
        defaultEndpoint,
        accountPolicies,
        queues,
        maxExemption,
        accountWritesPerSecond,
        withReports,
        recheck,
        shard);
  }

  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return new OperatorConfig(
        integer(env, "S3POSTURE_MANAGEMENT_PORT", 8080),
        Arrays.stream(env.getOrDefault("S3POSTURE_WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        bool(env, "S3POSTURE_LEADER_ELECTION", false),
        env.getOrDefault(
            "S3POSTURE_LEADER_ELECTION_NAMESPACE", env.getOrDefault("POD_NAMESPACE", "default")),
        bool(env, "S3POSTURE_METRICS_BUCKET_LABEL", true),
        integer(env, "S3POSTURE_BUCKET_CONCURRENCY", DEFAULT_CONCURRENCY),
        integer(
            env,
            "S3POSTURE_ACCOUNT_CONCURRENCY",
            Math.max(1, integer(env, "S3POSTURE_BUCKET_CONCURRENCY", DEFAULT_CONCURRENCY) / 2)),
        integer(env, "S3POSTURE_QUEUE_CAPACITY", 200_000),
        integer(env, "S3POSTURE_AWS_MAX_ATTEMPTS", 5),
        Optional.ofNullable(env.get("S3POSTURE_DEFAULT_ENDPOINT"))
            .filter(s -> !s.isBlank())
            .map(URI::create),
        bool(env, "S3POSTURE_ACCOUNT_POLICIES", true),
        EventQueues.parse(env.get(EventQueues.VARIABLE)),
        Duration.ofDays(
            integer(
                env,
                "S3POSTURE_MAX_EXEMPTION_DAYS",
                (int) ExemptionRules.DEFAULT_MAX_AHEAD.toDays())),
        integer(env, "S3POSTURE_ACCOUNT_WRITES_PER_SECOND", DEFAULT_ACCOUNT_WRITES_PER_SECOND),
        bool(env, "S3POSTURE_REPORTS", false),
        Duration.ofSeconds(
            Math.max(
                1,
                integer(
                    env,
                    "S3POSTURE_REPORTS_CRD_RECHECK_SECONDS",
                    DEFAULT_REPORTS_CRD_RECHECK_SECONDS))),
        new Shard(integer(env, "S3POSTURE_SHARD", 0), integer(env, "S3POSTURE_SHARDS", 1)));
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a non-negative integer, got '" + value + "'");
    }
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    };
  }
}
