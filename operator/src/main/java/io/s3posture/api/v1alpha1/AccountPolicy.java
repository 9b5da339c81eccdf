package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Account-level S3 settings (Block Public Access through S3 Control) an AWS account must keep.
 * Cluster-scoped: an account is not a namespace's business.
 */
@JsonClassDescription(
    "AccountPolicy declares the account-level S3 settings an AWS account must keep (Block Public"
        + " Access through S3 Control). Cluster-scoped. The operator checks the account"
        + " continuously and corrects drift (mode Enforce) or only reports it (mode Audit).")
@Group(BucketPolicy.GROUP)
@Version(BucketPolicy.VERSION)
@Kind("AccountPolicy")
@Plural("accountpolicies")
@Singular("accountpolicy")
@ShortNames({"s3ap"})
@Categories({"s3posture"})
@AdditionalPrinterColumn(
    name = "Account",
    jsonPath = ".spec.aws.accountId",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Members",
    jsonPath = ".status.organization.accounts",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
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
    name = "Region",
    jsonPath = ".spec.aws.region",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Failed Members",
    jsonPath = ".status.organization.failed",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
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
public class AccountPolicy extends CustomResource<AccountPolicySpec, AccountPolicyStatus> {}
