package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlSpec;
import io.s3posture.api.v1alpha1.ControlsSpec;
import java.util.function.Function;

/**
 * The controls, in the order AWS needs them remediated: ACLs before ownership, public access block,
 * encryption, versioning before object lock and replication, then the bucket policy, logging and
 * website. The engine runs a bucket's controls in this order.
 */
public enum ControlName {
  NO_PUBLIC_ACL("noPublicAcl", ControlsSpec::noPublicAcl),
  ACLS_DISABLED("aclsDisabled", ControlsSpec::aclsDisabled),
  PUBLIC_ACCESS_BLOCK("publicAccessBlock", ControlsSpec::publicAccessBlock),
  ENCRYPTION("encryption", ControlsSpec::encryption),
  VERSIONING("versioning", ControlsSpec::versioning),
  OBJECT_LOCK("objectLock", ControlsSpec::objectLock),
  REPLICATION("replication", ControlsSpec::replication),
  TLS_ONLY("tlsOnly", ControlsSpec::tlsOnly),
  NO_PUBLIC_POLICY("noPublicPolicy", ControlsSpec::noPublicPolicy),
  ACCESS_LOGGING("accessLogging", ControlsSpec::accessLogging),
  WEBSITE_DISABLED("websiteDisabled", ControlsSpec::websiteDisabled);

  private final String specName;
  private final Function<ControlsSpec, ? extends ControlSpec> settings;

  ControlName(String specName, Function<ControlsSpec, ? extends ControlSpec> settings) {
    this.specName = specName;
    this.settings = settings;
  }

  /** The name as in spec.controls, status, events and metric labels. */
  public String specName() {
    return specName;
  }

  /** This control's settings in a policy, or null when the policy does not manage it. */
  public ControlSpec settingsIn(ControlsSpec controls) {
    return controls == null ? null : settings.apply(controls);
  }

  /** The control with this spec name, if any. */
  public static java.util.Optional<ControlName> fromSpecName(String specName) {
    return java.util.Arrays.stream(values()).filter(c -> c.specName.equals(specName)).findFirst();
  }

  @Override
  public String toString() {
    return specName;
  }
}
