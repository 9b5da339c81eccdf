package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.ObjectLockSpec;
import io.s3posture.aws.ObjectLockState;
import io.s3posture.aws.S3Gateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Object lock enabled, with a default retention when the policy names one. Object lock cannot be
 * disabled once on, and enabling it on an existing bucket needs versioning Enabled first.
 */
public final class ObjectLockControl
    implements Control<ObjectLockControl.Requirement, ObjectLockState> {

  /** Object lock on; {@code retention}: the default retention, empty = not managed. */
  public record Requirement(Optional<ObjectLockState.Retention> retention) {}

  @Override
  public ControlName name() {
    return ControlName.OBJECT_LOCK;
  }

  @Override
  public Optional<Requirement> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.objectLock())
        .map(
            lock ->
                new Requirement(
                    Optional.ofNullable(lock.defaultRetention())
                        .map(ObjectLockControl::retention)));
  }

  private static ObjectLockState.Retention retention(ObjectLockSpec.DefaultRetention spec) {
    return ObjectLockState.Retention.of(spec.mode().awsName(), spec.days(), spec.years());
  }

  @Override
  public Set<ControlName> dependsOn() {
    return Set.of(ControlName.VERSIONING);
  }

  @Override
  public ObjectLockState observe(S3Gateway gateway, String bucket) {
    return gateway.objectLock(bucket);
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
  public void remediate(
      S3Gateway gateway, String bucket, Requirement required, ObjectLockState observed) {
    Optional<ObjectLockState.Retention> retention =
        required.retention().isPresent() ? required.retention() : observed.defaultRetention();
    gateway.putObjectLock(bucket, new ObjectLockState(true, retention));
  }
}
