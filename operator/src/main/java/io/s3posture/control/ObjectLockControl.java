package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.ObjectLockSpec;
import io.s3posture.aws.ObjectLockState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Object lock enabled, with a default retention when the policy names one. Object lock cannot be
 * disabled once on, and enabling it on an existing bucket needs versioning Enabled first.
 */
public final class ObjectLockControl
    implements BucketControl<ObjectLockControl.Requirement, ObjectLockState> {

  public static final ControlInfo INFO =
      ControlInfo.of("objectLock", "PutObjectLockConfiguration")
          .dependingOn(VersioningControl.INFO.name())
          .audited(
              CheckInfo.of(
                      "objectLock",
                      Severity.LOW,
                      "Object lock enabled",
                      "Object lock (WORM) keeps object versions from being deleted or overwritten.")
                  .mappedTo(FrameworkMapping.securityHub("S3.15"))
                  .mitigates(
                      AttackTechnique.DATA_DESTRUCTION,
                      AttackTechnique.LIFECYCLE_TRIGGERED_DELETION,
                      AttackTechnique.DATA_ENCRYPTED_FOR_IMPACT,
                      AttackTechnique.INHIBIT_SYSTEM_RECOVERY));

  /** Object lock on; {@code retention}: the default retention, empty = not managed. */
  public record Requirement(Optional<ObjectLockState.Retention> retention) {}

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Requirement>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.objectLock())
        .map(
            lock ->
                Declared.of(
                    new Requirement(
                        Optional.ofNullable(lock.defaultRetention())
                            .map(ObjectLockControl::retention)),
                    lock.mode()));
  }

  private static ObjectLockState.Retention retention(ObjectLockSpec.DefaultRetention spec) {
    return ObjectLockState.Retention.of(spec.mode().awsName(), spec.days(), spec.years());
  }

  @Override
  public ObjectLockState observe(BucketSubject subject) {
    return subject.s3().objectLock(subject.bucket());
  }

  @Override
  public Drift diff(Requirement required, ObjectLockState observed) {
    List<FieldDrift> fields = new ArrayList<>();
    if (!observed.enabled()) {
      fields.add(FieldDrift.put("objectLockEnabled", "Enabled", "Disabled"));
    }
    required
        .retention()
        .filter(wanted -> !observed.defaultRetention().equals(Optional.of(wanted)))
        .ifPresent(
            wanted ->
                fields.add(
                    FieldDrift.put(
                        "defaultRetention",
                        wanted,
                        observed.defaultRetention().map(Object::toString).orElse("none"))));
    return new Drift(fields);
  }

  /**
   * An unmanaged default retention that is already there is kept: the PUT replaces the whole
   * configuration.
   */
  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, Requirement required, ObjectLockState observed) {
    Optional<ObjectLockState.Retention> retention =
        required.retention().isPresent() ? required.retention() : observed.defaultRetention();
    ObjectLockState wanted = new ObjectLockState(true, retention);
    return List.of(
        Write.of(
            "PutObjectLockConfiguration",
            "object lock Enabled" + retention.map(r -> ", default retention " + r).orElse(""),
            s -> s.s3().putObjectLock(s.bucket(), wanted)));
  }

  /** One default retention at most: two different ones cannot both hold. */
  @Override
  public Optional<Requirement> combine(Requirement a, Requirement b) {
    if (a.retention().isEmpty()) {
      return Optional.of(b);
    }
    if (b.retention().isEmpty() || a.retention().equals(b.retention())) {
      return Optional.of(a);
    }
    return Optional.empty();
  }
}
