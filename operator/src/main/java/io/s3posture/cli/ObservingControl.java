package io.s3posture.cli;

import io.s3posture.control.BucketSubject;
import io.s3posture.control.Control;
import io.s3posture.control.ControlInfo;
import io.s3posture.control.ControlName;
import io.s3posture.control.Drift;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.Write;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A control that remembers what it read, so that a passing check can say what it found (e.g. the
 * KMS key) without a second request. One instance per bucket check; delegates everything else.
 */
final class ObservingControl<D, O> implements Control<BucketSubject, D, O> {

  private final Control<BucketSubject, D, O> delegate;
  private final Map<ControlName, Object> observed;

  private ObservingControl(
      Control<BucketSubject, D, O> delegate, Map<ControlName, Object> observed) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.observed = Objects.requireNonNull(observed, "observed");
  }

  /** {@code managed} with its reads recorded into {@code observed} by control name. */
  static <D, O> ManagedControl<BucketSubject, D, O> recording(
      ManagedControl<BucketSubject, D, O> managed, Map<ControlName, Object> observed) {
    return new ManagedControl<>(
        new ObservingControl<>(managed.control(), observed), managed.desired(), managed.mode());
  }

  @Override
  public ControlInfo info() {
    return delegate.info();
  }

  @Override
  public O observe(BucketSubject subject) {
    O value = delegate.observe(subject);
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
  public List<Write<BucketSubject>> plan(BucketSubject subject, D desired, O observedValue) {
    return delegate.plan(subject, desired, observedValue);
  }

  @Override
  public Optional<D> combine(D a, D b) {
    return delegate.combine(a, b);
  }
}
