package io.s3posture.aws;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds and caches SDK clients per {@link AwsTarget}: region, endpoint override, the SDK's
 * standard retries (throttling backs off), and credentials from the default chain (IRSA, Pod
 * Identity, environment) or an assumed role whose credentials STS refreshes before they expire.
 */
public final class AwsClientFactory implements AutoCloseable {

  /** Longer than SQS's longest long poll (20 s), which the generic attempt timeout would cut. */
  private static final Duration SQS_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(60);

  private final List<ExecutionInterceptor> interceptors;
  private final int maxAttempts;
  private final WritePacer pacer;
  private final AwsTimeouts timeouts;
  private final SdkHttpClient httpClient;
  private final DefaultCredentialsProvider baseCredentials;
  private final List<AutoCloseable> assumedRoleProviders = new CopyOnWriteArrayList<>();
  private final Map<AwsTarget, AwsClients> clients = new ConcurrentHashMap<>();
  private final Map<AwsTarget, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
  private final Map<AwsTarget, SqsClient> sqsClients = new ConcurrentHashMap<>();

  public AwsClientFactory(List<AwsCallListener> listeners, int maxAttempts) {
    this(listeners, maxAttempts, Optional.empty());
  }

  /** With raw SDK interceptors after the listeners' (tests of the boundary itself). */
  static AwsClientFactory withInterceptors(
      List<AwsCallListener> listeners, List<ExecutionInterceptor> interceptors, int attempts) {
    List<ExecutionInterceptor> all = new ArrayList<>();
    all.add(new CallListenerInterceptor(listeners));
    all.addAll(interceptors);
    return new AwsClientFactory(
        Optional.empty(), all, attempts, WritePacer.UNLIMITED, AwsTimeouts.STANDARD);
  }

  /**
   * @param profile a named profile of the shared AWS config files for the default credential chain
   */
  public AwsClientFactory(
      List<AwsCallListener> listeners, int maxAttempts, Optional<String> profile) {
    this(listeners, maxAttempts, profile, WritePacer.UNLIMITED, AwsTimeouts.STANDARD);
  }

  /** Standard timeouts; writes paced by {@code pacer}. */
  public AwsClientFactory(
      List<AwsCallListener> listeners,
      int maxAttempts,
      Optional<String> profile,
      WritePacer pacer) {
    this(listeners, maxAttempts, profile, pacer, AwsTimeouts.STANDARD);
  }

  /** Writes not paced; {@code timeouts} instead of the standard ones. */
  public AwsClientFactory(
      List<AwsCallListener> listeners,
      int maxAttempts,
      Optional<String> profile,
      AwsTimeouts timeouts) {
    this(listeners, maxAttempts, profile, WritePacer.UNLIMITED, timeouts);
  }

  /**
   * @param pacer spaces the S3 and S3 Control writes of each account
   * @param timeouts connection, socket, attempt and call timeouts ({@link AwsTimeouts#STANDARD})
   */
  public AwsClientFactory(
      List<AwsCallListener> listeners,
      int maxAttempts,
      Optional<String> profile,
      WritePacer pacer,
      AwsTimeouts timeouts) {
    this(
        profile,
        listeners.isEmpty()
            ? List.<ExecutionInterceptor>of()
            : List.<ExecutionInterceptor>of(new CallListenerInterceptor(listeners)),
        maxAttempts,
        pacer,
        timeouts);
  }

  private AwsClientFactory(
      Optional<String> profile,
      List<ExecutionInterceptor> interceptors,
      int maxAttempts,
      WritePacer pacer,
      AwsTimeouts timeouts) {
    this.interceptors = List.copyOf(interceptors);
    this.maxAttempts = maxAttempts;
    this.pacer = Objects.requireNonNull(pacer, "pacer");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.httpClient =
        ApacheHttpClient.builder()
            .maxConnections(64)
            .connectionTimeout(timeouts.connect())
            .socketTimeout(timeouts.socket())
            .build();
    this.baseCredentials =
        DefaultCredentialsProvider.builder().profileName(profile.orElse(null)).build();
  }

  /**
   * Whether the default chain (or the named profile) has credentials, asked once before any call:
   * without them every call fails the same way, and one message says so better than one per call.
   */
  public Optional<AwsFailure> credentialsProblem() {
    try {
      baseCredentials.resolveCredentials();
      return Optional.empty();
    } catch (RuntimeException e) {
      AwsFailure failure = AwsErrorClassifier.classify("resolving AWS credentials", e);
      return failure.kind() == FailureKind.CREDENTIALS
          ? Optional.of(failure)
          : Optional.empty(); // e.g. a network failure: the calls will say more
    }
  }

  public AwsClients clientsFor(AwsTarget target) {
    Objects.requireNonNull(target, "target");
    return clients.computeIfAbsent(target, this::build);
  }

  /**
   * A gateway to one SQS queue, with an SQS client for the target's region, credentials (default
   * chain or assumed role) and endpoint; the target's account id is not used.
   */
  public QueueGateway queueGateway(AwsTarget target, String queueUrl) {
    Objects.requireNonNull(target, "target");
    return new SdkQueueGateway(sqsClients.computeIfAbsent(target, this::buildSqs), queueUrl);
  }

  private SqsClient buildSqs(AwsTarget target) {
    Region region = Region.of(target.region());
    var sqs =
        SqsClient.builder()
            .region(region)
            .httpClient(httpClient)
            .credentialsProvider(credentialsFor(target, region))
            .overrideConfiguration(
                overrides().toBuilder()
                    .apiCallAttemptTimeout(SQS_ATTEMPT_TIMEOUT)
                    .apiCallTimeout(SQS_CALL_TIMEOUT)
                    .build());
    target.endpoint().ifPresent(sqs::endpointOverride);
    return sqs.build();
  }

  /** The target's clients; each is built on first use (see {@link AwsClients}). */
  private AwsClients build(AwsTarget target) {
    Region region = Region.of(target.region());
    return new AwsClients(
        target,
        () -> s3(target, region),
        () -> s3Control(target, region),
        () -> sts(target, region),
        () -> cloudTrail(target, region),
        () -> jsonClient("Config", "config", region, target, credentialsFor(target, region)),
        () -> jsonClient("GuardDuty", "guardduty", region, target, credentialsFor(target, region)),
        () -> jsonClient("Macie2", "macie2", region, target, credentialsFor(target, region)),
        () -> {
          Region home = organizationsRegion(target);
          return jsonClient(
              "Organizations", "organizations", home, target, credentialsFor(target, home));
        });
  }

  /**
   * Where AWS serves Organizations: one endpoint per partition, in us-east-1 (cn-northwest-1 in
   * China, us-gov-west-1 in GovCloud); an endpoint override (a local stack) serves any region.
   */
  static Region organizationsRegion(AwsTarget target) {
    if (target.endpoint().isPresent()) {
      return Region.of(target.region());
    }
    if (target.region().startsWith("cn-")) {
      return Region.CN_NORTHWEST_1;
    }
    return target.region().startsWith("us-gov-") ? Region.US_GOV_WEST_1 : Region.US_EAST_1;
  }

  private S3Client s3(AwsTarget target, Region region) {
    var s3 =
        S3Client.builder()
            .region(region)
            .httpClient(httpClient)
            .credentialsProvider(credentialsFor(target, region))
            .overrideConfiguration(pacedOverrides(target));
    target.endpoint().ifPresent(endpoint -> s3.endpointOverride(endpoint).forcePathStyle(true));
    return s3.build();
  }

  private S3ControlClient s3Control(AwsTarget target, Region region) {
    var s3Control =
        S3ControlClient.builder()
            .region(region)
            .httpClient(httpClient)
            .credentialsProvider(credentialsFor(target, region))
            .overrideConfiguration(pacedOverrides(target));
    target
        .endpoint()
        .ifPresent(endpoint -> s3Control.endpointProvider(new S3ControlFixedEndpoint(endpoint)));
    return s3Control.build();
  }

  private StsClient sts(AwsTarget target, Region region) {
    var sts =
        StsClient.builder()
            .region(region)
            .httpClient(httpClient)
            .credentialsProvider(credentialsFor(target, region))
            .overrideConfiguration(overrides());
    target.endpoint().ifPresent(sts::endpointOverride);
    return sts.build();
  }

  private CloudTrailClient cloudTrail(AwsTarget target, Region region) {
    var cloudTrail =
        CloudTrailClient.builder()
            .region(region)
            .httpClient(httpClient)
            .credentialsProvider(credentialsFor(target, region))
            .overrideConfiguration(overrides());
    target.endpoint().ifPresent(cloudTrail::endpointOverride);
    return cloudTrail.build();
  }

  private AwsJsonClient jsonClient(
      String serviceName,
      String signingName,
      Region region,
      AwsTarget target,
      AwsCredentialsProvider credentials) {
    return new AwsJsonClient(
        serviceName,
        signingName,
        region,
        target.endpoint(),
        httpClient,
        credentials,
        interceptors,
        maxAttempts);
  }

  /** The overrides of the clients that write to S3: their writes wait for the account's pacer. */
  private ClientOverrideConfiguration pacedOverrides(AwsTarget target) {
    ClientOverrideConfiguration overrides = overrides();
    return pacer.paces()
        ? overrides.toBuilder()
            .addExecutionInterceptor(new PacedWrites(pacer, accountKey(target)))
            .build()
        : overrides;
  }

  /** Writes are paced per endpoint and account (or role, when the account is not named). */
  static String accountKey(AwsTarget target) {
    return target.endpoint().map(Object::toString).orElse("aws")
        + "/"
        + target.accountId().or(target::roleArn).orElse("default");
  }

  /** One credentials provider per region, role, external id and endpoint, shared by clients. */
  private AwsCredentialsProvider credentialsFor(AwsTarget target, Region region) {
    if (target.roleArn().isEmpty()) {
      return baseCredentials;
    }
    AwsTarget key =
        new AwsTarget(
            target.region(),
            Optional.empty(),
            target.roleArn(),
            target.externalId(),
            target.endpoint());
    return credentials.computeIfAbsent(key, k -> assumeRole(k, region));
  }

  private AwsCredentialsProvider assumeRole(AwsTarget target, Region region) {
    var sts =
        StsClient.builder()
            .region(region)
            .httpClient(httpClient)
            .credentialsProvider(baseCredentials)
            .overrideConfiguration(overrides());
    target.endpoint().ifPresent(sts::endpointOverride);
    StsAssumeRoleCredentialsProvider provider =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts.build())
            .refreshRequest(
                request -> {
                  request
                      .roleArn(target.roleArn().get())
                      .roleSessionName(AwsTarget.ROLE_SESSION_NAME);
                  target.externalId().ifPresent(request::externalId);
                })
            .build();
    AssumedRoleCredentials credentials =
        new AssumedRoleCredentials(provider, target.roleArn().get(), Clock.systemUTC());
    assumedRoleProviders.add(credentials);
    return credentials;
  }

  private ClientOverrideConfiguration overrides() {
    return ClientOverrideConfiguration.builder()
        .executionInterceptors(interceptors)
        .retryStrategy(RetryMode.STANDARD)
        .retryStrategy(builder -> builder.maxAttempts(maxAttempts))
        .apiCallAttemptTimeout(timeouts.attempt())
        .apiCallTimeout(timeouts.call())
        .build();
  }

  @Override
  public void close() {
    clients.values().forEach(AwsClients::close);
    clients.clear();
    sqsClients.values().forEach(SqsClient::close);
    sqsClients.clear();
    for (AutoCloseable provider : assumedRoleProviders) {
      try {
        provider.close();
      } catch (Exception e) {
        // closing on shutdown: nothing useful to do with a failure here
      }
    }
    httpClient.close();
    baseCredentials.close();
  }
}
