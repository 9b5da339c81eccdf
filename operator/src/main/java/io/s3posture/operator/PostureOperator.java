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
import io.s3posture.aws.OperatorPrincipals;
import io.s3posture.aws.WritePacer;
import io.s3posture.changes.SqsChangeEventSource;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ReadBackVerifier;
import io.s3posture.control.TargetCheck;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventRateLimiter;
import io.s3posture.events.KubernetesEventWriter;
import io.s3posture.fleet.BucketInventory;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.SubjectChecker;
import io.s3posture.fleet.SubjectRetries;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.metrics.AwsCallMetrics;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.reconciler.AccountPolicyReconciler;
import io.s3posture.reconciler.BucketPolicyReconciler;
import io.s3posture.reconciler.BucketSweeps;
import io.s3posture.reconciler.FleetReporter;
import io.s3posture.reconciler.ForgetDeletedPolicies;
import io.s3posture.reconciler.GuardrailsStep;
import io.s3posture.reconciler.OrganizationSweeps;
import io.s3posture.reconciler.PlanConfigMaps;
import io.s3posture.reconciler.PolicySpecs;
import io.s3posture.reconciler.ResyncSchedule;
import io.s3posture.reconciler.StatusRefresh;
import io.s3posture.reports.PolicyReports;
import io.s3posture.status.AccountPolicyStatusFactory;
import io.s3posture.status.BucketPolicyStatusFactory;
import io.s3posture.status.ConditionFactory;
import io.s3posture.status.OrganizationStatusFactory;
import io.s3posture.target.AwsTargets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the operator together: the one place that knows every component. */
public final class PostureOperator implements AutoCloseable {

  private final Operator operator;
  private final AwsClientFactory awsClients;
  private final SubjectWorkQueue queue;
  private final BucketInventory inventory;
  private final SubjectRetries retries;
  private final StatusRefresh refresh;
  private final ForgetDeletedPolicies forgetter;
  private static final Logger LOG = LoggerFactory.getLogger(PostureOperator.class);

  private final OrganizationSweeps organizations;
  private final AtomicBoolean leading;
  private final AtomicBoolean closing = new AtomicBoolean();
  private Optional<LeaseRelease> leaseRelease = Optional.empty();
  private final Optional<ChangeEvents> changeEvents;
  private final PolicyReports reports;

  public PostureOperator(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry, Clock clock) {
    this(client, config, registry, clock, Timings.STANDARD);
  }

  /** With other timeouts and retry delays (tests). */
  public PostureOperator(
      KubernetesClient client,
      OperatorConfig config,
      MeterRegistry registry,
      Clock clock,
      Timings timings) {
    this.leading = new AtomicBoolean(!config.leaderElection());
    this.awsClients =
        new AwsClientFactory(
            List.of(new AwsCallMetrics(registry)),
            config.awsMaxAttempts(),
            Optional.empty(),
            WritePacer.perSecond(config.accountWritesPerSecond()),
            timings.aws());
    AwsGateways gateways = new AwsGateways(awsClients);
    ControlCatalog catalog = ControlCatalog.standard();
    ConditionFactory conditions = new ConditionFactory(clock);
    PostureMetrics metrics = new PostureMetrics(registry, config.metricsBucketLabel(), clock);
    EventRateLimiter limiter = EventRateLimiter.standard(clock);
    EventPublisher events =
        new EventPublisher(new KubernetesEventWriter(client, clock), limiter, clock);
    ResyncSchedule schedule = new ResyncSchedule(() -> ThreadLocalRandom.current().nextDouble());
    TargetCheck engine = new TargetCheck(ReadBackVerifier.standard(), catalog.bucketRunOrder());
    PolicyIndex index = new PolicyIndex();
    this.inventory = new BucketInventory(gateways::bucketGateway, clock);
    this.refresh = new StatusRefresh();
    AtomicReference<SubjectWorkQueue> queueRef = new AtomicReference<>();
    this.retries =
        new SubjectRetries(
            timings.retryFirst(),
            timings.retryMax(),
            request -> queueRef.get().submit(request),
            registry);
    SubjectChecker checker =
        new SubjectChecker(
            index,
            new AwsSubjects(gateways, new OperatorPrincipals(awsClients)),
            engine,
            new TargetCheck(ReadBackVerifier.standard(), catalog.accountRunOrder()),
            new FleetReporter(events, metrics, refresh),
            retries,
            clock);
    this.queue =
        new SubjectWorkQueue(
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
    this.changeEvents =
        config.eventQueues().isEmpty()
            ? Optional.empty()
            : Optional.of(
                new ChangeEvents(
                    config.eventQueues(),
                    awsClients,
                    registry,
                    clock,
                    catalog,
                    index,
                    inventory,
                    queue,
                    refresh));
    Supplier<Optional<String>> eventsNote = () -> changeEvents.flatMap(ChangeEvents::note);
    PolicySpecs specs =
        new PolicySpecs(
            new AwsTargets(config.defaultEndpoint()), catalog, clock, config.maxExemption());
    BucketPolicyReconciler bucketPolicies =
        new BucketPolicyReconciler(
            specs,
            index,
            new BucketSweeps(inventory, queue, index, schedule, events, metrics, refresh, clock),
            new GuardrailsStep(queue, events, metrics, new PlanConfigMaps(client), clock),
            new BucketPolicyStatusFactory(conditions, eventsNote),
            events,
            metrics,
            reports,
            refresh,
            forgetter,
            clock);
    this.organizations =
        new OrganizationSweeps(
            gateways::organizationGateway, queue, index, schedule, events, metrics, refresh, clock);
    AccountPolicyReconciler accountPolicies =
        new AccountPolicyReconciler(
            specs,
            index,
            queue,
            new AccountPolicyStatusFactory(conditions, eventsNote),
            organizations,
            new OrganizationStatusFactory(conditions, eventsNote),
            events,
            metrics,
            schedule,
            refresh,
            forgetter,
            clock);
    this.operator = new Operator(overrider -> configure(overrider, client, config, registry));
    operator.register(
        bucketPolicies,
        controller -> {
          if (!config.watchNamespaces().isEmpty()) {
            controller.settingNamespaces(config.watchNamespaces());
          }
          config.shard().labelSelector().ifPresent(controller::withLabelSelector);
        });
    if (config.accountPolicies()) {
      operator.register(
          accountPolicies,
          controller -> config.shard().labelSelector().ifPresent(controller::withLabelSelector));
    }
  }

  /**
   * The change-event source, once it receives: {@code S3POSTURE_EVENT_QUEUES} names queues and this
   * replica leads (or runs without leader election) and has started.
   */
  public Optional<SqsChangeEventSource> changeEvents() {
    return changeEvents.flatMap(ChangeEvents::source);
  }

  /** Change events are consumed only where the operator leads: a follower would lose them. */
  /**
   * Leadership lost while running (the Lease renewal failed): the process exits and its pod
   * restarts as a follower. Not while closing: java-operator-sdk's own exit-on-stop-leading would
   * call System.exit from the shutdown hook, which blocks until the kubelet kills the pod, and the
   * Lease would not be handed back.
   */
  private void stoppedLeading() {
    leading.set(false);
    if (!closing.get()) {
      LOG.warn("lost the leader Lease: exiting, to restart as a follower");
      // not on the elector's thread: the shutdown hook stops the elector and waits for it
      Thread exit = new Thread(() -> System.exit(1), "exit-on-lost-lease");
      exit.start();
    }
  }

  private void startLeading() {
    leading.set(true);
    changeEvents.ifPresent(ChangeEvents::start);
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
      leaseRelease =
          Optional.of(
              new LeaseRelease(
                  client,
                  config.leaseNamespace() != null ? config.leaseNamespace() : client.getNamespace(),
                  config.leaseName(),
                  identity));
      overrider.withLeaderElectionConfiguration(
          new LeaderElectionConfiguration(
              config.leaseName(),
              config.leaseNamespace(),
              LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
              LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
              LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
              identity,
              new LeaderCallbacks(this::startLeading, this::stoppedLeading, leader -> {}),
              false));
    }
  }

  public PostureOperator start() {
    operator.start();
    if (leading.get()) {
      changeEvents.ifPresent(ChangeEvents::start); // no leader election: this replica leads
    }
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
    closing.set(true);
    changeEvents.ifPresent(ChangeEvents::stopReceiving);
    operator.stop();
    leaseRelease.ifPresent(LeaseRelease::release);
    // after the Lease is handed back: waits for the long polls in flight and returns what they
    // took, so the next leader receives it at once
    changeEvents.ifPresent(ChangeEvents::close);
    forgetter.close();
    organizations.close();
    reports.close();
    refresh.close();
    retries.close();
    queue.close();
    inventory.close();
    awsClients.close();
  }
}
