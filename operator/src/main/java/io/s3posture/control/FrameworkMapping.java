package io.s3posture.control;

import java.util.Objects;

/**
 * A check's counterpart in a common framework, for reports that auditors map to their controls.
 *
 * @param framework e.g. "CIS AWS Foundations Benchmark v3.0.0" or "AWS Security Hub"
 * @param id the framework's identifier, e.g. "2.1.4" or "S3.8"
 */
public record FrameworkMapping(String framework, String id) {

  public static final String CIS = "CIS AWS Foundations Benchmark v3.0.0";
  public static final String SECURITY_HUB = "AWS Security Hub";

  public FrameworkMapping {
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(id, "id");
  }

  public static FrameworkMapping cis(String id) {
    return new FrameworkMapping(CIS, id);
  }

  public static FrameworkMapping securityHub(String id) {
    return new FrameworkMapping(SECURITY_HUB, id);
  }

  /** A short tag for SARIF, e.g. "CIS-2.1.4" or "AWS-S3.8". */
  public String tag() {
    return (framework.equals(CIS) ? "CIS-" : "AWS-") + id;
  }
}
