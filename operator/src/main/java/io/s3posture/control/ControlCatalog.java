package io.s3posture.control;

import io.s3posture.api.v1alpha1.AccountPolicySpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.Mode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every control the operator knows, in the order they run. The order is derived once, here, from
 * what each control declares ({@link ControlInfo#dependsOn()} and {@link ControlInfo#runsAfter()});
 * ties keep the order of registration. Unknown names and cycles fail at start-up.
 */
public final class ControlCatalog {

  private final List<BucketControl<?, ?>> bucketControls;
  private final List<AccountControl<?, ?>> accountControls;
  private final Map<ControlName, Integer> bucketOrder;
  private final Map<ControlName, Integer> accountOrder;

  public ControlCatalog(
      List<BucketControl<?, ?>> bucketControls, List<AccountControl<?, ?>> accountControls) {
    this.bucketControls = sorted(bucketControls);
    this.accountControls = sorted(accountControls);
    this.bucketOrder = positions(this.bucketControls);
    this.accountOrder = positions(this.accountControls);
  }

  /** The registration of every control: adding one means adding it here (a test checks). */
  public static ControlCatalog standard() {
    return new ControlCatalog(
        List.<BucketControl<?, ?>>of(
            new NoPublicAclControl(),
            new AclsDisabledControl(),
            new PublicAccessBlockControl(),
            new EncryptionControl(),
            new BlockSseCControl(),
            new VersioningControl(),
            new ObjectLockControl(),
            new ReplicationControl(),
            new LifecycleRetentionControl(),
            new TlsOnlyControl(),
            new DenyUnapprovedKmsKeysControl(),
            new VpcEndpointOnlyControl(),
            new NoPublicPolicyControl(),
            new NoExternalAccessControl(),
            new NoPublicAccessPointsControl(),
            new AccessLoggingControl(),
            new WebsiteDisabledControl()),
        List.<AccountControl<?, ?>>of(
            new AccountPublicAccessBlockControl(),
            new AccountNoPublicAccessPointsControl(),
            new CloudTrailDataEventsControl(),
            new ConfigRecorderControl(),
            new GuardDutyS3ProtectionControl(),
            new MacieControl()));
  }

  /** Bucket controls in the order they run. */
  public List<BucketControl<?, ?>> bucketControls() {
    return bucketControls;
  }

  /** Account controls in the order they run. */
  public List<AccountControl<?, ?>> accountControls() {
    return accountControls;
  }

  public Optional<BucketControl<?, ?>> bucketControl(ControlName name) {
    return bucketControls.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Orders bucket control names as they run (unknown names last, by name). */
  public Comparator<ControlName> bucketRunOrder() {
    return Comparator.comparing((ControlName n) -> bucketOrder.getOrDefault(n, Integer.MAX_VALUE))
        .thenComparing(Comparator.naturalOrder());
  }

  /** Orders account control names as they run. */
  public Comparator<ControlName> accountRunOrder() {
    return Comparator.comparing((ControlName n) -> accountOrder.getOrDefault(n, Integer.MAX_VALUE))
        .thenComparing(Comparator.naturalOrder());
  }

  /** The controls {@code spec} manages, in run order, each with its effective mode. */
  public List<ManagedControl<BucketSubject, ?, ?>> managedBy(ControlsSpec spec, Mode policyMode) {
    List<ManagedControl<BucketSubject, ?, ?>> managed = new ArrayList<>();
    if (spec != null) {
      bucketControls.forEach(control -> addBucket(control, spec, policyMode, managed));
    }
    return managed;
  }

  /** The account controls {@code spec} manages, in run order, each with its effective mode. */
  public List<ManagedControl<AccountSubject, ?, ?>> managedBy(
      AccountPolicySpec spec, Mode policyMode) {
    List<ManagedControl<AccountSubject, ?, ?>> managed = new ArrayList<>();
    accountControls.forEach(control -> addAccount(control, spec, policyMode, managed));
    return managed;
  }

  /**
   * The bucket controls a CloudTrail event can have changed, with the controls that depend on them
   * (versioning suspended puts object lock and replication at risk too).
   */
  public Set<ControlName> bucketControlsChangedBy(String eventName) {
    Set<ControlName> changed = new LinkedHashSet<>();
    for (BucketControl<?, ?> control : bucketControls) {
      if (control.info().changedBy().contains(eventName)
          || control.info().dependsOn().stream().anyMatch(changed::contains)) {
        changed.add(control.name());
      }
    }
    return changed;
  }

  /** Every CloudTrail event name some bucket control is changed by. */
  public Set<String> bucketChangeEvents() {
    Set<String> events = new TreeSet<>();
    bucketControls.forEach(control -> events.addAll(control.info().changedBy()));
    return events;
  }

  /** Every CloudTrail event name some account control is changed by. */
  public Set<String> accountChangeEvents() {
    Set<String> events = new TreeSet<>();
    accountControls.forEach(control -> events.addAll(control.info().changedBy()));
    return events;
  }

  private static <D, O> void addBucket(
      BucketControl<D, O> control,
      ControlsSpec spec,
      Mode policyMode,
      List<ManagedControl<BucketSubject, ?, ?>> into) {
    control
        .declared(spec)
        .ifPresent(
            d -> into.add(new ManagedControl<>(control, d.desired(), d.mode().orElse(policyMode))));
  }

  private static <D, O> void addAccount(
      AccountControl<D, O> control,
      AccountPolicySpec spec,
      Mode policyMode,
      List<ManagedControl<AccountSubject, ?, ?>> into) {
    control
        .declared(spec)
        .ifPresent(
            d -> into.add(new ManagedControl<>(control, d.desired(), d.mode().orElse(policyMode))));
  }

  /** Kahn's algorithm; among the controls that may run next, the first registered goes first. */
  private static <C extends Control<?, ?, ?>> List<C> sorted(List<C> registered) {
    Map<ControlName, C> byName = new HashMap<>();
    for (C control : registered) {
      if (byName.put(control.name(), control) != null) {
        throw new IllegalStateException("control registered twice: " + control.name());
      }
    }
    Map<ControlName, Set<ControlName>> before = new HashMap<>();
    for (C control : registered) {
      Set<ControlName> first = new LinkedHashSet<>(control.info().dependsOn());
      first.addAll(control.info().runsAfter());
      for (ControlName name : first) {
        if (!byName.containsKey(name)) {
          throw new IllegalStateException(
              control.name() + " runs after " + name + ", which is not registered");
        }
      }
      before.put(control.name(), first);
    }
    List<C> order = new ArrayList<>();
    Set<ControlName> placed = new LinkedHashSet<>();
    while (order.size() < registered.size()) {
      Optional<C> next =
          registered.stream()
              .filter(c -> !placed.contains(c.name()))
              .filter(c -> placed.containsAll(before.get(c.name())))
              .findFirst();
      if (next.isEmpty()) {
        throw new IllegalStateException(
            "controls depend on each other in a cycle: "
                + registered.stream().map(Control::name).filter(n -> !placed.contains(n)).toList());
      }
      order.add(next.get());
      placed.add(next.get().name());
    }
    return List.copyOf(order);
  }

  private static Map<ControlName, Integer> positions(List<? extends Control<?, ?, ?>> controls) {
    Map<ControlName, Integer> positions = new HashMap<>();
    for (int i = 0; i < controls.size(); i++) {
      positions.put(controls.get(i).name(), i);
    }
    return Map.copyOf(positions);
  }
}
