package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The security posture a set of S3 buckets must keep. The operator observes each governed bucket,
 * reports drift from the declared controls and, in Enforce mode, corrects it. Deleting a
 * BucketPolicy leaves the buckets exactly as they are.
 */
@JsonClassDescription(
    "BucketPolicy declares the security posture a set of S3 buckets must keep (Block Public Access,"
        + " encryption, versioning, TLS-only, ...). The operator checks the buckets continuously,"
        + " corrects drift (mode Enforce) or only reports it (mode Audit), and reports the result"
        + " here, as events and as metrics. Deleting it leaves the buckets as they are.")
@Group(BucketPolicy.GROUP)
@Version(BucketPolicy.VERSION)
@Kind("BucketPolicy")
@Plural("bucketpolicies")
@Singular("bucketpolicy")
@ShortNames({"s3bp"})
@Categories({"s3posture"})
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Buckets",
    jsonPath = ".status.buckets.governed",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Compliant",
    jsonPath = ".status.buckets.compliant",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Drifted",
    jsonPath = ".status.buckets.drifted",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Synced",
    jsonPath = ".status.conditions[?(@.type==\"Synced\")].status",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Last Check",
    jsonPath = ".status.lastCheckTime",
    type = AdditionalPrinterColumn.Type.DATE,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class BucketPolicy extends CustomResource<BucketPolicySpec, BucketPolicyStatus>
    implements Namespaced {

  public static final String GROUP = "s3posture.io";
  public static final String VERSION = "v1alpha1";

  /** Changing this annotation's value requests an immediate check. */
  public static final String CHECK_NOW_ANNOTATION = GROUP + "/check-now";

  /** Changing this annotation's value resumes enforcement paused by a guard rail. */
  public static final String RESUME_ANNOTATION = GROUP + "/resume-enforcement";

  /** Set to status.plan.hash to approve exactly that plan (spec.enforcement.approval: Manual). */
  public static final String APPROVE_PLAN_ANNOTATION = GROUP + "/approve-plan";
}
