package io.s3posture.api.v1alpha1;

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
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Compliant\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AccountPolicy extends CustomResource<AccountPolicySpec, AccountPolicyStatus> {}
