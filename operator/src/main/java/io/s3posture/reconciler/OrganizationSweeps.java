package io.s3posture.reconciler;

import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.OrganizationAccount;
import io.s3posture.aws.OrganizationGateway;
import io.s3posture.concurrent.DaemonThreadFactory;
import io.s3posture.control.ManagedControl;
import io.s3posture.events.EventPublisher;
import io.s3posture.events.EventReason;
import io.s3posture.events.PostureEvent;
import io.s3posture.fleet.AccountBudgets;
import io.s3posture.fleet.GovernedAccount;
import io.s3posture.fleet.OrganizationMembers;
import io.s3posture.fleet.PolicyIndex;
import io.s3posture.fleet.PolicyLedger;
import io.s3posture.fleet.SubjectWorkQueue;
import io.s3posture.fleet.Trigger;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.status.SyncProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The sweeps of an AccountPolicy of an organization: list the organization's accounts on a thread
 * of its own (a reconcile never waits for AWS), then queue a check of each member, every member its
 * own subject with its own budget (a member whose role is refused is a finding of that account and
 * holds nobody up). Members that left are dropped from the ledger (so from status) and from the
 * metrics. A listing that fails keeps the members last listed, checks them, and is a problem shown
 * in Synced until a listing works again.
 */
public final class OrganizationSweeps implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OrganizationSweeps.class);

  /** Accounts named in a MembersChanged event, each way. */
  private static final int LISTED = 10;

  private final Function<AwsTarget, OrganizationGateway> organizations;
  private final SubjectWorkQueue queue;
  private final PolicyIndex index;
  private final ResyncSchedule schedule;
  private final EventPublisher events;
  private final PostureMetrics metrics;
  private final StatusRefresh refresh;
  private final Clock clock;
  private final ExecutorService listing =
      Executors.newFixedThreadPool(2, DaemonThreadFactory.named("organization-listing"));
  private final SweepProblems problems;
  private final Map<String, Object> underWay = new ConcurrentHashMap<>();

  public OrganizationSweeps(
      Function<AwsTarget, OrganizationGateway> organizations,
      SubjectWorkQueue queue,
      PolicyIndex index,
      ResyncSchedule schedule,
      EventPublisher events,
      PostureMetrics metrics,
      StatusRefresh refresh,
      Clock clock) {
    this.organizations = Objects.requireNonNull(organizations, "organizations");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.index = Objects.requireNonNull(index, "index");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.events = Objects.requireNonNull(events, "events");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.problems = new SweepProblems(events, metrics);
  }

  /** Whether the policy's members are being listed. */
  boolean listing(String uid) {
    return underWay.containsKey(uid);
  }

  /** Why the policy's organization cannot be listed, while it cannot. */
  Optional<SyncProblem> problem(String uid) {
    return problems.of(uid);
  }

  /** Lists the members and queues a check of each; a later start supersedes one under way. */
  void start(
      GovernedAccount governed,
      PolicyLedger ledger,
      ResyncSchedule.Version version,
      Trigger trigger) {
    String uid = governed.ref().uid();
    Object sweep = new Object();
    underWay.put(uid, sweep);
    Map<String, String> context = MDC.getCopyOfContextMap();
    try {
      listing.execute(
          () -> {
            MDC.setContextMap(context == null ? Map.of() : context);
            try {
              Optional<List<String>> members = list(governed, version);
              if (underWay.remove(uid, sweep)
                  && index.ledger(uid).filter(known -> known == ledger).isPresent()) {
                queue(governed, ledger, members.orElseGet(() -> lastKnown(ledger)), trigger);
              }
            } finally {
              MDC.clear();
              refresh.request(governed.ref(), Duration.ZERO);
            }
          });
    } catch (RejectedExecutionException shuttingDown) {
      underWay.remove(uid, sweep);
    }
  }

  /** The members to check now, or empty when the organization could not be listed. */
  private Optional<List<String>> list(GovernedAccount governed, ResyncSchedule.Version version) {
    OrganizationMembers members = governed.organization().orElseThrow();
    String uid = governed.ref().uid();
    try {
      OrganizationGateway organization = organizations.apply(governed.target());
      List<OrganizationAccount> accounts = organization.accounts();
      String management = members.includeManagement() ? "" : organization.managementAccountId();
      List<String> selected = members.select(accounts, management);
      schedule.succeeded(uid);
      problems.recovered(governed, "the organization is listed again");
      return Optional.of(selected);
    } catch (RuntimeException error) {
      failed(governed, version, error);
      return Optional.empty();
    }
  }

  private static List<String> lastKnown(PolicyLedger ledger) {
    return ledger.resolved() ? ledger.governed() : List.of();
  }

  /** Members that left are dropped; every member is queued for a check. */
  private void queue(
      GovernedAccount governed, PolicyLedger ledger, List<String> members, Trigger trigger) {
    if (!ledger.resolved() && members.isEmpty() && problem(governed.ref().uid()).isPresent()) {
      return; // never listed: nothing known to check
    }
    OrganizationMembers.Change change = OrganizationMembers.diff(ledger.governed(), members);
    if (ledger.resolved() && !change.isEmpty()) {
      String message = membersChanged(change);
      LOG.info("{}", message);
      events.publish(
          governed.resource(), List.of(new PostureEvent(EventReason.MembersChanged, message)));
    }
    ledger.startSweep(
        members,
        governed.controls().stream().map(ManagedControl::name).collect(Collectors.toSet()),
        clock.instant());
    metrics.retainAccounts(FleetReporter.key(governed), Set.copyOf(members));
    metrics.sweepStarted(FleetReporter.key(governed), ledger);
    for (String member : members) {
      queue.submit(
          new SubjectWorkQueue.Request(
              governed.member(member),
              governed.ref().uid(),
              false,
              Optional.empty(),
              trigger,
              AccountBudgets.keyOf(governed.targetOf(member))));
    }
    if (members.isEmpty()) {
      metrics.sweepCompleted(FleetReporter.key(governed), ledger);
    }
    LOG.debug("checks of {} member account(s) queued", members.size());
  }

  /** "organization members changed: 1 joined (…), 2 left (…, …)", at most ten accounts each. */
  static String membersChanged(OrganizationMembers.Change change) {
    List<String> parts = new ArrayList<>();
    if (!change.joined().isEmpty()) {
      parts.add(change.joined().size() + " joined (" + someOf(change.joined()) + ")");
    }
    if (!change.left().isEmpty()) {
      parts.add(change.left().size() + " left (" + someOf(change.left()) + ")");
    }
    return "organization members changed: " + String.join(", ", parts);
  }

  private static String someOf(Set<String> accounts) {
    List<String> sorted = accounts.stream().sorted().toList();
    String shown = String.join(", ", sorted.subList(0, Math.min(LISTED, sorted.size())));
    return sorted.size() > LISTED ? shown + ", …" : shown;
  }

  private void failed(
      GovernedAccount governed, ResyncSchedule.Version version, RuntimeException error) {
    schedule.failed(governed.ref().uid(), version, clock.instant(), governed.interval());
    problems.failed(
        governed,
        error,
        "the organization's accounts",
        "the organization's accounts could not be listed (the accounts last listed are checked): ");
  }

  void forget(String uid) {
    problems.forget(uid);
    underWay.remove(uid);
  }

  @Override
  public void close() {
    listing.shutdownNow();
  }
}
