package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.Mode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every control the operator knows, and which of them a policy manages. */
public final class ControlCatalog {

  private final List<Control<?, ?>> controls;

  public ControlCatalog(List<Control<?, ?>> controls) {
    this.controls = controls.stream().sorted(Comparator.comparing(Control::name)).toList();
  }

  public static ControlCatalog standard() {
    return new ControlCatalog(
        List.of(
            new NoPublicAclControl(),
            new AclsDisabledControl(),
            new PublicAccessBlockControl(),
            new EncryptionControl(),
            new VersioningControl(),
            new ObjectLockControl(),
            new ReplicationControl(),
            new TlsOnlyControl(),
            new NoPublicPolicyControl(),
            new AccessLoggingControl(),
            new WebsiteDisabledControl()));
  }

  public List<Control<?, ?>> all() {
    return controls;
  }

  /** The controls {@code spec} manages, in remediation order, each with its effective mode. */
  public List<ManagedControl<?, ?>> managedBy(ControlsSpec spec, Mode policyMode) {
    List<ManagedControl<?, ?>> managed = new ArrayList<>();
    for (Control<?, ?> control : controls) {
      managed(control, spec, policyMode, managed);
    }
    return managed;
  }

  private static <D, O> void managed(
      Control<D, O> control, ControlsSpec spec, Mode policyMode, List<ManagedControl<?, ?>> into) {
    control
        .desired(spec)
        .ifPresent(
            desired -> {
              ControlSpec settings = control.name().settingsIn(spec);
              Mode mode =
                  settings != null && settings.mode() != null ? settings.mode() : policyMode;
              into.add(new ManagedControl<>(control, desired, mode));
            });
  }
}
