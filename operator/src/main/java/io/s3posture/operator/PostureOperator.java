package io.s3posture.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsGateways;
import io.s3posture.aws.WritePacer;
import io.s3posture.changes.SqsChangeEventSource;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ReadBackVerifier;
import io.s3posture.control.TargetCheck;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventRateLimiter;
import io.s3posture.fleet.BucketChecker;
import io.s3posture.fleet.BucketInventory;
import io.s3posture.fleet.BucketRetries;
import io.s3posture.fleet.BucketWorkQueue;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.metrics.AwsCallMetrics;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.reconciler.AccountPolicyReconciler;
import io.s3posture.reconciler.BucketPolicyReconciler;
import io.s3posture.reconciler.FleetReporter;
import io.s3posture.reconciler.ForgetDeletedPolicies;
import io.s3posture.reconciler.PlanConfigMaps;
import io.s3posture.reconciler.ResyncSchedule;
import io.s3posture.reconciler.StatusRefresh;
import io.s3posture.reports.PolicyReports;
import io.s3posture.status.AccountPolicyStatusFactory;
import io.s3posture.status.BucketPolicyStatusFactory;
import io.s3posture.status.ConditionFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the operator together: the one place that knows every component. */
public final class PostureOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostureOperator.class);

  private final Operator operator;
  private final AwsClientFactory awsClients;
  private final BucketWorkQueue queue;
  private final BucketRetries retries;
  private final StatusRefresh refresh;
  private final ForgetDeletedPolicies forgetter;
  private final AtomicBoolean leading;
  private final Optional<SqsChangeEventSource> changeEvents;
  private final PolicyReports reports;

  public PostureOperator(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry, Clock clock) {
    this.leading = new AtomicBoolean(!config.leaderElection());
    this.awsClients =
        new AwsClientFactory(
            List.of(new AwsCallMetrics(registry)),
            config.awsMaxAttempts(),
            Optional.empty(),
            WritePacer.perSecond(config.accountWritesPerSecond()));
    AwsGateways gateways = new AwsGateways(awsClients, config.defaultEndpoint());
    ControlCatalog catalog = ControlCatalog.standard();
    this.changeEvents = changeEvents(config, registry, clock);
    ConditionFactory conditions = new ConditionFactory(clock);
    PostureMetrics metrics = new PostureMetrics(registry, config.metricsBucketLabel(), clock);
    EventRateLimiter limiter = EventRateLimiter.standard(clock);
    EventPublisher events = new EventPublisher(client, limiter, clock);
    ResyncSchedule schedule = new ResyncSchedule(() -> ThreadLocalRandom.current().nextDouble());
    TargetCheck engine = new TargetCheck(ReadBackVerifier.standard(), catalog.bucketRunOrder());
    PolicyIndex index = new PolicyIndex();
    this.refresh = new StatusRefresh();
    AtomicReference<BucketWorkQueue> queueRef = new AtomicReference<>();
    this.retries =
        new BucketRetries(Duration.ofMinutes(10), request -> queueRef.get().submit(request));
    BucketChecker checker =
        new BucketChecker(
            index,
            gateways::bucketGateway,
            target -> Optional.empty(),
            engine,
            new FleetReporter(events, metrics, refresh),
            retries,
            clock);
    this.queue =
        new BucketWorkQueue(
            checker,
            config.bucketConcurrency(),
            config.accountConcurrency(),
            config.queueCapacity());
    queueRef.set(queue);
    this.forgetter = new ForgetDeletedPolicies(index, queue, metrics, schedule, limiter);
    this.reports =
        config.reports()
            ? PolicyReports.openReports(client, config.reportsCrdRecheck(), clock)
            : PolicyReports.OFF;
    forgetter.onForget(reports::forget);
    BucketPolicyReconciler bucketPolicies =
        new BucketPolicyReconciler(
            gateways,
            catalog,
            index,
            new BucketInventory(gateways::bucketGateway, clock),
            queue,
            new BucketPolicyStatusFactory(conditions),
            events,
            metrics,
            schedule,
            refresh,
            forgetter,
            new PlanConfigMaps(client),
            config.maxExemption(),
            reports,
            clock);
    AccountPolicyReconciler accountPolicies =
        new AccountPolicyReconciler(
            gateways,
            catalog,
            new TargetCheck(ReadBackVerifier.standard(), catalog.accountRunOrder()),
            new AccountPolicyStatusFactory(conditions),
            events,
            metrics,
            schedule,
            forgetter,
            clock);
    this.operator = new Operator(overrider -> configure(overrider, client, config, registry));
    operator.register(
        bucketPolicies,
        controller -> {
          if (!config.watchNamespaces().isEmpty()) {
            controller.settingNamespaces(config.watchNamespaces());
          }
        });
    if (config.accountPolicies()) {
      operator.register(accountPolicies);
    }
  }

  /**
   * The change-event source when queues are configured: constructed (its configuration checked, its
   * gauges registered) but not started. The engine starts it, on the leader, with its sink.
   */
  private Optional<SqsChangeEventSource> changeEvents(
      OperatorConfig config, MeterRegistry registry, Clock clock) {
    if (config.eventQueues().isEmpty()) {
      return Optional.empty();
    }
    LOG.warn(
        "{} change-event queues configured; events are not consumed yet (no per-bucket check path"
            + " to hand them to), the periodic resync finds drift",
        config.eventQueues().size());
    return Optional.of(
        SqsChangeEventSource.create(config.eventQueues(), awsClients, registry, clock));
  }

  /** The change-event source, when {@code S3POSTURE_EVENT_QUEUES} names queues. */
  public Optional<SqsChangeEventSource> changeEvents() {
    return changeEvents;
  }

  private void configure(
      ConfigurationServiceOverrider overrider,
      KubernetesClient client,
      OperatorConfig config,
      MeterRegistry registry) {
    overrider
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .checkingCRDAndValidateLocalModel(false)
        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
        .withReconciliationTerminationTimeout(Duration.ofSeconds(30));
    if (config.leaderElection()) {
      String identity =
          System.getenv().getOrDefault("POD_NAME", "s3-posture-operator-" + UUID.randomUUID());
      overrider.withLeaderElectionConfiguration(
          new LeaderElectionConfiguration(
              OperatorConfig.LEASE_NAME,
              config.leaseNamespace(),
              LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
              LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
              LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
              identity,
              new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), leader -> {}),
              true));
    }
  }

  public PostureOperator start() {
    operator.start();
    return this;
  }

  /** Live as long as the operator runs (a stopped leader exits the process). */
  public boolean isLive() {
    return operator.getRuntimeInfo().isStarted();
  }

  /** Ready once started and, on the leader, every informer is synced and healthy. */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted()
        && (!leading.get() || operator.getRuntimeInfo().allEventSourcesAreHealthy());
  }

  public boolean isLeader() {
    return leading.get();
  }

  @Override
  public void close() {
    changeEvents.ifPresent(SqsChangeEventSource::close);
    operator.stop();
    forgetter.close();
    reports.close();
    refresh.close();
    retries.close();
    queue.close();
    awsClients.close();
  }
}
