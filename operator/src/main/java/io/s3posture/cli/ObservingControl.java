package io.s3posture.cli;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.S3Gateway;
import io.s3posture.control.Control;
import io.s3posture.control.ControlName;
import io.s3posture.control.Drift;
import io.s3posture.control.ManagedControl;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A control that remembers what it read, so that a passing check can say what it found (e.g. the
 * KMS key) without a second request. One instance per bucket check; delegates everything else.
 */
final class ObservingControl<D, O> implements Control<D, O> {

  private final Control<D, O> delegate;
  private final Map<ControlName, Object> observed;

  private ObservingControl(Control<D, O> delegate, Map<ControlName, Object> observed) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.observed = Objects.requireNonNull(observed, "observed");
  }

  /** {@code managed} with its reads recorded into {@code observed} by control name. */
  static <D, O> ManagedControl<D, O> recording(
      ManagedControl<D, O> managed, Map<ControlName, Object> observed) {
    return new ManagedControl<>(
        new ObservingControl<>(managed.control(), observed), managed.desired(), managed.mode());
  }

  @Override
  public ControlName name() {
    return delegate.name();
  }

  @Override
  public Optional<D> desired(ControlsSpec controls) {
    return delegate.desired(controls);
  }

  @Override
  public O observe(S3Gateway gateway, String bucket) {
    O value = delegate.observe(gateway, bucket);
    if (value != null) {
      observed.put(delegate.name(), value);
    }
    return value;
  }

  @Override
  public Drift diff(D desired, O observedValue) {
    return delegate.diff(desired, observedValue);
  }

  @Override
  public void remediate(S3Gateway gateway, String bucket, D desired, O observedValue) {
    delegate.remediate(gateway, bucket, desired, observedValue);
  }

  @Override
  public Set<ControlName> dependsOn() {
    return delegate.dependsOn();
  }

  @Override
  public boolean compatible(D a, D b) {
    return delegate.compatible(a, b);
  }
}
